"""Import of a complaint ledger (xlsx or csv): the file is read here (``ledger_reader``), everything else is the
core's (``qa_desk.core.ledger_import``): the mapping, the intake's checks, numbers, history, the one transaction.

The app's own register (zh or en headers) and the usual legacy headers (投诉日期, 投诉内容, 结案日期 …) need no
map; another layout needs one (``ImportMap``: columns, value maps, date order, what to do with a number already
used), from the import dialog or ``--map MAP.json``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qa_desk.core import ledger_import as L
from qa_desk.core.errors import refuse
from qa_desk.core.session import Session
from qa_desk.documents.ledger_reader import Ledger, Limits, read_ledger
from qa_desk.store.files import file_sha256

Progress = Callable[[int, int], None]


def read(path: Path, *, limits: Limits | None = None) -> Ledger:
    """The ledger as it will be read: header, rows with their own row numbers, skipped rows, and the SHA-256 of the
    bytes read, which every record imported from it carries (refused when the file changes while it is read, so
    the hash is never another version's)."""
    path = Path(path)
    before = _sha(path) if path.is_file() else None
    ledger = read_ledger(path, limits=limits or Limits())
    if _sha(path) != before:
        raise refuse("file_changed", f"{path.name} 在读取时被修改；请关闭正在编辑它的程序后重试。",
                     f"{path.name} changed while it was read; close the program editing it and try again.")
    ledger.sha256 = before
    return ledger


def _map(imap: L.ImportMap | dict | None) -> L.ImportMap:
    if imap is None:
        return L.ImportMap()
    return imap if isinstance(imap, L.ImportMap) else L.ImportMap.from_json(imap)


def _sha(path: Path) -> str:
    try:
        return file_sha256(path)
    except OSError as exc:
        raise refuse("bad_file", f"无法读取 {path.name}：{exc.strerror or exc}",
                     f"Cannot read {path.name}: {exc.strerror or exc}") from exc


def dry_run(session: Session, path: Path, imap: L.ImportMap | dict | None = None, *,
            ledger: Ledger | None = None, progress: Progress | None = None,
            cancelled: Callable[[], bool] | None = None) -> L.Plan:
    """What importing ``path`` would do, row by row; writes nothing."""
    session.require("import")
    path = Path(path)
    ledger = ledger or read(path)
    return L.plan(session, ledger, filename=path.name, sha256=ledger.sha256 or _sha(path), imap=_map(imap),
                  progress=progress, cancelled=cancelled)


def run(session: Session, path: Path, imap: L.ImportMap | dict | None = None, *, ledger: Ledger | None = None,
        progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
        expect: L.Plan | None = None) -> L.Plan:
    """Import for real: one transaction, exactly what the dry run showed; refused whole
    (``ledger_import.ImportRefused``, with the plan) when any row has a problem, and when ``expect`` (the dry run
    the user confirmed) no longer holds because the file or the database changed."""
    session.require("import")
    path = Path(path)
    ledger = ledger or read(path)
    if ledger.sha256 and _sha(path) != ledger.sha256:  # edited since it was read: import what is there now, or nothing
        raise refuse("file_changed", f"{path.name} 在读取之后已被修改，未导入任何数据；请重新读取并试运行。",
                     f"{path.name} changed after it was read; nothing was imported. Read it again and run the dry "
                     "run again.")
    return L.run(session, ledger, filename=path.name, sha256=ledger.sha256 or _sha(path), imap=_map(imap),
                 progress=progress, cancelled=cancelled, expect=expect)


def load_map(path: Path | None) -> L.ImportMap | None:
    """A map saved by the dialog or written by hand (``{"columns": …, "values": …}`` or the flat
    ``{"source header": "field"}``)."""
    if path is None:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise refuse("bad_map", f"无法读取映射文件 {path}：{exc}", f"Cannot read the map file {path}: {exc}") from exc
    return L.ImportMap.loads(text)


def save_map(imap: L.ImportMap, path: Path) -> None:
    try:
        Path(path).write_text(imap.dumps(), encoding="utf-8")
    except OSError as exc:
        raise refuse("bad_map", f"无法保存映射文件 {path}：{exc.strerror or exc}",
                     f"Cannot save the map file {path}: {exc.strerror or exc}") from exc
