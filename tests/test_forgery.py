"""Forgery, tried as the attacker issue 12 names: someone who has the file, the source code and every user's
password except the one they impersonate. Each test makes a file through the services (tests/flows.py), checks
that it verifies clean, attacks it with sqlite3 and the app's own code (tests/attacks.py: entries with valid
hashes, seals and marks made with keys the attacker holds), and asserts that ``verify`` — or the start-up check,
or ``verify --root/--head`` when only an anchor outside the file can show it — reports a finding whose kind and
text name the attack.

An attack that is not found, or found under a misleading message, is marked ``xfail(strict=True)`` with what was
done and what verify said: a hole, kept visible until it is closed.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from qa_desk import cli
from qa_desk.core import (
    anchors,
    approval,
    audit_events,
    audit_review,
    closure,
    complaints,
    intake,
    keys,
    retention,
    signatures,
    users,
)
from qa_desk.core.clock import FixedClock, iso
from qa_desk.core.database import open_database
from qa_desk.core.errors import DomainError
from qa_desk.core.session import SYSTEM, Session
from qa_desk.core.verify import Finding, verify_report
from qa_desk.documents import register
from qa_desk.store.audit import canonical
from qa_desk.store.db import connect
from tests import attacks, flows
from tests.attacks import add_pending, add_seal, attacker_key, check, forged, key_row, settle, show, unlock_key
from tests.conftest import PASSWORDS, ROLES, TEMPORARY, People, first_login

CLASS_II = flows.triage_input(defect_type="label_error", category="packaging")
ATTACKER_PASSWORD = "Attacker-pass-1"


# --- helpers -------------------------------------------------------------------------------------------------





def named(found: list[Finding], kind: str, *, where: str | None = None, en: str | None = None) -> list[Finding]:
    """The findings of ``kind`` at ``where`` (exact, or a prefix ending in a space) whose English text holds ``en``;
    each must have its Chinese text too."""
    hits = [f for f in found if f.kind == kind and (where is None or f.where == where or f.where.startswith(where + " "))
            and (en is None or en in f.en)]
    assert all(f.zh.strip() for f in hits)
    return hits




def run_cli(capsys, path: Path, *args: str) -> tuple[int, str]:
    code = cli.main(["--db", str(path), "--lang", "en", "verify", *args])
    return code, capsys.readouterr().out


def base_session(people: People) -> Session:
    """Nobody logged in yet, on the same file and clock (the login screen)."""
    return people["admin"].as_user(SYSTEM)


def submitted(people: People, path: Path) -> dict:
    """A Class II complaint the inspector investigated and submitted with their signature: the QA head's review
    is next."""
    c = flows.investigated(people, CLASS_II)
    approval.submit(people["inspector"], c["id"], **flows.sign(people["inspector"], c["id"]))
    settle(people, path)
    c = flows.inv_get(people["inspector"], c["id"])
    assert c["status"] == "under_review" and c["class"] == "II"
    return c


def planted_key(path: Path, username: str) -> keys.Unlocked:
    """A key row the attacker adds for ``username`` (no audit entry, certified by nobody)."""
    k = attacker_key(0)
    pub = attacks.public_hex(k)
    conn = attacks._conn(path)
    try:
        cur = conn.execute("INSERT INTO keys (user_id, purpose, public_key, fingerprint, created_at) VALUES "
                           "(?, 'user', ?, ?, ?)", (attacks.user_id(path, username), pub, keys.fingerprint(pub),
                                                    attacks.newest_at(path)))
        key_id = cur.lastrowid
    finally:
        conn.close()
    return keys.Unlocked(key_id, k.private)


def forge_review(path: Path, c: dict, sealer: keys.Unlocked) -> tuple[attacks.Forged, int]:
    """The QA head's review, as approval.review writes it: the signature row (its cryptographic signature made
    with ``sealer``) and the complaint moved on, attributed to the QA head. Returns the span and the signature id."""
    with forged(path, "qahead", sealer=sealer) as (tx, out):
        now = complaints.get(tx.db, c["id"])
        sig = signatures.record(tx, now, step="review", meaning="reviewed", signer_name="王强",
                                expected=signatures.current_hash(tx.db, c["id"]))
        tx.update("complaints", c["id"], {"status": "awaiting_approval", "reviewed_by": tx.user_id,
                                          "reviewed_at": tx.at, "updated_at": tx.at}, action="review")
    return out, sig["id"]


def record_changes(path: Path, ids: list[int]) -> list[int]:
    """Those of ``ids`` that change a record (op set): the entries a seal must vouch for."""
    conn = attacks._conn(path)
    try:
        return [r[0] for r in conn.execute(f"SELECT id FROM audit_log WHERE op IS NOT NULL AND id IN "
                                           f"({','.join(map(str, ids))})")]
    finally:
        conn.close()


# --- 1a. a whole QA-head review appended with valid hashes ----------------------------------------------------

REVIEW_VARIANTS = ("no seal", "seal by the attacker's key under the QA head's key id",
                   "seal by a key row planted for the QA head", "seal by the inspector's real key",
                   "forged pending mark")


def _forge_review_variant(people: People, path: Path, variant: str):
    c = submitted(people, path)
    head_key = key_row(path, "qahead")["id"]
    planted = None
    if variant == "seal by a key row planted for the QA head":
        planted = sealer = planted_key(path, "qahead")
    elif variant == "seal by the inspector's real key":
        sealer = unlock_key(path, "inspector", PASSWORDS["inspector"])
    else:
        sealer = attacker_key(head_key)
    out, sig_id = forge_review(path, c, sealer)
    if variant.startswith("seal by"):
        add_seal(path, sealer, [out.span])
    elif variant == "forged pending mark":
        add_pending(path, head_key, out.span)
    # the forgery does what the attacker wants: the complaint awaits the VP, over a review that shows as valid
    c = flows.inv_get(people["inspector"], c["id"])
    assert c["status"] == "awaiting_approval"
    assert signatures.valid_step(people["inspector"].db, c["id"], "review")["id"] == sig_id
    return c, out, sig_id, planted


@pytest.mark.parametrize("variant", REVIEW_VARIANTS)
def test_forged_review_signature_is_found(people, db_path, variant):
    """Attack 1a: a whole QA-head review appended (signature row, complaint fields, entries attributed to the QA
    head); the e-signature's cryptographic signature was not made with the QA head's certified key."""
    c, out, sig_id, planted = _forge_review_variant(people, db_path, variant)
    found = check(db_path)
    if planted is None:
        assert named(found, "signature", where=f"signatures id {sig_id}",
                     en="the signature of 王强 at"), show(found)
        assert "does not verify against their key" in named(found, "signature", where=f"signatures id {sig_id}")[0].en
    else:  # the e-signature verifies against the planted key; the key itself is what is found
        assert named(found, "key", where=f"keys id {planted.key_id}"), show(found)
        assert named(found, "unrecorded", where=f"keys id {planted.key_id}"), show(found)


@pytest.mark.parametrize("variant", [
    *REVIEW_VARIANTS[:4],
    pytest.param("forged pending mark", marks=pytest.mark.skipif(False, reason=(
        "HOLE: a seal_pending row (random mark, the QA head's key id) over forged entries turns them into a note "
        "('1 change(s) by qahead await their login's seal … not proven until then'), not a finding, until the QA "
        "head logs in again or a day passes; the mark cannot be checked without the QA head's key"))),
])
def test_forged_review_entries_are_not_vouched_for(people, db_path, variant):
    """Attack 1a: the entries of the forged review are attributed to the QA head; no seal of the QA head's key
    vouches for them, and verify names each one (unvouched, or sealed by another user's key, or a seal that does
    not verify, or a key nobody certified)."""
    c, out, sig_id, planted = _forge_review_variant(people, db_path, variant)
    found = check(db_path)
    changes = record_changes(db_path, out.ids)
    if variant == "no seal" or variant == "forged pending mark":
        for eid in changes:
            assert named(found, "unvouched", where=f"audit_log id {eid}", en="attributed to qahead"), show(found)
    elif variant == "seal by the attacker's key under the QA head's key id":
        assert named(found, "seal", en=f"the seal over entries {out.first}–{out.last} does not verify"), show(found)
    elif variant == "seal by a key row planted for the QA head":
        assert named(found, "key", where=f"keys id {planted.key_id}"), show(found)
    else:
        for eid in changes:
            assert named(found, "seal", where=f"audit_log id {eid}",
                         en="attributed to qahead but lies in a transaction sealed by another user"), show(found)


def test_forged_review_is_found_by_the_start_up_check(people, db_path):
    """Attack 1a against the start-up check: a workstation that checked the file before the forgery checks only
    the new entries, and finds them unvouched."""
    c = submitted(people, db_path)
    now = iso(people["admin"].now())
    memory = anchors.startup_check(people["admin"].db, None, now).memory
    forge_review(db_path, c, attacker_key(key_row(db_path, "qahead")["id"]))
    result = anchors.startup_check(connect(db_path, readonly=True), memory, now)
    assert not result.warnings and result.new_entries > 0
    assert any(f.kind == "unvouched" and "attributed to qahead" in f.en for f in result.findings), \
        show(result.findings)


def test_forged_pending_mark_is_found_at_once(people, db_path):
    """Attack 1a with a forged pending mark: a mark is its author's signature over the span, so a mark the QA
    head's key did not make is named at once; the QA head's next login refuses to seal it and says so."""
    c, out, sig_id, _ = _forge_review_variant(people, db_path, "forged pending mark")
    found = check(db_path)
    for eid in record_changes(db_path, out.ids):
        assert named(found, "unvouched", where=f"audit_log id {eid}", en="did not make"), show(found)
    users.login(base_session(people), "qahead", PASSWORDS["qahead"])
    db = people["admin"].db
    refused = db.conn.execute("SELECT new FROM audit_log WHERE action = 'seal_marks_refused'").fetchall()
    assert refused and list(out.span) in json.loads(refused[-1][0])["spans"]


def test_forged_entries_have_valid_hashes(people, db_path):
    """The forgeries above are not naive: the hash chain holds after each, and every row matches its trail."""
    c = submitted(people, db_path)
    forge_review(db_path, c, attacker_key(key_row(db_path, "qahead")["id"]))
    kinds = {f.kind for f in check(db_path)}
    assert not kinds & {"audit_chain", "tampered", "unrecorded", "missing", "schema", "integrity"}, kinds


# --- 1b. a signed Class II conclusion changed, its signatures re-hashed to show as valid ------------------------

def _rehash_conclusion(path: Path, cid: int, *, inspector: keys.Unlocked | None, replace: bool) -> attacks.Forged:
    """The conclusion changed (attributed to the inspector) and every signature's content hash and content made
    to match the new content, so each signature shows as valid. ``inspector``: the inspector's real key, which
    re-signs the inspector's own signature; ``replace``: the signature rows are deleted and inserted again (the
    table allows deletion) instead of updated behind its append-only trigger."""
    with forged(path, "inspector", sealer=inspector, unlock=() if replace else ("signatures",)) as (tx, out):
        tx.update("complaints", cid, {"conclusion": "not_confirmed"}, action="findings")
        content = signatures.signed_content(tx.db, cid)
        digest = signatures.content_hash(content)
        first = True
        for s in [dict(r) for r in tx.db.conn.execute("SELECT * FROM signatures WHERE complaint_id = ? ORDER BY id",
                                                      (cid,))]:
            new = {"content_sha256": digest,
                   "content_json": signatures.pack_content(canonical(content)) if first else None}
            first = False
            if inspector is not None and s["signer_id"] == tx.user_id:
                new["signature"] = inspector.sign(keys.esig_message({**s, **new})).hex()
            if replace:
                tx.delete("signatures", s["id"], action="sign")
                tx.insert("signatures", {**s, **new}, action="sign", complaint_id=cid)
            else:
                tx.update("signatures", s["id"], new, action="sign")
    return out


@pytest.mark.parametrize("how", ["unsealed", "forged pending mark", "sealed by the inspector's key",
                                 "rows replaced, sealed"])
def test_changed_conclusion_with_rehashed_signatures_is_found(people, db_path, how):
    """Attack 1b: the conclusion of an approved Class II record changed and its signatures' content_sha256 (and
    content) re-hashed, so every signature shows as valid. The QA head's and the VP's cryptographic signatures
    cover the old hash: verify names both."""
    c = flows.approved(people, CLASS_II)
    assert c["status"] == "approved" and c["class"] == "II"
    settle(people, db_path)
    sealed = how.startswith(("sealed", "rows"))
    inspector = unlock_key(db_path, "inspector", PASSWORDS["inspector"]) if sealed else None
    out = _rehash_conclusion(db_path, c["id"], inspector=inspector, replace=how.startswith("rows replaced"))
    if sealed:
        add_seal(db_path, inspector, [out.span])
    elif how == "forged pending mark":
        add_pending(db_path, key_row(db_path, "inspector")["id"], out.span)
    db = people["inspector"].db
    sigs = signatures.for_complaint(db, c["id"])
    assert flows.inv_get(people["inspector"], c["id"])["conclusion"] == "not_confirmed"
    assert [s["state"] for s in sigs] == ["valid"] * 3  # the forgery shows as valid everywhere a signature shows
    found = check(db_path)
    for s in sigs:
        if s["signer_name"] in ("王强", "陈静"):
            assert named(found, "signature", where=f"signatures id {s['id']}",
                         en=f"the signature of {s['signer_name']} at {s['signed_at']} ({s['meaning']}) does not verify "
                            "against their key"), show(found)
    if how == "unsealed":
        for eid in record_changes(db_path, out.ids):
            assert named(found, "unvouched", where=f"audit_log id {eid}", en="attributed to inspector"), show(found)


def test_rehashed_signatures_are_found_by_the_start_up_check(people, db_path):
    """Attack 1b against the start-up check of a workstation that checked the file before the attack."""
    c = flows.approved(people, CLASS_II)
    settle(people, db_path)
    now = iso(people["admin"].now())
    memory = anchors.startup_check(people["admin"].db, None, now).memory
    inspector = unlock_key(db_path, "inspector", PASSWORDS["inspector"])
    out = _rehash_conclusion(db_path, c["id"], inspector=inspector, replace=False)
    add_seal(db_path, inspector, [out.span])
    result = anchors.startup_check(connect(db_path, readonly=True), memory, now)
    assert [f for f in result.findings if f.kind == "signature"], show(result.findings)


# --- 1c. reception given the quality-VP role; 1d. reception's password hash copied onto the VP ----------------

def _grant_vp(path: Path, author: str) -> attacks.Forged:
    rid = attacks.user_id(path, "reception")
    with forged(path, author) as (tx, out):
        tx.update("users", rid, {"roles": json.dumps(["quality_vp", "reception"])}, action="roles",
                  reason="岗位调整")
    return out


def _copy_password_hash(path: Path, author: str) -> attacks.Forged:
    conn = attacks._conn(path)
    reception_hash = conn.execute("SELECT password_hash FROM users WHERE username = 'reception'").fetchone()[0]
    conn.close()
    with forged(path, author) as (tx, out):
        tx.update("users", attacks.user_id(path, "qavp"), {"password_hash": reception_hash},
                  action="password_reset", reason="用户忘记密码")
    return out


USER_ATTACKS = {"role grant": _grant_vp, "password-hash copy": _copy_password_hash}


@pytest.mark.parametrize("what", sorted(USER_ATTACKS))
@pytest.mark.parametrize("seal", ["no seal", "sealed by the attacker's key under the administrator's key id",
                                  "sealed by reception's own key"])
def test_forged_user_change_attributed_to_the_administrator_is_found(people, db_path, what, seal):
    """Attacks 1c and 1d: reception given the quality-VP role, or reception's password hash copied onto the VP,
    each an entry attributed to the administrator with valid hashes: unsealed, sealed with a key the attacker made
    (presented under the administrator's key id), or sealed with reception's own key (the attacker is reception). With a forged pending mark: test_forged_pending_mark_over_a_users_change_…."""
    settle(people, db_path)
    out = USER_ATTACKS[what](db_path, "admin")
    if seal == "sealed by reception's own key":
        add_seal(db_path, unlock_key(db_path, "reception", PASSWORDS["reception"]), [out.span])
    elif seal != "no seal":
        add_seal(db_path, attacker_key(key_row(db_path, "admin")["id"]), [out.span])
    found = check(db_path)
    (eid,) = record_changes(db_path, out.ids)
    if seal == "no seal":
        assert named(found, "unvouched", where=f"audit_log id {eid}", en="attributed to admin carries no seal"), \
            show(found)
    elif seal.startswith("sealed by the attacker's key"):
        assert named(found, "seal", en=f"the seal over entries {eid}–{eid} does not verify against its key"), \
            show(found)
    else:
        assert named(found, "seal", where=f"audit_log id {eid}",
                     en="attributed to admin but lies in a transaction sealed by another user"), show(found)


@pytest.mark.parametrize("what", sorted(USER_ATTACKS))
def test_forged_pending_mark_over_a_users_change_is_a_finding(people, db_path, what):
    """Attacks 1c/1d with a forged pending mark (random bytes under the administrator's key id)."""
    settle(people, db_path)
    out = USER_ATTACKS[what](db_path, "admin")
    add_pending(db_path, key_row(db_path, "admin")["id"], out.span)
    found = check(db_path)
    (eid,) = record_changes(db_path, out.ids)
    assert named(found, "unvouched", where=f"audit_log id {eid}"), show(found)


@pytest.mark.parametrize("what", sorted(USER_ATTACKS))
def test_users_change_sealed_by_a_non_administrator_is_a_finding(people, db_path, what):
    """Attacks 1c/1d done by reception as herself: attributed to reception, sealed by her own key."""
    settle(people, db_path)
    out = USER_ATTACKS[what](db_path, "reception")
    add_seal(db_path, unlock_key(db_path, "reception", PASSWORDS["reception"]), [out.span])
    found = check(db_path)
    (eid,) = record_changes(db_path, out.ids)
    assert [f for f in found if f.where == f"audit_log id {eid}" or "users id" in f.where], show(found)


def test_vp_login_with_a_copied_password_hash_is_refused_as_key_mismatch(people, db_path):
    """Attack 1d carried on: reception logs in as the VP with her own password (its hash now the VP's). The VP's
    key does not open with it: the login is refused with key_mismatch, and the refusal is audited."""
    settle(people, db_path)
    _copy_password_hash(db_path, "admin")
    with pytest.raises(DomainError) as err:
        users.login(base_session(people), "qavp", PASSWORDS["reception"])
    assert err.value.code == "key_mismatch" and "does not open with your password" in err.value.message("en")
    vp = attacks.user_id(db_path, "qavp")
    assert people["admin"].db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'key_mismatch' AND "
                                           "record_id = ?", (vp,)).fetchone()[0] == 1


def test_entry_whose_name_is_not_its_authors_is_found(people, db_path):
    """Attack 1 variant: a record changed in the inspector's sealed transaction, its entries named as the QA
    head's (user_id the inspector's, username 'qahead')."""
    c = flows.registered(people)
    settle(people, db_path)
    inspector = unlock_key(db_path, "inspector", PASSWORDS["inspector"])
    with forged(db_path, "inspector") as (tx, out):
        tx.username = "qahead"
        tx.update("complaints", c["id"], {"description": "部长电话确认：胶囊完好，无异物。"}, action="change")
    add_seal(db_path, inspector, [out.span])
    head = people["qahead"]
    today = head.now().date()
    shown = audit_review.trail(head, audit_review.TrailFilter(today, today, username="qahead", kinds=("changes",)))
    assert out.first in [e["id"] for e in shown.entries]  # the review shows it as the QA head's
    found = check(db_path)
    assert [f for f in found if f.where == f"audit_log id {out.first}"], show(found)


# --- 2. a full rewrite of the chain; a file rebuilt whole with a new root --------------------------------------

def test_full_rewrite_with_a_repointed_review_anchor_is_found_by_the_seals(people, db_path):
    """Attack 2a: an early entry and its row rewritten (the complainant's phone), every hash after it recomputed,
    and the signed audit review's anchor re-pointed to the new hash (its content, content hash and its audit
    entry too), so the review's anchor check holds. The seals do not: they signed the old heads."""
    c = flows.triaged(people)
    head = people["qahead"]
    today = head.now().date()
    review = audit_review.record_review(head, today - timedelta(days=30), today, "未发现异常", PASSWORDS["qahead"],
                                        username="qahead")
    settle(people, db_path)
    conn = attacks._conn(db_path)
    sig = dict(conn.execute("SELECT * FROM signatures WHERE id = ?", (review["signature_id"],)).fetchone())
    conn.close()
    content = signatures.content_of(people["qahead"].db, sig)
    anchor = content["review"]["chain_head_id"]

    def phone(e):
        if e["tbl"] == "complaints" and e["op"] == "insert" and e["record_id"] == c["id"]:
            new = json.loads(e["new"])
            new["phone"] = "0571-00000000"
            e["new"] = canonical(new)

    attacks.execute(db_path, "UPDATE complaints SET phone = '0571-00000000' WHERE id = ?", params=(c["id"],))
    attacks.rewrite_chain(db_path, phone)
    content["review"]["chain_head_hash"] = anchors.hash_at(connect(db_path, readonly=True), anchor)
    packed = signatures.pack_content(canonical(content))
    sha = signatures.content_hash(content)
    with forged(db_path, "qahead", unlock=("signatures",)) as (tx, _):
        tx.db.conn.execute("UPDATE signatures SET content_sha256 = ?, content_json = ? WHERE id = ?",
                           (sha, packed, sig["id"]))

    def repoint(e):
        if e["tbl"] == "signatures" and e["op"] == "insert" and e["record_id"] == sig["id"]:
            new = json.loads(e["new"])
            new.update(content_sha256=sha, content_json={"$sha256": hashlib.sha256(packed).hexdigest()})
            e["new"] = canonical(new)

    attacks.rewrite_chain(db_path, repoint)
    found = check(db_path)
    kinds = {f.kind for f in found}
    # the rewrite itself is perfect: no broken link, the replay matches, the review's anchor holds
    assert not kinds & {"audit_chain", "tampered", "audit_review", "schema"}, show(found)
    assert named(found, "seal", en="does not verify against its key (the seal or the entries were altered)"), show(found)
    assert named(found, "signature", where=f"signatures id {sig['id']}"), show(found)


def _rewrite_with_a_swapped_root(people: People, path: Path, tmp_path: Path) -> dict:
    """A full rewrite that keeps every user's key: the unmasked export made masked in the trail, the root key's
    row (and its install entry) swapped for a key the attacker made, the administrator's certificate re-issued with
    it, and every seal re-made with that root (a root seal vouches for any author)."""
    c = flows.approved(people, CLASS_II)  # the inspector's, the QA head's and the VP's real e-signatures
    register.export(people["qahead"], tmp_path / "register.xlsx", unmasked=True)
    settle(people, path)
    db = people["admin"].db
    before = {"root": keys.root_fingerprint(db), "head": str(anchors.chain_head(db)), "complaint": c}
    root = dict(db.conn.execute("SELECT * FROM keys WHERE purpose = 'root'").fetchone())
    admin = key_row(path, "admin")
    fake = attacker_key(root["id"])
    pub = attacks.public_hex(fake)
    root_cert = fake.sign(keys.certificate_message(None, keys.ROOT, pub, root["created_at"])).hex()
    admin_cert = fake.sign(keys.certificate_message(admin["user_id"], keys.USER, admin["public_key"],
                                                    admin["created_at"])).hex()

    def edit(e):
        new = json.loads(e["new"]) if e["new"] else None
        if e["tbl"] == "keys" and e["op"] == "insert" and e["record_id"] == root["id"]:
            new.update(public_key=pub, fingerprint=keys.fingerprint(pub), certificate=root_cert)
        elif e["tbl"] == "keys" and e["op"] == "insert" and e["record_id"] == admin["id"]:
            new.update(certificate=admin_cert)
        elif e["action"] == "export" and new and new.get("unmasked"):
            new["unmasked"] = False
        else:
            return
        e["new"] = canonical(new)

    attacks.execute(path, "UPDATE keys SET public_key = ?, fingerprint = ?, certificate = ? WHERE id = ?",
                    params=(pub, keys.fingerprint(pub), root_cert, root["id"]))
    attacks.execute(path, "UPDATE keys SET certificate = ? WHERE id = ?", params=(admin_cert, admin["id"]))
    attacks.rewrite_chain(path, edit)
    conn = attacks._conn(path)
    saved = [r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'seals'")]
    conn.execute("DROP TRIGGER seals_no_update")
    for sid, blob in conn.execute("SELECT id, spans FROM seals").fetchall():
        spans = keys.unpack_spans(blob)
        head = conn.execute("SELECT hash FROM audit_log WHERE id = ?", (spans[-1][1],)).fetchone()[0].hex()
        conn.execute("UPDATE seals SET key_id = ?, signature = ? WHERE id = ?",
                     (root["id"], fake.sign(keys.seal_message(root["id"], spans, head)), sid))
    conn.execute("DROP TRIGGER seals_no_delete")
    for sql in saved:
        conn.execute(sql)
    conn.close()
    assert not unmasked_exports(path)
    return before


def unmasked_exports(path: Path) -> list[int]:
    conn = attacks._conn(path)
    try:
        return [r[0] for r in conn.execute("SELECT id FROM audit_log WHERE action = 'export' AND new LIKE "
                                           "'%\"unmasked\":true%'")]
    finally:
        conn.close()


def test_full_rewrite_resealed_with_a_swapped_root_is_found(people, db_path, tmp_path):
    """Attack 2a, cheaper than a rebuild: the trail rewritten in place and re-sealed by a root key the attacker
    swapped in, keeping the users' real keys."""
    _rewrite_with_a_swapped_root(people, db_path, tmp_path)
    found = check(db_path)
    assert found, "verify found nothing"


def test_full_rewrite_resealed_with_a_swapped_root_is_found_by_the_anchors(people, db_path, tmp_path, capsys):
    """Attack 2a with a swapped root, against the anchors outside the file: `verify --root`, `verify --head` and
    the start-up check with the workstation's memory."""
    flows.registered(people)
    settle(people, db_path)
    memory = anchors.startup_check(people["admin"].db, None, iso(people["admin"].now())).memory
    before = _rewrite_with_a_swapped_root(people, db_path, tmp_path)
    code, out = run_cli(capsys, db_path, "--root", before["root"], "--head", before["head"])
    assert code == 1 and "[anchor] --root" in out and "[anchor] --head" in out and "rewritten" in out, out
    result = anchors.startup_check(connect(db_path, readonly=True), memory, iso(people["admin"].now()))
    assert {"other_root", "rewritten"} <= {w[0] for w in result.warnings}, result.warnings
    users.login(base_session(people), "qavp", PASSWORDS["qavp"])  # the VP's key is untouched: nothing shows them


def build_office(path: Path, clock: FixedClock) -> People:
    """The `people` fixture again, in another file: a new installation (its own root key and user keys)."""
    opened = open_database(path, clock=clock)
    base = Session(opened.db, clock=clock)
    users.create_user(base.as_user(SYSTEM), "admin", "管理员", ["admin"], PASSWORDS["admin"])
    admin = users.login(base, "admin", PASSWORDS["admin"])
    out = People(admin=admin)
    names = {"reception": "前台 周敏", "inspector": "张伟", "inspector2": "李娜", "qahead": "王强", "qavp": "陈静",
             "headvp": "赵兼任"}
    for name, display in names.items():
        users.create_user(admin, name, display, ROLES[name], TEMPORARY, reason="test user")
        out[name] = first_login(base, name, PASSWORDS[name])
    return out


def _rebuilt(people: People, db_path: Path, tmp_path: Path) -> tuple[str, str, dict]:
    """The original (a closable Class II complaint) and what a workstation noted of it; then the attacker's
    rebuild: the same office and history re-made through the services in a new file (a new installation: the
    attacker creates every account, so knows every password), with another description, put in place of the
    original."""
    flows.closable(people, CLASS_II)
    settle(people, db_path)
    db = people["admin"].db
    root, head = keys.root_fingerprint(db), str(anchors.chain_head(db))
    memory = anchors.startup_check(db, None, iso(people["admin"].now())).memory
    clock = FixedClock(people["admin"].now())
    rebuilt_path = tmp_path / "rebuilt.sqlite3"
    fake = build_office(rebuilt_path, clock)
    flows.closable(fake, CLASS_II, description="胶囊外观正常，无异物。")
    for s in fake.values():
        s.flush_seal()
    assert check(rebuilt_path) == []  # internally the rebuilt file is perfect
    attacks.copy_file(rebuilt_path, db_path)
    assert keys.root_fingerprint(connect(db_path, readonly=True)) != root
    return root, head, memory


def test_rebuilt_file_verifies_internally_but_not_against_the_noted_root(people, db_path, tmp_path, capsys):
    """Attack 2b: a file rebuilt whole with a new root and new keys verifies internally; `verify --root` with the
    fingerprint noted from the original (on a record's QR code, a review, the backup log) names it."""
    root, head, memory = _rebuilt(people, db_path, tmp_path)
    assert check(db_path) == []
    code, out = run_cli(capsys, db_path)
    assert code == 0 and "All checks hold" in out
    code, out = run_cli(capsys, db_path, "--root", root)
    assert code == 1 and f"[anchor] --root {root}: the root-key fingerprint differs" in out, out


def test_rebuilt_file_is_found_against_the_noted_head(people, db_path, tmp_path, capsys):
    """Attack 2b: `verify --head` with the chain head noted from the original."""
    root, head, memory = _rebuilt(people, db_path, tmp_path)
    code, out = run_cli(capsys, db_path, "--head", head)
    assert code == 1 and f"[anchor] --head {head}:" in out, out
    assert "the trail was rewritten" in out or "The audit chain is shorter than noted before" in out, out


def test_rebuilt_file_is_found_by_the_start_up_check(people, db_path, tmp_path):
    """Attack 2b: the workstation's memory of the file (root and head) against the rebuilt file."""
    root, head, memory = _rebuilt(people, db_path, tmp_path)
    result = anchors.startup_check(connect(db_path, readonly=True), memory, iso(people["admin"].now()))
    kinds = [w[0] for w in result.warnings]
    assert "other_root" in kinds and ({"rewritten", "rolled_back"} & set(kinds)), result.warnings
    other = next(w for w in result.warnings if w[0] == "other_root")
    assert root in other[2] and "the whole trail was rebuilt" in other[2] and other[1]
    assert not result.ok and result.full_due


# --- 3. the forged-destroy redaction --------------------------------------------------------------------------

@pytest.fixture
def traces(people, db_path, tmp_path):
    """A refused action (reception tries a destruction) and an unmasked export: what an attacker wants gone."""
    c = flows.registered(people)
    with pytest.raises(DomainError):
        retention.destroy(people["reception"], c["id"], PASSWORDS["reception"], "清理", username="reception")
    register.export(people["qahead"], tmp_path / "register.xlsx", unmasked=True)
    db = people["admin"].db
    refused = db.conn.execute("SELECT max(id) FROM audit_log WHERE action = 'refused' AND username = 'reception'"
                              ).fetchone()[0]
    export = db.conn.execute("SELECT max(id) FROM audit_log WHERE action = 'export'").fetchone()[0]
    assert refused and export
    return [refused, export]


def _real_destruction(people: People) -> int:
    c = flows.closable(people)
    closure.close(people["inspector"], c["id"])
    closure.archive(people["inspector"], c["id"])
    people["qavp"].clock.advance(days=366 * 6)
    return retention.destroy(people["qavp"], c["id"], PASSWORDS["qavp"], "保存期满", username="qavp")["id"]


def _forge_destroy(path: Path, author: str, log_id: int, redacted: list[int]) -> attacks.Forged:
    """A destroy entry (op NULL) naming ``log_id`` and listing ``redacted``, and those entries blanked and marked
    as redacted by it — the one change the append-only trigger allows."""
    with forged(path, author) as (tx, out):
        tx.log("destroy", new={"number": "QC-2020-0001", "destruction_log_id": log_id, "redacted": redacted,
                               "rows": {}, "signature_sha256": "0" * 64})
        tx.db.conn.execute(f"UPDATE audit_log SET old = NULL, new = NULL, reason = NULL, redacted_by = ? WHERE id IN "
                           f"({','.join(map(str, redacted))})", (log_id,))
    return out


@pytest.mark.parametrize("variant", [
    "names a destruction that does not exist",
    "names a real destruction, unsealed",
    "names a real destruction, attributed to the VP, sealed by the inspector's key",
    pytest.param("names a real destruction, attributed to the inspector and sealed by the inspector's key",
                 marks=pytest.mark.skipif(False, reason=(
                     "HOLE: a destroy entry sealed by any certified key (the inspector's, who may not destroy) that "
                     "names a real destruction-log id lawfully blanks any entries it lists: verify checks only that "
                     "the destroy entry is sealed and the log id exists, not that it is the destruction's own entry "
                     "(the one sealed with the destruction_log insert), nor its author, nor that the listed entries "
                     "belong to the destroyed record. The refused action and the unmasked export vanish; verify is "
                     "clean"))),
])
def test_forged_destroy_redaction_is_found(people, db_path, traces, variant):
    """Attack 3: a forged destroy entry names a destruction (that does not exist, or a real one) and earlier
    entries — a refused action, an unmasked export — are blanked and marked redacted by it, their hashes left."""
    log_id = 999 if "does not exist" in variant else _real_destruction(people)
    settle(people, db_path)
    author = "inspector" if "attributed to the inspector" in variant else "qavp"
    out = _forge_destroy(db_path, author, log_id, traces)
    if "sealed by the inspector's key" in variant:
        add_seal(db_path, unlock_key(db_path, "inspector", PASSWORDS["inspector"]), [out.span])
    conn = attacks._conn(db_path)
    assert all(r[0] is None for r in conn.execute(f"SELECT new FROM audit_log WHERE id IN ({traces[0]}, {traces[1]})"))
    conn.close()
    found = check(db_path)
    (entry,) = out.ids
    if "attributed to the VP" in variant:
        assert named(found, "seal", where=f"audit_log id {entry}",
                     en="attributed to qavp but lies in a transaction sealed by another user"), show(found)
    else:
        assert named(found, "redaction", where=f"audit_log id {entry}", en="blanked unlawfully"), show(found)


# --- 4. rollback of the newest entries ------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["an older copy put back", "the newest entries and their seals deleted"])
def test_rollback_is_found_against_the_remembered_head(people, db_path, tmp_path, capsys, how):
    """Attack 4: the newest entries (three views of a record: who looked at it) cut off — by putting an older copy
    back, or by deleting them and their seals with the triggers dropped and put back. The file verifies
    internally; the workstation's remembered head (and `verify --head`) says it was rolled back."""
    c = flows.registered(people)
    settle(people, db_path)
    older = tmp_path / "older.sqlite3"
    attacks.copy_file(db_path, older)
    n = anchors.chain_head(people["admin"].db).count
    for _ in range(3):
        audit_events.viewed(people["qahead"], c["id"])
    settle(people, db_path)
    now = iso(people["admin"].now())
    memory = anchors.startup_check(people["admin"].db, None, now).memory
    noted = memory["head"]
    if how == "an older copy put back":
        attacks.copy_file(older, db_path)
    else:
        conn = attacks._conn(db_path)
        saved = [r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
                                            "('audit_log', 'seals')")]
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
                                    "('audit_log', 'seals')").fetchall():
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DELETE FROM seals WHERE last_id > ?", (n,))
        conn.execute("DELETE FROM audit_log WHERE id > ?", (n,))
        for sql in saved:
            conn.execute(sql)
        conn.close()
    assert check(db_path) == []  # the shorter file is whole
    result = anchors.startup_check(connect(db_path, readonly=True), memory, now)
    assert [w[0] for w in result.warnings] == ["rolled_back"], result.warnings
    assert f"{int(noted.split(':')[0])} entries were seen, now there are {n}" in result.warnings[0][2]
    assert result.memory["head"] == noted  # the workstation never forgets the longer chain
    code, out = run_cli(capsys, db_path, "--head", noted)
    assert code == 1 and "[anchor]" in out and "shorter than noted before" in out, out


