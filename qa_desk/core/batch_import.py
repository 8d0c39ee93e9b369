"""Importing the batch register from a CSV or Excel file (an ERP export, a batch-record list).

The documents layer reads the file (``qa_desk.documents.importer.read``: header, rows with the sheet's own row
numbers, the rows it skipped); here each row is checked by ``batches.check``, the same rules as a batch typed on
the page, and matched on (product, batch) with the register.

- ``plan`` is the dry run: what each row would do (a new batch, a change of a registered one with each field's
  old and new value, unchanged, or refused with its problems), writing nothing.
- ``run`` is ``plan`` again under the write lock, then exactly that, in one transaction: refused whole
  (``BatchImportRefused``, carrying the plan) when any row has a problem, or when the dry run the user confirmed
  no longer holds. A half-imported register would give wrong rates without anyone knowing which rows are in.
- A blank cell never erases a registered value (an export that leaves out a column changes nothing).
- Each new or changed batch is audited with the reason "imported from FILE"; one entry records the run itself
  (file name, SHA-256, counts).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from qa_desk.core import batches as B
from qa_desk.core.errors import DomainError, Problem, refuse
from qa_desk.core.import_columns import Source
from qa_desk.core.session import Session
from qa_desk.core.typed_values import DateOrder, shown

F = B.Field
# Headers people use, normalised (``_norm``): zh, en, and the app's own column names.
HEADERS: dict[str, tuple[str, ...]] = {
    F.PRODUCT: ("产品名称", "产品", "品名", "药品名称", "名称", "product", "productname", "name"),
    F.STRENGTH: ("规格", "强度", "strength", "specification", "spec"),
    F.BATCH: ("批号", "批次", "批次号", "生产批号", "batch", "batchno", "batchnumber", "lot", "lotno", "lotnumber"),
    F.MANUFACTURED: ("生产日期", "制造日期", "manufactured", "manufacturedon", "manufacturedate", "manufacturingdate",
                     "mfgdate", "mfg", "dateofmanufacture"),
    # not "有效期" alone, which ERPs use for the shelf life ("24个月"), nor "批量", the batch size, not what was released
    F.EXPIRES: ("有效期至", "失效日期", "到期日期", "expiry", "expirydate", "expires", "expireson", "exp",
                "expdate", "expirationdate", "useby"),
    F.QUANTITY: ("放行数量", "数量", "quantityreleased", "releasedquantity", "quantity", "qty"),
    F.UNIT: ("单位", "数量单位", "unit", "units", "uom"),
    F.RELEASED: ("放行日期", "releasedate", "releasedon", "released", "dateofrelease"),
}
_BY_HEADER = {alias: f for f, aliases in HEADERS.items() for alias in (*aliases, f.value.replace("_", ""))}
_PUNCT = re.compile(r"[\s_\-./:：·]+")
_UNIT_IN_HEADER = re.compile(r"^(?P<head>.*?)[(（\[【](?P<unit>[^)）\]】]{1,20})[)）\]】]$")
CHECK_EVERY = 200


def _norm(header) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", "" if header is None else str(header))).lower()


class RowAction(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    SAME = "unchanged"
    REFUSED = "refused"


ACTION_WORDS = {RowAction.NEW: ("新增", "new"), RowAction.CHANGED: ("修改", "changed"),
                RowAction.SAME: ("未变", "unchanged"), RowAction.REFUSED: ("有问题", "refused")}


@dataclass(frozen=True)
class RowResult:
    number: int  # the sheet's own row number
    action: RowAction
    product: str | None
    batch: str | None
    row: dict | None = None
    batch_id: int | None = None
    changes: tuple[tuple[str, Any, Any], ...] = ()  # (field, registered value, the file's value)
    problems: tuple[Problem, ...] = ()

    def line(self, lang: str) -> str:
        zh = lang.startswith("zh")
        what = f"{self.product or '?'} {self.batch or '?'}"
        head = f"第 {self.number} 行（{what}）" if zh else f"row {self.number} ({what})"
        if self.problems:
            sep = "；" if zh else "; "
            return f"{head}：{sep.join(p.text(lang) for p in self.problems)}" if zh else \
                f"{head}: {sep.join(p.text(lang) for p in self.problems)}"
        if self.changes:
            parts = [f"{B.label(f, lang)} {_v(old)} → {_v(new)}" for f, old, new in self.changes]
            return f"{head}：修改 " + "，".join(parts) if zh else f"{head}: changes " + ", ".join(parts)
        word = ACTION_WORDS[self.action][0 if zh else 1]
        return f"{head}：{word}" if zh else f"{head}: {word}"


def _v(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return "（空）" if value in (None, "") else str(value)


@dataclass
class ImportPlan:
    filename: str
    sha256: str | None
    rows: list[RowResult] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field → the header it was read from
    ignored: list[str] = field(default_factory=list)  # headers of columns that are no field of the register
    skipped: list[str] = field(default_factory=list)  # the reader's skipped rows, as zh/en pairs joined later
    skipped_en: list[str] = field(default_factory=list)

    def counted(self, action: RowAction) -> int:
        return sum(1 for r in self.rows if r.action is action)

    @property
    def errors(self) -> list[RowResult]:
        return [r for r in self.rows if r.action is RowAction.REFUSED]

    def summary(self, lang: str) -> str:
        n = {a: self.counted(a) for a in RowAction}
        if lang.startswith("zh"):
            return (f"共 {len(self.rows)} 行：新增 {n[RowAction.NEW]} 个批次，修改 {n[RowAction.CHANGED]} 个，"
                    f"未变 {n[RowAction.SAME]} 个，有问题 {n[RowAction.REFUSED]} 行")
        return (f"{len(self.rows)} rows: {n[RowAction.NEW]} new batches, {n[RowAction.CHANGED]} changed, "
                f"{n[RowAction.SAME]} unchanged, {n[RowAction.REFUSED]} refused")

    def lines(self, lang: str) -> list[str]:
        """What to tell the user, refused rows first: each with its row number and every problem; then the
        changes of registered batches; then the columns ignored and the rows the reader skipped."""
        zh = lang.startswith("zh")
        out = [r.line(lang) for r in self.errors]
        out += [r.line(lang) for r in self.rows if r.action is RowAction.CHANGED]
        if self.ignored:
            out.append(("未导入的列（不是批次登记的字段）：" if zh else "columns not imported (no field of the register): ")
                       + ("、" if zh else ", ").join(self.ignored))
        out += self.skipped if zh else self.skipped_en
        return out

    def fingerprint(self) -> tuple:
        """What the user confirmed: each row's action and changes (a later run must do exactly that)."""
        return tuple((r.number, r.action, r.product, r.batch, r.changes) for r in self.rows)


