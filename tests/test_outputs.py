"""Nothing leaves without its record: every export, print and backup is written as NAME.part, its audit entry is
committed, and only then does NAME appear. With another process holding the write lock the entry cannot be
committed: the .part is removed, no file appears, nothing is audited and the refusal says nothing was saved. Once
the lock is released the same call writes the file and its entry."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from qa_desk.core import backups, closure, retention
from qa_desk.core.errors import DomainError
from qa_desk.documents import forms, register
from qa_desk.store import files
from tests import flows
from tests.conftest import PASSWORDS
from tests.test_retention import years_later


def entries(session, action: str) -> int:
    return session.db.conn.execute("SELECT count(*) FROM audit_log WHERE action = ?", (action,)).fetchone()[0]


class Lock:
    """Another process's write lock on the file: a second connection inside BEGIN IMMEDIATE."""

    def __init__(self, db_path: Path) -> None:
        self.conn = sqlite3.connect(db_path, isolation_level=None)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.conn.execute("ROLLBACK")
        self.conn.close()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def destroyed(people):
    c = flows.closable(people)
    closure.close(people["inspector"], c["id"])
    closure.archive(people["inspector"], c["id"])
    years_later(people)
    retention.destroy(people["qavp"], c["id"], PASSWORDS["qavp"], "保存期满", username="qavp")
    return c


WRITERS = {
    "export": ("export", lambda p, c, out, path: register.export(p["qahead"], out)),
    "export_unmasked": ("export", lambda p, c, out, path: register.export(p["qahead"], out, unmasked=True)),
    "print_record": ("print", lambda p, c, out, path: forms.print_complaint(p["inspector"], c["id"], "receipt", out)),
    "print_many": ("print", lambda p, c, out, path: forms.print_many(p["inspector"], [c["id"]], "receipt", out)),
    "blank_receipt": ("print", lambda p, c, out, path: forms.blank_receipt(p["reception"], out)),
    "print_register": ("print", lambda p, c, out, path: forms.print_register(p["qahead"], out)),
    "backup": ("backup", lambda p, c, out, path: backups.backup(p["admin"], path, out)),
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_no_file_and_no_entry_while_another_process_holds_the_lock(people, db_path, tmp_path, writer):
    action, write = WRITERS[writer]
    c = flows.registered(people)
    session = {"export": "qahead", "export_unmasked": "qahead", "print_register": "qahead", "blank_receipt": "reception",
               "backup": "admin"}.get(writer, "inspector")
    s = people[session]
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / ("file.sqlite3" if writer == "backup" else "file.xlsx" if "export" in writer else "file.pdf")
    before = entries(s, action)
    s.db.conn.execute("PRAGMA busy_timeout = 100")  # this test's wait for the lock (the app's is 15 s)
    lock = Lock(db_path)
    try:
        with pytest.raises(DomainError) as err:
            write(people, c, out, db_path)
    finally:
        lock.release()
    assert err.value.code == "busy" and "nothing was saved" in err.value.message("en")
    assert "未保存任何内容" in err.value.message("zh_CN")
    assert _leftovers(out_dir) == []  # neither the file nor its .part
    assert entries(s, action) == before
    write(people, c, out, db_path)  # the lock released: the file and its entry
    assert _leftovers(out_dir) == [out.name] and out.stat().st_size > 0
    assert entries(s, action) > before


def test_destruction_certificate_is_not_written_while_the_lock_is_held(people, destroyed, db_path, tmp_path):
    s = people["qahead"]
    out = tmp_path / "out" / "cert.pdf"
    before = entries(s, "print")
    s.db.conn.execute("PRAGMA busy_timeout = 100")
    lock = Lock(db_path)
    try:
        with pytest.raises(DomainError, match="nothing was saved"):
            forms.destruction_certificate(s, out)
    finally:
        lock.release()
    assert not out.exists() and not files.part_of(out).exists() and entries(s, "print") == before
    forms.destruction_certificate(s, out)
    assert out.exists() and entries(s, "print") == before + 1


def test_a_refused_export_leaves_nothing(people, tmp_path):
    out = tmp_path / "r.xlsx"
    with pytest.raises(DomainError, match="may not"):
        register.export(people["reception"], out, unmasked=True)
    assert not out.exists() and not files.part_of(out).exists()
    with pytest.raises(DomainError, match="Cancelled"):
        flows.registered(people)
        register.export(people["qahead"], out, cancelled=lambda: True)
    assert not out.exists() and not files.part_of(out).exists()


def test_publish_writes_the_part_then_records_then_renames(tmp_path):
    out = tmp_path / "sub" / "a.txt"
    seen = []

    def write(part: Path) -> int:
        part.write_text("hello")
        return 5

    def record(result: int) -> None:
        seen.append((result, files.part_of(out).exists(), out.exists()))

    assert files.publish(out, write, record) == 5
    assert seen == [(5, True, False)]  # the entry is committed while only the .part exists
    assert out.read_text() == "hello" and not files.part_of(out).exists()

    def refused(_result) -> None:
        raise DomainError("busy", "未保存任何内容", "nothing was saved")

    other = tmp_path / "b.txt"
    with pytest.raises(DomainError):
        files.publish(other, write, refused)
    assert _leftovers(tmp_path) == ["sub"]

    def broken(part: Path) -> None:
        part.write_text("half")
        raise ValueError("the writer failed")

    with pytest.raises(ValueError):
        files.publish(other, broken, record)
    assert _leftovers(tmp_path) == ["sub"]
    (tmp_path / "folder").mkdir()
    with pytest.raises(DomainError, match="Cannot write") as err:
        files.publish(tmp_path / "folder", write, record)
    assert "无法写入" in err.value.message("zh_CN")
