"""Audit-trail review (EU GMP Annex 11 §9): the QA head filters the trail by period, user, record and kind, sees
changes and signatures with the routine entries (views, prints, exports, logins) collapsed into counts, and
records a signed periodic review.

A period is read from the index on the entry time (migration 9): its counts by SQL (``summary``) and its
entries a page at a time, newest first, each page starting where the last one ended (``page``), so a year of a
busy file opens in about as long as a day's counts take, and no more rows are fetched than are shown. ``Words``
says each entry in the reader's language: actions, fields and coded values by their labels.

The review's signature covers the period, the findings and the audit chain head at the time of review (last
entry id and its hash). ``verify`` later checks that this entry still carries that hash, so each signed review
anchors the chain: rewriting the trail before a review is caught even by someone who recomputes every hash.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlite_utils import Database

from qa_desk.core import history, keys, privacy, signatures
from qa_desk.core.anchors import hash_at
from qa_desk.core.clock import iso
from qa_desk.core.errors import Problem, refuse, require
from qa_desk.core.session import Session
from qa_desk.store.audit import canonical, changes, last_hash

ROUTINE = frozenset({"view", "print", "export", "login", "logout", "password_ok", "backup", "archive_package"})
SIGNING = ("sign", "review", "approve", "destroy")
KINDS = {"changes": ("记录修改", "record changes"), "signatures": ("签名", "signatures"),
         "refusals": ("拒绝的操作", "refused actions"), "routine": ("例行操作（查看、打印、导出、登录、备份）",
                                                                 "routine (views, prints, exports, logins, backups)")}
PAGE = 300  # entries a page: one screen's worth of scrolling, read from the time index without a sort


def _in(values) -> str:
    return "(" + ",".join(f"'{v}'" for v in sorted(values)) + ")"  # fixed code words, never user input


# An entry's kind as SQL, so a page of the chosen kinds is read straight from the time index: routine actions, refusals, signatures (the signatures table, the signing steps, any *sign* action), changes.
KIND_SQL = (f"CASE WHEN a.action IN {_in(ROUTINE)} THEN 'routine' WHEN a.action = 'refused' THEN 'refusals' "
            f"WHEN a.tbl = 'signatures' OR a.action IN {_in(SIGNING)} OR instr(a.action, 'sign') > 0 "
            "THEN 'signatures' ELSE 'changes' END")


@dataclass
class TrailFilter:
    date_from: date
    date_to: date
    username: str | None = None
    number: str | None = None
    kinds: tuple[str, ...] = ("changes", "signatures", "refusals", "routine")


@dataclass
class Summary:
    """The period at a glance: how many entries of each chosen kind, and the routine ones collapsed."""
    counts: Counter = field(default_factory=Counter)  # kind → entries in the period
    routine: Counter = field(default_factory=Counter)  # (day, user, action) → count, collapsed

    @property
    def listed(self) -> int:
        """The entries shown one by one (every chosen kind but the routine ones)."""
        return sum(n for k, n in self.counts.items() if k != "routine")


@dataclass
class Trail:
    entries: list[dict] = field(default_factory=list)  # changes, signatures, refusals: one page, newest first
    routine: Counter = field(default_factory=Counter)  # (day, user, action) → count, collapsed
    counts: Counter = field(default_factory=Counter)  # kind → entries of the period
    after: tuple[str, int] | None = None  # where the next (older) page starts; None when this is the last


def _bounds(f: TrailFilter, session: Session) -> tuple[str, str]:
    tz = session.now().tzinfo
    start = datetime.combine(f.date_from, time.min, tzinfo=tz)
    end = datetime.combine(f.date_to + timedelta(days=1), time.min, tzinfo=tz)
    return iso(start), iso(end)


def _where(session: Session, f: TrailFilter) -> tuple[str, list]:
    """The period (on the time index, migration 9), the user and the record, as SQL and its parameters."""
    session.require("audit_review")
    if f.date_to < f.date_from:
        raise refuse("bad_period", "结束日期早于开始日期。", "The period ends before it starts.")
    start, end = _bounds(f, session)
    sql, params = "a.at >= ? AND a.at < ?", [start, end]
    if f.username:
        sql += " AND a.username = ?"
        params.append(f.username)
    if f.number:
        sql += " AND a.complaint_id IN (SELECT id FROM complaints WHERE number = ?)"
        params.append(f.number)
    return sql, params


def kind_of(action: str, tbl: str | None) -> str:
    """The kind of an entry, as KIND_SQL and ``summary``'s sums say it in SQL (a test holds the three together)."""
    if action in ROUTINE:
        return "routine"
    if action == "refused":
        return "refusals"
    if tbl == "signatures" or action in SIGNING or "sign" in (action or ""):
        return "signatures"
    return "changes"


