"""The figures the QA head reads every month (DOMAIN.md §11, issue 16 item 2): counts, KPIs, backlog, rates.

Two layers, so each figure can be checked by hand: a few SQL queries that return small grouped results, and pure
functions that turn them into the figures (roll months up to quarters and years, medians and 90th percentiles,
age buckets, rates). The queries never walk the wide complaint rows: counts come from ``complaint_tally`` (kept
by triggers, schema 14) for whole months and from ``idx_complaints_analytics`` for the part-months at the ends of
a period; KPIs from that index too. No Qt here; the dashboard and the reports call ``figures``.

Conventions (the same in every figure, and to be said on the dashboard):
- a complaint belongs to the month of its receipt, as recorded (local date of ``received_at``); voided complaints
  (mistakes) are never counted;
- KPIs are over the complaints received in the period: time to acknowledge (``acknowledged_at``), to the first
  reply (the earliest reply, interim or final) and to closure (``closed_at``), in calendar days (elapsed time, to
  the hour) and in working days (working days after the day of receipt up to and including the day of the event,
  from the file's working-day calendar, so an event on the day of receipt is 0);
- the 90th percentile interpolates linearly between the two nearest ranks (as ``numpy.percentile``);
- on time: a deadline met (``deadlines.met_at``, the time the event was recorded) by its due time; missed: met
  late, or still unmet after it; deadlines neither met nor due yet are not counted;
- the open backlog and overdue CAPA are as of ``now`` (the period does not apply; the product filter does);
- rates: complaints per 10,000 units released (batch register, schema 13); a product-month's denominator is the
  units of the product released in the 12 months up to that month. No register, or no quantity: None.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from sqlite_utils import Database

from qa_desk.core.lifecycle import LIVE_SQL


class Dimension(StrEnum):
    CLASS = "class"
    NATURE = "nature"
    CATEGORY = "category"
    CHANNEL = "channel"
    DEFECT_TYPE = "defect_type"
    ROOT_CAUSE = "root_cause_category"
    PRODUCT = "product"
    BATCH = "batch"  # key: (product, batch number)
    DEPARTMENT = "department"  # the CAPA's responsible department (owner_dept)


class Grain(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


# the dimensions read in one grouped pass over the analytics index, in the order of the query's columns
_PLAIN = (Dimension.CLASS, Dimension.NATURE, Dimension.CATEGORY, Dimension.CHANNEL, Dimension.DEFECT_TYPE,
          Dimension.ROOT_CAUSE, Dimension.PRODUCT)
_PLAIN_SQL = ("class", "nature", "category", "channel", "defect_type", "root_cause_category", "product_name")

AGE_BUCKETS = ((0, 7, "0–7"), (8, 15, "8–15"), (16, 30, "16–30"), (31, None, ">30"))
KPI_EVENTS = ("acknowledge", "first_reply", "close")


@dataclass(frozen=True)
class Scope:
    """Which complaints a figure covers: received from ``date_from`` to ``date_to`` (both days included; None
    is open-ended), optionally one product."""

    date_from: date | None = None
    date_to: date | None = None
    product: str | None = None

    def where(self, alias: str = "c") -> tuple[str, list]:
        """The SQL condition (status and receipt range first: the analytics index answers it) and its values."""
        sql = [f"{alias}.received_at >= ?", f"{alias}.status != 'voided'"]
        params: list = [self.date_from.isoformat() if self.date_from else ""]
        if self.date_to:
            sql.append(f"{alias}.received_at < ?")
            params.append((self.date_to + timedelta(days=1)).isoformat())
        if self.product:
            sql.append(f"{alias}.product_name = ?")
            params.append(self.product)
        return " AND ".join(sql), params


# --- periods ----------------------------------------------------------------------------------------------

def bucket(month: str, grain: Grain | str) -> str:
    """'2026-05' as its month, quarter ('2026-Q2') or year ('2026')."""
    if grain == Grain.MONTH:
        return month
    if grain == Grain.YEAR:
        return month[:4]
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def month_index(month: str) -> int:
    """'2026-05' as a number of months (consecutive months differ by one)."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def month_of_index(i: int) -> str:
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    return [month_of_index(i) for i in range(month_index(first), month_index(last) + 1)]


# --- counts -------------------------------------------------------------------------------------------------

