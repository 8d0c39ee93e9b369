"""The register as a landscape controlled PDF (用户投诉登记台帐, form QA-F-006), drawn row by row.

A register is read down the page, so as many rows as the A4 landscape sheet holds, at a readable 7 pt:

* every column is as wide as its content needs (measured), not a fixed share of the page: codes, numbers and
  dates never wrap (a "664" days or a batch number is never split), short labels stay on one line, and the
  free-text columns (complainant, product, summary) share what is left and wrap by the Chinese rules of
  ``typeset``, each within a few lines, cut with "…" (the record print carries the whole text);
* the header row is repeated at the top of every page;
* the cells are laid out and drawn here, not by a reportlab Table of Paragraphs: that took 16 s and 515 pages
  for 2,150 complaints, since every cell was a paragraph and a row could not be shorter than its tallest one.

Every character still goes through the font chain (``fonts.font_of``): fallback characters (℃, 𬌗) in their
font, one no font draws as its red code-point placeholder, named in the note at the foot of its page.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from qa_desk.documents import fonts, pdf, typeset

SIZE = 7.0  # points: the least an inspector reads without a loupe
LEADING = 8.6
PAD_X = 2.2
PAD_Y = 1.7
GRID = colors.HexColor("#90a4ae")
HEAD_FILL = colors.HexColor("#eceff1")
INK = colors.HexColor("#212121")
ELLIPSIS = "…"
PAGE_WIDTH = 297 * mm - 30 * mm - 12  # A4 landscape less the margins of pdf.build and its frame's 6 pt paddings


class Kind(Enum):
    """How a column's content is set."""

    FIXED = "fixed"  # codes, numbers, dates: never wrapped, the column is as wide as its widest value
    LABEL = "label"  # a vocabulary label: one line when it is short, else wrapped
    TEXT = "text"  # free text: shares the width left, wraps, at most max_lines lines


class Align(Enum):
    LEFT = "left"
    CENTRE = "centre"
    RIGHT = "right"


@dataclass(frozen=True)
class Column:
    key: str
    kind: Kind
    max_lines: int = 2
    weight: float = 1.0  # a TEXT column's share of the width left over
    align: Align = Align.LEFT


# the register's printed columns (of core.register_rows.KEYS); the Excel export has all 26
COLUMNS = (Column("number", Kind.FIXED), Column("received", Kind.FIXED), Column("channel", Kind.LABEL),
           Column("complainant", Kind.TEXT, 2, 1.15), Column("product", Kind.TEXT, 2, 1.0),
           Column("batch", Kind.FIXED), Column("summary", Kind.TEXT, 3, 3.2),
           Column("class", Kind.FIXED, align=Align.CENTRE), Column("status", Kind.LABEL),
           Column("conclusion", Kind.LABEL), Column("market_action", Kind.LABEL),
           Column("reply_date", Kind.FIXED), Column("closed", Kind.FIXED),
           Column("days_open", Kind.FIXED, align=Align.RIGHT))
FIXED_MAX = 95.0  # points: a pathological code wider than this wraps (hard) rather than squeeze the text
LABEL_MAX = 46.0  # points: a label longer than about six characters wraps onto a second line
TEXT_MIN = 40.0
SUMMARY_CHARS = 400  # of the complaint text laid out at all; far more than three lines of its column hold


@dataclass(frozen=True)
class Unit:
    """One character as drawn: its font, what is drawn (a placeholder for a character no font has), width."""

    char: str  # what the break rules look at
    font: str
    shown: str
    width: float
    lost: bool = False


_UNITS: dict[str, Unit | None] = {}


