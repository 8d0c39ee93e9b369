"""My tasks: what the logged-in user must do next, oldest deadline first.

Derived from the records themselves (status, owner, signatures still missing), so a task disappears the
moment the step is done, by whoever does it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from qa_desk.core import roles as R
from qa_desk.core.lifecycle import LIVE_SQL
from qa_desk.core.session import Session


@dataclass(frozen=True)
class Task:
    complaint_id: int | None
    number: str
    product: str
    kind: str
    zh: str
    en: str
    due_at: str | None
    klass: str | None = None  # the complaint's class, once it has one
    by_reception: bool = False  # registered at reception (not by QA): checked by nobody from QA yet

    def text(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


# Whoever registered the complaint holds the reception role: the front desk's registration, read by QA first here.
_BY_RECEPTION = ("EXISTS (SELECT 1 FROM users u, json_each(CASE WHEN json_valid(u.roles) THEN u.roles ELSE '[]' END) r "
                 f"WHERE u.id = c.receiver_id AND r.value = '{R.RECEPTION}')")
_BASE = (f"SELECT c.id, c.number, c.product_name, c.class, {_BY_RECEPTION} AS by_reception, n.due_at, n.due_utc "
         "FROM complaints c LEFT JOIN complaint_next_due n ON n.complaint_id = c.id WHERE ")

# The reviewers and approvers start on My tasks: their day is what others have prepared for them to sign, not the
# whole work list.
LANDS_ON_TASKS = frozenset({R.QA_HEAD, R.QUALITY_VP})


def landing_page(session: Session) -> str:
    """The page a user's main window opens on: "tasks" for the QA head and the quality VP, else "triage" (the
    window falls back to its first page when the user has neither)."""
    return "tasks" if session.actor.has(*LANDS_ON_TASKS) else "triage"

# (role, kind, where, zh, en). Each rule reads through the status index ("+c.owner_id" keeps SQLite from walking
# every complaint a person ever owned instead: after some years nine in ten are archived).
_RULES = [
    (R.INSPECTOR, "acknowledge", "c.acknowledged_at IS NULL AND c.anonymous = 0 AND c.status IN " + LIVE_SQL,
     "确认收悉并告知投诉人", "Acknowledge receipt to the complainant"),
    (R.INSPECTOR, "triage", "c.status IN ('registered','acknowledged')", "分类（性质、类别、缺陷类型、严重程度）",
     "Triage: nature, category, defect type, class"),
    (R.INSPECTOR, "investigate", "c.status IN ('triaged','investigating','reopened') AND +c.owner_id = :me",
     "调查并提交审核", "Investigate and submit for review"),
    (R.INSPECTOR, "reply", "c.status = 'approved' AND +c.owner_id = :me AND c.anonymous = 0", "答复投诉人",
     "Reply to the complainant"),
    (R.INSPECTOR, "close", "(c.status = 'replied' OR (c.status = 'approved' AND c.anonymous = 1)) AND "
     "+c.owner_id = :me", "完成 CAPA 并结案", "Finish CAPA and close"),
    (R.QA_HEAD, "review", "c.status = 'under_review' AND coalesce(c.proposed_by, -1) != :me", "审核并签名",
     "Review and sign"),
    (R.QA_HEAD, "class_i", "c.class = 'I' AND c.class_i_qahead_ack_at IS NULL AND c.status IN " + LIVE_SQL,
     "I 类投诉：确认知悉", "Class I complaint: acknowledge"),
    (R.QA_HEAD, "extension", "c.id IN (SELECT complaint_id FROM extensions WHERE status = 'requested' AND "
     "requested_by != :me)", "审批延期申请", "Decide an extension request"),
    (R.QA_HEAD, "verify_capa", "c.id IN (SELECT complaint_id FROM capa_actions WHERE status = 'done')",
     "验证 CAPA 有效性", "Verify CAPA effectiveness"),
    (R.QA_HEAD, "approve_void", "c.void_requested_at IS NOT NULL AND c.status IN " + LIVE_SQL +
     " AND c.void_requested_by != :me", "审批作废申请（签名）", "Decide a request to void (signature)"),
    (R.QUALITY_VP, "approve", "c.status = 'awaiting_approval' AND coalesce(c.proposed_by, -1) != :me AND "
     "coalesce(c.reviewed_by, -1) != :me", "批准并签名", "Approve and sign"),
    (R.QUALITY_VP, "class_i", "c.class = 'I' AND c.class_i_vp_ack_at IS NULL AND c.status IN " + LIVE_SQL,
     "I 类投诉：确认知悉", "Class I complaint: acknowledge"),
]


# which offered action a task kind stands for: a task is listed only when actions.available offers it
TASK_ACTS = {"acknowledge": "acknowledge", "triage": "triage", "investigate": ("investigate", "submit"),
             "reply": "final_reply", "close": "close", "review": "review", "class_i": "ack_class_i",
             "extension": "decide_extension", "verify_capa": "verify_capa", "approve": "approve",
             "approve_void": "approve_void"}


def _offered(session: Session, task: Task) -> bool:
    from qa_desk.core import actions
    from qa_desk.core.complaints import get

    wanted = TASK_ACTS.get(task.kind)
    if wanted is None or task.complaint_id is None:
        return True
    offered = actions.available(session, get(session.db, task.complaint_id), refresh=False)
    return any(w in offered for w in ((wanted,) if isinstance(wanted, str) else wanted))


def for_user(session: Session, *, limit: int = 500) -> list[Task]:
    """The user's tasks; each is one that ``actions.available`` offers on that complaint (one rule for both)."""
    from qa_desk.core.errors import DomainError

    try:
        actor = session.refresh()
    except DomainError:
        return []
    out: list[tuple[str, Task]] = []
    seen: set[tuple[int, str]] = set()
    for role, kind, where, zh, en in _RULES:
        if role not in actor.roles:
            continue
        sql = _BASE + where + " ORDER BY coalesce(n.due_utc, '9999'), c.id LIMIT :limit"
        for r in session.db.conn.execute(sql, {"me": actor.id or -1, "limit": limit}):
            if (r["id"], kind) in seen:
                continue
            seen.add((r["id"], kind))
            out.append((r["due_utc"] or "9999", Task(r["id"], r["number"], r["product_name"], kind, zh, en,
                                                     r["due_at"], r["class"], bool(r["by_reception"]))))
    if actor.has(R.INSPECTOR):
        today = session.now().date().isoformat()
        for r in session.db.conn.execute(
                "SELECT a.complaint_id, a.ref, a.due_date, c.number, c.product_name, c.class FROM capa_actions a "
                "JOIN complaints c ON c.id = a.complaint_id WHERE a.status = 'open' AND a.due_date < ? "
                "AND c.owner_id = ? ORDER BY a.due_date", (today, actor.id)):
            out.append((r["due_date"], Task(r["complaint_id"], r["number"], r["product_name"], "capa_overdue",
                                            f"CAPA {r['ref']} 已逾期", f"CAPA {r['ref']} is overdue", r["due_date"],
                                            r["class"])))
    if actor.has(R.QA_HEAD):  # open early-warning signals: the QA head decides each (issue 16)
        from qa_desk.core import signals

        for t in signals.open_tasks(session, limit=limit):
            out.append((signals.sort_key(t.due_at), t))
    out.sort(key=lambda x: x[0])
    return [t for _, t in out[:limit] if _offered(session, t)]


def overdue_capa_count(session: Session) -> int:
    return session.db.conn.execute("SELECT count(*) FROM capa_actions WHERE status = 'open' AND due_date < ?",
                                   (session.now().date().isoformat(),)).fetchone()[0]


def parse_due(task: Task) -> datetime | None:
    if not task.due_at:
        return None
    try:
        due = datetime.fromisoformat(task.due_at)
    except ValueError:
        return None
    if due.tzinfo is None:  # a CAPA due date: the end of that day, local time
        due = due.replace(hour=23, minute=59, second=59, tzinfo=datetime.now().astimezone().tzinfo)
    return due