# --- 5. a key swap --------------------------------------------------------------------------------------------

def _wrapped(password: str):
    k = attacker_key(0)
    sealed, kdf = keys._wrap(k.private, password)
    pub = attacks.public_hex(k)
    return k, pub, sealed, kdf


def _vp_login_refused(people: People, db_path: Path) -> None:
    """The VP's next login with their own password: refused as key_mismatch, and audited."""
    with pytest.raises(DomainError) as err:
        users.login(base_session(people), "qavp", PASSWORDS["qavp"])
    assert err.value.code == "key_mismatch", err.value.message("en")
    vp = attacks.user_id(db_path, "qavp")
    assert people["admin"].db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'key_mismatch' AND "
                                           "record_id = ?", (vp,)).fetchone()[0] == 1


@pytest.mark.parametrize("audited", [False, True])
def test_vp_key_replaced_in_place_is_found(people, db_path, audited):
    """Attack 5: the VP's key row replaced by a key pair the attacker made, wrapped under a password they chose
    (with or without a forged audit entry attributed to the administrator). Its certificate no longer verifies;
    the VP's next login refuses with key_mismatch."""
    settle(people, db_path)
    old = key_row(db_path, "qavp")
    k, pub, sealed, kdf = _wrapped(ATTACKER_PASSWORD)
    new = {"public_key": pub, "fingerprint": keys.fingerprint(pub), "sealed_private": sealed, "kdf": kdf}
    if audited:
        with forged(db_path, "admin") as (tx, out):
            tx.update("keys", old["id"], new, action="key_rewrapped")
    else:
        attacks.execute(db_path, "UPDATE keys SET public_key = ?, fingerprint = ?, sealed_private = ?, kdf = ? "
                                 "WHERE id = ?", params=(*new.values(), old["id"]))
    found = check(db_path)
    where = f"keys id {old['id']} ({new['fingerprint']})"
    assert named(found, "key", where=where, en="the key's certificate does not verify"), show(found)
    if audited:
        (eid,) = out.ids
        assert named(found, "unvouched", where=f"audit_log id {eid}", en="attributed to admin"), show(found)
    else:
        assert named(found, "tampered", where=f"keys id {old['id']} field public_key"), show(found)
    _vp_login_refused(people, db_path)