Triple = tuple[str, object, int]  # (month, key, count)


def tally(triples: Iterable[Triple], grain: Grain | str = Grain.MONTH) -> dict[str, dict[object, int]]:
    """{period: {key: count}} from (month, key, count) rows, summed into the grain's periods (pure)."""
    out: dict[str, Counter] = defaultdict(Counter)
    for month, key, n in triples:
        out[bucket(month, grain)][key] += n
    return {p: dict(c) for p, c in sorted(out.items())}


def totals(triples: Iterable[Triple]) -> dict[object, int]:
    """{key: count} over the whole period, largest first (pure)."""
    c: Counter = Counter()
    for _, key, n in triples:
        c[key] += n
    return dict(sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0]))))


def project(rows: Iterable[Sequence], column: int) -> list[Triple]:
    """The (month, key, count) rows of one dimension from the grouped rows of ``plain_rows`` (pure)."""
    c: Counter = Counter()
    for r in rows:
        c[(r[0], r[column + 1])] += r[-1]
    return [(m, k, n) for (m, k), n in c.items()]


def plain_rows(db: Database, scope: Scope) -> list[tuple]:
    """(month, class, nature, category, channel, defect type, root-cause category, product, count): one grouped
    pass over the analytics index."""
    where, params = scope.where()
    cols = ", ".join(f"c.{c}" for c in _PLAIN_SQL)
    return db.conn.execute(f"SELECT substr(c.received_at, 1, 7), {cols}, count(*) FROM complaints c "
                           f"INDEXED BY idx_complaints_analytics WHERE {where} GROUP BY 1, {cols}", params).fetchall()


def batch_triples(db: Database, scope: Scope) -> list[Triple]:
    """(month, (product, batch), count) for complaints that name a batch."""
    where, params = scope.where()
    return [(m, (p, b), n) for m, p, b, n in db.conn.execute(
        "SELECT substr(c.received_at, 1, 7), c.product_name, c.batch_no, count(*) FROM complaints c "
        f"INDEXED BY idx_complaints_analytics WHERE {where} AND coalesce(c.batch_no, '') != '' GROUP BY 1, 2, 3",
        params)]


def department_triples(db: Database, scope: Scope) -> list[Triple]:
    """(month, department, complaints with a CAPA action of that department); cancelled actions left out."""
    where, params = scope.where()
    return [tuple(r) for r in db.conn.execute(
        "SELECT substr(c.received_at, 1, 7), a.owner_dept, count(DISTINCT c.id) FROM capa_actions a "
        f"JOIN complaints c ON c.id = a.complaint_id WHERE a.status != 'cancelled' AND {where} GROUP BY 1, 2",
        params)]


TALLY_DIM = {Dimension.CLASS: "class", Dimension.NATURE: "nature", Dimension.CATEGORY: "category",
             Dimension.CHANNEL: "channel", Dimension.DEFECT_TYPE: "defect_type",
             Dimension.ROOT_CAUSE: "root_cause_category", Dimension.BATCH: "batch"}


def split(scope: Scope) -> tuple[tuple[str, str] | None, list[Scope]]:
    """The scope as whole months (first, last; None when it holds none) and the part-months at its ends, which
    are read from the complaints themselves (pure)."""
    lo, hi = scope.date_from, scope.date_to
    first = None if lo is None else (lo.strftime("%Y-%m") if lo.day == 1 else month_of_index(month_index(
        lo.strftime("%Y-%m")) + 1))
    last = None
    if hi is not None:
        last = hi.strftime("%Y-%m") if (hi + timedelta(days=1)).day == 1 else month_of_index(
            month_index(hi.strftime("%Y-%m")) - 1)
    if first is not None and last is not None and first > last:  # within one month, or two part-months
        if lo.strftime("%Y-%m") == hi.strftime("%Y-%m"):
            return None, [scope]
        end_first = date.fromisoformat(first + "-01") - timedelta(days=1)
        return None, [Scope(lo, end_first, scope.product), Scope(end_first + timedelta(days=1), hi, scope.product)]
    parts = []
    if lo is not None and lo.day != 1:
        parts.append(Scope(lo, date.fromisoformat(first + "-01") - timedelta(days=1), scope.product))
    if hi is not None and (hi + timedelta(days=1)).day != 1:
        parts.append(Scope(date.fromisoformat(month_of_index(month_index(last) + 1) + "-01"), hi, scope.product))
    return (first or "0000-00", last or "9999-99"), parts


