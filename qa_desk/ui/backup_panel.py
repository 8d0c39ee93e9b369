"""Backup and restore (the Administration page and the Backup dialog of the File menu); automatic backups on
exit and once a day. A backup holds every complainant's and patient's personal data, so all of it is offered,
and run automatically, only to a user the core lets back up (``backup``; restoring is ``restore``).

Backups and restores run on a worker thread with their own connection (progress and Cancel through
``jobs``); the core verifies a backup before restoring it and keeps the current file aside."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from qa_desk.core import backups, settings
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui import jobs
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.widgets import error_label

CONFIRM_RESTORE = True  # tests answer the confirmation themselves


class BackupPanel(QGroupBox):
    def __init__(self, session: Session, db_path: str, parent=None) -> None:
        super().__init__(tr("Backup and restore"), parent)
        self.setObjectName("backup_panel")
        self.session, self.db_path = session, Path(db_path)
        self.last_result = None
        layout = QVBoxLayout(self)
        self.where = QLabel()
        self.where.setWordWrap(True)
        layout.addWidget(self.where)
        self.list = QListWidget()
        self.list.setObjectName("backups")
        self.list.setMaximumHeight(130)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.backup_button = QPushButton(tr("Back up now"))
        self.backup_button.setObjectName("backup_now")
        self.backup_button.clicked.connect(lambda: self.backup_now())
        self.restore_button = QPushButton(tr("Restore the selected backup…"))
        self.restore_button.clicked.connect(lambda: self.restore_selected())
        other = QPushButton(tr("Restore from a file…"))
        other.clicked.connect(self.restore_file)
        self.backup_button.setEnabled(session.may("backup"))
        for b in (self.restore_button, other):
            b.setEnabled(session.may("restore"))
        for b in (self.backup_button, self.restore_button, other):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.errors = error_label("backup_errors")
        layout.addWidget(self.errors)
        self.refresh()

    def folder(self) -> Path:
        return backups.folder(self.session.db, self.db_path)

    def refresh(self) -> None:
        last = backups.last_backup_at(self.session.db)
        self.where.setText(tr("Backup folder: {folder}; keeping the last {keep}; last backup: {last}").format(
            folder=self.folder(), keep=settings.get(self.session.db, "backup_keep"),
            last=last.strftime("%Y-%m-%d %H:%M") if last else tr("never")))
        self.list.clear()
        for p in backups.listing(self.folder(), self.db_path.stem, now=self.session.now()):  # none from the future
            item = QListWidgetItem(f"{p.name}    {p.stat().st_size / 1e6:.1f} MB")
            item.setData(256, str(p))
            self.list.addItem(item)

    def backup_now(self, out: Path | None = None) -> jobs.Job:
        def done(made):
            self.last_result = made
            self.status.setText(tr("Backed up to {path} (SHA-256 {sha256}…)").format(
                path=made.path, sha256=made.sha256[:16]))
            self.refresh()

        return jobs.start(self, str(self.db_path), self.session, tr("Backing up…"),
                          lambda s, progress, cancelled: backups.backup(s, self.db_path, out, progress=progress),
                          done, self.errors.setText)

    def restore_selected(self) -> jobs.Job | None:
        item = self.list.currentItem()
        if item is None:
            self.errors.setText(tr("Select a backup in the list first."))
            return None
        return self.restore(Path(item.data(256)))

    def restore_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("Choose a backup file"), str(self.folder()),
                                              "SQLite (*.sqlite3 *.db);;* (*)")
        if name:
            self.restore(Path(name))

    def restore(self, source: Path, *, other_installation_reason: str | None = None) -> jobs.Job | None:
        if other_installation_reason is None and CONFIRM_RESTORE and QMessageBox.question(
                self, "QA Desk", tr("Replace the current data with the backup {name}?\nThe backup is verified "
                                    "first and the current data is kept aside. Log in again afterwards.").format(
                                        name=source.name)
        ) != QMessageBox.StandardButton.Yes:
            return None

        def work(s, progress, cancelled):
            try:
                return backups.restore(s, self.db_path, source, progress=progress,
                                       allow_other_installation=other_installation_reason is not None,
                                       reason=other_installation_reason)
            except DomainError as exc:
                if exc.code != "other_installation":
                    raise
                return exc  # the administrator decides (below), on the GUI thread

        def done(result):
            if isinstance(result, DomainError):
                reason = ask_other_installation(self, result.message(language()))
                if reason:
                    self.restore(source, other_installation_reason=reason)
                else:
                    self.errors.setText(result.message(language()))
                return
            self.last_result = result
            self.status.setText(tr("Restored. The data before the restore is kept in {aside}. Restart QA Desk.").format(
                aside=result))
            self.refresh()
            window = self.window()
            if window is not self and hasattr(window, "restored"):
                window.restored()

        return jobs.start(self, str(self.db_path), self.session, tr("Verifying and restoring…"), work, done,
                          self.errors.setText)


def ask_other_installation(parent, message: str) -> str | None:
    """The administrator's explicit decision to restore another installation's file: a confirmation, then the
    reason (recorded in the restore entry). None when they decline or give no reason."""
    box = QMessageBox(QMessageBox.Icon.Warning, "QA Desk", message + "\n\n" + tr(
        "Restore this file of another installation anyway? Its users, keys and records replace this installation's; "
        "the decision and its reason are recorded in the audit trail."), parent=parent)
    box.setObjectName("other_installation")
    yes = box.addButton(tr("Restore it (administrator's decision)…"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not yes:
        return None
    reason, ok = QInputDialog.getText(parent, tr("Reason"), tr("Why is another installation's file restored?"))
    return reason.strip() if ok and reason.strip() else None


class BackupDialog(QDialog):
    """The File menu's Backup…: the same panel for a user who may back up but has no Administration page."""

    def __init__(self, session: Session, db_path: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Backup and restore"))
        self.panel = BackupPanel(session, db_path, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addWidget(buttons)
        self.resize(720, 360)

    def restored(self) -> None:
        """A restore from this dialog: the main window closes like after one from the Administration page."""
        self.accept()
        parent = self.parentWidget()
        if parent is not None and hasattr(parent, "restored"):
            parent.restored()


class AutoBackup(QObject):
    """Once a day while the program runs (checked hourly), and on exit, when the settings ask for it and the
    user logged in may back up (a reception or inspector login never copies everyone's personal data)."""

    enabled = True  # the test suite switches this off except where it tests it

    def __init__(self, session_of, db_path: str, parent=None) -> None:
        super().__init__(parent)
        self.session_of, self.db_path = session_of, Path(db_path)
        self.timer = QTimer(self)
        self.timer.setInterval(60 * 60 * 1000)
        self.timer.timeout.connect(self.daily)
        self.timer.start()
        self.first = QTimer(self)  # a minute after start; a child timer dies with the window, a bare singleShot not
        self.first.setSingleShot(True)
        self.first.timeout.connect(self.daily)
        self.first.start(60 * 1000)

    def daily(self) -> jobs.Job | None:
        session = self.session_of()
        if not self.enabled or not session.may("backup") or not backups.daily_due(session):
            return None
        return jobs.start(self.parent(), str(self.db_path), session, tr("Daily backup…"),
                          lambda s, progress, cancelled: backups.backup(s, self.db_path, progress=progress,
                                                                        reason="daily"),
                          lambda _made: None, lambda msg: QMessageBox.warning(self.parent(), "QA Desk", msg))

    def on_exit(self) -> backups.Backup | None:
        """The copy must be finished before the program closes (or the next user logs in), so this waits for it;
        it runs on the pool all the same (``jobs.wait``), the window painting and a progress dialog saying
        that it runs (it takes seconds on a big file)."""
        session = self.session_of()
        if not self.enabled or not session.may("backup") or not settings.get(session.db, "backup_on_exit"):
            return None
        made, problem = jobs.wait(self.parent(), str(self.db_path), session, tr("Backing up before exit…"),
                                  lambda s, progress, cancelled: backups.backup(s, self.db_path, progress=progress,
                                                                                reason="exit"))
        if problem is not None:
            QMessageBox.warning(self.parent(), "QA Desk", problem)
        return made
