"""Attacks on the ledger import (issue 13): hostile and messy ledgers built here, as a real office's files and as
someone malicious would write them, through ``importer.dry_run``/``run`` and ``ledger_import``; and someone with
the source code and write access to the file tampering with imported records afterwards.

What holds is asserted plainly. A test that fails documents a bug found by these attacks (see each docstring:
the input, what happens, what was expected)."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from qa_desk.core import closure, intake, privacy, users
from qa_desk.core import ledger_import as L
from qa_desk.core.clock import FixedClock
from qa_desk.core.complaints import get
from qa_desk.core.database import open_database
from qa_desk.core.errors import DomainError
from qa_desk.core.session import SYSTEM, Session
from qa_desk.core.typed_values import DateOrder, TypedValueError, parse_date, parse_datetime, parse_quantity
from qa_desk.core.verify import check_history, check_numbering, verify
from qa_desk.documents import importer, register
from tests import flows
from tests.attacks import add_seal, append_entries, check, execute, forged, settle, show, unlock_key
from tests.conftest import PASSWORDS, add_user, count_rows

CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 9, 28, 9, 0, tzinfo=CST)  # the clock fixture's time

# --------------------------------------------------------------------------------------------------- helpers


def _clean_for_xlsx(value):
    """openpyxl refuses control characters and over-long strings; the file a user brings cannot hold them."""
    if isinstance(value, str):
        return "".join(ch for ch in value if (ch >= " " or ch in "\t\n\r") and ch not in "\ufffe\uffff")[:32_000]
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    return value


def xlsx(path: Path, rows: list[list], *, title: str | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    for r in rows:
        ws.append([_clean_for_xlsx(v) for v in r])
    for line in ws.iter_rows():
        for cell in line:
            if cell.data_type == "f":  # typed text such as =cmd|…: a text cell, as Excel keeps it after a quote
                cell.data_type = "s"
    wb.save(path)
    return path


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def csv_file(path: Path, rows: list[list], *, encoding: str = "utf-8") -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for r in rows:
        w.writerow([_csv_text(v) for v in r])
    path.write_text(buf.getvalue(), encoding=encoding)
    return path


def fresh(folder: Path, clock=None) -> tuple:
    """A new empty file with an administrator and an inspector (who may import): (db, inspector session)."""
    clock = clock or FixedClock(NOW)
    db = open_database(folder / "other.sqlite3", clock=clock).db
    base = Session(db, clock=clock)
    users.create_user(base.as_user(SYSTEM), "admin", "管理员", ["admin"], "admin-pass-1")
    admin = users.login(base, "admin", "admin-pass-1")
    return db, add_user(admin, "inspector", "张伟", ["inspector"], "insp-pass-1")


def counts(db) -> tuple[int, int, int]:
    q = db.conn.execute
    return (q("SELECT count(*) FROM complaints").fetchone()[0], q("SELECT count(*) FROM audit_log").fetchone()[0],
            q("SELECT count(*) FROM ledger_imports").fetchone()[0])


def problems_of(plan: L.Plan, lang: str = "en") -> list[str]:
    return [p.text(lang) for r in plan.rows for p in r.problems]


def outcome(plan: L.Plan) -> list[tuple]:
    return [(r.row, r.action.value, r.number, r.legacy_number, r.status, r.historical) for r in plan.rows]


def refused(call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as err:
        call(*args, **kwargs)
    assert err.value.message("zh_CN") and err.value.message("en")
    return err.value


BASIC = ["投诉编号", "投诉日期", "投诉单位/投诉人", "产品名称", "投诉内容", "投诉渠道", "数量", "计量单位"]


def basic_row(number=None, received="2026-03-01", who="张女士", product="阿莫西林胶囊", summary="胶囊破损",
              channel="电话", quantity=2, unit="盒") -> list:
    return [number, received, who, product, summary, channel, quantity, unit]


# --------------------------------------------------------------- 1. hypothesis: hostile ledgers, dry run = run

HEADERS = {  # target → headers a real ledger uses for it
    "number": ["投诉编号", "编号", "Complaint no.", "ref"],
    "received": ["投诉日期", "接收日期", "Received", "date received"],
    "summary": ["投诉内容", "投诉内容摘要", "Complaint", "description"],
    "product": ["产品名称", "品名", "Product"],
    "complainant": ["投诉单位/投诉人", "投诉人", "Complainant", "customer"],
    "channel": ["投诉渠道", "渠道", "Channel"],
    "phone": ["联系电话", "电话", "Phone"],
    "mfg_date": ["生产日期", "mfg date"],
    "expiry": ["有效期至", "expiry date"],
    "result": ["处理结果", "resolution"],
    "handler": ["处理人", "handled by"],
    "reply_date": ["答复日期", "reply date"],
    "closed": ["结案日期", "closed date"],
    "class": ["严重程度分类", "severity"],
    "status": ["状态", "status"],
    "quantity": ["数量", "qty"],
    "unit": ["计量单位", "uom"],
    "batch": ["批号", "lot no"],
    "satisfaction": ["满意度"],
}
UNKNOWN_HEADERS = ["备注", "Remarks", "序号", "备注", "", "=cmd|' /C calc'!A0", "处理天数", "是否逾期", "😀", "投诉类别",
                   "单位"]
NASTY = ["破损", "😀🧪💊", "=cmd|' /C calc'!A0", "+SUM(A1)", "@x", "\u202eRTL override", "a\x07b", "x" * 15_000,
         "破损" * 3000, "合计", "Total", "小计", "", " ", "NULL", "None", "'; DROP TABLE complaints; --", "\n\t",
         "{seq}{year}", "../../etc/passwd", "ｆｕｌｌ　ｗｉｄｔｈ", True, False, 1e308, -1e308, -3, 0, 2.5]
DATES = ["2025年3月18日", "２０２５年３月１８日", "2025年3月18日 14时05分", "2025/4/2", "04/02/2025", "2025.04.20",
         "20250318", "2025-03-18 14:05", "2026-09-27", "2026-09-29", "2025年2月30日", "2月30日", "昨天", "13/13/2025",
         "25/12/2025", "2025-13-01", "1899-12-31", "0000-00-00", "45000", 45000, 45000.5, 20250318, 12, -1, 1e308,
         datetime(2025, 3, 18, 14, 5), datetime(2026, 1, 2), date(2024, 2, 29), True, "N/A", "——"]
NUMBERS = ["TS-2026-0001", "TS-2026-0002", "TS-2026-9999", "TS-2025-001", "OLD-1", "OLD-2", "001", "1", "../x",
           "C:", "CON", "NUL", "\u202eX-1", "A B", "TS--1", "-1", "x" * 41, "ts-2026-0001", 7, 7.0, 1e20, True,
           "TS-2026-0001 ", "ＴＳ－１"]
QUANTITIES = ["2980 bottles", "5盒", "2,980 瓶", "3.5 kg", "many", -3, 0, 1e308, 2e9, 12, 1.5, "１２盒", True, "5 5"]
WORDS = {
    "channel": ["电话", "phone", "来信", "信鸽", "E-mail"],
    "class": ["I", "Class II", "III类", "Ⅳ 类", "5", "VI", "一类", "严重"],
    "status": ["结案", "closed", "处理中", "Terminated", "open", "作废", "已关闭", "归档", "approved", "已批准"],
    "satisfaction": ["满意", "satisfied", "meh", "不满意"],
}
PEOPLE = ["张女士", "李明", "王小二", "北京同仁堂", "国药控股", "某某医院", "XYZ Pharmacy Ltd", "匿名", "***",
          "某医院 / 张女士", "Mr. Smith", "张女士（家属）"]
DATE_KEYS = {"received", "mfg_date", "expiry", "reply_date", "closed"}

chaos = st.one_of(st.sampled_from(NASTY), st.sampled_from(DATES), st.text(max_size=30), st.none(),
                  st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**12, 10**12))


GOOD = {  # cells a clean row of a real ledger holds (in every form the import promises to read)
    "number": [None, None, "TS-2026-0001", "TS-2026-0002", "TS-2026-9999", "TS-2025-001", "OLD-1", "OLD-2", "001",
               "CON", 7],
    "received": ["2025年3月18日", "２０２５年３月１８日", "2025年3月18日 14时05分", "2025/4/2", "2025.04.20", "20250318",
                 "2025-03-18 14:05", 45000, 45000.5, 20250318, datetime(2025, 3, 18, 14, 5), date(2024, 2, 29)],
    "product": ["阿莫西林胶囊", "维生素C泡腾片", "😀"],
    "summary": ["胶囊破损", "漏液", "😀🧪💊 异物", "=cmd|' /C calc'!A0", "'; DROP TABLE complaints; --", "x" * 9_000],
    "complainant": [p for p in PEOPLE if p != "***"],
    "channel": ["电话", "phone", "信函", "E-mail", "微信"],
    "phone": [None, "13800138000", "0571-88000000"],
    "mfg_date": [None, "2024-01-05", "2024年1月5日", 45000],
    "expiry": [None, "2027-01-04", "20270104"],
    "result": [None, "退货处理", "已处理"],
    "handler": [None, "张伟", "老李"],
    "reply_date": [None, "2025-04-01"],
    "closed": [None, None, "2025-05-01", "2025年5月1日", datetime(2025, 6, 1)],
    "class": [None, "I", "Class II", "III类", "Ⅳ 类", "5", "一类"],
    "status": [None, None, "open", "未结案"],
    "quantity": [None, "2980 bottles", "5盒", "2,980 瓶"],
    "unit": [None],
    "batch": [None, "240105", "B-2025/01", "ab 12"],
    "satisfaction": [None],
    None: [None, "x", "备注", "😀", 3, "=1+1"],
}


def value_for(key: str | None, clean: bool):
    """A clean ledger's cell for the column, or (not clean) a plausible one mixed with anything at all."""
    good = st.sampled_from(GOOD[key])
    if clean:
        return good
    own = {"number": st.sampled_from(NUMBERS), "quantity": st.sampled_from(QUANTITIES),
           "complainant": st.sampled_from(PEOPLE), "summary": st.sampled_from(NASTY),
           "product": st.sampled_from(["A" * 4000, "\u202e胶囊", "阿莫西林胶囊"]),
           "received": st.one_of(st.sampled_from(DATES), st.datetimes(datetime(1990, 1, 1), datetime(2026, 9, 27)))}
    if key in DATE_KEYS:
        base = st.sampled_from(DATES)
    elif key in WORDS:
        base = st.sampled_from(WORDS[key])
    else:
        base = st.sampled_from(["x", "13800138000", "0571-8800", "张伟", None])
    base = own.get(key, base)
    return st.one_of(good, base, base, st.none(), chaos)


