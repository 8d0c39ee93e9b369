"""Import of a complaint ledger (xlsx or csv): the app's own register (zh or en headers) needs no questions;
another layout needs a column map (``{"source header": "register key"}``, from the GUI dialog or --map).

A dry run reports, row by row, what would be created and every problem (row, column, what is wrong, how to
fix it); nothing is written until the import is confirmed, and then it is one transaction. Imported
complaints keep their numbers, are audited as imported with the source file's SHA-256, and importing the
same file again creates nothing new.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl.utils import get_column_letter

from qa_desk.core import deadlines, numbering, settings
from qa_desk.core import validation as V
from qa_desk.core.clock import iso
from qa_desk.core.errors import Problem, refuse
from qa_desk.core.session import Session
from qa_desk.core.workcal import WorkCalendar
from qa_desk.documents.register import COLUMNS, VOCAB
from qa_desk.store.files import file_sha256

MAX_ROWS = 200_000
IGNORED = {"days_open", "overdue", "investigator", "capa_refs"}  # derived by the app, not imported


@dataclass
class RowResult:
    row: int
    number: str | None
    action: str  # create / skip / error
    problems: list[Problem] = field(default_factory=list)
    values: dict = field(default_factory=dict)


@dataclass
class Report:
    file_sha256: str
    rows: list[RowResult]

    @property
    def errors(self) -> list[RowResult]:
        return [r for r in self.rows if r.action == "error"]

    @property
    def to_create(self) -> list[RowResult]:
        return [r for r in self.rows if r.action == "create"]

    def lines(self, lang: str) -> list[str]:
        zh = lang.startswith("zh")
        out = []
        for r in self.rows:
            if r.action == "error":
                for p in r.problems:
                    out.append(f"第 {r.row} 行：{p.zh}" if zh else f"row {r.row}: {p.en}")
            else:
                what = {"create": ("将新建", "would create"), "skip": ("已存在，跳过", "exists, skipped")}[r.action]
                out.append(f"第 {r.row} 行：{what[0]} {r.number or ''}" if zh else f"row {r.row}: {what[1]} {r.number or ''}")
        return out


def header_map() -> dict[str, str]:
    """Both languages' register headers → register keys."""
    out = {}
    for key, zh, en, _, _ in COLUMNS:
        out[zh] = key
        out[en] = key
        out[en.lower()] = key
    return out


