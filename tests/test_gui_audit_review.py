"""The audit-trail review screen: a page at a time with newer/older, the period's counts, entries in words."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qa_desk.core import audit_events, audit_review  # noqa: E402
from qa_desk.ui.i18n import set_language  # noqa: E402
from tests import flows  # noqa: E402


def _column(view, j: int) -> list[str]:
    return [view.table.item(i, j).text() for i in range(view.table.rowCount())]


def _view(qtbot, session):
    from qa_desk.ui.audit_review_view import AuditReviewView

    view = AuditReviewView(session)
    qtbot.addWidget(view)
    return view


def test_the_review_pages_through_the_period(qtbot, people, monkeypatch):
    set_language("zh_CN")
    monkeypatch.setattr(audit_review, "PAGE", 10)
    c = flows.triaged(people)
    audit_events.viewed(people["qahead"], c["id"])
    view = _view(qtbot, people["qahead"])
    total = view._summary.listed
    assert view.table.rowCount() == 10 and total > 20
    assert view.position.text() == f"第 1–10 条，共 {total} 条"
    assert not view.newer.isEnabled() and view.older.isEnabled()
    first = _column(view, 5)
    view.older.click()
    assert view.position.text() == f"第 11–20 条，共 {total} 条" and _column(view, 5) != first
    assert view.newer.isEnabled()
    view.newer.click()
    assert _column(view, 5) == first and not view.newer.isEnabled()
    while view.older.isEnabled():
        view.older.click()
    assert view.position.text().endswith(f"–{total} 条，共 {total} 条")
    # a narrower filter starts again at its first page
    view.number.setText(c["number"])
    view.refresh()
    assert view.position.text().startswith("第 1–") and set(_column(view, 4)) == {c["number"]}


def test_the_review_shows_actions_and_values_in_words(qtbot, people):
    set_language("zh_CN")
    c = flows.triaged(people)
    audit_events.viewed(people["qahead"], c["id"])
    view = _view(qtbot, people["qahead"])
    view.number.setText(c["number"])
    view.refresh()
    actions, details = _column(view, 3), _column(view, 5)
    assert "完成分类" in actions and "登记了投诉" in actions
    assert not any(ch.isascii() and ch.isalpha() for a in actions for ch in a), actions
    assert not any("{" in d or '":' in d for d in details), details
    assert any("由「已确认收悉」改为「已分类」" in d or "改为「已分类」" in d for d in details), details
    assert "查看 × 1" in view.routine.toPlainText() and "view" not in view.routine.toPlainText()
    set_language("en")
    try:
        view.refresh()
        assert "triaged" in _column(view, 3) and any("from '" in d for d in _column(view, 5))
        assert "viewed × 1" in view.routine.toPlainText()
    finally:
        set_language("zh_CN")


def test_a_period_that_ends_before_it_starts_is_said_and_keeps_the_page(qtbot, people):
    set_language("zh_CN")
    flows.triaged(people)
    view = _view(qtbot, people["qahead"])
    rows = view.table.rowCount()
    view.date_from.setDate(view.date_to.date().addDays(1))
    view.refresh()
    assert "结束日期早于开始日期" in view.errors.text() and view.table.rowCount() == rows


def test_a_long_period_shows_its_first_page_at_once_and_counts_a_stretch_at_a_time(qtbot, people, clock):
    set_language("zh_CN")
    c = flows.triaged(people)
    head = people["qahead"]
    clock.advance(days=70)
    audit_events.viewed(head, c["id"])
    view = _view(qtbot, head)
    view.date_from.setDate(view.date_to.date().addDays(-99))  # four stretches of 31 days
    view.refresh()
    assert view.counting and "正在统计" in view.position.text() and view.table.rowCount() > 0
    qtbot.waitUntil(lambda: not view.counting)
    f = view.current_filter()
    whole = audit_review.summary(head, f)
    assert view._summary == whole and view.position.text().endswith(f"共 {whole.listed} 条")
    assert len(audit_review.stretches(head, f)) == 4 and "查看 × 1" in view.routine.toPlainText()
    view.refresh()
    view.refresh()  # a refresh while counting starts the count again, once
    qtbot.waitUntil(lambda: not view.counting)
    assert view._summary == whole


def test_the_review_fits_a_laptop_screen_beside_the_navigation(qtbot, people):
    for lang in ("zh_CN", "en"):
        set_language(lang)
        hint = _view(qtbot, people["qahead"]).minimumSizeHint()
        assert hint.width() <= 1000 and hint.height() <= 600, (lang, hint)
    set_language("zh_CN")
