"""The batch register (批次登记, issue 16 item 1): the denominators of the complaint rates.

The office fills it from its ERP or batch records, by hand (``save``) or from a file (``qa_desk.core.batch_import``):
product, strength, batch, manufacture and expiry dates, quantity released with its unit, release date. Every row
is written through ``session.write()`` and the audited ``Tx`` (an insert logged whole; a change with its old and
new values, its author and its reason), so the trail holds every version of the register and ``verify`` can
replay it.

Three readers:

* the intake wizard asks ``lookup`` when product and batch are typed: the register's dates complete the receipt,
  and a batch the register does not know is said (a note, never a refusal: the complainant may be wrong);
* analytics reads ``released_by_product_month`` and ``released_by_batch`` (units released) and ``rate``, so counts
  become complaints per 10,000 or per million units released;
* the batches page and ``qa-desk batches list`` read ``find``.

Values are read the way the ledger import reads them (``typed_values``: 2025-03-18, 2025年3月18日, Excel dates,
"120,000 盒"), and a batch number is normalised like a complaint's (``validation.normalise_batch``), so the
register and the complaints name a batch the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlite_utils import Database

from qa_desk.core import validation as V
from qa_desk.core.errors import Problem, refuse
from qa_desk.core.session import Session
from qa_desk.core.typed_values import DateOrder, TypedValueError, parse_date, parse_quantity

EDIT = "batches"  # the permission to add, change and import batches (roles.PERMISSIONS)
VIEW = "batches_view"  # the permission to read the register


class Field(StrEnum):
    """The register's columns a person fills (the table's other columns are the record's own)."""

    PRODUCT = "product_name"
    STRENGTH = "strength"
    BATCH = "batch_no"
    MANUFACTURED = "manufactured_on"
    EXPIRES = "expires_on"
    QUANTITY = "quantity_released"
    UNIT = "unit"
    RELEASED = "released_on"


FIELDS = tuple(Field)
DATE_FIELDS = (Field.MANUFACTURED, Field.EXPIRES, Field.RELEASED)
LABELS: dict[str, tuple[str, str]] = {
    Field.PRODUCT: ("产品名称", "product"), Field.STRENGTH: ("规格", "strength"), Field.BATCH: ("批号", "batch"),
    Field.MANUFACTURED: ("生产日期", "manufacture date"), Field.EXPIRES: ("有效期至", "expiry date"),
    Field.QUANTITY: ("放行数量", "quantity released"), Field.UNIT: ("单位", "unit"),
    Field.RELEASED: ("放行日期", "release date"), "reason": ("理由", "reason"),
}
QUANTITY_MAX = 1e12  # units of one batch (tablets of a big batch run to millions): more is a typing error
DATE_MIN, DATE_MAX = date(1950, 1, 1), date(2200, 12, 31)
RATE_BASES = (10_000, 1_000_000)


def label(field: str, lang: str = "zh_CN") -> str:
    zh, en = LABELS.get(field, (field, field))
    return zh if lang.startswith("zh") else en


# ------------------------------------------------------------------------------------------------ checking


def check(values: Mapping[str, Any], *, today: date, order: DateOrder | None = None) -> tuple[dict, list[Problem]]:
    """The register row that ``values`` (as typed, or as a file's cells) make, and every problem with it, each
    naming its field. Blank values are None. Never raises for any input."""
    p: list[Problem] = []
    row: dict[str, Any] = {}
    row[Field.PRODUCT] = V.clean_text(values.get(Field.PRODUCT), "product_name", p, required=True)
    row[Field.STRENGTH] = V.clean_text(values.get(Field.STRENGTH), "strength", p)
    raw_batch = values.get(Field.BATCH)
    raw_batch = None if raw_batch is None else _text(raw_batch)
    batch = V.check_batch(raw_batch, p)
    if not batch:
        p.append(Problem("请填写批号", "the batch number is required", Field.BATCH))
    row[Field.BATCH] = batch
    for f in DATE_FIELDS:
        row[f] = _date(values.get(f), f, order, p)
    qty, unit_typed = _quantity(values.get(Field.QUANTITY), p)
    unit = V.clean_text(values.get(Field.UNIT), "unit", p)
    if unit_typed and unit and unit_typed != unit:
        p.append(Problem(f"放行数量中的单位“{unit_typed}”与单位列“{unit}”不同，请只保留一个",
                         f"the unit '{unit_typed}' in the quantity differs from the unit '{unit}'; keep one",
                         Field.UNIT))
    unit = unit or unit_typed
    if qty is not None and not unit:
        p.append(Problem("填写了放行数量时须填写单位（盒、瓶、支…），否则无法计算投诉率",
                         "a quantity released needs its unit (box, bottle, vial…), or no rate can be computed",
                         Field.UNIT))
    row[Field.QUANTITY], row[Field.UNIT] = qty, unit
    _check_dates(row, today, p)
    return row, p


