"""One complaint, one window; what to do after an intake (issue 14, item 7)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from qa_desk.ui.main_window import MainWindow
from tests import flows


def window(qtbot, people, db_path, tmp_path, who="inspector") -> MainWindow:
    w = MainWindow(people[who], str(db_path), drafts_folder=str(tmp_path))
    qtbot.addWidget(w)
    return w


def test_opening_a_complaint_again_brings_its_window_forward(qtbot, people, db_path, tmp_path):
    c = flows.registered(people)
    w = window(qtbot, people, db_path, tmp_path)
    first = w.open_complaint(c["id"])
    qtbot.addWidget(first)
    again = w.open_complaint(c["id"])
    assert again is first and [x for x in w.open_windows if x.isVisible()] == [first]
    views = people["inspector"].db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'view' AND "
                                                "complaint_id = ?", (c["id"],)).fetchone()[0]
    assert views == 1  # brought forward, not opened (and logged) twice
    first.close()
    other = w.open_complaint(c["id"])
    qtbot.addWidget(other)
    assert other is not first  # a closed window is opened anew


def test_after_an_intake_the_complaint_can_be_opened_printed_or_the_next_registered(qtbot, people, db_path,
                                                                                      tmp_path, monkeypatch):
    from qa_desk.ui.i18n import language, set_language

    before = language()
    set_language("en")  # the buttons are found by their English text
    try:
        _after_intake_choices(qtbot, people, db_path, tmp_path, monkeypatch)
    finally:
        set_language(before)


def _after_intake_choices(qtbot, people, db_path, tmp_path, monkeypatch):
    c = flows.registered(people)
    w = window(qtbot, people, db_path, tmp_path)
    offered = {}

    def answer(text):
        def exec_(box):
            offered[text] = [b.text() for b in box.buttons()]
            box.clickedButton = lambda: next(b for b in box.buttons() if b.text() == text)
            return 0
        return exec_

    monkeypatch.setattr(QMessageBox, "exec", answer("Open it"))
    assert w._after_intake(c) == "open"
    assert any(x.cid == c["id"] and x.isVisible() for x in w.open_windows)
    for x in w.open_windows:
        qtbot.addWidget(x)
    assert sorted(offered["Open it"]) == sorted(["Open it", "Print the receipt record…", "Register the next one",
                                                  "Close"])  # (Qt orders them by role for the platform)
    printed = []
    monkeypatch.setattr("qa_desk.ui.print_actions.print_record", lambda *a: printed.append(a[2:]))
    monkeypatch.setattr(QMessageBox, "exec", answer("Print the receipt record…"))
    assert w._after_intake(c) == "print" and printed == [(c["id"], "receipt")]
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    assert w._after_intake(c) == "close"


def test_a_checklist_section_is_marked_all_ok_in_one_action_after_a_confirmation(qtbot, people, monkeypatch):
    from qa_desk.core import investigation as inv
    from qa_desk.ui.complaint_window import ComplaintWindow
    from qa_desk.ui.tabs.investigation_tab import InvestigationTab

    c = flows.triaged(people)
    s = people["inspector"]
    inv.start(s, c["id"])
    w = ComplaintWindow(s, c["id"])
    qtbot.addWidget(w)
    tab = w.tab(InvestigationTab)
    section = s.policy.checklist[0]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: (asked.append(a[2]), QMessageBox.StandardButton.Yes)[1])
    assert w.tab(InvestigationTab).mark_section_ok(section.code)
    assert all(item.label("zh_CN") in asked[0] or item.label("en") in asked[0] for item in section.items)
    results = {r["item"]: r["result"] for r in inv.checklist(s, c["id"])}
    assert all(results[i.code] == inv.CHECK_OK for i in section.items)
    assert sum(1 for v in results.values() if v is None) == len(results) - len(section.items)
    tab = w.tab(InvestigationTab)
    assert not tab.mark_section_ok(section.code)  # nothing left to mark: said, nothing saved
    assert "decided already" in tab.errors.text() or "已判定" in tab.errors.text()


def test_every_save_in_the_complaint_window_says_it_worked(qtbot, people):
    from qa_desk.core import investigation as inv
    from qa_desk.ui.complaint_window import ComplaintWindow
    from qa_desk.ui.tabs.investigation_tab import InvestigationTab

    c = flows.triaged(people)
    s = people["inspector"]
    inv.start(s, c["id"])
    w = ComplaintWindow(s, c["id"])
    qtbot.addWidget(w)
    assert w.saved_note.text() == ""
    tab = w.tab(InvestigationTab)
    tab.combos[0].setCurrentIndex(tab.combos[0].findData(inv.CHECK_OK))
    assert tab.save_checklist()
    assert w.saved_note.text().startswith("✓") and w.tabs.tabText(w.tabs.indexOf(w.tab(InvestigationTab))) \
        .replace("&&", "&") in w.saved_note.text()


def test_the_receipt_tab_shows_the_evidence_opens_it_and_takes_a_file_later(qtbot, people, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from qa_desk.ui.attachments_panel import AttachmentsPanel
    from qa_desk.ui.complaint_window import ComplaintWindow
    from tests.test_attachments import PNG

    c = flows.registered(people, attachments=[("photo.png", PNG)])
    w = ComplaintWindow(people["qahead"], c["id"])  # the QA head reviews with the evidence in view
    qtbot.addWidget(w)
    panel = w.findChild(AttachmentsPanel)
    assert panel.files.count() == 1 and not panel.files.item(0).icon().isNull()
    assert not w.findChild(type(panel.errors), "attachment_errors").text()
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    path = panel.open_item(panel.files.item(0))
    assert opened == [str(path)] and path.read_bytes() == PNG
    inspector = ComplaintWindow(people["inspector"], c["id"])
    qtbot.addWidget(inspector)
    panel = inspector.findChild(AttachmentsPanel)
    later = tmp_path / "补充照片.png"
    later.write_bytes(PNG)
    assert not panel.add(later, "")  # a reason is needed, and said next to the button
    assert panel.errors.text()
    assert panel.add(later, "投诉人补发")
    assert inspector.findChild(AttachmentsPanel).files.count() == 2
