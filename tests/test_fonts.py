"""Every character a record may hold is drawn with a real glyph, on screen and on paper; one no bundled font
draws prints as a visible placeholder with its code point and never stops a print (issue 15, item 1)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from qa_desk.documents import fonts, forms
from qa_desk.paths import font_paths, resources_dir
from tests import flows

SYMBOLS = list("℃℉‰№±×÷µΩ≤≥～ⅠⅡⅢ") + [chr(c) for c in range(0x2460, 0x2474)]  # ①–⑳
NAMES = list("䶮𬌗𫖮𬍤𠮷鿏")
PINYIN = list("āáǎàōóǒòēéěèīíǐìūúǔùǖǘǚǜü")
NO_FONT = "\ue000"  # private use: no font of the chain has it
EXT_G = "\U00030000"  # CJK Extension G (Unicode 13), after the fallback font's 2017 repertoire


def tongyong() -> list[str]:
    lines = (resources_dir() / "fonts" / "tongyong_8105.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def gb2312() -> list[str]:
    """Every character of GB 2312 (rows 1–9 symbols, 16–87 hanzi), from Python's own codec."""
    out = []
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return [c for c in out if not unicodedata.category(c).startswith("Z")]  # U+3000 is a space


def test_the_lists_are_what_they_say():
    chars = tongyong()
    assert len(chars) == 8105 and len(set(chars)) == 8105 and all(len(c) == 1 for c in chars)
    assert chars[:5] == list("一乙二十丁") and "𬌗" in chars and "䶮" in chars
    hanzi = [c for c in gb2312() if 0x4E00 <= ord(c) <= 0x9FFF]
    assert len(hanzi) == 6763 and len(gb2312()) == 7444


def everything() -> dict[str, list[str]]:
    return {"8105": tongyong(), "GB 2312": gb2312(), "symbols": SYMBOLS, "names": NAMES, "pinyin": PINYIN}


def test_pdf_chain_draws_every_listed_character_with_an_outline():
    """The chain of the PDFs, judged on glyph outlines (glyf contours), not on the cmap."""
    for name, chars in everything().items():
        lost = [f"{c} U+{ord(c):04X}" for c in chars if fonts.font_of(c) is None]
        assert not lost, (name, lost[:20])
    primary = fonts.register()[0][1]
    assert 0x2103 not in primary and 0x2C317 not in primary  # ℃ and 𬌗 come from the fonts after it
    assert fonts.font_of("℃") == fonts.font_of("ǎ") == fonts.SYMBOLS
    assert fonts.font_of("𬌗") == fonts.font_of("䶮") == fonts.FALLBACK and fonts.font_of("中") == fonts.PRIMARY
    assert fonts.font_of(NO_FONT) is None and fonts.font_of(EXT_G) is None


def test_no_shipped_font_maps_a_visible_character_to_an_empty_glyph():
    """Qt picks a font per character by its cmap alone: a mapping to a glyph with no outline (the Debian
    Micro Hei's ℃ ℉ ǎ …) would draw a blank on screen. The shipped fonts have none (resources/fonts/build_fonts.py)."""
    from reportlab.pdfbase.ttfonts import TTFont

    for i, path in enumerate(font_paths()):
        face = TTFont(f"probe{i}", str(path), subfontIndex=0)
        drawn = fonts.outlined(face)
        empty = {cp for cp in face.face.charToGlyph if cp not in drawn
                 and not unicodedata.category(chr(cp)).startswith(("Z", "C"))}
        assert not empty, (path.name, sorted(f"U+{cp:04X}" for cp in empty)[:20])
    assert ord("℃") not in TTFont("probe", str(font_paths()[0]), subfontIndex=0).face.charToGlyph


