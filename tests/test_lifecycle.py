"""Every step of the complaint's life: allowed from the right status by the right role, refused otherwise
with a message that says why."""

from __future__ import annotations

import pytest

from qa_desk.core import approval, closure, intake, lifecycle
from qa_desk.core import investigation as inv
from qa_desk.core.errors import DomainError
from qa_desk.core.triage import triage
from tests import flows
from tests.conftest import PASSWORDS, count_rows
from tests.flows import sign


def test_happy_path_class_iii_through_archive(people):
    c = flows.closable(people)
    assert c["status"] == "replied"
    c = closure.close(people["inspector"], c["id"])
    assert c["status"] == "closed"
    c = closure.archive(people["inspector"], c["id"])
    assert c["status"] == "archived"


def test_class_ii_needs_vp_after_head(people):
    c = flows.investigated(people, flows.triage_input(defect_type="label_error", category="packaging"))
    assert c["class"] == "II"
    approval.submit(people["inspector"], c["id"], **sign(people["inspector"], c["id"], PASSWORDS["inspector"]))
    c = approval.review(people["qahead"], c["id"], **sign(people["qahead"], c["id"], PASSWORDS["qahead"]))
    assert c["status"] == "awaiting_approval"
    c = approval.approve(people["qavp"], c["id"], **sign(people["qavp"], c["id"], PASSWORDS["qavp"]))
    assert c["status"] == "approved"


def test_recall_needs_vp_even_for_class_iii(people):
    c = flows.investigated(people)
    inv.set_market_action(people["inspector"], c["id"], action="recall", recall_level="3", reason="决定召回")
    approval.submit(people["inspector"], c["id"], **sign(people["inspector"], c["id"], PASSWORDS["inspector"]))
    c = approval.review(people["qahead"], c["id"], **sign(people["qahead"], c["id"], PASSWORDS["qahead"]))
    assert c["status"] == "awaiting_approval"


def _at_status(people, status: str) -> dict:
    s = people["inspector"]
    if status == "registered":
        return flows.registered(people)
    if status == "acknowledged":
        return flows.registered(people, ack_method="phone", acknowledged_at=s.now())
    if status == "triaged":
        return flows.triaged(people)
    if status == "investigating":
        c = flows.triaged(people)
        return inv.start(s, c["id"])
    if status == "under_review":
        c = flows.investigated(people)
        return approval.submit(s, c["id"], **sign(s, c["id"], PASSWORDS["inspector"]))
    if status == "awaiting_approval":
        c = flows.investigated(people, flows.triage_input(defect_type="label_error", category="packaging"))
        approval.submit(s, c["id"], **sign(s, c["id"], PASSWORDS["inspector"]))
        return approval.review(people["qahead"], c["id"], **sign(people["qahead"], c["id"], PASSWORDS["qahead"]))
    if status == "approved":
        return flows.approved(people)
    if status == "replied":
        return flows.closable(people)
    if status == "closed":
        return closure.close(s, flows.closable(people)["id"])
    if status == "archived":
        return closure.archive(s, closure.close(s, flows.closable(people)["id"])["id"])
    if status == "voided":
        return intake.void(s, flows.registered(people)["id"], reason="重复登记")
    raise AssertionError(status)


def _do(people, step: str, c: dict):
    s, head, vp = people["inspector"], people["qahead"], people["qavp"]
    calls = {
        "acknowledge": lambda: intake.acknowledge(s, c["id"], method="phone"),
        "triage": lambda: triage(s, c["id"], flows.triage_input()),
        "start_investigation": lambda: inv.start(s, c["id"]),
        "submit": lambda: approval.submit(s, c["id"], **sign(s, c["id"], PASSWORDS["inspector"])),
        "review": lambda: approval.review(head, c["id"], **sign(head, c["id"], PASSWORDS["qahead"])),
        "approve": lambda: approval.approve(vp, c["id"], **sign(vp, c["id"], PASSWORDS["qavp"])),
        "reject": lambda: approval.reject(head, c["id"], reason="补充调查"),
        "final_reply": lambda: closure.record_reply(s, c["id"], method="letter", content="答复"),
        "close": lambda: closure.close(s, c["id"]),
        "archive": lambda: closure.archive(s, c["id"]),
        "void": lambda: flows.void(people, c["id"]),
    }
    return calls[step]()


WRONG = [(step, status) for step in ("acknowledge", "triage", "start_investigation", "submit", "review",
                                      "approve", "reject", "final_reply", "close", "archive", "void")
         for status in ("registered", "investigating", "approved", "closed", "voided")
         if status not in lifecycle.STEPS[step][0]]