def test_attacker_who_swaps_key_and_password_and_signs_as_the_vp_is_found(people, db_path):
    """Attack 5 carried through: the VP's key and password hash replaced (entries attributed to the
    administrator), the attacker logs in as the VP through the app and approves a Class II complaint. The approval
    verifies against the swapped key; the key's certificate does not, and the swap is unvouched."""
    c = flows.investigated(people, CLASS_II)
    approval.submit(people["inspector"], c["id"], **flows.sign(people["inspector"], c["id"]))
    approval.review(people["qahead"], c["id"], **flows.sign(people["qahead"], c["id"]))
    settle(people, db_path)
    old = key_row(db_path, "qavp")
    k, pub, sealed, kdf = _wrapped(ATTACKER_PASSWORD)
    from qa_desk.core.session import hash_password

    with forged(db_path, "admin") as (tx, out):
        tx.update("keys", old["id"], {"public_key": pub, "fingerprint": keys.fingerprint(pub),
                                      "sealed_private": sealed, "kdf": kdf}, action="key_rewrapped")
        tx.update("users", old["user_id"], {"password_hash": hash_password(ATTACKER_PASSWORD)},
                  action="password_change")
    fake_vp = users.login(base_session(people), "qavp", ATTACKER_PASSWORD)
    approval.approve(fake_vp, c["id"], **flows.sign(fake_vp, c["id"], ATTACKER_PASSWORD))
    fake_vp.flush_seal()
    assert flows.inv_get(people["inspector"], c["id"])["status"] == "approved"
    found = check(db_path)
    assert named(found, "key", where=f"keys id {old['id']}", en="the key's certificate does not verify"), show(found)
    for eid in out.ids:
        assert named(found, "unvouched", where=f"audit_log id {eid}", en="attributed to admin"), show(found)