class BatchImportRefused(DomainError):
    """Nothing was imported; ``plan`` says why, row by row."""

    plan: ImportPlan

    @classmethod
    def of(cls, plan: ImportPlan) -> BatchImportRefused:
        bad = plan.errors
        rows = ", ".join(str(r.number) for r in bad[:30]) + (" …" if len(bad) > 30 else "")
        exc = cls("bad_rows", f"{len(bad)} 行有问题（第 {rows} 行），未导入任何批次；请改正文件后重试",
                  f"{len(bad)} rows have problems (rows {rows}); no batch was imported. Correct the file and try "
                  "again", [p for r in bad[:50] for p in r.problems])
        exc.plan = plan
        return exc


def layout(source: Source) -> tuple[dict[int, str], dict[str, str], list[str], str | None]:
    """(column index → field, field → header, headers ignored, the unit named in the quantity's header).
    Refuses (``bad_layout``) when product or batch has no column, or two columns claim one field."""
    by_index: dict[int, str] = {}
    names: dict[str, str] = {}
    ignored: list[str] = []
    header_unit = None
    problems: list[Problem] = []
    for i, raw in enumerate(source.header):
        header = "" if raw is None else str(raw).strip()
        key, unit = _BY_HEADER.get(_norm(header)), None
        if key is None and (m := _UNIT_IN_HEADER.match(unicodedata.normalize("NFKC", header))):
            key, unit = _BY_HEADER.get(_norm(m.group("head"))), m.group("unit").strip()
        if key is None:
            if header:
                ignored.append(shown(header))
            continue
        if key in names:
            problems.append(Problem(f"“{shown(names[key])}”和“{shown(header)}”（{source.header_cell(i)}）都是"
                                    f"{B.label(key)}列，请删除一列",
                                    f"'{shown(names[key])}' and '{shown(header)}' ({source.header_cell(i)}) are both "
                                    f"the {B.label(key, 'en')} column; remove one", key))
            continue
        by_index[i], names[key] = key, header
        if key == F.QUANTITY and unit:
            header_unit = unit
    for need in (F.PRODUCT, F.BATCH):
        if need not in names:
            zh, en = B.LABELS[need]
            problems.append(Problem(f"文件没有“{zh}”列（表头可写：{'、'.join(HEADERS[need][:4])}）",
                                    f"the file has no {en} column (headers read as it: "
                                    f"{', '.join(h for h in HEADERS[need] if h.isascii())})", need))
    if problems:
        raise refuse("bad_layout", "文件的列无法识别为批次登记，未导入任何批次", "The file's columns cannot be read as a "
                     "batch register; no batch was imported", problems)
    return by_index, names, ignored, header_unit


