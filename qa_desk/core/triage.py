"""Triage (分类): nature, category, defect type → class I–V with the rule that produced it, priority,
scope, investigate-or-not and reportability.

The class follows the defect type; the inspector may override it only with a written reason, and the
override is audited. Priority follows the class and may be raised; lowering it needs a reason too.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa_desk.core import deadlines, lifecycle
from qa_desk.core import validation as V
from qa_desk.core.complaints import get
from qa_desk.core.errors import Problem, refuse, require
from qa_desk.core.policy import PRIORITY_RANK
from qa_desk.core.session import Session
from qa_desk.core.workcal import WorkCalendar
from qa_desk.store.audit import Tx


@dataclass
class TriageInput:
    nature: str | None = None
    category: str | None = None
    defect_type: str | None = None
    severity_class: str | None = None  # None = take the class the defect type suggests
    class_override_reason: str | None = None
    priority: str | None = None  # None = the class's priority
    priority_reason: str | None = None
    in_scope: bool = True
    scope_reason: str | None = None
    investigate: bool = True
    no_investigation_reason: str | None = None
    reportable: bool = False
    report_type: str | None = None
    reportability_rationale: str | None = None


def suggest(session: Session, defect_type: str | None) -> tuple[str | None, str, str]:
    """The class a defect type maps to, and the rule in words (zh, en) for the wizard to show."""
    d = session.policy.defects.get(defect_type or "")
    if d is None:
        return None, "", ""
    c = session.policy.classes[d.severity_class]
    return (d.severity_class, f"缺陷类型“{d.zh}”→ {c.zh}（{c.meaning_zh}）",
            f"Defect type '{d.en}' → {c.en} ({c.meaning_en})")


def check(session: Session, t: TriageInput, *, adverse_event: bool) -> tuple[dict, list[Problem]]:
    pol = session.policy
    p: list[Problem] = []
    row = {
        "nature": V.check_choice(t.nature, pol.codes("nature"), "nature", p, required=True),
        "category": V.check_choice(t.category, pol.codes("category"), "category", p, required=True),
        "defect_type": V.check_choice(t.defect_type, tuple(pol.defects), "defect_type", p, required=True),
    }
    suggested, _, _ = suggest(session, row["defect_type"])
    klass = V.check_choice(t.severity_class or suggested, tuple(pol.classes), "class", p, required=True)
    reason = V.clean_text(t.class_override_reason, "class_override_reason", p)
    if klass and suggested and klass != suggested and not reason:
        p.append(Problem(f"分类从建议的 {suggested} 类改为 {klass} 类，必须填写书面理由",
                         f"changing the class from the suggested {suggested} to {klass} needs a written reason",
                         "class_override_reason"))
    default_priority = pol.classes[klass].priority if klass else None
    priority = V.check_choice(t.priority or default_priority, pol.codes("priority"), "priority", p)
    priority_reason = V.clean_text(t.priority_reason, "priority_reason", p)
    if priority and default_priority and PRIORITY_RANK[priority] < PRIORITY_RANK[default_priority] \
            and not priority_reason:
        p.append(Problem("优先级低于分类对应的优先级，必须填写理由",
                         "a priority below the class's priority needs a reason", "priority_reason"))
    if adverse_event and row["nature"] not in (None, "medical"):
        p.append(Problem("已标记发生不良反应/事件，投诉性质应为“医学投诉”",
                         "an adverse reaction/event is flagged: the nature must be medical complaint", "nature"))
    scope_reason = V.clean_text(t.scope_reason, "scope_reason", p)
    if not t.in_scope and not scope_reason:
        p.append(V.missing("scope_reason"))
    no_inv = V.clean_text(t.no_investigation_reason, "no_investigation_reason", p)
    if not t.investigate and not no_inv:
        p.append(Problem("决定不调查时必须记录原因", "a decision not to investigate needs its reason recorded",
                         "no_investigation_reason"))
    rationale = V.clean_text(t.reportability_rationale, "reportability_rationale", p)
    report_type = V.check_choice(t.report_type, tuple(pol.reports), "report_type", p, required=t.reportable)
    if not rationale:
        p.append(Problem("请记录是否需要向监管部门报告的判定依据",
                         "record how the reportability decision was reached", "reportability_rationale"))
    row.update({
        "suggested_class": suggested, "class": klass,
        "class_override_reason": reason if klass != suggested else None,
        "priority": priority, "priority_reason": priority_reason, "in_scope": int(bool(t.in_scope)),
        "scope_reason": scope_reason, "investigate": int(bool(t.investigate)),
        "no_investigation_reason": no_inv, "reportable": int(bool(t.reportable)),
        "report_type": report_type if t.reportable else None, "reportability_rationale": rationale,
    })
    return row, p


def apply_in(tx: Tx, session: Session, complaint: dict, row: dict, cal: WorkCalendar) -> dict:
    lifecycle.check_state(complaint, "triage")
    changes = dict(row)
    changes["no_investigation_by"] = tx.user_id if not row["investigate"] else None
    changes.update(status="triaged", owner_id=complaint["owner_id"] or tx.user_id, updated_at=tx.at)
    updated = tx.update("complaints", complaint["id"], changes, action="triage",
                        reason=row["class_override_reason"])
    deadlines.refresh_for_class(tx, session.policy, updated, cal)
    if updated["reportable"]:
        deadlines.add_report_deadline(tx, session.policy, updated, cal)
    return updated


def triage(session: Session, complaint_id: int, t: TriageInput) -> dict:
    session.require("triage", complaint_id=complaint_id)
    complaint = lifecycle.load(session.db, complaint_id, "triage")
    row, problems = check(session, t, adverse_event=bool(complaint["adverse_event"]))
    require(problems, "bad_triage", "分类未保存，请更正以下内容", "The classification was not saved; correct the following")
    cal = WorkCalendar.load(session.db)
    with session.write() as tx:
        return apply_in(tx, session, get(tx.db, complaint_id), row, cal)


RECLASSIFIABLE = frozenset({"triaged", "investigating", "reopened", "under_review", "awaiting_approval"})
IN_APPROVAL = frozenset({"under_review", "awaiting_approval"})


def reclassify(session: Session, complaint_id: int, t: TriageInput, *, reason: str) -> dict:
    """Change the classification of a complaint already triaged, until the last approval; every changed
    field is audited with the reason. A change after a signature shows that signature as invalid, so the
    complaint goes back through review (the approver cannot sign an invalid review)."""
    session.require("edit", complaint_id=complaint_id)
    complaint = get(session.db, complaint_id)
    _check_reclassifiable(session, complaint)
    row, problems = check(session, t, adverse_event=bool(complaint["adverse_event"]))
    p: list[Problem] = []
    reason = V.clean_text(reason, "reason", p, required=True)
    require(problems + p, "bad_triage", "分类未保存，请更正以下内容", "The classification was not saved; correct the following")
    cal = WorkCalendar.load(session.db)
    with session.write() as tx:
        _check_reclassifiable(session, get(tx.db, complaint_id))
        current = get(tx.db, complaint_id)
        changes = {**row, "updated_at": tx.at, "no_investigation_by": tx.user_id if not row["investigate"] else None}
        if current["status"] in IN_APPROVAL and any(current[k] != v for k, v in row.items()):
            # the approval chain starts again for the new classification, from the proposal: the signatures
            # given so far are superseded, so a review can never stand in for an approval the new class needs
            changes.update(status="investigating", cycle=current["cycle"] + 1, proposed_by=None, proposed_at=None,
                           reviewed_by=None, reviewed_at=None)
        updated = tx.update("complaints", complaint_id, changes, action="reclassify", reason=reason)
        if current["status"] in IN_APPROVAL and updated["status"] == "investigating":
            deadlines.reopen(tx, complaint_id, ("investigation",))
        deadlines.refresh_for_class(tx, session.policy, updated, cal)
        deadlines.drop_report_deadlines(tx, complaint_id, keep=updated["report_type"] if updated["reportable"] else None)
        if updated["reportable"]:
            deadlines.add_report_deadline(tx, session.policy, updated, cal)
        return updated


def _check_reclassifiable(session: Session, complaint: dict) -> None:
    if complaint["status"] not in RECLASSIFIABLE:
        raise refuse("not_editable",
                     f"当前状态（{session.policy.label('status', complaint['status'], 'zh')}）不能修改分类。",
                     f"The classification cannot change in status {complaint['status']}.")
