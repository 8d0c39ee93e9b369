"""Consistent copies of the live file through SQLite's online backup API (safe while others write).

Used for the copy ``migrations.upgrade`` keeps before it changes a file's schema: a local safety copy made before
anyone logs in, so it has no audit entry of its own (the backups a user makes, with their entry, are
``qa_desk.core.backups``). Written as ``NAME.part`` and synced before it is renamed, so a crash never leaves half
a copy under the real name.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from qa_desk.store.files import fsync_dir, fsync_file, part_of


def copy_database(db: Database, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = part_of(target)
    tmp.unlink(missing_ok=True)
    dest = sqlite3.connect(str(tmp))
    try:
        db.conn.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()
    fsync_file(tmp)
    tmp.replace(target)
    fsync_dir(target.parent)
    return target
