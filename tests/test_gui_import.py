"""The import dialog (issue 13, item 11): the file as read, the mapping of columns and values, the dry run's report
grouped by problem with the sheet's row numbers, and an import that writes nothing until the user confirms, on
the worker with progress and Cancel. Also the receipt tab's "imported from the old ledger" box."""

from __future__ import annotations

import threading

import pytest

pytest.importorskip("pytestqt")

from openpyxl import Workbook  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QMessageBox, QPushButton  # noqa: E402

from qa_desk.core import ledger_import as L  # noqa: E402
from qa_desk.core.typed_values import DateOrder  # noqa: E402
from qa_desk.ui import import_dialog, jobs  # noqa: E402
from qa_desk.ui.i18n import set_language  # noqa: E402
from qa_desk.ui.import_dialog import ImportDialog  # noqa: E402
from qa_desk.ui.import_mapping import CHOOSE, KEEP_EXTRA, LEAVE_OUT  # noqa: E402
from tests.gui_helpers import choose  # noqa: E402

HEADER = ["投诉编号", "投诉日期", "产品名称", "投诉内容", "投诉单位", "投诉人", "严重程度分类", "投诉类别", "结案日期", "状态", "备注"]


def legacy_ledger(path):
    """An office's ledger: a merged title row, a blank row, a totals row, 'Class I', 'Terminated', a closed row,
    and 投诉类别 (nature or category?) that the user has to settle."""
    wb = Workbook()
    ws = wb.active
    ws.append(["2025年投诉台帐"])
    ws.merge_cells("A1:K1")
    ws.append(HEADER)
    ws.append(["TS-2025-001", "2025年3月18日", "维生素C泡腾片", "泡腾片受潮结块", "市第一人民医院", "张女士", "Class I", "质量",
               None, "处理中", "急件"])
    ws.append([None] * 11)
    ws.append(["TS-2025-002", "2025/4/2", "血糖试纸", "读数偏高", None, "李明", "III", "质量", "2025-05-01", "Terminated",
               None])
    ws.append(["TS-2025-003", "2025.04.20", "阿莫西林胶囊", "胶囊破损", "仁和堂药店", None, "II类", "包装", "2025-05-10", "结案",
               "电话回访"])
    ws.append(["合计", "3"])
    wb.save(path)
    return path


@pytest.fixture
def dialog(qtbot, people, db_path, tmp_path):
    set_language("en")
    dlg = ImportDialog(people["inspector"], str(db_path))
    qtbot.addWidget(dlg)
    dlg.ledger_file = legacy_ledger(tmp_path / "old ledger.xlsx")
    assert dlg.load(dlg.ledger_file) is True
    yield dlg
    set_language("zh_CN")


def settle(dlg) -> None:
    """The user's answers for this ledger: 投诉类别 is the category, its words and 'Terminated' named, a channel."""
    choose(dlg.columns.combo_for("投诉类别"), "category")
    choose(dlg.values.combo_for("category", "质量"), "quality_defect")
    choose(dlg.values.combo_for("category", "包装"), "packaging")
    choose(dlg.values.combo_for("status", "Terminated"), "closed")
    choose(dlg.options.channel, "phone")


def finish(qtbot, job) -> None:
    assert job is not None
    qtbot.waitUntil(lambda: job not in jobs._running, timeout=20_000)


def complaints(people) -> list[tuple]:
    return people["inspector"].db.conn.execute(
        "SELECT number, status, import_row, imported_extra FROM complaints ORDER BY import_row").fetchall()


def test_preview_shows_the_rows_as_read_with_the_sheets_numbers(dialog):
    table = dialog.preview.table
    assert [table.verticalHeaderItem(r).text() for r in range(table.rowCount())] == ["3", "5", "6"]
    assert table.horizontalHeaderItem(0).text() == "投诉编号\nA"
    assert table.item(1, 9).text() == "Terminated" and table.item(1, 9).toolTip() == "J5: Terminated"
    skipped = [dialog.preview.skipped.item(i).text() for i in range(dialog.preview.skipped.count())]
    assert skipped == ["row 1: title above the header (A1: 2025年投诉台帐), skipped", "row 4: blank, skipped",
                       "row 7: totals row (A7: 合计), skipped"]
    assert "Header in row 2; 3 data row(s)" in dialog.preview.about.text()


