"""Daily use of the desk (issue 14): the mouse wheel scrolls the page and never changes a value it passes over;
the intake wizard keeps typed work unless the user discards it, lets a wrongly added file be removed, and its
summary shows what will be saved in words."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDateTime, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QPixmap, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QMessageBox,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from qa_desk.core.drafts import DraftStore
from qa_desk.ui.i18n import set_language
from qa_desk.ui.intake import pages as P
from qa_desk.ui.intake.wizard import IntakeWizard
from qa_desk.ui.widgets import install_wheel_guard
from tests.gui_helpers import choose, type_text


@pytest.fixture(autouse=True)
def chinese(qapp):
    set_language("zh_CN")
    install_wheel_guard(qapp)


def wheel(widget: QWidget, notches: int = -1) -> None:
    """One or more wheel notches over the middle of the widget (negative: towards the user, scrolling down)."""
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(pos, QPointF(widget.mapToGlobal(pos.toPoint())), QPoint(), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def _scrolled_form(qtbot):
    area = QScrollArea()
    inner = QWidget()
    column = QVBoxLayout(inner)
    combo, spin, when = QComboBox(), QSpinBox(), QDateTimeEdit(QDateTime(2026, 9, 28, 9, 0, 0))
    combo.addItems(["符合", "有发现", "不适用"])
    spin.setRange(0, 100)
    spin.setValue(5)
    column.addWidget(combo)
    column.addWidget(spin)
    column.addWidget(when)
    column.addSpacing(2000)
    area.setWidget(inner)
    area.resize(300, 200)
    qtbot.addWidget(area)
    area.show()
    return area, combo, spin, when


def test_wheel_over_an_unfocused_value_scrolls_the_page(qtbot):
    area, combo, spin, when = _scrolled_form(qtbot)
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    wheel(combo)
    assert combo.currentIndex() == 0
    assert bar.value() > 0  # the scroll area got the wheel
    before = bar.value()
    wheel(spin)
    assert spin.value() == 5 and bar.value() > before
    wheel(when)
    assert when.dateTime() == QDateTime(2026, 9, 28, 9, 0, 0)
    # hovering never arms them: the wheel no longer gives them the focus
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_wheel_changes_a_focused_value(qtbot):
    area, combo, _spin, _when = _scrolled_form(qtbot)
    area.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is area)
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    wheel(combo)
    assert combo.currentIndex() == 1


def test_settings_page_lockout_threshold_ignores_the_wheel(qtbot, people):
    from qa_desk.ui.settings_panel import SettingsPanel

    area = QScrollArea()
    panel = SettingsPanel(people["admin"])
    area.setWidget(panel)
    area.resize(500, 200)
    qtbot.addWidget(area)
    area.show()
    spin = panel.editors["lockout_attempts"]
    before = spin.value()
    for _ in range(6):
        wheel(spin)
    wheel(panel.editors["language"])
    assert spin.value() == before == 5
    assert panel.editors["language"].currentData() == "zh_CN"
    assert area.verticalScrollBar().value() > 0


# --- the wizard keeps typed work ---------------------------------------------------------------------------------
def _wizard(qtbot, people, db_path, tmp_path, who="inspector", restore=False) -> IntakeWizard:
    wiz = IntakeWizard(people[who], DraftStore(db_path, who, tmp_path), restore=restore)
    qtbot.addWidget(wiz)
    wiz.show()
    return wiz


def _next(wiz) -> None:
    before = wiz.currentId()
    wiz.button(QWizard.WizardButton.NextButton).click()
    assert wiz.currentId() != before, wiz.currentPage().errors.text()


def _fill_to_complaint_page(qtbot, wiz) -> None:
    page = wiz.currentPage()
    choose(page.fields["channel"], "phone")
    _next(wiz)
    page = wiz.currentPage()
    choose(page.fields["complainant_type"], "hospital")
    type_text(qtbot, page.fields["complainant_name"], "陈医生")
    _next(wiz)
    page = wiz.currentPage()
    type_text(qtbot, page.fields["product_name"], "阿莫西林胶囊")
    type_text(qtbot, page.fields["batch_no"], "240105")
    type_text(qtbot, page.fields["quantity"], "2")
    type_text(qtbot, page.fields["unit"], "盒")
    _next(wiz)
    type_text(qtbot, wiz.currentPage().fields["description"], "胶囊破损，内有黑色异物。")


def _asked(wiz, answer: str) -> list[str]:
    asked: list[str] = []
    wiz.leave_choice = lambda: asked.append(answer) or answer
    return asked


@pytest.mark.parametrize("leave", ["esc", "cancel"])
def test_leaving_with_typed_work_asks_and_keeps_the_draft(qtbot, people, db_path, tmp_path, leave):
    wiz = _wizard(qtbot, people, db_path, tmp_path)
    choose(wiz.currentPage().fields["channel"], "letter")
    wiz.next()
    type_text(qtbot, wiz.currentPage().fields["complainant_name"], "王女士")
    do = {"esc": lambda: qtbot.keyClick(wiz, Qt.Key.Key_Escape),
          "cancel": wiz.button(QWizard.WizardButton.CancelButton).click}[leave]
    asked = _asked(wiz, "stay")
    do()
    assert asked == ["stay"] and wiz.isVisible()  # 继续填写: nothing closes
    asked = _asked(wiz, "keep")
    do()
    assert asked == ["keep"] and not wiz.isVisible()
    store = DraftStore(db_path, "inspector", tmp_path)
    assert store.load()["values"]["complainant_name"] == "王女士"
    again = _wizard(qtbot, people, db_path, tmp_path, restore=True)
    assert again.pages[1].fields["complainant_name"].text() == "王女士"
    assert again.pages[0].fields["channel"].currentData() == "letter"
    asked = _asked(again, "discard")
    again.reject()
    assert asked == ["discard"] and store.load() is None


def test_closed_by_the_program_the_wizard_keeps_its_draft_without_asking(qtbot, people, db_path, tmp_path):
    """Logging out, quitting or a test's teardown close the wizard: nobody is there to answer, the draft stays."""
    wiz = _wizard(qtbot, people, db_path, tmp_path)
    type_text(qtbot, wiz.currentPage().fields["first_contact"], "Li")
    asked = _asked(wiz, "discard")
    wiz.close()
    assert asked == [] and not wiz.isVisible()
    assert DraftStore(db_path, "inspector", tmp_path).load()["values"]["first_contact"] == "Li"


