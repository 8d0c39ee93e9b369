"""`verify`, the start-up check and the intake save on big files (issue 12). Prints figures; not a test.

File A: 100,000 complaints of which 5 % live their whole life as ``qa-desk demo`` lives them and the rest are
registered and triaged (datagen.mixed, about three million audit entries). File B: ``qa-desk demo --count 3000``
(every complaint lives its whole life; datagen.demo_file). Both are made through the services and cached in
bench/out/ by size, seed and schema version (a new schema builds new files; delete old ones by hand).

Every measurement runs in a fresh subprocess (cwd bench/out, HOME and XDG folders in bench/out/home, so a
workstation's remembered chain heads are the bench's own):
- full verify: qa_desk.core.verify.verify(db) on a read-only connection; median of --runs, peak RSS of the child
  (os.wait4), µs per audit entry; with --cli also ``qa-desk --db F verify`` once;
- baselines: a bare sqlite3 scan of audit_log reading every column, and the same scan hashing each row once
  (sha256), as the floor any chain check pays; Ed25519 sign/verify cost from ``cryptography``;
- the start-up check when nothing changed: the first of --quick-check NAMES found in qa_desk.core.anchors,
  called as fn(db) on a file opened as the app opens it (a work copy), after one priming call; "n/a" when absent;
- the intake save (bench_intake's way: a work copy, FixedClock, the inspector, 10 warm-up saves), which includes
  the transaction's signature once the lead's sealing is in.

Run:   python bench/bench_verify.py [--runs 3] [--cli] [--files A B]
Build: python bench/bench_verify.py --build-only     (A takes minutes; run it early with nohup ... &)
Other code: --code DIR runs against the qa_desk package in DIR, e.g. an export of the last commit
            (mkdir DIR && git archive HEAD qa_desk resources forms | tar -x -C DIR).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
if "--code" in sys.argv:  # must be on the path before qa_desk is imported, here and in every child
    _code = str(Path(sys.argv[sys.argv.index("--code") + 1]).resolve())
    sys.path.insert(0, _code)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [_code, os.environ.get("PYTHONPATH")]))
sys.path.insert(0, str(BENCH))

import argparse  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import datagen  # noqa: E402
from datagen import OUT  # noqa: E402

from qa_desk.demo import DEMO_PASSWORD  # noqa: E402

QUICK_NAMES = "quick_check,startup_check,check_at_start,check_since_last,check_changes,check_new"

GOALS = {"verify_s": 30.0, "verify_mb": 500.0, "us_per_entry": 10.0, "quick_s": 0.3, "intake_ms": 10.0,
         "kib": 30.0}

VERIFY_CHILD = r"""
import json, sys, time
from qa_desk.store.db import connect
from qa_desk.core.verify import verify
db = connect(sys.argv[1], readonly=True)
t = time.perf_counter()
findings = verify(db)
took = time.perf_counter() - t
print(json.dumps({"s": took, "findings": len(findings), "first": [f.text("en") for f in findings[:5]]}))
"""

SCAN_CHILD = r"""
import hashlib, json, sqlite3, sys, time
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
t = time.perf_counter()
n = 0
for row in conn.execute("SELECT * FROM audit_log ORDER BY id"):
    n += 1
scan = time.perf_counter() - t
t = time.perf_counter()
sha = hashlib.sha256
for row in conn.execute("SELECT * FROM audit_log ORDER BY id"):
    sha(repr(row).encode()).digest()
hashed = time.perf_counter() - t
print(json.dumps({"scan_s": scan, "hash_s": hashed, "rows": n}))
"""

QUICK_CHILD = r"""
import json, sys, time
names = sys.argv[2].split(",")
try:
    from qa_desk.core import anchors
except ImportError as exc:
    print(json.dumps({"na": f"qa_desk.core.anchors is not there ({exc})"}))
    raise SystemExit
fn = next((getattr(anchors, n) for n in names if hasattr(anchors, n)), None)
if fn is None:
    print(json.dumps({"na": "none of " + ", ".join(names) + " in qa_desk.core.anchors"}))
    raise SystemExit
