"""The second half of a complaint's life through the real GUI: investigation, root cause, CAPA, market
action, signatures in the real dialog (three different signers), reply, closure and archive."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QWizard

from qa_desk.core import complaints, signatures
from qa_desk.core.drafts import DraftStore
from qa_desk.core.errors import DomainError
from qa_desk.core.verify import verify
from qa_desk.ui.complaint_window import ComplaintWindow
from qa_desk.ui.i18n import set_language
from qa_desk.ui.intake.wizard import IntakeWizard
from qa_desk.ui.sign_dialog import SignDialog
from qa_desk.ui.tabs.actions_tab import ActionsTab
from qa_desk.ui.tabs.base import Tab
from qa_desk.ui.tabs.findings_tab import FindingsTab
from qa_desk.ui.tabs.investigation_tab import InvestigationTab
from qa_desk.ui.tabs.reply_tab import ReplyTab
from qa_desk.ui.tabs.review_tab import ReviewTab
from tests import flows
from tests.conftest import PASSWORDS, add_user
from tests.flows import sign as signing
from tests.gui_helpers import choose, type_text
from tests.test_gui_corrections import record_report


@pytest.fixture(autouse=True)
def chinese():
    set_language("zh_CN")


def window(qtbot, session, cid) -> ComplaintWindow:
    w = ComplaintWindow(session, cid)
    qtbot.addWidget(w)
    w.show()
    return w


def sign(qtbot, click, *passwords: str) -> list[str]:
    """Press a button that opens the signature dialog, type each password in turn (wrong ones first) and
    return the error shown after each try; the dialog closes itself on success, or is cancelled."""
    errors: list[str] = []

    def fill():
        dlg = next((w for w in QApplication.topLevelWidgets() if isinstance(w, SignDialog) and w.isVisible()), None)
        if dlg is None:
            QTimer.singleShot(20, fill)
            return
        assert dlg.findChild(type(dlg.meaning), "meaning").text()
        for pw in passwords:
            if not dlg.session.signed_in_login:  # the first signature of a login: both components
                dlg.username.setText(dlg.session.actor.username)
            dlg.password.setText(pw)
            dlg.try_sign()
            errors.append(dlg.error.text())
            if dlg.result() == dlg.DialogCode.Accepted:
                return
        dlg.reject()

    QTimer.singleShot(0, fill)
    click()
    return errors


def test_class_i_with_adverse_reaction_from_intake_to_archive(qtbot, people, db_path, tmp_path):
    insp, head, vp = people["inspector"], people["qahead"], people["qavp"]
    # intake through the wizard
    wiz = IntakeWizard(insp, DraftStore(db_path, "inspector", tmp_path), restore=False)
    qtbot.addWidget(wiz)
    wiz.show()
    p = wiz.pages
    choose(p[0].fields["channel"], "phone")
    p[0].fields["acknowledged"].setChecked(True)
    choose(p[0].fields["ack_method"], "phone")
    choose(p[1].fields["complainant_type"], "hospital")
    type_text(qtbot, p[1].fields["complainant_org"], "市第一人民医院")
    type_text(qtbot, p[2].fields["product_name"], "注射用头孢曲松钠")
    type_text(qtbot, p[2].fields["batch_no"], "260301")
    type_text(qtbot, p[3].fields["description"], "外盒为头孢曲松钠，西林瓶标签为其他品种，患者用后出现皮疹。")
    p[3].fields["adverse_event"].setChecked(True)
    c5 = p[5].fields
    choose(c5["nature"], "medical")
    choose(c5["category"], "safety")
    choose(c5["defect_type"], "wrong_product")
    c5["reportable"].setChecked(True)
    choose(c5["report_type"], "cn_adr_serious")
    type_text(qtbot, c5["reportability_rationale"], "严重不良反应，15日内报告")
    for _ in range(len(p) - 1):
        wiz.button(QWizard.WizardButton.NextButton).click()
    wiz.button(QWizard.WizardButton.FinishButton).click()
    c = wiz.saved
    assert c["class"] == "I" and c["status"] == "triaged"

    # the QA head and the VP acknowledge the Class I complaint
    for who in (head, vp):
        w = window(qtbot, who, c["id"])
        w.findChild(QPushButton, "ack_class_i").click()
    assert complaints.get(insp.db, c["id"])["class_i_vp_ack_at"]

    # the inspector investigates
    w = window(qtbot, insp, c["id"])
    w.tab(InvestigationTab).findChild(QPushButton, "start_investigation").click()
    tab = w.tab(InvestigationTab)
    for combo in tab.combos:
        choose(combo, "ok")
    tab.findChild(QPushButton, "save_checklist").click()
    tab = w.tab(InvestigationTab)
    assert all(r["result"] == "ok" for r in tab.rows), tab.errors.text()
    tab.medical["patient_sex"].setText("女")
    tab.medical["patient_age"].setText("46")
    type_text(qtbot, tab.medical["outcome"], "停药后好转")
    tab.findChild(QPushButton, "save_medical").click()
    f = w.tab(FindingsTab)
    type_text(qtbot, f.whys[0], "贴签时两种产品混线")
    type_text(qtbot, f.whys[1], "清场未确认")
    type_text(qtbot, f.root_cause, "贴签工序清场不彻底，导致混签")
    choose(f.category, "man")
    choose(f.conclusion, "confirmed")
    choose(f.severity, "critical")
    choose(f.likelihood, "remote")
    f.units.setText("1200")
    f.save.click()
    assert complaints.get(insp.db, c["id"])["root_cause_category"] == "man", w.tab(FindingsTab).errors.text()
    a = w.tab(ActionsTab)
    choose(a.action, "recall")
    choose(a.level, "1")
    a.findChild(QPushButton, "save_market_action").click()
    a = w.tab(ActionsTab)
    type_text(qtbot, a.new_desc, "修订清场SOP并培训贴签岗位")
    type_text(qtbot, a.new_dept, "生产部")
    type_text(qtbot, a.new_owner, "生产部经理")
    a.findChild(QPushButton, "add_capa").click()
    assert record_report(qtbot, w.tab(ActionsTab).findChild(QPushButton, "mark_reported"), "省药品监督管理局",
                         "ADR-2026-0001") == [""]
    assert complaints.get(insp.db, c["id"])["report_submitted_at"]
    r = w.tab(ReviewTab)
    errors = sign(qtbot, r.findChild(QPushButton, "submit").click, PASSWORDS["inspector"])
    assert errors == [""]
    assert complaints.get(insp.db, c["id"])["status"] == "under_review"

    # the QA head: a wrong password signs nothing, then the right one
    w = window(qtbot, head, c["id"])
    before = len(signatures.for_complaint(head.db, c["id"]))
    errors = sign(qtbot, w.tab(ReviewTab).findChild(QPushButton, "review").click, "wrong-password",
                  PASSWORDS["qahead"])
    assert "密码错误" in errors[0] and errors[1] == ""
    assert len(signatures.for_complaint(head.db, c["id"])) == before + 1
    assert complaints.get(head.db, c["id"])["status"] == "awaiting_approval"

    # the quality VP approves
    w = window(qtbot, vp, c["id"])
    sign(qtbot, w.tab(ReviewTab).findChild(QPushButton, "approve").click, PASSWORDS["qavp"])
    assert complaints.get(vp.db, c["id"])["status"] == "approved"

    # reply, CAPA done and verified, close, archive
    w = window(qtbot, insp, c["id"])
    rt = w.tab(ReplyTab)
    rt.findChild(QPushButton, "draft_letter").click()
    assert "注射用头孢曲松钠" in rt.content.toPlainText()
    choose(rt.satisfaction, "satisfied")
    rt.findChild(QPushButton, "record_reply").click()
    assert complaints.get(insp.db, c["id"])["status"] == "replied"
    a = w.tab(ActionsTab)
    a.capa.selectRow(0)
    assert a.set_status("done")
    wh = window(qtbot, head, c["id"])
    a = wh.tab(ActionsTab)
    a.capa.selectRow(0)
    assert a.verify(note="连续三批贴签复核无混签")
    w = window(qtbot, insp, c["id"])
    w.tab(ReplyTab).findChild(QPushButton, "close").click()
    assert complaints.get(insp.db, c["id"])["status"] == "closed", w.tab(ReplyTab).errors.text()
    w.tab(ReplyTab).findChild(QPushButton, "archive").click()
    assert complaints.get(insp.db, c["id"])["status"] == "archived"
    sigs = signatures.for_complaint(insp.db, c["id"])
    assert [(s["meaning"], s["state"]) for s in sigs] == [("proposed", "valid"), ("reviewed", "valid"),
                                                         ("approved", "valid")]
    assert len({s["signer_id"] for s in sigs}) == 3
    assert verify(insp.db) == []


def test_inspector_cannot_approve_own_proposal(qtbot, people):
    both = add_user(people["admin"], "insvp", "兼任", ["inspector", "quality_vp"], "insvp-pass-1")
    c = flows.investigated(people, flows.triage_input(defect_type="label_error", category="packaging"))
    from qa_desk.core import approval

    approval.submit(both, c["id"], **signing(both, c["id"], "insvp-pass-1"))
    approval.review(people["qahead"], c["id"], **signing(people["qahead"], c["id"], PASSWORDS["qahead"]))
    w = window(qtbot, both, c["id"])
    assert w.tab(ReviewTab).findChild(QPushButton, "approve") is None  # not offered: the core would refuse
    with pytest.raises(DomainError) as err:
        approval.approve(both, c["id"], **signing(both, c["id"], "insvp-pass-1"))
    assert "职责分离" in err.value.message("zh_CN")
    assert complaints.get(both.db, c["id"])["status"] == "awaiting_approval"


def test_edit_after_signing_shows_invalid(qtbot, people):
    c = flows.investigated(people, flows.triage_input(defect_type="label_error", category="packaging"))
    from qa_desk.core import approval

    approval.submit(people["inspector"], c["id"], **signing(people["inspector"], c["id"], PASSWORDS["inspector"]))
    approval.review(people["qahead"], c["id"], **signing(people["qahead"], c["id"], PASSWORDS["qahead"]))
    w = window(qtbot, people["inspector"], c["id"])
    from qa_desk.ui.correction_dialog import CorrectionDialog

    fix = CorrectionDialog(people["inspector"], complaints.read(people["inspector"], c["id"]), parent=w)
    fix.edits["batch_no"].setText("240106")
    fix.save()
    assert "理由" in fix.error.text() and complaints.get(w.session.db, c["id"])["batch_no"] == "240105"
    type_text(qtbot, fix.reason, "批号抄错")
    assert fix.save() and complaints.get(w.session.db, c["id"])["batch_no"] == "240106"
    w.reload()
    table = w.tab(ReviewTab).table
    states = [table.item(i, 3).text() for i in range(table.rowCount())]
    assert states and all("已失效" in s for s in states)
    wv = window(qtbot, people["qavp"], c["id"])
    errors = sign(qtbot, wv.tab(ReviewTab).findChild(QPushButton, "approve").click, PASSWORDS["qavp"])
    assert "失效" in errors[0]


def test_dissatisfied_reply_reopens(qtbot, people):
    c = flows.approved(people)
    w = window(qtbot, people["inspector"], c["id"])
    rt = w.tab(ReplyTab)
    type_text(qtbot, rt.content, "经调查产品符合标准。")
    choose(rt.satisfaction, "dissatisfied")
    rt.findChild(QPushButton, "record_reply").click()
    c = complaints.get(people["inspector"].db, c["id"])
    assert (c["status"], c["reopen_count"]) == ("reopened", 1)
    assert w.tab(InvestigationTab).findChild(QPushButton, "start_investigation") is not None


def test_closure_lists_what_is_missing(qtbot, people):
    c = flows.approved(people)
    w = window(qtbot, people["inspector"], c["id"])
    w.tab(ReplyTab).findChild(QPushButton, "close").click()
    text = w.tab(ReplyTab).errors.text()
    assert "尚未答复投诉人" in text and "CAPA" in text
    assert complaints.get(people["inspector"].db, c["id"])["status"] == "approved"


def test_tabs_are_read_only_once_closed(qtbot, people):
    from qa_desk.core import closure

    c = closure.close(people["inspector"], flows.closable(people)["id"])
    w = window(qtbot, people["inspector"], c["id"])
    assert not w.tab(FindingsTab).save.isEnabled()
    assert not w.tab(InvestigationTab).findChild(QPushButton, "save_checklist").isEnabled()
    assert isinstance(w.tab(ActionsTab), Tab)


def test_attach_a_file_to_a_checklist_item(qtbot, people, tmp_path):
    from qa_desk.core import investigation as inv

    c = flows.triaged(people)
    inv.start(people["inspector"], c["id"])
    w = window(qtbot, people["inspector"], c["id"])
    tab = w.tab(InvestigationTab)
    report = tmp_path / "留样全检报告.pdf"
    report.write_bytes(b"%PDF-1.4 lab result")
    assert not tab.attach_file(report) and "选择" in tab.errors.text()  # nothing selected yet
    tab.table.selectRow(3)
    assert tab.attach_file(report)
    tab = w.tab(InvestigationTab)
    assert tab.table.item(3, 5).text() == "留样全检报告.pdf"
    row = people["inspector"].db.conn.execute(
        "SELECT a.size, i.item FROM attachments a JOIN checklist_items i ON i.id = a.checklist_item_id").fetchone()
    assert tuple(row) == (len(b"%PDF-1.4 lab result"), tab.rows[3]["item"])


def test_reclassifying_during_approval_starts_the_chain_again(qtbot, people):
    c = flows.investigated(people, flows.triage_input(defect_type="label_error", category="packaging"))
    from qa_desk.core import approval

    approval.submit(people["inspector"], c["id"], **signing(people["inspector"], c["id"], PASSWORDS["inspector"]))
    approval.review(people["qahead"], c["id"], **signing(people["qahead"], c["id"], PASSWORDS["qahead"]))
    w = window(qtbot, people["inspector"], c["id"])
    choose(w.defect, "leaflet_error")
    type_text(qtbot, w.reason, "复核：说明书信息错误")
    w.save_class.click()
    table = w.tab(ReviewTab).table
    assert all("取代" in table.item(i, 3).text() for i in range(table.rowCount()))
    assert complaints.get(w.session.db, c["id"])["status"] == "investigating"
