"""Chinese line breaking for the printed records (禁则, after GB/T 15834 and the usual typesetting rules).

reportlab's default wrap breaks only at spaces and cuts a longer run of Chinese "like a knife" between any two
characters, so "。" and "，" start lines, "CAPA" becomes "CAP / A" and a batch number "3031112" is split;
its CJK mode hangs a few Japanese stops but knows neither "，" nor an opening bracket at a line end.

Here a paragraph is broken per character with three rules:

* no line starts with a closing or pausing mark (``NO_START``: 。，、；：？！）」』》 …);
* no line ends with an opening mark (``NO_END``: （「『《 …);
* no break inside a run of Latin letters, digits and their joiners (``CAPA``, ``3031112``, ``QA-F-001``,
  ``0.25g``, ``2026-09-28``, ``U+E000``); a break after a space is always allowed.

When a line is full, it ends at the last allowed break; only a single unit wider than the whole line (a
64-digit hash in a narrow cell) is cut where it must be, so nothing is ever lost or overprinted.
"""

from __future__ import annotations

import unicodedata

from reportlab.platypus.paragraph import (
    Paragraph,
    ParaLines,
    _handleBulletWidth,
    cjkU,
    makeCJKParaLine,
)

# marks that close or pause: they follow what they belong to, never open a line
NO_START = frozenset("。．，、；：？！）」』》〉】〕〗］｝〙〛’”…‥·・〃々ゝゞ～%％‰℃℉°′″!),.:;?]}>")
# marks that open: they precede what they belong to, never end a line
NO_END = frozenset("（「『《〈【〔〖［｛〘〚‘“([{<￥$＄£€#＃@＠")
# joiners inside a code or a number: 3.5、QA-F-001, 2026/01/05, 08:00+08:00, U+E000, a_b, 50%
_JOINERS = frozenset(".-/:+_%#&'·*")
_FUZZ = 1e-6


def _unit(ch: str) -> bool:
    """A character of a code or number: an ASCII letter or digit, a full-width one, or a joiner."""
    return (ch.isascii() and ch.isalnum()) or ch in _JOINERS or "０" <= ch <= "９" or "Ａ" <= ch <= "ｚ"


def _space(ch: str) -> bool:
    return bool(ch) and unicodedata.category(ch) == "Zs"


def may_break(before: str, after: str) -> bool:
    """May a line end between ``before`` and ``after`` (single characters; '' is an invisible marker)?"""
    if not after or _space(after):
        return False  # a marker sticks to what it marks; at a space the line ends after the space
    if _space(before):
        return after not in NO_START
    if not before:
        return False
    if after in NO_START or before in NO_END:
        return False
    return not (_unit(before) and _unit(after))


def break_points(text: str) -> list[int]:
    """Indices i (0 < i < len) where a line may start at text[i]: for tests and plain-text callers."""
    return [i for i in range(1, len(text)) if may_break(_visible_before(text, i), text[i])]


def _visible_before(seq, i: int) -> str:
    """The nearest non-empty unit before position i (invisible markers are skipped)."""
    j = i - 1
    while j >= 0 and not seq[j]:
        j -= 1
    return seq[j] if j >= 0 else ""


