"""Regenerate the README's screenshots from the real widgets on a demo database.

Run: QT_QPA_PLATFORM=offscreen python -m qa_desk.ui.screenshots docs/screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _grab(app, widget, path: Path) -> None:
    widget.show()
    for _ in range(3):
        app.processEvents()
    widget.grab().save(str(path))


def main(out: Path) -> None:
    from PySide6.QtWidgets import QApplication, QWizard

    from qa_desk import demo
    from qa_desk.core import users
    from qa_desk.core.database import open_database
    from qa_desk.core.drafts import DraftStore
    from qa_desk.core.session import Session
    from qa_desk.ui.complaint_window import ComplaintWindow
    from qa_desk.ui.fonts import install_app_font
    from qa_desk.ui.i18n import set_language
    from qa_desk.ui.intake.wizard import IntakeWizard
    from qa_desk.ui.login import LoginDialog
    from qa_desk.ui.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    app = QApplication.instance() or QApplication(sys.argv)
    install_app_font(app)
    tmp = Path(tempfile.mkdtemp())
    path = tmp / "screens.sqlite3"
    db = open_database(path).db
    base = Session(db)
    demo.generate(base, count=400, seed=7, now=base.now())
    set_language("zh_CN")
    login = LoginDialog(base)
    login.user.setText("inspector")
    login.password.setText("demo")
    _grab(app, login, out / "login.png")
    login.close()
    inspector = users.login(base, "inspector", "demo")
    window = MainWindow(inspector, str(path), drafts_folder=str(tmp))
    window.resize(1400, 760)
    _grab(app, window, out / "triage.png")
    window.nav.setCurrentRow(1)
    _grab(app, window, out / "tasks.png")
    cid = db.conn.execute("SELECT id FROM complaints WHERE class = 'II' AND status = 'investigating' "
                          "ORDER BY id DESC LIMIT 1").fetchone()[0]
    cw = ComplaintWindow(inspector, cid)
    _grab(app, cw, out / "complaint.png")
    cw.tabs.setCurrentIndex(2)
    _grab(app, cw, out / "complaint-history.png")
    wiz = IntakeWizard(inspector, DraftStore(path, "inspector", tmp), restore=False)
    _wizard_pages(app, wiz, out, QWizard)
    window.close()
    print(f"screenshots written to {out}")


def _wizard_pages(app, wiz, out: Path, QWizard) -> None:  # noqa: N803
    pages = wiz.pages
    pages[0].fields["channel"].setCurrentIndex(pages[0].fields["channel"].findData("phone"))
    pages[0].fields["acknowledged"].setChecked(True)
    pages[0].fields["ack_method"].setCurrentIndex(pages[0].fields["ack_method"].findData("phone"))
    p = pages[1].fields
    p["complainant_type"].setCurrentIndex(p["complainant_type"].findData("hospital"))
    p["complainant_name"].setText("陈医生")
    p["complainant_org"].setText("市第一人民医院药剂科")
    p["phone"].setText("0571-88001234")
    p = pages[2].fields
    row = wiz.session.db.conn.execute("SELECT product_name, strength, batch_no FROM complaints WHERE batch_no IS NOT "
                                      "NULL GROUP BY batch_no ORDER BY count(*) DESC LIMIT 1").fetchone()
    p["product_name"].setText(row[0])
    p["strength"].setText(row[1] or "")
    p["batch_no"].setText(row[2])
    p["mfg_date"].setText("2025-01-05")
    p["expiry_date"].setText("2027-01-04")
    p["quantity"].setText("2")
    p["unit"].setText("盒")
    pages[2].refresh_related()
    p = pages[3].fields
    p["description"].setPlainText("打开包装后发现胶囊破损，瓶内有黑色异物。")
    p["request"].setText("要求退货并书面说明原因")
    p["sample_available"].setChecked(True)
    c = pages[5].fields
    c["nature"].setCurrentIndex(c["nature"].findData("quality"))
    c["category"].setCurrentIndex(c["category"].findData("quality_defect"))
    c["defect_type"].setCurrentIndex(c["defect_type"].findData("chem_phys_contamination"))
    c["reportability_rationale"].setText("无不良反应，非严重质量问题，无需报告")
    wiz.resize(820, 680)
    wiz.show()
    for i in range(len(pages)):
        _grab(app, wiz, out / f"wizard-{i + 1}-{type(wiz.currentPage()).__name__.replace('Page', '').lower()}.png")
        if i < len(pages) - 1:
            wiz.next()
    wiz.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
