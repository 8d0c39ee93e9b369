"""Start-up as users meet it (issue 14, item 11) and the triage model's figures (issue 3).

The child process walks the app's real path (``qa_desk.ui.app``): open the file, start its integrity checks as
the app does (``integrity.Watch``: the start-up check, then SQLite's quick check or the full verify, in the
background), the clock check, the login window shown; then one role's login and main window, timed until its
first page is filled (its rows on screen, and the status bar's overdue counts). Each role lands where
``tasks.landing_page`` says: inspector and reception on their list, QA head and VP on My tasks, the
administrator on Administration. The integrity memory is this bench's own (``XDG_CONFIG_HOME`` in bench/out),
seeded as a workstation that verified the file yesterday leaves it, so each start is a day's start.

Files: 1,000 and 100,000 complaints (datagen.fill), and 100,000 with 90 % archived (datagen.archived).
Printed: medians of 5 runs, the ratio to the 1,000-complaint file, resident memory over the empty file, and when
the background check finished.

Run: python bench/bench_desk.py [--sizes 1000 100000] [--roles inspector qahead] [--runs 5] [--model]
     [--code DIR]   (DIR holds another qa_desk package to measure, e.g. the code before a change)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from datagen import OUT, PASSWORD, archived, fill, office  # noqa: E402

ROLES = ("inspector", "qahead", "qavp", "reception", "admin")
CONFIG = OUT / "config"  # this bench's QSettings (integrity memory, window geometry), never the user's

CHILD = r"""
import os, sys, time
t0 = float(sys.argv[2])
path, who, password, drafts, code = sys.argv[1], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
if code:
    sys.path.insert(0, code)
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
def _box(*args, **kwargs):  # a message box would wait for a click that never comes: say what it said
    raise SystemExit("message box: " + " | ".join(str(a) for a in args[1:3]))
QMessageBox.critical = QMessageBox.warning = QMessageBox.question = QMessageBox.information = _box
QMessageBox.exec = lambda self: _box(None, self.text())
from qa_desk.core import backups, users
from qa_desk.core.session import Session
from qa_desk.ui import app as app_mod, integrity
from qa_desk.ui.fonts import install_app_font
from qa_desk.ui.i18n import set_language
from qa_desk.ui.widgets import install_wheel_guard
app = QApplication([])
app.setApplicationName("QA Desk"); app.setOrganizationName("QA Desk")
install_app_font(app); install_wheel_guard(app)
set_language("zh_CN")
opened = app_mod.open_file(Path(path))                       # as app.run does
base = Session(opened.db)
watch = integrity.Watch(opened.path, base.clock)
integrity.remember_backup_folder(opened.path, backups.folder(opened.db, opened.path))
watch.start()
assert app_mod.clock_warning(base) is None and users.count(base.db) > 0
from qa_desk.ui.login import LoginDialog
dlg = LoginDialog(base)
dlg.show(); app.processEvents()
print("login", time.time() - t0, flush=True)
dlg.user.setText(who); dlg.password.setText(password)
t_login = time.time()
dlg.try_login()
assert dlg.session is not None, "login failed"
session = dlg.session
dlg.close()
from qa_desk.ui.main_window import MainWindow
w = MainWindow(session, str(opened.path), drafts_folder=drafts, watch=watch)
w.show(); app.processEvents()
page = w.page_keys[w.nav.currentRow()]

def filled():
    view = w.stack.currentWidget()
    loaded = getattr(w, "tasks_view", None) is None or page != "tasks" or w.tasks_view.loaded
    return loaded and w.counts_shown

deadline = time.time() + 120
while not filled() and time.time() < deadline:
    app.processEvents(); time.sleep(0.002)
w.repaint(); app.processEvents()
print("filled", time.time() - t0, flush=True)
print("page", page, flush=True)
status = {l.split(":")[0]: l.split()[1] for l in open("/proc/self/status") if l.startswith(("VmRSS", "VmHWM"))}
print("rss_kb", status["VmRSS"], flush=True)
print("hwm_kb", status["VmHWM"], flush=True)
while watch.busy and time.time() < deadline + 600:
    app.processEvents(); time.sleep(0.01)
