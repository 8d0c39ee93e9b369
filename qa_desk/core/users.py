"""Users, roles, passwords, login and lockout (21 CFR 11.10(d)(g), 11.100, 11.300; Annex 11 §12).

- Accounts are never deleted and user names never reused (11.100): an account is deactivated instead, and
  its past signatures keep showing with its name.
- An account holding the administrator role holds no signer role, and the reverse (DOMAIN §1); nobody
  changes their own roles; the last active administrator stays.
- A password set by an administrator (a new account, a reset) is temporary: it serves only to choose a new
  one at the next login, and ``Session.require`` refuses everything else until then.
- A wrong user name and a wrong password get the same answer and cost the same time; repeated failures for
  one name (known or not) are slowed down; a lockout ends after ``lockout_minutes`` (0: until an
  administrator unlocks), so nobody can keep the quality VP out for good with five calls.
"""

from __future__ import annotations

import json
import re
import secrets
import string
from datetime import datetime, timedelta

from sqlite_utils import Database

from qa_desk.core import keys, settings
from qa_desk.core import roles as R
from qa_desk.core.clock import iso
from qa_desk.core.errors import DomainError, Problem, refuse, require
from qa_desk.core.session import SYSTEM, Actor, Session, account_locked, dummy_hash, hash_password
from qa_desk.store.audit import changes, last_hash
from qa_desk.store.db import one, rows, scalar

BAD_LOGIN = ("用户名或密码错误。", "Wrong user name or password.")
# plain ASCII only: full-width and Cyrillic look-alikes of an existing name could otherwise stand beside it
USERNAME = re.compile(r"[A-Za-z0-9._@-]{1,64}")
# Failures of one name before each further attempt is slowed down, and the longest wait.
THROTTLE_AFTER, THROTTLE_MAX_SECONDS, THROTTLE_WINDOW = 3, 5, timedelta(minutes=15)
PUBLIC_COLUMNS = ("id", "username", "display_name", "department", "job_title", "roles", "active", "locked",
                  "locked_until", "must_change_password", "failed_attempts", "created_at", "password_changed_at",
                  "deactivated_at")


# --- reading -------------------------------------------------------------------------------------------

def count(db: Database) -> int:
    return scalar(db, "SELECT count(*) FROM users") or 0


def find(db: Database, username: str) -> dict | None:
    return one(db, "SELECT * FROM users WHERE username = ? COLLATE NOCASE", ((username or "").strip(),))


def get(db: Database, user_id: int) -> dict | None:
    return one(db, "SELECT * FROM users WHERE id = ?", (user_id,))


def display_names(db: Database) -> dict[int, str]:
    return {r[0]: r[1] for r in db.conn.execute("SELECT id, display_name FROM users")}


def list_users(session: Session) -> list[dict]:
    """Every account, deactivated ones too (they are never deleted), without password hashes."""
    session.require("manage_users")
    out = rows(session.db, f"SELECT {', '.join(PUBLIC_COLUMNS)} FROM users ORDER BY id")
    with_keys = keys.has_keys(session.db)
    for r in out:
        r["roles"] = json.loads(r["roles"])
        r["locked_now"] = account_locked(r, session.now())
        key = keys.current_key(session.db, r["id"]) if with_keys else None
        r["key_fingerprint"] = key["fingerprint"] if key else None
        r["key_awaiting"] = bool(key and key["certified_by"] is None)
    return out


def active_accounts(db: Database) -> list[dict]:
    """Active accounts by name (to name a CAPA owner who is a user of this file)."""
    return rows(db, "SELECT id, username, display_name FROM users WHERE active = 1 ORDER BY display_name")


def signers(db: Database, role: str) -> list[dict]:
    """Active accounts holding ``role`` (to name a CAPA owner, for instance)."""
    return [r for r in rows(db, "SELECT id, username, display_name, roles FROM users WHERE active = 1 ORDER BY id")
            if role in json.loads(r["roles"])]


