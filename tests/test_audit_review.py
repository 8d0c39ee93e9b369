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


def _all_listed(session, f) -> list[int]:
    """Every listed entry of the period, newest first, read the slow way (the old review's full scan)."""
    start, end = audit_review._bounds(f, session)
    out = []
    for r in session.db.conn.execute("SELECT id, at, action, tbl, username FROM audit_log WHERE at >= ? AND at < ? "
                                     "ORDER BY at DESC, id DESC", (start, end)):
        if audit_review.kind_of(r["action"], r["tbl"]) in set(f.kinds) - {"routine"} and \
                f.username in (None, r["username"]):
            out.append(r["id"])
    return out


def test_kind_sql_and_kind_of_agree():
    """The page filter (SQL) and the counts (named in Python) classify an entry the same way."""
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE audit_log (action TEXT, tbl TEXT)")
    cases = [(a, t) for a in ("view", "print", "login", "backup", "refused", "sign", "review", "approve", "destroy",
                              "key_endorsed_sign", "triage", "register", "change", "capa_status", "restore")
             for t in (None, "complaints", "signatures")]
    conn.executemany("INSERT INTO audit_log VALUES (?, ?)", cases)
    got = conn.execute(f"SELECT action, tbl, {audit_review.KIND_SQL} FROM audit_log a").fetchall()
    assert [(a, t, audit_review.kind_of(a, t)) for a, t in cases] == got


def test_pages_walk_the_whole_period_newest_first_without_gaps_or_repeats(people, clock):
    head = people["qahead"]
    for _ in range(3):
        c = flows.triaged(people)
        audit_events.viewed(head, c["id"])
        clock.advance(minutes=3)
    today = head.now().date()
    f = audit_review.TrailFilter(today, today)
    walked, after = [], None
    while True:
        rows, after = audit_review.page(head, f, after=after, size=7)  # many entries share a second: ties by id
        assert len(rows) <= 7 and all(r["kind"] != "routine" for r in rows)
        walked += [r["id"] for r in rows]
        if after is None:
            break
    assert walked == _all_listed(head, f) and len(walked) > 14
    assert audit_review.summary(head, f).listed == len(walked)
    # one user's, one complaint's: the same walk, filtered
    mine = audit_review.TrailFilter(today, today, username="inspector", kinds=("changes",))
    rows, _ = audit_review.page(head, mine, size=1000)
    assert [r["id"] for r in rows] == _all_listed(head, mine) and {r["username"] for r in rows} == {"inspector"}
    one = audit_review.TrailFilter(today, today, number=c["number"])
    rows, _ = audit_review.page(head, one, size=1000)
    assert rows and {r["number"] for r in rows} == {c["number"]}
    assert audit_review.summary(head, one).routine == {(today.isoformat(), "qahead", "view"): 1}


def test_routine_entries_are_counted_by_sql_and_never_listed(people):
    c = flows.triaged(people)
    head = people["qahead"]
    for _ in range(5):
        audit_events.viewed(head, c["id"])
    today = head.now().date()
    s = audit_review.summary(head, audit_review.TrailFilter(today, today))
    assert s.routine[(today.isoformat(), "qahead", "view")] == 5 and s.counts["routine"] == sum(s.routine.values())
    assert s.counts["changes"] and s.listed == s.counts["changes"] + s.counts["signatures"] + s.counts["refusals"]
    without = audit_review.summary(head, audit_review.TrailFilter(today, today, kinds=("changes",)))
    assert not without.routine and set(without.counts) == {"changes"}
    rows, _ = audit_review.page(head, audit_review.TrailFilter(today, today, kinds=("routine",)))
    assert rows == []  # routine entries are counts only
    with pytest.raises(DomainError, match="ends before"):
        audit_review.summary(head, audit_review.TrailFilter(today, today - timedelta(days=1)))


def test_entries_read_in_words_in_both_languages(people):
    c = flows.triaged(people)
    head = people["qahead"]
    today = head.now().date()
    rows, _ = audit_review.page(head, audit_review.TrailFilter(today, today, number=c["number"]), size=1000)
    words = audit_review.Words(head)
    triage = next(r for r in rows if r["action"] == "triage")
    zh, en = words.details(triage, "zh_CN"), words.details(triage, "en")
    assert words.action(triage, "zh_CN") == "完成分类" and words.action(triage, "en") == "triaged"
    assert "分类" in zh and "由「" in zh and "{" not in zh and "status" not in zh and "triaged" not in zh
    assert "from '" in en and "{" not in en
    register = next(r for r in rows if r["action"] == "register")
    assert "{" not in words.details(register, "zh_CN") and "产品名称" in words.details(register, "zh_CN")
    assert words.record(register, "zh_CN") == c["number"] and "（inspector）" in words.who(register)
    # every action the trail holds has words; in Chinese none shows its key
    for action in {r["action"] for r in head.db.conn.execute("SELECT DISTINCT action FROM audit_log")}:
        assert not any(ch.isascii() and ch.isalpha() for ch in audit_review.action_words(action, "zh_CN")), action
    assert audit_review.action_words("unlock_failed", "zh_CN") == "密码验证失败"
    users_row = next(r for r in audit_review.page(head, audit_review.TrailFilter(today, today, username="qahead"),
                                                  size=1000)[0] if r["tbl"] == "users")
    assert words.record(users_row, "zh_CN").startswith("用户")


def test_a_fishbone_reads_by_its_categories_names(people):
    from qa_desk.core.audit_review import Words

    words = Words(people["qahead"])
    text = words.value("complaints", "fishbone", '{"machine": ["张力控制器老化"], "method": ["换卷后未做首件确认"]}',
                       "zh_CN")
    assert "machine" not in text and "张力控制器老化" in text and text.startswith("机")
    assert "Method" in words.value("complaints", "fishbone", '{"method": ["no first-piece check"]}', "en")
