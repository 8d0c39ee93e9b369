"""PDF records with reportlab's platypus, driven by the form definitions in forms/*.toml.

Every page: A4, bilingual labels, company name, form code and version, complaint number, "page x / y",
printed by and printed at. The first page carries a QR code with the complaint number, the form and version and
the SHA-256 of the printed content, so a paper copy can be checked against the database (``check_paper``).
The fonts ship with the app and are embedded as subsets (``fonts``: WenQuanYi Micro Hei, then a fallback for
what it cannot draw); a character no bundled font draws is printed as a placeholder with its code point and
named in a note at the foot of its page, so no record and no register is ever refused for a character.
"""

from __future__ import annotations

import io
import itertools
import re
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError

from qa_desk.core import settings
from qa_desk.core.errors import refuse
from qa_desk.core.session import Session
from qa_desk.documents import fonts, typeset
from qa_desk.paths import forms_dir

FONT = fonts.PRIMARY
QR_PREFIX = "QADESK1"


def register_font() -> None:
    """Register the bundled fonts once per process (about 0.1 s)."""
    fonts.register()


def missing_glyphs(text: str) -> set[str]:
    """Characters no bundled font draws with an outline (they print as placeholders)."""
    return fonts.missing(text)


@lru_cache(maxsize=16)
def form(code_or_name: str) -> dict:
    for path in sorted(forms_dir().glob("*.toml")):
        with path.open("rb") as f:
            data = tomllib.load(f)
        if code_or_name in (path.stem, data["code"]):
            data["name"] = path.stem
            return data
    raise refuse("no_form", f"没有表单 {code_or_name}。", f"There is no form {code_or_name}.")


def styles() -> dict[str, ParagraphStyle]:
    register_font()
    # wordWrap="CJK" is the hook through which typeset.Typeset breaks lines by the Chinese rules
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=12.5, wordWrap="CJK")
    return {"base": base, "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=10),
            "label": ParagraphStyle("label", parent=base, fontSize=8.5, leading=11.5, textColor=colors.HexColor("#37474f")),
            # a heading never stands alone at the foot of a page: it goes with what follows it
            "section": ParagraphStyle("section", parent=base, fontSize=10.5, leading=15, spaceBefore=6, spaceAfter=3,
                                      textColor=colors.HexColor("#0d47a1"), keepWithNext=1),
            "title": ParagraphStyle("title", parent=base, fontSize=15, leading=20, alignment=1),
            "letter": ParagraphStyle("letter", parent=base, fontSize=11, leading=18)}


def para(text, style: ParagraphStyle) -> Paragraph:
    """A paragraph of data or labels: per-character font fallback (``fonts``), Chinese line breaking
    (``typeset``)."""
    return typeset.Typeset(fonts.markup(str(text or "")), style)


@dataclass
class Page:
    """What every page of one document says besides its body."""

    company: str
    title: str
    code: str
    version: str
    number: str
    printed_by: str
    printed_at: str  # ISO time to the second; the footer shows it with a space for the T
    qr: str | None
    changes_note: str = ""
    logo: bytes | None = None


class RecordStart(Flowable):
    """Invisible marker at the start of one record in a batch: from here on, page headers, the QR code and
    'page x / y' belong to this record, so every sheet of a batch print identifies its complaint."""

    def __init__(self, page: Page) -> None:
        super().__init__()
        self.page = page
        self.width = self.height = 0

    def draw(self) -> None:
        self.canv._qa_page = self.page


