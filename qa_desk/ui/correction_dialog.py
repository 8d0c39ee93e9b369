"""Correcting what was recorded at intake, with a reason (Annex 11 §9): the same checks as intake, one audited
transaction; a correction after a signature shows that signature as invalid."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import intake
from qa_desk.core import validation as V
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui.i18n import pick, tr
from qa_desk.ui.widgets import error_label, error_text, number_text

# the receipt fields offered for correction (long texts get a multi-line box)
FIELDS = ("received_at", "first_contact", "complainant_name", "complainant_org", "contact_person", "phone",
          "address", "email", "product_name", "strength", "package_form", "batch_no", "mfg_date", "expiry_date",
          "quantity", "unit", "purchase_place", "purchase_date", "storage_use", "description", "request")
LONG = frozenset({"storage_use", "description", "request"})


class CorrectionDialog(QDialog):
    def __init__(self, session: Session, complaint: dict, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("correction_dialog")
        self.session = session
        self.complaint = complaint
        self.setWindowTitle(tr("Correct the receipt of {number}").format(number=complaint["number"]))
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        form_box = QWidget()
        form = QFormLayout(form_box)
        for field in FIELDS:
            value = complaint[field]
            text = number_text(value) if isinstance(value, float) else ("" if value is None else str(value))
            edit = QPlainTextEdit(text) if field in LONG else QLineEdit(text)
            edit.setObjectName(f"fix_{field}")
            if field in LONG:
                edit.setMaximumHeight(70)
            self.edits[field] = edit
            form.addRow(pick(*V.label(field)), edit)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_box)
        self.reason = QLineEdit()
        self.reason.setObjectName("fix_reason")
        self.reason.setPlaceholderText(tr("Reason for the correction (required, audited)"))
        self.error = error_label("fix_error")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(620, 600)

    def _text(self, field: str) -> str:
        w = self.edits[field]
        return (w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()).strip()

    def changes(self) -> dict:
        """Only the fields the user changed, as typed (the core normalises and checks them)."""
        out = {}
        for field in FIELDS:
            before = self.complaint[field]
            shown = number_text(before) if isinstance(before, float) else ("" if before is None else str(before))
            if self._text(field) != shown:
                out[field] = self._text(field) or None
        return out

    def save(self) -> bool:
        changes = self.changes()
        if not changes:
            self.reject()
            return False
        try:
            intake.correct_receipt(self.session, self.complaint["id"], changes, reason=self.reason.text())
        except DomainError as exc:
            self.error.setText(error_text(exc))
            return False
        self.accept()
        return True
