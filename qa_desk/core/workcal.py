"""The official Chinese working-day calendar, as data the administrator maintains.

Published calendars in libraries end with 2026 (PLATFORM.md), so the calendar lives in the database:
seeded from ``chinese_calendar`` for the years it knows, and for a later year the administrator enters the
State Council's holidays and make-up working days (调休), by hand or from a small CSV file. A year nobody
entered falls back to Monday–Friday, and every deadline computed in such a year carries a warning.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlite_utils import Database

from qa_desk.core.errors import Problem, refuse, require
from qa_desk.core.session import Session

HOLIDAY_ZH = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def unknown_year_warning(year: int) -> Problem:
    return Problem(f"{year} 年的法定节假日尚未录入，按周一至周五计算工作日；请系统管理员录入该年日历。",
                   f"The public holidays of {year} are not known; working days are counted Monday–Friday. "
                   "Ask the administrator to enter that year's calendar.", "calendar")


@dataclass
class WorkCalendar:
    """Working-day arithmetic over the known years and their exceptions to the Monday–Friday rule."""

    known_years: set[int] = field(default_factory=set)
    exceptions: dict[date, bool] = field(default_factory=dict)  # day -> is_workday
    names: dict[date, str] = field(default_factory=dict)

    @classmethod
    def load(cls, db: Database) -> WorkCalendar:
        """The calendar as stored; reread only when the calendar tables changed (a cheap fingerprint)."""
        # every calendar change is an audited write, so the newest such audit entry identifies the calendar
        fingerprint = db.conn.execute(
            "SELECT max(id) FROM audit_log WHERE tbl IN ('calendar_days', 'calendar_years')").fetchone()[0]
        key = id(db.conn)
        cached = _CACHE.get(key)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        cal = cls._read(db)
        _CACHE[key] = (fingerprint, cal)
        return cal

    @classmethod
    def _read(cls, db: Database) -> WorkCalendar:
        years = {r[0] for r in db.conn.execute("SELECT year FROM calendar_years")}
        exc, names = {}, {}
        for day, work, name in db.conn.execute("SELECT day, is_workday, name FROM calendar_days"):
            d = date.fromisoformat(day)
            exc[d] = bool(work)
            names[d] = name or ""
        return cls(years, exc, names)

    def is_workday(self, d: date) -> bool:
        if d in self.exceptions:
            return self.exceptions[d]
        return d.weekday() < 5

    def year_known(self, year: int) -> bool:
        return year in self.known_years

    def add_working_days(self, start: date, n: int) -> tuple[date, set[int]]:
        """The n-th working day after ``start`` (n=0: start itself) and the unknown years it crossed."""
        unknown: set[int] = set()
        d = start
        if not self.year_known(d.year):
            unknown.add(d.year)
        counted = 0
        while counted < n:
            d += timedelta(days=1)
            if not self.year_known(d.year):
                unknown.add(d.year)
            if self.is_workday(d):
                counted += 1
        return d, unknown

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        n, d = 0, start
        while d < end:
            d += timedelta(days=1)
            n += self.is_workday(d)
        return n


_CACHE: dict[int, tuple[int | None, WorkCalendar]] = {}


def end_of_day(d: date, tz) -> datetime:
    return datetime.combine(d, time(23, 59, 59), tzinfo=tz)


def library_years() -> dict[int, list[tuple[date, bool, str]]]:
    """What chinese_calendar knows, as exceptions to the Monday–Friday rule, per year."""
    import chinese_calendar as cc

    out: dict[int, list[tuple[date, bool, str]]] = {}
    for d, name in cc.holidays.items():
        out.setdefault(d.year, []).append((d, False, HOLIDAY_ZH.get(str(name), str(name))))
    for d, name in cc.workdays.items():
        out.setdefault(d.year, []).append((d, True, "调休上班 " + HOLIDAY_ZH.get(str(name), str(name))))
    # a holiday on a Saturday/Sunday is no exception; keep it anyway so the calendar view can name it
    return out


def seed_from_library(session: Session) -> list[int]:
    """Enter every year the library knows that the file does not have yet (system action, audited)."""
    have = {r[0] for r in session.db.conn.execute("SELECT year FROM calendar_years")}
    years = library_years()
    added = []
    with session.write() as tx:
        for year in sorted(years):
            if year in have:
                continue
            tx.insert("calendar_years", {"year": year, "source": "chinese_calendar",
                                         "note": "seeded from the chinese_calendar package"})
            for d, work, name in sorted(years[year]):
                tx.insert("calendar_days", {"day": d.isoformat(), "is_workday": int(work), "name": name,
                                            "source": "chinese_calendar"})
            added.append(year)
    return added


def enter_year(session: Session, year: int, holidays: list[tuple[date, str]],
               workdays: list[tuple[date, str]], *, source: str = "administrator") -> None:
    """Set one year's holidays and make-up working days, replacing what the file had for that year."""
    session.require("calendar")
    problems: list[Problem] = []
    for d, _ in holidays + workdays:
        if d.year != year:
            problems.append(Problem(f"{d} 不在 {year} 年内", f"{d} is not in {year}", "day"))
    for d, _ in workdays:
        if d.weekday() < 5:
            problems.append(Problem(f"{d} 是工作日，不能作为调休上班日", f"{d} is a weekday, not a make-up day", "day"))
    seen: set[date] = set()
    for d, _ in holidays + workdays:
        if d in seen:  # twice in one list, or both a holiday and a working day
            problems.append(Problem(f"{d} 出现了两次（或既是假日又是上班日）",
                                    f"{d} is listed twice (or as both a holiday and a working day)", "day"))
        seen.add(d)
    require(problems, "bad_calendar", f"{year} 年日历有误", f"The calendar for {year} has errors")
    with session.write() as tx:
        conn = tx.db.conn
        for (rid,) in conn.execute("SELECT id FROM calendar_days WHERE day LIKE ?", (f"{year}-%",)).fetchall():
            tx.delete("calendar_days", rid, action="calendar_replace")
        r = conn.execute("SELECT id FROM calendar_years WHERE year = ?", (year,)).fetchone()
        if r:
            tx.update("calendar_years", r[0], {"source": source, "note": "entered by " + session.actor.username})
        else:
            tx.insert("calendar_years", {"year": year, "source": source,
                                         "note": "entered by " + session.actor.username})
        for d, name in sorted(holidays):
            tx.insert("calendar_days", {"day": d.isoformat(), "is_workday": 0, "name": name, "source": source})
        for d, name in sorted(workdays):
            tx.insert("calendar_days", {"day": d.isoformat(), "is_workday": 1, "name": name, "source": source})


