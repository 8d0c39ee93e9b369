"""Dry run and import of a 10,000-row legacy ledger into a file of 100,000 complaints (issue 13).

Prints figures; not a test.

The complaints file is datagen.mixed (100,000 complaints, 5 % living their whole life, the demo's users with the
demo password), cached in bench/out/ by datagen. The ledger is an xlsx written here with openpyxl's write-only mode
and cached in bench/out/ by rows and seed: a title row, the legacy columns an office's own ledger has (投诉编号 with
legacy numbers LG-<year>-<n> or blank, 投诉日期 in mixed forms — 2025年3月18日, 2025/4/2, 2025.04.20, 20250501 as
text and as a number, real date cells, a few with a time or full-width digits —, 投诉渠道, 产品名称, 批号,
投诉单位/投诉人 mixing organisations and people (张女士, 王芳), 联系电话, 投诉内容 of 20–400 characters,
严重程度分类 I–V with some "Class II" / "III类", 数量 as "5盒" or a bare number, 计量单位 (filled only beside a bare
number: the intake refuses a quantity without a unit), 处理结果, 处理人, 答复日期, 结案日期 (80 % of rows closed),
and 备注, which no field takes (kept as an extra field)), a few blank rows and a totals row (合计) at the bottom.

Every measurement runs in a fresh subprocess (cwd bench/out, HOME and XDG folders in bench/out/home) on its own
copy of the complaints file (bench/out/work/, deleted after), so runs do not accumulate: the child opens the file
as the app does, logs in as the inspector, and times one call; its peak RSS is its own VmHWM (ru_maxrss would carry the parent's high-water mark across vfork+exec).
- bare read: openpyxl read-only reading every value of the ledger (the floor any xlsx import pays);
- reader: qa_desk.documents.importer.read (the ledger as read, with the hostile-file checks);
- dry run: importer.dry_run(session, path) (reading included), median of --runs;
- import: importer.run(session, path) (reading included, committed), median of --runs.
--profile adds one cProfile run of the dry run and of the import (top 25 by cumulative time, top 15 by own time).

Run:   python bench/bench_import.py [--runs 3] [--profile]
Quick: python bench/bench_import.py --rows 1000 --complaints 5000
Build: python bench/bench_import.py --build-only     (the 100,000-complaint file takes minutes the first time)
Profile only: python bench/bench_import.py --profile-only   (bench/out/profile-{dry,run}.txt and .prof)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import date, datetime, timedelta  # noqa: E402

import datagen  # noqa: E402
from datagen import OUT  # noqa: E402

from qa_desk.demo import DEMO_PASSWORD  # noqa: E402

LEDGER_VERSION = 1  # bump when the ledger's content changes, so cached files are rebuilt
GOALS = {"dry_s": 5.0, "run_s": 20.0, "rss_mb": 300.0}

HEADER = ["投诉编号", "投诉日期", "投诉渠道", "产品名称", "批号", "投诉单位/投诉人", "联系电话", "投诉内容", "严重程度分类",
          "数量", "计量单位", "处理结果", "处理人", "答复日期", "结案日期", "备注"]

# ------------------------------------------------------------------------------------------------ the ledger

CHANNELS = [("电话", 50), ("信函", 10), ("电子邮件", 12), ("传真", 5), ("微信", 15), ("Phone", 3), ("客户建议箱", 5)]
ORGS = ["市第一人民医院药剂科", "省中医院门诊药房", "仁和大药房（中山路店）", "社区卫生服务中心", "协和医院静配中心",
        "国药控股华东分公司", "老百姓大药房连锁有限公司", "县人民医院", "益丰大药房（解放路店）", "第三人民医院药库",
        "海王星辰连锁药店", "妇幼保健院药剂科", "九州通医药集团", "同仁堂药店", "区疾病预防控制中心"]
HONORIFICS = ["女士", "先生", "女士", "先生", "小姐", "老师", "阿姨"]
RESULTS = ["已退货处理", "经调查为运输破损，已补发", "经检验符合标准，已向客户解释", "已更换同批次产品", "留样检验合格，客户认可",
           "已赔偿并致歉", "经核实为使用不当，已指导正确用法", "召回该批次剩余产品", "供应商整改，已书面答复客户",
           "已与客户沟通，客户撤回投诉"]
NOTES = ["客户来电两次", "已电话回访", "附照片3张", "样品已寄回", "见纸质档案第12册", "同批次另有一起投诉", "客户要求书面答复",
         "经销商转来"]
FILLER = ["客户称发现后立即停止使用并保留了包装。", "同一包装内其余产品外观正常。", "购买后按说明书要求常温避光保存。",
          "客户已拍照留存并愿意寄回样品。", "该问题在开封后首次使用时发现。", "经销商反映同批次另有类似情况。",
          "客户情绪较激动，要求尽快给予答复。", "患者服用后无不适症状。", "外包装完好，无挤压痕迹。"]
CLASS_MIX = [("I", 3), ("II", 12), ("III", 35), ("IV", 35), ("V", 15)]


def _pick(rng: random.Random, weighted):
    return rng.choices([w for w, _ in weighted], [n for _, n in weighted])[0]


def _full_width(text: str) -> str:
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})


def _date_cell(rng: random.Random, day: date, *, with_times: bool):
    """A date as the several people typing the ledger wrote it."""
    form = rng.choices(["cn", "slash", "dot", "compact", "compact_int", "cell", "iso", "cn_time", "fullwidth"],
                       [28, 18, 14, 8, 5, 17, 6, 2 if with_times else 0, 2])[0]
    if form == "cn":
        return f"{day.year}年{day.month}月{day.day}日"
    if form == "slash":
        return f"{day.year}/{day.month}/{day.day}"
    if form == "dot":
        return f"{day.year}.{day.month:02d}.{day.day:02d}"
    if form == "compact":
        return day.strftime("%Y%m%d")
    if form == "compact_int":
        return int(day.strftime("%Y%m%d"))
    if form == "cell":
        return datetime(day.year, day.month, day.day)
    if form == "iso":
        return day.isoformat()
    if form == "cn_time":
        return f"{day.year}年{day.month}月{day.day}日 {rng.randint(8, 17)}:{rng.choice(['00', '15', '30', '45'])}"
    return _full_width(f"{day.year}年{day.month}月{day.day}日")


def _text(rng: random.Random, product: str) -> str:
    from qa_desk import demo_data as D

    target = rng.randint(20, 400)
    _, _, zh, _ = D.COMPLAINTS[rng.choice(list(D.COMPLAINTS))]
    text = rng.choice(zh).format(p=product) + rng.choice(D.REQUESTS)[0]
    while len(text) < target:
        text += rng.choice(FILLER)
    return text[:target]


def _complainant(rng: random.Random) -> str:
    from qa_desk import demo_data as D

    r = rng.random()
    if r < 0.60:
        return rng.choice(ORGS)
    if r < 0.85:
        return rng.choice(D.SURNAMES) + rng.choice(HONORIFICS)
    return rng.choice(D.SURNAMES) + rng.choice(D.GIVEN) + (rng.choice(D.GIVEN) if rng.random() < 0.4 else "")


def _class(rng: random.Random) -> str:
    code = _pick(rng, CLASS_MIX)
    r = rng.random()
    return f"Class {code}" if r < 0.10 else (f"{code}类" if r < 0.15 else code)


def ledger_rows(rows: int, seed: int, today: date):
    """The sheet's rows, top to bottom: title, header, data (a few blank rows among them), totals."""
    from qa_desk import demo_data as D

    rng = random.Random(seed)
    first, last = today - timedelta(days=4 * 365), today - timedelta(days=30)
    span = (last - first).days
    received = sorted(first + timedelta(days=rng.randint(0, span)) for _ in range(rows))
    blanks = set(rng.sample(range(1, rows), min(5, max(rows - 1, 0))))
    yield [f"{first.year}–{last.year} 年度客户投诉台帐（质量部）"]
    yield HEADER
    total_qty = 0
    for i, day in enumerate(received, start=1):
        if i in blanks:
            yield []
        name, _strength, _pack, unit, _ = rng.choice(D.PRODUCTS)
        number = f"LG-{day.year}-{i:05d}" if rng.random() < 0.92 else None
        closed = rng.random() < 0.80
        close_day = reply_day = None
        if closed:
            close_day = min(day + timedelta(days=rng.randint(5, 60)), today - timedelta(days=1))
            reply_day = day + timedelta(days=rng.randint(1, max((close_day - day).days, 1)))
            reply_day = min(reply_day, close_day)
        elif rng.random() < 0.3:
            reply_day = min(day + timedelta(days=rng.randint(1, 20)), today - timedelta(days=1))
        q = rng.random()
        if q < 0.5:
            n = rng.randint(1, 20)
            qty, qty_unit = f"{n}{unit}", None
        elif q < 0.8:
            n = rng.choice([rng.randint(1, 50), 2980, rng.randint(100, 5000)])
            qty, qty_unit = n, unit
        else:
            n, qty, qty_unit = 0, None, None
        total_qty += n
        phone = None
        p = rng.random()
        if p < 0.6:
            phone = f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
        elif p < 0.9:
            phone = f"0{rng.randint(10, 999)}-{rng.randint(1_000_000, 99_999_999)}"
        yield [number, _date_cell(rng, day, with_times=True), _pick(rng, CHANNELS), name,
               f"{rng.randint(2001, 2612)}{rng.randint(1, 60):02d}" if rng.random() < 0.9 else
               f"B{rng.randint(2001, 2612)}-{rng.randint(1, 9)}", _complainant(rng), phone, _text(rng, name),
               _class(rng), qty, qty_unit, rng.choice(RESULTS) if closed else (rng.choice([None, "调查中"])),
               rng.choice(D.SURNAMES) + rng.choice(D.GIVEN) if closed or rng.random() < 0.5 else None,
               _date_cell(rng, reply_day, with_times=False) if reply_day else None,
               _date_cell(rng, close_day, with_times=False) if close_day else None,
               rng.choice(NOTES) if rng.random() < 0.3 else None]
    yield []
    yield ["合计", f"共 {rows} 条", None, None, None, None, None, None, None, total_qty]


