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
    verify = sub.add_parser("verify", help="check integrity, the audit hash chain, the records and every signature")
    verify.add_argument("--paper", help="the text of a printout's QR code: is that paper copy still current?")
    verify.add_argument("--head", metavar="COUNT:HASH",
                        help="a chain head noted earlier (on a record, a review, the backup log): is it still there?")
    verify.add_argument("--root", metavar="FINGERPRINT", help="the installation's root-key fingerprint noted earlier")
    verify.add_argument("--thorough", action="store_true",
                        help="SQLite's full integrity_check (every index against its table) instead of quick_check")

    export = sub.add_parser("export", help="export the complaint register to Excel")
    export.add_argument("what", choices=["register"])
    _register_filters(export)

    imp = sub.add_parser("import", help="import a complaint ledger (xlsx or csv); --fields lists the fields")
    imp.add_argument("file", type=Path, nargs="?")
    imp.add_argument("--map", type=Path, help="import map JSON: {\"columns\": {\"source header\": \"field\"}, "
                                               "\"values\": {\"class\": {\"Class I\": \"I\"}}} (see --fields)")
    imp.add_argument("--dry-run", action="store_true", help="show what would happen; write nothing")
    imp.add_argument("--fields", action="store_true", help="list every field a column can be imported as")
    imp.add_argument("--date-order", choices=["ymd", "mdy", "dmy"],
                     help="how to read day/month-first dates such as 04/02/2025 (never guessed)")
    imp.add_argument("--on-collision", choices=["renumber", "skip"],
                     help="a ledger number already used in the file: keep it as a reference on a new number, or "
                          "skip the row (default: stop and list them)")
    imp.add_argument("--all-open", action="store_true", help="import every row as an open complaint, closed ones too")
    imp.add_argument("--default-channel", metavar="CHANNEL", help="the channel of rows that name none (e.g. letter)")

    pr = sub.add_parser("print", help="print a record, the register or the blank receipt form to PDF")
    pr.add_argument("target", help="a complaint number, 'register' or 'blank-receipt'")
    pr.add_argument("--form", choices=["receipt", "investigation", "capa", "reply", "hold"])
    _register_filters(pr)

    bk = sub.add_parser("backup", help="consistent copy of the database (online backup API), checked and hashed")
    bk.add_argument("--out", type=Path, help="backup file (default: a timestamped file in the backup folder)")
    rs = sub.add_parser("restore", help="verify a backup, keep the current file aside, restore the backup")
    rs.add_argument("file", type=Path)
    rs.add_argument("--other-installation", action="store_true",
                    help="administrator's decision: restore a file of another QA Desk installation (needs --reason)")
    rs.add_argument("--reason", help="why (required with --other-installation; recorded in the restore entry)")

    _users_parser(sub)
    from qa_desk import cli_batches  # the batch register (issue 16): qa-desk batches import|list

    cli_batches.add_parser(sub)
    from qa_desk import cli_reports  # the periodic reports (issue 16): qa-desk report monthly|product-review

    cli_reports.add_parser(sub)
    sub.add_parser("passwd", help="change your own password (the new one from a prompt or $QA_DESK_NEW_PASSWORD)")
    cc = sub.add_parser("confirm-clock", help="administrator: confirm the computer's clock although it is earlier "
                                              "than the newest audit entry")
    cc.add_argument("--reason", required=True)

    ap = sub.add_parser("archive-package", help="a closed complaint or a year as a self-contained zip; or --check one")
    which = ap.add_mutually_exclusive_group(required=True)
    which.add_argument("--number")
    which.add_argument("--year", type=int)
    which.add_argument("--check", type=Path, help="say whether anything in this package changed, whether its entries "
                       "are safe and its manifest's signature verifies (with --db: against that installation's keys)")
    ap.add_argument("--out", type=Path)
    return p