print("checked", time.time() - t0, flush=True)
print("state", watch.state, flush=True)
from qa_desk.ui import backup_panel
backup_panel.AutoBackup.enabled = False  # the bench never backs up into a folder of its own
w.close()
"""


def _env() -> dict:
    return {**os.environ, "XDG_CONFIG_HOME": str(CONFIG), "QT_QPA_PLATFORM": "offscreen"}


SEED = r"""
import sys
from datetime import datetime
from PySide6.QtCore import QCoreApplication
app = QCoreApplication([]); app.setApplicationName("QA Desk"); app.setOrganizationName("QA Desk")
if sys.argv[2]:
    sys.path.insert(0, sys.argv[2])
from qa_desk.core import anchors, keys
from qa_desk.store.db import connect
from qa_desk.ui import integrity
db = connect(sys.argv[1], readonly=True)
head, now = str(anchors.chain_head(db)), datetime.now().astimezone().isoformat(timespec="seconds")
integrity.remember(sys.argv[1], {"root": keys.root_fingerprint(db), "head": head, "checked": head, "full_at": now,
                                 "seen_at": now})
"""


def seed_memory(path: Path, code: str = "") -> None:
    """This bench's workstation verified ``path`` a moment ago: its start is a day's start (the start-up check of
    what is new, then SQLite's quick check), not a first one (a full verify in the background)."""
    subprocess.run([sys.executable, "-c", SEED, str(path), code], check=True, env=_env())


def start_times(path: Path, who: str, runs: int = 5, code: str = "") -> dict[str, float]:
    seed_memory(path, code)
    out: dict[str, list] = {}
    for _ in range(runs):
        t0 = time.time()
        done = subprocess.run([sys.executable, "-c", CHILD, str(path), repr(t0), who, PASSWORD, str(OUT / "drafts"),
                               code], capture_output=True, text=True, timeout=900, env=_env())
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-3000:])
        values = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
        for key in ("login", "filled", "checked"):
            out.setdefault(key, []).append(float(values[key]))
        for key in ("rss_kb", "hwm_kb"):
            out.setdefault(key, []).append(int(values[key]) / 1024)
        out["page"], out["state"] = values["page"], values["state"]
    return {k: (statistics.median(v) if isinstance(v, list) else v) for k, v in out.items()}


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
    ap.add_argument("--roles", nargs="+", default=list(ROLES), choices=ROLES)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-archived", action="store_true", help="skip the files with 90 %% archived")
    ap.add_argument("--model", action="store_true", help="also the triage model's figures (issue 3)")
    ap.add_argument("--code", default="", help="a folder holding another qa_desk package to measure")
    ap.add_argument("--json", type=Path, help="write the figures there too")
    args = ap.parse_args()
    empty = office(fill(0))
    ensure_current(empty)
    files = [(f"{n:,}", office(fill(n))) for n in args.sizes]
    if not args.no_archived:
        files += [(f"{n:,} (90 % archived)", archived(n)) for n in args.sizes if n == max(args.sizes)]
    for _, path in files:
        ensure_current(path)
    base_rss = {who: start_times(empty, who, runs=3, code=args.code)["rss_kb"] for who in args.roles}
    figures: dict = {}
    for label, path in files:
        for who in args.roles:
            r = start_times(path, who, runs=args.runs, code=args.code)
            figures[(label, who)] = r
            first = figures.get((files[0][0], who), r)
            print(f"{label:>24} {who:>9} ({r['page']}): login window {r['login'] * 1000:5.0f} ms "
                  f"({r['login'] / first['login']:.2f}×), window filled {r['filled'] * 1000:5.0f} ms "
                  f"({r['filled'] / first['filled']:.2f}×), {r['rss_kb'] - base_rss[who]:+4.0f} MB over the empty file "
                  f"(peak {r['hwm_kb']:.0f} MB), background check done at {r['checked']:.1f} s ({r['state']})",
                  flush=True)
        if args.model and "archived" not in label:
            for name, t in model_ops(path).items():
                print(f"  triage model, {name}: median {t * 1000:.1f} ms")
    if args.json:
        args.json.write_text(json.dumps({f"{k[0]} / {k[1]}": v for k, v in figures.items()}, indent=1,
                                        ensure_ascii=False))


if __name__ == "__main__":
    main()
