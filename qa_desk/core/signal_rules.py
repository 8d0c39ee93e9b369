"""The rules of early warning as pure functions (issue 16 item 3): the policy (resources/policy/signals.toml),
exact Poisson limits, control charts (c and u), runs, clusters of complaints in a window, and each signal's
explanation in zh and en. No SQL here: ``qa_desk.core.signals`` reads the register and stores what these find.

The exact limit: for an expected count λ the upper control limit is the smallest k with P(X <= k) >= 1 - alpha
(X ~ Poisson(λ), alpha = 0.00135, the one-sided rate of 3 sigma), computed with ``math`` (no scipy). A count above
it is a signal. For λ >= ``exact_below`` the limit is λ + 3√λ. A u-chart is the same test on the count expected
from the baseline's rate and the month's units on the market.
"""

from __future__ import annotations

import math
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from qa_desk.core import analytics as A
from qa_desk.paths import policy_dir


class Kind(StrEnum):
    BATCH_CLUSTER = "batch_cluster"
    CONTROL_LIMIT = "control_limit"
    RUN = "run"
    RECURRING = "recurring"
    CLASS_I = "class_i"
    RECALL = "recall"


class Decision(StrEnum):
    NO_ACTION = "no_action"
    LINKED_CAPA = "linked_capa"
    NEW_CAPA = "new_capa"


class Status(StrEnum):
    OPEN = "open"
    DECIDED = "decided"


# --- policy -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SignalPolicy:
    lookback_months: int = 12
    decide_within_days: int = 7
    cluster_min: int = 2
    cluster_days: int = 90
    baseline_months: int = 12
    min_baseline_months: int = 6
    sigma: float = 3.0
    alpha: float = 0.00135
    exact_below: float = 30.0
    min_centre: float = 1 / 12
    per_units: float = 10_000
    exposure_months: int = 12
    run_length: int = 8
    recurring_min: int = 3
    recurring_days: int = 365
    class_i: bool = True
    recall: bool = True
    meaning: str = "reviewed"
    labels: dict = field(default_factory=dict)  # (table, code) -> (zh, en)

    def label(self, table: str, code: str, lang: str) -> str:
        zh, en = self.labels.get((table, code), (code, code))
        return zh if lang.startswith("zh") else en


@lru_cache(maxsize=4)
def load_policy(folder: str | None = None) -> SignalPolicy:
    with (Path(folder) if folder else policy_dir()).joinpath("signals.toml").open("rb") as f:
        raw = tomllib.load(f)
    cc, scan = raw["control_chart"], raw["scan"]
    labels = {(t, i["code"]): (i["zh"], i["en"]) for t in ("kind", "decision_kind") for i in raw.get(t, [])}
    return SignalPolicy(
        lookback_months=scan["lookback_months"], decide_within_days=scan["decide_within_days"],
        cluster_min=raw["batch_cluster"]["min_complaints"], cluster_days=raw["batch_cluster"]["window_days"],
        baseline_months=cc["baseline_months"], min_baseline_months=cc["min_baseline_months"], sigma=cc["sigma"],
        alpha=cc["alpha"], exact_below=cc["exact_below"], min_centre=cc["min_centre_per_month"],
        per_units=cc["rate_per_units"], exposure_months=cc["exposure_months"], run_length=raw["run"]["length"],
        recurring_min=raw["recurring"]["min_complaints"], recurring_days=raw["recurring"]["window_days"],
        class_i=raw["every"]["class_i"], recall=raw["every"]["recall"], meaning=raw["decision"]["signature_meaning"],
        labels=labels)


# --- Poisson limits (pure) ----------------------------------------------------------------------------------

def poisson_cdf(k: int, lam: float) -> float:
    """P(X <= k) for X ~ Poisson(lam), summed in log space (no underflow for large lam)."""
    if k < 0:
        return 0.0
    if lam <= 0:
        return 1.0
    total, log_lam = 0.0, math.log(lam)
    for i in range(k + 1):
        total += math.exp(i * log_lam - lam - math.lgamma(i + 1))
    return min(1.0, total)