@pytest.mark.parametrize(("step", "status"), WRONG)
def test_step_refused_in_wrong_status(people, step, status):
    c = _at_status(people, status)
    before = count_rows(people["inspector"], "complaints"), c["status"]
    with pytest.raises(DomainError) as err:
        _do(people, step, c)
    assert err.value.code in ("wrong_status", "incomplete", "bad_reply", "investigation_closed")
    assert c["number"] in err.value.message("zh_CN") or err.value.problems
    after = flows.inv_get(people["inspector"], c["id"])
    assert (count_rows(people["inspector"], "complaints"), after["status"]) == before


ALLOWED = [("acknowledge", "registered", "acknowledged"), ("triage", "acknowledged", "triaged"),
           ("start_investigation", "triaged", "investigating"), ("reject", "under_review", "investigating"),
           ("void", "investigating", "voided"), ("archive", "closed", "archived")]


@pytest.mark.parametrize(("step", "status", "result"), ALLOWED)
def test_step_allowed(people, step, status, result):
    c = _at_status(people, status)
    assert _do(people, step, c)["status"] == result


@pytest.mark.parametrize(("who", "step"), [("reception", "triage"), ("reception", "acknowledge"),
                                           ("inspector", "review"), ("qahead", "submit"), ("admin", "void"),
                                           ("qavp", "close")])
def test_role_refused_and_audited(people, who, step):
    c = _at_status(people, "acknowledged" if step == "triage" else "registered")
    s = people[who]
    calls = {"triage": lambda: triage(s, c["id"], flows.triage_input()),
             "acknowledge": lambda: intake.acknowledge(s, c["id"], method="phone"),
             "review": lambda: approval.review(s, c["id"], **sign(s, c["id"], "x")),
             "submit": lambda: approval.submit(s, c["id"], **sign(s, c["id"], "x")),
             "void": lambda: intake.void(s, c["id"], reason="x"),
             "close": lambda: closure.close(s, c["id"])}
    with pytest.raises(DomainError) as err:
        calls[step]()
    assert err.value.code == "forbidden"
    assert "角色" in err.value.message("zh_CN") and "role" in err.value.message("en")
    refused = s.db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'refused' AND username = ?",
                                (s.actor.username,)).fetchone()[0]
    assert refused == 1


def test_reception_registers_without_classification(people):
    s = people["reception"]
    c = intake.register(s, flows.draft(s))
    assert c["status"] == "registered" and c["owner_id"] is None and c["receiver_id"] == s.actor.id
    with pytest.raises(DomainError) as err:
        intake.register(s, flows.draft(s, triage=flows.triage_input()))
    assert err.value.code == "forbidden"


def test_submit_lists_everything_missing(people):
    c = flows.triaged(people, flows.triage_input(defect_type="label_error", category="packaging"))
    inv.start(people["inspector"], c["id"])
    inv.set_findings(people["inspector"], c["id"], inv.Findings(conclusion="confirmed"))
    with pytest.raises(DomainError) as err:
        approval.submit(people["inspector"], c["id"], **sign(people["inspector"], c["id"], PASSWORDS["inspector"]))
    fields = {p.field for p in err.value.problems}
    assert {"checklist", "root_cause", "root_cause_category", "risk", "market_action", "capa"} <= fields
    assert "根本原因" in err.value.message("zh_CN")


def test_close_lists_what_is_missing(people):
    c = flows.approved(people)
    with pytest.raises(DomainError) as err:
        closure.close(people["inspector"], c["id"])
    assert err.value.code == "incomplete"
    assert {p.field for p in err.value.problems} == {"reply", "capa"}
    closure.record_reply(people["inspector"], c["id"], method="phone", content="已答复", satisfaction="satisfied")
    with pytest.raises(DomainError) as err:
        closure.close(people["inspector"], c["id"])
    msg = err.value.message("en")
    assert "CAPA" in msg and "handed over" in msg


def test_class_i_requires_recall_decision_and_vp(people):
    tri = flows.triage_input(defect_type="wrong_product", category="safety")
    c = flows.triaged(people, tri)
    assert c["class"] == "I" and c["priority"] == "high"
    inv.start(people["inspector"], c["id"])
    with pytest.raises(DomainError) as err:
        inv.set_market_action(people["inspector"], c["id"], action="none")
    assert err.value.problems[0].field == "market_action_note"


def test_dissatisfied_reply_reopens_and_counts(people):
    c = flows.approved(people)
    closure.record_reply(people["inspector"], c["id"], method="letter", content="结论", satisfaction="dissatisfied")
    c = flows.inv_get(people["inspector"], c["id"])
    assert c["status"] == "reopened" and c["reopen_count"] == 1 and c["cycle"] == 1
    c = closure.start_reinvestigation(people["inspector"], c["id"])
    assert c["status"] == "investigating"
