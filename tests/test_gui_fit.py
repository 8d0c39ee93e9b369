"""The complaint window on a 1366×768 laptop (issue 14): every tab scrolls, the window and its dialogs fit
1366×728 (the screen less a task bar), the buttons reached by scrolling work; typed work is never lost
(closing or Esc asks, saving one tab keeps the others); an unclassified complaint's classification tab starts
empty and shows the suggested class with its rule."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from qa_desk.core import complaints
from qa_desk.core import investigation as inv
from qa_desk.ui.complaint_window import ComplaintWindow
from qa_desk.ui.correction_dialog import CorrectionDialog
from qa_desk.ui.i18n import set_language
from qa_desk.ui.sign_dialog import SignDialog
from qa_desk.ui.tabs.classification_tab import ClassificationTab
from qa_desk.ui.tabs.findings_tab import FindingsTab
from qa_desk.ui.tabs.investigation_tab import InvestigationTab
from tests import flows
from tests.gui_helpers import choose, type_text

SCREEN_W, SCREEN_H = 1366, 728


@pytest.fixture(autouse=True)
def chinese():
    set_language("zh_CN")


def window(qtbot, session, cid: int) -> ComplaintWindow:
    w = ComplaintWindow(session, cid)
    qtbot.addWidget(w)
    return w


def fits(widget) -> bool:
    hint = widget.minimumSizeHint()
    return hint.width() <= SCREEN_W and hint.height() <= SCREEN_H


def investigating(people) -> dict:
    """Under investigation, checklist partly decided, with the medical details of an adverse event."""
    s = people["inspector"]
    c = flows.triaged(people, flows.triage_input(nature="medical"), adverse_event=True)
    inv.start(s, c["id"])
    items = inv.checklist(s, c["id"])
    inv.decide_items(s, c["id"], [{"item": r["item"], "result": "ok"} for r in items[:5]])
    inv.set_medical(s, c["id"], {"patient_sex": "女", "patient_age": 40, "outcome": "好转"})
    return c


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("stage", ["registered", "triaged", "investigating", "closed"])
def test_complaint_window_fits_a_laptop_at_every_stage(qtbot, people, stage, lang):
    set_language(lang)
    if stage == "investigating":
        c = investigating(people)
    elif stage == "closed":
        from qa_desk.core import closure

        c = flows.closable(people)
        closure.close(people["inspector"], c["id"])
    else:
        c = getattr(flows, stage)(people)
    w = window(qtbot, people["inspector"], c["id"])
    w.resize(SCREEN_W, SCREEN_H)
    w.show()
    assert fits(w), w.minimumSizeHint()
    for i in range(w.tabs.count()):  # every tab, shown in turn, keeps the window within the screen
        w.tabs.setCurrentIndex(i)
        assert fits(w), (w.tabs.tabText(i), w.minimumSizeHint())
    table = w.deadline_table  # the deadlines: a small fixed height that scrolls, never one and a half rows
    assert table.height() == table.maximumHeight() <= 160
    if table.rowCount():  # four rows in view, the rest a scroll away
        assert table.height() >= table.horizontalHeader().height() + 4 * table.rowHeight(0)


def test_signature_and_correction_dialogs_fit(qtbot, people):
    c = flows.investigated(people)
    s = people["inspector"]
    sign = SignDialog(s, c["id"], meaning="proposed", action="propose", sign=lambda g: None)
    fix = CorrectionDialog(s, complaints.read(s, c["id"]))
    for dlg in (sign, fix):
        qtbot.addWidget(dlg)
        assert fits(dlg), (dlg.objectName(), dlg.minimumSizeHint())


def click_scrolled(qtbot, tab, button: QPushButton) -> None:
    """Scroll the tab to the button as a user would, check it is on screen, and click it."""
    tab.scroll.ensureWidgetVisible(button)
    assert not button.visibleRegion().isEmpty(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_checklist_and_medical_details_saved_on_a_laptop_screen(qtbot, people):
    s = people["inspector"]
    c = flows.triaged(people, flows.triage_input(nature="medical"), adverse_event=True)
    inv.start(s, c["id"])
    w = window(qtbot, s, c["id"])
    w.resize(SCREEN_W, SCREEN_H)
    w.show()
    w.tabs.setCurrentWidget(w.tab(InvestigationTab))
    tab = w.tab(InvestigationTab)
    assert tab.scroll.verticalScrollBar().maximum() > 0  # the tab is longer than the screen: it scrolls
    medical_save = tab.findChild(QPushButton, "save_medical")
    assert medical_save.visibleRegion().isEmpty()  # below the fold until scrolled to
    for combo in tab.combos:
        choose(combo, "ok")
    type_text(qtbot, tab.notes[0], "外观正常")
    click_scrolled(qtbot, tab, tab.findChild(QPushButton, "save_checklist"))
    rows = inv.checklist(s, c["id"])
    assert all(r["result"] == "ok" for r in rows) and rows[0]["note"] == "外观正常", w.tab(InvestigationTab).errors.text()
    tab = w.tab(InvestigationTab)
    type_text(qtbot, tab.medical["patient_sex"], "女")
    type_text(qtbot, tab.medical["patient_age"], "46")
    type_text(qtbot, tab.medical["outcome"], "停药后好转")
    click_scrolled(qtbot, tab, tab.findChild(QPushButton, "save_medical"))
    med = complaints.medical(s, c["id"])
    assert (med["patient_sex"], med["patient_age"], med["outcome"]) == ("女", 46, "停药后好转"), \
        w.tab(InvestigationTab).errors.text()


def answer(monkeypatch, button) -> list[str]:
    """The unsaved-work question answers ``button``; returns the questions asked."""
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_esc_and_close_with_unsaved_work_ask(qtbot, people, monkeypatch):
    s = people["inspector"]
    c = investigating(people)
    w = window(qtbot, s, c["id"])
    w.show()
    asked = answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(w, Qt.Key.Key_Escape)  # nothing typed: closes without a question
    assert not w.isVisible() and asked == []
    w.show()
    f = w.tab(FindingsTab)
    type_text(qtbot, f.root_cause, "封口温度波动")
    qtbot.keyClick(w, Qt.Key.Key_Escape)  # Cancel: stays open, the text still there
    assert w.isVisible() and len(asked) == 1 and "根本原因与风险" in asked[0]  # names the tab
    assert w.tab(FindingsTab).root_cause.toPlainText() == "封口温度波动"
    assert not w.request_close() and w.isVisible()
    answer(monkeypatch, QMessageBox.StandardButton.Save)  # Save: stored, then closed
    assert w.request_close() and not w.isVisible()
    assert complaints.get(s.db, c["id"])["root_cause"] == "封口温度波动"
    w.show()
    type_text(qtbot, w.tab(FindingsTab).risk_note, "discard me")
    answer(monkeypatch, QMessageBox.StandardButton.Discard)  # Discard: closed, nothing stored
    qtbot.keyClick(w, Qt.Key.Key_Escape)
    assert not w.isVisible() and not complaints.get(s.db, c["id"])["risk_note"]


def test_a_refused_save_on_close_keeps_the_window_on_that_tab(qtbot, people, monkeypatch):
    s = people["inspector"]
    c = flows.registered(people)
    w = window(qtbot, s, c["id"])
    w.show()
    choose(w.nature, "quality")  # the classification is incomplete: the core refuses it
    answer(monkeypatch, QMessageBox.StandardButton.Save)
    assert not w.request_close() and w.isVisible()
    assert w.tabs.currentWidget() is w.tab(ClassificationTab) and w.class_errors.text()
    assert complaints.get(s.db, c["id"])["status"] == "registered"


def test_saving_one_tab_keeps_what_is_typed_on_the_others(qtbot, people):
    s = people["inspector"]
    c = investigating(people)
    w = window(qtbot, s, c["id"])
    w.show()
    tab = w.tab(InvestigationTab)
    type_text(qtbot, tab.medical["manifestation"], "皮疹")  # typed, not saved
    f = w.tab(FindingsTab)
    type_text(qtbot, f.whys[0], "封口温度低")
    choose(f.conclusion, "confirmed")
    f.save.click()
    assert complaints.get(s.db, c["id"])["conclusion"] == "confirmed", f.errors.text()
    assert w.tab(FindingsTab) is not f and not w.tab(FindingsTab).dirty  # the saved tab shows the store
    assert w.tab(InvestigationTab) is tab  # the other tab was not rebuilt under the user
    assert tab.medical["manifestation"].text() == "皮疹" and tab.dirty
    assert c["number"] in w.header.text()
    tab.findChild(QPushButton, "save_medical").click()
    assert complaints.medical(s, c["id"])["manifestation"] == "皮疹", w.tab(InvestigationTab).errors.text()
    assert not w.dirty_tabs()


def test_unclassified_complaint_starts_empty_and_needs_a_choice(qtbot, people):
    s = people["inspector"]
    c = flows.registered(people)
    w = window(qtbot, s, c["id"])
    tab = w.tab(ClassificationTab)
    for combo in (tab.nature, tab.category, tab.defect):
        assert combo.currentData() is None and combo.currentText() == "（请选择）"
    assert tab.rule.text() == "选择缺陷类型后显示"
    type_text(qtbot, tab.rationale, "无不良反应")
    tab.save_class.click()  # no explicit choice: refused, by the button
    assert complaints.get(s.db, c["id"])["status"] == "registered"
    assert "性质" in tab.errors.text() and tab.errors.parentWidget() is not tab.body
    choose(tab.nature, "quality")
    choose(tab.category, "quality_defect")
    choose(tab.defect, "wrong_product")
    assert "I" in tab.rule.text() and "→" in tab.rule.text()  # the suggested class with its rule
    tab.save_class.click()
    row = complaints.get(s.db, c["id"])
    assert (row["status"], row["class"], row["defect_type"]) == ("triaged", "I", "wrong_product"), tab.errors.text()


def test_saving_one_part_of_a_tab_keeps_what_is_typed_in_its_other_parts(qtbot, people):
    s = people["inspector"]
    c = investigating(people)
    w = window(qtbot, s, c["id"])
    tab = w.tab(InvestigationTab)
    type_text(qtbot, tab.medical["manifestation"], "皮疹")  # typed, not saved
    type_text(qtbot, tab.custody_holder, "QC")
    choose(tab.combos[-1], "finding")
    type_text(qtbot, tab.notes[-1], "皮疹与批次无关")
    tab.findChild(QPushButton, "save_checklist").click()
    assert inv.checklist(s, c["id"])[-1]["result"] == "finding", w.tab(InvestigationTab).errors.text()
    new = w.tab(InvestigationTab)
    assert new is not tab and new.combos[-1].currentData() == "finding"  # the saved part shows the store
    assert new.medical["manifestation"].text() == "皮疹" and new.custody_holder.text() == "QC" and new.dirty
    new.findChild(QPushButton, "save_medical").click()
    assert complaints.medical(s, c["id"])["manifestation"] == "皮疹"
    assert w.tab(InvestigationTab).custody_holder.text() == "QC"


def test_an_added_capa_clears_its_form_but_keeps_the_market_action(qtbot, people):
    from qa_desk.ui.tabs.actions_tab import ActionsTab

    s = people["inspector"]
    c = investigating(people)
    w = window(qtbot, s, c["id"])
    a = w.tab(ActionsTab)
    choose(a.action, "return_exchange")  # typed, not saved
    type_text(qtbot, a.new_desc, "更换温控模块")
    type_text(qtbot, a.new_dept, "设备部")
    type_text(qtbot, a.new_owner, "设备部经理")
    a.findChild(QPushButton, "add_capa").click()
    assert [x["description"] for x in inv.capa_for(s, c["id"])] == ["更换温控模块"], w.tab(ActionsTab).errors.text()
    a = w.tab(ActionsTab)
    assert a.new_desc.text() == "" and a.action.currentData() == "return_exchange"


# --- high DPI (issue 14, item 1): 125 % and 150 % on the same laptop ----------------------------------------
# Qt reads QT_SCALE_FACTOR once, before the QApplication exists, so each scale is measured by a child pytest
# (tests/dpi_probe.py) on an offscreen screen of 1366×768 physical pixels. At 125 % that screen is 1093×614
# logical pixels and 1092×582 less the task bar (40 physical pixels); at 150 %, 910×485: every window's minimum
# size has to fit that, in both languages, with the font the app installs.
PHYSICAL_W, PHYSICAL_H, TASK_BAR = 1366, 768, 40
# Parts owned elsewhere that are known to be too wide, with what they need; a new misfit fails the test.
KNOWN_TOO_WIDE: dict[str, str] = {}


def measure_at(scale: float, tmp_path) -> dict:
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": PHYSICAL_W,
                                               "height": PHYSICAL_H, "logicalDpi": 96, "logicalBaseDpi": 96,
                                               "dpr": 1}]}))
    out = tmp_path / "sizes.json"
    env = {**os.environ, "QT_SCALE_FACTOR": str(scale), "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
           "QA_DESK_DPI_OUT": str(out)}
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/dpi_probe.py"],
                         cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0 and out.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("scale", [1.25, 1.5])
def test_every_window_fits_a_laptop_at_125_and_150_percent(tmp_path, scale):
    found = measure_at(scale, tmp_path)
    assert found["ratio"] == pytest.approx(scale)  # the scale really applied
    assert found["screen"] == [round(PHYSICAL_W / scale), round(PHYSICAL_H / scale)]
    room_w, room_h = int(PHYSICAL_W / scale), int((PHYSICAL_H - TASK_BAR) / scale)
    windows = {k: v for k, v in found["windows"].items() if not k.startswith("  ")}
    parts = {k.strip(): v for k, v in found["windows"].items() if k.startswith("  ")}
    assert any(k.startswith("complaint window") for k in windows) and any(k.startswith("main window") for k in windows)
    misfits = {k: (w - room_w, h - room_h) for k, (w, h) in windows.items() if w > room_w or h > room_h}
    unexplained = {}
    for name, (over_w, over_h) in misfits.items():
        mine = {p.split(": ", 1)[1]: size for p, size in parts.items() if p.startswith(f"part of {name}:")}
        widest = max(mine, key=lambda p: mine[p][0]) if mine else None
        if over_h > 0 or widest not in KNOWN_TOO_WIDE:
            unexplained[name] = (over_w, over_h, widest)
    assert not unexplained, (room_w, room_h, unexplained)
