"""Reading a legacy complaint ledger (xlsx or csv) into a header and rows, safely.

Only reading happens here: no mapping, no validation of values. What comes out is

* the header (the first row that looks like one, or the row the caller names),
* every data row with the spreadsheet's own row number (1-based, as Excel shows it; for a CSV the record's
  number, which is the row Excel shows when it opens the file), so a message can say "row 28" or "cell L28",
* every row that was skipped and why: blank rows (runs of them as one range), title rows above the header, totals
  and subtotal rows (合计, 总计, 小计, 共计, Total, Subtotal, Sum …) and repeats of the header. Nothing is dropped
  without being listed; rows after a long run of blank rows are read like any other (the sheet's claimed
  dimension is never used to stop reading).

Hostile and huge files are refused before they are parsed, from what the file says about itself: the file size,
the zip directory (entry count, each entry's and the total uncompressed size, the compression ratio — read from
the directory without inflating anything; Python's zipfile never inflates past the size the directory declares),
the size of the shared-string table and of every other part that is parsed whole, a DOCTYPE in any part (OOXML
never has one; entity bombs need one), and the dimension the sheet claims. While the sheet is streamed, rows,
columns, cells and the length of a value are counted against the same limits, so a file that lies about itself is
stopped at the first cell past a limit, in bounded memory. A CSV is decoded as UTF-8 (with or without BOM),
UTF-16 with a BOM, or GB18030; its delimiter (comma, semicolon or tab) is sniffed; a field over the limit is
refused naming its row.

Every failure is a :class:`~qa_desk.core.errors.DomainError` in zh and en naming the file and what is wrong;
no input gives a traceback.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601

from qa_desk.core.errors import DomainError, refuse

MB = 1024 * 1024
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384  # XFD
HEADER_SEARCH = 20  # the header is looked for among the first non-blank rows
TOTALS_COLUMNS = 4  # a totals word is looked for in the table's first columns


@dataclass(frozen=True)
class Limits:
    """What a ledger may be. The defaults leave room for any real office ledger (tens of columns, tens of
    thousands of rows) and refuse what is not one long before memory or time runs out.

    - ``max_file_bytes`` 50 MB: the file on disk (xlsx or csv).
    - ``max_uncompressed_bytes`` 100 MB: all entries of the xlsx zip, as the directory declares them (a
      100,000-row, 25-column ledger is about 90 MB of sheet XML).
    - ``max_ratio`` 100: uncompressed ÷ compressed, for any entry (and for the whole archive) over
      ``ratio_floor_bytes`` (10 MB); spreadsheet XML compresses 5–40×, a zip bomb hundreds of times. Below the
      floor a high ratio is harmless (the sizes above still bound it) and common: a ledger whose rows repeat the
      same words compresses 150:1 and is no bomb.
    - ``max_zip_entries`` 10,000: a workbook has tens to a few hundred parts.
    - ``max_shared_strings_bytes`` 40 MB: xl/sharedStrings.xml, which openpyxl loads whole.
    - ``max_part_bytes`` 20 MB: any other XML part outside xl/worksheets/ (styles, workbook, relations …).
    - ``max_rows`` 100,000: non-blank rows read, and the last row a sheet's dimension may claim.
    - ``max_columns`` 1,024 (AMJ): the last column that may hold a value, and that a dimension may claim
      (LibreOffice's old sheets claim AMJ; XFD = 16,384 is refused).
    - ``max_cells`` 5,000,000: cells kept (data rows × table width), which bounds the memory of the result.
    - ``max_cell_chars`` 32,767: Excel's own limit for a cell's text; a CSV field or xlsx string over it is
      refused with its row (and cell).
    - ``max_blank_cells`` 1,000,000: empty cells a sheet may hold (formatted but blank, which Excel writes when
      borders or styles are spread over a range) beyond four per cell with a value; each costs parsing time and
      holds nothing, so a small file of millions of them is refused in seconds instead of read for a minute.
    """

    max_file_bytes: int = 50 * MB
    max_uncompressed_bytes: int = 100 * MB
    max_ratio: int = 100
    ratio_floor_bytes: int = 10 * MB
    max_zip_entries: int = 10_000
    max_shared_strings_bytes: int = 40 * MB
    max_part_bytes: int = 20 * MB
    max_rows: int = 100_000
    max_columns: int = 1_024
    max_cells: int = 5_000_000
    max_blank_cells: int = 1_000_000
    max_cell_chars: int = 32_767


@dataclass(frozen=True)
class Row:
    """One data row: the sheet's own row number and its values, from the table's first column."""

    number: int
    values: tuple
    first_column: int = 1

    def cell(self, index: int) -> str:
        """The cell name of ``values[index]``, e.g. ``L28``."""
        return f"{get_column_letter(self.first_column + index)}{self.number}"

    def get(self, index: int, default=None):
        return self.values[index] if 0 <= index < len(self.values) else default


SKIP_REASONS = {
    "blank": ("空行", "blank"),
    "title": ("表头上方的标题行", "title above the header"),
    "totals": ("合计/小计行", "totals row"),
    "header": ("重复的表头", "repeated header"),
}


@dataclass(frozen=True)
class Skipped:
    """Rows ``first``..``last`` (one row when equal) skipped for ``reason`` (a key of SKIP_REASONS);
    ``cell`` and ``text`` name the cell that made the row a title or totals row."""

    first: int
    last: int
    reason: str
    cell: str | None = None
    text: str | None = None

    def message(self, lang: str = "en") -> str:
        zh = lang.startswith("zh")
        what = SKIP_REASONS[self.reason][0 if zh else 1]
        rows = (f"第 {self.first} 行" if self.first == self.last else f"第 {self.first}–{self.last} 行") if zh else \
            (f"row {self.first}" if self.first == self.last else f"rows {self.first}–{self.last}")
        quoted = f"（{self.cell}：{_short(self.text)}）" if zh and self.cell else \
            (f" ({self.cell}: {_short(self.text)})" if self.cell else "")
        return f"{rows}：{what}{quoted}，已跳过" if zh else f"{rows}: {what}{quoted}, skipped"


@dataclass
class Ledger:
    path: Path
    kind: str  # "xlsx" or "csv"
    header_row: int
    first_column: int
    header: list[str]
    rows: list[Row]
    skipped: list[Skipped]
    sheet: str | None = None  # xlsx: the sheet read
    encoding: str | None = None  # csv: utf-8, utf-8-sig, utf-16 or gb18030
    delimiter: str | None = None  # csv
    unsaved_formulas: list[str] = field(default_factory=list)  # cells, only when allowed
    sha256: str | None = None  # of the bytes read (set by the importer), which the imported records carry

    def column_letter(self, index: int) -> str:
        return get_column_letter(self.first_column + index)

    def header_cell(self, index: int) -> str:
        return f"{self.column_letter(index)}{self.header_row}"

    def skipped_lines(self, lang: str = "en") -> list[str]:
        return [s.message(lang) for s in self.skipped]


def read_ledger(path: Path, *, limits: Limits = Limits(), sheet: str | None = None, header_row: int | None = None,
                allow_unsaved_formulas: bool = False) -> Ledger:
    """The header, rows and skipped rows of ``sheet`` (default: the first) of an xlsx, or of a csv.

    ``header_row`` names the header's row when the guess (the first row filled across most of the table's
    width) is wrong. A formula without a saved result would read as an empty cell, so such cells refuse the file
    unless ``allow_unsaved_formulas`` (they are then listed in ``unsaved_formulas`` and read as None).
    """
    path = Path(path)
    try:
        return _read(path, limits, sheet, header_row, allow_unsaved_formulas)
    except DomainError:
        raise
    except MemoryError as exc:
        raise refuse("too_big", f"{path.name} 太大，内存不足以读取。", f"{path.name} is too big to read in memory.") from exc
    except zipfile.BadZipFile as exc:  # e.g. an entry longer than the directory says: its CRC check fails
        raise _bad(path, f"文件已损坏（zip 校验失败：{_short(exc, 120)}）",
                   f"the file is damaged (its zip check failed: {_short(exc, 120)})") from exc
    except Exception as exc:  # a broken file can make any library raise anything; never a traceback
        detail = _short(f"{type(exc).__name__}: {exc}", 200)
        raise _bad(path, f"文件已损坏或内容无法识别（{detail}）", f"the file is damaged or not understood ({detail})") from exc


# ---------------------------------------------------------------------------------------------------- the file


def _read(path: Path, limits: Limits, sheet: str | None, header_row: int | None, allow_formulas: bool) -> Ledger:
    try:
        if not path.exists():
            raise refuse("no_file", f"文件 {path} 不存在。", f"The file {path} does not exist.")
        if not path.is_file():
            raise refuse("bad_file", f"{path} 不是文件。", f"{path} is not a file.")
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise refuse("bad_file", f"无法打开 {path.name}：{exc.strerror or exc}",
                     f"Cannot open {path.name}: {exc.strerror or exc}") from exc
    if size == 0:
        raise refuse("empty", f"{path.name} 是空文件。", f"{path.name} is an empty file.")
    if size > limits.max_file_bytes:
        raise _too_big(path, f"文件大小 {_mb(size)}，上限 {_mb(limits.max_file_bytes)}",
                       f"the file is {_mb(size)}, the limit is {_mb(limits.max_file_bytes)}")
    suffix = path.suffix.lower()
    is_zip, is_ole = head.startswith(b"PK\x03\x04"), head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    if suffix in (".xlsx", ".xlsm"):
        if is_ole:
            raise refuse("bad_file", f"{path.name} 不是可读取的 Excel 工作簿（可能已加密，或是旧的 .xls 格式）；请取消密码并另存为 .xlsx。",
                         f"{path.name} is not a readable Excel workbook (it may be password protected, or an old "
                         ".xls); remove the password and save it as .xlsx.")
        if not is_zip:
            raise _bad(path, "不是 Excel 工作簿（.xlsx 是 zip 格式）", "it is not an Excel workbook (an .xlsx is a zip)")
        grid, name, formulas = _read_xlsx(path, size, limits, sheet)
        kind, encoding, delimiter = "xlsx", None, None
    elif suffix in (".csv", ".tsv", ".txt"):
        if is_zip or is_ole:
            raise _bad(path, "是工作簿而不是文本 CSV；若是 Excel 文件，请使用 .xlsx 扩展名",
                       "it is a workbook, not a text CSV; if it is an Excel file, give it the .xlsx extension")
        grid, encoding, delimiter = _read_csv(path, limits)
        kind, name, formulas = "csv", None, []
    elif suffix == ".xls":
        raise refuse("bad_file", f"{path.name} 是旧的 .xls 格式；请在 Excel 中另存为 .xlsx 后再导入。",
                     f"{path.name} is an old .xls workbook; save it as .xlsx in Excel and import that.")
    else:
        raise refuse("bad_file", f"{path.name}：只能导入 .xlsx 或 .csv 文件。",
                     f"{path.name}: only .xlsx and .csv files can be imported.")
    if formulas and not allow_formulas:
        cells = ", ".join(formulas[:5]) + (" …" if len(formulas) > 5 else "")
        raise refuse("formulas", f"{path.name}：单元格 {cells} 是没有保存计算结果的公式；请在 Excel 中打开、保存后再导入，或改为数值。",
                     f"{path.name}: cells {cells} hold formulas with no saved result; open the file in Excel and "
                     "save it, or replace them with values, then import again.")
    ledger = _classify(path, grid, limits, header_row)
    ledger.kind, ledger.sheet, ledger.encoding, ledger.delimiter = kind, name, encoding, delimiter
    ledger.unsaved_formulas = list(formulas)
    return ledger


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / 1024:.0f} KB"


def _short(text, n: int = 40) -> str:
    s = "" if text is None else str(text)
    return s if len(s) <= n else s[:n] + "…"


def _bad(path: Path, zh: str, en: str | None = None) -> DomainError:
    return refuse("bad_file", f"无法读取 {path.name}：{zh}。", f"Cannot read {path.name}: {en or zh}.")


def _too_big(path: Path, zh: str, en: str, *, advice: bool = True) -> DomainError:
    if not advice:  # the message gives its own
        return refuse("too_big", f"{path.name} 超出导入限制：{zh}。", f"{path.name} is beyond the import limits: {en}.")
    return refuse("too_big", f"{path.name} 超出导入限制：{zh}；请拆分文件或只保留台账数据后再导入。",
                  f"{path.name} is beyond the import limits: {en}; split the file or keep only the ledger's data, "
                  "then import again.")


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------------------------------------------- xlsx

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW_TAG, CELL_TAG, COL_TAG, DATA_TAG = NS + "row", NS + "c", NS + "col", NS + "sheetData"
V_TAG, F_TAG, IS_TAG, T_TAG, RPH_TAG = NS + "v", NS + "f", NS + "is", NS + "t", NS + "rPh"
COORD = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def _zip_directory_count(path: Path, size: int) -> tuple[int, int]:
    """Entries and central-directory size from the end-of-central-directory record, read before zipfile builds
    one object per entry."""
    with path.open("rb") as fh:
        tail_len = min(size, 22 + 65_535)
        fh.seek(size - tail_len)
        tail = fh.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise ValueError("no zip directory")
    _, _, _, _, entries, cd_size, _, _ = struct.unpack("<4sHHHHIIH", tail[at:at + 22])
    return entries, cd_size


def _check_zip(path: Path, size: int, zf: zipfile.ZipFile, limits: Limits) -> None:
    total = 0
    for info in zf.infolist():
        name = info.filename
        if info.flag_bits & 0x1:
            raise refuse("bad_file", f"{path.name} 已加密；请取消密码后再导入。",
                         f"{path.name} is encrypted; remove the password and import again.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _bad(path, f"{name} 使用了不支持的压缩方式", f"{name} uses an unsupported compression method")
        total += info.file_size
        if info.file_size >= limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise _too_big(path, f"{name} 压缩比 {ratio:.0f}:1（{_mb(info.compress_size)} 解压为 {_mb(info.file_size)}），上限 {limits.max_ratio}:1，疑似压缩炸弹",
                           f"{name} inflates {ratio:.0f}:1 ({_mb(info.compress_size)} to {_mb(info.file_size)}), "
                           f"the limit is {limits.max_ratio}:1; this looks like a zip bomb")
        low = name.lower()
        if low.endswith("sharedstrings.xml"):
            if info.file_size > limits.max_shared_strings_bytes:
                raise _too_big(path, f"共享字符串表 {name} 为 {_mb(info.file_size)}，上限 {_mb(limits.max_shared_strings_bytes)}",
                               f"the shared-string table {name} is {_mb(info.file_size)}, the limit is "
                               f"{_mb(limits.max_shared_strings_bytes)}")
        elif low.endswith((".xml", ".rels")) and not low.startswith("xl/worksheets/") \
                and info.file_size > limits.max_part_bytes:
            raise _too_big(path, f"{name} 为 {_mb(info.file_size)}，上限 {_mb(limits.max_part_bytes)}",
                           f"{name} is {_mb(info.file_size)}, the limit is {_mb(limits.max_part_bytes)}")
    if total > limits.max_uncompressed_bytes:
        raise _too_big(path, f"解压后共 {_mb(total)}，上限 {_mb(limits.max_uncompressed_bytes)}",
                       f"it inflates to {_mb(total)}, the limit is {_mb(limits.max_uncompressed_bytes)}")
    if total >= limits.ratio_floor_bytes and total > limits.max_ratio * size:
        raise _too_big(path, f"整个文件压缩比 {total / size:.0f}:1，上限 {limits.max_ratio}:1，疑似压缩炸弹",
                       f"the file inflates {total / size:.0f}:1, the limit is {limits.max_ratio}:1; this looks "
                       "like a zip bomb")
    names = set(zf.namelist())
    if "[Content_Types].xml" not in names:
        raise _bad(path, "是 zip 文件但不是 Excel 工作簿", "it is a zip file but not an Excel workbook")
    for info in zf.infolist():  # an entity bomb needs a DOCTYPE, which no OOXML part has
        if info.filename.lower().endswith((".xml", ".rels")):
            with zf.open(info) as src:
                prolog = src.read(4096)
            if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
                raise _bad(path, f"{info.filename} 含有 DTD（Excel 文件不会有），拒绝读取",
                           f"{info.filename} holds a DTD (no Excel file does); refused")


def _read_xlsx(path: Path, size: int, limits: Limits, sheet: str | None):
    import warnings

    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    try:
        entries, cd_size = _zip_directory_count(path, size)
    except (OSError, ValueError, struct.error) as exc:
        raise _bad(path, "zip 目录损坏", "its zip directory is damaged") from exc
    if entries > limits.max_zip_entries or cd_size > limits.max_zip_entries * 1024:
        raise _too_big(path, f"zip 中有 {entries} 个条目，上限 {limits.max_zip_entries}",
                       f"the zip holds {entries} entries, the limit is {limits.max_zip_entries}")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _bad(path, f"zip 结构损坏（{exc}）", f"its zip structure is damaged ({exc})") from exc
    with zf:
        _check_zip(path, size, zf, limits)
        # openpyxl's own steps of load_workbook(read_only=True), without its worksheets step: that one scans
        # every sheet that has no <dimension> from end to end before anything is read
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                reader = ExcelReader(path, read_only=True, data_only=True)
                try:
                    reader.read_manifest()
                    reader.read_strings()
                    reader.read_workbook()
                    apply_stylesheet(reader.archive, reader.wb)
                    sheets = [(s.name, rel.target) for s, rel in reader.parser.find_sheets()
                              if rel.target in reader.valid_files and "chartsheet" not in (rel.Type or "")]
                finally:
                    reader.archive.close()
        except DomainError:
            raise
        except Exception as exc:  # openpyxl raises many kinds for broken files
            raise _bad(path, f"不是可读取的 Excel 工作簿（{_short(exc, 200)}）",
                       f"it is not a readable Excel workbook ({_short(exc, 200)})") from exc
        wb = reader.wb
        if sheet is not None:
            chosen = next(((n, t) for n, t in sheets if n == sheet), None)
            if chosen is None:
                raise refuse("bad_file", f"{path.name} 中没有名为 {sheet} 的工作表。", f"{path.name} has no sheet named {sheet}.")
        elif sheets:
            chosen = sheets[0]
        else:
            raise _bad(path, "工作簿中没有工作表", "the workbook has no worksheet")
        title, sheet_path = chosen
        if sheet_path not in zf.namelist():
            raise _bad(path, f"工作表 {title} 缺失", f"the sheet {title} is missing")
        claimed_rows, claimed_cols = _claimed_dimension(zf, sheet_path)
        if claimed_rows > limits.max_rows or claimed_cols > limits.max_columns:
            claim = f"A1:{get_column_letter(min(max(claimed_cols, 1), EXCEL_MAX_COLUMNS))}{claimed_rows}"
            raise _too_big(path, f"工作表 {title} 声称范围 {claim}（{claimed_rows} 行 × {claimed_cols} 列），上限 {limits.max_rows} 行 × {limits.max_columns} 列；若数据其实不多，请把数据区复制到新工作簿保存后导入",
                           f"sheet {title} claims the range {claim} ({claimed_rows} rows × {claimed_cols} "
                           f"columns), the limit is {limits.max_rows} rows × {limits.max_columns} columns; if "
                           "the data is really small, copy it to a new workbook, save and import that", advice=False)
        context = (reader.shared_strings or [], getattr(wb, "_date_formats", None) or set(),
                   getattr(wb, "_timedelta_formats", None) or set(), wb.epoch)
        with zf.open(sheet_path) as src:
            grid, formulas = _stream_sheet(path, src, limits, context)
    return grid, title, formulas


DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")


def _claimed_dimension(zf: zipfile.ZipFile, sheet_path: str) -> tuple[int, int]:
    """(last row, last column) the sheet's <dimension> claims, from its first 64 KB (it comes before the data);
    (0, 0) when it claims nothing readable."""
    with zf.open(sheet_path) as src:
        head = src.read(65_536)
    data_at = head.find(b"sheetData")
    m = DIMENSION.search(head, 0, data_at if data_at >= 0 else len(head))
    if not m:
        return 0, 0
    last = m.group(1).decode("ascii", "replace").split(":")[-1]
    c = re.fullmatch(r"\$?([A-Za-z]{1,8})\$?(\d{1,12})", last.strip())
    if not c:
        return 0, 0
    column = 0
    for letter in c.group(1).upper():
        column = column * 26 + ord(letter) - 64
    return int(c.group(2)), column


def _stream_sheet(path: Path, src, limits: Limits, context) -> tuple[list[tuple[int, tuple]], list[str]]:
    """(row number, values from column A) of every row holding a value, and the cells holding a formula with no
    saved result. Streams the sheet; nothing after sheetData is read."""
    from lxml import etree

    shared, date_formats, timedelta_formats, epoch = context
    grid: list[tuple[int, tuple]] = []
    formulas: list[str] = []
    kept = blank = filled = 0
    row_no = last_row = col = cells_in_row = 0
    cells: dict[int, object] = {}
    columns: dict[str, int] = {}  # cell-name letters → column number, cached
    parser = etree.iterparse(src, events=("start", "end"), tag=(ROW_TAG, CELL_TAG, COL_TAG, DATA_TAG),
                             resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    for event, el in parser:
        tag = el.tag
        if event == "start":
            if tag == ROW_TAG:
                r = el.get("r")
                row_no = _row_number(path, r) if r is not None else row_no + 1
                if row_no <= last_row or row_no > EXCEL_MAX_ROWS:
                    raise _bad(path, f"工作表的行号 {row_no} 无效或顺序错乱，文件已损坏",
                               f"the sheet's row number {row_no} is invalid or out of order; the file is damaged")
                last_row, col, cells_in_row, cells = row_no, 0, 0, {}
            continue
        if tag == CELL_TAG:
            cells_in_row += 1
            if cells_in_row > EXCEL_MAX_COLUMNS:
                raise _bad(path, f"第 {row_no} 行的单元格超过 {EXCEL_MAX_COLUMNS} 个，文件已损坏",
                           f"row {row_no} holds more than {EXCEL_MAX_COLUMNS} cells; the file is damaged")
            coordinate = el.get("r")
            if coordinate is not None:
                m = COORD.match(coordinate)
                letters = m.group(1) if m else None
                col = columns.get(letters) or (column_index_from_string(letters.upper()) if m else EXCEL_MAX_COLUMNS + 1)
                if len(columns) < 2048 and m:
                    columns[letters] = col
                if not m or col > EXCEL_MAX_COLUMNS:
                    raise _bad(path, f"单元格名 {_short(coordinate)} 无效，文件已损坏",
                               f"the cell name {_short(coordinate)} is invalid; the file is damaged")
            else:
                col += 1
            value, unsaved = _cell_value(el, shared, date_formats, timedelta_formats, epoch)
            el.clear()
            if _blank(value) and not unsaved:
                blank += 1
                if blank > limits.max_blank_cells and blank > 4 * filled:
                    raise _too_big(path, f"到第 {row_no} 行已有 {blank:,} 个空白（仅带格式）的单元格，而有内容的只有 {filled:,} 个；"
                                   "请在 Excel 中删除多余的空白行和列后另存",
                                   f"by row {row_no} the sheet holds {blank:,} empty (formatted only) cells and just "
                                   f"{filled:,} with a value; delete the unused rows and columns in Excel and save it",
                                   advice=False)
                continue
            filled += 1
            if col > limits.max_columns or unsaved or isinstance(value, str) and len(value) > limits.max_cell_chars:
                name = f"{get_column_letter(min(col, EXCEL_MAX_COLUMNS))}{row_no}"
            if col > limits.max_columns:
                raise _too_big(path, f"单元格 {name} 有内容，超过 {limits.max_columns} 列的上限",
                               f"cell {name} holds a value beyond the limit of {limits.max_columns} columns")
            if isinstance(value, str) and len(value) > limits.max_cell_chars:
                raise _too_big(path, f"单元格 {name} 有 {len(value)} 个字符，上限 {limits.max_cell_chars}",
                               f"cell {name} holds {len(value)} characters, the limit is {limits.max_cell_chars}")
            if unsaved:
                formulas.append(name)
            cells[col] = value
        elif tag == ROW_TAG:
            el.clear()
            while el.getprevious() is not None:
                del el.getparent()[0]
            if cells:
                if len(grid) >= limits.max_rows:
                    raise _too_big(path, f"第 {row_no} 行超过 {limits.max_rows} 行的上限",
                                   f"row {row_no} is past the limit of {limits.max_rows} rows")
                width = max(cells)
                kept += width
                if kept > limits.max_cells:
                    raise _too_big(path, f"到第 {row_no} 行已超过 {limits.max_cells} 个单元格的上限",
                                   f"by row {row_no} the sheet holds more than the limit of {limits.max_cells} cells")
                grid.append((row_no, tuple(cells.get(c) for c in range(1, width + 1))))
                cells = {}
        elif tag == COL_TAG:
            el.clear()
            while el.getprevious() is not None:
                del el.getparent()[0]
        elif tag == DATA_TAG:
            break
    return grid, formulas


def _row_number(path: Path, r: str) -> int:
    try:
        value = float(r)
    except ValueError:
        value = math.nan
    if not value.is_integer():
        raise _bad(path, f"工作表的行号 {_short(r)} 无效，文件已损坏", f"the sheet's row number {_short(r)} is invalid; the file is damaged")
    return int(value)


def _cell_value(el, shared, date_formats, timedelta_formats, epoch):
    """The saved value of a <c> element (as openpyxl's read-only reader gives it) and whether it is a formula
    with no saved result."""
    kind = el.get("t", "n")
    formula = el.find(F_TAG) is not None
    if kind == "inlineStr":
        box = el.find(IS_TAG)
        value = None if box is None else "".join(t.text or "" for t in box.iter(T_TAG)
                                                 if t.getparent() is None or t.getparent().tag != RPH_TAG)
        return value, False
    text = el.findtext(V_TAG)
    if text is None or text == "":
        return None, formula
    if kind == "s":
        value = shared[int(text)]
        return (value if isinstance(value, str) else str(value)), False
    if kind == "b":
        return text.strip() not in ("0", "false", ""), False
    if kind in ("str", "e"):
        return text, False
    if kind == "d":
        try:
            return from_ISO8601(text), False
        except ValueError:
            return text, False
    try:
        number = int(text) if re.fullmatch(r"[+-]?\d+", text.strip()) else float(text)
    except ValueError:
        return text, False
    style = el.get("s")
    if style and style.isdigit() and int(style) in date_formats:
        try:
            return from_excel(number, epoch, timedelta=int(style) in timedelta_formats), False
        except (OverflowError, ValueError, TypeError):
            return number, False  # a serial outside the dates: kept as the number it is
    return number, False


# ---------------------------------------------------------------------------------------------------- csv


def _read_csv(path: Path, limits: Limits) -> tuple[list[tuple[int, tuple]], str, str]:
    data = path.read_bytes()
    if b"\x00" in data[:65_536] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _bad(path, "不是文本 CSV（含有二进制内容）", "it is not a text CSV (it holds binary content)")
    text, encoding = _decode(path, data)
    del data
    if text.startswith("\ufeff"):
        text = text[1:]
    sample = text[:65_536]
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n\f\v") or ch == "\x7f")
    if "\x00" in text or controls > max(8, len(sample) // 100):
        raise _bad(path, "不是文本 CSV（含有二进制内容）", "it is not a text CSV (it holds binary content)")
    delimiter = _sniff(sample)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    grid: list[tuple[int, tuple]] = []
    number = kept = 0
    try:
        for record in reader:
            number += 1
            if number > EXCEL_MAX_ROWS:
                raise _too_big(path, f"超过 {EXCEL_MAX_ROWS} 行（Excel 本身也打不开）",
                               f"more than {EXCEL_MAX_ROWS} rows (Excel itself cannot open it)")
            while record and _blank(record[-1]):
                record.pop()
            if not record:
                continue
            if len(record) > limits.max_columns:
                raise _too_big(path, f"第 {number} 行有 {len(record)} 列，上限 {limits.max_columns}",
                               f"row {number} has {len(record)} columns, the limit is {limits.max_columns}")
            for i, value in enumerate(record, start=1):
                if len(value) > limits.max_cell_chars:
                    raise _too_big(path, f"第 {number} 行的单元格 {get_column_letter(i)}{number} 有 {len(value)} 个字符，上限 {limits.max_cell_chars}",
                                   f"row {number}: cell {get_column_letter(i)}{number} holds {len(value)} "
                                   f"characters, the limit is {limits.max_cell_chars}")
            if len(grid) >= limits.max_rows:
                raise _too_big(path, f"第 {number} 行超过 {limits.max_rows} 行的上限",
                               f"row {number} is past the limit of {limits.max_rows} rows")
            kept += len(record)
            if kept > limits.max_cells:
                raise _too_big(path, f"到第 {number} 行已超过 {limits.max_cells} 个单元格的上限",
                               f"by row {number} the file holds more than the limit of {limits.max_cells} cells")
            grid.append((number, tuple(record)))
    except csv.Error as exc:
        row = number + 1
        if "field larger than field limit" in str(exc):
            limit = csv.field_size_limit()
            raise _too_big(path, f"第 {row} 行有一个超过 {limit} 个字符的字段（可能是缺少配对的引号）",
                           f"row {row} holds a field of more than {limit} characters (perhaps an unmatched "
                           "quote)", advice=False) from exc
        raise _bad(path, f"第 {row} 行不是有效的 CSV（{exc}）", f"row {row} is not valid CSV ({exc})") from exc
    return grid, encoding, delimiter


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig", "gb18030"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, UnicodeError):
            continue
    raise refuse("bad_file", f"{path.name} 的编码无法识别；CSV 须为 UTF-8 或 GB18030（GBK）编码。",
                 f"The encoding of {path.name} is not recognised; a CSV must be UTF-8 or GB18030 (GBK).")


def _sniff(sample: str) -> str:
    """The delimiter (comma, semicolon or tab) that splits the first lines into the most consistent columns."""
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    if len(sample) == 65_536 and len(lines) > 1:
        lines = lines[:-1]  # the last line of a cut sample may be cut
    best, best_score = ",", 0.0
    for delimiter in (",", ";", "\t"):
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        wide = [n for n in counts if n > 1]
        if not wide:
            continue
        mode = max(set(wide), key=wide.count)
        score = wide.count(mode) / len(counts) * (1 + math.log(mode))
        if score > best_score:
            best, best_score = delimiter, score
    return best


# ---------------------------------------------------------------------------------------------------- rows

# A totals cell says so and nothing else: 合计, 本月合计, 合计：, 合计（2025 年） — not a complaint that mentions a
# total ("共计5盒破损"), whose row is data.
TOTALS_ZH = re.compile(r"^(本页|本月|本季|本年|全年|年度|月度|累计|[0-9]{4}年?)?(合计|总计|小计|共计|总合计)"
                       r"([:：].{0,20}|[(（][^()（）]{0,20}[)）])?$")  # 小计：2件, but not 共计5盒破损
TOTALS_EN = re.compile(r"^(grand|sub|page)?[-_ ]?(total|totals|sum)[:：]?$|^subtotal[:：]?$", re.IGNORECASE)


def _is_totals(value) -> bool:
    if not isinstance(value, str):
        return False
    text = re.sub(r"\s+", "", value)
    return bool(TOTALS_ZH.match(text) or TOTALS_EN.match(value.strip().replace("  ", " ")))


def _norm(value) -> str:
    return "" if _blank(value) else re.sub(r"\s+", "", str(value))


def _filled(values: tuple) -> int:
    return sum(not _blank(v) for v in values)


def _classify(path: Path, grid: list[tuple[int, tuple]], limits: Limits, header_row: int | None) -> Ledger:
    if not grid:
        raise refuse("empty", f"{path.name} 中没有数据。", f"{path.name} holds no rows.")
    if header_row is not None:
        at = next((i for i, (n, _) in enumerate(grid) if n == header_row), None)
        if at is None:
            raise refuse("bad_layout", f"{path.name} 的第 {header_row} 行是空的，不能作为表头。",
                         f"Row {header_row} of {path.name} is blank and cannot be the header.")
    else:
        first = grid[:HEADER_SEARCH]
        widest = max(_filled(v) for _, v in first)
        need = max(2, math.ceil(widest * 0.6)) if widest > 1 else 1
        at = next(i for i, (_, v) in enumerate(first) if _filled(v) >= need)
    head_no, head_values = grid[at]
    body = grid[at + 1:]
    columns = [i for i, v in enumerate(head_values) if not _blank(v)]
    for _, values in body:
        columns += [i for i, v in enumerate(values) if not _blank(v)]
    first_col, last_col = min(columns), max(columns)
    width = last_col - first_col + 1

    def cut(values: tuple) -> tuple:
        part = values[first_col:last_col + 1]
        return part + (None,) * (width - len(part))

    header = ["" if _blank(v) else str(v).strip() for v in cut(head_values)]
    norm_header = [_norm(h) for h in header]
    if width * len(body) > limits.max_cells:
        raise _too_big(path, f"{len(body)} 行 × {width} 列超过 {limits.max_cells} 个单元格的上限",
                       f"{len(body)} rows × {width} columns is more than the limit of {limits.max_cells} cells")
    skipped: list[Skipped] = []
    previous = 0

    def blanks_until(number: int) -> None:
        if number - previous > 1:
            skipped.append(Skipped(previous + 1, number - 1, "blank"))

    for number, values in grid[:at]:
        blanks_until(number)
        where = next(i for i, v in enumerate(values) if not _blank(v))
        skipped.append(Skipped(number, number, "title", f"{get_column_letter(where + 1)}{number}", str(values[where])))
        previous = number
    blanks_until(head_no)
    previous = head_no
    rows: list[Row] = []
    for number, values in body:
        blanks_until(number)
        previous = number
        part = cut(values)
        total = next((i for i, v in enumerate(part[:TOTALS_COLUMNS]) if _is_totals(v)), None)
        if total is not None:
            skipped.append(Skipped(number, number, "totals", f"{get_column_letter(first_col + total + 1)}{number}",
                                   str(part[total]).strip()))
        elif _norm(part[0]) == norm_header[0] and [_norm(v) for v in part] == norm_header:
            skipped.append(Skipped(number, number, "header"))
        else:
            rows.append(Row(number, part, first_col + 1))
    return Ledger(path=path, kind="", header_row=head_no, first_column=first_col + 1, header=header, rows=rows,
                  skipped=skipped)