t0 = time.perf_counter()
from qa_desk.core.database import open_database
db = open_database(sys.argv[1]).db
t1 = time.perf_counter()
try:
    # startup_check(db, memory, now): the workstation's memory of the file lives beside the work copy, as the
    # GUI keeps it in its own settings; the priming run writes it, the timed runs start from it
    from pathlib import Path
    from qa_desk.core.clock import SystemClock, iso
    mem_path = Path(sys.argv[1] + ".memory.json")
    memory = json.loads(mem_path.read_text()) if mem_path.exists() else None
    result = fn(db, memory, iso(SystemClock().now()))
    mem_path.write_text(json.dumps(result.memory))
    result = {"ok": result.ok, "new_entries": result.new_entries, "findings": len(result.findings)}
except Exception as exc:  # the lead's function may want more than the open file: say so, do not stop the bench
    import inspect
    print(json.dumps({"na": f"anchors.{fn.__name__}{inspect.signature(fn)} called as fn(db) failed: {exc!r}"}))
    raise SystemExit
t2 = time.perf_counter()
print(json.dumps({"name": fn.__name__, "open_s": t1 - t0, "check_s": t2 - t1, "result": repr(result)[:300]}))
"""

INTAKE_CHILD = r"""
import json, random, sys, time
from datetime import datetime, timedelta
sys.path.insert(0, sys.argv[5])
from datagen import _draft
from qa_desk.core import intake, users
from qa_desk.core.clock import FixedClock
from qa_desk.core.database import open_database
from qa_desk.core.session import Session
path, user, password, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
clock = FixedClock(datetime.now().astimezone().replace(microsecond=0))
db = open_database(path, clock=clock).db
session = users.login(Session(db, clock=clock), user, password)
rng = random.Random(99)
times = []
for _ in range(runs + 10):
    clock.advance(seconds=30)
    draft = _draft(rng, clock.now() - timedelta(minutes=5))
    t = time.perf_counter()
    intake.register(session, draft)
    times.append(time.perf_counter() - t)
db.close()
print(json.dumps({"times": times[10:]}))
"""


def child_env() -> dict:
    home = OUT / "home"
    for sub in ("", ".config", ".local/share", ".cache"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    return {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local/share"), "XDG_CACHE_HOME": str(home / ".cache")}


def run(cmd: list[str]) -> tuple[str, str, int, float, float]:
    """Run a fresh process; (stdout, stderr, exit code, wall seconds, its own peak RSS in MB via wait4)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, cwd=OUT, env=child_env())
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return out.read(), err.read(), p.returncode, wall, usage.ru_maxrss / 1024


def run_py(code: str, *args) -> tuple[dict, float, float]:
    stdout, stderr, rc, wall, rss = run([sys.executable, "-c", code, *map(str, args)])
    if rc != 0 or not stdout.strip():
        raise RuntimeError(f"child failed ({rc}):\n{stderr[-3000:]}")
    return json.loads(stdout.strip().splitlines()[-1]), wall, rss


def counts(path: Path) -> dict:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def n(sql: str) -> int:
        return conn.execute(sql).fetchone()[0]

    out = {"complaints": n("SELECT count(*) FROM complaints"), "entries": n("SELECT count(*) FROM audit_log"),
           "signatures": n("SELECT count(*) FROM signatures"),
           "archived": n("SELECT count(*) FROM complaints WHERE status = 'archived'"),
           "size": path.stat().st_size, "schema": n("PRAGMA user_version")}
    for extra in ("seals", "keys"):
        if extra in tables:
            out[extra] = n(f"SELECT count(*) FROM {extra}")
    conn.close()
    return out


def mark(value: float | None, goal: float) -> str:
    if value is None:
        return "n/a"
    return "✓" if value <= goal else "✗"


def med(values: list[float]) -> float:
    return statistics.median(values)


def build(which: str, args) -> Path:
    t = time.perf_counter()
    if which == "A":
        path = datagen.mixed(args.size, whole=args.whole, seed=args.seed)
    else:
        path = datagen.demo_file(args.demo_count, seed=args.seed)
    took = time.perf_counter() - t
    info = datagen.built_info(path)
    how = f"built now in {took:.0f} s" if took > 1 else \
        f"cached, built in {info.get('built_s', '?')} s at {info.get('built_at', '?')}"
    print(f"file {which}: {path.name} ({how})", flush=True)
    return path


def describe(which: str, path: Path) -> dict:
    c = counts(path)
    kib = c["size"] / 1024 / max(c["complaints"], 1)
    extra = "".join(f", {c[k]:,} {k}" for k in ("seals", "keys") if k in c)
    print(f"  schema {c['schema']}: {c['complaints']:,} complaints ({c['archived']:,} archived), {c['entries']:,} "
          f"audit entries ({c['entries'] / max(c['complaints'], 1):.1f} per complaint), {c['signatures']:,} "
          f"signatures{extra}; {c['size'] / 1e6:,.0f} MB, {kib:.1f} KiB per complaint, "
          f"{c['size'] / max(c['entries'], 1):.0f} bytes per entry", flush=True)
    c["kib"] = kib
    return c