@st.composite
def ledgers(draw):
    keys = [k for k in ("received", "product", "summary", "channel", "complainant") if draw(st.integers(0, 19)) > 0]
    keys += draw(st.lists(st.sampled_from(sorted(set(HEADERS) - set(keys))), unique=True, max_size=8))
    columns = [(k, draw(st.sampled_from(HEADERS[k]))) for k in keys]
    if draw(st.integers(0, 3)) == 0:
        columns += [(None, h) for h in draw(st.lists(st.sampled_from(UNKNOWN_HEADERS), unique=True, max_size=2))]
    columns = draw(st.permutations(columns))
    kinds = st.sampled_from(["clean"] * 8 + ["messy"] * 3 + ["totals", "blank", "blank-run", "header-again"])
    body = []
    for kind in draw(st.lists(kinds, min_size=1, max_size=6)):
        if kind in ("clean", "messy"):
            body.append([draw(value_for(k, kind == "clean")) for k, _ in columns])
        elif kind == "totals":
            word = draw(st.sampled_from(["合计", "小计", "总计", "Total", "Subtotal", "合计：", "本页合计"]))
            body.append([word] + [draw(st.one_of(st.none(), st.integers(0, 9999))) for _ in columns[1:]])
        elif kind == "blank":
            body.append([None] * len(columns))
        elif kind == "blank-run":
            body += [[None] * len(columns)] * draw(st.integers(2, 30))
        else:
            body.append([h for _, h in columns])
    title = draw(st.sampled_from([None, None, "用户投诉登记台帐（2025 年）"]))
    return [h for _, h in columns], body, title


maps = st.builds(
    dict, on_collision=st.sampled_from([None, "renumber", "skip"]), date_order=st.sampled_from([None, "ymd", "mdy",
                                                                                                  "dmy"]),
    all_open=st.booleans(), default_channel=st.sampled_from([None, None, "phone", "电话"]))


def _world():
    """A fresh file per example: one example's damage can never hide behind another's."""
    folder = Path(tempfile.mkdtemp(prefix="qa-desk-import-attack-"))
    db, insp = fresh(folder)
    return folder, db, insp


@settings(max_examples=45, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                 HealthCheck.filter_too_much])
@given(ledger=ledgers(), imap=maps, kind=st.sampled_from(["xlsx", "csv"]), before=st.integers(0, 2))
def test_hostile_ledgers_dry_run_promises_exactly_what_run_does(ledger, imap, kind, before):
    """Property: dry_run and run raise nothing but DomainError; a dry run without errors is followed by a run
    that creates exactly its rows with its numbers, and a second run creates nothing; a dry run with errors is a
    refused run that leaves the complaints and the audit trail as they were; verify is [] after every run."""
    folder, db, s = _world()
    try:
        for _ in range(before):  # the app's own TS-2026-0001, 0002: legacy numbers collide with them
            intake.register(s, flows.draft(s))
        header, body, title = ledger
        path = folder / f"ledger.{kind}"
        if kind == "xlsx":
            xlsx(path, [header, *body], title=title)
        else:
            csv_file(path, ([[title]] if title else []) + [header, *body])
        before_counts = counts(db)
        try:
            plan = importer.dry_run(s, path, imap)
        except DomainError as err:
            event(f"file refused: {err.code}")
            assert err.message("en") and err.message("zh_CN")
            assert counts(db) == before_counts
            refused(importer.run, s, path, imap)  # what the dry run cannot read, the run refuses too
            assert counts(db) == before_counts
            return
        assert counts(db) == before_counts  # a dry run writes nothing
        event(f"rows with problems: {bool(plan.errors)}; to create: {min(len(plan.to_create), 3)}")
        if plan.errors:
            err = refused(importer.run, s, path, imap)
            assert isinstance(err, L.ImportRefused) and outcome(err.plan) == outcome(plan)
            assert counts(db) == before_counts
            assert verify(db) == []
            return
        done = importer.run(s, path, imap, expect=plan)  # the run does what the dry run promised, or refuses
        assert outcome(done) == outcome(plan) and done.agrees_with(plan)
        made = {r[0]: r[1:] for r in db.conn.execute(
            "SELECT number, status, import_row, legacy_number FROM complaints WHERE imported_from = ?", (plan.sha256,))}
        assert sorted(made) == sorted(r.number for r in plan.to_create)
        for r in plan.to_create:
            assert made[r.number] == (r.status, r.row, r.legacy_number)
        assert count_rows(s, "complaints") == before_counts[0] + len(plan.to_create)
        again = importer.run(s, path, imap)
        assert not again.to_create and not again.errors
        assert count_rows(s, "complaints") == before_counts[0] + len(plan.to_create)
        new = intake.register(s, flows.draft(s))  # the app's numbering carries on, never reusing a number
        assert new["number"] not in made
        assert verify(db) == []
    finally:
        db.conn.close()


date_text = st.one_of(
    st.sampled_from([d for d in DATES if isinstance(d, str)]),
    st.from_regex(r"[0-9０-９]{1,5}[年/.\-][0-9０-９]{1,3}[月/.\-][0-9０-９]{1,3}[日号]?( [0-9]{1,2}[:时][0-9]{1,2}(分)?)?"
                  r"( ?(AM|PM|上午|下午))?([+-][0-9]{2}:?[0-9]{2}|Z)?", fullmatch=True),
    st.text(max_size=40), st.integers(-10**20, 10**20), st.floats(), st.booleans(), st.none(),
    st.datetimes(), st.dates())


