"""The register page: export the complaint register to Excel, print it, print the blank receipt form,
import an old ledger. Each button is offered from the core's permissions (``session.may``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TR_NOOP, QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core.session import Session
from qa_desk.documents import forms, register
from qa_desk.ui import jobs, print_actions
from qa_desk.ui.i18n import language, tr


class RegisterView(QWidget):
    def __init__(self, session: Session, db_path: str, parent=None) -> None:
        super().__init__(parent)
        self.session, self.db_path = session, db_path
        self.last_result = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("<h3>Complaint register</h3><p>Export to Excel (personal data masked by "
                                   "default) or print; import an old ledger.</p>")))
        form = QFormLayout()
        self.use_dates = QCheckBox(tr("By received date"))
        self.date_from = QDateEdit(QDate.currentDate().addYears(-1))
        self.date_to = QDateEdit(QDate.currentDate())
        for w in (self.date_from, self.date_to):
            w.setDisplayFormat("yyyy-MM-dd")
            w.setCalendarPopup(True)
        dates = QHBoxLayout()
        for w in (self.use_dates, self.date_from, QLabel("–"), self.date_to):
            dates.addWidget(w)
        dates.addStretch(1)
        form.addRow(tr("Range"), dates)
        self.classes = QLineEdit()
        self.classes.setPlaceholderText(tr("e.g. I,II (empty: all)"))
        form.addRow(tr("Classes"), self.classes)
        self.unmasked = QCheckBox(tr("Show personal data (QA roles only, audited)"))
        self.unmasked.setEnabled(session.may("view_personal_data"))
        form.addRow(self.unmasked)
        layout.addLayout(form)
        row = QHBoxLayout()
        for name, label, slot, action in (
                ("export_register", QT_TR_NOOP("Export to Excel…"), self.export, "register_export"),
                ("print_register", QT_TR_NOOP("Print the register (PDF)…"), self.print_register, "register_export"),
                ("blank_receipt", QT_TR_NOOP("Blank receipt form (PDF)"), self.blank, "print_blank"),
                ("import_ledger", QT_TR_NOOP("Import a ledger…"), self.import_ledger, "import")):
            b = QPushButton(tr(label))
            b.setObjectName(name)
            b.clicked.connect(lambda _c=False, slot=slot: slot())
            b.setEnabled(session.may(action))
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel()
        self.status.setObjectName("register_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def current_filter(self) -> register.RegisterFilter:
        f = register.RegisterFilter(classes=tuple(x.strip() for x in self.classes.text().split(",") if x.strip()))
        if self.use_dates.isChecked():
            f.date_from, f.date_to = self.date_from.date().toPython(), self.date_to.date().toPython()
        return f

    def export(self, out: Path | None = None) -> jobs.Job | None:
        out = out or jobs.ask_save_path(self, tr("Export the register"), "register.xlsx", "Excel (*.xlsx)")
        if out is None:
            return None
        f, unmasked, lang = self.current_filter(), self.unmasked.isChecked(), language()  # the user's language

        def done(result):
            self.last_result = result
            self.status.setText(tr("Exported {rows} to {out} (SHA-256 {sha256})").format(
                rows=result['rows'], out=out, sha256=result['sha256']))

        return jobs.start(self, self.db_path, self.session, tr("Exporting the register…"),
                          lambda s, progress, cancelled: register.export(s, out, f, unmasked=unmasked, lang=lang,
                                                                         progress=progress, cancelled=cancelled),
                          done, self.status.setText, self.status.setText)

    def print_register(self, out: Path | None = None) -> jobs.Job | None:
        out = out or jobs.ask_save_path(self, tr("Print the register"), "register.pdf", "PDF (*.pdf)")
        if out is None:
            return None
        f, unmasked = self.current_filter(), self.unmasked.isChecked()

        def done(path):
            self.status.setText(tr("Wrote {path}").format(path=path))
            print_actions.show(path)

        return jobs.start(self, self.db_path, self.session, tr("Writing the register PDF…"),
                          lambda s, progress, cancelled: forms.print_register(s, out, f, unmasked=unmasked,
                                                                              progress=progress),
                          done, self.status.setText, self.status.setText)

    def blank(self) -> None:
        out = print_actions.print_blank(self, self.session)
        if out is not None:
            self.status.setText(tr("Wrote {out}").format(out=out))

    def import_ledger(self) -> None:
        from qa_desk.ui.import_dialog import ImportDialog

        ImportDialog(self.session, self.db_path, self).exec()