def unit(ch: str) -> Unit | None:
    """The drawn form of one character (cached; None for an invisible one, which takes no room)."""
    try:
        return _UNITS[ch]
    except KeyError:
        pass
    font = fonts.font_of(ch)
    if ch in "\n\r\t":
        u: Unit | None = Unit(" ", fonts.PRIMARY, " ", stringWidth(" ", fonts.PRIMARY, SIZE))
    elif font is None:
        shown = fonts.placeholder(ch)
        u = Unit(ch, fonts.PRIMARY, shown, stringWidth(shown, fonts.PRIMARY, SIZE), lost=True)
    elif (unicodedata.category(ch) in ("Zs", "Zl", "Zp", "Cf", "Cc") and font == fonts.PRIMARY
          and ord(ch) not in fonts.primary_set()):
        plain = fonts.plain(ch)  # a blank the font has no glyph for: a space, or nothing
        u = Unit(" ", fonts.PRIMARY, " ", stringWidth(" ", fonts.PRIMARY, SIZE)) if plain else None
    else:
        u = Unit(ch, font, ch, stringWidth(ch, font, SIZE))
    _UNITS[ch] = u
    return u


def units_of(text: str) -> list[Unit]:
    got = [unit(c) for c in text]
    return [u for u in got if u is not None]


def width_of(units: list[Unit]) -> float:
    return sum(u.width for u in units)


def lines_of(units: list[Unit], width: float, max_lines: int, *, cut: bool = False) -> list[list[Unit]]:
    """The lines of one cell at ``width`` points (typeset's rules), at most ``max_lines``; the last one kept
    ends in "…" when text was left out (``cut``: the text was already shortened before layout)."""
    if not units:
        return []
    if width_of(units) <= width and not cut:
        return [units]
    spans = typeset.spans([u.char for u in units], [u.width for u in units], width)
    if len(spans) <= max_lines and not cut:
        return [units[a:b] for a, b in spans]
    kept = [units[a:b] for a, b in spans[:max_lines]]
    dots = unit(ELLIPSIS)
    last = kept[-1]
    while last and width_of(last) + dots.width > width:
        last = last[:-1]
    kept[-1] = [*last, dots]
    return kept


def _header_units(zh: str, en: str) -> list[list[Unit]]:
    return [units_of(zh), units_of(en)]


def _balanced(units: list[Unit], width: float, max_lines: int = 4) -> list[list[Unit]]:
    """A header's lines, as even as the same number of lines allows ("市场/措施", not "市场措/施")."""
    lines = lines_of(units, width, max_lines)
    narrow, least = width, _widest_piece(units)
    while len(lines) > 1 and narrow - 1 >= least:
        tried = lines_of(units, narrow - 1, max_lines)
        if len(tried) != len(lines) or tried[-1] and tried[-1][-1].char == ELLIPSIS:
            break
        lines, narrow = tried, narrow - 1
    return lines


def _widest_piece(units: list[Unit]) -> float:
    """The width of the widest piece no line may be broken inside (a word, a code)."""
    widest = current = 0.0
    for i, u in enumerate(units):
        if i and typeset.may_break(units[i - 1].char, u.char):
            current = 0.0
        current += u.width
        widest = max(widest, current)
    return widest


