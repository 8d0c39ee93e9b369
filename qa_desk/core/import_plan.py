"""What an import does, row by row (issue 13): the columns' uses, each row's outcome with its problems (cells
named), and the plan that is both the dry run's report and the import's receipt."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from qa_desk.core import validation as V
from qa_desk.core.errors import Problem
from qa_desk.core.import_fields import BY_KEY, Target
from qa_desk.core.import_map import ImportMap


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
    notes: list[tuple[str, str]] = field(default_factory=list)  # what the import changed, zh and en (not problems)
    extras_from: list[str] = field(default_factory=list)  # targets whose cells this row keeps as extra fields

    def same_as(self, other: RowOutcome) -> bool:
        """Whether two plans of one row agree on everything the import writes."""
        keys = ("row", "action", "number", "legacy_number", "year", "seq", "status", "historical", "extras", "notes")
        return all(getattr(self, k) == getattr(other, k) for k in keys) and \
            {k: v for k, v in self.values.items()} == {k: v for k, v in other.values.items()}


@dataclass(frozen=True)
class ProblemGroup:
    key: str  # RowProblem.group of its problems, e.g. "date:received"
    title: str
    rows: list[int]


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

    def agrees_with(self, other: Plan) -> bool:
        """Whether ``other`` (a dry run) promised exactly what this plan does: same file, same map, same rows."""
        return self.sha256 == other.sha256 and self.imap == other.imap and len(self.rows) == len(other.rows) and \
            all(a.same_as(b) for a, b in zip(self.rows, other.rows, strict=True))

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

    def imported(self, lang: str) -> str:
        """The summary once the import is written."""
        n_skip = len(self.skipped_rows) + sum(s.last - s.first + 1 for s in self.skipped)
        if lang.startswith("zh"):
            return f"新建了 {len(self.to_create)} 条（已结案的历史记录 {self.closed} 条，未结 {self.open} 条），跳过 {n_skip} 行"
        return f"created {len(self.to_create)} ({self.closed} closed history, {self.open} open), {n_skip} row(s) skipped"

    def problem_groups(self, lang: str) -> list[ProblemGroup]:
        """The problems grouped by kind (``RowProblem.group``), each with its title and the rows it is in, in the
        order they first appear (the dialog's tree and the CLI's report)."""
        out: dict[str, ProblemGroup] = {}
        for r in self.errors:
            for p in r.problems:
                g = out.setdefault(p.group, ProblemGroup(p.group, _group_title(p, lang), []))
                if not g.rows or g.rows[-1] != r.row:
                    g.rows.append(r.row)
        return list(out.values())

    def groups(self, lang: str) -> list[tuple[str, list[int]]]:
        return [(g.title, g.rows) for g in self.problem_groups(lang)]

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
                out += [head + (n[0] if zh else n[1]) for n in r.notes]
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
