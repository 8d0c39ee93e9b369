"""The audit-trail review's period query on the 100,000-complaint file (issue 14, item 10). Prints figures; not a test.

On a work copy of bench/out/mixed-100000-w50-1-s8.sqlite3 (made with SQLite's backup, so the source file and its
WAL are only read):
- before: the old review's query pattern run directly on the copy while it is still at schema 8 (no index on
  the entry time): every entry of the period fetched, classified in Python, routine entries counted row by row,
  the first 5,000 of the others kept;
- the migration to the current schema (migration 9 adds ``idx_audit_log_at``): ``migrations.upgrade`` without
  its safety backup, and ``open_database`` on a second copy as the app opens an old file (backup included);
- after: what the review screen asks for when it opens a period: ``audit_review.summary`` (the counts, one
  GROUP BY) and ``audit_review.page`` (the first page) as the QA head, and what the screen waits for before it
  shows the period (the first page and the newest 31-day stretch's counts; the other stretches are counted
  after, one event-loop turn each); also a page deep in the year (from a cursor half-way back), and the period
  filtered by a user and by a complaint number.
Medians of --runs; the first (cold) run is printed too.

Run:   python bench/bench_audit_review.py [--runs 5] [--file PATH] [--skip-before]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from qa_desk.core import audit_review, users  # noqa: E402
from qa_desk.core.clock import FixedClock, iso  # noqa: E402
from qa_desk.core.database import open_database  # noqa: E402
from qa_desk.core.session import Session  # noqa: E402
from qa_desk.demo import DEMO_PASSWORD  # noqa: E402
from qa_desk.store import migrations  # noqa: E402
from qa_desk.store.db import connect  # noqa: E402

SOURCE = BENCH / "out" / "mixed-100000-w50-1-s8.sqlite3"
PERIODS = (30, 365, 730)
GOAL_S = 1.0

# The review's query and loop as they were before issue 14 (qa_desk/core/audit_review.py at a4c30d3).
OLD_ROUTINE = frozenset({"view", "print", "export", "login", "logout", "password_ok", "backup", "archive_package"})
OLD_SQL = ("SELECT a.*, c.number FROM audit_log a LEFT JOIN complaints c ON c.id = a.complaint_id "
           "WHERE a.at >= ? AND a.at < ? ORDER BY a.id DESC")


def _old_kind(e: dict) -> str:
    if e["action"] in OLD_ROUTINE:
        return "routine"
    if e["action"] == "refused":
        return "refusals"
    if e["tbl"] == "signatures" or e["action"] in ("sign", "review", "approve", "destroy") or "sign" in e["action"]:
        return "signatures"
    return "changes"


def old_trail(conn: sqlite3.Connection, start: str, end: str, limit: int = 5000) -> tuple[int, int]:
    entries, routine = [], Counter()
    for r in conn.execute(OLD_SQL, (start, end)):
        e = dict(r)
        kind = _old_kind(e)
        if kind == "routine":
            routine[(e["at"][:10], e["username"] or "", e["action"])] += 1
        elif len(entries) < limit:
            entries.append({**e, "kind": kind})
    return len(entries), sum(routine.values())


def copy(src: Path, dst: Path) -> float:
    t = time.perf_counter()
    with sqlite3.connect(f"file:{src}?mode=ro", uri=True) as s, sqlite3.connect(dst) as d:
        s.backup(d)
    s.close()
    d.close()
    return time.perf_counter() - t


def timed(fn, runs: int) -> tuple[float, float, object]:
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return times[0], statistics.median(times), out


def newest_day(path: Path) -> date:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as c:
        return date.fromisoformat(c.execute("SELECT max(at) FROM audit_log").fetchone()[0][:10])


def bounds(day: date, days: int, tz) -> tuple[str, str]:
    start = datetime.combine(day - timedelta(days=days - 1), dtime.min, tzinfo=tz)
    return iso(start), iso(datetime.combine(day + timedelta(days=1), dtime.min, tzinfo=tz))


def before(path: Path, day: date, tz, runs: int) -> dict:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    out = {}
    for days in PERIODS:
        first, med, (shown, routine) = timed(lambda d=days: old_trail(conn, *bounds(day, d, tz)), runs)
        out[days] = med
        print(f"  before  {days:>3} days: median {med:6.2f} s (first {first:.2f} s), {shown:,} shown, "
              f"{routine:,} routine counted")
    conn.close()
    return out


def migrate(work: Path, second: Path) -> None:
    db = connect(work)
    t = time.perf_counter()
    migrations.upgrade(db, None, target=9)
    print(f"  migration 9 (the index on the entry time, no backup): {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    migrations.upgrade(db, None)
    print(f"  the migrations after it, to schema {migrations.LATEST}: {time.perf_counter() - t:.2f} s")
    db.close()
    t = time.perf_counter()
    opened = open_database(second)
    print(f"  open_database on a schema-8 copy (safety backup + migration): {time.perf_counter() - t:.2f} s")
    opened.db.close()


def after(work: Path, day: date, runs: int) -> dict:
    clock = FixedClock(datetime.combine(day, dtime(18, 0)).astimezone())
    db = open_database(work, clock=clock).db
    head = users.login(Session(db, clock=clock), "qahead", DEMO_PASSWORD)
    out, opened = {}, {}
    for days in PERIODS:
        f = audit_review.TrailFilter(day - timedelta(days=days - 1), day)
        first, med, t = timed(lambda f=f: audit_review.trail(head, f, limit=audit_review.PAGE), runs)
        out[days] = med
        print(f"  after   {days:>3} days: median {med:6.3f} s (first {first:.3f} s): summary + first page, "
              f"{len(t.entries)} shown of {sum(n for k, n in t.counts.items() if k != 'routine'):,}, "
              f"{sum(t.routine.values()):,} routine counted")
        s_first, s_med, _ = timed(lambda f=f: audit_review.summary(head, f), runs)
        p_first, p_med, _ = timed(lambda f=f: audit_review.page(head, f), runs)
        o_first, o_med, _ = timed(lambda f=f: opening(head, f), runs)
        opened[days] = o_med
        print(f"          summary alone {s_med:.3f} s, first page alone {p_med:.4f} s; the screen opens "
              f"(first page + newest stretch's counts) in {o_med:.3f} s, the other stretches counted after")
    year = audit_review.TrailFilter(day - timedelta(days=364), day)
    mid = iso(datetime.combine(day - timedelta(days=182), dtime.min).astimezone())
    _, med, (rows, _) = timed(lambda: audit_review.page(head, year, after=(mid, 1 << 62)), runs)
    print(f"  a page half a year back: median {med:.4f} s ({len(rows)} entries)")
    screen(head, day, runs)
    some = db.conn.execute("SELECT number FROM complaints ORDER BY id DESC LIMIT 1 OFFSET 5000").fetchone()[0]
    for label, f in (("user inspector", audit_review.TrailFilter(year.date_from, day, username="inspector")),
                     ("user qahead", audit_review.TrailFilter(year.date_from, day, username="qahead")),
                     (f"complaint {some}", audit_review.TrailFilter(year.date_from, day, number=some))):
        _, med, t = timed(lambda f=f: audit_review.trail(head, f, limit=audit_review.PAGE), runs)
        print(f"  365 days, {label}: median {med:.3f} s ({len(t.entries)} shown)")
    db.close()
    return out, opened


def screen(head, day: date, runs: int) -> None:
    """The real review screen (offscreen Qt): a refresh until the page is shown, then until every count is in."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QApplication

    from qa_desk.ui.audit_review_view import AuditReviewView

    app = QApplication.instance() or QApplication([])
    view = AuditReviewView(head)
    for days in PERIODS:
        start = day - timedelta(days=days - 1)
        view.date_from.setDate(QDate(start.year, start.month, start.day))
        shown, counted = [], []
        for _ in range(runs):
            t = time.perf_counter()
            view.refresh()
            shown.append(time.perf_counter() - t)
            while view.counting:
                app.processEvents()
            counted.append(time.perf_counter() - t)
        print(f"  the screen, {days:>3} days: page shown in {statistics.median(shown):.3f} s, every count in "
              f"{statistics.median(counted):.3f} s ({view.position.text()})")
    view.deleteLater()


