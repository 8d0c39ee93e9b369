"""Small shared pieces of the Qt shell: vocabulary combos, read-only forms, error labels."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from qa_desk.core.errors import DomainError, Problem
from qa_desk.core.policy import Policy
from qa_desk.ui.i18n import language, tr


def vocab_combo(policy: Policy, name: str, *, empty: str | None = None, object_name: str | None = None) -> QComboBox:
    """A combo of a controlled vocabulary: shows the label, holds the code."""
    combo = QComboBox()
    if object_name:
        combo.setObjectName(object_name)
    if empty is not None:
        combo.addItem(empty, None)
    if name == "class":
        items = [(c.code, c.label(language())) for c in policy.classes.values()]
    elif name == "defect_type":
        items = [(d.code, f"{d.severity_class} · {d.label(language())}") for d in policy.defects.values()]
    else:
        items = [(t.code, t.label(language())) for t in policy.vocab[name]]
    for code, label in items:
        combo.addItem(label, code)
    return combo


def select_code(combo: QComboBox, code) -> None:
    i = combo.findData(code)
    if i >= 0:
        combo.setCurrentIndex(i)


def error_label(name: str = "errors") -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b71c1c")
    return label


def problems_text(problems: list[Problem]) -> str:
    return "\n".join("• " + p.text(language()) for p in problems)


def error_text(exc: DomainError) -> str:
    return exc.message(language()) if not exc.problems else (
        (exc.zh if language() == "zh_CN" else exc.en) + "\n" + problems_text(exc.problems))


def readonly_form(pairs: list[tuple[str, object]]) -> QWidget:
    """A two-column form of (label marked with QT_TR_NOOP, value) that the user can select and copy."""
    w = QWidget()
    form = QFormLayout(w)
    for label, value in pairs:
        v = QLabel("" if value in (None, "") else str(value))
        v.setWordWrap(True)
        v.setTextInteractionFlags(v.textInteractionFlags() | v.textInteractionFlags().TextSelectableByMouse)
        form.addRow(tr(label), v)
    return w


def report_combo(policy: Policy) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName("report_type")
    combo.addItem(tr("(choose the report type)"), None)
    for code, r in policy.reports.items():
        combo.addItem(r["zh"] if language() == "zh_CN" else r["en"], code)
    return combo
