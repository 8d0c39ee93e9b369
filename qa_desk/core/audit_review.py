"""Audit-trail review (EU GMP Annex 11 §9): the QA head filters the trail by period, user, record and kind, sees
changes and signatures with the routine entries (views, prints, exports, logins) collapsed into counts, and
records a signed periodic review.

The review's signature covers the period, the findings and the audit chain head at the time of review (last
entry id and its hash). ``verify`` later checks that this entry still carries that hash, so each signed review
anchors the chain: rewriting the trail before a review is caught even by someone who recomputes every hash.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlite_utils import Database

from qa_desk.core import keys, signatures
from qa_desk.core.anchors import hash_at
from qa_desk.core.clock import iso
from qa_desk.core.errors import Problem, refuse, require
from qa_desk.core.session import Session
from qa_desk.store.audit import canonical, last_hash

ROUTINE = frozenset({"view", "print", "export", "login", "logout", "password_ok", "backup", "archive_package"})
KINDS = {"changes": ("记录修改", "record changes"), "signatures": ("签名", "signatures"),
         "refusals": ("拒绝的操作", "refused actions"), "routine": ("例行操作（查看、打印、导出、登录、备份）",
                                                                 "routine (views, prints, exports, logins, backups)")}


@dataclass
class TrailFilter:
    date_from: date
    date_to: date
    username: str | None = None
    number: str | None = None
    kinds: tuple[str, ...] = ("changes", "signatures", "refusals", "routine")


@dataclass
class Trail:
    entries: list[dict] = field(default_factory=list)  # changes, signatures, refusals: each shown, newest first
    routine: Counter = field(default_factory=Counter)  # (day, user, action) → count, collapsed


def _kind(e: dict) -> str:
    if e["action"] in ROUTINE:
        return "routine"
    if e["action"] == "refused":
        return "refusals"
    if e["tbl"] == "signatures" or e["action"] in ("sign", "review", "approve", "destroy") or "sign" in e["action"]:
        return "signatures"
    return "changes"


def _bounds(f: TrailFilter, session: Session) -> tuple[str, str]:
    tz = session.now().tzinfo
    start = datetime.combine(f.date_from, time.min, tzinfo=tz)
    end = datetime.combine(f.date_to + timedelta(days=1), time.min, tzinfo=tz)
    return iso(start), iso(end)


def trail(session: Session, f: TrailFilter, *, limit: int = 5000) -> Trail:
    session.require("audit_review")
    if f.date_to < f.date_from:
        raise refuse("bad_period", "结束日期早于开始日期。", "The period ends before it starts.")
    start, end = _bounds(f, session)
    sql = ("SELECT a.*, c.number FROM audit_log a LEFT JOIN complaints c ON c.id = a.complaint_id "
           "WHERE a.at >= ? AND a.at < ?")
    params: list = [start, end]
    if f.username:
        sql += " AND a.username = ?"
        params.append(f.username)
    if f.number:
        sql += " AND c.number = ?"
        params.append(f.number)
    out = Trail()
    for r in session.db.conn.execute(sql + " ORDER BY a.id DESC", params):  # newest first, as a reviewer reads
        e = dict(r)
        kind = _kind(e)
        if kind not in f.kinds:
            continue
        if kind == "routine":
            out.routine[(e["at"][:10], e["username"] or "", e["action"])] += 1
        elif len(out.entries) < limit:
            out.entries.append({**e, "kind": kind})
    return out


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