def lines_of(text: str, width: float, font: str, size: float) -> list[str]:
    """Break plain text in one font into lines of at most ``width`` points (what a paragraph does), for tests
    and for a caller that draws lines itself."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    units = list(text)
    widths = [stringWidth(c, font, size) for c in units]
    return ["".join(units[a:b]) for a, b in _greedy(units, widths, [width], [False] * len(units))]


def spans(chars: list[str], widths: list[float], width: float) -> list[tuple[int, int]]:
    """Lines (start, stop) of one run of characters at ``width`` points, for a caller that measures and draws
    its own glyphs (the register PDF): the same rules and fill as a paragraph."""
    return _greedy(chars, widths, [width], [False] * len(chars))


def _greedy(units: list[str], widths: list[float], max_widths: list[float], hard: list[bool]) -> list[tuple[int, int]]:
    """Spans (start, stop) of the lines: greedy fill, each line ending at its last allowed break. ``hard[i]``
    means a forced line end after unit i (a <br/>). Spaces at a line end or start are left out."""
    spans: list[tuple[int, int]] = []
    n = len(units)
    if n and sum(widths) <= max_widths[0] + _FUZZ and not any(hard):  # the common case: all of it on one line
        stop = n
        while stop > 0 and _space(units[stop - 1]):
            stop -= 1
        return [(0, stop if stop > 0 else n)]
    start = 0
    while start < n:
        limit = max_widths[min(len(spans), len(max_widths) - 1)]
        used = 0.0
        last_break = -1
        i = start
        end = None
        while i < n:
            if i > start and may_break(_visible_before(units, i), units[i]):
                last_break = i
            used += widths[i]
            if used > limit + _FUZZ and i > start and not _space(units[i]):
                if last_break > start:
                    end = last_break
                else:  # one unit wider than the line: cut it where it must be
                    end = i
                break
            if hard[i]:
                end = i + 1
                break
            i += 1
        if end is None:
            end = n
        stop = end
        while stop > start and _space(units[stop - 1]):
            stop -= 1
        spans.append((start, stop if stop > start else end))
        start = end
        while start < n and _space(units[start]) and not hard[start]:
            start += 1
    return spans


def _one_line(frags, max_widths: list[float], calc_bounds: bool) -> ParaLines | None:
    """The line of a paragraph that fits whole on its first line (no <br/>, no callback, no trailing space): one
    unit per frag, not per character. makeCJKParaLine joins a frag's characters into one word anyway, so the
    line is the one the per-character path makes; most cells of a record are such (labels, dates, names), and
    building a unit per character was most of a batch print's layout time."""
    if any(hasattr(f, "lineBreak") or hasattr(f, "cbDefn") for f in frags):
        return None
    last = frags[-1].text
    if last and _space(last[-1]):
        return None
    units = [cjkU(f.text, f, "utf8") for f in frags]
    used = sum(u.width for u in units)
    limit = max_widths[0]
    if used > limit + _FUZZ:
        return None
    return ParaLines(kind=1, lines=[makeCJKParaLine(units, limit, used, limit - used, False, calc_bounds)])


def split_frags(frags, max_widths: list[float], calc_bounds: bool) -> ParaLines:
    """reportlab's cjkFragSplit with the rules above: the same glyph units and line objects, other break points."""
    if frags:
        one = _one_line(frags, max_widths, calc_bounds)
        if one is not None:
            return one
    units = []
    for f in frags:
        text = f.text
        if text:
            units.extend(cjkU(t, f, "utf8") for t in text)
        else:
            units.append(cjkU(text, f, "utf8"))
    widths = []
    for u in units:
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = max_widths[0]
            w = w.normalizedValue(max_widths[0])
        widths.append(w)
    hard = [hasattr(u.frag, "lineBreak") for u in units]
    lines = []
    for a, b in _greedy([str(u) for u in units], widths, max_widths, hard):
        limit = max_widths[min(len(lines), len(max_widths) - 1)]
        used = sum(widths[a:b])
        line_break = b > a and hard[b - 1]
        lines.append(makeCJKParaLine(units[a:b], limit, used, limit - used, line_break, calc_bounds))
    return ParaLines(kind=1, lines=lines)


class Typeset(Paragraph):
    """A Paragraph broken by the Chinese rules of this module (its style needs ``wordWrap="CJK"``, the hook
    reportlab calls; the splitting across pages is reportlab's own)."""

    def breakLinesCJK(self, maxWidths):  # noqa: N802, N803 (reportlab)
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        style = self.style
        self.height = 0
        _handleBulletWidth(self.bulletText, style, maxWidths)
        if not self.frags:
            return ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName, textColor=style.textColor,
                             lines=[], ascent=style.fontSize, descent=-0.2 * style.fontSize)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        # a table or a heading wraps the same cell several times at the same width (measure, split, draw): the
        # lines are kept for that width (about 180 wraps of 60 paragraphs a receipt record)
        key = (tuple(maxWidths), auto)
        memo = getattr(self, "_qa_lines", None)
        if memo is not None and memo[0] == key:
            return memo[1]
        lines = split_frags(self.frags, list(maxWidths), auto not in ("", "off"))
        self._qa_lines = (key, lines)
        return lines
