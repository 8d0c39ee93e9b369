"""Migrations: from an empty file, and from the previous version holding data (with a backup first)."""

from __future__ import annotations

import sqlite3

import pytest

from qa_desk.core.database import open_database
from qa_desk.core.session import Session
from qa_desk.core.verify import verify
from qa_desk.store import deadlines_index, migrations, search
from qa_desk.store.audit import Tx
from qa_desk.store.db import connect, immediate
from tests.legacy import OldTx


def test_from_empty(tmp_path):
    opened = open_database(tmp_path / "new.sqlite3")
    assert migrations.version(opened.db) == migrations.LATEST
    assert opened.backup is None and opened.created
    tables = set(opened.db.table_names())
    for t in ("complaints", "checklist_items", "sample_custody", "batch_holds", "capa_actions", "replies",
              "attachments", "deadlines", "extensions", "signatures", "users", "settings", "audit_log",
              "calendar_days", "destruction_log", "medical_details", "complaint_search"):
        assert t in tables
    mode = opened.db.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    assert opened.db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert opened.db.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert verify(opened.db) == []


@pytest.mark.parametrize("previous", range(1, migrations.LATEST))
def test_from_previous_version_with_data(tmp_path, previous):
    path = tmp_path / "old.sqlite3"
    db = connect(path)
    migrations.upgrade(db, path, target=previous)
    assert migrations.version(db) == previous
    with immediate(db):  # a complaint and its deadline, written as that version wrote them
        writer = OldTx if previous < 7 else Tx  # schema 7 wrote the trail as today's Tx does
        tx = writer(db, None, "system", "2026-05-01T10:00:00+08:00")
        db.conn.execute("INSERT INTO number_sequences(key, last_seq) VALUES ('2026', 1)")
        tx.insert("complaints", {"number": "TS-2026-0001", "year": 2026, "seq": 1, "status": "registered",
                                 "received_at": "2026-05-01T09:00:00+08:00", "channel": "phone",
                                 "product_name": "氯化钠注射液", "description": "输液袋渗漏破损", "cycle": 0})
        tx.insert("deadlines", {"complaint_id": 1, "kind": "acknowledge", "due_at": "2026-05-02T09:00:00+08:00",
                                "due_utc": "2026-05-02T01:00:00+00:00"}, complaint_id=1)
        if previous >= 2:
            search.index_complaints(db, [1])
        if previous >= 3:
            deadlines_index.refresh(db, [1])
    db.close()

    opened = open_database(path)
    assert migrations.version(opened.db) == migrations.LATEST
    assert opened.backup is not None and opened.backup.exists()
    old = sqlite3.connect(opened.backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == previous
    assert old.execute("SELECT number FROM complaints").fetchone()[0] == "TS-2026-0001"
    expr = search.match_expression("破损")
    hit = opened.db.conn.execute("SELECT rowid FROM complaint_search WHERE complaint_search MATCH ?", (expr,)).fetchall()
    assert [tuple(r) for r in hit] == [(1,)]
    assert verify(opened.db) == []
    nxt = opened.db.conn.execute("SELECT kind FROM complaint_next_due WHERE complaint_id = 1").fetchone()
    assert tuple(nxt) == ("acknowledge",)
    assert Session(opened.db).db.conn.execute("SELECT count(*) FROM complaints").fetchone()[0] == 1


def test_reopening_current_file_takes_no_backup(tmp_path):
    path = tmp_path / "a.sqlite3"
    open_database(path).db.close()
    again = open_database(path)
    assert again.backup is None and not again.created
