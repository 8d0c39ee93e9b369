"""More attacks on issue 12's trail (an adversarial review), beyond tests/test_forgery.py: the attacker has the
file, the source code and every user's password except the one they impersonate. Each hole is an
``xfail(strict=True)`` with what was done and what happened; a plain test is a probe that held and is worth keeping.
"""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

import pytest

from qa_desk.core import backups, keys, users
from qa_desk.core.errors import DomainError
from qa_desk.core.session import SYSTEM
from qa_desk.core.verify import check_tail
from qa_desk.store.db import connect
from tests import attacks, flows
from tests.attacks import add_seal, check, forged, settle, show, unlock_key
from tests.conftest import PASSWORDS, TEMPORARY, first_login


def tail_check(path: Path, since: tuple[int, str]):
    db = connect(path, readonly=True)
    try:
        return check_tail(db, since).findings
    finally:
        db.conn.close()


def head(path: Path) -> tuple[int, str]:
    conn = attacks._conn(path)
    try:
        r = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        return r[0], r[1].hex()
    finally:
        conn.close()


# --- 1. a restore carries a destruction the live file's trail does not prove ------------------------------------

def test_planted_destruction_row_is_not_carried_into_a_restore(people, db_path, tmp_path):
    admin = people["admin"]
    c = flows.registered(people)
    made = backups.backup(admin, db_path, tmp_path / "b.sqlite3")
    settle(people, db_path)
    # no password at all: one row in the live file, the append-only trigger allows inserts
    attacks.execute(db_path, "INSERT INTO destruction_log (number, year, seq, complaint_id, destroyed_at, "
                    "approved_by, approver_name, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    params=(c["number"], c["year"], c["seq"], c["id"], attacks.newest_at(db_path),
                            attacks.user_id(db_path, "qavp"), "陈静", "retention over"))
    try:
        backups.restore(admin, db_path, made.path)
    except DomainError:
        return  # refused: fine
    gone = admin.db.conn.execute("SELECT count(*) FROM complaints WHERE id = ?", (c["id"],)).fetchone()[0] == 0
    found = check(db_path)
    # what should happen: the planted row is not carried (or the restore refuses / verify names it)
    assert not gone or found, "the record was destroyed by the restore and the restored file verifies clean"


# --- 2. the temporary password opens the user's key forever, from any copy made before the first login ---------

def test_temporary_password_and_an_early_backup_do_not_give_the_users_key(people, db_path, tmp_path):
    admin = people["admin"]
    users.create_user(admin, "vp2", "新副总", ["quality_vp"], TEMPORARY, reason="new VP")
    early = tmp_path / "early.sqlite3"
    attacks.copy_file(db_path, early)  # the nightly backup, before the VP's first login
    vp = first_login(admin.as_user(SYSTEM), "vp2", "vp2-own-pass-1")
    flows.registered(people)
    settle(people, db_path)
    row = attacks.key_row(early, "vp2")
    private = keys._unwrap(row, TEMPORARY)
    assert private is not None
    stolen = keys.Unlocked(row["id"], private)
    # the first login left the temporary password for a new key pair: the one it opens is retired
    assert attacks.key_row(db_path, "vp2")["id"] != row["id"]
    cid = admin.db.conn.execute("SELECT max(id) FROM complaints").fetchone()[0]
    with forged(db_path, "vp2") as (tx, out):
        tx.update("complaints", cid, {"description": "伪造的描述"}, action="change")
    add_seal(db_path, stolen, [out.span])
    found = check(db_path)
    users.login(admin.as_user(SYSTEM), "vp2", "vp2-own-pass-1")  # and the VP notices nothing
    assert vp is not None
    assert found, "a sealed forgery as the VP with the key recovered via the temporary password verifies clean"


# --- 3. a key issued with the administrator's key, retired at birth -----------------------------------------------

def test_key_issued_retired_by_the_administrators_key_does_not_vouch_for_later_entries(people, db_path):
    cid = flows.registered(people)["id"]
    settle(people, db_path)
    admin_key = unlock_key(db_path, "admin", PASSWORDS["admin"])
    vp_id = attacks.user_id(db_path, "qavp")
    mine = attacks.attacker_key(0)
    with forged(db_path, "admin", sealer=admin_key) as (tx, out):
        pub = attacks.public_hex(mine)
        cert = admin_key.sign(keys.certificate_message(vp_id, keys.USER, pub, tx.at)).hex()
        row = tx.insert("keys", {"user_id": vp_id, "purpose": keys.USER, "public_key": pub,
                                 "fingerprint": keys.fingerprint(pub), "created_at": tx.at, "created_by": tx.user_id,
                                 "certified_by": admin_key.key_id, "certificate": cert, "retired_at": tx.at},
                        action="key_issued", reason="spare")
    add_seal(db_path, admin_key, [out.span])
    vp_key = keys.Unlocked(row["id"], mine.private)
    with forged(db_path, "qavp") as (tx, out2):
        tx.update("complaints", cid, {"description": "伪造的描述"}, action="change")
    add_seal(db_path, vp_key, [out2.span])
    users.login(people["admin"].as_user(SYSTEM), "qavp", PASSWORDS["qavp"])  # the VP's login works
    found = check(db_path)
    assert found, "entries sealed by a key retired before they were written verify clean"


# --- 4. events (op NULL) need no seal: forged at the tail, nothing finds them ----------------------------------

