"""Backups and restore of the one database file.

A backup is SQLite's online backup API (a consistent snapshot even while other windows or workstations write),
checked with ``PRAGMA integrity_check`` and hashed, written as ``NAME.part`` and renamed only once its audit entry
(with the copy's chain head and the installation's root fingerprint: an anchor outside the file) is committed.
The backup folder keeps the last N.

A restore accepts only a file

- whose schema is exactly one that QA Desk's migrations make (``qa_desk.store.schema``: no trigger, view, table or
  index of its own), of this or an older version (an older one is migrated after the check);
- that passes the whole ``verify`` (after that migration);
- whose newest entry is not in the future;
- of this installation: the same root-key fingerprint or, where either file has none yet (a backup from before
  the keys), the same first audit entry. Another installation's file only by an explicit administrator decision
  with a reason (``allow_other_installation``), recorded in the restore entry.

The restored content is built in a temporary file next to the live one: the backup copied in, migrated, every
destruction the live file records done again in it (a destroyed record never comes back), and the restore entry
written — sealed by the restoring administrator (``Session.on``). That file is synced, then copied into the live
file through the online backup API in one write transaction of the live file: a SIGKILL at any moment leaves the
live file either as it was or restored with its entry, other connections (windows, workstations) see the one or
the other, and no stale ``-wal``/``-shm`` can be paired with a swapped file. The previous content is kept aside
(``NAME.before-restore-STAMP.sqlite3``), named in the restore entry.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from platformdirs import user_data_dir
from sqlite_utils import Database

from qa_desk.core import keys, retention, settings
from qa_desk.core.anchors import chain_head, hash_at
from qa_desk.core.clock import parse
from qa_desk.core.errors import DomainError, Problem, refuse
from qa_desk.core.session import CLOCK_TOLERANCE, Session, clock_behind
from qa_desk.store import migrations, schema
from qa_desk.store.db import BUSY_TIMEOUT_MS, connect
from qa_desk.store.files import file_sha256, fsync_file, publish

PAGES_PER_STEP = 2048  # about 8 MB between progress reports
Progress = Callable[[int, int], None]
STAMP = re.compile(r"-(\d{8}-\d{6})\.sqlite3$")
# a restore reports progress in per cent: building the restored file, keeping the current one aside, the swap
BUILD, ASIDE, SWAP = (0, 40), (40, 60), (60, 100)


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    sha256: str
    head: str | None = None
    root: str | None = None


def folder(db: Database, db_path: Path) -> Path:
    configured = settings.get(db, "backup_dir")
    return Path(configured).expanduser() if configured else Path(user_data_dir("QA Desk", "QA Desk")) / "backups"


def _step(progress: Progress | None, span: tuple[int, int] | None = None):
    """A backup-API progress callback; with ``span``, mapped onto that part of a 0–100 scale."""
    if progress is None:
        return None
    if span is None:
        return lambda _status, remaining, total: progress(total - remaining, total)
    lo, hi = span
    return lambda _status, remaining, total: progress(lo + (hi - lo) * (total - remaining) // max(total, 1), 100)


def _copy(source: sqlite3.Connection, target: Path, progress=None, *, check: bool = True) -> None:
    """Online backup of ``source`` into the new file ``target`` (one self-contained file, no WAL), checked."""
    target.unlink(missing_ok=True)
    dest = sqlite3.connect(str(target))
    try:
        source.backup(dest, pages=PAGES_PER_STEP, progress=progress)
        dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        result = dest.execute("PRAGMA integrity_check").fetchone()[0] if check else "ok"
    finally:
        dest.close()
    if result != "ok":
        target.unlink(missing_ok=True)
        raise refuse("backup_bad", f"备份副本未通过完整性检查：{result}", f"The backup copy failed its integrity check: {result}")


def _anchors(path: Path) -> tuple[str | None, str | None]:
    """(chain head, root fingerprint) of a copy: the anchors the backup log keeps outside the file."""
    db = connect(path, readonly=True)
    try:
        return str(chain_head(db)), keys.root_fingerprint(db)
    finally:
        db.conn.close()


def backup(session: Session, db_path: Path, out: Path | None = None, *, keep: int | None = None,
           progress: Progress | None = None, reason: str = "manual") -> Backup:
    """Copy the live file; with no ``out``, into the backup folder under a timestamped name, keeping the last N.
    The copy appears under its name only once its audit entry is committed."""
    session.require("backup")
    stamp = session.now().strftime("%Y%m%d-%H%M%S")
    target = Path(out) if out else folder(session.db, db_path) / f"{db_path.stem}-{stamp}.sqlite3"
    if target.resolve() == db_path.resolve():
        raise refuse("backup_onto_live", "备份文件不能是正在使用的数据库本身。", "The backup cannot be the live database itself.")

    def write(part: Path) -> Backup:
        _copy(session.db.conn, part, _step(progress))
        head, root = _anchors(part)
        return Backup(target, part.stat().st_size, file_sha256(part), head, root)

    def record(made: Backup) -> None:
        with session.write() as tx:
            tx.log("backup", new={"file": str(target), "size": made.size, "sha256": made.sha256, "reason": reason,
                                  "head": made.head, "root": made.root})

    made = publish(target, write, record)
    if out is None:
        prune(target.parent, db_path.stem, keep if keep is not None else settings.get(session.db, "backup_keep"),
              now=session.now())
    return made


def stamp_of(path: Path) -> datetime | None:
    """The time in a backup's name (local time of the clock that made it, naive)."""
    m = STAMP.search(path.name)
    if not m:
        return None
    try:
        return datetime.strptime(m.group(1), "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def _future(stamp: datetime | None, now: datetime | None) -> bool:
    if stamp is None or now is None:
        return False
    return stamp > now.replace(tzinfo=None) + CLOCK_TOLERANCE  # the name holds the local time of the maker's clock


def listing(directory: Path, stem: str, *, now: datetime | None = None) -> list[Path]:
    """Backups of this file in the folder, newest first (the timestamp in the name sorts). With ``now``, a file
    whose name carries a time in the future is left out: no backup can have been made then."""
    if not directory.is_dir():
        return []
    found = (p for p in directory.glob(f"{stem}-????????-??????.sqlite3") if p.is_file() and stamp_of(p))
    return sorted((p for p in found if not _future(stamp_of(p), now)), reverse=True)


def prune(directory: Path, stem: str, keep: int, *, now: datetime | None = None) -> list[Path]:
    removed = listing(directory, stem, now=now)[max(keep, 1):]
    for p in removed:
        p.unlink(missing_ok=True)
    return removed


def last_backup_at(db: Database) -> datetime | None:
    """Read through the partial index of backup entries (m016): a few rows, not the whole trail."""
    r = db.conn.execute("SELECT at FROM audit_log WHERE action = 'backup' ORDER BY id DESC LIMIT 1").fetchone()
    return parse(r[0]) if r else None


def daily_due(session: Session) -> bool:
    if not settings.get(session.db, "backup_daily"):
        return False
    last = last_backup_at(session.db)
    return last is None or session.now() - last >= timedelta(days=1)


# --- examining a backup ------------------------------------------------------------------------------------------

@dataclass
class Examined:
    """A backup copied into ``work`` (when it could be) and what was found on the way."""

    db: Database | None = None
    version: int | None = None
    problems: list[Problem] = field(default_factory=list)
    head: str | None = None
    root: str | None = None
    first_entry: str | None = None
    unproven: int = 0  # entries of logins not sealed yet when the copy was taken (checked at their next login)


def _examine(source: Path, work: Path, now: datetime, progress=None) -> Examined:
    """Copy ``source`` into ``work`` and check the copy (``_checks``), migrating it to this release's schema."""
    out = Examined()
    if not source.is_file():
        out.problems.append(Problem(f"找不到文件 {source}", f"not found: {source}"))
        return out
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()
            _copy(src, work, progress, check=False)
        finally:
            src.close()
        db = connect(work)
        db.conn.execute("PRAGMA journal_mode=DELETE")  # built in place, then copied into the live file whole
    except (sqlite3.DatabaseError, DomainError) as exc:
        out.problems.append(_not_a_database(exc))
        return out
    out.db = db
    return _checks(db, out, now, migrate=True)


def _not_a_database(exc: Exception) -> Problem:
    return Problem(f"不是 SQLite 数据库文件，或已损坏：{exc}", f"not a SQLite database, or damaged: {exc}")


def _checks(db: Database, out: Examined, now: datetime, *, migrate: bool) -> Examined:
    """A QA Desk schema version; a schema exactly what the migrations of that version make; no entry in the
    future; SQLite's quick check; then (migrated, when ``migrate``) the whole verify. Stops at the first check that
    fails: a foreign schema is never migrated (its triggers would run)."""
    from qa_desk.core.verify import verify

    try:
        out.version = schema.version_of(db)
        if out.version == 0:
            out.problems.append(Problem("不是 QA Desk 数据库（没有数据库结构版本）", "not a QA Desk database (no schema version)"))
            return out
        found = schema.problems(db)
        if found:
            out.problems += [Problem(p.zh, p.en) for p in found]
            return out
        out.head, out.first_entry = str(chain_head(db)), hash_at(db, 1)
        out.root = keys.root_fingerprint(db)
        newest = clock_behind(db, now)
        if newest is not None:
            out.problems.append(Problem(f"备份中最新的审计记录时间为 {newest}，晚于当前时间 {now.isoformat()}：不可能是本程序制作的备份",
                                        f"the backup's newest audit entry is at {newest}, later than now "
                                        f"({now.isoformat()}): no backup can have been made then"))
            return out
        damaged = quick_check(db)
        if damaged is not None:
            out.problems.append(Problem(f"SQLite 完整性检查：{damaged}", f"SQLite integrity check: {damaged}"))
            return out
        if out.version < migrations.LATEST:
            if not migrate:
                raise AssertionError("an older schema is checked on a migrated copy")
            migrations.upgrade(db)
        findings = verify(db)
        # spans a login wrote and had not sealed yet when the copy was taken carry its mark, which only that user's
        # next login can check (and does): not proven yet, but not a finding against the copy
        out.unproven = sum(1 for f in findings if f.kind == "unsealed")
        out.problems += [Problem(f.text("zh_CN"), f.text("en")) for f in findings if f.kind != "unsealed"]
    except sqlite3.DatabaseError as exc:
        out.problems.append(Problem(f"读取或升级备份时出错：{exc}", f"reading or upgrading the backup failed: {exc}"))
    return out


def examine(path: Path, *, now: datetime | None = None) -> list[Problem]:
    """Everything a restore checks on the backup itself (not yet which installation it is from): empty when it is
    good to restore. A file of this release's schema is checked where it is, read-only; an older one on a
    migrated copy in a temporary folder."""
    now = now or datetime.now().astimezone()
    path = Path(path)
    if not path.is_file():
        return [Problem(f"找不到文件 {path}", f"not found: {path}")]
    try:
        db = connect(path, readonly=True)
        version = schema.version_of(db)
    except sqlite3.DatabaseError as exc:
        return [_not_a_database(exc)]
    try:
        if version == migrations.LATEST:
            return _checks(db, Examined(), now, migrate=False).problems
    finally:
        db.conn.close()
    with tempfile.TemporaryDirectory(prefix="qa-desk-check-") as tmp:
        found = _examine(path, Path(tmp) / "copy.sqlite3", now)
        if found.db is not None:
            found.db.conn.close()
        return found.problems


def check(path: Path, *, now: datetime | None = None) -> list[str]:
    """``examine`` in English: an empty list means the backup is good to restore."""
    return [p.en for p in examine(path, now=now)]


def _installation(live: Database, found: Examined) -> tuple[bool, str, str]:
    """(same installation?, zh, en of what was compared)."""
    here = keys.root_fingerprint(live)
    if here and found.root:
        if here == found.root:
            return True, "", ""
        return False, f"备份的根密钥指纹为 {found.root}，本安装为 {here}", \
            f"the backup's root-key fingerprint is {found.root}, this installation's is {here}"
    mine = hash_at(live, 1)
    if mine is not None and found.first_entry is not None and mine == found.first_entry and mine != "0" * 64:
        return True, "", ""
    return False, "备份的第一条审计记录与本安装的不同", "the backup's first audit entry differs from this installation's"


def _stale_work_files(db_path: Path) -> None:
    for p in db_path.parent.glob(f".{db_path.name}.restoring*"):
        p.unlink(missing_ok=True)


def restore(session: Session, db_path: Path, source: Path, *, progress: Progress | None = None,
            allow_other_installation: bool = False, reason: str | None = None) -> Path:
    """Replace the live content with a checked backup; returns where the previous content was kept.
    ``progress`` gets per cent (0–100)."""
    session.require("restore")
    source, db_path = Path(source), Path(db_path)
    reason = (reason or "").strip() or None
    if allow_other_installation and not reason:
        raise refuse("no_reason", "恢复另一安装的数据库文件需要填写理由。",
                     "Restoring another installation's file needs a reason.",
                     [Problem("请填写理由", "enter the reason", "reason")])

    def refused(code: str, zh: str, en: str, problems: list[Problem] | None = None) -> DomainError:
        session.audit_refusal("restore", code, file=str(source))
        return refuse(code, zh, en, problems)

    _stale_work_files(db_path)
    work = db_path.with_name(f".{db_path.name}.restoring")
    found = Examined()
    try:
        found = _examine(source, work, session.now(), _step(progress, BUILD))
        if found.problems:
            version = found.version or 0
            if version > migrations.LATEST:
                raise refused("backup_newer", f"备份 {source} 由更新的 QA Desk 建立（结构第 {version} 版），未恢复，当前数据未动。",
                              f"The backup {source} was made by a newer QA Desk (schema {version}); nothing was "
                              "restored and the current data is untouched.", found.problems[:8])
            raise refused("backup_not_good", f"备份 {source} 未通过校验，未恢复，当前数据未动。",
                          f"The backup {source} failed verification; nothing was restored and the current data is "
                          "untouched.", found.problems[:8])
        same, zh, en = _installation(session.db, found)
        if not same and not allow_other_installation:
            raise refused("other_installation",
                          f"备份 {source} 来自另一套 QA Desk 安装（{zh}），未恢复，当前数据未动。只有系统管理员明确决定"
                          "（并填写理由）才能恢复另一安装的文件。",
                          f"The backup {source} is from another QA Desk installation ({en}); nothing was restored "
                          "and the current data is untouched. Only an administrator's explicit decision, with a "
                          "reason, restores another installation's file.")
        target = session.on(found.db)
        target.spans = keys.Spans([])  # what this login wrote into the live file is no concern of the restored one
        if not _holds_key(found.db, session):
            # a backup from before the keys (or another installation's): the restoring administrator's key is not
            # in it, so this transaction is not sealed; the next administrator login seals the whole trail
            target.key = None
        carried = retention.carry_destructions(target, session.db) if same else []
        destroyed = _destruction_ids(session.db)
        stamp = session.now().strftime("%Y%m%d-%H%M%S")
        aside = db_path.with_name(f"{db_path.stem}.before-restore-{stamp}.sqlite3")
        with target.write() as tx:
            tx.log("restore", new={
                "from": str(source), "sha256": file_sha256(source), "previous_kept_as": str(aside),
                "schema": found.version, "migrated_to": migrations.LATEST, "backup_head": found.head,
                "replaced_head": str(chain_head(session.db)), "root": keys.root_fingerprint(session.db),
                "backup_root": found.root, "same_installation": same, "destructions_carried": carried,
                "unproven_entries": found.unproven,
                **({"other_installation": {"zh": zh, "en": en}, "reason": reason} if not same else {})},
                reason=reason)
        found.db.conn.execute("VACUUM")  # the pages freed by the carried destructions go too
        found.db.conn.close()
        found.db = None
        fsync_file(work)

        if not same:  # the decision is also in the file it replaces (kept aside), not only in the restored one
            with session.write() as tx:
                tx.log("restore_other_installation", new={"from": str(source), "backup_root": found.root,
                                                          "root": keys.root_fingerprint(session.db),
                                                          "kept_as": str(aside)}, reason=reason)

        def keep_aside(part: Path) -> None:
            _copy(session.db.conn, part, _step(progress, ASIDE), check=False)

        def swap(_) -> None:
            if _destruction_ids(session.db) != destroyed:  # a destruction committed meanwhile must not come back
                raise refuse("destroyed_meanwhile", "恢复期间另一个工作站销毁了记录；未恢复，当前数据未动。请重新恢复。",
                             "A record was destroyed on another workstation while the restore was prepared; nothing "
                             "was restored and the current data is untouched. Restore again.")
            _swap(session, work, progress)

        publish(aside, keep_aside, swap)
        # the spans this login wrote and had not sealed belong to the content that was replaced
        session.spans.pending.clear()
        session.spans.since = None
    finally:
        if found.db is not None:
            found.db.conn.close()
        work.unlink(missing_ok=True)
        work.with_name(work.name + "-journal").unlink(missing_ok=True)
    if progress:
        progress(100, 100)
    return aside


def _destruction_ids(db: Database) -> list[int]:
    return [r[0] for r in db.conn.execute("SELECT id FROM destruction_log ORDER BY id")]


def _holds_key(db: Database, session: Session) -> bool:
    """Whether the file being restored holds the restoring administrator's key (the same row, the same public
    key), so the restore transaction can be sealed with it."""
    key = session.key
    if key is None or not keys.has_keys(db) or not keys.has_keys(session.db):
        return False
    mine = session.db.conn.execute("SELECT public_key FROM keys WHERE id = ?", (key.key_id,)).fetchone()
    theirs = db.conn.execute("SELECT public_key FROM keys WHERE id = ?", (key.key_id,)).fetchone()
    return mine is not None and theirs is not None and mine[0] == theirs[0]


def _swap(session: Session, work: Path, progress: Progress | None) -> None:
    """The restored file into the live one: SQLite's online backup writes it as one transaction of the live file
    (committed at the last step, so a crash before it leaves the old content whole)."""
    src = sqlite3.connect(f"file:{work}?mode=ro", uri=True)
    try:
        src.backup(session.db.conn, pages=PAGES_PER_STEP, progress=_step(progress, SWAP))
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise refuse("busy", "数据库正在被另一个程序或工作站写入，未能恢复；当前数据未动。请稍后再试。",
                         "The database is being written by another program or workstation; nothing was restored "
                         "and the current data is untouched. Try again in a moment.") from exc
        raise
    finally:
        src.close()
    conn = session.db.conn
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout = 2000")
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def quick_check(db: Database) -> str | None:
    """Start-up check (seconds even on a big file): None when SQLite finds the file sound, else what it found."""
    try:
        rows = [r[0] for r in db.conn.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if rows == ["ok"] else "; ".join(rows)


@dataclass
class Offer:
    """The start-up offer: the backup chosen (None when none is good) and each newer one passed over, why."""

    chosen: Path | None
    passed_over: list[tuple[Path, str, str]] = field(default_factory=list)

    def text(self, lang: str) -> str:
        zh = lang.startswith("zh")
        lines = [(f"选用的备份：{self.chosen}" if zh else f"Backup chosen: {self.chosen}") if self.chosen else
                 ("没有可用的备份。" if zh else "No backup that verifies was found.")]
        for p, pz, pe in self.passed_over:
            lines.append(f"  {p.name}：{pz}" if zh else f"  {p.name}: {pe}")
        return "\n".join(lines)


def offer(directory: Path, stem: str, *, now: datetime | None = None) -> Offer:
    """The newest backup in the folder that passes every check of a restore, older ones tried in turn. A backup
    whose name or newest entry carries a time in the future is passed over (and said so)."""
    now = now or datetime.now().astimezone()
    out = Offer(None)
    if not directory.is_dir():
        return out
    every = sorted((p for p in directory.glob(f"{stem}-????????-??????.sqlite3") if p.is_file() and stamp_of(p)),
                   reverse=True)
    for p in every:
        if _future(stamp_of(p), now):
            out.passed_over.append((p, f"文件名中的时间 {stamp_of(p)} 在未来", f"the time in its name ({stamp_of(p)}) "
                                    "is in the future"))
            continue
        problems = examine(p, now=now)
        if not problems:
            out.chosen = p
            return out
        out.passed_over.append((p, problems[0].zh, problems[0].en))
    return out


def latest_good(directory: Path, stem: str, *, now: datetime | None = None) -> Path | None:
    """The newest backup in the folder that passes the whole check (older ones are tried in turn); never one
    whose time is in the future."""
    return offer(directory, stem, now=now).chosen