def test_leaving_an_untouched_wizard_asks_nothing(qtbot, people, db_path, tmp_path):
    wiz = _wizard(qtbot, people, db_path, tmp_path)
    asked = _asked(wiz, "stay")
    qtbot.keyClick(wiz, Qt.Key.Key_Escape)
    assert asked == [] and not wiz.isVisible()
    assert DraftStore(db_path, "inspector", tmp_path).load() is None


def _answer(box_name: str, button_text: str | None) -> None:
    """Press a button of the message box that is about to open (None: press Esc on it)."""
    def press():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and box.objectName() == box_name
        if button_text is None:
            QTest.keyClick(box, Qt.Key.Key_Escape)
            return
        [button] = [b for b in box.buttons() if b.text() == button_text]
        button.click()
    QTimer.singleShot(0, press)


def test_the_real_questions_keep_the_draft(qtbot, people, db_path, tmp_path):
    wiz = _wizard(qtbot, people, db_path, tmp_path)
    choose(wiz.currentPage().fields["channel"], "phone")
    _next(wiz)
    type_text(qtbot, wiz.currentPage().fields["phone"], "13900001111")
    _answer("leave_wizard", None)  # Esc on the question: back to typing
    wiz.reject()
    assert wiz.isVisible()
    _answer("leave_wizard", "保留草稿")
    wiz.reject()
    assert not wiz.isVisible()
    _answer("restore_draft", None)  # Esc on "continue the draft?" continues it: a reflex loses nothing
    again = _wizard(qtbot, people, db_path, tmp_path, restore=None)
    assert again.pages[1].fields["phone"].text() == "13900001111"
    again.done(0)
    _answer("restore_draft", "放弃草稿，重新登记")
    fresh = _wizard(qtbot, people, db_path, tmp_path, restore=None)
    assert fresh.pages[1].fields["phone"].text() == ""
    assert DraftStore(db_path, "inspector", tmp_path).load() is None