def test_recognised_headers_are_preselected_and_an_ambiguous_one_is_asked(dialog):
    cols = dialog.columns
    assert cols.combo_for("投诉日期").currentData() == "received"
    assert cols.combo_for("投诉人").currentData() == "complainant"
    assert cols.combo_for("备注").currentData() == KEEP_EXTRA
    ambiguous = cols.combo_for("投诉类别")
    assert ambiguous.currentData() == CHOOSE and "Nature or Category" in ambiguous.currentText()
    assert [ambiguous.itemData(i) for i in (1, 2)] == ["nature", "category"]
    assert cols.item(cols.headers.index("投诉类别"), 0).background().color().name() == "#fff3cd"
    assert cols.unsettled() == ["投诉类别"] and dialog.pages.tabText(1) == "Columns (1 to choose)"
    assert dialog.dry_run() is None  # not guessed: the core's layout refusal, in the dialog's error area
    assert "could be 'Nature' or 'Category'" in dialog.errors.text() and dialog.pages.currentIndex() == 1
    assert cols.columns() == {}  # nothing the core would not do by itself
    choose(ambiguous, "category")
    assert cols.unsettled() == [] and dialog.pages.tabText(1) == "Columns"
    assert cols.item(cols.headers.index("投诉类别"), 0).background().style() == Qt.BrushStyle.NoBrush  # no highlight left
    choose(cols.combo_for("备注"), LEAVE_OUT)
    assert cols.columns() == {"投诉类别": "category", "备注": None}


def test_value_map_names_the_words_the_app_does_not_know(dialog):
    values = dialog.values
    assert [(k, v) for k, v in values.combos] == [("status", "Terminated")]  # Class I, III, II类, 处理中, 结案 known
    choose(dialog.columns.combo_for("投诉类别"), "category")
    assert sorted(values.combos) == [("category", "包装"), ("category", "质量"), ("status", "Terminated")]
    assert dialog.pages.tabText(2) == "Values (3 not known)"
    choose(values.combo_for("status", "Terminated"), "closed")
    assert values.values() == {"status": {"Terminated": "closed"}}
    assert dialog.current_map().values == {"status": {"Terminated": "closed"}}
    choose(dialog.columns.combo_for("投诉类别"), "nature")  # the words now belong to the nature
    assert sorted(values.combos) == [("nature", "包装"), ("nature", "质量"), ("status", "Terminated")]
    assert values.combo_for("status", "Terminated").currentData() == "closed"  # an answer survives the rebuild


def test_dry_run_groups_the_problems_and_import_waits_for_a_clean_one(qtbot, dialog, people):
    choose(dialog.columns.combo_for("投诉类别"), "category")
    finish(qtbot, dialog.dry_run())
    plan = dialog.plan
    assert plan is not None and plan.errors and not dialog.go.isEnabled()
    tree = dialog.report.tree
    groups = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert "Channel: required but empty — 3 row(s)" in groups
    assert "Status: values not recognised (a value map can name them) — 1 row(s)" in groups
    status = tree.topLevelItem(groups.index("Status: values not recognised (a value map can name them) — 1 row(s)"))
    assert status.childCount() == 1 and status.child(0).text(0).startswith("Row 5: J5 Status 'Terminated'")
    assert "Columns not imported as fields (1)" in groups and "Rows skipped (3)" in groups
    dialog.report.tree.setCurrentItem(status.child(0))
    dialog.report._select_row(status.child(0))  # as a click does
    assert dialog.report.table.currentRow() == 1 and "Terminated" in dialog.report.detail.text()
    table = dialog.report.table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["3", "5", "6"]
    assert {table.item(r, 1).text() for r in range(3)} == {"problem"}
    assert dialog.do_import() is None and complaints(people) == []
    settle(dialog)
    assert not dialog.go.isEnabled()  # the map changed: the old report does not count
    finish(qtbot, dialog.dry_run())
    assert not dialog.plan.errors and dialog.go.isEnabled()
    rows = [[table.item(r, c).text() for c in range(5)] for r in range(table.rowCount())]
    assert rows == [["3", "create", "TS-2025-001", "", "open (Investigating)"],
                    ["5", "create", "TS-2025-002", "", "Closed (history)"],
                    ["6", "create", "TS-2025-003", "", "Closed (history)"]]
    assert "3 to create (2 closed history, 1 open)" in dialog.report.summary.text()
    choose(dialog.options.date_order, DateOrder.DMY)
    assert not dialog.go.isEnabled() and "changed since the dry run" in dialog.status.text()
    choose(dialog.options.date_order, DateOrder.YMD)
    assert dialog.go.isEnabled()  # the same map as the dry run again