def test_screen_chain_draws_every_listed_character_with_an_outline(qapp):
    """Qt takes, for each character, the first family of the application font whose cmap has it; that
    font's glyph must have a path (Qt's own font parser, independent of the PDF side)."""
    from PySide6.QtGui import QRawFont

    from qa_desk.ui.fonts import install_app_font, screen_families

    before = qapp.font()
    try:
        family = install_app_font(qapp)
        assert screen_families(qapp) == [family, "QA Desk Symbols", "QA Desk Fallback"]
        raws = [QRawFont(str(p), 24) for p in font_paths()]
        assert [r.familyName() for r in raws] == screen_families(qapp)
        for name, chars in everything().items():
            lost = []
            for c in chars:
                raw = next((r for r in raws if r.supportsCharacter(ord(c))), None)
                glyphs = raw.glyphIndexesForString(c) if raw else [0]
                if raw is None or glyphs[0] == 0 or raw.pathForGlyph(glyphs[0]).isEmpty():
                    lost.append(f"{c} U+{ord(c):04X}")
            assert not lost, (name, lost[:20])
    finally:
        qapp.setFont(before)


def test_runs_and_markup_split_by_font():
    text = "不超过20℃，义齿𬌗垫" + NO_FONT
    assert list(fonts.runs(text)) == [(fonts.PRIMARY, "不超过20"), (fonts.SYMBOLS, "℃"), (fonts.PRIMARY, "，义齿"),
                                      (fonts.FALLBACK, "𬌗"), (fonts.PRIMARY, "垫"), (None, NO_FONT)]
    markup = fonts.markup(text + "<&>")
    assert f'<font name="{fonts.SYMBOLS}">℃</font>' in markup and f'<font name="{fonts.FALLBACK}">𬌗</font>' in markup and "〔U+E000〕" in markup and "&lt;&amp;&gt;" in markup
    assert fonts.markup("普通文本\n第二行") == "普通文本<br/>第二行"
    assert fonts.markup("a\tb\r\nc") == "a b<br/>c"  # a tab is a space, a carriage return nothing
    assert fonts.missing(text) == {NO_FONT}
    # invisible characters (a right-to-left mark, a BOM in a file name) are not missing, and print as nothing
    assert fonts.missing("报告\u200f.pdf\ufeff") == set()


needs_poppler = pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("pdftotext") and shutil.which("pdffonts")),
                                   reason="poppler-utils not installed")


def pdffonts(path: Path) -> list[dict]:
    """pdffonts' table: one dict per font with its name, type and whether it is embedded."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    rows = []
    for line in out[2:]:
        parts = line.split()
        # name type [type2] encoding emb sub uni object ID
        rows.append({"name": parts[0], "emb": parts[-5], "line": line})
    return rows


def assert_all_embedded(path: Path) -> list[dict]:
    rows = pdffonts(path)
    assert rows, path
    assert all(r["emb"] == "yes" for r in rows), [r["line"] for r in rows]
    assert not any("Helvetica" in r["name"] or "Times" in r["name"] for r in rows), [r["line"] for r in rows]
    return rows


def words(path: Path, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    """pdftotext -bbox: each word with its box in points (x0, y0, x1, y1; y from the top)."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(pattern, html)]


def ink(path: Path, box: tuple[float, float, float, float], tmp: Path, page: int = 1, dpi: int = 200) -> int:
    """Dark pixels inside one word's box of the rendered page: an empty glyph leaves none."""
    from PIL import Image

    base = tmp / f"page{page}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", "-png", str(path),
                    str(base)], check=True)
    image = Image.open(f"{base}.png").convert("L")
    k = dpi / 72
    crop = image.crop((int(box[0] * k), int(box[1] * k), int(box[2] * k) + 1, int(box[3] * k) + 1))
    return sum(crop.histogram()[:128])


@needs_poppler
def test_a_record_with_degree_sign_and_rare_hanzi_prints_real_glyphs(people, tmp_path):
    c = flows.registered(people, description="储存温度 不超过20 ℃ ；义齿 𬌗 垫变形；患者姓名含 䶮 字。",
                         complainant_name="王𫖮")
    out = forms.print_complaint(people["inspector"], c["id"], "receipt", tmp_path / "receipt.pdf", masked=False)
    rows = assert_all_embedded(out)
    for name in ("WenQuanYi", "QADeskSymbols", "QADeskFallback"):
        assert any(name in r["name"] for r in rows), (name, rows)
    found = {w: box for w, *box in words(out)}
    for ch in ("℃", "𬌗", "䶮"):
        assert ch in found, (ch, sorted(found)[:40])
        assert ink(out, found[ch], tmp_path) > 20, ch  # a drawn glyph, not a blank
    assert "〔U+" not in "".join(found)  # nothing was a placeholder