@settings(max_examples=400, deadline=None)
@given(value=date_text, order=st.sampled_from([None, *DateOrder]))
def test_any_cell_is_a_date_or_a_refusal_quoting_it(value, order):
    for parse in (parse_date, parse_datetime):
        try:
            got = parse(value, order, field="received_at")
        except TypedValueError as err:
            assert err.problem.zh and err.problem.en
            continue
        assert got is None or isinstance(got.value, date)
    try:
        parse_quantity(value)
    except TypedValueError as err:
        assert err.problem.en


# --------------------------------------------------------------------- 2. dates, quantities, totals, blanks


@pytest.mark.parametrize(("cell", "order", "want"), [
    ("2025年3月18日", None, "2025-03-18T00:00:00+08:00"),
    ("２０２５年３月１８日", None, "2025-03-18T00:00:00+08:00"),
    ("2025年3月18日 14时05分", None, "2025-03-18T14:05:00+08:00"),
    ("2025/4/2", None, "2025-04-02T00:00:00+08:00"),
    ("2025.04.20", None, "2025-04-20T00:00:00+08:00"),
    ("20250318", None, "2025-03-18T00:00:00+08:00"),
    (20250318, None, "2025-03-18T00:00:00+08:00"),
    ("04/02/2025", "mdy", "2025-04-02T00:00:00+08:00"),
    ("04/02/2025", "dmy", "2025-02-04T00:00:00+08:00"),
    (45000, None, "2023-03-15T00:00:00+08:00"),  # an Excel serial in a number cell
    (datetime(2025, 3, 18, 14, 5), None, "2025-03-18T14:05:00+08:00"),  # a real date cell
])
def test_dates_as_people_type_them(people, tmp_path, cell, order, want):
    path = xlsx(tmp_path / "d.xlsx", [BASIC, basic_row(received=cell)])
    plan = importer.run(people["inspector"], path, {"date_order": order})
    assert problems_of(plan) == [] and plan.rows[0].values["received_at"] == want


@pytest.mark.parametrize(("cell", "order"), [("2025年2月30日", None), ("2月30日", None), ("04/02/2025", None),
                                             ("13/13/2025", "mdy"), ("昨天", None), ("2025-02-29", None),
                                             ("25.12.25", "dmy"), (True, None), (12, None)])
def test_impossible_ambiguous_and_garbage_dates_are_refused_quoting_the_cell(people, tmp_path, cell, order):
    path = xlsx(tmp_path / "d.xlsx", [BASIC, basic_row(received=cell)])
    plan = importer.dry_run(people["inspector"], path, {"date_order": order})
    [row] = plan.rows
    assert row.action is L.Action.ERROR
    [p] = [p for p in row.problems if p.problem.field == "received"]
    assert p.cell == "B2" and (str(cell) in p.text("en") or str(cell).upper() in p.text("en"))
    assert any(g.startswith("Received") for g, _rows in plan.groups("en"))


def test_us_style_csv_with_month_day_dates_and_text_quantities(people, tmp_path):
    path = csv_file(tmp_path / "us.csv", [
        ["Complaint no.", "Date received", "Customer", "Product", "Description", "Channel", "Qty", "Closed date"],
        ["D-100", "04/02/2025", "XYZ Pharmacy Ltd", "Amoxicillin", "broken capsules", "phone", "2,980 bottles",
         "05/01/2025"],
        ["D-101", "12/31/2025 2:30 PM", "Mr. Smith", "Amoxicillin", "leak", "email", "5 boxes", ""],
        ["Total", "", "", "", "", "", "2985", ""]])
    s = people["inspector"]
    refused_plan = importer.dry_run(s, path)
    assert {r.row for r in refused_plan.errors} == {2, 3}  # never a guess at the month
    plan = importer.run(s, path, {"date_order": "mdy"})
    assert outcome(plan) == [(2, "create", "D-100", None, "closed", True), (3, "create", "D-101", None, "registered",
                                                                            False)]
    assert [s_.reason for s_ in plan.skipped] == ["totals"]
    a, b = (get(s.db, i) for i in (1, 2))
    assert (a["received_at"], a["closed_at"], a["quantity"], a["unit"], a["complainant_org"]) == \
        ("2025-04-02T00:00:00+08:00", "2025-05-01T00:00:00+08:00", 2980.0, "bottles", "XYZ Pharmacy Ltd")
    assert (b["received_at"], b["quantity"], b["unit"], b["complainant_name"]) == \
        ("2025-12-31T14:30:00+08:00", 5.0, "boxes", "Mr. Smith")
    assert verify(s.db) == []


@pytest.mark.parametrize(("cell", "number", "unit"), [("2980 bottles", 2980.0, "bottles"), ("5盒", 5.0, "盒"),
                                                      ("2,980 瓶", 2980.0, "瓶"), ("１２盒", 12.0, "盒")])
def test_quantities_with_their_unit(people, tmp_path, cell, number, unit):
    path = xlsx(tmp_path / "q.xlsx", [BASIC, basic_row(quantity=cell, unit=None)])
    plan = importer.run(people["inspector"], path)
    assert problems_of(plan) == []
    c = get(people["inspector"].db, 1)
    assert (c["quantity"], c["unit"]) == (number, unit)


@pytest.mark.parametrize("cell", [-3, 0, "-5盒", "many", True, "1e308"])
def test_bad_quantities_are_refused_naming_the_cell(people, tmp_path, cell):
    path = xlsx(tmp_path / "q.xlsx", [BASIC, basic_row(quantity=cell)])
    plan = importer.dry_run(people["inspector"], path)
    assert [p.cell for p in plan.rows[0].problems] == ["G2"]


def test_a_quantity_over_the_limit_is_not_called_negative(people, tmp_path):
    """BUG (validation.check_quantity, seen through the import): a quantity over the 1e9 limit (2e9, 1e308, a
    30-digit count) is refused with "the quantity must be positive" / "数量必须大于0", which is false and tells the
    office nothing about the real problem. Expected: a message that names the upper limit."""
    path = xlsx(tmp_path / "q.xlsx", [BASIC, basic_row(quantity=2e9)])
    [text] = [p.text("en") for p in importer.dry_run(people["inspector"], path).rows[0].problems]
    assert "positive" not in text, text


def test_totals_title_blank_runs_and_repeated_headers_are_skipped_and_listed_with_their_rows(people, tmp_path):
    rows = [BASIC, basic_row("A-1")]
    rows += [[None] * 8] * 1001  # a long run of blank rows (rows 3–1003)
    rows += [basic_row("A-2"), ["合计", None, None, None, None, None, 4, None], ["小计：", None, None, None, None, None, 4],
             [None, "总计", None, None, None, None, 4], ["Total"], ["Subtotal", None, None, None, None, None, 1],
             BASIC, basic_row("A-3")]
    path = xlsx(tmp_path / "t.xlsx", rows, title="2025 年用户投诉登记台帐")
    plan = importer.run(people["inspector"], path)
    assert outcome(plan) == [(3, "create", "A-1", None, "registered", False),
                             (1005, "create", "A-2", None, "registered", False),
                             (1012, "create", "A-3", None, "registered", False)]
    assert [(x.first, x.last, x.reason) for x in plan.skipped] == [
        (1, 1, "title"), (4, 1004, "blank"), (1006, 1006, "totals"), (1007, 1007, "totals"), (1008, 1008, "totals"),
        (1009, 1009, "totals"), (1010, 1010, "totals"), (1011, 1011, "header")]
    assert any("1006" in line and "合计" in line for line in plan.lines("zh_CN"))
    assert verify(people["inspector"].db) == []


@pytest.mark.parametrize("summary", ["共计5盒破损", "合计3盒胶囊受潮", "总计两批次均有异物"])
def test_a_complaint_that_mentions_a_total_is_not_taken_for_a_totals_row(people, tmp_path, summary):
    """BUG (ledger_reader._is_totals): a real complaint whose summary, in one of the table's first four columns,
    begins with 共计/合计/总计 ("共计5盒破损": five boxes broken in all) is skipped as a totals row: the complaint
    is dropped from the import (listed only as "totals row, skipped", which the office will accept as the sum
    line). Input: header 投诉日期, 产品名称, 投诉内容, 投诉单位/投诉人, 投诉渠道; row 2026-03-01, 阿莫西林胶囊,
    共计5盒破损, 张女士, 电话. Expected: a row with a date, a product and a complainant is a complaint, created."""
    path = xlsx(tmp_path / "t.xlsx", [["投诉日期", "产品名称", "投诉内容", "投诉单位/投诉人", "投诉渠道"],
                                      ["2026-03-01", "阿莫西林胶囊", summary, "张女士", "电话"]])
    plan = importer.dry_run(people["inspector"], path)
    assert [r.action for r in plan.rows] == [L.Action.CREATE], [x.message("en") for x in plan.skipped]


