"""The fonts of the printed records: which font draws which character, judged by its outline.

A controlled record must show every character of what the complainant wrote. The bundled WenQuanYi Micro Hei
draws GB 2312 and most of the 通用规范汉字表; "QA Desk Symbols" (a subset of DejaVu Sans) draws the Latin and
symbols it cannot (℃, ℉, pinyin tone letters); "QA Desk Fallback" (a subset of HanaMinA) the CJK characters
neither draws (Extension A–F: 䶮 𬌗 𫖮; see resources/fonts/build_fonts.py). A font "has" a character only when its glyph has an outline: a cmap entry that
points to an empty glyph or to .notdef (Micro Hei's ℃ in the Debian font) would print a blank, so it counts as
missing. A character that no bundled font draws is printed as a visible placeholder with its code point
(〔U+E000〕), named in a note on its page, and never stops a print.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from qa_desk.paths import fallback_font_path, font_path, symbols_font_path

PRIMARY = "WQYMicroHei"
SYMBOLS = "QADeskSymbols"
FALLBACK = "QADeskFallback"
PLACEHOLDER_COLOR = "#c62828"
MISSING_CB = "qa_missing"  # the canvas callback a placeholder calls when drawn, so its page can name it


_reportlab_to_unicode = getattr(ttfonts.makeToUnicodeCMap, "__wrapped__", ttfonts.makeToUnicodeCMap)


def _to_unicode_cmap(fontname: str, subset) -> str:
    """reportlab writes a character beyond U+FFFF into the ToUnicode map as five hex digits ("<2C317>"),
    which viewers read as U+2C31 "ⰱ": the text layer (search, copy, pdftotext) would lose 𬌗 and every other
    Extension B–F character. Such a character is written as its UTF-16 surrogate pair, as the PDF
    specification asks; the rest is reportlab's own map."""
    text = _reportlab_to_unicode(fontname, subset)
    for i, cp in enumerate(subset):
        if cp > 0xFFFF:
            v = cp - 0x10000
            text = text.replace(f"<{i:02X}> <{cp:04X}>", f"<{i:02X}> <{0xD800 + (v >> 10):04X}{0xDC00 + (v & 0x3FF):04X}>")
    return text


_to_unicode_cmap.__wrapped__ = _reportlab_to_unicode  # type: ignore[attr-defined]  (a reload wraps once)
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


@dataclass(frozen=True)
class ChainFont:
    """One font of the chain, in the order a character is looked for."""

    name: str
    path: str
    subfont: int = 0


def chain() -> tuple[ChainFont, ...]:
    return (ChainFont(PRIMARY, str(font_path()), 0), ChainFont(SYMBOLS, str(symbols_font_path()), 0),
            ChainFont(FALLBACK, str(fallback_font_path()), 0))


def outlined(font: TTFont) -> frozenset[int]:
    """The code points whose glyph in this font has an outline: not .notdef, glyph data present, and a
    contour count that is not zero (positive: simple glyph; negative: composite)."""
    face = font.face
    glyf = face.get_table_pos("glyf")[0]
    data = face._ttf_data
    pos = face.glyphPos
    found = set()
    for cp, gid in face.charToGlyph.items():
        if gid <= 0 or gid + 1 >= len(pos) or pos[gid + 1] <= pos[gid]:
            continue
        at = glyf + pos[gid]
        contours = int.from_bytes(data[at:at + 2], "big", signed=True)
        if contours != 0:
            found.add(cp)
    return frozenset(found)


@lru_cache(maxsize=1)
def register() -> tuple[tuple[str, frozenset[int]], ...]:
    """Register the chain with reportlab once per process (about 0.1 s) and learn what each font draws."""
    out = []
    for item in chain():
        font = TTFont(item.name, item.path, subfontIndex=item.subfont)
        pdfmetrics.registerFont(font)
        out.append((item.name, outlined(font)))
    return tuple(out)


def _blank(ch: str) -> bool:
    """Spaces and invisible format characters (direction marks, zero-width joiners, BOM): no outline by nature."""
    return unicodedata.category(ch) in ("Zs", "Zl", "Zp", "Cf", "Cc")


@lru_cache(maxsize=65536)
def font_of(ch: str) -> str | None:
    """The first font of the chain that draws ``ch``; the primary for blanks; None when no font draws it."""
    if _blank(ch):
        return PRIMARY
    cp = ord(ch)
    for name, drawn in register():
        if cp in drawn:
            return name
    return None


