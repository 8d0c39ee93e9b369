"""The batch register page (批次登记, issue 16 item 1): the registered batches with a filter, a dialog to add or
change one, and the import of a CSV/Excel file with its dry run shown before anything is written.

Everything it decides comes from the core: who may change the register (``session.may(batches.EDIT)``), each
value's rules and every refusal at its field (``batches.save``), what a file would do row by row
(``batch_import.plan``), the import itself (``batch_import.run``). The dry run and the import run off the GUI
thread (``jobs.start``), on the worker's own connection.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TR_NOOP, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import batch_import as BI
from qa_desk.core import batches as B
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.core.typed_values import DateOrder
from qa_desk.ui import jobs
from qa_desk.ui.field_errors import FieldMarks, refusal_text
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.widgets import error_label, size_columns

SHOWN = 2000  # rows the page lists; the filter finds the others


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,}"
    return str(value)


class BatchesView(QWidget):
    """The register as a table; Add, Edit and Import for those who may keep it (QA), read-only for the others."""

    changed = Signal()

    def __init__(self, session: Session, db_path: str | Path, parent=None) -> None:
        super().__init__(parent)
        self.session, self.db_path = session, str(db_path)
        self.may_edit = session.may(B.EDIT)
        self.rows: list[dict] = []
        self.dialog: QDialog | None = None
        self.title = QLabel()
        self.title.setObjectName("batches_title")
        self.title.setWordWrap(True)
        self.filter = QLineEdit()
        self.filter.setObjectName("batch_filter")
        self.filter.setPlaceholderText(tr("Filter by product, strength or batch"))
        self.filter.setClearButtonEnabled(True)
        self._typing = QTimer(self, singleShot=True, interval=250)
        self._typing.timeout.connect(self.refresh)
        self.filter.textChanged.connect(lambda _t: self._typing.start())
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        self.add_button = self._button("add_batch", tr("Add batch…"), self.add)
        self.edit_button = self._button("edit_batch", tr("Edit…"), self.edit_selected)
        self.import_button = self._button("import_batches", tr("Import file…"), self.choose_file)
        for b in (self.add_button, self.edit_button, self.import_button):
            b.setVisible(self.may_edit)
            bar.addWidget(b)
        self.table = QTableWidget(0, len(B.FIELDS))
        self.table.setObjectName("batches")
        self.table.setHorizontalHeaderLabels([B.label(f, language()) for f in B.FIELDS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.cellDoubleClicked.connect(lambda row, _c: self.may_edit and self.edit_row(row))
        self.table.itemSelectionChanged.connect(self._selection)
        self.status = QLabel()
        self.status.setObjectName("batches_status")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.refresh()

    def _button(self, name: str, text: str, slot) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.clicked.connect(lambda _c=False: slot())
        return b

    def refresh(self) -> None:
        db = self.session.db
        self.rows = B.find(db, text=self.filter.text(), limit=SHOWN)
        total = B.count(db)
        head = tr("<h3>Batch register ({total})</h3>").format(total=total)
        note = tr("<p>Product, batch, dates and the quantity released: the denominators of the complaint rates. "
                  "The intake wizard completes the dates from here.</p>")
        shown = tr("<p>Showing {shown} of {total}.</p>").format(shown=len(self.rows), total=total) \
            if len(self.rows) < total else ""
        self.title.setText(head + note + shown)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            for col, f in enumerate(B.FIELDS):
                self.table.setItem(i, col, QTableWidgetItem(_cell(r[f])))
        size_columns(self.table)
        self._selection()

    def _selection(self) -> None:
        self.edit_button.setEnabled(bool(self.table.selectedItems()))

    # --- add and edit ---------------------------------------------------------------------------------

    def add(self) -> BatchDialog:
        return self._open(BatchDialog(self.session, parent=self))

    def edit_selected(self) -> BatchDialog | None:
        rows = self.table.selectionModel().selectedRows()
        return self.edit_row(rows[0].row()) if rows else None

    def edit_row(self, row: int) -> BatchDialog | None:
        if not 0 <= row < len(self.rows):
            return None
        return self._open(BatchDialog(self.session, self.rows[row], parent=self))

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.accepted.connect(self._saved)
        dialog.open()
        return dialog

    def _saved(self) -> None:
        result = getattr(self.dialog, "imported", None)
        if isinstance(result, BI.ImportPlan):
            self.status.setText(tr("Imported {file}: {summary}").format(file=result.filename,
                                                                         summary=result.summary(language())))
        self.refresh()
        self.changed.emit()

    # --- import ---------------------------------------------------------------------------------------

    def choose_file(self) -> BatchImportDialog | None:
        name, _ = QFileDialog.getOpenFileName(self, tr("Import batches"), "",
                                              tr("Spreadsheets (*.xlsx *.csv);;All files (*)"))
        return self.import_file(Path(name)) if name else None

    def import_file(self, path: Path) -> BatchImportDialog:
        """The dry run of ``path`` in a dialog; the import itself only from there, once the user has seen it."""
        return self._open(BatchImportDialog(self.session, self.db_path, Path(path), parent=self))


class BatchDialog(QDialog):
    """Add a batch or change one. The core checks every value; a refusal is shown at its fields. A change of a
    saved value asks for the reason, which the audit trail keeps."""

    def __init__(self, session: Session, batch: dict | None = None, parent=None) -> None:
        super().__init__(parent)
        self.session, self.batch = session, batch
        self.saved: dict | None = None
        self.setWindowTitle(tr("Change batch") if batch else tr("Add batch"))
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for f in B.FIELDS:
            edit = QLineEdit(_cell(batch[f]).replace(",", "") if batch else "")
            edit.setObjectName(f)
            if f in B.DATE_FIELDS:
                edit.setPlaceholderText("YYYY-MM-DD")
            self.edits[f] = edit
            self.form.addRow(B.label(f, language()), edit)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(tr("Required when a saved value changes; kept in the audit trail"))
        if batch:
            self.form.addRow(tr("Reason"), self.reason)
        self.reason.setVisible(bool(batch))
        self.error = error_label("batch_error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Save", "batch"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.marks = FieldMarks(self, {**self.edits, "reason": self.reason})

    def values(self) -> dict:
        return {f: e.text() for f, e in self.edits.items()}

    def save(self) -> bool:
        try:
            self.saved = B.save(self.session, self.values(), batch_id=self.batch["id"] if self.batch else None,
                                reason=self.reason.text() or None)
        except DomainError as exc:
            left = self.marks.show(exc.problems)
            names = [B.label(p.field, language()) for p in exc.problems if p not in left and p.field]
            self.error.setText(refusal_text(exc, left, names))
            return False
        self.marks.clear()
        self.accept()
        return True


ORDERS = ((None, QT_TR_NOOP("Year first only (2025-03-18)")), (DateOrder.DMY, QT_TR_NOOP("Day/month/year (18/03/2025)")),
          (DateOrder.MDY, QT_TR_NOOP("Month/day/year (03/18/2025)")))


class BatchImportDialog(QDialog):
    """The dry run of a file, row by row (refused rows first, with their row numbers and every problem; then the
    changes to registered batches); Import is offered only when no row is refused, and imports exactly what was
    shown."""

    def __init__(self, session: Session, db_path: str, path: Path, parent=None) -> None:
        super().__init__(parent)
        self.session, self.db_path, self.path = session, db_path, path
        self.plan: BI.ImportPlan | None = None
        self.imported: BI.ImportPlan | None = None  # what the import did, once it has run
        self.job: jobs.Job | None = None
        self._runs = 0
        self.setWindowTitle(tr("Import batches"))
        self.setMinimumWidth(560)
        self.file_label = QLabel(tr("File: {name}").format(name=path.name))
        self.order = QComboBox()
        self.order.setObjectName("date_order")
        for code, text in ORDERS:
            self.order.addItem(tr(text), code)
        self.order.currentIndexChanged.connect(lambda _i: self.dry_run())
        self.summary = QLabel()
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setObjectName("import_details")
        self.details.setReadOnly(True)
        self.error = error_label("import_error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr("Import"))
        self.ok.setObjectName("do_import")
        self.ok.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Close"))
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(tr("Dates such as 04/02/2025"), self.order)
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.dry_run()

    def date_order(self) -> DateOrder | None:
        return self.order.currentData()

    def _work(self, real: bool):
        path, order, expect = self.path, self.date_order(), self.plan

        def work(s: Session, progress, cancelled):
            from qa_desk.documents import importer

            ledger = importer.read(path)
            fn = BI.run if real else BI.plan
            extra = {"expect": expect} if real else {}
            return fn(s, ledger, filename=path.name, sha256=ledger.sha256, order=order, progress=progress,
                      cancelled=cancelled, **extra)
        return work

    def dry_run(self) -> jobs.Job:
        self.plan = None
        self.ok.setEnabled(False)
        self.summary.setText(tr("Reading the file…"))
        self.details.clear()
        self.error.clear()
        self._runs += 1
        run = self._runs  # only the newest dry run is shown (the date order may change while one runs)
        self.job = jobs.start(self, self.db_path, self.session, tr("Dry run"), self._work(False),
                              lambda plan: run == self._runs and self._planned(plan),
                              lambda m: run == self._runs and self._failed(m),
                              lambda m: run == self._runs and self._failed(m))
        return self.job

    def _planned(self, plan: BI.ImportPlan) -> None:
        self.plan = plan
        lang = language()
        head = tr("Dry run: {summary}. Nothing has been written.").format(summary=plan.summary(lang))
        if plan.errors:
            head += "\n" + tr("Correct the rows listed below in the file and choose it again: a file with a refused "
                              "row is not imported at all.")
        self.summary.setText(head)
        self.details.setPlainText("\n".join(plan.lines(lang)))
        self.ok.setEnabled(not plan.errors and bool(plan.counted(BI.RowAction.NEW) + plan.counted(BI.RowAction.CHANGED)))

    def _failed(self, message: str) -> None:
        self.summary.setText("")
        self.error.setText(message)

    def do_import(self) -> jobs.Job | None:
        if self.plan is None or self.plan.errors:
            return None
        self.ok.setEnabled(False)
        self.job = jobs.start(self, self.db_path, self.session, tr("Importing batches"), self._work(True),
                              self._imported, self._failed, self._failed)
        return self.job

    def _imported(self, result: BI.ImportPlan) -> None:
        self.imported = result
        self.accept()