def _numbered_canvas(page: Page):
    class NumberedCanvas(canvas.Canvas):
        """Two passes: pages are kept until the end so each can say 'page x / y' (per record in a batch)."""

        def __init__(self, *args, **kwargs):
            register_font()
            # no unembedded Helvetica in a controlled record: the doc template passes initialFontName=None, which
            # a setdefault would keep, and reportlab's canvas then names Helvetica in its preamble
            kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []
            self._qa_page = page
            self._qa_missing: set[str] = set()  # code points drawn as placeholders on this page
            self.setNamedCB(fonts.MISSING_CB, lambda canv, kind, label: canv._qa_missing.add(label))

        def showPage(self):  # noqa: N802 (reportlab)
            self._saved.append(dict(self.__dict__))
            self._qa_missing = set()
            self._startPage()

        def save(self):
            totals: dict[int, int] = {}
            for state in self._saved:
                totals[id(state["_qa_page"])] = totals.get(id(state["_qa_page"]), 0) + 1
            seen: dict[int, int] = {}
            for state in self._saved:
                self.__dict__.update(state)
                key = id(self._qa_page)
                seen[key] = seen.get(key, 0) + 1
                self._decorate(self._qa_page, seen[key], totals[key])
                super().showPage()
            super().save()

        def _decorate(self, page: Page, number: int, total: int) -> None:
            w, h = self._pagesize
            self.setFont(FONT, 8)
            self.setFillColor(colors.HexColor("#263238"))
            x = 15 * mm
            shown = usable_logo(page.logo) if page.logo else None
            if shown:
                image = ImageReader(io.BytesIO(shown))
                iw, ih = image.getSize()
                height = 8 * mm
                self.drawImage(image, x, h - 14.5 * mm, width=height * iw / ih, height=height, mask="auto")
                x += height * iw / ih + 2 * mm
            lost = self._qa_missing
            lost |= {fonts.code(c) for c in fonts.draw(self, x, h - 10 * mm, page.company, 8)}
            fonts.draw(self, w - 15 * mm, h - 10 * mm, f"{page.code}  版本 Version {page.version}", 8, align="right")
            # under the company: long titles never collide
            lost |= {fonts.code(c) for c in fonts.draw(self, x, h - 14.3 * mm, page.title, 9)}
            if page.number:
                fonts.draw(self, w - 15 * mm, h - 14 * mm, f"投诉编号 No. {page.number}", 9, align="right")
            self.line(15 * mm, h - 16 * mm, w - 15 * mm, h - 16 * mm)
            self.line(15 * mm, 14 * mm, w - 15 * mm, 14 * mm)
            printed = page.printed_at.replace("T", " ")
            lost |= {fonts.code(c) for c in fonts.draw(
                self, 15 * mm, 10 * mm, f"打印人 Printed by: {page.printed_by}    打印时间 Printed at: {printed}"
                + (f"    {page.changes_note}" if page.changes_note else ""), 7.5)}
            self.drawRightString(w - 15 * mm, 10 * mm, f"第 {number} / {total} 页  Page {number} / {total}")
            if lost:  # the placeholders of this page, named where a reader of this sheet sees them
                note = fonts.missing_note(sorted(lost, key=lambda c: int(c[2:], 16)), w - 30 * mm, 6.5)
                self.setFillColor(colors.HexColor(fonts.PLACEHOLDER_COLOR))
                fonts.draw(self, 15 * mm, 15 * mm, note, 6.5)
                self.setFillColor(colors.HexColor("#263238"))
            if page.qr and number == 1:
                size = 22 * mm
                draw_qr(self, page.qr, w - 15 * mm - size, h - 18 * mm - size, size)

    return NumberedCanvas


QR_BORDER = 4  # modules of quiet zone around the code, as reportlab's QrCodeWidget draws it


_RUN = re.compile(r"0{5,}|1{5,}")
_BITS = bytes.maketrans(b"\x00\x01", b"01")
_FINDER = re.compile("10111010000")


