"""Dates and quantities as people type them in old ledgers and CSV files (issue 13, item 2).

Pure functions, no Qt and no database, so that the import, the dialog's preview and the tests all read a cell
the same way.

API, in one place:

* ``parse_date(value, order=None, *, field=None) -> ParsedDate | None`` and ``parse_datetime(...)`` (same
  arguments). A blank cell (None, "" or spaces) gives None: whether the field is required is the caller's rule.
* ``parse_quantity(value, *, field="quantity") -> Quantity`` (a NamedTuple ``(number, unit)``).
* Anything that cannot be read raises :class:`TypedValueError`, a :class:`DomainError` carrying exactly one
  :class:`Problem` (``err.problem``) whose zh and en text quote the value as typed (control characters escaped)
  and say which forms are accepted. A row import catches it and appends ``err.problem`` to the row's problems.
  No other exception leaves these functions, whatever the input.

Never a guess: a day/month-first date (04/02/2025, 4.2.2025) is read only with an explicit
``DateOrder.MDY`` or ``DateOrder.DMY`` chosen for the whole import, because one wrong guess silently moves
every date in a column by months. Year-first forms are unambiguous and read under any order. Two-digit years
are refused for the same reason. Ranges that depend on the field (no receipt in the future, expiry after
manufacture) stay with ``validation``; this module only refuses what is not a date at all.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from enum import StrEnum
from typing import NamedTuple

from qa_desk.core.errors import DomainError, Problem
from qa_desk.core.validation import label


class DateOrder(StrEnum):
    """How the import reads day/month-first dates; the value is what ``--date-order`` takes."""

    YMD = "ymd"
    MDY = "mdy"
    DMY = "dmy"


@dataclass(frozen=True)
class ParsedDate:
    """A read date: ``value`` is a date (parse_date) or a datetime (parse_datetime, midnight when the cell had
    no time); ``had_time`` says whether the cell carried a time, so a caller can tell 00:00 typed from none."""

    value: date | datetime
    had_time: bool


class Quantity(NamedTuple):
    number: float | None
    unit: str | None


class TypedValueError(DomainError):
    """The one refusal of this module: a DomainError with a single Problem, so a row can collect it."""

    @property
    def problem(self) -> Problem:
        return self.problems[0]


# Text years outside this window are typing errors, not dates (validation narrows it per field).
YEAR_MIN, YEAR_MAX = 1900, 2200
# Excel serials are only taken as dates inside this window, so that a stray count (12, 2980) is not a date.
SERIAL_MIN_DATE, SERIAL_MAX_DATE = date(1990, 1, 1), date(2100, 12, 31)
_EXCEL_EPOCH = datetime(1899, 12, 30)  # the 1900 system, where serial 61 is 1900-03-01
_MAX_TEXT = 100  # longer cells are refused before any pattern runs

_ACCEPTED_ZH = ("可用格式：2025-03-18、2025-03-18 14:05、2025年3月18日（可带时间，如 14:05 或 14时05分）、2025/3/18、"
                "2025.3.18、20250318、Excel 日期单元格或日期序号；04/02/2025 这类日、月在前的日期须先选择日期顺序"
                "（命令行 --date-order mdy 或 dmy，或导入对话框中的“日期顺序”）")
_ACCEPTED_EN = ("accepted: 2025-03-18, 2025-03-18 14:05, 2025年3月18日 (with or without a time such as 14:05 or "
                "14时05分), 2025/3/18, 2025.3.18, 20250318, an Excel date cell or date serial; a day/month-first date "
                "such as 04/02/2025 needs the date order (--date-order mdy or dmy, or the import dialog's date order)")
_ORDER_ZH = "请选择日期顺序：命令行 --date-order mdy（月/日/年）或 dmy（日/月/年），或在导入对话框中选择“日期顺序”"
_ORDER_EN = ("choose the date order: --date-order mdy (month/day/year) or dmy (day/month/year) on the command "
             "line, or the date order in the import dialog")

_TIME = (r"(?P<ap1>上午|下午)?\s*(?P<h>[0-9]{1,2})"
         r"(?::(?P<m>[0-9]{2})(?::(?P<s>[0-9]{2})(?:\.(?P<f>[0-9]{1,6}))?)?"
         r"|\s*[时時点點]\s*(?:(?P<m2>[0-9]{1,2})\s*分\s*(?:(?P<s2>[0-9]{1,2})\s*秒)?)?)"
         r"\s*(?P<ap2>AM|PM|A\.M\.|P\.M\.)?\s*(?P<tz>Z|[+-][0-9]{2}:?[0-9]{2})?")
_TAIL = rf"(?:(?:T|\s+){_TIME})?"
_CHINESE = re.compile(r"(?P<y>[0-9]{4})\s*年\s*(?P<mo>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*(?P<ri>[日号])?"
                      rf"(?:(?:\s+|(?<=[日号])){_TIME})?")
_YEAR_FIRST = re.compile(r"(?P<y>[0-9]{4})(?P<sep>[-/.])(?P<mo>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})" + _TAIL)
_COMPACT = re.compile(r"(?P<y>[0-9]{4})(?P<mo>[0-9]{2})(?P<d>[0-9]{2})" + _TAIL)
_DAY_MONTH = re.compile(r"(?P<a>[0-9]{1,2})(?P<sep>[-/.])(?P<b>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})" + _TAIL)
_SHORT_YEAR = re.compile(r"[0-9]{1,2}(?P<sep>[-/.])[0-9]{1,2}(?P=sep)[0-9]{1,2}" + _TAIL)
_SERIAL = re.compile(r"[0-9]{5}(?:\.[0-9]+)?")
_QUANTITY = re.compile(r"(?P<n>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<f>[0-9]+))?\s*"
                       r"(?P<unit>[^\W\d_][^\d,;:!?()\[\]{}<>\"'=+*&%$#@|\\^~`]{0,19})?")


def shown(value) -> str:
    """The value as typed, safe to quote: non-printable characters (controls, bidi overrides, tabs, newlines)
    become \\uXXXX so a message can never hide or reorder text, and very long cells are cut."""
    text = "<a number too long to show>" if isinstance(value, int) and value.bit_length() > 4000 else str(value)
    cut = text[:60]
    return escaped(cut) + ("…" if len(text) > len(cut) else "")


def escaped(text: str) -> str:
    """``text`` with every non-printable character (a control, a bidi override) written as \\uXXXX."""
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


def _what(field: str | None, zh: str, en: str) -> tuple[str, str]:
    return label(field) if field else (zh, en)


_HEADS = {"bad_date": ("无法读取日期", "cannot read the date"),
          "ambiguous_date": ("日期的月、日顺序不明确", "the date's month/day order is not known"),
          "impossible_date": ("日期不存在", "the date does not exist"),
          "bad_quantity": ("无法读取数量", "cannot read the quantity")}


def _refuse(code: str, field: str | None, zh: str, en: str) -> TypedValueError:
    return TypedValueError(code, *_HEADS[code], [Problem(zh, en, field)])


def _not_a_date(value, field: str | None) -> TypedValueError:
    lz, le = _what(field, "日期", "date")
    return _refuse("bad_date", field, f"{lz}“{shown(value)}”不是可识别的日期；{_ACCEPTED_ZH}",
                   f"{le} '{shown(value)}' is not a date that can be read; {_ACCEPTED_EN}")


def _impossible(value, field: str | None, why_zh: str = "", why_en: str = "") -> TypedValueError:
    lz, le = _what(field, "日期", "date")
    return _refuse("impossible_date", field, f"{lz}“{shown(value)}”不是真实存在的日期或时间{why_zh}，请核对原始记录",
                   f"{le} '{shown(value)}' is not a real date or time{why_en}; check the original record")


def _normal(text: str) -> str:
    """Full-width digits, slashes, colons and spaces (２０２５／０４／０２) become ASCII by NFKC; case and runs of
    spaces stop mattering."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().upper()


