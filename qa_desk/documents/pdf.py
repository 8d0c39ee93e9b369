"""PDF records with reportlab's platypus, driven by the form definitions in forms/*.toml.

Every page: A4, bilingual labels, company name, form code and version, complaint number, "page x / y",
printed by and printed at. The first page carries a QR code with the complaint number, the form and version and
the SHA-256 of the printed content, so a paper copy can be checked against the database (``check_paper``).
The CJK font ships with the app and is embedded as a subset; a character it lacks stops the print with a
message naming it, instead of vanishing from a controlled record.
"""

from __future__ import annotations

import io
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from qa_desk.core import settings
from qa_desk.core.errors import Problem, refuse
from qa_desk.core.session import Session
from qa_desk.paths import font_path, forms_dir

FONT = "WQYMicroHei"
QR_PREFIX = "QADESK1"


@lru_cache(maxsize=1)
def register_font() -> TTFont:
    """Register the bundled CJK font once per process (0.1–0.2 s)."""
    font = TTFont(FONT, str(font_path()), subfontIndex=0)
    pdfmetrics.registerFont(font)
    return font


def missing_glyphs(text: str) -> set[str]:
    font = register_font()
    glyphs = font.face.charToGlyph
    return {ch for ch in text if ch not in "\n\r\t" and ord(ch) not in glyphs}


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
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=12.5)
    return {"base": base, "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=10),
            "label": ParagraphStyle("label", parent=base, fontSize=8.5, leading=11.5, textColor=colors.HexColor("#37474f")),
            "section": ParagraphStyle("section", parent=base, fontSize=10.5, leading=15, spaceBefore=6, spaceAfter=3,
                                      textColor=colors.HexColor("#0d47a1")),
            "title": ParagraphStyle("title", parent=base, fontSize=15, leading=20, alignment=1),
            "letter": ParagraphStyle("letter", parent=base, fontSize=11, leading=18)}


def para(text, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


@dataclass
class Page:
    """What every page of one document says besides its body."""

    company: str
    title: str
    code: str
    version: str
    number: str
    printed_by: str
    printed_at: str
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
            kwargs.setdefault("initialFontName", FONT)  # no unembedded Helvetica in a controlled record
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []
            self._qa_page = page

        def showPage(self):  # noqa: N802 (reportlab)
            self._saved.append(dict(self.__dict__))
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
            if page.logo:
                image = ImageReader(io.BytesIO(page.logo))
                iw, ih = image.getSize()
                height = 8 * mm
                self.drawImage(image, x, h - 14.5 * mm, width=height * iw / ih, height=height, mask="auto")
                x += height * iw / ih + 2 * mm
            self.drawString(x, h - 10 * mm, page.company)
            self.drawRightString(w - 15 * mm, h - 10 * mm, f"{page.code}  版本 Version {page.version}")
            self.setFont(FONT, 9)
            self.drawString(x, h - 14.3 * mm, page.title)  # under the company: long titles never collide
            if page.number:
                self.drawRightString(w - 15 * mm, h - 14 * mm, f"投诉编号 No. {page.number}")
            self.line(15 * mm, h - 16 * mm, w - 15 * mm, h - 16 * mm)
            self.line(15 * mm, 14 * mm, w - 15 * mm, 14 * mm)
            self.setFont(FONT, 7.5)
            self.drawString(15 * mm, 10 * mm, f"打印人 Printed by: {page.printed_by}    打印时间 Printed at: {page.printed_at}"
                            + (f"    {page.changes_note}" if page.changes_note else ""))
            self.drawRightString(w - 15 * mm, 10 * mm, f"第 {number} / {total} 页  Page {number} / {total}")
            if page.qr and number == 1:
                widget = QrCodeWidget(page.qr)
                x0, y0, x1, y1 = widget.getBounds()
                size = 22 * mm
                d = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
                d.add(widget)
                d.drawOn(self, w - 15 * mm - size, h - 18 * mm - size)

    return NumberedCanvas


def build(out: Path, story: list, page: Page, *, orientation: str = "portrait") -> Path:
    size = landscape(A4) if orientation == "landscape" else A4
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    doc = SimpleDocTemplate(str(tmp), pagesize=size, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=20 * mm,
                            bottomMargin=18 * mm, title=page.title, author=page.company or "QA Desk",
                            subject=page.number, creator="QA Desk")
    doc.build(story, canvasmaker=_numbered_canvas(page))
    tmp.replace(out)
    return out


LONG_FIELDS = {"description", "storage_use", "five_whys", "fishbone", "root_cause", "conclusion_note", "risk_note",
               "address", "no_investigation", "reportability_rationale", "class", "class_mapping", "attachments",
               "market_action_note", "reportable", "acknowledged", "request", "defect_type"}


CONTINUED = "（续）cont."


def chunks(text: str, size: int) -> list[str]:
    """Cut a long text into pieces of at most ``size`` characters, at line ends where possible.

    A table row cannot break across pages in reportlab, so a text taller than a page would stop the print;
    one row per piece lets it flow onto as many pages as it needs, with nothing cut off."""
    if len(text) <= size:
        return [text]
    pieces, current = [], ""
    for line in text.splitlines(keepends=True):
        while len(line) > size:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:size])
            line = line[size:]
        if len(current) + len(line) > size:
            pieces.append(current)
            current = ""
        current += line
    if current:
        pieces.append(current)
    return [p.rstrip("\n") for p in pieces]


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
            for i, piece in enumerate(chunks(value, 1200) if value else [""]):
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
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#90a4ae")),
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
        pieces = [chunks(str(r.get(key, "") or ""), max(60, int(w / 7.5) * 30))
                  for (key, *_), w in zip(columns, widths, strict=True)]
        for i in range(max(len(p) for p in pieces)):
            if "INVALID" in str(r.get("state", "")):
                invalid.append(len(body) + 1)
            body.append([para(p[i] if i < len(p) else "", st["small"]) for p in pieces])
    if not body:
        body = [[para("（无）(none)", st["small"])] + [""] * (len(columns) - 1)]
    t = Table([header] + body, colWidths=widths, repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#90a4ae")),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eceff1")), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for i in invalid:
        style.append(("TEXTCOLOR", (0, i), (-1, i), colors.HexColor("#c62828")))
    t.setStyle(TableStyle(style))
    return t


def check_text(story_texts: list[str]) -> None:
    """Refuse to print a character the embedded font cannot draw (reportlab would silently drop it)."""
    bad: set[str] = set()
    for text in story_texts:
        bad |= missing_glyphs(text)
    if bad:
        chars = " ".join(f"{c} (U+{ord(c):04X})" for c in sorted(bad))
        raise refuse("missing_glyph", "记录中有字体无法打印的字符，未打印", "The record holds characters the font cannot "
                     "print; nothing was printed", [Problem(f"无法打印：{chars}；请改用常用字或拼音后重试",
                                                          f"cannot print: {chars}; replace them and print again", "text")])


def company(session: Session) -> str:
    return settings.get(session.db, "company_name") or "QA Desk"
