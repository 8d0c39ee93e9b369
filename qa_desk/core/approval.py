"""Review and approval (DOMAIN.md §6): the inspector proposes, the QA head reviews and signs, the quality VP
approves Class I–II and every recall. Nobody signs their own proposal, and the VP does not approve what they
reviewed themselves.
"""

from __future__ import annotations

from qa_desk.core import deadlines, lifecycle, signatures
from qa_desk.core import users as U
from qa_desk.core import validation as V
from qa_desk.core.errors import Problem, refuse, require
from qa_desk.core.session import Session
from qa_desk.store.db import rows


def needs_vp(session: Session, complaint: dict) -> bool:
    cls = session.policy.classes.get(complaint["class"] or "")
    return bool(cls and cls.needs_vp_approval) or complaint["market_action"] == "recall"


def missing_for_submit(session: Session, c: dict) -> list[Problem]:
    """Everything a proposal must hold before the QA head can review it."""
    p: list[Problem] = []
    pol = session.policy
    if c["investigate"]:
        open_items = rows(session.db, "SELECT section, item FROM checklist_items WHERE complaint_id = ? "
                                      "AND result IS NULL ORDER BY id", (c["id"],))
        labels = {i.code: i for s in pol.checklist for i in s.items}
        for r in open_items:
            t = labels.get(r["item"])
            p.append(Problem(f"检查项未判定：{t.zh if t else r['item']}", f"checklist item not decided: "
                             f"{t.en if t else r['item']}", "checklist"))
        if not rows(session.db, "SELECT id FROM checklist_items WHERE complaint_id = ? LIMIT 1", (c["id"],)):
            p.append(Problem("尚未开始调查（没有检查清单）", "the investigation has not started (no checklist)", "checklist"))
        if not c["root_cause"]:
            p.append(Problem("请填写根本原因", "the root cause is missing", "root_cause"))
        if not c["root_cause_category"]:
            p.append(Problem("请选择根本原因类别（人、机、料、法、环、测）",
                             "choose the root-cause category (man, machine, material, method, environment, "
                             "measurement)", "root_cause_category"))
    elif not c["no_investigation_reason"]:
        p.append(V.missing("no_investigation_reason"))
    if not c["conclusion"]:
        p.append(Problem("请选择调查结论", "the conclusion is missing", "conclusion"))
    if not c["risk_severity"] or not c["risk_likelihood"]:
        p.append(Problem("请完成风险评估（严重性和发生可能性）", "the risk assessment (severity and likelihood) is "
                         "missing", "risk"))
    if not c["market_action"]:
        p.append(Problem("请决定市场措施（无、暂停销售、退换货或召回）", "decide the market action (none, hold, "
                         "return/exchange or recall)", "market_action"))
    elif c["class"] == "I" and c["market_action"] != "recall" and not c["market_action_note"]:
        p.append(Problem("I 类投诉必须有召回决定及理由", "a Class I complaint needs a recall decision with its reason",
                         "market_action_note"))
    if c["conclusion"] == "confirmed":
        capa = rows(session.db, "SELECT id FROM capa_actions WHERE complaint_id = ? AND status != 'cancelled'",
                    (c["id"],))
        if not capa:
            p.append(Problem("确认产品缺陷时至少需要一项 CAPA", "a confirmed defect needs at least one CAPA action",
                             "capa"))
    if c["adverse_event"] and not rows(session.db, "SELECT id FROM medical_details WHERE complaint_id = ?",
                                       (c["id"],)):
        p.append(Problem("发生不良反应/事件：请填写医学信息（患者、医师、使用单位）",
                         "adverse reaction/event: fill in the medical details (patient, physician, user)", "medical"))
    return p


