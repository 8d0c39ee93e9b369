"""A refusal's problems shown at their fields: the core names the field of each problem (``Problem.field``); the
form marks that widget (a red frame, the message as its tooltip, and the message itself right under it in a
form layout), scrolls the first one into view and puts the cursor there. A message far from what it is about
is a message not read: only what belongs to no field stays in the form's error label.

A mark goes when the user edits that field, and all marks go at the next successful save (``clear``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import shiboken6
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTextEdit,
    QWidget,
)

from qa_desk.core.errors import DomainError, Problem
from qa_desk.core.validation import label as core_label
from qa_desk.ui.i18n import language, tr

PROPERTY = "fieldError"  # the dynamic property a marked widget carries (tests and style sheets read it)
WATCHED = "fieldErrorWatched"  # its edits already clear its mark
MARK_RULE = f'*[{PROPERTY}="true"] {{ border: 1px solid #c62828; }}'
INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QAbstractItemView)

Fields = Mapping[str, QWidget] | Callable[[], Mapping[str, QWidget]] | None


def find_field(root: QWidget, key: str) -> QWidget | None:
    """The input named after a field key: objectName equal to the key, else the one input whose name ends in
    "_" + key (tabs name widgets "med_patient_age", "setting_lockout_attempts"); None when there is no such
    visible widget, or several (a guess could mark the wrong field)."""
    if not key:
        return None
    shown = [w for w in root.findChildren(QWidget) if w.objectName() and is_input(w) and w.isVisibleTo(root)]
    exact = [w for w in shown if w.objectName() == key]
    if exact:
        return exact[0]
    ending = [w for w in shown if w.objectName().endswith("_" + key)]
    return ending[0] if len(ending) == 1 else None


def is_input(w: QWidget) -> bool:
    """Something the user types or chooses in (a push button such as "record_reply" is not a field)."""
    return isinstance(w, INPUTS) and not (isinstance(w, QAbstractButton) and not w.isCheckable())


def edited_signal(w: QWidget):
    """The signal a user's edit of ``w`` fires (None for a widget that holds no input)."""
    if isinstance(w, QLineEdit):
        return w.textEdited
    if isinstance(w, (QPlainTextEdit, QTextEdit)):
        return w.textChanged
    if isinstance(w, QComboBox):
        return w.currentTextChanged if w.isEditable() else w.currentIndexChanged
    if isinstance(w, QDateTimeEdit):
        return w.dateTimeChanged
    if isinstance(w, QSpinBox):
        return w.valueChanged
    if isinstance(w, QAbstractButton):
        return w.toggled if w.isCheckable() else w.clicked
    if isinstance(w, QAbstractItemView):
        return w.clicked
    return None


def form_row(w: QWidget) -> tuple[QFormLayout, int] | None:
    """The form layout and row that hold ``w`` (directly or in a row's own layout, e.g. quantity and unit)."""
    parent = w.parentWidget()
    layout = parent.layout() if parent is not None else None
    return _row_in(layout, w) if layout is not None else None


def _row_in(layout: QLayout, w: QWidget) -> tuple[QFormLayout, int] | None:
    if isinstance(layout, QFormLayout):
        row, _role = layout.getWidgetPosition(w)
        if row >= 0:
            return layout, row
    for i in range(layout.count()):
        item = layout.itemAt(i)
        inner = item.layout() if item is not None else None
        if inner is None:
            continue
        if isinstance(layout, QFormLayout) and _holds(inner, w):
            row, _role = layout.getLayoutPosition(inner)
            if row >= 0:
                return layout, row
        found = _row_in(inner, w)
        if found:
            return found
    return None


def _holds(layout: QLayout, w: QWidget) -> bool:
    if layout.indexOf(w) >= 0:
        return True
    return any(layout.itemAt(i).layout() is not None and _holds(layout.itemAt(i).layout(), w)
               for i in range(layout.count()))


def row_anchor(form: QFormLayout, row: int) -> int:
    """Which row of a form, as an identity that stays when rows are inserted above it."""
    for role in (QFormLayout.ItemRole.FieldRole, QFormLayout.ItemRole.SpanningRole, QFormLayout.ItemRole.LabelRole):
        item = form.itemAt(row, role)
        if item is not None:
            return id(item.widget() or item.layout())
    return -1


def scroll_area_of(w: QWidget) -> QScrollArea | None:
    p = w.parentWidget()
    while p is not None:
        if isinstance(p, QScrollArea):
            return p
        p = p.parentWidget()
    return None


def message_label(key: str) -> QLabel:
    label = QLabel()
    label.setObjectName(f"field_error_{key}")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b71c1c")
    return label


