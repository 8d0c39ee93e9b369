"""Correcting one saved row (a CAPA action, a custody step, a reply, the recorded report) with a reason: a small
dialog prefilled with the row's values. Only what the user changed goes to the core, which checks it with the
rules of the service that wrote the row, refuses it after the complaint's last approval and audits it as an
update of that row with the reason. The receipt's own correction (many fields, intake's rules) stays in
``correction_dialog``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import closure
from qa_desk.core import investigation as inv
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui.i18n import tr
from qa_desk.ui.widgets import error_label, error_text, number_text, vocab_combo


def when_edit(session: Session, value: str | None = None, *, not_before: str | None = None,
              name: str | None = None) -> QDateTimeEdit:
    """A date-time field for the time something happened: ``value`` or now, never later than now (the core
    checks again) and not before ``not_before`` (the complaint's receipt). The wheel guard keeps an unfocused
    one from taking the wheel."""
    now = session.now()
    edit = QDateTimeEdit(_qt(value or now))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setMaximumDateTime(_qt(now + timedelta(minutes=5)))
    if not_before:
        edit.setMinimumDateTime(_qt(not_before))
    if name:
        edit.setObjectName(name)
    return edit


def when_value(edit: QDateTimeEdit) -> str:
    """What the field holds, as the core reads it: ISO 8601 with the workstation's offset."""
    return edit.dateTime().toPython().replace(microsecond=0).astimezone().isoformat()


def _qt(value: datetime | str) -> QDateTime:
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return QDateTime(when.astimezone().replace(tzinfo=None))


@dataclass(frozen=True)
class Field:
    """One correctable field: its name in the core, its label, and how it is typed (text, long, when, date,
    number, or a vocabulary's name for a choice)."""

    name: str
    label: str
    kind: str = "text"


class RowCorrectionDialog(QDialog):
    """The row's fields prefilled, a mandatory reason, Save/Cancel; ``save(changes, reason)`` is the core call."""

    def __init__(self, session: Session, title: str, fields: list[Field], row: dict,
                 save: Callable[[dict, str], object], *, not_before: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("row_correction")
        self.setWindowTitle(title)
        self.session, self.fields, self.row, self._save = session, fields, row, save
        self.edits: dict[str, QWidget] = {}
        box = QWidget()
        form = QFormLayout(box)
        for f in fields:
            edit = self._editor(f, row.get(f.name), not_before)
            edit.setObjectName(f"fix_{f.name}")
            self.edits[f.name] = edit
            form.addRow(f.label, edit)
        self.shown = {f.name: self._value(f) for f in fields}
        self.reason = QLineEdit()
        self.reason.setObjectName("fix_reason")
        self.reason.setPlaceholderText(tr("Reason for the correction (required, audited)"))
        form.addRow(tr("Reason"), self.reason)
        self.error = error_label("fix_error")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(box, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, min(600, 140 + 36 * len(fields)))

    def _editor(self, f: Field, value, not_before: str | None) -> QWidget:
        if f.kind == "when":
            return when_edit(self.session, value, not_before=not_before)
        if f.kind == "date":
            edit = QDateEdit(QDate(date.fromisoformat(value)) if value else QDate.currentDate())
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            return edit
        if f.kind == "long":
            edit = QPlainTextEdit("" if value is None else str(value))
            edit.setMaximumHeight(120)
            return edit
        if f.kind not in ("text", "number"):
            combo = vocab_combo(self.session.policy, f.kind) if f.kind != "capa_kind" else _capa_kinds()
            combo.setCurrentIndex(max(0, combo.findData(value)))
            return combo
        text = number_text(value) if isinstance(value, float) else ("" if value is None else str(value))
        return QLineEdit(text)

    def _value(self, f: Field):
        w = self.edits[f.name]
        if isinstance(w, QDateTimeEdit) and not isinstance(w, QDateEdit):
            return when_value(w)
        if isinstance(w, QDateEdit):
            return w.date().toPython().isoformat()
        if isinstance(w, QComboBox):
            return w.currentData()
        text = (w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()).strip()
        return text or None

    def changes(self) -> dict:
        """Only the fields the user changed (the core normalises and checks them)."""
        return {f.name: v for f in self.fields if (v := self._value(f)) != self.shown[f.name]}

    def save(self) -> bool:
        changes = self.changes()
        if not changes:
            self.reject()
            return False
        self.error.setText("")
        try:
            self._save(changes, self.reason.text())
        except DomainError as exc:
            self.error.setText(error_text(exc))
            return False
        self.accept()
        return True


def _capa_kinds() -> QComboBox:
    combo = QComboBox()
    combo.addItem(tr("Corrective"), "corrective")
    combo.addItem(tr("Preventive"), "preventive")
    return combo


def capa_dialog(session: Session, row: dict, parent=None) -> RowCorrectionDialog:
    fields = [Field("description", tr("Measure"), "long"), Field("owner_dept", tr("Department")),
              Field("owner", tr("Owner")), Field("due_date", tr("Due"), "date"), Field("kind", tr("Kind"), "capa_kind"),
              Field("change_control_ref", tr("Change control"))]
    return RowCorrectionDialog(session, tr("Correct CAPA {ref}").format(ref=row["ref"]), fields, row,
                               lambda ch, reason: inv.correct_capa(session, row["id"], ch, reason=reason),
                               parent=parent)


def custody_dialog(session: Session, row: dict, received_at: str, parent=None) -> RowCorrectionDialog:
    fields = [Field("at", tr("When it happened"), "when"), Field("action", tr("Step")), Field("holder", tr("Holder")),
              Field("quantity", tr("Quantity"), "number"), Field("condition", tr("Condition")),
              Field("seal_no", tr("Seal no.")), Field("note", tr("Note"))]
    return RowCorrectionDialog(session, tr("Correct a custody step"), fields, row,
                               lambda ch, reason: inv.correct_custody(session, row["id"], ch, reason=reason),
                               not_before=received_at, parent=parent)


def reply_dialog(session: Session, row: dict, received_at: str, parent=None) -> RowCorrectionDialog:
    fields = [Field("replied_at", tr("When the reply was given"), "when"), Field("method", tr("How"), "reply_method"),
              Field("content", tr("What was said"), "long")]
    return RowCorrectionDialog(session, tr("Correct a reply"), fields, row,
                               lambda ch, reason: closure.correct_reply(session, row["id"], ch, reason=reason),
                               not_before=received_at, parent=parent)


def report_dialog(session: Session, complaint: dict, parent=None) -> RowCorrectionDialog:
    fields = [Field("report_authority", tr("Authority")), Field("report_reference", tr("Reference number")),
              Field("report_submitted_at", tr("Submitted at"), "when")]
    return RowCorrectionDialog(session, tr("Correct the regulatory report"), fields, complaint,
                               lambda ch, reason: inv.correct_report(session, complaint["id"], ch, reason=reason),
                               not_before=complaint["received_at"], parent=parent)
