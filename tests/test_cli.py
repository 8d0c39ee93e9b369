"""The qa-desk command as a user runs it: a separate process, real files, exit codes, no tracebacks."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from qa_desk import __version__


def run(*args, env_extra=None, check=False):
    env = {**os.environ, "QA_DESK_ADMIN_PASSWORD": "admin-pass-1", **(env_extra or {})}
    env.pop("QA_DESK_DB", None)
    p = subprocess.run([sys.executable, "-m", "qa_desk", *map(str, args)], capture_output=True, text=True,
                       env=env, timeout=300, stdin=subprocess.DEVNULL)
    if check:
        assert p.returncode == 0, p.stderr
    return p


def test_version():
    p = run("--version", check=True)
    assert p.stdout.strip() == f"qa-desk {__version__}"


def test_init_creates_admin_and_is_idempotent(tmp_path):
    db = tmp_path / "x.sqlite3"
    p = run("--db", db, "--lang", "en", "init", check=True)
    assert "administrator" in p.stdout
    p = run("--db", db, "--lang", "zh_CN", "init", check=True)
    assert "已就绪" in p.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT username, roles FROM users").fetchall() == [("admin", '["admin"]')]


def test_init_without_password_says_how(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "QA_DESK_ADMIN_PASSWORD"}
    p = subprocess.run([sys.executable, "-m", "qa_desk", "--db", str(tmp_path / "y.sqlite3"), "--lang", "en", "init"],
                       capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=60)
    assert p.returncode == 2
    assert "QA_DESK_ADMIN_PASSWORD" in p.stderr and "Traceback" not in p.stderr


def test_init_short_password_refused_in_chinese(tmp_path):
    p = run("--db", tmp_path / "z.sqlite3", "--lang", "zh_CN", "init", env_extra={"QA_DESK_ADMIN_PASSWORD": "abc"})
    assert p.returncode == 2 and "密码至少需要 8 个字符" in p.stderr and "Traceback" not in p.stderr


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    p = run("--db", db, "--lang", "en", "demo", "--count", "60", "--seed", "7", check=True)
    assert "60 demo complaints" in p.stdout
    return db


def test_demo_is_complete_and_verifies(demo_db, tmp_path):
    p = run("--db", demo_db, "--lang", "en", "verify", check=True)
    assert "All checks hold" in p.stdout
    conn = sqlite3.connect(demo_db)
    assert {r[0] for r in conn.execute("SELECT username FROM users")} == {
        "admin", "reception", "inspector", "inspector2", "qahead", "qavp"}
    assert conn.execute("SELECT count(*) FROM complaints").fetchone()[0] == 60
    assert conn.execute("SELECT count(*) FROM signatures").fetchone()[0] > 60
    from datetime import date, timedelta

    oldest = conn.execute("SELECT min(received_at) FROM complaints").fetchone()[0]
    assert oldest < (date.today() - timedelta(days=400)).isoformat()  # spread over the last 24 months


def test_demo_is_deterministic(demo_db, tmp_path):
    other = tmp_path / "again.sqlite3"
    run("--db", other, "demo", "--count", "60", "--seed", "7", check=True)
    q = "SELECT number, status, class, product_name, description FROM complaints ORDER BY id"
    assert sqlite3.connect(other).execute(q).fetchall() == sqlite3.connect(demo_db).execute(q).fetchall()


def test_demo_refuses_a_filled_database(demo_db):
    p = run("--db", demo_db, "--lang", "en", "demo", "--count", "5")
    assert p.returncode == 2 and "no users, no complaints" in p.stderr


def test_tampering_makes_verify_exit_1_and_name_it(demo_db, tmp_path):
    copy = tmp_path / "tampered.sqlite3"
    src = sqlite3.connect(demo_db)
    dst = sqlite3.connect(copy)
    src.backup(dst)
    dst.execute("DROP TRIGGER audit_log_no_update")
    dst.execute("UPDATE complaints SET description = '无问题' WHERE number = 'TS-'||year||'-0003'")
    dst.execute("UPDATE audit_log SET username = 'someone' WHERE id = 40")
    dst.commit()
    dst.close()
    p = run("--db", copy, "--lang", "en", "verify")
    assert p.returncode == 1
    assert "audit_log id 40" in p.stdout
    assert "-0003) field description" in p.stdout


def test_verify_on_missing_file_is_a_clear_error(tmp_path):
    p = run("--db", tmp_path / "nope.sqlite3", "--lang", "en", "verify")
    assert p.returncode == 2 and "does not exist" in p.stderr and "Traceback" not in p.stderr


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not sqlite" * 100)
    p = run("--db", bad, "--lang", "zh_CN", "verify")
    assert p.returncode == 2 and "无法打开数据库" in p.stderr and "Traceback" not in p.stderr