def read_table(path: Path) -> tuple[list[str], list[list]]:
    """Header and rows of the first sheet (xlsx) or of a csv; refuses what is not a readable table."""
    if not path.exists():
        raise refuse("no_file", f"文件 {path} 不存在。", f"The file {path} does not exist.")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise refuse("bad_file", "CSV 文件须为 UTF-8 编码。", "The CSV file must be UTF-8.") from exc
        table = list(csv.reader(io.StringIO(text)))
    elif suffix in (".xlsx", ".xlsm"):
        if not zipfile.is_zipfile(path):
            raise refuse("bad_file", f"{path.name} 不是 Excel 工作簿（可能已加密或损坏）。",
                         f"{path.name} is not an Excel workbook (it may be password protected or damaged).")
        table = _read_xlsx(path)
    else:
        raise refuse("bad_file", "只能导入 .xlsx 或 .csv 文件。", "Only .xlsx and .csv files can be imported.")
    while len(table) > 1 and sum(not _blank(v) for v in table[0]) <= 1 < sum(not _blank(v) for v in table[1]):
        table.pop(0)  # a title row above the header (often merged across the columns)
    if not table:
        raise refuse("empty", "文件中没有数据。", "The file holds no rows.")
    header = ["" if h is None else str(h).strip() for h in table[0]]
    return header, table[1:]


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_xlsx(path: Path) -> list[list]:
    """Cached values of the first sheet. A formula without a saved value would import as an empty cell, so it is
    refused with its cell named; a sheet of empty rows stops after a thousand instead of reading them all."""
    from openpyxl import load_workbook

    try:
        values = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise refuse("bad_file", f"无法读取 {path.name}：{exc}", f"Cannot read {path.name}: {exc}") from exc
    table, empty_run, unsaved = [], 0, []
    try:
        for n, (row, frow) in enumerate(zip(values.worksheets[0].iter_rows(values_only=True),
                                            formulas.worksheets[0].iter_rows(values_only=True), strict=False),
                                            start=1):
            if all(_blank(v) for v in row) and all(_blank(v) for v in frow):
                empty_run += 1
                if empty_run > 1000:
                    break
                continue
            empty_run = 0
            unsaved += [f"{get_column_letter(i)}{n}" for i, (v, f) in enumerate(zip(row, frow, strict=False), start=1)
                        if v is None and isinstance(f, str) and f.startswith("=")]
            table.append(list(row))
            if len(table) > MAX_ROWS:
                raise refuse("too_big", f"文件超过 {MAX_ROWS} 行，请分批导入。", f"More than {MAX_ROWS} rows; import in parts.")
    finally:
        values.close()
        formulas.close()
    if unsaved:
        cells = ", ".join(unsaved[:5]) + (" …" if len(unsaved) > 5 else "")
        raise refuse("formulas", f"单元格 {cells} 是没有保存计算结果的公式；请在 Excel 中打开、保存后再导入，或改为数值。",
                     f"Cells {cells} hold formulas with no saved result; open the file in Excel and save it, or "
                     "replace them with values, then import again.")
    return table


def mapping_for(header: list[str], given: dict[str, str] | None) -> dict[int, str]:
    """Column index → register key. The app's own headers map by themselves; others need ``given``."""
    known = header_map()
    keys = {k for k, *_ in COLUMNS}
    out: dict[int, str] = {}
    problems = []
    for i, h in enumerate(header):
        if given and h in given:
            target = given[h]
            if target and target not in keys:
                problems.append(Problem(f"映射中的目标列 {target} 无效", f"map target {target} is not a register column"))
            elif target:
                out[i] = target
        elif h in known or h.lower() in known:
            out[i] = known.get(h) or known[h.lower()]
    missing = {"received", "product", "summary"} - set(out.values())
    if missing:
        names = ", ".join(sorted(missing))
        problems.append(Problem(f"缺少必需的列：{names}；请用列映射指定（如 --map MAP.json）",
                                f"required columns missing: {names}; give a column map (e.g. --map MAP.json)"))
    if problems:
        raise refuse("bad_layout", "无法识别文件的列", "The file's columns are not understood", problems)
    return out


def _code(session: Session, vocab: str, value) -> str | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    for t in session.policy.vocab[vocab]:
        if text in (t.code, t.zh, t.en) or text.lower() == t.en.lower():
            return t.code
    return "\0" + text  # marks an unknown label for the row's problems


def _when(value) -> datetime | str | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time())
    return None if value in (None, "") else str(value).strip()


def _day(value) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return None if value in (None, "") else str(value).strip()[:10]


