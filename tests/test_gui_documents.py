"""Printing, exporting and importing from the GUI: off the GUI thread with progress and Cancel, audited."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from qa_desk.core import listing
from qa_desk.ui import jobs, print_actions
from qa_desk.ui.i18n import set_language
from qa_desk.ui.import_dialog import ImportDialog
from qa_desk.ui.register_view import RegisterView
from qa_desk.ui.triage_view import TriageView
from tests import flows


def test_batch_print_of_a_selection_into_one_pdf(qtbot, people, db_path, tmp_path):
    set_language("zh_CN")
    for _ in range(3):
        flows.registered(people)
    view = TriageView(people["inspector"], db_path=str(db_path))
    qtbot.addWidget(view)
    view.table.selectAll()
    out = tmp_path / "batch.pdf"
    job = view.batch_print("receipt", out)
    qtbot.waitUntil(lambda: job not in jobs._running, timeout=20_000)  # the file, then the audit entries
    assert len(PdfReader(str(out)).pages) >= 3
    prints = people["inspector"].db.conn.execute("SELECT count(*) FROM audit_log WHERE action='print'").fetchone()[0]
    assert prints == 3 and job is not None


def test_cancelled_batch_print_writes_nothing(qtbot, people, db_path, tmp_path):
    set_language("en")
    s = people["inspector"]
    ids = [flows.registered(people)["id"] for _ in range(3)]
    out = tmp_path / "cancel.pdf"
    cancels: list[str] = []
    job = print_actions.batch_print(None, str(db_path), s, ids, "receipt", out, on_cancelled=cancels.append)
    job.cancel_event.set()  # Cancel pressed before the worker reached the first record
    qtbot.waitUntil(lambda: job not in jobs._running, timeout=20_000)
    assert cancels == ["Cancelled; no file was written."] and not out.exists()


def test_export_from_the_register_page(qtbot, people, db_path, tmp_path):
    set_language("zh_CN")
    flows.triaged(people)
    page = RegisterView(people["inspector"], str(db_path))
    qtbot.addWidget(page)
    out = tmp_path / "reg.xlsx"
    page.export(out)
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=20_000)
    assert page.last_result["rows"] == 1 and "已导出 1 条" in page.status.text()
    assert load_workbook(out)["台帐"]["D2"].value == "市第一人民医院 / ***"  # masked: the person hidden, not dropped


def test_export_this_list_follows_the_search(qtbot, people, db_path, tmp_path):
    flows.registered(people, description="瓶盖破损渗漏")
    flows.registered(people, description="说明书缺页")
    view = TriageView(people["inspector"], db_path=str(db_path))
    qtbot.addWidget(view)
    view.search.setText("破损")
    view.apply()
    out = tmp_path / "list.xlsx"
    view.export_list(out)
    qtbot.waitUntil(lambda: out.exists(), timeout=20_000)
    rows = list(load_workbook(out).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [r[10] for r in rows] == ["瓶盖破损渗漏"]  # the complaint summary (after quantity and unit)
    assert listing.count(people["inspector"].db, view.model.filter, user_id=None, now=people["inspector"].now()) == 1


def test_import_dialog_maps_dry_runs_and_imports(qtbot, people, db_path, tmp_path, monkeypatch):
    """The dialog's whole path in brief (tests/test_gui_import.py has the details): an ambiguous header is asked,
    the dry run and the import run on the worker, and the import waits for the user's Yes."""
    from PySide6.QtWidgets import QMessageBox

    from tests.gui_helpers import choose

    set_language("zh_CN")
    ledger = tmp_path / "old.csv"
    ledger.write_text("日期,品名,问题,编号,单位名称\n2026-03-01 09:30,维生素C泡腾片,泡腾片受潮结块,LEGACY-7,市第一人民医院\n"
                      "2026-03-04 14:00,血糖试纸,读数偏高,LEGACY-8,仁和堂药店\n", encoding="utf-8")
    dlg = ImportDialog(people["inspector"], str(db_path))
    qtbot.addWidget(dlg)
    assert dlg.load(ledger) is True
    assert dlg.dry_run() is None and "可能是“接收日期”或“结案日期”" in dlg.errors.text()  # 日期: asked, not guessed
    choose(dlg.columns.combo_for("日期"), "received")
    assert dlg.dry_run() is None and "缺少必需的列“投诉内容摘要”" in dlg.errors.text()  # 问题 is not recognised
    choose(dlg.columns.combo_for("问题"), "summary")
    choose(dlg.options.channel, "phone")

    def wait(job):
        assert job is not None, dlg.errors.text()
        qtbot.waitUntil(lambda: job not in jobs._running, timeout=20_000)

    wait(dlg.dry_run())
    assert [r.action for r in dlg.plan.rows] == ["create", "create"] and dlg.go.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    wait(dlg.do_import())
    assert dlg.imported is not None and "已导入 2 条" in dlg.status.text()
    numbers = [r[0] for r in people["inspector"].db.conn.execute("SELECT number FROM complaints ORDER BY id")]
    assert numbers == ["LEGACY-7", "LEGACY-8"]
    wait(dlg.dry_run())
    assert dlg.plan.rows[0].action == "skip"  # the same file again creates nothing


def test_print_from_the_complaint_window(qtbot, people, tmp_path):
    c = flows.triaged(people)
    out = print_actions.print_record(None, people["inspector"], c["id"], "receipt", tmp_path / "r.pdf")
    assert out and Path(out).exists()
