"""How a reply letter (答复函) looks: letterhead, addressee, body, the signature and seal lines, and its pages.

``letter.py`` decides what a letter says (``Letter``); this draws it with reportlab's platypus, in the bundled
fonts (``pdf.para``: fallback font and placeholders included), with no header band, QR code or footer of the
controlled forms: a letter's pages carry only "page x of y" in its language when it runs on.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Frame, Image, KeepTogether, PageTemplate, Paragraph, Spacer, Table, TableStyle

from qa_desk.documents import fonts, pdf

LETTER_MARGINS = (22 * mm, 22 * mm, 18 * mm, 20 * mm)  # left, right, top, bottom: a letter's, no header band
FILE_MARGINS = (15 * mm, 15 * mm, 20 * mm, 18 * mm)  # the controlled forms' (pdf.build): room for their header
SEAL_RADIUS = 19 * mm  # a round company seal is 38–42 mm across


@dataclass(frozen=True)
class Letter:
    """Everything printed on one letter, in its one language (``None`` fields are left off)."""

    lang: str
    words: dict
    number: str
    letterhead: dict
    logo: bytes | None
    addressee: list[str]
    salutation: str | None
    subject: str
    reference: str
    date: str
    body: list[str]
    closing: list[str]
    signer: str
    signer_title: str

    @property
    def zh(self) -> bool:
        return self.lang.startswith("zh")


# --- how a letter looks ---------------------------------------------------------------------------------

def _styles() -> dict[str, ParagraphStyle]:
    base = pdf.styles()["letter"]  # the bundled font, registered once; 11 pt on 18
    grey = colors.HexColor("#455a64")
    return {"body": base,
            "zh_body": ParagraphStyle("zh_body", parent=base, firstLineIndent=22),  # two characters
            "en_body": ParagraphStyle("en_body", parent=base, spaceAfter=4),
            "right": ParagraphStyle("right", parent=base, alignment=2),
            "center": ParagraphStyle("center", parent=base, fontSize=14, leading=22, alignment=1, spaceAfter=2),
            "head_name": ParagraphStyle("head_name", parent=base, fontSize=17, leading=22,
                                        textColor=colors.HexColor("#0d3c6e")),
            "head_info": ParagraphStyle("head_info", parent=base, fontSize=8.5, leading=12, textColor=grey),
            "small_right": ParagraphStyle("small_right", parent=base, fontSize=9.5, leading=14, alignment=2,
                                          textColor=grey)}


def _logo(data: bytes | None, height: float) -> Image | None:
    if not data:
        return None
    try:
        iw, ih = ImageReader(io.BytesIO(data)).getSize()
    except Exception:  # a logo that cannot be read leaves the letterhead without it, never stops the letter
        return None
    return Image(io.BytesIO(data), width=height * iw / ih, height=height, mask="auto")


def _phone(phone: str, zh: bool) -> str:
    """An extension written 转 (or 分机) reads "ext." on an English letter, and the reverse."""
    if zh:
        return re.sub(r"\s*\b(?:ext\.?|x)\s*(\d+)$", r" 转 \1", phone, flags=re.IGNORECASE)
    return re.sub(r"\s*(?:转|分机)\s*", " ext. ", phone).strip()


def _letterhead(letter: Letter, st: dict, width: float) -> Flowable:
    head, w = letter.letterhead, letter.words
    gap = "\u00a0" * 4 if letter.zh else "\u00a0\u00a0\u00b7\u00a0\u00a0"  # no-break spaces: a paragraph keeps them
    def item(label: str, value: str) -> str:  # a label never ends a line apart from its value
        return f"{label.rstrip()}\u00a0{value}" if label.endswith(" ") else f"{label}{value}"

    contact = gap.join(x for x in (
        item(w["phone_label"], _phone(head["phone"], letter.zh)) if head["phone"] else "",
        item(w["email_label"], head["email"]) if head["email"] else "") if x)
    # the address on its line, the contact on the next: a line never breaks inside a number or an address
    info = "\n".join(x for x in (item(w["address_label"], head["address"]) if head["address"] else "", contact) if x)
    text = [pdf.para(head["name"] or "QA Desk", st["head_name"])]  # "QA Desk": pdf.company's default
    if info:
        text.append(pdf.para(info, st["head_info"]))
    logo = _logo(letter.logo, 16 * mm)
    cells, widths = ([[logo, text]], [logo.drawWidth + 4 * mm, None]) if logo else ([[text]], [width])
    if logo:
        widths[1] = width - widths[0]
    t = Table(cells, colWidths=widths)
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), pdf.FONT),  # a table's own default is Helvetica
                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                           ("LINEBELOW", (0, 0), (-1, 0), 1.2, colors.HexColor("#0d3c6e"))]))
    return Whole(t, [pdf.para(head["name"] or "QA Desk", st["head_name"]),
                     *([pdf.para(info, st["head_info"])] if info else [])])


class Whole(Flowable):
    """A block drawn whole (the letterhead, the signature and seal block) that, only when it is taller than a
    whole page (a company or signer name of thousands of characters written into the file), is laid out as its
    plain paragraphs instead, which flow across pages: the letter prints, nothing is lost. Until then it is
    never split: reportlab first moves a block that does not fit to the next page (``_postponed``)."""

    def __init__(self, block: Flowable, plain: list[Flowable]) -> None:
        super().__init__()
        self.block, self.plain = block, plain

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab)
        self.width, self.height = self.block.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height

    def getSpaceBefore(self):  # noqa: N802 (reportlab)
        return self.block.getSpaceBefore()

    def getSpaceAfter(self):  # noqa: N802 (reportlab)
        return self.block.getSpaceAfter()

    def split(self, availWidth, availHeight):  # noqa: N803 (reportlab)
        at_top = getattr(getattr(self, "_frame", None), "_atTop", 0)
        if not (at_top or getattr(self, "_postponed", 0)):
            return []  # to the top of the next page, whole
        # taller than a whole page: its paragraphs, which flow on (the first part must fit where it stands)
        first, rest = self.plain[0], self.plain[1:]
        first.canv = self.canv
        parts = [first] if first.wrap(availWidth, availHeight)[1] <= availHeight else first.split(availWidth, availHeight)
        return [*parts, *rest] if parts else []

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802, N803 (reportlab)
        self.block.drawOn(canvas, x, y, _sW)


class SealBlock(Flowable):
    """The signature lines and, below them, the seal lines with a dashed circle where the company seal goes:
    over the company name and date (落款) on a Chinese letter, beside "Company seal:" on an English one."""

    def __init__(self, top: list[Paragraph], seal: list[Paragraph], *, block_width: float, right: bool,
                 beside: float | None = None) -> None:
        super().__init__()
        self.top, self.seal, self.block_width, self.right, self.beside = top, seal, block_width, right, beside

    def wrap(self, available_width, available_height):
        self.avail = available_width
        self.heights = [p.wrap(self.block_width, available_height)[1] for p in self.top + self.seal]
        seal_rows = sum(self.heights[len(self.top):])
        self.seal_height = max(seal_rows, 2 * SEAL_RADIUS + 4 * mm)
        self.height = sum(self.heights[:len(self.top)]) + 4 * mm + self.seal_height
        self.width = available_width
        return self.width, self.height

    def draw(self) -> None:
        x0 = self.avail - self.block_width if self.right else 0
        y = self.height
        for p, h in zip(self.top, self.heights, strict=False):
            y -= h
            p.drawOn(self.canv, x0, y)
        y -= 4 * mm
        seal_rows = sum(self.heights[len(self.top):])
        mid = y - self.seal_height / 2
        row_y = mid + seal_rows / 2
        for p, h in zip(self.seal, self.heights[len(self.top):], strict=True):
            row_y -= h
            p.drawOn(self.canv, x0, row_y)
        if self.beside is not None:  # beside the "Company seal:" label
            cx = x0 + self.beside + SEAL_RADIUS + 4 * mm
        else:  # over the middle of the company name and the date, where a seal is stamped
            cx = x0 + min(self.block_width, max(stringWidth(p.getPlainText(), p.style.fontName, p.style.fontSize)
                                                for p in self.seal)) / 2
        self.canv.saveState()
        self.canv.setStrokeColor(colors.HexColor("#b0bec5"))
        self.canv.setDash(3, 2)
        self.canv.setLineWidth(0.6)
        self.canv.circle(cx, mid, SEAL_RADIUS)
        self.canv.restoreState()


def _one_line(text: str, style: ParagraphStyle, width: float) -> bool:
    _, height = pdf.para(text, style).wrap(width, 10_000)
    return height <= style.leading * 1.5


def _seal_lines(company: str, mark: str, style: ParagraphStyle, width: float) -> list[Paragraph]:
    """落款: the company name with the seal mark after it on one line when both fit; else the mark on a line of
    its own, so "（盖章）" is never broken ("（盖" / "章）") by a long name."""
    if _one_line(f"{company}{mark}", style, width):
        return [pdf.para(f"{company}{mark}", style)]
    return [pdf.para(company, style), pdf.para(mark, style)]


def _sign_off(letter: Letter, st: dict, width: float, *, seal_area: bool) -> list:
    """The signature and seal lines; ``seal_area=False`` (the file copy) leaves out the circle."""
    w = letter.words
    name = w["signer"].format(name=letter.signer) if letter.signer else ""
    company = letter.letterhead["name"] or "QA Desk"
    style = st["body"]
    if letter.zh:
        who = f"{name}（{letter.signer_title}）" if name else letter.signer_title
        top = [pdf.para(who, style), pdf.para(w["signature"], style)]
        block_width = min(width * 0.55, 95 * mm)
        seal = [*_seal_lines(company, w["seal"], style, block_width), pdf.para(letter.date, style)]
        right = ParagraphStyle("signoff", parent=style, alignment=2)
        plain = [pdf.para(x, right) for x in (who, w["signature"], f"{company}{w['seal']}", letter.date)]
        if not seal_area:
            rows = Table([[p] for p in top + seal], colWidths=[block_width], hAlign="RIGHT",
                         style=[("FONTNAME", (0, 0), (-1, -1), pdf.FONT)])
            return [Spacer(1, 4 * mm), Whole(rows, plain)]
        return [Spacer(1, 6 * mm), Whole(SealBlock(top, seal, block_width=block_width, right=True), plain)]
    top = [pdf.para(x, style) for x in (w["signature"], name, letter.signer_title, company) if x]
    if not seal_area:
        return [Spacer(1, 6 * mm), *top, pdf.para(w["seal"], style)]
    beside = stringWidth(w["seal"], style.fontName, style.fontSize)
    block = SealBlock(top, [pdf.para(w["seal"], style)], block_width=width * 0.6, right=False, beside=beside)
    plain = [pdf.para(x, style) for x in (w["signature"], name, letter.signer_title, company, w["seal"]) if x]
    return [Spacer(1, 12 * mm), Whole(block, plain)]  # room above the line to sign


def letter_story(letter: Letter, width: float, *, letterhead: bool = True) -> list:
    """One letter as flowables (new ones on every call: a flowable is drawn once). ``letterhead=False`` for the
    file copy, whose page header already names the company."""
    st, w = _styles(), letter.words
    story: list = []
    if letterhead:
        story += [_letterhead(letter, st, width), Spacer(1, 8 * mm)]
    if not letter.zh:
        story += [pdf.para(letter.date, st["right"]), Spacer(1, 4 * mm)]
    story += [pdf.para(line, st["body"]) for line in letter.addressee]
    story += [Spacer(1, 7 * mm)]
    if letter.zh:
        story += [pdf.para(letter.subject, st["center"]), pdf.para(letter.reference, st["small_right"]),
                  Spacer(1, 4 * mm)]
    else:
        story += [pdf.para(letter.reference, st["body"]), pdf.para(letter.subject, st["body"]), Spacer(1, 4 * mm)]
    if letter.salutation:
        story.append(pdf.para(letter.salutation, st["body"]))
    body_style = st["zh_body"] if letter.zh else st["en_body"]
    for line in letter.body:
        text = line.strip().lstrip("\u3000")
        if not text:
            story.append(Spacer(1, 3 * mm))
        elif any(text.startswith(m) for m in w["salutation_marks"]):
            story.append(pdf.para(text, st["body"]))
        else:
            story.append(pdf.para(text, body_style))
    closing = []
    for i, line in enumerate(letter.closing):  # 此致 indented, 敬礼！ at the margin: the usual form
        closing.append(pdf.para(line, st["zh_body"] if letter.zh and i == 0 else st["body"]))
    # the closing, the signature and the seal stay together: never a signature alone at the top of a page
    story.append(KeepTogether([Spacer(1, 3 * mm), *closing, *_sign_off(letter, st, width, seal_area=letterhead)]))
    return story


# --- pages ----------------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class LetterPage:
    """The marker of a letter's pages: no header, no QR, only 'page x of y' in its language when it runs on."""

    lang: str
    words: dict
    number: str

    def decorate(self, canv, number: int, total: int) -> None:
        w, _ = canv._pagesize
        canv.setFont(pdf.FONT, 8.5)
        canv.setFillColor(colors.HexColor("#546e7a"))
        if total > 1:
            canv.drawCentredString(w / 2, 11 * mm, self.words["page"].format(page=number, pages=total))
        lost = getattr(canv, "_qa_missing", set())
        if lost:  # a character no bundled font draws: its placeholder named on the page, in the letter's language
            codes = sorted(lost, key=lambda c: int(c[2:], 16))
            listed = "、".join(codes[:6]) + ("…" if len(codes) > 6 else "")
            canv.setFillColor(colors.HexColor(fonts.PLACEHOLDER_COLOR))
            fonts.draw(canv, LETTER_MARGINS[0], 15 * mm, self.words["missing_note"].format(codes=listed), 7)


def canvas_for(first):
    """pdf's numbered canvas (page x / y per part, the controlled header on the file copy), with the letter's
    pages drawn as a letter."""
    base = pdf._numbered_canvas(first)

    class LetterCanvas(base):
        def _decorate(self, page, number: int, total: int) -> None:
            if isinstance(page, LetterPage):
                page.decorate(self, number, total)
            else:
                super()._decorate(page, number, total)

    return LetterCanvas


def page_template(name: str, margins: tuple[float, float, float, float]) -> PageTemplate:
    left, right, top, bottom = margins
    w, h = A4
    return PageTemplate(id=name, frames=[Frame(left, bottom, w - left - right, h - top - bottom, id=name,
                                               leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)])


def frame_width(margins) -> float:
    return A4[0] - margins[0] - margins[1]