def summary(session: Session, f: TrailFilter) -> Summary:
    """Counts by kind, and the routine entries by day, user and action, counted by SQL (no row is fetched).

    The kinds are sums over the period's stretch of the time index (a GROUP BY of every entry costs twice as
    much: each row goes through a sorter); the routine entries alone are then grouped, when there are any."""
    where, params = _where(session, f)
    routine, signing = f"a.action IN {_in(ROUTINE)}", f"a.action IN {_in(SIGNING)}"
    total, n_routine, n_refused, n_signed = session.db.conn.execute(
        f"SELECT count(*), coalesce(sum({routine}), 0), coalesce(sum(a.action = 'refused'), 0), "
        f"coalesce(sum(NOT {routine} AND a.action <> 'refused' AND (a.tbl IS 'signatures' OR {signing} "
        f"OR instr(a.action, 'sign') > 0)), 0) FROM audit_log a WHERE {where}", params).fetchone()
    counts = {"routine": n_routine, "refusals": n_refused, "signatures": n_signed,
              "changes": total - n_routine - n_refused - n_signed}
    out = Summary(counts=Counter({k: n for k, n in counts.items() if k in f.kinds and n}))
    if out.counts["routine"]:
        for day, user, action, n in session.db.conn.execute(
                "SELECT substr(a.at, 1, 10), a.username, a.action, count(*) FROM audit_log a "
                f"WHERE {where} AND {routine} GROUP BY 1, 2, 3", params):
            out.routine[(day, user or "", action)] += n
    return out


def stretches(session: Session, f: TrailFilter, *, days: int = 31) -> list[TrailFilter]:
    """The period cut into stretches of ``days``, newest first, whose summaries add up to the period's: the review
    screen counts a long period a stretch at a time and stays responsive (two years take about a second)."""
    _where(session, f)  # the period and the permission are checked before anything is counted
    out, end = [], f.date_to
    while end >= f.date_from:
        start = max(f.date_from, end - timedelta(days=days - 1))
        out.append(TrailFilter(start, end, username=f.username, number=f.number, kinds=f.kinds))
        end = start - timedelta(days=1)
    return out


def add(total: Summary, part: Summary) -> Summary:
    total.counts.update(part.counts)
    total.routine.update(part.routine)
    return total


def page(session: Session, f: TrailFilter, *, after: tuple[str, int] | None = None,
         size: int = PAGE) -> tuple[list[dict], tuple[str, int] | None]:
    """One page of the listed entries, newest first (entry time, then id), and where the next page starts.

    ``after`` is the (time, id) of the last entry of the page before: the next page is read from the index from
    there on (no offset to skip), so the last page of a year opens as fast as the first."""
    where, params = _where(session, f)
    kinds = [k for k in f.kinds if k in KINDS and k != "routine"]
    if not kinds:
        return [], None
    sql = (f"SELECT a.*, c.number, {KIND_SQL} AS kind FROM audit_log a "
           f"LEFT JOIN complaints c ON c.id = a.complaint_id WHERE {where} "
           f"AND ({KIND_SQL}) IN ({','.join('?' * len(kinds))})")
    params += kinds
    if after:
        sql += " AND a.at <= ? AND NOT (a.at = ? AND a.id >= ?)"
        params += [after[0], after[0], after[1]]
    rows = [dict(r) for r in session.db.conn.execute(sql + " ORDER BY a.at DESC, a.id DESC LIMIT ?",
                                                       [*params, size + 1])]
    more = len(rows) > size
    rows = rows[:size]
    return rows, ((rows[-1]["at"], rows[-1]["id"]) if more else None)


