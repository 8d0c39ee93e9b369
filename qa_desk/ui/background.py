"""Reads that may take a while (counts over the whole file, the task list, the integrity checks) run on a worker
thread with their own read-only connection; the result comes back to the GUI thread through a signal.

A sqlite3 connection belongs to the thread that opened it, so the worker opens, uses and closes its own. A long
read can report progress (``on_progress``: the function is then called as ``fn(db, progress)``) and be cancelled
(``Reading.cancel``: the running statement is interrupted, or the next progress report stops it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from qa_desk.store.db import connect


class Cancelled(Exception):
    """Raised inside a cancelled read at its next progress report."""


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(str)
    progress = Signal(int, int)
    finished = Signal()


class Reading(QRunnable):
    def __init__(self, db_path: str, fn: Callable, relay: _Relay, with_progress: bool) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python keeps it (cancel() may come after run() ended)
        self.db_path, self.fn, self.relay, self.with_progress = db_path, fn, relay, with_progress
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._db = None

    def run(self) -> None:
        try:
            result = self._read()
        except Cancelled:
            pass
        except Exception as exc:  # reported on the GUI thread; a background read must not kill the app
            if not self._cancel.is_set():
                self.relay.failed.emit(str(exc))
        else:
            if not self._cancel.is_set():
                self.relay.done.emit(result)
        self.relay.finished.emit()

    def _read(self):
        db = connect(self.db_path, readonly=True)
        with self._lock:
            self._db = db
        try:
            if self._cancel.is_set():
                raise Cancelled
            return self.fn(db, self._progress) if self.with_progress else self.fn(db)
        finally:
            with self._lock:
                self._db = None
            db.close()

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled
        self.relay.progress.emit(done, total)

    def cancel(self) -> None:
        """Stop it: nothing more is reported to the GUI thread."""
        self._cancel.set()
        with self._lock:
            if self._db is not None:
                self._db.conn.interrupt()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


_alive: set[Reading] = set()


def read(db_path: str, fn: Callable[..., Any], on_done: Callable[[Any], None],
         on_failed: Callable[[str], None] | None = None, *, on_progress: Callable[[int, int], None] | None = None,
         pool: QThreadPool | None = None, owner=None) -> Reading:
    """Run ``fn(read_only_db)`` (``fn(read_only_db, progress)`` with ``on_progress``) on the thread pool; call
    ``on_done(result)`` on the GUI thread. With ``owner`` (the widget that shows the result), an answer that
    arrives after that widget was deleted (a page rebuilt for another language, a window closed) is dropped."""
    relay = _Relay()
    reading = Reading(db_path, fn, relay, on_progress is not None)
    _alive.add(reading)
    if owner is not None:
        import shiboken6

        def alive(call):
            return lambda *args: call(*args) if shiboken6.isValid(owner) else None

        on_done = alive(on_done)
        on_failed = alive(on_failed) if on_failed else None
    relay.done.connect(on_done)
    relay.finished.connect(lambda: _alive.discard(reading))
    if on_failed:
        relay.failed.connect(on_failed)
    if on_progress:
        relay.progress.connect(on_progress)
    (pool or QThreadPool.globalInstance()).start(reading)
    return reading
