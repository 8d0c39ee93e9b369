"""The charts of the periodic reports, drawn with reportlab.graphics (vector, in the PDF itself, in the bundled
font): complaints by month stacked by class, a Pareto of root-cause categories (bars and the cumulative share),
and side-by-side bars of this year against the year before.

Each function takes plain figures (lists and dicts from ``qa_desk.core.review_data``) and returns a ``Drawing``,
which is a flowable of the story. Labels use the primary font (policy labels are GB 2312 text it draws); numbers
are printed on or above the bars, so the chart reads without a value axis grid.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics import shapes
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Line, PolyLine, String
from reportlab.lib import colors

from qa_desk.documents import pdf

GREY = colors.HexColor("#546e7a")
BLUE = colors.HexColor("#1565c0")
LIGHT = colors.HexColor("#90caf9")
ORANGE = colors.HexColor("#ef6c00")


class Drawing(shapes.Drawing):
    """A drawing whose renderer starts in the bundled font: reportlab's renderer opens every drawing with
    Helvetica (its state defaults), which would put an unembedded font into a controlled record."""

    def draw(self, *args, **kwargs):
        saved = shapes.STATE_DEFAULTS["fontName"]
        shapes.STATE_DEFAULTS["fontName"] = pdf.FONT
        try:
            return super().draw(*args, **kwargs)
        finally:
            shapes.STATE_DEFAULTS["fontName"] = saved


def _axis_fonts(chart: VerticalBarChart, size: float = 7) -> None:
    for labels in (chart.categoryAxis.labels, chart.valueAxis.labels):
        labels.fontName = pdf.FONT
        labels.fontSize = size
    chart.valueAxis.strokeColor = chart.categoryAxis.strokeColor = GREY
    chart.valueAxis.gridStrokeColor = colors.HexColor("#eceff1")
    chart.valueAxis.visibleGrid = True


def _top(values: Sequence[float]) -> float:
    """A value-axis maximum a little above the largest value (never 0)."""
    m = max([0, *values])
    return max(1.0, m * 1.15)


def stacked_by_class(months: list[str], by_class: dict[str, dict[str, int]], classes: list[tuple[str, str, str]],
                     width: float, height: float = 150) -> Drawing:
    """Complaints per month stacked by class; ``classes`` is [(code, label, colour)] in stacking order."""
    d = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 32, 28, width - 150, height - 40
    data = [[by_class.get(m, {}).get(code, 0) for m in months] for code, _, _ in classes]
    chart.data = data if data else [[0] * len(months)]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [m[2:] for m in months]  # '26-08': twelve fit under the bars
    totals = [sum(col) for col in zip(*chart.data, strict=True)] if chart.data else []
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, _top(totals)
    chart.barWidth, chart.groupSpacing = 8, 6
    for i, (_, _, colour) in enumerate(classes):
        chart.bars[i].fillColor = colors.HexColor(colour)
        chart.bars[i].strokeColor = None
    _axis_fonts(chart)
    d.add(chart)
    step = chart.width / max(1, len(months))
    top = chart.valueAxis.valueMax
    for i, t in enumerate(totals):  # the month's total above its bar
        d.add(String(chart.x + step * (i + 0.5), chart.y + chart.height * t / top + 2, str(t), fontName=pdf.FONT,
                     fontSize=6.5, textAnchor="middle", fillColor=GREY))
    legend = Legend()
    legend.x, legend.y = width - 105, height - 12
    legend.fontName, legend.fontSize = pdf.FONT, 7
    legend.alignment = "right"
    legend.columnMaximum = 8
    legend.colorNamePairs = [(colors.HexColor(c), label) for _, label, c in classes]
    d.add(legend)
    return d


def pareto(items: list[tuple[str, int]], width: float, height: float = 150) -> Drawing:
    """Bars of the counts, largest first, and the cumulative share as a line against a 0–100 % axis on the right."""
    d = Drawing(width, height)
    items = items[:10] or [("—", 0)]
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 32, 36, width - 80, height - 48
    chart.data = [[n for _, n in items]]
    chart.categoryAxis.categoryNames = [label for label, _ in items]
    chart.categoryAxis.labels.angle = 0
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, _top([n for _, n in items])
    chart.bars[0].fillColor, chart.bars[0].strokeColor = BLUE, None
    chart.barWidth = 14
    _axis_fonts(chart, 6.5)
    d.add(chart)
    total = sum(n for _, n in items) or 1
    step = chart.width / len(items)
    points, run = [], 0
    for i, (_, n) in enumerate(items):
        run += n
        points += [chart.x + step * (i + 0.5), chart.y + chart.height * run / total]
    d.add(PolyLine(points, strokeColor=ORANGE, strokeWidth=1.2))
    right = chart.x + chart.width
    d.add(Line(right, chart.y, right, chart.y + chart.height, strokeColor=GREY, strokeWidth=0.5))
    for pct in (0, 50, 80, 100):
        y = chart.y + chart.height * pct / 100
        d.add(Line(right, y, right + 3, y, strokeColor=GREY, strokeWidth=0.5))
        d.add(String(right + 5, y - 2.5, f"{pct}%", fontName=pdf.FONT, fontSize=6.5, fillColor=ORANGE))
    for i in range(0, len(points), 2):
        d.add(String(points[i], points[i + 1] + 3, f"{round(100 * _cum(items, i // 2) / total)}%", fontName=pdf.FONT,
                     fontSize=6, textAnchor="middle", fillColor=ORANGE))
    return d


def _cum(items: list[tuple[str, int]], upto: int) -> int:
    return sum(n for _, n in items[:upto + 1])


def this_and_last(categories: list[str], now: list[int], before: list[int], labels: tuple[str, str],
                  width: float, height: float = 140) -> Drawing:
    """Two bars per category: the year before (light) and this year (dark), with a legend."""
    d = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 32, 24, width - 150, height - 36
    chart.data = [before, now]
    chart.categoryAxis.categoryNames = categories
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, _top(now + before)
    chart.bars[0].fillColor, chart.bars[1].fillColor = LIGHT, BLUE
    chart.bars[0].strokeColor = chart.bars[1].strokeColor = None
    chart.barWidth, chart.groupSpacing, chart.barSpacing = 6, 6, 1
    _axis_fonts(chart)
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 105, height - 12
    legend.fontName, legend.fontSize = pdf.FONT, 7
    legend.colorNamePairs = [(LIGHT, labels[1]), (BLUE, labels[0])]
    d.add(legend)
    return d
