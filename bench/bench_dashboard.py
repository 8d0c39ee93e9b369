"""The Trends page on 100,000 complaints (issue 16 item 4): everything the page reads in one worker call
(``dashboard_data.load``: every analytics figure, the control chart of the top product, the signals, the product
list), what a click reads (``drilldown.ids`` of the tallest month-and-class bar and of the top product;
``signals.complaint_ids`` of a chart signal), and the page itself offscreen: QtCharts' import, building the page,
and the first load drawn (the charts built and filled).

Each file of bench/out is COPIED first and migrated (``bench_analytics.copy``); bench/out is never written. The
signals are scanned once on the copy before timing. Printed: medians of ``--runs`` runs.

Run: QT_QPA_PLATFORM=offscreen python bench/bench_dashboard.py [--files bench-v3-100000-1] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_analytics import after_newest, copy, median_ms  # noqa: E402
from qa_desk.core import analytics as A  # noqa: E402
from qa_desk.core import drilldown, signals  # noqa: E402
from qa_desk.core.clock import FixedClock  # noqa: E402
from qa_desk.core.session import Session  # noqa: E402
from qa_desk.store.db import connect  # noqa: E402
from qa_desk.ui import dashboard_data  # noqa: E402


def bench_file(name: str, tmp: Path, runs: int) -> None:
    print(name)
    path = copy(name, tmp)
    db = connect(path)
    now = after_newest(db)
    session = Session(db, clock=FixedClock(now))
    first = signals.scan(session, now)
    print(f"  {db.conn.execute('SELECT count(*) FROM complaints').fetchone()[0]} complaints; now = {now.isoformat()};"
          f" first scan {first.seconds * 1000:.0f} ms ({len(first.raised)} signals)")
    lo, hi = dashboard_data.default_range(now.date())
    scope = A.Scope(lo, hi)
    data = dashboard_data.load(db, scope, now)
    print(f"  page load, 13 months         {median_ms(lambda: dashboard_data.load(db, scope, now), runs):7.0f} ms"
          f"   ({data.figures.total} complaints, {len(data.signals)} signals, chart of {data.chart.product})")
    one = A.Scope(lo, hi, data.chart.product)
    print(f"  page load, one product       {median_ms(lambda: dashboard_data.load(db, one, now), runs):7.0f} ms")
    everything = A.Scope()
    print(f"  page load, everything        {median_ms(lambda: dashboard_data.load(db, everything, now), runs):7.0f} ms")
    by = data.figures.by("class")
    month, key, n = max(((m, k, c) for m, v in by.items() for k, c in v.items()), key=lambda t: t[2])
    ids = drilldown.ids(db, scope, month=month, dim="class", key=key)
    assert len(ids) == n, (len(ids), n)
    print(f"  click, tallest bar           {median_ms(lambda: drilldown.ids(db, scope, month=month, dim='class', key=key), runs):7.0f} ms"
          f"   ({month} class {key}: {n} complaints, ids == count)")
    (product, pn), = data.figures.top("product", 1)
    assert len(drilldown.ids(db, scope, dim="product", key=product)) == pn
    print(f"  click, top product           {median_ms(lambda: drilldown.ids(db, scope, dim='product', key=product), runs):7.0f} ms"
          f"   ({pn} complaints)")
    chart_signal = next((s for s in data.signals if s["kind"] in ("control_limit", "run")), None)
    if chart_signal:
        print(f"  click, a {chart_signal['kind']:13s}      "
              f"{median_ms(lambda: signals.complaint_ids(db, chart_signal), runs):7.0f} ms")
    db.conn.close()
    gui(path, now)


def gui(path: Path, now: datetime) -> None:
    """The page offscreen: QtCharts' import, the page built, the first load drawn (worker read + charts)."""
    from PySide6.QtWidgets import QApplication

    from qa_desk.ui.fonts import install_app_font

    app = QApplication.instance() or QApplication(sys.argv)
    install_app_font(app)
    from qa_desk.ui import dashboard_view

    db = connect(path)
    session = Session(db, clock=FixedClock(now))
    t = time.perf_counter()
    view = dashboard_view.DashboardView(session, str(path), auto_scan=False)
    built = time.perf_counter() - t
    drawn: list[float] = []
    show = view._show

    def timed(data, gen):  # the GUI thread's share: drawing what the worker read
        t0 = time.perf_counter()
        show(data, gen)
        drawn.append(time.perf_counter() - t0)

    view._show = timed
    done: list[float] = []
    view.loaded.connect(lambda: done.append(time.perf_counter()))
    view.resize(1196, 668)
    t = time.perf_counter()
    view.show()
    while not done:
        app.processEvents()
    print(f"  GUI: page built {built * 1000:.0f} ms; QtCharts import {dashboard_view.CHARTS_IMPORT_S[0] * 1000:.0f} ms;"
          f" shown to first load drawn {(done[0] - t) * 1000:.0f} ms, of which drawing on the GUI thread"
          f" {drawn[0] * 1000:.0f} ms")
    view.close()
    db.conn.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", nargs="*", default=["bench-v3-100000-1"])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="qa-bench-dashboard-") as tmp:
        for name in args.files:
            bench_file(name, Path(tmp), args.runs)


if __name__ == "__main__":
    main()