def test_nothing_is_written_until_the_user_confirms(qtbot, dialog, people, monkeypatch):
    settle(dialog)
    finish(qtbot, dialog.dry_run())
    asked: list[str] = []

    def answer(button):
        return lambda _parent, _title, text, *_a: asked.append(text) or button

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    assert dialog.do_import() is None and complaints(people) == []
    assert "3 to create (2 closed history, 1 open)" in asked[0] and "old ledger.xlsx" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    finish(qtbot, dialog.do_import())
    assert dialog.status.text() == "Imported 3 (closed history 2, open 1)."
    rows = complaints(people)
    assert [(n, s, r) for n, s, r, _ in rows] == [("TS-2025-001", "investigating", 3), ("TS-2025-002", "closed", 5),
                                                 ("TS-2025-003", "closed", 6)]
    assert rows[0][3] == '[["备注", "急件"]]'
    assert not dialog.go.isEnabled()  # imported: the same dry run cannot be imported twice
    finish(qtbot, dialog.dry_run())
    assert [r.action for r in dialog.plan.rows] == [L.Action.SKIP] * 3  # the same file again creates nothing


def test_a_refused_import_shows_its_groups(qtbot, dialog, people, monkeypatch):
    """Between the dry run and the import another record took TS-2025-002's number: the core refuses the whole
    import and the dialog shows the refusal's plan, grouped, instead of a traceback."""
    settle(dialog)
    finish(qtbot, dialog.dry_run())
    other = dialog.ledger_file.with_name("first.csv")
    other.write_text("投诉编号,投诉日期,产品名称,投诉内容,投诉单位\nTS-2025-002,2025-01-05,某药,某问题,某医院\n", encoding="utf-8")
    from qa_desk.documents import importer

    importer.run(people["inspector"], other, L.ImportMap(default_channel="phone"))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    finish(qtbot, dialog.do_import())
    assert "refused; nothing was written" in dialog.report.summary.text()
    tree = dialog.report.tree
    groups = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert any(g.startswith("Complaint no.: numbers already used in the database") for g in groups)
    assert [n for n, *_ in complaints(people)] == ["TS-2025-002"]  # only the other file's record
    assert not dialog.go.isEnabled()
    choose(dialog.options.collision, L.Collision.RENUMBER)
    finish(qtbot, dialog.dry_run())
    assert dialog.go.isEnabled() and dialog.plan.rows[1].legacy_number == "TS-2025-002"


def test_cancelled_import_writes_nothing(qtbot, dialog, people, monkeypatch):
    settle(dialog)
    finish(qtbot, dialog.dry_run())
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    gate = threading.Event()  # the worker waits at its first step until Cancel has been pressed
    from qa_desk.documents import importer as documents_importer

    real = documents_importer._sha
    monkeypatch.setattr(documents_importer, "_sha", lambda path: (gate.wait(10), real(path))[1])
    job = dialog.do_import()
    assert not dialog.dry.isEnabled() and not dialog.go.isEnabled()  # one job at a time
    job.dialog.findChild(QPushButton).click()  # the progress dialog's Cancel
    gate.set()
    finish(qtbot, job)
    assert dialog.status.text() == "The import was cancelled; nothing was written."
    assert complaints(people) == [] and dialog.imported is None
    assert dialog.go.isEnabled()  # the dry run still holds: the user may import after all


def test_a_file_changed_after_the_dry_run_is_not_imported(qtbot, dialog, people, monkeypatch):
    settle(dialog)
    finish(qtbot, dialog.dry_run())
    with dialog.ledger_file.open("ab") as f:
        f.write(b"\0")
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    finish(qtbot, dialog.do_import())
    assert "changed after it was read" in dialog.errors.text() and complaints(people) == []


def test_save_and_load_map_round_trip(qtbot, dialog, people, db_path, tmp_path):
    settle(dialog)
    choose(dialog.columns.combo_for("备注"), LEAVE_OUT)
    choose(dialog.options.date_order, DateOrder.MDY)
    choose(dialog.options.collision, L.Collision.SKIP)
    dialog.options.all_open.setChecked(True)
    saved = dialog.current_map()
    out = tmp_path / "map.json"
    assert dialog.save_map(out) and "Map saved" in dialog.status.text()
    assert L.ImportMap.loads(out.read_text(encoding="utf-8")) == saved
    fresh = ImportDialog(people["inspector"], str(db_path))
    qtbot.addWidget(fresh)
    assert fresh.load_map(out)  # a map first, then the file: it applies to the file
    fresh.load(dialog.ledger_file)
    assert fresh.current_map() == saved
    assert fresh.columns.combo_for("投诉类别").currentData() == "category"
    assert fresh.values.combo_for("status", "Terminated").currentData() == "closed"
    assert fresh.options.all_open.isChecked() and fresh.options.channel.currentData() == "phone"
    choose(fresh.columns.combo_for("备注"), KEEP_EXTRA)
    assert fresh.load_map(out) and fresh.current_map() == saved  # and loaded over a file's own answers
    bad = tmp_path / "bad.json"
    bad.write_text('{"columns": 3}', encoding="utf-8")
    assert not fresh.load_map(bad) and "'columns' must be" in fresh.errors.text()