def _users_parser(sub) -> None:
    us = sub.add_parser("users", help="user administration (administrator): list, add, roles, deactivate, reactivate, "
                                      "reset-password, unlock")
    verbs = us.add_subparsers(dest="verb", required=True)
    verbs.add_parser("list", help="every account, deactivated ones too")
    add = verbs.add_parser("add", help="create an account with a temporary password")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="the person's name as it appears on signatures")
    add.add_argument("--roles", required=True, help="e.g. inspector or qa_head,quality_vp")
    add.add_argument("--department")
    add.add_argument("--job-title")
    add.add_argument("--reason", default="new account")
    add.add_argument("--generate", action="store_true", help="generate the temporary password and print it")
    roles = verbs.add_parser("roles", help="change an account's roles")
    roles.add_argument("username")
    roles.add_argument("--roles", required=True)
    roles.add_argument("--reason", required=True)
    for verb in ("deactivate", "reactivate"):
        v = verbs.add_parser(verb)
        v.add_argument("username")
        v.add_argument("--reason", required=True)
    reset = verbs.add_parser("reset-password", help="a temporary password the user must change at the next login")
    reset.add_argument("username")
    reset.add_argument("--reason", required=True)
    reset.add_argument("--generate", action="store_true")
    unlock = verbs.add_parser("unlock")
    unlock.add_argument("username")
    unlock.add_argument("--reason")
    verbs.add_parser("keys", help="every signing key: whose, fingerprint, issued by, retired or awaiting endorsement")
    endorse = verbs.add_parser("endorse-key", help="vouch for a key a user enrolled at login (upgraded files), "
                                                   "after comparing its fingerprint with the user")
    endorse.add_argument("username")
    endorse.add_argument("--fingerprint", required=True)
    endorse.add_argument("--reason")


def _register_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--from", dest="date_from", help="received on or after YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", help="received on or before YYYY-MM-DD")
    p.add_argument("--class", dest="classes", help="e.g. I,II")
    p.add_argument("--status", dest="statuses", help="e.g. investigating,closed")
    p.add_argument("--unmasked", action="store_true", help="show personal data (QA roles only; audited)")


def main(argv: list[str] | None = None) -> int:
    _file_size_limit_as_error()
    args = build_parser().parse_args(argv)
    lang = _lang(args.lang)
    db_path = (args.db or default_db_path()).expanduser()
    try:
        if args.command in (None, "gui"):
            from qa_desk.ui.app import run

            return run(db_path, lang=args.lang)
        try:
            return COMMANDS[args.command](args, db_path, lang)
        finally:  # one command is one login: what it wrote is sealed before the process ends
            for session in _LOGINS:
                session.flush_seal()
            _LOGINS.clear()
    except DomainError as exc:
        _say(lang, "错误：" + exc.message("zh_CN"), "Error: " + exc.message("en"), err=True)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        _say(lang, "已取消。", "Cancelled.", err=True)
        return 130
    except (ValueError, TypeError, ArithmeticError) as exc:  # a value the file holds that QA Desk did not write
        log = _write_crash_log()
        _say(lang, f"错误：命令因意外的值而中止（{type(exc).__name__}：{exc}）；未保存任何内容。"
                   f"如数据库曾在 QA Desk 之外被修改，qa-desk verify 会指出被改动的记录；详细信息见 {log}",
             f"Error: an unexpected value stopped the command ({type(exc).__name__}: {exc}); nothing was saved. If "
             f"the file was changed outside QA Desk, qa-desk verify names the record; details in {log}", err=True)
        return EXIT_USER_ERROR
    except OSError as exc:  # a disk full or a file-size limit while writing: one line, never a traceback
        where = f"（{exc.filename}）" if getattr(exc, "filename", None) else ""
        where_en = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        _say(lang, f"错误：文件读写失败{where}：{exc.strerror or exc}；未保存任何内容。",
             f"Error: a file could not be read or written{where_en}: {exc.strerror or exc}; nothing was saved.",
             err=True)
        return EXIT_USER_ERROR


def _write_crash_log() -> Path:
    """The traceback of a failure the command could only name, kept for whoever looks into it (not shown)."""
    import tempfile
    import traceback

    folder = Path(tempfile.gettempdir())
    with tempfile.NamedTemporaryFile("w", prefix="qa-desk-error-", suffix=".txt", dir=folder, delete=False,
                                     encoding="utf-8") as f:
        f.write(traceback.format_exc())
    return Path(f.name)


