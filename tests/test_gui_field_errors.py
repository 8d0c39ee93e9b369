"""A refusal's problems at their fields (issue 14, item 6): the wizard page, a complaint-window tab and the
settings page mark the field the core names (red frame, the message as tooltip and right under the field),
scroll it into view and focus it; the mark goes when the field is edited or at the next good save; messages
are in the user's language and name fields by their labels."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QWizard

from qa_desk.core import complaints
from qa_desk.core import investigation as inv
from qa_desk.core.drafts import DraftStore
from qa_desk.ui.complaint_window import ComplaintWindow
from qa_desk.ui.field_errors import PROPERTY
from qa_desk.ui.i18n import set_language
from qa_desk.ui.intake.wizard import IntakeWizard
from qa_desk.ui.tabs.investigation_tab import InvestigationTab
from tests import flows
from tests.gui_helpers import choose, type_text

SCREEN_W, SCREEN_H = 1366, 728


@pytest.fixture(autouse=True)
def chinese():
    set_language("zh_CN")
    yield
    set_language("zh_CN")


def marked(w) -> bool:
    return bool(w.property(PROPERTY))


def message_under(root, key: str) -> str:
    label = root.findChild(QLabel, f"field_error_{key}")
    return label.text() if label is not None else ""


def shown_in(area: QScrollArea, w) -> bool:
    """``w`` lies inside the scroll area's viewport now."""
    top = w.mapTo(area.widget(), w.rect().topLeft()).y() - area.verticalScrollBar().value()
    return 0 <= top and top + w.height() <= area.viewport().height()


def test_a_medical_save_with_a_bad_age_marks_the_age_scrolled_into_view_until_a_good_save(qtbot, people):
    s = people["inspector"]
    c = flows.triaged(people, flows.triage_input(nature="medical"), adverse_event=True)
    inv.start(s, c["id"])
    w = ComplaintWindow(s, c["id"])
    qtbot.addWidget(w)
    w.resize(SCREEN_W, SCREEN_H)
    w.show()
    w.tabs.setCurrentWidget(w.tab(InvestigationTab))
    tab = w.tab(InvestigationTab)
    age = tab.medical["patient_age"]
    type_text(qtbot, age, "六十七")
    tab.scroll.verticalScrollBar().setValue(0)
    assert not shown_in(tab.scroll, age)  # below the fold: the user sees the buttons, not the field
    save = tab.findChild(QPushButton, "save_medical")
    save.setFocus()  # where a click leaves it
    assert not tab.save_medical()
    assert marked(age) and "年龄" in age.toolTip() and "67" in age.toolTip()  # the label, what to type
    assert "patient_age" not in age.toolTip()
    assert "年龄" in message_under(tab, "patient_age")
    assert shown_in(tab.scroll, age) and w.focusWidget() is age
    assert "医学信息未保存" in tab.errors.text() and "年龄“" not in tab.errors.text()  # said at the field, once
    age.clear()
    type_text(qtbot, age, "67岁")  # the edit takes the mark away at once
    assert not marked(age) and not message_under(tab, "patient_age") and age.toolTip() == ""
    type_text(qtbot, tab.medical["physician_years"], "很多年")
    assert not tab.save_medical()
    assert marked(tab.medical["physician_years"]) and not marked(age)
    tab.medical["physician_years"].clear()
    assert tab.save_medical(), tab.errors.text()
    assert not tab.marks.marked
    assert complaints.medical(s, c["id"])["patient_age"] == 67
    tab = w.tab(InvestigationTab)  # rebuilt from the store: nothing marked
    assert not any(marked(x) for x in tab.medical.values()) and not tab.errors.text()


def test_a_good_save_clears_the_marks_of_the_refusal_before(qtbot, people):
    set_language("en")
    s = people["inspector"]
    c = flows.triaged(people, flows.triage_input(nature="medical"), adverse_event=True)
    inv.start(s, c["id"])
    w = ComplaintWindow(s, c["id"])
    qtbot.addWidget(w)
    tab = w.tab(InvestigationTab)
    tab.medical["patient_age"].setText("x" * 3)
    assert not tab.save_medical()
    age = tab.medical["patient_age"]
    assert marked(age) and "age 'xxx' is not understood" in age.toolTip()
    assert "年龄" not in age.toolTip()
    tab.medical["patient_age"].setText("45")  # set by the program, not an edit: the mark stays until the save
    assert marked(age)
    assert tab.save_medical(), tab.errors.text()
    assert not marked(age) and age.toolTip() == ""


def _next(wiz) -> bool:
    before = wiz.currentId()
    wiz.button(QWizard.WizardButton.NextButton).click()
    return wiz.currentId() != before