def ledger_path(rows: int, seed: int = 1) -> Path:
    return OUT / f"ledger-{rows}-{seed}-v{LEDGER_VERSION}.xlsx"


def ledger(rows: int, seed: int = 1) -> Path:
    """The legacy ledger xlsx, cached in bench/out/ by rows, seed and version (its dates end 30 days before the day
    it is built, so a cached file never holds a date in the future)."""
    import openpyxl

    OUT.mkdir(exist_ok=True)
    path = ledger_path(rows, seed)
    if path.exists():
        return path
    tmp = path.with_suffix(".part")
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("投诉台帐")
    for row in ledger_rows(rows, seed, date.today()):
        ws.append(row)
    wb.save(tmp)
    tmp.replace(path)
    return path


# -------------------------------------------------------------------------------------------- the children

CHILD = r"""
import json, resource, sys, time
mode, db_path, ledger_path, user, password, prof = sys.argv[1:7]

def vm(key):
    try:
        for line in open("/proc/self/status"):
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None

from qa_desk.core import users
from qa_desk.core.database import open_database
from qa_desk.core.session import Session
from qa_desk.core import ledger_import as L
from qa_desk.core.errors import DomainError
from qa_desk.documents import importer

db = open_database(db_path).db
session = users.login(Session(db), user, password)
before = db.conn.execute("SELECT count(*) FROM complaints").fetchone()[0]
out = {"rss_before_mb": vm("VmRSS"), "hwm_before_mb": vm("VmHWM"), "complaints_before": before}
profiler = None
if prof != "-":
    import cProfile
    profiler = cProfile.Profile()
    profiler.enable()
t = time.perf_counter()
plan = None
try:
    if mode == "read":
        ledger = importer.read(ledger_path)
        out["rows"] = len(ledger.rows)
        out["skipped"] = [s.message("en") for s in ledger.skipped]
    elif mode == "dry":
        plan = importer.dry_run(session, ledger_path)
    else:
        plan = importer.run(session, ledger_path)
except L.ImportRefused as exc:
    plan = exc.plan
    out["refused"] = str(exc)[:500]
except DomainError as exc:
    out["refused"] = f"{type(exc).__name__} {getattr(exc, 'code', '')}: {exc}"[:2000]
out["s"] = time.perf_counter() - t
if profiler is not None:
    profiler.disable()
    import io, pstats
    buf = io.StringIO()
    st = pstats.Stats(profiler, stream=buf)
    st.sort_stats("cumulative").print_stats(25)
    st.sort_stats("tottime").print_stats(15)
    open(prof, "w").write(buf.getvalue())
    profiler.dump_stats(prof.rsplit(".", 1)[0] + ".prof")
# ru_maxrss carries the parent's high-water mark across a vfork+exec, so VmHWM (this process's own) is the figure
out["ru_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out["maxrss_mb"] = vm("VmHWM") or out["ru_maxrss_mb"]
if plan is not None:
    out.update(rows=len(plan.rows), to_create=len(plan.to_create), closed=plan.closed, open=plan.open,
               errors=len(plan.errors), skipped_rows=len(plan.skipped_rows),
               reader_skipped=[s.message("en") for s in plan.skipped], summary=plan.summary("en"),
               extra_columns=[c.header for c in plan.extra_columns()],
               groups=[(title, rows[:10], len(rows)) for title, rows in plan.groups("en")][:20],
               first_errors=[f"row {r.row}: " + "; ".join(p.text("en") for p in r.problems)[:300]
                             for r in plan.errors[:8]])
if mode == "run" and "refused" not in out:
    c = db.conn
    out["complaints_after"] = c.execute("SELECT count(*) FROM complaints").fetchone()[0]
    out["imported"] = c.execute("SELECT count(*) FROM complaints WHERE imported_from IS NOT NULL").fetchone()[0]
    out["imported_closed"] = c.execute("SELECT count(*) FROM complaints WHERE imported_from IS NOT NULL AND "
                                       "status = 'closed'").fetchone()[0]
    out["legacy_numbers"] = c.execute("SELECT count(*) FROM complaints WHERE imported_from IS NOT NULL AND "
                                      "seq < 0").fetchone()[0]
    out["persons"] = c.execute("SELECT count(*) FROM complaints WHERE imported_from IS NOT NULL AND "
                               "complainant_name IS NOT NULL").fetchone()[0]
    out["with_extra"] = c.execute("SELECT count(*) FROM complaints WHERE imported_extra IS NOT NULL").fetchone()[0]
db.close()
print(json.dumps(out, ensure_ascii=False))
"""

