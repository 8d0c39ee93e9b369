"""Start the GUI: open (or create) the database, load the font, first run or login, main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from qa_desk.core import settings, users
from qa_desk.core.database import open_database
from qa_desk.core.session import Session
from qa_desk.ui.fonts import install_app_font
from qa_desk.ui.i18n import T, set_language


def run(db_path: Path, *, lang: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("QA Desk")
    app.setOrganizationName("QA Desk")
    install_app_font(app)
    try:
        opened = open_database(db_path)
    except Exception as exc:  # say why in a dialog instead of a traceback
        set_language(lang or "zh_CN")
        QMessageBox.critical(None, "QA Desk", T(f"无法打开数据库 {db_path}：{exc}", f"Cannot open the database {db_path}: {exc}"))
        return 2
    from PySide6.QtCore import QSettings

    set_language(lang or QSettings("QA Desk", "QA Desk").value("ui/language") or settings.get(opened.db, "language"))
    base = Session(opened.db)
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
