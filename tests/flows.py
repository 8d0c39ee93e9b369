"""Helpers that move a complaint through its life with the real services (used by several test files)."""

from __future__ import annotations

from datetime import timedelta

from qa_desk.core import approval, closure, intake
from qa_desk.core import investigation as inv
from qa_desk.core.triage import TriageInput
from tests.conftest import PASSWORDS


def sign(session, cid: int, password: str | None = None, **extra) -> dict:
    """What the signature dialog hands the core: user name, password, and the hash of what it showed."""
    from qa_desk.core import signatures

    return {"password": PASSWORDS[session.actor.username] if password is None else password, "username": session.actor.username,
            "expected_sha256": signatures.current_hash(session.db, cid), **extra}


def void(people, cid: int, reason: str = "登记错误") -> dict:
    """Void as the rules ask: alone before triage; after triage the inspector asks and the QA head signs."""
    from qa_desk.core import intake

    s, head = people["inspector"], people["qahead"]
    c = inv_get(s, cid)
    if c["status"] in intake.VOID_ALONE:
        return intake.void(s, cid, reason=reason)
    intake.request_void(s, cid, reason=reason)
    return intake.approve_void(head, cid, **sign(head, cid))


def draft(session, **over) -> intake.ComplaintDraft:
    values = dict(received_at=session.now() - timedelta(hours=1), channel="letter", complainant_type="hospital",
                  complainant_name="陈医生", complainant_org="市第一人民医院", phone="0571-88000000",
                  product_name="阿莫西林胶囊", strength="0.25g", batch_no="240105", mfg_date="2025-01-05",
                  expiry_date="2027-01-04", quantity=2, unit="盒", description="胶囊破损，内有异物。",
                  request="要求退货")
    values.update(over)
    return intake.ComplaintDraft(**values)


def triage_input(**over) -> TriageInput:
    values = dict(nature="quality", category="quality_defect", defect_type="closure_broken",
                  reportability_rationale="无不良反应，非严重质量问题")
    values.update(over)
    return TriageInput(**values)


def registered(people, **over) -> dict:
    return intake.register(people["inspector"], draft(people["inspector"], **over))


def triaged(people, tri: TriageInput | None = None, **over) -> dict:
    ack = {} if over.get("anonymous") else {"ack_method": "phone", "acknowledged_at": people["inspector"].now()}
    c = registered(people, **ack, **over)
    from qa_desk.core.triage import triage

    return triage(people["inspector"], c["id"], tri or triage_input())


def investigated(people, tri: TriageInput | None = None, *, capa: bool = True, **over) -> dict:
    """Triaged, checklist decided, findings, market action, one CAPA: ready to submit."""
    s = people["inspector"]
    c = triaged(people, tri, **over)
    inv.start(s, c["id"])
    for item in inv.checklist(s, c["id"]):
        inv.decide_item(s, c["id"], item["item"], result="ok")
    if c["adverse_event"]:
        inv.set_medical(s, c["id"], {"patient_sex": "女", "patient_age": 40, "outcome": "好转"})
    inv.set_findings(s, c["id"], inv.Findings(five_whys=["封口温度低", "温控模块老化"], root_cause="封口温度波动",
                                              root_cause_category="machine", conclusion="confirmed",
                                              risk_severity="minor", risk_likelihood="remote"))
    if c["class"] == "I":
        inv.set_market_action(s, c["id"], action="recall", recall_level="1")
    else:
        inv.set_market_action(s, c["id"], action="none")
    if capa:
        inv.add_capa(s, c["id"], description="更换温控模块", owner_dept="设备部", owner="设备部经理",
                     due_date=(s.now() + timedelta(days=30)).date())
    return inv_get(s, c["id"])


def inv_get(session, cid: int) -> dict:
    from qa_desk.core.complaints import get

    return get(session.db, cid)


def approved(people, tri: TriageInput | None = None, **over) -> dict:
    c = investigated(people, tri, **over)
    approval.submit(people["inspector"], c["id"], **sign(people["inspector"], c["id"], PASSWORDS["inspector"]))
    c = approval.review(people["qahead"], c["id"], **sign(people["qahead"], c["id"], PASSWORDS["qahead"]))
    if c["status"] == "awaiting_approval":
        c = approval.approve(people["qavp"], c["id"], **sign(people["qavp"], c["id"], PASSWORDS["qavp"]))
    return c


def closable(people, tri: TriageInput | None = None, **over) -> dict:
    c = approved(people, tri, **over)
    s = people["inspector"]
    closure.record_reply(s, c["id"], method="letter", content="经调查已处理。", satisfaction="satisfied")
    for a in inv.capa_for(s, c["id"]):
        inv.set_capa_status(s, a["id"], status="done")
        inv.verify_capa(people["qahead"], a["id"], note="连续三批未再发生")
    return inv_get(s, c["id"])
