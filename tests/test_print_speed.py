"""What the batch-print speed-ups (issue 15, item 5) must not change: the QR code's modules, the lines of a
paragraph, and what a batch PDF holds. No timings here (bench/bench_print.py measures them)."""

from __future__ import annotations

import random
import shutil
import string
import subprocess

import pytest
from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.pdfbase.pdfmetrics import stringWidth

from qa_desk.documents import fonts, forms, pdf, typeset
from tests import flows

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
ALPHABET = string.ascii_letters + string.digits + "|-:/+ 中文投诉℃。，"


def widget_modules(text: str) -> list[list[bool]]:
    widget = QrCodeWidget(text)
    widget.draw()
    return [[bool(m) for m in row] for row in widget.qr.modules]


def test_the_qr_code_has_the_modules_reportlab_s_widget_draws():
    rng = random.Random(15)
    texts = ["QADESK1|TS-2026-0001|QA-F-001|A/0|M|" + "ab12" * 16 + "|" + "cd" * 16 + "|12:" + "ef" * 32 + "|R2"]
    texts += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 240))) for _ in range(60)]
    for text in texts:
        assert pdf.qr_modules(text) == widget_modules(text), text


def test_the_mask_penalty_is_reportlab_s_for_every_mask():
    rng = random.Random(3)
    for _ in range(25):
        qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.L)
        qr.addData("".join(rng.choice(ALPHABET) for _ in range(rng.randint(20, 200))))
        qr.make()
        for mask in range(8):
            qr.makeImpl(True, mask)
            assert pdf._lost_point(qr.modules) == qrencoder.QRUtil.getLostPoint(qr)


def _slow_spans(chars, widths, width):
    """The line fill without the one-line shortcut: a width no text reaches first, then the real one."""
    return typeset._greedy(chars, widths, [width], [False] * len(chars))


def test_the_one_line_shortcut_gives_the_same_lines():
    fonts.register()
    rng = random.Random(9)
    for _ in range(300):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 60)))
        widths = [stringWidth(c, fonts.PRIMARY, 9) for c in text]
        for width in (40.0, 120.0, 400.0):
            got = typeset.spans(list(text), widths, width)
            # the shortcut applies only when all of it fits: the same span the full loop gives then
            if sum(widths) <= width:
                assert got == [(0, len(text.rstrip(" ")) or len(text))] if text else got == []
            assert got == _slow_spans(list(text), widths, width)


def test_a_paragraph_wrapped_twice_at_one_width_keeps_its_lines_and_breaks_anew_at_another():
    st = pdf.styles()
    p = pdf.para("投诉内容：瓶盖密封不严，运输后有渗漏。批号 3031112 的同批产品也有类似情况。" * 3, st["base"])
    p.wrap(120, 1000)
    first = p.blPara
    p.wrap(120, 1000)
    assert p.blPara is first
    p.wrap(300, 1000)
    assert p.blPara is not first and len(p.blPara.lines) < len(first.lines)
    assert not any(str(line.words[0].text if hasattr(line, "words") else "")[:1] in typeset.NO_START
                   for line in p.blPara.lines)


@needs_poppler
def test_a_batch_print_holds_every_record_with_its_own_pages(people, tmp_path):
    made = [flows.registered(people, description=f"第 {i} 条：温度不超过25 ℃，义齿𬌗垫。") for i in range(4)]
    out = forms.print_many(people["inspector"], [c["id"] for c in made], "receipt", tmp_path / "batch.pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for c in made:
        assert c["number"] in text
    assert text.count("第 1 / ") == 4  # each record numbers its own pages
    assert "℃" in text and "𬌗" in text
    fonts_out = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Helvetica" not in fonts_out


def _described(para_lines) -> list[tuple]:
    return [(round(ln.extraSpace, 6), round(ln.currentWidth, 6), ln.fontSize, ln.ascent, ln.descent, ln.lineBreak,
             [(w.text, w.fontName, w.fontSize) for w in ln.words]) for ln in para_lines.lines]


def test_a_one_line_paragraph_gets_the_line_the_per_character_path_makes(monkeypatch):
    st = pdf.styles()
    rng = random.Random(1)
    compared = 0
    for _ in range(300):
        p = pdf.para("".join(rng.choice(ALPHABET + "𬌗") for _ in range(rng.randint(1, 30))), st["base"])
        fast = typeset._one_line(p.frags, [300.0], False) if p.frags else None
        if fast is None:
            continue
        with monkeypatch.context() as m:
            m.setattr(typeset, "_one_line", lambda *a: None)
            slow = typeset.split_frags(p.frags, [300.0], False)
        assert _described(fast) == _described(slow)
        compared += 1
    assert compared > 200


@needs_poppler
def test_the_drawn_qr_code_shows_its_modules(tmp_path):
    """Each module's centre, rendered at 300 dpi, is dark exactly where the matrix says (the quiet zone light)."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    text = "QADESK1|TS-2026-0001|QA-F-001|A/0|M|" + "ab12" * 16 + "|-|0:" + "ef" * 32 + "|R2"
    out = tmp_path / "qr.pdf"
    c = canvas.Canvas(str(out), pagesize=(60 * mm, 60 * mm), initialFontName=pdf.FONT)
    x = y = 10 * mm
    size = 40 * mm
    pdf.draw_qr(c, text, x, y, size)
    c.showPage()
    c.save()
    subprocess.run(["pdftoppm", "-r", "300", "-gray", str(out), str(tmp_path / "qr")], check=True)
    data = next(tmp_path.glob("qr*.pgm")).read_bytes()
    magic, w, h, _, pixels = data.split(maxsplit=4)
    w, h = int(w), int(h)
    modules = pdf.qr_modules(text)
    side = len(modules) + 2 * pdf.QR_BORDER
    box = size / side
    scale = 300 / 72

    def dark(col: int, row: int) -> bool:  # col, row in modules from the top left, quiet zone included
        px = int((x + (col + 0.5) * box) * scale)
        py = int((60 * mm - (y + size - (row + 0.5) * box)) * scale)
        return pixels[py * w + px] < 128

    assert magic == b"P5" and h > 0
    for r in range(side):
        for col in range(side):
            inside = pdf.QR_BORDER <= r < side - pdf.QR_BORDER and pdf.QR_BORDER <= col < side - pdf.QR_BORDER
            want = inside and modules[r - pdf.QR_BORDER][col - pdf.QR_BORDER]
            assert dark(col, r) == want, (r, col)
