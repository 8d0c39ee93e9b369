"""Complaint numbers: per year, gapless, never reused, and distinct under two processes at once."""

from __future__ import annotations

import multiprocessing as mp
from datetime import datetime

import pytest

from qa_desk.core import intake, settings
from qa_desk.core.errors import DomainError
from tests import flows
from tests.conftest import CST


def test_numbers_follow_year_and_sequence(people, clock):
    a = flows.registered(people)
    b = flows.registered(people)
    assert (a["number"], b["number"]) == ("TS-2026-0001", "TS-2026-0002")
    intake.void(people["inspector"], b["id"], reason="误登记")
    c = flows.registered(people)
    assert c["number"] == "TS-2026-0003"  # the voided number is kept, never reused
    clock.set(datetime(2027, 1, 2, 9, 0, tzinfo=CST))
    d = flows.registered(people)
    assert d["number"] == "TS-2027-0001"


def test_refused_registration_takes_no_number(people):
    with pytest.raises(DomainError):
        flows.registered(people, product_name="")
    assert flows.registered(people)["number"] == "TS-2026-0001"


def test_pattern_is_configurable_and_checked(people):
    settings.put(people["admin"], "number_pattern", "QA{year}-{seq:05d}")
    assert flows.registered(people)["number"] == "QA2026-00001"
    with pytest.raises(DomainError):
        settings.put(people["admin"], "number_pattern", "QA-{seq}")


def _register_many(path: str, username: str, password: str, n: int, barrier, out) -> None:
    from qa_desk.core import users
    from qa_desk.core.database import open_database
    from qa_desk.core.session import Session

    db = open_database(path).db
    session = users.login(Session(db), username, password)
    barrier.wait()
    numbers = [intake.register(session, flows.draft(session))["number"] for _ in range(n)]
    out.put(numbers)


def test_two_processes_get_distinct_consecutive_numbers(people, db_path):
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_register_many, args=(str(db_path), name, people.password(name), 15, barrier, out))
             for name in ("inspector", "inspector2")]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    numbers = sorted(results[0] + results[1])
    assert len(set(numbers)) == 30
    assert numbers == [f"TS-2026-{i:04d}" for i in range(1, 31)]
