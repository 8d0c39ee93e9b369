"""The derived ``complaint_next_due`` table: one row per complaint with its earliest open deadline.

Kept in step inside the same transaction as the deadline changes (Session.write calls ``refresh``), and
checked by verify against a fresh computation.
"""

from __future__ import annotations

from sqlite_utils import Database

_NEXT = ("SELECT complaint_id, kind, due_at, due_utc FROM deadlines WHERE met_at IS NULL AND complaint_id = ? "
         "ORDER BY due_utc LIMIT 1")


def refresh(db: Database, complaint_ids) -> None:
    conn = db.conn
    for cid in complaint_ids:
        conn.execute("DELETE FROM complaint_next_due WHERE complaint_id = ?", (cid,))
        row = conn.execute(_NEXT, (cid,)).fetchone()
        if row is not None:
            conn.execute("INSERT INTO complaint_next_due(complaint_id, kind, due_at, due_utc) VALUES (?, ?, ?, ?)",
                         tuple(row))


def expected(db: Database) -> dict[int, tuple]:
    rows = db.conn.execute(
        "SELECT complaint_id, kind, due_at, due_utc FROM deadlines d WHERE met_at IS NULL AND due_utc = "
        "(SELECT min(due_utc) FROM deadlines e WHERE e.complaint_id = d.complaint_id AND e.met_at IS NULL) "
        "GROUP BY complaint_id").fetchall()
    return {r[0]: (r[2], r[3]) for r in rows}


def rebuild(db: Database) -> None:
    db.conn.execute("DELETE FROM complaint_next_due")
    refresh(db, [r[0] for r in db.conn.execute("SELECT DISTINCT complaint_id FROM deadlines")])
