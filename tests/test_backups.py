"""Backup and restore: consistent copies (also while another connection writes), verified restores that keep
the current file aside, the backup folder keeping the last N, and role checks."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from qa_desk.core import backups, intake, settings
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.core.verify import verify
from qa_desk.store.db import connect
from tests import flows
from tests.conftest import count_rows
from tests.test_cli import run


def test_backup_then_restore_brings_back_exactly_the_backed_up_records(people, db_path, tmp_path):
    admin = people["admin"]
    for _ in range(3):
        flows.registered(people)
    made = backups.backup(admin, db_path, tmp_path / "b.sqlite3")
    assert made.size > 0 and len(made.sha256) == 64 and backups.check(made.path) == []
    for _ in range(2):
        flows.registered(people)
    aside = backups.restore(admin, db_path, made.path)
    assert count_rows(admin, "complaints") == 3 and verify(admin.db) == []
    kept = connect(aside, readonly=True)
    assert kept.conn.execute("SELECT count(*) FROM complaints").fetchone()[0] == 5  # nothing is lost by a restore
    last = admin.db.conn.execute("SELECT action, new FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert last["action"] == "restore" and made.sha256 in last["new"]
    flows.registered(people)  # the restored file goes on numbering without a gap
    assert verify(admin.db) == []


def test_a_tampered_backup_is_not_restored_and_nothing_changes(people, db_path, tmp_path):
    admin = people["admin"]
    flows.registered(people)
    made = backups.backup(admin, db_path, tmp_path / "b.sqlite3")
    conn = sqlite3.connect(made.path)
    conn.execute("UPDATE complaints SET description = '被改过' WHERE id = 1")  # no trigger guards the data rows
    conn.commit()
    conn.close()
    flows.registered(people)
    with pytest.raises(DomainError, match="failed verification") as err:
        backups.restore(admin, db_path, made.path)
    assert "description" in err.value.message("en")
    assert count_rows(admin, "complaints") == 2
    not_db = tmp_path / "x.sqlite3"
    not_db.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DomainError, match="failed verification"):
        backups.restore(admin, db_path, not_db)


def test_backup_taken_while_another_connection_writes_is_consistent(people, db_path, tmp_path):
    inspector = people["inspector"]
    stop, written = threading.Event(), []

    def keep_writing():  # another window: its own connection, in its own thread
        writer = Session(connect(db_path), inspector.actor, clock=inspector.clock, policy=inspector.policy)
        while not stop.is_set() and len(written) < 400:
            written.append(intake.register(writer, flows.draft(writer))["number"])
        writer.db.conn.close()

    for _ in range(30):
        flows.registered(people)
    t = threading.Thread(target=keep_writing)
    t.start()
    try:
        made = [backups.backup(people["admin"], db_path, tmp_path / f"during-{i}.sqlite3") for i in range(3)]
    finally:
        stop.set()
        t.join()
    assert written, "the writer never got to write"
    for m in made:
        assert backups.check(m.path) == []  # each copy is a consistent snapshot: verify passes on it
    fresh = tmp_path / "fresh.sqlite3"
    target = connect(fresh)
    src = sqlite3.connect(made[-1].path)
    src.backup(target.conn)
    assert verify(target) == []


def test_backup_folder_keeps_the_last_n_and_daily_is_due_after_a_day(people, db_path, tmp_path):
    admin = people["admin"]
    settings.put_many(admin, {"backup_dir": str(tmp_path / "backups"), "backup_keep": 3})
    assert backups.daily_due(admin)
    for _ in range(5):
        admin.clock.advance(minutes=1)
        backups.backup(admin, db_path)
    kept = backups.listing(tmp_path / "backups", db_path.stem)
    assert len(kept) == 3 and kept[0].name.endswith(admin.now().strftime("%Y%m%d-%H%M%S") + ".sqlite3")
    assert not backups.daily_due(admin)
    admin.clock.advance(days=1, seconds=1)
    assert backups.daily_due(admin)


def test_only_the_administrator_restores(people, db_path, tmp_path):
    with pytest.raises(DomainError, match="may not"):  # a backup holds everyone's personal data
        backups.backup(people["inspector"], db_path, tmp_path / "b.sqlite3")
    made = backups.backup(people["qahead"], db_path, tmp_path / "b.sqlite3")
    with pytest.raises(DomainError, match="may not"):
        backups.restore(people["qahead"], db_path, made.path)
    refused = people["admin"].db.conn.execute("SELECT new FROM audit_log WHERE action = 'refused'").fetchall()
    assert any('"restore"' in r[0] for r in refused)
    with pytest.raises(DomainError):
        backups.backup(people["admin"], db_path, db_path)  # never onto the live file


def test_cli_backup_restore_and_wrong_role_refused_and_audited(people, db_path, tmp_path):
    flows.registered(people)
    env = {"QA_DESK_PASSWORD": "head-pass-1"}
    out = tmp_path / "cli.sqlite3"
    p = run("--db", db_path, "--lang", "en", "--user", "reception", "backup", "--out", tmp_path / "r.sqlite3",
            env_extra={"QA_DESK_PASSWORD": "recep-pass-1"})
    assert p.returncode == 2 and "may not" in p.stderr and not (tmp_path / "r.sqlite3").exists()
    p = run("--db", db_path, "--lang", "en", "--user", "qahead", "backup", "--out", out, env_extra=env)
    assert p.returncode == 0 and "Backed up to" in p.stdout and out.exists()
    p = run("--db", db_path, "--lang", "en", "--user", "qahead", "restore", out, env_extra=env)
    assert p.returncode == 2 and "may not" in p.stderr and "Traceback" not in p.stderr
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT username FROM audit_log WHERE action = 'refused' AND new LIKE '%restore%'"
                        ).fetchall() == [("qahead",)]
    p = run("--db", db_path, "--lang", "zh_CN", "--user", "admin", "restore", out,
            env_extra={"QA_DESK_PASSWORD": "admin-pass-1"})
    assert p.returncode == 0 and "已从" in p.stdout
    assert run("--db", db_path, "verify").returncode == 0


def test_daily_setting_off(people):
    settings.put_many(people["admin"], {"backup_daily": False})
    assert not backups.daily_due(people["admin"])
    people["admin"].clock.advance(days=3)
    assert not backups.daily_due(people["admin"])


def test_backup_page_backs_up_and_restores_off_the_gui_thread(qtbot, people, db_path, tmp_path, monkeypatch):
    from qa_desk.ui import backup_panel

    monkeypatch.setattr(backup_panel, "CONFIRM_RESTORE", False)
    settings.put_many(people["admin"], {"backup_dir": str(tmp_path / "bk")})
    flows.registered(people)
    panel = backup_panel.BackupPanel(people["admin"], str(db_path))
    qtbot.addWidget(panel)
    panel.backup_now()
    qtbot.waitUntil(lambda: panel.last_result is not None, timeout=20_000)
    assert panel.list.count() == 1 and "SHA-256" in panel.status.text()
    flows.registered(people)
    panel.last_result = None
    panel.list.setCurrentRow(0)
    panel.restore_selected()
    qtbot.waitUntil(lambda: panel.last_result is not None, timeout=20_000)
    assert count_rows(people["admin"], "complaints") == 1 and panel.last_result.exists()


def test_closing_the_main_window_backs_up_when_the_setting_asks(qtbot, people, db_path, tmp_path, monkeypatch):
    from qa_desk.ui import backup_panel
    from qa_desk.ui.main_window import MainWindow

    monkeypatch.setattr(backup_panel.AutoBackup, "enabled", True)
    settings.put_many(people["admin"], {"backup_dir": str(tmp_path / "exit")})
    window = MainWindow(people["qahead"], str(db_path))
    qtbot.addWidget(window)
    window.close()
    assert len(backups.listing(tmp_path / "exit", db_path.stem)) == 1
    settings.put_many(people["admin"], {"backup_on_exit": False})
    window = MainWindow(people["qahead"], str(db_path))
    qtbot.addWidget(window)
    window.close()
    assert len(backups.listing(tmp_path / "exit", db_path.stem)) == 1


def test_startup_check_finds_a_damaged_file_and_the_latest_good_backup(people, db_path, tmp_path):
    admin = people["admin"]
    settings.put_many(admin, {"backup_dir": str(tmp_path / "bk")})
    for _ in range(20):
        flows.registered(people, description="胶囊破损，内有异物。" * 40)
    assert backups.quick_check(admin.db) is None
    good = backups.backup(admin, db_path)
    admin.clock.advance(minutes=5)
    bad = backups.backup(admin, db_path)
    with open(bad.path, "r+b") as f:  # a later backup damaged on disk is skipped
        f.seek(4096 * 3)
        f.write(b"\xff" * 4096 * 4)
    assert backups.latest_good(tmp_path / "bk", db_path.stem) == good.path
    damaged = connect(bad.path, readonly=True)
    assert backups.quick_check(damaged) is not None
