"""The other complaints an investigator reads beside one complaint: the same batch first, then the same product,
received in the 12 months before it.

The window is taken from the complaint's own received date, never from the time it is looked at, so a record
printed today and the same record printed next year list the same complaints (unless one of them was voided or
registered late with an earlier received date). Only complaints received before this one count: a complaint that
came in later cannot have informed its investigation. The list is capped: at 100,000 complaints one product can
have thousands in a year, which no investigator reads on paper; the record says how many more there are and
where to find them (the register, searched for the product).

Both queries read the index ``idx_complaints_product_received`` (product, received date) and the batch index, so
one record costs a few milliseconds at any size of file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlite_utils import Database

from qa_desk.store.db import rows

CAP = 20  # rows a printed record lists; the rest are counted
MONTHS = 12


class Link(StrEnum):
    """How a related complaint is related (the ``link`` of each row)."""

    BATCH = "batch"
    PRODUCT = "product"


@dataclass(frozen=True)
class Related:
    """The capped list and the counts behind it. ``since`` and ``until`` are the window (ISO texts): received at or
    after ``since`` and before ``until`` (the complaint's own received time)."""

    rows: list[dict]
    batch_total: int
    product_total: int  # same product on another batch (or none)
    since: str
    until: str
    product: str
    cap: int = CAP
    window: bool = True  # False: the complaint's received date is not a date, so no window could be taken

    @property
    def total(self) -> int:
        return self.batch_total + self.product_total

    @property
    def more(self) -> int:
        """How many the list leaves out."""
        return max(0, self.total - len(self.rows))


def window_start(received_at: str, months: int = MONTHS) -> str:
    """The same calendar day ``months`` months before (29 February falls back to the 28th), same time and zone."""
    at = datetime.fromisoformat(received_at)
    month0 = at.month - 1 - months
    year, month = at.year + month0 // 12, month0 % 12 + 1
    day = at.day
    while True:
        try:
            return at.replace(year=year, month=month, day=day).isoformat()
        except ValueError:  # 31 March minus one month, 29 February minus a year
            day -= 1


_BASE = ("FROM complaints WHERE product_name = :product AND received_at >= :since AND received_at < :until "
         "AND id != :id AND status != 'voided'")


def for_complaint(db: Database, complaint: dict, *, cap: int = CAP, months: int = MONTHS) -> Related:
    """The related complaints of ``complaint`` (a row of ``complaints``) as of its own received date."""
    until = complaint["received_at"]
    try:
        since = window_start(until, months)
    except (TypeError, ValueError):  # not a date (written with sqlite3): no window, so none is listed
        return Related(rows=[], batch_total=0, product_total=0, since="", until=str(until),
                       product=complaint["product_name"], cap=cap, window=False)
    params = {"product": complaint["product_name"], "batch": complaint["batch_no"] or None, "since": since,
              "until": until, "id": complaint["id"]}
    cols = "SELECT id, number, received_at, product_name, batch_no, class, status, description"
    if params["batch"] is not None:
        # "+product_name": read the batch's few rows by the batch index, not the product's thousands
        on_batch = _BASE.replace("product_name =", "+product_name =") + " AND batch_no = :batch"
        batch = rows(db, f"{cols}, '{Link.BATCH}' AS link {on_batch} ORDER BY received_at DESC, id DESC LIMIT {int(cap)}",
                     params)
        batch_total = len(batch) if len(batch) < cap else _count(db, on_batch, params)
    else:
        batch, batch_total = [], 0
    other = " AND batch_no IS NOT :batch" if params["batch"] is not None else ""
    room = cap - len(batch)
    product = rows(db, f"{cols}, '{Link.PRODUCT}' AS link {_BASE}{other} ORDER BY received_at DESC, id DESC "
                       f"LIMIT {int(room)}", params) if room > 0 else []
    product_total = (len(product) if 0 < room and len(product) < room
                     else _count(db, f"{_BASE}{other}", params))
    return Related(rows=batch + product, batch_total=batch_total, product_total=product_total, since=since,
                   until=until, product=complaint["product_name"], cap=cap)


def _count(db: Database, where: str, params: dict) -> int:
    return db.conn.execute(f"SELECT count(*) {where}", params).fetchone()[0]


def rule1_rows(db: Database, complaint: dict, *, printed_at: str, last_id: int) -> list[dict]:
    """The list a copy printed before issue 15 (rule 1) held, as far as the file can tell it again: what
    ``complaints.related`` then found at the print time — same product, received in the 365 days before the print,
    not voided, whatever the date of this complaint, uncapped — limited to the complaints that existed at the print
    (``last_id``, the newest complaint registered before the print entry). A complaint voided or edited since
    makes the list differ; ``check_paper`` then says so rather than "current"."""
    from datetime import timedelta

    from qa_desk.core.clock import iso

    since = datetime.fromisoformat(printed_at) - timedelta(days=round(MONTHS * 30.44))
    return rows(db, "SELECT id, number, received_at, product_name, batch_no, class, status, description, "
                    "CASE WHEN batch_no = :batch THEN 'batch' ELSE 'product' END AS link "
                    "FROM complaints WHERE id != :id AND id <= :last AND status != 'voided' AND received_at >= :since "
                    "AND ((:batch IS NOT NULL AND batch_no = :batch AND product_name = :product) "
                    "OR product_name = :product) "
                    "ORDER BY (batch_no = :batch) DESC, received_at DESC",
                {"id": complaint["id"], "batch": complaint["batch_no"], "product": complaint["product_name"],
                 "since": iso(since), "last": last_id})
