"""The file checked at every start (issue 12): what this workstation remembers of the file, the start-up check
and the full verify in the background, and what the QA head, the administrator and everyone else are shown.

The memory (``qa_desk.core.anchors``: the highest chain head seen, the root fingerprint, the last head checked
and the time of the last full verify) lives in this workstation's own settings (QSettings), outside the file,
keyed by the file's resolved path: a file cut back or rebuilt cannot rewrite what was seen of it.

Everything runs on read-only connections of its own (``background``): the start-up check at once (before and
during the login), then either the full verify (after any warning, and at least once a day) or SQLite's quick
check (seconds on a big file, so it is no longer in the way of the start). A file SQLite cannot open at all gets
the offer of the latest backup that verifies before anything else (``restore_unopenable``).
"""

from __future__ import annotations

import hashlib
import html
import json
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QT_TR_NOOP, QObject, QSettings, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
)

from qa_desk.core import anchors, backups, verify
from qa_desk.core.clock import Clock, SystemClock, iso
from qa_desk.core.errors import DomainError
from qa_desk.ui import background
from qa_desk.ui.i18n import language, tr

DAILY_CHECK_MS = 3600_000  # how often a long-running app looks whether the daily full verify is due


# --- what this workstation remembers of a file --------------------------------------------------------------

def _settings() -> QSettings:
    return QSettings("QA Desk", "QA Desk")


def memory_key(path) -> str:
    """A settings key per file (its resolved absolute path, hashed: a path is no valid key on every platform)."""
    return "integrity/" + hashlib.sha256(str(Path(path).expanduser().resolve()).encode()).hexdigest()[:32]


def _stored(path) -> dict:
    raw = _settings().value(memory_key(path))
    try:
        data = json.loads(raw) if raw else {}
    except (TypeError, ValueError):
        data = {}
    return data if isinstance(data, dict) else {}


def _store(path, **changes) -> None:
    data = _stored(path) | changes | {"path": str(Path(path).expanduser().resolve())}
    _settings().setValue(memory_key(path), json.dumps(data))


def remembered(path) -> dict:
    memory = _stored(path).get("memory")
    return memory if isinstance(memory, dict) else {}


def remember(path, memory: dict) -> None:
    _store(path, memory=memory)


def forget_head(path, root: str | None = None) -> None:
    """After a restore made here by an administrator: the file's chain is shorter on purpose; the root is kept,
    the head and the last check are learnt again (and the full verify runs at the next start)."""
    keep = {"root": root or remembered(path).get("root")}
    remember(path, {k: v for k, v in keep.items() if v})


def remember_backup_folder(path, folder: Path) -> None:
    """Where this file's backups go, for the day the file cannot be opened to read its settings."""
    _store(path, backups=str(folder))


def backup_folder(path) -> Path:
    folder = _stored(path).get("backups")
    if folder:
        return Path(folder)
    from platformdirs import user_data_dir  # the core's default (backups.folder) when the file cannot say

    return Path(user_data_dir("QA Desk", "QA Desk")) / "backups"