def _enrol_like_the_app(path: Path, username: str, password: str) -> keys.Unlocked:
    """A key for ``username`` made the way a self-enrolment at login makes one (the old key retired, the new one
    uncertified, the transaction sealed by the new key itself), wrapped under the attacker's password."""
    old = key_row(path, username)
    with forged(path, username) as (tx, out):
        tx.update("keys", old["id"], {"retired_at": tx.at}, action="key_retired", reason="enrolled at login")
        private = attacker_key(0).private
        sealed, kdf = keys._wrap(private, password)
        pub = keys._raw_public(private).hex()
        row = tx.insert("keys", {"user_id": old["user_id"], "purpose": keys.USER, "public_key": pub,
                                 "fingerprint": keys.fingerprint(pub), "sealed_private": sealed, "kdf": kdf,
                                 "created_at": tx.at, "created_by": old["user_id"]}, action="key_enrolled",
                        reason="enrolled at login")
        tx.log("login", tbl="users", record_id=old["user_id"])
    new = keys.Unlocked(row["id"], private)
    add_seal(path, new, [out.span])
    return new


def test_vp_key_enrolled_behind_their_back_is_found(people, db_path):
    """Attack 5: a new key row for the VP certified by nobody, made exactly as a self-enrolment at login (old key
    retired, new key's transaction sealed by itself). verify names the uncertified key; the VP's next login
    refuses with key_mismatch."""
    settle(people, db_path)
    new = _enrol_like_the_app(db_path, "qavp", ATTACKER_PASSWORD)
    found = check(db_path)
    assert named(found, "key", where=f"keys id {new.key_id}"), show(found)
    _vp_login_refused(people, db_path)


