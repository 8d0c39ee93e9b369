"""Reading complaints: one record, by number, and the related ones on the same batch or product."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlite_utils import Database

from qa_desk.core import lifecycle
from qa_desk.core.clock import iso
from qa_desk.core.errors import refuse
from qa_desk.store.db import one, rows

FINAL_STATES = lifecycle.FINAL  # the one list (lifecycle), by the name its callers use


def get(db: Database, complaint_id: int) -> dict:
    row = one(db, "SELECT * FROM complaints WHERE id = ?", (complaint_id,))
    if row is None:
        raise refuse("no_complaint", f"投诉 {complaint_id} 不存在。", f"Complaint {complaint_id} does not exist.")
    return row


def by_number(db: Database, number: str) -> dict:
    row = one(db, "SELECT * FROM complaints WHERE number = ?", ((number or "").strip(),))
    if row is None:
        raise refuse("no_complaint", f"没有编号为 {number} 的投诉。", f"There is no complaint numbered {number}.")
    return row


def related(db: Database, complaint: dict, *, months: int = 12, now: datetime | None = None) -> list[dict]:
    """Other complaints on the same batch, or on the same product, received in the last ``months`` months before
    ``now`` (the screen's view, uncapped). Printed records use ``core.related.for_complaint`` instead: as of the
    complaint's own received date, capped; this query is also what copies printed before issue 15 hashed."""
    since = (now or datetime.fromisoformat(complaint["received_at"])) - timedelta(days=round(months * 30.44))
    return rows(db, "SELECT id, number, received_at, product_name, batch_no, class, status, description, "
                    "CASE WHEN batch_no = :batch THEN 'batch' ELSE 'product' END AS link "
                    "FROM complaints WHERE id != :id AND status != 'voided' AND received_at >= :since "
                    "AND ((:batch IS NOT NULL AND batch_no = :batch AND product_name = :product) "
                    "OR product_name = :product) "
                    "ORDER BY (batch_no = :batch) DESC, received_at DESC",
                {"id": complaint["id"], "batch": complaint["batch_no"], "product": complaint["product_name"],
                 "since": iso(since)})


def read(session, complaint_id: int) -> dict:
    """A complaint as its reader may see it: QA roles whole; reception only what they registered, with the
    personal data masked; nobody else. Every surface that shows a complaint reads it here."""
    from qa_desk.core import privacy
    from qa_desk.core import roles as R

    session.require("view", complaint_id=complaint_id)
    c = get(session.db, complaint_id)
    if not session.actor.is_qa and not (session.actor.has(R.RECEPTION) and c["receiver_id"] == session.actor.id):
        session.audit_refusal("view", "not_own_registration", complaint_id=complaint_id)
        raise refuse("forbidden", "前台只能查看本人登记的投诉。", "Reception can open only the complaints they registered.")
    return privacy.for_reader(session, c)


def medical(session, complaint_id: int) -> dict | None:
    """The medical details (patient, physician, user) as the reader may see them."""
    from qa_desk.core import privacy

    read(session, complaint_id)
    return privacy.for_reader(session, one(session.db, "SELECT * FROM medical_details WHERE complaint_id = ?",
                                           (complaint_id,)))


def registered_by_me(session, *, limit: int = 500) -> list[dict]:
    """Reception's list: what this user registered — number, time, product and to whom it went."""
    session.require("own_registrations")
    return rows(session.db, "SELECT c.id, c.number, c.received_at, c.product_name, c.status, "
                            "u.display_name AS owner_name FROM complaints c LEFT JOIN users u ON u.id = c.owner_id "
                            "WHERE c.receiver_id = ? ORDER BY c.id DESC LIMIT ?", (session.actor.id, limit))
