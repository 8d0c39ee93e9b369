"""Retention, legal hold and destruction of archived records (DOMAIN.md §10).

Retention runs to the latest of: one year after the batch's expiry, one year after receipt, and the configured
minimum of years after closure (records without a batch get that minimum). Destruction is for archived records
past that date without a legal hold, approved by the quality VP with a password signature. The record, its parts
and attachments are deleted (with SQLite's secure_delete, so freed pages are overwritten); the destruction log
keeps number, dates, reason and signer. The audit entries of the record keep their place and hash in the chain
but lose their content, and the destruction's own entry lists exactly which entries it redacted, so ``verify``
still proves the chain and can tell a lawful redaction from tampering.
"""

from __future__ import annotations

import hashlib
from datetime import date

from sqlite_utils import Database

from qa_desk.core import complaints, settings, signatures
from qa_desk.core.clock import parse
from qa_desk.core.errors import Problem, refuse, require
from qa_desk.core.session import Session
from qa_desk.store.audit import canonical

# Tables holding a complaint's parts (all have complaint_id); deleted before the complaint itself.
PART_TABLES = ("medical_details", "checklist_items", "sample_custody", "batch_holds", "capa_actions", "replies",
               "attachments", "deadlines", "extensions", "signatures")
DERIVED_TABLES = ("complaint_next_due",)


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def retention_until(db: Database, c: dict, policy) -> date | None:
    """None while the complaint is not closed (its retention has not started)."""
    if not c.get("closed_at"):
        return None
    closed = parse(c["closed_at"]).date()
    minimum = max(settings.get(db, "retention_min_years"), int(policy.retention.get("min_years", 0)))
    candidates = [_add_years(closed, minimum),
                  _add_years(parse(c["received_at"]).date(), int(policy.retention.get("after_receipt_years", 1)))]
    if c.get("expiry_date"):
        try:
            candidates.append(_add_years(date.fromisoformat(c["expiry_date"]),
                                         int(policy.retention.get("after_expiry_years", 1))))
        except ValueError:
            pass
    return max(candidates)


def past_retention(session: Session) -> list[dict]:
    """Archived records whose retention has ended, with their date and any legal hold (shown, not hidden)."""
    today = session.now().date()
    out = []
    for r in session.db.conn.execute("SELECT * FROM complaints WHERE status = 'archived' ORDER BY year, seq"):
        c = dict(r)
        until = retention_until(session.db, c, session.policy)
        if until is not None and until < today:
            out.append({**c, "retention_until": until.isoformat()})
    return out


def set_legal_hold(session: Session, complaint_id: int, on: bool, reason: str) -> None:
    session.require("legal_hold", complaint_id=complaint_id)
    if not (reason or "").strip():
        raise refuse("no_reason", "设置或解除法律保留需要填写理由。", "Setting or lifting a legal hold needs a reason.",
                     [Problem("请填写理由", "enter the reason", "reason")])
    with session.write() as tx:
        tx.update("complaints", complaint_id, {"legal_hold": 1 if on else 0, "legal_hold_reason": reason.strip()},
                  reason=reason.strip(), action="legal_hold" if on else "legal_hold_lifted")


def _parts(db: Database, complaint_id: int) -> dict[str, list[int]]:
    rows = {t: [r[0] for r in db.conn.execute(f"SELECT id FROM [{t}] WHERE complaint_id = ?", (complaint_id,))]
            for t in PART_TABLES}
    rows["complaint_links"] = [r[0] for r in db.conn.execute(
        "SELECT id FROM complaint_links WHERE complaint_id = ? OR other_id = ?", (complaint_id, complaint_id))]
    rows["complaints"] = [complaint_id]
    return {t: ids for t, ids in rows.items() if ids}


