"""What the complaint-window tabs share: the session, the complaint, and one way to run a core call that
either succeeds (the window reloads) or shows the refusal on the tab."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from qa_desk.core import complaints
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui.widgets import error_label, error_text


class Tab(QWidget):
    def __init__(self, session: Session, complaint_id: int, changed: Callable[[], None]) -> None:
        super().__init__()
        self.session = session
        self.cid = complaint_id
        self.changed = changed
        self.layout_ = QVBoxLayout(self)
        self.errors = error_label(f"errors_{type(self).__name__}")

    @property
    def complaint(self) -> dict:
        return complaints.get(self.session.db, self.cid)

    def run(self, call: Callable[[], object]) -> bool:
        """Run one core call; on refusal show why here and change nothing."""
        try:
            call()
        except DomainError as exc:
            self.errors.setText(error_text(exc))
            return False
        self.errors.setText("")
        self.changed()
        return True

    def heading(self, text: str) -> QLabel:
        label = QLabel(f"<b>{text}</b>")
        self.layout_.addWidget(label)
        return label
