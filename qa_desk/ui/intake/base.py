"""What every wizard page shares: named fields, inline problems from the core's own checks, each shown at its
field (``field_errors``): as the user types (fields already touched, without moving the cursor) and when Next
is refused (every problem of the page, the first field focused)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QFormLayout, QVBoxLayout, QWidget, QWizardPage

from qa_desk.core.errors import Problem
from qa_desk.ui.field_errors import FieldMarks, field_name, marked_hint
from qa_desk.ui.i18n import language
from qa_desk.ui.intake import fields as F
from qa_desk.ui.widgets import error_label


class Page(QWizardPage):
    """A page owns some fields; the wizard owns the draft they make together."""

    def __init__(self, wizard, title: str) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(title)
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, str] = {}  # the words the summary shows for each field
        self.touched: set[str] = set()
        self.form = QFormLayout()
        self.errors = error_label(f"errors_{type(self).__name__}")
        outer = QVBoxLayout(self)
        outer.addLayout(self.form)
        self.extra = QVBoxLayout()
        outer.addLayout(self.extra)
        outer.addStretch(1)
        outer.addWidget(self.errors)
        self.marks = FieldMarks(self, self.field_widgets)
        self._live = QTimer(self, singleShot=True, interval=400)
        self._live.timeout.connect(lambda: self.show_problems(only_touched=True))

    def add(self, name: str, widget: QWidget, label: str | None = None) -> QWidget:
        widget.setObjectName(name)
        self.fields[name] = widget
        self.labels[name] = label if label is not None else (
            widget.text() if isinstance(widget, QCheckBox) else name)
        if label is not None:
            self.form.addRow(label, widget)
        F.changed_signal(widget).connect(lambda *_a, n=name: self._changed(n))
        return widget

    def _changed(self, name: str) -> None:
        self.touched.add(name)
        self.wiz.field_changed()
        self._live.start()

    def values(self) -> dict:
        return {k: F.value(w) for k, w in self.fields.items()}

    def restore(self, data: dict) -> None:
        for k, w in self.fields.items():
            if k in data:
                F.set_value(w, data[k])

    def page_problems(self) -> list[Problem]:
        """Problems the core finds in the draft so far that belong to this page's fields."""
        mine = set(self.fields) | set(self.owned_fields())
        return [p for p in self.wiz.problems() if p.field in mine]

    def owned_fields(self) -> tuple[str, ...]:
        return ()

    def aliases(self) -> dict[str, str]:
        """Field keys of the core shown by a widget of another name on this page: key → widget name."""
        return {}

    def field_widgets(self) -> dict[str, QWidget]:
        named = dict(self.fields)
        named.update({key: self.fields[name] for key, name in self.aliases().items() if name in self.fields})
        return named

    def show_problems(self, *, only_touched: bool = False) -> list[Problem]:
        """Each problem at its field; below the form only those that have no field here. While typing only the
        touched fields are marked and the cursor stays; on Next every problem, the first field focused."""
        problems = self.page_problems()
        shown = [p for p in problems if not only_touched or self._touched(p.field)]
        left = self.marks.show(shown, focus=not only_touched)
        hint = marked_hint([self.labels.get(self.aliases().get(k, k)) or field_name(k) for k in self.marks.keys])
        self.errors.setText("\n".join(["• " + p.text(language()) for p in left] + ([hint] if hint else [])))
        return problems

    def _touched(self, key: str | None) -> bool:
        return key in self.touched or self.aliases().get(key) in self.touched

    def validatePage(self) -> bool:  # noqa: N802 (Qt)
        return not self.show_problems()
