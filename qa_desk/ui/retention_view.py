"""Retention and destruction page: archived records with their retention date and legal hold, a page at a time
(the core's ``retention.archived_page``), the ones past retention, legal hold on/off (QA head, VP), destruction (quality VP, password signature), the destruction
certificate, and archive packages of one record or a year."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QT_TR_NOOP
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import retention
from qa_desk.core.errors import DomainError
from qa_desk.core.filenames import safe_name
from qa_desk.core.retention import PAGE_SIZE
from qa_desk.core.session import Session
from qa_desk.documents import forms, package
from qa_desk.ui import jobs, print_actions
from qa_desk.ui.i18n import tr
from qa_desk.ui.widgets import error_label, error_text, local_date

COLUMNS = [("number", QT_TR_NOOP("Complaint no.")), ("product_name", QT_TR_NOOP("Product")),
           ("batch_no", QT_TR_NOOP("Batch")),
           ("closed_at", QT_TR_NOOP("Closed")), ("retention_until", QT_TR_NOOP("Retained until")),
           ("legal_hold", QT_TR_NOOP("Legal hold"))]


class RetentionView(QWidget):
    def __init__(self, session: Session, db_path: str, parent=None) -> None:
        super().__init__(parent)
        self.session, self.db_path = session, db_path
        self.last_result = None
        self.offset, self.total, self.records = 0, 0, []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.only_due = QCheckBox(tr("Only records past retention"))
        self.only_due.setObjectName("only_due")
        self.only_due.toggled.connect(self._filter_changed)
        top.addWidget(self.only_due)
        top.addStretch(1)
        layout.addLayout(top)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("retention_table")
        self.table.setHorizontalHeaderLabels([tr(label) for _, label in COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._paging())
        layout.addLayout(self._record_buttons())
        layout.addLayout(self._archive_buttons())
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.errors = error_label("retention_errors")
        layout.addWidget(self.errors)
        self.refresh()

    def _record_buttons(self) -> QHBoxLayout:
        """What is done to the selected record; the archive's own actions get a row of their own, so the page fits a
        laptop at 150 % in English."""
        row = QHBoxLayout()
        for label, slot in ((tr("Legal hold…"), self.ask_hold),
                            (tr("Destroy (quality VP signs)…"), self.ask_destroy),
                            (tr("Package the selected record…"), self.ask_package)):
            b = QPushButton(label)
            b.clicked.connect(lambda _=False, f=slot: f())
            row.addWidget(b)
        row.addStretch(1)
        return row

    def _archive_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        certificate = QPushButton(tr("Destruction certificate"))
        certificate.clicked.connect(lambda: self.certificate())
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(self.session.now().year - 1)
        year_button = QPushButton(tr("Package the year…"))
        year_button.clicked.connect(lambda: self.ask_package(year=self.year.value()))
        for widget in (certificate, self.year, year_button):
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def rows(self) -> list[dict]:
        """The page shown: the core's query pages the archive (tens of thousands of records after a few years)."""
        page = retention.archived_page(self.session, only_due=self.only_due.isChecked(), offset=self.offset)
        if page.offset and not page.rows:  # the last page emptied (a destruction): show the one before
            page = retention.archived_page(self.session, only_due=self.only_due.isChecked(),
                                           offset=max(page.total - 1, 0) // PAGE_SIZE * PAGE_SIZE)
        self.offset, self.total = page.offset, page.total
        return page.rows

    def refresh(self) -> None:
        self.records = self.rows()
        self.table.setRowCount(len(self.records))
        for i, c in enumerate(self.records):
            for j, (key, _) in enumerate(COLUMNS):
                value = c.get(key) or ""
                if key == "closed_at":
                    value = local_date(value)
                if key == "legal_hold":
                    value = tr("yes: {legal_hold_reason}").format(
                        legal_hold_reason=c['legal_hold_reason']) if c["legal_hold"] else ""
                self.table.setItem(i, j, QTableWidgetItem(str(value)))
        self._show_paging()

    def _paging(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.previous_page = QPushButton(tr("< Previous"))
        self.previous_page.setObjectName("previous_page")
        self.previous_page.clicked.connect(lambda: self.turn(-1))
        self.next_page = QPushButton(tr("Next page >"))
        self.next_page.setObjectName("next_page")
        self.next_page.clicked.connect(lambda: self.turn(1))
        self.page_label = QLabel()
        self.page_label.setObjectName("page_label")
        for widget in (self.previous_page, self.page_label, self.next_page):
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def _show_paging(self) -> None:
        shown = len(self.records)
        self.page_label.setText(tr("Records {first}–{last} of {total}").format(
            first=self.offset + 1 if shown else 0, last=self.offset + shown, total=self.total))
        self.previous_page.setEnabled(self.offset > 0)
        self.next_page.setEnabled(self.offset + shown < self.total)

    def turn(self, pages: int) -> None:
        """The previous (-1) or next (+1) page of the archive."""
        self.offset = max(self.offset + pages * PAGE_SIZE, 0)
        self.refresh()

    def _filter_changed(self) -> None:
        self.offset = 0
        self.refresh()

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.errors.setText(tr("Select a record in the table first."))
            return None
        return self.records[rows[0].row()]

    def _run(self, call, *args, **kwargs) -> bool:
        try:
            self.last_result = call(*args, **kwargs)
        except DomainError as exc:
            self.errors.setText(error_text(exc))
            return False
        self.errors.setText("")
        self.refresh()
        return True

    def ask_hold(self) -> None:
        c = self.selected()
        if c is None:
            return
        reason, ok = QInputDialog.getText(self, tr("Legal hold"),
                                          tr("Reason (setting or lifting):"))
        if ok:
            self.set_hold(c, not c["legal_hold"], reason)

    def set_hold(self, c: dict, on: bool, reason: str) -> bool:
        return self._run(retention.set_legal_hold, self.session, c["id"], on, reason)

    def ask_destroy(self) -> None:
        c = self.selected()
        if c is None:
            return
        reason, ok = QInputDialog.getText(self, tr("Destroy"), tr("Reason for destroying {number}:").format(
            number=c['number']))
        if not ok:
            return
        from qa_desk.ui.sign_dialog import CredentialsDialog

        prompt = tr("Meaning: destruction of {number} approved (the record and attachments are deleted for "
                    "good).\nEnter your password again:").format(number=c["number"])
        CredentialsDialog(self.session, title=tr("Electronic signature"), text=prompt, parent=self,
                          sign=lambda g: self._destroy_or_raise(c, g.password, reason, g.username)).exec()

    def _destroy_or_raise(self, c: dict, password: str, reason: str, username: str | None) -> None:
        retention.destroy(self.session, c["id"], password, reason, username=username)
        self.status.setText(tr("{number} destroyed and logged.").format(number=c['number']))
        self.refresh()

    def destroy(self, c: dict, password: str, reason: str, username: str | None = None) -> bool:
        done = self._run(retention.destroy, self.session, c["id"], password, reason, username=username)
        if done:
            self.status.setText(tr("{number} destroyed and logged.").format(number=c['number']))
        return done

    def certificate(self, out: Path | None = None) -> Path | None:
        out = out or Path(tempfile.mkdtemp(prefix="qa-desk-")) / "destruction-certificate.pdf"
        if self._run(forms.destruction_certificate, self.session, out):
            print_actions.show(out)
            return out
        return None

    def ask_package(self, year: int | None = None) -> None:
        c = None if year else self.selected()
        if year is None and c is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, tr("Save the archive package"),
                                              safe_name(f"{c['number'] if c else year}.zip"), "Zip (*.zip)")
        if name:
            self.package(Path(name), number=c["number"] if c else None, year=year)

    def package(self, out: Path, *, number: str | None = None, year: int | None = None) -> jobs.Job:
        def done(result):
            self.last_result = result
            self.status.setText(tr("Wrote {out}: {complaints} complaints, {files} files").format(
                out=out, complaints=result['complaints'], files=result['files']))

        return jobs.start(self, self.db_path, self.session, tr("Packaging…"),
                          lambda s, progress, cancelled: package.make(s, out, number=number, year=year,
                                                                      progress=progress),
                          done, self.errors.setText)
