"""The dashboard's figures and the early-warning scan on 100,000 complaints (issue 16, items 2 and 3).

Each file of bench/out is COPIED first (SQLite's online backup, into a temporary folder) and the copy brought to
the current schema (migrations 13 and 14: the batch register, the signals, the analytics index and the complaint
tally); the files in bench/out are never written. Then, in this process:
- ``analytics.figures`` (every figure of the dashboard: counts of every dimension by month, top batches, KPIs,
  on-time rates, reopen rate, satisfaction, backlog, overdue CAPA) for the last 12 whole months, for everything,
  for 12 months and one part-month at each end, and for one product; and each part alone;
- ``signals.scan``: the first scan (which raises every signal of the last 12 months, in one transaction) and a
  second one (nothing new: the cost of running it on demand).
Printed: medians of ``--runs`` runs (the first scan runs once per copy).

Run: python bench/bench_analytics.py [--files bench-v3-1000-1 bench-v3-100000-1 bench-v3-100000-1-a90] [--runs 5]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qa_desk.core import analytics as A  # noqa: E402
from qa_desk.core import signals  # noqa: E402
from qa_desk.core.clock import FixedClock  # noqa: E402
from qa_desk.core.session import Session  # noqa: E402
from qa_desk.core.workcal import WorkCalendar  # noqa: E402
from qa_desk.store import migrations  # noqa: E402
from qa_desk.store.db import connect  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
FILES = ("bench-v3-1000-1", "bench-v3-100000-1", "bench-v3-100000-1-a90")


def copy(name: str, folder: Path) -> Path:
    src = sqlite3.connect(f"file:{OUT / (name + '.sqlite3')}?mode=ro", uri=True)
    target = folder / f"{name}.sqlite3"
    dst = sqlite3.connect(target)
    src.backup(dst)
    dst.close()
    src.close()
    db = connect(target)
    t = time.perf_counter()
    migrations.upgrade(db, None)
    print(f"  copied and migrated to schema {migrations.version(db)} in {time.perf_counter() - t:.1f} s")
    db.conn.close()
    return target


def after_newest(db) -> datetime:
    """An hour after the file's newest receipt and newest audit entry: "now" for a bench on a cached file."""
    newest = [datetime.fromisoformat(r[0]) for r in db.conn.execute(
        "SELECT max(received_at) FROM complaints UNION ALL SELECT max(at) FROM audit_log") if r[0]]
    return max(newest) + timedelta(hours=1)


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def bench_file(name: str, tmp: Path, runs: int) -> None:
    print(name)
    path = copy(name, tmp)
    db = connect(path)
    now = after_newest(db)
    n = db.conn.execute("SELECT count(*) FROM complaints").fetchone()[0]
    cal = WorkCalendar.load(db)
    first_of_month = now.date().replace(day=1)
    last12 = A.Scope((first_of_month - timedelta(days=365)).replace(day=1), first_of_month - timedelta(days=1))
    ragged = A.Scope(last12.date_from + timedelta(days=9), last12.date_to + timedelta(days=12))
    product = db.conn.execute("SELECT product_name FROM complaints GROUP BY 1 ORDER BY count(*) DESC "
                              "LIMIT 1").fetchone()[0]
    scopes = {"last 12 months": last12, "everything": A.Scope(),
              "12 months, ragged ends": ragged, "one product, 12 months": A.Scope(
                  last12.date_from, last12.date_to, product)}
    print(f"  {n} complaints; now = {now.isoformat()}")
    for label, scope in scopes.items():
        fig = A.figures(db, scope, now, cal)
        ms = median_ms(lambda s=scope: A.figures(db, s, now, cal), runs)
        print(f"  figures, {label:24s} {ms:7.0f} ms   ({fig.total} complaints counted)")
    scope = last12
    parts = {
        "counts (tally)": lambda: A.counts(db, scope),
        "top batches": lambda: A.batch_counts(db, scope, limit=50),
        "KPIs": lambda: A.kpis(db, scope, A.WorkdayCounter(cal), now),
        "on time": lambda: A.on_time(db, scope, now),
        "reopen + satisfaction": lambda: (A.reopen_rate(db, scope), A.satisfaction(db, scope)),
        "backlog + overdue CAPA": lambda: (A.backlog(db, None, now.date()),
                                           A.overdue_capa(db, None, now.date())),
    }
    for label, fn in parts.items():
        print(f"    {label:26s} {median_ms(fn, runs):7.0f} ms")
    session = Session(db, clock=FixedClock(now))
    first = signals.scan(session, now)
    print(f"  scan, first  {first.seconds * 1000:7.0f} ms   ({len(first.raised)} signals raised)")
    again = [signals.scan(session, now, force=True) for _ in range(runs)]
    print(f"  scan, again  {statistics.median(r.seconds for r in again) * 1000:7.0f} ms   "
          f"({sum(len(r.raised) + len(r.extended) for r in again)} raised or extended; full look)")
    cached = [signals.scan(session, now) for _ in range(runs)]
    print(f"  scan, again  {statistics.median(r.seconds for r in cached) * 1000:7.0f} ms   "
          "(nothing written since the last scan)")
    kinds = dict(db.conn.execute("SELECT kind, count(*) FROM signals GROUP BY 1"))
    print(f"  signals by kind: {kinds}")
    db.conn.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", nargs="*", default=list(FILES))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="qa-bench-analytics-") as tmp:
        for name in args.files:
            bench_file(name, Path(tmp), args.runs)


if __name__ == "__main__":
    main()