def poisson_quantile(p: float, lam: float) -> int:
    """The smallest k with P(X <= k) >= p: the exact upper control limit for a one-sided false-alarm rate
    1 - p (a count above it is a signal)."""
    if lam <= 0:
        return 0
    k = max(0, int(lam))  # the cdf at the mode's floor is about one half: start there when it is below p
    while poisson_cdf(k, lam) >= p and k > 0:
        k -= 1
    while poisson_cdf(k, lam) < p:
        k += 1
    return k


def upper_limit(expected: float, pol: SignalPolicy) -> tuple[float, str]:
    """The upper control limit for a count whose expected value is ``expected``, and how it was made."""
    if expected < pol.exact_below:
        return float(poisson_quantile(1 - pol.alpha, expected)), "exact_poisson"
    return expected + pol.sigma * math.sqrt(expected), "normal"


# --- detection (pure) ---------------------------------------------------------------------------------------

@dataclass
class Found:
    """A signal as detection finds it (before it is stored)."""

    kind: Kind
    key: str
    product: str | None = None
    batch_no: str | None = None
    defect_type: str | None = None
    month: str | None = None
    complaint_ids: list[int] | None = None  # None: the complaints are those of ``details['months']``
    observed: float | None = None
    limit: float | None = None
    centre: float | None = None
    chart: str | None = None
    details: dict = field(default_factory=dict)


def window_triggers(days: Sequence[int], k: int, window: int, since: int) -> list[tuple[int, int]]:
    """(i, lo) for every event i on or after day ``since`` with at least k events (itself included) within
    ``window`` days up to its own day, events lo..i. ``days``: day ordinals, sorted (pure)."""
    out = []
    lo = 0
    for i, d in enumerate(days):
        while days[lo] < d - window:
            lo += 1
        if i - lo + 1 >= k and d >= since:
            out.append((i, lo))
    return out


@dataclass
class Trigger:
    """One complaint that completes a cluster (batch or recurring defect) and the window it completes; the
    window's complaints are listed only for the triggers that are stored."""

    kind: Kind
    product: str
    group: str
    ids: list[int]  # the group's complaints in receipt order
    i: int
    lo: int

    @property
    def complaint(self) -> int:
        return self.ids[self.i]

    @property
    def members(self) -> list[int]:
        return self.ids[self.lo:self.i + 1]


