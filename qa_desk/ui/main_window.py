"""The main window: navigation side bar, menu and toolbar, status bar with user, file and overdue count (and the
file's integrity checks, ``integrity``), auto-lock, log out, the login's seal flushed every minute. Pages:
triage, my tasks, batches on hold, archive, my registrations, register, retention, audit-trail review, trends,
administration: each page and menu entry only for a user the core's permissions allow (``session.may``), never
from role names here; each page built and loaded when first shown. Quitting and logging out first ask every
complaint window with unsaved work (its own question; Cancel in any keeps everything), then back up (on the pool,
its progress shown) and write the logout."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TR_NOOP, QObject, QSettings, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
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
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import deadlines, settings, tasks, users
from qa_desk.core.drafts import DraftStore
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui import background, i18n, integrity, jobs, print_actions
from qa_desk.ui.admin_view import AdminView
from qa_desk.ui.audit_review_view import AuditReviewView
from qa_desk.ui.backup_panel import AutoBackup, BackupDialog
from qa_desk.ui.batches_view import BatchesView
from qa_desk.ui.complaint_window import ComplaintWindow
from qa_desk.ui.holds_view import HoldsView
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.lock import IdleWatcher, LockDialog
from qa_desk.ui.password_dialog import PasswordDialog
from qa_desk.ui.register_view import RegisterView
from qa_desk.ui.registrations_view import RegistrationsView
from qa_desk.ui.retention_view import RetentionView
from qa_desk.ui.tasks_view import TasksView
from qa_desk.ui.triage_view import TriageView

# The QA office's work pages (triage, my tasks, holds, archive, trends, overdue counts) go to whoever may see
# complainants' and patients' data: they list every complaint with it. Reception has "view" too, but only for
# what they registered (their own page, "own_registrations").
QA_WORK = "qa_work"

# What a login wrote is sealed by its key at least this often (and at logout, lock, switch of user and exit).
SEAL_FLUSH_MS = 60_000

class MainWindow(QMainWindow):
    def __init__(self, session: Session, db_path: str, *, drafts_folder: str | None = None,
                 watch: integrity.Watch | None = None) -> None:
        super().__init__()
        self.session = session
        self.db_path = db_path
        self.drafts_folder = drafts_folder
        self.watch = watch
        self.integrity_dialog = None
        self.open_windows: list[ComplaintWindow] = []
        self.counts_shown = False
        self._logged_out: Session | None = None  # the session whose logout is already in the trail
        self.setWindowTitle(tr("QA Desk"))
        self._build()
        self._menus()
        self.watcher: IdleWatcher | None = None
        self._start_idle_lock()
        self.auto_backup = AutoBackup(lambda: self.session, db_path, self)
        self.seal_timer = QTimer(self)
        self.seal_timer.setInterval(SEAL_FLUSH_MS)
        self.seal_timer.timeout.connect(self.flush_seal)
        self.seal_timer.start()
        if watch is not None:
            watch.changed.connect(self.show_integrity)
        self.refresh_status()
        geometry = QSettings("QA Desk", "QA Desk").value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:  # at most the screen's free area (a 1366×768 laptop at 125 % has 1093×614 logical pixels)
            screen = QGuiApplication.primaryScreen()
            free = screen.availableGeometry().size() if screen is not None else None
            self.resize(min(1280, free.width()) if free else 1280, min(760, free.height()) if free else 760)

    def _build(self) -> None:
        """The pages this user may use, each decided by the core's permissions (``session.may``). A page is built
        and loaded the first time it is shown (``page``): a start opens one page, not ten."""
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget()
        self._views: dict[str, QWidget] = {}
        self._makers = {key: (title, make) for key, title, make in self._pages()}
        self.page_keys = list(self._makers)
        for key, (title, _make) in self._makers.items():
            self.nav.addItem(tr(title))
            holder = QWidget()  # the page goes in here when it is first shown
            holder.setObjectName(f"page_{key}")
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.stack.addWidget(holder)
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.setCurrentRow(self._landing_row())
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.user_label, self.file_label, self.overdue_label = QLabel(), QLabel(), QLabel()
        self.overdue_label.setObjectName("overdue")
        self.verify_label, self.integrity_label = QLabel(), QLabel()
        self.verify_label.setObjectName("verify_status")
        self.integrity_label.setObjectName("integrity_warning")
        self.integrity_label.setStyleSheet("color: #b71c1c; font-weight: bold")
        self.statusBar().addWidget(self.integrity_label, 1)
        for w in (self.verify_label, self.user_label, self.file_label, self.overdue_label):
            self.statusBar().addPermanentWidget(w)
        self.verify_label.hide()
        self.integrity_label.hide()

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.page_keys):
            self.page(self.page_keys[row])
        self.stack.setCurrentIndex(row)

    def page(self, key: str) -> QWidget | None:
        """The page ``key``, built (and loaded) now if it was not yet; None when this user is not offered it."""
        if key not in self._makers:
            return None
        if key not in self._views:
            view = self._makers[key][1]()
            self._views[key] = view
            holder = self.stack.widget(self.page_keys.index(key))
            holder.layout().addWidget(self._scrolled(view) if key == "admin" else view)
        return self._views[key]

    def built_pages(self) -> list[str]:
        """The pages built so far (the landing page at start; the others once shown)."""
        return [k for k in self.page_keys if k in self._views]

    # each page under the name the rest of the program (and the tests) know it by; built when asked for
    triage = property(lambda self: self.page("triage"))
    tasks_view = property(lambda self: self.page("tasks"))
    holds_view = property(lambda self: self.page("holds"))
    batches_view = property(lambda self: self.page("batches"))
    archive_view = property(lambda self: self.page("archive"))
    registrations = property(lambda self: self.page("registrations"))
    register_view = property(lambda self: self.page("register"))
    retention_view = property(lambda self: self.page("retention"))
    review_view = property(lambda self: self.page("audit_review"))
    admin = property(lambda self: self.page("admin"))

    def _landing_row(self) -> int:
        """The page this user starts on, as the core says (My tasks for the QA head and the VP), else the first."""
        key = tasks.landing_page(self.session)
        return self.page_keys.index(key) if key in self.page_keys else 0

    def _pages(self) -> list[tuple[str, str, Callable[[], QWidget]]]:
        """(key, title, how to build it) of the pages offered: only what the core lets this user see."""
        s = self.session
        qa = s.may(QA_WORK)
        offered = (
            ("triage", QT_TR_NOOP("Triage"), qa, lambda: self._listing(TriageView(s, db_path=self.db_path))),
            ("tasks", QT_TR_NOOP("My tasks"), qa, lambda: self._listing(TasksView(s, self.db_path))),
            ("holds", QT_TR_NOOP("Batches on hold"), qa, lambda: self._listing(HoldsView(s))),
            ("archive", QT_TR_NOOP("Archive"), qa,
             lambda: self._listing(TriageView(s, archive=True, db_path=self.db_path))),
            ("registrations", QT_TR_NOOP("My registrations"), s.may("own_registrations"), self._registrations),
            ("register", QT_TR_NOOP("Register"), s.may("register_export"), lambda: RegisterView(s, self.db_path)),
            ("retention", QT_TR_NOOP("Retention"), s.may("archive_package"),
             lambda: RetentionView(s, self.db_path)),
            ("audit_review", QT_TR_NOOP("Audit-trail review"), s.may("audit_review"), lambda: AuditReviewView(s)),
            ("trends", QT_TR_NOOP("Trends"), qa, lambda: self._listing(self._dashboard(s))),
            ("admin", QT_TR_NOOP("Administration"), s.may("manage_users"), lambda: AdminView(s, self.db_path)),
            ("batches", QT_TR_NOOP("Batch register"), s.may("batches_view"), lambda: BatchesView(s, self.db_path)),
        )
        return [(key, title, make) for key, title, allowed, make in offered if allowed]

    def _listing(self, view: QWidget) -> QWidget:
        view.open_complaint.connect(self.open_complaint)
        if hasattr(view, "open_page"):
            view.open_page.connect(self.show_page)
        return view

    def show_page(self, key: str) -> None:
        if key in self.page_keys:
            self.nav.setCurrentRow(self.page_keys.index(key))

    def _dashboard(self, s: Session) -> QWidget:
        """The Trends page; its module (and QtCharts, when the page is shown) is imported only when it is built."""
        from qa_desk.ui.dashboard_view import DashboardView

        view = DashboardView(s, self.db_path)
        view.in_triage = self.show_in_triage
        return view

    def show_in_triage(self, ids: list[int], title: str) -> None:
        """A chart's bar on the Trends page: the triage view with exactly the complaints it counts."""
        self.show_page("triage")
        self.page("triage").show_ids(ids, title)

    def _registrations(self) -> RegistrationsView:
        view = self._listing(RegistrationsView(self.session))
        view.new_complaint.connect(lambda: self.new_complaint())
        view.print_blank.connect(self.print_blank)
        return view

    @staticmethod
    def _scrolled(widget: QWidget) -> QScrollArea:
        scroll = QScrollArea()  # users, calendar, settings and backups are taller than a laptop screen
        scroll.setWidgetResizable(True)
        scroll.setWidget(widget)
        return scroll

    def _action(self, name: str, text: str, slot, shortcut=None) -> QAction:
        a = QAction(text, self.chrome)
        a.setObjectName(name)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        a.triggered.connect(lambda _c=False: slot())
        return a

    def _offered(self, permission: str, name: str, text: str, slot, shortcut=None) -> QAction | None:
        """The action when the core lets this user do ``permission``, else None (not shown at all)."""
        return self._action(name, text, slot, shortcut) if self.session.may(permission) else None

    def _menus(self) -> None:
        """Menu and toolbar entries, each only for a user the core lets do it (nothing shown greyed out)."""
        self.setMenuBar(QMenuBar())  # a fresh bar each build: Qt deletes the old one with its menus
        self.chrome = QObject(self)  # owns this build's actions, so a rebuild can retire them together
        self.new_action = self._offered("register", "new_complaint", tr("New complaint…"), self.new_complaint,
                                        QKeySequence.StandardKey.New)
        blank = self._offered("print_blank", "print_blank", tr("Print blank receipt form"), self.print_blank)
        import_ = self._offered("import", "import_ledger", tr("Import a ledger…"), self.import_ledger)
        backup = self._offered("backup", "backup", tr("Backup…"), self.backup)
        refresh = self._action("refresh", tr("Refresh"), self.refresh_all, QKeySequence.StandardKey.Refresh)
        lock = self._action("lock", tr("Lock"), self.lock, "Ctrl+L")
        log_out = self._action("log_out", tr("Log out"), self.log_out)
        quit_ = self._action("quit", tr("Quit"), self.close,
                             QKeySequence.StandardKey.Quit if QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
                             else "Ctrl+Q")  # some platforms define no Quit key
        file_menu = self.menuBar().addMenu(tr("File"))
        for a in (self.new_action, blank, import_, backup, refresh, lock, log_out, quit_):
            if a is not None:
                file_menu.addAction(a)
        lang_menu = self.menuBar().addMenu(tr("Settings"))
        password = QAction(tr("Change password…"), self.chrome)
        password.triggered.connect(lambda: PasswordDialog(self.session, self).exec())
        lang_menu.addAction(password)
        my_key = QAction(tr("My signing key…"), self.chrome)
        my_key.triggered.connect(self.show_my_key)
        lang_menu.addAction(my_key)
        for code, label in (("zh_CN", "中文"), ("en", "English")):
            a = QAction(tr("Language: {label}").format(label=label), self.chrome)
            a.triggered.connect(lambda _c=False, code=code: self.set_language(code))
            lang_menu.addAction(a)
        bar = self.addToolBar(tr("Toolbar"))
        bar.setObjectName("toolbar")
        for a in (self.new_action, refresh, lock):
            if a is not None:
                bar.addAction(a)

    # --- actions -------------------------------------------------------------------------------------------
    def show_my_key(self) -> None:
        """The fingerprint the user reads out when an administrator endorses their key (upgraded files)."""
        from qa_desk.core import keys

        fp = keys.my_fingerprint(self.session)
        text = (tr("Your signing key's fingerprint:") + "\n\n" + " ".join(fp[i:i + 4] for i in range(0, len(fp), 4))
                if fp else tr("This login holds no signing key yet: it is made at your next login once an "
                              "administrator has logged in after the upgrade."))
        QMessageBox.information(self, tr("My signing key"), text)


    def drafts(self) -> DraftStore:
        return DraftStore(self.db_path, self.session.actor.username, self.drafts_folder)

    def new_complaint(self, *, restore: bool | None = None):
        from qa_desk.ui.intake.wizard import IntakeWizard

        wizard = IntakeWizard(self.session, self.drafts(), restore=restore, parent=self)
        if wizard.exec() == QDialog.DialogCode.Accepted and wizard.saved:
            self.refresh_all()
            self.statusBar().showMessage(tr("Registered {number}").format(number=wizard.saved['number']),
                                         8000)
            self._after_intake(wizard.saved)
        return wizard

    def _after_intake(self, saved: dict) -> str:
        """What people do next after an intake: open the complaint, print its receipt record, or register the next
        one. Returns the choice ("open", "print", "next" or "close")."""
        box = QMessageBox(QMessageBox.Icon.Information, tr("Complaint registered"),
                          tr("Complaint {number} is registered. What next?").format(number=saved["number"]),
                          parent=self)
        choices = {}
        if self.session.may("view"):
            choices[box.addButton(tr("Open it"), QMessageBox.ButtonRole.AcceptRole)] = "open"
        if self.session.may("print_record"):
            choices[box.addButton(tr("Print the receipt record…"), QMessageBox.ButtonRole.ActionRole)] = "print"
        choices[box.addButton(tr("Register the next one"), QMessageBox.ButtonRole.ActionRole)] = "next"
        choices[box.addButton(tr("Close"), QMessageBox.ButtonRole.RejectRole)] = "close"
        box.exec()
        choice = choices.get(box.clickedButton(), "close")
        if choice == "open":
            self.open_complaint(saved["id"])
        elif choice == "print":
            print_actions.print_record(self, self.session, saved["id"], "receipt")
        elif choice == "next":
            self.new_complaint(restore=False)
        return choice

    def offer_draft(self) -> None:
        """At start: a draft left by a killed program is offered back."""
        if self.session.may("register") and self.drafts().load():
            self.new_complaint(restore=None)

    def print_blank(self):
        return print_actions.print_blank(self, self.session)

    def import_ledger(self) -> None:
        from qa_desk.ui.import_dialog import ImportDialog

        ImportDialog(self.session, self.db_path, self).exec()
        self.refresh_all()

    def backup(self) -> BackupDialog:
        """Back up from the File menu: for the QA head, who has no Administration page (and the admin)."""
        dialog = BackupDialog(self.session, self.db_path, self)
        dialog.open()
        return dialog

    def open_complaint(self, complaint_id: int) -> ComplaintWindow:
        """One complaint, one window: opening it again brings its window forward (two windows of one record would
        let one overwrite what the other typed)."""
        from qa_desk.core import audit_events

        for open_one in self.open_windows:
            if open_one.cid == complaint_id and open_one.isVisible():
                if open_one.isMinimized():
                    open_one.showNormal()
                open_one.raise_()
                open_one.activateWindow()
                return open_one
        try:
            w = ComplaintWindow(self.session, complaint_id, self)  # refused when this reader may not open it
        except DomainError as exc:
            QMessageBox.warning(self, "QA Desk", exc.message(language()))
            return None
        audit_events.viewed(self.session, complaint_id)
        w.changed.connect(self.refresh_all)
        self.open_windows = [x for x in self.open_windows if x.isVisible()] + [w]
        w.show()
        return w

    def refresh_all(self) -> None:
        """The lists built so far read again (a page not built yet reads when first shown)."""
        for key in ("triage", "archive", "holds", "tasks", "registrations", "batches", "trends"):
            if key in self._views:
                self._views[key].refresh()
        self.refresh_status()

    def refresh_status(self) -> None:
        """User and file at once; the overdue counts come from a background read (they scan the deadlines)."""
        s = self.session
        self.user_label.setText(tr("User: ") + s.actor.display_name)
        self.file_label.setText(tr("Database: ") + self.db_path)
        self.show_integrity()
        if not s.may(QA_WORK):  # the office's overdue work is QA's to see and to do
            self.overdue_label.hide()
            self.counts_shown = True
            return
        if not self.overdue_label.text():
            self.overdue_label.setText(tr("Overdue: …"))
        now = s.now()

        def counts(db):
            return deadlines.overdue_count(db, now), tasks.overdue_capa_count(Session(db, clock=s.clock))

        background.read(self.db_path, counts, self._show_counts, owner=self)

    def _show_counts(self, result: tuple[int, int]) -> None:
        overdue, capa = result
        self.overdue_label.setText(tr("Overdue: {overdue}").format(overdue=overdue) +
                                   (tr("  Overdue CAPA: {capa}").format(capa=capa) if capa else ""))
        self.counts_shown = True

    def show_integrity(self) -> None:
        """The integrity checks' progress and findings for the user now logged in (``integrity.present``)."""
        if self.watch is not None and self._logged_out is not self.session:
            integrity.present(self)

    def flush_seal(self) -> None:
        """Every minute: seal what this login wrote (not while a job writes with the same login's spans)."""
        if not jobs.running():
            self.session.flush_seal()

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
        """Another user took over the workstation: the first one is logged out (once) and sees nothing more."""
        if session.actor.id == self.session.actor.id:
            return
        self._logout()
        self.session = session
        self.rebuild(close_windows=True)

    def _logout(self) -> None:
        """The audit trail's logout entry for the current login, written once however the login ends."""
        if self._logged_out is self.session:
            return
        self._logged_out = self.session
        users.logout(self.session)  # best effort in the core: the user leaves all the same

    def ask_login(self) -> Session | None:
        """The login dialog (the main window is hidden meanwhile); the logged-in session, or None to quit."""
        from qa_desk.ui.app import log_in  # the start's own login: a temporary password is changed at once

        s = self.session
        return log_in(Session(s.db, clock=s.clock, policy=s.policy, checker=s.checker, lang=s.lang))

    def close_complaints(self) -> bool:
        """Each open complaint window asks its own question about unsaved work (``ComplaintWindow.request_close``:
        Save, Discard or Cancel), brought forward first so the user sees which record it is; Cancel in any one
        stops here (False), the windows not yet asked staying open as they are."""
        for w in [x for x in self.open_windows if x.isVisible()]:
            if w.isMinimized():
                w.showNormal()
            w.raise_()
            w.activateWindow()
            if not w.request_close():
                return False
        self.open_windows = []
        return True

    def _end_login(self) -> None:
        """How a login ends, by Log out or by quitting: the exit backup (for a user who may back up; its progress
        shown), then the logout entry."""
        self.auto_backup.on_exit()
        self._logout()

    def log_out(self) -> None:
        """File › Log out: first each record with unsaved work asks (Cancel keeps this login as it is); then the
        login ends (the exit backup, the audited logout), and the login dialog asks who is next; cancelling it
        quits."""
        if not self.close_complaints():
            return
        self._end_login()
        self.hide()
        session = self.ask_login()
        if session is None:
            self.close()
            return
        self.session = session
        self.rebuild(close_windows=True)
        self.show()

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
        for label in (self.user_label, self.file_label, self.overdue_label, self.verify_label, self.integrity_label):
            self.statusBar().removeWidget(label)
            label.deleteLater()
        self.setWindowTitle(tr("QA Desk"))
        self._build()
        self._menus()
        if page in self.page_keys and not close_windows:  # the same user stays on their page; another one lands
            self.nav.setCurrentRow(self.page_keys.index(page))
        self.nav.setFocus()  # the focused widget went with the old pages; the keyboard carries on here
        old.deleteLater()
        self.refresh_status()

    def restored(self) -> None:
        """After a restore every open view shows data that is no longer there: close, the user starts again.
        This workstation learns the restored file's (shorter) chain afresh: the restore was an administrator's."""
        integrity.forget_head(self.db_path)
        for w in self.open_windows:  # closed by the program: what they hold belongs to the file replaced
            w.close()
        self.open_windows = []
        QMessageBox.information(self, "QA Desk", tr("The data was restored. QA Desk closes now; start it and "
                                                    "log in again."))
        self.close()

    def closeEvent(self, event) -> None:  # noqa: N802
        """Closing ends the login: first each record with unsaved work asks (Cancel in any keeps the program
        open), then the exit backup (only for a user who may back up, its progress shown), then the logout entry.
        After a Log out whose next login was cancelled, none of it runs again."""
        if self._logged_out is not self.session and not self.close_complaints():
            event.ignore()
            return
        QSettings("QA Desk", "QA Desk").setValue("main/geometry", self.saveGeometry())
        if self._logged_out is not self.session:
            self._end_login()
        self.seal_timer.stop()
        if self.watch is not None:
            self.watch.cancel()
        app = QApplication.instance()
        if app is not None and self.watcher is not None:
            app.removeEventFilter(self.watcher)
        super().closeEvent(event)
