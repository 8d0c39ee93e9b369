"""Importing an old complaint ledger (issue 13): one path through the core, with the intake's own checks.

The documents layer only reads the file (``qa_desk.documents.ledger_reader``: header, rows with their own row
numbers, the rows it skipped). Here each row is turned into the draft the intake wizard would hand over and
checked by ``intake.check_receipt`` — the same limits, characters, batch normalisation and date rules — plus what
only a ledger has: its own numbers, closed dates, results and handlers, and columns the app has no field for.

``plan`` is the dry run and ``run`` is the import, and ``run`` is ``plan`` again under the write lock followed by
writing exactly what the plan says, numbers included; so what a dry run promises is what the import does.

- A row with a closed date (or a closed status) comes in as a closed historical record: those dates, no open
  deadlines, never pinned, and the import's mark (``imported_from`` = the file's SHA-256, the ledger's row, a
  ``ledger_imports`` record with the file's name) for ever; ``verify`` accepts such a record closed without the
  signatures its class requires only because of its import entry.
- A ledger number is kept as it was, with a sequence of its own below zero, so it neither moves the app's
  counter nor excuses a gap in the app's own numbers; a number already used in the file is a collision, which the
  user settles (``Collision``) by keeping it as a reference on a new number, or by skipping the row.
- Columns the map does not name are kept with the record as extra fields; derived and ignored ones are listed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Protocol

from qa_desk.core import deadlines, numbering, settings
from qa_desk.core import validation as V
from qa_desk.core.clock import iso
from qa_desk.core.errors import DomainError, Problem, refuse
from qa_desk.core.import_fields import (
    BY_KEY,
    TARGETS,
    Kind,
    Target,
    choices,
    class_code,
    find_target,
    normal_header,
    normal_value,
    recognise,
    split_complainant,
    vocabulary,
)
from qa_desk.core.intake import ComplaintDraft, check_receipt
from qa_desk.core.session import Session
from qa_desk.core.typed_values import DateOrder, TypedValueError, parse_date, parse_datetime, parse_quantity
from qa_desk.core.workcal import WorkCalendar

CLOSED_STATUSES = ("closed", "archived")
FINAL_STATUSES = ("closed", "archived", "voided")
EXTRA_MAX = 4_000  # characters of one extra field's text
CHECK_EVERY = 200  # rows between progress reports and cancel checks


class Collision(StrEnum):
    """What to do with a ledger number already used in the file (the value is what ``--on-collision`` takes)."""

    RENUMBER = "renumber"  # keep the ledger's number as a reference, give the record a new one
    SKIP = "skip"  # leave the row out


class Action(StrEnum):
    CREATE = "create"
    SKIP = "skip"
    ERROR = "error"


class Use(StrEnum):
    """How a column of the file is used."""

    MAPPED = "mapped"  # the map names its target
    RECOGNISED = "recognised"  # a known header
    EXTRA = "extra"  # no target: kept with each record as an extra field
    IGNORED = "ignored"  # the map says to leave it out
    DERIVED = "derived"  # worked out by the app (days open, overdue), so not imported


class SourceRow(Protocol):
    number: int

    def get(self, index: int, default=None): ...

    def cell(self, index: int) -> str: ...


class Source(Protocol):
    """What the documents layer reads from a ledger (``ledger_reader.Ledger``)."""

    header: list[str]
    rows: Sequence[SourceRow]
    skipped: Sequence

    def header_cell(self, index: int) -> str: ...


# ------------------------------------------------------------------------------------------------- the map


@dataclass
class ImportMap:
    """The user's answers for one layout, saved as JSON and reused: which column is which field (a target key or
    label; None to leave a column out), value maps per vocabulary field ({"class": {"Class I": "I"}}), and the
    import's choices."""

    columns: dict[str, str | None] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    date_order: DateOrder | None = None
    on_collision: Collision | None = None
    all_open: bool = False
    default_channel: str | None = None

    def to_json(self) -> dict:
        return {"columns": self.columns, "values": self.values,
                "date_order": self.date_order.value if self.date_order else None,
                "on_collision": self.on_collision.value if self.on_collision else None,
                "all_open": self.all_open, "default_channel": self.default_channel}

    @classmethod
    def from_json(cls, data) -> ImportMap:
        """A map from its JSON, old flat form ({"header": "target"}) included; refuses naming what is wrong."""
        if isinstance(data, dict) and data and all(isinstance(v, str | None) for v in data.values()) and \
                not set(data) & {"columns", "values", "date_order", "on_collision", "all_open", "default_channel"}:
            data = {"columns": data}
        if not isinstance(data, dict):
            raise _bad_map("须为 JSON 对象", "it must be a JSON object")
        unknown = set(data) - {"columns", "values", "date_order", "on_collision", "all_open", "default_channel"}
        if unknown:
            raise _bad_map(f"不认识的项 {sorted(unknown)}", f"unknown entries {sorted(unknown)}")
        columns = data.get("columns") or {}
        if not isinstance(columns, dict) or not all(isinstance(k, str) and isinstance(v, str | None)
                                                    for k, v in columns.items()):
            raise _bad_map("“columns” 须为 {\"源列名\": \"目标字段\" 或 null}",
                           "'columns' must be {\"source header\": \"target field\" or null}")
        values = data.get("values") or {}
        if not isinstance(values, dict) or not all(
                isinstance(k, str) and isinstance(v, dict) and all(isinstance(a, str) and isinstance(b, str)
                                                                   for a, b in v.items()) for k, v in values.items()):
            raise _bad_map("“values” 须为 {\"字段\": {\"源值\": \"值\"}}", "'values' must be {\"field\": {\"source value\": "
                           "\"value\"}}")
        return cls(columns=dict(columns), values={k: dict(v) for k, v in values.items()},
                   date_order=_enum(DateOrder, data.get("date_order"), "date_order"),
                   on_collision=_enum(Collision, data.get("on_collision"), "on_collision"),
                   all_open=bool(data.get("all_open", False)), default_channel=data.get("default_channel") or None)

    @classmethod
    def loads(cls, text: str) -> ImportMap:
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise _bad_map(f"不是有效的 JSON（{exc}）", f"it is not valid JSON ({exc})") from exc
        return cls.from_json(data)

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)


