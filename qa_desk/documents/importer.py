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
    """The ledger as it will be read: header, rows with their own row numbers, skipped rows."""
    return read_ledger(Path(path), limits=limits or Limits())


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
    return L.plan(session, ledger, filename=path.name, sha256=_sha(path), imap=_map(imap), progress=progress,
                  cancelled=cancelled)


def run(session: Session, path: Path, imap: L.ImportMap | dict | None = None, *, ledger: Ledger | None = None,
        progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
        expect: L.Plan | None = None) -> L.Plan:
    """Import for real: one transaction, exactly what the dry run showed; refused whole
    (``ledger_import.ImportRefused``, with the plan) when any row has a problem, and when ``expect`` (the dry run
    the user confirmed) no longer holds because the file or the database changed."""
    session.require("import")
    path = Path(path)
    ledger = ledger or read(path)
    return L.run(session, ledger, filename=path.name, sha256=_sha(path), imap=_map(imap), progress=progress,
                 cancelled=cancelled, expect=expect)


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
