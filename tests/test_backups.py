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
from qa_desk.store import migrations
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
        writer = inspector.on(connect(db_path))
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
    for s in people.values():
        s.flush_seal()  # the command line runs at the real time, months after the test clock: logins sealed first
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


# --- issue 12: what a restore accepts, and how -------------------------------------------------------------------

def _tamper(path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def _last_entry(session) -> dict:
    import json

    r = session.db.conn.execute("SELECT action, new, reason FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return {"action": r["action"], "new": json.loads(r["new"]) if r["new"] else None, "reason": r["reason"]}


def test_a_backup_carrying_its_own_triggers_and_tables_is_refused_naming_them(people, db_path, tmp_path):
    admin = people["admin"]
    flows.registered(people)
    made = backups.backup(admin, db_path, tmp_path / "b.sqlite3")
    _tamper(made.path,
            "CREATE TABLE shadow_copy (name TEXT, phone TEXT)",
            "CREATE TRIGGER copy_names AFTER INSERT ON complaints BEGIN "
            "INSERT INTO shadow_copy VALUES (NEW.complainant_name, NEW.phone); END",
            "CREATE TRIGGER no_lockout AFTER UPDATE OF failed_attempts ON users BEGIN "
            "UPDATE users SET failed_attempts = 0, locked = 0 WHERE id = NEW.id; END",
            "CREATE VIEW everyone AS SELECT complainant_name, phone FROM complaints",
            "DROP TRIGGER audit_log_no_delete")
    flows.registered(people)
    with pytest.raises(DomainError) as err:
        backups.restore(admin, db_path, made.path)
    text = err.value.message("en")
    assert err.value.code == "backup_not_good"
    for named in ("table shadow_copy was added", "trigger copy_names was added", "trigger no_lockout was added",
                  "view everyone was added", "trigger audit_log_no_delete was dropped"):
        assert named in text, named
    assert "触发器 copy_names 是后加的" in err.value.message("zh_CN")
    assert count_rows(admin, "complaints") == 2 and backups.check(made.path)
    refused = admin.db.conn.execute("SELECT new FROM audit_log WHERE action = 'refused' ORDER BY id DESC LIMIT 1"
                                    ).fetchone()[0]
    assert '"restore"' in refused and "backup_not_good" in refused  # the refusal is in the trail


def test_an_altered_table_or_index_is_refused_too(people, db_path, tmp_path):
    admin = people["admin"]
    made = backups.backup(admin, db_path, tmp_path / "b.sqlite3")
    _tamper(made.path, "ALTER TABLE users ADD COLUMN note TEXT", "CREATE INDEX idx_hidden ON complaints(phone)")
    with pytest.raises(DomainError) as err:
        backups.restore(admin, db_path, made.path)
    assert "table users was altered" in str(err.value) and "index idx_hidden was added" in str(err.value)


def _other_installation(tmp_path, clock):
    from qa_desk.core import users
    from qa_desk.core.database import open_database
    from qa_desk.core.session import SYSTEM
    from tests.conftest import PASSWORDS

    path = tmp_path / "elsewhere" / "qa.sqlite3"
    base = Session(open_database(path, clock=clock).db, clock=clock)
    users.create_user(base.as_user(SYSTEM), "admin", "别处的管理员", ["admin"], PASSWORDS["admin"])
    admin = users.login(base, "admin", PASSWORDS["admin"])
    settings.put_many(admin, {"company_name": "另一家药厂"})
    return path, admin


def test_another_installations_file_only_by_the_administrators_decision_with_a_reason(people, db_path, tmp_path,
                                                                                       clock):
    from qa_desk.core import keys

    admin = people["admin"]
    flows.registered(people)
    path, other = _other_installation(tmp_path, clock)
    theirs = backups.backup(other, path, tmp_path / "theirs.sqlite3")
    assert backups.check(theirs.path) == []  # a sound file in itself
    mine, foreign = keys.root_fingerprint(admin.db), keys.root_fingerprint(other.db)
    assert mine and foreign and mine != foreign
    with pytest.raises(DomainError) as err:
        backups.restore(admin, db_path, theirs.path)
    assert err.value.code == "other_installation" and foreign in str(err.value) and mine in str(err.value)
    assert "另一套 QA Desk 安装" in err.value.message("zh_CN")
    with pytest.raises(DomainError, match="needs a reason"):
        backups.restore(admin, db_path, theirs.path, allow_other_installation=True, reason="  ")
    assert count_rows(admin, "complaints") == 1 and keys.root_fingerprint(admin.db) == mine
    p = run("--db", db_path, "--lang", "en", "--user", "admin", "restore", theirs.path,
            env_extra={"QA_DESK_PASSWORD": "admin-pass-1"})
    assert p.returncode == 2 and "another QA Desk installation" in p.stderr and "Traceback" not in p.stderr
    p = run("--db", db_path, "--lang", "en", "--user", "admin", "restore", theirs.path, "--other-installation",
            env_extra={"QA_DESK_PASSWORD": "admin-pass-1"})
    assert p.returncode == 2 and "needs a reason" in p.stderr
    p = run("--db", db_path, "--lang", "en", "--user", "admin", "restore", theirs.path, "--other-installation",
            "--reason", "旧工作站报废，迁入其数据", env_extra={"QA_DESK_PASSWORD": "admin-pass-1"})
    assert p.returncode == 0, p.stderr
    admin.db.conn.close()
    live = connect(db_path)
    assert keys.root_fingerprint(live) == foreign and live.conn.execute("SELECT count(*) FROM complaints"
                                                                        ).fetchone()[0] == 0
    last = _last_entry(Session(live))
    assert last["action"] == "restore" and last["reason"] == "旧工作站报废，迁入其数据"
    assert last["new"]["same_installation"] is False and foreign in last["new"]["other_installation"]["en"]
    kept = connect(last["new"]["previous_kept_as"], readonly=True)  # the replaced file records the decision too
    decided = kept.conn.execute("SELECT username, reason FROM audit_log WHERE action = 'restore_other_installation'"
                                ).fetchall()
    assert [tuple(r) for r in decided] == [("admin", "旧工作站报废，迁入其数据")]


def test_a_backup_from_before_a_destruction_never_brings_the_record_back(people, db_path, tmp_path):
    from qa_desk.core import closure, retention
    from tests.conftest import PASSWORDS
    from tests.test_retention import years_later

    c = flows.closable(people, description="销毁前备份的独特内容WQX", complainant_name="区块链患者")
    closure.close(people["inspector"], c["id"])
    closure.archive(people["inspector"], c["id"])
    admin, vp = people["admin"], people["qavp"]
    for s in people.values():
        s.flush_seal()  # the backup of a quiet moment: every login has sealed what it wrote
    made = backups.backup(admin, db_path, tmp_path / "before.sqlite3")
    years_later(people)
    retention.destroy(vp, c["id"], PASSWORDS["qavp"], "保存期满", username="qavp")
    original = vp.db.conn.execute("SELECT * FROM destruction_log").fetchone()
    backups.restore(admin, db_path, made.path)
    db = admin.db
    assert db.conn.execute("SELECT count(*) FROM complaints WHERE number = ?", (c["number"],)).fetchone()[0] == 0
    for table in retention.PART_TABLES:
        assert db.conn.execute(f"SELECT count(*) FROM [{table}] WHERE complaint_id = ?", (c["id"],)).fetchone()[0] == 0
    log = dict(db.conn.execute("SELECT * FROM destruction_log").fetchone())
    for k in ("number", "destroyed_at", "approved_by", "approver_name", "reason", "signature_sha256"):
        assert log[k] == original[k], k
    unredacted = db.conn.execute("SELECT count(*) FROM audit_log WHERE complaint_id = ? AND redacted_by IS NULL",
                                 (c["id"],)).fetchone()[0]
    assert unredacted == 0  # its entries are blanked again
    last = _last_entry(admin)
    assert last["action"] == "restore" and last["new"]["destructions_carried"] == [c["number"]]
    carried = db.conn.execute("SELECT new, username FROM audit_log WHERE action = 'destroy' ORDER BY id DESC LIMIT 1"
                              ).fetchone()
    assert carried["username"] == "admin" and '"carried"' in carried["new"] and "陈静" in carried["new"]
    assert verify(db) == []
    db.conn.close()
    raw = db_path.read_bytes() + (db_path.with_name(db_path.name + "-wal").read_bytes()
                                  if db_path.with_name(db_path.name + "-wal").exists() else b"")
    for secret in ("销毁前备份的独特内容WQX".encode(), "区块链患者".encode()):
        assert secret not in raw


def _v6_installation(path, clock) -> None:
    """A file as the first release (schema 6) left it: its administrator and a complaint, the trail in that
    release's format (the previous hash stored in each entry, hashes as text)."""
    from datetime import timedelta

    from qa_desk.core.clock import iso
    from qa_desk.core.session import hash_password
    from qa_desk.store import deadlines_index, search
    from qa_desk.store.audit import GENESIS, canonical, entry_hash, loggable_row
    from qa_desk.store.db import immediate
    from tests.conftest import PASSWORDS

    db = connect(path)
    migrations.upgrade(db, path, target=6)
    at = iso(clock.now() - timedelta(days=2))
    state = {"prev": GENESIS, "id": 1}

    def insert(table, row, *, user=(None, "system"), complaint_id=None):
        cols = ",".join(row)
        cur = db.conn.execute(f"INSERT INTO [{table}] ({cols}) VALUES ({','.join('?' * len(row))})", list(row.values()))
        stored = dict(db.conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", (cur.lastrowid,)).fetchone())
        entry = {"id": state["id"], "at": at, "user_id": user[0], "username": user[1], "action": "create",
                 "op": "insert", "tbl": table, "record_id": stored["id"],
                 "complaint_id": complaint_id if table != "complaints" else stored["id"], "field": None, "old": None,
                 "new": canonical(loggable_row(table, stored)), "reason": None}
        h = entry_hash(state["prev"], entry)
        db.conn.execute("INSERT INTO audit_log (id, at, user_id, username, action, op, tbl, record_id, complaint_id, "
                        "field, old, new, reason, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        [*entry.values(), state["prev"], h])
        state["prev"], state["id"] = h, state["id"] + 1
        return stored

    with immediate(db):
        admin = insert("users", {"username": "admin", "display_name": "管理员", "roles": '["admin"]',
                                 "password_hash": hash_password(PASSWORDS["admin"]), "created_at": at,
                                 "password_changed_at": at})
        db.conn.execute("INSERT INTO password_history (user_id, password_hash, set_at) VALUES (?, ?, ?)",
                        (admin["id"], admin["password_hash"], at))
        db.conn.execute("INSERT INTO number_sequences(key, last_seq) VALUES ('2026', 1)")
        insert("complaints", {"number": "TS-2026-0001", "year": 2026, "seq": 1, "status": "registered",
                              "received_at": at, "channel": "phone", "product_name": "氯化钠注射液",
                              "description": "首版登记的投诉：输液袋渗漏", "cycle": 0}, user=(admin["id"], "admin"))
        insert("deadlines", {"complaint_id": 1, "kind": "acknowledge", "due_at": at, "due_utc": at},
               user=(admin["id"], "admin"), complaint_id=1)
        search.index_complaints(db, [1])
        deadlines_index.refresh(db, [1])
    db.conn.close()


def test_a_genuine_backup_of_an_older_schema_is_restored_and_migrated(tmp_path, clock):
    """The first release's backup was refused as "not a QA Desk database": the check ran this release's verify on
    the old schema (columns and tables it does not have yet). It is now checked against the schema of its own
    version, migrated in a copy, verified, and restored."""
    from qa_desk.core import keys, users
    from qa_desk.core.database import open_database
    from tests.conftest import PASSWORDS

    path = tmp_path / "qa.sqlite3"
    _v6_installation(path, clock)
    old = tmp_path / "first-release-backup.sqlite3"
    src, dst = sqlite3.connect(path), sqlite3.connect(old)
    src.backup(dst)
    dst.execute("PRAGMA journal_mode=DELETE")
    src.close(), dst.close()
    assert backups.check(old, now=clock.now()) == []
    opened = open_database(path, clock=clock)  # the upgrade to this release, then the administrator's login
    admin = users.login(Session(opened.db, clock=clock), "admin", PASSWORDS["admin"])
    assert keys.root_fingerprint(admin.db)
    settings.put_many(admin, {"company_name": "升级后的设置"})
    aside = backups.restore(admin, path, old)
    assert aside.exists() and migrations.version(admin.db) == migrations.LATEST
    assert settings.get(admin.db, "company_name") != "升级后的设置"
    last = _last_entry(admin)
    assert last["action"] == "restore" and last["new"]["schema"] == 6 and last["new"]["same_installation"]
    assert verify(admin.db) == []
    again = users.login(Session(admin.db, clock=clock), "admin", PASSWORDS["admin"])  # seals the restored trail
    assert keys.root_fingerprint(again.db) and verify(again.db) == []
    assert again.db.conn.execute("SELECT description FROM complaints").fetchone()[0] == "首版登记的投诉：输液袋渗漏"


def test_a_newer_or_foreign_schema_version_is_named(people, db_path, tmp_path):
    admin = people["admin"]
    made = backups.backup(admin, db_path, tmp_path / "b.sqlite3")
    _tamper(made.path, "PRAGMA user_version = 99")
    with pytest.raises(DomainError) as err:
        backups.restore(admin, db_path, made.path)
    assert err.value.code == "backup_newer" and "schema 99" in str(err.value)


def test_startup_offer_passes_over_backups_from_the_future_and_names_its_choice(people, db_path, tmp_path):
    import shutil
    from datetime import timedelta

    admin = people["admin"]
    bk = tmp_path / "bk"
    settings.put_many(admin, {"backup_dir": str(bk)})
    flows.registered(people)
    good = backups.backup(admin, db_path)
    planted = bk / f"{db_path.stem}-20991231-235959.sqlite3"  # a genuine copy, named with a time to come
    shutil.copy(good.path, planted)
    now = admin.now()
    admin.clock.advance(days=30)  # a file whose newest entry is a month ahead, under a plausible name
    flows.registered(people)
    earlier = (now + timedelta(minutes=2)).strftime("%Y%m%d-%H%M%S")  # newer than the good one, within the tolerance
    ahead = backups.backup(admin, db_path, bk / f"{db_path.stem}-{earlier}.sqlite3")
    admin.clock.set(now)
    assert planted not in backups.listing(bk, db_path.stem, now=now)
    offer = backups.offer(bk, db_path.stem, now=now)
    assert offer.chosen == good.path == backups.latest_good(bk, db_path.stem, now=now)
    passed = {p: en for p, _zh, en in offer.passed_over}
    assert "in the future" in passed[planted] and "later than now" in passed[ahead.path]
    assert good.path.name in offer.text("en") and planted.name in offer.text("zh_CN")
    with pytest.raises(DomainError, match="later than now"):
        backups.restore(admin, db_path, ahead.path)


def test_backup_entry_carries_the_copys_chain_head_and_root(people, db_path, tmp_path):
    from qa_desk.core import anchors, keys

    admin = people["admin"]
    made = backups.backup(admin, db_path, tmp_path / "b.sqlite3")
    copy = connect(made.path, readonly=True)
    assert made.head == str(anchors.chain_head(copy)) and made.root == keys.root_fingerprint(admin.db)
    last = admin.db.conn.execute("SELECT new FROM audit_log WHERE action = 'backup' ORDER BY id DESC LIMIT 1"
                                 ).fetchone()[0]
    assert made.head in last and made.root in last


RESTORER = """
import os, signal, sys
from datetime import datetime
from qa_desk.core import backups, users
from qa_desk.core.clock import FixedClock
from qa_desk.core.database import open_database
from qa_desk.core.session import Session
db_path, source, kill_at, now = sys.argv[1], sys.argv[2], int(sys.argv[3]), datetime.fromisoformat(sys.argv[4])
clock = FixedClock(now)
backups.PAGES_PER_STEP = 4  # many steps, so the kill lands inside each phase
admin = users.login(Session(open_database(db_path, clock=clock).db, clock=clock), "admin", "admin-pass-1")
print("logged in", flush=True)
def progress(done, total):
    if done >= kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
backups.restore(admin, db_path, source, progress=progress)
print("finished", flush=True)
"""


@pytest.mark.skipif(__import__("sys").platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize(("kill_at", "expect"), [(1, "old"), (50, "old"), (61, "old"), (90, "old"),
                                                 (100, "restored")])
def test_sigkill_mid_restore_leaves_the_old_file_whole_or_the_restored_one_with_its_entry(people, db_path, tmp_path,
                                                                                          kill_at, expect):
    import subprocess
    import sys
    from pathlib import Path

    admin = people["admin"]
    for _ in range(3):
        flows.registered(people, description="恢复中断测试" * 200)
    made = backups.backup(admin, db_path, tmp_path / "b.sqlite3")
    for _ in range(4):
        flows.registered(people, description="备份之后的投诉" * 200)
    admin.clock.advance(minutes=1)
    p = subprocess.run([sys.executable, "-c", RESTORER, str(db_path), str(made.path), str(kill_at),
                        admin.now().isoformat()], capture_output=True, text=True, timeout=120,
                       cwd=Path(__file__).parent.parent)
    assert p.returncode == -9 and "logged in" in p.stdout and "finished" not in p.stdout, p.stderr
    for db in (admin.db, connect(db_path)):  # the connection that stayed open, and a new one
        n = db.conn.execute("SELECT count(*) FROM complaints").fetchone()[0]
        restores = db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'restore'").fetchone()[0]
        assert (n, restores) == ((7, 0) if expect == "old" else (3, 1))
        assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [f for f in verify(db) if f.kind != "unsealed"] == []  # the killed login's own tail: next login


def test_backup_page_asks_the_administrator_before_restoring_another_installations_file(qtbot, people, db_path,
                                                                                        tmp_path, monkeypatch, clock):
    from qa_desk.core import keys
    from qa_desk.ui import backup_panel
    from qa_desk.ui.i18n import set_language

    set_language("en")
    monkeypatch.setattr(backup_panel, "CONFIRM_RESTORE", False)
    path, other = _other_installation(tmp_path, clock)
    theirs = backups.backup(other, path, tmp_path / "theirs.sqlite3")
    mine = keys.root_fingerprint(people["admin"].db)
    asked: list[str] = []
    monkeypatch.setattr(backup_panel, "ask_other_installation", lambda parent, msg: asked.append(msg) or None)
    panel = backup_panel.BackupPanel(people["admin"], str(db_path))
    qtbot.addWidget(panel)
    panel.restore(theirs.path)
    qtbot.waitUntil(lambda: bool(panel.errors.text()), timeout=20_000)
    assert "another QA Desk installation" in asked[0] and "another QA Desk installation" in panel.errors.text()
    assert panel.last_result is None and keys.root_fingerprint(people["admin"].db) == mine  # declined: untouched
    monkeypatch.setattr(backup_panel, "ask_other_installation", lambda parent, msg: "旧工作站的数据迁入")
    panel.restore(theirs.path)
    qtbot.waitUntil(lambda: panel.last_result is not None, timeout=20_000)
    assert keys.root_fingerprint(people["admin"].db) == keys.root_fingerprint(other.db)
    assert _last_entry(people["admin"])["reason"] == "旧工作站的数据迁入"


# --- the schema the migrations make ---------------------------------------------------------------------------

@pytest.mark.parametrize("version", range(1, migrations.LATEST + 1))
def test_every_version_the_migrations_make_is_its_own_expected_schema(tmp_path, version):
    from qa_desk.store import schema

    path = tmp_path / "v.sqlite3"
    db = connect(path)
    migrations.upgrade(db, path, target=version)
    assert schema.problems(db) == []
    migrations.upgrade(db, path)  # and stepped up to this release, it is this release's schema
    assert schema.version_of(db) == migrations.LATEST and schema.problems(db) == []


def test_schema_compares_meaning_not_spelling_and_is_fast(people, db_path):
    import time

    from qa_desk.store import schema

    conn = sqlite3.connect(db_path)
    conn.execute("ANALYZE")  # SQLite's own statistics tables are not ours to judge
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("CREATE TRIGGER \"audit_log_no_delete\"   BEFORE DELETE ON [audit_log]\n  BEGIN SELECT "
                 "RAISE(ABORT, 'audit_log is append-only');   END")  # the same trigger, spelt otherwise
    conn.commit()
    db = people["admin"].db
    assert schema.problems(db) == []
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log WHEN OLD.id > 10 BEGIN SELECT "
                 "RAISE(ABORT, 'audit_log is append-only'); END")  # ... and one that lets the first ten go
    conn.commit()
    found = schema.problems(db)
    assert [(p.change, p.type, p.name) for p in found] == [("altered", "trigger", "audit_log_no_delete")]
    assert "trigger audit_log_no_delete was altered" in found[0].en and "触发器 audit_log_no_delete 已被修改" in found[0].zh
    start = time.perf_counter()
    for _ in range(10):
        schema.problems(db)
    assert (time.perf_counter() - start) / 10 < 0.05


def test_a_record_made_and_destroyed_after_the_backup_keeps_its_number_used(people, db_path, tmp_path):
    from qa_desk.core import closure, retention
    from tests.conftest import PASSWORDS
    from tests.test_retention import years_later

    admin = people["admin"]
    flows.registered(people)
    for s in people.values():
        s.flush_seal()
    made = backups.backup(admin, db_path, tmp_path / "older.sqlite3")
    c = flows.closable(people)
    closure.close(people["inspector"], c["id"])
    closure.archive(people["inspector"], c["id"])
    years_later(people)
    retention.destroy(people["qavp"], c["id"], PASSWORDS["qavp"], "保存期满", username="qavp")
    backups.restore(admin, db_path, made.path)
    db = admin.db
    assert [r[0] for r in db.conn.execute("SELECT number FROM destruction_log")] == [c["number"]]
    assert db.conn.execute("SELECT count(*) FROM complaints WHERE number = ?", (c["number"],)).fetchone()[0] == 0
    counter = db.conn.execute("SELECT last_seq FROM number_sequences WHERE key = ?", (str(c["year"]),)).fetchone()[0]
    assert counter >= c["seq"]  # the number is never given to another complaint
    assert verify(db) == []


def test_a_workstation_that_saw_the_longer_chain_is_told_once_of_a_restore(people, db_path, tmp_path):
    """Another workstation restored a backup: this one remembered the longer chain. It is told once who restored
    what and when (not "rolled back" at every start); an older copy put back with no restore entry still is a
    rollback."""
    from qa_desk.core import anchors
    from qa_desk.core.clock import iso

    admin = people["admin"]
    flows.registered(people)
    made = backups.backup(admin, db_path, tmp_path / "b.sqlite3")
    flows.registered(people)
    now = iso(admin.now())
    memory = anchors.startup_check(admin.db, None, now).memory  # this workstation saw the longer chain
    admin.clock.advance(minutes=5)
    backups.restore(admin, db_path, made.path)
    later = iso(admin.now())
    told = anchors.startup_check(connect(db_path, readonly=True), memory, later)
    assert [w[0] for w in told.warnings] == ["restored"] and not told.findings
    assert "restored from the backup" in told.warnings[0][2] and "admin" in told.warnings[0][2]
    again = anchors.startup_check(connect(db_path, readonly=True), told.memory, later)
    assert again.ok


def test_the_last_backup_is_read_through_its_index_not_the_whole_trail(people):
    """Read at every start (is the daily backup due?): on a file of a million entries and no backup yet, a walk of
    the trail took 0.3 s of every start (issue 14, item 11)."""
    s = people["admin"]
    seen: list[str] = []
    s.db.conn.set_trace_callback(seen.append)
    try:
        backups.last_backup_at(s.db)
    finally:
        s.db.conn.set_trace_callback(None)
    plan = " ".join(r[3] for r in s.db.conn.execute("EXPLAIN QUERY PLAN " + seen[-1]))
    assert "idx_audit_log_backups" in plan, plan