def _bad_map(zh: str, en: str) -> DomainError:
    return refuse("bad_map", f"导入映射无效：{zh}。", f"The import map is not valid: {en}.")


def _enum(kind, value, name: str):
    if value in (None, ""):
        return None
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(k.value for k in kind)
        raise _bad_map(f"“{name}” 的值 {value!r} 无效，可选 {allowed}", f"'{name}' {value!r} is not one of {allowed}") \
            from None


# --------------------------------------------------------------------------------------------- the columns


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    cell: str  # the header's cell, e.g. "C3"
    use: Use
    target: Target | None = None

    def describe(self, lang: str) -> str:
        zh = lang.startswith("zh")
        name = f"“{self.header}”（{self.cell}）" if zh else f"'{self.header}' ({self.cell})"
        if self.target:
            return f"{name} → {self.target.label(lang)}"
        what = {Use.EXTRA: ("作为导入的附加字段保留在记录中", "kept with each record as an imported extra field"),
                Use.IGNORED: ("按映射不导入", "left out by the map"),
                Use.DERIVED: ("由系统计算，不导入", "worked out by the app, not imported")}[self.use]
        return f"{name}：{what[0]}" if zh else f"{name}: {what[1]}"


def layout(source: Source, imap: ImportMap) -> list[Column]:
    """Each column's use; refuses (``bad_layout``) naming every column it cannot settle: a map target that is
    no field, a header that could mean two fields, two columns for one field, a required field missing."""
    given = {normal_header(k): v for k, v in imap.columns.items()}
    problems: list[Problem] = []
    out: list[Column] = []
    for i, raw in enumerate(source.header):
        header = "" if raw is None else str(raw).strip()
        cell = source.header_cell(i)
        h = normal_header(header)
        if h in given:
            name = given[h]
            target = find_target(name) if name else None
            if name and target is None:
                problems.append(Problem(f"映射把列“{header}”（{cell}）映射到“{name}”，没有这个字段；可用的字段见 qa-desk import --fields",
                                        f"the map sends column '{header}' ({cell}) to '{name}', which is no field; "
                                        "see qa-desk import --fields", header))
                continue
            use = Use.IGNORED if target is None else (Use.DERIVED if target.kind is Kind.DERIVED else Use.MAPPED)
            out.append(Column(i, header, cell, use, target if use is not Use.IGNORED else None))
            continue
        target, candidates = recognise(header, source.header) if header else (None, ())
        if candidates:
            names_zh = "”或“".join(BY_KEY[c].zh for c in candidates)
            names_en = "' or '".join(BY_KEY[c].en for c in candidates)
            problems.append(Problem(
                f"列“{header}”（{cell}）可能是“{names_zh}”：请在映射中指定（对话框的映射列，或 --map 文件中 "
                f"\"{header}\": \"{BY_KEY[candidates[0]].zh}\"）",
                f"column '{header}' ({cell}) could be '{names_en}': say which in the map (the dialog's mapping, or "
                f"\"{header}\": \"{BY_KEY[candidates[0]].en}\" in the --map file)", header))
            continue
        if target is None:
            out.append(Column(i, header or cell.rstrip("0123456789"), cell, Use.EXTRA))
        else:
            out.append(Column(i, header, cell, Use.DERIVED if target.kind is Kind.DERIVED else Use.RECOGNISED, target))
    seen: dict[str, Column] = {}
    for c in out:
        if c.target is None or c.use is Use.DERIVED:
            continue
        if c.target.key in seen:
            first = seen[c.target.key]
            problems.append(Problem(f"列“{first.header}”（{first.cell}）和“{c.header}”（{c.cell}）都是“{c.target.zh}”：请在映射中只保留一个",
                                    f"columns '{first.header}' ({first.cell}) and '{c.header}' ({c.cell}) are both "
                                    f"'{c.target.en}': keep one in the map", c.target.key))
        seen[c.target.key] = c
    for t in TARGETS:
        if t.required and t.key not in seen and not any(p.field == t.key for p in problems):
            problems.append(Problem(f"缺少必需的列“{t.zh}”：请在映射中指定哪一列是{t.zh}（qa-desk import --fields 列出所有字段）",
                                    f"the required column '{t.en}' is missing: say in the map which column holds it "
                                    "(qa-desk import --fields lists every field)", t.key))
    if problems:
        raise refuse("bad_layout", "无法确定文件各列的含义，未导入任何数据", "The file's columns are not settled; nothing was "
                     "imported", problems)
    return out