# --- password rules ------------------------------------------------------------------------------------

def _classes(password: str) -> int:
    kinds = (any(c.islower() for c in password), any(c.isupper() for c in password),
             any(c.isdigit() for c in password), any(not c.isalnum() for c in password),
             any(ord(c) > 127 and c.isalpha() for c in password))
    return sum(kinds)


def password_problems(session: Session, password: str, *, user_id: int | None = None) -> list[Problem]:
    """What is wrong with a new password under the settings: length, character classes, reuse."""
    db, p = session.db, []
    password = password or ""
    minimum = settings.get(db, "password_min_length")
    classes = settings.get(db, "password_min_classes")
    if len(password) < minimum:
        p.append(Problem(f"密码至少需要 {minimum} 个字符", f"the password needs at least {minimum} characters",
                         "password"))
    if _classes(password) < classes:
        p.append(Problem(f"密码需包含至少 {classes} 类字符（小写字母、大写字母、数字、符号、汉字）",
                         f"the password needs characters of at least {classes} kinds (lower case, upper case, "
                         "digits, symbols, other letters such as Chinese)", "password"))
    if any(c.isspace() and c != " " or not c.isprintable() for c in password):
        p.append(Problem("密码不能包含控制字符或换行", "the password cannot hold control characters or line breaks",
                         "password"))
    keep = settings.get(db, "password_history")
    if user_id is not None and keep and not p:
        old = db.conn.execute("SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY id DESC "
                              "LIMIT ?", (user_id, keep)).fetchall()
        if any(session.checker.verify(h[0], password) for h in old):
            p.append(Problem(f"不能重复使用最近 {keep} 次用过的密码", f"the password cannot be one of the last {keep} "
                             "used", "password"))
    return p


def temporary_password(length: int = 14) -> str:
    """A random temporary password that meets any sensible class rule."""
    alphabet = string.ascii_letters + string.digits + "-_.!"
    while True:
        pw = "".join(secrets.choice(alphabet) for _ in range(length))
        if _classes(pw) >= 4:
            return pw


def _set_password(tx, user_id: int, password: str, *, must_change: bool, action: str, reason: str | None = None,
                  extra: dict | None = None) -> None:
    hashed = hash_password(password)
    tx.update("users", user_id, {"password_hash": hashed, "password_changed_at": tx.at,
                                 "must_change_password": int(must_change), **(extra or {})},
              action=action, reason=reason)
    tx.db.conn.execute("INSERT INTO password_history (user_id, password_hash, set_at) VALUES (?, ?, ?)",
                       (user_id, hashed, tx.at))


# --- administration ------------------------------------------------------------------------------------

def _check_roles(roles: list[str] | frozenset[str]) -> list[Problem]:
    roles = set(roles or ())
    if not roles or any(r not in R.ALL_ROLES for r in roles):
        return [Problem("请至少选择一个有效角色", "choose at least one valid role", "roles")]
    if R.role_conflicts(roles):
        return [Problem("系统管理员账户不能同时拥有签名角色（质检员、部长、质量副总）：授予权限的人不能用它签名。"
                        "请为此人另建一个账户。",
                        "an administrator account cannot also hold a signer role (inspector, QA head, quality VP): "
                        "the person who grants access does not sign with it. Give that person a second account.",
                        "roles")]
    return []


def _reason(reason: str | None, p: list[Problem]) -> str | None:
    from qa_desk.core import validation as V

    return V.clean_text(reason, "reason", p, required=True)


