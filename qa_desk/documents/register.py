"""The complaint register (用户投诉登记台帐) as an Excel workbook, in openpyxl's write-only mode so 100,000
rows stream through in constant memory.

Real dates and numbers, a bold coloured frozen header with an autofilter, the class in its colour, drop-down
lists on class and status, a statistics sheet with native charts (complaints per month by class; Pareto of
root-cause categories) and an "about this export" sheet (who, when, filter, rows), all in the language of the
user who exports. The audit entry of the export keeps the SHA-256 of the file itself, which anyone can check
with any tool against the file they were given (a hash of the values as QA Desk holds them could be checked
only by QA Desk, and took about a tenth of what the export adds to writing the cells: 0.8 s at 100,000 rows).
Personal data is masked unless a QA user asks otherwise (audited). Text that starts with = + - @ is written as
text, never as a formula.

Printed from Excel or LibreOffice, each sheet is A4 fitted to the page width, the register landscape with its
header row on every page and wrapped text in rows as high as it needs (documents/register_print.py), and each
chart on a page of its own. The rows come from core (core/register_rows.py).
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from qa_desk.core import register_rows as R
from qa_desk.core.errors import refuse
from qa_desk.core.register_rows import VOCAB, RegisterFilter
from qa_desk.core.session import Session
from qa_desk.documents import register_print as P
from qa_desk.store.files import file_sha256, publish

__all__ = ["COLUMNS", "RegisterFilter", "export", "rows"]

# key, zh header, en header, width (units of the default font's digit), kind (text: free text; code: short and
# new on each row; label: one of few values, measured by the row's combination; number, date, datetime: values
# the core computes). The widths are the least that
# keeps each column's content readable (dates and codes whole, CJK labels on two lines, headers on at most
# three), so the printed text stays near 7 pt; an English export widens the columns whose words are longer.
COLUMNS = [
    ("number", "投诉编号", "Complaint no.", 12, "code"), ("received", "接收日期", "Received", 15, "datetime"),
    ("channel", "投诉渠道", "Channel", 6.5, "label"), ("complainant", "投诉人", "Complainant", 13, "text"),
    ("product", "产品名称", "Product", 11, "text"), ("strength", "规格", "Strength", 6.5, "label"),
    ("batch", "批号", "Batch", 8, "code"), ("expiry", "有效期至", "Expiry", 10.5, "date"),
    ("quantity", "数量", "Quantity", 5, "code"), ("unit", "计量单位", "Unit", 6, "label"),
    ("summary", "投诉内容摘要", "Complaint summary", 24, "text"),
    ("nature", "投诉性质", "Nature", 6.5, "label"), ("category", "投诉类别", "Category", 6.5, "label"),
    ("class", "严重程度分类", "Class", 5, "label"), ("priority", "优先级", "Priority", 5, "label"),
    ("status", "状态", "Status", 6.5, "label"), ("investigator", "调查人", "Investigator", 6.5, "label"),
    ("root_cause", "根本原因", "Root cause", 12, "text"), ("conclusion", "调查结论", "Conclusion", 7, "label"),
    ("market_action", "市场措施", "Market action", 7, "label"), ("capa_refs", "CAPA 编号", "CAPA refs", 9, "text"),
    ("reply_date", "答复日期", "Reply date", 10.5, "date"), ("satisfaction", "满意度", "Satisfaction", 6, "label"),
    ("closed", "结案日期", "Closed", 10.5, "date"), ("days_open", "处理天数", "Days open", 5, "number"),
    ("overdue", "是否逾期", "Overdue", 5, "label"),
]
if tuple(c[0] for c in COLUMNS) != R.KEYS:  # the core's row order is the sheet's column order
    raise RuntimeError("register columns differ from core.register_rows.KEYS")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(name="Calibri", size=11, bold=True, color="FFFFFF")  # named: no serif fallback
FORMULA_START = ("=", "+", "-", "@")
WRAP = Alignment(wrap_text=True)  # bottom-aligned, as every cell: a row reads across one baseline
MAX_WORD = 13  # an English column grows for its longest word up to this width; longer words break
LABEL_ROWS_CACHED = 20_000  # combinations of a row's labels whose line count is remembered
CHART_PAGE_ROWS = 30  # rows of the statistics sheet that one chart's page holds (a 14 cm chart, 15 pt rows)


def rows(session: Session, f: RegisterFilter, *, unmasked: bool, lang: str) -> Iterator[dict]:
    """The register's rows keyed by column (the register PDF reads them so); see core.register_rows."""
    return R.rows(session, f, unmasked=unmasked, lang=lang)


