"""Dates and quantities as people type them (issue 13, item 2): every accepted form gives the same value, and
every refusal is one Problem in zh and en that quotes what was typed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa_desk.core.errors import DomainError, Problem
from qa_desk.core.typed_values import (
    DateOrder,
    ParsedDate,
    Quantity,
    TypedValueError,
    parse_date,
    parse_datetime,
    parse_quantity,
)

D = date(2025, 3, 18)
T = datetime(2025, 3, 18, 14, 5)
MDY, DMY, YMD = DateOrder.MDY, DateOrder.DMY, DateOrder.YMD


def _refusal(call, *args, **kw) -> TypedValueError:
    with pytest.raises(TypedValueError) as info:
        call(*args, **kw)
    err = info.value
    assert isinstance(err, DomainError) and len(err.problems) == 1 and isinstance(err.problem, Problem)
    assert err.problem.zh and err.problem.en
    return err


@pytest.mark.parametrize("typed, value, had_time", [
    ("2025-03-18", datetime(2025, 3, 18), False),
    ("2025-3-8", datetime(2025, 3, 8), False),
    ("2025-03-18 14:05", T, True),
    ("2025-03-18T14:05", T, True),
    ("2025-03-18 14:05:30", T.replace(second=30), True),
    ("2025-03-18T14:05:30.25", T.replace(second=30, microsecond=250_000), True),
    ("  2025-03-18   14:05  ", T, True),
    ("2025-03-18 00:00", datetime(2025, 3, 18), True),
    ("2025-03-18T14:05Z", T.replace(tzinfo=UTC), True),
    ("2025-03-18T14:05+08:00", T.replace(tzinfo=timezone(timedelta(hours=8))), True),
    ("2025-03-18 2:05 PM", T, True),
    ("2025-03-18 12:30 am", datetime(2025, 3, 18, 0, 30), True),
])
def test_iso(typed, value, had_time):
    assert parse_datetime(typed) == ParsedDate(value, had_time)
    assert parse_date(typed) == ParsedDate(value.date(), had_time)


@pytest.mark.parametrize("typed, value, had_time", [
    ("2025年3月18日", datetime(2025, 3, 18), False),
    ("2025年03月18日", datetime(2025, 3, 18), False),
    ("2025 年 3 月 18 日", datetime(2025, 3, 18), False),
    ("2025年3月18号", datetime(2025, 3, 18), False),
    ("2025年3月18", datetime(2025, 3, 18), False),
    ("2025年3月18日 14:05", T, True),
    ("2025年3月18日14:05", T, True),
    ("2025年3月18日 14时05分", T, True),
    ("2025年3月18日14时05分30秒", T.replace(second=30), True),
    ("2025年3月18日 14点", datetime(2025, 3, 18, 14), True),
    ("2025年3月18日 下午2点05分", T, True),
    ("2025年3月18日 上午9:30", datetime(2025, 3, 18, 9, 30), True),
])
def test_chinese(typed, value, had_time):
    assert parse_datetime(typed) == ParsedDate(value, had_time)


@pytest.mark.parametrize("typed, value", [
    ("２０２５年３月１８日", datetime(2025, 3, 18)),
    ("２０２５年３月１８日　１４：０５", T),
    ("２０２５年３月１８日　１４時０５分", T),
    ("２０２５/０４/０２", datetime(2025, 4, 2)),
    ("２０２５／０４／０２", datetime(2025, 4, 2)),
    ("２０２５－０３－１８", datetime(2025, 3, 18)),
    ("２０２５０４２０", datetime(2025, 4, 20)),
    ("０４/０２/２０２５", datetime(2025, 4, 2)),  # with MDY below
])
def test_full_width(typed, value):
    assert parse_datetime(typed, MDY).value == value


@pytest.mark.parametrize("typed, order, value", [
    ("2025/4/2", None, date(2025, 4, 2)),  # year first reads the same under any order
    ("2025/4/2", YMD, date(2025, 4, 2)),
    ("2025/4/2", MDY, date(2025, 4, 2)),
    ("2025/4/2", DMY, date(2025, 4, 2)),
    ("2025/04/02 14:05", None, date(2025, 4, 2)),
    ("04/02/2025", MDY, date(2025, 4, 2)),
    ("04/02/2025", DMY, date(2025, 2, 4)),
    ("4/2/2025", MDY, date(2025, 4, 2)),
    ("12/31/2025", MDY, date(2025, 12, 31)),
    ("31/12/2025", DMY, date(2025, 12, 31)),
    ("04-02-2025", DMY, date(2025, 2, 4)),
    ("4/2/2025 2:05 PM", MDY, date(2025, 4, 2)),
])
def test_slashes_with_each_order(typed, order, value):
    assert parse_date(typed, order).value == value


def test_day_month_first_keeps_its_time():
    assert parse_datetime("4/2/2025 2:05 PM", MDY) == ParsedDate(datetime(2025, 4, 2, 14, 5), True)
    assert parse_datetime("18.03.2025 14:05", DMY) == ParsedDate(T, True)


@pytest.mark.parametrize("typed, order, value", [
    ("2025.04.20", None, date(2025, 4, 20)),
    ("2025.4.2", None, date(2025, 4, 2)),
    ("2025.04.20 08:15", None, date(2025, 4, 20)),
    ("4.2.2025", DMY, date(2025, 2, 4)),
    ("4.2.2025", MDY, date(2025, 4, 2)),
])
def test_dots(typed, order, value):
    assert parse_date(typed, order).value == value


@pytest.mark.parametrize("typed, value, had_time", [
    ("20250420", datetime(2025, 4, 20), False),
    ("20250420 14:05", datetime(2025, 4, 20, 14, 5), True),
    ("20250420T140500", None, None),  # compact time is not a form: refused
    (20250420, datetime(2025, 4, 20), False),  # a number cell holding a compact date
    (20250420.0, datetime(2025, 4, 20), False),
])
def test_compact(typed, value, had_time):
    if value is None:
        _refusal(parse_datetime, typed)
    else:
        assert parse_datetime(typed) == ParsedDate(value, had_time)


@pytest.mark.parametrize("typed, value, had_time", [
    (45734, datetime(2025, 3, 18), False),
    (45734.0, datetime(2025, 3, 18), False),
    (45734.5, datetime(2025, 3, 18, 12), True),
    (45734 + (14 * 60 + 5) / 1440, T, True),  # float noise rounds to the second
    ("45734", datetime(2025, 3, 18), False),  # a serial that reached a CSV as text
    ("45734.5", datetime(2025, 3, 18, 12), True),
    (32874, datetime(1990, 1, 1), False),
    (73415, datetime(2100, 12, 31), False),
])
def test_excel_serials(typed, value, had_time):
    assert parse_datetime(typed) == ParsedDate(value, had_time)


@pytest.mark.parametrize("typed", [0, 1, 12, 2980, 32873, 73416, 1e12, 10**400, -45734, float("nan"), float("inf"),
                                   "12345"])
def test_numbers_outside_the_serial_window_are_refused(typed):
    err = _refusal(parse_date, typed)
    assert "Excel" in err.problem.en or "not a real date" in err.problem.en


@pytest.mark.parametrize("cell, parsed_date, parsed_datetime", [
    (date(2025, 3, 18), ParsedDate(D, False), ParsedDate(datetime(2025, 3, 18), False)),
    (datetime(2025, 3, 18), ParsedDate(D, False), ParsedDate(datetime(2025, 3, 18), False)),
    (T, ParsedDate(D, True), ParsedDate(T, True)),
    (None, None, None),
    ("", None, None),
    ("   ", None, None),
])
def test_real_cells_and_blanks(cell, parsed_date, parsed_datetime):
    assert parse_date(cell) == parsed_date
    assert parse_datetime(cell) == parsed_datetime


@pytest.mark.parametrize("typed, order", [
    ("2025年2月30日", None), ("2025-13-01", None), ("2025-02-29", None), ("2025/4/31", None),
    ("20251301", None), ("2025-03-18 24:00", None), ("2025-03-18 14:60", None), ("2025年3月18日 13点 PM", None),
    ("13/02/2025", MDY), ("02/13/2025", DMY), ("0001-01-01", None), ("9999-12-31", None),
    ("2025-03-18T14:05+25:00", None),
])
def test_impossible_dates_are_refused_quoting_the_value(typed, order):
    err = _refusal(parse_date, typed, order, field="mfg_date")
    assert err.code == "impossible_date" and err.problem.field == "mfg_date"
    assert f"“{typed}”" in err.problem.zh and f"'{typed}'" in err.problem.en
    assert err.problem.zh.startswith("生产日期") and err.problem.en.startswith("manufacturing date")


@pytest.mark.parametrize("typed", ["04/02/2025", "4.2.2025", "13/02/2025", "04-04-2025", "4/2/2025 14:05"])
@pytest.mark.parametrize("order", [None, YMD])
def test_ambiguous_without_an_order_names_the_choice(typed, order):
    err = _refusal(parse_date, typed, order)
    assert err.code == "ambiguous_date"
    assert f"'{typed}'" in err.problem.en and f"“{typed}”" in err.problem.zh
    assert "--date-order mdy" in err.problem.en and "dmy" in err.problem.en and "dialog" in err.problem.en
    assert "--date-order mdy" in err.problem.zh and "导入对话框" in err.problem.zh


@pytest.mark.parametrize("typed, quoted", [
    ("next tuesday", "next tuesday"), ("2025", "2025"), ("2025-03", "2025-03"), ("03/18", "03/18"),
    ("04/02/25", "04/02/25"), ("25.4.2", "25.4.2"), ("2025-03-18 14", "2025-03-18 14"),
    ("2025-03-18\x00", "2025-03-18\\u0000"), ("\u202e2025-03-18", "\\u202e2025-03-18"),
    ("x" * 500, "x" * 60 + "…"), (True, "True"), ([2025, 3, 18], "[2025, 3, 18]"),
])
def test_junk_is_refused_quoting_it_safely(typed, quoted):
    err = _refusal(parse_datetime, typed)
    assert err.code == "bad_date"
    assert f"'{quoted}'" in err.problem.en and f"“{quoted}”" in err.problem.zh
    assert "2025年3月18日" in err.problem.en and "20250318" in err.problem.zh  # says what is accepted
    assert all(ch.isprintable() for ch in err.problem.en + err.problem.zh)


def test_two_digit_years_say_so():
    assert "two-digit year" in _refusal(parse_date, "04/02/25", MDY).problem.en


@pytest.mark.parametrize("typed, expected", [
    ("2980 bottles", (2980.0, "bottles")),
    ("5盒", (5.0, "盒")),
    ("2,980 瓶", (2980.0, "瓶")),
    ("1,234,567 tablets", (1234567.0, "tablets")),
    ("１２支", (12.0, "支")),
    ("１，２００ 盒", (1200.0, "盒")),
    ("3.5 kg", (3.5, "kg")),
    ("3.5kg", (3.5, "kg")),
    ("10 boxes of vials", (10.0, "boxes of vials")),
    ("2980", (2980.0, None)),
    ("  7  ", (7.0, None)),
    (2980, (2980.0, None)),
    (3.5, (3.5, None)),
    (None, (None, None)),
    ("", (None, None)),
])
def test_quantities(typed, expected):
    got = parse_quantity(typed)
    assert got == Quantity(*expected) and got == expected


@pytest.mark.parametrize("typed", ["two boxes", "五盒", "2,98 boxes", "3,5 kg", "1e5", "-3", "5 盒 2 瓶", "盒",
                                   "5 bottles\x00", "5\u202ebottles", "2980 (approx)", "x" * 300, float("nan"),
                                   float("inf"), True, [5]])
def test_junk_quantities_are_refused_quoting_them(typed):
    err = _refusal(parse_quantity, typed)
    assert err.code == "bad_quantity" and err.problem.field == "quantity"
    assert "数量" in err.problem.zh and "'" in err.problem.en
    assert all(ch.isprintable() for ch in err.problem.en + err.problem.zh)
    if isinstance(typed, str) and typed.isprintable() and len(typed) < 60:
        assert f"'{typed}'" in err.problem.en and f"“{typed}”" in err.problem.zh


def test_date_order_takes_the_command_line_spelling():
    assert [DateOrder(s) for s in ("ymd", "mdy", "dmy")] == [YMD, MDY, DMY]


_ANY = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789０１２３４５６７８９-/.:年月日号时点分秒 TZAPMapm上午下午+", max_size=30),
    st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.none(), st.booleans(),
    st.dates().map(lambda d: d), st.datetimes(),
)


@settings(max_examples=600, deadline=None)
@given(_ANY, st.sampled_from([None, YMD, MDY, DMY]))
def test_nothing_but_the_documented_refusal_ever_leaves(value, order):
    for call in (parse_date, parse_datetime):
        try:
            got = call(value, order)
        except TypedValueError as err:
            assert len(err.problems) == 1 and err.problem.zh and err.problem.en
            assert all(ch.isprintable() for ch in err.problem.en + err.problem.zh)
            continue
        assert got is None or isinstance(got, ParsedDate)
        if got is not None:
            assert isinstance(got.value, datetime if call is parse_datetime else date)
    try:
        number, unit = parse_quantity(value)
    except TypedValueError as err:
        assert len(err.problems) == 1
    else:
        assert number is None or isinstance(number, float)
        assert unit is None or (isinstance(unit, str) and unit.isprintable())
