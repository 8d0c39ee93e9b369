"""What the Trends page shows, gathered in one read on a worker thread (``background.read``): the analytics
figures of the scope, the control chart of one product, the signals and the product list. No Qt and no SQL here:
every figure comes from the core (``analytics``, ``signal_rules``, ``signals``, ``listing``), so the page, the
tests and the benchmark read the same numbers.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlite_utils import Database

from qa_desk.core import analytics as A
from qa_desk.core import listing, signals
from qa_desk.core.signal_rules import ChartPoint, Kind, Status, chart, load_policy

CHART_MONTHS = 24  # the control chart without a date range: the last two years
OPEN_LISTED, DECIDED_LISTED = 1000, 200  # the signal list: open ones first


@dataclass
class ControlChart:
    """One product's months with their counts, and the chart's points (limit and centre) where a baseline
    exists; the months of its control-limit and run signals."""

    product: str
    months: list[str]
    counts: dict[str, int]
    points: list[ChartPoint]
    breach_months: set[str] = field(default_factory=set)
    run_months: set[str] = field(default_factory=set)

    @property
    def rate_chart(self) -> bool:
        return any(p.units is not None for p in self.points)


@dataclass
class Dashboard:
    figures: A.Figures
    signals: list[dict]
    products: list[str]
    chart: ControlChart | None
    seconds: float = 0.0

    @property
    def open_signals(self) -> int:
        return sum(1 for s in self.signals if s["status"] == Status.OPEN)


def chart_months(scope: A.Scope, now: datetime) -> list[str]:
    """The months the control chart shows: the scope's, else the last ``CHART_MONTHS`` up to now."""
    last = (scope.date_to or now.date()).strftime("%Y-%m")
    if scope.date_from is not None:
        first = scope.date_from.strftime("%Y-%m")
    else:
        first = A.month_of_index(A.month_index(last) - CHART_MONTHS + 1)
    return A.months_between(first, last) if first <= last else [last]


def control_chart(db: Database, product: str, months: list[str], stored: list[dict]) -> ControlChart:
    """The product's c-chart (u-chart where the batch register knows its units on the market) over ``months``,
    computed as ``signals.scan`` computes it; ``stored`` are the signals, whose months of this product are marked."""
    pol = load_policy()
    counts = {m: n for (m, _k, n) in A.counts(db, A.Scope(product=product))[A.Dimension.PRODUCT]}
    first = min(counts) if counts else months[0]
    releases = A.released(db)
    units = None
    if releases:
        span = A.months_between(min(first, months[0]), months[-1])
        units = A.exposure(releases, span, pol.exposure_months).get(product)
    points = chart(counts, first, months, pol, units) if counts else []
    out = ControlChart(product, months, {m: counts.get(m, 0) for m in months}, points)
    for s in stored:
        if s["product_name"] != product:
            continue
        months_of = json.loads(s["details"] or "{}").get("months") or []
        if s["kind"] == Kind.CONTROL_LIMIT:
            out.breach_months.update(months_of)
        elif s["kind"] == Kind.RUN:
            out.run_months.update(months_of)
    return out


def ordered(stored: list[dict]) -> list[dict]:
    """Open signals first (soonest due first), then the decided ones, newest first."""
    open_ = sorted((s for s in stored if s["status"] == Status.OPEN), key=lambda s: (s["due_at"] or "", s["id"]))
    done = sorted((s for s in stored if s["status"] != Status.OPEN), key=lambda s: (s["raised_at"] or "", s["id"]),
                  reverse=True)
    return open_ + done


def load(db: Database, scope: A.Scope, now: datetime, chart_product: str | None = None) -> Dashboard:
    """Everything the page shows, for the scope as of ``now`` (run on a worker with its own connection)."""
    from qa_desk.core.workcal import WorkCalendar

    t0 = time.perf_counter()
    fig = A.figures(db, scope, now, WorkCalendar.load(db))
    stored = []
    if "signals" in db.table_names():  # every open one (up to a thousand), then the latest decided
        stored = ordered(signals.listing(db, status=Status.OPEN, limit=OPEN_LISTED) +
                         signals.listing(db, status=Status.DECIDED, limit=DECIDED_LISTED))
    products = listing.products(db)
    product = chart_product or scope.product or next((str(k) for k, _ in fig.top(A.Dimension.PRODUCT, 1) if k), None)
    cc = control_chart(db, product, chart_months(scope, now), stored) if product else None
    return Dashboard(fig, stored, products, cc, time.perf_counter() - t0)


def default_range(today: date) -> tuple[date, date]:
    """The page opens on the last twelve whole months and the current one."""
    first = A.month_of_index(A.month_index(today.strftime("%Y-%m")) - 12)
    return date.fromisoformat(first + "-01"), today
