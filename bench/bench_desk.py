"""Start-up and triage-view figures (issue 3), on files of 1,000 and 100,000 complaints.

- time from process start to the login window shown, and to the triage view filled (median of 5 runs);
- first page, filter, sort and a Chinese two-character search in the triage model (median of 11 runs);
- resident memory once the triage view is filled, against the same on an empty file.

Run: python bench/bench_desk.py [--sizes 1000 100000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from datagen import OUT, PASSWORD, fill  # noqa: E402

CHILD = r"""
import os, sys, time
t0 = float(sys.argv[2])
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
from qa_desk.ui.fonts import install_app_font
from qa_desk.core.database import open_database
from qa_desk.core.session import Session
from qa_desk.core import users
from qa_desk.ui.i18n import set_language
app = QApplication([])
install_app_font(app)
set_language("zh_CN")
db = open_database(sys.argv[1]).db
from qa_desk.ui.login import LoginDialog
dlg = LoginDialog(Session(db))
dlg.show(); app.processEvents()
print("login", time.time() - t0, flush=True)
from qa_desk.ui.main_window import MainWindow
s = users.login(Session(db), "inspector", sys.argv[3])
w = MainWindow(s, sys.argv[1], drafts_folder=sys.argv[4])
dlg.close(); w.show(); app.processEvents()
w.triage.table.viewport().repaint(); app.processEvents()
assert w.triage.model.rowCount() >= 0
print("triage", time.time() - t0, flush=True)
rss = [l for l in open("/proc/self/status") if l.startswith("VmRSS")][0].split()[1]
print("rss_kb", rss, flush=True)
"""


def start_times(path: Path, runs: int = 5) -> tuple[float, float, float]:
    login, triage, rss = [], [], []
    for _ in range(runs):
        t0 = time.time()
        out = subprocess.run([sys.executable, "-c", CHILD, str(path), repr(t0), PASSWORD, str(OUT / "drafts")],
                             capture_output=True, text=True, timeout=300, env={**os.environ})
        if out.returncode != 0:
            raise RuntimeError(out.stderr)
        values = dict(line.split(" ", 1) for line in out.stdout.splitlines())
        login.append(float(values["login"]))
        triage.append(float(values["triage"]))
        rss.append(int(values["rss_kb"]) / 1024)
    return statistics.median(login), statistics.median(triage), statistics.median(rss)


def model_ops(path: Path) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from qa_desk.core import users
    from qa_desk.core.database import open_database
    from qa_desk.core.session import Session
    from qa_desk.ui.triage_model import COLUMNS, TriageModel

    QApplication.instance() or QApplication([])
    s = users.login(Session(open_database(path).db), "inspector", PASSWORD)
    model = TriageModel(s)
    keys = [c[0] for c in COLUMNS]

    def first_page():
        model.filter.classes, model.filter.text = (), None
        model.reload()
        for i in range(min(40, model.rowCount())):
            model.data(model.index(i, 0))

    def filter_class():
        model.filter.classes = ("III",)
        first_page_after()

    def sort_due():
        model.filter.classes = ()
        model.sort(keys.index("due"), Qt.SortOrder.AscendingOrder)
        first_page_after(reload=False)

    def search_cjk():
        model.filter.text = "破损"
        first_page_after()

    def first_page_after(reload: bool = True):
        if reload:
            model.reload()
        for i in range(min(40, model.rowCount())):
            model.data(model.index(i, 0))

    out = {}
    for name, fn in (("first page", first_page), ("filter Class III", filter_class), ("sort by deadline", sort_due),
                     ("search 破损", search_cjk)):
        times = []
        for _ in range(11):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        out[name] = statistics.median(times)
        model.filter.text = None
        model.filter.classes = ()
    return out


def ensure_current(path: Path) -> None:
    """Bring a cached bench file to the current schema once (and drop the upgrade backup)."""
    from qa_desk.core.database import open_database

    opened = open_database(path)
    opened.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    opened.db.close()
    if opened.backup:
        opened.backup.unlink()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    args = ap.parse_args()
    empty = fill(0)
    ensure_current(empty)
    _, _, rss_empty = start_times(empty, runs=3)
    print(f"empty file: triage view filled, resident memory {rss_empty:.0f} MB")
    results = {}
    for n in args.sizes:
        path = fill(n)
        ensure_current(path)
        login, triage, rss = start_times(path)
        results[n] = (login, triage)
        print(f"{n} complaints: start → login window {login * 1000:.0f} ms, start → triage view filled "
              f"{triage * 1000:.0f} ms, resident memory {rss:.0f} MB ({rss - rss_empty:+.0f} MB over the empty file)")
        for name, t in model_ops(path).items():
            print(f"  triage model, {name}: median {t * 1000:.1f} ms")
    if len(results) > 1:
        lo, hi = min(results), max(results)
        print(f"start-up {lo} → {hi}: login window {results[hi][0] / results[lo][0]:.2f}×, "
              f"triage view {results[hi][1] / results[lo][1]:.2f}× (goal ≤ 1.2×)")


if __name__ == "__main__":
    main()
