"""``qa-desk verify``: is this file whole, does it still say what was recorded, and did its authors write it?

Read in one snapshot (one read transaction: no false findings while others write), also from a read-only copy.
The checks:
- SQLite integrity and foreign keys; the schema is exactly what the migrations make (no added, dropped or
  altered table, index, trigger or view);
- the audit hash chain, entry by entry, with times that never run backwards (except at an administrator's
  sealed confirmation of the clock);
- every seal is its key's signature over the span it names and the hash of the span's last entry, and every
  entry in the span is its key owner's; every entry that changes a record after the installation's root seal
  lies in a seal of its author (the entries before it are vouched for as a whole by the root seal, which signs
  the head that commits to them);
- every key is certified by the root or by an administrator's key; redactions are listed by a sealed
  destruction that exists;
- replay of the trail rebuilds every audited table (names each record and field that differs);
- gapless numbering with the counter neither behind nor ahead of the numbers in use;
- every e-signature against the content it signed and against its signer's key.

What this cannot show on its own is a file rebuilt whole with new keys, or cut back to an earlier state: for
that, the anchors outside the file (``qa_desk.core.anchors``: ``--head``, ``--root``, the workstation's memory).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlite_utils import Database

from qa_desk.core import keys, signatures
from qa_desk.core import roles as R
from qa_desk.store import audit
from qa_desk.store.audit import AUDITED_TABLES, ENTRY_FIELDS, GENESIS, STATE_COLUMNS, entry_hash_of, hex_of

Progress = Callable[[int, int], None]


@dataclass
class Finding:
    kind: str
    where: str
    zh: str
    en: str

    def text(self, lang: str) -> str:
        return f"[{self.kind}] {self.where}: " + (self.zh if lang.startswith("zh") else self.en)


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (zh, en): what is proven, from where
    entries: int = 0
    head: str = GENESIS
    root: str | None = None
    installed_at: int | None = None  # the first entry of the root seal's transaction

    def note(self, zh: str, en: str) -> None:
        self.notes.append((zh, en))


def _verify_chunk(jobs: list[tuple[str, bytes, str]]) -> list[bool]:
    return [keys.verify_raw(pub, msg, sig) for pub, msg, sig in jobs]


def _integrity_of(path: str) -> list[tuple]:
    from qa_desk.store.db import connect

    db = connect(path, readonly=True)
    try:
        return [tuple(r) for r in db.conn.execute("PRAGMA integrity_check")]
    finally:
        db.conn.close()


class Ed25519Batch:
    """The slow, self-contained parts of one verify: SQLite's integrity check of the whole file, and the
    signature checks (about 80 µs each: seals and e-signatures) gathered while the trail is read in its
    snapshot. On a big file they run in a second process while this one replays the trail (a forked helper;
    not inside the GUI, whose threads must not be forked: there they run here)."""

    PARALLEL_FROM_BYTES = 64 << 20

    def __init__(self, db: Database | None = None) -> None:
        self.jobs: list[tuple[str, bytes, str]] = []
        self.done: list[Callable[[bool], None]] = []
        self._pending = None
        self._integrity = None
        self._pool = None
        if db is not None and _big(db) and _may_fork():
            import multiprocessing as mp

            self._pool = mp.get_context("fork").Pool(1)

    def integrity(self, db: Database) -> Callable[[], list[tuple]]:
        """Start SQLite's integrity check; returns what gives its rows when they are needed."""
        if self._pool is not None:
            self._integrity = self._pool.apply_async(_integrity_of, (_path(db),))
            return self._integrity.get
        rows = [tuple(r) for r in db.conn.execute("PRAGMA integrity_check")]
        return lambda: rows

    def add(self, public_key: str, message: bytes, signature: str, done: Callable[[bool], None]) -> None:
        self.jobs.append((public_key, message, signature))
        self.done.append(done)

    def start(self) -> None:
        if self._pool is not None and self.jobs:
            chunks = [self.jobs[i:i + 1000] for i in range(0, len(self.jobs), 1000)]
            self._pending = self._pool.map_async(_verify_chunk, chunks)

    def finish(self) -> None:
        if self._pending is not None:
            results = [ok for chunk in self._pending.get() for ok in chunk]
        else:
            results = _verify_chunk(self.jobs)
        if self._pool is not None:
            if self._integrity is not None:
                self._integrity.wait()
            self._pool.close()
            self._pool.join()
        for ok, done in zip(results, self.done, strict=True):
            done(ok)
        self.jobs, self.done, self._pending, self._pool = [], [], None, None


def _path(db: Database) -> str:
    return db.conn.execute("PRAGMA database_list").fetchone()[2]


def _big(db: Database) -> bool:
    import os

    try:
        return bool(_path(db)) and os.path.getsize(_path(db)) >= Ed25519Batch.PARALLEL_FROM_BYTES
    except OSError:
        return False


def _may_fork() -> bool:
    import multiprocessing as mp
    import sys

    return "fork" in mp.get_all_start_methods() and not any(m.startswith("PySide6") for m in sys.modules)


@contextmanager
def snapshot(db: Database) -> Iterator[Database]:
    """One read transaction: every check sees the same state of the file while other processes write."""
    conn = db.conn
    outer = conn.in_transaction
    if not outer:
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts at the first read
    try:
        yield db
    finally:
        if not outer and conn.in_transaction:
            conn.execute("ROLLBACK")


def check_integrity(db: Database, rows: list[tuple] | None = None) -> list[Finding]:
    out = []
    for (msg,) in rows if rows is not None else db.conn.execute("PRAGMA integrity_check").fetchall():
        if msg != "ok":
            out.append(Finding("integrity", "sqlite", f"SQLite 完整性检查：{msg}", f"SQLite integrity check: {msg}"))
    for row in db.conn.execute("PRAGMA foreign_key_check").fetchall():
        out.append(Finding("foreign_key", f"{row[0]} rowid {row[1]}", f"外键指向不存在的 {row[2]} 记录",
                           f"foreign key points at a missing {row[2]} row"))
    return out