# ------------------------------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class RowProblem:
    """One problem of a row: the cell it is in (when it has one), a group for the report, the words."""

    cell: str | None
    group: str
    problem: Problem

    def text(self, lang: str) -> str:
        where = f"{self.cell} " if self.cell else ""
        return f"{where}{self.problem.text(lang)}"


@dataclass
class RowOutcome:
    row: int  # the spreadsheet's own row number
    action: Action
    number: str | None = None  # the number it gets (or, skipped, the ledger's)
    legacy_number: str | None = None  # the ledger's number, kept as a reference on a new one
    year: int | None = None
    seq: int | None = None  # below zero: a ledger's own number
    status: str | None = None
    historical: bool = False  # closed or voided history: no deadlines
    why: tuple[str, str] | None = None  # why skipped, zh and en
    problems: list[RowProblem] = field(default_factory=list)
    values: dict = field(default_factory=dict)  # the complaint row it writes
    reply: dict | None = None
    extras: list[list[str]] = field(default_factory=list)
    allocate: bool = False  # the number comes from the app's counter

    def same_as(self, other: RowOutcome) -> bool:
        """Whether two plans of one row agree on everything the import writes."""
        keys = ("row", "action", "number", "legacy_number", "year", "seq", "status", "historical", "extras")
        return all(getattr(self, k) == getattr(other, k) for k in keys) and \
            {k: v for k, v in self.values.items()} == {k: v for k, v in other.values.items()}


@dataclass
class Plan:
    """What an import of one file does, row by row; the dry run's report and the import's receipt."""

    filename: str
    sha256: str
    columns: list[Column]
    rows: list[RowOutcome]
    skipped: list  # the reader's skipped rows (blank, title, totals, repeated header)
    imap: ImportMap

    @property
    def to_create(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.action is Action.CREATE]

    @property
    def errors(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.action is Action.ERROR]

    @property
    def skipped_rows(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.action is Action.SKIP]

    @property
    def closed(self) -> int:
        return sum(1 for r in self.to_create if r.historical)

    @property
    def open(self) -> int:
        return sum(1 for r in self.to_create if not r.historical)

    def extra_columns(self) -> list[Column]:
        return [c for c in self.columns if c.use is Use.EXTRA]

    def summary(self, lang: str) -> str:
        zh = lang.startswith("zh")
        n_skip = len(self.skipped_rows) + sum(s.last - s.first + 1 for s in self.skipped)
        if zh:
            return (f"将新建 {len(self.to_create)} 条（已结案的历史记录 {self.closed} 条，未结 {self.open} 条），跳过 {n_skip} 行，"
                    f"{len(self.errors)} 行有问题")
        return (f"{len(self.to_create)} to create ({self.closed} closed history, {self.open} open), {n_skip} row(s) "
                f"skipped, {len(self.errors)} row(s) with problems")

    def groups(self, lang: str) -> list[tuple[str, list[int]]]:
        """The problems grouped by kind, each with the rows it is in (the dialog's and the CLI's report)."""
        out: dict[str, tuple[str, list[int]]] = {}
        for r in self.errors:
            for p in r.problems:
                title, rows = out.setdefault(p.group, (_group_title(p, lang), []))
                if not rows or rows[-1] != r.row:
                    rows.append(r.row)
        return list(out.values())

    def lines(self, lang: str) -> list[str]:
        """Every row's outcome and every problem, with the sheet's row numbers and cells."""
        zh = lang.startswith("zh")
        out = [c.describe(lang) for c in self.columns if c.use is not Use.RECOGNISED and c.use is not Use.MAPPED]
        out += [s.message(lang) for s in self.skipped]
        for r in self.rows:
            head = f"第 {r.row} 行：" if zh else f"row {r.row}: "
            if r.action is Action.ERROR:
                out += [head + p.text(lang) for p in r.problems]
            elif r.action is Action.SKIP:
                out.append(head + (f"跳过 {r.number or ''}（{r.why[0]}）" if zh else f"skipped {r.number or ''} ({r.why[1]})"))
            else:
                kind = ("已结案的历史记录" if zh else "closed history") if r.historical else ("未结" if zh else "open")
                ref = (f"，原编号 {r.legacy_number}" if zh else f", ledger number {r.legacy_number}") if r.legacy_number else ""
                out.append(head + (f"将新建 {r.number}（{kind}{ref}）" if zh else f"would create {r.number} ({kind}{ref})"))
        return out


def _group_title(p: RowProblem, lang: str) -> str:
    return p.problem.text(lang) if p.group.startswith("layout") else _GROUP_TITLES.get(
        p.group.split(":")[0], ("", ""))[0 if lang.startswith("zh") else 1].format(
        field=_label(p.group.split(":")[1] if ":" in p.group else "", lang)) or p.problem.text(lang)