def widths(session: Session, lang: str) -> list[float]:
    """Column widths for the export's language: an English word is not broken by wrapping, so a column is at
    least as wide as the longest word of its header and labels."""
    if lang.startswith("zh"):
        return [c[3] for c in COLUMNS]
    pol, out = session.policy, []
    for key, _, en, width, _ in COLUMNS:
        labels = [pol.label(VOCAB[key], code, lang) for code in pol.codes(VOCAB[key])] if key in VOCAB else []
        word = max(P.longest_word([en], bold=True), P.longest_word(labels))
        out.append(max(width, min(word + P.PAD, MAX_WORD)))
    return out


class _Cells:
    """Turns one register row into what the write-only sheet appends, and gives the row its height.

    Plain values go in as they are (openpyxl then reuses one cell object for them, and they wrap by the
    workbook's default format; the class is coloured by conditional formats); only the receipt time (its
    format) and text that looks like a formula (kept as text) become cells. A write-only row is written when
    it is appended, so the receipt-time cell is made once and reused row after row. The row height is the
    most lines any of its texts takes. That keeps the export near a bare dump of the same values
    (bench/bench_documents.py)."""

    def __init__(self, ws, widths: list[float], max_lines: int) -> None:
        self.ws, self.widths, self.max_lines = ws, widths, max_lines
        self.received = self._cell(None, self._style(number_format="yyyy-mm-dd hh:mm"))
        self.as_text = self._cell(None, self._style(alignment=WRAP))
        kinds = [kind for *_, kind in COLUMNS]
        # free texts are measured one by one (cached: names and products repeat); the labels of a row are
        # measured together, cached by their combination, which repeats on most rows
        self.codes = [(i, widths[i] - P.PAD) for i, kind in enumerate(kinds) if kind == "code"]  # unique, short
        self.text_cols = [i for i, kind in enumerate(kinds) if kind == "text"]
        self.label_cols = [i for i, kind in enumerate(kinds) if kind == "label"]
        self.pick = operator.itemgetter(*self.text_cols)
        self.pick_labels = operator.itemgetter(*self.label_cols)
        self.usables = [widths[i] - P.PAD for i in self.text_cols]
        self.label_usables = [widths[i] - P.PAD for i in self.label_cols]
        self.label_lines: dict[tuple, int] = {}
        self.heights = {n: P.RowHeight(ws, n) for n in range(2, max_lines + 1)}
        self.row_idx = 1

    def _style(self, **attrs):
        cell = WriteOnlyCell(self.ws)
        for name, value in attrs.items():
            setattr(cell, name, value)
        return cell._style

    def _cell(self, value, style) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value=value)
        cell._style = style
        return cell

    def header(self, lang: str) -> None:
        zh = lang.startswith("zh")
        style = self._style(font=HEADER_FONT, fill=HEADER_FILL,
                            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
        texts = [hz if zh else he for _, hz, he, _, _ in COLUMNS]
        n = max(P.lines(t, w / P.BOLD_LETTER) for t, w in zip(texts, self.widths, strict=True))
        self._append([self._cell(t, style) for t in texts], min(n, P.HEADER_LINES))

    def row(self, line: list) -> None:
        """Append one row of core values (``line`` is changed in place)."""
        labels = self.pick_labels(line)
        n = self.label_lines.get(labels)
        if n is None:
            n = self._label_lines(labels)
        ks = list(map(P.fit, self.pick(line), self.usables))  # C loops; Python only for a text not seen lately
        for i, usable in self.codes:  # a number, batch or quantity varies on every row: measured only when long
            v = line[i]
            if v.__class__ is str and (len(v.encode()) * P.BYTE > usable or v.startswith(FORMULA_START)
                                       or not v.isprintable()):
                ks.append(P.fit(v, usable))
        if n < 0 or min(ks) < 0:  # text that looks like a formula stays text (rare: a cell made anew)
            for i in self.text_cols + self.label_cols + [i for i, _ in self.codes]:
                if P.fit(line[i], 1.0) < 0:
                    v = line[i] = P.ILLEGAL_CHARACTERS_RE.sub("\ufffd", line[i])  # shown, not stopping the export
                    if v.startswith(FORMULA_START):
                        line[i] = cell = WriteOnlyCell(self.ws, value=v)
                        cell._style, cell.data_type = self.as_text._style, "s"
            n, ks = abs(n), list(map(abs, ks))
        received = line[1]
        if received is not None:
            cell = line[1] = self.received
            if received.__class__ is datetime:  # bound as openpyxl's setter would, without its per-row style lookup
                cell._value, cell.data_type = received, "d"
            else:  # a time edited outside QA Desk, exported as stored
                cell.value = received
        n = max(n, *ks)
        if n > 1:  # _append, inlined (once per complaint)
            self.ws.row_dimensions[self.row_idx] = self.heights[min(n, self.max_lines)]
            self.ws.append(line)
            del self.ws.row_dimensions[self.row_idx]
        else:
            self.ws.append(line)
        self.row_idx += 1

    def _label_lines(self, labels: tuple) -> int:
        """The most lines a row's labels take (negative when one looks like a formula), remembered."""
        ks = list(map(P.fit, labels, self.label_usables))
        n = -max(map(abs, ks)) if min(ks) < 0 else max(ks)
        if len(self.label_lines) < LABEL_ROWS_CACHED:
            self.label_lines[labels] = n
        return n

    def _append(self, line: list, n: int) -> None:
        if n > 1:  # the row's height, given for this row only: written with it, then dropped (constant memory)
            self.ws.row_dimensions[self.row_idx] = self.heights[min(n, self.max_lines)]
            self.ws.append(line)
            del self.ws.row_dimensions[self.row_idx]
        else:
            self.ws.append(line)
        self.row_idx += 1


def export(session: Session, out: Path, f: RegisterFilter | None = None, *, unmasked: bool = False,
           lang: str | None = None, progress: Callable[[int, int], None] | None = None,
           cancelled: Callable[[], bool] | None = None) -> dict:
    """Write the register; returns {"rows": n, "sha256": the file's SHA-256, as its audit entry keeps it}.
    Nothing is left behind when cancelled.

    ``lang`` is the language of the user who exports (the GUI's and the command line's); without it the
    session's is used."""
    f = f or RegisterFilter()
    lang = lang or session.lang
    session.require("register_export")
    if unmasked:
        session.require("view_personal_data")
    zh = lang.startswith("zh")
    pol = session.policy
    total = R.count(session, f)
    form = P.settings()
    title, code = form["zh"] if zh else form["en"], f"{form['code']} {form['version']}"
    wb = Workbook(write_only=True)
    P.wrap_by_default(wb)
    ws = wb.create_sheet("台帐" if zh else "Register")
    cols = widths(session, lang)
    P.setup_sheet(ws, cols, landscape=True, title=title, code=code)  # before the first row (write-only)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"  # the header on every printed page
    last_row = max(total + 1, 2)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last_row}"
    class_col = get_column_letter(R.KEYS.index("class") + 1)
    status_col = get_column_letter(R.KEYS.index("status") + 1)
    dv_class = DataValidation(type="list", formula1='"' + ",".join(pol.classes) + '"', allow_blank=True)
    dv_class.add(f"{class_col}2:{class_col}{last_row}")
    statuses = [pol.label("status", s, lang) for s in pol.codes("status")]
    dv_status = DataValidation(type="list", formula1='"' + ",".join(statuses) + '"', allow_blank=True)
    dv_status.add(f"{status_col}2:{status_col}{last_row}")
    ws.data_validations.append(dv_class)
    ws.data_validations.append(dv_status)
    _class_colours(ws, f"{class_col}2:{class_col}{last_row}", pol)
    cells = _Cells(ws, cols, int(form["excel"]["max_row_lines"]))
    cells.header(lang)
    months: Counter = Counter()
    i_received, i_class = R.KEYS.index("received"), R.KEYS.index("class")
    n = 0
    for line in R.values(session, f, unmasked=unmasked, lang=lang):
        if cancelled and n % 500 == 0 and cancelled():
            raise refuse("cancelled", "已取消，未生成文件。", "Cancelled; no file was written.")
        received = line[i_received]
        if line[i_class] and received.__class__ is datetime:  # (not a time edited outside QA Desk)
            months[(received.year, received.month, line[i_class])] += 1
        cells.row(line)
        n += 1
        if progress and n % 1000 == 0:
            progress(n, total)
    by_month = Counter({(f"{y:04d}-{m:02d}", c): k for (y, m, c), k in months.items()})
    _stats_sheet(wb, by_month, R.root_causes(session, f, lang), pol, lang, code)
    _about_sheet(wb, session, f, n, unmasked, lang, code)

    def write(part: Path) -> str:
        wb.save(part)
        return file_sha256(part)

    def record(sha: str) -> None:
        with session.write() as tx:
            tx.log("export", new={"what": "register", "file": out.name, "rows": n, "sha256": sha,
                                  "filter": f.describe(), "unmasked": unmasked})

    sha = publish(out, write, record)  # NAME.part, its entry committed, then NAME (nothing leaves without its record)
    if progress:
        progress(n, total)
    return {"rows": n, "sha256": sha}


