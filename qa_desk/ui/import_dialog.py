"""Import a ledger: choose the file, map the columns when it is not the app's own register, see a dry run
row by row, then import (one transaction, off the GUI thread). Offered only to a user the core lets import
(``import``: QA roles); the core checks again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.documents import importer
from qa_desk.documents.register import COLUMNS
from qa_desk.ui import jobs
from qa_desk.ui.i18n import language, pick, tr
from qa_desk.ui.widgets import error_label


class ImportDialog(QDialog):
    def __init__(self, session: Session, db_path: str, parent=None) -> None:
        super().__init__(parent)
        self.session, self.db_path = session, db_path
        self.path: Path | None = None
        self.report: importer.Report | None = None
        self.imported: importer.Report | None = None
        self.setWindowTitle(tr("Import a complaint ledger"))
        self.resize(900, 620)
        self.file_label = QLabel(tr("No file chosen"))
        choose = QPushButton(tr("Choose a file (.xlsx / .csv)…"))
        choose.clicked.connect(self.choose)
        self.mapping = QTableWidget(0, 2)
        self.mapping.setObjectName("mapping")
        self.mapping.setHorizontalHeaderLabels([tr("Column in the file"), tr("Register column")])
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.results = QTableWidget(0, 3)
        self.results.setObjectName("results")
        self.results.setHorizontalHeaderLabels([tr("Row"), tr("Result"), tr("Problems")])
        self.results.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.errors = error_label("import_errors")
        self.dry = QPushButton(tr("Dry run (writes nothing)"))
        self.dry.setObjectName("dry_run")
        self.dry.clicked.connect(self.dry_run)
        self.dry.setEnabled(session.may("import"))
        self.go = QPushButton(tr("Import"))
        self.go.setObjectName("do_import")
        self.go.setEnabled(False)
        self.go.clicked.connect(self.do_import)
        top = QHBoxLayout()
        top.addWidget(choose)
        top.addWidget(self.file_label, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.dry)
        buttons.addWidget(self.go)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(tr("Column map (the app's own register is recognised by itself)")))
        layout.addWidget(self.mapping, 1)
        layout.addWidget(self.results, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.errors)
        layout.addLayout(buttons)

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("Choose the ledger"), "", "Excel / CSV (*.xlsx *.csv)")
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> bool:
        self.path, self.report = path, None
        self.file_label.setText(str(path))
        self.go.setEnabled(False)
        try:
            header, _ = importer.read_table(path)
        except DomainError as exc:
            self.errors.setText(exc.message(language()))
            return False
        self.errors.setText("")
        known = importer.header_map()
        self.mapping.setRowCount(len(header))
        self.combos: list[QComboBox] = []
        for i, h in enumerate(header):
            self.mapping.setItem(i, 0, QTableWidgetItem(h))
            combo = QComboBox()
            combo.addItem(tr("(ignore)"), None)
            for key, zh, en, _, _ in COLUMNS:
                combo.addItem(pick(zh, en), key)
            guess = known.get(h) or known.get(h.lower())
            combo.setCurrentIndex(max(0, combo.findData(guess)))
            self.mapping.setCellWidget(i, 1, combo)
            self.combos.append(combo)
        return True

    def current_map(self) -> dict[str, str]:
        return {self.mapping.item(i, 0).text(): c.currentData() or "" for i, c in enumerate(self.combos)}

    def dry_run(self) -> importer.Report | None:
        if self.path is None:
            return None
        try:
            self.report = importer.dry_run(self.session, self.path, self.current_map())
        except DomainError as exc:
            self.errors.setText(exc.message(language()))
            return None
        self.errors.setText("")
        rows = self.report.rows
        self.results.setRowCount(len(rows))
        names = {"create": tr("create"), "skip": tr("exists, skip"), "error": tr("problem")}
        for i, r in enumerate(rows):
            for col, text in enumerate((str(r.row), f"{names[r.action]} {r.number or ''}",
                                        "；".join(p.text(language()) for p in r.problems))):
                self.results.setItem(i, col, QTableWidgetItem(text))
        bad = len(self.report.errors)
        create = len(self.report.to_create)
        self.summary.setText(tr("{create} to create, {skipped} skipped, {bad} row(s) with problems.").format(
            create=create, skipped=len(rows) - bad - create, bad=bad)
            + (tr(" Correct the file and run again.") if bad else ""))
        self.go.setEnabled(not bad and bool(self.report.to_create))
        return self.report

    def do_import(self) -> jobs.Job | None:
        if self.report is None or self.report.errors or self.path is None:
            return None
        path, mapping = self.path, self.current_map()
        self.go.setEnabled(False)

        def done(report):
            self.imported = report
            self.summary.setText(tr("Imported {to_create}.").format(to_create=len(report.to_create)))

        return jobs.start(self, self.db_path, self.session, tr("Importing…"),
                          lambda s, progress, cancelled: importer.run(s, path, mapping), done, self.errors.setText)
