"""The periodic reports on 100,000 complaints (issue 16 item 5; goal: the monthly report PDF under 5 s).

Each file of bench/out is COPIED first (SQLite's online backup, into a temporary folder) and the copy brought to
the current schema; the files in bench/out are never written. In the copy, logged in as the bench's QA head:
- the early-warning scan once (so the month has its signals, as in the office; timed apart);
- ``reports.print_monthly`` for the last whole month and for a month a year earlier: content (figures, signals,
  lists), story and PDF build, the audited print; ``--runs`` runs, median and the slowest;
- the parts of the monthly report alone: the content (``review_data.monthly``) and the PDF (story + build);
- ``reports.print_product_review`` for the product with the most complaints, for the last whole year.
Printed: seconds, pages, size of each PDF.

Run: python bench/bench_reports.py [--files bench-v3-100000-1 bench-v3-100000-1-a90] [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_analytics import after_newest, copy  # noqa: E402
from qa_desk.core import review_data, reviews, signals, users  # noqa: E402
from qa_desk.core.clock import FixedClock  # noqa: E402
from qa_desk.core.session import Session  # noqa: E402
from qa_desk.documents import pdf, reports, reports_monthly  # noqa: E402
from qa_desk.documents import reports_common as C  # noqa: E402
from qa_desk.store.db import connect  # noqa: E402

FILES = ("bench-v3-100000-1", "bench-v3-100000-1-a90")
PASSWORD = "bench-pass-1"


def pages(path: Path) -> int:
    return path.read_bytes().count(b"/Type /Page\n") or path.read_bytes().count(b"/Type /Page ")


def timed(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), max(times)


def bench_file(name: str, tmp: Path, runs: int, keep: Path | None) -> None:
    print(name)
    path = copy(name, tmp)
    db = connect(path)
    now = after_newest(db)
    session = users.login(Session(db, clock=FixedClock(now)), "qahead", PASSWORD)
    n = db.conn.execute("SELECT count(*) FROM complaints").fetchone()[0]
    print(f"  {n} complaints; now = {now.isoformat()}")
    t = time.perf_counter()
    scan = signals.scan(session, now)
    print(f"  signals.scan (first, apart)   {time.perf_counter() - t:6.2f} s   ({len(scan.raised)} raised)")
    first = now.date().replace(day=1)
    last_month = (first - timedelta(days=1)).strftime("%Y-%m")
    year_ago = (first - timedelta(days=365)).strftime("%Y-%m")
    for month in (last_month, year_ago):
        out = tmp / f"monthly-{month}.pdf"
        med, worst = timed(lambda m=month, o=out: reports.print_monthly(session, m, o), runs)
        data = review_data.monthly(db, month, now)
        print(f"  report monthly {month}        {med:6.2f} s median, {worst:.2f} s slowest   ({data['total']} "
              f"complaints, {len(data['signals'])} signals, {data['overdue']['total']} overdue deadlines; "
              f"{pages(out)} pages, {out.stat().st_size // 1024} KB)")
        if keep:
            shutil.copy(out, keep / f"{name}-monthly-{month}.pdf")
    month = last_month
    med, _ = timed(lambda: review_data.monthly(db, month, now), runs)
    print(f"    content (review_data)        {med:6.2f} s")
    data = review_data.monthly(db, month, now)
    f = pdf.form("monthly_review")
    med, _ = timed(lambda: pdf.build(tmp / "story.pdf", reports_monthly.story(session, f, data, None, [], "x"),
                                     C.page(session, f, month)), runs)
    print(f"    story + PDF build            {med:6.2f} s")
    med, _ = timed(lambda: reviews.content_hash(data), runs)
    print(f"    content hash                 {med * 1000:6.1f} ms")
    product = db.conn.execute("SELECT product_name FROM complaints GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
                              ).fetchone()[0]
    year = now.year - 1
    out = tmp / "product.pdf"
    med, worst = timed(lambda: reports.print_product_review(session, product, year, out), runs)
    d = review_data.product_year(db, product, year, now)
    print(f"  report product-review {year}     {med:6.2f} s median, {worst:.2f} s slowest   ({product}: {d['total']} "
          f"complaints, {len(d['batches'])} batches, {len(d['signals'])} signals; {pages(out)} pages, "
          f"{out.stat().st_size // 1024} KB)")
    if keep:
        shutil.copy(out, keep / f"{name}-product-{year}.pdf")
    session.flush_seal()
    db.conn.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", nargs="*", default=list(FILES))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="copy the PDFs made into this folder")
    args = ap.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="qa-bench-reports-") as tmp:
        for name in args.files:
            bench_file(name, Path(tmp), args.runs, args.keep)


if __name__ == "__main__":
    main()
