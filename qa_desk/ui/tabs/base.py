"""What the complaint-window tabs share: the session, the complaint, and one way to run a core call that
either succeeds (the window reloads) or shows the refusal on the tab."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QLabel, QVBoxLayout, QWidget

from qa_desk.core import actions, complaints
from qa_desk.core.actions import Act
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.widgets import error_label, error_text


def ask_reason(parent: QWidget, exc: DomainError) -> str | None:
    """The core asked for a reason (a saved value changes): ask for it, naming the fields; None = cancel."""
    fields = "; ".join(p.text(language()) for p in exc.problems)
    text, ok = QInputDialog.getMultiLineText(parent, tr("Reason for the change"),
                                             tr("Saved values change ({fields}). Why? (audited)").format(fields=fields))
    return text.strip() if ok and text.strip() else None


class Tab(QWidget):
    def __init__(self, session: Session, complaint_id: int, changed: Callable[[], None],
                 acts: frozenset[Act] | None = None) -> None:
        super().__init__()
        self.session = session
        self.cid = complaint_id
        self.changed = changed
        # what the core offers this user on this complaint now: the only thing that decides buttons here
        self.acts = actions.available(session, complaints.get(session.db, complaint_id)) if acts is None else acts
        self.layout_ = QVBoxLayout(self)
        self.errors = error_label(f"errors_{type(self).__name__}")

    def may(self, act: Act) -> bool:
        return act in self.acts

    @property
    def complaint(self) -> dict:
        """The complaint as this reader may see it (personal data masked for a non-QA reader)."""
        return complaints.read(self.session, self.cid)

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

    def run_reasoned(self, call: Callable[[str | None], object]) -> bool:
        """A save that may correct saved values: try without a reason; when the core asks for one, ask the
        user and try again with it (cancel saves nothing)."""
        try:
            call(None)
        except DomainError as exc:
            if exc.code != "reason_required":
                self.errors.setText(error_text(exc))
                return False
            reason = ask_reason(self, exc)
            if reason is None:
                self.errors.setText(error_text(exc))
                return False
            return self.run(lambda: call(reason))
        self.errors.setText("")
        self.changed()
        return True

    def heading(self, text: str) -> QLabel:
        label = QLabel(f"<b>{text}</b>")
        self.layout_.addWidget(label)
        return label