def check_schema(db: Database) -> list[Finding]:
    try:
        from qa_desk.store import schema
    except ImportError:  # pragma: no cover - the schema module is part of the release
        return []
    return [Finding("schema", getattr(p, "name", None) or "schema", p.zh, p.en)
            for p in schema.problems(db)]


# --- the chain, its seals and keys --------------------------------------------------------------------------

@dataclass
class _Seal:
    id: int
    key_id: int
    spans: list[tuple[int, int]]
    signature: bytes
    head: str | None = None
    valid: bool = False

    @property
    def last(self) -> int:
        return self.spans[-1][1] if self.spans else 0


def _keys(db: Database) -> dict[int, dict]:
    if not keys.has_keys(db):
        return {}
    return {r["id"]: dict(r) for r in db.conn.execute("SELECT * FROM keys ORDER BY id")}


def _seals(db: Database) -> list[_Seal]:
    if "seals" not in db.table_names():
        return []
    return [_Seal(r[0], r[1], keys.unpack_spans(r[2]), r[3])
            for r in db.conn.execute("SELECT id, key_id, spans, signature FROM seals ORDER BY id")]


def _pending(db: Database) -> list[tuple]:
    if "seal_pending" not in db.table_names():
        return []
    return [tuple(r) for r in db.conn.execute("SELECT first_id, last_id, key_id, mark FROM seal_pending "
                                              "ORDER BY first_id")]


def _lawful_redactions(db: Database) -> dict[int, tuple[int, int]]:
    """Audit entry id → (destruction-log id, id of the destroy entry that lists it)."""
    out: dict[int, tuple[int, int]] = {}
    for entry_id, new in db.conn.execute("SELECT id, new FROM audit_log WHERE action = 'destroy' AND op IS NULL "
                                         "AND redacted_by IS NULL"):
        try:
            data = json.loads(new)
            for redacted in data.get("redacted", []):
                out[int(redacted)] = (int(data["destruction_log_id"]), entry_id)
        except (TypeError, ValueError, KeyError, AttributeError):
            continue
    return out


# entries whose author's roles verify checks (see _Chain._authority)
AUTHORITY_TABLES = frozenset({"users", "keys"})
AUTHORITY_ACTIONS = frozenset({"clock_confirmed", "destroy"})
SELF_USER_FIELDS = frozenset({"password_hash", "password_changed_at", "must_change_password"})
SELF_KEY_FIELDS = frozenset({"sealed_private", "kdf"})


