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
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlite_utils import Database

from qa_desk.core import complaints, keys, numbering, settings, signatures
from qa_desk.core.clock import parse
from qa_desk.core.errors import Problem, refuse, require
from qa_desk.core.session import Session
from qa_desk.store.audit import canonical
from qa_desk.store.db import BUSY_TIMEOUT_MS

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
    return _until(c.get("closed_at"), c["received_at"], c.get("expiry_date"), _minimum_years(db, policy), policy)


def _minimum_years(db: Database, policy) -> int:
    return max(settings.get(db, "retention_min_years"), int(policy.retention.get("min_years", 0)))


def _until(closed_at: str | None, received_at: str, expiry_date: str | None, minimum: int, policy) -> date | None:
    """The one rule (the module's docstring), from the three dates and the minimum read once per query."""
    if not closed_at:
        return None
    candidates = [_add_years(parse(closed_at).date(), minimum),
                  _add_years(parse(received_at).date(), int(policy.retention.get("after_receipt_years", 1)))]
    if expiry_date:
        try:
            candidates.append(_add_years(date.fromisoformat(expiry_date),
                                         int(policy.retention.get("after_expiry_years", 1))))
        except ValueError:
            pass
    return max(candidates)


PAGE_SIZE = 200  # archived records listed at a time: an office's archive holds tens of thousands
LISTED = ("id", "number", "year", "seq", "product_name", "batch_no", "received_at", "closed_at", "expiry_date",
          "status", "legal_hold", "legal_hold_reason")


@dataclass(frozen=True)
class ArchivedPage:
    """One page of the archive: its rows (each with ``retention_until``), how many records match in all, and
    where the page starts."""

    rows: list[dict]
    total: int
    offset: int


def archived_page(session: Session, *, only_due: bool = False, offset: int = 0,
                  limit: int = PAGE_SIZE) -> ArchivedPage:
    """Archived records in number order, one page at a time, with their retention date (``only_due``: only those
    whose retention has ended). One query: the retention rule runs inside it as a SQL function, with the
    settings read once, so a page costs the same with 1,000 archived records as with 100,000."""
    db = session.db
    minimum = _minimum_years(db, session.policy)

    def until(closed_at, received_at, expiry_date):
        found = _until(closed_at, received_at, expiry_date, minimum, session.policy)
        return found.isoformat() if found else None

    db.conn.create_function("qa_retention_until", 3, until, deterministic=True)
    # +status: walk the (year, seq) index in order and stop at the page, rather than sort every archived record
    where = "+status = 'archived'" + (" AND retention_until < :today" if only_due else "")
    params = {"today": session.now().date().isoformat(), "limit": max(int(limit), 1), "offset": max(int(offset), 0)}
    base = (f"SELECT {', '.join(LISTED)}, qa_retention_until(closed_at, received_at, expiry_date) AS retention_until "
            "FROM complaints")
    rows = [dict(r) for r in db.conn.execute(f"SELECT * FROM ({base} ORDER BY year, seq) WHERE {where} "
                                             "LIMIT :limit OFFSET :offset", params)]
    total = db.conn.execute(f"SELECT count(*) FROM ({base}) WHERE {where}", params).fetchone()[0]
    return ArchivedPage([{**r, "retention_until": r["retention_until"] or ""} for r in rows], total,
                        params["offset"])


def past_retention(session: Session) -> list[dict]:
    """Archived records whose retention has ended, with their date and any legal hold (shown, not hidden)."""
    return archived_page(session, only_due=True, limit=1 << 31).rows


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
    # the VP's own key signs the statement (verify and a restore check it against the installation's keys)
    detached = keys.sign_detached(session, canonical(signed).encode()) if keys.has_keys(db) else None
    log = {"number": c["number"], "year": c["year"], "seq": c["seq"], "complaint_id": c["id"],
           "received_at": c["received_at"], "closed_at": c["closed_at"], "retention_until": until.isoformat(),
           "approved_by": session.actor.id, "approver_name": session.actor.display_name, "reason": reason,
           "signature_sha256": signature}
    with secure_delete(db):
        log_id = _remove(session, c, log, {"signed": signed, "signature": detached})
    row = dict(db.conn.execute("SELECT * FROM destruction_log WHERE id = ?", (log_id,)).fetchone())
    return {**row, **clear_wal(db)}


