"""The audit chain as ``verify`` reads it: hashes and times entry by entry, the seals and their spans, who
wrote each entry and whether they were allowed to, lawful redactions, and the keys' certificates."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from hashlib import sha256

from sqlite_utils import Database

from qa_desk.core import keys
from qa_desk.core import roles as R
from qa_desk.core.findings import Finding, Report
from qa_desk.core.verify_batch import Ed25519Batch
from qa_desk.store import audit
from qa_desk.store.audit import ENTRY_FIELDS, GENESIS, entry_hash_of, hex_of
from qa_desk.store.db import tuples as _tuples

Progress = Callable[[int, int], None]


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


def _seals(db: Database, since: int = 0) -> list[_Seal]:
    """Every seal reaching past entry ``since``, and the first seal of the file (the root's)."""
    if "seals" not in db.table_names():
        return []
    return [_Seal(r[0], r[1], keys.unpack_spans(r[2]), r[3])
            for r in db.conn.execute("SELECT id, key_id, spans, signature FROM seals WHERE last_id > ? OR "
                                     "id = (SELECT min(id) FROM seals) ORDER BY id", (since,))]


def _pending(db: Database) -> list[tuple]:
    if "seal_pending" not in db.table_names():
        return []
    rows = db.conn.execute("SELECT first_id, last_id, key_id, mark FROM seal_pending WHERE typeof(first_id) = "
                           "'integer' AND typeof(last_id) = 'integer' ORDER BY first_id")
    return [tuple(r) for r in rows]  # a row of anything else vouches for nothing


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
AUTHORITY_ACTIONS = frozenset({"clock_confirmed", "destroy", "restore"})
SELF_USER_FIELDS = frozenset({"password_hash", "password_changed_at", "must_change_password"})
SELF_KEY_FIELDS = frozenset({"sealed_private", "kdf", "retired_at"})


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
        self.all_seals = _seals(db, self.since[0])
        self.seals = [s for s in self.all_seals if s.last > self.since[0] or not s.spans]
        self._lawful: dict[int, tuple[int, int]] | None = None  # read at the first redacted entry (a scan)
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
        encode = audit._CANONICAL.encode
        prev_at_text = None
        # names bound once: the loop runs once per entry, millions of times
        heads_needed, owners, seals, usernames = self.heads_needed, self.owners, self.seals, self.usernames
        progress, authority_tables, authority_actions = self.progress, AUTHORITY_TABLES, AUTHORITY_ACTIONS
        for n, values in enumerate(cur, 1):
            eid, at_text, uid, action = values[0], values[1], values[2], values[4]
            redacted_by, stored = values[n_fields], values[n_fields + 1]
            stored = stored.hex() if type(stored) is bytes else stored
            if progress and n % 50_000 == 0:
                progress(n, total)
            fields = values[:n_fields]
            if broken:
                pass
            elif redacted_by is None and eid == expected_id:  # the common case, inline
                if sha256(encode([prev_hash, *fields]).encode("utf-8")).hexdigest() != stored:
                    broken = self._link(fields, eid, expected_id, prev_hash, redacted_by, stored)
            else:
                broken = self._link(fields, eid, expected_id, prev_hash, redacted_by, stored)
            while span is not None and span[1] < eid:
                span = next(span_iter, None)
            while pend is not None and pend[1] < eid:
                pend = next(pend_iter, None)
            if span is not None and span[0] <= eid:
                seal, owner = seals[span[2]], owners[span[2]]
            else:
                seal = owner = None
            if eid in ends:
                ends[eid].head = stored
            if eid in heads_needed:
                heads_needed[eid] = stored
            if seal is None or (owner is not None and owner != uid):  # the common case costs nothing more
                self._authorship(dict(zip(ENTRY_FIELDS, fields, strict=True)), seal, installed,
                                 pend if pend is not None and pend[0] <= eid else None)
            if uid is not None and values[3] != usernames.get(uid):
                self._misnamed(values)
            if values[6] in authority_tables or action in authority_actions:
                self._special(dict(zip(ENTRY_FIELDS, fields, strict=True)), seal, owner, span, installed,
                              redacted_by)
            if at_text != prev_at_text:  # the entries of one transaction share their time
                prev_at = self._time(values, prev_at, seal)
                prev_at_text = at_text
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
            self.marks.append((first, last, key, keys.as_bytes(signature).hex(), self.marks_queued[(first, last)]))
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
            if self._lawful is None:
                self._lawful = _lawful_redactions(self.db)
            if self._lawful.get(eid, (None,))[0] != redacted_by:
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
        if installed is None or eid < installed or (e["op"] is None and uid is None):
            return  # before the root seal: the prefix it vouches for; an event with no user: a failed login
        who = e["username"] or "?"
        if marked and uid is not None and ((e["op"] is not None and e["tbl"] in keys.IMMEDIATE_TABLES)
                                           or e["action"] in keys.IMMEDIATE_ACTIONS):
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
            what_zh, what_en = ("记录修改", "a record change") if e["op"] else ("审计记录", "an entry")
            self.findings.append(Finding("unvouched", f"audit_log id {eid}",
                                         f"{what_zh}（{e['action']} {e['tbl'] or ''} {e['record_id'] or ''}）署名为 {who}，"
                                         "但没有该用户密钥的签章：不是由本人登录写入的（伪造或在程序外写入）",
                                         f"{what_en} ({e['action']} {e['tbl'] or ''} {e['record_id'] or ''}) attributed "
                                         f"to {who} carries no seal of that user's key: it was not written by their "
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

    def _special(self, e: dict, seal: _Seal | None, owner: int | None, span, installed: int | None,
                 redacted_by) -> None:
        """Accounts, keys, the clock and destructions: the author's authority, the roles the trail gives each
        account, and where each destroy entry stands."""
        eid, op = e["id"], e["op"]
        # not in the root's own transaction, nor in the trail before it (which the root seal vouches as a whole)
        if redacted_by is None and not (seal is not None and owner is None) and installed is not None \
                and eid >= installed:
            self._authority(e)
        if e["tbl"] == "users" and op is not None and redacted_by is None:
            self._track_roles(e)
        if e["action"] == "destroy" and op is None:
            self.destroy_spans[eid] = (span[0], span[1]) if seal is not None else None
            if redacted_by is None:
                self.destroy_entries[eid] = seal.id if seal else 0

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
        if e["action"] in ("clock_confirmed", "restore"):
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
            if e["op"] == "insert":  # enrolled at login, or rotated by the user's own key
                new = _json_dict(e["new"])
                certifier = self.keys.get(new.get("certified_by"), {}) if new.get("certified_by") else None
                return new.get("user_id") == e["user_id"] and (
                    certifier is None or certifier.get("user_id") == e["user_id"])
            owner = self.keys.get(e["record_id"], {}).get("user_id")
            return e["op"] == "update" and owner == e["user_id"] and fields <= SELF_KEY_FIELDS
        return False

    def _track_roles(self, e: dict) -> None:
        if e["op"] == "insert":
            roles = _json_list(_json_dict(e["new"]).get("roles"))
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
            self._retired_sealer(s, key)
            self.batch.add(key["public_key"], keys.seal_message(s.key_id, s.spans, s.head), keys.as_bytes(s.signature).hex(),
                           lambda ok, s=s: self._seal_checked(s, ok))

    def _retired_sealer(self, s: _Seal, key: dict) -> None:
        """A retired key vouches for nothing written after its retirement (its password may be known: a
        temporary one, an old one): a seal with it may reach no further than the transaction that retired it."""
        if not key.get("retired_at"):
            return
        retired = self.db.conn.execute(
            "SELECT min(id) FROM audit_log WHERE tbl = 'keys' AND record_id = ? AND op = 'update' AND "
            "(field = 'retired_at' OR (field IS NULL AND new LIKE '%\"retired_at\"%'))", (key["id"],)).fetchone()[0]
        if retired is None:
            return  # retired behind the application's back: the replay names it
        late = [b for a, b in s.spans if b > retired and not a <= retired <= b]
        if late:
            self.findings.append(Finding("seal", f"seals id {s.id}",
                                         f"此签章所用的密钥（{key['fingerprint']}）已于第 {retired} 条记录停用，却为其后的记录签章",
                                         f"the seal is made with a key ({key['fingerprint']}) retired at entry {retired}, "
                                         "over entries written after that"))

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
    out += _one_key_at_a_time(table)
    if len(roots) > 1:
        out.append(Finding("key", "keys", "存在多个根密钥", "there is more than one root key"))
    for k in table.values():
        where = f"keys id {k['id']} ({k['fingerprint']})"
        if not isinstance(k["public_key"], str) or not isinstance(k["created_at"], str):
            out.append(Finding("key", where, "公钥或签发时间不是有效的值", "the public key or its time is not a valid value"))
            continue
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
        elif _rotation(certifier, k):
            continue  # the user's own new key on leaving a temporary password, certified by the key it retires
        elif certifier["purpose"] != keys.ROOT and "admin" not in roles_ever_held(db, certifier["user_id"]):
            out.append(Finding("key", where, "密钥由非管理员的密钥签发", "the key was certified by a key that is not an "
                               "administrator's"))
        elif certifier.get("retired_at") and certifier["retired_at"] < k["created_at"]:
            out.append(Finding("key", where, "签发此密钥的密钥当时已停用", "the key that certified it was retired by then"))
        elif certifier["purpose"] != keys.ROOT and not _with_account_or_reset(db, k):
            out.append(Finding("key", where, "管理员签发的密钥既不在创建账户时、也不在重置密码时：这不是程序签发密钥的方式",
                               "an administrator's key issued this key neither with the account nor with a password "
                               "reset: QA Desk issues keys no other way"))
    return out


def _one_key_at_a_time(table: dict[int, dict]) -> list[Finding]:
    """A user holds one key at a time: each key is retired when the next is issued (a reset, the first
    password change). A key slipped in beside the current one leaves the older one unretired."""
    out: list[Finding] = []
    by_user: dict[int, list[dict]] = {}
    for k in sorted(table.values(), key=lambda k: k["id"]):
        if k["purpose"] != keys.ROOT:
            by_user.setdefault(k["user_id"], []).append(k)
    for ks in by_user.values():
        for older, newer in zip(ks, ks[1:], strict=False):
            if not older.get("retired_at") or older["retired_at"] > newer["created_at"]:
                out.append(Finding("key", f"keys id {newer['id']} ({newer['fingerprint']})",
                                   "同一用户的两把密钥同时有效：签发新密钥时旧密钥未停用（这不是程序签发密钥的方式）",
                                   "two keys of the same user are valid at once: the older one was not retired when "
                                   "this one was issued (QA Desk issues keys no other way)"))
    return out


def _rotation(certifier: dict, key: dict) -> bool:
    return (certifier["purpose"] == keys.USER and certifier["user_id"] == key["user_id"]
            and certifier.get("retired_at") == key["created_at"])


def _with_account_or_reset(db: Database, key: dict) -> bool:
    """The key's own entry shares its transaction (same time, same author) with the account's creation or a
    password reset of that account."""
    entry = db.conn.execute("SELECT at, user_id, action FROM audit_log WHERE tbl = 'keys' AND op = 'insert' AND "
                            "record_id = ? ORDER BY id LIMIT 1", (key["id"],)).fetchone()
    if entry is None:
        return False
    if entry[2] == "key_enrolled":  # an upgraded file's user enrolled it; an administrator endorsed it later
        return True
    return db.conn.execute("SELECT 1 FROM audit_log WHERE tbl = 'users' AND record_id = ? AND at = ? AND user_id IS ? "
                           "AND (op = 'insert' OR action = 'password_reset') LIMIT 1",
                           (key["user_id"], entry[0], entry[1])).fetchone() is not None


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


def lawful_destructions(db: Database) -> set[int]:
    """Ids of the destruction-log rows whose own entry lies in a seal that verifies, made with the key of
    someone allowed to destroy (or of the administrator who carried it into a restored file). A row planted
    with sqlite3 is not among them, so a restore never does it again."""
    from qa_desk.core.users import roles_ever_held

    allowed = R.PERMISSIONS["destroy"] | R.PERMISSIONS["restore"]
    table = _keys(db)
    seals = _seals(db)
    out: set[int] = set()
    for log_id, entry_id in db.conn.execute(
            "SELECT record_id, min(id) FROM audit_log WHERE tbl = 'destruction_log' AND op = 'insert' "
            "GROUP BY record_id"):
        seal = next((s for s in seals for a, b in s.spans if a <= entry_id <= b), None)
        key = table.get(seal.key_id) if seal else None
        if key is None or key["purpose"] == keys.ROOT or not (roles_ever_held(db, key["user_id"]) & allowed):
            continue
        head = db.conn.execute("SELECT hash FROM audit_log WHERE id = ?", (seal.last,)).fetchone()
        if head and keys.verify_raw(key["public_key"], keys.seal_message(seal.key_id, seal.spans, hex_of(head[0])),
                                    keys.as_bytes(seal.signature).hex()):
            out.add(log_id)
    return out
