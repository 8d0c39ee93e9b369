"""Core rules of the second half without Qt: custody, root-cause input, checklist batches, replies and the
reply letter, satisfaction, anonymous closure."""

from __future__ import annotations

import pytest

from qa_desk.core import approval, closure, deadlines
from qa_desk.core import investigation as inv
from qa_desk.core.errors import DomainError
from tests import flows
from tests.conftest import PASSWORDS, count_rows
from tests.flows import sign


def test_custody_steps_are_recorded_in_order(people):
    s = people["inspector"]
    c = flows.triaged(people)
    inv.start(s, c["id"])
    inv.add_custody(s, c["id"], action="样品接收", holder="张伟", quantity=2, condition="包装完好")
    inv.add_custody(s, c["id"], action="封样", holder="QA 样品柜", seal_no="FY-001")
    with pytest.raises(DomainError) as err:
        inv.add_custody(s, c["id"], action="", holder="")
    assert {p.field for p in err.value.problems} == {"action", "holder"}
    rows = s.db.conn.execute("SELECT action, seal_no FROM sample_custody WHERE complaint_id=? ORDER BY id",
                             (c["id"],)).fetchall()
    assert [tuple(r) for r in rows] == [("样品接收", None), ("封样", "FY-001")]


def test_fishbone_needs_the_six_categories(people):
    s = people["inspector"]
    c = flows.triaged(people)
    inv.start(s, c["id"])
    with pytest.raises(DomainError) as err:
        inv.set_findings(s, c["id"], inv.Findings(fishbone={"money": ["预算"]}, root_cause_category="luck"))
    assert {p.field for p in err.value.problems} == {"fishbone", "root_cause_category"}


def test_checklist_batch_is_one_action_listing_every_problem(people):
    s = people["inspector"]
    c = flows.triaged(people)
    inv.start(s, c["id"])
    before = count_rows(s, "audit_log")
    with pytest.raises(DomainError) as err:
        inv.decide_items(s, c["id"], [{"item": "bpr_balance", "result": "finding"},
                                      {"item": "bpr_charging", "result": "maybe"},
                                      {"item": "bpr_complete", "result": "ok"}])
    assert len(err.value.problems) == 2 and count_rows(s, "audit_log") == before
    rows = inv.decide_items(s, c["id"], [{"item": "bpr_balance", "result": "finding", "note": "97%"},
                                         {"item": "bpr_charging", "result": "ok"}])
    assert [r["result"] for r in rows] == ["finding", "ok"]


def test_interim_reply_meets_first_reply_and_final_needs_approval(people):
    s = people["inspector"]
    c = flows.triaged(people)
    closure.record_reply(s, c["id"], method="phone", content="已收到，正在调查", final=False)
    first = next(r for r in deadlines.rows_for(s.db, c["id"]) if r["kind"] == "first_reply")
    assert first["met_at"]
    with pytest.raises(DomainError):
        closure.record_reply(s, c["id"], method="letter", content="结论", final=True)


def test_reply_letter_says_why_when_not_a_product_problem(people):
    s = people["inspector"]
    c = flows.investigated(people, capa=False)
    inv.set_findings(s, c["id"], inv.Findings(conclusion="storage_use", root_cause="储存温度过高",
                                              root_cause_category="environment", risk_severity="minor",
                                              risk_likelihood="remote"), reason="结论更正")
    zh = closure.reply_letter(s, c["id"])
    en = closure.reply_letter(s, c["id"], lang="en")
    assert c["number"] in zh and "与产品本身质量无关" in zh and "市第一人民医院" in zh
    assert "not caused by the product itself" in en


def test_satisfaction_learned_later_reopens(people):
    s = people["inspector"]
    c = flows.approved(people)
    reply = closure.record_reply(s, c["id"], method="letter", content="结论")
    c = closure.record_satisfaction(s, reply["id"], "dissatisfied")
    c = flows.inv_get(s, reply["complaint_id"])
    assert (c["status"], c["reopen_count"]) == ("reopened", 1)
    assert {r["kind"] for r in deadlines.rows_for(s.db, c["id"]) if r["met_at"] is None} >= {"decision", "closure"}


def test_anonymous_complaint_closes_without_reply(people):
    s = people["inspector"]
    c = flows.investigated(people, capa=False, anonymous=True, complainant_name=None, complainant_org=None)
    inv.set_findings(s, c["id"], inv.Findings(five_whys=["a"], root_cause="使用不当", root_cause_category="man",
                                              conclusion="storage_use", risk_severity="minor", risk_likelihood="remote"), reason="结论更正")
    approval.submit(s, c["id"], **sign(s, c["id"], PASSWORDS["inspector"]))
    approval.review(people["qahead"], c["id"], **sign(people["qahead"], c["id"], PASSWORDS["qahead"]))
    with pytest.raises(DomainError):
        closure.record_reply(s, c["id"], method="letter", content="x")
    assert closure.close(s, c["id"])["status"] == "closed"
