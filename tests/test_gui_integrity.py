"""The file checked at every start (issue 12, item 4): the workstation's memory of the file, the start-up check
and the full verify in the background, what the QA head and everyone else are shown, the alarm in the trail; the
login's seal flushed by the main window; a file SQLite cannot open gets the restore offer."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton  # noqa: E402

from qa_desk.core import anchors, audit_events, audit_review, backups, settings, users  # noqa: E402
from qa_desk.core.clock import iso  # noqa: E402
from qa_desk.core.session import Session  # noqa: E402
from qa_desk.ui import integrity, jobs  # noqa: E402
from qa_desk.ui.i18n import set_language  # noqa: E402
from qa_desk.ui.main_window import MainWindow  # noqa: E402
from tests import flows  # noqa: E402
from tests.conftest import PASSWORDS, count_rows  # noqa: E402

WAIT = 30_000


def _alarms(people) -> list[dict]:
    day = people["qahead"].now().date()
    found = audit_review.trail(people["qahead"], audit_review.TrailFilter(day, day, kinds=("changes",)))
    return [json.loads(e["new"]) for e in found.entries if e["action"] == "integrity_alarm"]


def _window(qtbot, session, db_path, tmp_path, watch=None) -> MainWindow:
    window = MainWindow(session, str(db_path), drafts_folder=str(tmp_path), watch=watch)
    qtbot.addWidget(window)
    return window


def _settled(watch) -> bool:
    return not watch.busy and watch.state not in ("idle", "checking")


def _copy_into(source, target) -> None:
    """What someone with the file does: put an older copy back over it (SQLite's backup API)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("zh_CN")


@pytest.fixture
def watches():
    made: list[integrity.Watch] = []
    yield made
    for w in made:
        w.cancel()


def test_a_rolled_back_file_warns_everyone_and_opens_the_report_for_the_qa_head(qtbot, people, db_path, tmp_path,
                                                                               watches):
    flows.registered(people)
    older = tmp_path / "older.sqlite3"
    _copy_into(db_path, older)
    flows.registered(people)
    db, now = people["admin"].db, iso(people["admin"].now())
    integrity.remember(db_path, anchors.startup_check(db, None, now).memory)  # this workstation saw the longer chain
    seen = anchors.chain_head(db)
    _copy_into(older, db_path)
    assert anchors.chain_head(db).count < seen.count

    watch = integrity.Watch(db_path, people["admin"].clock)
    watches.append(watch)
    window = _window(qtbot, people["inspector"], db_path, tmp_path, watch)
    watch.start()
    qtbot.waitUntil(lambda: bool(watch.alarms) and window.integrity_label.isVisibleTo(window), timeout=WAIT)
    assert window.integrity_dialog is None  # the inspector is told whom to tell, not shown the report
    assert window.integrity_label.text().startswith("Tell the QA head") and "shorter" in window.integrity_label.text()
    assert str(seen.count) in window.integrity_label.toolTip()

    window.switch_user(people["qahead"])  # the QA head takes over the workstation: the report opens
    qtbot.waitUntil(lambda: window.integrity_dialog is not None, timeout=WAIT)
    dialog = window.integrity_dialog
    found = dialog.found.toPlainText()
    assert "The audit chain is shorter than noted before" in found and f"{seen.count} entries were seen" in found
    todo = dialog.findChild(QLabel, "integrity_todo").text()
    assert "run a full verify" in todo and "chain head noted" in todo and "restores the latest backup" in todo
    assert dialog.findChild(QPushButton, "restore_backup") is None  # restoring is the administrator's
    assert "shorter" in dialog.compare(str(seen))  # the head noted on a record says the same
    assert "still holds" in dialog.compare(str(anchors.chain_head(db)))
    assert "Not a chain head" in dialog.compare("12:abc")

    alarms = _alarms(people)
    assert [a["kind"] for a in alarms] == ["startup"]  # once per start, whoever saw it first
    assert "shorter" in alarms[0]["found"][0]
    assert anchors.Head.parse(integrity.remembered(db_path)["head"]) == seen  # the longer chain is not forgotten
    qtbot.waitUntil(lambda: _settled(watch), timeout=WAIT)  # the warning asked for a full verify too
    assert watch.state == "verified" and "the warning stands" in window.verify_label.text()
    dialog.close()
    window.integrity_label.linkActivated.emit("report")  # the status bar opens the report again
    assert window.integrity_dialog is not dialog and "shorter" in window.integrity_dialog.found.toPlainText()


def test_a_clean_file_shows_nothing_and_is_remembered(qtbot, people, db_path, tmp_path, watches):
    flows.registered(people)
    watch = integrity.Watch(db_path, people["admin"].clock)
    watches.append(watch)
    window = _window(qtbot, people["qahead"], db_path, tmp_path, watch)
    progress = []
    watch.changed.connect(lambda: progress.append(window.verify_label.text()))
    watch.start()
    qtbot.waitUntil(lambda: _settled(watch), timeout=WAIT)
    assert watch.state == "verified" and not watch.alarms  # never checked here before: a full verify ran
    assert window.integrity_dialog is None and not window.integrity_label.isVisibleTo(window)
    assert progress[0] == "Checking the file…" and any(t.startswith("Verifying the file…") for t in progress)
    assert window.verify_label.text().startswith("Verified: all checks hold")
    memory = integrity.remembered(db_path)
    head = str(anchors.chain_head(people["admin"].db))
    assert memory["head"] == memory["checked"] == head and memory["full_at"] == iso(people["admin"].now())
    assert _alarms(people) == []

    again = integrity.Watch(db_path, people["admin"].clock)  # the next start the same day: quick, no full verify
    watches.append(again)
    again.start()
    qtbot.waitUntil(lambda: _settled(again), timeout=WAIT)
    assert again.state == "checked" and not again.alarms and again.status_text() == "Checked at start."
    again.verify_now()  # "Run a full verify now"
    qtbot.waitUntil(lambda: _settled(again), timeout=WAIT)
    assert again.state == "verified" and again.outcome[0] == 0


def test_the_background_verify_reports_a_tampered_row(qtbot, people, db_path, tmp_path, watches):
    cid = flows.registered(people)["id"]
    integrity.remember(db_path, anchors.startup_check(people["admin"].db, None, iso(people["admin"].now())).memory)
    conn = sqlite3.connect(db_path)  # an edit of the record with sqlite3, no service
    conn.execute("UPDATE complaints SET description = 'nothing wrong' WHERE id = ?", (cid,))
    conn.commit()
    conn.close()
    watch = integrity.Watch(db_path, people["admin"].clock)
    watches.append(watch)
    window = _window(qtbot, people["admin"], db_path, tmp_path, watch)
    watch.start()
    qtbot.waitUntil(lambda: _settled(watch), timeout=WAIT)
    assert watch.state == "verified" and [a.kind for a in watch.alarms] == ["verify"]
    assert window.verify_label.text().startswith("The full verify found")
    found = window.integrity_dialog.found.toPlainText()
    assert "complaints" in found and "description" in found
    assert window.integrity_dialog.findChild(QPushButton, "restore_backup") is not None  # the administrator's
    alarms = _alarms(people)
    assert [a["kind"] for a in alarms] == ["verify"] and "description" in " ".join(alarms[0]["found"])
    assert integrity.remembered(db_path).get("full_at") is None  # a failed verify is no clean check


def test_the_report_is_chinese_for_a_chinese_user(qtbot, people, db_path, tmp_path, watches):
    from tests.test_translations import assert_all_chinese

    set_language("zh_CN")
    watch = integrity.Watch(db_path, people["admin"].clock)
    watch.alarms.append(integrity.Alarm("startup", [integrity.Pair("审计链比此前记录的短", "shorter")]))
    window = _window(qtbot, people["qahead"], db_path, tmp_path, watch)
    window.show_integrity()
    assert "审计链比此前记录的短" in window.integrity_dialog.found.toPlainText()
    assert_all_chinese(window.integrity_dialog, set())
    assert_all_chinese(window.statusBar(), set())


def test_logout_lock_timer_and_jobs_leave_nothing_unsealed(qtbot, people, db_path, tmp_path, monkeypatch):
    from qa_desk.core import keys, verify

    monkeypatch.setattr(keys, "SEAL_WINDOW_S", 60.0)  # the office's batching (the suite seals at once)
    from qa_desk.ui.lock import LockDialog

    cid = flows.registered(people)["id"]
    inspector = people["inspector"]
    window = _window(qtbot, inspector, db_path, tmp_path)
    audit_events.viewed(inspector, cid)
    assert count_rows(inspector, "seal_pending") > 0 and inspector.spans.pending
    window.seal_timer.setInterval(20)  # the minute's timer, shortened
    qtbot.waitUntil(lambda: count_rows(inspector, "seal_pending") == 0, timeout=WAIT)
    window.seal_timer.setInterval(60_000)  # back to the minute, so it does not seal what the job writes below

    results = []  # a background job writes as the same login: its entry is in the login's spans
    jobs.start(window, str(db_path), inspector, "job", lambda s, progress, cancelled: audit_events.viewed(s, cid),
               results.append, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=WAIT)
    assert results == [None] and inspector.spans.pending
    lock = LockDialog(inspector, window)  # locking seals
    qtbot.addWidget(lock)
    assert count_rows(inspector, "seal_pending") == 0 and not inspector.spans.pending

    audit_events.viewed(inspector, cid)
    window.ask_login = lambda: None  # File › Log out, and nobody logs in next: the app closes
    window.log_out()
    assert count_rows(inspector, "seal_pending") == 0 and inspector.key is None
    assert [f.text("en") for f in verify.verify_report(inspector.db).findings] == []


def _answer_boxes(*answers: str) -> QTimer:
    """Click, in the message boxes that come up in turn, the button whose text holds each answer."""
    pending = list(answers)

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if pending and isinstance(box, QMessageBox):
            button = next((b for b in box.buttons() if pending[0] in b.text()), None)
            if button is not None:
                pending.pop(0)
                button.click()

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(30)
    timer.pending = pending
    return timer


def test_a_file_sqlite_cannot_open_gets_the_restore_offer(qtbot, people, db_path, tmp_path):
    from qa_desk.ui.app import open_file

    admin, clock = people["admin"], people["admin"].clock
    settings.put_many(admin, {"backup_dir": str(tmp_path / "bk")})
    flows.registered(people)
    good = backups.backup(admin, db_path)
    integrity.remember_backup_folder(db_path, backups.folder(admin.db, db_path))
    admin.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(db_path, "r+b") as f:  # the header gone: SQLite cannot open it at all
        f.write(b"not a database, not at all" * 4)

    def log_in(base):
        return users.login(Session(base.db, clock=clock), "admin", PASSWORDS["admin"])

    answers = _answer_boxes("Restore that backup", "OK")
    opened = open_file(db_path, login=log_in)
    answers.stop()
    assert opened is not None and answers.pending == []
    aside = list(tmp_path.glob("qa.damaged-*.sqlite3"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"not a database")
    head = users.login(Session(opened.db, clock=clock), "qahead", PASSWORDS["qahead"])
    day = date.fromisoformat(iso(clock.now())[:10])
    trail = audit_review.trail(head, audit_review.TrailFilter(day, day, kinds=("changes",)))
    restore = [e for e in trail.entries if e["action"] == "restore"]
    assert len(restore) == 1 and str(good.path) in restore[0]["new"] and "kept aside" in restore[0]["reason"]


def test_a_file_sqlite_cannot_open_and_no_backup_says_so(qtbot, db_path, tmp_path, monkeypatch):
    from qa_desk.ui.app import open_file

    db_path.write_bytes(b"garbage" * 1000)
    integrity.remember_backup_folder(db_path, tmp_path / "none")
    said = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: said.append(text))
    assert open_file(db_path) is None
    assert "cannot be opened" in said[0] and "No backup that verifies was found" in said[0]
    assert db_path.read_bytes().startswith(b"garbage")  # left as it was


def test_a_check_that_cannot_read_the_file_is_an_alarm_and_a_stale_verify_runs_again(qtbot, people, db_path,
                                                                                      tmp_path, watches):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"garbage" * 1000)
    watch = integrity.Watch(broken, people["admin"].clock)
    watches.append(watch)
    watch.start()
    qtbot.waitUntil(lambda: _settled(watch), timeout=WAIT)
    assert watch.state == "failed" and [a.kind for a in watch.alarms] == ["startup"]
    assert "could not read the file to the end" in watch.alarms[0].texts()[0]

    clock = people["admin"].clock
    daily = integrity.Watch(db_path, clock)
    watches.append(daily)
    daily.start()
    qtbot.waitUntil(lambda: _settled(daily), timeout=WAIT)
    assert daily.state == "verified"
    daily._daily()  # the hourly look: verified today, nothing to do
    assert not daily.busy
    clock.advance(hours=25)
    daily._daily()  # a day later, in a window left open: the full verify runs again
    assert daily.busy and daily.state == "verifying"
    daily.cancel()  # closing the window stops it: no result comes back afterwards
    qtbot.wait(200)
    assert daily.state == "verifying" and not daily.busy