# --- what was found -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Pair:
    """A text the core gives in both languages."""

    zh: str
    en: str

    def text(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


@dataclass(frozen=True)
class Said:
    """A text of this screen (marked with QT_TR_NOOP), translated when shown."""

    source: str
    args: tuple = ()

    def text(self, _lang: str) -> str:
        return tr(self.source).format(*self.args)


COULD_NOT_FINISH = QT_TR_NOOP("The check could not read the file to the end ({0}). The file may be damaged: run a "
                              "full verify, and restore the latest backup that verifies if it fails.")
QUICK_CHECK = QT_TR_NOOP("SQLite's check of the file found damage: {0}")


@dataclass
class Alarm:
    """What one check found (``kind`` as in the audit entry: "startup" or "verify")."""

    kind: str
    items: list
    recorded: bool = False
    shown_to: set = field(default_factory=set)

    def texts(self, lang: str | None = None) -> list[str]:
        return [i.text(lang or language()) for i in self.items]


def startup_items(startup: anchors.Startup) -> list:
    return [Pair(zh, en) for _kind, zh, en in startup.warnings] + [Pair(f.text("zh"), f.text("en"))
                                                                   for f in startup.findings]


def sees_alarms(session) -> bool:
    """Who is shown what a check found, with what to do: the QA head, who reviews the audit trail, and the
    administrator (the core's permissions, not role names)."""
    return session.may("audit_review") or session.may("manage_users")


# --- the checks, in the background --------------------------------------------------------------------------

def _check_pool() -> QThreadPool:
    """One thread of its own: a verify of minutes never keeps the counts, lists and jobs waiting."""
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool(QApplication.instance())
        _POOL.setMaxThreadCount(1)
    return _POOL


_POOL: QThreadPool | None = None


class Watch(QObject):
    """The checks of one file for one run of the app. ``changed`` fires whenever the state or the alarms change;
    the main window shows them (``present``)."""

    changed = Signal()

    def __init__(self, db_path, clock: Clock | None = None, parent=None) -> None:
        super().__init__(parent)
        self.path = Path(db_path).expanduser().resolve()
        self.clock = clock or SystemClock()
        self.memory = remembered(self.path)
        self.alarms: list[Alarm] = []
        self.state = "idle"  # checking, verifying, quick, checked, verified, failed
        self.progress = (0, 0)
        self.outcome: tuple[int, int] | None = None  # (problems, entries) of the last full verify
        self.reading: background.Reading | None = None
        self._run_id = 0  # a result of a check cancelled (or replaced) meanwhile is dropped
        self.full_wanted = False
        self.daily = QTimer(self)
        self.daily.setInterval(DAILY_CHECK_MS)
        self.daily.timeout.connect(self._daily)

    @property
    def busy(self) -> bool:
        return self.reading is not None

    def start(self) -> None:
        """The start-up check: what changed since this workstation last checked the file."""
        memory, now = dict(self.memory), iso(self.clock.now())
        self._run("checking", lambda db: anchors.startup_check(db, memory, now), self._checked, "startup")
        self.daily.start()

    def verify_now(self) -> None:
        """The full verify, in one snapshot; what to remember is worked out in the same snapshot. Asked for
        while the start-up check runs, it follows that check; it replaces SQLite's quick check (it does more)."""
        if self.state == "checking" and self.busy:
            self.full_wanted = True
            return
        if self.state == "verifying" and self.busy:
            return
        if self.busy:
            self.reading.cancel()
        memory, now = dict(self.memory), iso(self.clock.now())

        def full(db, progress):
            with verify.snapshot(db):
                report = verify.verify_report(db, progress=progress)
                return report, anchors.after_full_verify(memory, db, report.findings, now)

        self.progress = (0, 0)
        self._run("verifying", full, self._verified, "verify", progress=True)

    def cancel(self) -> None:
        self.daily.stop()
        self._run_id += 1
        if self.reading is not None:
            self.reading.cancel()
            self.reading = None

    def _run(self, state: str, fn, done, kind: str, *, progress: bool = False) -> None:
        self.state = state
        self._run_id += 1
        run_id = self._run_id
        self.reading = background.read(
            str(self.path), fn, lambda r: self._finished(run_id, done, r),
            lambda msg: self._finished(run_id, lambda m: self._could_not(kind, m), msg),
            on_progress=(lambda n, total: self._progressed(run_id, n, total)) if progress else None,
            pool=_check_pool())
        self.changed.emit()

    def _finished(self, run_id: int, done, result) -> None:
        if run_id != self._run_id:
            return
        self.reading = None
        done(result)
        self.changed.emit()

    def _progressed(self, run_id: int, done: int, total: int) -> None:
        if run_id == self._run_id:
            self.progress = (done, total)
            self.changed.emit()

    def _checked(self, startup: anchors.Startup) -> None:
        self._remember(startup.memory)
        self.state = "checked"
        if not startup.ok:
            self.alarms.append(Alarm("startup", startup_items(startup)))
        if startup.full_due or self.full_wanted:
            self.verify_now()
        else:
            self._run("quick", backups.quick_check, self._quick_checked, "verify")

    def _quick_checked(self, problem: str | None) -> None:
        self.state = "failed" if problem else "checked"
        if problem:
            self.alarms.append(Alarm("verify", [Said(QUICK_CHECK, (problem,))]))

    def _verified(self, result) -> None:
        report, memory = result
        self._remember(memory)
        self.state = "verified"
        self.outcome = (len(report.findings), report.entries)
        if report.findings:
            self.alarms.append(Alarm("verify", [Pair(f.text("zh"), f.text("en")) for f in report.findings]))

    def _could_not(self, kind: str, message: str) -> None:
        self.state = "failed"
        self.alarms.append(Alarm(kind, [Said(COULD_NOT_FINISH, (message,))]))

    def _remember(self, memory: dict) -> None:
        self.memory = memory
        remember(self.path, memory)

    def _daily(self) -> None:
        if not self.busy and _older_than_a_day(self.memory.get("full_at"), self.clock.now()):
            self.verify_now()

    def record(self, session) -> None:
        """Each alarm into the audit trail once, by the user logged in when it is shown."""
        for alarm in self.alarms:
            if not alarm.recorded:
                alarm.recorded = True
                anchors.record_alarm(session, alarm.kind, alarm.texts())

    def status_text(self) -> str:
        if self.state == "checking":
            return tr("Checking the file…")
        if self.state == "verifying":
            done, total = self.progress
            return tr("Verifying the file… {done} of {total} audit entries").format(
                done=f"{done:,}", total=f"{total:,}") if total else tr("Verifying the file…")
        if self.state == "verified" and self.outcome:
            problems, entries = self.outcome
            if problems:
                return tr("The full verify found {problems} problems.").format(problems=problems)
            if any(a.kind == "startup" for a in self.alarms):  # a file cut back holds in itself
                return tr("The full verify found nothing inside the file ({entries} audit entries); the warning "
                          "stands.").format(entries=entries)
            return tr("Verified: all checks hold ({entries} audit entries).").format(entries=entries)
        if self.state in ("quick", "checked"):
            return tr("Checked at start.")
        return ""


def _older_than_a_day(then_iso: str | None, now: datetime) -> bool:
    try:
        return (now - datetime.fromisoformat(then_iso)).total_seconds() >= anchors.FULL_VERIFY_EVERY_S
    except (TypeError, ValueError):
        return True


# --- what the user is shown ---------------------------------------------------------------------------------

def present(window) -> None:
    """The watch's state in the status bar; each alarm recorded, opened in a dialog for the QA head and the
    administrator, named in the status bar for everyone with whom to tell."""
    watch, session = window.watch, window.session
    text = watch.status_text()
    window.verify_label.setText(text)
    window.verify_label.setVisible(bool(text))
    if not watch.alarms:
        window.integrity_label.hide()
        return
    watch.record(session)
    sees = sees_alarms(session)
    _warn(window, watch, sees)
    unseen = [a for a in watch.alarms if session.actor.id not in a.shown_to]
    if sees and unseen:
        show_report(window, unseen)


def _warn(window, watch: Watch, sees: bool) -> None:
    """The status bar names the problem, what to do first (the whole list in the tooltip)."""
    label, first = window.integrity_label, html.escape(watch.alarms[0].texts()[0])
    label.setText((tr('Integrity problem (<a href="report">see the report</a>): {problem}') if sees else
                   tr("Tell the QA head — integrity problem: {problem}")).format(problem=first))
    label.setToolTip("\n".join(t for a in watch.alarms for t in a.texts()))
    if sees and not label.property("linked"):
        label.setProperty("linked", True)
        label.linkActivated.connect(lambda _link: show_report(window, window.watch.alarms))
    label.show()


def show_report(window, alarms: list[Alarm]) -> None:
    for a in alarms:
        a.shown_to.add(window.session.actor.id)
    window.integrity_dialog = IntegrityDialog(window, alarms)
    window.integrity_dialog.open()


class IntegrityDialog(QDialog):
    """What a check found, each text in the user's language, and what to do about it."""

    def __init__(self, window, alarms: list[Alarm]) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("integrity_dialog")
        self.setWindowTitle(tr("Integrity check"))
        self.resize(760, 480)
        self.found = QPlainTextEdit("\n".join("• " + t for a in alarms for t in a.texts()))
        self.found.setObjectName("integrity_found")
        self.found.setReadOnly(True)
        self.head = QLineEdit()
        self.head.setObjectName("noted_head")
        self.head.setPlaceholderText(tr("a noted chain head: COUNT:HASH"))
        self.result = QLabel()
        self.result.setObjectName("compare_result")
        self.result.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (self._intro(alarms), self.found, self._todo(), self._compare_row(), self.result,
                       self._buttons()):
            layout.addWidget(widget) if not isinstance(widget, QHBoxLayout) else layout.addLayout(widget)

    @staticmethod
    def _intro(alarms: list[Alarm]) -> QLabel:
        kinds = {a.kind for a in alarms}
        label = QLabel(tr("The check of this file at start found:") if kinds == {"startup"} else
                       tr("The check of this file found:"))
        label.setWordWrap(True)
        return label

    @staticmethod
    def _todo() -> QLabel:
        label = QLabel(tr("What to do: run a full verify (it runs in the background, its progress in the status "
                          "bar); compare the file with a chain head noted outside it (printed on every record, "
                          "in every periodic review and in the backup log); if the file was cut back or altered, "
                          "the administrator restores the latest backup that verifies. This alarm is recorded in "
                          "the audit trail."))
        label.setObjectName("integrity_todo")
        label.setWordWrap(True)
        return label

    def _compare_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        button = QPushButton(tr("Compare with this head"))
        button.setObjectName("compare_head")
        button.clicked.connect(lambda: self.compare(self.head.text()))
        row.addWidget(self.head, 1)
        row.addWidget(button)
        return row

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        verify_button = QPushButton(tr("Run a full verify now"))
        verify_button.setObjectName("run_verify")
        verify_button.clicked.connect(self.run_verify)
        row.addWidget(verify_button)
        if self.window_.session.may("restore"):
            restore = QPushButton(tr("Restore a backup…"))
            restore.setObjectName("restore_backup")
            restore.clicked.connect(lambda: (self.accept(), self.window_.backup()))
            row.addWidget(restore)
            keep = QPushButton(tr("Accept this file as it is…"))
            keep.setObjectName("accept_file")
            keep.clicked.connect(self.ask_accept)
            row.addWidget(keep)
        row.addStretch(1)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        return row

    def ask_accept(self) -> None:
        reason, ok = QInputDialog.getText(self, tr("Accept this file as it is"),
                                          tr("Why is this file, as it is now, the office's? (recorded in the audit "
                                             "trail with the anchors it replaces)"))
        if ok:
            self.accept_file(reason)

    def accept_file(self, reason: str) -> str:
        """The administrator's recorded decision: this workstation remembers the file as it is from now on."""
        path = self.window_.watch.path
        try:
            memory = anchors.accept_file(self.window_.session, remembered(path), reason)
        except DomainError as exc:
            self.result.setText(exc.message(language()))
            return self.result.text()
        remember(path, memory)
        self.result.setText(tr("Recorded. This workstation now remembers the file as it is; the next start checks "
                               "the whole trail against it."))
        return self.result.text()

    def run_verify(self) -> None:
        self.window_.watch.verify_now()
        self.result.setText(tr("The full verify runs in the background; the status bar shows its progress."))

    def compare(self, text: str) -> str:
        noted = anchors.Head.parse(text)
        if noted is None:
            self.result.setText(tr("Not a chain head: write it as COUNT:HASH (the entry count, a colon and 64 hex "
                                   "digits)."))
        else:
            problem = anchors.compare(self.window_.session.db, noted)
            self.result.setText(Pair(problem[1], problem[2]).text(language()) if problem else
                                tr("The file still holds the noted head {head}.").format(head=noted))
        return self.result.text()


# --- a file SQLite cannot open ------------------------------------------------------------------------------

def restore_unopenable(path: Path, exc: Exception, open_database, log_in):
    """Offer the latest backup that verifies for a file SQLite cannot open. Accepted, the damaged file is kept
    aside, the backup is put in its place and opened, an administrator logs in and the core's restore records
    it there; cancelled or refused, the damaged file goes back. Returns the opened file, or None."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        offer = backups.offer(backup_folder(path), path.stem)
    finally:
        QApplication.restoreOverrideCursor()
    text = tr("The database {path} cannot be opened: {problem}").format(path=path, problem=exc) + "\n\n" + \
        offer.text(language())
    if offer.chosen is None:
        QMessageBox.critical(None, "QA Desk", text + "\n\n" + tr("Contact the administrator."))
        return None
    box = QMessageBox(QMessageBox.Icon.Critical, "QA Desk", text + "\n\n" + tr(
        "Log in as the administrator to restore it? The damaged file is kept aside."))
    box.setObjectName("restore_offer")
    restore = box.addButton(tr("Restore that backup"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(tr("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not restore:
        return None
    return _put_in_place(path, offer.chosen, str(exc), open_database, log_in)


SIDE_FILES = ("", "-wal", "-shm")


def _move(src: Path, dst: Path) -> None:
    for suffix in SIDE_FILES:
        a, b = Path(f"{src}{suffix}"), Path(f"{dst}{suffix}")
        if a.exists():
            a.replace(b)


def _put_back(path: Path, aside: Path, opened) -> None:
    if opened is not None:
        opened.db.conn.close()
    for suffix in SIDE_FILES:
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    _move(aside, path)


def _put_in_place(path: Path, good: Path, problem: str, open_database, log_in):
    """The backup in the damaged file's place, then the core's restore of it onto itself: an administrator's
    audited restore entry, with the damaged file named in its reason."""
    from qa_desk.core.session import Session

    aside = path.with_name(f"{path.stem}.damaged-{datetime.now():%Y%m%d-%H%M%S}{path.suffix}")
    _move(path, aside)
    opened = None
    try:
        shutil.copyfile(good, path)
        opened = open_database(path)
        session = log_in(Session(opened.db))
        if session is None:
            _put_back(path, aside, opened)
            return None
        _restore_with_progress(session, path, good, tr("the file could not be opened ({problem}); it is kept "
                                                       "aside as {aside}").format(problem=problem, aside=aside))
        session.forget_key()
    except (DomainError, sqlite3.DatabaseError, OSError) as err:
        _put_back(path, aside, opened)
        QMessageBox.critical(None, "QA Desk", err.message(language()) if isinstance(err, DomainError) else str(err))
        return None
    forget_head(path)
    QMessageBox.information(None, "QA Desk", tr("Restored {name}; the damaged file is kept as {aside}.").format(
        name=good.name, aside=aside))
    return opened


def _restore_with_progress(session, path: Path, good: Path, reason: str) -> None:
    dialog = QProgressDialog(tr("Verifying and restoring…"), "", 0, 100)
    dialog.setCancelButton(None)
    dialog.setWindowTitle("QA Desk")
    dialog.setMinimumDuration(0)

    def progress(done: int, total: int) -> None:
        dialog.setValue(done * 100 // max(total, 1))
        QApplication.processEvents()

    try:
        backups.restore(session, path, good, progress=progress, reason=reason)
    finally:
        dialog.close()