def _text(value) -> str:
    """A cell as text: a batch number read from a spreadsheet as 240105.0 is the batch 240105."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _date(value, field: str, order: DateOrder | None, p: list[Problem]) -> str | None:
    if isinstance(value, str) and not value.strip():
        return None
    try:
        parsed = parse_date(value, order)
    except TypedValueError as exc:
        zh, en = LABELS[field]
        p.append(Problem(f"{zh}：{exc.problem.zh}", f"{en}: {exc.problem.en}", field))
        return None
    if parsed is None:
        return None
    d = parsed.value
    if not DATE_MIN <= d <= DATE_MAX:
        zh, en = LABELS[field]
        p.append(Problem(f"{zh} {d} 超出合理范围（{DATE_MIN.year}–{DATE_MAX.year} 年）",
                         f"the {en} {d} is out of range ({DATE_MIN.year}–{DATE_MAX.year})", field))
        return None
    return d.isoformat()


def _quantity(value, p: list[Problem]) -> tuple[float | None, str | None]:
    try:
        number, unit = parse_quantity(value)
    except TypedValueError as exc:
        p.append(Problem(f"放行数量：{exc.problem.zh}", f"quantity released: {exc.problem.en}", Field.QUANTITY))
        return None, None
    if number is None:
        return None, unit
    if number <= 0:
        p.append(Problem("放行数量必须大于 0", "the quantity released must be more than 0", Field.QUANTITY))
        return None, unit
    if number > QUANTITY_MAX:
        p.append(Problem(f"放行数量 {number:g} 过大，最多 {QUANTITY_MAX:,.0f}",
                         f"the quantity released {number:g} is too large; at most {QUANTITY_MAX:,.0f}", Field.QUANTITY))
        return None, unit
    return number, unit


def _check_dates(row: dict, today: date, p: list[Problem]) -> None:
    mfg, exp, rel = row[Field.MANUFACTURED], row[Field.EXPIRES], row[Field.RELEASED]
    if mfg and mfg > today.isoformat():
        p.append(Problem(f"生产日期 {mfg} 晚于今天", f"the manufacture date {mfg} is after today", Field.MANUFACTURED))
    if rel and rel > today.isoformat():
        p.append(Problem(f"放行日期 {rel} 晚于今天：请在批次放行后再登记",
                         f"the release date {rel} is after today: register the batch once it is released",
                         Field.RELEASED))
    if mfg and exp and exp <= mfg:
        p.append(Problem(f"有效期至 {exp} 须晚于生产日期 {mfg}", f"the expiry date {exp} must be after the manufacture "
                         f"date {mfg}", Field.EXPIRES))
    if mfg and rel and rel < mfg:
        p.append(Problem(f"放行日期 {rel} 早于生产日期 {mfg}", f"the release date {rel} is before the manufacture "
                         f"date {mfg}", Field.RELEASED))
    if exp and rel and rel > exp:
        p.append(Problem(f"放行日期 {rel} 晚于有效期至 {exp}", f"the release date {rel} is after the expiry date {exp}",
                         Field.RELEASED))


# ---------------------------------------------------------------------------------------------- reading


def get(db: Database, batch_id: int) -> dict | None:
    r = db.conn.execute("SELECT * FROM batches WHERE id = ?", (batch_id,)).fetchone()
    return dict(r) if r else None


def find_key(db: Database, product: str, batch: str) -> dict | None:
    r = db.conn.execute("SELECT * FROM batches WHERE product_name = ? AND batch_no = ?", (product, batch)).fetchone()
    return dict(r) if r else None


def find(db: Database, *, text: str | None = None, product: str | None = None, limit: int = 2000) -> list[dict]:
    """Batches whose product or batch number contains ``text`` (any case), newest release first."""
    clauses, args = [], []
    if text and text.strip():
        like = "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append("(product_name LIKE ? ESCAPE '\\' OR batch_no LIKE ? ESCAPE '\\' OR strength LIKE ? ESCAPE '\\')")
        args += [like, like, like]
    if product:
        clauses.append("product_name = ?")
        args.append(product)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    q = (f"SELECT * FROM batches{where} ORDER BY product_name, coalesce(released_on, manufactured_on) DESC, "
         "batch_no LIMIT ?")
    return [dict(r) for r in db.conn.execute(q, [*args, limit])]


def count(db: Database) -> int:
    return db.conn.execute("SELECT count(*) FROM batches").fetchone()[0]


def products(db: Database) -> list[str]:
    return [r[0] for r in db.conn.execute("SELECT DISTINCT product_name FROM batches ORDER BY product_name")]


# ---------------------------------------------------------------------------------------------- writing


def save(session: Session, values: Mapping[str, Any], *, batch_id: int | None = None,
         reason: str | None = None) -> dict:
    """Add a batch (``batch_id`` None) or change one; returns the stored row. Changing a value already saved needs
    a reason (Annex 11 §9, 21 CFR 11.10(e)); filling an empty one does not. Refuses (``bad_batch``) listing every
    problem at its field; nothing is written then."""
    session.require(EDIT)
    row, p = check(values, today=session.now().date())
    with session.write() as tx:
        before = get(session.db, batch_id) if batch_id is not None else None
        if batch_id is not None and before is None:
            raise refuse("no_batch", "该批次不存在。", "This batch does not exist.")
        if row[Field.PRODUCT] and row[Field.BATCH]:
            other = find_key(session.db, row[Field.PRODUCT], row[Field.BATCH])
            if other and other["id"] != batch_id:
                p.append(Problem(f"{row[Field.PRODUCT]} 的批号 {row[Field.BATCH]} 已在批次登记中",
                                 f"batch {row[Field.BATCH]} of {row[Field.PRODUCT]} is already in the register",
                                 Field.BATCH))
        refused = {q.field for q in p}  # a value that cannot be read is its problem, not a change needing a reason
        changed = [f for f in FIELDS if before and f not in refused and before.get(f) not in (None, "")
                   and before.get(f) != row[f]]
        why = V.clean_text(reason, "reason", p)
        if changed and not why:
            names_zh = "、".join(LABELS[f][0] for f in changed)
            names_en = ", ".join(LABELS[f][1] for f in changed)
            p.append(Problem(f"修改已保存的内容需要说明理由（{names_zh}）", f"changing saved values needs a reason "
                             f"({names_en})", "reason"))
        if p:
            raise refuse("bad_batch", "批次信息有误，未保存", "The batch has problems; nothing was saved", p)
        if before is None:
            return tx.insert("batches", {**row, "created_at": tx.at, "created_by": session.actor.id},
                             action="batch_register", reason=why)
        if all(before.get(f) == row[f] for f in FIELDS):
            return before
        return tx.update("batches", batch_id, {**row, "updated_at": tx.at}, action="batch_change", reason=why)


# ---------------------------------------------------------------------------------------------- the wizard


class Known(StrEnum):
    """What the register says about a product and batch typed in the wizard."""

    FOUND = "found"  # in the register: its dates complete the receipt
    OTHER_PRODUCT = "other_product"  # the batch number is registered, under another product
    UNKNOWN = "unknown"  # not in the register
    NOT_IN_USE = "not_in_use"  # the register is empty: nothing to say


@dataclass(frozen=True)
class Lookup:
    known: Known
    batch: dict | None = None
    zh: str = ""
    en: str = ""

    def note(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en

    def dates(self) -> dict[str, str | None]:
        """The receipt's dates as the register gives them (mfg_date, expiry_date), when the batch was found."""
        if self.batch is None:
            return {}
        return {"mfg_date": self.batch.get(Field.MANUFACTURED), "expiry_date": self.batch.get(Field.EXPIRES)}

    def mismatches(self, typed: Mapping[str, str | None]) -> list[Problem]:
        """Notes for dates typed that differ from the register's (a note: the register or the pack may be wrong)."""
        out = []
        for key, value in self.dates().items():
            mine = (typed.get(key) or "").strip()
            if value and mine and mine != value:
                zh, en = V.label(key)
                out.append(Problem(f"批次登记中的{zh}为 {value}，与填写的 {mine} 不同",
                                   f"the register's {en} is {value}, not {mine} as typed", key))
        return out


