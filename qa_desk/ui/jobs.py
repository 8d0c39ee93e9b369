"""Long work (exports, batch prints, imports) off the GUI thread, with a progress dialog and Cancel; work the
program must wait for (the backup at exit) off it too, the window painting and its progress shown (``wait``).

The worker opens its own connection (a sqlite3 connection belongs to its thread) and acts as the same login
(``Session.on``: the same user, clock and unlocked key, sharing the login's unsealed spans), so its writes (the
audit entries of the export or the import) are sealed by that user; they take the write lock like any other.
The core functions take a progress callback and a cancel check, so the command line shows the same progress and
tests can cancel.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog

from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.store.db import connect
from qa_desk.ui.i18n import language, tr


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal(str)


class Job(QRunnable):
    def __init__(self, db_path: str, session: Session, work: Callable[..., Any]) -> None:
        super().__init__()
        self.db_path, self.session, self.work = db_path, session, work
        self.signals = _Signals()
        self.cancel_event = threading.Event()

    def run(self) -> None:
        db = connect(self.db_path)
        s = self.session.on(db)
        try:
            result = self.work(s, lambda n, total: self.signals.progress.emit(n, total), self.cancel_event.is_set)
        except DomainError as exc:
            signal = self.signals.cancelled if exc.code == "cancelled" else self.signals.failed
            signal.emit(exc.message(language()))
            return
        except Exception as exc:  # shown to the user; the job's own transaction has rolled back
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        finally:
            db.close()
        self.signals.done.emit(result)


_running: set[Job] = set()


def running() -> bool:
    """Whether a job is at work (the main window's seal timer waits for it: the job shares the login's spans)."""
    return bool(_running)


def start(parent, db_path: str, session: Session, title: str, work: Callable[..., Any],
          on_done: Callable[[Any], None], on_failed: Callable[[str], None],
          on_cancelled: Callable[[str], None] | None = None) -> Job:
    """Run ``work(session, progress, cancelled)`` on the pool with a modal progress dialog and Cancel.

    A cancelled job is not an error: ``on_cancelled`` (if given) gets the "nothing was written" message.
    """
    job = Job(db_path, session, work)
    dialog = QProgressDialog(title, tr("Cancel"), 0, 0, parent)
    dialog.setObjectName("job_progress")
    dialog.setWindowTitle("QA Desk")
    dialog.setMinimumDuration(300)
    dialog.canceled.connect(job.cancel_event.set)

    def progress(n: int, total: int) -> None:
        if total:
            dialog.setMaximum(total)
        dialog.setValue(n)

    def finish() -> None:
        _running.discard(job)
        dialog.reset()
        dialog.close()

    job.signals.progress.connect(progress)
    job.signals.done.connect(lambda r: (finish(), on_done(r)))
    job.signals.failed.connect(lambda m: (finish(), on_failed(m)))
    job.signals.cancelled.connect(lambda m: (finish(), on_cancelled and on_cancelled(m)))
    _running.add(job)
    job.dialog = dialog
    QThreadPool.globalInstance().start(job)
    return job


def wait(parent, db_path: str, session: Session, title: str, work: Callable[..., Any]) -> tuple[Any, str | None]:
    """Run ``work(session, progress, cancelled)`` on the pool and wait for it, the GUI painting meanwhile: for
    work that must finish before the program goes on (the backup at exit). A progress dialog shows at once
    that it runs, without Cancel; it is application-modal, so nothing else is clicked meanwhile. Returns
    (result, None), or (None, the message) when the work failed."""
    job = Job(db_path, session, work)
    dialog = QProgressDialog(title, "", 0, 0, parent)
    dialog.setObjectName("job_wait")
    dialog.setWindowTitle("QA Desk")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    loop, out = QEventLoop(), {}

    def progress(n: int, total: int) -> None:
        if total:
            dialog.setMaximum(total)
        dialog.setValue(n)

    def finish(result, message: str | None) -> None:
        out.update(result=result, message=message)
        loop.quit()

    job.signals.progress.connect(progress)
    job.signals.done.connect(lambda r: finish(r, None))
    job.signals.failed.connect(lambda m: finish(None, m))
    job.signals.cancelled.connect(lambda m: finish(None, m))
    _running.add(job)
    dialog.show()
    QThreadPool.globalInstance().start(job)
    try:
        if "message" not in out:
            loop.exec()
    finally:
        _running.discard(job)
        dialog.reset()
        dialog.close()
    return out.get("result"), out.get("message")


def ask_save_path(parent, title: str, default_name: str, file_filter: str):
    """The save dialog every export and print uses; None when the user cancels."""
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getSaveFileName(parent, title, default_name, file_filter)
    return Path(name) if name else None