def test_forged_event_entries_at_the_tail_are_named(people, db_path):
    admin = people["admin"]
    settle(people, db_path)
    since = head(db_path)
    vp_id = attacks.user_id(db_path, "qavp")
    at = attacks.newest_at(db_path)
    attacks.append_entries(db_path, [
        {"at": at, "user_id": vp_id, "username": "qavp", "action": "register_export",
         "new": {"unmasked": True, "rows": 5000, "file": "/tmp/all-names.xlsx"}},
        {"at": at, "user_id": None, "username": "system", "action": "backup",
         "new": {"file": "/nowhere.sqlite3", "size": 1, "sha256": "0" * 64, "reason": "scheduled"}},
    ])
    assert backups.last_backup_at(admin.db) is not None  # the daily backup now thinks it ran
    found, tail = check(db_path), tail_check(db_path, since)
    assert found and tail, f"verify: {show(found)}; start-up: {show(tail)}"


# --- 5. legitimate use: false findings --------------------------------------------------------------------------

def test_killed_login_then_password_reset_does_not_seal_twice(people, db_path, monkeypatch):
    monkeypatch.setattr(keys, "SEAL_WINDOW_S", 3600.0)
    insp = users.login(people["admin"].as_user(SYSTEM), "inspector", PASSWORDS["inspector"])
    from qa_desk.core import intake

    for s in people.values():
        s.flush_seal()
    intake.register(insp, flows.draft(insp))  # a marked span, never flushed: the process is killed
    users.reset_password(people["admin"], "inspector", "Reset-pass-12", reason="forgot")
    base = people["admin"].as_user(SYSTEM)
    s = first_login(base, "inspector", "insp-new-pass-1", temporary="Reset-pass-12")
    s.flush_seal()
    s2 = users.login(base, "inspector", "insp-new-pass-1")
    s2.flush_seal()
    found = check(db_path)
    assert found == [], show(found)


def test_same_user_logged_in_twice_does_not_seal_twice(people, db_path, monkeypatch):
    monkeypatch.setattr(keys, "SEAL_WINDOW_S", 3600.0)
    for s in people.values():
        s.flush_seal()
    base = people["admin"].as_user(SYSTEM)
    gui = users.login(base, "inspector", PASSWORDS["inspector"])
    from qa_desk.core import intake

    intake.register(gui, flows.draft(gui))  # marked, waiting for the minute's seal
    cli_login = users.login(base, "inspector", PASSWORDS["inspector"])  # e.g. `qa-desk export` as the inspector
    users.logout(cli_login)
    users.logout(gui)
    found = check(db_path)
    assert found == [], show(found)


# --- 6. hostile values in keys, seals and seal_pending: verify reports, never raises ------------------------------

def _raw_insert(path: Path, sql: str, params: tuple) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(sql, params)
    finally:
        conn.close()


def _verify_does_not_raise(path: Path):
    try:
        return check(path)
    except Exception as exc:  # noqa: BLE001 - the point of the test
        pytest.fail(f"verify raised {type(exc).__name__}: {exc}")


def test_seal_with_text_spans_is_reported_not_raised(people, db_path):
    settle(people, db_path)
    key_id = attacks.key_row(db_path, "inspector")["id"]
    _raw_insert(db_path, "INSERT INTO seals (key_id, first_id, last_id, spans, signature) VALUES (?, 1, 2, 'x', x'00')",
                (key_id,))
    assert _verify_does_not_raise(db_path)


def test_seal_with_text_signature_is_reported_not_raised(people, db_path):
    settle(people, db_path)
    key_id = attacks.key_row(db_path, "inspector")["id"]
    last = head(db_path)[0]
    _raw_insert(db_path, "INSERT INTO seals (key_id, first_id, last_id, spans, signature) VALUES (?, ?, ?, ?, 'zz')",
                (key_id, last, last, struct.pack(">QQ", last, last)))
    assert _verify_does_not_raise(db_path)


def test_key_with_a_non_hex_public_key_is_reported_not_raised(people, db_path):
    settle(people, db_path)
    _raw_insert(db_path, "INSERT INTO keys (user_id, purpose, public_key, fingerprint, created_at) VALUES "
                "(?, 'user', 'not hex', 'x', '2026-01-01')", (attacks.user_id(db_path, "inspector"),))
    assert _verify_does_not_raise(db_path)


def test_pending_mark_of_text_does_not_break_the_login(people, db_path):
    settle(people, db_path)
    key_id = attacks.key_row(db_path, "inspector")["id"]
    uid = attacks.user_id(db_path, "inspector")
    conn = attacks._conn(db_path)
    last = conn.execute("SELECT max(id) FROM audit_log WHERE user_id = ?", (uid,)).fetchone()[0]
    conn.close()
    _raw_insert(db_path, "INSERT INTO seal_pending (key_id, first_id, last_id, mark) VALUES (?, ?, ?, 'x')",
                (key_id, last, last))
    try:
        users.login(people["admin"].as_user(SYSTEM), "inspector", PASSWORDS["inspector"])
    except DomainError:
        pass
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"login raised {type(exc).__name__}: {exc}")
    _verify_does_not_raise(db_path)


def test_hostile_kdf_parameters_do_not_break_the_login(people, db_path):
    settle(people, db_path)
    row = attacks.key_row(db_path, "inspector")
    attacks.execute(db_path, "UPDATE keys SET kdf = ? WHERE id = ?",
                    params=('{"alg":"argon2id","m":8,"p":1,"salt":"00112233445566778899aabbccddeeff","t":0}',
                            row["id"]))
    try:
        users.login(people["admin"].as_user(SYSTEM), "inspector", PASSWORDS["inspector"])
    except DomainError:
        pass
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"login raised {type(exc).__name__}: {exc}")
    _verify_does_not_raise(db_path)