def _file_size_limit_as_error() -> None:
    """A write past the process's file-size limit (ulimit -f) kills it with SIGXFSZ by default, mid-write and
    without a word; ignored, the write fails with EFBIG instead, which the command reports in one line and rolls
    back."""
    import signal

    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _open(db_path: Path, lang: str, *, must_exist: bool = True, clock=None):
    from qa_desk.core.database import open_database

    if must_exist and not db_path.exists():
        raise DomainError("no_db", f"数据库文件 {db_path} 不存在；请先运行 qa-desk --db {db_path} init",
                          f"The database {db_path} does not exist; run qa-desk --db {db_path} init first")
    try:
        return open_database(db_path, clock=clock)
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
        password = _typed_twice("管理员密码 / administrator password: ")
    users.create_user(Session(opened.db), "admin", "系统管理员 Administrator", ["admin"], password)
    _say(lang, f"已创建数据库 {db_path} 和管理员账户 admin（管理员不能签名）。接下来请创建办公室的用户，例如："
         f"qa-desk --db {db_path} --user admin users add zhangwei --name 张伟 --roles inspector --generate",
         f"Created {db_path} with the administrator account admin (an administrator cannot sign). Next create the "
         f"office's users, e.g. qa-desk --db {db_path} --user admin users add zhangwei --name 'Zhang Wei' "
         "--roles inspector --generate")
    return 0


def cmd_demo(args, db_path: Path, lang: str) -> int:
    from qa_desk import demo
    from qa_desk.core.clock import FixedClock, SystemClock
    from qa_desk.core.session import Session

    if args.count < 0 or args.count > 1_000_000:
        raise DomainError("bad_count", "--count 必须在 0 到 1000000 之间。", "--count must be between 0 and 1,000,000.")
    now = SystemClock().now()
    # the demo writes two years of history: a new file's first entries (its calendar) are dated at their start,
    # so the trail's times never run backwards
    opened = _open(db_path, lang, must_exist=False, clock=FixedClock(now - demo.HISTORY))
    session = Session(opened.db, lang=lang)
    n = _with_progress(lang, "生成演示数据", "Generating demo data",
                       lambda bar: demo.generate(session, count=args.count, seed=args.seed, now=now,
                                                 progress=bar))
    _say(lang, f"已生成 {n} 条演示投诉和演示用户（admin、reception、inspector、inspector2、qahead、qavp，密码均为 demo）。",
         f"Created {n} demo complaints and the demo users (admin, reception, inspector, inspector2, qahead, qavp; "
         "password demo).")
    return 0


def cmd_verify(args, db_path: Path, lang: str) -> int:
    """Checks the file as it is: opened read-only, never migrated or seeded (verify must not change what it
    verifies)."""
    import sqlite3

    from qa_desk.core.verify import verify_report
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
    if args.paper:
        from qa_desk.core.session import Session
        from qa_desk.documents.forms import check_paper

        ok, zh, en = check_paper(Session(db, lang=lang), args.paper)
        _say(lang, zh, en)
        return 0 if ok else 1
    report = verify_report(db, thorough=args.thorough)
    findings = report.findings + _anchor_findings(db, report, args)
    for f in findings:
        print(f.text(lang))
    for zh, en in report.notes:
        _say(lang, zh, en)
    _say(lang, f"审计链头：{report.entries}:{report.head}（请记下，以后用 --head 比对，可发现末尾记录被删除或整条链被改写）",
         f"Audit chain head: {report.entries}:{report.head} (note it and compare later with --head: that shows "
         "removed latest entries or a rewritten trail)")
    if findings:
        _say(lang, f"发现 {len(findings)} 个问题。", f"{len(findings)} problem(s) found.")
        return 1
    _say(lang, "校验通过：完整性、数据库结构、审计哈希链、每一项修改都有其作者的签章、密钥证书、记录与审计一致、编号连续、签名均有效。",
         "All checks hold: integrity, the schema, the audit hash chain, every change sealed by its author, the "
         "key certificates, records match their history, numbering has no gaps, every signature is valid.")
    return 0


