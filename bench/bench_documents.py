"""Documents: the Excel register export against a bare openpyxl write-only dump of the same values (goal
≤ 1.3×), the median time of one receipt-record PDF, and one batch print of 1,000 complaints.

Run: python bench/bench_documents.py [--size 100000] [--pairs 5] [--pdf-runs 30] [--batch 1000]
     (--pdf-runs 0 skips the PDF part; the export part on a 5,000 or 10,000 file takes a minute or two)

The register export is the real one (the query, masking, labels, dates, colours, wrapped text and row heights,
print settings, validation lists, statistics sheet with charts, about sheet, the audit entry). The baseline
writes the same cell values with nothing else: no styles, no charts, no database, values already in memory.
Both save to disk. The two run in pairs, alternating which goes first, and the figure is the median of the
pairs' ratios with their range: on a shared machine one run of each says little (single pairs of the same code
ranged from 1.0× to 1.9× here). The CPU-time ratio is printed too: other work on the machine moves it less.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from datagen import PASSWORD, fill  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from qa_desk.core import users  # noqa: E402
from qa_desk.core.clock import FixedClock  # noqa: E402
from qa_desk.core.database import open_database  # noqa: E402
from qa_desk.core.session import Session  # noqa: E402
from qa_desk.documents import forms, register  # noqa: E402


def session_on_copy(path: Path, work_dir: Path) -> Session:
    """The bench files are caches; every print and export writes an audit entry, so work on a copy."""
    work = work_dir / path.name
    shutil.copyfile(path, work)
    clock = FixedClock(datetime.now().astimezone().replace(microsecond=0))
    db = open_database(work, clock=clock).db
    return users.login(Session(db, clock=clock), "inspector", PASSWORD)


def bare_dump(values: list[list], out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of writing ``values`` with nothing else."""
    t, c = time.perf_counter(), time.process_time()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Register")
    ws.append([c[2] for c in register.COLUMNS])
    for row in values:
        ws.append(row)
    wb.save(out)
    return time.perf_counter() - t, time.process_time() - c


def bench_export(s: Session, out_dir: Path, pairs: int) -> None:
    keys = [c[0] for c in register.COLUMNS]
    t = time.perf_counter()
    values = [[v[k] for k in keys] for v in register.rows(s, register.RegisterFilter(), unmasked=False, lang="zh_CN")]
    print(f"  (values read into memory for the baseline in {time.perf_counter() - t:.1f} s)")
    ours, bare, ratios, cpu_ratios, result = [], [], [], [], {}

    def export(i: int) -> tuple[float, float]:
        t, c = time.perf_counter(), time.process_time()
        result.update(register.export(s, out_dir / f"register-{i}.xlsx", lang="zh_CN"))
        return time.perf_counter() - t, time.process_time() - c

    for i in range(pairs):
        if i % 2:  # alternate which goes first, so neither always runs on a warmer (or busier) machine
            e, ec = export(i)
            b, bc = bare_dump(values, out_dir / f"bare-{i}.xlsx")
        else:
            b, bc = bare_dump(values, out_dir / f"bare-{i}.xlsx")
            e, ec = export(i)
        ours.append(e)
        bare.append(b)
        ratios.append(e / b)
        cpu_ratios.append(ec / bc)
        print(f"  pair {i + 1}: export {e:.2f} s, bare dump {b:.2f} s, ratio {e / b:.2f}× (CPU {ec / bc:.2f}×)")
    size = (out_dir / "register-0.xlsx").stat().st_size / 1e6
    print(f"register export of {result['rows']} complaints: median {statistics.median(ours):.2f} s "
          f"({size:.1f} MB); bare write-only dump of the same values: median {statistics.median(bare):.2f} s; "
          f"ratio over {pairs} interleaved pairs: median {statistics.median(ratios):.2f}×, "
          f"range {min(ratios):.2f}–{max(ratios):.2f}× (goal ≤ 1.3×); CPU time: median "
          f"{statistics.median(cpu_ratios):.2f}×, range {min(cpu_ratios):.2f}–{max(cpu_ratios):.2f}× "
          f"(less disturbed by other work on the machine)")


def bench_pdf(s: Session, out_dir: Path, runs: int, batch: int) -> None:
    ids = [r[0] for r in s.db.conn.execute("SELECT id FROM complaints ORDER BY id LIMIT ?", (max(runs, batch),))]
    times = []
    for i in range(runs + 3):
        t = time.perf_counter()
        forms.print_complaint(s, ids[i % len(ids)], "receipt", out_dir / "receipt.pdf")
        times.append(time.perf_counter() - t)
    times = times[3:]  # font loading and the first layouts warm up
    print(f"receipt record PDF: median {statistics.median(times) * 1000:.0f} ms, "
          f"p90 {statistics.quantiles(times, n=10)[-1] * 1000:.0f} ms over {runs} prints")
    if batch <= 0:  # --batch 0: the single record only
        return
    t = time.perf_counter()
    out = forms.print_many(s, ids[:batch], "receipt", out_dir / "batch.pdf")
    took = time.perf_counter() - t
    print(f"batch print of {batch} receipt records into one PDF: {took:.1f} s "
          f"({took / batch * 1000:.0f} ms per record, {out.stat().st_size / 1e6:.1f} MB)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--pairs", type=int, default=5, help="interleaved export / bare-dump pairs")
    ap.add_argument("--pdf-runs", type=int, default=30)
    ap.add_argument("--batch", type=int, default=1000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="qa-desk-bench-") as tmp:
        work = Path(tmp)
        s = session_on_copy(fill(args.size), work)
        print(f"file with {args.size} complaints")
        bench_export(s, work, args.pairs)
        s.db.close()
        if args.pdf_runs:
            s = session_on_copy(fill(1000), work)
            print("file with 1000 complaints")
            bench_pdf(s, work, args.pdf_runs, args.batch)
            s.db.close()


if __name__ == "__main__":
    main()
