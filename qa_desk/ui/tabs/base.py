"""What the complaint-window tabs share: the session, the complaint, one way to run a core call that either
succeeds (the window refreshes) or shows the refusal on the tab (each problem at the field the core names it
for, ``field_errors``; the rest under the button bar), and the tab's frame: its content scrolls
(a 1366×768 laptop shows about 450 px of it), its button bar and its messages stay below the scroll area,
always visible. A tab also knows whether the user typed something not saved yet (``dirty``), so the
window neither rebuilds it under the user nor closes over it without asking."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import actions, complaints
from qa_desk.core.actions import Act
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui.field_errors import FieldMarks, show_refusal
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.widgets import error_label, error_text


def ask_reason(parent: QWidget, exc: DomainError) -> str | None:
    """The core asked for a reason (a saved value changes): ask for it, naming the fields; None = cancel."""
    fields = "; ".join(p.text(language()) for p in exc.problems)
    text, ok = QInputDialog.getMultiLineText(parent, tr("Reason for the change"),
                                             tr("Saved values change ({fields}). Why? (audited)").format(fields=fields))
    return text.strip() if ok and text.strip() else None


def scrolled(body: QWidget, name: str = "scroll") -> QScrollArea:
    """The body in a frameless vertical scroll area that follows the tab's width."""
    scroll = QScrollArea()
    scroll.setObjectName(name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(body)
    return scroll


def value_of(w: QWidget):
    """What the user can change on one input widget (None for a widget that holds no input)."""
    if isinstance(w, QLineEdit):
        return w.text()
    if isinstance(w, QPlainTextEdit):
        return w.toPlainText()
    if isinstance(w, QComboBox):
        return w.currentIndex()
    if isinstance(w, QAbstractButton) and w.isCheckable():
        return w.isChecked()
    if isinstance(w, QDateTimeEdit):
        return w.dateTime().toString()
    if isinstance(w, QAbstractSpinBox):
        return w.text()
    return None


def set_value(w: QWidget, value) -> None:
    """Put back what value_of read (the typed work carried over a rebuild of the tab)."""
    if isinstance(w, QLineEdit):
        w.setText(value)
    elif isinstance(w, QPlainTextEdit):
        w.setPlainText(value)
    elif isinstance(w, QComboBox):
        w.setCurrentIndex(value)
    elif isinstance(w, QAbstractButton) and w.isCheckable():
        w.setChecked(value)


def snapshot(root: QWidget) -> dict[int, object]:
    """Every input's value under root, by widget identity: compared later to tell typed-but-unsaved work."""
    out = {}
    for w in root.findChildren(QWidget):
        v = value_of(w)
        if v is not None and not isinstance(w.parentWidget(), QAbstractSpinBox):  # a spin box's own line edit
            out[id(w)] = v
    return out


def is_dirty(root: QWidget, before: dict[int, object]) -> bool:
    return snapshot(root) != before


def fit_rows(table: QTableWidget, *, at_least: int = 2, at_most: int | None = None) -> None:
    """A table inside a scrolling tab: tall enough for its rows (the tab scrolls, not the table), within
    at_least..at_most rows (beyond at_most the table scrolls itself)."""
    rows = max(at_least, table.rowCount())
    capped = at_most is not None and rows > at_most
    rows = min(rows, at_most) if capped else rows
    height = table.horizontalHeader().sizeHint().height() + rows * table.verticalHeader().defaultSectionSize()
    height += table.horizontalScrollBar().sizeHint().height()  # room for it on a narrow window: no row hidden
    table.setFixedHeight(height + 2 * table.frameWidth() + 2)
    if not capped:  # every row is shown: no second scroll bar inside the tab's
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


class Tab(QWidget):
    # the named inputs whose typed value survives a save of another part of this tab (the medical details
    # while the checklist saves): a tab with several saves lists their name prefixes
    CARRY: tuple[str, ...] = ()

    def __init__(self, session: Session, complaint_id: int, changed: Callable[[], None],
                 acts: frozenset[Act] | None = None) -> None:
        super().__init__()
        self.session = session
        self.cid = complaint_id
        self.changed = changed
        # what the core offers this user on this complaint now: the only thing that decides buttons here
        self.acts = actions.available(session, complaints.get(session.db, complaint_id)) if acts is None else acts
        self.body = QWidget()
        self.body.setObjectName("body")
        self.layout_ = QVBoxLayout(self.body)  # the tab's content, scrolling
        self.scroll = scrolled(self.body)
        self.bar = QHBoxLayout()  # the tab's main buttons, below the scroll area
        self.errors = error_label(f"errors_{type(self).__name__}")
        self.marks = FieldMarks(self, self.field_widgets)  # a refusal's problems at their fields
        frame = QVBoxLayout(self)
        frame.setContentsMargins(0, 0, 0, 0)
        frame.addWidget(self.scroll, 1)
        frame.addLayout(self.bar)
        frame.addWidget(self.errors)
        self.before: dict[int, object] | None = None  # None until built(): nothing typed yet
        self.stored: tuple[str, ...] = ()  # set by an 'add' save: its inputs start empty again, not carried

    def built(self) -> None:
        """Called by the window once the tab is filled: what is shown now is 'saved'."""
        self.bar.addStretch(1)
        self.before = snapshot(self)

    @property
    def dirty(self) -> bool:
        return self.before is not None and is_dirty(self, self.before)

    def typed(self) -> dict[str, tuple[object, object]]:
        """The carried inputs the user changed: name → (value when built, value now)."""
        out = {}
        for w in self.findChildren(QWidget):
            name = w.objectName()
            if self.CARRY and name.startswith(self.CARRY) and not (self.stored and name.startswith(self.stored)):
                now = value_of(w)
                before = (self.before or {}).get(id(w))
                if now is not None and now != before:
                    out[name] = (before, now)
        return out

    def carry_over(self, typed: dict[str, tuple[object, object]]) -> None:
        """After a save rebuilt this tab: put back what was typed in the parts the save did not store (their
        stored value is still what the old tab showed); a part the save stored shows the store."""
        for name, (before, now) in typed.items():
            w = self.findChild(QWidget, name)
            if w is not None and value_of(w) == before:
                set_value(w, now)

    def save_pending(self) -> bool:
        """Save what was typed here (the close question's 'Save'); False when it could not be saved. A tab
        without one obvious save says so and keeps the window open."""
        self.errors.setText(tr("Save the changes on this tab with its buttons, or discard them."))
        return False

    def field_widgets(self) -> dict[str, QWidget]:
        """The widgets of field keys the core uses that no widget is named after (e.g. "five_whys"); the others
        are found by name (``field_errors.find_field``)."""
        return {}

    def refused(self, exc: DomainError) -> None:
        """A refusal: each problem at its field (the first scrolled to and focused), the rest below the bar."""
        self.stored = ()
        if exc.code == "reason_required":  # its problem lists the changed fields: no field of its own
            self.marks.clear()
            self.errors.setText(error_text(exc))
            return
        show_refusal(self.marks, exc, self.errors)

    def succeeded(self) -> None:
        self.marks.clear()
        self.errors.setText("")
        self.changed()

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
            self.refused(exc)
            return False
        self.succeeded()
        return True

    def run_reasoned(self, call: Callable[[str | None], object]) -> bool:
        """A save that may correct saved values: try without a reason; when the core asks for one, ask the
        user and try again with it (cancel saves nothing)."""
        try:
            call(None)
        except DomainError as exc:
            if exc.code != "reason_required":
                self.refused(exc)
                return False
            reason = ask_reason(self, exc)
            if reason is None:
                self.refused(exc)
                return False
            return self.run(lambda: call(reason))
        self.succeeded()
        return True

    def heading(self, text: str) -> QLabel:
        label = QLabel(f"<b>{text}</b>")
        self.layout_.addWidget(label)
        return label