def trail(session: Session, f: TrailFilter, *, limit: int = 5000, after: tuple[str, int] | None = None) -> Trail:
    """A page of the trail and the period's counts in one call (the review screen asks for each on its own)."""
    s = summary(session, f)
    entries, nxt = page(session, f, after=after, size=limit)
    return Trail(entries=entries, routine=s.routine, counts=s.counts, after=nxt)


def record_review(session: Session, date_from: date, date_to: date, findings: str, password: str, *,
                  username: str | None = None) -> dict:
    """The QA head's signed statement that the trail of the period was reviewed, with findings."""
    session.require("audit_review")
    problems = []
    if date_to < date_from:
        problems.append(Problem("结束日期早于开始日期", "the period ends before it starts", "period"))
    if date_to > session.now().date():
        problems.append(Problem("不能审核未来的日期", "a review cannot cover future days", "period"))
    if not (findings or "").strip():
        problems.append(Problem("请填写审核发现（无异常时写“未发现异常”）", "write the findings (\"none\" when there are none)",
                                "findings"))
    require(problems, "review_incomplete", "审计追踪审核未记录", "The audit-trail review was not recorded")
    signatures.authenticate(session, password, username, purpose="audit review")
    head_id, head_hash = last_hash(session.db)
    content = {"review": {"from": date_from.isoformat(), "to": date_to.isoformat(), "findings": findings.strip(),
                          "chain_head_id": head_id, "chain_head_hash": head_hash,
                          "root_fingerprint": keys.root_fingerprint(session.db)}}
    with session.write() as tx:
        sig = signatures.insert(tx, {
            "complaint_id": None, "step": "audit_review", "meaning": "reviewed", "signer_id": session.actor.id,
            "signer_name": session.actor.display_name, "signed_at": tx.at,
            "content_sha256": signatures.content_hash(content), "content_json": canonical(content), "cycle": 0})
        return tx.insert("audit_reviews", {"period_from": date_from.isoformat(), "period_to": date_to.isoformat(),
                                           "findings": findings.strip(), "reviewed_by": session.actor.id,
                                           "reviewed_at": tx.at, "signature_id": sig["id"]})


def reviews(db: Database) -> list[dict]:
    return [dict(r) for r in db.conn.execute(
        "SELECT r.*, s.signer_name, s.content_sha256, s.content_json FROM audit_reviews r "
        "JOIN signatures s ON s.id = r.signature_id ORDER BY r.id DESC")]


def check_anchors(db: Database) -> list[tuple[int, str, str]]:
    """(review id, zh, en) for each signed review whose content or chain anchor no longer holds."""
    out = []
    for r in reviews(db):
        content = signatures.content_of(db, r)
        review = content["review"]
        if signatures.content_hash(content) != r["content_sha256"] or review["findings"] != r["findings"] or \
                review["from"] != r["period_from"] or review["to"] != r["period_to"]:
            out.append((r["id"], "审核记录与其签名不符", "the review no longer matches its signature"))
            continue
        if review["chain_head_id"] and hash_at(db, review["chain_head_id"]) != review["chain_head_hash"]:
            out.append((r["id"], f"审核时的审计链头（第 {review['chain_head_id']} 条）已被改写或删除",
                        f"the audit chain head at review time (entry {review['chain_head_id']}) was rewritten or removed"))
    return out


# --- the entries in words --------------------------------------------------------------------------------------

