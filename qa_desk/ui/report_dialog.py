"""Recording that the regulatory report was submitted: to which authority, under which reference number, and
when (now by default). Recording it meets the report deadline and cannot be undone by a click, so the dialog
first repeats what will be recorded and records it only when the user confirms; the core checks the values
(authority and reference required, the time neither in the future nor before the receipt)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import investigation as inv
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui.i18n import tr
from qa_desk.ui.row_correction import when_edit, when_value
from qa_desk.ui.widgets import error_label, error_text


class ReportDialog(QDialog):
    """Two steps on one dialog: the values, then the confirmation that repeats them."""

    def __init__(self, session: Session, complaint: dict, report_name: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("report_dialog")
        self.session, self.complaint = session, complaint
        self.setWindowTitle(tr("Record the regulatory report of {number}").format(number=complaint["number"]))
        self.pages = QStackedWidget()
        self.pages.addWidget(self._form(report_name))
        self.pages.addWidget(self._confirm())
        self.error = error_label("report_error")
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        self.resize(520, 280)

    def _form(self, report_name: str) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        if report_name:
            form.addRow(tr("Report"), QLabel(report_name))
        self.authority = QLineEdit()
        self.authority.setObjectName("report_authority")
        self.authority.setPlaceholderText(tr("e.g. the provincial medical products administration"))
        self.reference = QLineEdit()
        self.reference.setObjectName("report_reference")
        self.reference.setPlaceholderText(tr("number or receipt given by the authority's system"))
        self.when = when_edit(self.session, not_before=self.complaint["received_at"], name="report_when")
        form.addRow(tr("Authority"), self.authority)
        form.addRow(tr("Reference number"), self.reference)
        form.addRow(tr("Submitted at"), self.when)
        row = QHBoxLayout()
        cancel = QPushButton(tr("Cancel"))
        cancel.clicked.connect(self.reject)
        self.next_button = QPushButton(tr("Next…"))
        self.next_button.setObjectName("report_next")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.review)
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(self.next_button)
        form.addRow(row)
        return page

    def _confirm(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        self.summary = QLabel()
        self.summary.setObjectName("report_summary")
        self.summary.setWordWrap(True)
        v.addWidget(self.summary, 1)
        row = QHBoxLayout()
        back = QPushButton(tr("Back"))
        back.setObjectName("report_back")
        back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.record_button = QPushButton(tr("Record the report"))
        self.record_button.setObjectName("report_record")
        self.record_button.clicked.connect(self.record)
        row.addStretch(1)
        row.addWidget(back)
        row.addWidget(self.record_button)
        v.addLayout(row)
        return page

    def review(self) -> None:
        """Show what will be recorded (the core still checks it when it is recorded)."""
        self.error.setText("")
        self.summary.setText(tr("This will be recorded for {number}, and it meets the report deadline:\n\n"
                                "Authority: {authority}\nReference number: {reference}\nSubmitted at: {when}\n\n"
                                "It cannot be undone; a mistake can be corrected with a reason until the "
                                "complaint is closed.").format(
            number=self.complaint["number"], authority=self.authority.text().strip() or "—",
            reference=self.reference.text().strip() or "—",
            when=self.when.dateTime().toString("yyyy-MM-dd HH:mm")))
        self.pages.setCurrentIndex(1)

    def record(self) -> bool:
        self.error.setText("")
        try:
            inv.mark_reported(self.session, self.complaint["id"], authority=self.authority.text(),
                              reference=self.reference.text(), at=when_value(self.when))
        except DomainError as exc:
            self.error.setText(error_text(exc))
            self.pages.setCurrentIndex(0)
            return False
        self.accept()
        return True
