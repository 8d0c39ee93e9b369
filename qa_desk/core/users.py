"""Users, passwords, login and lockout.

Passwords are hashed with argon2id (memory-hard). Five failed attempts in a row (setting
``lockout_attempts``) lock the account until an administrator unlocks it; failed signatures count too,
because a signature is a password check (21 CFR 11.300).
"""

from __future__ import annotations

import json

from sqlite_utils import Database

from qa_desk.core import roles as R
from qa_desk.core import settings
from qa_desk.core.errors import Problem, refuse, require
from qa_desk.core.session import HASHER, SYSTEM, Actor, Session
from qa_desk.store.db import one, scalar


def _check_password(db: Database, password: str) -> list[Problem]:
    minimum = settings.get(db, "password_min_length")
    if len(password or "") < minimum:
        return [Problem(f"密码至少需要 {minimum} 个字符", f"the password needs at least {minimum} characters",
                        "password")]
    return []


def count(db: Database) -> int:
    return scalar(db, "SELECT count(*) FROM users") or 0


def find(db: Database, username: str) -> dict | None:
    return one(db, "SELECT * FROM users WHERE username = ?", (username.strip(),))


def get(db: Database, user_id: int) -> dict | None:
    return one(db, "SELECT * FROM users WHERE id = ?", (user_id,))


def create_user(session: Session, username: str, display_name: str, roles: list[str], password: str) -> Actor:
    """Create an account. Only an administrator may, except the first administrator of an empty file."""
    first_admin = count(session.db) == 0 and session.actor is SYSTEM
    if not first_admin:
        session.require("manage_users")
    username = (username or "").strip()
    problems: list[Problem] = []
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        problems.append(Problem("用户名不能为空、不能含空格、不超过64个字符",
                                "the user name must be 1–64 characters with no spaces", "username"))
    elif find(session.db, username):
        problems.append(Problem(f"用户名 {username} 已存在", f"the user name {username} is taken", "username"))
    if not (display_name or "").strip():
        problems.append(Problem("请填写姓名", "enter the person's name", "display_name"))
    unknown = [r for r in roles if r not in R.ALL_ROLES]
    if not roles or unknown:
        problems.append(Problem("请至少选择一个有效角色", "choose at least one valid role", "roles"))
    problems += _check_password(session.db, password)
    require(problems, "bad_user", "无法创建用户", "Cannot create the user")
    with session.write() as tx:
        row = tx.insert("users", {
            "username": username, "display_name": display_name.strip(), "roles": json.dumps(sorted(roles)),
            "password_hash": HASHER.hash(password), "created_at": tx.at, "password_changed_at": tx.at,
        })
    return Actor.from_row(row)


def login(session: Session, username: str, password: str) -> Session:
    """Check the credentials and return a session acting as that user (failed attempts are audited)."""
    row = find(session.db, username or "")
    if row is None or not row["active"]:
        with session.write() as tx:
            tx.log("login_failed", new={"username": username, "why": "unknown user"})
        raise refuse("bad_login", "用户名或密码错误。", "Wrong user name or password.")
    if row["locked"]:
        with session.write() as tx:
            tx.log("login_refused", tbl="users", record_id=row["id"], new={"why": "locked"})
        raise refuse("locked", "该账户已被锁定，请联系系统管理员解锁。",
                     "This account is locked. Ask an administrator to unlock it.")
    actor = Actor.from_row(row)
    check_password(session.as_user(actor), password, purpose="login")
    with session.write() as tx:
        tx.log("login", tbl="users", record_id=row["id"])
    return session.as_user(actor)


def check_password(session: Session, password: str, *, purpose: str = "signature") -> None:
    """Verify the acting user's password; count a failure, lock at the limit, and refuse."""
    row = get(session.db, session.actor.id) if session.actor.id is not None else None
    if row is None:
        raise refuse("no_user", "当前用户不存在。", "The current user does not exist.")
    if row["locked"]:
        raise refuse("locked", "该账户已被锁定，请联系系统管理员解锁。",
                     "This account is locked. Ask an administrator to unlock it.")
    if session.checker.verify(row["password_hash"], password or ""):
        if row["failed_attempts"]:
            with session.write() as tx:
                tx.update("users", row["id"], {"failed_attempts": 0}, action="password_ok")
        return
    limit = settings.get(session.db, "lockout_attempts")
    attempts = row["failed_attempts"] + 1
    with session.write() as tx:
        tx.update("users", row["id"], {"failed_attempts": attempts, "locked": int(attempts >= limit)},
                  action=f"{purpose}_failed")
    if attempts >= limit:
        raise refuse("locked", f"密码错误次数已达 {limit} 次，账户已锁定，请联系系统管理员。",
                     f"Wrong password {limit} times: the account is now locked. Ask an administrator.")
    raise refuse("bad_password", f"密码错误（还可尝试 {limit - attempts} 次）。",
                 f"Wrong password ({limit - attempts} attempts left before the account locks).")


def unlock(session: Session, username: str) -> None:
    session.require("manage_users")
    row = _existing(session, username)
    with session.write() as tx:
        tx.update("users", row["id"], {"locked": 0, "failed_attempts": 0}, action="unlock")


def set_roles(session: Session, username: str, roles: list[str], *, reason: str) -> None:
    session.require("manage_users")
    row = _existing(session, username)
    if not roles or any(r not in R.ALL_ROLES for r in roles):
        raise refuse("bad_roles", "请至少选择一个有效角色。", "Choose at least one valid role.")
    with session.write() as tx:
        tx.update("users", row["id"], {"roles": json.dumps(sorted(roles))}, action="roles", reason=reason)


def change_password(session: Session, old: str, new: str) -> None:
    check_password(session, old, purpose="password_change")
    require(_check_password(session.db, new), "bad_password", "新密码不符合要求", "The new password is not accepted")
    with session.write() as tx:
        tx.update("users", session.actor.id, {"password_hash": HASHER.hash(new), "password_changed_at": tx.at,
                                              "must_change_password": 0}, action="password_change")


def reset_password(session: Session, username: str, new: str) -> None:
    """Administrator reset: the user must choose a new password at the next login."""
    session.require("manage_users")
    row = _existing(session, username)
    require(_check_password(session.db, new), "bad_password", "新密码不符合要求", "The new password is not accepted")
    with session.write() as tx:
        tx.update("users", row["id"], {"password_hash": HASHER.hash(new), "password_changed_at": tx.at,
                                       "must_change_password": 1, "locked": 0, "failed_attempts": 0},
                  action="password_reset")


def _existing(session: Session, username: str) -> dict:
    row = find(session.db, username)
    if row is None:
        raise refuse("no_user", f"没有用户 {username}。", f"There is no user {username}.")
    return row