def clusters(rows: Sequence[tuple], col: int, kind: Kind, k: int, window: int, since: str) -> list[Trigger]:
    """Every trigger of the rows (day, id, product, ...), grouped by product and ``row[col]`` (pure)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for r in rows:  # rows come in receipt order, so each group's list is too
        if r[col] and r[2]:
            groups[(r[2], r[col])].append(r[1])
    day_of = {r[1]: r[0] for r in rows} if groups else {}
    since_n = date.fromisoformat(since).toordinal()
    ordinal: dict[str, int] = {}
    out = []
    for (product, group), ids in groups.items():
        if len(ids) < k:
            continue
        days = []
        for cid in ids:
            d = day_of[cid]
            n = ordinal.get(d)
            if n is None:
                n = ordinal[d] = date.fromisoformat(d).toordinal()
            days.append(n)
        out += [Trigger(kind, product, group, ids, i, lo) for i, lo in window_triggers(days, k, window, since_n)]
    return out


@dataclass(frozen=True)
class ChartPoint:
    month: str
    count: int
    units: float | None  # exposure in units released (u-chart), None for a c-chart
    centre: float  # expected count in this month from the baseline
    centre_rate: float | None  # u-chart: complaints per ``per_units`` units
    limit: float  # upper control limit, as a count
    method: str
    baseline: tuple[str, str]  # first and last month of the baseline


def chart(counts: dict[str, int], first_month: str, months: Sequence[str], pol: SignalPolicy,
          units: dict[str, float] | None = None) -> list[ChartPoint]:
    """The control chart of one product over ``months``: each month's count against the limit from the trailing
    ``baseline_months`` (from its first month on; fewer than ``min_baseline_months``: no point). A u-chart when
    ``units`` (exposure per month) is known for the month and its whole baseline, else a c-chart (pure)."""
    out = []
    first = A.month_index(first_month)
    for m in months:
        i = A.month_index(m)
        base = [A.month_of_index(j) for j in range(max(first, i - pol.baseline_months), i)]
        if len(base) < pol.min_baseline_months:
            continue
        n = counts.get(m, 0)
        total = sum(counts.get(b, 0) for b in base)
        if units is not None and units.get(m) and all(units.get(b) for b in base):
            rate = max(total / sum(units[b] for b in base), pol.min_centre / units[m])  # per unit
            expected = rate * units[m]
            limit, method = upper_limit(expected, pol)
            out.append(ChartPoint(m, n, units[m], expected, rate * pol.per_units, limit, "u/" + method,
                                  (base[0], base[-1])))
        else:
            expected = max(total / len(base), pol.min_centre)
            limit, method = upper_limit(expected, pol)
            out.append(ChartPoint(m, n, None, expected, None, limit, "c/" + method, (base[0], base[-1])))
    return out


def runs(counts: dict[str, int], first_month: str, months: Sequence[str], pol: SignalPolicy,
         units: dict[str, float] | None = None) -> list[tuple[str, list[ChartPoint]]]:
    """(last month, the run's points) where ``run_length`` consecutive months are above the centre line of the
    baseline before the run's first month; raised at the first month the run reaches that length (a run that
    goes on is the same run; the month before ``months`` is looked at for that too) (pure)."""
    out = []
    before = A.month_of_index(A.month_index(months[0]) - 1) if months else None
    qualified_prev = False
    for m in ([before] if before else []) + list(months):
        pts = _run_ending(counts, first_month, m, pol, units)
        if pts is not None and not qualified_prev and m != before:
            out.append((m, pts))
        qualified_prev = pts is not None
    return out


def _run_ending(counts: dict[str, int], first_month: str, m: str, pol: SignalPolicy,
                units: dict[str, float] | None) -> list[ChartPoint] | None:
    """The ``run_length`` points ending at ``m`` when all are above the centre line, else None."""
    i = A.month_index(m)
    start = A.month_of_index(i - pol.run_length + 1)
    head = chart(counts, first_month, [start], pol, units)
    if not head:
        return None
    p0 = head[0]
    pts = []
    for j in range(i - pol.run_length + 1, i + 1):
        rm = A.month_of_index(j)
        if p0.units is not None:  # u-chart: the centre line is a rate; this month's expected count from its units
            u = (units or {}).get(rm)
            if not u:
                return None
            centre = p0.centre_rate / pol.per_units * u
        else:
            u, centre = None, p0.centre
        n = counts.get(rm, 0)
        if n <= centre:
            return None
        pts.append(ChartPoint(rm, n, u, centre, p0.centre_rate, p0.limit, p0.method, p0.baseline))
    return pts


def detect_charts(product_months: Iterable[tuple[str, str, int]], first_months: dict[str, str],
                  months: Sequence[str], pol: SignalPolicy,
                  expo: dict[str, dict[str, float]] | None = None) -> list[Found]:
    """Control-limit breaches and runs of every product over ``months`` (pure)."""
    by_product: dict[str, dict[str, int]] = defaultdict(dict)
    for product, month, n in product_months:
        by_product[product][month] = n
    found = []
    for product, cnt in sorted(by_product.items()):
        first = first_months.get(product) or min(cnt)
        units = (expo or {}).get(product)
        for p in chart(cnt, first, months, pol, units):
            if p.count > p.limit:
                found.append(Found(
                    Kind.CONTROL_LIMIT, f"control_limit|{product}|{p.month}", product=product, month=p.month,
                    observed=p.count, limit=p.limit, centre=p.centre, chart=p.method,
                    details={"months": [p.month], "baseline": list(p.baseline), "units": p.units,
                             "centre_rate": p.centre_rate, "alpha": pol.alpha,
                             "per_units": pol.per_units}))
        for last, pts in runs(cnt, first, months, pol, units):
            found.append(Found(
                Kind.RUN, f"run|{product}|{last}", product=product, month=last, observed=float(len(pts)),
                limit=float(pol.run_length), centre=pts[0].centre, chart=pts[0].method,
                details={"months": [p.month for p in pts], "counts": [p.count for p in pts],
                         "centres": [round(p.centre, 3) for p in pts], "baseline": list(pts[0].baseline),
                         "centre_rate": pts[0].centre_rate, "per_units": pol.per_units}))
    return found


# --- explanations -------------------------------------------------------------------------------------------

def _numbers(nums: list[str], lang: str, limit: int = 20) -> str:
    sep = "、" if lang == "zh" else ", "
    if len(nums) <= limit:
        return sep.join(nums)
    more = len(nums) - limit
    return sep.join(nums[:limit]) + (f" 等，另 {more} 起" if lang == "zh" else f" and {more} more")


def _fmt(x: float | None) -> str:
    if x is None:
        return "—"
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"


def _listed(d: dict) -> tuple[str, str]:
    """The complaints a chart signal counts, as its explanation names them (the first ones, and how many)."""
    nums, total = d.get("numbers") or [], d.get("complaints")
    if not nums:
        return "", ""
    more = (total or len(nums)) - len(nums)
    zh = "投诉：" + "、".join(nums) + (f" 等，共 {total} 起。" if more > 0 else "。")
    en = " Complaints: " + ", ".join(nums) + (f" and {more} more ({total} in all)." if more > 0 else ".")
    return zh, en


def explain(f: Found, numbers: dict[int, str], days: dict[int, str], pol: SignalPolicy,
            defect_label: tuple[str, str] | None = None) -> tuple[str, str]:
    """The signal in words, zh and en: which complaints, which limit, which months (pure)."""
    ids = f.complaint_ids or []
    nums = [numbers.get(i, f"#{i}") for i in ids]
    zh_n, en_n = _numbers(nums, "zh"), _numbers(nums, "en")
    span = sorted(days[i] for i in ids if i in days)
    d1, d2 = (span[0], span[-1]) if span else ("—", "—")
    if f.kind == Kind.BATCH_CLUSTER:
        return (f"批号 {f.batch_no}（{f.product}）共 {len(ids)} 起投诉（{d1} 至 {d2}），达到警戒限"
                f"（{pol.cluster_days} 天内 {pol.cluster_min} 起）：{zh_n}。",
                f"Batch {f.batch_no} of {f.product}: {len(ids)} complaints ({d1} to {d2}), reaching the alert limit "
                f"({pol.cluster_min} within {pol.cluster_days} days): {en_n}.")
    if f.kind == Kind.RECURRING:
        zl, el = defect_label or (f.defect_type, f.defect_type)
        return (f"{f.product} 的缺陷类型「{zl}」共出现 {len(ids)} 次（{d1} 至 {d2}），达到重复限"
                f"（{pol.recurring_days} 天内 {pol.recurring_min} 次）：{zh_n}。",
                f"{f.product}: defect type '{el}' {len(ids)} times ({d1} to {d2}), reaching the recurrence limit "
                f"({pol.recurring_min} within {pol.recurring_days} days): {en_n}.")
    if f.kind in (Kind.CLASS_I, Kind.RECALL):
        n = nums[0] if nums else "—"
        batch = f.batch_no or "—"
        if f.kind == Kind.CLASS_I:
            return (f"I 类投诉 {n}（{f.product or '—'}，批号 {batch}，{d1} 接收）：每起 I 类投诉均须质量部长评审并决定。",
                    f"Class I complaint {n} ({f.product or '—'}, batch {batch}, received {d1}): every Class I "
                    "complaint is reviewed and decided by the QA head.")
        level = f.details.get("recall_level") or "—"
        return (f"投诉 {n}（{f.product or '—'}，批号 {batch}）决定召回（{level} 级）：每起召回均须质量部长评审并决定。",
                f"Complaint {n} ({f.product or '—'}, batch {batch}) has a recall decided (level {level}): every "
                "recall is reviewed and decided by the QA head.")
    d = f.details
    zh_list, en_list = _listed(d)
    b1, b2 = d.get("baseline") or ("—", "—")
    rate = f.chart and f.chart.startswith("u/")
    if f.kind == Kind.CONTROL_LIMIT:
        how_zh = "精确泊松限" if f.chart and f.chart.endswith("exact_poisson") else f"中心线 + {pol.sigma:g}√中心线"
        how_en = "exact Poisson limit" if f.chart and f.chart.endswith("exact_poisson") else \
            f"centre + {pol.sigma:g}·√centre"
        if rate:
            per = _fmt(d.get("per_units"))
            r = f.observed / d["units"] * d["per_units"]
            lim = f.limit / d["units"] * d["per_units"]
            return (f"{f.product} {f.month} 的投诉率 {r:.2f}/{per} 单位（{_fmt(f.observed)} 起，上市量 {_fmt(d['units'])}）"
                    f"超过控制上限 {lim:.2f}（u 图；中心线 {_fmt(d.get('centre_rate'))}/{per} 为 {b1} 至 {b2} 的投诉率；"
                    f"{how_zh}，单侧虚警概率 {d.get('alpha')}）。{zh_list}",
                    f"{f.product} {f.month}: {r:.2f} complaints per {per} units ({_fmt(f.observed)} complaints, "
                    f"{_fmt(d['units'])} units on the market) is above the upper control limit {lim:.2f} (u-chart; centre "
                    f"{_fmt(d.get('centre_rate'))} per {per} from {b1} to {b2}; {how_en}, one-sided false-alarm "
                    f"probability {d.get('alpha')}).{en_list}")
        return (f"{f.product} {f.month} 的投诉数 {_fmt(f.observed)} 超过控制上限 {_fmt(f.limit)}（c 图；中心线 "
                f"{f.centre:.2f} 为 {b1} 至 {b2} 的月均投诉数；{how_zh}，单侧虚警概率 {d.get('alpha')}）。{zh_list}",
                f"{f.product} {f.month}: {_fmt(f.observed)} complaints, above the upper control limit {_fmt(f.limit)} "
                f"(c-chart; centre {f.centre:.2f} a month from {b1} to {b2}; {how_en}, one-sided false-alarm "
                f"probability {d.get('alpha')}).{en_list}")
    months, cnts = d.get("months", []), d.get("counts", [])
    each_zh = "、".join(f"{m} {c} 起" for m, c in zip(months, cnts, strict=False))
    each_en = ", ".join(f"{m}: {c}" for m, c in zip(months, cnts, strict=False))
    cl = _fmt(d.get("centre_rate")) + f"/{_fmt(d.get('per_units'))} 单位" if rate else f"{f.centre:.2f}"
    cl_en = _fmt(d.get("centre_rate")) + f" per {_fmt(d.get('per_units'))} units" if rate else f"{f.centre:.2f}"
    return (f"{f.product} 自 {months[0]} 至 {months[-1]} 连续 {len(months)} 个月高于中心线 {cl}（{b1} 至 {b2} 的月均）："
            f"{each_zh}。持续上升规则：连续 {pol.run_length} 个月。{zh_list}",
            f"{f.product}: {len(months)} consecutive months above the centre line {cl_en} (the mean of {b1} to "
            f"{b2}), {months[0]} to {months[-1]}: {each_en}. Sustained-rise rule: {pol.run_length} months in a row."
            f"{en_list}")
