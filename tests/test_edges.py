"""Edge cases found in review: stale checks, signatures on holds, ids as text, verify on odd files,
acknowledging after triage, reclassification limits, final records, calendar re-entry, time zones, and
input that used to raise a traceback instead of a refusal."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from qa_desk.core import approval, closure, intake, settings, signatures, triage, workcal
from qa_desk.core import investigation as inv
from qa_desk.core.errors import DomainError
from qa_desk.core.verify import verify
from qa_desk.core.workcal import WorkCalendar
from tests import flows
from tests.conftest import PASSWORDS, add_user
from tests.flows import sign


def test_second_head_cannot_approve_a_decided_extension(people):

    head2 = add_user(people["admin"], "head2", "部长二", ["qa_head"], "head2-pass-1")
    c = flows.triaged(people)
    ext = closure.request_extension(people["inspector"], c["id"], days=20, reason="等待检验")
    closure.decide_extension(people["qahead"], ext["id"], approve=True, complainant_notified=True)
    with pytest.raises(DomainError) as err:
        closure.decide_extension(head2, ext["id"], approve=True, complainant_notified=True)
    assert err.value.code == "no_extension"
    assert flows.inv_get(people["inspector"], c["id"])["extension_days"] == 20


def test_lifting_a_hold_signs_the_hold_only(people):
    s = people["inspector"]
    c = flows.triaged(people)
    inv.start(s, c["id"])
    inv.set_market_action(s, c["id"], action="batch_hold")
    hold = inv.active_holds(s)[0]
    inv.lift_hold(people["qahead"], hold["id"], password=PASSWORDS["qahead"], username="qahead", reason="调查未发现质量问题")
    inv.decide_item(s, c["id"], "bpr_balance", result="ok")  # the investigation goes on
    assert [x["state"] for x in signatures.for_complaint(s.db, c["id"])] == ["valid"]
    assert verify(s.db) == []


def test_ids_given_as_text_hash_as_stored(people):
    from qa_desk.store.audit import Tx
    from qa_desk.store.db import immediate

    db = people["inspector"].db
    c = flows.registered(people)
    from qa_desk.core import keys

    with immediate(db):
        eid = Tx(db, str(people["inspector"].actor.id), "inspector", "2026-09-28T10:00:00+08:00").log(
            "view", tbl="complaints", record_id=str(c["id"]), complaint_id=str(c["id"]))
        keys._write_seal(db, people["inspector"].key, [], current=(eid, eid))  # as the login seals it
    assert verify(db) == []


def test_verify_survives_a_deleted_signed_complaint(people, db_path):
    c = flows.approved(people)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys=OFF")
    for table in ("deadlines", "checklist_items", "capa_actions"):
        conn.execute(f"DELETE FROM {table} WHERE complaint_id = ?", (c["id"],))
    conn.execute("DELETE FROM complaints WHERE id = ?", (c["id"],))
    conn.commit()
    found = verify(people["inspector"].db)
    assert any(f.kind == "missing" and f.where == f"complaints id {c['id']}" for f in found)
    assert any(f.kind == "signature" for f in found)


def test_verify_does_not_touch_a_foreign_file(tmp_path):
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    p = subprocess.run([sys.executable, "-m", "qa_desk", "--db", str(other), "--lang", "en", "verify"],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and "not a QA Desk database" in p.stderr
    assert other.read_bytes() == before


def test_acknowledge_after_triage_keeps_status(people):
    c = intake.register(people["inspector"], flows.draft(people["inspector"], triage=flows.triage_input()))
    assert c["status"] == "triaged" and c["acknowledged_at"] is None
    c = intake.acknowledge(people["inspector"], c["id"], method="email")
    assert c["status"] == "triaged" and c["acknowledged_at"]
    with pytest.raises(DomainError) as err:
        intake.acknowledge(people["inspector"], c["id"], method="email")
    assert err.value.code == "already_acknowledged"


def test_no_reclassification_after_approval(people):
    c = flows.approved(people)
    with pytest.raises(DomainError) as err:
        triage.reclassify(people["inspector"], c["id"], flows.triage_input(), reason="x")
    assert err.value.code == "not_editable"


def test_reclassify_records_the_decider_and_drops_report_clock(people):
    s = people["inspector"]
    c = flows.triaged(people, flows.triage_input(reportable=True, report_type="cn_quality_serious"))
    assert any(r["kind"] == "report:cn_quality_serious" for r in s.db.conn.execute(
        "SELECT kind FROM deadlines WHERE complaint_id=?", (c["id"],)))
    c = triage.reclassify(s, c["id"], flows.triage_input(investigate=False, no_investigation_reason="咨询类"),
                          reason="复核：无需调查，无需报告")
    assert c["no_investigation_by"] == s.actor.id
    kinds = {r[0] for r in s.db.conn.execute("SELECT kind FROM deadlines WHERE complaint_id=?", (c["id"],))}
    assert not any(k.startswith("report:") for k in kinds)
    assert verify(s.db) == []


def test_closed_and_voided_records_refuse_changes(people):
    s = people["inspector"]
    closed = closure.close(s, flows.closable(people)["id"])
    reply = s.db.conn.execute("SELECT id FROM replies WHERE complaint_id=?", (closed["id"],)).fetchone()[0]
    with pytest.raises(DomainError):
        closure.record_satisfaction(s, reply, "dissatisfied")
    voided = flows.void(people, flows.triaged(people)["id"], reason="重复")
    with pytest.raises(DomainError):
        closure.request_extension(s, voided["id"], days=5, reason="x")
    tri = flows.triage_input(defect_type="wrong_product", category="safety", reportable=True,
                             report_type="cn_quality_serious")
    c1 = flows.triaged(people, tri)
    with pytest.raises(DomainError) as err:  # a complaint owed to the authority cannot be voided
        intake.request_void(s, c1["id"], reason="录入错误")
    assert "报告" in err.value.message("zh_CN")
    assert flows.inv_get(s, c1["id"])["void_requested_at"] is None


def test_calendar_reentry_is_seen_at_once(people):
    admin = people["admin"]
    workcal.enter_year(admin, 2030, [(date(2030, 1, 1), "元旦")], [])
    assert WorkCalendar.load(admin.db).is_workday(date(2030, 1, 3))
    workcal.enter_year(admin, 2030, [(date(2030, 1, 3), "假")], [])  # same number of days, ids reused
    cal = WorkCalendar.load(admin.db)
    assert not cal.is_workday(date(2030, 1, 3)) and cal.is_workday(date(2030, 1, 1))
    with pytest.raises(DomainError) as err:
        workcal.enter_year(admin, 2030, [(date(2030, 1, 3), "a"), (date(2030, 1, 3), "b")], [])
    assert "两次" in err.value.message("zh_CN")


def test_times_compared_as_times_and_kept_in_the_office_zone(people):
    s = people["inspector"]
    received = s.now() - timedelta(minutes=30)  # 08:30+08:00
    utc_ack = (s.now() - timedelta(minutes=0)).astimezone(UTC)  # 01:00Z = 09:00+08:00
    c = intake.register(s, flows.draft(s, received_at=received, ack_method="phone", acknowledged_at=utc_ack))
    assert c["acknowledged_at"].endswith("+08:00")
    foreign = datetime(2026, 9, 27, 16, 0, tzinfo=timezone(timedelta(hours=-7)))  # 28 Sep 07:00 in the office
    c = intake.register(s, flows.draft(s, received_at=foreign))
    assert c["received_at"] == "2026-09-28T07:00:00+08:00"


def test_a_plain_date_is_received_at_midnight(people):
    c = intake.register(people["inspector"], flows.draft(people["inspector"], received_at=date(2026, 9, 1)))
    assert c["received_at"] == "2026-09-01T00:00:00+08:00"


@pytest.mark.parametrize("call", [
    lambda p: intake.register(p["inspector"], flows.draft(p["inspector"], received_at=20260901)),
    lambda p: intake.register(p["inspector"], flows.draft(p["inspector"], attachments=[("a.jpg", None)])),
    lambda p: intake.register(p["inspector"], flows.draft(p["inspector"], quantity=float("inf"))),
    lambda p: settings.put(p["admin"], "deadline_overrides", {"closure": "ten"}),
    lambda p: settings.put(p["admin"], "deadline_overrides", {"closure": -3}),
    lambda p: settings.put(p["admin"], "number_pattern", "{seq[0]}-{year}"),
    lambda p: settings.put(p["admin"], "idle_lock_minutes", 0),
    lambda p: workcal.import_year_csv(p["admin"], 2031, "2031-01-01,holiday\n2031-01-01,holiday\n"),
])
def test_odd_input_is_refused_not_a_traceback(people, call):
    with pytest.raises(DomainError):
        call(people)


def test_medical_age_overflow_refused(people):
    s = people["inspector"]
    c = flows.triaged(people, flows.triage_input(nature="medical", category="safety"), adverse_event=True)
    inv.start(s, c["id"])
    with pytest.raises(DomainError):
        inv.set_medical(s, c["id"], {"patient_age": float("inf")})


def test_approve_rechecks_state_under_the_lock(people):
    c = flows.investigated(people, flows.triage_input(defect_type="label_error", category="packaging"))
    approval.submit(people["inspector"], c["id"], **sign(people["inspector"], c["id"], PASSWORDS["inspector"]))
    approval.review(people["qahead"], c["id"], **sign(people["qahead"], c["id"], PASSWORDS["qahead"]))
    approval.reject(people["qahead"], c["id"], reason="补充")  # meanwhile, the head took it back
    with pytest.raises(DomainError) as err:
        approval.approve(people["qavp"], c["id"], **sign(people["qavp"], c["id"], PASSWORDS["qavp"]))
    assert err.value.code == "wrong_status"