def create_user(session: Session, username: str, display_name: str, roles: list[str], password: str, *,
                department: str | None = None, job_title: str | None = None, reason: str | None = None) -> Actor:
    """Create an account. Only an administrator may, except the first administrator of an empty file, who
    sets their own password. Any other account starts with a temporary password."""
    from qa_desk.core import validation as V

    first_admin = count(session.db) == 0 and session.actor is SYSTEM
    if not first_admin:
        session.require("manage_users")
    username = (username or "").strip()
    problems: list[Problem] = []
    if not USERNAME.fullmatch(username):
        problems.append(Problem("用户名须为 1–64 个英文字母、数字或 . _ @ -（不能用汉字、全角或形似字母，以免与他人混淆）",
                                "the user name must be 1–64 Latin letters, digits or . _ @ - (no Chinese, full-width "
                                "or look-alike letters, so that no two names can be mistaken)", "username"))
    elif find(session.db, username):
        problems.append(Problem(f"用户名 {username} 已被使用过；用户名永不重复使用（停用的账户也保留其用户名）",
                                f"the user name {username} has been used before; user names are never reused "
                                "(a deactivated account keeps its name)", "username"))
    display_name = V.clean_text(display_name, "display_name", problems, required=True)
    department = V.clean_text(department, "department", problems)
    job_title = V.clean_text(job_title, "job_title", problems)
    if first_admin and set(roles) != {R.ADMIN}:
        problems.append(Problem("新数据库的第一个账户是系统管理员", "the first account of a new file is the administrator",
                                "roles"))
    if not first_admin:
        reason = _reason(reason or "new account", problems)
    problems += _check_roles(roles)
    problems += password_problems(session, password)
    require(problems, "bad_user", "无法创建用户", "Cannot create the user")
    with session.write() as tx:
        # the first administrator's transaction makes the installation's root key, which certifies the
        # administrator's key and seals this transaction, and is then forgotten
        certifier = keys.install_root(tx) if first_admin else session.key
        row = tx.insert("users", {
            "username": username, "display_name": display_name, "roles": json.dumps(sorted(roles)),
            "department": department, "job_title": job_title, "password_hash": hash_password(password),
            "created_at": tx.at, "password_changed_at": tx.at, "must_change_password": int(not first_admin),
            "created_by": tx.user_id,
        }, reason=reason)
        tx.db.conn.execute("INSERT INTO password_history (user_id, password_hash, set_at) VALUES (?, ?, ?)",
                           (row["id"], row["password_hash"], tx.at))
        if keys.root(tx.db) is not None:
            keys.issue(tx, row["id"], password, certifier, reason=reason)
    return Actor.from_row(row)


def _target(session: Session, username: str) -> dict:
    row = find(session.db, username)
    if row is None:
        raise refuse("no_user", f"没有用户 {username}。", f"There is no user {username}.")
    return row


def _refuse_audited(session: Session, action: str, code: str, zh: str, en: str, **detail) -> DomainError:
    session.audit_refusal(action, code, **detail)
    return refuse(code, zh, en)


def roles_ever_held(db: Database, user_id: int) -> set[str]:
    """Every role the account has held, from its audit history (the row may have changed since)."""
    held: set[str] = set(json.loads((get(db, user_id) or {}).get("roles") or "[]"))
    for e in rows(db, "SELECT op, field, old, new, tbl, redacted_by FROM audit_log WHERE tbl = 'users' AND "
                      "record_id = ? AND (field = 'roles' OR op = 'insert' OR (op = 'update' AND field IS NULL))",
                  (user_id,)):
        values = [json.loads(e["new"] or "{}").get("roles")] if e["op"] == "insert" else \
            [v for name, old, new in changes(e) if name == "roles" for v in (old, new)]
        for value in values:
            try:
                data = json.loads(value) if isinstance(value, str) else value
            except ValueError:
                continue
            held |= set(data) if isinstance(data, list) else set()
    return held


def _active_admins(db: Database, *, except_id: int | None = None) -> int:
    return sum(1 for r in db.conn.execute("SELECT id, roles FROM users WHERE active = 1")
               if R.ADMIN in json.loads(r[1]) and r[0] != except_id)


