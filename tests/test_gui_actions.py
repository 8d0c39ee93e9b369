"""Issue 11 point 6: what the complaint window offers is exactly what the core allows — every status × role.

The core's answer (``actions.available``) is also held against the services: what it offers to a role is
allowed by that role's permissions, and what it withholds for the signers' own work the service refuses.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton

from qa_desk.core import actions, closure, complaints, privacy
from qa_desk.core import investigation as inv
from qa_desk.core.actions import Act
from qa_desk.core.errors import DomainError
from qa_desk.ui.complaint_window import ComplaintWindow
from qa_desk.ui.i18n import set_language
from tests import flows
from tests.test_lifecycle import _at_status

# the widget through which the window offers each act
WIDGET = {Act.ACKNOWLEDGE: "acknowledge", Act.ACK_CLASS_I: "ack_class_i", Act.CORRECT_RECEIPT: "correct_receipt",
          Act.VOID: "void", Act.REQUEST_VOID: "request_void", Act.APPROVE_VOID: "approve_void", Act.PRINT: "print",
          Act.SUBMIT: "submit", Act.REVIEW: "review", Act.APPROVE: "approve", Act.REJECT: "reject",
          Act.CLOSE: "close", Act.ARCHIVE: "archive", Act.START_INVESTIGATION: "start_investigation",
          Act.INVESTIGATE: "save_findings", Act.REPLY: "record_reply", Act.FINAL_REPLY: "reply_final",
          Act.REQUEST_EXTENSION: "request_extension", Act.VERIFY_CAPA: "capa_verify",
          Act.UPDATE_CAPA: "capa_done"}
STATUSES = ("registered", "acknowledged", "triaged", "investigating", "under_review", "awaiting_approval",
            "approved", "replied", "closed", "archived", "voided", "reopened")
PEOPLE = ("reception", "inspector", "inspector2", "qahead", "qavp", "headvp", "admin")


def _complaint(people, status: str) -> dict:
    if status == "reopened":
        c = flows.approved(people)
        closure.record_reply(people["inspector"], c["id"], method="letter", content="结论", satisfaction="dissatisfied")
        return complaints.get(people["inspector"].db, c["id"])
    if status == "voided":
        return flows.void(people, flows.triaged(people)["id"])
    return _at_status(people, status)


def offered(w: ComplaintWindow) -> set[Act]:
    out = set()
    for act, name in WIDGET.items():
        b = w.findChild(QAbstractButton, name)
        if b is not None and b.isEnabled():
            out.add(act)
    return out


def test_every_status_and_role_the_window_offers_exactly_what_the_core_allows(qtbot, people):
    set_language("en")
    walked = 0
    for status in STATUSES:
        c = _complaint(people, status)
        assert c["status"] == status
        for name in PEOPLE:
            s = people[name]
            allowed = actions.available(s, complaints.get(s.db, c["id"])) & set(WIDGET)
            try:
                complaints.read(s, c["id"])
            except DomainError:  # may not open it: then nothing may be done to it either
                assert allowed == set(), (status, name)
                continue
            w = ComplaintWindow(s, c["id"])
            qtbot.addWidget(w)
            assert offered(w) == allowed, (status, name)
            w.close()
            walked += 1
    assert walked >= len(STATUSES) * 5


def test_what_the_core_withholds_the_service_refuses(people):
    """Spot checks of the answer against the services it stands for."""
    c = _complaint(people, "under_review")
    insp, head = people["inspector"], people["qahead"]
    assert Act.REVIEW not in actions.available(insp, c)
    with pytest.raises(DomainError):
        from qa_desk.core import approval

        approval.review(insp, c["id"], **flows.sign(insp, c["id"]))
    assert Act.REVIEW in actions.available(head, c)
    t = _complaint(people, "triaged")
    assert Act.VOID not in actions.available(insp, t) and Act.REQUEST_VOID in actions.available(insp, t)
    with pytest.raises(DomainError):
        from qa_desk.core import intake

        intake.void(insp, t["id"], reason="x")


def test_reception_window_is_read_only_and_masked(qtbot, people):
    set_language("zh_CN")
    rec = people["reception"]
    from qa_desk.core import intake
    from qa_desk.core.triage import triage

    c = intake.register(rec, flows.draft(rec, adverse_event=True))
    triage(people["inspector"], c["id"], flows.triage_input(nature="medical", category="safety"))
    inv.start(people["inspector"], c["id"])
    inv.set_medical(people["inspector"], c["id"], {"patient_sex": "女", "patient_age": 67, "history": "高血压"})
    w = ComplaintWindow(rec, c["id"])
    qtbot.addWidget(w)
    texts = " ".join(lbl.text() for lbl in w.findChildren(type(w.header)))
    assert "0571-88000000" not in texts and "陈医生" not in texts and privacy.MASK in texts
    med = w.findChild(type(w.reason), "med_patient_age")
    assert med.text() == privacy.MASK and not med.isEnabled()
    assert offered(w) == set()