class _Chain:
    """One pass over the trail in id order: hashes, ids, times, seal spans, redactions."""

    TOLERANCE_S = 300  # session.CLOCK_TOLERANCE: writing is allowed this far behind the newest entry

    def __init__(self, db: Database, report: Report, progress: Progress | None, since: tuple[int, str] | None = None,
                 batch: Ed25519Batch | None = None) -> None:
        """``since`` (entry count, its hash): check only the entries after it, and the seals that reach them
        (the start-up check: what changed since this workstation last looked)."""
        self.db, self.report, self.progress = db, report, progress
        self.since = since or (0, GENESIS)
        self.batch = batch or Ed25519Batch()
        self.keys = _keys(db)
        self.all_seals = _seals(db)
        self.seals = [s for s in self.all_seals if s.last > self.since[0]]
        self.lawful = _lawful_redactions(db)
        self.findings: list[Finding] = []
        self.destroy_entries: dict[int, int] = {}  # destroy entry id -> destruction-log id it names
        self.confirmations: list[int] = []  # clock confirmations that let the time run backwards
        self.awaiting: list[int] = []  # entries of spans marked, not yet sealed
        self.marks: list[tuple] = []
        self.marks_queued: dict[tuple[int, int], list[Finding]] = {}
        # hashes of the last entries of pending spans (their marks sign them)
        self.heads_needed: dict[int, str | None] = {p[1]: None for p in _pending(db) if p[1] > self.since[0]}
        self.usernames = {r[0]: r[1] for r in db.conn.execute("SELECT id, username FROM users")}
        # each account's roles as the trail has them at the entry being read (and every one that held admin),
        # starting from the accounts as they stand when only a tail is checked
        self.roles: dict[int, set[str]] = {} if not self.since[0] else {
            r[0]: set(_json_list(r[1])) for r in db.conn.execute("SELECT id, roles FROM users")}
        self.admins_ever = {uid for uid, rs in self.roles.items() if R.ADMIN in rs}
        self.destroy_spans: dict[int, tuple[int, int] | None] = {}

    def run(self) -> list[Finding]:
        start, start_hash = self.since
        total = self.db.conn.execute("SELECT count(*) FROM audit_log WHERE id > ?", (start,)).fetchone()[0]
        root_seal = next((s for s in self.all_seals if self.keys.get(s.key_id, {}).get("purpose") == keys.ROOT),
                         None)
        installed = min(a for a, _b in root_seal.spans) if root_seal and root_seal.spans else None
        self.report.installed_at = installed
        self._root_seals_once()
        # every span of every seal, in entry order (logins interleave, so seals' spans interleave too)
        spans = sorted((a, b, i) for i, s in enumerate(self.seals) for a, b in s.spans)
        ends = {s.last: s for s in self.seals}
        # the user each seal's key belongs to (None: the root, which seals the installation for anyone)
        self.owners = [None if self.keys.get(s.key_id, {}).get("purpose") == keys.ROOT else
                       self.keys.get(s.key_id, {}).get("user_id", -1) for s in self.seals]
        span_iter, pend_iter = iter(spans), iter(_pending(self.db))
        span, pend = next(span_iter, None), next(pend_iter, None)
        prev_hash, expected_id, prev_at, broken = start_hash, start + 1, self._at(start), False
        cur = _tuples(self.db, f"SELECT {','.join(ENTRY_FIELDS)}, redacted_by, hash FROM audit_log WHERE id > ? "
                               "ORDER BY id", (start,))
        n_fields = len(ENTRY_FIELDS)
        prev_at_text = None
        for n, values in enumerate(cur, 1):
            eid, at_text, uid, action, op = values[0], values[1], values[2], values[4], values[5]
            redacted_by, stored = values[n_fields], hex_of(values[n_fields + 1])
            if self.progress and n % 50_000 == 0:
                self.progress(n, total)
            if not broken:
                broken = self._link(values[:n_fields], eid, expected_id, prev_hash, redacted_by, stored)
            while span is not None and span[1] < eid:
                span = next(span_iter, None)
            while pend is not None and pend[1] < eid:
                pend = next(pend_iter, None)
            seal = self.seals[span[2]] if span is not None and span[0] <= eid else None
            if eid in ends:
                ends[eid].head = stored
            if eid in self.heads_needed:
                self.heads_needed[eid] = stored
            owner = self.owners[span[2]] if seal is not None else None
            if not (seal is not None and (owner is None or owner == uid)):  # the common case costs nothing more
                self._authorship(dict(zip(ENTRY_FIELDS, values[:n_fields], strict=True)), seal, installed,
                                 pend if pend is not None and pend[0] <= eid else None)
            if uid is not None and values[3] != self.usernames.get(uid):
                self._misnamed(values)
            if values[6] in AUTHORITY_TABLES or action in AUTHORITY_ACTIONS:
                e = dict(zip(ENTRY_FIELDS, values[:n_fields], strict=True))
                # not in the root's own transaction, nor in the trail before it (which the root seal vouches as a whole)
                if redacted_by is None and not (seal is not None and owner is None) and installed is not None \
                        and eid >= installed:
                    self._authority(e)
                if values[6] == "users" and op is not None and redacted_by is None:
                    self._track_roles(e)
                if action == "destroy" and op is None:
                    self.destroy_spans[eid] = (span[0], span[1]) if seal is not None else None
            if at_text != prev_at_text:  # the entries of one transaction share their time
                prev_at = self._time(values, prev_at, seal)
                prev_at_text = at_text
            if action == "destroy" and op is None and redacted_by is None:
                self.destroy_entries[eid] = seal.id if seal else 0
            prev_hash, expected_id = stored, eid + 1
        self.report.entries, self.report.head = expected_id - 1, prev_hash
        if installed is None and any(k["purpose"] == keys.ROOT for k in self.keys.values()):
            self.findings.append(Finding("seal", "seals", "有根密钥却没有根签章：安装时的签章被删除",
                                         "there is a root key but no root seal: the installation's seal was removed"))
        self._check_seals()
        self._check_marks()
        return self.findings

    def _at(self, entry_id: int) -> datetime | None:
        r = self.db.conn.execute("SELECT at FROM audit_log WHERE id = ?", (entry_id,)).fetchone() if entry_id else None
        try:
            return datetime.fromisoformat(r[0]) if r else None
        except (TypeError, ValueError):
            return None

    def _awaiting(self, e: dict, mark: tuple) -> None:
        """An entry of a span its login has not sealed yet (the login is still open, or QA Desk was killed):
        the span's mark is its author's signature over that span, checked with the others in the batch."""
        first, last, key_id, signature = mark
        key = self.keys.get(key_id)
        who = e["username"] or "?"
        forged = Finding("unvouched", f"audit_log id {e['id']}",
                         f"记录修改（{e['action']}）署名为 {who}，其“待签章”标记不是 {who} 的密钥所签：不是由本人登录写入的",
                         f"a record change ({e['action']}) attributed to {who} carries a 'seal pending' mark that "
                         f"{who}'s key did not make: it was not written by their login")
        if key is None or key.get("user_id") != e["user_id"] or last not in self.heads_needed:
            self.findings.append(forged)
            return
        self.awaiting.append(e["id"])
        if (first, last) not in self.marks_queued:
            self.marks_queued[(first, last)] = [forged]
            self.marks.append((first, last, key, bytes(signature).hex(), self.marks_queued[(first, last)]))
        else:
            self.marks_queued[(first, last)].append(forged)

    def _check_marks(self) -> None:
        for first, last, key, signature, forged in self.marks:  # forged: one finding per entry of the span
            head = self.heads_needed.get(last)
            if head is None:
                self.findings.extend(forged)
                continue
            self.batch.add(key["public_key"], keys.mark_message(key["id"], first, last, head), signature,
                           lambda ok, forged=forged: None if ok else self.findings.extend(forged))

    def _check_awaiting(self) -> None:
        if self.awaiting:
            self.report.note(f"{len(self.awaiting)} 项修改尚待其登录汇总签章（各自已有作者密钥的签名标记）。",
                             f"{len(self.awaiting)} change(s) await their login's seal (each span already carries "
                             "its author's signed mark).")

    def _link(self, values: tuple, eid: int, expected_id: int, prev_hash: str, redacted_by, stored: str) -> bool:
        """False while the chain holds; on the first break, one finding (later entries follow from it)."""
        where = f"audit_log id {eid}"
        if eid != expected_id:
            self.findings.append(Finding("audit_chain", where, f"审计记录 {expected_id} 缺失（被删除）",
                                         f"audit entry {expected_id} is missing (deleted)"))
            return True
        if redacted_by is not None:
            if self.lawful.get(eid, (None,))[0] != redacted_by:
                self.findings.append(Finding("audit_chain", where, "审计记录内容被清除，但没有对应的销毁记录",
                                             "the entry's content was removed without a destruction that lists it"))
                return True
            return False
        if entry_hash_of(prev_hash, values) != stored:
            self.findings.append(Finding("audit_chain", where, "审计记录内容已被修改（哈希不符）",
                                         "the entry's content was changed (hash mismatch)"))
            return True
        return False

    def _authorship(self, e: dict, seal: _Seal | None, installed: int | None, marked: tuple | None) -> None:
        eid, uid = e["id"], e["user_id"]
        if seal is not None:
            key = self.keys.get(seal.key_id)
            if key is None:
                return  # reported with the seal
            if key["purpose"] != keys.ROOT and key["user_id"] != uid:
                self.findings.append(Finding(
                    "seal", f"audit_log id {eid}",
                    f"该记录署名为 {e['username']}，却处在另一用户（用户 id {key['user_id']}）签章的事务中",
                    f"the entry is attributed to {e['username']} but lies in a transaction sealed by another user "
                    f"(user id {key['user_id']})"))
            return
        if e["op"] is None or installed is None or eid < installed:
            return  # an event (view, login, failure) changes nothing; before the root seal, the prefix it vouches
        who = e["username"] or "?"
        if marked and uid is not None and (e["tbl"] in keys.IMMEDIATE_TABLES or e["action"] in keys.IMMEDIATE_ACTIONS):
            self.findings.append(Finding(
                "unvouched", f"audit_log id {eid}",
                f"对账户、密钥、销毁或时钟的修改（{e['action']}）署名为 {who}，却只有“待签章”标记：这类修改在写入时即签章，标记是伪造的",
                f"a change to an account, a key, a destruction or the clock ({e['action']}) attributed to {who} "
                "carries only a 'seal pending' mark: such changes are sealed when written, so the mark is forged"))
        elif marked and uid is not None:
            self._awaiting(e, marked)
        elif uid is None:
            self.findings.append(Finding("unvouched", f"audit_log id {eid}",
                                         f"无用户的记录修改（{e['action']} {e['tbl']} {e['record_id']}）：启动、定时备份等不能修改记录",
                                         f"a record change with no user ({e['action']} {e['tbl']} {e['record_id']}): "
                                         "start-up and scheduled tasks cannot change a record"))
        else:
            self.findings.append(Finding("unvouched", f"audit_log id {eid}",
                                         f"记录修改（{e['action']} {e['tbl']} {e['record_id']}）署名为 {who}，但没有该用户密钥的签章："
                                         "不是由本人登录写入的（伪造或在程序外写入）",
                                         f"a record change ({e['action']} {e['tbl']} {e['record_id']}) attributed to "
                                         f"{who} carries no seal of that user's key: it was not written by their "
                                         "login (forged, or written outside the application)"))

    def _root_seals_once(self) -> None:
        """The root key seals one transaction, the installation's (or the upgrade's): the first seal of the
        file, over one span. Any other seal by a root key would let it vouch for anything."""
        roots = [s for s in self.all_seals if self.keys.get(s.key_id, {}).get("purpose") == keys.ROOT]
        first = self.all_seals[0] if self.all_seals else None
        for s in roots:
            if s is not first or len(s.spans) != 1:
                self.findings.append(Finding("seal", f"seals id {s.id}", "根密钥只能为安装（或升级）的那一个事务签章；此签章不是",
                                             "the root key seals only the installation's (or the upgrade's) one "
                                             "transaction; this seal is another"))

    def _misnamed(self, values: tuple) -> None:
        self.findings.append(Finding(
            "unvouched", f"audit_log id {values[0]}",
            f"记录的用户名 {values[3]!r} 与其用户 id 的账户（{self.usernames.get(values[2], '?')}）不符",
            f"the entry's user name {values[3]!r} is not the name of its account "
            f"({self.usernames.get(values[2], '?')}, user id {values[2]})"))

    def _authority(self, e: dict) -> None:
        """Accounts, keys, the clock and destructions: who may write such an entry, from the roles the trail
        gives the author at that moment (a sealed entry proves who wrote it, not that they were allowed)."""
        held = self.roles.get(e["user_id"], set())
        if e["action"] == "clock_confirmed":
            allowed = R.ADMIN in held
        elif e["action"] == "destroy" and e["op"] is None:
            allowed = bool(held & (R.PERMISSIONS["destroy"] | R.PERMISSIONS["restore"]))
        elif e["op"] is None:
            return
        else:
            allowed = R.ADMIN in held or self._self_service(e)
        if not allowed:
            who = e["username"] or "?"
            self.findings.append(Finding(
                "authority", f"audit_log id {e['id']}",
                f"{who} 当时的角色（{', '.join(sorted(held)) or '无'}）不允许这项修改（{e['action']} {e['tbl'] or ''}）",
                f"{who}'s roles at the time ({', '.join(sorted(held)) or 'none'}) do not allow this change "
                f"({e['action']} {e['tbl'] or ''})"))

    def _self_service(self, e: dict) -> bool:
        """What a user does to their own account without an administrator: a new password (also at an expired
        login), their key re-wrapped under it, and in an upgraded file the key they enrol at login."""
        fields = {f for f, _o, _n in audit.changes(e)}
        if e["tbl"] == "users":
            return e["op"] == "update" and e["record_id"] == e["user_id"] and fields <= SELF_USER_FIELDS
        if e["tbl"] == "keys":
            if e["op"] == "insert":
                new = json.loads(e["new"] or "{}")
                return new.get("user_id") == e["user_id"] and new.get("certified_by") is None
            owner = self.keys.get(e["record_id"], {}).get("user_id")
            return e["op"] == "update" and owner == e["user_id"] and fields <= SELF_KEY_FIELDS
        return False

    def _track_roles(self, e: dict) -> None:
        if e["op"] == "insert":
            roles = _json_list(json.loads(e["new"] or "{}").get("roles"))
        else:
            found = [n for f, _o, n in audit.changes(e) if f == "roles"]
            if not found:
                return
            roles = _json_list(found[-1])
        self.roles[e["record_id"]] = set(roles)
        if R.ADMIN in roles:
            self.admins_ever.add(e["record_id"])

    def _time(self, values: tuple, prev_at: datetime | None, seal: _Seal | None) -> datetime | None:
        e = {"id": values[0], "at": values[1], "action": values[4]}
        try:
            at = datetime.fromisoformat(e["at"])
        except (TypeError, ValueError):
            self.findings.append(Finding("audit_time", f"audit_log id {e['id']}", f"时间无效：{e['at']!r}",
                                         f"the time is not valid: {e['at']!r}"))
            return prev_at
        if prev_at is not None and (prev_at - at).total_seconds() > self.TOLERANCE_S:
            if e["action"] == "clock_confirmed" and seal is not None:
                self.confirmations.append(seal.id)
            else:
                self.findings.append(Finding("audit_time", f"audit_log id {e['id']}",
                                             f"审计时间倒退：{e['at']} 早于前一条的 {prev_at.isoformat()}（且没有管理员的时钟确认）",
                                             f"audit time runs backwards: {e['at']} is earlier than the entry "
                                             f"before ({prev_at.isoformat()}) with no administrator's clock "
                                             "confirmation"))
        return at

    def _check_seals(self) -> None:
        previous = 0
        for a, b, i in sorted((a, b, i) for i, s in enumerate(self.seals) for a, b in s.spans):
            if a <= previous or b < a:
                self.findings.append(Finding("seal", f"seals id {self.seals[i].id}", f"签章范围 {a}–{b} 与另一签章重叠或无效",
                                             f"the sealed span {a}–{b} overlaps another seal's or is not valid"))
            previous = max(previous, b)
        for s in self.seals:
            where = f"seals id {s.id}"
            key = self.keys.get(s.key_id)
            if key is None or s.head is None or not s.spans:
                self.findings.append(Finding("seal", where, "签章指向不存在的密钥或审计记录",
                                             "the seal names a key or an audit entry that does not exist"))
                continue
            self.batch.add(key["public_key"], keys.seal_message(s.key_id, s.spans, s.head), bytes(s.signature).hex(),
                           lambda ok, s=s: self._seal_checked(s, ok))

    def _seal_checked(self, s: _Seal, ok: bool) -> None:
        s.valid = ok
        if not ok:
            first = s.spans[0][0]
            self.findings.append(Finding("seal", f"seals id {s.id}", f"第 {first}–{s.last} 条记录的签章与其密钥不符（签章或记录被改动）",
                                         f"the seal over entries {first}–{s.last} does not verify against its "
                                         "key (the seal or the entries were altered)"))

    def finish(self) -> list[Finding]:
        """After the batch ran: what depends on which seals hold."""
        valid = {s.id for s in self.seals if s.valid}
        for seal_id in self.confirmations:
            key = self.keys.get(next(s.key_id for s in self.seals if s.id == seal_id), {})
            if seal_id not in valid or key.get("purpose") == keys.ROOT or key.get("user_id") not in self.admins_ever:
                self.findings.append(Finding("audit_time", f"seals id {seal_id}", "时钟确认没有管理员的有效签章",
                                             "a clock confirmation carries no valid seal of an administrator"))
        self.valid_seals = valid
        self._check_redactions()
        self._check_awaiting()
        return self.findings

    def _check_redactions(self) -> None:
        """A destroy entry blanks entries lawfully only when it is the destruction's own: sealed, in the very
        transaction that wrote that destruction-log row, and listing entries of that record only."""
        logs = {r[0]: r[1] for r in self.db.conn.execute("SELECT id, complaint_id FROM destruction_log")}
        for entry_id, seal_id in self.destroy_entries.items():
            row = self.db.conn.execute("SELECT new FROM audit_log WHERE id = ?", (entry_id,)).fetchone()
            data = _json_dict(row[0] if row else None)
            log_id = data.get("destruction_log_id")
            span = self.destroy_spans.get(entry_id)
            ins = self.db.conn.execute("SELECT min(id) FROM audit_log WHERE tbl = 'destruction_log' AND op = 'insert' "
                                       "AND record_id = ?", (log_id,)).fetchone()[0] if log_id in logs else None
            own = span is not None and ins is not None and span[0] <= ins <= span[1]
            if seal_id not in self.valid_seals or not own or not self._listed_are_its_own(data, logs.get(log_id)):
                self.findings.append(Finding("redaction", f"audit_log id {entry_id}",
                                             "销毁记录未经签章、不在其销毁的同一事务中，或所列审计记录不属于被销毁的投诉：它所清除的审计记录不合法",
                                             "the destroy entry is not sealed, not in the transaction of the destruction "
                                             "it names, or lists entries of another record: the entries it blanked "
                                             "were blanked unlawfully"))

    def _listed_are_its_own(self, data: dict, complaint_id: int | None) -> bool:
        listed = [int(i) for i in data.get("redacted", []) if str(i).isdigit()]
        parts = {(t, int(r)) for t, ids in (data.get("rows") or {}).items() for r in ids} \
            if isinstance(data.get("rows"), dict) else set()
        for chunk in (listed[i:i + 500] for i in range(0, len(listed), 500)):
            for cid, tbl, rid in self.db.conn.execute(
                    f"SELECT complaint_id, tbl, record_id FROM audit_log WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk):
                if cid != complaint_id and (tbl, rid) not in parts and not (tbl == "complaints" and rid == complaint_id):
                    return False
        return True


def _json_list(value) -> list:
    try:
        value = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def _json_dict(value) -> dict:
    try:
        value = json.loads(value) if isinstance(value, str) else value
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def check_keys(db: Database) -> list[Finding]:
    """Each key's certificate: the root's by itself, any other by the root or by an administrator's key."""
    from qa_desk.core.users import roles_ever_held

    out: list[Finding] = []
    table = _keys(db)
    roots = [k for k in table.values() if k["purpose"] == keys.ROOT]
    if len(roots) > 1:
        out.append(Finding("key", "keys", "存在多个根密钥", "there is more than one root key"))
    for k in table.values():
        where = f"keys id {k['id']} ({k['fingerprint']})"
        if keys.fingerprint(k["public_key"]) != k["fingerprint"]:
            out.append(Finding("key", where, "指纹与公钥不符", "the fingerprint does not match the public key"))
        certifier = table.get(k["certified_by"]) if k["certified_by"] is not None else None
        if k["certified_by"] is None:
            name = _username(db, k["user_id"])
            if _had_an_issued_key(db, table, k):
                out.append(Finding("key", where, f"这把 {name} 的密钥不是管理员签发的，而 {name} 已有管理员签发的密钥：程序不会为其另行登记，"
                                   "这是伪造的密钥。不要认可它；请核查数据库，并为 {name} 重置密码以签发新密钥",
                                   f"this key of {name} was not issued by an administrator, although {name} already "
                                   "had one that was: QA Desk never enrols a second key, so it is forged. Do not "
                                   f"vouch for it; examine the file, and reset {name}'s password to issue a new key"))
            else:
                out.append(Finding("key", where, f"{name} 自行登记的密钥尚未经管理员认可：与本人当面核对指纹后运行 "
                                   f"qa-desk users endorse-key {name} --fingerprint …",
                                   f"the key {name} enrolled at login is not yet endorsed by an administrator: compare "
                                   f"its fingerprint with {name} in person, then qa-desk users endorse-key {name} "
                                   "--fingerprint …"))
            continue
        msg = keys.certificate_message(k["user_id"], k["purpose"], k["public_key"], k["created_at"])
        if certifier is None or not keys.verify_raw(certifier["public_key"], msg, k["certificate"] or ""):
            out.append(Finding("key", where, "密钥证书无效（不是由认证它的密钥签发）",
                               "the key's certificate does not verify (it was not issued by the key named)"))
            continue
        if k["purpose"] == keys.ROOT:
            if certifier["id"] != k["id"] or (roots and k["id"] != roots[0]["id"]):
                out.append(Finding("key", where, "根密钥不是自签的", "the root key is not self-certified"))
        elif certifier["purpose"] != keys.ROOT and "admin" not in roles_ever_held(db, certifier["user_id"]):
            out.append(Finding("key", where, "密钥由非管理员的密钥签发", "the key was certified by a key that is not an "
                               "administrator's"))
    return out


def _had_an_issued_key(db: Database, table: dict[int, dict], key: dict) -> bool:
    """A user who already held a certified key, or was created after the root key (and so got a key with the
    account), never enrols one at login."""
    if any(k["user_id"] == key["user_id"] and k["certified_by"] is not None and k["id"] != key["id"]
           for k in table.values()):
        return True
    root = next((k for k in table.values() if k["purpose"] == keys.ROOT), None)
    created = db.conn.execute("SELECT created_at FROM users WHERE id = ?", (key["user_id"],)).fetchone()
    return bool(root and created and created[0] and created[0] >= root["created_at"])


def _username(db: Database, user_id: int | None) -> str:
    r = db.conn.execute("SELECT username FROM users WHERE id = ?", (user_id,)).fetchone()
    return r[0] if r else f"user id {user_id}"


# --- replay -----------------------------------------------------------------------------------------------

def _same(table: str, column: str, logged, actual) -> bool:
    if isinstance(logged, dict) and "$sha256" in logged:
        return actual is not None and audit.digest(actual) == logged
    return logged == actual


def _logged_rows(db: Database, table: str) -> Iterator[tuple[int, dict]]:
    """(record id, the row as its audit entries make it), in record id order, one record in memory at a time
    (the index on (tbl, record_id) gives that order)."""
    cur = _tuples(db, "SELECT record_id, op, field, new FROM audit_log INDEXED BY "
                          "idx_audit_log_tbl_record_id WHERE tbl = ? AND op IS NOT NULL AND redacted_by IS NULL "
                          "ORDER BY record_id, id", (table,))
    rid, row = None, None
    for record_id, op, field_name, new in cur:
        if record_id != rid:
            if rid is not None and row is not None:
                yield rid, row
            rid, row = record_id, None
        if op == "insert":
            row = json.loads(new)
            row.setdefault("id", record_id)
        elif op == "update":  # one field (before schema 7), or an object of the fields changed
            row = row if row is not None else {}
            if field_name is not None:
                row[field_name] = None if new is None else json.loads(new)
            elif new is not None:
                changed = json.loads(new)
                if isinstance(changed, dict):
                    row.update(changed)
        elif op == "delete":
            row = None
    if rid is not None and row is not None:
        yield rid, row


def _tuples(db: Database, sql: str, params: tuple = ()):
    """A cursor of plain tuples (sqlite3.Row costs a third of a scan over millions of entries)."""
    cur = db.conn.cursor()
    cur.row_factory = None
    return cur.execute(sql, params)


def check_replay(db: Database) -> list[Finding]:
    out: list[Finding] = []
    present = set(db.table_names())
    for table in AUDITED_TABLES:
        if table not in present:
            continue
        state = STATE_COLUMNS.get(table, frozenset())
        actual = _tuples(db, f"SELECT * FROM [{table}] ORDER BY id")
        cols = [d[0] for d in actual.description]
        checked = [(i, c) for i, c in enumerate(cols) if c not in state]
        pending = actual.fetchone()
        for rid, logged in _logged_rows(db, table):
            while pending is not None and pending[0] < rid:
                out.append(_unrecorded(table, dict(zip(cols, pending, strict=True))))
                pending = actual.fetchone()
            if pending is None or pending[0] != rid:
                out.append(Finding("missing", f"{table} id {rid}", "审计记录中存在的记录已被删除（绕过程序）",
                                   "a row the audit trail holds was removed behind the application's back"))
                continue
            row, pending = pending, actual.fetchone()
            get = logged.get
            bad = [c for i, c in checked if get(c) != row[i] and not _same(table, c, get(c), row[i])]
            if bad:
                out += _tampered(table, dict(zip(cols, row, strict=True)), logged, bad)
        while pending is not None:
            out.append(_unrecorded(table, dict(zip(cols, pending, strict=True))))
            pending = actual.fetchone()
    return out


def _tampered(table: str, row: dict, logged: dict, columns: list[str]) -> list[Finding]:
    where = f"{table} id {row['id']}" + (f" ({row['number']})" if table == "complaints" else "")
    out = []
    for col in columns:
        was, now = _short(logged.get(col), col), _short(row[col], col)
        out.append(Finding("tampered", f"{where} field {col}", f"当前值与审计记录不符（记录为 {was}，实际为 {now}）",
                           f"the value differs from its audit history (recorded {was}, found {now})"))
    return out


def _unrecorded(table: str, row: dict) -> Finding:
    where = f"{table} id {row['id']}" + (f" ({row['number']})" if table == "complaints" else "")
    return Finding("unrecorded", where, "该记录没有审计来源（绕过程序写入）",
                   "this row has no audit history (written behind the application's back)")


def _short(v, column: str | None = None) -> str:
    """A value for a finding; personal data is masked, because verify runs without a login."""
    from qa_desk.core.privacy import PERSONAL_FIELDS, masked_value

    if column in PERSONAL_FIELDS:
        v = masked_value(v)
    if isinstance(v, bytes):
        v = f"<{len(v)} bytes>"
    s = repr(v)
    return s if len(s) <= 60 else s[:57] + "..."


# --- numbering, signatures, derived data, reviews ----------------------------------------------------------

def check_numbering(db: Database) -> list[Finding]:
    """Numbers of a year run 1, 2, 3… with no gap, and the counter stands at the highest one. Gaps below the
    highest number imported from an old ledger are the ledger's own history, not the app's; legacy numbers
    outside the pattern (seq < 0) are left out."""
    from qa_desk.core import validation as V

    out = []
    for cid, number in db.conn.execute("SELECT id, number FROM complaints"):
        if V.number_problem(number):  # one rule for every number, so none can be a path
            out.append(Finding("numbering", f"complaints id {cid}", f"编号 {number!r} 不符合编号规则（英文字母、数字和 -）",
                               f"the number {number!r} breaks the number rule (ASCII letters, digits and -)"))
    years = {r[0] for r in db.conn.execute("SELECT DISTINCT year FROM complaints")}
    years |= {int(r[0]) for r in db.conn.execute("SELECT key FROM number_sequences") if str(r[0]).isdigit()}
    for year in sorted(years):
        seqs = [r[0] for r in db.conn.execute("SELECT seq FROM complaints WHERE year = ? AND seq > 0 ORDER BY seq",
                                              (year,))]
        imported_top = db.conn.execute("SELECT coalesce(max(seq), 0) FROM complaints WHERE year = ? AND seq > 0 AND "
                                       "imported_from IS NOT NULL", (year,)).fetchone()[0]
        destroyed = {r[0] for r in db.conn.execute("SELECT seq FROM destruction_log WHERE year = ?", (year,))}
        have = set(seqs) | destroyed  # numbers of destroyed records stay used
        top = max(have | {0})
        gaps = [n for n in range(imported_top + 1, top + 1) if n not in have]
        if gaps:
            out.append(Finding("numbering", f"year {year}", f"{year} 年编号不连续（缺少流水号 {gaps[:5]}）",
                               f"the numbers of {year} have gaps (missing sequence {gaps[:5]})"))
        seq = db.conn.execute("SELECT last_seq FROM number_sequences WHERE key = ?", (str(year),)).fetchone()
        if top and (seq is None or seq[0] < top):
            out.append(Finding("numbering", f"year {year}", "编号计数器落后于已用编号，可能导致重号",
                               "the number counter is behind the numbers in use (a number could be reused)"))
        elif seq is not None and seq[0] > top:
            out.append(Finding("numbering", f"year {year}",
                               f"编号计数器（{seq[0]}）超前于已用的最大编号（{top}）：下一条投诉会留下编号空缺",
                               f"the number counter ({seq[0]}) is ahead of the highest number in use ({top}): the "
                               "next complaint would leave a gap in the numbers"))
    return out


def check_signatures(db: Database, installed_at: int | None = None, batch: Ed25519Batch | None = None
                     ) -> list[Finding]:
    """Each signature against the content it signed; its cryptographic signature goes into ``batch`` (run
    here when none is given)."""
    out: list[Finding] = []
    for (cid,) in db.conn.execute("SELECT DISTINCT complaint_id FROM signatures WHERE complaint_id IS NOT NULL"):
        for s in signatures.for_complaint(db, cid):
            if s["state"] == "invalid":
                row = db.conn.execute("SELECT number FROM complaints WHERE id = ?", (cid,)).fetchone()
                number = row[0] if row else f"complaint id {cid} missing"
                out.append(Finding("signature", f"signatures id {s['id']} ({number})",
                                   f"{s['signer_name']} 于 {s['signed_at']} 的签名（{s['meaning']}）已失效：签名后内容被修改",
                                   f"the signature of {s['signer_name']} at {s['signed_at']} ({s['meaning']}) is no "
                                   "longer valid: the content changed after signing"))
    own = batch is None
    batch = batch or Ed25519Batch()
    _signature_keys(db, _keys(db), installed_at, batch, out)
    if own:
        batch.finish()
    return out


def _signature_keys(db: Database, key_rows: dict[int, dict], installed_at: int | None, batch: Ed25519Batch,
                    out: list[Finding], only: list[int] | None = None) -> None:
    """Each e-signature's cryptographic signature, made with a key of its signer (``only``: those ids)."""
    if "key_id" not in {c.name for c in db["signatures"].columns}:
        return
    rows = db.conn.execute("SELECT * FROM signatures ORDER BY id") if only is None else \
        db.conn.execute(f"SELECT * FROM signatures WHERE id IN ({','.join('?' * len(only))})", only)
    for s in (dict(r) for r in rows):
        where = f"signatures id {s['id']}"
        key = key_rows.get(s["key_id"]) if s["key_id"] is not None else None
        if key is None:
            if installed_at is not None and _insert_entry(db, s["id"]) >= installed_at:
                out.append(Finding("signature", where, f"{s['signer_name']} 的签名没有密码学签名（不是用本人的密钥签的）",
                                   f"the signature of {s['signer_name']} carries no cryptographic signature (it "
                                   "was not made with their key)"))
            continue
        bad = Finding("signature", where,
                      f"{s['signer_name']} 于 {s['signed_at']} 的签名（{s['meaning']}）与其密钥不符：签名的内容、含义、签名人或时间被改动",
                      f"the signature of {s['signer_name']} at {s['signed_at']} ({s['meaning']}) does not verify "
                      "against their key: its content hash, meaning, signer or time was altered")
        if key["user_id"] != s["signer_id"]:
            out.append(bad)
            continue
        batch.add(key["public_key"], keys.esig_message(s), s["signature"] or "",
                  lambda ok, bad=bad: None if ok else out.append(bad))


def _insert_entry(db: Database, signature_id: int) -> int:
    r = db.conn.execute("SELECT min(id) FROM audit_log WHERE tbl = 'signatures' AND record_id = ? AND op = 'insert'",
                        (signature_id,)).fetchone()
    return r[0] or 0


def check_derived(db: Database) -> list[Finding]:
    """The next-deadline index must equal a fresh computation from the deadlines."""
    from qa_desk.store import deadlines_index

    want = deadlines_index.expected(db)
    have = {r[0]: (r[1], r[2]) for r in db.conn.execute("SELECT complaint_id, due_at, due_utc FROM complaint_next_due")}
    if want == have:
        return []
    wrong = sorted(set(want) ^ set(have) | {k for k in set(want) & set(have) if want[k] != have[k]})
    return [Finding("derived", "complaint_next_due", f"{len(wrong)} 条投诉的下一时限索引与时限记录不一致（如 id {wrong[0]}）",
                    f"the next-deadline index disagrees with the deadlines for {len(wrong)} complaint(s) "
                    f"(e.g. id {wrong[0]})")]


def check_reviews(db: Database) -> list[Finding]:
    """Each signed audit-trail review anchors the chain head it saw; that entry must still hold that hash."""
    from qa_desk.core.audit_review import check_anchors

    return [Finding("audit_review", f"audit_reviews id {rid}", zh, en) for rid, zh, en in check_anchors(db)]


def _notes(db: Database, report: Report) -> None:
    report.root = keys.root_fingerprint(db)
    if report.root is None:
        report.note("此文件尚未封存：首个版本的文件在升级后，由系统管理员首次登录时生成根密钥并封存此前的审计追踪。在此之前，审计记录只有哈希链保护。",
                    "This file is not sealed yet: a file made by the first release gets its root key, and its trail "
                    "is sealed, at the first administrator login after the upgrade. Until then the trail is "
                    "protected by its hash chain only.")
        return
    start = report.installed_at or 1
    report.note(f"根密钥指纹 {report.root}。第 1–{start - 1} 条审计记录由安装（或升级封存）时的根签章整体担保；自第 {start} 条起，"
                "每一项记录修改都有其作者本人密钥的签章。",
                f"Root key fingerprint {report.root}. Audit entries 1–{start - 1} are vouched for as a whole by the "
                f"root seal made at installation (or at the upgrade's seal); from entry {start} on, every record "
                "change is vouched for by its author's own key.")


def verify_report(db: Database, *, progress: Progress | None = None) -> Report:
    report = Report()
    batch = Ed25519Batch(db)
    with snapshot(db):
        integrity = batch.integrity(db)  # beside everything else, on a big file
        report.findings += check_schema(db)
        chain = _Chain(db, report, progress, batch=batch)
        chain.run()
        signed = check_signatures(db, report.installed_at, batch)  # content states now, signatures in the batch
        batch.start()  # the signature checks run beside the replay
        report.findings += check_keys(db)
        report.findings += check_replay(db)
        report.findings += check_numbering(db)
        report.findings += check_derived(db)
        report.findings += check_reviews(db)
        report.findings[:0] = check_integrity(db, integrity())
        batch.finish()
        report.findings += chain.finish() + signed
        _notes(db, report)
    return report


def verify(db: Database) -> list[Finding]:
    return verify_report(db).findings


def check_tail(db: Database, since: tuple[int, str]) -> Report:
    """The start-up check: the entries after ``since`` (a head this workstation checked before) — their
    hashes, times, seals and authors — and the keys. Quick when little changed; the full verify runs in the
    background after it."""
    report = Report()
    with snapshot(db):
        chain = _Chain(db, report, None, since)
        chain.run()
        touched = [r[0] for r in db.conn.execute("SELECT DISTINCT record_id FROM audit_log WHERE id > ? AND "
                                                 "tbl = 'signatures'", (since[0],))]
        signed: list[Finding] = []
        _signature_keys(db, chain.keys, report.installed_at, chain.batch, signed, only=touched)
        chain.batch.finish()
        report.findings += chain.finish() + signed
        report.findings += check_keys(db)
        report.findings += check_schema(db)
        _notes(db, report)
    return report
