"""The history tab as a tree: one row per save, opened to show its changes; names, not login names."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget

from qa_desk.core import investigation as inv
from qa_desk.ui.complaint_window import ComplaintWindow
from qa_desk.ui.i18n import set_language
from qa_desk.ui.tabs.history_tab import HistoryTab
from tests import flows


def _top_texts(tree: QTreeWidget) -> list[tuple[str, str, int]]:
    return [(tree.topLevelItem(i).text(1), tree.topLevelItem(i).text(2), tree.topLevelItem(i).childCount())
            for i in range(tree.topLevelItemCount())]


def test_history_tree_shows_one_checklist_save_as_one_row(qtbot, people, clock):
    set_language("zh_CN")
    s = people["inspector"]
    c = flows.triaged(people)
    clock.sleep(60)
    inv.start(s, c["id"])
    clock.sleep(60)
    decisions = inv.section_all_ok(s, c["id"], "sample")
    inv.decide_items(s, c["id"], decisions)
    w = ComplaintWindow(s, c["id"])
    qtbot.addWidget(w)
    tree = w.findChild(QTreeWidget, "history")
    assert isinstance(tree, HistoryTab)
    rows = _top_texts(tree)
    checklist = [r for r in rows if r[1] == f"判定了 {len(decisions)} 个检查项"]
    assert checklist == [("张伟", f"判定了 {len(decisions)} 个检查项", len(decisions))]
    assert all(who != "inspector" for who, _, _ in rows)
    top = tree.topLevelItem(rows.index(checklist[0]))
    assert not top.isExpanded()
    tree.expandItem(top)
    assert top.isExpanded()
    details = [top.child(j).text(2) for j in range(top.childCount())]
    assert any("「已向投诉人索要样品」" in d and "符合" in d for d in details)
    assert tree.texts().count(f"判定了 {len(decisions)} 个检查项") == 1


def test_history_tree_in_english(qtbot, people, clock):
    set_language("en")
    try:
        s = people["inspector"]
        c = flows.triaged(people)
        clock.sleep(60)
        inv.start(s, c["id"])
        clock.sleep(60)
        inv.decide_item(s, c["id"], "sample_intact", result="ok")
        tree = HistoryTab(s, c["id"])
        qtbot.addWidget(tree)
        assert tree.headerItem().text(2) == "What was done"
        last = tree.topLevelItem(tree.topLevelItemCount() - 1)
        assert last.childCount() == 0  # a save of one change has no children
        assert last.text(1) == "张伟" and "'Packaging intact and seal tight'" in last.text(2)
    finally:
        set_language("zh_CN")