def set_roles(session: Session, username: str, roles: list[str], *, reason: str) -> dict:
    session.require("manage_users")
    row = _target(session, username)
    p = _check_roles(roles)
    reason = _reason(reason, p)
    if p and p[0].field == "roles" and R.role_conflicts(set(roles or ())):
        session.audit_refusal("roles", "admin_signer", target=row["username"], roles=sorted(roles))
    require(p, "bad_roles", "角色未更改", "The roles were not changed")
    if R.role_conflicts(set(roles) | roles_ever_held(session.db, row["id"])):
        raise _refuse_audited(session, "roles", "admin_signer",
                              "该账户曾拥有系统管理员角色或签名角色，不能再获得另一类角色：授予权限的人不能用同一账户签名。"
                              "请为此人另建一个账户。",
                              "This account has held the administrator role or a signer role and cannot get the "
                              "other kind: the person who grants access does not sign with the same account. Give "
                              "that person a second account.", target=row["username"], roles=sorted(roles))
    if row["id"] == session.actor.id:
        raise _refuse_audited(session, "roles", "own_roles", "任何人都不能更改自己的角色，请由另一位系统管理员更改。",
                              "Nobody changes their own roles; another administrator must do it.",
                              target=row["username"], roles=sorted(roles))
    if R.ADMIN in json.loads(row["roles"]) and R.ADMIN not in roles and row["active"] \
            and _active_admins(session.db, except_id=row["id"]) == 0:
        raise _refuse_audited(session, "roles", "last_admin", "这是最后一个在用的系统管理员账户，不能取消其管理员角色。",
                              "This is the last active administrator; its administrator role cannot be removed.",
                              target=row["username"])
    with session.write() as tx:
        return tx.update("users", row["id"], {"roles": json.dumps(sorted(roles))}, action="roles", reason=reason)


def deactivate(session: Session, username: str, *, reason: str) -> dict:
    """The account can no longer log in or sign; its records and signatures keep its name."""
    session.require("manage_users")
    row = _target(session, username)
    p: list[Problem] = []
    reason = _reason(reason, p)
    require(p, "bad_reason", "账户未停用", "The account was not deactivated")
    if not row["active"]:
        raise refuse("inactive", f"账户 {row['username']} 已经停用。", f"The account {row['username']} is already "
                     "deactivated.")
    if row["id"] == session.actor.id:
        raise _refuse_audited(session, "deactivate", "own_account", "不能停用自己的账户。",
                              "You cannot deactivate your own account.", target=row["username"])
    if R.ADMIN in json.loads(row["roles"]) and _active_admins(session.db, except_id=row["id"]) == 0:
        raise _refuse_audited(session, "deactivate", "last_admin", "这是最后一个在用的系统管理员账户，不能停用。",
                              "This is the last active administrator; it cannot be deactivated.",
                              target=row["username"])
    with session.write() as tx:
        return tx.update("users", row["id"], {"active": 0, "deactivated_at": tx.at}, action="deactivate",
                         reason=reason)


def reactivate(session: Session, username: str, *, reason: str) -> dict:
    session.require("manage_users")
    row = _target(session, username)
    p: list[Problem] = []
    reason = _reason(reason, p)
    require(p, "bad_reason", "账户未启用", "The account was not reactivated")
    if row["active"]:
        raise refuse("active", f"账户 {row['username']} 在用中。", f"The account {row['username']} is active.")
    with session.write() as tx:
        return tx.update("users", row["id"], {"active": 1, "deactivated_at": None}, action="reactivate",
                         reason=reason)


def unlock(session: Session, username: str, *, reason: str | None = None) -> dict:
    session.require("manage_users")
    row = _target(session, username)
    with session.write() as tx:
        return tx.update("users", row["id"], {"locked": 0, "locked_until": None, "failed_attempts": 0},
                         action="unlock", reason=reason or "unlocked by an administrator")


