"""Opening a QA Desk file for use: connect, migrate (backing up first), seed the working-day calendar."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from qa_desk.core import retention, workcal
from qa_desk.core.clock import Clock
from qa_desk.core.session import Session
from qa_desk.store import migrations
from qa_desk.store.db import connect


@dataclass
class Opened:
    db: Database
    path: Path
    backup: Path | None
    created: bool


def open_database(path: str | Path, *, clock: Clock | None = None) -> Opened:
    path = Path(path).expanduser()
    created = not path.exists() or path.stat().st_size == 0
    db = connect(path)
    saved = migrations.upgrade(db, path)
    if db.conn.execute("SELECT count(*) FROM calendar_years").fetchone()[0] == 0:
        workcal.seed_from_library(Session(db, clock=clock))
    retention.finish_pending(db)  # a destruction whose WAL a reader kept: its bytes leave the WAL now
    return Opened(db, path, saved, created)
