"""Issue 14 item 5: saved CAPA actions, custody steps, replies and the regulatory report can be corrected, with a
reason, until the complaint's last approval; the report records the authority, the reference and the time it
was submitted; custody steps and replies keep the time they happened, the trail the time they were entered."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from qa_desk.core import actions, approval, closure, complaints, signatures
from qa_desk.core import investigation as inv
from qa_desk.core.actions import Act
from qa_desk.core.clock import iso
from qa_desk.core.errors import DomainError
from qa_desk.core.verify import verify
from tests import flows
from tests.conftest import PASSWORDS

REPORTABLE = dict(reportable=True, report_type="cn_quality_serious")


def _entries(s, table: str, record_id: int) -> list[dict]:
    return [dict(r) for r in s.db.conn.execute(
        "SELECT at, action, op, field, old, new, reason FROM audit_log WHERE tbl = ? AND record_id = ? ORDER BY id",
        (table, record_id))]


def _investigating(people, clock, **tri) -> dict:
    """Under investigation, with three hours since the receipt (room for times in the past)."""
    c = flows.triaged(people, flows.triage_input(**tri))
    inv.start(people["inspector"], c["id"])
    clock.sleep(3 * 3600)
    return complaints.get(people["inspector"].db, c["id"])


def test_custody_keeps_when_it_happened_and_the_trail_when_it_was_entered(people, clock):
    s = people["inspector"]
    c = _investigating(people, clock)
    happened = s.now() - timedelta(hours=2)
    row = inv.add_custody(s, c["id"], action="样品接收", holder="张伟", at=happened)
    assert row["at"] == iso(happened)
    (entry,) = _entries(s, "sample_custody", row["id"])
    assert entry["op"] == "insert" and entry["at"] == iso(s.now()) and json.loads(entry["new"])["at"] == iso(happened)
    assert inv.add_custody(s, c["id"], action="封样", holder="QA")["at"] == iso(s.now())  # now by default
    for when, text in ((s.now() + timedelta(hours=1), "不能晚于当前时间"),
                       (datetime.fromisoformat(c["received_at"]) - timedelta(minutes=1), "不能早于投诉的接收时间")):
        with pytest.raises(DomainError) as err:
            inv.add_custody(s, c["id"], action="交QC", holder="QC", at=when)
        assert err.value.problems[0].field == "at" and text in err.value.message("zh_CN")
    inv.add_custody(s, c["id"], action="取样", holder="李娜", at=s.now() - timedelta(hours=2, minutes=30))
    # the chain reads in the order the steps happened, a step entered late in its place
    assert [r["action"] for r in inv.custody_for(s, c["id"])] == ["取样", "样品接收", "封样"]


def test_a_custody_step_is_corrected_with_a_reason_as_one_update(people, clock):
    s = people["inspector"]
    c = _investigating(people, clock)
    row = inv.add_custody(s, c["id"], action="样品接收", holder="张伟", quantity=2)
    clock.sleep(600)
    earlier = s.now() - timedelta(hours=2)
    before = s.db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(DomainError) as err:
        inv.correct_custody(s, row["id"], {"holder": "李娜", "at": earlier}, reason=None)
    assert err.value.code == "reason_required"
    with pytest.raises(DomainError) as err:
        inv.correct_custody(s, row["id"], {"holder": ""}, reason="写错")
    assert err.value.problems[0].field == "holder"
    with pytest.raises(DomainError) as err:
        inv.correct_custody(s, row["id"], {"recorded_by": 1}, reason="写错")
    assert err.value.code == "bad_field"
    assert s.db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before  # refusals write nothing
    fixed = inv.correct_custody(s, row["id"], {"holder": "李娜", "at": earlier, "quantity": "2"}, reason="交接人写错")
    assert (fixed["holder"], fixed["at"], fixed["quantity"]) == ("李娜", iso(earlier), 2.0)
    last = _entries(s, "sample_custody", row["id"])[-1]
    assert (last["op"], last["reason"], last["at"]) == ("update", "交接人写错", iso(s.now()))
    assert json.loads(last["old"]) == {"holder": "张伟", "at": row["at"]}
    assert json.loads(last["new"]) == {"holder": "李娜", "at": iso(earlier)}
    assert inv.correct_custody(s, row["id"], {"holder": "李娜"}, reason="x") == fixed  # nothing changed, nothing written
    with pytest.raises(DomainError) as err:
        inv.correct_custody(people["reception"], row["id"], {"holder": "王"}, reason="x")
    assert err.value.code == "forbidden"


def test_a_capa_action_is_corrected_with_a_reason(people, clock):
    s = people["inspector"]
    c = _investigating(people, clock)
    capa = inv.add_capa(s, c["id"], description="更换温控模块", owner_dept="设备部", owner="设备部经理",
                        due_date=s.now().date() + timedelta(days=30))
    due = s.now().date() + timedelta(days=45)
    with pytest.raises(DomainError) as err:
        inv.correct_capa(s, capa["id"], {"due_date": due}, reason="  ")
    assert err.value.code == "reason_required"
    fixed = inv.correct_capa(s, capa["id"], {"due_date": due, "owner": "设备部主管", "kind": "preventive"},
                             reason="责任人与期限按会议纪要更正")
    assert (fixed["due_date"], fixed["owner"], fixed["kind"]) == (due.isoformat(), "设备部主管", "preventive")
    last = _entries(s, "capa_actions", capa["id"])[-1]
    assert last["reason"] == "责任人与期限按会议纪要更正" and json.loads(last["old"])["owner"] == "设备部经理"
    with pytest.raises(DomainError) as err:
        inv.correct_capa(s, capa["id"], {"due_date": "not a date"}, reason="x")
    assert err.value.problems[0].field == "due_date"


def test_a_reply_takes_the_time_it_was_given_and_is_corrected_with_a_reason(people, clock):
    s = people["inspector"]
    c = _investigating(people, clock)
    given = s.now() - timedelta(hours=1)
    reply = closure.record_reply(s, c["id"], method="phone", content="已收到，正在调查", final=False, replied_at=given)
    assert reply["replied_at"] == iso(given) and reply["recorded_at"] == iso(s.now())
    met = s.db.conn.execute("SELECT met_at FROM deadlines WHERE complaint_id = ? AND kind = 'first_reply'",
                            (c["id"],)).fetchone()
    assert met[0] == iso(given)  # the first-reply deadline was met when the complainant was answered
    with pytest.raises(DomainError):
        closure.record_reply(s, c["id"], method="phone", content="x", final=False,
                             replied_at=s.now() + timedelta(days=1))
    fixed = closure.correct_reply(s, reply["id"], {"method": "email", "content": "已收到，正在调查（邮件）"},
                                  reason="实为邮件答复")
    assert (fixed["method"], fixed["replied_at"]) == ("email", iso(given))
    with pytest.raises(DomainError) as err:
        closure.correct_reply(s, reply["id"], {"final": 1}, reason="x")
    assert err.value.code == "bad_field"
    assert _entries(s, "replies", reply["id"])[-1]["reason"] == "实为邮件答复"


def test_a_corrected_reply_time_moves_the_first_reply_deadline_it_met(people, clock):
    """The complainant was answered at 09:00, typed in as 10:00: corrected, the first-reply deadline was met at
    09:00, as a corrected report time moves the report deadline; a later reply does not move it."""
    s = people["inspector"]
    c = _investigating(people, clock)
    first = closure.record_reply(s, c["id"], method="phone", content="已收到", final=False,
                                 replied_at=s.now() - timedelta(minutes=30))
    clock.sleep(3600)
    later = closure.record_reply(s, c["id"], method="email", content="调查中", final=False)

    def met():
        return s.db.conn.execute("SELECT met_at FROM deadlines WHERE complaint_id = ? AND kind = 'first_reply'",
                                 (c["id"],)).fetchone()[0]

    assert met() == first["replied_at"]
    earlier = s.now() - timedelta(hours=2)
    closure.correct_reply(s, first["id"], {"replied_at": earlier}, reason="实际答复时间更早")
    assert met() == iso(earlier)
    closure.correct_reply(s, later["id"], {"content": "调查中（邮件）"}, reason="措辞")
    assert met() == iso(earlier)
    entries = s.db.conn.execute("SELECT action FROM audit_log WHERE tbl = 'deadlines' AND complaint_id = ? "
                                "ORDER BY id DESC LIMIT 1", (c["id"],)).fetchone()
    assert entries[0] == "deadline_met"
    assert verify(s.db) == []


def test_the_report_needs_authority_reference_and_a_possible_time(people, clock):
    s = people["inspector"]
    c = _investigating(people, clock, **REPORTABLE)
    assert Act.MARK_REPORTED in actions.available(s, c) and Act.CORRECT_REPORT not in actions.available(s, c)
    with pytest.raises(DomainError) as err:
        inv.mark_reported(s, c["id"])
    assert {p.field for p in err.value.problems} == {"report_authority", "report_reference"}
    assert "监管部门" in err.value.message("zh_CN") and "authority" in err.value.message("en")
    for when in (s.now() + timedelta(hours=2), datetime.fromisoformat(c["received_at"]) - timedelta(days=1)):
        with pytest.raises(DomainError) as err:
            inv.mark_reported(s, c["id"], authority="省药品监督管理局", reference="ZL-2026-0815", at=when)
        assert [p.field for p in err.value.problems] == ["report_submitted_at"]
    assert not complaints.get(s.db, c["id"])["report_submitted_at"]
    when = s.now() - timedelta(hours=1)
    done = inv.mark_reported(s, c["id"], authority="省药品监督管理局", reference="ZL-2026-0815", at=when)
    assert (done["report_authority"], done["report_reference"], done["report_submitted_at"]) == (
        "省药品监督管理局", "ZL-2026-0815", iso(when))
    entry = next(e for e in _entries(s, "complaints", c["id"]) if e["action"] == "reported")
    assert json.loads(entry["new"])["report_reference"] == "ZL-2026-0815" and entry["at"] == iso(s.now())
    met = s.db.conn.execute("SELECT met_at FROM deadlines WHERE complaint_id = ? AND kind LIKE 'report:%'",
                            (c["id"],)).fetchall()
    assert met and all(r[0] == iso(when) for r in met)  # met when it was submitted, not when typed in
    with pytest.raises(DomainError) as err:
        inv.mark_reported(s, c["id"], authority="省药品监督管理局", reference="again")
    assert err.value.code == "already_reported"
    offered = actions.available(s, complaints.get(s.db, c["id"]))
    assert Act.CORRECT_REPORT in offered and Act.MARK_REPORTED not in offered
    fixed = inv.correct_report(s, c["id"], {"report_reference": "ZL-2026-0816"}, reason="回执号抄错")
    assert fixed["report_reference"] == "ZL-2026-0816" and fixed["report_authority"] == "省药品监督管理局"
    earlier = when - timedelta(minutes=50)
    inv.correct_report(s, c["id"], {"report_submitted_at": earlier}, reason="提交时间抄错")
    met = s.db.conn.execute("SELECT met_at FROM deadlines WHERE complaint_id = ? AND kind LIKE 'report:%'",
                            (c["id"],)).fetchall()
    assert [r[0] for r in met] == [iso(earlier)] * len(met)
    with pytest.raises(DomainError) as err:
        inv.correct_report(s, c["id"], {"report_authority": ""}, reason="x")
    assert err.value.problems[0].field == "report_authority"


def test_corrections_are_offered_and_accepted_until_the_last_approval_only(people, clock):
    s = people["inspector"]
    c = flows.investigated(people, flows.triage_input(**REPORTABLE))
    clock.sleep(3600)
    inv.mark_reported(s, c["id"], authority="省药品监督管理局", reference="ZL-1")
    custody = inv.add_custody(s, c["id"], action="样品接收", holder="张伟")
    reply = closure.record_reply(s, c["id"], method="phone", content="正在调查", final=False)
    capa = inv.capa_for(s, c["id"])[0]
    kinds = {Act.CORRECT_CAPA, Act.CORRECT_CUSTODY, Act.CORRECT_REPLY, Act.CORRECT_REPORT}
    assert kinds <= actions.available(s, complaints.get(s.db, c["id"]))
    assert not kinds & actions.available(people["reception"], complaints.get(s.db, c["id"]))
    approval.submit(s, c["id"], **flows.sign(s, c["id"], PASSWORDS["inspector"]))
    # under review: still correctable (the corrected content shows the signature as invalid, as any correction)
    assert kinds <= actions.available(s, complaints.get(s.db, c["id"]))
    inv.correct_custody(s, custody["id"], {"seal_no": "FY-001"}, reason="补记封签号")
    c = approval.review(people["qahead"], c["id"], **flows.sign(people["qahead"], c["id"], PASSWORDS["qahead"]))
    if c["status"] == "awaiting_approval":
        c = approval.approve(people["qavp"], c["id"], **flows.sign(people["qavp"], c["id"], PASSWORDS["qavp"]))
    assert c["status"] == "approved"
    # the report is not what the approval signed: it stays correctable until closure (see test_attacks_fourth)
    assert actions.available(s, complaints.get(s.db, c["id"])) & kinds == {Act.CORRECT_REPORT}
    refusals = [lambda: inv.correct_capa(s, capa["id"], {"owner": "某人"}, reason="x"),
                lambda: inv.correct_custody(s, custody["id"], {"holder": "某人"}, reason="x"),
                lambda: closure.correct_reply(s, reply["id"], {"content": "改"}, reason="x")]
    for call in refusals:
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.code == "not_correctable"
        assert "已批准" in err.value.message("zh_CN") and "approved" in err.value.message("en")
    assert verify(s.db) == []


def test_verify_is_clean_after_every_kind_of_correction(people, clock):
    s = people["inspector"]
    c = _investigating(people, clock, **REPORTABLE)
    inv.mark_reported(s, c["id"], authority="国家药品监督管理局", reference="A-1", at=s.now() - timedelta(hours=1))
    custody = inv.add_custody(s, c["id"], action="样品接收", holder="张伟", at=s.now() - timedelta(hours=2))
    capa = inv.add_capa(s, c["id"], description="培训", owner_dept="生产部", owner="生产部经理",
                        due_date=s.now().date() + timedelta(days=10))
    reply = closure.record_reply(s, c["id"], method="phone", content="正在调查", final=False)
    clock.sleep(60)
    inv.correct_report(s, c["id"], {"report_authority": "省药品监督管理局", "report_submitted_at": s.now()},
                       reason="提交的是省局")
    inv.correct_custody(s, custody["id"], {"at": s.now() - timedelta(hours=1), "condition": "完好"}, reason="时间更正")
    inv.correct_capa(s, capa["id"], {"description": "全员培训并考核"}, reason="措施写全")
    closure.correct_reply(s, reply["id"], {"replied_at": s.now() - timedelta(minutes=30)}, reason="答复时间更正")
    assert verify(s.db) == []


def test_recording_the_report_after_a_signature_keeps_the_signature_valid(people, clock):
    s = people["inspector"]
    c = flows.investigated(people, flows.triage_input(**REPORTABLE))
    approval.submit(s, c["id"], **flows.sign(s, c["id"], PASSWORDS["inspector"]))
    clock.sleep(60)
    inv.mark_reported(s, c["id"], authority="省药品监督管理局", reference="ZL-9")
    assert signatures.valid_step(s.db, c["id"], "propose") is not None
    # and so an upgrade to schema 11 (two new, empty columns) leaves the signatures of earlier files valid
    assert not {"report_authority", "report_reference"} & set(signatures.signed_content(s.db, c["id"])["complaint"])


def test_a_signature_made_before_a_schema_added_columns_stays_valid_until_they_are_filled(people, clock):
    """A file signed under schema 7 had no import columns: after the upgrade they are empty, and that is not a
    change of what was signed. A value in one of them is."""
    s = people["inspector"]
    c = flows.investigated(people, flows.triage_input(**REPORTABLE))
    content = signatures.signed_content(s.db, c["id"])
    assert signatures.ADDED_LATER <= set(content["complaint"])
    older = {**content, "complaint": {k: v for k, v in content["complaint"].items()
                                      if k not in signatures.ADDED_LATER}}
    sig = {"step": "propose", "complaint_id": c["id"], "cycle": c["cycle"], "content_json": json.dumps(older),
           "content_sha256": signatures.content_hash(older)}
    assert signatures.content_hash(older) != signatures.current_hash(s.db, c["id"])
    assert signatures.state(s.db, sig) == "valid"
    s.db.conn.execute("UPDATE complaints SET legacy_number = 'TS-2019-0001' WHERE id = ?", (c["id"],))
    assert signatures.state(s.db, sig) == "invalid"