@pytest.mark.parametrize(("header", "target"), [("投诉\n日期", "received"), ("结案\n日期", "closed"),
                                                ("结案 日期", "closed"), ("联系　电话", "phone"),
                                                ("产品\r\n名称", "product")])
def test_a_legacy_header_broken_over_two_lines_is_still_recognised(people, tmp_path, header, target):
    """BUG (import_fields.normal_header): Excel headers are often typed with Alt+Enter ("结案\n日期") or a space
    ("结案 日期", full-width "联系　电话"); normal_header turns the break into a space and compares "结案 日期"
    with "结案日期", so the header is not recognised. For 投诉日期/产品名称 the file is refused as "the required
    column is missing"; for 结案日期 it is worse: the column becomes an extra field and every closed historical
    row comes in as an OPEN complaint with open, overdue deadlines (the dry run only says "N open"). Expected:
    spaces and line breaks inside a Chinese header ignored, as the issue's "common legacy headers are recognised
    without a map" asks."""
    names = {"received": "接收日期", "closed": "结案日期", "phone": "联系电话", "product": "产品名称"}
    head = ["接收日期", "产品名称", "投诉内容", "投诉渠道", "投诉人", "结案日期", "联系电话"]
    head[head.index(names[target])] = header
    path = xlsx(tmp_path / "h.xlsx", [head, ["2026-03-01", "阿莫西林胶囊", "破损", "电话", "张女士", "2026-04-01",
                                             "13800138000"]])
    columns = {c.header: c for c in importer.dry_run(people["inspector"], path).columns}
    assert columns[header.strip()].target is not None and columns[header.strip()].target.key == target


def test_a_small_xlsx_of_blank_cells_is_read_or_refused_within_seconds(tmp_path):
    """BUG (ledger_reader, issue item 9): a 1.2 MB workbook whose sheet declares 95 MB — under the 100 MB limit,
    compression ratio 79:1 (under 100), made in 0.4 s — holds 8.7 million blank cells with a style (<c s="37"/>,
    no value). Blank cells are parsed one by one but count against no limit (max_cells counts kept values only),
    so importer.read takes 44 s (this machine) and then accepts the file with its one data row; the dialog's dry
    run hangs that long, and Cancel is not asked while reading. Expected: read or refused within seconds (e.g.
    every parsed cell counted, or the sheet's bytes per kept cell bounded)."""
    import multiprocessing
    import random
    import zipfile

    base = xlsx(tmp_path / "base.xlsx", [["投诉日期", "产品名称", "投诉内容"], ["2026-03-01", "X", "Y"]])
    rnd = random.Random(1)
    block = b"".join(b'<c s="%d"/>' % rnd.randrange(100) for _ in range(1000))  # 79:1 under deflate
    out = tmp_path / "blank-cells.xlsx"
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                head, _, tail = data.partition(b"</sheetData>")
                with zout.open(item.filename, "w") as f:
                    f.write(head)
                    for r in range(3, 3 + 650):
                        f.write(b'<row r="%d">' % r + block * 14 + b"</row>")
                    f.write(b"</sheetData>" + tail)
            else:
                zout.writestr(item, data)
    assert out.stat().st_size < 2 * 1024 * 1024
    reader = multiprocessing.get_context("spawn").Process(target=importer.read, args=(out,))
    reader.start()
    reader.join(12)
    slow = reader.is_alive()
    if slow:
        reader.terminate()
        reader.join()
    assert not slow, "reading a 1.2 MB workbook of blank cells took more than 12 s"


