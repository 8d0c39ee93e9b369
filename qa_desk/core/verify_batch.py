"""The slow, self-contained parts of one verify, run beside the replay on a big file."""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from qa_desk.core import keys


def _verify_chunk(jobs: list[tuple[str, bytes, str]]) -> list[bool]:
    return [keys.verify_raw(pub, msg, sig) for pub, msg, sig in jobs]


def _integrity_of(path: str) -> list[tuple]:
    from qa_desk.store.db import connect

    db = connect(path, readonly=True)
    try:
        return [tuple(r) for r in db.conn.execute("PRAGMA integrity_check")]
    finally:
        db.conn.close()


class Ed25519Batch:
    """The slow, self-contained parts of one verify: SQLite's integrity check of the whole file, and the
    signature checks (about 80 µs each: seals and e-signatures) gathered while the trail is read in its
    snapshot. On a big file they run in a second process while this one replays the trail (a forked helper;
    not inside the GUI, whose threads must not be forked: there they run here)."""

    PARALLEL_FROM_BYTES = 64 << 20

    def __init__(self, db: Database | None = None) -> None:
        self.jobs: list[tuple[str, bytes, str]] = []
        self.done: list[Callable[[bool], None]] = []
        self._pending = None
        self._integrity = None
        self._pool = None
        if db is not None and _big(db) and _may_fork():
            import multiprocessing as mp

            self._pool = mp.get_context("fork").Pool(1)

    def integrity(self, db: Database) -> Callable[[], list[tuple]]:
        """Start SQLite's integrity check; returns what gives its rows when they are needed."""
        if self._pool is not None:
            self._integrity = self._pool.apply_async(_integrity_of, (_path(db),))
            return self._integrity.get
        rows = [tuple(r) for r in db.conn.execute("PRAGMA integrity_check")]
        return lambda: rows

    def add(self, public_key: str, message: bytes, signature: str, done: Callable[[bool], None]) -> None:
        self.jobs.append((public_key, message, signature))
        self.done.append(done)

    def start(self) -> None:
        if self._pool is not None and self.jobs:
            chunks = [self.jobs[i:i + 1000] for i in range(0, len(self.jobs), 1000)]
            self._pending = self._pool.map_async(_verify_chunk, chunks)

    def finish(self) -> None:
        if self._pending is not None:
            results = [ok for chunk in self._pending.get() for ok in chunk]
        else:
            results = _verify_chunk(self.jobs)
        if self._pool is not None:
            if self._integrity is not None:
                self._integrity.wait()
            self._pool.close()
            self._pool.join()
        for ok, done in zip(results, self.done, strict=True):
            done(ok)
        self.jobs, self.done, self._pending, self._pool = [], [], None, None


def _path(db: Database) -> str:
    return db.conn.execute("PRAGMA database_list").fetchone()[2]


def _big(db: Database) -> bool:
    import os

    try:
        return bool(_path(db)) and os.path.getsize(_path(db)) >= Ed25519Batch.PARALLEL_FROM_BYTES
    except OSError:
        return False


def _may_fork() -> bool:
    import multiprocessing as mp
    import sys

    return "fork" in mp.get_all_start_methods() and not any(m.startswith("PySide6") for m in sys.modules)