def _anchor_findings(db, report, args) -> list:
    """--head and --root: the values noted outside the file against this file."""
    from qa_desk.core import anchors
    from qa_desk.core.verify import Finding

    out = []
    if args.head:
        noted = anchors.Head.parse(args.head)
        if noted is None:
            raise DomainError("bad_head", "--head 的格式应为 条数:哈希（64 位十六进制），例如 1234:ab12…",
                              "--head takes COUNT:HASH (64 hex digits), e.g. 1234:ab12…")
        problem = anchors.compare(db, noted)
        if problem:
            out.append(Finding("anchor", f"--head {noted}", problem[1], problem[2]))
    if args.root and (args.root or "").replace(" ", "").lower() != (report.root or ""):
        out.append(Finding("anchor", f"--root {args.root}",
                           f"根密钥指纹不符：此文件为 {report.root or '（无）'}。这是另一套安装的文件，或整个审计追踪被重建过。",
                           f"the root-key fingerprint differs: this file has {report.root or '(none)'}. It is another "
                           "installation's file, or the whole trail was rebuilt."))
    return out


def _progress_bar(lang: str, zh: str, en: str):
    if not sys.stderr.isatty():
        return None
    label = zh if lang.startswith("zh") else en

    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        print(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr)

    return show


def _with_progress(lang: str, zh: str, en: str, work):
    """Run ``work(progress)`` with a progress bar on a TTY, ending the bar's line afterwards."""
    bar = _progress_bar(lang, zh, en)
    try:
        return work(bar)
    finally:
        if bar:
            print(file=sys.stderr)


def _password(args) -> str:
    """The --user's password: $QA_DESK_PASSWORD, else typed on a TTY."""
    if not args.user:
        raise DomainError("no_user", "此命令需要 --user 用户名。", "This command needs --user NAME.")
    password = os.environ.get("QA_DESK_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise DomainError("no_password", "请设置 QA_DESK_PASSWORD 或在终端中输入密码。",
                              "Set QA_DESK_PASSWORD or run this in a terminal to type the password.")
        password = getpass.getpass(f"{args.user} 密码 / password: ")
    return password


_LOGINS: list = []  # the logins of this process, sealed at its end


def _login(args, db_path: Path, lang: str):
    """Commands that read or change records act as a user: --user, password from $QA_DESK_PASSWORD or a TTY."""
    from qa_desk.core import users
    from qa_desk.core.session import Session

    password = _password(args)
    opened = _open(db_path, lang)
    session = users.login(Session(opened.db, lang=lang), args.user, password)
    _LOGINS.append(session)
    if users.must_change_password(session) and args.command != "passwd":
        raise DomainError("must_change_password",
                          f"必须先修改密码（临时密码或密码已过期）：运行 qa-desk --user {args.user} passwd",
                          f"You must change your password first (a temporary or expired password): run "
                          f"qa-desk --user {args.user} passwd")
    return session


def _new_password(lang: str, *, generate: bool = False) -> tuple[str, bool]:
    """A new password: generated, from $QA_DESK_NEW_PASSWORD, or typed twice on a TTY. (password, generated)"""
    from qa_desk.core import users

    if generate:
        return users.temporary_password(), True
    password = os.environ.get("QA_DESK_NEW_PASSWORD")
    if password is not None:
        return password, False
    if not sys.stdin.isatty():
        raise DomainError("no_password", "请设置 QA_DESK_NEW_PASSWORD、使用 --generate，或在终端中输入新密码。",
                          "Set QA_DESK_NEW_PASSWORD, use --generate, or run this in a terminal to type the new password.")
    return _typed_twice("新密码 / new password: "), False


def _typed_twice(prompt: str) -> str:
    password = getpass.getpass(prompt)
    if getpass.getpass("再次输入 / repeat: ") != password:
        raise DomainError("mismatch", "两次输入的密码不一致。", "The two passwords differ.")
    return password


def _roles(session, text: str) -> list[str]:
    """Role codes, or their zh/en labels, comma-separated."""
    from qa_desk.core import roles as R

    out = []
    for part in (x.strip() for x in text.replace("，", ",").split(",") if x.strip()):
        short = {code: (zh, en.lower()) for code, zh, en in R.ROLE_COLUMNS}
        match = [r for r in R.ALL_ROLES if part.lower() in (r.value, session.policy.label("role", r, "zh"),
                                                            session.policy.label("role", r, "en").lower(),
                                                            *short[r.value])]
        if not match:
            raise DomainError("bad_roles", f"没有角色 {part}（可用：{', '.join(R.ALL_ROLES)}）",
                              f"There is no role {part} (roles: {', '.join(R.ALL_ROLES)})")
        out.append(match[0].value)
    return out


