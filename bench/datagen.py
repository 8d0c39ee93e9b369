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
from qa_desk.core import intake, users
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


def fill(n: int, *, seed: int = 1, end: datetime | None = None) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"bench-v2-{n}-{seed}.sqlite3"
    if path.exists():
        return path
    tmp = path.with_suffix(".part")
    for p in tmp.parent.glob(tmp.name + "*"):
        p.unlink()
    end = end or datetime.now().astimezone().replace(microsecond=0)
    clock = FixedClock(end - timedelta(days=730))
    db = open_database(tmp, clock=clock).db
    base = Session(db, clock=clock)
    admin = base.as_user(users.create_user(base.as_user(SYSTEM), "admin", "管理员", ["admin"], PASSWORD))
    inspector = base.as_user(users.create_user(admin, "inspector", "质检员", ["inspector"], PASSWORD))
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


if __name__ == "__main__":
    for count in map(int, sys.argv[1:] or ["1000"]):
        t = time.perf_counter()
        print(fill(count), f"{time.perf_counter() - t:.1f} s")
