"""The legacy-ledger reader: its own row numbers and cell names, skipped rows listed, hostile files refused."""

from __future__ import annotations

import codecs
import random
import re
import resource
import struct
import time
import tracemalloc
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from qa_desk.core.errors import DomainError
from qa_desk.documents.ledger_reader import MB, Limits, Skipped, read_ledger

HEADER = ["投诉编号", "接收日期", "产品名称", "批号", "投诉内容"]
FILL = PatternFill("solid", fgColor="FFFF00")
DEFAULTS = Limits()


def _save(wb: Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def _rewrite(path: Path, out: Path, replace: dict[str, object]) -> Path:
    """Copy the workbook at ``path`` to ``out`` with some entries replaced: bytes, or a callable taking the old
    bytes, or an iterable of chunks streamed into the entry."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            new = replace.get(info.filename)
            if new is None:
                dst.writestr(info.filename, src.read(info.filename))
            elif isinstance(new, bytes):
                dst.writestr(info.filename, new)
            elif callable(new):
                dst.writestr(info.filename, new(src.read(info.filename)))
            else:
                with dst.open(info.filename, "w", force_zip64=True) as fh:
                    for chunk in new:
                        fh.write(chunk)
    return out


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _handmade(path: Path, sheet: bytes | list[bytes], shared: bytes | list[bytes] | None = None) -> Path:
    """A minimal workbook written part by part (as other tools write them: shared strings, no dimension unless
    the sheet XML has one); a part given as a list of chunks is streamed into the zip."""
    ct = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
          'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
             'officedocument.spreadsheetml.sharedStrings+xml"/>' if shared is not None else "") + "</Types>")
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wb = (f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
          '<sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wb_rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
               f'relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
               + (f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
                  if shared is not None else "") + "</Relationships>")
    parts = {"[Content_Types].xml": ct.encode(), "_rels/.rels": rels.encode(), "xl/workbook.xml": wb.encode(),
             "xl/_rels/workbook.xml.rels": wb_rels.encode(), "xl/worksheets/sheet1.xml": sheet}
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            if isinstance(data, bytes):
                zf.writestr(name, data)
            else:
                with zf.open(name, "w", force_zip64=True) as fh:
                    for chunk in data:
                        fh.write(chunk)
    return path


def _sheet(rows: list[list[str]]) -> bytes:
    """Sheet XML of shared-string cells numbered in order."""
    out, n = [], 0
    for r, values in enumerate(rows, start=1):
        cells = []
        for c, _ in enumerate(values):
            cells.append(f'<c r="{chr(65 + c)}{r}" t="s"><v>{n}</v></c>')
            n += 1
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    return f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>{"".join(out)}</sheetData></worksheet>'.encode()


def _sst(rows: list[list[str]]) -> bytes:
    items = "".join(f"<si><t>{v}</t></si>" for values in rows for v in values)
    return f'<?xml version="1.0"?><sst xmlns="{MAIN}">{items}</sst>'.encode()


def _simple(path: Path, rows: int = 3) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i in range(rows):
        ws.append([f"TS-2024-{i + 1:03d}", datetime(2024, 3, i % 28 + 1, 9, 30), "维生素C泡腾片", f"B{i}", "受潮结块"])
    return _save(wb, path)


def _refused(path: Path, *, match: str, limits: Limits = DEFAULTS, seconds: float = 5.0, peak_mb: float = 150.0,
             **kw) -> DomainError:
    """Read ``path`` expecting a refusal naming the file and matching ``match`` (en); within ``seconds`` and with
    at most ``peak_mb`` of Python allocations, and the process's peak resident size not growing by more than
    300 MB."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(DomainError) as err:
            read_ledger(path, limits=limits, **kw)
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rss_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024  # KB on Linux
    e = err.value
    assert re.search(match, e.en), e.en
    assert path.name in e.en and path.name in e.zh, (e.en, e.zh)
    assert re.search(r"[\u4e00-\u9fff]", e.zh), e.zh
    assert elapsed < seconds, f"{elapsed:.1f} s"
    assert peak / MB < peak_mb, f"{peak / MB:.0f} MB allocated"
    assert rss_growth_mb < 300, f"resident size grew by {rss_growth_mb:.0f} MB"
    return e


# ------------------------------------------------------------------------------------------------ rows


def test_title_blank_and_totals_rows_are_skipped_and_listed_with_their_own_row_numbers(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "2024年投诉台账"
    ws.merge_cells("A1:E1")
    ws.append([])  # row 2 stays blank
    for col, h in enumerate(HEADER, start=1):
        ws.cell(3, col, h)
    ws.cell(4, 1, "TS-2024-001"), ws.cell(4, 2, datetime(2024, 3, 18, 9, 30)), ws.cell(4, 3, "泡腾片")
    ws.cell(5, 1, "TS-2024-002"), ws.cell(5, 3, "胶囊"), ws.cell(5, 5, "漏装")
    ws.cell(6, 1).fill = FILL  # a formatted but empty row is blank too
    ws.cell(8, 1, "TS-2024-003"), ws.cell(8, 3, "片剂"), ws.cell(8, 4, 2980)
    ws.cell(9, 1, "合 计"), ws.cell(9, 4, 2980)
    ws.cell(10, 2, "Total:"), ws.cell(10, 4, 2980)
    path = _save(wb, tmp_path / "台账.xlsx")

    ledger = read_ledger(path)
    assert ledger.kind == "xlsx" and ledger.sheet == ws.title
    assert ledger.header_row == 3 and ledger.header == HEADER and ledger.first_column == 1
    assert [r.number for r in ledger.rows] == [4, 5, 8]
    first, second, third = ledger.rows
    assert first.values == ("TS-2024-001", datetime(2024, 3, 18, 9, 30), "泡腾片", None, None)
    assert second.values[4] == "漏装" and second.cell(4) == "E5"
    assert third.values[3] == 2980 and third.cell(3) == "D8" and ledger.header_cell(3) == "D3"
    assert ledger.skipped == [
        Skipped(1, 1, "title", "A1", "2024年投诉台账"),
        Skipped(2, 2, "blank"),
        Skipped(6, 7, "blank"),
        Skipped(9, 9, "totals", "A9", "合 计"),
        Skipped(10, 10, "totals", "B10", "Total:"),
    ]
    assert ledger.skipped_lines("en") == [
        "row 1: title above the header (A1: 2024年投诉台账), skipped",
        "row 2: blank, skipped",
        "rows 6–7: blank, skipped",
        "row 9: totals row (A9: 合 计), skipped",
        "row 10: totals row (B10: Total:), skipped",
    ]
    assert ledger.skipped_lines("zh_CN")[2] == "第 6–7 行：空行，已跳过"


def test_a_table_starting_in_column_c_keeps_its_cell_names_and_repeated_headers_are_skipped(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws["C2"] = "投诉台账"
    rows = [HEADER, ["TS-1", "2024-01-02", "泡腾片", "B1", "受潮"], HEADER, ["TS-2", "2024-01-03", "胶囊", "B2", "破损"],
            ["小计：2件", None, None, None, None], ["Subtotal", None, None, None, None], ["Sum", 3, None, None, None],
            ["Grand Total", None, None, None, None], ["总计", None, None, None, None]]
    for r, values in enumerate(rows, start=4):
        for c, v in enumerate(values, start=3):
            ws.cell(r, c, v)
    ledger = read_ledger(_save(wb, tmp_path / "offset.xlsx"))
    assert ledger.header_row == 4 and ledger.first_column == 3 and ledger.header == HEADER
    assert [(r.number, r.values[0], r.cell(0), r.cell(4)) for r in ledger.rows] == [
        (5, "TS-1", "C5", "G5"), (7, "TS-2", "C7", "G7")]
    assert [(s.first, s.reason, s.cell) for s in ledger.skipped] == [
        (1, "blank", None), (2, "title", "C2"), (3, "blank", None), (6, "header", None), (8, "totals", "C8"),
        (9, "totals", "C9"), (10, "totals", "C10"), (11, "totals", "C11"), (12, "totals", "C12")]


def test_words_like_total_inside_a_value_do_not_make_a_totals_row(tmp_path):
    path = tmp_path / "words.csv"
    path.write_text("编号,产品,内容\nA-1,Total Care 牙膏,合计数量不符且包装破损严重需要调查处理并回复客户的投诉\nA-2,Summit,sum of parts\n",
                    encoding="utf-8")
    ledger = read_ledger(path)
    assert [r.values[1] for r in ledger.rows] == ["Total Care 牙膏", "Summit"] and ledger.skipped == []


@pytest.mark.parametrize("stale_dimension", [False, True])
def test_rows_after_a_thousand_and_one_blank_rows_are_read(tmp_path, stale_dimension):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["TS-1", "2024-01-01", "泡腾片", "B1", "受潮"])
    for r in range(3, 3 + 1001):
        if r % 100 == 0:
            ws.cell(r, 2).fill = FILL  # some blank rows are written (styled), most are absent
    for i in range(50):  # rows 3..1003 are the 1,001 blank rows
        for c, v in enumerate([f"TS-{i + 2}", "2024-02-01", "胶囊", f"B{i}", "破损"], start=1):
            ws.cell(1004 + i, c, v)
    path = _save(wb, tmp_path / "gap.xlsx")
    if stale_dimension:  # a writer that left the dimension of the sheet's first two rows
        path = _rewrite(path, tmp_path / "gap-stale.xlsx", {
            "xl/worksheets/sheet1.xml": lambda xml: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:E2"', xml)})
    ledger = read_ledger(path)
    assert [r.number for r in ledger.rows] == [2] + list(range(1004, 1054))
    assert ledger.rows[-1].values[0] == "TS-51" and ledger.rows[-1].cell(0) == "A1053"
    assert ledger.skipped == [Skipped(3, 1003, "blank")]


def test_a_header_only_sheet_and_an_explicit_header_row(tmp_path):
    ledger = read_ledger(_simple(tmp_path / "only.xlsx", rows=0))
    assert ledger.header == HEADER and ledger.rows == []
    wb = Workbook()
    ws = wb.active
    ws.append(["制表：质量部", "日期：2024-12-31", "审核：张三"])  # a wide title the guess would take for the header
    ws.append(["编号", "产品"])
    ws.append(["TS-1", "泡腾片"])
    path = _save(wb, tmp_path / "explicit.xlsx")
    assert read_ledger(path).header_row == 1
    ledger = read_ledger(path, header_row=2)
    assert ledger.header == ["编号", "产品"] and [r.values for r in ledger.rows] == [("TS-1", "泡腾片")]
    assert ledger.skipped == [Skipped(1, 1, "title", "A1", "制表：质量部")]
    with pytest.raises(DomainError, match="Row 9"):
        read_ledger(path, header_row=9)


def test_formulas_without_a_saved_result_are_refused_by_cell_or_listed_when_allowed(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["TS-1", "2024-01-01", "=A2&\"片\"", "B1", "受潮"])
    path = _save(wb, tmp_path / "formulas.xlsx")
    e = _refused(path, match="C2")
    assert "公式" in e.zh
    ledger = read_ledger(path, allow_unsaved_formulas=True)
    assert ledger.unsaved_formulas == ["C2"] and ledger.rows[0].values[2] is None


def test_a_chosen_sheet_is_read_and_a_missing_one_refused(tmp_path):
    wb = Workbook()
    wb.active.append(["说明"])
    ws = wb.create_sheet("台账")
    ws.append(HEADER)
    ws.append(["TS-1", "2024-01-01", "泡腾片", "B1", "受潮"])
    path = _save(wb, tmp_path / "sheets.xlsx")
    assert read_ledger(path, sheet="台账").rows[0].values[0] == "TS-1"
    _refused(path, match="no sheet named 明细", sheet="明细")


# ------------------------------------------------------------------------------------------------ csv


def test_a_gb18030_csv_with_semicolons(tmp_path):
    path = tmp_path / "distributor.csv"
    text = "2024年投诉台账;;;;\n" + ";".join(HEADER) + "\nTS-1;2024/3/18;维生素C泡腾片;B1;受潮\n\n;;;;\nTS-2;2024/4/2;𠀀胶囊;B2;漏装\n合计;;;;2\n"
    path.write_bytes(text.encode("gb18030"))
    ledger = read_ledger(path)
    assert (ledger.kind, ledger.encoding, ledger.delimiter) == ("csv", "gb18030", ";")
    assert ledger.header_row == 2 and ledger.header == HEADER
    assert [(r.number, r.values) for r in ledger.rows] == [
        (3, ("TS-1", "2024/3/18", "维生素C泡腾片", "B1", "受潮")), (6, ("TS-2", "2024/4/2", "𠀀胶囊", "B2", "漏装"))]
    assert [(s.first, s.last, s.reason) for s in ledger.skipped] == [(1, 1, "title"), (4, 5, "blank"), (7, 7, "totals")]


@pytest.mark.parametrize("encoding,delimiter", [("utf-8", ","), ("utf-8-sig", "\t"), ("utf-16", ","),
                                                ("utf-8", ";")])
def test_csv_encodings_and_delimiters(tmp_path, encoding, delimiter):
    path = tmp_path / "ledger.csv"
    lines = [HEADER, ["TS-1", "2024-03-18", '维生素C, "泡腾片"', "B1", "受潮\n结块"], ["TS-2", "", "胶囊", "", ""]]
    with path.open("w", encoding=encoding, newline="") as fh:
        import csv

        csv.writer(fh, delimiter=delimiter).writerows(lines)
    ledger = read_ledger(path)
    assert ledger.delimiter == delimiter and ledger.encoding == encoding
    assert ledger.header == HEADER
    # a quoted field across lines is one row, as Excel shows it
    assert [(r.number, r.values[2], r.values[4]) for r in ledger.rows] == [
        (2, '维生素C, "泡腾片"', "受潮\n结块"), (3, "胶囊", None)]
    assert ledger.rows[1].values == ("TS-2", "", "胶囊", None, None)


def test_a_csv_field_of_200_kb_is_refused_naming_its_row(tmp_path):
    path = tmp_path / "huge-field.csv"
    path.write_text(",".join(HEADER) + "\nTS-1,2024-01-01,泡腾片,B1,ok\nTS-2,2024-01-02,胶囊,B2,\"" + "x" * 200_000 + "\"\n",
                    encoding="utf-8")
    e = _refused(path, match="row 3 holds a field of more than 131072 characters")
    assert "第 3 行" in e.zh
    medium = tmp_path / "medium-field.csv"
    medium.write_text(",".join(HEADER) + "\nTS-1,2024-01-01,泡腾片,B1," + "y" * 40_000 + "\n", encoding="utf-8")
    _refused(medium, match="cell E2 holds 40000 characters, the limit is 32767")


def test_csv_with_too_many_rows_or_columns_is_refused(tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text("a,b\n" + ",".join("x" * 2000) + "\n", encoding="utf-8")
    _refused(wide, match="row 2 has 2000 columns, the limit is 1024")
    wide_blank = tmp_path / "trailing-commas.csv"
    wide_blank.write_text("a,b" + "," * 5000 + "\n1,2" + "," * 5000 + "\n", encoding="utf-8")
    assert read_ledger(wide_blank).header == ["a", "b"]
    long = tmp_path / "long.csv"
    long.write_text("a,b\n" + "1,2\n" * 200, encoding="utf-8")
    _refused(long, match="row 101 is past the limit of 100 rows", limits=Limits(max_rows=100))


# ------------------------------------------------------------------------------------------------ hostile xlsx


def test_a_zip_bomb_sheet_is_refused_from_the_directory_without_inflating(tmp_path):
    base = _simple(tmp_path / "base.xlsx")
    head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    chunk = b" " * MB
    bomb = _rewrite(base, tmp_path / "bomb.xlsx",
                    {"xl/worksheets/sheet1.xml": [head] + [chunk] * 300 + [b"</sheetData></worksheet>"]})
    assert bomb.stat().st_size < 2 * MB
    e = _refused(bomb, match=r"xl/worksheets/sheet1.xml inflates \d+:1 .*zip bomb", peak_mb=20)
    assert "压缩炸弹" in e.zh
    # the same sheet under a generous ratio still stops at the total size
    _refused(bomb, match="it inflates to 300.0 MB, the limit is 100.0 MB", limits=Limits(max_ratio=10_000), peak_mb=20)


def test_a_directory_that_understates_an_entry_is_refused_cleanly(tmp_path):
    base = _simple(tmp_path / "base.xlsx", rows=200)
    data = bytearray(base.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    at = data.find(b"PK\x01\x02" + bytes(0))
    while at >= 0 and data[at + 46:at + 46 + len(name)] != name:
        at = data.find(b"PK\x01\x02", at + 4)
    assert at >= 0
    struct.pack_into("<I", data, at + 24, 100)  # the central directory claims the sheet is 100 bytes
    lying = tmp_path / "lying.xlsx"
    lying.write_bytes(bytes(data))
    _refused(lying, match="Cannot read lying.xlsx: the file is damaged \\(its zip check failed")


def test_a_sheet_claiming_the_whole_grid_is_refused_before_its_rows_are_read(tmp_path):
    base = _simple(tmp_path / "base.xlsx")
    huge = _rewrite(base, tmp_path / "claims.xlsx", {"xl/worksheets/sheet1.xml": lambda xml: re.sub(
        rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', xml)})
    e = _refused(huge, match=r"claims the range A1:XFD1048576 \(1048576 rows × 16384 columns\)", seconds=2, peak_mb=20)
    assert "新工作簿" in e.zh
    wide = _rewrite(base, tmp_path / "claims-wide.xlsx", {"xl/worksheets/sheet1.xml": lambda xml: re.sub(
        rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD4"', xml)})
    _refused(wide, match="16384 columns", seconds=2, peak_mb=20)


def test_a_value_far_to_the_right_or_a_broken_cell_name_is_refused(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.cell(2, 1, "TS-1")
    ws.cell(2, 5000, "stray")
    path = _save(wb, tmp_path / "stray.xlsx")
    path = _rewrite(path, tmp_path / "stray-nodim.xlsx", {"xl/worksheets/sheet1.xml": lambda xml: re.sub(
        rb'<dimension ref="[^"]+"/>', b"", xml)})
    _refused(path, match="cell GJH2 holds a value beyond the limit of 1024 columns")
    broken = _rewrite(_simple(tmp_path / "base.xlsx"), tmp_path / "broken-cell.xlsx", {
        "xl/worksheets/sheet1.xml": lambda xml: xml.replace(b'r="C2"', b'r="ZZZZZZZZ2"')})
    _refused(broken, match="the cell name ZZZZZZZZ2 is invalid")


def test_a_single_row_with_a_million_cells_stops_at_the_first_cell_past_excel_s_width(tmp_path):
    head = f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData><row r="1">'.encode()
    cells = b'<c t="inlineStr"><is><t>x</t></is></c>' * 20_000
    path = _handmade(tmp_path / "wide-row.xlsx", [head] + [cells] * 50 + [b"</row></sheetData></worksheet>"])
    _refused(path, match="cell AMK1 holds a value beyond the limit of 1024 columns",
             limits=Limits(max_ratio=100_000), peak_mb=40)


def test_huge_shared_strings_are_refused_before_they_are_loaded(tmp_path):
    rng = random.Random(7)
    rows = [HEADER] + [[f"TS-{i}", "2024-01-01", "".join(rng.choice("甲乙丙丁戊己庚辛壬癸") for _ in range(60)), "B", "x"]
                       for i in range(3000)]
    path = _handmade(tmp_path / "strings.xlsx", _sheet(rows), _sst(rows))
    _refused(path, match=r"the shared-string table xl/sharedStrings.xml is \d+ KB, the limit is 100 KB",
             limits=Limits(max_shared_strings_bytes=100 * 1024))
    ledger = read_ledger(path)
    assert len(ledger.rows) == 3000 and ledger.header == HEADER and ledger.rows[-1].values[:2] == ("TS-2999", "2024-01-01")
    # hundreds of megabytes of strings (under a generous ratio): refused from the directory before loading
    big = _handmade(tmp_path / "big-strings.xlsx", _sheet([HEADER]), [
        f'<?xml version="1.0"?><sst xmlns="{MAIN}">'.encode()] + [b"<si><t>" + b"a" * 1000 + b"</t></si>"] * 300_000
        + [b"</sst>"])
    _refused(big, match=r"shared-string table xl/sharedStrings.xml is 29\d.\d MB, the limit is 40.0 MB",
             limits=Limits(max_ratio=100_000, max_uncompressed_bytes=1024 * MB), peak_mb=20)
    # and under the default limits it is a zip bomb first
    _refused(big, match="zip bomb", peak_mb=20)


def test_an_entity_bomb_is_refused(tmp_path):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
              b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
              b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol3;</t></si></sst>')
    path = _handmade(tmp_path / "laughs.xlsx", _sheet([["a"]]), laughs)
    _refused(path, match="xl/sharedStrings.xml holds a DTD")


def test_a_sheet_without_a_dimension_is_not_scanned_twice(tmp_path):
    rows = [HEADER] + [[f"TS-{i}", "2024-01-01", "泡腾片", "B", "x"] for i in range(20_000)]
    path = _handmade(tmp_path / "nodim.xlsx", _sheet(rows), _sst(rows))
    started = time.perf_counter()
    ledger = read_ledger(path)
    assert time.perf_counter() - started < 10
    assert len(ledger.rows) == 20_000 and ledger.rows[-1].number == 20_001 and ledger.rows[-1].cell(4) == "E20001"


def test_too_many_rows_and_cells_are_refused_while_streaming(tmp_path):
    path = _simple(tmp_path / "rows.xlsx", rows=150)
    _refused(path, match="claims the range A1:E151", limits=Limits(max_rows=100))
    nodim = _rewrite(path, tmp_path / "rows-nodim.xlsx", {"xl/worksheets/sheet1.xml": lambda xml: re.sub(
        rb'<dimension ref="[^"]+"/>', b"", xml)})
    _refused(nodim, match="row 101 is past the limit of 100 rows", limits=Limits(max_rows=100))
    _refused(nodim, match="more than the limit of 500 cells", limits=Limits(max_cells=500))


def test_a_hundred_thousand_blank_rows_are_streamed_quickly(tmp_path):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADER)
    ws.append(["TS-1", "2024-01-01", "泡腾片", "B1", "受潮"])
    for _ in range(100_000):
        ws.append([" ", None, "", None])
    ws.append(["TS-2", "2024-01-02", "胶囊", "B2", "破损"])
    path = tmp_path / "blank-run.xlsx"
    wb.save(path)
    started = time.perf_counter()
    ledger = read_ledger(path)
    assert time.perf_counter() - started < 10
    assert [r.number for r in ledger.rows] == [2, 100_003] and ledger.skipped == [Skipped(3, 100_002, "blank")]


# ------------------------------------------------------------------------------------------------ not a ledger


def test_files_that_are_no_ledger_are_refused_clearly(tmp_path):
    cases = {
        "empty.xlsx": (b"", "empty file"),
        "empty.csv": (b"", "empty file"),
        "blank.csv": (b"\n\n , ,\n\r\n", "holds no rows"),
        "picture.xlsx": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, "not an Excel workbook"),
        "picture.csv": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, "not a text CSV"),
        "protected.xlsx": (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4000, "password protected"),
        "workbook.csv": (b"PK\x03\x04" + b"\0" * 100, "give it the .xlsx extension"),
        "report.pdf": (b"%PDF-1.7\n", "only .xlsx and .csv"),
        "old.xls": (bytes.fromhex("D0CF11E0A1B11AE1"), "old .xls"),
        "truncated.xlsx": (b"PK\x03\x04" + b"\0" * 100, "zip directory is damaged"),
        "latin1.csv": ("编号,产品\n".encode() + b"\x81\x30\xff\xfe\n", "encoding"),
    }
    for name, (data, match) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        _refused(path, match=match)
    plain_zip = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(plain_zip, "w") as zf:
        zf.writestr("readme.txt", "not a workbook")
    _refused(plain_zip, match="a zip file but not an Excel workbook")
    with pytest.raises(DomainError, match="does not exist"):
        read_ledger(tmp_path / "missing.xlsx")
    with pytest.raises(DomainError, match="is not a file"):
        read_ledger(tmp_path)
    big = tmp_path / "big.csv"
    big.write_bytes(b"a,b\n" * 1000)
    _refused(big, match="the file is 4 KB, the limit is 1 KB", limits=Limits(max_file_bytes=1024))


def test_mangled_workbooks_and_random_bytes_never_give_a_traceback(tmp_path):
    base = _simple(tmp_path / "base.xlsx", rows=20).read_bytes()
    rng = random.Random(13)
    outcomes = {"read": 0, "refused": 0}
    for i in range(150):
        data = bytearray(base)
        for _ in range(rng.choice([1, 3, 20])):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if i % 5 == 0:
            data = data[: rng.randrange(len(data))]
        for suffix in (".xlsx", ".csv"):
            path = tmp_path / f"m{i}{suffix}"
            path.write_bytes(bytes(data) if i % 7 else bytes(rng.randrange(256) for _ in range(500)))
            try:
                read_ledger(path)
                outcomes["read"] += 1
            except DomainError as e:
                assert e.zh and e.en and path.name in e.en
                outcomes["refused"] += 1
    assert outcomes["refused"] > 0


def test_sheet_xml_entries_may_be_mangled_without_a_traceback(tmp_path):
    base = _simple(tmp_path / "base.xlsx", rows=5)
    with zipfile.ZipFile(base) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml")
    variants = [xml[: len(xml) // 2], xml.replace(b'r="2"', b'r="x"'), xml.replace(b'r="3"', b'r="1"'),
                xml.replace(b"<v>", b"<v>9999999"), xml.replace(b't="s"', b't="b"'), xml.replace(b't="s"', b't="d"'),
                xml.replace(b"<sheetData>", b"<sheetData><!-- c --><?pi x?>"), b"<not-xml", codecs.BOM_UTF8 + xml]
    for n, variant in enumerate(variants):
        path = _rewrite(base, tmp_path / f"v{n}.xlsx", {"xl/worksheets/sheet1.xml": variant})
        try:
            read_ledger(path)
        except DomainError as e:
            assert path.name in e.en and e.zh