def submit(session: Session, complaint_id: int, *, password: str) -> dict:
    """The inspector signs the proposed conclusion (password re-entry) and sends it for review."""
    session.require("submit", complaint_id=complaint_id)
    c = lifecycle.load(session.db, complaint_id, "submit")
    if c["status"] == "triaged" and c["investigate"]:
        raise refuse("not_investigated", "请先开始调查。", "Start the investigation first.")
    require(missing_for_submit(session, c), "incomplete", f"投诉 {c['number']} 还不能提交审核，缺少",
            f"Complaint {c['number']} cannot go to review yet; missing")
    U.check_password(session, password)
    with session.write() as tx:
        c = lifecycle.load(tx.db, complaint_id, "submit")  # again, under the write lock
        require(missing_for_submit(session, c), "incomplete", f"投诉 {c['number']} 还不能提交审核，缺少",
                f"Complaint {c['number']} cannot go to review yet; missing")
        updated = tx.update("complaints", complaint_id, {"status": "under_review", "proposed_by": tx.user_id,
                                                         "proposed_at": tx.at, "updated_at": tx.at}, action="submit")
        signatures.record(tx, updated, step="propose", meaning="proposed",
                          signer_name=session.actor.display_name)
        deadlines.mark_met(tx, complaint_id, "submitted")
        return updated


def _segregation(session: Session, c: dict, *, also: tuple[str, ...] = ()) -> None:
    if session.actor.id == c["proposed_by"]:
        raise refuse("own_proposal", "不能审核或批准自己提出的结论（职责分离）。",
                     "You cannot review or approve your own proposal (segregation of duties).")
    for col in also:
        if session.actor.id == c[col]:
            raise refuse("own_review", "批准人不能与审核人为同一人（职责分离）。",
                         "The approver must be someone other than the reviewer (segregation of duties).")


def review(session: Session, complaint_id: int, *, password: str) -> dict:
    """The QA head signs the review. Class I–II and recalls then await the quality VP; others are approved."""
    session.require("review", complaint_id=complaint_id)
    c = lifecycle.load(session.db, complaint_id, "review")
    _segregation(session, c)
    U.check_password(session, password)
    with session.write() as tx:
        c = lifecycle.load(tx.db, complaint_id, "review")  # again, under the write lock
        _segregation(session, c)
        vp = needs_vp(session, c)
        signatures.record(tx, c, step="review", meaning="reviewed" if vp else "approved",
                          signer_name=session.actor.display_name)
        changes = {"status": "awaiting_approval" if vp else "approved", "reviewed_by": tx.user_id,
                   "reviewed_at": tx.at, "updated_at": tx.at}
        if not vp:
            changes.update(approved_by=tx.user_id, approved_at=tx.at)
        updated = tx.update("complaints", complaint_id, changes, action="review")
        if not vp:
            deadlines.mark_met(tx, complaint_id, "approved")
        return updated


def approve(session: Session, complaint_id: int, *, password: str) -> dict:
    session.require("approve", complaint_id=complaint_id)
    c = lifecycle.load(session.db, complaint_id, "approve")
    _segregation(session, c, also=("reviewed_by",))
    if not signatures.valid_step(session.db, complaint_id, "review"):
        raise refuse("review_invalid", "部长的审核签名已失效（审核后内容被修改），请退回重新审核。",
                     "The QA head's review signature is no longer valid (the content changed); return it for "
                     "review again.")
    U.check_password(session, password)
    with session.write() as tx:
        c = lifecycle.load(tx.db, complaint_id, "approve")  # again, under the write lock
        _segregation(session, c, also=("reviewed_by",))
        signatures.record(tx, c, step="approve", meaning="approved", signer_name=session.actor.display_name)
        updated = tx.update("complaints", complaint_id, {"status": "approved", "approved_by": tx.user_id,
                                                         "approved_at": tx.at, "updated_at": tx.at},
                            action="approve")
        deadlines.mark_met(tx, complaint_id, "approved")
        return updated


def reject(session: Session, complaint_id: int, *, reason: str) -> dict:
    """Return the complaint to the investigation with a reason; a new signature cycle begins."""
    session.require("reject", complaint_id=complaint_id)
    c = lifecycle.load(session.db, complaint_id, "reject")
    p: list[Problem] = []
    reason = V.clean_text(reason, "reason", p, required=True)
    require(p, "bad_reject", "退回需要理由", "Returning needs a reason")
    with session.write() as tx:
        c = lifecycle.load(tx.db, complaint_id, "reject")  # again, under the write lock
        updated = tx.update("complaints", complaint_id, {
            "status": "investigating", "cycle": c["cycle"] + 1, "proposed_by": None, "proposed_at": None,
            "reviewed_by": None, "reviewed_at": None, "updated_at": tx.at}, action="reject", reason=reason)
        deadlines.reopen(tx, complaint_id, ("investigation",))
        return updated
