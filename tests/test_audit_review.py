"""Audit-trail review: filters, routine entries collapsed, a signed periodic review that anchors the chain."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from qa_desk.core import audit_events, audit_review
from qa_desk.core.errors import DomainError
from qa_desk.core.verify import verify
from tests import flows
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
    # the QA head's only own changes are their first login's password change
    assert all(e["tbl"] == "users" for e in only.entries) and not only.routine
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
    # someone rewrites the reviewed part of the chain and recomputes every hash after it: the anchor catches it
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    from qa_desk.store.audit import ENTRY_FIELDS, entry_hash

    rows = conn.execute(f"SELECT id, prev_hash, {', '.join(ENTRY_FIELDS[1:])} FROM audit_log ORDER BY id").fetchall()
    prev = "0" * 64
    for r in rows:
        e = dict(zip(["id", "prev_hash", *ENTRY_FIELDS[1:]], r, strict=True))
        if e["id"] == 3:
            e["reason"] = "rewritten"
        h = entry_hash(prev, e)
        conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ?, reason = ? WHERE id = ?", (prev, h, e["reason"],
                                                                                                e["id"]))
        prev = h
    conn.commit()
    conn.close()
    findings = verify(head.db)
    assert "audit_review" in [f.kind for f in findings]  # only the anchor can see a fully recomputed chain