class FieldMarks:
    """The marks one form shows now. ``fields`` names widgets the default lookup would not find (a field key
    shown by a widget of another name); a callable is asked each time, so a form may build its widgets later."""

    def __init__(self, root: QWidget, fields: Fields = None, *, under: bool = True) -> None:
        self.root = root
        self.fields = fields
        self.under = under  # the message also right under the field (False: a form that says it there already)
        self.marked: dict[QWidget, tuple[str, str, list[str]]] = {}  # widget → (style, tooltip, messages)
        self.rows: dict[tuple[int, int], QLabel] = {}  # (form, row of the field) → the message under it
        self.row_of: dict[QWidget, tuple[int, int]] = {}
        self.keys: list[str] = []  # the field keys marked by the last show(), in order

    def widget_for(self, key: str | None) -> QWidget | None:
        if not key:
            return None
        named = self.fields() if callable(self.fields) else (self.fields or {})
        w = named.get(key)
        if w is not None and shiboken6.isValid(w):
            return w
        return find_field(self.root, key)

    def show(self, problems: Iterable[Problem], *, focus: bool = True) -> list[Problem]:
        """Mark the field of every problem (marks no longer wanted go; a mark that stays as it is is not
        touched, so a form checked as the user types does not jump); the first marked one is scrolled into
        view and focused when ``focus``. Returns the problems whose message is not shown right at a field:
        those belong in the form's error label."""
        wanted: dict[QWidget, list[tuple[str, str]]] = {}
        left: list[Problem] = []
        for p in problems:
            w = self.widget_for(p.field)
            if w is None:
                left.append(p)
                continue
            items, item = wanted.setdefault(w, []), (p.field, p.text(language()))
            if item not in items:
                items.append(item)
        for w in list(self.marked):
            if [t for _k, t in wanted.get(w, [])] != self.marked[w][2]:
                self.unmark(w)
        self.keys = list(dict.fromkeys(key for items in wanted.values() for key, _t in items))
        for w, items in wanted.items():
            for key, text in items if w not in self.marked else ():
                self._mark(w, key, text)
        left += [p for p in problems if (w := self.widget_for(p.field)) is not None and w not in self.row_of]
        first = next(iter(wanted), None)
        if first is not None and focus:
            bring_into_view(first)
        return [p for p in problems if p in left]

    def _mark(self, w: QWidget, key: str, text: str) -> bool:
        """Mark one widget; True when the message shows right under it (a form layout)."""
        if w not in self.marked:
            self.marked[w] = (w.styleSheet(), w.toolTip(), [])
            w.setProperty(PROPERTY, True)
            w.setStyleSheet(f"{w.styleSheet()}\n{MARK_RULE}")  # (re)polished with the property set
            self._watch(w)
        texts = self.marked[w][2]
        if text not in texts:
            texts.append(text)
        w.setToolTip("\n".join(texts))
        return self.under and self._under(w, key)

    def _under(self, w: QWidget, key: str) -> bool:
        place = form_row(w)
        if place is None:
            return False
        form, row = place
        slot = (id(form), row_anchor(form, row))
        label = self.rows.get(slot)
        if label is None:
            label = message_label(key)
            form.insertRow(row + 1, "", label)
            self.rows[slot] = label
        self.row_of[w] = slot
        texts = [t for m, s in self.row_of.items() if s == slot for t in self.marked[m][2]]
        label.setText("\n".join(dict.fromkeys(texts)))
        return True

    def _watch(self, w: QWidget) -> None:
        signal = edited_signal(w)
        if signal is None or w.property(WATCHED):
            return
        w.setProperty(WATCHED, True)
        signal.connect(lambda *_a, widget=w: self.unmark(widget))

    def unmark(self, w: QWidget) -> None:
        """The user edits a marked field: its mark and its message go (the others stay)."""
        saved = self.marked.pop(w, None)
        if saved is None or not shiboken6.isValid(w):
            return
        style, tip, _texts = saved
        w.setProperty(PROPERTY, False)
        w.setStyleSheet(style)
        w.setToolTip(tip)
        slot = self.row_of.pop(w, None)
        if slot is None:
            return
        texts = [t for m, s in self.row_of.items() if s == slot for t in self.marked[m][2]]
        label = self.rows.get(slot)
        if texts and label is not None:
            label.setText("\n".join(dict.fromkeys(texts)))
        elif label is not None:
            self.rows.pop(slot)
            self._drop(label)

    @staticmethod
    def _drop(label: QLabel) -> None:
        if not shiboken6.isValid(label):
            return
        place = form_row(label)
        if place is not None:
            place[0].removeRow(place[1])  # deletes the label with its row
        else:
            label.deleteLater()

    def clear(self) -> None:
        """Every mark goes (a successful save, or before showing the next refusal)."""
        for w in list(self.marked):
            self.unmark(w)
        for label in self.rows.values():
            self._drop(label)
        self.rows.clear()
        self.row_of.clear()
        self.keys = []

    def is_marked(self, w: QWidget) -> bool:
        return w in self.marked


def bring_into_view(w: QWidget) -> None:
    """Scroll every scroll area around ``w`` to it, then give it the focus."""
    area = scroll_area_of(w)
    while area is not None:
        area.ensureWidgetVisible(w, 20, 20)
        area = scroll_area_of(area)
    w.setFocus()


def field_name(key: str) -> str | None:
    """A field key in the user's words (the core's label of it); None for a key without a label: a key is
    never shown."""
    zh, en = core_label(key)
    if zh == key:
        return None
    return zh if language().startswith("zh") else en


def marked_hint(names: list[str | None]) -> str:
    """The line by the button that says which fields are marked (the details are at the fields)."""
    named = [n for n in dict.fromkeys(names) if n]
    if not named:
        return tr("Correct the marked fields.") if names else ""
    sep = "、" if language().startswith("zh") else ", "
    return tr("Correct the marked fields: {fields}").format(fields=sep.join(named))


def refusal_text(exc: DomainError, left: list[Problem], names: list[str] | None = None) -> str:
    """The error label's text: the refusal's head, the problems not shown at their fields and the names of
    the fields marked (``names``: the fields' words; by default the core's labels of the marked keys)."""
    if not exc.problems:
        return exc.message(language())
    head = exc.zh if language().startswith("zh") else exc.en
    lines = [head] + ["• " + p.text(language()) for p in left]
    if names is None:
        names = [field_name(p.field) for p in exc.problems if p not in left and p.field]
    hint = marked_hint(names)
    return "\n".join(lines + ([hint] if hint else []))


def show_refusal(marks: FieldMarks, exc: DomainError, errors: QLabel, *, focus: bool = True) -> list[Problem]:
    """A refusal on a form: problems at their fields, the rest (and the head) in ``errors``."""
    left = marks.show(exc.problems, focus=focus)
    errors.setText(refusal_text(exc, left))
    return left