def test_a_wizard_page_refused_marks_its_fields_and_focuses_the_first(qtbot, people, db_path, tmp_path):
    s = people["inspector"]
    wiz = IntakeWizard(s, DraftStore(db_path, "inspector", tmp_path), restore=False)
    qtbot.addWidget(wiz)
    wiz.show()
    page = wiz.currentPage()
    channel = page.fields["channel"]
    wiz.button(QWizard.WizardButton.NextButton).setFocus()
    assert not _next(wiz)  # no channel chosen
    assert marked(channel) and "请填写投诉渠道" in channel.toolTip() and wiz.focusWidget() is channel
    assert "请填写投诉渠道" in message_under(page, "channel") and "channel" not in channel.toolTip()
    assert "请填写" not in page.errors.text() and "投诉渠道" in page.errors.text()  # by Next: which field only
    choose(channel, "phone")
    assert not marked(channel) and not message_under(page, "channel")
    assert _next(wiz)
    page = wiz.currentPage()
    type_text(qtbot, page.fields["complainant_name"], "陈医生")
    assert _next(wiz)
    page = wiz.currentPage()  # the product: a quantity without its unit, in one form row with it
    type_text(qtbot, page.fields["product_name"], "阿莫西林胶囊")
    type_text(qtbot, page.fields["quantity"], "2")
    type_text(qtbot, page.fields["expiry_date"], "2027-13-01")
    assert not _next(wiz)
    unit, expiry = page.fields["unit"], page.fields["expiry_date"]
    assert marked(unit) and marked(expiry) and not marked(page.fields["quantity"])
    assert "请填写数量的单位" in message_under(page, "unit") and "不是有效日期" in message_under(page, "expiry_date")
    assert wiz.focusWidget() is expiry  # the first on the page, top down as the core lists them
    type_text(qtbot, unit, "盒")
    assert not marked(unit) and marked(expiry)
    expiry.clear()
    assert _next(wiz)


def test_a_wizard_page_says_it_in_english_for_an_english_user(qtbot, people, db_path, tmp_path):
    set_language("en")
    wiz = IntakeWizard(people["reception"], DraftStore(db_path, "reception", tmp_path), restore=False)
    qtbot.addWidget(wiz)
    wiz.show()
    page = wiz.currentPage()
    page.fields["acknowledged"].setChecked(True)  # told, but not how
    choose(page.fields["channel"], "phone")
    assert not _next(wiz)
    method = page.fields["ack_method"]
    assert marked(method) and "acknowledgement method is required" in method.toolTip()
    assert not marked(page.fields["channel"])


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_setting_out_of_range_marks_its_spin_box(qtbot, people, lang):
    from qa_desk.core import settings
    from qa_desk.ui.settings_panel import SettingsPanel

    set_language(lang)
    area = QScrollArea()
    area.setWidgetResizable(True)
    panel = SettingsPanel(people["admin"])
    area.setWidget(panel)
    area.resize(600, 200)
    qtbot.addWidget(area)
    area.show()
    spin = panel.editors["lockout_attempts"]
    spin.setValue(50)
    panel.save_button.setFocus()
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    assert not panel.save()
    assert settings.get(people["admin"].db, "lockout_attempts") == 5  # nothing saved
    tip = spin.toolTip()
    if lang == "zh_CN":
        assert "连续登录失败锁定次数" in tip and "3 到 20" in tip
    else:
        assert "Failed attempts before an account locks" in tip and "from 3 to 20" in tip
    assert marked(spin) and tip in message_under(panel, "lockout_attempts")
    assert shown_in(area, spin) and area.focusWidget() is spin
    assert not any(marked(w) for k, w in panel.editors.items() if k != "lockout_attempts")
    spin.setValue(6)  # typing a value clears the mark; the save goes through
    assert not marked(spin) and not message_under(panel, "lockout_attempts")
    assert panel.save() and not panel.errors.text()


def test_a_classification_refused_marks_each_field_the_core_names(qtbot, people):
    from qa_desk.ui.tabs.classification_tab import ClassificationTab

    c = flows.registered(people)
    w = ComplaintWindow(people["inspector"], c["id"])
    qtbot.addWidget(w)
    tab = w.tab(ClassificationTab)
    choose(tab.nature, "quality")
    choose(tab.category, "quality_defect")
    choose(tab.defect, "closure_broken")
    tab.investigate.setChecked(False)  # no reason given, and no reportability rationale
    assert not tab.save_classification()
    assert marked(tab.no_inv_reason) and marked(tab.rationale) and not marked(tab.nature)
    assert "不调查" in tab.no_inv_reason.toolTip() and "判定依据" in tab.rationale.toolTip()
    assert w.focusWidget() is tab.no_inv_reason
    assert "分类未保存" in tab.errors.text()
    type_text(qtbot, tab.no_inv_reason, "重复投诉")
    type_text(qtbot, tab.rationale, "非严重质量问题")
    assert not marked(tab.no_inv_reason) and not marked(tab.rationale)
    assert tab.save_classification(), tab.errors.text()