def test_key_enrolled_by_a_user_who_had_a_certified_key_is_called_forged(people, db_path):
    """Attack 5 (enrolment variant): the finding must not read as a routine endorsement request."""
    settle(people, db_path)
    new = _enrol_like_the_app(db_path, "qavp", ATTACKER_PASSWORD)
    hits = named(check(db_path), "key", where=f"keys id {new.key_id}")
    assert hits and not any("endorse" in f.en for f in hits), show(hits)


def test_vp_key_certified_by_a_self_made_root_is_found(people, db_path):
    """Attack 5: the attacker makes a root key of their own (self-certified, as init makes one) and certifies a new
    VP key with it (rows added with entries attributed to the administrator). verify: more than one root key; the
    VP's next login refuses with key_mismatch."""
    settle(people, db_path)
    vp = key_row(db_path, "qavp")
    root = attacker_key(0)
    root_pub = attacks.public_hex(root)
    k, pub, sealed, kdf = _wrapped(ATTACKER_PASSWORD)
    with forged(db_path, "admin") as (tx, out):
        root_row = tx.insert("keys", {"purpose": keys.ROOT, "public_key": root_pub,
                                      "fingerprint": keys.fingerprint(root_pub), "created_at": tx.at,
                                      "certificate": root.sign(keys.certificate_message(None, keys.ROOT, root_pub,
                                                                                        tx.at)).hex()},
                             action="root_key")
        tx.update("keys", root_row["id"], {"certified_by": root_row["id"]}, action="root_key")
        tx.update("keys", vp["id"], {"retired_at": tx.at}, action="key_retired")
        tx.insert("keys", {"user_id": vp["user_id"], "purpose": keys.USER, "public_key": pub,
                           "fingerprint": keys.fingerprint(pub), "sealed_private": sealed, "kdf": kdf,
                           "created_at": tx.at, "certified_by": root_row["id"],
                           "certificate": root.sign(keys.certificate_message(vp["user_id"], keys.USER, pub,
                                                                             tx.at)).hex()}, action="key_issued")
    found = check(db_path)
    assert named(found, "key", where="keys", en="there is more than one root key"), show(found)
    _vp_login_refused(people, db_path)


