"""Reads that may take a while (counts over the whole file, the task list) run on a worker thread with
their own read-only connection; the result comes back to the GUI thread through a signal.

A sqlite3 connection belongs to the thread that opened it, so the worker opens, uses and closes its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from qa_desk.store.db import connect


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(str)


class _Read(QRunnable):
    def __init__(self, db_path: str, fn: Callable, relay: _Relay) -> None:
        super().__init__()
        self.db_path, self.fn, self.relay = db_path, fn, relay

    def run(self) -> None:
        try:
            db = connect(self.db_path, readonly=True)
            try:
                result = self.fn(db)
            finally:
                db.close()
        except Exception as exc:  # reported on the GUI thread; a background read must not kill the app
            self.relay.failed.emit(str(exc))
            return
        self.relay.done.emit(result)


_alive: set[_Relay] = set()


def read(db_path: str, fn: Callable[[Any], Any], on_done: Callable[[Any], None],
         on_failed: Callable[[str], None] | None = None) -> None:
    """Run ``fn(read_only_db)`` on the thread pool; call ``on_done(result)`` on the GUI thread."""
    relay = _Relay()
    _alive.add(relay)
    relay.done.connect(on_done)
    relay.done.connect(lambda _r: _alive.discard(relay))
    relay.failed.connect(lambda _m: _alive.discard(relay))
    if on_failed:
        relay.failed.connect(on_failed)
    QThreadPool.globalInstance().start(_Read(db_path, fn, relay))
