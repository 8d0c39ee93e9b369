"""``qa-desk verify``: is this file whole and does it still say what was recorded?

Checks, in order: SQLite integrity and foreign keys; the audit hash chain (names the first broken entry);
replay of the audit trail against every audited table (names each record and field that differs from its
history, so a row edited behind the app's back is found); gapless numbering; every signature against the
content it signed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from qa_desk.core import signatures
from qa_desk.store import audit
from qa_desk.store.audit import AUDITED_TABLES, GENESIS, entry_hash


@dataclass
class Finding:
    kind: str
    where: str
    zh: str
    en: str

    def text(self, lang: str) -> str:
        return f"[{self.kind}] {self.where}: " + (self.zh if lang.startswith("zh") else self.en)


def check_integrity(db: Database) -> list[Finding]:
    out = []
    for (msg,) in db.conn.execute("PRAGMA integrity_check").fetchall():
        if msg != "ok":
            out.append(Finding("integrity", "sqlite", f"SQLite 完整性检查：{msg}", f"SQLite integrity check: {msg}"))
    for row in db.conn.execute("PRAGMA foreign_key_check").fetchall():
        out.append(Finding("foreign_key", f"{row[0]} rowid {row[1]}", f"外键指向不存在的 {row[2]} 记录",
                           f"foreign key points at a missing {row[2]} row"))
    return out


def check_chain(db: Database) -> list[Finding]:
    """Walk the chain; report the first entry whose link or hash does not hold (later ones follow from it)."""
    prev, expected_id = GENESIS, 1
    lawful = redacted_by_destruction(db)
    cur = db.conn.execute("SELECT * FROM audit_log ORDER BY id")
    cols = [d[0] for d in cur.description]
    for values in cur:
        e = dict(zip(cols, values, strict=True))
        where = f"audit_log id {e['id']}"
        if e["id"] != expected_id:
            return [Finding("audit_chain", where, f"审计记录 {expected_id} 缺失（被删除）",
                            f"audit entry {expected_id} is missing (deleted)")]
        if e["prev_hash"] != prev:
            return [Finding("audit_chain", where, "与前一条审计记录的链接断开", "the link to the previous entry is broken")]
        if e.get("redacted_by") is not None:
            # content removed by a destruction: the entry keeps its hash; only the destruction's list makes it lawful
            if lawful.get(e["id"]) != e["redacted_by"]:
                return [Finding("audit_chain", where, "审计记录内容被清除，但没有对应的销毁记录",
                                "the entry's content was removed without a destruction that lists it")]
        elif entry_hash(prev, e) != e["hash"]:
            return [Finding("audit_chain", where, "审计记录内容已被修改（哈希不符）",
                            "the entry's content was changed (hash mismatch)")]
        prev, expected_id = e["hash"], expected_id + 1
    return []


def redacted_by_destruction(db: Database) -> dict[int, int]:
    """Audit entry id → destruction-log id, as listed by each destruction's own (unredacted) entry."""
    out: dict[int, int] = {}
    for (new,) in db.conn.execute("SELECT new FROM audit_log WHERE action = 'destroy' AND op IS NULL "
                                  "AND redacted_by IS NULL"):
        data = json.loads(new)
        for entry_id in data.get("redacted", []):
            out[entry_id] = data["destruction_log_id"]
    return out


def _replayed(db: Database) -> dict[str, dict[int, dict]]:
    state: dict[str, dict[int, dict]] = {t: {} for t in AUDITED_TABLES}
    for tbl, rid, op, field, new, _old in db.conn.execute(
            "SELECT tbl, record_id, op, field, new, old FROM audit_log WHERE op IS NOT NULL AND redacted_by IS NULL "
            "ORDER BY id"):
        table = state.setdefault(tbl, {})
        if op == "insert":
            table[rid] = json.loads(new)
        elif op == "update":
            table.setdefault(rid, {})[field] = json.loads(new) if new is not None else None
        elif op == "delete":
            table.pop(rid, None)
    return state


def _same(table: str, column: str, logged, actual) -> bool:
    if isinstance(logged, dict) and "$sha256" in logged:
        return actual is not None and audit.digest(actual) == logged
    return logged == actual


