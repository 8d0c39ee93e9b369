"""The ``qa-desk`` command (CLI.md): parse, call a core service, print, exit. No rules live here.

A user mistake prints one line in the user's language and exits non-zero; it never shows a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import locale
import os
import sys
from pathlib import Path

from qa_desk import __version__
from qa_desk.core.errors import DomainError
from qa_desk.paths import default_db_path

EXIT_USER_ERROR = 2


def _lang(arg: str | None) -> str:
    if arg:
        return arg
    env = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    if not env:
        env = (locale.getlocale()[0] or "")
    return "zh_CN" if env.lower().startswith("zh") else "en"


def _say(lang: str, zh: str, en: str, *, err: bool = False) -> None:
    print(zh if lang.startswith("zh") else en, file=sys.stderr if err else sys.stdout)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="qa-desk", description="QA Desk — product complaint handling for GMP QA")
    p.add_argument("--version", action="version", version=f"qa-desk {__version__}")
    p.add_argument("--db", type=Path, help="database file (default: $QA_DESK_DB, else the user data directory)")
    p.add_argument("--user", help="act as this user (password from a prompt or $QA_DESK_PASSWORD)")
    p.add_argument("--lang", choices=["zh_CN", "en"], help="language of messages and of the GUI")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("gui", help="start the GUI (the default)")
    sub.add_parser("init", help="create or upgrade the database and create the administrator")
    demo = sub.add_parser("demo", help="fill a database with realistic demo data and the demo users")
    demo.add_argument("--count", type=int, default=300)
    demo.add_argument("--seed", type=int, default=1)
    sub.add_parser("verify", help="check integrity, the audit hash chain, the records and every signature")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    lang = _lang(args.lang)
    db_path = (args.db or default_db_path()).expanduser()
    try:
        if args.command in (None, "gui"):
            from qa_desk.ui.app import run

            return run(db_path, lang=args.lang)
        return COMMANDS[args.command](args, db_path, lang)
    except DomainError as exc:
        _say(lang, "错误：" + exc.message("zh_CN"), "Error: " + exc.message("en"), err=True)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        _say(lang, "已取消。", "Cancelled.", err=True)
        return 130


def _open(db_path: Path, lang: str, *, must_exist: bool = True):
    from qa_desk.core.database import open_database

    if must_exist and not db_path.exists():
        raise DomainError("no_db", f"数据库文件 {db_path} 不存在；请先运行 qa-desk --db {db_path} init",
                          f"The database {db_path} does not exist; run qa-desk --db {db_path} init first")
    try:
        return open_database(db_path)
    except Exception as exc:  # a file that is not a database, or unreadable: say so, no traceback
        import sqlite3

        if isinstance(exc, (sqlite3.DatabaseError, OSError, RuntimeError)):
            raise DomainError("bad_db", f"无法打开数据库 {db_path}：{exc}", f"Cannot open the database {db_path}: {exc}") \
                from exc
        raise


def cmd_init(args, db_path: Path, lang: str) -> int:
    from qa_desk.core import users
    from qa_desk.core.session import Session

    opened = _open(db_path, lang, must_exist=False)
    if opened.backup:
        _say(lang, f"已升级数据库，升级前的备份：{opened.backup}", f"Database upgraded; backup taken first: {opened.backup}")
    if users.count(opened.db):
        _say(lang, f"数据库已就绪：{db_path}", f"The database is ready: {db_path}")
        return 0
    password = os.environ.get("QA_DESK_ADMIN_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise DomainError("no_password", "请在终端中运行，或设置环境变量 QA_DESK_ADMIN_PASSWORD 作为管理员密码。",
                              "Run this in a terminal, or set QA_DESK_ADMIN_PASSWORD to the administrator's password.")
        password = getpass.getpass("管理员密码 / administrator password: ")
        if getpass.getpass("再次输入 / repeat: ") != password:
            raise DomainError("mismatch", "两次输入的密码不一致。", "The two passwords differ.")
    users.create_user(Session(opened.db), "admin", "系统管理员 Administrator", ["admin"], password)
    _say(lang, f"已创建数据库 {db_path} 和管理员账户 admin。", f"Created {db_path} with the administrator account admin.")
    return 0


def cmd_demo(args, db_path: Path, lang: str) -> int:
    from qa_desk import demo
    from qa_desk.core.session import Session

    if args.count < 0 or args.count > 1_000_000:
        raise DomainError("bad_count", "--count 必须在 0 到 1000000 之间。", "--count must be between 0 and 1,000,000.")
    opened = _open(db_path, lang, must_exist=False)
    session = Session(opened.db, lang=lang)
    bar = _progress_bar(lang, "生成演示数据", "Generating demo data")
    n = demo.generate(session, count=args.count, seed=args.seed, now=session.now(), progress=bar)
    if bar:
        print(file=sys.stderr)
    _say(lang, f"已生成 {n} 条演示投诉和演示用户（admin、reception、inspector、inspector2、qahead、qavp，密码均为 demo）。",
         f"Created {n} demo complaints and the demo users (admin, reception, inspector, inspector2, qahead, qavp; "
         "password demo).")
    return 0


def cmd_verify(args, db_path: Path, lang: str) -> int:
    """Checks the file as it is: opened read-only, never migrated or seeded (verify must not change what it
    verifies)."""
    import sqlite3

    from qa_desk.core.verify import verify
    from qa_desk.store import migrations
    from qa_desk.store.db import connect

    if not db_path.exists():
        raise DomainError("no_db", f"数据库文件 {db_path} 不存在。", f"The database {db_path} does not exist.")
    try:
        db = connect(db_path, readonly=True)
        version = migrations.version(db)
        tables = set(db.table_names())
    except sqlite3.DatabaseError as exc:
        raise DomainError("bad_db", f"无法打开数据库 {db_path}：{exc}", f"Cannot open the database {db_path}: {exc}") \
            from exc
    if version == 0 or "audit_log" not in tables:
        raise DomainError("not_qa_desk", f"{db_path} 不是 QA Desk 数据库。", f"{db_path} is not a QA Desk database.")
    if version != migrations.LATEST:
        raise DomainError("old_schema", f"{db_path} 的数据库版本为 {version}，本程序为 {migrations.LATEST}；请先运行 "
                          f"qa-desk --db {db_path} init 升级（会先备份）。",
                          f"{db_path} is at schema {version}, this QA Desk at {migrations.LATEST}; run qa-desk --db "
                          f"{db_path} init to upgrade it (a backup is taken first).")
    findings = verify(db)
    for f in findings:
        print(f.text(lang))
    n, head = db.conn.execute("SELECT count(*), (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) "
                              "FROM audit_log").fetchone()
    _say(lang, f"审计链：{n} 条，链头哈希 {head}（请与早先记录的链头比对，可发现末尾记录被删除）",
         f"Audit chain: {n} entries, head hash {head} (compare with a head noted earlier to detect removed "
         "latest entries)")
    if findings:
        _say(lang, f"发现 {len(findings)} 个问题。", f"{len(findings)} problem(s) found.")
        return 1
    _say(lang, "校验通过：完整性、外键、审计哈希链、记录与审计一致、编号连续、签名均有效。",
         "All checks hold: integrity, foreign keys, the audit hash chain, records match their history, "
         "numbering has no gaps, every signature is valid.")
    return 0


def _progress_bar(lang: str, zh: str, en: str):
    if not sys.stderr.isatty():
        return None
    label = zh if lang.startswith("zh") else en

    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        print(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr)

    return show


COMMANDS = {"init": cmd_init, "demo": cmd_demo, "verify": cmd_verify}
