"""Keys per user, from their password; seals over what each login wrote; the upgrade of a first-release file."""

from __future__ import annotations

import json
import sqlite3

import pytest

from qa_desk.core import approval, keys, signatures, users
from qa_desk.core.database import open_database
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session, hash_password
from qa_desk.core.verify import verify, verify_report
from qa_desk.store import migrations
from qa_desk.store.db import connect, immediate
from tests import flows
from tests.conftest import PASSWORDS, TEMPORARY
from tests.legacy import OldTx


def _key(db, username: str) -> dict:
    return keys.current_key(db, users.find(db, username)["id"])


def test_each_user_has_a_key_only_their_password_opens(people):
    db = people["admin"].db
    root = keys.root(db)
    assert root and root["sealed_private"] is None  # the root's private half was never stored
    for name in ("admin", "inspector", "qahead"):
        row = _key(db, name)
        assert row["certified_by"] is not None and row["sealed_private"] and b"BEGIN" not in row["sealed_private"]
        assert keys.unlock(db, row["user_id"], PASSWORDS[name])[1] is not None
        assert keys.unlock(db, row["user_id"], "wrong")[1] is None
        assert people[name].key is not None and people[name].key.key_id == row["id"]
    # the first password change (from the temporary one) re-wrapped the same key
    assert keys.unlock(db, _key(db, "inspector")["user_id"], TEMPORARY)[1] is None
    assert verify(db) == []


def test_a_reset_issues_a_new_key_and_old_signatures_still_verify(people, base):
    c = flows.approved(people)
    db = people["admin"].db
    old = _key(db, "qahead")
    users.reset_password(people["admin"], "qahead", "Reset-pass-9", reason="forgotten")
    new = _key(db, "qahead")
    assert new["id"] != old["id"] and new["certified_by"] == people["admin"].key.key_id
    retired = dict(db.conn.execute("SELECT retired_at FROM keys WHERE id = ?", (old["id"],)).fetchone())
    assert retired["retired_at"] is not None
    signed = [s for s in signatures.for_complaint(db, c["id"]) if s["signer_id"] == old["user_id"]]
    assert signed and all(s["key_id"] == old["id"] for s in signed)
    people["admin"].flush_seal()
    assert verify(db) == []
    again = users.login(base, "qahead", "Reset-pass-9")
    assert again.key.key_id == new["id"]


def test_every_signature_carries_its_signers_signature(people, db_path):
    c = flows.approved(people)
    db = people["inspector"].db
    sigs = signatures.for_complaint(db, c["id"])
    assert sigs and all(s["key_id"] and len(s["signature"]) == 128 for s in sigs)
    for s in sigs:
        key = db.conn.execute("SELECT public_key FROM keys WHERE id = ?", (s["key_id"],)).fetchone()[0]
        assert keys.verify_raw(key, keys.esig_message(s), s["signature"])
        moved = {**s, "meaning": "approved" if s["meaning"] != "approved" else "reviewed"}
        assert not keys.verify_raw(key, keys.esig_message(moved), s["signature"])


def test_a_killed_login_is_sealed_at_the_next_login(people, base, monkeypatch):
    monkeypatch.setattr(keys, "SEAL_WINDOW_S", 60.0)  # the office's batching (the suite seals at once)
    s = people["inspector"]
    flows.registered(people)
    pending = s.db.conn.execute("SELECT count(*) FROM seal_pending").fetchone()[0]
    assert pending and s.spans.pending  # not sealed yet: the login goes on
    report = verify_report(s.db)
    assert report.findings == [] and any("await" in en for _zh, en in report.notes)
    killed = list(s.spans.pending)
    s.spans.pending.clear()  # the process dies: its memory of what it wrote is gone, the marks stay
    again = users.login(base, "inspector", PASSWORDS["inspector"])
    left = s.db.conn.execute("SELECT first_id, last_id FROM seal_pending WHERE key_id = ?", (s.key.key_id,)).fetchall()
    assert not set(killed) & {tuple(r) for r in left}
    again.flush_seal()
    for other in people.values():
        other.flush_seal()
    assert verify(s.db) == []
    done = s.db.conn.execute("SELECT new FROM audit_log WHERE action = 'seals_completed'").fetchone()
    assert done and json.loads(done[0])["spans"]


