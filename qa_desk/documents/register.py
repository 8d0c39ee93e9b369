"""The complaint register (用户投诉登记台帐) as an Excel workbook, in openpyxl's write-only mode so 100,000
rows stream through in constant memory.

Real dates and numbers, a bold coloured frozen header with an autofilter, sensible widths, the class in its
colour, drop-down lists on class and status, a statistics sheet with native charts (complaints per month by
class; Pareto of root-cause categories) and an "about this export" sheet (who, when, filter, rows, SHA-256 of
the exported data). Personal data is masked unless a QA user asks otherwise (audited). Text that starts with
= + - @ is written as text, never as a formula.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from qa_desk.core.clock import iso
from qa_desk.core.errors import refuse
from qa_desk.core.session import Session
from qa_desk.store.audit import canonical
from qa_desk.store.files import publish

# key, zh header, en header, width, kind
COLUMNS = [
    ("number", "投诉编号", "Complaint no.", 15, "text"), ("received", "接收日期", "Received", 20, "datetime"),
    ("channel", "投诉渠道", "Channel", 12, "label"), ("complainant", "投诉人", "Complainant", 22, "text"),
    ("product", "产品名称", "Product", 22, "text"), ("strength", "规格", "Strength", 12, "text"),
    ("batch", "批号", "Batch", 11, "text"), ("expiry", "有效期至", "Expiry", 11, "date"),
    ("quantity", "数量", "Quantity", 8, "number"), ("unit", "计量单位", "Unit", 7, "text"),
    ("summary", "投诉内容摘要", "Complaint summary", 40, "text"),
    ("nature", "投诉性质", "Nature", 12, "label"), ("category", "投诉类别", "Category", 12, "label"),
    ("class", "严重程度分类", "Class", 8, "text"), ("priority", "优先级", "Priority", 8, "label"),
    ("status", "状态", "Status", 12, "label"), ("investigator", "调查人", "Investigator", 12, "text"),
    ("root_cause", "根本原因", "Root cause", 30, "text"), ("conclusion", "调查结论", "Conclusion", 16, "label"),
    ("market_action", "市场措施", "Market action", 14, "label"), ("capa_refs", "CAPA 编号", "CAPA refs", 20, "text"),
    ("reply_date", "答复日期", "Reply date", 11, "date"), ("satisfaction", "满意度", "Satisfaction", 10, "label"),
    ("closed", "结案日期", "Closed", 11, "date"), ("days_open", "处理天数", "Days open", 9, "number"),
    ("overdue", "是否逾期", "Overdue", 8, "text"),
]
VOCAB = {"channel": "channel", "nature": "nature", "category": "category", "priority": "priority", "status": "status",
         "conclusion": "conclusion", "market_action": "market_action", "satisfaction": "satisfaction"}
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
FORMULA_START = ("=", "+", "-", "@")

ROWS_SQL = """
SELECT c.*, coalesce(u.display_name, c.legacy_handler) AS investigator,
  (SELECT group_concat(ref, ' ') FROM capa_actions a WHERE a.complaint_id = c.id) AS capa_refs,
  (SELECT max(replied_at) FROM replies r WHERE r.complaint_id = c.id AND r.final = 1) AS reply_at,
  (SELECT satisfaction FROM replies r WHERE r.complaint_id = c.id AND r.final = 1 ORDER BY r.id DESC LIMIT 1)
    AS satisfaction,
  (SELECT count(*) FROM deadlines d WHERE d.complaint_id = c.id AND d.met_at IS NULL AND d.due_utc < :now
     AND c.status NOT IN ('closed','archived','voided')) AS overdue_n
FROM complaints c LEFT JOIN users u ON u.id = c.owner_id
"""


@dataclass
class RegisterFilter:
    date_from: date | None = None
    date_to: date | None = None
    classes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    ids: list[int] | None = None

    def describe(self) -> str:
        parts = []
        if self.date_from or self.date_to:
            parts.append(f"received {self.date_from or '…'} – {self.date_to or '…'}")
        if self.classes:
            parts.append("class " + ",".join(self.classes))
        if self.statuses:
            parts.append("status " + ",".join(self.statuses))
        if self.ids is not None:
            parts.append(f"{len(self.ids)} selected")
        return "; ".join(parts) or "all complaints"


def _where(f: RegisterFilter) -> tuple[str, dict]:
    clauses, params = [], {}
    if f.date_from:
        clauses.append("c.received_at >= :dfrom")
        params["dfrom"] = f.date_from.isoformat()
    if f.date_to:
        clauses.append("c.received_at < date(:dto, '+1 day')")
        params["dto"] = f.date_to.isoformat()
    for name, values in (("class", f.classes), ("status", f.statuses)):
        if values:
            keys = [f"{name}{i}" for i in range(len(values))]
            clauses.append(f"c.{name} IN ({','.join(':' + k for k in keys)})")
            params.update(dict(zip(keys, values, strict=True)))
    if f.ids is not None:
        clauses.append(f"c.id IN ({','.join(str(int(i)) for i in f.ids) or 'NULL'})")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _local(text: str | None) -> datetime | None:
    """Excel has no time zones: times are written in the office's local time, as the forms print them."""
    return datetime.fromisoformat(text).replace(tzinfo=None) if text else None


