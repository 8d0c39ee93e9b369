"""Who is acting, on which file, at what time: the one object every service receives.

There are no globals: the GUI, the command line, the demo generator and the tests each build a Session and
pass it in. ``write()`` is the only way a service changes data: one user action, one transaction, with the
audit entries written inside it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlite_utils import Database

from qa_desk.core import roles as R
from qa_desk.core.clock import Clock, SystemClock, iso
from qa_desk.core.errors import refuse
from qa_desk.core.policy import Policy, load_policy
from qa_desk.store import deadlines_index, search
from qa_desk.store.audit import Tx
from qa_desk.store.db import immediate

# OWASP's argon2id minimum (19 MiB, t=2): memory-hard, and quick enough to re-enter at every signature.
HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)


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
        return cls(row["id"], row["username"], row["display_name"], frozenset(json.loads(row["roles"])))


SYSTEM = Actor(None, "system", "QA Desk", frozenset({R.ADMIN}))


class Session:
    def __init__(self, db: Database, actor: Actor = SYSTEM, *, clock: Clock | None = None,
                 policy: Policy | None = None, checker: PasswordChecker | None = None,
                 lang: str = "zh_CN") -> None:
        self.db = db
        self.actor = actor
        self.clock = clock or SystemClock()
        self.policy = policy or load_policy()
        self.checker = checker or PasswordChecker()
        self.lang = lang

    def now(self) -> datetime:
        return self.clock.now()

    def as_user(self, actor: Actor) -> Session:
        return Session(self.db, actor, clock=self.clock, policy=self.policy, checker=self.checker,
                       lang=self.lang)

    @contextmanager
    def write(self) -> Iterator[Tx]:
        """One transaction for one user action. Audit entries are part of it; so is the search index."""
        try:
            with immediate(self.db):
                tx = Tx(self.db, self.actor.id, self.actor.username, iso(self.now()))
                yield tx
                if tx.changed.get("complaints"):
                    search.index_complaints(self.db, tx.changed["complaints"])
                if tx.deadline_complaints:
                    deadlines_index.refresh(self.db, tx.deadline_complaints)
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise refuse("busy", "数据库正在被另一个程序或工作站写入，等待超时；未保存任何内容。请稍后再试。",
                         "The database is being written by another program or workstation and the wait timed out; "
                         "nothing was saved. Try again in a moment.") from exc

    def require(self, action: str, *, complaint_id: int | None = None) -> None:
        """Refuse (and audit the refusal) when the actor's roles do not allow ``action``."""
        allowed = R.PERMISSIONS[action]
        if self.actor.roles & allowed:
            return
        with self.write() as tx:
            tx.log("refused", complaint_id=complaint_id, new={"action": action,
                                                            "roles": sorted(self.actor.roles)})
        raise refuse("forbidden", f"您的角色无权执行此操作（{action}）。需要以下角色之一："
                     + "、".join(self.policy.label("role", r, "zh") for r in sorted(allowed)),
                     f"Your role may not do this ({action}). It needs one of: "
                     + ", ".join(self.policy.label("role", r, "en") for r in sorted(allowed)))
