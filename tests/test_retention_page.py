"""The Retention page's archive, one page at a time (issue 14, item 11): the core's one query gives a page of
archived records in number order, each with the date the retention rule gives it, the count of all that match,
and only the records past retention when asked; never an open or merely closed record."""

from __future__ import annotations

from qa_desk.core import closure, retention
from tests import flows
from tests.test_retention import archived, years_later


def _numbers(page: retention.ArchivedPage) -> list[str]:
    return [r["number"] for r in page.rows]


def test_the_archive_comes_a_page_at_a_time_in_number_order(people):
    made = [archived(people, expiry_date=f"204{i}-06-30") for i in range(5)]
    closed = flows.closable(people)
    closure.close(people["inspector"], closed["id"])  # closed, not archived: not on the page
    flows.triaged(people)  # open: never
    vp = people["qavp"]
    first = retention.archived_page(vp, limit=2)
    second = retention.archived_page(vp, offset=2, limit=2)
    last = retention.archived_page(vp, offset=4, limit=2)
    assert first.total == second.total == last.total == 5
    assert _numbers(first) + _numbers(second) + _numbers(last) == [c["number"] for c in made]
    assert (first.offset, second.offset, len(last.rows)) == (0, 2, 1)
    assert retention.archived_page(vp, offset=6, limit=2).rows == []
    for row in first.rows + second.rows + last.rows:  # the one rule, as the complaint window shows it
        full = flows.inv_get(vp, row["id"])
        assert row["retention_until"] == retention.retention_until(vp.db, full, vp.policy).isoformat()


def test_only_the_records_past_retention_when_asked(people):
    short = archived(people)  # kept the minimum of years after closure
    archived(people, expiry_date="2045-06-30")  # kept until a year after its expiry
    vp = people["qavp"]
    assert retention.archived_page(vp, only_due=True).total == 0
    years_later(people)
    due = retention.archived_page(vp, only_due=True)
    assert due.total == 1 and _numbers(due) == [short["number"]]
    assert retention.archived_page(vp).total == 2
    assert [r["number"] for r in retention.past_retention(vp)] == [short["number"]]