def _remove(session: Session, c: dict | None, log: dict, extra: dict) -> int:
    """One transaction: the destruction-log row, the redaction of the record's audit entries, the deletion of the
    record, its parts and its search-index row (merged out of the index), and the destroy entry listing exactly
    what was redacted. ``c`` is None when the record is not in this file (a destruction carried into a restored
    file older than the record): the log row still keeps its number used."""
    db = session.db
    with session.write() as tx:
        log_id = tx.insert("destruction_log", {**log, "destroyed_at": log.get("destroyed_at") or tx.at})["id"]
        redacted: list[int] = []
        parts: dict[str, list[int]] = {}
        if c is not None:
            parts = _parts(db, c["id"])
            where = " OR ".join(["complaint_id = ?"] + [f"(tbl = '{t}' AND record_id IN ({','.join(map(str, ids))}))"
                                                        for t, ids in parts.items()])
            redacted = [r[0] for r in db.conn.execute(f"SELECT id FROM audit_log WHERE redacted_by IS NULL AND "
                                                      f"({where})", (c["id"],))]
            if redacted:
                db.conn.execute(f"UPDATE audit_log SET old = NULL, new = NULL, reason = NULL, redacted_by = ? "
                                f"WHERE id IN ({','.join(map(str, redacted))})", (log_id,))
            for table in (*DERIVED_TABLES, *PART_TABLES):
                db.conn.execute(f"DELETE FROM [{table}] WHERE complaint_id = ?", (c["id"],))
            db.conn.execute("DELETE FROM complaint_links WHERE complaint_id = ? OR other_id = ?", (c["id"], c["id"]))
            db.conn.execute("DELETE FROM complaint_search WHERE rowid = ?", (c["id"],))
            # FTS5 keeps a deleted row's tokens in its older segments until they are merged: merge them all now
            db.conn.execute("INSERT INTO complaint_search(complaint_search) VALUES ('optimize')")
            db.conn.execute("DELETE FROM complaints WHERE id = ?", (c["id"],))
        elif log.get("year") and log.get("seq") and log["seq"] > 0:
            numbering.reserve(tx, log["year"], log["seq"])  # the number of a destroyed record is never given again
        tx.log("destroy", new={"number": log["number"], "destruction_log_id": log_id, "redacted": redacted,
                               "rows": parts, "signature_sha256": log["signature_sha256"], **extra})
    return log_id