def _lost_point(modules: list[list[bool]]) -> int:
    """reportlab's ``QRUtil.getLostPoint`` (the penalty a mask is chosen by), on strings and bit masks instead
    of lists: the same score, about ten times faster. Same rules, same quirks: runs of five or more in rows and
    columns (length - 2), 2x2 blocks (3 each), the finder-like pattern 1011101 0000 read left to right in rows
    only (reportlab compares a column, a tuple, with a list: never equal), without a row's last module (40
    each), and the dark share in steps of 5 %."""
    n = len(modules)
    rows = [bytes(row).translate(_BITS).decode() for row in modules]
    cols = ["".join(col) for col in zip(*rows, strict=True)]
    score = sum(len(m.group()) - 2 for line in (*rows, *cols) for m in _RUN.finditer(line))
    bits = [int(r, 2) for r in rows]
    inner = (1 << (n - 1)) - 1
    for a, b in itertools.pairwise(bits):
        score += 3 * _blocks(a, b, inner)
    score += 40 * sum(len(_FINDER.findall(line[:-1])) for line in rows)
    dark = sum(r.count("1") for r in rows)
    return score + 10 * (abs(100 * dark // (n * n) - 50) // 5)


def _blocks(a: int, b: int, inner: int) -> int:
    """2x2 blocks of one colour between two rows (as bit masks; bit j and j+1 of each)."""
    vertical = ~(a ^ b)  # row a and row b agree at this column
    across = ~(a ^ (a >> 1))  # column j and j+1 agree in row a
    return (vertical & (vertical >> 1) & across & inner).bit_count()


class _QRCode(qrencoder.QRCode):
    def getBestMaskPattern(self):  # noqa: N802 (reportlab)
        best, pattern = 0, 0
        for i in range(8):
            self.makeImpl(True, i)
            lost = _lost_point(self.modules)
            if i == 0 or best > lost:
                best, pattern = lost, i
        return pattern


def qr_modules(text: str) -> list[list[bool]]:
    """The QR code's module matrix (rows, True for dark), as reportlab's QrCodeWidget encodes it: level L, the
    smallest version that holds the text, the best mask (scored by ``_lost_point``)."""
    qr = _QRCode(None, qrencoder.QRErrorCorrectLevel.L)
    qr.addData(text)
    qr.make()
    return [[bool(m) for m in row] for row in qr.modules]


def draw_qr(canv, text: str, x: float, y: float, size: float) -> None:
    """The QR code in a ``size`` square at (x, y), quiet zone included: encoded once and drawn as one filled
    path of the dark runs of each row, its rectangles in whole module units. (QrCodeWidget in a Drawing encoded it twice, once for its bounds, and
    built a validated shape object per run: 0.1 s of a receipt's 0.15 s in a batch print.)"""
    modules = qr_modules(text)
    side = len(modules) + 2 * QR_BORDER
    # in module units (integers, written as they are: no float formatting per rectangle), row 0 at the top
    ops = []
    for r, row in enumerate(modules):
        c = 0
        for dark, run in itertools.groupby(row):
            count = sum(1 for _ in run)
            if dark:
                ops.append(f"{c + QR_BORDER} {side - r - QR_BORDER - 1} {count} 1 re")
            c += count
    canv.saveState()
    canv.setFillColor(colors.black)
    canv.transform(size / side, 0, 0, size / side, x, y)
    canv.addLiteral("\n".join(ops) + "\nf")
    canv.restoreState()


def build(out: Path, story: list, page: Page, *, orientation: str = "portrait") -> Path:
    size = landscape(A4) if orientation == "landscape" else A4
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    doc = SimpleDocTemplate(str(tmp), pagesize=size, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=20 * mm,
                            bottomMargin=18 * mm, title=page.title, author=page.company or "QA Desk",
                            subject=page.number, creator="QA Desk", initialFontName=FONT)
    with laid_out(page.number):
        doc.build(keep_headings(story), canvasmaker=_numbered_canvas(page))
    tmp.replace(out)
    return out


@contextmanager
def laid_out(number: str):
    """reportlab's LayoutError (a block taller than a page: no record text the app saves makes one, but a value
    written into the file with sqlite3 can) as the domain's refusal, in both languages, instead of a traceback."""
    try:
        yield
    except LayoutError as exc:
        what = f"（{number}）" if number else ""
        what_en = f" ({number})" if number else ""
        raise refuse("print_layout", f"打印件{what}中有一项内容比一整页还高，无法排版；未生成文件。请运行 qa-desk verify 检查数据。",
                     f"Something in the printout{what_en} is taller than a whole page and cannot be laid out; no "
                     "file was written. Run qa-desk verify to check the data.") from exc


class WithFirstPart(Flowable):
    """A heading and what follows it, as one flowable that splits where the body splits: the heading goes to
    the next page only when not even the first row of its table fits under it. (reportlab's keepWithNext
    moves the heading with the whole table, leaving a third of a page empty before a long one.)"""

    def __init__(self, head: Flowable, body: Flowable) -> None:
        super().__init__()
        self.head, self.body = head, body
        self._hh = self._bh = self._bw = 0.0

    def _gap(self) -> float:
        return max(self.head.getSpaceAfter(), self.body.getSpaceBefore())

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab)
        _, self._hh = self.head.wrapOn(self.canv, availWidth, availHeight)
        self._bw, self._bh = self.body.wrapOn(self.canv, availWidth, availHeight - self._hh - self._gap())
        self.width, self.height = availWidth, self._hh + self._gap() + self._bh
        return self.width, self.height

    def getSpaceBefore(self):  # noqa: N802 (reportlab)
        return self.head.getSpaceBefore()

    def getSpaceAfter(self):  # noqa: N802 (reportlab)
        return self.body.getSpaceAfter()

    def split(self, availWidth, availHeight):  # noqa: N803 (reportlab)
        _, hh = self.head.wrapOn(self.canv, availWidth, availHeight)
        parts = self.body.split(availWidth, availHeight - hh - self._gap())
        if not parts:
            return []  # not even a first part fits: all of it to the next page, heading included
        return [WithFirstPart(self.head, parts[0]), *parts[1:]]

    def draw(self) -> None:
        # _sW: the slack the frame would have given the table, so it is aligned (centred) as it would be alone
        self.body.drawOn(self.canv, 0, 0, _sW=self.width - self._bw)
        self.head.drawOn(self.canv, 0, self._bh + self._gap())


def keep_headings(story: list) -> list:
    """Each heading (a paragraph whose style says keepWithNext) joined with the flowable after it."""
    out: list = []
    i = 0
    while i < len(story):
        item = story[i]
        nxt = story[i + 1] if i + 1 < len(story) else None
        if (isinstance(item, Paragraph) and getattr(item.style, "keepWithNext", 0) and nxt is not None
                and not getattr(nxt, "locChanger", False) and not isinstance(nxt, RecordStart)):  # a page break
            out.append(WithFirstPart(item, nxt))
            i += 2
            continue
        out.append(item)
        i += 1
    return out


LONG_FIELDS = {"description", "storage_use", "five_whys", "fishbone", "root_cause", "conclusion_note", "risk_note",
               "address", "no_investigation", "reportability_rationale", "class", "class_mapping", "attachments",
               "market_action_note", "reportable", "acknowledged", "request", "defect_type"}


CONTINUED = "（续）cont."
# characters of a long value per table row (about ten lines): a row cannot split across pages, so the shorter
# the rows, the less of a page is left empty where one does not fit
LONG_ROW_CHARS = 500


def chunks(text: str, size: int, max_lines: int | None = None) -> list[str]:
    """Cut a long text into pieces of at most ``size`` characters and ``max_lines`` lines (by default one line
    per 25 characters: a piece of short lines is as tall as one of long ones), at line ends where possible.

    A table row cannot break across pages in reportlab, so a text taller than a page would stop the print;
    one row per piece lets it flow onto as many pages as it needs, with nothing cut off. (The line cap: 5,000
    short lines of a pasted list are 10,000 characters, 20 pieces of 250 lines each, every one taller than a
    page.)"""
    max_lines = max_lines or max(1, size // 25)
    if len(text) <= size and text.count("\n") < max_lines:
        return [text]
    pieces, current, lines = [], "", 0
    for line in text.splitlines(keepends=True):
        while len(line) > size:
            if current:
                pieces.append(current)
                current, lines = "", 0
            cut = _cut(line, size)
            pieces.append(line[:cut])
            line = line[cut:]
        if current and (len(current) + len(line) > size or lines >= max_lines):
            pieces.append(current)
            current, lines = "", 0
        current += line
        lines += 1
    if current:
        pieces.append(current)
    return [p.rstrip("\n") for p in pieces]


def _cut(line: str, size: int) -> int:
    """Where to cut a line longer than a piece: at the last place a line may break (typeset's rules), so a
    batch number or a code is never split between two rows, nor a "。" sent to the start of the next."""
    for at in range(size, max(size - 60, 0), -1):
        if typeset.may_break(line[at - 1], line[at]):
            return at
    return size


def field_table(fields: list[list[str]], record: dict, st: dict, width: float, *, blank: bool = False) -> Table:
    """Label/value pairs, two to a row when both are short, one to a row when long; a blank form leaves
    room to write by hand."""
    rows, spans, pending = [], [], []

    def cell(key, zh, en):
        return [para(f"{zh} {en}", st["label"]), para(record.get(key, ""), st["base"])]

    for key, zh, en in fields:
        value = str(record.get(key, "") or "")
        if key in LONG_FIELDS or len(value) > 26 or blank and key in LONG_FIELDS:
            if pending:
                rows.append(pending + ["", ""])
                pending = []
            for i, piece in enumerate(chunks(value, LONG_ROW_CHARS) if value else [""]):
                label = f"{zh} {en}" if i == 0 else f"{zh} {en} {CONTINUED}"
                rows.append([para(label, st["label"]), para(piece, st["base"]), "", ""])
                spans.append(len(rows) - 1)
        else:
            pending += cell(key, zh, en)
            if len(pending) == 4:
                rows.append(pending)
                pending = []
    if pending:
        rows.append(pending + ["", ""])
    t = Table(rows, colWidths=[width * 0.17, width * 0.33, width * 0.17, width * 0.33],
              rowHeights=[16 * mm if blank and i in spans else None for i in range(len(rows))] if blank else None)
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#90a4ae")), ("FONTNAME", (0, 0), (-1, -1), FONT),
             ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eceff1")),
             ("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#eceff1")), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for i in spans:
        style += [("SPAN", (1, i), (3, i)), ("BACKGROUND", (1, i), (3, i), colors.white)]
    t.setStyle(TableStyle(style))
    return t


def data_table(columns: list, rows: list[dict], st: dict, width: float) -> Table:
    total = sum(c[3] for c in columns)
    header = [para(f"{zh}\n{en}", st["label"]) for _, zh, en, _ in columns]
    widths = [width * c[3] / total for c in columns]
    body, invalid = [], []
    for r in rows:
        # a cell's share of one page: about 30 lines of 7.5-point text in its column
        pieces = [chunks(str(r.get(key, "") or ""), max(60, int(w / 7.5) * 30), 30)
                  for (key, *_), w in zip(columns, widths, strict=True)]
        for i in range(max(len(p) for p in pieces)):
            if "INVALID" in str(r.get("state", "")):
                invalid.append(len(body) + 1)
            body.append([para(p[i] if i < len(p) else "", st["small"]) for p in pieces])
    if not body:
        body = [[para("（无）(none)", st["small"])] + [""] * (len(columns) - 1)]
    t = Table([header] + body, colWidths=widths, repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#90a4ae")), ("FONTNAME", (0, 0), (-1, -1), FONT),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eceff1")), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for i in invalid:
        style.append(("TEXTCOLOR", (0, i), (-1, i), colors.HexColor("#c62828")))
    t.setStyle(TableStyle(style))
    return t


def company(session: Session) -> str:
    name = settings.get(session.db, "company_name")
    return str(name) if name else "QA Desk"  # a number written into the setting with sqlite3 prints as one


LOGO_MAX_PIXELS = 4_000_000  # more is downscaled once per process: the page shows it 8 mm high
LOGO_LIMIT_PIXELS = settings.LOGO_MAX_PIXELS  # more is not decoded at all (the settings refuse it too)


def logo(db) -> bytes | None:
    """The company logo as the pages print it: PNG or JPEG bytes a PDF can embed, downscaled when very large;
    None when there is none or it cannot be read (a damaged file, base64 that does not decode, a picture of
    60 million pixels): the page then carries the company's name without it, never fails to print."""
    try:
        data = settings.logo_bytes(db)
    except (ValueError, TypeError):  # binascii.Error is a ValueError
        return None
    return usable_logo(data) if data else None


@lru_cache(maxsize=4)
def usable_logo(data: bytes) -> bytes | None:
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # refused below by its size
            im = Image.open(io.BytesIO(data))
        with im:
            w, h = im.size
            if not (0 < w * h <= LOGO_LIMIT_PIXELS):
                return None
            if w * h <= LOGO_MAX_PIXELS:
                im.load()  # a truncated or corrupt file fails here, not when the page is drawn
                return data
            im.draft("RGB", (2000, 2000))  # a JPEG decodes at a fraction of its size
            small = im.convert("RGBA") if im.mode not in ("RGB", "RGBA", "L") else im.copy()
            small.thumbnail((2000, 2000))
            out = io.BytesIO()
            small.save(out, "PNG")
            return out.getvalue()
    except Exception:  # noqa: BLE001 (whatever PIL raises for a file it cannot read: the page prints without it)
        return None