def destroy(session: Session, complaint_id: int, password: str, reason: str, *, username: str | None = None) -> dict:
    """Destroy one archived record past retention; returns its destruction-log row."""
    session.require("destroy", complaint_id=complaint_id)
    c = complaints.get(session.db, complaint_id)
    until = retention_until(session.db, c, session.policy)
    problems = []
    if c["status"] != "archived":
        problems.append(Problem("只能销毁已归档的记录", "only archived records can be destroyed", "status"))
    if until is None or until >= session.now().date():
        problems.append(Problem(f"保存期限至 {until}，尚未届满", f"retention runs until {until}; it has not ended",
                                "retention"))
    if c["legal_hold"]:
        problems.append(Problem(f"记录处于法律保留中（{c['legal_hold_reason']}）",
                                f"the record is under legal hold ({c['legal_hold_reason']})", "legal_hold"))
    if not (reason or "").strip():
        problems.append(Problem("请填写销毁理由", "enter the reason for destruction", "reason"))
    require(problems, "cannot_destroy", f"不能销毁 {c['number']}", f"{c['number']} cannot be destroyed")
    signatures.authenticate(session, password, username, purpose="destruction")
    return _destroy(session, c, until, reason.strip())


def _destroy(session: Session, c: dict, until: date, reason: str) -> dict:
    db = session.db
    signed = {"meaning": "destroyed", "number": c["number"], "signer": session.actor.username,
              "at": session.now().isoformat(), "reason": reason, "retention_until": until.isoformat()}
    signature = hashlib.sha256(canonical(signed).encode()).hexdigest()
    db.conn.execute("PRAGMA secure_delete = ON")  # freed pages are overwritten, not left readable in the file
    try:
        with session.write() as tx:
            log_id = tx.insert("destruction_log", {
                "number": c["number"], "year": c["year"], "seq": c["seq"], "complaint_id": c["id"],
                "received_at": c["received_at"], "closed_at": c["closed_at"], "retention_until": until.isoformat(),
                "destroyed_at": tx.at, "approved_by": session.actor.id, "approver_name": session.actor.display_name,
                "reason": reason, "signature_sha256": signature})["id"]
            parts = _parts(db, c["id"])
            where = " OR ".join(["complaint_id = ?"] + [f"(tbl = '{t}' AND record_id IN ({','.join(map(str, ids))}))"
                                                        for t, ids in parts.items()])
            redacted = [r[0] for r in db.conn.execute(f"SELECT id FROM audit_log WHERE {where}", (c["id"],))]
            db.conn.execute(f"UPDATE audit_log SET old = NULL, new = NULL, reason = NULL, redacted_by = ? "
                            f"WHERE id IN ({','.join(map(str, redacted))})", (log_id,))
            for table in (*DERIVED_TABLES, *PART_TABLES):
                db.conn.execute(f"DELETE FROM [{table}] WHERE complaint_id = ?", (c["id"],))
            db.conn.execute("DELETE FROM complaint_links WHERE complaint_id = ? OR other_id = ?", (c["id"], c["id"]))
            db.conn.execute("DELETE FROM complaint_search WHERE rowid = ?", (c["id"],))
            db.conn.execute("INSERT INTO complaint_search(complaint_search) VALUES ('optimize')")  # merge away its tokens
            db.conn.execute("DELETE FROM complaints WHERE id = ?", (c["id"],))
            tx.log("destroy", new={"number": c["number"], "destruction_log_id": log_id, "redacted": redacted,
                                   "rows": parts, "signature_sha256": signature})
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.conn.execute("PRAGMA secure_delete = OFF")
    return dict(db.conn.execute("SELECT * FROM destruction_log WHERE id = ?", (log_id,)).fetchone())


def certificate_rows(db: Database, log_ids: list[int] | None = None) -> list[dict]:
    sql = "SELECT * FROM destruction_log" + (f" WHERE id IN ({','.join(map(str, log_ids))})" if log_ids else "")
    return [dict(r) for r in db.conn.execute(sql + " ORDER BY id")]
