"""Small shared pieces of the Qt shell: vocabulary combos, read-only forms, error labels, the wheel guard."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTreeView,
    QWidget,
)

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


def literal(text: str) -> str:
    """Data shown on a tab, menu entry, button or check box exactly as it is: Qt reads "&" there as the marker
    of a keyboard shortcut, so a policy label "R&D" would show as "RD" with the D underlined."""
    return str(text).replace("&", "&&")


CONTENT_CAP = 320  # pixels: a long name or text is elided beyond this, its column still resizable by hand


def size_columns(view: QAbstractItemView, preferred: Sequence[int] = (), *, cap: int = CONTENT_CAP) -> None:
    """Every column at least as wide as its header text (never "Us…" for "User"), and as wide as its contents
    up to ``cap`` (or the ``preferred`` width given for it, for a view too large to measure); the last column
    takes the rest of the width. The user can still drag any column. Call it again after the rows change.

    The view's minimum width does not grow with its columns (it scrolls sideways), so a window keeps fitting a
    1366-pixel screen."""
    if not isinstance(view, (QTableView, QTreeView)):
        return
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for col in range(header.count()):
        wanted = preferred[col] if col < len(preferred) else min(view.sizeHintForColumn(col), cap)
        view.setColumnWidth(col, max(header.sectionSizeHint(col), wanted))


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


# --- the wheel guard ------------------------------------------------------------------------------------------
GUARDED = (QComboBox, QAbstractSpinBox)  # QDateTimeEdit, QDateEdit, QSpinBox, QDoubleSpinBox are spin boxes


class WheelGuard(QObject):
    """Application-wide: the mouse wheel over a combo box or spin box that does not have the focus scrolls the
    page it sits on instead of changing the value (one notch turned 符合 into 有发现 while scrolling). The
    widgets also stop taking the focus from the wheel (Qt.StrongFocus), so hovering never arms them: a click or
    Tab does."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt)
        kind = event.type()
        if kind not in (QEvent.Type.Polish, QEvent.Type.Wheel) or not isinstance(obj, GUARDED):
            return False
        if obj.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            obj.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        if kind == QEvent.Type.Polish or obj.hasFocus():
            return False
        pass_to_parents(obj, event)
        return True  # the value stays as it is


def pass_to_parents(widget: QWidget, event: QWheelEvent) -> None:
    """Offer the wheel to the widget's parents in turn, as Qt does with an event nobody took, until one (the
    scroll area's viewport) accepts it."""
    pos = event.position()
    child, parent = widget, widget.parentWidget()
    while parent is not None and not child.isWindow():
        pos = pos + child.pos().toPointF()
        passed = QWheelEvent(pos, event.globalPosition(), event.pixelDelta(), event.angleDelta(), event.buttons(),
                             event.modifiers(), event.phase(), event.inverted(), event.source())
        QApplication.sendEvent(parent, passed)
        if passed.isAccepted():
            break
        child, parent = parent, parent.parentWidget()
    event.accept()


def install_wheel_guard(app: QApplication | None = None) -> WheelGuard:
    """Install the guard on the application once (app start, tests, tools that build windows themselves)."""
    app = app or QApplication.instance()
    guard = app.findChild(WheelGuard, "wheel_guard")
    if guard is None:
        guard = WheelGuard(app)
        guard.setObjectName("wheel_guard")
        app.installEventFilter(guard)
    return guard


def local_time(value, *, zone: bool = False) -> str:
    """One way to show a stored time on every screen: the office's date and time to the minute, as it was recorded
    (every stored time is in the office's zone), and with ``zone`` its offset from UTC (on signatures, where the
    zone matters). A value that is not a time is shown as it is."""
    if not value:
        return ""
    from datetime import datetime

    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    text = when.strftime("%Y-%m-%d %H:%M")
    if zone and when.utcoffset() is not None:
        minutes = int(when.utcoffset().total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        text += f" (UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d})"
    return text


def local_date(value) -> str:
    """The date part of ``local_time``: lists that show a day (received, closed, verified) show it the same way on
    every screen, whatever the stored text's precision."""
    return local_time(value)[:10]


def number_text(value) -> str:
    """A stored amount as a person writes it (2, not 2.0; 1.5); anything else a file may hold there (a text, a
    blob written behind the app's back) as it is, so a window still opens on it (verify names the field)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value.hex() if isinstance(value, bytes) else str(value)
    return f"{value:g}"
