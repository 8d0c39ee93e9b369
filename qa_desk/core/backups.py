"""Backups and restore of the one database file.

A backup is SQLite's online backup API (a consistent snapshot even while other windows or workstations write),
checked with ``PRAGMA integrity_check`` and hashed before it counts; the backup folder keeps the last N. A
restore first runs the whole ``verify`` on the backup, keeps the current file aside, then copies the backup in
through the same API (so other connections never see a half-copied file) and records the restore in the audit
trail of the restored file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from platformdirs import user_data_dir
from sqlite_utils import Database

from qa_desk.core import settings
from qa_desk.core.clock import parse
from qa_desk.core.errors import Problem, refuse
from qa_desk.core.session import Session
from qa_desk.store import migrations
from qa_desk.store.db import connect
from qa_desk.store.files import file_sha256

PAGES_PER_STEP = 2048  # about 8 MB between progress reports
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    sha256: str


def folder(db: Database, db_path: Path) -> Path:
    configured = settings.get(db, "backup_dir")
    return Path(configured).expanduser() if configured else Path(user_data_dir("QA Desk", "QA Desk")) / "backups"



def _copy(source: sqlite3.Connection, target: Path, progress: Progress | None) -> None:
    """Online backup into ``target`` (via a .part file, so a crash never leaves a half file under the real name)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    dest = sqlite3.connect(str(tmp))
    try:
        source.backup(dest, pages=PAGES_PER_STEP,
                      progress=(lambda _status, remaining, total: progress(total - remaining, total)) if progress
                      else None)
        dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        result = dest.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        dest.close()
    if result != "ok":
        tmp.unlink(missing_ok=True)
        raise refuse("backup_bad", f"备份副本未通过完整性检查：{result}", f"The backup copy failed its integrity check: {result}")
    tmp.replace(target)


def backup(session: Session, db_path: Path, out: Path | None = None, *, keep: int | None = None,
           progress: Progress | None = None, reason: str = "manual") -> Backup:
    """Copy the live file; with no ``out``, into the backup folder under a timestamped name, keeping the last N."""
    session.require("backup")
    stamp = session.now().strftime("%Y%m%d-%H%M%S")
    target = out or folder(session.db, db_path) / f"{db_path.stem}-{stamp}.sqlite3"
    if target.resolve() == db_path.resolve():
        raise refuse("backup_onto_live", "备份文件不能是正在使用的数据库本身。", "The backup cannot be the live database itself.")
    _copy(session.db.conn, target, progress)
    made = Backup(target, target.stat().st_size, file_sha256(target))
    with session.write() as tx:
        tx.log("backup", new={"file": str(target), "size": made.size, "sha256": made.sha256, "reason": reason})
    if out is None:
        prune(target.parent, db_path.stem, keep if keep is not None else settings.get(session.db, "backup_keep"))
    return made


def listing(directory: Path, stem: str) -> list[Path]:
    """Backups of this file in the folder, newest first (the timestamp in the name sorts)."""
    if not directory.is_dir():
        return []
    return sorted((p for p in directory.glob(f"{stem}-????????-??????.sqlite3") if p.is_file()), reverse=True)


def prune(directory: Path, stem: str, keep: int) -> list[Path]:
    removed = listing(directory, stem)[max(keep, 1):]
    for p in removed:
        p.unlink(missing_ok=True)
    return removed


def last_backup_at(db: Database) -> datetime | None:
    r = db.conn.execute("SELECT at FROM audit_log WHERE action = 'backup' ORDER BY id DESC LIMIT 1").fetchone()
    return parse(r[0]) if r else None


def daily_due(session: Session) -> bool:
    if not settings.get(session.db, "backup_daily"):
        return False
    last = last_backup_at(session.db)
    return last is None or session.now() - last >= timedelta(days=1)


def check(path: Path) -> list[str]:
    """Everything ``verify`` checks, on the backup file, read-only; an empty list means it is good to restore."""
    from qa_desk.core.verify import verify

    if not path.is_file():
        return [f"not found: {path}"]
    try:
        db = connect(path, readonly=True)
        try:
            version = db.conn.execute("PRAGMA user_version").fetchone()[0]
            if version > migrations.LATEST:
                return [f"made by a newer QA Desk (schema {version}; this one knows {migrations.LATEST})"]
            return [f.text("en") for f in verify(db)]
        finally:
            db.conn.close()
    except sqlite3.DatabaseError as exc:
        return [f"not a QA Desk database: {exc}"]


def restore(session: Session, db_path: Path, source: Path, *, progress: Progress | None = None) -> Path:
    """Replace the live content with a verified backup; returns where the previous content was kept."""
    session.require("restore")
    problems = check(source)
    if problems:
        raise refuse("backup_not_good", f"备份 {source} 未通过校验，未恢复，当前数据未动。",
                     f"The backup {source} failed verification; nothing was restored and the current data is untouched.",
                     [Problem(p, p) for p in problems[:5]])
    stamp = session.now().strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.stem}.before-restore-{stamp}.sqlite3")
    _copy(session.db.conn, aside, None)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        src.backup(session.db.conn, pages=PAGES_PER_STEP,
                   progress=(lambda _s, remaining, total: progress(total - remaining, total)) if progress else None)
    finally:
        src.close()
    session.db.conn.execute("PRAGMA journal_mode=WAL")
    migrations.upgrade(session.db, db_path)
    with session.write() as tx:
        tx.log("restore", new={"from": str(source), "sha256": file_sha256(source), "previous_kept_as": str(aside)})
    return aside


def quick_check(db: Database) -> str | None:
    """Start-up check (seconds even on a big file): None when SQLite finds the file sound, else what it found."""
    try:
        rows = [r[0] for r in db.conn.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if rows == ["ok"] else "; ".join(rows)


def latest_good(directory: Path, stem: str) -> Path | None:
    """The newest backup in the folder that passes the whole verify (older ones are tried in turn)."""
    for p in listing(directory, stem):
        if not check(p):
            return p
    return None
