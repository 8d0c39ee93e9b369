"""Consistent copies of the live file through SQLite's online backup API (safe while others write)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database


def copy_database(db: Database, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    if tmp.exists():
        tmp.unlink()
    dest = sqlite3.connect(str(tmp))
    try:
        db.conn.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()
    tmp.replace(target)
    return target
