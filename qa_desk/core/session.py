"""Who is acting, on which file, at what time: the one object every service receives.

There are no globals: the GUI, the command line, the demo generator and the tests each build a Session and
pass it in. ``write()`` is the only way a service changes data: one user action, one transaction, with the
audit entries written inside it.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlite_utils import Database

from qa_desk.core import keys
from qa_desk.core import roles as R
from qa_desk.core.clock import Clock, SystemClock, iso
from qa_desk.core.errors import DomainError, refuse
from qa_desk.core.keys import Unlocked
from qa_desk.core.policy import Policy, load_policy
from qa_desk.store import deadlines_index, search
from qa_desk.store.audit import Tx, last_hash
from qa_desk.store.db import immediate

# OWASP's argon2id minimum (19 MiB, t=2): memory-hard, and quick enough to re-enter at every signature.
# Looked up at each call (never imported by value), so the test suite can install a cheap hasher once.
HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
# A clock more than this far behind the newest audit entry is taken as wrong (DST and small drift pass).
CLOCK_TOLERANCE = timedelta(minutes=5)


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def dummy_hash() -> str:
    """A hash with the current parameters, verified against when a user name does not exist, so that an
    unknown name costs the same time as a wrong password."""
    global _DUMMY
    if _DUMMY is None or _DUMMY[0] is not HASHER:
        _DUMMY = (HASHER, HASHER.hash("not a password of anyone"))
    return _DUMMY[1]


_DUMMY: tuple[PasswordHasher, str] | None = None


class PasswordChecker:
    """Checks a password against its stored argon2 hash."""

    def verify(self, stored_hash: str, password: str) -> bool:
        try:
            return HASHER.verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            return False


class RememberingChecker(PasswordChecker):
    """For the demo generator only: remembers hash/password pairs it has already verified in this process,
    so thousands of demo signatures do not each spend 20 ms in argon2. A wrong password still fails."""

    def __init__(self) -> None:
        self._ok: set[tuple[str, str]] = set()

    def verify(self, stored_hash: str, password: str) -> bool:
        if (stored_hash, password) in self._ok:
            return True
        ok = super().verify(stored_hash, password)
        if ok:
            self._ok.add((stored_hash, password))
        return ok


@dataclass(frozen=True)
class Actor:
    id: int | None
    username: str
    display_name: str
    roles: frozenset[str] = field(default_factory=frozenset)

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_qa(self) -> bool:
        return bool(self.roles & R.QA_ROLES)

    @classmethod
    def from_row(cls, row: dict) -> Actor:
        """Roles that are not a JSON list (a file edited behind the application's back) are no roles: the
        account can do nothing, and verify names the edit."""
        try:
            roles = json.loads(row["roles"])
        except (TypeError, ValueError):
            roles = []
        roles = roles if isinstance(roles, list) else []
        return cls(row["id"], row["username"], row["display_name"], frozenset(r for r in roles if isinstance(r, str)))


SYSTEM = Actor(None, "system", "QA Desk", frozenset({R.ADMIN}))


class Session:
    def __init__(self, db: Database, actor: Actor = SYSTEM, *, clock: Clock | None = None,
                 policy: Policy | None = None, checker: PasswordChecker | None = None,
                 lang: str = "zh_CN", check_clock: bool = True) -> None:
        self.db = db
        # only the demo generator, which writes two years of history into a new file, turns this off
        self.check_clock = check_clock
        self.actor = actor
        self.clock = clock or SystemClock()
        self.policy = policy or load_policy()
        self.checker = checker or PasswordChecker()
        self.lang = lang
        # 21 CFR 11.200(a)(1): the first signature of a login asks for user name and password, later ones
        # the password. Set by the first signature made through this session (one session = one login).
        self.signed_in_login = False
        # the user's private key, unlocked by the login's password and held for this login only; it seals every
        # transaction and signs every e-signature (qa_desk.core.keys)
        self.key: Unlocked | None = None
        self.spans = keys.Spans([])

    def now(self) -> datetime:
        return self.clock.now()

    def as_user(self, actor: Actor) -> Session:
        """Another actor on the same file, with no key: only a login unlocks one."""
        return Session(self.db, actor, clock=self.clock, policy=self.policy, checker=self.checker,
                       lang=self.lang, check_clock=self.check_clock)

    def on(self, db: Database) -> Session:
        """The same login on another open file (a background thread's connection, the file being restored),
        so its writes are sealed by the same user."""
        other = Session(db, self.actor, clock=self.clock, policy=self.policy, checker=self.checker, lang=self.lang,
                        check_clock=self.check_clock)
        other.key, other.signed_in_login, other.spans = self.key, self.signed_in_login, self.spans
        return other

    def flush_seal(self) -> None:
        """Seal what this login wrote and has not sealed yet (before it ends, and from the GUI's timer). Best
        effort: a busy file leaves the spans marked, and the next login seals them."""
        try:
            keys.flush(self.db, self.key, self.spans)
        except sqlite3.OperationalError:
            pass

    def forget_key(self) -> None:
        """Logout: what the login wrote is sealed, and the private key leaves memory with the login."""
        self.flush_seal()
        self.key = None

    @contextmanager
    def write(self, *, username: str | None = None, clock_confirmed: bool = False,
              hold_time: bool = False) -> Iterator[Tx]:
        """One transaction for one user action. Audit entries are part of it; so is the search index.

        ``username`` overrides the name in the audit entries (a failed login records the name tried).
        Refused while the computer's clock is behind the newest audit entry, unless this is the
        administrator's confirmation of the clock (``clock_confirmed``). ``hold_time`` records a failed
        confirmation while the clock is behind at the newest entry's time, so it neither confirms the clock nor
        runs the trail backwards."""
        # a write inside another session write is part of the outer one's span; inside a bare transaction
        # (the demo generator writes two years in one) it is a span of its own
        depth = _WRITE_DEPTH.get(id(self.db.conn), 0)
        nested = depth > 0
        outcome = None
        _WRITE_DEPTH[id(self.db.conn)] = depth + 1
        try:
            with immediate(self.db):
                # the span this transaction writes starts after the newest entry (nested writes are the outer's)
                first_id = None if nested else last_hash(self.db)[0] + 1
                at = iso(self.now())
                if hold_time:
                    at = clock_behind(self.db, self.now()) or at
                tx = Tx(self.db, self.actor.id, username or self.actor.username, at, sealer=self.key)
                if self.check_clock and not clock_confirmed and not hold_time:
                    self._check_clock()
                yield tx
                if tx.changed.get("complaints"):
                    search.index_complaints(self.db, tx.changed["complaints"])
                if tx.deadline_complaints:
                    deadlines_index.refresh(self.db, tx.deadline_complaints)
                if first_id is not None:
                    outcome = keys.end_of_transaction(tx, self.key, self.spans, first_id, time.monotonic())
            if outcome is not None:  # committed: the login's unsealed spans are now these
                self.spans.pending[:], self.spans.since = outcome.pending, outcome.since
        except sqlite3.OperationalError as exc:
            if "full" in str(exc) or "I/O" in str(exc):  # SQLITE_FULL, or a file-size limit (EFBIG) as I/O error
                raise refuse("disk_full", f"无法写入数据库：磁盘已满或超过文件大小限制（{exc}）；未保存任何内容。请腾出空间后重试。",
                             f"Cannot write the database: the disk is full or a file-size limit was reached ({exc}); "
                             "nothing was saved. Free some space and try again.") from exc
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise refuse("busy", "数据库正在被另一个程序或工作站写入，等待超时；未保存任何内容。请稍后再试。",
                         "The database is being written by another program or workstation and the wait timed out; "
                         "nothing was saved. Try again in a moment.") from exc
        finally:
            if depth:
                _WRITE_DEPTH[id(self.db.conn)] = depth
            else:
                _WRITE_DEPTH.pop(id(self.db.conn), None)

    def _check_clock(self) -> None:
        behind = clock_behind(self.db, self.now())
        if behind is not None:
            raise refuse("clock_behind",
                         f"计算机时钟（{iso(self.now())}）早于审计追踪中最新的记录（{behind}）；在系统管理员确认时钟之前"
                         "不能保存任何内容。请检查时钟，或请系统管理员在“系统管理”中确认。",
                         f"The computer's clock ({iso(self.now())}) is earlier than the newest audit entry ({behind}); "
                         "nothing can be saved until an administrator confirms the clock. Check the clock, or ask "
                         "an administrator to confirm it on the Administration page.")

    def refresh(self) -> Actor:
        """Read the actor's roles and state from the file again, so a role removed, an account locked or
        deactivated takes effect in a login that is already open. Refuses (without auditing) when the account
        may not act now; ``require`` audits that refusal."""
        if self.actor.id is None:
            return self.actor
        row = self.db.conn.execute("SELECT * FROM users WHERE id = ?", (self.actor.id,)).fetchone()
        if row is None:
            raise refuse("no_user", "当前用户不存在。", "The current user does not exist.")
        row = dict(row)
        if not row["active"]:
            raise refuse("deactivated", "该账户已停用，不能再进行任何操作。", "This account is deactivated and can do nothing.")
        if account_locked(row, self.now()):
            raise refuse("locked", "该账户已被锁定，请联系系统管理员解锁。",
                         "This account is locked. Ask an administrator to unlock it.")
        if row["must_change_password"]:
            raise refuse("must_change_password", "请先修改密码：在设置新密码之前不能进行其他操作。",
                         "Change your password first: nothing else is possible until you choose a new one.")
        actor = Actor.from_row(row)
        if actor != self.actor:
            self.actor = actor
        return actor

    def may(self, action: str) -> bool:
        """Whether the actor may do ``action`` now (for offering it; the service checks again and audits)."""
        try:
            actor = self.refresh()
        except DomainError:
            return False
        return bool(actor.roles & R.PERMISSIONS[action])

    def require(self, action: str, *, complaint_id: int | None = None) -> None:
        """Refuse (and audit the refusal) when the actor may not do ``action``: the account is deactivated,
        locked or must change its password, or its roles, read from the file now, do not allow it."""
        allowed = R.PERMISSIONS[action]
        try:
            actor = self.refresh()
        except DomainError as exc:
            self.audit_refusal(action, exc.code, complaint_id=complaint_id)
            raise
        if actor.roles & allowed:
            return
        self.audit_refusal(action, "forbidden", complaint_id=complaint_id)
        raise refuse("forbidden", f"您的角色无权执行此操作（{R.action_label(action, 'zh')}）。需要以下角色之一："
                     + "、".join(self.policy.label("role", r, "zh") for r in sorted(allowed)),
                     f"Your role may not do this ({R.action_label(action, 'en')}). It needs one of: "
                     + ", ".join(self.policy.label("role", r, "en") for r in sorted(allowed)))

    def audit_refusal(self, action: str, why: str, *, complaint_id: int | None = None, **detail) -> None:
        """Every refusal is part of the trail (segregation of duties included). When even that cannot be
        written (the clock is behind, the file is busy), the refusal still stands."""
        try:
            with self.write() as tx:
                tx.log("refused", complaint_id=complaint_id,
                       new={"action": action, "why": why, "roles": sorted(self.actor.roles), **detail})
        except DomainError:
            pass


# session writes open on each connection (by id), so a nested one knows it is nested
_WRITE_DEPTH: dict[int, int] = {}


def account_locked(row: dict, now: datetime) -> bool:
    """A lockout ends by itself at ``locked_until``; without that time it lasts until an administrator
    unlocks the account."""
    if not row["locked"]:
        return False
    until = row.get("locked_until")
    return until is None or now < datetime.fromisoformat(until)


def clock_behind(db: Database, now: datetime) -> str | None:
    """The newest audit entry's time when ``now`` is clearly earlier than it, else None. The newest entry
    by id: after an administrator confirms a clock, entries go on from the confirmation."""
    r = db.conn.execute("SELECT at FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    if r is None:
        return None
    try:
        newest = datetime.fromisoformat(r[0])
    except (TypeError, ValueError):
        return None
    return r[0] if now < newest - CLOCK_TOLERANCE else None