def test_vp_key_issued_with_the_administrators_key_is_refused_at_the_vps_login(people, db_path):
    """Attack 5 with the administrator's password (the attacker has every password but the VP's): a new VP key
    certified by the administrator's real key, sealed by it — what a password reset does, without the reset. verify
    cannot tell it from an administrator's act; the VP's next login refuses with key_mismatch and audits it."""
    settle(people, db_path)
    admin = unlock_key(db_path, "admin", PASSWORDS["admin"])
    vp = key_row(db_path, "qavp")
    with forged(db_path, "admin", sealer=admin) as (tx, out):
        keys.issue(tx, vp["user_id"], ATTACKER_PASSWORD, admin, reason="password reset")
    add_seal(db_path, admin, [out.span])
    _vp_login_refused(people, db_path)


def test_forged_former_administrator_cannot_certify_keys(people, db_path):
    """Attack 5 on the administrator (the one password the attacker lacks) through the certificate check."""
    settle(people, db_path)
    inspector = unlock_key(db_path, "inspector", PASSWORDS["inspector"])
    admin_key = key_row(db_path, "admin")
    insp_id = attacks.user_id(db_path, "inspector")
    with forged(db_path, "inspector") as (tx, _):  # an event: changes no record, needs no seal
        tx.log("login_state", tbl="users", record_id=insp_id, field_name="roles", old=["admin"], new=["inspector"])
    with forged(db_path, "inspector", sealer=inspector) as (tx, out):
        tx.update("keys", admin_key["id"], {"retired_at": tx.at}, action="key_retired")
        private = attacker_key(0).private
        pub = keys._raw_public(private).hex()
        sealed, kdf = keys._wrap(private, ATTACKER_PASSWORD)
        row = tx.insert("keys", {"user_id": admin_key["user_id"], "purpose": keys.USER, "public_key": pub,
                                 "fingerprint": keys.fingerprint(pub), "sealed_private": sealed, "kdf": kdf,
                                 "created_at": tx.at, "created_by": insp_id, "certified_by": inspector.key_id,
                                 "certificate": inspector.sign(keys.certificate_message(
                                     admin_key["user_id"], keys.USER, pub, tx.at)).hex()}, action="key_issued")
    add_seal(db_path, inspector, [out.span])
    fake_admin = keys.Unlocked(row["id"], private)
    grant = _grant_vp(db_path, "admin")
    add_seal(db_path, fake_admin, [grant.span])
    found = check(db_path)
    assert found, "verify found nothing"


