"""Screen text (issue 14, item 8): an "&" in data shows as "&" on tabs and check boxes (not as a shortcut
marker), table columns are at least as wide as their header text (the audit review's user column is not elided),
and Qt's own dialogs speak the chosen language (保存 / 取消 on a message box in Chinese, Save in English)."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QFileDialog, QMessageBox

from qa_desk.ui.i18n import set_language
from tests.conftest import add_user


@pytest.fixture(autouse=True)
def restore_language():
    yield
    set_language("zh_CN")


def shown(interface) -> str:
    """The text as Qt draws it (shortcut markers taken out), read through the accessibility interface."""
    return interface.text(QAccessible.Text.Name)


# --- "&" in data ----------------------------------------------------------------------------------------------
def test_an_ampersand_in_a_policy_label_is_shown_on_tabs_and_check_boxes(qtbot, people, monkeypatch):
    from qa_desk.ui.triage_view import TriageView
    from qa_desk.ui.users_dialogs import RoleBoxes

    set_language("en")
    policy = people["inspector"].policy
    monkeypatch.setitem(policy.classes, "II", dataclasses.replace(policy.classes["II"], en="Major & urgent"))
    roles = tuple(dataclasses.replace(t, en="R&D lead") if t.code == "inspector" else t for t in policy.vocab["role"])
    monkeypatch.setitem(policy.vocab, "role", roles)
    view = TriageView(people["inspector"])
    qtbot.addWidget(view)
    tabs = QAccessible.queryAccessibleInterface(view.tabs)
    assert "Major & urgent" in [shown(tabs.child(i)) for i in range(tabs.childCount())]
    boxes = RoleBoxes(people["admin"])
    qtbot.addWidget(boxes)
    assert shown(QAccessible.queryAccessibleInterface(boxes.boxes["inspector"])) == "R&D lead"


# --- headers sized to their text ------------------------------------------------------------------------------
def narrow_columns(table) -> list[tuple[str, int, int]]:
    """(header text, column width, width needed) of every column whose header Qt would elide: narrower than the
    text with the header's margins and sort arrow (what the header itself says it needs)."""
    header = table.horizontalHeader()
    out = []
    for col in range(table.model().columnCount()):
        text = str(table.model().headerData(col, Qt.Orientation.Horizontal))
        need = max(header.fontMetrics().horizontalAdvance(text), header.sectionSizeHint(col))
        if header.sectionSize(col) < need:
            out.append((text, header.sectionSize(col), need))
    return out


@pytest.fixture
def app_font(qapp):
    """The font the app installs at start (10 pt, the shipped CJK font), as a user sees the headers."""
    from qa_desk.ui.fonts import install_app_font

    before = qapp.font()
    install_app_font(qapp)
    yield
    qapp.setFont(before)


def build_views(qtbot, people) -> dict:
    from qa_desk.ui.admin_view import AdminView
    from qa_desk.ui.audit_review_view import AuditReviewView
    from qa_desk.ui.holds_view import HoldsView
    from qa_desk.ui.registrations_view import RegistrationsView
    from qa_desk.ui.tasks_view import TasksView
    from qa_desk.ui.triage_view import TriageView

    views = {"triage": (TriageView(people["inspector"]), "table"),
             "tasks": (TasksView(people["qahead"]), "table"),
             "holds": (HoldsView(people["inspector"]), "table"),
             "registrations": (RegistrationsView(people["reception"]), "table"),
             "users": (AdminView(people["admin"]), "users"),
             "audit review": (AuditReviewView(people["qahead"]), "table")}
    for view, _ in views.values():
        qtbot.addWidget(view)
        view.resize(1200, 700)
        view.show()
    return views  # the views themselves kept: their tables die with them


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_column_is_as_wide_as_its_header_text(qtbot, people, lang, app_font):
    from tests import flows

    set_language(lang)
    flows.registered(people)
    for name, (view, attr) in build_views(qtbot, people).items():
        table = getattr(view, attr)
        assert table.model().columnCount() >= 4, name
        assert not narrow_columns(table), (name, narrow_columns(table))


def test_the_audit_reviews_user_column_shows_the_whole_name(qtbot, people, app_font):
    from qa_desk.ui.audit_review_view import AuditReviewView

    set_language("en")
    add_user(people["admin"], "amontgomery", "Alexandra Montgomery-Smith (QC)", ["inspector"], "Long-pass-1")
    view = AuditReviewView(people["qahead"])
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    table = view.table
    users = [table.item(r, 1).text() for r in range(table.rowCount())]
    longest = max(users, key=table.fontMetrics().horizontalAdvance)
    assert "Montgomery-Smith" in longest
    assert table.columnWidth(1) >= table.fontMetrics().horizontalAdvance(longest)  # not "Alexandra Mont…"


# --- Qt's own dialogs -----------------------------------------------------------------------------------------
def standard_texts() -> dict[str, str]:
    box = QMessageBox()
    buttons = QMessageBox.StandardButton
    box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel | buttons.Yes | buttons.No)
    return {name: box.button(getattr(buttons, name)).text() for name in ("Save", "Discard", "Cancel", "Yes", "No")}


def test_message_box_buttons_speak_the_chosen_language(qapp):
    set_language("zh_CN")
    texts = standard_texts()
    assert (texts["Save"], texts["Cancel"]) == ("保存", "取消")
    assert texts["Discard"] == "丢弃"  # Qt's own catalogue (qtbase_zh_CN) says 丢弃
    assert texts["Yes"].startswith("是") and texts["No"].startswith("否")
    set_language("en")  # switching back takes Qt's catalogue away again
    assert standard_texts() == {"Save": "Save", "Discard": "Discard", "Cancel": "Cancel", "Yes": "&Yes", "No": "&No"}


def test_file_dialogs_speak_the_chosen_language(qapp, monkeypatch):
    from PySide6.QtCore import QLocale

    from qa_desk.ui import i18n

    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("en_US")))
    set_language("zh_CN")  # English system, Chinese chosen: Qt's own dialog, which Qt's catalogue translates
    assert QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    dialog = QFileDialog()
    assert dialog.labelText(QFileDialog.DialogLabel.Reject) == "取消"
    assert dialog.labelText(QFileDialog.DialogLabel.FileName).startswith("文件名")
    set_language("en")  # the system speaks it too: its own dialog
    assert not QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("zh_CN")))
    i18n.install(qapp)
    assert QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
