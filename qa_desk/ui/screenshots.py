"""Regenerate the README's screenshots from the real widgets on a demo database.

Run: QT_QPA_PLATFORM=offscreen python -m qa_desk.ui.screenshots docs/screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


LAPTOP = (1366, 728)  # a 1366×768 laptop screen less its task bar: every window is shown at the size it must fit


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
    from qa_desk.ui import backup_panel
    from qa_desk.ui.complaint_window import ComplaintWindow
    from qa_desk.ui.fonts import install_app_font
    from qa_desk.ui.i18n import set_language
    from qa_desk.ui.intake.wizard import IntakeWizard
    from qa_desk.ui.login import LoginDialog
    from qa_desk.ui.main_window import MainWindow

    backup_panel.AutoBackup.enabled = False  # screenshots never back up into the user's folder
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):  # the document renders (docs/render_documents.py) are not ours to remove
        if not old.name.startswith(("form-", "register-libreoffice")):
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
    window.resize(*LAPTOP)
    _grab(app, window, out / "triage.png")
    window.nav.setCurrentRow(1)
    _grab(app, window, out / "tasks.png")
    set_language("en")  # the same window switched at once (without saving the choice in the user's settings)
    window.nav.setCurrentRow(0)
    window.rebuild(close_windows=False)
    _grab(app, window, out / "triage-en.png")
    set_language("zh_CN")
    window.rebuild(close_windows=False)
    cid = db.conn.execute("SELECT id FROM complaints WHERE class = 'II' AND status = 'investigating' "
                          "ORDER BY id DESC LIMIT 1").fetchone()[0]
    _evidence(inspector, cid)
    cw = ComplaintWindow(inspector, cid)
    cw.resize(*LAPTOP)
    _grab(app, cw, out / "complaint.png")
    _attachments_shot(app, cw, out)
    cw.tabs.setCurrentIndex(2)
    _grab(app, cw, out / "complaint-history.png")
    _investigation_shots(app, base, inspector, out)
    _import_shot(app, inspector, path, tmp, out)
    wiz = IntakeWizard(inspector, DraftStore(path, "inspector", tmp), restore=False)
    _wizard_pages(app, wiz, out, QWizard)
    window.close()
    _head_and_admin_pages(app, base, path, tmp, out)
    print(f"screenshots written to {out}")


def _evidence(session, cid: int) -> None:
    """Two photos of the evidence, drawn here, so the attachments panel has something to show."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage, QPainter

    from qa_desk.core import attachments

    for name, colour in (("瓶身照片.png", "#c62828"), ("批号标签.png", "#1565c0")):
        image = QImage(320, 240, QImage.Format.Format_RGB32)
        image.fill(QColor("#eeeeee"))
        painter = QPainter(image)
        painter.fillRect(60, 40, 200, 160, QColor(colour))
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        attachments.add(session, cid, name, bytes(data), reason="投诉人补发的照片")
    attachments.add(session, cid, "检验报告.pdf", _lab_report_pdf(), reason="QC 检验报告")


