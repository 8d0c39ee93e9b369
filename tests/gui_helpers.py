"""Typing into Qt widgets in tests. qtbot.keyClicks aborts the process on non-ASCII text (PLATFORM.md), so
Chinese goes in as an input-method commit, the way a real IME delivers it."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox


def type_text(qtbot, widget, text: str) -> None:
    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def choose(combo: QComboBox, code) -> None:
    i = combo.findData(code)
    assert i >= 0, f"{code} not in {combo.objectName()}"
    combo.setCurrentIndex(i)
