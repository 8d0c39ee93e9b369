"""Import an old complaint ledger: choose the file, see its rows as they will be read, say what its columns and
words mean, dry-run it, and import only what the dry run showed, after the user confirms.

Offered only to a user the core lets import (``import``: QA roles); the core checks again. Every decision about
the file is the core's (``importer`` / ``ledger_import``): the dialog builds an ``ImportMap`` from the user's
answers, shows the core's report, and refuses to import unless the last dry run had no problems, something to
create, and was made with the same file and the same map as now (any change asks for a new dry run).

The dry run and the import run on the worker (``jobs.start``: progress and Cancel; a cancelled import writes
nothing, the core's one transaction rolls back). Reading the file for the preview is done at once for files up
to ``SYNC_READ_BYTES``: the reader takes well under a second for them, and showing the rows at once keeps the
dialog simple; a bigger file is read on the worker so the window never freezes (the reader refuses a hostile file
within seconds either way).

Built for a 1366×768 laptop: the pages (file, columns, values, report) are tabs beside a narrow column of
options and actions, and the dialog never asks for more than 1240×680.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import ledger_import as L
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.documents import importer
from qa_desk.ui import jobs
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.import_mapping import ColumnMap, ImportOptions, ValueMap
from qa_desk.ui.import_report import DryRunReport, LedgerPreview
from qa_desk.ui.widgets import error_label, error_text

SYNC_READ_BYTES = 2 * 1024 * 1024
SIZE = (1240, 680)  # fits a 1366×768 screen with its task bar and the window's title bar


def import_now(session: Session, path: Path, imap: L.ImportMap, ledger, expect: L.Plan, progress, cancelled):
    """The worker's import of exactly the dry run the user confirmed (``expect``: the core refuses when the file or
    the database changed since); a refusal with row problems comes back as the ``ImportRefused`` itself (its plan
    is what the dialog shows), not as a failure message."""
    try:
        return importer.run(session, path, imap, ledger=ledger, progress=progress, cancelled=cancelled,
                            expect=expect)
    except L.ImportRefused as refused:
        return refused


class ImportDialog(QDialog):
    def __init__(self, session: Session, db_path: str, parent=None) -> None:
        super().__init__(parent)
        self.session, self.db_path = session, db_path
        self.path: Path | None = None
        self.ledger = None  # the file as read (``ledger_reader.Ledger``)
        self.base = L.ImportMap()  # a map loaded before any file: applied to the next file
        self.plan: L.Plan | None = None  # the last dry run
        self.plan_key: str | None = None  # the file and map it was made with
        self.imported: L.Plan | None = None
        self.job: jobs.Job | None = None
        self.setWindowTitle(tr("Import a complaint ledger"))
        self.setSizeGripEnabled(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self._top_bar())
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._pages())
        split.addWidget(self._side())
        split.setStretchFactor(0, 1)
        split.setCollapsible(0, False)
        layout.addWidget(split, 1)
        self._fit()
        self._refresh()

    # --- building ----------------------------------------------------------------------------------------
    def _fit(self) -> None:
        """SIZE, or less on a smaller screen, so the whole dialog is always on the screen."""
        w, h = SIZE
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            w, h = min(w, screen.width() - 40), min(h, screen.height() - 60)
        self.resize(max(w, 640), max(h, 480))

    def _top_bar(self) -> QHBoxLayout:
        choose = QPushButton(tr("Choose a file (.xlsx / .csv)…"))
        choose.setObjectName("choose_file")
        choose.clicked.connect(self.choose)
        self.file_label = QLabel(tr("No file chosen"))
        self.file_label.setObjectName("file")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        load = QPushButton(tr("Load map…"))
        load.setObjectName("load_map")
        load.clicked.connect(lambda: self.load_map())
        save = QPushButton(tr("Save map…"))
        save.setObjectName("save_map")
        save.clicked.connect(lambda: self.save_map())
        bar = QHBoxLayout()
        bar.addWidget(choose)
        bar.addWidget(self.file_label, 1)
        bar.addWidget(load)
        bar.addWidget(save)
        return bar

    def _pages(self) -> QTabWidget:
        pol = self.session.policy
        self.preview = LedgerPreview()
        self.columns = ColumnMap()
        self.columns.changed.connect(self._columns_changed)
        self.values = ValueMap(pol)
        self.values.changed.connect(self._refresh)
        self.report = DryRunReport(pol)
        self.pages = QTabWidget()
        self.pages.setObjectName("pages")
        self.pages.addTab(self.preview, tr("File as read"))
        self.pages.addTab(self._page(tr("What each column of the file is. Recognised headers are chosen already; a "
                                        "highlighted one could mean two fields: choose which. Required fields are "
                                        "marked *."), self.columns), "")
        self.pages.addTab(self._page(tr("Words in the file's vocabulary columns that the app does not know: say what "
                                        "each means, or leave it and the dry run lists its rows."), self.values), "")
        self.pages.addTab(self.report, tr("Dry run report"))
        return self.pages

    @staticmethod
    def _page(note: str, body: QWidget) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        text = QLabel(note)
        text.setWordWrap(True)
        lay.addWidget(text)
        lay.addWidget(body, 1)
        return page

    def _side(self) -> QWidget:
        """The narrow column beside the pages: options, the two actions, what happened, Close."""
        self.options = ImportOptions(self.session.policy)
        self.options.changed.connect(self._refresh)
        self.dry = QPushButton(tr("Dry run (writes nothing)"))
        self.dry.setObjectName("dry_run")
        self.dry.clicked.connect(lambda: self.dry_run())
        self.go = QPushButton(tr("Import…"))
        self.go.setObjectName("do_import")
        self.go.clicked.connect(lambda: self.do_import())
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.reject)
        side = QWidget()
        side.setMinimumWidth(300)
        side.setMaximumWidth(380)
        lay = QVBoxLayout(side)
        lay.setContentsMargins(0, 0, 0, 0)
        for w in (self.options, self.dry, self.go):
            lay.addWidget(w)
        lay.addWidget(self._messages(), 1)
        lay.addWidget(close)
        return side

    def _messages(self) -> QScrollArea:
        """The status (summary, what to do next) and the error area; scrolls when a refusal lists many lines."""
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.errors = error_label("import_errors")
        self.errors.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        messages = QWidget()
        box = QVBoxLayout(messages)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.status)
        box.addWidget(self.errors)
        box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(messages)
        return scroll

    # --- state -------------------------------------------------------------------------------------------
    def current_map(self) -> L.ImportMap:
        """The user's answers as the core takes them."""
        columns = self.columns.columns() if self.columns.headers else dict(self.base.columns)
        return L.ImportMap(columns=columns, values=self.values.values(), **self.options.values())

    def _key(self, imap: L.ImportMap) -> str:
        return json.dumps([str(self.path), imap.to_json()], sort_keys=True, ensure_ascii=False)

    def import_ready(self) -> bool:
        """Import only what a clean dry run of this very file and map showed."""
        p = self.plan
        return (self.job is None and p is not None and not p.errors and bool(p.to_create)
                and self.plan_key == self._key(self.current_map()))

    def _refresh(self) -> None:
        waiting = len(self.columns.unsettled())
        self.pages.setTabText(1, tr("Columns ({n} to choose)").format(n=waiting) if waiting else tr("Columns"))
        unknown = self.values.waiting()
        self.pages.setTabText(2, tr("Values ({n} not known)").format(n=unknown) if unknown else tr("Values"))
        self.dry.setEnabled(self.ledger is not None and self.job is None and self.session.may("import"))
        self.go.setEnabled(self.import_ready())
        if self.plan is not None and self.job is None and self.plan_key != self._key(self.current_map()):
            self.status.setText(tr("The map or the options changed since the dry run: run it again before "
                                   "importing."))

    def _columns_changed(self) -> None:
        if self.ledger is not None:
            self.values.show_values(self.ledger, self.columns.targets())
        self._refresh()

    # --- the file ----------------------------------------------------------------------------------------
    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("Choose the ledger"), "", "Excel / CSV (*.xlsx *.csv)")
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> bool | jobs.Job:
        """Read ``path`` for the preview: at once when small (True/False), else on the worker (the job)."""
        path = Path(path)
        self.errors.setText("")
        try:
            size = path.stat().st_size
        except OSError:
            size = 0  # the reader says what is wrong with it
        if size > SYNC_READ_BYTES:
            return self._start(tr("Reading {name}…").format(name=path.name),
                               lambda _s, _progress, _cancelled: importer.read(path),
                               lambda ledger: self._loaded(path, ledger), lambda m: self._unreadable(path, m))
        try:
            ledger = importer.read(path)
        except DomainError as exc:
            self._unreadable(path, error_text(exc))
            return False
        self._loaded(path, ledger)
        return True

    def _unreadable(self, path: Path, message: str) -> None:
        self.path, self.ledger, self.plan = None, None, None
        self.file_label.setText(str(path))
        self.errors.setText(message)
        self._refresh()

    def _loaded(self, path: Path, ledger) -> None:
        """Show a file just read; the answers given so far (or a map loaded before it) carry over."""
        given = self.columns.columns() if self.columns.headers else dict(self.base.columns)
        self.path, self.ledger, self.plan, self.imported = path, ledger, None, None
        self.file_label.setText(str(path))
        self.preview.show_ledger(ledger)
        self.columns.show_ledger(ledger, given)
        self.report.clear(tr("No dry run yet: it checks every row and writes nothing."))
        self.status.setText(tr("Check the columns and values, then run the dry run."))
        self.pages.setCurrentWidget(self.preview)
        self._refresh()

    # --- maps --------------------------------------------------------------------------------------------
    def save_map(self, path: Path | None = None) -> bool:
        path = path or jobs.ask_save_path(self, tr("Save the import map"), "import-map.json",
                                          tr("Import map (*.json)"))
        if path is None:
            return False
        try:
            importer.save_map(self.current_map(), Path(path))
        except DomainError as exc:
            self.errors.setText(error_text(exc))
            return False
        self.status.setText(tr("Map saved to {path}").format(path=path))
        return True

    def load_map(self, path: Path | None = None) -> bool:
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, tr("Load an import map"), "", tr("Import map (*.json)"))
            path = Path(name) if name else None
        if path is None:
            return False
        try:
            imap = importer.load_map(Path(path))
        except DomainError as exc:
            self.errors.setText(error_text(exc))
            return False
        self._apply_map(imap)
        self.status.setText(tr("Map loaded from {path}").format(path=path))
        return True

    def _apply_map(self, imap: L.ImportMap) -> None:
        self.errors.setText("")
        self.options.apply(imap)
        self.values.load(imap.values)
        if not self.columns.headers:
            self.base = imap
            self._refresh()
            return
        self.columns.apply(imap.columns, reset=True)
        if self.columns.unknown:
            self.errors.setText(tr("The map names no known field for these columns, so they keep their own "
                                   "reading: {headers}").format(headers=", ".join(self.columns.unknown)))

    # --- the dry run and the import ------------------------------------------------------------------------
    def _start(self, title: str, work, done, failed=None) -> jobs.Job:
        """Run ``work`` on the worker with progress and Cancel; the buttons wait for it."""

        def finish(then):
            def call(result):
                self.job = None
                then(result)
                self._refresh()
            return call

        self.job = jobs.start(self, self.db_path, self.session, title, work, finish(done),
                              finish(failed or self.errors.setText), finish(self.status.setText))
        self._refresh()
        return self.job

    def dry_run(self) -> jobs.Job | None:
        """Check every row on the worker; the layout (which column is which) is settled here first, so a refusal
        lists its columns at once."""
        if self.ledger is None or self.job is not None:
            return None
        imap = self.current_map()
        try:
            L.layout(self.ledger, imap)
        except DomainError as exc:
            self.errors.setText(error_text(exc))
            if self.columns.unsettled():
                self.pages.setCurrentIndex(1)
            return None
        self.errors.setText("")
        key, path, ledger = self._key(imap), self.path, self.ledger
        return self._start(tr("Dry run: checking every row…"),
                           lambda s, progress, cancelled: importer.dry_run(s, path, imap, ledger=ledger,
                                                                           progress=progress, cancelled=cancelled),
                           lambda plan: self._dry_done(plan, key))

    def _dry_done(self, plan: L.Plan, key: str) -> None:
        self.plan, self.plan_key = plan, key
        self.report.show_plan(plan)
        self.pages.setCurrentWidget(self.report)
        if plan.errors:
            hint = tr("Correct the file or the map (columns, values, options) and run the dry run again.")
        elif not plan.to_create:
            hint = tr("Nothing to import.")
        else:
            hint = tr("Ready: Import writes exactly these records, after you confirm.")
        self.status.setText(plan.summary(language()) + "\n\n" + hint)

    def _confirm(self, plan: L.Plan) -> bool:
        text = tr("Import {file} now?\n\n{summary}\n\nEverything is written in one step; nothing is written unless "
                  "you answer Yes.").format(file=plan.filename, summary=plan.summary(language()))
        answer = QMessageBox.question(self, tr("Import"), text, QMessageBox.StandardButton.Yes |
                                      QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def do_import(self) -> jobs.Job | None:
        if not self.import_ready() or not self._confirm(self.plan):
            return None
        plan, path, ledger, imap = self.plan, self.path, self.ledger, self.current_map()
        return self._start(tr("Importing…"),
                           lambda s, progress, cancelled: import_now(s, path, imap, ledger, plan, progress,
                                                                     cancelled),
                           self._import_done)

    def _import_done(self, result) -> None:
        if isinstance(result, L.ImportRefused):
            self.plan = result.plan
            self.report.show_plan(result.plan, tr("The import was refused; nothing was written."))
            self.status.setText(error_text(result))
            self.pages.setCurrentWidget(self.report)
            return
        self.imported, self.plan = result, None
        done = tr("Imported {n} (closed history {closed}, open {open}).").format(
            n=len(result.to_create), closed=result.closed, open=result.open)
        self.report.show_plan(result, done)
        self.status.setText(done)

    def reject(self) -> None:
        """Closing while a job runs asks it to stop instead (its progress dialog stays until it has)."""
        if self.job is not None:
            self.job.cancel_event.set()
            return
        super().reject()