def test_a_csv_with_nul_or_binary_is_refused_whole(people, tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes(",".join(BASIC).encode() + b"\r\nA\x00-1,2026-03-01,x,y,z,phone,1,box\r\n")
    err = refused(importer.dry_run, people["inspector"], path)
    assert "binary" in err.message("en")


# ------------------------------------------------------------------------ 3. the intake's own checks hold


@pytest.mark.parametrize(("column", "value", "cell"), [
    (4, "x" * 15_000, "E2"),  # a 15,000-character summary
    (3, "阿" * 4_000, "D2"),  # a 4,000-character product name
    (3, "胶囊\u202eexe.txt", "D2"),  # a right-to-left override
    (4, "破损\x07\x1b[31m", "E2"),  # control characters (a CSV can hold them)
    (2, "张女士\u2066", "C2"),
])
def test_intake_rules_hold_for_imported_text(people, tmp_path, column, value, cell):
    row = basic_row()
    row[column] = value
    path = csv_file(tmp_path / "x.csv", [BASIC, row])
    s = people["inspector"]
    plan = importer.dry_run(s, path)
    assert plan.rows[0].action is L.Action.ERROR and [p.cell for p in plan.rows[0].problems] == [cell]
    before = counts(s.db)
    refused(importer.run, s, path)
    assert counts(s.db) == before


def test_intake_rules_hold_for_batch_and_dates(people, tmp_path):
    header = BASIC + ["批号", "生产日期", "有效期至"]
    path = csv_file(tmp_path / "x.csv", [header, basic_row() + ["B" * 15_000, "2025-01-01", "2026-01-01"],
                                         basic_row() + ["240105", "2026-01-01", "2025-01-01"],
                                         basic_row() + ["240105", "2026-05-01", "2027-01-01"],
                                         basic_row() + ["240105", "2024-01-01", "2026-01-01"]])
    plan = importer.dry_run(people["inspector"], path)
    assert [r.action.value for r in plan.rows] == ["error", "error", "error", "create"]
    assert [p.cell for p in plan.rows[0].problems] == ["I2"]  # the batch
    assert plan.rows[1].problems[0].cell == "K3"  # manufactured after expiry
    assert plan.rows[2].problems[0].cell == "J4"  # manufactured after the receipt


def test_adversarial_text_that_passes_the_rules_is_stored_exactly_and_exported_as_text(people, tmp_path):
    texts = ["😀🧪💊 破损", "=cmd|' /C calc'!A0", "+SUM(A1:A9)", "@SUM(1)", "-2+3", "'; DROP TABLE complaints; --",
             "{seq}{year}%s%n", "x" * 10_000]
    path = csv_file(tmp_path / "x.csv", [BASIC, *[basic_row(summary=t) for t in texts]])
    s = people["inspector"]
    plan = importer.run(s, path)
    assert len(plan.to_create) == len(texts)
    stored = [r[0] for r in s.db.conn.execute("SELECT description FROM complaints ORDER BY import_row")]
    assert stored == texts
    register.export(s, tmp_path / "r.xlsx", unmasked=True)
    ws = load_workbook(tmp_path / "r.xlsx").worksheets[0]
    col = [c.value for c in ws[1]].index("投诉内容摘要") + 1
    cells = [ws.cell(row=i, column=col) for i in range(2, 2 + len(texts))]
    assert [c.value for c in cells] == texts and all(c.data_type == "s" for c in cells)  # never a formula
    assert verify(s.db) == []


@pytest.mark.parametrize("number", ["../x", "C:", "\u202eX-1", "A B", "TS--1", "-1", "x" * 41, "TS-2026-0001/..",
                                    "ＴＳ－１", "1e+20"])
def test_numbers_that_break_the_number_rule_are_refused(people, tmp_path, number):
    path = csv_file(tmp_path / "n.csv", [BASIC, basic_row(number)])
    plan = importer.dry_run(people["inspector"], path)
    [p] = plan.rows[0].problems
    assert p.cell == "A2" and p.problem.field == "number" and "\u202e" not in p.text("en")


def test_a_device_name_as_a_number_is_stored_but_never_names_a_file(people, tmp_path):
    from qa_desk.core.filenames import safe_name

    path = csv_file(tmp_path / "n.csv", [BASIC, basic_row("CON"), basic_row("NUL")])
    plan = importer.run(people["inspector"], path)
    assert [r.number for r in plan.to_create] == ["CON", "NUL"]
    assert safe_name("CON") != "CON" and safe_name("CON.pdf") != "CON.pdf"
    assert verify(people["inspector"].db) == []


def test_header_of_an_extra_column_obeys_the_text_rules(people, tmp_path):
    """BUG (import_rows._extras): a column the map does not name is kept with each record as (header, text);
    the text is checked (controls, bidi, length) but the header is not. Input: a CSV column headed
    "备注\\u202e反转" (a right-to-left override) or "\\x07铃", cell "ok". Observed: the row is created and
    imported_extra holds the header with U+202E / U+0007 raw — the receipt tab and the record print show text a
    bidi override reorders; when the value is bad too, the problem message quotes the raw header
    ("F2 '备注<U+202E>反转': ..."). Expected: the header refused (or escaped) like any text."""
    path = csv_file(tmp_path / "x.csv", [BASIC + ["备注\u202e反转", "\x07铃"], basic_row() + ["ok", "a"]])
    s = people["inspector"]
    try:
        plan = importer.dry_run(s, path)
    except DomainError as refused:  # the header refused as the file's layout, quoted escaped
        for lang in ("en", "zh_CN"):
            assert "\u202e" not in refused.message(lang) and "\x07" not in refused.message(lang)
        assert "\\u202e" in refused.message("en")
        return
    if plan.errors:
        assert all("\u202e" not in t and "\x07" not in t for t in problems_of(plan))
        return
    importer.run(s, path)
    pairs = L.extras(get(s.db, 1))
    assert all("\u202e" not in h and "\x07" not in h for h, _ in pairs), pairs


def test_the_import_mark_never_shows_a_file_name_that_hides_or_reorders_text(people, tmp_path):
    """BUG (ledger_imports.filename, Origin.mark): the file's name goes into ledger_imports and into the
    "imported from <file>" mark of every imported record unchecked. Input: a CSV saved as
    "ledger\\u202egpj.csv" (displayed "ledgervsc.jpg"). Observed: mark("en") =
    'imported from ledger\\u202egpj.csv row 2 (…)'. Expected: the name escaped (\\u202e) or refused, as
    typed_values.shown and filenames.safe_name do for every other value."""
    path = csv_file(tmp_path / "ledger\u202egpj.csv", [BASIC, basic_row()])
    s = people["inspector"]
    importer.run(s, path)
    mark = L.origin(s.db, get(s.db, 1)).mark("en")
    assert "\u202e" not in mark, repr(mark)


# ---------------------------------------------------------------------------------- 4. the same file twice


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_same_file_imported_twice_creates_nothing_the_second_time(people, tmp_path, kind):
    header = BASIC + ["结案日期", "严重程度分类"]
    rows = [header, basic_row("L-1") + ["2026-04-01", "I"], basic_row(None) + [None, "III"],
            basic_row(None, summary="漏液") + ["2026-05-01", None], ["合计"]]
    path = (xlsx if kind == "xlsx" else csv_file)(tmp_path / f"l.{kind}", rows)
    s = people["inspector"]
    first = importer.run(s, path)
    assert len(first.to_create) == 3 and first.closed == 2
    before = count_rows(s, "complaints")
    again = importer.run(s, path)
    assert not again.to_create and [r.action for r in again.rows] == [L.Action.SKIP] * 3
    assert count_rows(s, "complaints") == before == 3
    assert verify(s.db) == []


# -------------------------------------------------------------------------------------------- 5. numbers


def test_a_legacy_number_equal_to_an_app_number_is_a_collision_with_two_choices(people, tmp_path):
    s = people["inspector"]
    app = intake.register(s, flows.draft(s))
    assert app["number"] == "TS-2026-0001"
    path = csv_file(tmp_path / "c.csv", [BASIC, basic_row("TS-2026-0001"), basic_row("OLD-7")])
    plan = importer.dry_run(s, path)
    [bad] = plan.errors
    assert bad.row == 2 and bad.problems[0].cell == "A2" and "--on-collision" in bad.problems[0].text("en")
    before = counts(s.db)
    refused(importer.run, s, path)
    assert counts(s.db) == before
    skip = importer.dry_run(s, path, {"on_collision": "skip"})
    assert [r.action.value for r in skip.rows] == ["skip", "create"]
    done = importer.run(s, path, {"on_collision": "renumber"})
    assert outcome(done) == [(2, "create", "TS-2026-0002", "TS-2026-0001", "registered", False),
                             (3, "create", "OLD-7", None, "registered", False)]
    assert L.origin(s.db, get(s.db, 2)).legacy_number == "TS-2026-0001"
    assert get(s.db, 1)["number"] == "TS-2026-0001"  # the app's own record is untouched
    assert intake.register(s, flows.draft(s))["number"] == "TS-2026-0003"
    assert not importer.run(s, path, {"on_collision": "renumber"}).to_create
    assert verify(s.db) == []


def test_a_legacy_9999_does_not_move_the_apps_counter(people, tmp_path):
    s = people["inspector"]
    path = csv_file(tmp_path / "c.csv", [BASIC, basic_row("TS-2026-9999")])
    importer.run(s, path)
    assert get(s.db, 1)["seq"] < 0
    assert intake.register(s, flows.draft(s))["number"] == "TS-2026-0001"
    assert check_numbering(s.db) == [] and verify(s.db) == []


def test_a_legacy_0001_in_an_empty_file_is_never_issued_again(people, tmp_path):
    s = people["inspector"]
    path = csv_file(tmp_path / "c.csv", [BASIC, basic_row("TS-2026-0001"), basic_row("TS-2026-0003")])
    importer.run(s, path)
    numbers = [intake.register(s, flows.draft(s))["number"] for _ in range(3)]
    assert numbers == ["TS-2026-0002", "TS-2026-0004", "TS-2026-0005"]
    assert check_numbering(s.db) == [] and verify(s.db) == []


def test_a_number_twice_in_one_file_is_refused_naming_both_rows(people, tmp_path):
    path = csv_file(tmp_path / "c.csv", [BASIC, basic_row("OLD-1"), basic_row(" OLD-1 ")])
    plan = importer.dry_run(people["inspector"], path)
    assert [r.action.value for r in plan.rows] == ["create", "error"]
    assert "row 2" in plan.rows[1].problems[0].text("en")


def test_reimporting_a_ledger_after_another_with_the_same_legacy_number_creates_nothing(people, tmp_path):
    """BUG (import_rows.context ``references`` and _existing): the "imported from this file already" check of a
    renumbered row looks up ``references[legacy_number]``, a dict built from every complaint with that legacy
    number, so only the last file that used the number counts. Input: X.csv with OLD-1 imported; A.csv with
    OLD-1 (collides → renumbered TS-2026-0001, legacy OLD-1); B.csv with OLD-1 (renumbered TS-2026-0002); then
    A.csv again with on_collision renumber — the office's ledgers per department all number from OLD-1. Observed:
    the dry run and the run create A's row a second time (TS-2026-0003, legacy OLD-1). Expected: skipped as
    imported from this file already, as it is when B was not imported in between."""
    s = people["inspector"]
    header = BASIC
    x = csv_file(tmp_path / "x.csv", [header, basic_row("OLD-1", summary="X")])
    a = csv_file(tmp_path / "a.csv", [header, basic_row("OLD-1", summary="A")])
    b = csv_file(tmp_path / "b.csv", [header, basic_row("OLD-1", summary="B")])
    importer.run(s, x)
    importer.run(s, a, {"on_collision": "renumber"})
    importer.run(s, b, {"on_collision": "renumber"})
    assert count_rows(s, "complaints") == 3
    again = importer.dry_run(s, a, {"on_collision": "renumber"})
    assert [r.action for r in again.rows] == [L.Action.SKIP], outcome(again)


# ------------------------------------------------------------------------------------- 6. who complained


@pytest.mark.parametrize(("cell", "name", "org", "anonymous"), [
    ("张女士", "张女士", None, 0), ("李明", "李明", None, 0), ("王小二", "王小二", None, 0), ("王先生", "王先生", None, 0),
    ("北京同仁堂", None, "北京同仁堂", 0), ("国药控股", None, "国药控股", 0), ("某某医院", None, "某某医院", 0),
    ("XYZ Pharmacy Ltd", None, "XYZ Pharmacy Ltd", 0), ("匿名", None, None, 1), ("Anonymous", None, None, 1),
    ("市第一人民医院 / 陈医生", "陈医生", "市第一人民医院", 0), ("Ms Zhang", "Ms Zhang", None, 0),
    ("李女士/家属", "李女士/家属", None, 0),
])
def test_a_person_is_stored_as_a_person_and_masked(people, tmp_path, cell, name, org, anonymous):
    path = csv_file(tmp_path / "p.csv", [BASIC, basic_row(who=cell)])
    s = people["inspector"]
    importer.run(s, path)
    c = get(s.db, 1)
    assert (c["complainant_name"], c["complainant_org"], c["anonymous"]) == (name, org, anonymous)
    seen = privacy.for_reader(people["reception"], c)
    assert seen["complainant_name"] == ("***" if name else None) and seen["complainant_org"] == org


@pytest.mark.parametrize("cell", ["张女士（患者家属）", "王先生 13800138000", "李科", "黄文科", "张会芳", "刘行"])
def test_a_persons_name_as_offices_type_it_is_never_stored_unmasked(people, tmp_path, cell):
    """BUG (import_fields.is_person): a person's name as real ledgers write it is stored as an organisation, so it
    is shown unmasked to every reader. Input: the complainant cell "张女士（患者家属）" (a note after the name),
    "王先生 13800138000" (a phone after the name), or a 2–3 character name holding a character of
    the organisation-word list (李科, 黄文科, 张会芳, 刘行: 科, 会, 行 are common in given names). Observed:
    complainant_org = the cell, complainant_name = None, so privacy.for_reader shows it to reception. Expected:
    stored as the complainant's name (masked)."""
    path = csv_file(tmp_path / "p.csv", [BASIC, basic_row(who=cell)])
    s = people["inspector"]
    importer.run(s, path)
    c = get(s.db, 1)
    assert c["complainant_org"] is None and c["complainant_name"] == cell, (c["complainant_name"],
                                                                           c["complainant_org"])


def test_person_first_then_organisation_is_not_swapped(people, tmp_path):
    """BUG (import_fields.split_complainant): "X / Y" is always read as "organisation / person" (the app's own
    register), so a clerk's "张女士 / 北京同仁堂" stores 北京同仁堂 as the person (masked) and 张女士 as the
    organisation (shown to everyone). Expected: the part that is a person stored as the person."""
    path = csv_file(tmp_path / "p.csv", [BASIC, basic_row(who="张女士 / 北京同仁堂")])
    s = people["inspector"]
    importer.run(s, path)
    c = get(s.db, 1)
    assert (c["complainant_name"], c["complainant_org"]) == ("张女士", "北京同仁堂")


def test_english_person_names_are_masked(people, tmp_path):
    """WEAKNESS (import_fields.is_person, within the issue's letter): a distributor's English CSV names people
    without Mr/Ms ("John Smith", "Mary O'Brien"); they are stored as organisations and shown unmasked. The issue's
    rule only covers 先生/女士/Mr/Ms and 2–4 CJK characters, so this documents the gap for the lead to judge."""
    path = csv_file(tmp_path / "p.csv", [BASIC, basic_row(who="John Smith")])
    s = people["inspector"]
    importer.run(s, path)
    assert get(s.db, 1)["complainant_name"] == "John Smith"


def test_a_masked_register_export_is_refused_naming_the_cell(people, tmp_path, clock):
    s = people["inspector"]
    flows.registered(people, complainant_org=None)  # a person only: exported as ***
    register.export(s, tmp_path / "masked.xlsx")
    _db, other = fresh(tmp_path, clock)
    err = refused(importer.run, other, tmp_path / "masked.xlsx")
    assert "D2" in err.message("en") and "masked" in err.message("en")
    assert count_rows(other, "complaints") == 0


def test_a_masked_register_export_with_organisations_is_refused_too(people, tmp_path, clock):
    """BUG (documents.register masked export + the import): a masked export writes only the organisation when a
    complaint has one ("市第一人民医院" for "市第一人民医院 / 陈医生"), and its "about" sheet says the personal
    data is masked; importing it into an empty file creates every record with the person silently dropped — the
    '***' check only catches complaints with no organisation. Input: flows.registered (org 市第一人民医院, name
    陈医生), register.export masked, importer.run into an empty file. Observed: 1 record created,
    complainant_name None. Expected: refused as a masked export (it says so itself), naming the cell or the sheet."""
    s = people["inspector"]
    flows.registered(people)
    register.export(s, tmp_path / "masked.xlsx")
    _db, other = fresh(tmp_path, clock)
    with pytest.raises(DomainError):
        importer.run(other, tmp_path / "masked.xlsx")


# ------------------------------------------------------------------------------ 7. maps, values and history


def test_value_maps_name_class_status_and_channel(people, tmp_path):
    header = BASIC + ["状态", "严重程度分类", "结案日期", "答复日期", "满意度"]
    path = csv_file(tmp_path / "v.csv", [header,
                                         basic_row(channel="Hotline") + ["Terminated", "Sev-1", "2026-04-01",
                                                                         "2026-03-20", "OK"]])
    s = people["inspector"]
    assert importer.dry_run(s, path).errors
    imap = {"values": {"status": {"Terminated": "closed"}, "class": {"Sev-1": "Class I"},
                       "channel": {"Hotline": "电话"}, "satisfaction": {"OK": "满意"}}}
    plan = importer.run(s, path, imap)
    assert outcome(plan) == [(2, "create", "TS-2026-0001", None, "closed", True)]
    c = get(s.db, 1)
    assert (c["class"], c["status"], c["channel"], c["closed_at"]) == ("I", "closed", "phone",
                                                                        "2026-04-01T00:00:00+08:00")
    assert count_rows(s, "deadlines") == 0  # closed history: no open deadlines
    assert verify(s.db) == []


def test_a_value_map_may_name_the_field_by_its_label(people, tmp_path):
    """BUG (import_rows.context): value maps are looked up by target key only; a map naming the field by its
    label, as columns may ({"values": {"状态": {"Terminated": "结案"}}} or "Status"), or by a field that does not
    exist ({"values": {"nonsense": …}}), is silently ignored, and every row then fails with "Status 'Terminated' is
    not recognised … name it in a value map" — which the user just did. Expected: labels accepted like in
    columns, and an unknown field refused as a bad map."""
    path = csv_file(tmp_path / "v.csv", [BASIC + ["状态", "结案日期"], basic_row() + ["Terminated", "2026-04-01"]])
    s = people["inspector"]
    plan = importer.dry_run(s, path, {"values": {"状态": {"Terminated": "结案"}}})
    assert not plan.errors, problems_of(plan)
    refused(importer.dry_run, s, path, {"values": {"nonsense": {"a": "b"}}})


def test_all_open_given_as_text_false_is_not_true(people, tmp_path):
    """BUG (import_map.ImportMap.from_json): ``all_open=bool(data.get("all_open"))`` reads a hand-written map's
    "all_open": "false" (or "no", "0") as True, so every closed historical row comes in as an open, overdue
    complaint — the very thing the issue set out to stop. Expected: "false" read as false, or the map refused."""
    path = csv_file(tmp_path / "v.csv", [BASIC + ["结案日期"], basic_row() + ["2026-04-01"]])
    s = people["inspector"]
    try:
        plan = importer.dry_run(s, path, {"all_open": "false"})
    except DomainError:
        return  # refusing the map is fine too
    assert plan.closed == 1 and plan.open == 0


def test_history_dates_that_contradict_each_other_are_problems(people, tmp_path):
    header = BASIC + ["答复日期", "结案日期", "满意度", "状态"]
    path = csv_file(tmp_path / "h.csv", [header,
                                         basic_row("H-1") + [None, "2026-02-01", None, None],  # closed before receipt
                                         basic_row("H-2") + [None, "2026-10-01", None, None],  # closed in the future
                                         basic_row("H-3") + [None, None, "满意", None],  # satisfaction, no reply
                                         basic_row("H-4") + [None, "2026-04-01", None, "处理中"],  # open, with closed date
                                         basic_row("H-5") + [None, None, None, "结案"],  # closed, no date
                                         basic_row("H-6") + ["2026-03-05", "2026-04-01", "满意", "结案"]])
    plan = importer.dry_run(people["inspector"], path)
    assert [r.action.value for r in plan.rows] == ["error"] * 5 + ["create"]
    assert [r.problems[0].cell for r in plan.errors] == ["J2", "J3", "K4", "L5", "J6"]


def test_a_reply_after_the_closed_date_is_a_problem(people, tmp_path):
    """BUG (minor, import_rows._history): a reply dated after the closed date ("答复日期 2026-05-01",
    "结案日期 2026-04-01") comes in as closed history with a reply a month after closure; every other
    contradiction of the dates is reported. Expected: a "history" problem on the reply date's cell."""
    path = csv_file(tmp_path / "h.csv", [BASIC + ["答复日期", "结案日期"], basic_row() + ["2026-05-01", "2026-04-01"]])
    plan = importer.dry_run(people["inspector"], path)
    assert plan.errors and plan.errors[0].problems[0].cell == "I2"


@pytest.mark.parametrize("status", ["已答复", "已批准待答复", "待部长审核", "待质量副总批准"])
def test_an_open_row_never_comes_in_past_the_signatures_its_state_claims(people, tmp_path, status):
    """BUG (import_rows._history: any open status of the vocabulary is taken as it is): an open ledger row whose
    status is 已答复 (replied), 已批准待答复 (approved), 待部长审核 (under review) or 待质量副总批准 (awaiting
    approval) — "已答复" is a common legacy status for a case answered but not formally closed — is created in that
    state with no submission, no QA-head review, no VP approval and (replied) no reply. Observed, Class I,
    status 已答复: the record is "replied" but closure.record_reply refuses ("possible only when it is approved")
    and closure.close refuses (no reply, no review, no approval): a dead end the app cannot leave; 已批准待答复
    shows a VP approval that never happened. Expected: the dry run names the status cell (an open row comes in at
    most as investigating), or the record lands in a state whose signatures it has."""
    path = csv_file(tmp_path / "s.csv", [BASIC + ["状态", "严重程度分类"], basic_row() + [status, "I"]])
    s = people["inspector"]
    plan = importer.dry_run(s, path)
    if plan.errors:
        assert plan.errors[0].problems[0].cell == "I2"
        return
    importer.run(s, path)
    assert get(s.db, 1)["status"] not in ("under_review", "awaiting_approval", "approved", "replied")


def test_voided_and_archived_history(people, tmp_path):
    path = csv_file(tmp_path / "s.csv", [BASIC + ["状态", "结案日期"], basic_row("V-1") + ["作废", None],
                                         basic_row("V-2") + ["归档", "2026-04-01"]])
    s = people["inspector"]
    plan = importer.run(s, path)
    assert outcome(plan) == [(2, "create", "V-1", None, "voided", True), (3, "create", "V-2", None, "closed", True)]
    assert count_rows(s, "deadlines") == 0 and verify(s.db) == []


def test_only_those_who_may_import_can_import_or_dry_run(people, tmp_path):
    path = csv_file(tmp_path / "s.csv", [BASIC, basic_row()])
    for who in ("reception", "qavp", "admin"):
        refused(importer.dry_run, people[who], path)
        refused(importer.run, people[who], path)
    assert count_rows(people["admin"], "complaints") == 0


def test_an_imported_closed_record_is_marked_and_audited_as_imported(people, tmp_path):
    path = csv_file(tmp_path / "台帐2025.csv", [BASIC + ["结案日期", "严重程度分类", "处理人", "处理结果", "备注"],
                                                basic_row("L-1") + ["2026-04-01", "I", "老李", "退货处理", "电话回访"]])
    s = people["inspector"]
    plan = importer.run(s, path)
    c = get(s.db, 1)
    o = L.origin(s.db, c)
    assert o.mark("en").startswith("imported from 台帐2025.csv row 2") and o.handler == "老李"
    assert c["conclusion_note"] == "退货处理" and L.extras(c) == [("备注", "电话回访")]
    reason, action = s.db.conn.execute("SELECT reason, action FROM audit_log WHERE tbl = 'complaints' AND op = "
                                       "'insert'").fetchone()
    assert action == "import" and plan.sha256 in reason
    assert check_history(s.db) == [] and verify(s.db) == []


# ------------------------------------------------------------- 8. tampering with the file after the import


HISTORY = BASIC + ["严重程度分类", "结案日期"]


def _imported(people, tmp_path, closed: str | None = "2026-04-01") -> dict:
    s = people["inspector"]
    path = csv_file(tmp_path / "h.csv", [HISTORY, basic_row("L-1") + ["I", closed]])
    importer.run(s, path)
    return get(s.db, s.db.conn.execute("SELECT max(id) FROM complaints").fetchone()[0])


def _history_of(db_path: Path) -> list:
    from qa_desk.store.db import connect

    db = connect(db_path, readonly=True)
    try:
        return check_history(db)
    finally:
        db.conn.close()


def test_an_app_closed_record_marked_as_imported_is_found(people, db_path):
    s = people["inspector"]
    c = flows.closable(people)
    closure.close(s, c["id"])
    settle(people, db_path)
    execute(db_path, "UPDATE complaints SET imported_from = ?, import_row = 2 WHERE id = ?", params=("ab" * 32, c["id"]))
    assert _history_of(db_path), "check_history misses the import mark put on an app record"
    assert check(db_path)


def test_an_app_open_record_marked_as_imported_is_found(people, db_path):
    c = flows.registered(people)
    settle(people, db_path)
    execute(db_path, "UPDATE complaints SET imported_from = ? WHERE id = ?", params=("ab" * 32, c["id"]))
    assert _history_of(db_path) and check(db_path)


def test_an_imported_record_whose_mark_is_removed_is_found(people, db_path, tmp_path):
    c = _imported(people, tmp_path)
    settle(people, db_path)
    execute(db_path, "UPDATE complaints SET imported_from = NULL WHERE id = ?", params=(c["id"],))
    found = _history_of(db_path)
    assert any("mark was removed" in f.en for f in found), show(found)
    assert check(db_path)


def test_an_app_open_record_set_closed_is_found(people, db_path):
    c = flows.registered(people)
    settle(people, db_path)
    execute(db_path, "UPDATE complaints SET status = 'closed', closed_at = received_at WHERE id = ?",
            params=(c["id"],))
    found = _history_of(db_path)
    assert any("signature" in f.en for f in found), show(found)
    assert check(db_path)


def test_an_imported_open_record_set_closed_by_sql_is_found(people, db_path, tmp_path):
    c = _imported(people, tmp_path, closed=None)
    assert c["status"] == "registered"
    settle(people, db_path)
    execute(db_path, "UPDATE complaints SET status = 'closed', closed_at = received_at WHERE id = ?",
            params=(c["id"],))
    found = check(db_path)
    assert any(f.kind == "tampered" for f in found), show(found)


@pytest.mark.parametrize("imported_from", [None, "ab" * 32])
def test_a_fake_closed_record_inserted_by_sql_is_found(people, db_path, imported_from):
    c = flows.registered(people)
    settle(people, db_path)
    columns = [r[1] for r in __import__("sqlite3").connect(db_path).execute("PRAGMA table_info(complaints)")
               if r[1] != "id"]
    picked = ", ".join(columns)
    values = ", ".join({"number": "'FAKE-1'", "seq": "-1", "status": "'closed'", "closed_at": "received_at",
                        "imported_from": "?", "class": "'I'"}.get(k, k) for k in columns)
    execute(db_path, f"INSERT INTO complaints ({picked}) SELECT {values} FROM complaints WHERE id = ?",
            params=(imported_from, c["id"]))
    assert _history_of(db_path)
    assert check(db_path)


def test_a_closed_unsigned_record_claiming_an_import_with_valid_hashes_is_found(people, db_path):
    """Entries appended with valid hashes (no seal): a Class I record 'imported' closed, with no signature."""
    c = flows.registered(people)
    settle(people, db_path)
    row = dict(get(people["inspector"].db, c["id"]))
    uid = people["inspector"].actor.id
    new_id = c["id"] + 1
    row.update(id=new_id, number="FAKE-2", seq=-1, status="closed", closed_at=row["received_at"],
               imported_from="cd" * 32, import_row=2, **{"class": "I"})
    cols = [r[1] for r in __import__("sqlite3").connect(db_path).execute("PRAGMA table_info(complaints)")]
    row = {k: row.get(k) for k in cols}
    at = row["created_at"]

    def apply(conn):
        conn.execute(f"INSERT INTO complaints ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                     [row[k] for k in cols])

    append_entries(db_path, [{"at": at, "user_id": uid, "username": "inspector", "tbl": "complaints",
                              "record_id": new_id, "op": "insert", "action": "import", "old": None, "new": row,
                              "reason": "imported from x.csv row 2"}], apply=apply)
    assert check(db_path)


def test_an_app_record_closed_by_a_forged_sealed_entry_is_found(people, db_path):
    """The control for the next test: an inspector forges the close of an app record with their own key (so the
    chain, the seal and the replay all agree); check_history finds the missing signatures."""
    c = flows.registered(people)
    settle(people, db_path)
    me = unlock_key(db_path, "inspector", PASSWORDS["inspector"])
    with forged(db_path, "inspector", sealer=me) as (tx, out):
        tx.update("complaints", c["id"], {"status": "closed", "closed_at": tx.at, "updated_at": tx.at},
                  action="close")
    add_seal(db_path, me, [out.span])
    found = check(db_path)
    assert any(f.kind == "history" for f in found), show(found)


def test_an_imported_open_record_closed_by_a_forged_sealed_entry_is_found(people, db_path, tmp_path):
    """BUG (verify.check_history): every record whose first entry is an import is excused from the signature
    rule, also when it came in OPEN and was closed afterwards. Input: a ledger row (Class I, no closed date)
    imported as an open complaint; then the inspector, with the source code and their own key, appends the
    close (status closed) with valid hashes and seals it (as test_forgery's "sealed by the inspector's key").
    Observed: verify returns [] — a Class I complaint closed with no QA-head review and no VP approval. The same
    forgery on an app-registered record is found (the test above). Expected: a history finding; only a record
    that came in closed from its import is excused."""
    c = _imported(people, tmp_path, closed=None)
    assert c["status"] == "registered" and c["class"] == "I"
    settle(people, db_path)
    me = unlock_key(db_path, "inspector", PASSWORDS["inspector"])
    with forged(db_path, "inspector", sealer=me) as (tx, out):
        tx.update("complaints", c["id"], {"status": "closed", "closed_at": tx.at, "updated_at": tx.at},
                  action="close")
    add_seal(db_path, me, [out.span])
    found = check(db_path)
    assert any(f.kind == "history" for f in found), show(found)


def test_a_forged_sealed_import_with_no_import_record_is_found(people, db_path):
    """BUG (verify.check_history): "closed without signatures" is excused for any record whose first entry says
    action "import" and which carries an imported_from — it is never checked that a ledger_imports record (the
    import's own entry, with the file's name and SHA-256) exists. Input: the inspector, with their own key,
    appends one sealed insert of a closed Class I complaint FAKE-1 with action "import", imported_from = a made-up
    SHA-256, and no ledger_imports row. Observed: verify returns []. Expected: a finding — the issue asks that a
    closed unsigned record be "such a legacy import with its import entry"."""
    c = flows.registered(people)
    settle(people, db_path)
    me = unlock_key(db_path, "inspector", PASSWORDS["inspector"])
    row = dict(get(people["inspector"].db, c["id"]))
    row.pop("id")
    row.update(number="FAKE-1", seq=-1, status="closed", closed_at=row["received_at"], imported_from="ab" * 32,
               import_row=2, **{"class": "I"})
    with forged(db_path, "inspector", sealer=me) as (tx, out):
        tx.insert("complaints", row, action="import", reason="imported from x.csv row 2")
    add_seal(db_path, me, [out.span])
    assert count_rows(people["inspector"], "ledger_imports") == 0
    found = check(db_path)
    assert found, "a closed Class I record with no signature and no import record verifies clean"


def test_check_numbering_finds_a_gap_and_a_counter_out_of_step(people, db_path, tmp_path):
    s = people["inspector"]
    for _ in range(3):
        intake.register(s, flows.draft(s))
    importer.run(s, csv_file(tmp_path / "l.csv", [BASIC, basic_row("TS-2026-9999"), basic_row("TS-2026-0005")]))
    assert check_numbering(s.db) == []
    settle(people, db_path)
    execute(db_path, "DELETE FROM deadlines WHERE complaint_id = 2", "DELETE FROM complaint_next_due WHERE "
            "complaint_id = 2", "DELETE FROM complaints WHERE number = 'TS-2026-0002'")
    assert any("gaps" in f.en for f in check_numbering(s.db))
    execute(db_path, "UPDATE number_sequences SET last_seq = 9 WHERE key = '2026'")
    assert any("ahead" in f.en for f in check_numbering(s.db))


def test_a_legacy_number_does_not_excuse_a_missing_app_number_of_another_shape(people, db_path, tmp_path):
    """A legacy TS-2026-002 (three digits) holds no slot of the app's TS-2026-0002: deleting the app's 0002 is
    still a gap."""
    s = people["inspector"]
    for _ in range(3):
        intake.register(s, flows.draft(s))
    importer.run(s, csv_file(tmp_path / "l.csv", [BASIC, basic_row("TS-2026-002")]))
    settle(people, db_path)
    execute(db_path, "DELETE FROM deadlines WHERE complaint_id = 2", "DELETE FROM complaint_next_due WHERE "
            "complaint_id = 2", "DELETE FROM complaints WHERE number = 'TS-2026-0002'")
    assert any("gaps" in f.en for f in check_numbering(s.db))


def test_a_registration_between_the_dry_run_and_the_run_is_refused_not_renumbered(people, tmp_path):
    """Two workstations on one file: the dry run promised TS-2026-0001; someone registers a complaint before the
    user confirms. The run with the confirmed plan refuses (plan_changed) and writes nothing."""
    s = people["inspector"]
    path = csv_file(tmp_path / "c.csv", [BASIC, basic_row(), basic_row("OLD-1")])
    shown = importer.dry_run(s, path)
    assert [r.number for r in shown.to_create] == ["TS-2026-0001", "OLD-1"]
    intake.register(people["inspector2"], flows.draft(people["inspector2"]))
    before = counts(s.db)
    err = refused(importer.run, s, path, expect=shown)
    assert err.code == "plan_changed" and counts(s.db) == before
    path.write_text(path.read_text(encoding="utf-8") + "OLD-2,2026-03-01,张女士,X,Y,电话,1,盒\r\n", encoding="utf-8")
    again = importer.dry_run(s, path)
    csv_file(path, [BASIC, basic_row(), basic_row("OLD-1")])  # the file changed after the dry run
    assert refused(importer.run, s, path, expect=again).code == "plan_changed" and counts(s.db) == before
    assert importer.run(s, path, expect=importer.dry_run(s, path)).to_create
    assert verify(s.db) == []


@pytest.mark.parametrize("when", [1, 2])
def test_a_cancelled_import_writes_nothing(people, tmp_path, when):
    s = people["inspector"]
    path = csv_file(tmp_path / "c.csv", [BASIC, basic_row(), basic_row("OLD-1")])
    asked = []

    def cancelled():
        asked.append(1)
        return len(asked) >= when  # 1: while checking, 2: while writing

    before = counts(s.db)
    assert refused(importer.run, s, path, cancelled=cancelled).code == "cancelled"
    assert counts(s.db) == before and count_rows(s, "number_sequences") == 0
    assert verify(s.db) == []


def test_a_refused_import_writes_nothing_not_even_an_import_record(people, tmp_path):
    s = people["inspector"]
    path = csv_file(tmp_path / "r.csv", [BASIC, basic_row("R-1"), basic_row("R-2", received="2025年2月30日")])
    before = counts(s.db)
    err = refused(importer.run, s, path)
    assert isinstance(err, L.ImportRefused) and "row 3" in err.message("en") and "B3" in err.message("en")
    assert counts(s.db) == before
    assert json.loads(L.ImportMap.loads(L.ImportMap(on_collision=L.Collision.SKIP).dumps()).dumps())[
        "on_collision"] == "skip"
