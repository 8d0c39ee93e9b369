"""One answer to "what may this user do to this complaint now" (from the lifecycle steps and the permissions).

The complaint window, My tasks and the command line offer exactly what ``available`` returns; the services
check the same conditions again when the action runs (and audit a refusal). A test walks every status × role
and compares what the window offers with this answer, and this answer with what the services accept.
"""

from __future__ import annotations

from enum import StrEnum

from qa_desk.core import attachments, corrections, intake, lifecycle, triage
from qa_desk.core import roles as R
from qa_desk.core.complaints import FINAL_STATES
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session


class Act(StrEnum):
    """What can be offered on one complaint (the names are also the buttons' object names)."""

    ACKNOWLEDGE = "acknowledge"
    ADD_ATTACHMENT = "add_attachment"
    ACK_CLASS_I = "ack_class_i"
    TRIAGE = "triage"
    RECLASSIFY = "reclassify"
    CORRECT_RECEIPT = "correct_receipt"
    START_INVESTIGATION = "start_investigation"
    INVESTIGATE = "investigate"          # checklist, custody, medical, findings, market action, CAPA plan
    MARK_REPORTED = "mark_reported"
    CORRECT_REPORT = "correct_report"    # the recorded report, with a reason, until closure (not signed)
    CORRECT_CAPA = "correct_capa"        # a CAPA action's plan, likewise
    CORRECT_CUSTODY = "correct_custody"  # a step of the sample's chain of custody, likewise
    CORRECT_REPLY = "correct_reply"      # a recorded reply, likewise
    SUBMIT = "submit"
    REVIEW = "review"
    APPROVE = "approve"
    REJECT = "reject"
    REPLY = "reply"                      # interim replies, and satisfaction
    FINAL_REPLY = "final_reply"
    REQUEST_EXTENSION = "request_extension"
    DECIDE_EXTENSION = "decide_extension"
    UPDATE_CAPA = "update_capa"
    VERIFY_CAPA = "verify_capa"
    CLOSE = "close"
    ARCHIVE = "archive"
    VOID = "void"
    REQUEST_VOID = "request_void"
    APPROVE_VOID = "approve_void"
    PRINT = "print"
    LEGAL_HOLD = "legal_hold"


def _can(session: Session, action: str) -> bool:
    return bool(session.actor.roles & R.PERMISSIONS[action])


def _in(c: dict, step: str) -> bool:
    return c["status"] in lifecycle.STEPS[step][0]


def available(session: Session, c: dict, *, refresh: bool = True) -> frozenset[Act]:
    """The actions the acting user may take on complaint ``c`` now. Roles and the account's state are read
    from the file first (``refresh=False`` when the caller has just done so for a list), so a role removed in
    another login is not offered here either."""
    if refresh:
        try:
            session.refresh()
        except DomainError:  # deactivated, locked, must change password: nothing is offered
            return frozenset()
    me, status = session.actor.id, c["status"]
    out: set[Act] = set()
    if _can(session, "print_record"):
        out.add(Act.PRINT)
    if _can(session, "legal_hold") and status in ("closed", "archived"):
        out.add(Act.LEGAL_HOLD)
    if status in FINAL_STATES:
        if _can(session, "archive") and _in(c, "archive"):
            out.add(Act.ARCHIVE)
        return frozenset(out)
    if _can(session, "acknowledge") and _in(c, "acknowledge") and not c["acknowledged_at"] and not c["anonymous"]:
        out.add(Act.ACKNOWLEDGE)
    if _can(session, "acknowledge_class_i") and c["class"] == "I" and (
            (session.actor.has(R.QA_HEAD) and not c["class_i_qahead_ack_at"])
            or (session.actor.has(R.QUALITY_VP) and not c["class_i_vp_ack_at"])):
        out.add(Act.ACK_CLASS_I)
    if _can(session, "triage") and _in(c, "triage"):
        out.add(Act.TRIAGE)
    if _can(session, "edit") and status in triage.RECLASSIFIABLE:
        out.add(Act.RECLASSIFY)
    if _can(session, "edit") and status in intake.CORRECTABLE:
        out.add(Act.CORRECT_RECEIPT)
    if _can(session, "edit") and status not in attachments.FINAL:
        out.add(Act.ADD_ATTACHMENT)
    if _can(session, "investigate"):
        if _in(c, "start_investigation") and c["investigate"] and status != "investigating":
            out.add(Act.START_INVESTIGATION)
        if status in lifecycle.INVESTIGATION_OPEN:
            out.add(Act.INVESTIGATE)
        if c["reportable"] and not c["report_submitted_at"]:
            out.add(Act.MARK_REPORTED)
        out.add(Act.UPDATE_CAPA)
    if _can(session, "submit") and _in(c, "submit") and not (status == "triaged" and c["investigate"]):
        out.add(Act.SUBMIT)
    if _can(session, "review") and _in(c, "review") and me != c["proposed_by"]:
        out.add(Act.REVIEW)
    if _can(session, "approve") and _in(c, "approve") and me not in (c["proposed_by"], c["reviewed_by"]):
        out.add(Act.APPROVE)
    if _can(session, "reject") and _in(c, "reject"):
        out.add(Act.REJECT)
    if _can(session, "reply") and not c["anonymous"]:
        out.add(Act.REPLY)
        if _in(c, "final_reply"):
            out.add(Act.FINAL_REPLY)
    if _can(session, "request_extension"):
        out.add(Act.REQUEST_EXTENSION)
    if _can(session, "decide_extension"):
        out.add(Act.DECIDE_EXTENSION)
    if _can(session, "verify_capa"):
        out.add(Act.VERIFY_CAPA)
    if _can(session, "close") and _in(c, "close"):
        out.add(Act.CLOSE)
    out |= {act for kind, act in CORRECTIONS.items() if corrections.possible(session, c, kind)}
    _void_offers(session, c, out)
    return frozenset(out)


CORRECTIONS = {corrections.Kind.REPORT: Act.CORRECT_REPORT, corrections.Kind.CAPA: Act.CORRECT_CAPA,
               corrections.Kind.CUSTODY: Act.CORRECT_CUSTODY, corrections.Kind.REPLY: Act.CORRECT_REPLY}


def _void_offers(session: Session, c: dict, out: set[Act]) -> None:
    if not _in(c, "void"):
        return
    if c["void_requested_at"]:
        if _can(session, "approve_void") and session.actor.id != c["void_requested_by"]:
            out.add(Act.APPROVE_VOID)
        return
    if not _can(session, "void"):
        return
    out.add(Act.VOID if c["status"] in intake.VOID_ALONE else Act.REQUEST_VOID)