def primary_set() -> frozenset[int]:
    return register()[0][1]


def _fast(text: str) -> bool:
    """The common case, at C speed: every character is drawn by the primary font."""
    drawn = primary_set()
    return all(ord(c) in drawn for c in set(text) if c != "\n")


def runs(text: str) -> Iterator[tuple[str | None, str]]:
    """(font, text) pieces: consecutive characters of one font together; None marks one character no font has."""
    if _fast(text):
        if text:
            yield PRIMARY, text
        return
    current, buf = PRIMARY, []
    for ch in text:
        f = font_of(ch)
        if f is None:
            if buf:
                yield current, "".join(buf)
                buf = []
            yield None, ch
            continue
        if f != current and buf:
            yield current, "".join(buf)
            buf = []
        current = f
        buf.append(ch)
    if buf:
        yield current, "".join(buf)


def missing(text: str) -> set[str]:
    """Characters of ``text`` that no bundled font draws (printed as placeholders)."""
    if _fast(text):
        return set()
    return {ch for ch in set(text) if font_of(ch) is None}


def code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def placeholder(ch: str) -> str:
    return f"〔{code(ch)}〕"


def plain(ch: str) -> str:
    """A blank character as reportlab should see it: a space when it is a space, nothing when invisible."""
    return " " if ch == "\t" or unicodedata.category(ch).startswith("Z") else ""


def markup(text: str) -> str:
    """Paragraph markup for ``text`` (escaped): fallback runs in their font, missing characters as placeholders
    that report themselves to the page they are drawn on. Newlines become <br/>."""
    if _fast(text):
        return escape(text).replace("\n", "<br/>")
    out = []
    for font, piece in runs(text):
        if font is None:
            out.append(f'<font name="{PRIMARY}" color="{PLACEHOLDER_COLOR}">{escape(placeholder(piece))}</font>'
                       f'<onDraw name="{MISSING_CB}" label="{code(piece)}"/>')
        else:
            body = escape(_clean(piece)).replace("\n", "<br/>")
            out.append(body if font == PRIMARY else f'<font name="{font}">{body}</font>')
    return "".join(out)


def _clean(piece: str) -> str:
    """Blanks the primary font has no glyph for (e.g. U+2028) become what they stand for."""
    drawn = primary_set()
    return "".join(c if c == "\n" or not _blank(c) or ord(c) in drawn else plain(c) for c in piece)


def draw(canvas, x: float, y: float, text: str, size: float, *, align: str = "left") -> set[str]:
    """Draw one line on a canvas with per-character fallback; returns the characters drawn as placeholders.
    ``align`` is left, right or centre (x is then the right edge or the centre)."""
    register()
    pieces: list[tuple[str, str, bool]] = []
    lost: set[str] = set()
    for font, piece in runs(text):
        if font is None:
            lost.add(piece)
            pieces.append((PRIMARY, placeholder(piece), True))
        else:
            pieces.append((font, _clean(piece).replace("\n", " "), False))
    total = sum(pdfmetrics.stringWidth(p, f, size) for f, p, _ in pieces)
    if align == "right":
        x -= total
    elif align == "centre":
        x -= total / 2
    fill = canvas._fillColorObj
    for font, piece, lost_one in pieces:
        canvas.setFont(font, size)
        if lost_one:
            canvas.setFillColor(PLACEHOLDER_COLOR)
        canvas.drawString(x, y, piece)
        if lost_one:
            canvas.setFillColor(fill)
        x += pdfmetrics.stringWidth(piece, font, size)
    canvas.setFont(PRIMARY, size)
    return lost


def missing_note(codes: list[str], width: float, size: float) -> str:
    """The one-line note a page carries for its placeholders (zh and en), fitted into ``width`` points: when
    the page holds many, the first are named and the rest counted."""
    for shown in range(len(codes), 0, -1):
        more = len(codes) - shown
        listed = "".join(f"〔{c}〕" for c in codes[:shown]) + (f" 等 {len(codes)} 个" if more else "")
        en = ", ".join(codes[:shown]) + (f" and {more} more" if more else "")
        text = f"缺字：{listed} 无字形，以码位代替，原字在数据库中。 No font has {en}: shown as code points."
        if shown == 1 or pdfmetrics.stringWidth(text, PRIMARY, size) <= width:
            return text
    return ""