# --- 6. times running backwards, a counter moved forward, the schema changed -----------------------------------

@pytest.mark.parametrize("what", ["an event", "a sealed record change"])
def test_time_running_backwards_is_found(people, db_path, what):
    """Attack 6: an entry appended with a time a day earlier than the entry before it (an event; or a record
    change sealed by the inspector's real key)."""
    c = flows.registered(people)
    settle(people, db_path)
    earlier = iso(datetime.fromisoformat(attacks.newest_at(db_path)) - timedelta(days=1))
    inspector = unlock_key(db_path, "inspector", PASSWORDS["inspector"])
    with forged(db_path, "inspector", at=earlier) as (tx, out):
        if what == "an event":
            tx.log("view", complaint_id=c["id"])
        else:
            tx.update("complaints", c["id"], {"description": "胶囊完好。"}, action="change")
    if what != "an event":
        add_seal(db_path, inspector, [out.span])
    found = check(db_path)
    (eid,) = out.ids
    assert named(found, "audit_time", where=f"audit_log id {eid}", en=f"audit time runs backwards: {earlier}"), \
        show(found)


def test_clock_confirmation_by_a_non_administrator_is_found(people, db_path):
    """Attack 6 variant: times running backwards hidden behind a clock confirmation sealed by the inspector."""
    c = flows.registered(people)
    settle(people, db_path)
    earlier = iso(datetime.fromisoformat(attacks.newest_at(db_path)) - timedelta(days=7))
    inspector = unlock_key(db_path, "inspector", PASSWORDS["inspector"])
    with forged(db_path, "inspector", at=earlier) as (tx, out):
        tx.log("clock_confirmed", new={"now": tx.at, "newest_entry": attacks.newest_at(db_path)}, reason="时钟校正")
        tx.update("complaints", c["id"], {"description": "胶囊完好。"}, action="change")
    add_seal(db_path, inspector, [out.span])
    found = check(db_path)
    assert named(found, "audit_time"), show(found)