def cmd_users(args, db_path: Path, lang: str) -> int:
    from qa_desk.core import users

    session = _login(args, db_path, lang)
    if args.verb == "list":
        for u in users.list_users(session):
            state = ("已停用" if lang.startswith("zh") else "deactivated") if not u["active"] else (
                ("已锁定" if lang.startswith("zh") else "locked") if u["locked_now"] else (
                    ("须改密码" if lang.startswith("zh") else "must change password") if u["must_change_password"]
                    else ("在用" if lang.startswith("zh") else "active")))
            roles = ", ".join(session.policy.label("role", r, "zh" if lang.startswith("zh") else "en")
                              for r in u["roles"])
            print(f"{u['username']}\t{u['display_name']}\t{u['department'] or ''}\t{u['job_title'] or ''}\t"
                  f"{roles}\t{state}")
        return 0
    if args.verb == "add":
        password, generated = _new_password(lang, generate=args.generate)
        users.create_user(session, args.username, args.name, _roles(session, args.roles), password,
                          department=args.department, job_title=args.job_title, reason=args.reason)
        _say(lang, f"已创建用户 {args.username}；首次登录时须修改临时密码。", f"Created user {args.username}; the temporary "
             "password must be changed at the first login.")
    elif args.verb == "roles":
        users.set_roles(session, args.username, _roles(session, args.roles), reason=args.reason)
        _say(lang, f"已更改 {args.username} 的角色。", f"Changed the roles of {args.username}.")
    elif args.verb == "deactivate":
        users.deactivate(session, args.username, reason=args.reason)
        _say(lang, f"已停用 {args.username}。", f"Deactivated {args.username}.")
    elif args.verb == "reactivate":
        users.reactivate(session, args.username, reason=args.reason)
        _say(lang, f"已重新启用 {args.username}。", f"Reactivated {args.username}.")
    elif args.verb == "reset-password":
        password, generated = _new_password(lang, generate=args.generate)
        users.reset_password(session, args.username, password, reason=args.reason)
        _say(lang, f"已重设 {args.username} 的密码；下次登录时须修改。", f"Reset the password of {args.username}; it must "
             "be changed at the next login.")
    elif args.verb == "keys":
        for k in users.list_keys(session):
            print("\t".join(str(k[c] or "") for c in ("username", "fingerprint", "created_at", "state", "issued_by")))
        return 0
    elif args.verb == "endorse-key":
        users.endorse_key(session, args.username, args.fingerprint, reason=args.reason)
        _say(lang, f"已认可 {args.username} 的签名密钥。", f"Endorsed the signing key of {args.username}.")
        return 0
    else:
        users.unlock(session, args.username, reason=args.reason)
        _say(lang, f"已解锁 {args.username}。", f"Unlocked {args.username}.")
        return 0
    if args.verb in ("add", "reset-password") and generated:
        _say(lang, f"临时密码：{password}", f"Temporary password: {password}")
    return 0


def cmd_passwd(args, db_path: Path, lang: str) -> int:
    from qa_desk.core import users

    session = _login(args, db_path, lang)
    old = os.environ.get("QA_DESK_PASSWORD") or ""
    if not old and sys.stdin.isatty():
        old = getpass.getpass("当前密码 / current password: ")
    new, _ = _new_password(lang)
    users.change_password(session, old, new)
    _say(lang, "密码已修改。", "The password was changed.")
    return 0


def cmd_confirm_clock(args, db_path: Path, lang: str) -> int:
    from qa_desk.core import users
    from qa_desk.core.session import Session

    password = _password(args)
    opened = _open(db_path, lang)
    users.confirm_clock(Session(opened.db, lang=lang), args.user, password, reason=args.reason)
    _say(lang, "已确认时钟，可以继续保存。", "The clock is confirmed; saving works again.")
    return 0