def _key(v: str):
    return None if v == "" else v


def tally_triples(db: Database, first: str, last: str, product: str | None) -> dict[Dimension, list[Triple]]:
    """Every dimension but the batch, from ``complaint_tally``, for the whole months first..last."""
    where, params = "month >= ? AND month <= ?", [first, last]
    if product:
        where += " AND product = ?"
        params.append(product)
    names = {v: k for k, v in TALLY_DIM.items()}
    out: dict[Dimension, list[Triple]] = {d: [] for d in _PLAIN}
    for dim, month, key, n in db.conn.execute(
            f"SELECT dim, month, key, sum(n) FROM complaint_tally WHERE dim != 'batch' AND {where} "
            "GROUP BY dim, month, key HAVING sum(n) != 0", params):
        out[names[dim]].append((month, _key(key), n))
    out[Dimension.PRODUCT] = [(m, _key(p), n) for m, p, n in db.conn.execute(
        f"SELECT month, product, sum(n) FROM complaint_tally WHERE dim = 'class' AND {where} GROUP BY month, product "
        "HAVING sum(n) != 0", params)]
    return out


def tally_problems(db: Database) -> list[tuple[str, str, str, str, int, int]]:
    """(dimension, product, key, month, in the tally, counted now) wherever ``complaint_tally`` differs from a
    recount of the complaints: empty unless the file was written behind the application's back (for verify)."""
    from qa_desk.store.m014_signals import TALLY_DIMENSIONS

    have = {(d, p, k, m): n for d, p, k, m, n in db.conn.execute(
        "SELECT dim, product, key, month, n FROM complaint_tally WHERE n != 0")}
    want = {}
    for dim, col in TALLY_DIMENSIONS:
        for p, k, m, n in db.conn.execute(
                f"SELECT coalesce(product_name, ''), coalesce({col}, ''), substr(received_at, 1, 7), count(*) "
                "FROM complaints WHERE status IS NOT 'voided' GROUP BY 1, 2, 3"):
            want[(dim, p, str(k), m)] = n
    return [(*key, have.get(key, 0), want.get(key, 0)) for key in sorted(set(have) | set(want))
            if have.get(key, 0) != want.get(key, 0)]


def counts(db: Database, scope: Scope) -> dict[Dimension, list[Triple]]:
    """Every dimension's (month, key, count) rows for the scope but the batch (``batch_counts``); roll them up
    with ``tally``/``totals``. Whole months come from the tally, part-months at the ends from the complaints."""
    whole, parts = split(scope)
    out: dict[Dimension, list[Triple]] = {d: [] for d in _PLAIN}
    if whole is not None:
        for d, triples in tally_triples(db, whole[0], whole[1], scope.product).items():
            out[d] += triples
    for part in parts:
        rows = plain_rows(db, part)
        for i, d in enumerate(_PLAIN):
            out[d] += project(rows, i)
    out[Dimension.DEPARTMENT] = department_triples(db, scope)
    return out


def batch_counts(db: Database, scope: Scope, *, limit: int | None = None) -> list[tuple[tuple[str, str], int]]:
    """((product, batch), complaints) for the scope's complaints that name a batch, most complaints first (the
    top ``limit`` when given)."""
    whole, parts = split(scope)
    c: Counter = Counter()
    if whole is not None:
        where, params = "dim = 'batch' AND key != '' AND month >= ? AND month <= ?", [whole[0], whole[1]]
        if scope.product:
            where += " AND product = ?"
            params.append(scope.product)
        # whole months only: SQLite ranks them and hands over the top (80,000 batches need not cross to Python)
        top = f" ORDER BY 3 DESC, 1, 2 LIMIT {int(limit)}" if limit and not parts else ""
        for p, b, n in db.conn.execute(f"SELECT product, key, sum(n) FROM complaint_tally WHERE {where} "
                                       f"GROUP BY product, key HAVING sum(n) != 0{top}", params):
            c[(_key(p), b)] += n
    for part in parts:
        for _, key, n in batch_triples(db, part):
            c[key] += n
    ranked = sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return ranked[:limit] if limit else ranked