def bench_verify(path: Path, c: dict, args) -> dict:
    scans = [run_py(SCAN_CHILD, path) for _ in range(args.runs)]
    scan_s = med([s["scan_s"] for s, _, _ in scans])
    hash_s = med([s["hash_s"] for s, _, _ in scans])
    scan_mb = med([rss for _, _, rss in scans])
    print(f"  baseline, bare sqlite3 scan of audit_log (every column): median {scan_s:.2f} s "
          f"({scan_s / c['entries'] * 1e6:.2f} µs per entry); with one sha256 per row: {hash_s:.2f} s "
          f"({hash_s / c['entries'] * 1e6:.2f} µs per entry); peak RSS {scan_mb:.0f} MB", flush=True)
    runs = []
    for i in range(args.runs):
        r, wall, rss = run_py(VERIFY_CHILD, path)
        runs.append((r["s"], wall, rss, r))
        print(f"    verify run {i + 1}: {r['s']:.1f} s (process {wall:.1f} s), peak RSS {rss:.0f} MB, "
              f"{r['findings']} finding(s)", flush=True)
        for text in r["first"]:
            print(f"      {text}")
    v_s, v_wall, v_mb = med([x[0] for x in runs]), med([x[1] for x in runs]), med([x[2] for x in runs])
    us = v_s / c["entries"] * 1e6
    print(f"  verify (qa_desk.core.verify.verify, read-only): median {v_s:.1f} s (process {v_wall:.1f} s), "
          f"peak RSS {v_mb:.0f} MB, {us:.1f} µs per entry; {v_s / scan_s:.0f}× the bare scan, "
          f"{v_s / hash_s:.0f}× the scan with sha256, {v_mb / max(scan_mb, 1):.1f}× its memory", flush=True)
    out = {"verify_s": v_s, "verify_mb": v_mb, "us_per_entry": us}
    if args.cli:
        qa = Path(sys.executable).with_name("qa-desk")
        stdout, stderr, rc, wall, rss = run([str(qa), "--lang", "en", "--db", str(path), "verify"])
        last = (stdout.strip().splitlines() or [stderr.strip()[-300:]])[-1]
        print(f"  qa-desk verify (once): {wall:.1f} s, peak RSS {rss:.0f} MB, exit {rc}: {last[:160]}", flush=True)
    return out


def bench_quick_and_intake(path: Path, args) -> dict:
    work_dir = OUT / "work"
    work_dir.mkdir(exist_ok=True)
    work = work_dir / path.name
    for p in work_dir.glob(path.name + "*"):
        p.unlink()
    shutil.copyfile(path, work)
    out: dict = {"quick_s": None}
    try:
        prime, _, _ = run_py(QUICK_CHILD, work, args.quick_check)  # the first check remembers the head
        if "na" in prime:
            print(f"  start-up check: n/a ({prime['na']})", flush=True)
        else:
            runs = [run_py(QUICK_CHILD, work, args.quick_check) for _ in range(args.quick_runs)]
            check = med([r["check_s"] for r, _, _ in runs])
            opened = med([r["open_s"] for r, _, _ in runs])
            wall = med([w for _, w, _ in runs])
            print(f"  start-up check anchors.{prime['name']}(db), nothing changed: median {check * 1000:.0f} ms "
                  f"(opening the file {opened * 1000:.0f} ms, whole process {wall:.2f} s; first call "
                  f"{prime['check_s']:.2f} s); returns {runs[-1][0]['result'][:120]}", flush=True)
            out["quick_s"] = check
        r, _, _ = run_py(INTAKE_CHILD, work, "inspector", DEMO_PASSWORD, args.intake_runs, BENCH)
        times = r["times"]
        m = med(times)
        p90 = statistics.quantiles(times, n=10)[-1]
        print(f"  intake save (register, committed, synchronous=FULL): median {m * 1000:.2f} ms, "
              f"p90 {p90 * 1000:.2f} ms over {len(times)} saves", flush=True)
        out["intake_ms"] = m * 1000
    finally:
        for p in work_dir.glob(path.name + "*"):
            p.unlink()
    return out