_GROUP_TITLES = {
    "date": ("{field}：无法读取的日期", "{field}: dates that cannot be read"),
    "missing": ("{field}：必填但为空", "{field}: required but empty"),
    "vocab": ("{field}：不认识的值（可用值映射）", "{field}: values not recognised (a value map can name them)"),
    "number": ("{field}：编号不符合编号规则", "{field}: numbers that break the number rule"),
    "duplicate": ("{field}：文件中重复的编号", "{field}: numbers that appear twice in the file"),
    "collision": ("{field}：已被数据库中另一条投诉使用的编号（选择：保留为参考并分配新编号，或跳过该行）",
                  "{field}: numbers already used in the database (choose: keep as a reference on a new number, or skip "
                  "the row)"),
    "quantity": ("{field}：无法读取的数量", "{field}: quantities that cannot be read"),
    "history": ("{field}：结案、答复与状态不一致", "{field}: closed date, reply and status do not agree"),
    "check": ("{field}：不符合登记规则", "{field}: breaks an intake rule"),
    "extra": ("{field}：附加字段无效", "{field}: extra fields not valid"),
}


def _label(key: str, lang: str) -> str:
    t = BY_KEY.get(key)
    if t:
        return t.label(lang)
    zh, en = V.label(key)
    return zh if lang.startswith("zh") else en


@dataclass
class _Context:
    session: Session
    columns: list[Column]
    imap: ImportMap
    sha256: str
    now: datetime
    vocab: dict[str, dict[str, str]]
    by_target: dict[str, Column]
    existing: dict[str, tuple[str | None, int | None]]  # number → (imported_from, import_row)
    references: dict[str, str | None]  # legacy_number → imported_from
    rows_in: set[int]  # rows of this file already imported


def plan(session: Session, source: Source, *, filename: str, sha256: str, imap: ImportMap | None = None,
         progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None) -> Plan:
    """The dry run: what importing ``source`` would do, row by row. Writes nothing."""
    session.require("import")
    imap = imap or ImportMap()
    columns = layout(source, imap)
    ctx = _context(session, columns, imap, sha256)
    total = len(source.rows)
    outcomes = []
    for i, row in enumerate(source.rows):
        if i % CHECK_EVERY == 0:
            if cancelled and cancelled():
                raise refuse("cancelled", "已取消导入，未写入任何数据。", "The import was cancelled; nothing was written.")
            if progress:
                progress(i, total)
        outcomes.append(_convert(ctx, row))
    _numbers(ctx, outcomes)
    if progress:
        progress(total, total)
    return Plan(filename, sha256, columns, outcomes, list(source.skipped), imap)


def _context(session: Session, columns: list[Column], imap: ImportMap, sha256: str) -> _Context:
    db = session.db
    vocab = {}
    for t in TARGETS:
        if t.kind is Kind.VOCAB:
            words = vocabulary(session.policy, t.vocab)
            for src, dst in imap.values.get(t.key, {}).items():
                words[normal_value(src)] = _value_code(session, t, dst)
            vocab[t.key] = words
    if imap.default_channel is not None:
        _value_code(session, BY_KEY["channel"], imap.default_channel)
    existing = {n: (f, r) for n, f, r in db.conn.execute("SELECT number, imported_from, import_row FROM complaints")}
    references = dict(db.conn.execute("SELECT legacy_number, imported_from FROM complaints WHERE legacy_number IS NOT "
                                      "NULL"))
    rows_in = {r for (r,) in db.conn.execute("SELECT import_row FROM complaints WHERE imported_from = ?", (sha256,))}
    return _Context(session, columns, imap, sha256, session.now(), vocab,
                    {c.target.key: c for c in columns if c.target is not None and c.use is not Use.DERIVED},
                    existing, references, rows_in)


def _value_code(session: Session, t: Target, given: str) -> str:
    """A value map's right-hand side: a code, or a label of the field's vocabulary."""
    words = vocabulary(session.policy, t.vocab)
    code = words.get(normal_value(given)) or (class_code(given) if t.vocab == "class" else None)
    if code is None:
        raise _bad_map(f"字段“{t.zh}”的值“{given}”无效，可选：{'、'.join(choices(session.policy, t.vocab, 'zh'))}",
                       f"field '{t.en}' value '{given}' is not valid; use one of "
                       f"{', '.join(choices(session.policy, t.vocab, 'en'))}")
    return code


# ---------------------------------------------------------------------------------------------- one row


