"""The main window: navigation side bar, menu and toolbar, status bar with user, file and overdue count,
auto-lock. Pages: triage, my tasks, register, trends, archive, administration."""

from __future__ import annotations

from PySide6.QtCore import QT_TR_NOOP, QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenuBar,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from qa_desk.core import deadlines, settings, tasks
from qa_desk.core import roles as R
from qa_desk.core.drafts import DraftStore
from qa_desk.core.session import Session
from qa_desk.ui import background, i18n
from qa_desk.ui.admin_view import AdminView
from qa_desk.ui.audit_review_view import AuditReviewView
from qa_desk.ui.backup_panel import AutoBackup
from qa_desk.ui.complaint_window import ComplaintWindow
from qa_desk.ui.holds_view import HoldsView
from qa_desk.ui.i18n import tr
from qa_desk.ui.lock import IdleWatcher, LockDialog
from qa_desk.ui.password_dialog import PasswordDialog
from qa_desk.ui.register_view import RegisterView
from qa_desk.ui.retention_view import RetentionView
from qa_desk.ui.tasks_view import TasksView
from qa_desk.ui.triage_view import TriageView

COMING = {
    "trends": QT_TR_NOOP("Statistics and early warning come in a later release."),
}


class MainWindow(QMainWindow):
    def __init__(self, session: Session, db_path: str, *, drafts_folder: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.db_path = db_path
        self.drafts_folder = drafts_folder
        self.open_windows: list[ComplaintWindow] = []
        self.counts_shown = False
        self.setWindowTitle(tr("QA Desk"))
        self._build()
        self._menus()
        self.watcher: IdleWatcher | None = None
        self._start_idle_lock()
        self.auto_backup = AutoBackup(lambda: self.session, db_path, self)
        self.refresh_status()
        geometry = QSettings("QA Desk", "QA Desk").value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 760)

    def _build(self) -> None:
        s = self.session
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget()
        self.triage = TriageView(s, db_path=self.db_path) if s.actor.roles - {R.ADMIN} else None
        self.tasks_view = TasksView(s, self.db_path)
        # pages only some roles get: None for a user without them, never a page left from the previous build
        self.retention_view: RetentionView | None = None
        self.review_view: AuditReviewView | None = None
        self.admin: AdminView | None = None
        pages = []
        if self.triage is not None:
            self.triage.open_complaint.connect(self.open_complaint)
            pages.append(("triage", QT_TR_NOOP("Triage"), self.triage))
        self.tasks_view.open_complaint.connect(self.open_complaint)
        pages.append(("tasks", QT_TR_NOOP("My tasks"), self.tasks_view))
        self.holds_view = HoldsView(s)
        self.holds_view.open_complaint.connect(self.open_complaint)
        pages.append(("holds", QT_TR_NOOP("Batches on hold"), self.holds_view))
        self.archive_view = TriageView(s, archive=True, db_path=self.db_path) if self.triage is not None else None
        if self.archive_view is not None:
            self.archive_view.open_complaint.connect(self.open_complaint)
            pages.append(("archive", QT_TR_NOOP("Archive"), self.archive_view))
        self.register_view = RegisterView(s, self.db_path)
        pages.append(("register", QT_TR_NOOP("Register"), self.register_view))
        if s.actor.is_qa:
            self.retention_view = RetentionView(s, self.db_path)
            pages.append(("retention", QT_TR_NOOP("Retention"), self.retention_view))
        if s.actor.has(R.QA_HEAD):
            self.review_view = AuditReviewView(s)
            pages.append(("audit_review", QT_TR_NOOP("Audit-trail review"), self.review_view))
        for key, title in (("trends", QT_TR_NOOP("Trends")),):
            label = QLabel(tr(COMING[key]))
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignTop)
            pages.append((key, title, label))
        if s.actor.has(R.ADMIN):
            self.admin = AdminView(s, self.db_path)
            scroll = QScrollArea()  # users, calendar, settings and backups are taller than a laptop screen
            scroll.setWidgetResizable(True)
            scroll.setWidget(self.admin)
            pages.append(("admin", QT_TR_NOOP("Administration"), scroll))
        self.page_keys = [p[0] for p in pages]
        for _key, title, widget in pages:
            self.nav.addItem(tr(title))
            self.stack.addWidget(widget)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.user_label, self.file_label, self.overdue_label = QLabel(), QLabel(), QLabel()
        self.overdue_label.setObjectName("overdue")
        for w in (self.user_label, self.file_label, self.overdue_label):
            self.statusBar().addPermanentWidget(w)

    def _menus(self) -> None:
        self.setMenuBar(QMenuBar())  # a fresh bar each build: Qt deletes the old one with its menus
        self.chrome = QObject(self)  # owns this build's actions, so a rebuild can retire them together
        can_register = self.session.actor.has(R.INSPECTOR, R.RECEPTION)
        self.new_action = QAction(tr("New complaint…"), self.chrome)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setEnabled(can_register)
        self.new_action.triggered.connect(self.new_complaint)
        refresh = QAction(tr("Refresh"), self.chrome)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh_all)
        lock = QAction(tr("Lock"), self.chrome)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.triggered.connect(self.lock)
        quit_ = QAction(tr("Quit"), self.chrome)
        quit_.setShortcut(QKeySequence.StandardKey.Quit)
        quit_.triggered.connect(self.close)
        file_menu = self.menuBar().addMenu(tr("File"))
        for a in (self.new_action, refresh, lock, quit_):
            file_menu.addAction(a)
        lang_menu = self.menuBar().addMenu(tr("Settings"))
        password = QAction(tr("Change password…"), self.chrome)
        password.triggered.connect(lambda: PasswordDialog(self.session, self).exec())
        lang_menu.addAction(password)
        for code, label in (("zh_CN", "中文"), ("en", "English")):
            a = QAction(tr("Language: {label}").format(label=label), self.chrome)
            a.triggered.connect(lambda _c=False, code=code: self.set_language(code))
            lang_menu.addAction(a)
        bar = self.addToolBar(tr("Toolbar"))
        bar.setObjectName("toolbar")
        bar.addAction(self.new_action)
        bar.addAction(refresh)
        bar.addAction(lock)

    # --- actions -------------------------------------------------------------------------------------------
    def drafts(self) -> DraftStore:
        return DraftStore(self.db_path, self.session.actor.username, self.drafts_folder)

    def new_complaint(self, *, restore: bool | None = None):
        from qa_desk.ui.intake.wizard import IntakeWizard

        wizard = IntakeWizard(self.session, self.drafts(), restore=restore, parent=self)
        if wizard.exec() == QDialog.DialogCode.Accepted and wizard.saved:
            self.refresh_all()
            self.statusBar().showMessage(tr("Registered {number}").format(number=wizard.saved['number']),
                                         8000)
        return wizard

    def offer_draft(self) -> None:
        """At start: a draft left by a killed program is offered back."""
        if self.session.actor.has(R.INSPECTOR, R.RECEPTION) and self.drafts().load():
            self.new_complaint(restore=None)

    def open_complaint(self, complaint_id: int) -> ComplaintWindow:
        from qa_desk.core import audit_events

        audit_events.viewed(self.session, complaint_id)
        w = ComplaintWindow(self.session, complaint_id, self)
        w.changed.connect(self.refresh_all)
        self.open_windows = [x for x in self.open_windows if x.isVisible()] + [w]
        w.show()
        return w

    def refresh_all(self) -> None:
        for view in (self.triage, self.archive_view):
            if view is not None:
                view.refresh()
        self.holds_view.refresh()
        self.tasks_view.refresh()
        self.refresh_status()

    def refresh_status(self) -> None:
        """User and file at once; the overdue counts come from a background read (they scan the deadlines)."""
        s = self.session
        self.user_label.setText(tr("User: ") + s.actor.display_name)
        self.file_label.setText(tr("Database: ") + self.db_path)
        if not self.overdue_label.text():
            self.overdue_label.setText(tr("Overdue: …"))
        now = s.now()

        def counts(db):
            return deadlines.overdue_count(db, now), tasks.overdue_capa_count(Session(db, clock=s.clock))

        background.read(self.db_path, counts, self._show_counts)

    def _show_counts(self, result: tuple[int, int]) -> None:
        overdue, capa = result
        self.overdue_label.setText(tr("Overdue: {overdue}").format(overdue=overdue) +
                                   (tr("  Overdue CAPA: {capa}").format(capa=capa) if capa else ""))
        self.counts_shown = True

    def set_language(self, code: str) -> None:
        """Switch at once and remember it for this workstation: catalogues swapped, pages and menus built again.

        Complaint windows already open stay as they are (in the old language) so nothing typed in them is lost."""
        QSettings("QA Desk", "QA Desk").setValue("ui/language", code)
        if i18n.normalise(code) == i18n.language():
            return
        i18n.set_language(code)
        self.rebuild(close_windows=False)

    # --- auto-lock -----------------------------------------------------------------------------------------
    def _start_idle_lock(self) -> None:
        minutes = settings.get(self.session.db, "idle_lock_minutes")
        self.watcher = IdleWatcher(minutes, self)
        self.watcher.idle.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.watcher)

    def lock(self) -> Session:
        dlg = LockDialog(self.session, self)
        dlg.exec()
        if dlg.session is not None:
            self.switch_user(dlg.session)
        return self.session

    def switch_user(self, session: Session) -> None:
        if session.actor.id == self.session.actor.id:
            return
        self.session = session
        self.rebuild(close_windows=True)

    def rebuild(self, *, close_windows: bool) -> None:
        """Pages, menus and status bar built again (another user, another language).

        The old actions lose their shortcuts at once: until their deferred deletion two actions would share
        each shortcut, and Qt runs neither of an ambiguous pair."""
        if close_windows:  # another user must not inherit the first one's open records
            for w in self.open_windows:
                w.close()
            self.open_windows = []
        page = self.page_keys[self.nav.currentRow()] if self.nav.currentRow() >= 0 else None
        old = self.centralWidget()
        for action in self.chrome.findChildren(QAction):
            action.setShortcut(QKeySequence())
        self.chrome.deleteLater()
        for bar in self.findChildren(QToolBar):
            self.removeToolBar(bar)
            bar.deleteLater()
        for label in (self.user_label, self.file_label, self.overdue_label):
            self.statusBar().removeWidget(label)
            label.deleteLater()
        self.setWindowTitle(tr("QA Desk"))
        self._build()
        self._menus()
        if page in self.page_keys:
            self.nav.setCurrentRow(self.page_keys.index(page))
        self.nav.setFocus()  # the focused widget went with the old pages; the keyboard carries on here
        old.deleteLater()
        self.refresh_status()

    def restored(self) -> None:
        """After a restore every open view shows data that is no longer there: close, the user starts again."""
        QMessageBox.information(self, "QA Desk", tr("The data was restored. QA Desk closes now; start it and "
                                                    "log in again."))
        self.close()

    def closeEvent(self, event) -> None:  # noqa: N802
        QSettings("QA Desk", "QA Desk").setValue("main/geometry", self.saveGeometry())
        self.auto_backup.on_exit()
        app = QApplication.instance()
        if app is not None and self.watcher is not None:
            app.removeEventFilter(self.watcher)
        super().closeEvent(event)