def rows(session: Session, f: RegisterFilter, *, unmasked: bool, lang: str) -> Iterator[dict]:
    pol = session.policy
    now = session.now()
    where, params = _where(f)
    params["now"] = iso(now.astimezone(UTC))
    cur = session.db.conn.execute(ROWS_SQL + where + " ORDER BY c.year, c.seq", params)
    for r in cur:
        person = r["complainant_name"] or ""
        org = r["complainant_org"] or ""
        if r["anonymous"]:
            who = "匿名" if lang.startswith("zh") else "Anonymous"
        elif unmasked:
            who = " / ".join(x for x in (org, person) if x)
        else:  # the person masked, and said to be there, so a masked export is never read back as complete
            who = " / ".join(x for x in (org, "***" if person else "") if x)
        received = _local(r["received_at"])
        closed = _local(r["closed_at"])
        end = closed or now.replace(tzinfo=None)
        # every text in full: the register is also what an import reads back (export → import → export)
        values = {
            "number": r["number"], "received": received, "channel": r["channel"], "complainant": who,
            "product": r["product_name"], "strength": r["strength"], "batch": r["batch_no"],
            "expiry": date.fromisoformat(r["expiry_date"]) if r["expiry_date"] else None, "quantity": r["quantity"],
            "unit": r["unit"], "summary": r["description"] or "", "nature": r["nature"], "category": r["category"],
            "class": r["class"], "priority": r["priority"], "status": r["status"], "investigator": r["investigator"],
            "root_cause": r["root_cause"], "conclusion": r["conclusion"], "market_action": r["market_action"],
            "capa_refs": r["capa_refs"], "reply_date": _local(r["reply_at"]).date() if r["reply_at"] else None,
            "satisfaction": r["satisfaction"], "closed": closed.date() if closed else None,
            "days_open": max(0, (end - received).days), "overdue": ("是" if lang.startswith("zh") else "yes")
            if r["overdue_n"] else "",
        }
        for key, vocab in VOCAB.items():
            if values[key]:
                values[key] = pol.label(vocab, values[key], lang)
        yield values


class _Cells:
    """Turns one register row into what the write-only sheet appends.

    Plain values go in as they are (openpyxl then reuses one cell object for them); only the cells that need a
    style — dates, the coloured class, text that looks like a formula — become cells, and their style is looked
    up once per kind instead of once per cell. That keeps the export near a bare dump of the same values."""

    def __init__(self, ws, fills: dict[str, PatternFill]) -> None:
        self.ws = ws
        # dates go in as plain values: openpyxl gives them its ISO date formats (yyyy-mm-dd, yyyy-mm-dd h:mm:ss)
        # on the same fast path as a bare dump
        self.styles: dict[str, object] = {}
        white = Font(color="FFFFFF", bold=True)
        self.classes = {code: self._style(fill=fill, font=white) for code, fill in fills.items()}
        self.kinds = [(key, kind) for key, _, _, _, kind in COLUMNS]

    def _style(self, **attrs):
        cell = WriteOnlyCell(self.ws)
        for name, value in attrs.items():
            setattr(cell, name, value)
        return cell._style

    def _styled(self, value, style):
        cell = WriteOnlyCell(self.ws, value=value)
        cell._style = style
        return cell

    def row(self, values: dict) -> list:
        line = []
        for key, kind in self.kinds:
            value = values[key]
            if value is None:
                line.append(None)
            elif kind in self.styles:
                line.append(self._styled(value, self.styles[kind]))
            elif key == "class" and value in self.classes:
                line.append(self._styled(value, self.classes[value]))
            elif isinstance(value, str) and value.startswith(FORMULA_START):
                cell = WriteOnlyCell(self.ws, value=value)
                cell.data_type = "s"  # text that looks like a formula stays text
                line.append(cell)
            else:
                line.append(value)
        return line


