"""Electronic signatures: password re-entry, meaning, bound to content; edits show them as invalid."""

from __future__ import annotations

import pytest

from qa_desk.core import approval, intake, signatures, verify
from qa_desk.core.errors import DomainError
from tests import flows
from tests.conftest import PASSWORDS, add_user, count_rows
from tests.flows import sign


def test_wrong_password_signs_nothing_and_counts(people):
    c = flows.investigated(people)
    approval.submit(people["inspector"], c["id"], **sign(people["inspector"], c["id"], PASSWORDS["inspector"]))
    before = count_rows(people["qahead"], "signatures")
    with pytest.raises(DomainError) as err:
        approval.review(people["qahead"], c["id"], **sign(people["qahead"], c["id"], "wrong"))
    assert err.value.code == "bad_password"
    assert count_rows(people["qahead"], "signatures") == before
    assert flows.inv_get(people["qahead"], c["id"])["status"] == "under_review"
    row = people["qahead"].db.conn.execute("SELECT failed_attempts FROM users WHERE username='qahead'").fetchone()
    assert row[0] == 1


def test_nobody_approves_their_own_proposal(people):
    # headvp holds both QA head and quality VP roles; inspector proposes, headvp reviews; headvp may not approve
    c = flows.investigated(people, flows.triage_input(defect_type="label_error", category="packaging"))
    approval.submit(people["inspector"], c["id"], **sign(people["inspector"], c["id"], PASSWORDS["inspector"]))
    approval.review(people["headvp"], c["id"], **sign(people["headvp"], c["id"], PASSWORDS["headvp"]))
    with pytest.raises(DomainError) as err:
        approval.approve(people["headvp"], c["id"], **sign(people["headvp"], c["id"], PASSWORDS["headvp"]))
    assert err.value.code == "own_review"


def test_proposer_cannot_review(people):

    both = add_user(people["admin"], "both", "双角色", ["inspector", "qa_head"], "both-pass-1")
    s = both
    c = flows.investigated(people)
    approval.submit(s, c["id"], **sign(s, c["id"], "both-pass-1"))
    with pytest.raises(DomainError) as err:
        approval.review(s, c["id"], **sign(s, c["id"], "both-pass-1"))
    assert err.value.code == "own_proposal"
    assert "职责分离" in err.value.message("zh_CN")


def test_edit_after_signing_invalidates(people):
    c = flows.investigated(people, flows.triage_input(defect_type="label_error", category="packaging"))
    approval.submit(people["inspector"], c["id"], **sign(people["inspector"], c["id"], PASSWORDS["inspector"]))
    approval.review(people["qahead"], c["id"], **sign(people["qahead"], c["id"], PASSWORDS["qahead"]))
    assert all(s["state"] == "valid" for s in signatures.for_complaint(people["qahead"].db, c["id"]))
    intake.correct_receipt(people["inspector"], c["id"], {"batch_no": "240106"}, reason="批号抄错")
    states = {s["step"]: s["state"] for s in signatures.for_complaint(people["qahead"].db, c["id"])}
    assert states == {"propose": "invalid", "review": "invalid"}
    with pytest.raises(DomainError) as err:
        approval.approve(people["qavp"], c["id"], **sign(people["qavp"], c["id"], PASSWORDS["qavp"]))
    assert err.value.code == "propose_invalid" and "批号" in err.value.message("zh_CN")
    assert any(f.kind == "signature" for f in verify.verify(people["qavp"].db))


def test_reject_supersedes_earlier_signatures(people):
    c = flows.investigated(people)
    approval.submit(people["inspector"], c["id"], **sign(people["inspector"], c["id"], PASSWORDS["inspector"]))
    approval.reject(people["qahead"], c["id"], reason="补充5-Why")
    from qa_desk.core import investigation as inv

    inv.set_findings(people["inspector"], c["id"], inv.Findings(
        five_whys=["a", "b", "c"], root_cause="封口温度波动", root_cause_category="machine", conclusion="confirmed",
        risk_severity="minor", risk_likelihood="remote"), reason="补充5-Why")
    sigs = signatures.for_complaint(people["qahead"].db, c["id"])
    assert [s["state"] for s in sigs] == ["superseded"]
    assert verify.verify(people["qahead"].db) == []


def test_lockout_after_five_failures_and_admin_unlock(people):
    from qa_desk.core import users

    for _ in range(4):
        with pytest.raises(DomainError):
            users.login(people["admin"], "inspector", "nope")
    with pytest.raises(DomainError) as err:
        users.login(people["admin"], "inspector", "nope")
    assert err.value.code == "bad_login"  # the same answer as for any wrong password: no telling it is locked
    with pytest.raises(DomainError) as err:
        users.login(people["admin"], "inspector", PASSWORDS["inspector"])
    assert err.value.code == "locked"
    users.unlock(people["admin"], "inspector")
    assert users.login(people["admin"], "inspector", PASSWORDS["inspector"]).actor.username == "inspector"