def convert(session: Session, raw: dict, row_no: int, seen: set[str], file_sha: str) -> RowResult:
    """One source row → the complaint it would create, or its problems."""
    p: list[Problem] = []
    labels = {k: (zh, en) for k, zh, en, _, _ in COLUMNS}

    def bad(key: str, zh: str, en: str) -> None:
        czh, cen = labels[key]
        p.append(Problem(f"“{czh}”列：{zh}", f"column '{cen}': {en}", key))

    number = raw.get("number")
    if isinstance(number, float) and number.is_integer():
        number = int(number)  # a number column Excel stored as 42.0
    number = str(number if number is not None else "").strip() or None
    now = session.now()
    received = V.check_received(_when(raw.get("received")), now, [], "received_at")
    if received is None:
        bad("received", "日期时间无效或为空，应为 YYYY-MM-DD HH:MM", "missing or not a date/time (YYYY-MM-DD HH:MM)")
    values: dict = {"received_at": iso(received) if received else None}
    for key, column in (("product", "product_name"), ("strength", "strength"), ("summary", "description"),
                        ("root_cause", "root_cause")):
        text = raw.get(key)
        values[column] = None if text in (None, "") else str(text).strip()
    if not values["product_name"]:
        bad("product", "不能为空", "is empty")
    if not values["description"]:
        bad("summary", "不能为空", "is empty")
    values["batch_no"] = V.normalise_batch(str(raw.get("batch") or "")) if raw.get("batch") not in (None, "") else None
    expiry = _day(raw.get("expiry"))
    if expiry:
        try:
            date.fromisoformat(expiry)
            values["expiry_date"] = expiry
        except ValueError:
            bad("expiry", f"“{expiry}”不是日期（YYYY-MM-DD）", f"'{expiry}' is not a date (YYYY-MM-DD)")
    q = raw.get("quantity")
    if q not in (None, ""):
        try:
            values["quantity"] = float(q)
            if not 0 < values["quantity"] <= 1e9:
                raise ValueError
        except (TypeError, ValueError):
            bad("quantity", f"“{q}”不是正数", f"'{q}' is not a positive number")
    for key, vocab in VOCAB.items():
        code = _code(session, vocab, raw.get(key))
        if code and code.startswith("\0"):
            options = "、".join(t.zh for t in session.policy.vocab[vocab])
            bad(key, f"“{code[1:]}”不是有效值，可选：{options}", f"'{code[1:]}' is not valid; use one of "
                f"{', '.join(t.en for t in session.policy.vocab[vocab])}")
            code = None
        values[key] = code
    klass = str(raw.get("class") or "").strip() or None
    if klass and klass not in session.policy.classes:
        bad("class", f"“{klass}”不是 I–V", f"'{klass}' is not one of I–V")
    values["class"] = klass
    who = str(raw.get("complainant") or "").strip()
    values["anonymous"] = int(who in ("匿名", "Anonymous"))
    values["complainant_org"] = None if who in ("", "***", "匿名", "Anonymous") else who
    values["channel"] = values.pop("channel") or "letter"
    for key in ("reply_date", "closed"):
        day = _day(raw.get(key))
        values[key] = day
    rule = V.number_problem(number) if number else None  # the one rule of every number: never a path or a drive
    if rule:
        bad("number", rule.zh, rule.en)
    if number and number in seen:
        bad("number", f"编号 {number} 在文件中重复", f"number {number} appears twice in the file")
    if number:
        seen.add(number)
    for text in [v for v in values.values() if isinstance(v, str)]:
        if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
            p.append(Problem("含有控制字符", "holds control characters"))
            break
    existing = session.db.conn.execute("SELECT imported_from FROM complaints WHERE number = ?", (number,)).fetchone() \
        if number else None
    if existing is not None:
        if existing[0] == file_sha:
            return RowResult(row_no, number, "skip", values=values)
        bad("number", f"编号 {number} 已被数据库中的另一条投诉使用", f"number {number} is already used in the database")
    return RowResult(row_no, number, "error" if p else "create", p, values)


def dry_run(session: Session, path: Path, mapping: dict[str, str] | None = None) -> Report:
    session.require("import")
    header, table = read_table(path)
    cols = mapping_for(header, mapping)
    sha = file_sha256(path)
    seen: set[str] = set()
    results = []
    for i, row in enumerate(table, start=2):
        raw = {key: (row[idx] if idx < len(row) else None) for idx, key in cols.items() if key not in IGNORED}
        results.append(convert(session, raw, i, seen, sha))
    return Report(sha, results)