def export(session: Session, out: Path, f: RegisterFilter | None = None, *, unmasked: bool = False,
           lang: str | None = None, progress: Callable[[int, int], None] | None = None,
           cancelled: Callable[[], bool] | None = None) -> dict:
    """Write the register; returns {"rows": n, "sha256": digest}. Nothing is left behind when cancelled."""
    f = f or RegisterFilter()
    lang = lang or session.lang
    session.require("register_export")
    if unmasked:
        session.require("view_personal_data")
    zh = lang.startswith("zh")
    where, params = _where(f)
    total = session.db.conn.execute("SELECT count(*) FROM complaints c" + where, params).fetchone()[0]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台帐" if zh else "Register")
    for i, (_, _, _, width, _) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"  # printed from Excel: landscape A4, one page wide, header on every page
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", "9"  # 9 = A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    last = get_column_letter(len(COLUMNS))
    ws.auto_filter.ref = f"A1:{last}{max(total + 1, 2)}"
    class_col = get_column_letter([c[0] for c in COLUMNS].index("class") + 1)
    status_col = get_column_letter([c[0] for c in COLUMNS].index("status") + 1)
    pol = session.policy
    dv_class = DataValidation(type="list", formula1='"' + ",".join(pol.classes) + '"', allow_blank=True)
    dv_class.add(f"{class_col}2:{class_col}{max(total + 1, 2)}")
    statuses = [pol.label("status", s, lang) for s in pol.codes("status")]
    dv_status = DataValidation(type="list", formula1='"' + ",".join(statuses) + '"', allow_blank=True)
    dv_status.add(f"{status_col}2:{status_col}{max(total + 1, 2)}")
    ws.data_validations.append(dv_class)
    ws.data_validations.append(dv_status)
    header = []
    for _, hz, he, _, _ in COLUMNS:
        c = WriteOnlyCell(ws, value=hz if zh else he)
        c.font, c.fill, c.alignment = HEADER_FONT, HEADER_FILL, Alignment(horizontal="center", vertical="center")
        header.append(c)
    ws.append(header)
    cells = _Cells(ws, {code: PatternFill("solid", fgColor=cls.colour.lstrip("#").upper())
                        for code, cls in pol.classes.items()})
    digest = hashlib.sha256()
    months: Counter = Counter()
    causes: Counter = Counter()
    n = 0
    for values in rows(session, f, unmasked=unmasked, lang=lang):
        if cancelled and n % 500 == 0 and cancelled():
            raise refuse("cancelled", "已取消，未生成文件。", "Cancelled; no file was written.")
        ws.append(cells.row(values))
        digest.update(canonical([str(values[k]) if values[k] is not None else None for k, *_ in COLUMNS]).encode())
        if values["class"]:
            months[(values["received"].strftime("%Y-%m"), values["class"])] += 1
        n += 1
        if progress and n % 1000 == 0:
            progress(n, total)
    _root_causes(session, f, causes, lang)
    _stats_sheet(wb, months, causes, pol, lang)
    sha = digest.hexdigest()
    _about_sheet(wb, session, f, n, sha, unmasked, lang)

    def record(_):
        with session.write() as tx:
            tx.log("export", new={"what": "register", "file": out.name, "rows": n, "sha256": sha,
                                  "filter": f.describe(), "unmasked": unmasked})

    publish(out, wb.save, record)  # NAME.part, the entry committed, then NAME (nothing leaves without its record)
    if progress:
        progress(n, total)
    return {"rows": n, "sha256": sha}


def _root_causes(session: Session, f: RegisterFilter, causes: Counter, lang: str) -> None:
    where, params = _where(f)
    causes.clear()
    for cat, count in session.db.conn.execute(
            "SELECT root_cause_category, count(*) FROM complaints c" + (where + " AND" if where else " WHERE")
            + " root_cause_category IS NOT NULL GROUP BY root_cause_category", params):
        causes[session.policy.label("fishbone", cat, lang)] = count


def _stats_sheet(wb: Workbook, months: Counter, causes: Counter, pol, lang: str) -> None:
    zh = lang.startswith("zh")
    ws = wb.create_sheet("统计" if zh else "Statistics")
    classes = list(pol.classes)
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
    chart.add_data(Reference(ws, min_col=2, max_col=len(classes) + 1, min_row=1, max_row=rows_n + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=rows_n + 1))
    chart.width, chart.height = 26, 12
    ws.add_chart(chart, "H2")
    start = rows_n + 4
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
    pareto.width, pareto.height = 18, 10
    ws.add_chart(pareto, f"H{start + 22}")


def _about_sheet(wb: Workbook, session: Session, f: RegisterFilter, n: int, sha: str, unmasked: bool,
                 lang: str) -> None:
    zh = lang.startswith("zh")
    ws = wb.create_sheet("关于此导出" if zh else "About this export")
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 80
    for k, v in ((("导出人", "Exported by"), f"{session.actor.display_name} ({session.actor.username})"),
                 (("导出时间", "Exported at"), session.now().isoformat()),
                 (("筛选条件", "Filter"), f.describe()), (("行数", "Rows"), n),
                 (("数据 SHA-256", "SHA-256 of the data"), sha),
                 (("个人信息", "Personal data"), ("未屏蔽（已记录审计）" if zh else "unmasked (audited)") if unmasked
                  else ("已屏蔽" if zh else "masked")),
                 (("来源", "Source"), "QA Desk")):
        ws.append([k[0] if zh else k[1], v])
