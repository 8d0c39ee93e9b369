"""What every wizard page shares: named fields, inline problems from the core's own checks."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QFormLayout, QVBoxLayout, QWidget, QWizardPage

from qa_desk.core.errors import Problem
from qa_desk.ui.i18n import language
from qa_desk.ui.intake import fields as F
from qa_desk.ui.widgets import error_label

BAD_STYLE = "border: 1px solid #c62828;"


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

    def show_problems(self, *, only_touched: bool = False) -> list[Problem]:
        problems = self.page_problems()
        shown = [p for p in problems if not only_touched or p.field in self.touched]
        self.errors.setText("\n".join("• " + p.text(language()) for p in shown))
        bad = {p.field for p in shown}
        for name, w in self.fields.items():
            w.setStyleSheet(BAD_STYLE if name in bad else "")
        return problems

    def validatePage(self) -> bool:  # noqa: N802 (Qt)
        return not self.show_problems()