def test_a_big_file_is_read_on_the_worker(qtbot, dialog, monkeypatch, tmp_path):
    monkeypatch.setattr(import_dialog, "SYNC_READ_BYTES", 0)
    csv = tmp_path / "big.csv"
    csv.write_text("投诉日期,产品名称,投诉内容,投诉单位\n2025-01-02,某药,某问题,某医院\n", encoding="utf-8")
    job = dialog.load(csv)
    assert isinstance(job, jobs.Job) and not dialog.dry.isEnabled()
    finish(qtbot, job)
    assert dialog.ledger.path == csv and dialog.preview.table.verticalHeaderItem(0).text() == "2"
    assert dialog.columns.headers == ["投诉日期", "产品名称", "投诉内容", "投诉单位"] and dialog.dry.isEnabled()
    assert dialog.load(tmp_path / "missing.csv") is False  # no size to go by: read at once, refused
    assert "does not exist" in dialog.errors.text() and dialog.ledger is None


def test_an_unreadable_file_is_one_message(dialog, tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert dialog.load(broken) is False
    assert "broken.xlsx" in dialog.errors.text() and dialog.ledger is None and not dialog.dry.isEnabled()


def test_receipt_tab_shows_the_import_mark_and_the_extra_fields(qtbot, dialog, people, monkeypatch):
    from PySide6.QtWidgets import QGroupBox, QLabel

    from qa_desk.ui.complaint_window import ComplaintWindow

    settle(dialog)
    finish(qtbot, dialog.dry_run())
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    finish(qtbot, dialog.do_import())
    cid = people["inspector"].db.conn.execute("SELECT id FROM complaints WHERE import_row = 3").fetchone()[0]

    def shown(who):
        w = ComplaintWindow(people[who], cid)
        qtbot.addWidget(w)
        w.resize(980, 700)
        w.show()
        w.tabs.widget(0).verticalScrollBar().setValue(10_000)
        w.grab().save(f"/tmp/receipt_imported_{who}.png")
        box = w.findChild(QGroupBox, "imported")
        assert box is not None and box.title() == "Imported from the old ledger"
        return [label.text() for label in box.findChildren(QLabel)]

    texts = shown("inspector")
    assert any(t.startswith("imported from old ledger.xlsx row 3") for t in texts)
    assert "备注" in texts and "急件" in texts
    monkeypatch.setattr("qa_desk.core.privacy.may_see", lambda _s: False)
    texts = shown("inspector")
    assert "备注" in texts and "急件" not in texts and "***" in texts


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_screenshot_at_laptop_size(qtbot, people, db_path, tmp_path, lang):
    """The dialog with a file and a dry run at the size it takes on a 1366×768 screen, in the app's font."""
    from PySide6.QtWidgets import QApplication

    from qa_desk.ui.fonts import install_app_font
    from qa_desk.ui.import_dialog import SIZE

    app = QApplication.instance()
    font = app.font()
    install_app_font(app)
    try:
        set_language(lang)
        dlg = ImportDialog(people["inspector"], str(db_path))
        qtbot.addWidget(dlg)
        dlg.load(legacy_ledger(tmp_path / "old ledger.xlsx"))
        dlg.resize(*SIZE)
        dlg.pages.setCurrentIndex(1)
        dlg.grab().save(f"/tmp/import_dialog_{lang}_to_choose.png")  # the ambiguous column, highlighted
        if lang == "en":
            settle(dlg)  # a clean dry run, ready to import
        else:
            choose(dlg.columns.combo_for("投诉类别"), "category")  # problems grouped
        finish(qtbot, dlg.dry_run())
        assert dlg.go.isEnabled() == (lang == "en")
        dlg.resize(*SIZE)
        dlg.show()
        qtbot.waitExposed(dlg)
        assert SIZE[0] <= 1300 and SIZE[1] <= 700
        hint = dlg.minimumSizeHint()
        assert hint.width() <= 1100 and hint.height() <= 600, hint  # room to spare on a 1366×768 screen
        dlg.grab().save(f"/tmp/import_dialog_{lang}.png")
        if lang == "zh_CN":  # every label of the filled dialog is translated (the rest is the file's and the core's)
            from tests.test_translations import assert_all_chinese

            assert assert_all_chinese(dlg, {"class", "terminated", "ledger", "xlsx", "values", "default", "channel",
                                            "pytest", "of", "root", "test", "screenshot", "at", "laptop", "size"}) > 100
        for i in (0, 1, 2):
            dlg.pages.setCurrentIndex(i)
            dlg.grab().save(f"/tmp/import_dialog_{lang}_page{i}.png")
    finally:
        app.setFont(font)
        set_language("zh_CN")
