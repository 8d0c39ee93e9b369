"""Investigation rules: checklist by nature, CAPA verification by another person, holds lifted only with
the QA head's signature, Class I acknowledgement by the QA head and the quality VP."""

from __future__ import annotations

import pytest

from qa_desk.core import intake, signatures
from qa_desk.core import investigation as inv
from qa_desk.core.errors import DomainError
from tests import flows
from tests.conftest import PASSWORDS, add_user
from tests.flows import sign


def test_checklist_follows_nature_and_adverse_event(people):
    s = people["inspector"]
    plain = flows.triaged(people)
    inv.start(s, plain["id"])
    sections = {r["section"] for r in inv.checklist(s, plain["id"])}
    assert {"sample", "batch_production", "batch_packaging", "in_process", "qc_records", "retained_sample",
            "storage_distribution"} <= sections
    assert not sections & {"medical_patient", "medical_physician", "medical_user"}
    medical = flows.triaged(people, flows.triage_input(nature="medical", category="safety"), adverse_event=True)
    inv.start(s, medical["id"])
    sections = {r["section"] for r in inv.checklist(s, medical["id"])}
    assert {"medical_patient", "medical_physician", "medical_user"} <= sections


def test_finding_needs_a_note(people):
    s = people["inspector"]
    c = flows.triaged(people)
    inv.start(s, c["id"])
    with pytest.raises(DomainError) as err:
        inv.decide_item(s, c["id"], "bpr_balance", result="finding")
    assert err.value.problems[0].field == "note"
    row = inv.decide_item(s, c["id"], "bpr_balance", result="finding", note="物料平衡 97.1%，低于限度 98%")
    assert row["result"] == "finding" and row["reviewer_id"] == s.actor.id


def test_capa_verified_by_someone_other_than_owner(people):

    s = people["inspector"]
    c = flows.investigated(people, capa=False)
    capa = inv.add_capa(s, c["id"], description="培训", owner_dept="QA", owner="王强", due_date="2026-10-30")
    inv.set_capa_status(s, capa["id"], status="done")
    with pytest.raises(DomainError) as err:
        inv.verify_capa(people["qahead"], capa["id"], note="有效")  # 王强 is the QA head's display name
    assert err.value.problems[0].field == "verified_by"
    other = add_user(people["admin"], "qa2", "孙七", ["inspector"], "qa2-pass-1")
    assert inv.verify_capa(other, capa["id"], note="有效")["status"] == "verified"


def test_batch_hold_lifted_only_with_head_signature(people):
    s = people["inspector"]
    c = flows.triaged(people)
    inv.start(s, c["id"])
    inv.set_market_action(s, c["id"], action="batch_hold")
    holds = inv.active_holds(s)
    assert [(h["batch_no"], h["number"]) for h in holds] == [("240105", c["number"])]
    with pytest.raises(DomainError):
        inv.lift_hold(s, holds[0]["id"], password=PASSWORDS["inspector"], reason="无质量问题")
    with pytest.raises(DomainError):
        inv.lift_hold(people["qahead"], holds[0]["id"], password="wrong", username="qahead", reason="无质量问题")
    inv.lift_hold(people["qahead"], holds[0]["id"], password=PASSWORDS["qahead"], username="qahead", reason="无质量问题")
    assert inv.active_holds(s) == []
    assert [x["meaning"] for x in signatures.for_complaint(s.db, c["id"])] == ["lifted"]


def test_class_i_acknowledged_by_head_and_vp(people):
    c = flows.triaged(people, flows.triage_input(defect_type="sterile_microbial", category="safety"))
    assert c["class"] == "I"
    with pytest.raises(DomainError):
        intake.acknowledge_class_i(people["inspector"], c["id"])
    c = intake.acknowledge_class_i(people["qahead"], c["id"])
    assert c["class_i_qahead_ack_by"] and not c["class_i_vp_ack_at"]
    c = intake.acknowledge_class_i(people["qavp"], c["id"])
    assert c["class_i_vp_ack_by"] == people["qavp"].actor.id


def test_investigation_locked_while_under_review(people):
    c = flows.investigated(people)
    from qa_desk.core import approval

    approval.submit(people["inspector"], c["id"], **sign(people["inspector"], c["id"], PASSWORDS["inspector"]))
    with pytest.raises(DomainError) as err:
        inv.set_findings(people["inspector"], c["id"], inv.Findings(conclusion="not_confirmed"))
    assert err.value.code == "investigation_closed"


def test_related_complaints_found(people):
    from qa_desk.core.complaints import related

    a = flows.registered(people)
    b = flows.registered(people, batch_no="999999")
    flows.registered(people, product_name="头孢克肟片")  # same batch number, another product: unrelated
    c = flows.registered(people)
    found = {r["number"]: r["link"] for r in related(people["inspector"].db, c)}
    assert found == {a["number"]: "batch", b["number"]: "product"}


def test_possible_duplicates_and_links(people):
    from qa_desk.core import intake, listing

    s = people["inspector"]
    first = flows.registered(people, description="胶囊破损，瓶内有黑色异物")
    flows.registered(people, description="说明书缺少儿童用量", batch_no="777777")
    dups = listing.possible_duplicates(s.db, product="阿莫西林胶囊", batch="240105",
                                       description="打开后发现胶囊破损，有黑色异物", now=s.now())
    assert [d["number"] for d in dups] == [first["number"]] and dups[0]["score"] > 0.3
    c = intake.register(s, flows.draft(s, description="胶囊破损并有异物", links=[first["id"]]))
    link = s.db.conn.execute("SELECT other_id, kind, decided_by FROM complaint_links WHERE complaint_id=?",
                             (c["id"],)).fetchone()
    assert tuple(link) == (first["id"], "duplicate", s.actor.id)


def test_a_checklist_save_names_the_field_of_the_item_that_is_wrong(people):
    """One save of many items: a finding without a note is placed on that item's note, not on 'a note'."""
    s = people["inspector"]
    c = flows.triaged(people)
    inv.start(s, c["id"])
    items = [r["item"] for r in inv.checklist(s, c["id"])]
    with pytest.raises(DomainError) as err:
        inv.decide_items(s, c["id"], [{"item": items[0], "result": "ok"}, {"item": items[1], "result": "finding"}])
    assert [p.field for p in err.value.problems] == [f"note_{items[1]}"]
    assert all(r["result"] is None for r in inv.checklist(s, c["id"]))  # nothing half-saved
