"""What someone who can write the file and has the source code does to it: sqlite3 only, no QA Desk service.
Each helper leaves the triggers as they were, so that only what the attack changes is there to be found."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from qa_desk.store.audit import ENTRY_FIELDS, GENESIS, canonical, entry_hash

TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")


def _triggers(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = "
                                       "'audit_log'")]


def rewrite_chain(path: Path, edit: Callable[[dict], None]) -> None:
    """Edit entries with ``edit`` (called with each entry as a dict) and recompute every hash after them."""
    conn = sqlite3.connect(path)
    saved = _triggers(conn)
    for t in TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {t}")
    prev = GENESIS
    rows = conn.execute(f"SELECT {', '.join(ENTRY_FIELDS)} FROM audit_log ORDER BY id").fetchall()
    for r in rows:
        e = dict(zip(ENTRY_FIELDS, r, strict=True))
        edit(e)
        h = entry_hash(prev, e)
        sets = ", ".join(f"{k} = ?" for k in ENTRY_FIELDS[1:])
        conn.execute(f"UPDATE audit_log SET {sets}, hash = ? WHERE id = ?",
                     [e[k] for k in ENTRY_FIELDS[1:]] + [bytes.fromhex(h), e["id"]])
        prev = h
    for sql in saved:
        conn.execute(sql)
    conn.commit()
    conn.close()


def append_entries(path: Path, entries: list[dict], *, apply: Callable[[sqlite3.Connection], None] | None = None) -> None:
    """Append entries with valid hashes (as the source code computes them), and change the rows they describe
    with ``apply``, in one transaction: a forgery the hash chain alone cannot tell from a real one."""
    conn = sqlite3.connect(path)
    last_id, prev = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev = prev.hex() if isinstance(prev, bytes) else prev
    for e in entries:
        last_id += 1
        full = {k: None for k in ENTRY_FIELDS} | e | {"id": last_id}
        for k in ("old", "new"):
            if full[k] is not None and not isinstance(full[k], str):
                full[k] = canonical(full[k])
        h = entry_hash(prev, full)
        conn.execute(f"INSERT INTO audit_log ({', '.join(ENTRY_FIELDS)}, hash) VALUES "
                     f"({', '.join('?' * (len(ENTRY_FIELDS) + 1))})", [full[k] for k in ENTRY_FIELDS] + [bytes.fromhex(h)])
        prev = h
    if apply:
        apply(conn)
    conn.commit()
    conn.close()