def reset_password(session: Session, username: str, new: str, *, reason: str | None = None) -> None:
    """Administrator reset: a temporary password that serves only to choose a new one at the next login."""
    session.require("manage_users")
    row = _target(session, username)
    p = password_problems(session, new)
    reason = _reason(reason or "password reset", p)
    require(p, "bad_password", "临时密码不符合要求", "The temporary password is not accepted")
    if row["id"] == session.actor.id:
        raise _refuse_audited(session, "reset_password", "own_account", "请在“设置 → 修改密码”中修改自己的密码。",
                              "Change your own password from Settings → Change password.", target=row["username"])
    with session.write() as tx:
        _set_password(tx, row["id"], new, must_change=True, action="password_reset", reason=reason,
                      extra={"locked": 0, "locked_until": None, "failed_attempts": 0})
        if keys.root(tx.db) is not None:  # nobody knows the old password: a new key pair, the old one retired
            keys.issue(tx, row["id"], new, session.key, reason=reason)


def change_password(session: Session, old: str, new: str) -> None:
    """The user chooses a new password (also the way out of a temporary or expired one)."""
    if not new:
        raise refuse("bad_password", "请输入新密码。", "Enter the new password.")
    check_password(session, old, purpose="password_change", fresh_allowed=True)
    if new == old:
        raise refuse("bad_password", "新密码不能与当前密码相同。", "The new password must differ from the current one.")
    require(password_problems(session, new, user_id=session.actor.id), "bad_password", "新密码不符合要求",
            "The new password is not accepted")
    temporary = must_change_password(session)
    rotated = None
    with session.write() as tx:
        _set_password(tx, session.actor.id, new, must_change=False, action="password_change")
        if session.key is not None and temporary:  # whoever knew the temporary password knew the key it opened
            rotated = keys.rotate(tx, session.key, session.actor.id, new)
        elif session.key is not None:
            keys.rewrap(tx, session.key, new)
    if rotated is not None:
        session.key = rotated


# --- login, re-authentication, logout --------------------------------------------------------------------

def _throttle(session: Session, name: str) -> None:
    r = session.db.conn.execute("SELECT failures, last_at FROM login_failures WHERE name = ?",
                                (name.lower(),)).fetchone()
    if r is None or r[0] < THROTTLE_AFTER:
        return
    if session.now() - datetime.fromisoformat(r[1]) > THROTTLE_WINDOW:
        return
    session.clock.sleep(min(r[0] - THROTTLE_AFTER + 1, THROTTLE_MAX_SECONDS))


def _count_failure(tx, name: str) -> None:
    tx.db.conn.execute("INSERT INTO login_failures (name, failures, last_at) VALUES (?, 1, ?) ON CONFLICT(name) "
                       "DO UPDATE SET failures = failures + 1, last_at = excluded.last_at", (name.lower(), tx.at))


def _lock_changes(session: Session, row: dict) -> dict:
    limit = settings.get(session.db, "lockout_attempts")
    expired = row["locked"] and not account_locked(row, session.now())
    attempts = 1 if expired else row["failed_attempts"] + 1  # a lock that ended starts the count afresh
    changes: dict = {"failed_attempts": attempts}
    if expired:
        changes.update(locked=0, locked_until=None)
    if attempts >= limit and not account_locked(row, session.now()):
        minutes = settings.get(session.db, "lockout_minutes")
        changes.update(locked=1, locked_until=iso(session.now() + timedelta(minutes=minutes)) if minutes else None)
    return changes