def test_the_administrator_accepts_the_file_as_it_is_and_the_warning_ends(qtbot, people, db_path, tmp_path, watches):
    """A warning the office has looked into (a restore that gave the file a new root, say): the administrator
    accepts the file as it is, with a reason; that is recorded with the anchors it replaces, and the next start
    warns no more."""
    flows.registered(people)
    older = tmp_path / "older.sqlite3"
    _copy_into(db_path, older)
    flows.registered(people)
    db, now = people["admin"].db, iso(people["admin"].now())
    integrity.remember(db_path, anchors.startup_check(db, None, now).memory)
    _copy_into(older, db_path)
    watch = integrity.Watch(db_path, people["admin"].clock)
    watches.append(watch)
    window = _window(qtbot, people["admin"], db_path, tmp_path, watch)
    watch.start()
    qtbot.waitUntil(lambda: window.integrity_dialog is not None, timeout=WAIT)
    dialog = window.integrity_dialog
    assert dialog.findChild(QPushButton, "accept_file") is not None
    assert "reason" in dialog.accept_file("").lower()  # a reason is required
    assert "Recorded" in dialog.accept_file("the restore of 1 October, checked with the QA head")
    entry = db.conn.execute("SELECT new, reason FROM audit_log WHERE action = 'anchors_accepted'").fetchone()
    assert entry and "1 October" in entry[1]
    again = anchors.startup_check(db, integrity.remembered(db_path), iso(people["admin"].now()))
    assert again.ok
    dialog.close()
