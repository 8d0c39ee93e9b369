"""Start-up, quitting and logging out as users meet them (issue 14, items 9 and 11): the file's checks run off
the GUI thread while the login window is up; the main window builds only the page it opens on; quitting and
logging out first ask each complaint window with unsaved work (Cancel keeps everything as it was), and the exit
backup runs on the pool with its progress shown."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QDialog, QMessageBox  # noqa: E402

from qa_desk.core import anchors, backups, investigation, retention, settings  # noqa: E402
from qa_desk.ui import app, backup_panel, integrity, jobs  # noqa: E402
from qa_desk.ui.audit_review_view import AuditReviewView  # noqa: E402
from qa_desk.ui.i18n import set_language  # noqa: E402
from qa_desk.ui.main_window import MainWindow  # noqa: E402
from qa_desk.ui.retention_view import RetentionView  # noqa: E402
from qa_desk.ui.tabs.investigation_tab import InvestigationTab  # noqa: E402
from qa_desk.ui.triage_view import TriageView  # noqa: E402
from tests import flows  # noqa: E402
from tests.test_gui_roles import logouts  # noqa: E402

Btn = QMessageBox.StandardButton


@pytest.fixture(autouse=True)
def _english():
    set_language("en")


def _window(qtbot, session, db_path, tmp_path) -> MainWindow:
    w = MainWindow(session, str(db_path), drafts_folder=str(tmp_path))
    qtbot.addWidget(w)
    w.show()
    return w


def test_the_file_is_checked_off_the_gui_thread_while_the_login_window_is_up(qtbot, people, db_path,
                                                                             monkeypatch):
    gui = threading.current_thread()
    calls: list[tuple[str, bool, float, float]] = []  # (check, on the GUI thread, started, ended)
    real_startup, real_quick = anchors.startup_check, backups.quick_check

    def timed(name, fn):
        def run(*args):
            started = time.monotonic()
            time.sleep(0.3)  # a big file: the login window must not wait for this
            try:
                return fn(*args)
            finally:
                calls.append((name, threading.current_thread() is gui, started, time.monotonic()))
        return run

    monkeypatch.setattr(anchors, "startup_check", timed("startup", real_startup))
    monkeypatch.setattr(backups, "quick_check", timed("quick", real_quick))
    integrity.remember(db_path, {})  # a day's start or a first one: both run in the background
    seen = {}

    def login_window(base, label, *, watch=None):
        seen["login_at"], seen["calls_before"] = time.monotonic(), list(calls)
        qtbot.waitUntil(lambda: {c[0] for c in calls} >= {"startup"}, timeout=20_000)
        watch.cancel()
        return None  # the user quits at the login window

    monkeypatch.setattr(app, "start", login_window)
    assert app.run(db_path, lang="en") == 0
    assert seen["calls_before"] == []  # nothing was checked before the login window came up
    assert calls and not any(on_gui for _name, on_gui, _s, _e in calls)
    startup = next(c for c in calls if c[0] == "startup")
    assert seen["login_at"] < startup[3]  # the login window was up while the check still ran


def test_only_the_page_shown_is_built(qtbot, people, db_path, tmp_path, monkeypatch):
    read = []
    real = retention.archived_page
    monkeypatch.setattr(retention, "archived_page", lambda *a, **k: read.append(1) or real(*a, **k))
    w = _window(qtbot, people["qahead"], db_path, tmp_path)
    assert w.built_pages() == ["tasks"]  # the QA head lands on My tasks
    assert not w.findChildren(RetentionView) and not w.findChildren(AuditReviewView)
    assert not w.findChildren(TriageView) and read == []
    w.nav.setCurrentRow(w.page_keys.index("retention"))
    assert w.findChildren(RetentionView) and read and w.stack.currentIndex() == w.page_keys.index("retention")
    assert w.built_pages() == ["tasks", "retention"] and not w.findChildren(AuditReviewView)
    assert w.review_view is not None and w.findChildren(AuditReviewView)  # asked for by the program: built then
    assert MainWindow(people["reception"], str(db_path)).built_pages() == ["registrations"]


def _dirty_window(people, w: MainWindow):
    c = flows.triaged(people)
    investigation.start(people["inspector"], c["id"])
    cw = w.open_complaint(c["id"])
    tab = cw.tab(InvestigationTab)
    tab.combos[0].setCurrentIndex(tab.combos[0].findData(investigation.CHECK_OK))
    assert tab.dirty and cw.isVisible()
    return cw


def _answer(monkeypatch, button) -> list[str]:
    asked = []

    def question(_parent, title, text, *_a, **_k):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_quitting_asks_each_unsaved_record_and_cancel_keeps_the_program(qtbot, people, db_path, tmp_path,
                                                                          monkeypatch):
    s = people["inspector"]
    w = _window(qtbot, s, db_path, tmp_path)
    cw = _dirty_window(people, w)
    asked = _answer(monkeypatch, Btn.Cancel)
    assert not w.close()
    assert len(asked) == 1 and "not saved" in asked[0]
    assert w.isVisible() and cw.isVisible() and logouts(s, s.actor.id) == 0
    asked = _answer(monkeypatch, Btn.Discard)
    assert w.close()
    assert len(asked) == 1 and not w.isVisible() and not cw.isVisible() and logouts(s, s.actor.id) == 1


def test_logging_out_asks_each_unsaved_record_and_cancel_keeps_the_login(qtbot, people, db_path, tmp_path,
                                                                         monkeypatch):
    s = people["inspector"]
    w = _window(qtbot, s, db_path, tmp_path)
    cw = _dirty_window(people, w)
    next_logins = []
    monkeypatch.setattr(w, "ask_login", lambda: next_logins.append(1) or people["qavp"])
    asked = _answer(monkeypatch, Btn.Cancel)
    w.log_out()
    assert len(asked) == 1 and w.session is s and cw.isVisible() and w.isVisible()
    assert next_logins == [] and logouts(s, s.actor.id) == 0
    asked = _answer(monkeypatch, Btn.Discard)
    w.log_out()
    assert len(asked) == 1 and not cw.isVisible() and next_logins == [1]
    assert w.session is people["qavp"] and logouts(s, s.actor.id) == 1


def test_the_exit_backup_runs_on_the_pool_with_its_progress_shown(qtbot, people, db_path, tmp_path, monkeypatch):
    monkeypatch.setattr(backup_panel.AutoBackup, "enabled", True)
    settings.put_many(people["admin"], {"backup_dir": str(tmp_path / "exit"), "backup_on_exit": True},
                      reason="test")
    gui = threading.current_thread()
    seen = {}
    real = backups.backup

    def backup(session, path, **kwargs):
        seen["on_gui"] = threading.current_thread() is gui
        seen["shown"] = [d.isVisible() for d in w.findChildren(QDialog) if d.objectName() == "job_wait"]
        seen["running"] = jobs.running()
        return real(session, path, **kwargs)

    monkeypatch.setattr(backups, "backup", backup)
    w = _window(qtbot, people["qahead"], db_path, tmp_path)
    assert w.close()
    assert seen == {"on_gui": False, "shown": [True], "running": True}
    assert len(backups.listing(tmp_path / "exit", db_path.stem)) == 1 and not jobs.running()
