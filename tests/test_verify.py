"""Tampering with the file behind the application's back is found and named by verify."""

from __future__ import annotations

import sqlite3

from qa_desk.core.verify import verify
from tests import flows


def _tamper(path, *sql):
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    for s in sql:
        conn.execute(s)
    conn.commit()
    conn.close()


def _findings(base):
    from qa_desk.store.db import connect

    return verify(connect(base.db.conn.execute("PRAGMA database_list").fetchone()[2]))


def test_clean_file_verifies(people):
    flows.closable(people)
    assert verify(people["inspector"].db) == []


def test_edited_complaint_row_is_named(people, db_path):
    c = flows.approved(people)
    _tamper(db_path, f"UPDATE complaints SET batch_no = 'X999' WHERE id = {c['id']}")
    found = _findings(people["inspector"])
    tampered = [f for f in found if f.kind == "tampered"]
    assert tampered and tampered[0].where == f"complaints id {c['id']} ({c['number']}) field batch_no"
    assert any(f.kind == "signature" for f in found)


def test_edited_audit_entry_is_named(people, db_path):
    flows.registered(people)
    n = people["inspector"].db.conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    _tamper(db_path, f"UPDATE audit_log SET reason = 'nothing to see' WHERE id = {n - 2}")
    found = _findings(people["inspector"])
    chain = [f for f in found if f.kind == "audit_chain"]
    assert chain[0].where == f"audit_log id {n - 2}"
    # the triggers it dropped to do so are missing from the schema
    assert any(f.kind == "schema" and "audit_log_no_update" in f.text("en") for f in found)


def test_deleted_audit_entry_is_named(people, db_path):
    flows.registered(people)
    _tamper(db_path, "DELETE FROM audit_log WHERE id = 5")
    found = _findings(people["inspector"])
    assert [f.where for f in found if f.kind == "audit_chain"] == ["audit_log id 6"]


def test_row_added_behind_the_app_is_found(people, db_path):
    c = flows.registered(people)
    _tamper(db_path, f"INSERT INTO replies(complaint_id, replied_at, method, content) VALUES ({c['id']}, "
                     "'2026-09-28T10:00:00+08:00', 'phone', 'forged')")
    assert any(f.kind == "unrecorded" and f.where.startswith("replies") for f in _findings(people["inspector"]))


def test_password_hash_swap_is_found(people, db_path):
    _tamper(db_path, "UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE username='inspector') "
                     "WHERE username = 'qavp'")
    assert any(f.where.endswith("field password_hash") for f in _findings(people["inspector"]))


def test_append_only_triggers_block_edits(people):
    import pytest

    flows.registered(people)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        people["inspector"].db.conn.execute("UPDATE audit_log SET reason='x' WHERE id=1")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        people["inspector"].db.conn.execute("DELETE FROM audit_log WHERE id=1")


def test_the_helper_process_finds_what_the_single_process_finds(people, db_path):
    """On a big file SQLite's check, the replay and the signature checks run in a forked helper on its own
    snapshot; forced here on a small file (in a fresh process, as the CLI runs), it names the same findings."""
    import os
    import subprocess
    import sys

    c = flows.approved(people)
    for s in people.values():
        s.flush_seal()
    _tamper(db_path, f"UPDATE complaints SET batch_no = 'X999' WHERE id = {c['id']}")

    def run(threshold: str) -> list[str]:
        env = {**os.environ, "QA_DESK_PARALLEL_VERIFY_FROM": threshold}
        out = subprocess.run([sys.executable, "-m", "qa_desk", "--db", str(db_path), "--lang", "en", "verify"],
                             capture_output=True, text=True, env=env, timeout=120)
        return sorted(line for line in out.stdout.splitlines() if line.startswith("["))

    alone, helped = run(str(1 << 40)), run("0")
    assert helped == alone and any("field batch_no" in line for line in helped)
