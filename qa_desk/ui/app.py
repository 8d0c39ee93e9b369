"""Start the GUI: open (or create) the database, load the font, check the clock, first run (the administrator,
then the office's users) or login (with a forced password change when it is temporary), main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from qa_desk.core import settings, users
from qa_desk.core.clock import iso
from qa_desk.core.database import open_database
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session, clock_behind
from qa_desk.ui.fonts import install_app_font
from qa_desk.ui.i18n import language, set_language, tr


def run(db_path: Path, *, lang: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("QA Desk")
    app.setOrganizationName("QA Desk")
    install_app_font(app)
    try:
        opened = open_database(db_path)
    except Exception as exc:  # say why in a dialog instead of a traceback
        set_language(lang or "zh_CN")
        QMessageBox.critical(None, "QA Desk", tr("Cannot open the database {db_path}: {exc}").format(
            db_path=db_path, exc=exc))
        return 2
    from PySide6.QtCore import QSettings

    set_language(lang or QSettings("QA Desk", "QA Desk").value("ui/language") or settings.get(opened.db, "language"))
    base = Session(opened.db)
    if not integrity_ok(base, opened.path):
        return 2
    window = start(base, str(opened.path))
    if window is None:
        return 0
    window.show()
    window.offer_draft()
    return app.exec()


def start(base: Session, db_label: str):
    """Clock check, first run if the file has no users, then login; the main window or None to quit."""
    from qa_desk.ui.main_window import MainWindow

    if not clock_ok(base):
        return None
    if users.count(base.db) == 0 and not first_run(base):
        return None
    session = log_in(base)
    return None if session is None else MainWindow(session, db_label)


def log_in(base: Session) -> Session | None:
    """The login dialog (which forces the change of a temporary or expired password at once); None when the
    user quits."""
    from qa_desk.ui.login import LoginDialog

    login = LoginDialog(base)
    if login.exec() != QDialog.DialogCode.Accepted or login.session is None:
        return None
    return login.session


def first_run(base: Session) -> bool:
    """An empty file: create the administrator, who is logged in to create the office's users one after the
    other, then logged out again; the normal login follows. False when the administrator is not created."""
    from qa_desk.ui.login import FirstRunDialog
    from qa_desk.ui.users_dialogs import FirstUsersDialog

    dlg = FirstRunDialog(base)
    if dlg.exec() != QDialog.DialogCode.Accepted or dlg.session is None:
        return False
    FirstUsersDialog(dlg.session).exec()
    users.logout(dlg.session)
    return True


def clock_warning(base: Session) -> str | None:
    """The warning when the computer's clock is earlier than the newest audit entry, else None."""
    newest = clock_behind(base.db, base.now())
    if newest is None:
        return None
    return tr("The computer's clock ({now}) is earlier than the newest entry of the audit trail ({newest}). "
              "Nothing can be saved until an administrator confirms the clock. Check the computer's date, time "
              "and time zone first.").format(now=_shown(iso(base.now())), newest=_shown(newest))


def _shown(stamp: str) -> str:
    return stamp.replace("T", " ")


def clock_ok(base: Session) -> bool:
    """At start, before login: a clock behind the audit trail is confirmed by an administrator, or the app
    quits (every write would be refused meanwhile)."""
    from qa_desk.ui.users_dialogs import ConfirmClockDialog

    text = clock_warning(base)
    if text is None:
        return True
    box = QMessageBox(QMessageBox.Icon.Warning, "QA Desk", text)
    box.setObjectName("clock_warning")
    confirm = box.addButton(tr("Confirm the clock (administrator)…"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(tr("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not confirm:
        return False
    return ConfirmClockDialog(base).exec() == QDialog.DialogCode.Accepted


def integrity_ok(base: Session, path: Path) -> bool:
    """Quick integrity check at start; on failure say so and offer the latest backup that verifies."""
    from qa_desk.core import backups

    problem = backups.quick_check(base.db)
    if problem is None:
        return True
    good = backups.latest_good(backups.folder(base.db, path), path.stem)
    text = tr("The database {path} failed its integrity check:\n{problem}\n\n").format(path=path, problem=problem)
    if good is None:
        QMessageBox.critical(None, "QA Desk", text + tr("No backup that verifies was found. Contact the "
                                                        "administrator."))
        return False
    box = QMessageBox(QMessageBox.Icon.Critical, "QA Desk", text + tr("The latest backup that verifies is "
                                                                      "{name}. Log in as the administrator to "
                                                                      "restore it? (the current file is kept "
                                                                      "aside)").format(name=good.name))
    restore = box.addButton(tr("Restore that backup"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(tr("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    session = log_in(base)
    if session is None:
        return False
    try:
        aside = backups.restore(session, path, good)
    except DomainError as exc:
        QMessageBox.critical(None, "QA Desk", exc.message(language()))
        return False
    QMessageBox.information(None, "QA Desk", tr("Restored {name}; the previous file is kept as {aside}.").format(
        name=good.name, aside=aside))
    return True