# --- KPIs ---------------------------------------------------------------------------------------------------

def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100), linear between the nearest ranks; None for no values (pure)."""
    if not values:
        return None
    s = sorted(values)
    pos = (len(s) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def percentile_counted(pairs: Sequence[tuple[float, int]], q: float) -> float | None:
    """``percentile`` of the values each repeated its count times, without writing them out (pure)."""
    pairs = sorted((v, n) for v, n in pairs if n > 0)
    total = sum(n for _, n in pairs)
    if not total:
        return None
    pos = (total - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)

    def at(rank: int) -> float:
        seen = 0
        for v, n in pairs:
            seen += n
            if rank < seen:
                return v
        return pairs[-1][0]

    a, b = at(lo), at(hi)
    return a + (b - a) * (pos - lo)


@dataclass(frozen=True)
class Spread:
    n: int
    median: float | None
    p90: float | None

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        return cls(len(values), percentile(values, 50), percentile(values, 90))

    @classmethod
    def counted(cls, pairs: Sequence[tuple[float, int]]) -> Spread:
        return cls(sum(n for _, n in pairs), percentile_counted(pairs, 50), percentile_counted(pairs, 90))


@dataclass(frozen=True)
class Kpi:
    """One time-to KPI: in calendar days and in working days."""

    event: str
    calendar: Spread
    working: Spread


class WorkdayCounter:
    """Working days between two 'YYYY-MM-DD' days, from a running count over the calendar (one lookup per
    day, not a walk through the days per complaint)."""

    def __init__(self, cal) -> None:
        self.cal = cal
        self._cum: dict[str, int] = {}
        self._first: date | None = None
        self._last: date | None = None

    def _extend(self, lo: date, hi: date) -> None:
        if self._first is not None and lo >= self._first and hi <= self._last:
            return
        first = min(lo, self._first or lo) - timedelta(days=1)
        last = max(hi, self._last or hi)
        cum, n, d = {}, 0, first
        while d <= last:
            n += self.cal.is_workday(d) if d > first else 0
            cum[d.isoformat()] = n
            d += timedelta(days=1)
        self._cum, self._first, self._last = cum, first, last

    def prepare(self, days: Iterable[str]) -> None:
        ds = [date.fromisoformat(d) for d in set(days)]
        if ds:
            self._extend(min(ds), max(ds))

    def between(self, start: str, end: str) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start), as
        ``WorkCalendar.working_days_between``."""
        if end <= start:
            return 0
        if start not in self._cum or end not in self._cum:
            self._extend(date.fromisoformat(start), date.fromisoformat(end))
        return self._cum[end] - self._cum[start]


_EVENT_SQL = {"acknowledge": "c.acknowledged_at", "close": "c.closed_at", "first_reply": "r.first"}
_WORKDAY_TABLE: dict[int, tuple] = {}  # connection -> (calendar, first day, last day) its TEMP table holds


