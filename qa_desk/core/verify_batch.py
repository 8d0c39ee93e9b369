"""The slow, self-contained parts of one verify, run beside the replay on a big file."""

from __future__ import annotations

import os
from collections.abc import Callable

from sqlite_utils import Database

from qa_desk.core import keys


def _verify_chunk(jobs: list[tuple[str, bytes, str]]) -> list[bool]:
    return [keys.verify_raw(pub, msg, sig) for pub, msg, sig in jobs]


def _integrity_of(path: str, pragma: str) -> list[tuple]:
    from qa_desk.store.db import connect

    db = connect(path, readonly=True)
    try:
        return [tuple(r) for r in db.conn.execute(f"PRAGMA {pragma}")]
    finally:
        db.conn.close()


def snapshot_mark(db: Database) -> tuple:
    """What tells two snapshots of one file apart: every write adds an audit entry or a seal, and a
    destruction a destruction-log row."""
    return tuple(db.conn.execute("SELECT (SELECT coalesce(max(id), 0) FROM audit_log), (SELECT count(*) FROM "
                                 "seals), (SELECT count(*) FROM destruction_log)").fetchone())


def _records(db: Database) -> list:
    """Every record against its trail, and every signature against the content it signed now."""
    from qa_desk.core.verify import signature_states
    from qa_desk.core.verify_replay import check_replay

    return check_replay(db) + signature_states(db)


def _replay_of(path: str) -> tuple[tuple, list]:
    from qa_desk.core.verify import snapshot
    from qa_desk.store.db import connect

    db = connect(path, readonly=True)
    try:
        with snapshot(db):
            return snapshot_mark(db), _records(db)
    finally:
        db.conn.close()


class Ed25519Batch:
    """The slow, self-contained parts of one verify: SQLite's integrity check of the whole file, and the
    signature checks (about 80 µs each: seals and e-signatures) gathered while the trail is read in its
    snapshot. On a big file they run in a second process while this one replays the trail (a forked helper;
    not inside the GUI, whose threads must not be forked: there they run here)."""

    # from this file size on (the test suite lowers it through the environment to run the helper on a small file)
    PARALLEL_FROM_BYTES = int(os.environ.get("QA_DESK_PARALLEL_VERIFY_FROM", 64 << 20))

    def __init__(self, db: Database | None = None) -> None:
        self.jobs: list[tuple[str, bytes, str]] = []
        self.done: list[Callable[[bool], None]] = []
        self._pending: list = []
        self._sent = 0
        self._integrity = None
        self._pool = None
        if db is not None and _big(db) and _may_fork():
            import multiprocessing as mp

            self._pool = mp.get_context("fork").Pool(1)

    def integrity(self, db: Database, pragma: str) -> Callable[[], list[tuple]]:
        """Start SQLite's check (``quick_check`` or ``integrity_check``); returns what gives its rows."""
        if self._pool is not None:
            self._integrity = self._pool.apply_async(_integrity_of, (_path(db), pragma))
            return self._integrity.get
        rows = [tuple(r) for r in db.conn.execute(f"PRAGMA {pragma}")]
        return lambda: rows

    def replay(self, db: Database) -> Callable[[], list]:
        """The replay and the signatures' content states, in the helper on its own snapshot when there is one: its findings count only when that
        snapshot is this one's (the same newest entry, seals and destructions), else it runs here again."""
        if self._pool is None:
            return lambda: _records(db)
        mine = snapshot_mark(db)
        pending = self._pool.apply_async(_replay_of, (_path(db),))

        def result() -> list:
            theirs, findings = pending.get()
            return findings if theirs == mine else _records(db)
        return result

    def add(self, public_key: str, message: bytes, signature: str, done: Callable[[bool], None]) -> None:
        self.jobs.append((public_key, message, signature))
        self.done.append(done)

    def start(self) -> None:
        """Send the checks gathered so far to the helper (called as soon as a batch of them is known)."""
        if self._pool is not None and len(self.jobs) > self._sent:
            new = self.jobs[self._sent:]
            chunks = [new[i:i + 1000] for i in range(0, len(new), 1000)]
            self._pending.append(self._pool.map_async(_verify_chunk, chunks))
            self._sent = len(self.jobs)

    def finish(self) -> None:
        self.start()
        if self._pool is not None:
            results = [ok for pending in self._pending for chunk in pending.get() for ok in chunk]
        else:
            results = _verify_chunk(self.jobs)
        if self._pool is not None:
            if self._integrity is not None:
                self._integrity.wait()
            self._pool.close()
            self._pool.join()
        for ok, done in zip(results, self.done, strict=True):
            done(ok)
        self.jobs, self.done, self._pending, self._pool, self._sent = [], [], [], None, 0


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