def plan(session: Session, source: Source, *, filename: str, sha256: str | None = None,
         order: DateOrder | None = None, progress: Callable[[int, int], None] | None = None,
         cancelled: Callable[[], bool] | None = None) -> ImportPlan:
    """The dry run: what importing ``source`` would do, row by row. Writes nothing."""
    session.require(B.EDIT)
    return _plan(session, source, filename=filename, sha256=sha256, order=order, progress=progress,
                 cancelled=cancelled)


def _plan(session: Session, source: Source, *, filename: str, sha256: str | None, order: DateOrder | None,
          progress, cancelled) -> ImportPlan:
    by_index, names, ignored, header_unit = layout(source)
    out = ImportPlan(filename, sha256, columns=names, ignored=ignored,
                     skipped=[s.message("zh_CN") for s in getattr(source, "skipped", ())],
                     skipped_en=[s.message("en") for s in getattr(source, "skipped", ())])
    today = session.now().date()
    seen: dict[tuple[str, str], int] = {}
    rows: Sequence = source.rows
    for n, src in enumerate(rows):
        if n % CHECK_EVERY == 0:
            if cancelled and cancelled():
                raise refuse("cancelled", "已取消，未导入任何批次。", "Cancelled; no batch was imported.")
            if progress:
                progress(n, len(rows))
        values = {f: src.get(i) for i, f in by_index.items()}
        if header_unit and values.get(F.UNIT) in (None, "") and values.get(F.QUANTITY) not in (None, ""):
            values[F.UNIT] = header_unit
        row, problems = B.check(values, today=today, order=order)
        key = (row[F.PRODUCT], row[F.BATCH])
        if all(key) and key in seen:
            problems.append(Problem(f"与第 {seen[key]} 行是同一批次（{key[0]} {key[1]}）",
                                    f"the same batch as row {seen[key]} ({key[0]} {key[1]})", F.BATCH))
        elif all(key):
            seen[key] = src.number
        out.rows.append(_outcome(session, src.number, row, problems))
    if progress:
        progress(len(rows), len(rows))
    return out


def _outcome(session: Session, number: int, row: dict, problems: list[Problem]) -> RowResult:
    product, batch = row[F.PRODUCT], row[F.BATCH]
    if problems:
        return RowResult(number, RowAction.REFUSED, product, batch, problems=tuple(problems))
    before = B.find_key(session.db, product, batch)
    if before is None:
        return RowResult(number, RowAction.NEW, product, batch, row)
    changes = tuple((f, before[f], row[f]) for f in B.FIELDS if row[f] is not None and before[f] != row[f])
    action = RowAction.CHANGED if changes else RowAction.SAME
    return RowResult(number, action, product, batch, row, before["id"], changes)


def run(session: Session, source: Source, *, filename: str, sha256: str | None = None,
        order: DateOrder | None = None, expect: ImportPlan | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None) -> ImportPlan:
    """Import for real, in one transaction: exactly what ``plan`` shows. Refused whole (``BatchImportRefused``)
    when any row has a problem; refused (``plan_changed``) when ``expect``, the dry run the user confirmed, no
    longer holds (the register changed meanwhile)."""
    session.require(B.EDIT)
    with session.write() as tx:
        result = _plan(session, source, filename=filename, sha256=sha256, order=order, progress=progress,
                       cancelled=cancelled)
        if result.errors:
            raise BatchImportRefused.of(result)
        if expect is not None and expect.fingerprint() != result.fingerprint():
            raise refuse("plan_changed", "批次登记在试运行之后已被修改，未导入任何批次；请重新试运行",
                         "The register changed after the dry run; no batch was imported. Run the dry run again.")
        reason = f"导入 / imported from {filename}"
        for r in result.rows:
            if r.action is RowAction.NEW:
                tx.insert("batches", {**r.row, "created_at": tx.at, "created_by": session.actor.id},
                          action="batch_import", reason=reason)
            elif r.action is RowAction.CHANGED:
                tx.update("batches", r.batch_id, {**{f: new for f, _old, new in r.changes}, "updated_at": tx.at},
                          action="batch_import", reason=reason)
        tx.log("batch_import_run", new={"filename": filename, "sha256": sha256,
                                        **{a.value: result.counted(a) for a in RowAction if a is not RowAction.REFUSED}})
    return result