def login(session: Session, username: str, password: str) -> Session:
    """Check the credentials and return a session acting as that user. Every attempt is audited with the
    name tried; the answer to a wrong name or a wrong password is the same."""
    name = (username or "").strip()
    _throttle(session, name)
    row = find(session.db, name) if name else None
    ok = session.checker.verify(row["password_hash"] if row else dummy_hash(), password or "")
    if row is None or not ok:
        with session.write(username=name[:64] or "?") as tx:
            _count_failure(tx, name)
            if row is None:
                tx.log("login_failed", new={"username": name[:64], "why": "wrong user name or password"})
            else:
                tx.update("users", row["id"], _lock_changes(session, row), action="login_failed")
        raise refuse("bad_login", *BAD_LOGIN)
    actor = Actor.from_row(row)
    user = session.as_user(actor)
    if not row["active"]:  # written by no one: the login did not happen (and unlocked no key to seal it)
        with session.write(username=row["username"]) as tx:
            tx.log("login_refused", tbl="users", record_id=row["id"], new={"why": "deactivated"})
        raise refuse("deactivated", "该账户已停用，不能登录。如有疑问请联系系统管理员。",
                     "This account is deactivated and cannot log in. Ask an administrator.")
    if account_locked(row, session.now()):
        with session.write(username=row["username"]) as tx:
            tx.log("login_refused", tbl="users", record_id=row["id"], new={"why": "locked"})
        until = row["locked_until"]
        raise refuse("locked", "该账户已被锁定" + (f"，至 {until[:16].replace('T', ' ')} 自动解锁" if until else "")
                     + "；系统管理员可立即解锁。",
                     "This account is locked" + (f" until {until[:16].replace('T', ' ')}" if until else "")
                     + "; an administrator can unlock it at once.")
    _open_key(user, row, password)
    with user.write() as tx:
        if user.key is None:
            _first_key(user, tx, row, password)
        else:
            _revouch(user, tx, row)
        changes: dict = {}
        if row["failed_attempts"] or row["locked"]:
            changes.update(failed_attempts=0, locked=0, locked_until=None)
        if password_expired(session, row):
            changes["must_change_password"] = 1
        if changes:
            tx.update("users", row["id"], changes, action="login_state")
        tx.log("login", tbl="users", record_id=row["id"])
        tx.db.conn.execute("DELETE FROM login_failures WHERE name = ?", (name.lower(),))
    return user


def _open_key(user: Session, row: dict, password: str) -> None:
    """Unlock the user's key with the password just checked. A key that does not open with it was not made
    with it: the file was altered, or a key was issued that this user does not know of. The login is refused
    and the refusal audited, so the administrator looks before anyone signs with a key that is not theirs."""
    key_row, key = keys.unlock(user.db, row["id"], password)
    if key is not None or key_row is None:
        user.key = key
        return
    with user.as_user(SYSTEM).write(username=row["username"]) as tx:  # no key opened: written by no one
        tx.log("key_mismatch", tbl="users", record_id=row["id"], new={"key_id": key_row["id"],
                                                                      "fingerprint": key_row["fingerprint"]})
    raise refuse("key_mismatch",
                 f"您的签名密钥（指纹 {key_row['fingerprint']}）无法用您的密码打开：它不是用您的密码生成的。数据库可能被改动过，"
                 "或有人为您签发了您不知道的新密钥。请勿继续，并请系统管理员运行 qa-desk verify 检查；管理员重置密码后会为您签发新密钥。",
                 f"Your signing key (fingerprint {key_row['fingerprint']}) does not open with your password: it was "
                 "not made with it. The file may have been altered, or a key was issued for you that you do not "
                 "know of. Do not go on; ask an administrator to run qa-desk verify. A password reset by an "
                 "administrator issues you a new key.")


def _first_key(user: Session, tx, row: dict, password: str) -> None:
    """A user with no key yet, in a file made by the first release. The first administrator to log in gives
    the installation its root key, and that seal vouches for the whole trail before it; anyone else, once
    there is a root, enrols a key from their own password, which waits for an administrator's endorsement."""
    if not keys.has_keys(tx.db):
        return
    if keys.root(tx.db) is None:
        if R.ADMIN not in json.loads(row["roles"]):
            return
        sealed_id, sealed_hash = last_hash(tx.db)
        root = keys.install_root(tx)
        user.key = keys.issue(tx, row["id"], password, root, reason="trail sealed at the upgrade")
        tx.log("trail_sealed", new={"through": sealed_id, "head": sealed_hash, "root": keys.root_fingerprint(tx.db)})
        return
    user.key = keys.issue(tx, row["id"], password, None, reason="enrolled at login")
    tx.sealer = user.key


