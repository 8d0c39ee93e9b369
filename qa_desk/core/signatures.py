"""Electronic signatures (21 CFR Part 11, EU GMP Annex 11).

A signature needs the signer's password again, states its meaning, and stores the SHA-256 of the exact
content it signs: the complaint's substantive fields, its checklist results, medical details and CAPA plan.
Workflow fields (status, timestamps of later steps) are not part of that content, so moving the complaint
along does not invalidate it; changing what was signed does, and every place that shows the signature
recomputes the hash to say so. A reject or reopen starts a new cycle: earlier signatures are then
"superseded" rather than invalid.
"""

from __future__ import annotations

import functools
import hashlib
import json
import zlib

from sqlite_utils import Database

from qa_desk.core import keys
from qa_desk.store.audit import Tx, canonical
from qa_desk.store.db import rows

WORKFLOW_COLUMNS = frozenset({
    "status", "owner_id", "acknowledged_at", "ack_method", "ack_by", "class_i_qahead_ack_at",
    "class_i_qahead_ack_by", "class_i_vp_ack_at", "class_i_vp_ack_by", "proposed_by", "proposed_at",
    "reviewed_by", "reviewed_at", "approved_by", "approved_at", "reopen_count", "extension_days", "closed_at",
    "closed_by", "archived_at", "legal_hold", "legal_hold_reason", "void_reason", "voided_at", "voided_by",
    "updated_at", "report_submitted_at", "report_authority", "report_reference", "cycle", "void_requested_by",
    "void_requested_at", "void_request_reason",
})
# columns a later schema added to complaints: empty on every record signed before, so an empty one is left out
# of a content signed without it (an upgrade must not make earlier signatures invalid)
ADDED_LATER = frozenset({"import_row", "legacy_number", "legacy_handler", "imported_extra"})
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


def current_hash(db: Database, complaint_id: int) -> str:
    """The hash a signature made now would bind: what the signature dialog shows and hands back."""
    return content_hash(signed_content(db, complaint_id))


def authenticate(session, password: str, username: str | None = None, *, purpose: str = "signature") -> None:
    """21 CFR 11.200(a)(1): the first signature of a login needs both components (user name and password),
    later ones in the same login the password. A wrong user name counts as a failed attempt like a wrong
    password; an empty password is refused before anything is checked or counted."""
    from qa_desk.core import users
    from qa_desk.core.errors import refuse

    if not password:
        raise refuse("no_password", "请输入密码。", "Enter your password.")
    if username is None and not session.signed_in_login:
        raise refuse("need_username", "本次登录的第一个签名需要输入用户名和密码。",
                     "The first signature of a login needs your user name and your password.")
    if username is not None and username.strip().lower() != session.actor.username.lower():
        row = users.get(session.db, session.actor.id) if session.actor.id is not None else None
        if row is None:
            raise refuse("no_user", "当前用户不存在。", "The current user does not exist.")
        err = users.failed_attempt(session, row, purpose)
        raise refuse(err.code, "用户名与当前登录的用户不符。" + err.zh, "The user name is not the logged-in user's. " + err.en)
    users.check_password(session, password, purpose=purpose)
    session.signed_in_login = True


def check_unchanged(content: dict, expected: str | None, number: str) -> str:
    """Refuse when the content differs from what the signer was shown (someone saved meanwhile)."""
    from qa_desk.core.errors import refuse

    digest = content_hash(content)
    if not expected:
        raise refuse("no_expected_hash", "签名前必须先显示所签内容（缺少所显示内容的哈希）。",
                     "A signature needs the content shown to the signer (the hash of what was shown is missing).")
    if digest != expected:
        raise refuse("content_changed", f"投诉 {number} 的内容在签名对话框打开后已被修改（可能有他人同时保存）；"
                     "未签名。请关闭对话框，查看最新内容后重新签名。",
                     f"Complaint {number} changed after the signature dialog opened (someone else may have saved "
                     "meanwhile); nothing was signed. Close the dialog, look at the current content and sign again.")
    return digest


def record(tx: Tx, complaint: dict, *, step: str, meaning: str, signer_name: str, expected: str | None,
           comment: str | None = None) -> dict:
    """Write the signature row, bound to the content the signer was shown (``expected``); the caller has
    already checked the password and the rules. Runs inside the write transaction, so nobody can change the
    content between this check and the signature."""
    content = signed_content(tx.db, complaint["id"])
    digest = check_unchanged(content, expected, complaint["number"])
    return insert(tx, {
        "complaint_id": complaint["id"], "step": step, "meaning": meaning, "signer_id": tx.user_id,
        "signer_name": signer_name, "signed_at": tx.at, "content_sha256": digest,
        "content_json": canonical(content), "cycle": complaint["cycle"], "comment": comment,
    })


