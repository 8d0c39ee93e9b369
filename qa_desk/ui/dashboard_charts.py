"""The Trends page's charts, in Qt's own charts (PySide6.QtCharts, from the PySide6-Addons wheel). This module is
imported only when the page is first shown (``dashboard_view``), so a start that never opens the page never loads
QtCharts (measured: 3–7 ms import after QtWidgets, libQt6Charts 2.2 MB).

Each builder takes the figures and a ``drill(title, what)`` callback; a click on a bar, slice or point calls it with
what was clicked (``Drill``), and the page opens exactly the complaints the core counts for it
(``core.drilldown``). The builders keep the clicked items in ``ChartBox.targets`` so a test can click them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QPieSeries,
    QScatterSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy

from qa_desk.core import analytics as A
from qa_desk.core.policy import Policy
from qa_desk.ui.dashboard_data import ControlChart
from qa_desk.ui.i18n import language, tr


@dataclass(frozen=True)
class Drill:
    """What a click asks for: the complaints of ``month`` (or the whole scope) whose ``dim`` is ``key``;
    ``product`` narrows it to one product (the control chart)."""

    title: str
    month: str | None = None
    dim: A.Dimension | None = None
    key: object = None
    product: str | None = None


DrillFn = Callable[[Drill], None]
OTHER_COLOUR = "#9e9e9e"
PALETTE = ("#1565c0", "#ef6c00", "#2e7d32", "#c62828", "#6a1b9a", "#00838f", "#f9a825", "#4e342e", "#ad1457",
           "#558b2f", "#37474f", "#9e9d24")


class ChartBox(QChartView):
    """A chart view that keeps what its clicks open (``targets``: (series or set, index) → Drill)."""

    def __init__(self, title: str, name: str) -> None:
        chart = QChart()
        chart.setTitle(title)
        chart.setMargins(QMargins(2, 2, 2, 2))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        super().__init__(chart)
        self.setObjectName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(280, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.targets: dict[tuple[int, int], Drill] = {}
        self.sets: dict[str, object] = {}  # name → QBarSet / series, for tests

    def empty(self, text: str) -> None:
        self.chart().setTitle(self.chart().title() + " — " + text)


def label_of(policy: Policy, vocab: str, code, empty: str) -> str:
    return policy.label(vocab, code, language()) if code not in (None, "") else empty


def _category_axis(chart: QChart, labels: list[str], series, *, rotate: bool = False) -> QBarCategoryAxis:
    axis = QBarCategoryAxis()
    axis.append(labels)
    if rotate:
        axis.setLabelsAngle(-90)
    small = QFont(axis.labelsFont())
    small.setPointSizeF(max(6.5, small.pointSizeF() - 1.5))
    axis.setLabelsFont(small)
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis)
    return axis


def _value_axis(chart: QChart, top: float, series, align=Qt.AlignmentFlag.AlignLeft, *, integer: bool = True):
    axis = QValueAxis()
    axis.setRange(0, max(1.0, top * 1.1))
    if integer:
        axis.setLabelFormat("%d")
        axis.applyNiceNumbers()
    chart.addAxis(axis, align)
    series.attachAxis(axis)
    return axis


def monthly_by_class(fig: A.Figures, policy: Policy, drill: DrillFn) -> ChartBox:
    box = ChartBox(tr("Complaints per month, by class"), "chart_monthly")
    by = fig.by(A.Dimension.CLASS)
    months = list(by) or ["—"]
    codes = [c for c in policy.classes if any(c in v for v in by.values())]
    if any(None in v for v in by.values()):
        codes.append(None)
    series = QStackedBarSeries()
    for code in codes:
        name = label_of(policy, "class", code, tr("Not classified"))
        s = QBarSet(name)
        s.append([float(by.get(m, {}).get(code, 0)) for m in months])
        s.setColor(QColor(policy.classes[code].colour if code in policy.classes else OTHER_COLOUR))
        series.append(s)
        box.sets[str(code)] = s
        for i, m in enumerate(months):
            box.targets[(id(s), i)] = Drill(f"{m} · {name}", month=m, dim=A.Dimension.CLASS, key=code)
        s.clicked.connect(lambda i, s=s: _clicked(box, s, i, drill))
    box.chart().addSeries(series)
    _category_axis(box.chart(), [m[2:] for m in months], series, rotate=len(months) > 12)
    _value_axis(box.chart(), max([sum(v.values()) for v in by.values()] or [0]), series)
    if not by:
        box.empty(tr("no complaints in the period"))
    return box


def _clicked(box: ChartBox, item, i: int, drill: DrillFn) -> None:
    target = box.targets.get((id(item), i))
    if target is not None:
        drill(target)


def pareto(fig: A.Figures, policy: Policy, drill: DrillFn) -> ChartBox:
    """Root-cause categories, most first, with the cumulative share on the right axis."""
    box = ChartBox(tr("Root-cause categories (Pareto)"), "chart_pareto")
    ranked = list(A.totals(fig.counts[A.Dimension.ROOT_CAUSE]).items())
    known = [(k, n) for k, n in ranked if k is not None] + [(k, n) for k, n in ranked if k is None]
    labels = [label_of(policy, "fishbone", k, tr("Not determined")) for k, _ in known]
    bars = QBarSet(tr("Complaints"))
    bars.append([float(n) for _, n in known])
    bars.setColor(QColor("#1565c0"))
    series = QBarSeries()
    series.append(bars)
    box.sets["bars"] = bars
    for i, (k, _n) in enumerate(known):
        box.targets[(id(bars), i)] = Drill(labels[i], dim=A.Dimension.ROOT_CAUSE, key=k)
    bars.clicked.connect(lambda i: _clicked(box, bars, i, drill))
    line = QLineSeries()
    line.setName(tr("Cumulative %"))
    line.setPointsVisible(True)
    total = sum(n for _, n in known) or 1
    running = 0
    for i, (_k, n) in enumerate(known):
        running += n
        line.append(i, running * 100.0 / total)
    line.setPen(QPen(QColor("#e65100"), 2))
    chart = box.chart()
    chart.addSeries(series)
    chart.addSeries(line)
    axis = _category_axis(chart, labels or ["—"], series)
    line.attachAxis(axis)
    _value_axis(chart, max([n for _, n in known] or [0]), series)
    right = QValueAxis()
    right.setRange(0, 100)
    right.setLabelFormat("%d%%")
    chart.addAxis(right, Qt.AlignmentFlag.AlignRight)
    line.attachAxis(right)
    if not known:
        box.empty(tr("no complaints in the period"))
    return box


def top_products(fig: A.Figures, drill: DrillFn, n: int = 10) -> ChartBox:
    box = ChartBox(tr("Top products"), "chart_products")
    top = [(k, c) for k, c in fig.top(A.Dimension.PRODUCT, n)][::-1]  # the largest at the top
    bars = QBarSet(tr("Complaints"))
    bars.append([float(c) for _, c in top])
    bars.setColor(QColor("#2e7d32"))
    series = QHorizontalBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    box.sets["bars"] = bars
    for i, (k, _c) in enumerate(top):
        box.targets[(id(bars), i)] = Drill(str(k or "—"), dim=A.Dimension.PRODUCT, key=k)
    bars.clicked.connect(lambda i: _clicked(box, bars, i, drill))
    chart = box.chart()
    chart.addSeries(series)
    chart.legend().hide()
    axis = QBarCategoryAxis()
    axis.append([_short(str(k or "—")) for k, _ in top] or ["—"])
    chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis)
    _value_axis(chart, max([c for _, c in top] or [0]), series, Qt.AlignmentFlag.AlignBottom)
    return box


def _short(text: str, n: int = 14) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def channels(fig: A.Figures, policy: Policy, drill: DrillFn) -> ChartBox:
    box = ChartBox(tr("Channel mix"), "chart_channels")
    ranked = list(A.totals(fig.counts[A.Dimension.CHANNEL]).items())
    total = sum(n for _, n in ranked) or 1
    series = QPieSeries()
    for i, (k, n) in enumerate(ranked):
        name = label_of(policy, "channel", k, tr("Not recorded"))
        piece = series.append(f"{name} {n} ({n * 100 / total:.0f}%)", n)
        piece.setColor(QColor(PALETTE[i % len(PALETTE)]))  # the legend names each slice (labels would collide)
        box.targets[(id(series), i)] = Drill(name, dim=A.Dimension.CHANNEL, key=k)
    series.setPieSize(0.62)
    series.clicked.connect(lambda piece: _clicked(box, series, series.slices().index(piece), drill))
    box.sets["pie"] = series
    box.chart().addSeries(series)
    box.chart().legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    if not ranked:
        box.empty(tr("no complaints in the period"))
    return box


def control(cc: ControlChart | None, drill: DrillFn) -> ChartBox:
    """One product's monthly counts against the upper control limit and the centre line; its signal months red."""
    box = ChartBox(tr("Control chart"), "chart_control")
    if cc is None:
        box.empty(tr("no product"))
        return box
    kind = tr("u-chart: limits from the complaint rate per units on the market") if cc.rate_chart else \
        tr("c-chart: limits from the monthly counts of the trailing 12 months")
    box.chart().setTitle(tr("Control chart: {product}").format(product=cc.product) + f"  ({kind})")
    months = cc.months
    counts = QLineSeries()
    counts.setName(tr("Complaints"))
    counts.setPointsVisible(True)
    counts.setPen(QPen(QColor("#1565c0"), 2))
    for i, m in enumerate(months):
        counts.append(i, cc.counts.get(m, 0))
        box.targets[(id(counts), i)] = Drill(f"{cc.product} · {m}", month=m, product=cc.product)
    limit, centre = QLineSeries(), QLineSeries()
    limit.setName(tr("Upper control limit"))
    centre.setName(tr("Centre line"))
    limit.setPen(QPen(QColor("#c62828"), 1.5, Qt.PenStyle.DashLine))
    centre.setPen(QPen(QColor("#757575"), 1, Qt.PenStyle.DotLine))
    index = {m: i for i, m in enumerate(months)}
    for p in cc.points:
        limit.append(index[p.month], p.limit)
        centre.append(index[p.month], p.centre)
    marked = QScatterSeries()
    marked.setName(tr("Signal"))
    marked.setColor(QColor("#c62828"))
    marked.setMarkerSize(11)
    for j, m in enumerate(m for m in months if m in cc.breach_months or m in cc.run_months):
        marked.append(index[m], cc.counts.get(m, 0))
        box.targets[(id(marked), j)] = Drill(f"{cc.product} · {m}", month=m, product=cc.product)
    chart = box.chart()
    for s in (counts, limit, centre, marked):
        chart.addSeries(s)
    axis = _category_axis(chart, [m[2:] for m in months], counts, rotate=len(months) > 12)
    top = max([*cc.counts.values(), *(p.limit for p in cc.points), 1])
    y = _value_axis(chart, top, counts)
    for s in (limit, centre, marked):
        s.attachAxis(axis)
        s.attachAxis(y)
    for s in (counts, marked):
        s.clicked.connect(lambda point, s=s: _point(box, s, point, drill))
    box.sets.update(counts=counts, limit=limit, centre=centre, signals=marked)
    return box


def _point(box: ChartBox, series, point, drill: DrillFn) -> None:
    """A click near a point: the nearest point of the series."""
    pts = series.points()
    if not pts:
        return
    j = min(range(len(pts)), key=lambda k: abs(pts[k].x() - point.x()))
    _clicked(box, series, j, drill)