def check_replay(db: Database) -> list[Finding]:
    out: list[Finding] = []
    expected = _replayed(db)
    for table in AUDITED_TABLES:
        exp = expected.get(table, {})
        cur = db.conn.execute(f"SELECT * FROM [{table}]")
        cols = [d[0] for d in cur.description]
        seen = set()
        for values in cur:
            row = dict(zip(cols, values, strict=True))
            rid = row["id"]
            seen.add(rid)
            where = f"{table} id {rid}" + (f" ({row['number']})" if table == "complaints" else "")
            if rid not in exp:
                out.append(Finding("unrecorded", where, "该记录没有审计来源（绕过程序写入）",
                                   "this row has no audit history (written behind the application's back)"))
                continue
            for col in cols:
                if not _same(table, col, exp[rid].get(col), row[col]):
                    was, now = (_short(exp[rid].get(col), col), _short(row[col], col))
                    out.append(Finding("tampered", f"{where} field {col}",
                                       f"当前值与审计记录不符（记录为 {was}，实际为 {now}）",
                                       f"the value differs from its audit history (recorded {was}, found {now})"))
        for rid in sorted(set(exp) - seen):
            out.append(Finding("missing", f"{table} id {rid}", "审计记录中存在的记录已被删除（绕过程序）",
                               "a row the audit trail holds was removed behind the application's back"))
    return out


def _short(v, column: str | None = None) -> str:
    """A value for a finding; personal data is masked, because verify runs without a login."""
    from qa_desk.core.privacy import PERSONAL_FIELDS, masked_value

    if column in PERSONAL_FIELDS:
        v = masked_value(v)
    s = repr(v)
    return s if len(s) <= 60 else s[:57] + "..."


def check_numbering(db: Database) -> list[Finding]:
    """Numbers of a year run 1, 2, 3… with no gap. Gaps below the highest number imported from an old ledger
    are the ledger's own history, not the app's; legacy numbers outside the pattern (seq < 0) are left out."""
    out = []
    for (year,) in db.conn.execute("SELECT DISTINCT year FROM complaints"):
        seqs = [r[0] for r in db.conn.execute("SELECT seq FROM complaints WHERE year = ? AND seq > 0 ORDER BY seq",
                                              (year,))]
        imported_top = db.conn.execute("SELECT coalesce(max(seq), 0) FROM complaints WHERE year = ? AND seq > 0 AND "
                                       "imported_from IS NOT NULL", (year,)).fetchone()[0]
        have = set(seqs) | {r[0] for r in db.conn.execute(  # numbers of destroyed records stay used
            "SELECT seq FROM destruction_log WHERE year = ?", (year,))}
        gaps = [n for n in range(imported_top + 1, (seqs[-1] if seqs else 0) + 1) if n not in have]
        if gaps:
            out.append(Finding("numbering", f"year {year}", f"{year} 年编号不连续（缺少流水号 {gaps[:5]}）",
                               f"the numbers of {year} have gaps (missing sequence {gaps[:5]})"))
        seq = db.conn.execute("SELECT last_seq FROM number_sequences WHERE key = ?", (str(year),)).fetchone()
        if seqs and (seq is None or seq[0] < seqs[-1]):
            out.append(Finding("numbering", f"year {year}", "编号计数器落后于已用编号，可能导致重号",
                               "the number counter is behind the numbers in use (a number could be reused)"))
    return out


def check_signatures(db: Database) -> list[Finding]:
    out = []
    for (cid,) in db.conn.execute("SELECT DISTINCT complaint_id FROM signatures WHERE complaint_id IS NOT NULL"):
        for s in signatures.for_complaint(db, cid):
            if s["state"] == "invalid":
                row = db.conn.execute("SELECT number FROM complaints WHERE id = ?", (cid,)).fetchone()
                number = row[0] if row else f"complaint id {cid} missing"
                out.append(Finding("signature", f"signatures id {s['id']} ({number})",
                                   f"{s['signer_name']} 于 {s['signed_at']} 的签名（{s['meaning']}）已失效：签名后内容被修改",
                                   f"the signature of {s['signer_name']} at {s['signed_at']} ({s['meaning']}) is no "
                                   "longer valid: the content changed after signing"))
    return out


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


CHECKS: tuple[Callable[[Database], list[Finding]], ...] = (
    check_integrity, check_chain, check_replay, check_numbering, check_signatures, check_derived, check_reviews)


def verify(db: Database) -> list[Finding]:
    findings: list[Finding] = []
    for check in CHECKS:
        findings += check(db)
    return findings