def workday_table(db: Database, workdays: WorkdayCounter, first: str, last: str) -> bool:
    """The running count of working days per day, first..last, as a TEMP table of this connection (never part
    of the file), so SQL counts the working days between two days with two lookups. False when it cannot be
    made now (inside a transaction: the temp table's own writes must not join it); the caller counts in Python."""
    conn = db.conn
    have = _WORKDAY_TABLE.get(id(conn))
    exists = conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'qa_workdays'").fetchone() is not None
    if exists and have and have[0] is workdays.cal and have[1] <= first and have[2] >= last:
        return True
    if conn.in_transaction:
        return False
    workdays.prepare([first, last])
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS qa_workdays (day TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
    conn.execute("DELETE FROM temp.qa_workdays")
    conn.executemany("INSERT INTO temp.qa_workdays (day, n) VALUES (?, ?)", sorted(workdays._cum.items()))
    conn.commit()
    _WORKDAY_TABLE[id(conn)] = (workdays.cal, min(workdays._cum), max(workdays._cum))
    return True


def _source(event: str) -> tuple[str, str]:
    t = _EVENT_SQL[event]
    if event == "first_reply":
        return t, ("complaints c JOIN (SELECT complaint_id, min(replied_at) AS first FROM replies GROUP BY "
                   "complaint_id) r ON r.complaint_id = c.id")
    return t, "complaints c INDEXED BY idx_complaints_analytics"


def calendar_rows(db: Database, scope: Scope, event: str) -> list[tuple[float, int]]:
    """(calendar days to the event, to the hour; complaints) for the scope's complaints that had it."""
    where, params = scope.where()
    t, src = _source(event)
    return [(max(0.0, h / 24.0), n) for h, n in db.conn.execute(
        f"SELECT round((julianday({t}) - julianday(c.received_at)) * 24), count(*) FROM {src} "
        f"WHERE {where} AND {t} IS NOT NULL GROUP BY 1", params)]


def working_rows(db: Database, scope: Scope, event: str, workdays: WorkdayCounter, in_sql: bool
                 ) -> list[tuple[int, int]]:
    """(working days after the day of receipt up to the day of the event; complaints). With the TEMP table
    (``in_sql``) SQL counts them; days outside it, or without it, come back as days and are counted here."""
    where, params = scope.where()
    t, src = _source(event)
    if in_sql:
        rows = db.conn.execute(
            f"SELECT w2.n - w1.n, CASE WHEN w1.n IS NULL OR w2.n IS NULL THEN substr(c.received_at, 1, 10) END, "
            f"CASE WHEN w1.n IS NULL OR w2.n IS NULL THEN substr({t}, 1, 10) END, count(*) FROM {src} "
            f"LEFT JOIN temp.qa_workdays w1 ON w1.day = substr(c.received_at, 1, 10) "
            f"LEFT JOIN temp.qa_workdays w2 ON w2.day = substr({t}, 1, 10) "
            f"WHERE {where} AND {t} IS NOT NULL GROUP BY 1, 2, 3", params).fetchall()
    else:
        rows = db.conn.execute(
            f"SELECT NULL, substr(c.received_at, 1, 10), substr({t}, 1, 10), count(*) FROM {src} "
            f"WHERE {where} AND {t} IS NOT NULL GROUP BY 2, 3", params).fetchall()
    out: Counter = Counter()
    for wd, a, b, n in rows:
        out[max(0, wd) if wd is not None else workdays.between(a, b)] += n
    return list(out.items())


def kpis(db: Database, scope: Scope, workdays: WorkdayCounter, now: datetime | None = None) -> dict[str, Kpi]:
    first = db.conn.execute("SELECT min(received_at) FROM complaints").fetchone()[0]
    last = ((now.date() if now else date.today()) + timedelta(days=31)).isoformat()
    in_sql = bool(first) and workday_table(db, workdays, first[:10], last)
    out = {}
    for event in KPI_EVENTS:
        out[event] = Kpi(event, Spread.counted(calendar_rows(db, scope, event)),
                         Spread.counted(working_rows(db, scope, event, workdays, in_sql)))
    return out


@dataclass(frozen=True)
class OnTime:
    kind: str
    on_time: int
    late: int  # met after the due time
    missed: int  # not met, and the due time has passed

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.missed

    @property
    def rate(self) -> float | None:
        return self.on_time / self.due if self.due else None


# met by the due time: the local times compared as text when both carry the same UTC offset (the office's zone:
# nearly always), as instants otherwise (julianday reads the offset); due_utc is written as UTC ("+00:00")
_MET_IN_TIME = ("d.met_at IS NOT NULL AND CASE WHEN substr(d.met_at, 20) = substr(d.due_at, 20) "
                "THEN d.met_at <= d.due_at ELSE julianday(d.met_at) <= julianday(d.due_utc) END")


def on_time(db: Database, scope: Scope, now: datetime) -> dict[str, OnTime]:
    """Per deadline kind: met on time, met late, and unmet past due (as of ``now``)."""
    where, params = scope.where()
    now_utc = now.astimezone(UTC).isoformat()
    out = {}
    for kind, ok, met, missed in db.conn.execute(
            f"SELECT d.kind, coalesce(sum({_MET_IN_TIME}), 0), coalesce(sum(d.met_at IS NOT NULL), 0), "
            "coalesce(sum(d.met_at IS NULL), 0) FROM deadlines d JOIN complaints c ON c.id = d.complaint_id "
            f"WHERE d.due_utc IS NOT NULL AND (d.met_at IS NOT NULL OR d.due_utc < ?) "
            f"AND {where} GROUP BY d.kind ORDER BY d.kind", [now_utc, *params]):
        out[kind] = OnTime(kind, ok, met - ok, missed)
    return out


@dataclass(frozen=True)
class Share:
    count: int
    of: int

    @property
    def rate(self) -> float | None:
        return self.count / self.of if self.of else None


def reopen_rate(db: Database, scope: Scope) -> Share:
    """Reopened complaints among those that got a final reply (a reopen follows a final reply or its
    satisfaction)."""
    where, params = scope.where()
    n, of = db.conn.execute(
        "SELECT coalesce(sum(c.reopen_count > 0), 0), count(*) FROM complaints c WHERE " + where +
        " AND (c.reopen_count > 0 OR EXISTS (SELECT 1 FROM replies r WHERE r.complaint_id = c.id AND r.final = 1))",
        params).fetchone()
    return Share(n, of)


def satisfaction(db: Database, scope: Scope) -> dict[str | None, int]:
    """The complainant's satisfaction as their latest final reply records it (None: not asked or not known)."""
    where, params = scope.where()
    return {s: n for s, n in db.conn.execute(
        "SELECT r.satisfaction, count(*) FROM replies r JOIN complaints c ON c.id = r.complaint_id WHERE r.final = 1 "
        "AND r.id = (SELECT max(r2.id) FROM replies r2 WHERE r2.complaint_id = r.complaint_id AND r2.final = 1) "
        f"AND {where} GROUP BY 1 ORDER BY 1", params)}


def shares(dist: dict) -> dict:
    """{key: (count, fraction)} (pure)."""
    total = sum(dist.values())
    return {k: (n, n / total if total else 0.0) for k, n in dist.items()}


def age_buckets(received_days: Iterable[tuple[str, int]], today: date) -> dict[str, int]:
    """Open complaints by age in calendar days since receipt: 0–7, 8–15, 16–30, >30 (pure)."""
    out = {label: 0 for _, _, label in AGE_BUCKETS}
    for day, n in received_days:
        age = (today - date.fromisoformat(day)).days
        for lo, hi, label in AGE_BUCKETS:
            if age >= lo and (hi is None or age <= hi):
                out[label] += n
                break
        else:  # received "after today" (a clock set back): the youngest bucket
            out[AGE_BUCKETS[0][2]] += n
    return out


def backlog(db: Database, product: str | None, today: date) -> dict[str, int]:
    sql = ("SELECT substr(received_at, 1, 10), count(*) FROM complaints INDEXED BY idx_complaints_status "
           f"WHERE status IN {LIVE_SQL}")
    params: list = []
    if product:
        sql += " AND product_name = ?"
        params.append(product)
    return age_buckets(db.conn.execute(sql + " GROUP BY 1", params).fetchall(), today)


def overdue_capa(db: Database, product: str | None, today: date) -> list[dict]:
    """Open CAPA actions past their due date (as tasks.overdue_capa_count counts them), oldest first."""
    sql = ("SELECT a.id, a.ref, a.owner_dept, a.due_date, c.id AS complaint_id, c.number, c.product_name "
           "FROM capa_actions a JOIN complaints c ON c.id = a.complaint_id WHERE a.status = 'open' AND a.due_date < ?")
    params: list = [today.isoformat()]
    if product:
        sql += " AND c.product_name = ?"
        params.append(product)
    return [dict(r) for r in db.conn.execute(sql + " ORDER BY a.due_date, a.id", params)]


# --- rates --------------------------------------------------------------------------------------------------

def has_batches(db: Database) -> bool:
    return db.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'batches'").fetchone() \
        is not None


def released(db: Database) -> list[tuple[str, str, str | None, float, str | None]]:
    """(product, batch, release month, quantity released, unit) from the batch register; [] without one."""
    if not has_batches(db):
        return []
    return [tuple(r) for r in db.conn.execute(
        "SELECT product_name, batch_no, substr(coalesce(released_on, manufactured_on), 1, 7), quantity_released, unit "
        "FROM batches WHERE quantity_released > 0")]


def batch_rates(batch_counts: dict, releases: Iterable[tuple], per: float = 10_000) -> dict[tuple, float | None]:
    """Complaints per ``per`` units released, per (product, batch) of ``batch_counts`` (None where the register
    does not know the batch's quantity) (pure)."""
    qty: dict[tuple, float] = defaultdict(float)
    for product, batch, _, q, _ in releases:
        qty[(product, batch)] += q or 0
    return {k: (n * per / qty[k] if qty.get(k) else None) for k, n in batch_counts.items()}


def exposure(releases: Iterable[tuple], months: Sequence[str], window: int = 12) -> dict[str, dict[str, float]]:
    """{product: {month: units released in the ``window`` months up to and including it}}: the units on the
    market in that month, the denominator of a product-month rate. A product whose batches are counted in more
    than one unit gets none (its units cannot be added up) (pure)."""
    by_product: dict[str, Counter] = defaultdict(Counter)
    units: dict[str, set] = defaultdict(set)
    for product, _, month, q, unit in releases:
        if month:
            by_product[product][month_index(month)] += q or 0
            units[product].add(unit or "")
    out: dict[str, dict[str, float]] = {}
    for product, per_month in by_product.items():
        if len(units[product]) > 1:
            continue
        out[product] = {}
        for m in months:
            i = month_index(m)
            out[product][m] = float(sum(per_month.get(j, 0) for j in range(i - window + 1, i + 1)))
    return out


def product_month_rates(product_triples: Iterable[Triple], expo: dict[str, dict[str, float]],
                        per: float = 10_000) -> dict[tuple[str, str], float | None]:
    """{(product, month): complaints per ``per`` units on the market}, None where the exposure is unknown (pure)."""
    out = {}
    for m, p, n in product_triples:
        units = expo.get(p, {}).get(m)
        out[(p, m)] = n * per / units if units else None
    return out


# --- everything on the dashboard ----------------------------------------------------------------------------

@dataclass
class Figures:
    scope: Scope
    now: datetime
    counts: dict[Dimension, list[Triple]]
    kpis: dict[str, Kpi]
    on_time: dict[str, OnTime]
    reopen: Share
    satisfaction: dict[str | None, int]
    backlog: dict[str, int]
    overdue_capa: list[dict]
    batches: list[tuple[tuple[str, str], int]] = field(default_factory=list)  # the top batches, most first
    batch_rates: dict[tuple, float | None] = field(default_factory=dict)
    product_month_rates: dict[tuple[str, str], float | None] = field(default_factory=dict)

    def by(self, dim: Dimension | str, grain: Grain | str = Grain.MONTH) -> dict[str, dict[object, int]]:
        """Counts by period; the batches by month come from ``batch_triples`` (100,000 batches would not fit a
        dashboard)."""
        return tally(self.counts[Dimension(dim)], grain)

    def top(self, dim: Dimension | str, n: int = 10) -> list[tuple[object, int]]:
        if Dimension(dim) == Dimension.BATCH:
            return self.batches[:n]
        return list(totals(self.counts[Dimension(dim)]).items())[:n]

    @property
    def total(self) -> int:
        return sum(n for _, _, n in self.counts[Dimension.CLASS])


def figures(db: Database, scope: Scope, now: datetime, cal=None, *, per: float = 10_000,
            top_batches: int = 50) -> Figures:
    """Every dashboard figure for the scope, as of ``now``: the counts of every dimension by month, the
    ``top_batches`` batches with the most complaints, KPIs, rates. ``cal`` is the working-day calendar
    (``WorkCalendar.load(db)`` when not given)."""
    from qa_desk.core.workcal import WorkCalendar

    cal = cal or WorkCalendar.load(db)
    c = counts(db, scope)
    today = now.date()
    fig = Figures(scope=scope, now=now, counts=c, kpis=kpis(db, scope, WorkdayCounter(cal), now),
                  on_time=on_time(db, scope, now), reopen=reopen_rate(db, scope), satisfaction=satisfaction(db, scope),
                  backlog=backlog(db, scope.product, today), overdue_capa=overdue_capa(db, scope.product, today),
                  batches=batch_counts(db, scope, limit=top_batches))
    # without a batch register (or without its quantities) every rate is None: a count, not a rate
    releases = released(db)
    fig.batch_rates = batch_rates(dict(fig.batches), releases, per)
    months = sorted({m for m, _, _ in c[Dimension.PRODUCT]})
    fig.product_month_rates = product_month_rates(c[Dimension.PRODUCT], exposure(releases, months), per)
    return fig