@contextmanager
def secure_delete(db: Database) -> Iterator[None]:
    """Freed pages and deleted cells are overwritten with zeros (SQLite ``secure_delete``), not left readable."""
    db.conn.execute("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        db.conn.execute("PRAGMA secure_delete = OFF")


# --- the WAL after a destruction ------------------------------------------------------------------------------
# The destroyed content is still in the write-ahead log (and in the main file's old pages) until a checkpoint has
# copied every frame back and the log is truncated. A reader that holds an old snapshot blocks that; we wait for
# readers up to CHECKPOINT_WAIT_S, and when one still blocks it, say so and leave a marker next to the file (not in
# it: a file's content is audited, and a marker is working state) that the next open of the file acts on.

CHECKPOINT_WAIT_S = 5.0
PENDING_SUFFIX = ".destruction-pending"


def db_file(db: Database) -> Path | None:
    r = db.conn.execute("PRAGMA database_list").fetchone()
    return Path(r[2]) if r and r[2] else None


def pending_marker(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + PENDING_SUFFIX)


def _checkpoint(db: Database, wait_s: float) -> bool:
    """``wal_checkpoint(TRUNCATE)``, waiting for readers up to ``wait_s``; True when the log is empty."""
    conn = db.conn
    conn.execute(f"PRAGMA busy_timeout = {int(wait_s * 1000)}")
    try:
        busy, log_frames, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError:
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return busy == 0 and log_frames in (0, -1)  # -1: the file is not in WAL mode (nothing to clear)


def clear_wal(db: Database, *, wait_s: float | None = None) -> dict:
    """After a destruction: checkpoint and truncate the WAL. Returns ``{"wal_cleared": bool, "notice": (zh, en) or
    None}``; when a reader blocks it, the notice says so and the marker makes the next open retry."""
    path = db_file(db)
    with secure_delete(db):
        cleared = _checkpoint(db, CHECKPOINT_WAIT_S if wait_s is None else wait_s)
    marker = pending_marker(path) if path else None
    if cleared:
        if marker:
            marker.unlink(missing_ok=True)
        return {"wal_cleared": True, "notice": None}
    if marker:
        marker.write_text(json.dumps({"since": datetime.now().astimezone().isoformat(timespec="seconds")}),
                          encoding="utf-8")
    return {"wal_cleared": False, "notice": (
        "记录已销毁并登记；但另一个程序或窗口正在读取数据库，预写日志（WAL）中销毁前的内容尚未清除。"
        "关闭其他 QA Desk 窗口或工作站后，下次打开数据库时将自动清除。",
        "The record is destroyed and logged, but another program or window is reading the database, so the "
        "write-ahead log (WAL) still holds the content from before the destruction. It is cleared automatically the "
        "next time the database is opened, once the other QA Desk windows or workstations are closed.")}


def finish_pending(db: Database, *, wait_s: float | None = None) -> bool | None:
    """At each open of a file: when a destruction could not clear the WAL, try again. None when nothing was
    pending, True when it is cleared now, False when a reader still blocks it (the marker stays)."""
    path = db_file(db)
    if path is None or not pending_marker(path).exists():
        return None
    return clear_wal(db, wait_s=wait_s)["wal_cleared"]


# --- destructions carried into a restored file ------------------------------------------------------------------

def destroy_entries(db: Database) -> dict[int, dict]:
    """Destruction-log id → what its (unredacted) destroy entry recorded: the signed statement and the VP's
    signature, the entries it redacted."""
    out: dict[int, dict] = {}
    for (new,) in db.conn.execute("SELECT new FROM audit_log WHERE action = 'destroy' AND op IS NULL AND "
                                  "redacted_by IS NULL ORDER BY id"):
        try:
            data = json.loads(new)
            out[int(data["destruction_log_id"])] = data
        except (TypeError, ValueError, KeyError):
            continue
    return out


def carry_destructions(target: Session, current: Database) -> list[str]:
    """Every destruction recorded in ``current`` (the live file) that ``target`` (the file being restored, opened
    through ``Session.on``) does not hold is done again in ``target``: the record and its parts deleted, its audit
    entries redacted, the destruction-log row copied, the destroy entry — sealed by the restoring administrator —
    naming the original destruction (who approved it, when, its signature). A destroyed record never comes back.
    Returns the numbers carried."""
    from qa_desk.core.verify_chain import lawful_destructions

    have = {r[0] for r in target.db.conn.execute("SELECT number FROM destruction_log")}
    originals = destroy_entries(current)
    lawful = lawful_destructions(current)
    carried: list[str] = []
    with secure_delete(target.db):
        for row in certificate_rows(current):
            if row["number"] in have:
                continue
            if row["id"] not in lawful:  # written behind the application's back: not done again
                with target.write() as tx:
                    tx.log("destruction_not_carried", new={"number": row["number"], "destruction_log_id": row["id"],
                                                           "why": "no valid seal of an authorised key"})
                continue
            found = target.db.conn.execute("SELECT * FROM complaints WHERE number = ?", (row["number"],)).fetchone()
            c = dict(found) if found else None
            log = {k: row.get(k) for k in ("number", "year", "seq", "received_at", "closed_at", "retention_until",
                                           "destroyed_at", "approved_by", "approver_name", "reason",
                                           "signature_sha256")}
            log["complaint_id"] = c["id"] if c else row.get("complaint_id")
            original = originals.get(row["id"], {})
            _remove(target, c, log, {"carried": {
                "destroyed_at": row["destroyed_at"], "approved_by": row["approved_by"],
                "approver_name": row["approver_name"], "destruction_log_id": row["id"],
                "signed": original.get("signed"), "signature": original.get("signature")}})
            carried.append(row["number"])
            have.add(row["number"])
    return carried


def certificate_rows(db: Database, log_ids: list[int] | None = None) -> list[dict]:
    sql = "SELECT * FROM destruction_log" + (f" WHERE id IN ({','.join(map(str, log_ids))})" if log_ids else "")
    return [dict(r) for r in db.conn.execute(sql + " ORDER BY id")]