def _filter(args, session):
    from datetime import date

    from qa_desk.documents.register import RegisterFilter

    def day(text, name):
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            raise DomainError("bad_date", f"{name} 应为 YYYY-MM-DD：{text}", f"{name} must be YYYY-MM-DD: {text}") from exc

    def codes(text, flag: str, vocab: str) -> tuple[str, ...]:
        """A typo (--class IX) is refused with the valid codes, not exported as an empty register."""
        given = tuple(x.strip() for x in text.split(",") if x.strip()) if text else ()
        valid = list(session.policy.classes) if vocab == "class" else session.policy.codes(vocab)
        unknown = [x for x in given if x not in valid]
        if unknown:
            raise DomainError("bad_filter", f"{flag} 的值无效：{'、'.join(unknown)}（可用：{', '.join(valid)}）",
                              f"{flag}: not a valid value: {', '.join(unknown)} (valid: {', '.join(valid)})")
        return given

    return RegisterFilter(date_from=day(args.date_from, "--from"), date_to=day(args.date_to, "--to"),
                          classes=codes(args.classes, "--class", "class"),
                          statuses=codes(args.statuses, "--status", "status"))


def cmd_export(args, db_path: Path, lang: str) -> int:
    from qa_desk.documents import register

    session = _login(args, db_path, lang)
    result = _with_progress(lang, "导出台帐", "Exporting the register",
                            lambda bar: register.export(session, args.out, _filter(args, session), unmasked=args.unmasked,
                                                        lang=lang, progress=bar))
    _say(lang, f"已导出 {result['rows']} 条到 {args.out}（SHA-256 {result['sha256']}）",
         f"Exported {result['rows']} complaints to {args.out} (SHA-256 {result['sha256']})")
    return 0


def cmd_import(args, db_path: Path, lang: str) -> int:
    from qa_desk.core import ledger_import as L
    from qa_desk.documents import importer

    if args.fields:
        return _print_fields(lang)
    if args.file is None:
        raise DomainError("no_file", "请指定要导入的文件（或用 --fields 列出字段）。",
                          "Name the file to import (or list the fields with --fields).")
    imap = importer.load_map(args.map) or L.ImportMap()
    if args.date_order:
        imap.date_order = L.DateOrder(args.date_order)
    if args.on_collision:
        imap.on_collision = L.Collision(args.on_collision)
    imap.all_open = imap.all_open or args.all_open
    imap.default_channel = args.default_channel or imap.default_channel
    session = _login(args, db_path, lang)
    work = importer.dry_run if args.dry_run else importer.run
    try:
        plan = _with_progress(lang, "导入" if not args.dry_run else "试运行", "Importing" if not args.dry_run else
                              "Dry run", lambda bar: work(session, args.file, imap, progress=bar))
    except L.ImportRefused as exc:
        _report(exc.plan, lang)
        raise
    _report(plan, lang)
    if args.dry_run:
        _say(lang, f"试运行：{plan.summary('zh_CN')}；未写入任何数据。", f"Dry run: {plan.summary('en')}; nothing written.")
        return 1 if plan.errors else 0
    _say(lang, f"已导入：{plan.imported('zh_CN')}。", f"Imported: {plan.imported('en')}.")
    return 0


def _report(plan, lang: str) -> None:
    """Every row's outcome, then the problems grouped by kind with their rows."""
    for line in plan.lines(lang):
        print(line)
    for title, rows in plan.groups(lang):
        shown = ", ".join(map(str, rows[:30])) + (" …" if len(rows) > 30 else "")
        _say(lang, f"【{title}】第 {shown} 行（共 {len(rows)} 行）", f"[{title}] rows {shown} ({len(rows)} rows)")


def _print_fields(lang: str) -> int:
    from qa_desk.core import ledger_import as L
    from qa_desk.core.policy import load_policy
    from qa_desk.core.typed_values import accepted_forms

    for key, zh, en, takes in L.fields_table(lang, load_policy()):
        print(f"{key:<17} {zh} / {en}\n{'':<17} {takes}")
    zh = lang.startswith("zh")
    print("\n" + ("日期" if zh else "Dates") + ": " + accepted_forms(lang))
    print(("映射文件示例（--map）" if zh else "An example map (--map)") + ': {"columns": {"投诉日期": "received", '
          '"品名": "产品名称", "备注": null}, "values": {"class": {"Class I": "I"}, "status": {"Terminated": "closed"}}, '
          '"date_order": "mdy", "on_collision": "renumber", "default_channel": "letter"}')
    return 0