@needs_poppler
def test_a_character_no_font_has_prints_as_its_code_point_and_the_register_still_prints(people, tmp_path):
    s = people["inspector"]
    odd = flows.registered(people, description=f"私用区字符 {NO_FONT} 与扩展G {EXT_G} 都没有字形。",
                           complainant_name=f"李{NO_FONT}")
    flows.registered(people, description="另一条普通投诉，不受影响。")
    out = forms.print_complaint(s, odd["id"], "receipt", tmp_path / "receipt.pdf", masked=False)
    assert_all_embedded(out)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "〔U+E000〕" in text and "〔U+30000〕" in text and "李〔U+E000〕" in text
    assert "缺字：〔U+E000〕〔U+30000〕" in text and "No font has U+E000, U+30000: shown as code points" in text
    # the placeholder is drawn (red ink in its box), not a blank
    box = next(b for w, *b in words(out) if "U+30000" in w)
    assert ink(out, tuple(box), tmp_path) > 50
    # the register of every complaint prints, the odd one with its placeholder, the others as they are
    reg = forms.print_register(s, tmp_path / "register.pdf", unmasked=True)
    assert_all_embedded(reg)
    text = subprocess.run(["pdftotext", str(reg), "-"], capture_output=True, text=True, check=True).stdout
    assert "另一条普通投诉" in text and "U+E000" in text and "缺字：" in text
    # a batch of both, too
    both = forms.print_many(s, [odd["id"], odd["id"] + 1], "receipt", tmp_path / "batch.pdf")
    assert "另一条普通投诉" in subprocess.run(["pdftotext", str(both), "-"], capture_output=True, text=True).stdout


@needs_poppler
def test_an_emoji_or_a_direction_mark_in_an_attachment_name_never_blocks_a_print(people, tmp_path):
    c = flows.registered(people, description="附件名含表情与方向符。", complainant_name="陈\u200f医生😀")
    out = forms.print_complaint(people["inspector"], c["id"], "receipt", tmp_path / "r.pdf", masked=False)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "〔U+1F600〕" in text and "\u200f" not in text


@needs_poppler
@pytest.mark.parametrize("form", ["receipt", "investigation", "capa", "reply", "hold"])
def test_no_pdf_names_a_font_it_does_not_embed(people, tmp_path, form):
    from qa_desk.core import investigation as inv

    c = flows.investigated(people, description="温度不超过25 ℃，义齿𬌗垫。")
    inv.set_market_action(people["inspector"], c["id"], action="batch_hold", note="待调查", reason="调查中")
    out = forms.print_complaint(people["inspector"], c["id"], form, tmp_path / f"{form}.pdf")
    assert_all_embedded(out)
    assert_all_embedded(forms.blank_receipt(people["inspector"], tmp_path / "blank.pdf"))


def test_the_screen_lays_out_degree_sign_and_rare_hanzi_from_the_chain(qapp):
    """Qt's own text layout (what a QLabel or a table cell draws): each glyph run says which font it came
    from; ℃ from the symbols font, 𬌗 𫖮 䶮 from the fallback, the rest from Micro Hei; no glyph is empty."""
    from PySide6.QtGui import QTextLayout

    from qa_desk.ui.fonts import install_app_font

    before = qapp.font()
    try:
        family = install_app_font(qapp)
        text = "不超过20℃，义齿𬌗垫，患者王𫖮、李䶮"
        layout = QTextLayout(text, qapp.font())
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(2000)
        layout.endLayout()
        used: dict[str, int] = {}
        for run in layout.glyphRuns():
            raw = run.rawFont()
            for index in run.glyphIndexes():
                assert index != 0 and not raw.pathForGlyph(index).isEmpty(), (raw.familyName(), index)
            used[raw.familyName()] = used.get(raw.familyName(), 0) + len(run.glyphIndexes())
        assert used.get("QA Desk Symbols") == 1 and used.get("QA Desk Fallback") == 3, used  # ℃; 𬌗 𫖮 䶮
        assert used.get(family, 0) >= len(text) - 6, used  # the rest (a surrogate pair is one glyph)
    finally:
        qapp.setFont(before)
