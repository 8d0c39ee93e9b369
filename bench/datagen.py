"""Benchmark data: a QA Desk file holding N complaints, made through the real intake service.

Faster than ``qa-desk demo`` (which lives every complaint's whole life): each complaint is registered,
acknowledged and triaged in one call, as the wizard does, and the whole fill is one transaction. The file is
a real one: numbers, deadlines, the audit chain and the search index are all there, and ``qa-desk verify``
passes on it. Files are cached in bench/out/ by size and seed.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from qa_desk import demo_data as D
from qa_desk.core import intake, settings, users
from qa_desk.core.clock import FixedClock
from qa_desk.core.database import open_database
from qa_desk.core.session import SYSTEM, Session
from qa_desk.core.triage import TriageInput
from qa_desk.demo import DEFECT_WEIGHTS
from qa_desk.store.db import immediate

OUT = Path(__file__).parent / "out"
PASSWORD = "bench-pass-1"


def _defect(rng: random.Random) -> str:
    """A defect type drawn with the demo's class mix (about 3% Class I, as an office sees)."""
    from qa_desk.core.policy import load_policy

    defects = load_policy().defects
    klass = rng.choices(list(DEFECT_WEIGHTS), list(DEFECT_WEIGHTS.values()))[0]
    return rng.choice([d.code for d in defects.values() if d.severity_class == klass and d.code in D.COMPLAINTS])


def _draft(rng: random.Random, when: datetime) -> intake.ComplaintDraft:
    name, strength, pack, unit, _ = rng.choice(D.PRODUCTS)
    defect = _defect(rng)
    nature, category, zh, en = D.COMPLAINTS[defect]
    text = rng.choice(zh + en).format(p=name) + " " + rng.choice(D.REQUESTS)[0]
    return intake.ComplaintDraft(
        received_at=when, channel=rng.choice(["phone", "email", "letter", "wechat", "visit"]),
        complainant_type="hospital", complainant_name=rng.choice(D.SURNAMES) + rng.choice(D.GIVEN),
        complainant_org=rng.choice(D.HOSPITALS), phone="13800000000", product_name=name, strength=strength,
        package_form=pack, batch_no=f"{rng.randint(2301, 2612)}{rng.randint(1, 60):02d}", mfg_date="2023-01-01",
        expiry_date="2028-12-31", quantity=rng.randint(1, 9), unit=unit, description=text,
        ack_method="phone", acknowledged_at=when,
        triage=TriageInput(nature=nature, category=category, defect_type=defect,
                           reportability_rationale="无需报告"))


# who logs in in the bench, one per role (tasks.landing_page decides each one's first page); fill() makes them,
# office() adds any missing to an older cached file
OFFICE = {"inspector": ("质检员", ["inspector"]), "qahead": ("质量部长", ["qa_head"]),
          "qavp": ("质量副总", ["quality_vp"]), "reception": ("前台", ["reception"])}
TEMPORARY = PASSWORD + "-temp"