# Columns of the accounts, keys, signatures and calendar tables, and the keys of event entries, which the
# complaint's field labels do not name (history.field_label names the rest).
AUDIT_FIELDS = {
    "active": ("启用", "active"), "certificate": ("证书", "certificate"), "certified_by": ("认证密钥", "certified by key"),
    "complaint_id": ("投诉", "complaint"), "content_sha256": ("内容摘要", "content digest"),
    "created_at": ("创建时间", "created at"), "day": ("日期", "day"), "due_utc": ("期限（UTC）", "due (UTC)"),
    "failed_attempts": ("登录失败次数", "failed logins"), "fingerprint": ("指纹", "fingerprint"),
    "is_workday": ("工作日", "working day"), "kdf": ("密钥派生参数", "key derivation"), "key": ("设置项", "setting"),
    "key_id": ("密钥", "key"), "locked": ("已锁定", "locked"), "meaning": ("签名含义", "meaning"),
    "must_change_password": ("须修改密码", "must change password"),
    "name": ("名称", "name"), "number": ("投诉编号", "complaint no."),
    "password_changed_at": ("密码修改时间", "password changed at"), "password_hash": ("密码", "password"),
    "public_key": ("公钥", "public key"), "purpose": ("用途", "purpose"), "retired_at": ("停用时间", "retired at"),
    "sealed_private": ("私钥（加密）", "private key (sealed)"), "seq": ("序号", "sequence"),
    "signature": ("签名值", "signature value"), "signed_at": ("签名时间", "signed at"),
    "signer_id": ("签名人", "signer"), "signer_name": ("签名人姓名", "signer's name"), "step": ("步骤", "step"),
    "source": ("来源", "source"), "user_id": ("用户", "user"), "value": ("值", "value"), "year": ("年份", "year"),
    "why": ("原因", "why"), "spans": ("交易段", "spans"), "through": ("截至条目", "through entry"),
    "head": ("链头摘要", "chain head"), "root": ("根密钥指纹", "root key fingerprint"), "now": ("当时时间", "time then"),
    "newest_entry": ("最新条目时间", "newest entry"), "from": ("来源", "from"),
    "backup_root": ("备份根密钥", "backup root key"), "destruction_log_id": ("销毁记录", "destruction record"),
    "count": ("数量", "count"), "file": ("文件", "file"), "found": ("发现", "found"), "kind": ("类别", "kind"),
    "username": ("用户名", "user name"), "roles": ("角色", "roles"),
}
TABLES = {"complaints": ("投诉", "complaint"), "users": ("用户", "user"), "keys": ("密钥", "key"),
          "settings": ("设置", "setting"), "signatures": ("签名", "signature"),
          "calendar_years": ("工作日历年度", "calendar year"), "calendar_days": ("工作日历日期", "calendar day"),
          "destruction_log": ("销毁记录", "destruction record"), "audit_reviews": ("审计追踪审核", "audit review"),
          "ledger_imports": ("台帐导入", "ledger import"), "batches": ("批次登记", "batch register")}
HIDDEN = {"updated_at", "complaint_id", "hash"}  # shown by the record column, or working state
YES_NO = {"active", "locked", "must_change_password", "is_workday"}  # flags of the accounts and the calendar