def insert(tx: Tx, row: dict) -> dict:
    """Every e-signature row goes in here: with its signer's cryptographic signature over the content hash,
    the meaning, the signer and the time, made with the key the login unlocked. The signed content is kept
    once, compressed: a whole complaint as the signer saw it is 4 KB of JSON, and the review and the approval
    usually sign the very content the proposal signed (the hash finds it)."""
    same = tx.db.conn.execute("SELECT 1 FROM signatures WHERE complaint_id IS ? AND content_sha256 = ? AND "
                              "content_json IS NOT NULL LIMIT 1", (row["complaint_id"], row["content_sha256"])).fetchone()
    row = {**row, **keys.esign(tx, row), "content_json": None if same else pack_content(row["content_json"])}
    return tx.insert("signatures", row, action="sign", complaint_id=row["complaint_id"])


ZDICT_V1 = b"Z1"  # zlib with the preset dictionary resources/signature_zdict_v1.json (never changes)


@functools.cache
def _zdict_v1() -> bytes:
    from qa_desk.paths import resources_dir

    return (resources_dir() / "signature_zdict_v1.json").read_bytes()


def pack_content(text: str) -> bytes:
    """The signed content compressed with a preset dictionary of its own field names (half the size of plain
    zlib on a whole complaint)."""
    z = zlib.compressobj(9, zdict=_zdict_v1())
    return ZDICT_V1 + z.compress(text.encode("utf-8")) + z.flush()


def _unpack(raw: bytes) -> str:
    if raw.startswith(ZDICT_V1):
        z = zlib.decompressobj(zdict=_zdict_v1())
        return (z.decompress(raw[len(ZDICT_V1):]) + z.flush()).decode("utf-8")
    return zlib.decompress(raw).decode("utf-8")


def content_of(db: Database, sig: dict) -> dict:
    """The content a signature covers, as the signer was shown it (compressed, and stored with the first
    signature of that content, since schema 7)."""
    raw = sig.get("content_json")
    if raw is None:
        r = db.conn.execute("SELECT content_json FROM signatures WHERE complaint_id IS ? AND content_sha256 = ? AND "
                            "content_json IS NOT NULL ORDER BY id LIMIT 1",
                            (sig.get("complaint_id"), sig["content_sha256"])).fetchone()
        raw = r[0] if r else None
    try:
        if isinstance(raw, bytes):
            raw = _unpack(raw)
        return json.loads(raw or "{}")
    except (ValueError, zlib.error, UnicodeDecodeError):
        return {}


def changed_fields(db: Database, sig: dict) -> list[str]:
    """Which parts of the signed content differ now (field names; 'checklist', 'capa', 'medical')."""
    try:
        then = content_of(db, sig)
    except ValueError:
        return ["?"]
    now = signed_content(db, sig["complaint_id"])
    out = [k for k in sorted(set(then.get("complaint", {})) | set(now["complaint"]))
           if then.get("complaint", {}).get(k) != now["complaint"].get(k)]
    out += [part for part in ("checklist", "capa", "medical") if then.get(part) != now[part]]
    return out


HOLD_FIELDS = ("id", "complaint_id", "product_name", "batch_no", "started_at", "status", "lifted_at", "lifted_by",
               "lift_reason")


def hold_content(db: Database, hold_id: int) -> dict | None:
    row = db.conn.execute(f"SELECT {', '.join(HOLD_FIELDS)} FROM batch_holds WHERE id = ?", (hold_id,)).fetchone()
    return {"hold": dict(row)} if row else None


def record_hold(tx: Tx, complaint: dict, hold: dict, *, signer_name: str, comment: str | None = None) -> dict:
    """The QA head's signature on lifting a batch hold covers the hold record, not the whole complaint (the
    investigation may go on after the hold is lifted)."""
    content = hold_content(tx.db, hold["id"])
    return insert(tx, {
        "complaint_id": complaint["id"], "step": "lift_hold", "meaning": "lifted", "signer_id": tx.user_id,
        "signer_name": signer_name, "signed_at": tx.at, "content_sha256": content_hash(content),
        "content_json": canonical(content), "cycle": complaint["cycle"], "comment": comment,
    })


def state(db: Database, sig: dict, *, cycle: int | None = None, current_hash: str | None = None) -> str:
    """valid / invalid (the signed content changed since, or is gone) / superseded (a later cycle replaced
    it)."""
    if sig["step"] == "lift_hold":
        hold_id = content_of(db, sig).get("hold", {}).get("id")
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
    if current_hash == sig["content_sha256"]:
        return "valid"
    return "valid" if content_hash(_as_signed(db, sig)) == sig["content_sha256"] else "invalid"


def _as_signed(db: Database, sig: dict) -> dict:
    """Today's content in the shape the signature saw: a column added by a later schema (ADDED_LATER), still
    empty and absent from what was signed, is not part of it. Only an empty one: a value in it is a change."""
    now = signed_content(db, sig["complaint_id"])
    then = content_of(db, sig).get("complaint") or {}
    now["complaint"] = {k: v for k, v in now["complaint"].items()
                        if not (k in ADDED_LATER and v is None and k not in then)}
    return now


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