def cmd_print(args, db_path: Path, lang: str) -> int:
    from qa_desk.core import complaints
    from qa_desk.documents import forms

    session = _login(args, db_path, lang)
    if args.target == "register":
        forms.print_register(session, args.out, _filter(args, session), unmasked=args.unmasked)
    elif args.target == "blank-receipt":
        forms.blank_receipt(session, args.out)
    else:
        if not args.form:
            raise DomainError("no_form", "打印投诉记录需要 --form。", "Printing a complaint needs --form.")
        c = complaints.by_number(session.db, args.target)
        forms.print_complaint(session, c["id"], args.form, args.out, masked=False if args.unmasked else None)
    _say(lang, f"已生成 {args.out}", f"Wrote {args.out}")
    return 0


def cmd_backup(args, db_path: Path, lang: str) -> int:
    from qa_desk.core import backups

    session = _login(args, db_path, lang)
    made = _with_progress(lang, "备份", "Backing up",
                          lambda bar: backups.backup(session, db_path, args.out, progress=bar, reason="command line"))
    _say(lang, f"已备份到 {made.path}（{made.size} 字节，SHA-256 {made.sha256}）",
         f"Backed up to {made.path} ({made.size} bytes, SHA-256 {made.sha256})")
    return 0


def cmd_restore(args, db_path: Path, lang: str) -> int:
    from qa_desk.core import backups

    session = _login(args, db_path, lang)
    aside = _with_progress(lang, "恢复", "Restoring",
                           lambda bar: backups.restore(session, db_path, args.file, progress=bar,
                                                       allow_other_installation=args.other_installation,
                                                       reason=args.reason))
    _say(lang, f"已从 {args.file} 恢复；恢复前的数据保存在 {aside}",
         f"Restored from {args.file}; the data before the restore is kept in {aside}")
    return 0


def cmd_archive_package(args, db_path: Path, lang: str) -> int:
    from qa_desk.documents import package

    if args.check:
        db = None
        if args.db is not None:  # only the installation named: its keys, root and trail are compared
            import sqlite3

            from qa_desk.store.db import connect

            if not db_path.exists():
                raise DomainError("no_db", f"数据库文件 {db_path} 不存在。", f"The database {db_path} does not exist.")
            try:
                db = connect(db_path, readonly=True)
                db.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.DatabaseError as exc:
                raise DomainError("bad_db", f"无法打开数据库 {db_path}：{exc}",
                                  f"Cannot open the database {db_path}: {exc}") from exc
        found = package.examine(args.check, db)
        for p in found.problems:
            print(p.text(lang))
        for n in found.notes:
            _say(lang, "说明：" + n.zh, "Note: " + n.en)
        _say(lang, "归档包未被改动，清单签名有效。" if not found.problems else f"归档包有 {len(found.problems)} 个问题。",
             "The package is unchanged and its manifest's signature verifies." if not found.problems else
             f"The package has {len(found.problems)} problem(s).")
        return 0 if not found.problems else 1
    if not args.out:
        raise DomainError("no_out", "请用 --out 指定 zip 文件。", "Name the zip file with --out.")
    session = _login(args, db_path, lang)
    result = _with_progress(lang, "打包", "Packaging",
                            lambda bar: package.make(session, args.out, number=args.number, year=args.year,
                                                     progress=bar))
    _say(lang, f"已生成 {args.out}：{result['complaints']} 条投诉，{result['files']} 个文件，SHA-256 {result['sha256']}",
         f"Wrote {args.out}: {result['complaints']} complaints, {result['files']} files, SHA-256 {result['sha256']}")
    return 0


def cmd_batches(args, db_path: Path, lang: str) -> int:
    from qa_desk import cli_batches

    return cli_batches.run(args, db_path, lang)


def cmd_report(args, db_path: Path, lang: str) -> int:
    from qa_desk import cli_reports

    return cli_reports.run(args, db_path, lang)


COMMANDS = {"users": cmd_users, "passwd": cmd_passwd, "confirm-clock": cmd_confirm_clock,
            "archive-package": cmd_archive_package, "init": cmd_init, "demo": cmd_demo, "verify": cmd_verify, "export": cmd_export, "import": cmd_import,
            "print": cmd_print, "backup": cmd_backup, "restore": cmd_restore, "batches": cmd_batches,
            "report": cmd_report}