def _clock(m: re.Match, value, field: str | None) -> tuple[time, bool]:
    """The time of day a pattern matched (midnight and False when none)."""
    if m.group("h") is None:
        return time(0), False
    h = int(m.group("h"))
    minute = int(m.group("m") or m.group("m2") or 0)
    sec = int(m.group("s") or m.group("s2") or 0)
    micro = int((m.group("f") or "0").ljust(6, "0"))
    marker = m.group("ap1") or m.group("ap2")
    if marker:
        if not 1 <= h <= 12:
            raise _impossible(value, field, "（上午/下午或 AM/PM 的小时应为 1–12）", " (with AM/PM the hour is 1–12)")
        h = h % 12 + (12 if marker in ("下午", "PM", "P.M.") else 0)
    try:
        return time(h, minute, sec, micro, tzinfo=_zone(m.group("tz"))), True
    except ValueError:
        raise _impossible(value, field) from None


def _zone(tz: str | None) -> timezone | None:
    if not tz:
        return None
    if tz == "Z":
        return UTC
    digits = tz[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return timezone(-offset if tz[0] == "-" else offset)  # ValueError beyond ±24 h, caught by the caller


def _build(y: int, mo: int, d: int, m: re.Match, value, field: str | None) -> tuple[datetime, bool]:
    if not YEAR_MIN <= y <= YEAR_MAX:
        raise _impossible(value, field, f"（年份应在 {YEAR_MIN}–{YEAR_MAX} 之间）", f" (the year must be {YEAR_MIN}–{YEAR_MAX})")
    try:
        day = date(y, mo, d)
    except ValueError:
        raise _impossible(value, field) from None
    clock, had_time = _clock(m, value, field)
    return datetime.combine(day, clock), had_time


def _day_month(m: re.Match, order: DateOrder | None, value, field: str | None) -> tuple[datetime, bool]:
    """04/02/2025: only with the import's date order; the error names the order to choose."""
    lz, le = _what(field, "日期", "date")
    if order not in (DateOrder.MDY, DateOrder.DMY):
        chosen_zh = "（当前顺序为年/月/日）" if order == DateOrder.YMD else ""
        chosen_en = " (the order chosen is year/month/day)" if order == DateOrder.YMD else ""
        raise _refuse("ambiguous_date", field, f"{lz}“{shown(value)}”是日、月在前的写法，无法确定哪个是月份{chosen_zh}；{_ORDER_ZH}",
                      f"{le} '{shown(value)}' is written day/month first, so its month could be either "
                      f"number{chosen_en}; {_ORDER_EN}")
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    mo, d = (a, b) if order == DateOrder.MDY else (b, a)
    if not 1 <= mo <= 12:
        why_zh, why_en = ("（按月/日/年顺序读取）", " (read as month/day/year)") if order == DateOrder.MDY else \
            ("（按日/月/年顺序读取）", " (read as day/month/year)")
        raise _impossible(value, field, why_zh, why_en)
    return _build(y, mo, d, m, value, field)


def _from_text(text: str, order: DateOrder | None, field: str | None) -> tuple[datetime, bool]:
    t = _normal(text[: _MAX_TEXT + 1])
    if len(text) > _MAX_TEXT or len(t) > _MAX_TEXT:
        raise _not_a_date(text, field)
    for pattern in (_CHINESE, _YEAR_FIRST, _COMPACT):
        if m := pattern.fullmatch(t):
            return _build(int(m.group("y")), int(m.group("mo")), int(m.group("d")), m, text, field)
    if m := _DAY_MONTH.fullmatch(t):
        return _day_month(m, order, text, field)
    if _SHORT_YEAR.fullmatch(t):
        lz, le = _what(field, "日期", "date")
        raise _refuse("bad_date", field, f"{lz}“{shown(text)}”的年份只有两位，请写出四位年份（如 2025）；{_ACCEPTED_ZH}",
                      f"{le} '{shown(text)}' has a two-digit year; write the year in full (e.g. 2025); {_ACCEPTED_EN}")
    if _SERIAL.fullmatch(t):
        return _from_serial(float(t), text, field)
    raise _not_a_date(text, field)


def _from_serial(serial: float, value, field: str | None) -> tuple[datetime, bool]:
    """An Excel date serial (1900 system): days since 1899-12-30, the fraction being the time of day. Only
    inside SERIAL_MIN_DATE..SERIAL_MAX_DATE, so that an ordinary number in a date column is refused."""
    lo = (datetime.combine(SERIAL_MIN_DATE, time(0)) - _EXCEL_EPOCH).days
    hi = (datetime.combine(SERIAL_MAX_DATE, time(0)) - _EXCEL_EPOCH).days + 1
    if not (math.isfinite(serial) and lo <= serial < hi):
        lz, le = _what(field, "日期", "date")
        raise _refuse("bad_date", field,
                      f"{lz}“{shown(value)}”是一个数字，但不是 {SERIAL_MIN_DATE.year}–{SERIAL_MAX_DATE.year} 年之间的 "
                      f"Excel 日期序号；{_ACCEPTED_ZH}",
                      f"{le} '{shown(value)}' is a number but not an Excel date serial between "
                      f"{SERIAL_MIN_DATE.year} and {SERIAL_MAX_DATE.year}; {_ACCEPTED_EN}")
    seconds = round(serial * 86400)
    return _EXCEL_EPOCH + timedelta(seconds=seconds), seconds % 86400 != 0


def _from_number(value: int | float, order: DateOrder | None, field: str | None) -> tuple[datetime, bool]:
    """A numeric cell: 20250420 typed as a number is a compact date, anything else an Excel serial."""
    if isinstance(value, int) or (math.isfinite(value) and value.is_integer()):
        if 10_000_000 <= value <= 99_999_999:
            return _from_text(str(int(value)), order, field)
    return _from_serial(float(value) if abs(value) < 1e12 else math.inf, value, field)


def _read(value, order: DateOrder | None, field: str | None) -> tuple[datetime, bool] | None:
    """Every accepted form → (datetime, had_time); None for a blank cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value, value.time() != time(0)
    if isinstance(value, date):
        return datetime.combine(value, time(0)), False
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _not_a_date(value, field)
    if isinstance(value, str):
        return _from_text(value, order, field)
    return _from_number(value, order, field)


def parse_datetime(value, order: DateOrder | None = None, *, field: str | None = None) -> ParsedDate | None:
    """A date with an optional time of day, as a datetime (midnight when none was typed; naive unless an ISO
    offset was typed, so the caller places it in the office's zone). None for a blank cell; otherwise raises
    TypedValueError with the value quoted."""
    read = _read(value, order, field)
    return None if read is None else ParsedDate(read[0], read[1])


def parse_date(value, order: DateOrder | None = None, *, field: str | None = None) -> ParsedDate | None:
    """A calendar date. A time in the cell (an Excel export's 00:00, a receipt time in a date column) is
    dropped, with ``had_time`` saying one was there. None for a blank cell; otherwise raises TypedValueError."""
    read = _read(value, order, field)
    return None if read is None else ParsedDate(read[0].date(), read[1])


def _bad_quantity(value, field: str) -> TypedValueError:
    lz, le = _what(field, "数量", "quantity")
    return _refuse("bad_quantity", field,
                   f"{lz}“{shown(value)}”无法读取；应为数字，可带单位，如 2980、2,980 瓶、5盒、3.5 kg",
                   f"{le} '{shown(value)}' cannot be read; write a number, optionally with its unit, e.g. 2980, "
                   f"2,980 bottles, 5盒, 3.5 kg")


def parse_quantity(value, *, field: str = "quantity") -> Quantity:
    """A count as typed, split into number and unit ("2,980 瓶" → (2980.0, "瓶")), so the unit typed in the
    quantity column is kept rather than lost. Blank gives (None, None). Whether the number is in range (more
    than zero) is validation.check_quantity's rule; anything that is not a number and a unit raises
    TypedValueError quoting the value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Quantity(None, None)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _bad_quantity(value, field)
    if not isinstance(value, str):
        if not math.isfinite(value):
            raise _bad_quantity(value, field)
        return Quantity(float(value), None)
    t = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", value[: _MAX_TEXT + 1])).strip()
    m = _QUANTITY.fullmatch(t) if len(value) <= _MAX_TEXT and len(t) <= _MAX_TEXT else None
    if not m or not t.isprintable():
        raise _bad_quantity(value, field)
    number = float(m.group("n").replace(",", "") + "." + (m.group("f") or "0"))
    unit = (m.group("unit") or "").strip() or None
    return Quantity(number, unit)


def accepted_forms(lang: str) -> str:
    """The date forms the import reads, as ``qa-desk import --fields`` and the dialog list them."""
    return _ACCEPTED_ZH if lang.startswith("zh") else _ACCEPTED_EN