def import_year_csv(session: Session, year: int, text: str) -> None:
    """CSV lines ``date,kind,name`` where kind is holiday/假日 or workday/上班 (a header line is allowed)."""
    holidays, workdays, problems = [], [], []
    for lineno, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not "".join(row).strip() or row[0].strip().lower() in ("date", "日期"):
            continue
        try:
            d = date.fromisoformat(row[0].strip())
        except ValueError:
            problems.append(Problem(f"第 {lineno} 行：日期 {row[0]!r} 应为 YYYY-MM-DD",
                                    f"line {lineno}: date {row[0]!r} should be YYYY-MM-DD"))
            continue
        kind = (row[1] if len(row) > 1 else "").strip().lower()
        name = row[2].strip() if len(row) > 2 else ""
        if kind in ("holiday", "假日", "休"):
            holidays.append((d, name))
        elif kind in ("workday", "上班", "班"):
            workdays.append((d, name))
        else:
            problems.append(Problem(f"第 {lineno} 行：类别应为 holiday 或 workday",
                                    f"line {lineno}: kind must be holiday or workday"))
    require(problems, "bad_calendar_file", "日历文件有误，未导入任何内容", "The calendar file has errors; nothing imported")
    if not holidays:
        raise refuse("bad_calendar_file", "文件中没有假日。", "The file lists no holidays.")
    enter_year(session, year, holidays, workdays, source="imported file")