def _revouch(user: Session, tx, row: dict) -> None:
    """What this user's last login wrote and could not seal (QA Desk was killed) is sealed now, where its marks
    prove it was theirs; marks that do not verify are reported, not sealed."""
    good, bad = keys.revouch(tx.db, user.key, row["id"])
    if good:
        keys.seal_now(tx.db, user.key, good)
        tx.log("seals_completed", tbl="users", record_id=row["id"], new={"spans": good})
    if bad:
        tx.log("seal_marks_refused", tbl="users", record_id=row["id"], new={"spans": bad})


def list_keys(session: Session) -> list[dict]:
    """Every signing key with its state (current, retired, awaiting endorsement) and who issued it."""
    session.require("manage_users")
    names = {r["id"]: r["username"] for r in rows(session.db, "SELECT id, username FROM users")}
    out = []
    for k in rows(session.db, "SELECT * FROM keys ORDER BY id"):
        state = "root" if k["purpose"] == keys.ROOT else "retired" if k["retired_at"] else \
            "awaiting endorsement" if k["certified_by"] is None else "current"
        out.append({"username": names.get(k["user_id"], "(installation)"), "fingerprint": k["fingerprint"],
                    "created_at": k["created_at"], "state": state, "issued_by": names.get(k["created_by"], "")})
    return out


def endorse_key(session: Session, username: str, fingerprint: str, *, reason: str | None = None) -> dict:
    """An administrator vouches for a key a user enrolled at their login (upgraded files), after comparing
    its fingerprint with the one the user reads out (Settings → My signing key)."""
    session.require("manage_users")
    row = _target(session, username)
    key = keys.current_key(session.db, row["id"])
    if key is None or key["certified_by"] is not None:
        raise refuse("nothing_to_endorse", f"{username} 没有待认可的密钥。", f"{username} has no key awaiting endorsement.")
    if (fingerprint or "").replace(" ", "").lower() != key["fingerprint"]:
        raise _refuse_audited(session, "endorse_key", "fingerprint_mismatch",
                              f"指纹不符：{username} 的密钥指纹为 {key['fingerprint']}。请与本人核对后再认可。",
                              f"The fingerprint does not match: {username}'s key is {key['fingerprint']}. Compare it "
                              "with the user before endorsing.", target=username)
    if session.key is None:
        raise refuse("no_key", "您的签名密钥未解锁（请重新登录）。", "Your signing key is not unlocked (log in again).")
    with session.write() as tx:
        cert = session.key.sign(keys.certificate_message(key["user_id"], key["purpose"], key["public_key"],
                                                         key["created_at"])).hex()
        return tx.update("keys", key["id"], {"certified_by": session.key.key_id, "certificate": cert},
                         action="key_endorsed", reason=reason or "fingerprint compared with the user")


def password_expired(session: Session, row: dict) -> bool:
    days = settings.get(session.db, "password_expiry_days")
    if not days or not row["password_changed_at"]:
        return False
    return session.now() >= datetime.fromisoformat(row["password_changed_at"]) + timedelta(days=days)


def must_change_password(session: Session) -> bool:
    row = get(session.db, session.actor.id) if session.actor.id is not None else None
    return bool(row and row["must_change_password"])


