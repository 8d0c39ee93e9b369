"""The related complaints a record lists (issue 15, item 5): the same batch first, then the same product, received
in the 12 months before the complaint (not before the print), capped with a line naming the rest; only the forms
that print the list compute it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from qa_desk.core import complaints, related
from qa_desk.documents import forms
from qa_desk.documents.record import complaint_record
from tests import flows
from tests.conftest import CST


def on(people, days_ago: float, **over) -> dict:
    """A complaint received ``days_ago`` days before the test clock's now."""
    s = people["inspector"]
    return flows.registered(people, received_at=s.now() - timedelta(days=days_ago), **over)


def test_window_is_the_twelve_months_before_the_complaint():
    assert related.window_start("2026-09-28T09:00:00+08:00") == "2025-09-28T09:00:00+08:00"
    assert related.window_start("2024-02-29T10:00:00+00:00") == "2023-02-28T10:00:00+00:00"
    assert related.window_start("2026-03-31T10:00:00+00:00", months=1) == "2026-02-28T10:00:00+00:00"


def test_batch_first_then_product_only_before_and_within_the_window(people):
    target = on(people, 100, batch_no="B1")
    same_batch_old = on(people, 300, batch_no="B1")
    same_batch_new = on(people, 150, batch_no="B1")
    product_recent = on(people, 120, batch_no="B2")
    product_no_batch = on(people, 110, batch_no=None)
    too_old = on(people, 100 + 370, batch_no="B1")
    later = on(people, 50, batch_no="B1")  # received after the complaint: not related to its investigation
    other_product = on(people, 130, product_name="布洛芬缓释胶囊", batch_no="B1")
    found = related.for_complaint(people["inspector"].db, complaints.get(people["inspector"].db, target["id"]))
    assert [r["id"] for r in found.rows] == [same_batch_new["id"], same_batch_old["id"], product_no_batch["id"],
                                             product_recent["id"]]  # newest first within each link
    assert [r["link"] for r in found.rows] == ["batch", "batch", "product", "product"]
    ids = {r["id"] for r in found.rows}
    assert not ids & {too_old["id"], later["id"], other_product["id"], target["id"]}
    assert (found.batch_total, found.product_total, found.more) == (2, 2, 0)


def test_voided_complaints_are_not_related(people):
    target = on(people, 10)
    gone = on(people, 20)
    flows.void(people, gone["id"])
    found = related.for_complaint(people["inspector"].db, complaints.get(people["inspector"].db, target["id"]))
    assert found.total == 0


def test_a_complaint_without_batch_lists_its_product(people):
    target = on(people, 10, batch_no=None)
    a, b = on(people, 20, batch_no=None), on(people, 30, batch_no="X9")
    found = related.for_complaint(people["inspector"].db, complaints.get(people["inspector"].db, target["id"]))
    assert [r["id"] for r in found.rows] == [a["id"], b["id"]] and found.batch_total == 0


def test_capped_with_a_line_that_says_how_many_more_and_where(people, tmp_path):
    s = people["inspector"]
    target = on(people, 1, batch_no="B7")
    for i in range(3):
        on(people, 2 + i, batch_no="B7")
    for i in range(related.CAP + 2):
        on(people, 10 + i, batch_no=f"P{i}")
    found = related.for_complaint(s.db, complaints.get(s.db, target["id"]))
    assert len(found.rows) == related.CAP and [r["link"] for r in found.rows[:3]] == ["batch"] * 3
    assert (found.batch_total, found.product_total, found.more) == (3, related.CAP + 2, 5)
    record = complaint_record(s, target["id"], related=True)
    assert len(record["related"]) == related.CAP
    assert "另有 5 条未列出" in record["related_more"] and "and 5 more" in record["related_more"]
    assert "阿莫西林胶囊" in record["related_more"]
    out = forms.print_complaint(s, target["id"], "investigation", tmp_path / "inv.pdf")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "and 5 more" in text and "not covered by this record" in text


@pytest.mark.parametrize("form, lists", [("receipt", False), ("capa", False), ("investigation", True)])
def test_only_the_forms_that_print_the_list_compute_it(people, tmp_path, monkeypatch, form, lists):
    s = people["inspector"]
    target = on(people, 1)
    on(people, 5)
    calls = []
    real = related.for_complaint
    monkeypatch.setattr(related, "for_complaint", lambda *a, **k: calls.append(1) or real(*a, **k))
    forms.print_complaint(s, target["id"], form, tmp_path / f"{form}.pdf")
    assert bool(calls) is lists
    assert forms.prints_related(forms.pdf.form(form)) is lists


def test_the_list_is_the_same_printed_today_or_a_year_later(people, clock):
    s = people["inspector"]
    target = on(people, 10)
    before = on(people, 40)
    first = complaint_record(s, target["id"], related=True)["related"]
    clock.set(datetime(2027, 10, 1, 9, 0, tzinfo=CST))
    on(people, 5)  # on the product, but received a year after the complaint
    assert complaint_record(s, target["id"], related=True)["related"] == first
    assert [r["number"] for r in first] == [before["number"]]
