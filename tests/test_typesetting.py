"""Chinese typesetting of the printed records (issue 15, item 2): no closing mark starts a line, no opening
mark ends one, codes and numbers stay whole, a heading goes with what follows it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from qa_desk.documents import forms, pdf, typeset
from tests import flows

NO_LINE_START = "。，、；：？！）」』》"
NO_LINE_END = "（「『《"
SENTENCE = ("投诉人反映：产品在储存过程中（温度不超过25℃）出现变色现象，要求退货、赔偿；我们已启动CAPA程序！"
            "涉及批号3031112、3031113、3031114，是否需要召回？「暂停销售」已通知，『复核』由质量部完成，《报告》另附。")
LONG = SENTENCE * 12
CODES = ("CAPA", "3031112", "3031113", "3031114", "25℃")


def lines_of_paragraph(text: str, width: float, style) -> list[str]:
    """The lines reportlab lays out for one of our paragraphs (the same objects it draws)."""
    p = pdf.para(text, style)
    p.wrap(width, 10_000)
    return ["".join(f.text for f in line.words) for line in p.blPara.lines]


def check_lines(lines: list[str]) -> None:
    assert len(lines) > 3
    for i, line in enumerate(lines):
        assert line, i
        assert line[0] not in NO_LINE_START, (i, line)
        assert line[-1] not in NO_LINE_END, (i, line)
    joined = "\n".join(lines)
    for code in CODES:
        assert joined.replace("\n", "").count(code) == joined.count(code), code  # never cut by a line end


@pytest.mark.parametrize("width", [60, 97, 131, 157, 203, 260, 333, 451])
def test_paragraph_lines_follow_the_rules_at_every_width(width):
    st = pdf.styles()
    for style in ("base", "small", "letter"):
        lines = lines_of_paragraph(LONG, width, st[style])
        check_lines(lines)
        assert "".join(lines) == LONG  # nothing lost, nothing added


def test_default_reportlab_wrap_breaks_the_rules():
    """The check is not vacuous: reportlab's own wrap of the same text puts marks at line starts."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    pdf.register_font()
    p = Paragraph(LONG, ParagraphStyle("plain", fontName=pdf.FONT, fontSize=9, leading=12))
    p.wrap(157, 10_000)
    lines = [" ".join(w.text if hasattr(w, "text") else str(w) for w in line[1]) if isinstance(line, tuple)
             else "".join(f.text for f in line.words) for line in p.blPara.lines]
    assert any(line and line[0] in NO_LINE_START for line in lines)


def test_break_points_keep_codes_marks_and_spaces():
    text = "批号3031112、CAPA。（见附件）QA-F-001 0.25g"
    points = typeset.break_points(text)
    starts = {text[i] for i in points}
    assert not starts & set(NO_LINE_START)
    assert all(text[i - 1] not in NO_LINE_END for i in points)
    for code in ("3031112", "CAPA", "QA-F-001", "0.25g"):
        at = text.index(code)
        assert not any(at < i < at + len(code) for i in points), code
    assert text.index("0.25g") in points  # after a space


def test_a_code_longer_than_its_cell_is_cut_not_lost():
    digest = "9f" * 40
    lines = typeset.lines_of(digest, 60, pdf.FONT, 9)
    assert len(lines) > 1 and "".join(lines) == digest


def test_line_breaks_and_fallback_fonts_inside_a_paragraph():
    st = pdf.styles()
    lines = lines_of_paragraph("第一行，义齿𬌗垫变形\n第二行：温度20℃。", 400, st["base"])
    assert lines == ["第一行，义齿𬌗垫变形", "第二行：温度20℃。"]


needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


def pdf_lines(path: Path) -> list[str]:
    """The text lines poppler finds on the pages (pdftotext -bbox-layout: blocks, lines, words)."""
    import re

    html = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return ["".join(re.findall(r"<word [^>]*>([^<]*)</word>", line))
            for line in re.findall(r"<line [^>]*>(.*?)</line>", html, flags=re.S)]


@needs_poppler
def test_a_long_chinese_complaint_prints_with_no_mark_at_a_line_start(people, tmp_path):
    c = flows.registered(people, description=LONG, request="要求退货，并书面答复（加盖公章）。")
    out = forms.print_complaint(people["inspector"], c["id"], "receipt", tmp_path / "r.pdf", masked=False)
    lines = pdf_lines(out)
    body = [line for line in lines if any(ch in SENTENCE for ch in line) and len(line) > 8]
    assert len(body) > 15  # the complaint wraps over many lines
    for line in lines:
        assert line[0] not in NO_LINE_START, line
        assert line[-1] not in NO_LINE_END, line
    for code in CODES:  # never cut by a line end
        assert sum(line.count(code) for line in lines) == LONG.count(code), code


def test_a_heading_goes_to_the_next_page_with_what_follows(tmp_path):
    """A section heading at the foot of a page moves to the next page with its table."""
    from pypdf import PdfReader

    st = pdf.styles()
    width = 180 * mm
    fill = [Spacer(1, 238 * mm)]  # the heading lands in the last few millimetres of page 1
    story = fill + [pdf.para("投诉内容 The complaint", st["section"]),
                    pdf.field_table([["description", "投诉内容", "Complaint"]], {"description": LONG}, st, width)]
    out = pdf.build(tmp_path / "k.pdf", story, pdf.Page("公司", "标题", "F", "1", "N1", "me", "now", None))
    pages = [page.extract_text() for page in PdfReader(str(out)).pages]
    assert "投诉内容 The complaint" not in pages[0]
    assert "投诉内容 The complaint" in pages[1]


@needs_poppler
def test_a_paragraph_split_across_pages_keeps_every_character_and_the_rules(tmp_path):
    st = pdf.styles()
    text = (LONG + "\n") * 4
    out = pdf.build(tmp_path / "letter.pdf", [pdf.para(text, st["letter"])],
                    pdf.Page("公司", "答复函", "F", "1", "N1", "me", "now", None))
    lines = pdf_lines(out)
    body = [line for line in lines if any(ch in SENTENCE for ch in line[:3])]
    from pypdf import PdfReader

    assert len(PdfReader(str(out)).pages) >= 2  # the paragraph itself was split by the page end
    assert sum(line.count("3031112") for line in body) == text.count("3031112")
    assert not [line for line in lines if line[0] in NO_LINE_START]


def test_a_heading_stays_with_the_first_rows_that_fit_and_the_table_flows_on(tmp_path):
    """No third of a page left empty: when the first rows fit under the heading, both stay on the page and
    the table goes on over the next."""
    from pypdf import PdfReader

    st = pdf.styles()
    width = 180 * mm
    rows = [{"n": f"第 {i} 行", "v": "样品外观检查：无异常。"} for i in range(60)]
    story = [Spacer(1, 200 * mm), pdf.para("交接记录 Custody", st["section"]),
             pdf.data_table([["n", "序号", "No.", 1], ["v", "内容", "Entry", 4]], rows, st, width)]
    out = pdf.build(tmp_path / "k.pdf", story, pdf.Page("公司", "标题", "F", "1", "N1", "me", "now", None))
    pages = [page.extract_text() for page in PdfReader(str(out)).pages]
    assert "交接记录 Custody" in pages[0] and "第 0 行" in pages[0]
    assert "第 59 行" in pages[-1] and len(pages) >= 2