def test_logout_seals_and_forgets_the_key(people, monkeypatch):
    monkeypatch.setattr(keys, "SEAL_WINDOW_S", 60.0)
    s = people["inspector"]
    flows.registered(people)
    users.logout(s)
    assert s.key is None and not s.spans.pending
    assert s.db.conn.execute("SELECT count(*) FROM seal_pending p JOIN keys k ON k.id = p.key_id "
                             "WHERE k.user_id = ?", (s.actor.id,)).fetchone()[0] == 0


def test_a_signature_needs_an_unlocked_key(people):
    c = flows.investigated(people)
    s = people["inspector"]
    s.key = None  # a session that never logged in (built by hand)
    with pytest.raises(DomainError) as err:
        approval.submit(s, c["id"], **flows.sign(s, c["id"]))
    assert err.value.code == "no_key"


# --- a file made by the first release ----------------------------------------------------------------------

def _first_release_file(path) -> None:
    """Schema 6 with an administrator and an inspector, written as the first release wrote them."""
    db = connect(path)
    migrations.upgrade(db, path, target=6)
    with immediate(db):
        tx = OldTx(db, None, "system", "2026-09-20T10:00:00+08:00")
        for name, roles in (("admin", ["admin"]), ("inspector", ["inspector"])):
            tx.insert("users", {"username": name, "display_name": name, "roles": json.dumps(roles),
                                "password_hash": hash_password(PASSWORDS[name]), "created_at": tx.at,
                                "password_changed_at": tx.at})
    db.conn.close()


def test_an_upgraded_file_is_sealed_at_the_first_administrator_login(tmp_path, clock):
    path = tmp_path / "old.sqlite3"
    _first_release_file(path)
    opened = open_database(path, clock=clock)
    base = Session(opened.db, clock=clock)
    assert keys.root(opened.db) is None
    assert any("not sealed" in en for _zh, en in verify_report(opened.db).notes)
    inspector = users.login(base, "inspector", PASSWORDS["inspector"])
    assert inspector.key is None  # no root yet: nothing to enrol against
    admin = users.login(base, "admin", PASSWORDS["admin"])
    assert keys.root(opened.db) and admin.key is not None
    sealed = json.loads(opened.db.conn.execute("SELECT new FROM audit_log WHERE action = 'trail_sealed'")
                        .fetchone()[0])
    report = verify_report(opened.db)
    assert report.findings == [] and report.installed_at > sealed["through"]
    # the inspector enrols at the next login; the key waits for an administrator's endorsement
    inspector = users.login(base, "inspector", PASSWORDS["inspector"])
    inspector.flush_seal()
    fp = _key(opened.db, "inspector")["fingerprint"]
    assert [f.kind for f in verify(opened.db)] == ["key"]
    with pytest.raises(DomainError) as err:
        users.endorse_key(admin, "inspector", "0" * 32)
    assert err.value.code == "fingerprint_mismatch"
    users.endorse_key(admin, "inspector", fp)
    admin.flush_seal()
    assert verify(opened.db) == []


def test_a_key_that_does_not_open_with_the_password_refuses_the_login(people, base, db_path):
    """Someone replaced the VP's key row with one of their own (certificate and audit aside): the VP's next
    login does not sign with it."""
    vp = users.find(base.db, "qavp")
    sealed, kdf = keys._wrap(keys.Ed25519PrivateKey.generate(), "attacker-pass")
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE keys SET sealed_private = ?, kdf = ? WHERE user_id = ? AND retired_at IS NULL",
                 (sealed, kdf, vp["id"]))
    conn.commit()
    conn.close()
    with pytest.raises(DomainError) as err:
        users.login(base, "qavp", PASSWORDS["qavp"])
    assert err.value.code == "key_mismatch"
    assert base.db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'key_mismatch'").fetchone()[0] == 1
    assert any(f.kind == "tampered" and f.where.startswith("keys") for f in verify(base.db))
