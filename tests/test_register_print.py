"""The Excel register as it prints from Excel or LibreOffice, and in the language of the user who exports it.

Read back with openpyxl (print settings, widths, heights, conditional formats, charts) and, for the default cell
format that openpyxl does not model, from the saved styles.xml itself.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from qa_desk.core import register_rows
from qa_desk.documents import register, register_print
from tests import flows

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
LONG = ("患者反映该批次胶囊在开盒后发现多粒胶囊破损、内容物外漏，另有两粒颜色明显发暗，"
        "怀疑储存条件异常或生产过程中封口不良，要求企业调查并书面答复处理结果。")


@pytest.fixture
def exported(people, tmp_path):
    """A short and a long complaint exported by the inspector, once in Chinese and once in English."""
    flows.registered(people)
    flows.registered(people, description=LONG)
    s = people["inspector"]
    out = {}
    for lang in ("zh_CN", "en"):
        path = tmp_path / f"register-{lang}.xlsx"
        out[lang] = (path, register.export(s, path, lang=lang))
    return out


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_sheet_prints_on_a4_fitted_to_the_width_only(exported, lang):
    path, _ = exported[lang]
    wb = load_workbook(path)
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0  # as many pages down as needed
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.oddFooter.center.text == "&P / &N" and ws.oddHeader.left.text == "QA-F-006 A/0"
    reg, stats, about = wb.worksheets
    assert reg.page_setup.orientation == "landscape" and stats.page_setup.orientation == "landscape"
    assert about.page_setup.orientation == "portrait"
    assert reg.print_title_rows == "$1:$1"  # the header row on every printed page
    assert reg.freeze_panes == "A2"
    assert reg.page_margins.left <= 0.25 and reg.page_margins.right <= 0.25


def test_the_columns_are_narrow_enough_for_a_readable_print(exported):
    """Fitted to the width of A4 landscape, the printed size is 11 pt × the page width over the columns' width:
    the columns together stay near 225 digit widths (about 7 pt printed; 3 pt before)."""
    ws = load_workbook(exported["zh_CN"][0]).worksheets[0]
    widths = [ws.column_dimensions[chr(ord("A") + i)].width for i in range(len(register.COLUMNS))]
    assert sum(widths) <= 230
    printable_mm, digit_mm = 297 - 2 * 0.2 * 25.4, 7 * 25.4 / 96
    assert 11 * printable_mm / (sum(widths) * digit_mm) >= 6.5  # points, before LibreOffice's cell padding


def test_text_wraps_by_default_and_rows_are_as_high_as_their_text(exported):
    path, _ = exported["zh_CN"]
    with zipfile.ZipFile(path) as z:
        styles = ElementTree.fromstring(z.read("xl/styles.xml"))
    for table in ("cellXfs", "cellStyleXfs"):  # the first entry formats every cell written without a style
        first = styles.find(f"m:{table}/m:xf", NS)
        assert first.find("m:alignment", NS).get("wrapText") == "1", table
    ws = load_workbook(path).worksheets[0]
    assert ws["A1"].alignment.wrap_text and ws["A1"].font.b
    long_row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 11).value == LONG)
    short_row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 11).value != LONG)
    lines = register_print.lines(LONG, register.COLUMNS[10][3])
    assert lines >= 4
    assert ws.row_dimensions[long_row].height == pytest.approx(register_print.LINE_PT * lines + 2)
    assert (ws.row_dimensions[short_row].height or 15) < ws.row_dimensions[long_row].height
    assert ws.column_dimensions["A"].alignment.wrap_text is not False


def test_a_long_text_grows_its_row_only_up_to_the_limit(people, tmp_path):
    flows.registered(people, description=LONG * 6)
    out = tmp_path / "r.xlsx"
    register.export(people["inspector"], out, lang="zh_CN")
    ws = load_workbook(out).worksheets[0]
    limit = register_print.settings()["excel"]["max_row_lines"]
    assert ws.row_dimensions[2].height == pytest.approx(register_print.LINE_PT * limit + 2)
    assert ws["K2"].value == LONG * 6  # the cell keeps the whole text


def test_the_class_is_coloured_by_conditional_formats(exported, people):
    ws = load_workbook(exported["zh_CN"][0]).worksheets[0]
    rules = {r.formula[0].strip('"'): r for cf in ws.conditional_formatting for r in cf.rules}
    for code, cls in people["inspector"].policy.classes.items():
        assert rules[code].dxf.fill.fgColor.rgb.upper().endswith(cls.colour.lstrip("#").upper())
        assert rules[code].dxf.font.b
    assert all(str(cf.sqref).startswith("N2:N") for cf in ws.conditional_formatting)


def test_each_chart_prints_on_a_page_of_its_own(exported):
    ws = load_workbook(exported["zh_CN"][0]).worksheets[1]
    assert [b.id for b in ws.row_breaks.brk] == [register.CHART_PAGE_ROWS, 2 * register.CHART_PAGE_ROWS]
    anchors = sorted(c.anchor._from.row for c in ws._charts)
    assert anchors == [0, register.CHART_PAGE_ROWS]  # A1 and the first row after the first break
    page_cm = register.CHART_PAGE_ROWS * register_print.LINE_PT / 72 * 2.54
    assert all(c.height < page_cm and c.width < 27 for c in ws._charts)  # A4 landscape less the margins
    assert ws.cell(2 * register.CHART_PAGE_ROWS + 1, 1).value == "月份"  # the tables the charts draw


def test_labels_follow_the_language_of_the_user_who_exports(exported, people):
    """The session's own language is Chinese; the user's screen decides (the GUI passes its language)."""
    assert people["inspector"].lang.startswith("zh")
    zh = load_workbook(exported["zh_CN"][0])
    en = load_workbook(exported["en"][0])
    assert zh.sheetnames == ["台帐", "统计", "关于此导出"]
    assert en.sheetnames == ["Register", "Statistics", "About this export"]
    zh_row = [c.value for c in zh["台帐"][2]]
    en_row = [c.value for c in en["Register"][2]]
    assert zh["台帐"]["A1"].value == "投诉编号" and en["Register"]["A1"].value == "Complaint no."
    status = register_rows.KEYS.index("status")
    assert zh_row[status] == "已登记" or zh_row[status].startswith("已")
    assert en_row[status].isascii() and en_row[status] != zh_row[status]
    assert en["Register"].oddHeader.center.text == "Complaint Register"
    assert zh["台帐"].oddHeader.center.text == "用户投诉登记台帐"
    assert en["Register"].column_dimensions["Z"].width > register.COLUMNS[-1][3]  # "Overdue" needs more than the Chinese 是否逾期


def test_the_about_sheet_speaks_the_export_language(exported, people, tmp_path):
    zh = {r[0].value: r[1].value for r in load_workbook(exported["zh_CN"][0])["关于此导出"].iter_rows()}
    en = {r[0].value: r[1].value for r in load_workbook(exported["en"][0])["About this export"].iter_rows()}
    assert zh["筛选条件"] == "全部投诉" and en["Filter"] == "all complaints"
    assert all("all complaints" not in str(v) and "masked" not in str(v) for v in zh.values())
    assert zh["个人信息"] == "已屏蔽" and en["Personal data"] == "masked"
    assert zh["行数"] == en["Rows"] == 2
    assert "审计" in zh["文件校验"] and "audit entry" in en["File check"]
    f = register.RegisterFilter(classes=("II",), statuses=("registered",), ids=[1, 2])
    out = tmp_path / "f.xlsx"
    register.export(people["inspector"], out, f, lang="zh_CN")
    about = {r[0].value: r[1].value for r in load_workbook(out)["关于此导出"].iter_rows()}
    assert about["筛选条件"] == "分类 II 类；状态 已登记；选定的 2 条投诉"
    assert f.describe() == "class II; status registered; 2 selected"  # the audit entry keeps the codes


def test_the_export_and_the_bare_rows_agree(people, tmp_path):
    """The export writes what core.register_rows gives, masked, in the order of the columns."""
    flows.registered(people)
    s = people["inspector"]
    rows = list(register.rows(s, register.RegisterFilter(), unmasked=False, lang="en"))
    out = tmp_path / "r.xlsx"
    register.export(s, out, lang="en")
    sheet = [list(r) for r in load_workbook(out, read_only=True).worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert len(sheet) == len(rows) == 1
    for key, value in rows[0].items():
        got = sheet[0][register_rows.KEYS.index(key)]
        if key == "received":
            assert got.replace(microsecond=0) == value.replace(microsecond=0)
        elif key in ("expiry", "reply_date", "closed") and value is not None:
            assert got.date() == value
        else:
            assert got == (value if value != "" else None), key
    assert "***" in rows[0]["complainant"]


@pytest.mark.parametrize(("screen", "sheet", "header"), [("en", "Register", "Complaint no."), ("zh_CN", "台帐", "投诉编号")])
def test_an_export_from_the_screen_is_in_the_screens_language(qtbot, people, db_path, tmp_path, screen, sheet, header):
    """Both export buttons (the Register page and "export this list") pass the screen's language; the core
    session under them stays Chinese."""
    from qa_desk.ui import jobs
    from qa_desk.ui.i18n import set_language
    from qa_desk.ui.register_view import RegisterView
    from qa_desk.ui.triage_view import TriageView

    flows.triaged(people)
    set_language(screen)
    try:
        page = RegisterView(people["inspector"], str(db_path))
        qtbot.addWidget(page)
        page.export(tmp_path / "page.xlsx")
        qtbot.waitUntil(lambda: page.last_result is not None, timeout=20_000)
        view = TriageView(people["inspector"], db_path=str(db_path))
        qtbot.addWidget(view)
        job = view.export_list(tmp_path / "list.xlsx")
        qtbot.waitUntil(lambda: job not in jobs._running, timeout=20_000)
    finally:
        set_language("zh_CN")
    for name in ("page.xlsx", "list.xlsx"):
        wb = load_workbook(tmp_path / name)
        assert wb.sheetnames[0] == sheet and wb[sheet]["A1"].value == header, name


def test_text_that_looks_like_a_formula_stays_text_in_every_kind_of_column(people, tmp_path):
    flows.registered(people, description="=1+1", strength="-5ml", product_name="+阿莫西林")
    out = tmp_path / "r.xlsx"
    register.export(people["inspector"], out, lang="zh_CN")
    ws = load_workbook(out).worksheets[0]
    for key, text in (("summary", "=1+1"), ("strength", "-5ml"), ("product", "+阿莫西林")):
        cell = ws.cell(2, register_rows.KEYS.index(key) + 1)
        assert cell.value == text and cell.data_type == "s", key


@pytest.mark.parametrize(("sql", "value"), [
    ("UPDATE complaints SET received_at = ? WHERE id = ?", "not a time"),
    ("UPDATE complaints SET expiry_date = ? WHERE id = ?", "2026-13-45"),
    ("UPDATE complaints SET closed_at = ? WHERE id = ?", b"\x01"),
    ("UPDATE complaints SET description = ? WHERE id = ?", b"\xe6\xa0\xb7\x01"),
    ("UPDATE complaints SET complainant_org = ? WHERE id = ?", "某医院\x01\x02"),
    ("UPDATE complaints SET quantity = ? WHERE id = ?", "lots\x07"),
])
def test_a_value_edited_outside_qa_desk_is_exported_as_stored(people, db_path, tmp_path, sql, value):
    """One record changed with sqlite3 never stops the export of the register (verify is what names it): a time
    that is no time is shown as stored, a blob as its text, a control character as �."""
    import sqlite3

    c = flows.registered(people)
    flows.registered(people)
    conn = sqlite3.connect(db_path)
    conn.execute(sql, (value, c["id"]))
    conn.commit()
    conn.close()
    out = tmp_path / "r.xlsx"
    result = register.export(people["inspector"], out, lang="en")
    assert result["rows"] == 2
    cells = [v for v in next(load_workbook(out).worksheets[0].iter_rows(min_row=2, max_row=2, values_only=True))]
    assert not any(isinstance(v, str) and any(ord(ch) < 32 and ch not in "\t\n" for ch in v) for v in cells)
    if value == "not a time":
        assert cells[1] == "not a time" and cells[register_rows.KEYS.index("days_open")] is None


def test_a_voided_complaint_stops_counting_its_days_open(people, clock):
    """Days open run from receipt to closure; a voided complaint's stop at its void, not at today (the register
    showed 613 days for complaints voided long ago)."""
    c = flows.registered(people)
    clock.sleep(3 * 86400)
    flows.void(people, c["id"])
    clock.sleep(30 * 86400)
    row = next(r for r in register_rows.rows(people["qahead"], register_rows.RegisterFilter(), unmasked=False,
                                             lang="en") if r["number"] == c["number"])
    assert row["days_open"] == 3


def test_overdue_is_yes_only_for_an_open_complaint_with_a_missed_deadline(people, clock):
    """The overdue column is read for open complaints only (a closed or voided one is never overdue, whatever
    deadlines it left unmet), and only a deadline already past counts."""
    late, voided = flows.registered(people), flows.registered(people)
    flows.void(people, voided["id"])
    clock.sleep(10 * 86400)  # past the acknowledgement and first-reply deadlines of both
    fresh = flows.registered(people)
    rows = {r["number"]: r["overdue"] for r in register_rows.rows(
        people["qahead"], register_rows.RegisterFilter(), unmasked=False, lang="en")}
    assert rows == {late["number"]: "yes", voided["number"]: "", fresh["number"]: ""}


def test_the_audit_entry_keeps_the_sha256_of_the_file_itself(exported, people):
    """Anyone can check a register file they were given against the trail with any SHA-256 tool."""
    entries = [json.loads(n) for (n,) in people["inspector"].db.conn.execute(
        "SELECT new FROM audit_log WHERE action = 'export' ORDER BY id")]
    for (path, result), entry in zip(exported.values(), entries, strict=True):
        assert result["sha256"] == entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert entry["file"] == path.name and entry["rows"] == 2