def check_password(session: Session, password: str, *, purpose: str = "signature",
                   fresh_allowed: bool = False) -> None:
    """Verify the acting user's password again (a signature, a password change, unlocking the screen); count
    a failure, lock at the limit, and refuse. An empty password is refused without costing an attempt."""
    row = get(session.db, session.actor.id) if session.actor.id is not None else None
    if row is None:
        raise refuse("no_user", "当前用户不存在。", "The current user does not exist.")
    if not password:
        raise refuse("no_password", "请输入密码。", "Enter your password.")
    if not row["active"]:
        raise refuse("deactivated", "该账户已停用。", "This account is deactivated.")
    if account_locked(row, session.now()):
        raise refuse("locked", "该账户已被锁定，请联系系统管理员解锁。",
                     "This account is locked. Ask an administrator to unlock it.")
    if row["must_change_password"] and not fresh_allowed:
        raise refuse("must_change_password", "请先修改密码。", "Change your password first.")
    if session.checker.verify(row["password_hash"], password):
        if row["failed_attempts"]:
            with session.write() as tx:
                tx.update("users", row["id"], {"failed_attempts": 0}, action="password_ok")
        return
    raise failed_attempt(session, row, purpose)


def failed_attempt(session: Session, row: dict, purpose: str) -> DomainError:
    """Count one failed re-authentication of the logged-in user (locking at the limit); the refusal to raise."""
    changes = _lock_changes(session, row)
    with session.write() as tx:
        tx.update("users", row["id"], changes, action=f"{purpose.replace(' ', '_')}_failed")
    limit = settings.get(session.db, "lockout_attempts")
    if changes.get("locked"):
        return refuse("locked", f"密码错误次数已达 {limit} 次，账户已锁定，请联系系统管理员。",
                     f"Wrong password {limit} times: the account is now locked. Ask an administrator.")
    left = limit - changes["failed_attempts"]
    return refuse("bad_password", f"密码错误（还可尝试 {left} 次）。",
                 f"Wrong password ({left} attempts left before the account locks).")


def _session_entry(session: Session, action: str) -> None:
    """Logout, lock and unlock entries are best effort: a clock behind the trail or a busy file must not keep
    a screen open or a user out (every other write still refuses)."""
    if session.actor.id is None:
        return
    try:
        with session.write() as tx:
            tx.log(action, tbl="users", record_id=session.actor.id)
    except DomainError as exc:
        if exc.code not in ("clock_behind", "busy"):
            raise


def logout(session: Session) -> None:
    _session_entry(session, "logout")
    session.forget_key()


def screen_locked(session: Session) -> None:
    """The idle lock or Ctrl+L: recorded so the trail shows when the workstation was left."""
    _session_entry(session, "lock")


def screen_unlock(session: Session, password: str) -> None:
    check_password(session, password, purpose="unlock", fresh_allowed=True)
    session.refresh()
    _session_entry(session, "unlock_screen")


def confirm_clock(base: Session, username: str, password: str, *, reason: str) -> Session:
    """An administrator confirms that the computer's clock is right although it is earlier than the newest
    audit entry (the clock was wrong before, or the zone changed). Writing resumes from this entry on."""
    from qa_desk.core.session import clock_behind

    p: list[Problem] = []
    reason = _reason(reason, p)
    require(p, "bad_reason", "时钟未确认", "The clock was not confirmed")
    name = (username or "").strip()
    _throttle(base, name)
    row = find(base.db, name) if name else None
    ok = base.checker.verify(row["password_hash"] if row else dummy_hash(), password or "")
    if not (ok and row["active"] and not account_locked(row, base.now()) and not row["must_change_password"]
            and R.ADMIN in json.loads(row["roles"])):
        with base.write(username=name[:64] or "?", hold_time=True) as tx:  # counted like a failed login
            _count_failure(tx, name)
            if row is None or ok:
                tx.log("clock_confirm_failed", new={"username": name[:64]})
            else:
                tx.update("users", row["id"], _lock_changes(base, row), action="login_failed")
        raise refuse("bad_login", "管理员用户名或密码错误（只有在用的系统管理员可以确认时钟）。",
                     "Wrong administrator user name or password (only an active administrator can confirm the clock).")
    admin = base.as_user(Actor.from_row(row))
    _open_key(admin, row, password)
    newest = clock_behind(base.db, base.now())
    with admin.write(clock_confirmed=True) as tx:
        tx.log("clock_confirmed", new={"now": tx.at, "newest_entry": newest}, reason=reason)
    return admin
