"""Review and approval (DOMAIN.md §6): the inspector proposes, the QA head reviews and signs, the quality VP
approves Class I–II and every recall. Nobody signs their own proposal, and the VP does not approve what they
reviewed themselves.
"""

from __future__ import annotations

from qa_desk.core import deadlines, lifecycle, signatures
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


def submit(session: Session, complaint_id: int, *, password: str, expected_sha256: str | None,
           username: str | None = None, comment: str | None = None) -> dict:
    """The inspector signs the proposed conclusion (password re-entry) and sends it for review.
    ``expected_sha256`` is the hash of the content the signer was shown; ``username`` is needed at the first
    signature of a login."""
    session.require("submit", complaint_id=complaint_id)
    c = lifecycle.load(session.db, complaint_id, "submit")
    if c["status"] == "triaged" and c["investigate"]:
        raise refuse("not_investigated", "请先开始调查。", "Start the investigation first.")
    require(missing_for_submit(session, c), "incomplete", f"投诉 {c['number']} 还不能提交审核，缺少",
            f"Complaint {c['number']} cannot go to review yet; missing")
    comment = _comment(comment)
    signatures.authenticate(session, password, username)
    with session.write() as tx:
        c = lifecycle.load(tx.db, complaint_id, "submit")  # again, under the write lock
        require(missing_for_submit(session, c), "incomplete", f"投诉 {c['number']} 还不能提交审核，缺少",
                f"Complaint {c['number']} cannot go to review yet; missing")
        updated = tx.update("complaints", complaint_id, {"status": "under_review", "proposed_by": tx.user_id,
                                                         "proposed_at": tx.at, "updated_at": tx.at}, action="submit")
        signatures.record(tx, updated, step="propose", meaning="proposed", signer_name=session.actor.display_name,
                          expected=expected_sha256, comment=comment)
        deadlines.mark_met(tx, complaint_id, "submitted")
        return updated


def _comment(comment: str | None) -> str | None:
    p: list[Problem] = []
    comment = V.clean_text(comment, "comment", p)
    require(p, "bad_comment", "签名备注无效", "The signature comment is not valid")
    return comment


def _segregation(session: Session, c: dict, *, also: tuple[str, ...] = (), action: str = "review") -> None:
    if session.actor.id == c["proposed_by"]:
        session.audit_refusal(action, "own_proposal", complaint_id=c["id"])
        raise refuse("own_proposal", "不能审核或批准自己提出的结论（职责分离）。",
                     "You cannot review or approve your own proposal (segregation of duties).")
    for col in also:
        if session.actor.id == c[col]:
            session.audit_refusal(action, "own_review", complaint_id=c["id"])
            raise refuse("own_review", "批准人不能与审核人为同一人（职责分离）。",
                         "The approver must be someone other than the reviewer (segregation of duties).")


STEP_NAMES = {"propose": ("提出（质检员）", "proposal (inspector)"), "review": ("审核（部长）", "review (QA head)")}


def require_valid(session: Session, c: dict, step: str, *, action: str) -> None:
    """The signature ``step`` of the current cycle must be valid; otherwise the refusal names it and what
    changed since it was given."""
    sigs = [s for s in signatures.for_complaint(session.db, c["id"]) if s["step"] == step and s["cycle"] == c["cycle"]]
    if sigs and sigs[-1]["state"] == "valid":
        return
    zh_step, en_step = STEP_NAMES[step]
    if not sigs:
        session.audit_refusal(action, f"{step}_missing", complaint_id=c["id"])
        raise refuse(f"{step}_missing", f"投诉 {c['number']} 缺少本轮的{zh_step}签名。",
                     f"Complaint {c['number']} has no {en_step} signature in the current cycle.")
    changed = signatures.changed_fields(session.db, sigs[-1])
    zh_fields = "、".join(V.label(f)[0] for f in changed) or "—"
    en_fields = ", ".join(V.label(f)[1] for f in changed) or "—"
    session.audit_refusal(action, f"{step}_invalid", complaint_id=c["id"], changed=changed)
    raise refuse(f"{step}_invalid",
                 f"{sigs[-1]['signer_name']} 于 {sigs[-1]['signed_at'][:16].replace('T', ' ')} 的{zh_step}签名已失效："
                 f"签名后以下内容被修改：{zh_fields}。请退回调查，由质检员重新提交。",
                 f"The {en_step} signature by {sigs[-1]['signer_name']} at {sigs[-1]['signed_at'][:16].replace('T', ' ')} "
                 f"is no longer valid: changed since it was given: {en_fields}. Return the complaint to the "
                 "investigation for the inspector to submit again.")


def review(session: Session, complaint_id: int, *, password: str, expected_sha256: str | None,
           username: str | None = None, comment: str | None = None) -> dict:
    """The QA head signs the review, over a valid proposal signature of the current cycle. Class I–II and
    recalls then await the quality VP; others are approved."""
    session.require("review", complaint_id=complaint_id)
    c = lifecycle.load(session.db, complaint_id, "review")
    _segregation(session, c)
    require_valid(session, c, "propose", action="review")
    comment = _comment(comment)
    signatures.authenticate(session, password, username)
    with session.write() as tx:
        c = lifecycle.load(tx.db, complaint_id, "review")  # again, under the write lock
        _segregation(session, c)
        require_valid(session, c, "propose", action="review")
        vp = needs_vp(session, c)
        signatures.record(tx, c, step="review", meaning="reviewed" if vp else "approved",
                          signer_name=session.actor.display_name, expected=expected_sha256, comment=comment)
        changes = {"status": "awaiting_approval" if vp else "approved", "reviewed_by": tx.user_id,
                   "reviewed_at": tx.at, "updated_at": tx.at}
        if not vp:
            changes.update(approved_by=tx.user_id, approved_at=tx.at)
        updated = tx.update("complaints", complaint_id, changes, action="review")
        if not vp:
            deadlines.mark_met(tx, complaint_id, "approved")
        return updated


def approve(session: Session, complaint_id: int, *, password: str, expected_sha256: str | None,
            username: str | None = None, comment: str | None = None) -> dict:
    """The quality VP approves over a valid proposal and a valid review of the current cycle."""
    session.require("approve", complaint_id=complaint_id)
    c = lifecycle.load(session.db, complaint_id, "approve")
    _segregation(session, c, also=("reviewed_by",), action="approve")
    require_valid(session, c, "propose", action="approve")
    require_valid(session, c, "review", action="approve")
    comment = _comment(comment)
    signatures.authenticate(session, password, username)
    with session.write() as tx:
        c = lifecycle.load(tx.db, complaint_id, "approve")  # again, under the write lock
        _segregation(session, c, also=("reviewed_by",), action="approve")
        require_valid(session, c, "propose", action="approve")
        require_valid(session, c, "review", action="approve")
        signatures.record(tx, c, step="approve", meaning="approved", signer_name=session.actor.display_name,
                          expected=expected_sha256, comment=comment)
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