BARE_CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import openpyxl

def vm(key):
    try:
        for line in open("/proc/self/status"):
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None

t = time.perf_counter()
wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
ws = wb.worksheets[0]
n = cells = 0
for row in ws.iter_rows(values_only=True):
    n += 1
    cells += sum(1 for v in row if v is not None)
wb.close()
took = time.perf_counter() - t
print(json.dumps({"s": took, "import_s": t - t0, "rows": n, "cells": cells,
                  "maxrss_mb": vm("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def child_env() -> dict:
    home = OUT / "home"
    for sub in ("", ".config", ".local/share", ".cache"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    return {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local/share"), "XDG_CACHE_HOME": str(home / ".cache")}


def run_py(code: str, *args) -> tuple[dict, float]:
    """A fresh process running ``code``; (its last line of JSON, wall seconds)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        p = subprocess.run([sys.executable, "-c", code, *map(str, args)], stdout=out, stderr=err, text=True,
                           cwd=OUT, env=child_env())
        wall = time.perf_counter() - t
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if p.returncode != 0 or not stdout.strip():
        raise RuntimeError(f"child failed ({p.returncode}):\n{stderr[-4000:]}")
    return json.loads(stdout.strip().splitlines()[-1]), wall


class Work:
    """A fresh copy of the complaints file per run, removed after."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.dir = OUT / "work"
        self.dir.mkdir(exist_ok=True)
        self.path = self.dir / f"import-{os.getpid()}-{source.name}"

    def __enter__(self) -> Path:
        self.clean()
        t = time.perf_counter()
        shutil.copyfile(self.source, self.path)
        self.copy_s = time.perf_counter() - t
        return self.path

    def __exit__(self, *exc) -> None:
        self.clean()

    def clean(self) -> None:
        for p in self.dir.glob(self.path.name + "*"):
            p.unlink()


def measure(mode: str, db: Path, led: Path, prof: str = "-") -> dict:
    with Work(db) as work:
        r, wall = run_py(CHILD, mode, work, led, "inspector", DEMO_PASSWORD, prof)
    r["wall"] = wall
    return r


def med(values: list[float]) -> float:
    return statistics.median(values)


def show_plan(r: dict) -> None:
    if r.get("summary"):
        print(f"    plan: {r['summary']}; extra columns kept: {', '.join(r.get('extra_columns') or []) or 'none'}")
    if r.get("refused"):
        print(f"    REFUSED: {r['refused']}")
    for title, rows, n in r.get("groups") or []:
        print(f"    problem group ({n} rows, first {rows}): {title}")
    for line in r.get("first_errors") or []:
        print(f"      {line}")


def series(label: str, mode: str, db: Path, led: Path, runs: int, rows: int) -> dict:
    results = []
    for i in range(runs):
        r = measure(mode, db, led)
        results.append(r)
        extra = ""
        if mode == "run" and "complaints_after" in r:
            extra = (f"; file {r['complaints_before']:,} → {r['complaints_after']:,} complaints, imported "
                     f"{r['imported']:,} ({r['imported_closed']:,} closed, {r['legacy_numbers']:,} on their ledger "
                     f"number, {r['persons']:,} with a person, {r['with_extra']:,} with extra fields)")
        print(f"  {label} run {i + 1}: {r['s']:.2f} s (process {r['wall']:.1f} s), peak RSS {r['maxrss_mb']:.0f} MB "
              f"(after open + login {r['hwm_before_mb']:.0f} MB){extra}", flush=True)
        if i == 0 or r.get("refused"):
            show_plan(r)
    times = [r["s"] for r in results]
    return {"med": med(times), "min": min(times), "max": max(times), "rss": max(r["maxrss_mb"] for r in results),
            "rss_floor": med([r["hwm_before_mb"] for r in results]), "rps": rows / med(times),
            "ok": not any(r.get("refused") for r in results)}


def profile(db: Path, led: Path) -> None:
    for mode, label in (("dry", "dry run"), ("run", "import")):
        out = OUT / f"profile-{mode}.txt"
        r = measure(mode, db, led, str(out))
        print(f"\n=== cProfile, {label} ({r['s']:.2f} s under the profiler); also in {out} and, for pstats, "
              f"{out.with_suffix('.prof')} ===")
        print(out.read_text())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=10_000, help="data rows in the ledger")
    ap.add_argument("--complaints", type=int, default=100_000, help="complaints in the file imported into")
    ap.add_argument("--whole", type=float, default=0.05, help="share of the file's complaints living a whole life")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    ap.add_argument("--profile", action="store_true", help="also one cProfile run of the dry run and the import")
    ap.add_argument("--profile-only", action="store_true", help="only the cProfile runs")
    ap.add_argument("--build-only", action="store_true")
    args = ap.parse_args()

    import openpyxl

    import qa_desk
    from qa_desk.store.migrations import LATEST

    print(f"qa_desk from {Path(qa_desk.__file__).parent}, schema {LATEST}; Python {sys.version.split()[0]}, "
          f"SQLite {sqlite3.sqlite_version}, openpyxl {openpyxl.__version__}, {os.cpu_count()} CPU(s)", flush=True)
    t = time.perf_counter()
    db = datagen.mixed(args.complaints, whole=args.whole, seed=args.seed)
    took = time.perf_counter() - t
    info = datagen.built_info(db)
    how = f"built now in {took:.0f} s" if took > 1 else \
        f"cached, built in {info.get('built_s', '?')} s at {info.get('built_at', '?')}"
    print(f"complaints file: {db} ({how}; {db.stat().st_size / 1e6:,.0f} MB)", flush=True)
    t = time.perf_counter()
    cached = ledger_path(args.rows, args.seed).exists()
    led = ledger(args.rows, args.seed)
    took = time.perf_counter() - t
    print(f"ledger: {led} ({'cached' if cached else f'built now in {took:.1f} s'}; "
          f"{led.stat().st_size / 1e6:.1f} MB, {args.rows:,} data rows)", flush=True)
    print(f"work copies in {OUT / 'work'} (one per run, removed after)", flush=True)
    if args.build_only:
        return
    if args.profile_only:
        profile(db, led)
        return

    bare = [run_py(BARE_CHILD, led)[0] for _ in range(args.runs)]
    bare_s = med([b["s"] for b in bare])
    print(f"  bare openpyxl read-only, every value: median {bare_s:.2f} s ({bare[0]['rows']:,} rows, "
          f"{bare[0]['cells']:,} cells), peak RSS {max(b['maxrss_mb'] for b in bare):.0f} MB", flush=True)
    reads = [measure("read", db, led) for _ in range(args.runs)]
    read_s = med([r["s"] for r in reads])
    print(f"  importer.read: median {read_s:.2f} s ({reads[0]['rows']:,} rows), peak RSS "
          f"{max(r['maxrss_mb'] for r in reads):.0f} MB (after open + login {reads[0]['hwm_before_mb']:.0f} MB)",
          flush=True)
    for s in reads[0].get("skipped") or []:
        print(f"    reader: {s}")
    dry = series("dry run", "dry", db, led, args.runs, args.rows)
    imp = series("import", "run", db, led, args.runs, args.rows)

    def line(label: str, s: dict, goal: float) -> str:
        verdict = "PASS" if s["med"] < goal and s["ok"] else "FAIL"
        return (f"{label:24} {s['med']:8.2f} {s['min']:8.2f} {s['max']:8.2f} {s['rss']:8.0f} {s['rps']:9,.0f} "
                f"{s['med'] / bare_s:7.1f}×  < {goal:.0f} s  {verdict}")

    print()
    print(f"{args.rows:,}-row ledger into {args.complaints:,} complaints, {args.runs} run(s) each")
    print(f"{'figure':24} {'median s':>8} {'min s':>8} {'max s':>8} {'RSS MB':>8} {'rows/s':>9} {'÷ bare':>8}  goal")
    print(f"{'bare openpyxl read':24} {bare_s:8.2f} {min(b['s'] for b in bare):8.2f} {max(b['s'] for b in bare):8.2f} "
          f"{max(b['maxrss_mb'] for b in bare):8.0f} {args.rows / bare_s:9,.0f} {1:7.1f}×")
    print(f"{'importer.read':24} {read_s:8.2f} {min(r['s'] for r in reads):8.2f} {max(r['s'] for r in reads):8.2f} "
          f"{max(r['maxrss_mb'] for r in reads):8.0f} {args.rows / read_s:9,.0f} {read_s / bare_s:7.1f}×")
    print(line("dry run", dry, GOALS["dry_s"]))
    print(line("import", imp, GOALS["run_s"]))
    rss = max(dry["rss"], imp["rss"])
    print(f"peak RSS of the importing process: {rss:.0f} MB (goal < {GOALS['rss_mb']:.0f} MB) "
          f"{'PASS' if rss < GOALS['rss_mb'] else 'FAIL'}; of which the open file and login "
          f"{max(dry['rss_floor'], imp['rss_floor']):.0f} MB")
    print(f"the dry run spends {read_s / dry['med']:.0%} of its time reading the file; the import "
          f"{read_s / imp['med']:.0%}")
    if not (dry["ok"] and imp["ok"]):
        print("(a refused dry run or import counts as FAIL: see the problem groups above)")
    if args.profile:
        profile(db, led)


if __name__ == "__main__":
    main()