def load_map(path: Path | None) -> dict[str, str] | None:
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise refuse("bad_map", f"列映射文件无效：{exc}", f"The column map is not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise refuse("bad_map", "列映射须为 {\"源列名\": \"台帐列\"}", "The map must be {\"source header\": \"register key\"}")
    return data


def run(session: Session, path: Path, mapping: dict[str, str] | None = None) -> Report:
    """Import for real: refused whole if any row has a problem; one transaction otherwise."""
    session.require("import")
    report = dry_run(session, path, mapping)
    if report.errors:
        named = [Problem(f"第 {r.row} 行：{p.zh}", f"row {r.row}: {p.en}", p.field)
                 for r in report.errors for p in r.problems]
        raise refuse("bad_rows", f"{len(report.errors)} 行有问题，未导入任何数据", f"{len(report.errors)} row(s) have "
                     "problems; nothing was imported", named[:50])
    cal = WorkCalendar.load(session.db)
    pattern = re.compile(_pattern_regex(settings.get(session.db, "number_pattern")))
    with session.write() as tx:
        for r in report.to_create:
            _create(session, tx, r, pattern, report.file_sha256, path.name, cal)
    return report


def _pattern_regex(pattern: str) -> str:
    rx = re.escape(pattern)
    rx = re.sub(r"\\\{year\\\}", r"(?P<year>\\d{4})", rx)
    rx = re.sub(r"\\\{seq(:[^}]*)?\\\}", r"(?P<seq>\\d+)", rx)
    return "^" + rx + "$"


def _create(session: Session, tx, r: RowResult, pattern: re.Pattern, sha: str, name: str, cal) -> None:
    v = dict(r.values)
    received = datetime.fromisoformat(v["received_at"])
    m = pattern.match(r.number or "")
    if r.number is None:
        number, seq = numbering.allocate(tx, received.year)
        year = received.year
    elif m:
        number, year, seq = numbering.require_valid(r.number), int(m.group("year")), int(m.group("seq"))
        numbering.reserve(tx, year, seq)
    else:  # a legacy number outside the pattern: kept as text, with an internal sequence below zero
        number, year = numbering.require_valid(r.number), received.year
        low = tx.db.conn.execute("SELECT min(seq) FROM complaints WHERE year = ?", (year,)).fetchone()[0] or 0
        seq = min(low, 0) - 1
    status = v.get("status") or "registered"
    row = {"number": number, "year": year, "seq": seq, "status": status, "received_at": v["received_at"],
           "channel": v["channel"], "product_name": v["product_name"], "strength": v["strength"],
           "batch_no": v["batch_no"], "expiry_date": v.get("expiry_date"), "quantity": v.get("quantity"),
           "unit": None, "description": v["description"], "nature": v["nature"], "category": v["category"],
           "class": v["class"], "priority": v["priority"] or (session.policy.classes[v["class"]].priority
                                                               if v["class"] else None),
           "root_cause": v["root_cause"], "conclusion": v["conclusion"], "market_action": v["market_action"],
           "complainant_org": v["complainant_org"], "anonymous": v["anonymous"],
           "closed_at": f"{v['closed']}T00:00:00{received.strftime('%z')[:3]}:{received.strftime('%z')[3:]}"
           if v.get("closed") else None,
           "created_at": tx.at, "created_by": tx.user_id, "updated_at": tx.at, "imported_from": sha, "cycle": 0}
    c = tx.insert("complaints", row, action="import", reason=f"imported from {name} (sha256 {sha})")
    if v.get("reply_date"):
        tx.insert("replies", {"complaint_id": c["id"], "replied_at": f"{v['reply_date']}T00:00:00{row['received_at'][19:]}",
                              "method": "letter", "content": "（导入的历史答复）(imported reply)", "final": 1,
                              "satisfaction": v.get("satisfaction"), "recorded_by": tx.user_id, "recorded_at": tx.at},
                  complaint_id=c["id"], action="import")
    if status not in ("closed", "archived", "voided"):
        deadlines.create_all(tx, session.policy, c, cal)
