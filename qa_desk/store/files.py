"""Files the program writes out of the database, and their checksums.

Nothing leaves without its record: every export, print, archive package and backup is written as
``NAME.part``, then its audit entry is committed, and only then is it renamed to ``NAME``. When the entry cannot be
committed (another program holds the write lock, a refusal, a crash) the ``.part`` is removed and nothing appears
under the real name: ``publish`` is that one pattern, used by every writer.

The SHA-256 of a file is read in blocks: backups, archive packages and imported ledgers are hashed the same way,
and a 1 GB backup is never held in memory whole.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
PART = ".part"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def part_of(out: Path) -> Path:
    """Where ``out`` is written before its record is committed."""
    return out.with_name(out.name + PART)


def fsync_file(path: Path) -> None:
    with path.open("rb+") as f:
        os.fsync(f.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where directories cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def publish(out: Path, write: Callable[[Path], T], record: Callable[[T], None]) -> T:
    """Write ``out`` so that it appears only once its audit entry is committed.

    ``write(part)`` writes the whole file at ``part`` (``out`` + ``.part``) and returns what ``record`` needs (a
    row count, a hash…); ``record(result)`` commits the audit entry (e.g. ``with session.write() as tx:
    tx.log(...)``) and raises when it cannot. Only after it returns is the file synced under its real name. On any
    failure of either (an exception, a refusal, a cancel) the ``.part`` is removed and the exception goes on: the
    caller then reports nothing as saved. Returns ``write``'s result.
    """
    from qa_desk.core.errors import refuse  # a plain module (no store or Qt behind it): the messages are zh + en

    out = Path(out)
    part = part_of(out)
    try:
        if out.is_dir():
            raise IsADirectoryError(f"{out} is a folder")
        out.parent.mkdir(parents=True, exist_ok=True)
        part.unlink(missing_ok=True)
    except OSError as exc:
        raise refuse("cannot_write", f"无法写入 {out}：{exc}；未保存任何内容。",
                     f"Cannot write {out}: {exc}; nothing was saved.") from exc
    try:
        result = write(part)
        if not part.is_file():
            raise FileNotFoundError(f"{part} was not written")
        fsync_file(part)
        record(result)
    except BaseException as exc:
        part.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise refuse("cannot_write", f"无法写入 {out}：{exc}；未保存任何内容。",
                         f"Cannot write {out}: {exc}; nothing was saved.") from exc
        raise
    try:
        os.replace(part, out)
    except OSError as exc:  # the entry is committed: the file stays where it is, and the message says where
        raise refuse("cannot_rename", f"已记录审计，但无法将 {part} 改名为 {out}：{exc}；文件保留在 {part}。",
                     f"The audit entry is recorded, but {part} could not be renamed to {out}: {exc}; the file is "
                     f"kept as {part}.") from exc
    fsync_dir(out.parent)
    return result