def opening(head, f) -> None:
    """What the review screen does before it is shown: the stretches, the newest one's counts, the first page."""
    parts = audit_review.stretches(head, f)
    audit_review.summary(head, parts[0])
    audit_review.page(head, f)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--file", type=Path, default=SOURCE)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--skip-before", action="store_true", help="do not time the old query (about 40 s)")
    args = p.parse_args()
    day = newest_day(args.file)
    tz = datetime.combine(day, dtime(12, 0)).astimezone().tzinfo
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        work, second = Path(tmp) / "work.sqlite3", Path(tmp) / "second.sqlite3"
        print(f"{args.file.name}: periods ending {day}; copies made in {copy(args.file, work):.1f} s", end="")
        print(f" and {copy(args.file, second):.1f} s")
        old = {} if args.skip_before else before(work, day, tz, max(1, min(args.runs, 3)))
        migrate(work, second)
        second.unlink()
        new, opened = after(work, day, args.runs)
    print("period    old query   summary + first page   screen opens (goal < 1 s)")
    for days in PERIODS:
        was = f"{old[days]:8.2f} s" if days in old else "       —  "
        print(f"{days:>3} days  {was}   {new[days]:10.3f} s            {opened[days]:.3f} s "
              f"{'met' if opened[days] < GOAL_S else 'NOT met'}")


if __name__ == "__main__":
    main()
