"""A broad search and a narrow one are read by different plans (listing.Search); both must list the same
complaints in the same order with the same total, for every filter, sort and page size."""

from __future__ import annotations

import pytest

from qa_desk.core import listing
from tests import flows

TEXTS = ("胶囊破损，内有异物。", "片剂变色，批号 240512，规格 100mg。", "標籤印刷錯誤", "包装质量差，瓶盖松动",
         "Capsules broken, 50mg strength", "说明书缺失")
DEFECTS = ("closure_broken", "label_error", "wrong_product")  # Class III, II and I


@pytest.fixture
def office(people):
    """Eighteen complaints: different texts, classes, statuses; one voided, one Class I still pinned."""
    made = []
    for i in range(18):
        text = TEXTS[i % len(TEXTS)]
        if i % 4 == 3:
            made.append(flows.registered(people, description=text, batch_no=f"2405{i:02d}"))
        else:
            tri = flows.triage_input(defect_type=DEFECTS[i % 3])
            made.append(flows.triaged(people, tri, description=text, batch_no=f"2405{i:02d}"))
    flows.void(people, made[3]["id"])
    return made


FILTERS = [dict(), dict(open_only=True), dict(classes=("II",)), dict(open_only=True, classes=("III",)),
           dict(sort="product", descending=False), dict(sort="due"), dict(sort="number"),
           dict(statuses=("registered",)), dict(mine=True, open_only=True)]


@pytest.mark.parametrize("text", ["破", "质", "質", "mg", "05", "12", "胶囊破损", "Capsules", "zz", "差"])
def test_broad_and_narrow_plans_list_the_same(people, office, monkeypatch, text):
    s = people["inspector"]
    for extra in FILTERS:
        f = listing.TriageFilter(text=text, **extra)
        got = {}
        for factor in (0.0, 1e12):  # every search broad, every search narrow
            monkeypatch.setattr(listing, "BROAD_FACTOR", factor)
            cursor = listing.Cursor(s.db, f, user_id=s.actor.id, now=s.now())
            pages = []
            while not cursor.done:
                pages += cursor.next_page(4)
            got[factor] = (pages, cursor.total())
            assert cursor.total() == len(pages), (text, extra, factor)
        assert got[0.0] == got[1e12], (text, extra)


def test_a_broad_search_is_planned_broad(people, office, monkeypatch):
    s = people["inspector"]
    monkeypatch.setattr(listing, "PAGE_SIZE", 1)
    assert listing.Search.plan(s.db, "mg").broad  # 6 of 18: 36 >= 1 * 1 * 18
    assert not listing.Search.plan(s.db, "破").broad  # 3 of 18: 9 < 18
    assert not listing.Search.plan(s.db, "胶囊破损异物说明").broad
    assert listing.Search.plan(s.db, "   ") is None
    assert listing.Search.plan(s.db, "，。").matches == 0


def test_open_statuses_are_the_files_own(people, office):
    s = people["inspector"]
    held = listing.open_statuses(s.db)
    assert "voided" not in held and "triaged" in held
    statuses = {r[0] for r in s.db.conn.execute("SELECT DISTINCT status FROM complaints")}
    assert "voided" in statuses and set(held) == statuses - set(listing.FINAL)