def lookup(db: Database, product: str | None, batch: str | None) -> Lookup | None:
    """The register's word on ``product`` and ``batch`` as typed (None until both are). A note, never a refusal:
    the complainant may have misread the pack, and the register may be incomplete."""
    product = V.clean_text(product, "product_name", []) or ""  # as the register stores it (NFC, trimmed)
    batch = V.normalise_batch(batch)
    if not product or not batch:
        return None
    found = find_key(db, product, batch)
    if found:
        return Lookup(Known.FOUND, found, "批号在批次登记中：已按登记填入生产日期和有效期",
                      "batch found in the batch register: manufacture and expiry dates filled in from it")
    if not db.conn.execute("SELECT 1 FROM batches LIMIT 1").fetchone():
        return Lookup(Known.NOT_IN_USE)
    others = [r[0] for r in db.conn.execute(
        "SELECT product_name FROM batches WHERE batch_no = ? ORDER BY product_name LIMIT 3", (batch,))]
    if others:
        return Lookup(Known.OTHER_PRODUCT, None, f"批号不在批次登记中（登记中批号 {batch} 属于：{'、'.join(others)}）",
                      f"batch not in the batch register for this product (batch {batch} is registered for: "
                      f"{', '.join(others)})")
    return Lookup(Known.UNKNOWN, None, "批号不在批次登记中（请核对批号；仍可登记投诉）",
                  "batch not in the batch register (check the number; the complaint can still be registered)")


