"""Regenerate the README's screenshots from the real widgets on a demo database.

Run: QT_QPA_PLATFORM=offscreen python -m qa_desk.ui.screenshots docs/screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from qa_desk import demo
    from qa_desk.core import users
    from qa_desk.core.database import open_database
    from qa_desk.core.session import Session
    from qa_desk.ui.fonts import install_app_font
    from qa_desk.ui.i18n import set_language
    from qa_desk.ui.login import LoginDialog
    from qa_desk.ui.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    install_app_font(app)
    path = Path(tempfile.mkdtemp()) / "screens.sqlite3"
    db = open_database(path).db
    base = Session(db)
    demo.generate(base, count=300, seed=7, now=base.now())
    for lang in ("zh_CN", "en"):
        set_language(lang)
        login = LoginDialog(base)
        login.user.setText("inspector")
        login.password.setText("demo")
        login.show()
        app.processEvents()
        login.grab().save(str(out / f"login-{lang}.png"))
        window = MainWindow(users.login(base, "inspector", "demo"), str(path))
        window.resize(900, 560)
        window.show()
        app.processEvents()
        window.grab().save(str(out / f"main-{lang}.png"))
        window.close()
        login.close()
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
