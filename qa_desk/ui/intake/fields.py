"""Reading and writing the value of any input widget the wizard pages use, by one name per field."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateTimeEdit, QLineEdit, QPlainTextEdit, QWidget


def value(w: QWidget):
    if isinstance(w, QLineEdit):
        return w.text().strip() or None
    if isinstance(w, QPlainTextEdit):
        return w.toPlainText().strip() or None
    if isinstance(w, QComboBox):
        return w.currentData() if w.currentData() is not None else (w.currentText().strip() or None
                                                                      if w.isEditable() else None)
    if isinstance(w, QCheckBox):
        return w.isChecked()
    if isinstance(w, QDateTimeEdit):
        return w.dateTime().toPython().astimezone().replace(microsecond=0).isoformat()
    raise TypeError(type(w))


def set_value(w: QWidget, v) -> None:
    if isinstance(w, QLineEdit):
        w.setText("" if v is None else str(v))
    elif isinstance(w, QPlainTextEdit):
        w.setPlainText("" if v is None else str(v))
    elif isinstance(w, QComboBox):
        i = w.findData(v)
        if i >= 0:
            w.setCurrentIndex(i)
        elif w.isEditable() and v is not None:
            w.setEditText(str(v))
    elif isinstance(w, QCheckBox):
        w.setChecked(bool(v))
    elif isinstance(w, QDateTimeEdit) and v:
        w.setDateTime(QDateTime(datetime.fromisoformat(v).astimezone().replace(tzinfo=None)))


def changed_signal(w: QWidget):
    if isinstance(w, (QLineEdit,)):
        return w.textChanged
    if isinstance(w, QPlainTextEdit):
        return w.textChanged
    if isinstance(w, QComboBox):
        return w.currentIndexChanged if not w.isEditable() else w.currentTextChanged
    if isinstance(w, QCheckBox):
        return w.toggled
    if isinstance(w, QDateTimeEdit):
        return w.dateTimeChanged
    raise TypeError(type(w))