# ---------------------------------------------------------------------------------------------- rates


@dataclass(frozen=True)
class Released:
    """Units of a product released in one month, in one unit (units are never added across kinds)."""

    product_name: str
    month: str  # YYYY-MM
    unit: str
    quantity: float
    batches: int


def released_by_product_month(db: Database, *, product: str | None = None, month_from: str | None = None,
                              month_to: str | None = None) -> list[Released]:
    """Units released per product, month (of the release date) and unit. Batches without a release date or a
    quantity count nowhere: a rate is computed only where the office knows what went out."""
    clauses = ["released_on IS NOT NULL", "quantity_released IS NOT NULL"]
    args: list[Any] = []
    if product:
        clauses.append("product_name = ?")
        args.append(product)
    if month_from:
        clauses.append("released_on >= ?")
        args.append(month_from[:7] + "-01")
    if month_to:
        clauses.append("released_on < ?")
        args.append(_next_month(month_to[:7]) + "-01")
    q = ("SELECT product_name, substr(released_on, 1, 7) AS month, coalesce(unit, ''), sum(quantity_released), "
         f"count(*) FROM batches WHERE {' AND '.join(clauses)} GROUP BY product_name, month, unit "
         "ORDER BY product_name, month, unit")
    return [Released(*r) for r in db.conn.execute(q, args)]


def released_by_batch(db: Database, *, product: str | None = None) -> dict[tuple[str, str], dict]:
    """(product, batch) → the batch's quantity released, unit and dates, for the rate per batch."""
    q = ("SELECT product_name, batch_no, quantity_released, unit, released_on, manufactured_on, expires_on "
         "FROM batches" + (" WHERE product_name = ?" if product else ""))
    return {(r[0], r[1]): {"quantity_released": r[2], "unit": r[3], "released_on": r[4], "manufactured_on": r[5],
                           "expires_on": r[6]}
            for r in db.conn.execute(q, (product,) if product else ())}


def rate(complaints: int, units: float | None, per: int = 10_000) -> float | None:
    """Complaints per ``per`` units released; None where no quantity is known (a count is then all there is)."""
    if not units or units <= 0:
        return None
    return complaints * per / units


def _next_month(month: str) -> str:
    y, m = int(month[:4]), int(month[5:7])
    return f"{y + (m == 12)}-{1 if m == 12 else m + 1:02d}"

