"""How the Excel register prints from Excel or LibreOffice: paper, fit, widths, wrapping and row heights.

Fit-to-page on a 26-column ledger squeezed the text to about 3 pt. The sheets are fitted to the page WIDTH only
(``fitToHeight = 0``: as many pages down as the rows need), on A4 landscape with narrow margins, with the header
row repeated on every page; the columns are as narrow as their content allows and long texts wrap, so the
printed text stays near 7 pt. A row is as high as its longest wrapped text (up to ``max_row_lines`` lines).

Wrapping is the workbook's default cell format (``wrap_by_default``), so the plain values that make up most of
the sheet wrap without a style of their own and are written as cheaply as in a bare dump
(bench/bench_documents.py). Neither Excel nor LibreOffice grows a row for wrapped text written by a program
unless told its height, so the heights are estimated here from the text: a CJK character is about 2.1 width
units of the default 11 pt font (14.7 px against the 7 px digit), other characters about 0.85 (Calibri's
average letter); only a text that may not fit on one line is measured.

openpyxl's write-only sheets write the sheet properties (fit to page) and the column widths when the first row
is appended, so ``setup_sheet`` runs before any row; page setup, margins, print titles, header/footer and row
breaks are written at the end and may be set any time.
"""

from __future__ import annotations

import math
import tomllib
from functools import lru_cache

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from qa_desk.paths import forms_dir

WIDE, NARROW = 2.1, 0.85  # width units of a CJK character and of another one, in running text
BOLD_LETTER = 1.1  # a bold header's running text against the regular font's
PAD = 0.8  # the cell's own padding, in width units
BYTE = 0.85 * 1.1  # a bound on a short code's width per UTF-8 byte (a CJK character's three bytes over-count it)
SLACK = 1.1  # word wrap leaves the end of a line empty: about a tenth more width than the characters
LINE_PT = 15.0  # one line of the 11 pt default font (Excel's default row height)
HEADER_LINES = 3
WRAP = Alignment(wrap_text=True)  # the workbook's default: bottom-aligned like Excel's, so a row reads across
FORMULA_START = ("=", "+", "-", "@")  # text starting so would be read as a formula


@lru_cache(maxsize=1)
def settings() -> dict:
    """The register form's definition (forms/register.toml): code, version, title and the [excel] print part."""
    with (forms_dir() / "register.toml").open("rb") as f:
        data = tomllib.load(f)
    excel = data.setdefault("excel", {})
    excel.setdefault("margins", {"left": 0.2, "right": 0.2, "top": 0.5, "bottom": 0.5, "header": 0.2, "footer": 0.2})
    excel.setdefault("max_row_lines", 8)
    return data


def units(text: str) -> float:
    """Estimated width of ``text`` in column width units (CJK characters are three bytes in UTF-8, others one or
    two: the byte count gives their number without looking at each character)."""
    n = len(text)
    wide = (len(text.encode()) - n) // 2
    return n * NARROW + wide * (WIDE - NARROW)


def lines(text: str, width: float) -> int:
    """Lines a wrapped ``text`` takes in a column ``width`` units wide (word wrap loses about a tenth)."""
    usable = max(width - PAD, 1.0)
    return sum(max(1, math.ceil(units(part) * SLACK / usable)) for part in text.split("\n"))


@lru_cache(maxsize=8192)
def fit(value, usable: float) -> int:
    """Lines ``value`` takes in a column ``usable`` units wide, negative for a text that looks like a formula
    (which the caller keeps as text) or holds a character no cell may hold; 1 for what is not text. Cached: labels, names and products repeat on
    thousands of rows, and the register asks for every text of every row."""
    if value.__class__ is not str or not value:
        return 1
    if not value.isprintable() and ILLEGAL_CHARACTERS_RE.search(value):
        return -1  # a control character no xlsx cell may hold (a value edited outside QA Desk)
    size = len(value)
    if "\n" in value:
        k = sum(max(1, math.ceil(units(part) * SLACK / usable)) for part in value.split("\n"))
    else:
        k = max(1, math.ceil((size * NARROW + (len(value.encode()) - size) * (WIDE - NARROW) / 2) * SLACK / usable))
    return -k if value.startswith(FORMULA_START) else k


# Calibri's advance widths, in digit widths, for the letters far from the average (the rest about 0.98, capitals
# about 1.15): enough to size a column for its longest word without over-sizing "Investigating" by a quarter
_LETTERS = {**dict.fromkeys("il.,:;'!|", 0.45), **dict.fromkeys("jI", 0.5), "f": 0.6, "t": 0.66, "r": 0.69,
            **dict.fromkeys("()-", 0.6), "/": 0.76, "s": 0.77, "c": 0.83, "z": 0.78, "w": 1.41, "m": 1.58,
            "M": 1.7, "W": 1.8}


def word_units(word: str, bold: bool = False) -> float:
    """Width of a Latin ``word`` in digit widths (bold about 5% wider)."""
    width = sum(_LETTERS.get(ch, 1.15 if ch.isupper() else 0.98) for ch in word)
    return width * (1.05 if bold else 1.0)


def longest_word(texts, bold: bool = False) -> float:
    """Width of the longest Latin word in ``texts``. Excel and LibreOffice break such a word only where it does
    not fit, so it sets the column's least width; CJK text breaks between any two characters."""
    best = 0.0
    for text in texts:
        for word in str(text).replace("/", " ").split():
            if word.isascii():
                best = max(best, word_units(word, bold))
    return best


def setup_sheet(ws, widths: list[float], *, landscape: bool, title: str, code: str) -> None:
    """Page setup of one sheet: A4, fitted to the width only, margins, page numbers; widths before any row."""
    for i, width in enumerate(widths, start=1):
        col = ws.column_dimensions[get_column_letter(i)]
        col.width = round(width, 1)
        col.alignment = WRAP  # the column's format is the default one (LibreOffice gives it to unstyled cells)
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(**settings()["excel"]["margins"])
    ws.oddHeader.left.text = code
    ws.oddHeader.center.text = title
    ws.oddFooter.center.text = "&P / &N"


def wrap_by_default(wb) -> None:
    """Make wrapped text the workbook's default cell format (the first cellXfs entry, which every cell written
    without a style of its own uses), before any cell is made.

    openpyxl has no public setting for it: its style table starts as one all-default entry, written without an
    alignment. Excel formats an unstyled cell by that entry, LibreOffice by the "Normal" cell style; both are set. The entry is replaced, not changed in place, so openpyxl's index of styles stays right; a test
    reads the saved styles.xml back to catch a future openpyxl that writes it differently. Columns and rows
    given a format must be given this one (``setup_sheet``, ``RowHeight``): LibreOffice formats an unstyled
    cell by its column's format."""
    default = StyleArray()
    default.alignmentId = wb._alignments.add(WRAP)
    wb._cell_styles = IndexedList([default])
    wb._named_styles["Normal"].alignment = WRAP  # the "Normal" cell style, which LibreOffice reads as the default


class RowHeight(RowDimension):
    """A row height shared by every row of that many lines. openpyxl writes a row's attributes by iterating
    its dimension, field by field, for every row; this one works them out once."""

    def __init__(self, ws, n_lines: int) -> None:
        super().__init__(ws, index=0, ht=round(LINE_PT * n_lines + 2, 1))
        self.alignment = WRAP  # the row's format is the default one, as the column's
        self._attrs = tuple(super().__iter__())

    def __iter__(self):
        return iter(self._attrs)


def page_break_after(ws, row: int) -> None:
    ws.row_breaks.append(Break(id=row))