class _RowReader:
    """Reads one row's cells by target, collecting problems with their cells."""

    def __init__(self, ctx: _Context, row: SourceRow) -> None:
        self.ctx, self.row = ctx, row
        self.problems: list[RowProblem] = []

    def raw(self, key: str):
        c = self.ctx.by_target.get(key)
        if c is None:
            return None
        value = self.row.get(c.index)
        return None if isinstance(value, str) and not value.strip() else value

    def cell(self, key: str) -> str | None:
        c = self.ctx.by_target.get(key)
        return self.row.cell(c.index) if c is not None else None

    def add(self, key: str, group: str, problem: Problem) -> None:
        self.problems.append(RowProblem(self.cell(key), f"{group}:{key}", problem))

    def text(self, key: str) -> str | None:
        return _as_text(self.raw(key))

    def date(self, key: str, *, with_time: bool = False):
        value = self.raw(key)
        try:
            read = (parse_datetime if with_time else parse_date)(value, self.ctx.imap.date_order,
                                                                  field=BY_KEY[key].field or key)
        except TypedValueError as err:
            self.add(key, "date", _named(err.problem, key))
            return None
        return None if read is None else read.value

    def word(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        t = BY_KEY[key]
        code = self.ctx.vocab[key].get(normal_value(value)) or (class_code(value) if t.vocab == "class" else None)
        if code is None:
            pol = self.ctx.session.policy
            self.add(key, "vocab", Problem(
                f"{t.zh}“{_shown(value)}”不认识；可选：{'、'.join(choices(pol, t.vocab, 'zh'))}；或在值映射中指定"
                f"（如 \"values\": {{\"{t.key}\": {{\"{_shown(value)}\": \"…\"}}}}）",
                f"{t.en} '{_shown(value)}' is not recognised; use one of {', '.join(choices(pol, t.vocab, 'en'))}, or "
                f"name it in a value map (e.g. \"values\": {{\"{t.key}\": {{\"{_shown(value)}\": \"…\"}}}})", key))
        return code


def _named(p: Problem, key: str) -> Problem:
    return Problem(p.zh, p.en, key)


def _shown(value) -> str:
    from qa_desk.core.typed_values import shown

    return shown(value)


def _as_text(value) -> str | None:
    """A cell as text: what an extra field or a text field stores."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


def _convert(ctx: _Context, row: SourceRow) -> RowOutcome:
    """One ledger row → what it creates, or its problems (number allocation comes after, in ``_numbers``)."""
    r = _RowReader(ctx, row)
    out = RowOutcome(row.number, Action.CREATE)
    number = r.text("number")
    if number is not None:
        number = number.strip()
        rule = V.number_problem(number)
        if rule:
            r.add("number", "number", rule)
        out.number = number
    draft = _draft(ctx, r)
    receipt, problems = check_receipt(ctx.session, draft)
    unread = {p.group.split(":")[1] for p in r.problems}  # a cell that could not be read is reported once
    for p in problems:
        key = _target_of(ctx, p.field)
        if key in unread:
            continue
        value = r.raw(key) if key else None
        group = "missing" if value is None else "check"
        zh, en = p.zh, p.en
        if group == "check":
            zh, en = f"“{_shown(value)}”：{zh}", f"'{_shown(value)}': {en}"
        if p.field == "unit" and key not in ctx.by_target and "quantity" in ctx.by_target:
            key, group = "quantity", "check"
            zh, en = (f"“{_shown(r.raw('quantity'))}”：{p.zh}（在数量中写上单位，如“5盒”，或在映射中指定计量单位列）",
                      f"'{_shown(r.raw('quantity'))}': {p.en} (write it with the number, e.g. '5 boxes', or map a unit "
                      "column)")
        if p.field == "channel" and key not in ctx.by_target:
            zh += "（文件中没有渠道列：可在映射中为整个导入选择默认渠道，或 --default-channel）"
            en += " (the file has no channel column: choose a default channel for the import in the map, or " \
                "--default-channel)"
        r.add(key or (p.field or "row"), group, Problem(zh, en, key))
    values = dict(receipt)
    _classification(ctx, r, values)
    _history(ctx, r, out, values, receipt)
    out.extras = _extras(ctx, r, row)
    values.update(imported_from=ctx.sha256, import_row=row.number,
                  imported_extra=json.dumps(out.extras, ensure_ascii=False) if out.extras else None)
    out.values = values
    if number is not None and not any(p.group.startswith("number:") for p in r.problems):
        _existing(ctx, out, number, r)
    elif number is None and row.number in ctx.rows_in:
        out.action, out.why = Action.SKIP, ("此文件的这一行已导入", "this row of this file was imported already")
    if out.action is not Action.SKIP:
        out.problems = r.problems
        if out.problems:
            out.action = Action.ERROR
    return out


_FIELD_TO_TARGET = {t.field: t.key for t in TARGETS if t.field}


def _target_of(ctx: _Context, draft_field: str | None) -> str | None:
    """The target whose cell a check's problem is about (the complainant column for the name or organisation)."""
    key = _FIELD_TO_TARGET.get(draft_field or "")
    if key in ("complainant_name", "complainant_org") and key not in ctx.by_target and "complainant" in ctx.by_target:
        return "complainant"
    return key


def _draft(ctx: _Context, r: _RowReader) -> ComplaintDraft:
    d = ComplaintDraft()
    received = r.date("received", with_time=True)
    d.received_at = received
    d.channel = r.word("channel") or ctx.imap.default_channel
    for key in ("first_contact", "complainant_name", "complainant_org", "contact_person", "phone", "address", "email",
                "product", "strength", "package_form", "unit", "purchase_place", "storage_use", "summary", "request"):
        t = BY_KEY[key]
        value = r.text(key)
        if value is not None:
            setattr(d, t.field, value)
    d.batch_no = r.text("batch")
    for key in ("mfg_date", "expiry", "purchase_date"):
        day = r.date(key)
        setattr(d, BY_KEY[key].field, day.isoformat() if day else None)
    who = r.text("complainant")
    if who is not None:
        if who.strip() == "***":
            r.add("complainant", "check", Problem(
                "投诉人已屏蔽（***）：这是屏蔽了个人信息的导出；请导出未屏蔽的台帐（--unmasked）再导入",
                "the complainant is masked (***): this is an export with personal data masked; export the register "
                "unmasked (--unmasked) and import that", "complainant"))
        org, person, anonymous = split_complainant(who)
        d.complainant_org = d.complainant_org or org
        d.complainant_name = d.complainant_name or person
        d.anonymous = anonymous
    raw_q = r.raw("quantity")
    try:
        q = parse_quantity(raw_q)
    except TypedValueError as err:
        r.add("quantity", "quantity", _named(err.problem, "quantity"))
        q = None
    if q is not None and q.number is not None:
        d.quantity = q.number
        if q.unit and d.unit and normal_value(q.unit) != normal_value(d.unit):
            r.add("quantity", "quantity", Problem(f"数量的单位“{q.unit}”与计量单位列的“{d.unit}”不一致",
                                                  f"the quantity's unit '{q.unit}' differs from the unit column's "
                                                  f"'{d.unit}'", "quantity"))
        d.unit = d.unit or q.unit
    return d


def _classification(ctx: _Context, r: _RowReader, values: dict) -> None:
    pol = ctx.session.policy
    for key in ("nature", "category", "class", "priority", "conclusion", "market_action"):
        values[key] = r.word(key)
    if values["class"] and not values["priority"]:
        values["priority"] = pol.classes[values["class"]].priority
    p: list[Problem] = []
    values["root_cause"] = V.clean_text(r.text("root_cause"), "root_cause", p)
    values["conclusion_note"] = V.clean_text(r.text("result"), "conclusion_note", p)
    values["legacy_handler"] = V.clean_text(r.text("handler"), "legacy_handler", p)
    for x in p:
        key = {"root_cause": "root_cause", "conclusion_note": "result", "legacy_handler": "handler"}[x.field]
        r.add(key, "check", Problem(x.zh, x.en, key))


def _history(ctx: _Context, r: _RowReader, out: RowOutcome, values: dict, receipt: dict) -> None:
    """Status, closed date, reply: closed history, voided history, or an open record."""
    status = r.word("status")
    satisfaction = r.word("satisfaction")
    received = datetime.fromisoformat(receipt["received_at"]) if receipt.get("received_at") else None
    tz = ctx.now.tzinfo
    if ctx.imap.all_open:
        out.status = status if status and status not in FINAL_STATUSES else "registered"
        values["status"] = out.status
        return
    closed = r.date("closed")
    replied = r.date("reply_date")
    if closed and closed > ctx.now.date():
        r.add("closed", "history", Problem(f"结案日期 {closed} 晚于今天", f"the closed date {closed} is after today",
                                           "closed"))
    if closed and received and closed < received.date():
        r.add("closed", "history", Problem(f"结案日期 {closed} 早于接收日期 {received.date()}",
                                           f"the closed date {closed} is before the receipt {received.date()}", "closed"))
    if replied and received and replied < received.date():
        r.add("reply_date", "history", Problem(f"答复日期 {replied} 早于接收日期 {received.date()}",
                                               f"the reply date {replied} is before the receipt {received.date()}",
                                               "reply_date"))
    if replied and replied > ctx.now.date():
        r.add("reply_date", "history", Problem(f"答复日期 {replied} 晚于今天", f"the reply date {replied} is after today",
                                               "reply_date"))
    if satisfaction and not replied:
        r.add("satisfaction", "history", Problem("有满意度但没有答复日期：满意度属于一次答复，请填写答复日期",
                                                 "a satisfaction without a reply date: it belongs to a reply; fill in "
                                                 "the reply date", "satisfaction"))
    if status in CLOSED_STATUSES or closed:
        if closed is None:
            r.add("closed", "history", Problem(
                "状态为已结案，但没有结案日期：请填写结案日期，或选择“全部作为未结投诉导入”",
                "the status is closed but there is no closed date: fill in the closed date, or choose to import "
                "everything as open", "closed"))
        elif status and status not in CLOSED_STATUSES:
            word = ctx.session.policy.label("status", status, "zh_CN")
            r.add("status", "history", Problem(
                f"状态为“{word}”，但有结案日期 {closed}：请更正状态或结案日期",
                f"the status is '{ctx.session.policy.label('status', status, 'en')}' but there is a closed date "
                f"{closed}: correct one of them", "status"))
        out.status, out.historical = "closed", True
        values.update(status="closed", closed_at=iso(datetime.combine(closed, time(0), tz)) if closed else None)
    elif status == "voided":
        out.status, out.historical = "voided", True
        values.update(status="voided", void_reason="台帐中已作废（导入的历史记录）voided in the imported ledger")
    else:
        out.status = status or "registered"
        values["status"] = out.status
    if replied:
        out.reply = {"replied_at": iso(datetime.combine(replied, time(0), tz)), "method": None, "final": 1,
                     "content": "（导入台帐中的答复，内容见原台帐）(a reply recorded in the imported ledger)",
                     "satisfaction": satisfaction}


def _extras(ctx: _Context, r: _RowReader, row: SourceRow) -> list[list[str]]:
    """The row's cells in columns the map did not name, as (header, text); with "all open", the closed and reply
    dates too, so they are kept rather than dropped."""
    pairs = []
    cols = [c for c in ctx.columns if c.use is Use.EXTRA]
    if ctx.imap.all_open:
        cols += [c for c in ctx.columns if c.target is not None and c.target.key in ("closed", "reply_date",
                                                                                      "satisfaction")]
    for c in sorted(cols, key=lambda c: c.index):
        text = _as_text(row.get(c.index))
        if text is None:
            continue
        p: list[Problem] = []
        text = V.clean_text(text, "imported_extra", p)
        for x in p:
            r.problems.append(RowProblem(row.cell(c.index), "extra:imported_extra",
                                         Problem(f"“{c.header}”：{x.zh}", f"'{c.header}': {x.en}", "imported_extra")))
        if text is not None:
            pairs.append([c.header, text])
    return pairs


def _existing(ctx: _Context, out: RowOutcome, number: str, r: _RowReader) -> None:
    """A ledger number already in the file: the same row imported before (skipped), or a collision."""
    held = ctx.existing.get(number)
    if (held is not None and held[0] == ctx.sha256) or ctx.references.get(number) == ctx.sha256:
        out.action, out.why = Action.SKIP, ("已从此文件导入", "imported from this file already")
        return
    if held is None and not _destroyed(ctx, number):
        return
    choice = ctx.imap.on_collision
    if choice is Collision.SKIP:
        out.action, out.why = Action.SKIP, ("编号已被另一条投诉使用，按选择跳过", "the number is used by another complaint; "
                                            "skipped as chosen")
    elif choice is Collision.RENUMBER:
        out.legacy_number = number
        out.number = None
    else:
        r.add("number", "collision", Problem(
            f"编号 {number} 已被数据库中的另一条投诉使用。可选：保留为原编号参考并分配新编号（--on-collision renumber），"
            "或跳过该行（--on-collision skip）",
            f"number {number} is already used by another complaint in the database. Choose: keep it as a reference "
            "and give a new number (--on-collision renumber), or skip the row (--on-collision skip)", "number"))


def _destroyed(ctx: _Context, number: str) -> bool:
    return ctx.session.db.conn.execute("SELECT 1 FROM destruction_log WHERE number = ?", (number,)).fetchone() \
        is not None


def _numbers(ctx: _Context, outcomes: list[RowOutcome]) -> None:
    """Numbers, years and sequences for the rows to create: a ledger's own number keeps a sequence below zero
    (never the counter); a row without one (or renumbered) takes the next free number, exactly as ``run`` will."""
    seen: dict[str, int] = {}
    for o in outcomes:
        if o.number and o.action is not Action.SKIP:
            if o.number in seen:
                o.problems.append(RowProblem(None, "duplicate:number", Problem(
                    f"编号 {o.number} 在文件中重复（第 {seen[o.number]} 行也有）",
                    f"number {o.number} appears twice in the file (row {seen[o.number]} too)", "number")))
                o.action = Action.ERROR
            else:
                seen[o.number] = o.row
    db = ctx.session.db
    legacy = {o.number for o in outcomes if o.action is Action.CREATE and o.number}
    pattern = settings.get(db, "number_pattern")
    counters = {int(k): v for k, v in db.conn.execute("SELECT key, last_seq FROM number_sequences") if str(k).isdigit()}
    high = dict(db.conn.execute("SELECT year, max(seq) FROM complaints WHERE seq BETWEEN ? AND ? GROUP BY year",
                                (numbering.LEGACY_BASE, numbering.LEGACY_BASE // 2)))  # not the first release's -1, -2…
    destroyed = {n for (n,) in db.conn.execute("SELECT number FROM destruction_log")}

    def taken(n: str) -> bool:
        return n in legacy or n in ctx.existing or n in destroyed

    for o in outcomes:
        if o.action is not Action.CREATE:
            continue
        year = datetime.fromisoformat(o.values["received_at"]).year
        o.year = year
        if o.number:  # below zero, ascending in the order of import, so the register lists them as the ledger did
            o.seq = max(high.get(year) or numbering.LEGACY_BASE, numbering.LEGACY_BASE) + 1
            high[year] = o.seq
        else:
            o.number, o.seq = numbering.next_free(pattern, year, counters.get(year, 0), taken)
            counters[year] = o.seq
            o.allocate = True


# ------------------------------------------------------------------------------------------------ the run


def run(session: Session, source: Source, *, filename: str, sha256: str, imap: ImportMap | None = None,
        progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None) -> Plan:
    """Import for real, in one transaction: the plan is made again under the write lock, refused whole when any row
    has a problem (the plan goes with the refusal, as ``ImportRefused.plan``), and written exactly as planned."""
    session.require("import")
    cal = WorkCalendar.load(session.db)
    total = len(source.rows)

    def checking(i: int, _n: int) -> None:  # the checks are the first half of the bar, the writing the second
        if progress:
            progress(i, 2 * total)

    with session.write() as tx:
        p = plan(session, source, filename=filename, sha256=sha256, imap=imap, progress=checking, cancelled=cancelled)
        if p.errors:
            raise ImportRefused.of(p)
        reserved = {o.number for o in p.to_create if not o.allocate}
        todo = p.to_create
        for i, o in enumerate(todo):
            if i % CHECK_EVERY == 0:
                if cancelled and cancelled():
                    raise refuse("cancelled", "已取消导入，未写入任何数据。", "The import was cancelled; nothing was written.")
                if progress:
                    progress(total + i * total // max(len(todo), 1), 2 * total)
            _write(session, tx, o, reserved, filename, sha256, cal)
        tx.insert("ledger_imports", {
            "sha256": sha256, "filename": filename, "imported_at": tx.at, "imported_by": tx.user_id,
            "created": len(p.to_create), "closed": p.closed, "open": p.open,
            "skipped": len(p.skipped_rows) + sum(s.last - s.first + 1 for s in p.skipped),
            "options": json.dumps(p.imap.to_json(), ensure_ascii=False, sort_keys=True)}, action="import",
            reason=f"imported {filename} (sha256 {sha256})")
    if progress:
        progress(2 * total, 2 * total)
    return p


class ImportRefused(DomainError):
    """The import refused because rows have problems; ``plan`` says which (the dialog and the CLI show it)."""

    plan: Plan | None = None

    @classmethod
    def of(cls, p: Plan) -> ImportRefused:
        named = [Problem(f"第 {r.row} 行：{x.text('zh_CN')}", f"row {r.row}: {x.text('en')}", x.problem.field)
                 for r in p.errors for x in r.problems]
        err = cls("bad_rows", f"{len(p.errors)} 行有问题，未导入任何数据", f"{len(p.errors)} row(s) have problems; nothing "
                  "was imported", named[:50])
        err.plan = p
        return err


def _write(session: Session, tx, o: RowOutcome, reserved: set[str], filename: str, sha256: str,
           cal: WorkCalendar) -> None:
    if o.allocate:
        number, seq = numbering.allocate(tx, o.year, reserved)
        if (number, seq) != (o.number, o.seq):  # cannot happen under the write lock; never write what was not shown
            raise refuse("plan_changed", "编号分配与试运行不一致，未导入任何数据；请重试。",
                         "The numbers differ from the dry run; nothing was imported. Try again.")
    row = {**o.values, "number": o.number, "year": o.year, "seq": o.seq, "legacy_number": o.legacy_number,
           "created_at": tx.at, "created_by": tx.user_id, "updated_at": tx.at, "cycle": 0}
    c = tx.insert("complaints", row, action="import", reason=f"imported from {filename} row {o.row} (sha256 {sha256})")
    if o.reply:
        tx.insert("replies", {"complaint_id": c["id"], **o.reply, "recorded_by": tx.user_id, "recorded_at": tx.at},
                  complaint_id=c["id"], action="import")
    if not o.historical:
        deadlines.create_all(tx, session.policy, c, cal)


# ---------------------------------------------------------------------------------------- what it left


@dataclass(frozen=True)
class Origin:
    """Where an imported record came from: the mark every view and print shows."""

    filename: str
    sha256: str
    row: int | None
    imported_at: str
    imported_by: str | None
    legacy_number: str | None
    handler: str | None

    def mark(self, lang: str) -> str:
        zh = lang.startswith("zh")
        row = (f"第 {self.row} 行" if zh else f"row {self.row}") if self.row else ""
        ref = (f"；原编号 {self.legacy_number}" if zh else f"; ledger number {self.legacy_number}") \
            if self.legacy_number else ""
        if zh:
            return f"导入自 {self.filename} {row}（{self.imported_at[:10]}，SHA-256 {self.sha256[:12]}…）{ref}"
        return f"imported from {self.filename} {row} ({self.imported_at[:10]}, SHA-256 {self.sha256[:12]}…){ref}"


def origin(db, complaint: dict) -> Origin | None:
    """The import mark of a complaint, or None when it was registered in the app."""
    if not complaint.get("imported_from"):
        return None
    r = db.conn.execute("SELECT i.filename, i.imported_at, u.display_name FROM ledger_imports i LEFT JOIN users u "
                        "ON u.id = i.imported_by WHERE i.sha256 = ? ORDER BY i.id LIMIT 1",
                        (complaint["imported_from"],)).fetchone()
    name, at, by = (r[0], r[1], r[2]) if r else ("?", complaint.get("created_at") or "", None)
    return Origin(name, complaint["imported_from"], complaint.get("import_row"), at, by,
                  complaint.get("legacy_number"), complaint.get("legacy_handler"))


def extras(complaint: dict) -> list[tuple[str, str]]:
    """The ledger's columns kept with the record (header, text), in the ledger's order."""
    raw = complaint.get("imported_extra")
    if not raw:
        return []
    try:
        return [(str(h), str(v)) for h, v in json.loads(raw)]
    except (ValueError, TypeError):
        return []


def fields_table(lang: str, policy=None) -> list[tuple[str, str, str, str]]:
    """Every target: (key, zh label, en label, what it takes) — ``qa-desk import --fields`` and the README."""
    from qa_desk.core.import_fields import TAKES

    out = []
    for t in TARGETS:
        takes_zh, takes_en = TAKES[t.kind]
        if t.kind is Kind.VOCAB and policy is not None:
            takes_zh += "：" + "、".join(choices(policy, t.vocab, "zh_CN"))
            takes_en += ": " + ", ".join(choices(policy, t.vocab, "en"))
        if t.required:
            takes_zh, takes_en = "必填；" + takes_zh, "required; " + takes_en
        out.append((t.key, t.zh, t.en, takes_zh if lang.startswith("zh") else takes_en))
    return out