def _flatten(value):
    """A JSON text inside a value (a fishbone's causes, five whys) as its words, joined."""
    if isinstance(value, dict) and "$sha256" in value:
        return value  # a secret or a blob, logged as its digest: shown as such by history's words
    if isinstance(value, str) and value[:1] in "[{":
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, dict):
        return "；".join(f"{k}：{_flatten(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(str(_flatten(v)) for v in value)
    return value


class Words:
    """Entries of the trail in the reader's words: actions by their labels, fields by their labels, codes by
    the policy's vocabulary, people by their names; personal data masked for a reader who may not see it."""

    def __init__(self, session: Session) -> None:
        self.policy = session.policy
        self.names = dict(session.db.conn.execute("SELECT id, display_name FROM users").fetchall())
        self.see = privacy.may_see(session)

    @staticmethod
    def field(name: str, lang: str) -> str:
        zh, en = AUDIT_FIELDS[name] if name in AUDIT_FIELDS and history.field_label(name)[0] == name \
            else history.field_label(name)
        return zh if lang.startswith("zh") else en

    def value(self, tbl: str | None, name: str | None, value, lang: str) -> str:
        zh = lang.startswith("zh")
        if name in YES_NO and value in (0, 1, True, False):
            return ("是" if zh else "yes") if value else ("否" if zh else "no")
        if tbl == "deadlines" and name == "kind":
            term = next((d for d in self.policy.deadlines if d["kind"] == value), None)
            return term["zh" if zh else "en"] if term else str(value)
        if name == "roles" and isinstance(value, str) and value.startswith("["):
            return "、".join(self.policy.label("role", r, lang) for r in json.loads(value))
        if name == "fishbone" and isinstance(value, str) and value.startswith("{"):
            try:  # the categories by their names (人、机、料、法、环、测), not their codes
                causes = json.loads(value)
                return "；".join(f"{self.policy.label('fishbone', k, lang)}：{_flatten(v)}" for k, v in causes.items())
            except (ValueError, AttributeError):
                pass
        shown = history._value(self.policy, self.names, tbl or "", name, _flatten(value), lang)  # noqa: SLF001
        return str(privacy.value_for_reader(None, name, shown, see=self.see))

    def action(self, e: dict, lang: str) -> str:
        """The action's label; a new row of a complaint's part names the part (新建（时限）)."""
        words = action_words(e["action"], lang)
        if e["op"] == "insert" and e["tbl"] in history.TABLE_NAMES:
            zh, en = history.TABLE_NAMES[e["tbl"]]
            return f"{words}（{zh}）" if lang.startswith("zh") else f"{words} ({en})"
        return words

    def who(self, e: dict, lang: str = "zh_CN") -> str:
        """The person's name, with the login the user filter takes."""
        name = self.names.get(e["user_id"]) if e.get("user_id") else None
        user = e.get("username") or ""
        if not (name and user and name != user):
            return name or user
        return f"{name}（{user}）" if lang.startswith("zh") else f"{name} ({user})"

    def record(self, e: dict, lang: str) -> str:
        if e.get("number"):
            return e["number"]
        if not e.get("tbl"):
            return ""
        zh, en = TABLES.get(e["tbl"]) or history.TABLE_NAMES.get(e["tbl"], (e["tbl"], e["tbl"]))
        return f"{zh if lang.startswith('zh') else en} {e['record_id'] or ''}".strip()

    def details(self, e: dict, lang: str) -> str:
        """What changed: each field from its old value to its new one; a new or removed row's fields; an
        event's particulars; the reason last."""
        zh = lang.startswith("zh")
        parts = []
        if e["op"] == "update" or (e["op"] is None and e.get("field")):
            for name, old, new in changes(e):
                if name in history.NOISE:
                    continue
                o, n = self.value(e["tbl"], name, old, lang), self.value(e["tbl"], name, new, lang)
                parts.append(f"{self.field(name, lang)} 由「{o}」改为「{n}」" if zh
                             else f"{self.field(name, lang)} from '{o}' to '{n}'")
        else:
            row = _decoded(e["new"] if e["op"] != "delete" else e["old"])
            if isinstance(row, dict):
                parts += [f"{self.field(k, lang)}{'：' if zh else ': '}{self.value(e['tbl'], k, v, lang)}"
                          for k, v in row.items() if k not in HIDDEN and v not in (None, "")]
            elif row not in (None, ""):
                parts.append(str(_flatten(row)))
        if e.get("reason"):
            parts.append(f"（理由：{e['reason']}）" if zh else f"(reason: {e['reason']})")
        return ("；" if zh else "; ").join(parts)


def _decoded(text):
    if text is None:
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def action_words(action: str, lang: str) -> str:
    """An action by its label; a failed password check of some purpose as such; never the key in Chinese."""
    zh = lang.startswith("zh")
    if action in history.ACTIONS:
        return history.ACTIONS[action][0 if zh else 1]
    if action.endswith("_failed"):
        return "密码验证失败" if zh else "password check failed"
    return "其他操作" if zh else action.replace("_", " ")