# --- attachments and the summary ------------------------------------------------------------------------------
def _image(tmp_path, name: str, color: str) -> str:
    pix = QPixmap(64, 48)
    pix.fill(QColor(color))
    path = tmp_path / name
    assert pix.save(str(path))
    return str(path)


def test_a_wrongly_added_file_is_removed_before_saving(qtbot, people, db_path, tmp_path):
    wiz = _wizard(qtbot, people, db_path, tmp_path, who="reception")
    _fill_to_complaint_page(qtbot, wiz)
    page = wiz.currentPage()
    assert isinstance(page, P.ComplaintPage)
    right, wrong = _image(tmp_path, "破损照片.png", "red"), _image(tmp_path, "wrong.png", "blue")
    page.add_file(right)
    page.add_file(wrong)
    assert not page.remove.isEnabled()
    page.attachments.item(1).setSelected(True)
    assert page.remove.isEnabled()
    page.remove.click()
    assert page.files == [right] and page.attachments.count() == 1
    assert page.attachments.item(0).text() == "破损照片.png"
    _next(wiz)
    _next(wiz)
    assert "wrong.png" not in wiz.currentPage().view.toPlainText()
    wiz.button(QWizard.WizardButton.FinishButton).click()
    assert wiz.saved is not None, wiz.currentPage().errors.text()
    names = [r[0] for r in people["reception"].db.conn.execute(
        "SELECT filename FROM attachments WHERE complaint_id = ?", (wiz.saved["id"],))]
    assert names == ["破损照片.png"]


def test_summary_shows_what_will_be_saved_in_words(qtbot, people, db_path, tmp_path):
    wiz = _wizard(qtbot, people, db_path, tmp_path)
    _fill_to_complaint_page(qtbot, wiz)
    wiz.currentPage().add_file(_image(tmp_path, "破损照片.png", "red"))
    _next(wiz)
    _next(wiz)  # initial check
    page = wiz.currentPage()
    choose(page.fields["nature"], "quality")
    choose(page.fields["category"], "quality_defect")
    choose(page.fields["defect_type"], "chem_phys_contamination")
    page.fields["reportable"].setChecked(True)
    choose(page.fields["report_type"], "cn_adr_other")
    type_text(qtbot, page.fields["reportability_rationale"], "按规定报告")
    _next(wiz)
    text = wiz.currentPage().view.toPlainText()
    pol = people["inspector"].policy
    assert pol.label("class", "II", "zh_CN") + "（建议分类）" in text  # adopted, not blank
    assert pol.label("priority", "high", "zh_CN") + "（按分类）" in text
    assert "药品不良反应（其他）" in text and "2 盒" in text
    assert "破损照片.png (" in text and " KB)" in text
    assert "数量" in text and "投诉渠道" in text
    for raw in ("cn_adr_other", "quantity", "unit", "chem_phys", "quality_defect", "None", "True", "False"):
        assert raw not in text, raw
    wiz.button(QWizard.WizardButton.FinishButton).click()
    row = people["inspector"].db.conn.execute("SELECT class, priority, report_type FROM complaints WHERE id = ?",
                                              (wiz.saved["id"],)).fetchone()
    assert tuple(row) == ("II", "high", "cn_adr_other")


def test_one_way_to_show_times_on_screen():
    from qa_desk.ui.widgets import local_time

    assert local_time("2026-12-01T18:30:48+00:00") == "2026-12-01 18:30"
    assert local_time("2026-12-01T18:30:48+08:00", zone=True) == "2026-12-01 18:30 (UTC+08:00)"
    assert local_time("2026-12-01T18:30:48-05:30", zone=True) == "2026-12-01 18:30 (UTC-05:30)"
    assert local_time(None) == "" and local_time("not a time") == "not a time"
