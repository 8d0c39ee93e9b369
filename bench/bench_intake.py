"""Median time of one intake registration (record + audit + deadlines + search index, committed with
synchronous=FULL) on a file holding 1,000 and 100,000 complaints. Goal: under 10 ms, and at most 1.5× growth.

Run: python bench/bench_intake.py [--sizes 1000 100000] [--runs 200]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from datagen import PASSWORD, _draft, fill  # noqa: E402

from qa_desk.core import intake, users  # noqa: E402
from qa_desk.core.clock import FixedClock  # noqa: E402
from qa_desk.core.database import open_database  # noqa: E402
from qa_desk.core.session import Session  # noqa: E402


def measure(path: Path, runs: int) -> list[float]:
    work = path.with_name(path.stem + "-work.sqlite3")
    shutil.copyfile(path, work)
    for suffix in ("-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    clock = FixedClock(__import__("datetime").datetime.now().astimezone().replace(microsecond=0))
    db = open_database(work, clock=clock).db
    session = users.login(Session(db, clock=clock), "inspector", PASSWORD)
    import random

    rng = random.Random(99)
    times = []
    for _ in range(runs + 10):
        clock.advance(seconds=30)
        draft = _draft(rng, clock.now() - timedelta(minutes=5))
        t = time.perf_counter()
        intake.register(session, draft)
        times.append(time.perf_counter() - t)
    db.close()
    work.unlink()
    return times[10:]  # the first few warm caches


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    ap.add_argument("--runs", type=int, default=200)
    args = ap.parse_args()
    medians = {}
    for n in args.sizes:
        t = time.perf_counter()
        path = fill(n)
        print(f"file with {n} complaints: {path.name} ({path.stat().st_size / 1e6:.0f} MB, "
              f"ready in {time.perf_counter() - t:.0f} s)")
        times = measure(path, args.runs)
        medians[n] = statistics.median(times)
        p90 = statistics.quantiles(times, n=10)[-1]
        print(f"  register: median {medians[n] * 1000:.2f} ms, p90 {p90 * 1000:.2f} ms over {len(times)} runs")
    if len(medians) > 1:
        lo, hi = min(medians), max(medians)
        print(f"growth {lo} → {hi}: {medians[hi] / medians[lo]:.2f}× (goal ≤ 1.5×, median goal < 10 ms)")


if __name__ == "__main__":
    main()