def fill(n: int, *, seed: int = 1, end: datetime | None = None) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"bench-v3-{n}-{seed}.sqlite3"
    if path.exists():
        return path
    tmp = path.with_suffix(".part")
    for p in tmp.parent.glob(tmp.name + "*"):
        p.unlink()
    end = end or datetime.now().astimezone().replace(microsecond=0)
    clock = FixedClock(end - timedelta(days=730))
    db = open_database(tmp, clock=clock).db
    inspector = _first_office(Session(db, clock=clock))
    rng = random.Random(seed)
    step = timedelta(days=730) / max(n, 1)
    started = time.perf_counter()
    with immediate(db):
        for i in range(n):
            clock.set(end - timedelta(days=730) + step * i)
            intake.register(inspector, _draft(rng, clock.now()))
            if i and i % 10_000 == 0:
                print(f"  {i} complaints, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    tmp.replace(path)
    return path


def _schema() -> int:
    from qa_desk.store.migrations import LATEST

    return LATEST


def _finish(tmp: Path, path: Path, started: float | None = None) -> Path:
    """Checkpoint the WAL into the file, drop -wal/-shm and give the .part its real name; note how long the
    build took beside it (``<name>.json``)."""
    import json
    import sqlite3

    import qa_desk

    conn = sqlite3.connect(tmp)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    if started is not None:
        path.with_suffix(".json").write_text(json.dumps({
            "built_s": round(time.perf_counter() - started, 1), "built_at": datetime.now().isoformat(timespec="seconds"),
            "schema": _schema(), "code": str(Path(qa_desk.__file__).parent)}))
    tmp.replace(path)
    return path


def built_info(path: Path) -> dict:
    import json

    meta = path.with_suffix(".json")
    return json.loads(meta.read_text()) if meta.exists() else {}


def _fresh_part(path: Path) -> Path:
    tmp = path.with_suffix(".part")
    for p in tmp.parent.glob(tmp.name + "*"):
        p.unlink()
    return tmp


def mixed(n: int, *, whole: float = 0.05, seed: int = 1, now: datetime | None = None,
          progress_every: int = 10_000) -> Path:
    """``n`` complaints received over the demo's 24 months, of which the share ``whole`` lives its whole life
    exactly as ``qa-desk demo`` lives it (demo._life: intake, triage, investigation, signed review and
    approval, reply, closure, archive, with the demo's rejections, reopenings, extensions and stalls) and the
    rest are registered and triaged in one call (datagen's fill). It is ``demo.generate`` itself (demo users,
    scheduler in time order, one transaction) with every complaint but the chosen share given a short life, so
    the trail reads chronologically. Cached in bench/out/ by size, share, seed and schema version."""
    from qa_desk import demo

    OUT.mkdir(exist_ok=True)
    path = OUT / f"mixed-{n}-w{round(whole * 1000)}-{seed}-s{_schema()}.sqlite3"
    if path.exists():
        return path
    tmp = _fresh_part(path)
    now = now or datetime.now().astimezone().replace(microsecond=0)
    # the file's first entries (its calendar) are dated where the demo's history starts, as `qa-desk demo` does
    db = open_database(tmp, clock=FixedClock(now - demo.HISTORY)).db
    real_life = demo._life
    seen = {"i": 0, "whole": 0}
    per_mille = round(whole * 1000)

    def short_life(cast, rng, received, forced=None):
        """Registered and triaged in one call, as datagen's fill does (the inspector at the wizard)."""
        t = received + timedelta(hours=rng.uniform(0.05, 0.5))
        yield t
        intake.register(rng.choice(cast.inspectors), _draft(rng, t))

    def life(cast, rng, received, forced=None):
        i = seen["i"]
        seen["i"] += 1
        # forced stages (one recent complaint held at each status) always live; the rest evenly spread
        if forced is not None or (i + 1) * per_mille // 1000 > i * per_mille // 1000:
            seen["whole"] += 1
            return real_life(cast, rng, received, forced)
        return short_life(cast, rng, received, forced)

    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % progress_every == 0:
            print(f"  {done}/{total} complaints done, {time.perf_counter() - started:.0f} s", file=sys.stderr,
                  flush=True)

    demo._life = life
    try:
        demo.generate(Session(db), count=n, seed=seed, now=now, progress=progress)
    finally:
        demo._life = real_life
    db.close()
    print(f"  {seen['whole']} whole lives, {n - seen['whole']} registered and triaged; "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return _finish(tmp, path, started)


def demo_file(n: int, *, seed: int = 1) -> Path:
    """``qa-desk demo --count n`` (every complaint lives its whole life), through the CLI, cached by size, seed
    and schema version."""
    import subprocess

    OUT.mkdir(exist_ok=True)
    path = OUT / f"demo-{n}-{seed}-s{_schema()}.sqlite3"
    if path.exists():
        return path
    tmp = _fresh_part(path)
    started = time.perf_counter()
    qa_desk = Path(sys.executable).with_name("qa-desk")
    cmd = [str(qa_desk)] if qa_desk.exists() else [
        sys.executable, "-c", "import sys; from qa_desk.cli import main; sys.exit(main())"]
    subprocess.run([*cmd, "--db", str(tmp), "demo", "--count", str(n), "--seed", str(seed)], check=True,
                   stdout=subprocess.DEVNULL)
    return _finish(tmp, path, started)


# --- the office at work: one login per role, and a file whose complaints are mostly archived -----------------



def _first_office(base: Session) -> Session:
    """The office as a first run makes it, two years before the newest complaint: the administrator (logged in, so
    the keys it issues are endorsed and ``qa-desk verify`` finds nothing), password expiry off (the bench logs in
    years later), one user per role who logs in once to choose ``PASSWORD``. Returns the inspector's login."""
    users.create_user(base.as_user(SYSTEM), "admin", "管理员", ["admin"], PASSWORD)
    admin = users.login(base, "admin", PASSWORD)
    settings.put_many(admin, {"password_expiry_days": 0, "password_history": 0}, reason="bench file")
    logged = {}
    for name, (display, roles) in OFFICE.items():
        users.create_user(admin, name, display, roles, TEMPORARY, reason="bench user")
        logged[name] = users.login(base, name, TEMPORARY)
        users.change_password(logged[name], TEMPORARY, PASSWORD)
    users.logout(admin)
    return logged["inspector"]


def office(path: Path) -> Path:
    """Every bench role can log in to ``path`` with ``PASSWORD``: missing accounts are created by the
    administrator (audited, as in the app) and each new user logs in once to choose ``PASSWORD``."""
    db = open_database(path).db
    try:
        base = Session(db)
        missing = [name for name in OFFICE if users.find(db, name) is None]
        if missing or settings.get(db, "password_expiry_days"):
            admin = _admin(base)
            for name in missing:
                display, roles = OFFICE[name]
                users.create_user(admin, name, display, roles, TEMPORARY, reason="bench user")
                users.change_password(users.login(base, name, TEMPORARY), TEMPORARY, PASSWORD)
            users.logout(admin)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return path


def _admin(base: Session) -> Session:
    """The administrator's login. fill() made its users two years before its last complaint, so their passwords
    have expired by now: the administrator turns expiry off (and the history rule, to keep ``PASSWORD``) through
    the settings, audited, passing through a password of its own to get there."""
    admin = users.login(base, "admin", PASSWORD)
    if users.must_change_password(admin):
        users.change_password(admin, PASSWORD, TEMPORARY + "-2")
        settings.put_many(admin, {"password_expiry_days": 0, "password_history": 0}, reason="bench file")
        users.change_password(admin, TEMPORARY + "-2", PASSWORD)
    return admin


def archived(n: int, *, share: float = 0.9, seed: int = 1) -> Path:
    """fill(n) with its oldest ``share`` of complaints closed and archived, as an office's file looks after a
    few years. Bench-only shortcut: living each complaint's whole life through the core (investigation,
    signatures, reply) takes hours at 100,000, so the inspector's login closes and archives them in one
    transaction through the audited writer (``tx.update``, as closure.close and closure.archive write them):
    the chain, the search index and the replay all hold, and ``qa-desk verify`` passes on the file; only the
    steps between triage and closure are skipped. Cached beside fill's file."""
    import shutil

    from qa_desk.core.clock import iso

    source = office(fill(n, seed=seed))
    path = OUT / f"{source.stem}-a{round(share * 100)}.sqlite3"
    if path.exists():
        return path
    tmp = _fresh_part(path)
    started = time.perf_counter()
    shutil.copyfile(source, tmp)
    db = open_database(tmp).db
    inspector = users.login(Session(db), "inspector", PASSWORD)
    ids = [r[0] for r in db.conn.execute("SELECT id FROM complaints ORDER BY received_at, id")]
    with inspector.write() as tx:
        at = tx.at
        for i, cid in enumerate(ids[:round(len(ids) * share)]):
            tx.update("complaints", cid, {"status": "closed", "closed_at": at, "closed_by": tx.user_id,
                                          "updated_at": at}, action="close")
            tx.update("complaints", cid, {"status": "archived", "archived_at": at, "updated_at": at},
                      action="archive")
            if i and i % 10_000 == 0:
                print(f"  {i} archived, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    assert at <= iso(inspector.now())
    users.logout(inspector)
    db.close()
    return _finish(tmp, path, started)


if __name__ == "__main__":
    # python bench/datagen.py [N ...]          datagen's fill (registered and triaged)
    # python bench/datagen.py mixed N [SHARE]  N complaints, SHARE (default 0.05) of them living their whole life
    # python bench/datagen.py archived N [SHARE]  fill(N) with SHARE (default 0.9) of it closed and archived
    # python bench/datagen.py demo N           qa-desk demo --count N
    args = sys.argv[1:]
    t = time.perf_counter()
    if args[:1] == ["mixed"]:
        print(mixed(int(args[1]), whole=float(args[2]) if len(args) > 2 else 0.05), f"{time.perf_counter() - t:.1f} s")
    elif args[:1] == ["archived"]:
        print(archived(int(args[1]), share=float(args[2]) if len(args) > 2 else 0.9), f"{time.perf_counter() - t:.1f} s")
    elif args[:1] == ["demo"]:
        print(demo_file(int(args[1])), f"{time.perf_counter() - t:.1f} s")
    else:
        for count in map(int, args or ["1000"]):
            t = time.perf_counter()
            print(fill(count), f"{time.perf_counter() - t:.1f} s")
