"""Start the GUI: open (or create) the database, load the font, first run or login, main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from qa_desk.core import settings, users
from qa_desk.core.database import open_database
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
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
    """First-run administrator if needed, then login; returns the main window or None when cancelled."""
    from qa_desk.ui.login import FirstRunDialog, LoginDialog
    from qa_desk.ui.main_window import MainWindow

    if users.count(base.db) == 0 and FirstRunDialog(base).exec() != QDialog.DialogCode.Accepted:
        return None
    login = LoginDialog(base)
    if login.exec() != QDialog.DialogCode.Accepted or login.session is None:
        return None
    return MainWindow(login.session, db_label)


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
    from qa_desk.ui.login import LoginDialog

    login = LoginDialog(base)
    if login.exec() != QDialog.DialogCode.Accepted or login.session is None:
        return False
    try:
        aside = backups.restore(login.session, path, good)
    except DomainError as exc:
        QMessageBox.critical(None, "QA Desk", exc.message(language()))
        return False
    QMessageBox.information(None, "QA Desk", tr("Restored {name}; the previous file is kept as {aside}.").format(
        name=good.name, aside=aside))
    return True