def text_of(value) -> str:
    """A register value as printed: dates as dates, a receipt time to the minute, nothing for none."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class Layout:
    columns: tuple[Column, ...]
    widths: list[float]
    header: list[list[list[Unit]]]  # per column, its lines
    header_height: float


def column_widths(columns: tuple[Column, ...], headers: list[tuple[str, str]], cells: list[list[list[Unit]]],
                  total: float) -> list[float]:
    """Widths from content: FIXED and LABEL columns as wide as their widest value (LABEL up to LABEL_MAX) and
    their header's widest word; TEXT columns share the rest by weight, none wider than its widest value."""
    widths: list[float] = []
    natural: list[float] = []
    for i, col in enumerate(columns):
        head = max(_widest_piece(units_of(h)) for h in headers[i])
        widest = max((width_of(row[i]) for row in cells), default=0.0)
        natural.append(widest + 2 * PAD_X)
        if col.kind is Kind.FIXED:
            widths.append(min(max(widest, head), FIXED_MAX) + 2 * PAD_X)
        elif col.kind is Kind.LABEL:
            widths.append(max(min(widest, LABEL_MAX), head) + 2 * PAD_X)
        else:
            widths.append(max(head + 2 * PAD_X, TEXT_MIN))
    text = [i for i, c in enumerate(columns) if c.kind is Kind.TEXT]
    left = total - sum(w for i, w in enumerate(widths) if i not in text)
    open_ = list(text)
    while open_ and left > 0:  # share by weight; a column that needs less gives the rest back
        weights = sum(columns[i].weight for i in open_)
        share = {i: left * columns[i].weight / weights for i in open_}
        capped = [i for i in open_ if natural[i] <= share[i]]
        if not capped:
            for i in open_:
                widths[i] = max(widths[i], share[i])
            break
        for i in capped:
            widths[i] = max(widths[i], natural[i])
            left -= widths[i]
            open_.remove(i)
    spare = total - sum(widths)
    if spare > 0:  # every column has what it needs: the rest widens the summary (or all, without one)
        target = [i for i in text if columns[i].key == "summary"] or list(range(len(columns)))
        for i in target:
            widths[i] += spare / len(target)
    elif spare < 0:  # values wider than the page can hold: everything narrower (long codes then wrap)
        widths = [w * total / sum(widths) for w in widths]
    return widths


@dataclass
class Row:
    lines: list[list[list[Unit]]]  # per column, its lines
    height: float


def layout(rows: list[dict], headers: list[tuple[str, str]], columns: tuple[Column, ...] = COLUMNS,
           total: float = PAGE_WIDTH) -> tuple[Layout, list[Row]]:
    """Measure every cell once, choose the widths, break the lines."""
    cells: list[list[list[Unit]]] = []
    cut: list[list[bool]] = []
    for r in rows:
        row_cells, row_cut = [], []
        for col in columns:
            text = text_of(r.get(col.key))
            if col.kind is Kind.TEXT:
                text = " ".join(text.split())  # a register line: newlines and runs of spaces as one space
            shortened = len(text) > SUMMARY_CHARS
            row_cells.append(units_of(text[:SUMMARY_CHARS] if shortened else text))
            row_cut.append(shortened)
        cells.append(row_cells)
        cut.append(row_cut)
    widths = column_widths(columns, headers, cells, total)
    header = []
    for i, (zh, en) in enumerate(headers):
        inner = widths[i] - 2 * PAD_X
        header.append([line for part in _header_units(zh, en) for line in _balanced(part, inner)])
    header_height = max(len(h) for h in header) * LEADING + 2 * PAD_Y
    out = []
    for row_cells, row_cut in zip(cells, cut, strict=True):
        lines = []
        for i, col in enumerate(columns):
            inner = widths[i] - 2 * PAD_X
            limit = col.max_lines if col.kind is not Kind.FIXED else 3
            lines.append(lines_of(row_cells[i], inner, limit, cut=row_cut[i]))
        out.append(Row(lines, max(1, *(len(c) for c in lines)) * LEADING + 2 * PAD_Y))
    return Layout(columns, widths, header, header_height), out


def draw_line(canv, x: float, y: float, line: list[Unit], width: float, align: Align) -> None:
    """One line of a cell, its characters in their fonts; a placeholder in red, reported to its page."""
    if align is not Align.LEFT:
        slack = width - width_of(line)
        x += slack if align is Align.RIGHT else slack / 2
    i = 0
    while i < len(line):
        u = line[i]
        j = i + 1
        while j < len(line) and line[j].font == u.font and line[j].lost == u.lost:
            j += 1
        run = line[i:j]
        text = "".join(v.shown for v in run)
        canv.setFont(u.font, SIZE)
        if u.lost:
            canv.setFillColor(fonts.PLACEHOLDER_COLOR)
            missing = getattr(canv, "_qa_missing", None)
            if missing is not None:
                missing.update(fonts.code(v.char) for v in run)
        canv.drawString(x, y, text)
        if u.lost:
            canv.setFillColor(INK)
        x += width_of(run)
        i = j


