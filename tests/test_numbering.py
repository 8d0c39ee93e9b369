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


# --- the one rule of a complaint number: letters, digits and "-" ---------------------------------------------

BAD_NUMBERS = ["../../x", "a/b", "C:\\x", "TS 2026 0001", "ＴＳ-2026-0001", "TS-2026\x00-1", "TS-\u202e1000",
               "TS-2026-0001\n../x", "-rf", "TS--1", "TS_2026_1", "CON:", "x" * 41]


@pytest.mark.parametrize("number", BAD_NUMBERS)
def test_a_number_that_is_not_letters_digits_and_dashes_is_refused(number):
    from qa_desk.core import numbering
    from qa_desk.core import validation as V

    p = V.number_problem(number)
    assert p is not None and "letters A–Z, digits and '-'" in p.en and "英文字母、数字和“-”" in p.zh
    assert all(ch.isprintable() for ch in p.en + p.zh)  # the message shows invisible characters as escapes
    with pytest.raises(DomainError) as err:
        numbering.require_valid(number)
    assert err.value.code == "bad_number"


@pytest.mark.parametrize("number", ["TS-2026-0042", "QA2026-00001", "OLD-1", "20190001", "a"])
def test_numbers_of_the_rule_pass(number):
    from qa_desk.core import validation as V

    assert V.number_problem(number) is None


def test_a_pattern_that_makes_paths_gives_no_number(people):
    from qa_desk.core import numbering

    with pytest.raises(DomainError) as err:
        numbering.check_pattern("TS/{year}/{seq:04d}")
    assert err.value.code == "bad_pattern" and "'TS/2026/0001'" in err.value.message("en")
    numbering.check_pattern("TS-{year}-{seq:04d}")
    with pytest.raises(DomainError) as err:  # the setting refuses it
        settings.put(people["admin"], "number_pattern", "../{year}/{seq:04d}")
    assert err.value.code == "bad_pattern"
    # someone who writes the file puts it there anyway: the numbering service still makes no path
    import json
    import sqlite3

    path = people["admin"].db.conn.execute("PRAGMA database_list").fetchone()[2]
    conn = sqlite3.connect(path)
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('number_pattern', ?)",
                 (json.dumps("../{year}/{seq:04d}"),))
    conn.commit()
    conn.close()
    with pytest.raises(DomainError) as err:
        flows.registered(people)
    assert err.value.code == "bad_number" and "../2026/0001" in err.value.message("en")
    assert people["admin"].db.conn.execute("SELECT count(*) FROM complaints").fetchone()[0] == 0
    settings.put(people["admin"], "number_pattern", "TS-{year}-{seq:04d}")
    assert flows.registered(people)["number"] == "TS-2026-0001"  # the refused one took no number


def test_the_ledger_import_refuses_path_numbers_naming_the_row_and_the_rule(people, tmp_path):
    from qa_desk.documents import importer

    ledger = tmp_path / "ledger.csv"
    rows = ["../../x", "a/b", "C:\\x", "OLD 7", "ＯＬＤ-８", "OLD-9\x07", "OLD-10"]
    ledger.write_text("投诉编号,接收日期,产品名称,投诉内容摘要,投诉渠道,投诉人\n" + "".join(
        f'"{n}",2026-03-0{i + 1} 10:00,阿莫西林胶囊,破损,电话,某某医院\n' for i, n in enumerate(rows)), encoding="utf-8")
    s = people["inspector"]
    report = importer.dry_run(s, ledger)
    assert [r.action for r in report.rows] == ["error"] * 6 + ["create"]
    for r in report.rows[:6]:
        assert any(p.problem.field == "number" and "letters A–Z, digits and '-'" in p.problem.en
                   for p in r.problems), r.problems
    lines = report.lines("en")
    assert any(line.startswith("row 2: A2 number '../../x'") for line in lines), lines
    zh = report.lines("zh_CN")
    assert any(line.startswith("第 4 行") and "C:\\x" in line and "英文字母、数字和“-”" in line for line in zh), zh
    with pytest.raises(DomainError) as err:
        importer.run(s, ledger)
    msg = err.value.message("en")
    assert "row 2: " in msg and "'../../x'" in msg and "row 7: " in msg and "\\u0007" in msg
    assert "第 3 行" in err.value.message("zh_CN")
    assert s.db.conn.execute("SELECT count(*) FROM complaints").fetchone()[0] == 0
