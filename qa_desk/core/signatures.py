"""Electronic signatures (21 CFR Part 11, EU GMP Annex 11).

A signature needs the signer's password again, states its meaning, and stores the SHA-256 of the exact
content it signs: the complaint's substantive fields, its checklist results, medical details and CAPA plan.
Workflow fields (status, timestamps of later steps) are not part of that content, so moving the complaint
along does not invalidate it; changing what was signed does, and every place that shows the signature
recomputes the hash to say so. A reject or reopen starts a new cycle: earlier signatures are then
"superseded" rather than invalid.
"""

from __future__ import annotations

import hashlib
import json

from sqlite_utils import Database

from qa_desk.store.audit import Tx, canonical
from qa_desk.store.db import rows

WORKFLOW_COLUMNS = frozenset({
    "status", "owner_id", "acknowledged_at", "ack_method", "ack_by", "class_i_qahead_ack_at",
    "class_i_qahead_ack_by", "class_i_vp_ack_at", "class_i_vp_ack_by", "proposed_by", "proposed_at",
    "reviewed_by", "reviewed_at", "approved_by", "approved_at", "reopen_count", "extension_days", "closed_at",
    "closed_by", "archived_at", "legal_hold", "legal_hold_reason", "void_reason", "voided_at", "voided_by",
    "updated_at", "report_submitted_at", "cycle",
})
CAPA_PLAN = ("id", "ref", "kind", "description", "owner_dept", "owner", "due_date", "change_control_ref")


def signed_content(db: Database, complaint_id: int) -> dict:
    c = dict(db.conn.execute("SELECT * FROM complaints WHERE id = ?", (complaint_id,)).fetchone() or {})
    content = {"complaint": {k: v for k, v in c.items() if k not in WORKFLOW_COLUMNS}}
    content["checklist"] = rows(db, "SELECT section, item, result, note FROM checklist_items "
                                    "WHERE complaint_id = ? ORDER BY id", (complaint_id,))
    content["capa"] = rows(db, f"SELECT {', '.join(CAPA_PLAN)} FROM capa_actions WHERE complaint_id = ? "
                               "AND status != 'cancelled' ORDER BY id", (complaint_id,))
    med = rows(db, "SELECT * FROM medical_details WHERE complaint_id = ?", (complaint_id,))
    content["medical"] = [{k: v for k, v in m.items() if k != "id"} for m in med]
    return content


def content_hash(content: dict) -> str:
    return hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()


def record(tx: Tx, complaint: dict, *, step: str, meaning: str, signer_name: str) -> dict:
    """Write the signature row (the caller has already checked the password and the rules)."""
    content = signed_content(tx.db, complaint["id"])
    return tx.insert("signatures", {
        "complaint_id": complaint["id"], "step": step, "meaning": meaning, "signer_id": tx.user_id,
        "signer_name": signer_name, "signed_at": tx.at, "content_sha256": content_hash(content),
        "content_json": canonical(content), "cycle": complaint["cycle"],
    }, action="sign", complaint_id=complaint["id"])


HOLD_FIELDS = ("id", "complaint_id", "product_name", "batch_no", "started_at", "status", "lifted_at", "lifted_by",
               "lift_reason")


def hold_content(db: Database, hold_id: int) -> dict | None:
    row = db.conn.execute(f"SELECT {', '.join(HOLD_FIELDS)} FROM batch_holds WHERE id = ?", (hold_id,)).fetchone()
    return {"hold": dict(row)} if row else None


def record_hold(tx: Tx, complaint: dict, hold: dict, *, signer_name: str) -> dict:
    """The QA head's signature on lifting a batch hold covers the hold record, not the whole complaint (the
    investigation may go on after the hold is lifted)."""
    content = hold_content(tx.db, hold["id"])
    return tx.insert("signatures", {
        "complaint_id": complaint["id"], "step": "lift_hold", "meaning": "lifted", "signer_id": tx.user_id,
        "signer_name": signer_name, "signed_at": tx.at, "content_sha256": content_hash(content),
        "content_json": canonical(content), "cycle": complaint["cycle"],
    }, action="sign", complaint_id=complaint["id"])


def state(db: Database, sig: dict, *, cycle: int | None = None, current_hash: str | None = None) -> str:
    """valid / invalid (the signed content changed since, or is gone) / superseded (a later cycle replaced
    it)."""
    if sig["step"] == "lift_hold":
        hold_id = json.loads(sig["content_json"] or "{}").get("hold", {}).get("id")
        current = hold_content(db, hold_id) if hold_id is not None else None
        return "valid" if current is not None and content_hash(current) == sig["content_sha256"] else "invalid"
    if cycle is None:
        row = db.conn.execute("SELECT cycle FROM complaints WHERE id = ?", (sig["complaint_id"],)).fetchone()
        if row is None:
            return "invalid"
        cycle = row[0]
    if sig["cycle"] < cycle:
        return "superseded"
    if current_hash is None:
        current_hash = content_hash(signed_content(db, sig["complaint_id"]))
    return "valid" if current_hash == sig["content_sha256"] else "invalid"


def for_complaint(db: Database, complaint_id: int) -> list[dict]:
    """Every signature of a complaint with its state, oldest first."""
    sigs = rows(db, "SELECT * FROM signatures WHERE complaint_id = ? ORDER BY id", (complaint_id,))
    if not sigs:
        return []
    row = db.conn.execute("SELECT cycle FROM complaints WHERE id = ?", (complaint_id,)).fetchone()
    if row is None:  # the complaint row is gone (removed behind the application's back)
        for s in sigs:
            s["state"] = "invalid"
        return sigs
    current = content_hash(signed_content(db, complaint_id))
    for s in sigs:
        s["state"] = state(db, s, cycle=row[0], current_hash=current)
    return sigs


def valid_step(db: Database, complaint_id: int, step: str) -> dict | None:
    for s in reversed(for_complaint(db, complaint_id)):
        if s["step"] == step and s["state"] == "valid":
            return s
    return None