def _lab_report_pdf() -> bytes:
    """A one-page QC report as a PDF, drawn with reportlab and the bundled font, for the in-app PDF view."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from qa_desk.documents.pdf import FONT, register_font

    register_font()
    font = FONT
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, initialFontName=FONT)
    pdf.setFont(font, 18)
    pdf.drawString(72, 770, "质量控制部 检验报告")
    pdf.setFont(font, 11)
    for i, line in enumerate(("样品：留样 2 瓶（与投诉批次相同）", "检验项目：外观、装量、有关物质",
                              "结论：留样符合规定；投诉样品瓶身破损，内容物未见异常。", "检验员：王芳    复核：李娜")):
        pdf.drawString(72, 730 - 22 * i, line)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _attachments_shot(app, cw, out: Path) -> None:
    from PySide6.QtWidgets import QScrollArea

    from qa_desk.ui.attachments_panel import AttachmentsPanel

    panel = cw.findChild(AttachmentsPanel)
    scroll = cw.tabs.widget(0)
    if panel is not None and isinstance(scroll, QScrollArea):
        cw.show()
        app.processEvents()
        scroll.ensureWidgetVisible(panel)
    _grab(app, cw, out / "attachments.png")
    if panel is not None:  # the QC report opened in the app's own PDF view
        for i in range(panel.files.count()):
            if panel.files.item(i).text().startswith("检验报告"):
                viewer = panel.view_item(panel.files.item(i))
                if viewer is not None:
                    viewer.resize(900, 680)
                    _grab(app, viewer, out / "attachment-pdf.png")
                    viewer.close()


def _import_shot(app, inspector, path: Path, tmp: Path, out: Path) -> None:
    """The import dialog after a dry run of an office's old ledger: a merged title, mixed dates, a blank row, a
    totals row, a person's name, closed history, a value it does not know ("Terminated") and an unmapped column."""
    from datetime import datetime

    from openpyxl import Workbook

    from qa_desk.documents import importer
    from qa_desk.ui.import_dialog import SIZE, ImportDialog

    wb = Workbook()
    ws = wb.active
    for row in (["2025 年用户投诉登记台帐"],
                ["投诉编号", "投诉日期", "投诉渠道", "投诉单位/投诉人", "产品名称", "批号", "数量", "投诉内容", "严重程度分类",
                 "状态", "处理人", "结案日期", "备注"],
                ["KS-2025-01", "2025年3月18日", "电话", "张女士", "阿莫西林胶囊", "b2501", "2盒", "胶囊破损", "Class III",
                 "已结案", "刘工", "2025.04.20", "客户很急"],
                ["KS-2025-02", "2025/4/2", "信函", "市第一人民医院", "头孢克肟片", "B2502", "5盒", "铝塑板漏液", "II",
                 "Terminated", "刘工", "2025-05-06", None],
                [None] * 13,
                ["KS-2025-03", datetime(2025, 6, 1, 9, 30), "微信", "李明", "维生素C泡腾片", "V2503", "1瓶", "泡腾片受潮",
                 "IV", "调查中", None, None, "样品已寄回"],
                ["合计", None, None, None, None, None, None, None, None, None, None, None, None]):
        ws.append(row)
    ws.merge_cells("A1:M1")
    ledger = tmp / "2025台帐.xlsx"
    wb.save(ledger)
    dlg = ImportDialog(inspector, str(path))
    dlg.load(ledger)
    dlg.resize(*SIZE)
    dlg._dry_done(importer.dry_run(inspector, ledger, dlg.current_map(), ledger=dlg.ledger),
                  dlg._key(dlg.current_map()))  # the worker's result, shown without waiting for a thread
    _grab(app, dlg, out / "import-dry-run.png")
    dlg.pages.setCurrentIndex(0)
    _grab(app, dlg, out / "import-file.png")
    dlg.close()


def _head_and_admin_pages(app, base, path: Path, tmp: Path, out: Path) -> None:
    from qa_desk.core import users
    from qa_desk.ui.main_window import MainWindow

    head = users.login(base, "qahead", "demo")
    window = MainWindow(head, str(path), drafts_folder=str(tmp))
    window.resize(*LAPTOP)
    window.nav.setCurrentRow(window.page_keys.index("audit_review"))
    window.review_view.findings.setText("未发现异常；3 次查看超出职责范围已核实为培训演示")
    _grab(app, window, out / "audit-review.png")
    window.nav.setCurrentRow(window.page_keys.index("retention"))
    _grab(app, window, out / "retention.png")
    _trends_shots(app, head, window, out)
    window.close()
    admin = users.login(base, "admin", "demo")
    window = MainWindow(admin, str(path), drafts_folder=str(tmp))
    window.resize(*LAPTOP)
    window.nav.setCurrentRow(window.page_keys.index("admin"))
    _grab(app, window, out / "administration.png")
    window.close()


def _trends_shots(app, head, window, out: Path) -> None:
    """The Trends page of the QA head: the monthly chart and the signal list, after a scan of the demo file."""
    import time

    from qa_desk.core import signals

    signals.scan(head)
    window.nav.setCurrentRow(window.page_keys.index("trends"))
    view = window.page("trends")
    done: list[int] = []
    view.loaded.connect(lambda: done.append(1))
    deadline = time.time() + 60
    while not done and time.time() < deadline:  # the figures are read off the GUI thread
        app.processEvents()
        time.sleep(0.01)
    _grab(app, window, out / "trends.png")
    view.tabs.setCurrentIndex(view.signals_index)
    _grab(app, window, out / "trends-signals.png")