def bench_ed25519(entries: int) -> None:
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    except ImportError:
        print("Ed25519 (cryptography): n/a, not installed")
        return
    key = Ed25519PrivateKey.generate()
    pub = key.public_key()
    msg = os.urandom(64)
    n = 2000
    t = time.perf_counter()
    sigs = [key.sign(msg) for _ in range(n)]
    sign = (time.perf_counter() - t) / n
    t = time.perf_counter()
    for s in sigs:
        pub.verify(s, msg)
    check = (time.perf_counter() - t) / n
    print(f"Ed25519 (cryptography): sign {sign * 1e6:.0f} µs, verify {check * 1e6:.0f} µs; one signature per entry "
          f"over {entries:,} entries would cost {check * entries:.0f} s to verify (one per transaction or login "
          f"costs that divided by the entries per transaction)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", nargs="+", choices=["A", "B"], default=["A", "B"])
    ap.add_argument("--size", type=int, default=100_000, help="complaints in file A")
    ap.add_argument("--whole", type=float, default=0.05, help="share of file A's complaints living a whole life")
    ap.add_argument("--demo-count", type=int, default=3000, help="complaints in file B (qa-desk demo --count)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3, help="verify and baseline runs per file (median)")
    ap.add_argument("--quick-runs", type=int, default=7)
    ap.add_argument("--intake-runs", type=int, default=200)
    ap.add_argument("--quick-check", default=QUICK_NAMES, help="names to look for in qa_desk.core.anchors")
    ap.add_argument("--cli", action="store_true", help="also time qa-desk --db F verify once per file")
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--code", help="directory holding the qa_desk package to measure")
    args = ap.parse_args()

    import qa_desk
    from qa_desk.store.migrations import LATEST

    commit = Path(qa_desk.__file__).parent.parent / "COMMIT"
    print(f"qa_desk from {Path(qa_desk.__file__).parent}" + (f" (commit {commit.read_text().strip()})"
          if commit.exists() else "") + f", schema {LATEST}; Python {sys.version.split()[0]}, "
          f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPU(s)", flush=True)
    OUT.mkdir(exist_ok=True)
    paths = {w: build(w, args) for w in args.files}
    stale = sorted(p.name for p in OUT.glob("*.sqlite3") if "-s" in p.stem and not p.stem.endswith(f"-s{LATEST}")
                   and p.name.startswith(("mixed-", "demo-")))
    if stale:
        print(f"(older-schema cache files in bench/out/, safe to delete: {', '.join(stale)})")
    if args.build_only:
        return
    results: dict[str, dict] = {}
    entries = 0
    for which, path in paths.items():
        print(f"file {which}:", flush=True)
        c = describe(which, path)
        entries = max(entries, c["entries"])
        results[which] = {"kib": c["kib"], **bench_verify(path, c, args), **bench_quick_and_intake(path, args)}
    bench_ed25519(entries)

    def cell(which: str, key: str, fmt: str) -> str:
        r = results.get(which)
        if r is None or key not in r:
            return "-"
        v = r[key]
        return "n/a" if v is None else f"{fmt.format(v)} {mark(v, GOALS[key])}"

    rows = [("verify time (s)", "verify_s", "< 30 s", "{:.1f}", ["A"]),
            ("verify peak RSS (MB)", "verify_mb", "< 500 MB", "{:.0f}", ["A"]),
            ("verify µs per audit entry", "us_per_entry", "≤ 10 µs", "{:.1f}", ["A", "B"]),
            ("start-up check, nothing changed (s)", "quick_s", "< 0.3 s", "{:.3f}", ["A", "B"]),
            ("intake save median (ms)", "intake_ms", "< 10 ms", "{:.2f}", ["A", "B"]),
            ("KiB per full-life complaint", "kib", "≤ 30 KiB", "{:.1f}", ["B"])]
    print()
    print(f"{'figure':38} {'goal':>10} {'file A':>14} {'file B':>14}")
    for label, key, goal, fmt, applies in rows:
        cells = [cell(w, key, fmt) if w in applies else "" for w in ("A", "B")]
        print(f"{label:38} {goal:>10} {cells[0]:>14} {cells[1]:>14}")
    print("(file A's KiB per complaint mixes 5 % whole lives with short ones; the per-life goal is read on B. "
          "Time and memory goals are for file A; µs per entry on both.)")


if __name__ == "__main__":
    main()
