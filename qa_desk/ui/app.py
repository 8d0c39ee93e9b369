"""Start the GUI: open (or create) the database (one SQLite cannot open gets the restore offer), load the font,
install the wheel guard (``widgets.install_wheel_guard``), start the file's integrity checks in the background
(``integrity``), check the clock, first run (the administrator, then the office's users) or login (with a forced
password change when it is temporary), main window."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from qa_desk.core import backups, settings, users
from qa_desk.core.clock import iso
from qa_desk.core.database import open_database
from qa_desk.core.session import Session, clock_behind
from qa_desk.ui import integrity
from qa_desk.ui.fonts import install_app_font
from qa_desk.ui.i18n import set_language, tr
from qa_desk.ui.widgets import install_wheel_guard


def run(db_path: Path, *, lang: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("QA Desk")
    app.setOrganizationName("QA Desk")
    install_app_font(app)
    install_wheel_guard(app)
    set_language(lang or QSettings("QA Desk", "QA Desk").value("ui/language") or "zh_CN")
    opened = open_file(Path(db_path).expanduser())
    if opened is None:
        return 2
    set_language(lang or QSettings("QA Desk", "QA Desk").value("ui/language") or settings.get(opened.db, "language"))
    base = Session(opened.db)
    watch = integrity.Watch(opened.path, base.clock)
    integrity.remember_backup_folder(opened.path, backups.folder(opened.db, opened.path))
    watch.start()  # the start-up check runs while the user logs in
    window = start(base, str(opened.path), watch=watch)
    if window is None:
        watch.cancel()
        return 0
    window.show()
    window.offer_draft()
    return app.exec()


def open_file(path: Path, *, login=None):
    """Open (or create) the file; one SQLite cannot open gets the offer of the latest backup that verifies
    (``login``: how the administrator logs in for it, the login dialog unless a test says otherwise)."""
    try:
        return open_database(path)
    except sqlite3.DatabaseError as exc:
        if not isinstance(exc, sqlite3.OperationalError):  # damaged, not merely out of reach
            return integrity.restore_unopenable(path, exc, open_database, login or log_in)
        error = exc
    except Exception as exc:  # say why in a dialog instead of a traceback
        error = exc
    QMessageBox.critical(None, "QA Desk", tr("Cannot open the database {db_path}: {exc}").format(
        db_path=path, exc=error))
    return None


def start(base: Session, db_label: str, *, watch=None):
    """Clock check, first run if the file has no users, then login; the main window or None to quit. ``watch``:
    the file's integrity checks (``qa_desk.ui.integrity``), shown in the window once someone is logged in."""
    from qa_desk.ui.main_window import MainWindow

    if not clock_ok(base):
        return None
    if users.count(base.db) == 0 and not first_run(base):
        return None
    session = log_in(base)
    return None if session is None else MainWindow(session, db_label, watch=watch)


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
    return stamp.replace("T", " ")  # to the second, with its zone: a clock that is behind may be behind by seconds


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