def _class_colours(ws, ref: str, pol) -> None:
    """The class in its colour (white bold on the class's colour), as conditional formats on the column: one
    rule per class instead of a styled cell per row, and a class changed with the drop-down list is recoloured."""
    for code, cls in pol.classes.items():
        colour = cls.colour.lstrip("#").upper()
        ws.conditional_formatting.add(ref, CellIsRule(
            operator="equal", formula=[f'"{code}"'], stopIfTrue=True,
            fill=PatternFill("solid", start_color=colour, end_color=colour), font=Font(color="FFFFFF", bold=True)))


def _stats_sheet(wb: Workbook, months: Counter, causes: Counter, pol, lang: str, code: str) -> None:
    """Page 1 the monthly chart, page 2 the Pareto chart, then the two tables they draw (row breaks between,
    each chart smaller than a landscape page, so each prints whole on its own page)."""
    zh = lang.startswith("zh")
    ws = wb.create_sheet("统计" if zh else "Statistics")
    classes = list(pol.classes)
    P.setup_sheet(ws, [22] + [10] * max(len(classes), 2), landscape=True, code=code,
                  title="投诉统计" if zh else "Complaint statistics")
    for _ in range(2 * CHART_PAGE_ROWS):
        ws.append([])
    P.page_break_after(ws, CHART_PAGE_ROWS)
    P.page_break_after(ws, 2 * CHART_PAGE_ROWS)
    top = 2 * CHART_PAGE_ROWS + 1  # the month table's header row
    ws.append(["月份" if zh else "Month"] + [pol.classes[c].label(lang) for c in classes])
    month_list = sorted({m for m, _ in months})
    for m in month_list:
        ws.append([m] + [months.get((m, c), 0) for c in classes])
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
    chart.title = "每月投诉数（按分类）" if zh else "Complaints per month by class"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    rows_n = max(len(month_list), 1)
    chart.add_data(Reference(ws, min_col=2, max_col=len(classes) + 1, min_row=top, max_row=top + rows_n),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=top + rows_n))
    chart.width, chart.height = 25, 14
    ws.add_chart(chart, "A1")
    start = top + rows_n + 3  # the cause table's header row, after two empty rows
    ws.append([])
    ws.append([])
    ws.append(["根本原因类别" if zh else "Root-cause category", "投诉数" if zh else "Complaints",
               "累计%" if zh else "Cumulative %"])
    total = sum(causes.values()) or 1
    running = 0
    ordered = causes.most_common()
    for cat, count in ordered:
        running += count
        ws.append([cat, count, round(100 * running / total, 1)])
    pareto = BarChart()
    pareto.title = "根本原因帕累托图" if zh else "Pareto of root-cause categories"
    pareto.x_axis.delete = False
    pareto.y_axis.delete = False
    n = max(len(ordered), 1)
    pareto.add_data(Reference(ws, min_col=2, min_row=start, max_row=start + n), titles_from_data=True)
    pareto.set_categories(Reference(ws, min_col=1, min_row=start + 1, max_row=start + n))
    line = LineChart()
    line.add_data(Reference(ws, min_col=3, min_row=start, max_row=start + n), titles_from_data=True)
    line.y_axis.axId = 200
    line.y_axis.delete = False
    line.y_axis.crosses = "max"
    pareto += line
    pareto.width, pareto.height = 25, 14
    ws.add_chart(pareto, f"A{CHART_PAGE_ROWS + 1}")