class RegisterTable(Flowable):
    """The rows ``start:stop`` under the header row; splits between rows, each part with the header again."""

    def __init__(self, grid: Layout, rows: list[Row], start: int = 0, stop: int | None = None,
                 tops: list[float] | None = None) -> None:
        super().__init__()
        self.grid, self.rows = grid, rows
        self.start, self.stop = start, len(rows) if stop is None else stop
        if tops is None:  # tops[i]: the height of rows 0..i-1, so any part's height is one subtraction
            tops = [0.0]
            for r in rows:
                tops.append(tops[-1] + r.height)
        self.tops = tops
        self.width = sum(grid.widths)
        self.height = self._height(self.start, self.stop)

    def _height(self, start: int, stop: int) -> float:
        return self.grid.header_height + self.tops[stop] - self.tops[start]

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab)
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803 (reportlab)
        room = availHeight - self.grid.header_height
        # the last row whose bottom is within the room
        stop = bisect.bisect_right(self.tops, self.tops[self.start] + room + 1e-6, self.start, self.stop + 1) - 1
        if stop <= self.start:
            return []  # not one row fits under the header here: all of it to the next page
        if stop >= self.stop:
            return [self]
        return [RegisterTable(self.grid, self.rows, self.start, stop, self.tops),
                RegisterTable(self.grid, self.rows, stop, self.stop, self.tops)]

    def draw(self) -> None:
        canv, g = self.canv, self.grid
        xs = [0.0]
        for w in g.widths:
            xs.append(xs[-1] + w)
        top = self.height
        canv.saveState()
        canv.setFillColor(HEAD_FILL)
        canv.rect(0, top - g.header_height, self.width, g.header_height, stroke=0, fill=1)
        canv.setFillColor(colors.HexColor("#37474f"))
        self._cells(g.header, xs, top, [Align.LEFT] * len(g.widths))
        y = top - g.header_height
        canv.setFillColor(INK)
        aligns = [c.align for c in g.columns]
        bottoms = [y]
        for row in self.rows[self.start:self.stop]:
            self._cells(row.lines, xs, y, aligns)
            y -= row.height
            bottoms.append(y)
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.4)
        path = canv.beginPath()
        for yy in [top, *bottoms]:
            path.moveTo(0, yy)
            path.lineTo(self.width, yy)
        for xx in xs:
            path.moveTo(xx, top)
            path.lineTo(xx, y)
        canv.drawPath(path, stroke=1, fill=0)
        canv.restoreState()

    def _cells(self, cells: list[list[list[Unit]]], xs: list[float], top: float, aligns: list[Align]) -> None:
        for i, lines in enumerate(cells):
            inner = self.grid.widths[i] - 2 * PAD_X
            baseline = top - PAD_Y - SIZE * 0.95
            for line in lines:
                draw_line(self.canv, xs[i] + PAD_X, baseline, line, inner, aligns[i])
                baseline -= LEADING


def story(title: str, subtitle: str, rows: list[dict], headers: list[tuple[str, str]]) -> list:
    """The register's story: its title, what it holds, and the table (a "none" row when it is empty)."""
    st = pdf.styles()
    grid, laid = layout(rows or [{COLUMNS[0].key: "（无）(none)"}], headers)
    return [pdf.para(title, st["title"]), pdf.para(subtitle, st["small"]), Spacer(1, 2 * mm),
            RegisterTable(grid, laid)]


def render(out: Path, rows: list[dict], headers: list[tuple[str, str]], page: pdf.Page, *, title: str,
           subtitle: str = "") -> Path:
    """Write the register PDF (the caller publishes and audits it)."""
    return pdf.build(out, story(title, subtitle, rows, headers), page, orientation="landscape")
