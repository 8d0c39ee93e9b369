"""Killing the program (SIGKILL) in the middle of a save, an import, an export or a backup leaves a file that
verify passes, with every committed change present and no partial one. A second program on the same file gets
a clear message when it has to wait too long, never a corrupted file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

import pytest

from qa_desk.core.verify import verify
from qa_desk.store.db import connect
from tests import flows
from tests.test_cli import run

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

WRITER = textwrap.dedent("""
    import sys
    from qa_desk.core import intake, users
    from qa_desk.core.database import open_database
    from qa_desk.core.session import Session
    from tests import flows
    db = open_database(sys.argv[1]).db
    s = users.login(Session(db), "inspector", "insp-pass-1")
    while True:
        c = intake.register(s, flows.draft(s, description="崩溃测试：胶囊破损" * 20))
        print(c["number"], flush=True)
""")


def _verified(db_path: Path) -> sqlite3.Connection:
    db = connect(db_path)
    assert verify(db) == [], "verify must pass after a crash"
    return db.conn


def _kill_after(p: subprocess.Popen, seconds: float) -> None:
    time.sleep(seconds)
    assert p.poll() is None, "the process finished before the crash point; make its work longer"
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)


def test_sigkill_during_saves_loses_nothing_committed(people, db_path):
    p = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE, text=True,
                         cwd=Path(__file__).parent.parent)
    committed = []
    while len(committed) < 25:
        line = p.stdout.readline()
        assert line, "the writer stopped early"
        committed.append(line.strip())
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    conn = _verified(db_path)
    numbers = {r[0] for r in conn.execute("SELECT number FROM complaints")}
    assert set(committed) <= numbers  # every committed save is there
    assert len(numbers) - len(committed) <= 1 + 200  # at most what ran after the last line we read
    people["inspector"].clock.set(datetime.now().astimezone())  # the writer wrote at the real time
    flows.registered(people)  # the file goes on working, numbering without a gap
    assert verify(people["admin"].db) == []


def test_sigkill_during_an_import_writes_all_or_nothing(people, db_path, tmp_path):
    ledger = tmp_path / "big.csv"
    rows = [f"2026-03-{1 + i % 28:02d} 09:30,维生素C泡腾片,受潮结块 {i},OLD-{i},电话,某某医院" for i in range(20000)]
    ledger.write_text("接收日期,产品名称,投诉内容摘要,投诉编号,投诉渠道,投诉人\n" + "\n".join(rows) + "\n",
                      encoding="utf-8")  # rows the intake's rules accept, so the import gets to its writing
    env = {**os.environ, "QA_DESK_PASSWORD": "insp-pass-1"}
    p = subprocess.Popen([sys.executable, "-m", "qa_desk", "--db", str(db_path), "--user", "inspector", "import",
                          str(ledger)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _kill_after(p, 2.5)
    conn = _verified(db_path)
    assert conn.execute("SELECT count(*) FROM complaints").fetchone()[0] in (0, 20000)


@pytest.mark.parametrize(("stop", "audited"), [("fsync_file", 0), ("replace", 1)])
def test_sigkill_during_an_export_leaves_no_half_workbook(people, db_path, tmp_path, stop, audited):
    """Killed with the workbook written as .part before its entry is committed: no entry, no file under the real
    name. Killed after the entry is committed, before the rename: the entry, and still no file under the name."""
    for _ in range(5):
        flows.registered(people)
    out = tmp_path / "reg.xlsx"
    env = {**os.environ, "QA_DESK_PASSWORD": "insp-pass-1"}
    patch = ("files.fsync_file = lambda *a: time.sleep(60)" if stop == "fsync_file" else
             "files.os.replace = lambda *a: time.sleep(60)")
    p = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import pathlib, time
        from qa_desk.core import users
        from qa_desk.core.database import open_database
        from qa_desk.core.session import Session
        from qa_desk.documents import register
        from qa_desk.store import files
        s = users.login(Session(open_database({str(db_path)!r}).db), "inspector", "insp-pass-1")
        {patch}  # the crash point
        register.export(s, pathlib.Path({str(out)!r}))
    """)], env=env, cwd=Path(__file__).parent.parent)
    _kill_after(p, 3.5)
    conn = _verified(db_path)
    assert not out.exists() and (tmp_path / "reg.xlsx.part").exists()
    assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'export'").fetchone()[0] == audited


def test_sigkill_during_a_backup_leaves_the_live_file_whole(people, db_path, tmp_path):
    for _ in range(40):
        flows.registered(people, description="备份中断测试" * 200)
    out = tmp_path / "b.sqlite3"
    p = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from pathlib import Path
        from qa_desk.core import backups, users
        from qa_desk.core.database import open_database
        from qa_desk.core.session import Session
        s = users.login(Session(open_database({str(db_path)!r}).db), "qahead", "head-pass-1")
        backups.PAGES_PER_STEP = 1
        backups.backup(s, Path({str(db_path)!r}), Path({str(out)!r}), progress=lambda n, t: time.sleep(0.2))
    """)], cwd=Path(__file__).parent.parent)
    _kill_after(p, 2.5)
    _verified(db_path)
    assert not out.exists()  # only a .part file, never a half backup under the real name
    assert run("--db", db_path, "verify").returncode == 0


def test_a_second_program_waiting_too_long_gets_a_clear_message(people, db_path, monkeypatch):
    from qa_desk.core.errors import DomainError
    from qa_desk.store import db as store_db

    other = sqlite3.connect(db_path, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # another workstation holds the write lock
    try:
        people["inspector"].db.conn.execute("PRAGMA busy_timeout=200")
        with pytest.raises(DomainError) as err:
            flows.registered(people)
        assert "another" in err.value.message("en") and "正在" in err.value.message("zh_CN")
    finally:
        other.rollback()
        other.close()
        people["inspector"].db.conn.execute(f"PRAGMA busy_timeout={store_db.BUSY_TIMEOUT_MS}")
    flows.registered(people)
    assert verify(people["admin"].db) == []
