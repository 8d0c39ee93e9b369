"""Deadlines on the official working-day calendar: holidays, 调休 Saturdays, unknown years, extensions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from qa_desk.core import closure, deadlines, workcal
from qa_desk.core.errors import DomainError
from qa_desk.core.workcal import WorkCalendar
from tests import flows
from tests.conftest import CST


def _due(base, received: datetime, channel="letter", klass=None) -> dict[str, datetime]:
    cal = WorkCalendar.load(base.db)
    return {k: v[0] for k, v in deadlines.due_dates(base.policy, received, channel, klass, cal).items()}


def test_calendar_seeded_from_library(base):
    cal = WorkCalendar.load(base.db)
    assert cal.year_known(2026) and cal.year_known(2004)
    assert not cal.is_workday(date(2026, 10, 1))  # National Day, a Thursday
    assert cal.is_workday(date(2026, 10, 10))  # the make-up Saturday (调休)
    assert not cal.is_workday(date(2026, 10, 11))  # an ordinary Sunday


def test_deadlines_cross_national_day_and_makeup_saturday(base):
    # Monday 28 Sep 2026: the holiday runs 1–7 Oct; Saturday 10 Oct is a working day.
    due = _due(base, datetime(2026, 9, 28, 10, 0, tzinfo=CST))
    assert due["acknowledge"] == datetime(2026, 9, 29, 10, 0, tzinfo=CST)  # 24 calendar hours
    assert due["first_reply"].date() == date(2026, 9, 30)  # 2 working days: 29, 30
    assert due["investigation"].date() == date(2026, 10, 8)  # 29, 30, (holiday), 8
    assert due["decision"].date() == date(2026, 10, 13)  # ..., 8, 9, Sat 10 (调休), 12, 13
    assert due["closure"].date() == date(2026, 10, 23)


def test_same_day_reply_for_phone(base):
    due = _due(base, datetime(2026, 9, 28, 10, 0, tzinfo=CST), channel="phone")
    assert due["first_reply"] == datetime(2026, 9, 28, 23, 59, 59, tzinfo=CST)


def test_class_iv_closes_within_a_week(base):
    due = _due(base, datetime(2026, 9, 28, 10, 0, tzinfo=CST), klass="IV")
    assert due["closure"].date() == date(2026, 10, 5)


def test_unknown_year_falls_back_with_warning(people, clock):
    clock.set(datetime(2027, 3, 1, 9, 0, tzinfo=CST))
    c = flows.registered(people)
    rows = deadlines.rows_for(people["inspector"].db, c["id"])
    inv = next(r for r in rows if r["kind"] == "investigation")
    assert inv["calendar_warning"] == "2027"
    assert inv["due_at"].startswith("2027-03-04")  # Mon–Fri fallback
    assert "2027" in workcal.unknown_year_warning(2027).zh


def test_admin_enters_a_year_and_imports_a_file(people, clock):
    admin = people["admin"]
    text = "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,holiday,春节\n2027-02-07,workday,春节调休\n"
    workcal.import_year_csv(admin, 2027, text)
    cal = WorkCalendar.load(admin.db)
    assert cal.year_known(2027) and not cal.is_workday(date(2027, 1, 1)) and cal.is_workday(date(2027, 2, 7))
    with pytest.raises(DomainError) as err:
        workcal.import_year_csv(admin, 2027, "2027-01-01,holiday\n2027-13-01,holiday\n2027-01-05,maybe\n")
    assert len(err.value.problems) == 2  # both bad lines are named, nothing imported
    assert WorkCalendar.load(admin.db).is_workday(date(2027, 2, 7))
    with pytest.raises(DomainError):
        workcal.import_year_csv(people["inspector"], 2027, text)  # only the administrator


def test_states_due_soon_overdue_met(people, clock):
    c = flows.registered(people)
    ack = next(r for r in deadlines.rows_for(people["inspector"].db, c["id"]) if r["kind"] == "acknowledge")
    assert deadlines.state(ack, clock.now(), 24) == "due_soon"
    assert deadlines.state(ack, clock.now() + timedelta(hours=30), 24) == "overdue"
    assert deadlines.overdue_count(people["inspector"].db, clock.now() + timedelta(hours=30)) >= 1
    clock.advance(hours=30)
    from qa_desk.core import intake

    intake.acknowledge(people["inspector"], c["id"], method="phone")
    ack = next(r for r in deadlines.rows_for(people["inspector"].db, c["id"]) if r["kind"] == "acknowledge")
    assert deadlines.state(ack, clock.now(), 24) == "met_late"


def test_extension_needs_head_and_is_capped_at_30_days(people):
    c = flows.triaged(people)
    s, head = people["inspector"], people["qahead"]
    before = {r["kind"]: r["due_at"] for r in deadlines.rows_for(s.db, c["id"])}
    ext = closure.request_extension(s, c["id"], days=20, reason="等待留样全项检验")
    with pytest.raises(DomainError):
        closure.decide_extension(s, ext["id"], approve=True, complainant_notified=True)  # not a QA head
    with pytest.raises(DomainError) as err:
        closure.decide_extension(head, ext["id"], approve=True)  # complainant not told
    assert err.value.problems[0].field == "notified"
    closure.decide_extension(head, ext["id"], approve=True, complainant_notified=True)
    after = {r["kind"]: r["due_at"] for r in deadlines.rows_for(s.db, c["id"])}
    assert datetime.fromisoformat(after["closure"]) - datetime.fromisoformat(before["closure"]) == timedelta(days=20)
    with pytest.raises(DomainError) as err:
        closure.request_extension(s, c["id"], days=11, reason="再延期")
    assert "30" in err.value.message("zh_CN")
    closure.request_extension(s, c["id"], days=10, reason="再延期")
