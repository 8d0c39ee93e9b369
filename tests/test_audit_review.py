"""Audit-trail review: filters, routine entries collapsed, a signed periodic review that anchors the chain."""

from __future__ import annotations

from datetime import timedelta

import pytest

from qa_desk.core import audit_events, audit_review
from qa_desk.core.errors import DomainError
from qa_desk.core.verify import verify
from tests import flows
from tests.attacks import rewrite_chain
from tests.conftest import PASSWORDS


def test_trail_shows_changes_and_collapses_routine(people):
    c = flows.triaged(people)
    for _ in range(4):
        audit_events.viewed(people["qahead"], c["id"])
    head = people["qahead"]
    today = head.now().date()
    t = audit_review.trail(head, audit_review.TrailFilter(today, today))
    assert t.routine[(today.isoformat(), "qahead", "view")] == 4
    assert all(e["action"] != "view" for e in t.entries) and any(e["kind"] == "changes" for e in t.entries)
    only = audit_review.trail(head, audit_review.TrailFilter(today, today, username="qahead",
                                                             kinds=("changes", "signatures")))
    # the QA head's only own changes are their first login's password change, and its key re-wrapped
    assert {e["tbl"] for e in only.entries} == {"users", "keys"} and not only.routine
    by_record = audit_review.trail(head, audit_review.TrailFilter(today, today, number=c["number"]))
    assert by_record.entries and all(e["number"] == c["number"] for e in by_record.entries)
    with pytest.raises(DomainError, match="may not"):
        audit_review.trail(people["inspector"], audit_review.TrailFilter(today, today))


def test_signed_review_is_recorded_and_anchors_the_chain(people, db_path):
    flows.triaged(people)
    head = people["qahead"]
    today = head.now().date()
    with pytest.raises(DomainError) as err:
        audit_review.record_review(head, today, today - timedelta(days=1), "", PASSWORDS["qahead"], username=head.actor.username)
    assert {p.field for p in err.value.problems} == {"period", "findings"}
    with pytest.raises(DomainError):
        audit_review.record_review(head, today, today, "未发现异常", "wrong", username=head.actor.username)
    review = audit_review.record_review(head, today - timedelta(days=30), today, "未发现异常", PASSWORDS["qahead"], username=head.actor.username)
    assert review["signature_id"] and audit_review.reviews(head.db)[0]["signer_name"] == "王强"
    assert verify(head.db) == []
    # someone rewrites the reviewed part of the chain and recomputes every hash after it (triggers put back):
    # the seals over the rewritten span no longer verify, and the review's anchor no longer holds
    rewrite_chain(db_path, lambda e: e.update(reason="rewritten") if e["id"] == 3 else None)
    kinds = {f.kind for f in verify(head.db)}
    assert {"seal", "audit_review"} <= kinds and "audit_chain" not in kinds and "schema" not in kinds
