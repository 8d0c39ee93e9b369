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


# --- signatures, void and reasons through the window (issue 11 points 3, 4, 7) ---------------------------------

def _window(qtbot, session, cid) -> ComplaintWindow:
    w = ComplaintWindow(session, cid)
    qtbot.addWidget(w)
    w.show()
    return w


def _in_dialog(click, act) -> None:
    """Press ``click`` (a button that opens the modal signature dialog), run ``act(dialog)`` inside it and
    close it if ``act`` left it open."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from qa_desk.ui.sign_dialog import SignDialog

    def fill():
        dlg = next((w for w in QApplication.topLevelWidgets() if isinstance(w, SignDialog) and w.isVisible()), None)
        if dlg is None:
            QTimer.singleShot(20, fill)
            return
        try:
            act(dlg)
        finally:
            if dlg.isVisible():
                dlg.reject()

    QTimer.singleShot(0, fill)
    click()


def _count(session, sql: str, *args) -> int:
    return session.db.conn.execute(sql, args).fetchone()[0]


def _failed_attempts(session) -> int:
    return _count(session, "SELECT failed_attempts FROM users WHERE id = ?", session.actor.id)


def test_signing_content_changed_since_the_dialog_opened_is_refused_and_nothing_signed(qtbot, people):
    from datetime import timedelta

    from PySide6.QtWidgets import QPushButton

    from qa_desk.core import signatures
    from qa_desk.ui.tabs.review_tab import ReviewTab

    set_language("en")
    insp = people["inspector"]
    c = flows.investigated(people)
    w = _window(qtbot, insp, c["id"])
    seen: dict = {}

    def act(dlg):
        seen["hash"] = dlg.shown_hash
        # another workstation saves between the dialog opening and Sign
        inv.add_capa(people["inspector2"], c["id"], description="增加首检", owner_dept="生产部", owner="李工",
                     due_date=(insp.now() + timedelta(days=20)).date())
        dlg.username.setText("inspector")
        dlg.password.setText(flows.PASSWORDS["inspector"])
        dlg.try_sign()
        seen["error"] = dlg.error.text()
        seen["accepted"] = dlg.result() == dlg.DialogCode.Accepted

    _in_dialog(w.tab(ReviewTab).findChild(QPushButton, "submit").click, act)
    assert "changed after the signature dialog opened" in seen["error"] and not seen["accepted"]
    assert _count(insp, "SELECT count(*) FROM signatures WHERE complaint_id = ?", c["id"]) == 0
    assert complaints.get(insp.db, c["id"])["status"] == "investigating"
    assert seen["hash"] != signatures.current_hash(insp.db, c["id"])  # the dialog kept what it had shown


def test_first_signature_asks_for_the_user_name_and_empty_fields_cost_no_attempt(qtbot, people):
    from PySide6.QtWidgets import QPushButton

    from qa_desk.core import approval
    from qa_desk.ui.sign_dialog import SignDialog
    from qa_desk.ui.tabs.review_tab import ReviewTab

    set_language("en")
    insp, head = people["inspector"], people["qahead"]
    c = flows.investigated(people)
    approval.submit(insp, c["id"], **flows.sign(insp, c["id"]))
    assert not head.signed_in_login
    w = _window(qtbot, head, c["id"])
    audit_before = _count(head, "SELECT count(*) FROM audit_log")
    seen: dict = {}

    def act(dlg):
        seen["asks_name"] = dlg.username.isVisibleTo(dlg)
        dlg.password.setText(flows.PASSWORDS["qahead"])
        dlg.try_sign()  # no user name: not sent
        seen["no_name"] = (dlg.error.text(), _failed_attempts(head), _count(head, "SELECT count(*) FROM audit_log"))
        dlg.username.setText("qahead")
        dlg.password.clear()
        dlg.try_sign()  # no password: not sent
        seen["no_password"] = (dlg.error.text(), _failed_attempts(head), dlg.focusWidget() is dlg.password)
        dlg.password.setText("wrong-password")
        dlg.try_sign()  # wrong: counted, the field cleared and keeping the focus
        seen["wrong"] = (_failed_attempts(head), dlg.password.text(), dlg.focusWidget() is dlg.password)
        dlg.password.setText(flows.PASSWORDS["qahead"])
        dlg.form.comment.setText("同意")
        dlg.try_sign()
        seen["accepted"] = dlg.result() == dlg.DialogCode.Accepted

    _in_dialog(w.tab(ReviewTab).findChild(QPushButton, "review").click, act)
    assert seen["asks_name"]
    assert seen["no_name"] == ("Enter your user name.", 0, audit_before)
    assert seen["no_password"] == ("Enter your password.", 0, True)
    assert seen["wrong"] == (1, "", True)
    assert seen["accepted"] and head.signed_in_login
    sig = head.db.conn.execute("SELECT step, signer_id, comment FROM signatures WHERE complaint_id = ? "
                               "ORDER BY id DESC LIMIT 1", (c["id"],)).fetchone()
    assert tuple(sig) == ("review", head.actor.id, "同意")
    later = SignDialog(head, c["id"], meaning="approved", action="x", sign=lambda g: None)
    qtbot.addWidget(later)
    assert not later.username.isVisibleTo(later)  # later signatures of the same login: the password alone


def test_void_after_triage_is_asked_by_an_inspector_and_signed_by_the_qa_head(qtbot, people):
    from PySide6.QtWidgets import QPushButton

    set_language("en")
    insp, head = people["inspector"], people["qahead"]
    c = flows.triaged(people)
    w = _window(qtbot, insp, c["id"])
    assert w.findChild(QPushButton, "void") is None  # after triage one person cannot void
    assert w._request_void("重复登记，与前一投诉为同一事件")
    assert complaints.get(insp.db, c["id"])["status"] == "triaged"
    assert "重复登记" in w.header.text() and people["inspector"].actor.display_name in w.header.text()
    assert {Act.REQUEST_VOID, Act.APPROVE_VOID} & offered(_window(qtbot, insp, c["id"])) == set()  # pending
    assert Act.APPROVE_VOID not in offered(_window(qtbot, people["inspector2"], c["id"]))
    wh = _window(qtbot, head, c["id"])
    assert wh.findChild(QPushButton, "decline_void") is not None
    seen: dict = {}

    def act(dlg):
        dlg.username.setText("qahead")
        dlg.password.setText(flows.PASSWORDS["qahead"])
        dlg.try_sign()
        seen["error"] = dlg.error.text()

    _in_dialog(wh.findChild(QPushButton, "approve_void").click, act)
    assert seen["error"] == ""
    assert complaints.get(head.db, c["id"])["status"] == "voided"
    sig = head.db.conn.execute("SELECT step, signer_id FROM signatures WHERE complaint_id = ?", (c["id"],)).fetchall()
    assert [tuple(s) for s in sig] == [("void", head.actor.id)]


def test_changing_a_saved_checklist_result_asks_for_the_reason_and_audits_it(qtbot, people, monkeypatch):
    from PySide6.QtWidgets import QPushButton

    from qa_desk.ui.tabs import base
    from qa_desk.ui.tabs.investigation_tab import InvestigationTab
    from tests.gui_helpers import choose

    set_language("en")
    insp = people["inspector"]
    c = flows.investigated(people)
    w = _window(qtbot, insp, c["id"])
    asked: list[str] = []

    def cancel(parent, exc):
        asked.append(exc.code)
        return None

    monkeypatch.setattr(base, "ask_reason", cancel)
    tab = w.tab(InvestigationTab)
    choose(tab.combos[0], "na")
    tab.findChild(QPushButton, "save_checklist").click()
    assert asked == ["reason_required"]
    assert inv.checklist(insp, c["id"])[0]["result"] == "ok"  # cancelled: nothing saved

    monkeypatch.setattr(base, "ask_reason", lambda parent, exc: "复核：该项不适用于本品种")
    tab = w.tab(InvestigationTab)
    choose(tab.combos[0], "na")
    tab.findChild(QPushButton, "save_checklist").click()
    assert inv.checklist(insp, c["id"])[0]["result"] == "na"
    rows = insp.db.conn.execute("SELECT field, old, new, reason FROM audit_log WHERE tbl = 'checklist_items' "
                                "AND action = 'checklist' AND reason IS NOT NULL").fetchall()
    assert [tuple(r) for r in rows if r["field"] == "result"] == [("result", '"ok"', '"na"', "复核：该项不适用于本品种")]
