"""Opening the one SQLite file, and the one way to write to it.

Every write runs in ``BEGIN IMMEDIATE``: the write lock is taken before anything is read, so two processes
that register complaints at the same moment are serialised by SQLite (waiting up to the busy timeout) and
can never both read the same "last number". One user action = one transaction; an exception rolls it back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

BUSY_TIMEOUT_MS = 15_000


def connect(path: str | Path, *, readonly: bool = False) -> Database:
    """Open the database file with the pragmas the data-integrity rules ask for (WAL, FK, synchronous=FULL)."""
    path = Path(path)
    if readonly:
        # a copy on read-only media (or a folder the user may not write) cannot get the -shm file a WAL
        # reader needs; opened as immutable, SQLite reads it as it stands
        immutable = "&immutable=1" if not _writable(path) else ""
        conn = sqlite3.connect(f"file:{path}?mode=ro{immutable}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if not readonly:
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=FULL")
    db = Database(conn, execute_plugins=False)
    return db


def _writable(path: Path) -> bool:
    import os

    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """A write transaction that holds the write lock from its first statement; nests as a savepoint."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def rows(db: Database, sql: str, params: tuple | dict = ()) -> list[dict]:
    return [dict(r) for r in db.conn.execute(sql, params).fetchall()]


def one(db: Database, sql: str, params: tuple | dict = ()) -> dict | None:
    r = db.conn.execute(sql, params).fetchone()
    return dict(r) if r is not None else None


def scalar(db: Database, sql: str, params: tuple | dict = ()):
    r = db.conn.execute(sql, params).fetchone()
    return r[0] if r is not None else None


def tuples(db: Database, sql: str, params: tuple | dict = ()):
    """A cursor of plain tuples: sqlite3.Row costs a third of a scan over millions of audit entries."""
    cur = db.conn.cursor()
    cur.row_factory = None
    return cur.execute(sql, params)