def _about_sheet(wb: Workbook, session: Session, f: RegisterFilter, n: int, unmasked: bool, lang: str,
                 code: str) -> None:
    zh = lang.startswith("zh")
    ws = wb.create_sheet("关于此导出" if zh else "About this export")
    P.setup_sheet(ws, [24, 80], landscape=False, code=code, title="关于此导出" if zh else "About this export")
    for k, v in ((("导出人", "Exported by"), f"{session.actor.display_name} ({session.actor.username})"),
                 (("导出时间", "Exported at"), session.now().isoformat()),
                 (("筛选条件", "Filter"), f.describe(lang, session.policy)), (("行数", "Rows"), n),
                 (("文件校验", "File check"), "本文件的 SHA-256 记录在此次导出的审计条目中（导出人、导出时间如上）" if zh
                  else "This file's SHA-256 is kept in the audit entry of this export (exported by and at above)"),
                 (("个人信息", "Personal data"), ("未屏蔽（已记录审计）" if zh else "unmasked (audited)") if unmasked
                  else ("已屏蔽" if zh else "masked")),
                 (("语言", "Language"), "中文" if zh else "English"),
                 (("来源", "Source"), "QA Desk")):
        cell = WriteOnlyCell(ws, value=v)
        cell.alignment = Alignment(horizontal="left", wrap_text=True)  # the row count too, next to its label
        ws.append([k[0] if zh else k[1], cell])
