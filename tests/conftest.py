"""Shared fixtures: every test that touches data gets a real SQLite file in tmp_path."""

from __future__ import annotations

import os
import tempfile  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt
# QSettings (window geometry, language) and drafts go to a throw-away place, never the user's own
_HOME = tempfile.mkdtemp(prefix="qa-desk-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")

from datetime import datetime, timedelta, timezone  # noqa: E402

import pytest  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402

from qa_desk.core import keys, users  # noqa: E402
from qa_desk.core import session as session_module  # noqa: E402
from qa_desk.core.clock import FixedClock  # noqa: E402
from qa_desk.core.database import open_database  # noqa: E402
from qa_desk.core.session import SYSTEM, Session  # noqa: E402

# The cheapest argon2id (the hashes still verify like real ones; the parameters travel in the hash). The app's
# own parameters are tested in test_users.py; everything else need not spend 20 ms per password.
session_module.HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
# Every transaction sealed at once: a test's logins never run the GUI's timer and would leave their last minute
# unsealed. The batching itself (marks, flush, the next login's seal) is tested in test_keys.py.
keys.SEAL_WINDOW_S = 0.0

CST = timezone(timedelta(hours=8))
PASSWORDS = {"admin": "admin-pass-1", "reception": "recep-pass-1", "inspector": "insp-pass-1",
             "inspector2": "insp2-pass-1", "qahead": "head-pass-1", "qavp": "vp-pass-1",
             "headvp": "headvp-pass-1"}
ROLES = {"admin": ["admin"], "reception": ["reception"], "inspector": ["inspector"], "inspector2": ["inspector"],
         "qahead": ["qa_head"], "qavp": ["quality_vp"], "headvp": ["qa_head", "quality_vp"]}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 9, 28, 9, 0, tzinfo=CST))  # a Monday before the National Day holiday


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "qa.sqlite3"


@pytest.fixture
def base(db_path, clock) -> Session:
    opened = open_database(db_path, clock=clock)
    # not closed here: Qt widgets of a test may outlive this fixture until qtbot closes them
    return Session(opened.db, clock=clock)


class People(dict):
    """Sessions of the test users by user name, sharing one clock."""

    def password(self, name: str) -> str:
        return PASSWORDS[name]


TEMPORARY = "Temp-pass-1"


def first_login(base: Session, name: str, final: str, temporary: str = TEMPORARY) -> Session:
    """A user's first login as it really happens: the temporary password, then their own."""
    s = users.login(base, name, temporary)
    users.change_password(s, temporary, final)
    return s


def add_user(admin: Session, name: str, display: str, roles: list[str], password: str) -> Session:
    """An administrator creates the account; the user logs in once and chooses ``password``."""
    users.create_user(admin, name, display, roles, TEMPORARY, reason="test user")
    return first_login(admin.as_user(SYSTEM), name, password)


@pytest.fixture
def people(base) -> People:
    users.create_user(base.as_user(SYSTEM), "admin", "管理员", ["admin"], PASSWORDS["admin"])
    admin_s = users.login(base, "admin", PASSWORDS["admin"])
    out = People(admin=admin_s)
    names = {"reception": "前台 周敏", "inspector": "张伟", "inspector2": "李娜", "qahead": "王强", "qavp": "陈静",
             "headvp": "赵兼任"}
    for name, display in names.items():
        users.create_user(admin_s, name, display, ROLES[name], TEMPORARY, reason="test user")
        out[name] = first_login(base, name, PASSWORDS[name])
    return out


def count_rows(session: Session, table: str) -> int:
    return session.db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def qr_of(monkeypatch) -> list[str]:
    """The QR text each print put on its pages, caught on its way to the real PDF builder."""
    from qa_desk.documents import forms  # imported here: the core tests need no reportlab

    seen: list[str] = []
    real = forms.pdf.build

    def build(out, story, page, **kw):
        seen.append(page.qr)
        return real(out, story, page, **kw)

    monkeypatch.setattr(forms.pdf, "build", build)
    return seen


@pytest.fixture(autouse=True)
def _no_external_viewer(monkeypatch):
    """GUI tests never launch the system's PDF viewer."""
    try:
        from qa_desk.ui import print_actions
    except ImportError:
        return
    monkeypatch.setattr(print_actions, "OPEN_IN_VIEWER", False)
    from qa_desk.ui import backup_panel

    monkeypatch.setattr(backup_panel.AutoBackup, "enabled", False)  # windows closed by tests do not back up
