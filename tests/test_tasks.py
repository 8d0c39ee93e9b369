"""My tasks: derived from the records, and never a task the core would not offer (actions.available)."""

from __future__ import annotations

from qa_desk.core import actions, complaints, deadlines, intake, tasks, users
from tests import flows
from tests.conftest import add_user
from tests.flows import sign


def kinds(session, cid: int) -> set[str]:
    return {t.kind for t in tasks.for_user(session) if t.complaint_id == cid}


def test_tasks_follow_the_complaint_and_the_role(people):
    c = flows.registered(people, acknowledged_at=None)
    assert {"acknowledge", "triage"} <= kinds(people["inspector"], c["id"])
    assert kinds(people["qahead"], c["id"]) == set() and tasks.for_user(people["reception"]) == []
    c = flows.investigated(people)
    approval_kwargs = sign(people["inspector"], c["id"])
    from qa_desk.core import approval

    approval.submit(people["inspector"], c["id"], **approval_kwargs)
    assert "review" in kinds(people["qahead"], c["id"])
    assert "investigate" not in kinds(people["inspector"], c["id"])


def test_no_task_for_ones_own_proposal_or_void_request(people):
    both = add_user(people["admin"], "both", "兼任", ["inspector", "qa_head"], "Both-pass-1")
    c = flows.investigated(people)
    from qa_desk.core import approval

    approval.submit(both, c["id"], **sign(both, c["id"], "Both-pass-1"))
    assert "review" not in kinds(both, c["id"]) and "review" in kinds(people["qahead"], c["id"])
    t = flows.triaged(people)
    intake.request_void(people["inspector"], t["id"], reason="重复")
    assert "approve_void" in kinds(people["qahead"], t["id"])
    offered = actions.available(people["qahead"], complaints.get(people["qahead"].db, t["id"]))
    assert actions.Act.APPROVE_VOID in offered


def test_a_removed_role_empties_the_task_list_of_an_open_login(people):
    flows.registered(people)
    assert tasks.for_user(people["inspector"])
    users.set_roles(people["admin"], "inspector", ["reception"], reason="调岗")
    assert tasks.for_user(people["inspector"]) == []


def test_start_counts_and_task_rules_read_the_live_complaints_only(people):
    """The status bar's overdue count and My tasks run at every start; on an old file nine in ten complaints are
    archived, so each query must read the live ones through the status index, not walk every complaint or every
    unmet deadline (issue 14, item 11: 520 ms and 160 ms on 100,000 complaints, 90 % archived, before)."""
    from qa_desk.core import lifecycle

    s = people["qahead"]
    flows.triaged(people)
    conn = s.db.conn
    assert lifecycle.LIVE | lifecycle.FINAL == set(lifecycle.STATUS_ZH) and not lifecycle.LIVE & lifecycle.FINAL
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        deadlines.overdue_count(s.db, s.now())
    finally:
        conn.set_trace_callback(None)
    count_sql = next(q for q in seen if "count(*)" in q)  # as run, its time bound in the text
    plan = " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + count_sql))
    assert plan.startswith("SEARCH c USING COVERING INDEX idx_complaints_status"), plan
    for _role, kind, where, _zh, _en in tasks._RULES:
        sql = tasks._BASE + where + " ORDER BY coalesce(n.due_utc, '9999'), c.id LIMIT :limit"
        first = conn.execute("EXPLAIN QUERY PLAN " + sql, {"me": 1, "limit": 500}).fetchall()[0][3]
        assert not first.startswith("SCAN c") and "owner_id" not in first, (kind, first)
