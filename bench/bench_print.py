"""Printing records (issue 15, items 2 and 5): the investigation record of one complaint, whose related list is
the costly part, at 1,000 and at 100,000 complaints; one batch print of receipts at 100,000; the register PDF of
the 2,000 complaints received last.

Run: python bench/bench_print.py [--sizes 1000 100000] [--runs 7] [--batch 1000] [--batch-runs 3]
     [--register 2000] [--register-runs 3]

Each figure comes with the machine's load (/proc/loadavg, 1-minute) before and after it: on a shared machine a
batch of 1,000 took 124–197 s for the same code, so a figure without the load says little.

The complaint printed is the one with the most related complaints among the last 200 received (a full 12-month
window on the busiest product): the worst case an investigator meets. Goals (issue 15): an investigation record
under 0.5 s and a few pages at 100,000 complaints; 1,000 receipts in one PDF under 60 s there (207 s before);
the register of 2,000 complaints in a few seconds at 15 or more rows a page (16 s and 4 rows a page before).
Each print is the real one (record, glyph check, PDF, the audited print entry) on a copy of the cached bench file
(bench/out, made by ``datagen.fill``), since every print writes the trail.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from datagen import PASSWORD, fill  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from qa_desk.core import complaints, related, users  # noqa: E402
from qa_desk.core.clock import FixedClock  # noqa: E402
from qa_desk.core.database import open_database  # noqa: E402
from qa_desk.core.session import Session  # noqa: E402
from qa_desk.documents import forms, register  # noqa: E402


def load() -> str:
    """The 1-minute load average (other work runs beside the bench on a shared machine)."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def session_on_copy(path: Path, work_dir: Path) -> Session:
    """A copy of the cached file (migrated to this schema when it is older), logged in as the inspector."""
    work = work_dir / path.name
    shutil.copyfile(path, work)
    clock = FixedClock(datetime.now().astimezone().replace(microsecond=0))
    db = open_database(work, clock=clock).db
    return users.login(Session(db, clock=clock), "inspector", PASSWORD)


def busiest(s: Session) -> tuple[int, related.Related]:
    """Among the last 200 complaints received, the one with the most related complaints."""
    ids = [r[0] for r in s.db.conn.execute("SELECT id FROM complaints ORDER BY received_at DESC LIMIT 200")]
    found = [(cid, related.for_complaint(s.db, complaints.get(s.db, cid))) for cid in ids]
    return max(found, key=lambda x: x[1].total)


def bench_investigation(s: Session, out_dir: Path, runs: int, size: int) -> None:
    cid, rel = busiest(s)
    times = []
    out = out_dir / f"investigation-{size}.pdf"
    for _ in range(runs):
        t = time.perf_counter()
        forms.print_complaint(s, cid, "investigation", out)
        times.append(time.perf_counter() - t)
    pages = len(PdfReader(str(out)).pages)
    t = time.perf_counter()
    for _ in range(20):
        related.for_complaint(s.db, complaints.get(s.db, cid))
    query_ms = (time.perf_counter() - t) / 20 * 1000
    print(f"  {size:>7,} complaints: investigation record median {statistics.median(times):.3f} s "
          f"(min {min(times):.3f}, max {max(times):.3f}, {runs} runs), {pages} pages; related {rel.total} found "
          f"({rel.batch_total} same batch), {len(rel.rows)} listed; the related query {query_ms:.1f} ms")


def bench_batch(s: Session, out_dir: Path, count: int, runs: int, size: int) -> None:
    ids = [r[0] for r in s.db.conn.execute("SELECT id FROM complaints ORDER BY received_at DESC LIMIT ?", (count,))]
    times, loads = [], []
    out = out_dir / f"receipts-{size}.pdf"
    for _ in range(runs):
        before = load()
        t = time.perf_counter()
        forms.print_many(s, ids, "receipt", out)
        times.append(time.perf_counter() - t)
        loads.append(f"{before}→{load()}")
    pages = len(PdfReader(str(out)).pages)
    print(f"  {size:>7,} complaints: batch of {len(ids):,} receipt records median {statistics.median(times):.1f} s "
          f"({runs} run(s), {min(times):.1f}–{max(times):.1f} s), {pages} pages, "
          f"{statistics.median(times) / len(ids) * 1000:.0f} ms a record; load {', '.join(loads)}")


def bench_register(s: Session, out_dir: Path, count: int, runs: int, size: int) -> None:
    """The register PDF of the ``count`` complaints received last: time, pages, rows a page."""
    ids = [r[0] for r in s.db.conn.execute("SELECT id FROM complaints ORDER BY received_at DESC LIMIT ?", (count,))]
    times, loads = [], []
    out = out_dir / f"register-{size}.pdf"
    for _ in range(runs):
        before = load()
        t = time.perf_counter()
        forms.print_register(s, out, register.RegisterFilter(ids=ids))
        times.append(time.perf_counter() - t)
        loads.append(f"{before}→{load()}")
    pages = len(PdfReader(str(out)).pages)
    rows = ""
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        per_page = [len(re.findall(r"[A-Z]{2}-\d{4}-\d{4,}", p)) for p in text.split("\f") if p.strip()]
        rows = (f", rows a page: mean {statistics.mean(per_page):.1f}, least {min(per_page[:-1] or per_page)} "
                f"(the last page aside)")
    print(f"  {size:>7,} complaints: register PDF of {len(ids):,} median {statistics.median(times):.2f} s "
          f"({runs} run(s), {min(times):.2f}–{max(times):.2f} s), {pages} pages{rows}; load {', '.join(loads)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--batch-runs", type=int, default=3)
    ap.add_argument("--register", type=int, default=2000, help="complaints in the register PDF (0: skip)")
    ap.add_argument("--register-runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-print-") as tmp:
        work = Path(tmp)
        for size in args.sizes:
            path = fill(size)
            sub = work / str(size)
            sub.mkdir()
            s = session_on_copy(path, sub)
            if args.runs:
                bench_investigation(s, sub, args.runs, size)
            if size == max(args.sizes) and args.register:
                bench_register(s, sub, args.register, args.register_runs, size)
            if size == max(args.sizes) and args.batch:
                bench_batch(s, sub, args.batch, args.batch_runs, size)
            s.db.close()


if __name__ == "__main__":
    main()