def test_number_counter_moved_forward_is_found(people, db_path):
    """Attack 6: number_sequences.last_seq moved 5 ahead of the numbers in use."""
    c = flows.registered(people)
    settle(people, db_path)
    attacks.execute(db_path, "UPDATE number_sequences SET last_seq = last_seq + 5 WHERE key = ?",
                    params=(str(c["year"]),))
    found = check(db_path)
    assert named(found, "numbering", where=f"year {c['year']}",
                 en=f"the number counter ({c['seq'] + 5}) is ahead of the highest number in use ({c['seq']})"), \
        show(found)


SCHEMA_ATTACKS = {
    "a trigger that copies phones into a hidden table": (
        ["CREATE TABLE phone_copy (phone TEXT)",
         "CREATE TRIGGER copy_phone AFTER INSERT ON complaints BEGIN INSERT INTO phone_copy VALUES (NEW.phone); END"],
        [("added", "table", "phone_copy"), ("added", "trigger", "copy_phone")]),
    "a view": (["CREATE VIEW phones AS SELECT number, complainant_name, phone FROM complaints"],
               [("added", "view", "phones")]),
    "a dropped append-only trigger": (["DROP TRIGGER audit_log_no_delete"],
                                      [("dropped", "trigger", "audit_log_no_delete")]),
    "a dropped seal trigger": (["DROP TRIGGER seals_no_update"], [("dropped", "trigger", "seals_no_update")]),
    "a weakened trigger": (["DROP TRIGGER audit_log_no_delete",
                            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log WHEN OLD.action != 'export' "
                            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"],
                           [("altered", "trigger", "audit_log_no_delete")]),
    "a column added": (["ALTER TABLE users ADD COLUMN note TEXT"], [("altered", "table", "users")]),
}


@pytest.mark.parametrize("what", sorted(SCHEMA_ATTACKS))
def test_schema_change_is_found_by_verify_and_the_start_up_check(people, db_path, what):
    """Attack 6: an added trigger, table or view, a dropped or weakened trigger, an added column — each named by
    verify and by the start-up check (schema compared with what the migrations make)."""
    flows.registered(people)
    settle(people, db_path)
    now = iso(people["admin"].now())
    memory = anchors.startup_check(people["admin"].db, None, now).memory
    sql, expected = SCHEMA_ATTACKS[what]
    attacks.execute(db_path, *sql)
    if "phone" in what:  # the trigger does its work at the next registration
        flows.registered(people, phone="13800000000")
        people["inspector"].flush_seal()
        assert [tuple(r) for r in people["admin"].db.conn.execute("SELECT phone FROM phone_copy")] == \
            [("13800000000",)]
    found = check(db_path)
    startup = anchors.startup_check(connect(db_path, readonly=True), memory, now)
    for change, type_, name in expected:
        assert named(found, "schema", where=name, en=f"{type_} {name} was {change}"), show(found)
        assert [f for f in startup.findings if f.kind == "schema" and f.where == name], show(startup.findings)


# --- 7. verify while others write; verify on a read-only copy -------------------------------------------------

def test_verify_while_another_connection_writes_reports_nothing_false(people, db_path):
    """Attack 7 (false alarms): a second connection registers complaints in a loop while verify runs repeatedly
    on its own connection; every run sees one consistent snapshot and finds nothing."""
    flows.registered(people)
    settle(people, db_path)
    clock = people["inspector"].clock
    stop, errors, written = threading.Event(), [], [0]

    def writer():
        try:
            db = connect(db_path)
            s = users.login(Session(db, clock=clock), "inspector2", PASSWORDS["inspector2"])
            while not stop.is_set():
                intake.register(s, flows.draft(s))
                written[0] += 1
            s.flush_seal()
            db.conn.close()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    t = threading.Thread(target=writer)
    t.start()
    runs = []
    try:
        while len(runs) < 6 or written[0] < 10:
            db = connect(db_path, readonly=True)
            report = verify_report(db)
            db.conn.close()
            runs.append((report.entries, report.findings))
            if len(runs) > 200:
                break
    finally:
        stop.set()
        t.join(60)
    assert not errors, errors
    assert written[0] >= 10 and len({n for n, _ in runs}) > 1  # the writes really ran during the verifies
    for n, found in runs:
        assert found == [], f"at {n} entries:\n{show(found)}"
    assert check(db_path) == []


def test_verify_on_a_read_only_copy(people, db_path, tmp_path, monkeypatch, capsys):
    """Attack 7 (a copy on read-only media): verify opens it immutable, writes nothing next to it, and checks it
    whole. As root a 0444 file in a 0555 folder is still writable, so the test also has connect() see it as not
    writable and checks the URI it opens."""
    import sqlite3

    flows.approved(people, CLASS_II)
    settle(people, db_path)
    folder = tmp_path / "ro"
    folder.mkdir()
    copy = folder / "copy.sqlite3"
    attacks.copy_file(db_path, copy)
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()
    copy.chmod(0o444)
    folder.chmod(0o555)
    try:
        from qa_desk.store import db as store_db

        if os.geteuid() == 0:
            monkeypatch.setattr(store_db, "_writable", lambda p: False)
        uris = []
        real = sqlite3.connect

        def spy(target, *a, **kw):
            uris.append(str(target))
            return real(target, *a, **kw)

        monkeypatch.setattr(store_db.sqlite3, "connect", spy)
        assert check(copy) == []
        code, out = run_cli(capsys, copy)
        assert code == 0 and "All checks hold" in out, out
        assert uris and all(u.startswith("file:") and "mode=ro" in u and "immutable=1" in u for u in uris), uris
        assert sorted(p.name for p in folder.iterdir()) == ["copy.sqlite3"]  # no -wal, no -shm
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == digest
    finally:
        folder.chmod(0o755)
        copy.chmod(0o644)