def _investigation_shots(app, base, inspector, out: Path) -> None:
    """The investigation tab, the CAPA table and the signature dialog on a complaint under investigation."""
    from qa_desk.core import complaints, users
    from qa_desk.core import investigation as inv
    from qa_desk.ui.complaint_window import ComplaintWindow
    from qa_desk.ui.i18n import tr
    from qa_desk.ui.report_dialog import ReportDialog
    from qa_desk.ui.sign_dialog import SignDialog
    from qa_desk.ui.tabs.actions_tab import ActionsTab
    from qa_desk.ui.tabs.findings_tab import FindingsTab
    from qa_desk.ui.tabs.investigation_tab import InvestigationTab

    db = base.db
    row = db.conn.execute("SELECT c.id, c.owner_id FROM complaints c WHERE c.status = 'investigating' AND "
                          "c.adverse_event = 1 ORDER BY c.id DESC LIMIT 1").fetchone() or db.conn.execute(
        "SELECT id, owner_id FROM complaints WHERE status = 'investigating' ORDER BY id DESC LIMIT 1").fetchone()
    cid = row[0]
    owner = db.conn.execute("SELECT username FROM users WHERE id = ?", (row[1],)).fetchone()[0]
    s = users.login(base, owner, "demo")
    items = inv.checklist(s, cid)
    finding = items[-3]
    open_items = [{"item": r["item"], "result": "ok"} for r in items[:-3] if not r.get("result")]
    if open_items:  # the demo may have decided some already; a change of a decided one would need a reason
        inv.decide_items(s, cid, open_items)
    inv.decide_items(s, cid, [{"item": finding["item"], "result": "finding", "note": "物料平衡 97.6%，低于限度 98.0%"}],
                     reason=None if not finding.get("result") else "复核物料平衡记录后改判")
    if not inv.capa_for(s, cid):
        inv.add_capa(s, cid, description="修订清场SOP并对贴签岗位再培训", owner_dept="生产部", owner="生产部经理",
                     due_date=s.now().date().replace(day=28), change_control_ref="CC-2026-031")
        inv.add_capa(s, cid, description="增加贴签工序在线视觉检测", owner_dept="设备部", owner="设备部经理",
                     due_date=s.now().date().replace(day=28), kind="preventive")
    inv.set_findings(s, cid, inv.Findings(
        five_whys=["为什么物料平衡偏低？贴签工序剔除量大", "为什么剔除量大？标签卷材对位偏移", "为什么偏移？张力控制器老化"],
        fishbone={"machine": ["张力控制器老化"], "method": ["换卷后未做首件确认"]}, root_cause="贴签机张力控制器老化导致标签偏移",
        root_cause_category="machine", conclusion="confirmed", risk_severity="minor", risk_likelihood="occasional",
        scope_units=2400, scope_batches="250803"))
    inv.set_market_action(s, cid, action="return_exchange", note="为投诉人换货")
    w = ComplaintWindow(s, cid)
    w.resize(*LAPTOP)
    w.tabs.setCurrentWidget(w.tab(InvestigationTab))
    _grab(app, w, out / "investigation.png")
    w.tabs.setCurrentWidget(w.tab(FindingsTab))
    _grab(app, w, out / "root-cause.png")
    w.tabs.setCurrentWidget(w.tab(ActionsTab))
    _grab(app, w, out / "capa.png")
    dlg = SignDialog(s, cid, meaning="proposed", action=tr("propose the conclusion for review"), sign=lambda pw: None)
    dlg.password.setText("demo")
    _grab(app, dlg, out / "sign-dialog.png")
    dlg.close()
    report = ReportDialog(s, complaints.get(db, cid), "严重药品质量问题报告")
    report.authority.setText("省药品监督管理局")
    report.reference.setText("ZLBG-2026-0815")
    _grab(app, report, out / "report-dialog.png")
    report.review()
    _grab(app, report, out / "report-confirm.png")
    report.close()
    w.close()


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
    sys.stdout.flush()
    os._exit(0)  # skip PySide's teardown at exit, which can crash after all the images are written