def test_a_lower_priority_needs_its_reason_in_the_classification_tab(qtbot, people):
    from qa_desk.core import complaints as C
    from qa_desk.ui.tabs.classification_tab import ClassificationTab

    c = flows.registered(people)
    w = ComplaintWindow(people["inspector"], c["id"])
    qtbot.addWidget(w)
    tab = w.tab(ClassificationTab)
    choose(tab.nature, "quality")
    choose(tab.category, "quality_defect")
    choose(tab.defect, "label_error")  # class II: high priority
    type_text(qtbot, tab.rationale, "非严重质量问题")
    choose(tab.priority, "low")
    assert not tab.save_classification()
    assert marked(tab.priority_reason) and "优先级" in tab.priority_reason.toolTip()
    type_text(qtbot, tab.priority_reason, "已确认仅个别包装")
    assert tab.save_classification(), tab.errors.text()
    stored = C.get(people["inspector"].db, c["id"])
    assert (stored["priority"], stored["priority_reason"]) == ("low", "已确认仅个别包装")
    tab = w.tab(ClassificationTab)  # shown again as chosen: a later change does not undo it silently
    assert tab.priority.currentData() == "low" and tab.priority_reason.text() == "已确认仅个别包装"


def test_findings_refused_mark_the_scope_units(qtbot, people):
    from qa_desk.ui.tabs.findings_tab import FindingsTab

    s = people["inspector"]
    c = flows.triaged(people)
    inv.start(s, c["id"])
    w = ComplaintWindow(s, c["id"])
    qtbot.addWidget(w)
    tab = w.tab(FindingsTab)
    type_text(qtbot, tab.units, "-3")
    assert not tab.save_findings()
    assert marked(tab.units) and "必须大于 0" in tab.units.toolTip()
    assert "必须大于 0" in message_under(tab, "quantity") + message_under(tab, "scope_units")
    tab.units.clear()
    assert tab.save_findings(), tab.errors.text()


def test_a_signature_comment_too_long_is_marked_in_the_dialog_and_the_password_kept(qtbot, people):
    from qa_desk.core import approval
    from qa_desk.ui.sign_dialog import SignDialog
    from tests.conftest import PASSWORDS

    s = people["inspector"]
    c = flows.investigated(people)
    dlg = SignDialog(s, c["id"], meaning="proposed", action="propose",
                     sign=lambda g: approval.submit(s, c["id"], **g.kwargs()))
    qtbot.addWidget(dlg)
    dlg.username.setText("inspector")
    dlg.password.setText(PASSWORDS["inspector"])
    dlg.form.comment.setText("长" * 600)
    dlg.try_sign()
    assert dlg.result() == 0 and marked(dlg.form.comment) and "签名备注过长" in dlg.form.comment.toolTip()
    assert dlg.focusWidget() is dlg.form.comment and dlg.password.text()  # nothing wrong with the password
    dlg.form.comment.setText("已复核")
    dlg.try_sign()
    assert dlg.result() == 1
    assert complaints.get(s.db, c["id"])["status"] == "under_review"


def test_a_mark_that_stays_is_left_as_it_is_while_the_page_is_checked_again(qtbot, people, db_path, tmp_path):
    wiz = IntakeWizard(people["inspector"], DraftStore(db_path, "inspector", tmp_path), restore=False)
    qtbot.addWidget(wiz)
    wiz.show()
    page = wiz.currentPage()
    assert not _next(wiz)
    label = page.findChild(QLabel, "field_error_channel")
    page.show_problems(only_touched=False)  # the same problems again: the same message widget, not a new one
    assert page.findChild(QLabel, "field_error_channel") is label and marked(page.fields["channel"])
    page.marks.show([])
    assert not marked(page.fields["channel"]) and not message_under(page, "channel")


def test_a_checklist_finding_without_a_note_marks_that_items_note(qtbot, people):
    s = people["inspector"]
    c = flows.triaged(people)
    inv.start(s, c["id"])
    w = ComplaintWindow(s, c["id"])
    qtbot.addWidget(w)
    w.resize(SCREEN_W, SCREEN_H)
    w.show()
    tab = w.tab(InvestigationTab)
    w.tabs.setCurrentWidget(tab)
    last = tab.rows[-1]["item"]
    tab.combos[0].setCurrentIndex(tab.combos[0].findData(inv.CHECK_OK))
    tab.combos[-1].setCurrentIndex(tab.combos[-1].findData("finding"))
    assert not tab.save_checklist()
    note = tab.notes[-1]
    assert note.objectName() == f"note_{last}" and marked(note) and w.focusWidget() is note
    assert "说明" in note.toolTip() and f"note_{last}" not in tab.errors.text()
    assert all(r["result"] is None for r in inv.checklist(s, c["id"]))
