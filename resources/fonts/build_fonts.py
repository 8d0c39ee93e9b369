"""Rebuild the bundled fonts from their Debian packages (a developer's step; the app never runs this).

Why: WenQuanYi Micro Hei maps ℃, ℉, Å, Ⅴ, Ⅹ, ∼ and the pinyin letters ǎ ǐ ǒ ǔ ǘ ǚ ǜ to glyphs with no
outline, and has no CJK Extension A–F characters (䶮, 𬌗, 𫖮 …) at all. Three files come out of this script,
the chain a character is looked up in (qa_desk/documents/fonts.py for the PDFs, qa_desk/ui/fonts.py on screen):

* ``wqy-microhei.ttc``: the Debian font with those empty mappings taken out of its cmap (nothing else
  changes: glyf and every other table are copied byte for byte), so Qt, which picks a font per character by
  its cmap alone, falls back instead of drawing a blank;
* ``qadesk-symbols.ttf``: what DejaVu Sans draws and Micro Hei does not, in the Latin, Greek, Cyrillic,
  punctuation and symbol blocks (℃ ℉ ǎ ǘ …), renamed "QA Desk Symbols" as the Bitstream Vera licence asks
  of a modified font: sans-serif like Micro Hei, so 20℃ reads as one word;
* ``qadesk-fallback.ttf``: every character HanaMinA (花園明朝A, GlyphWiki) draws with a real outline and the
  two fonts before it do not, in the CJK and symbol blocks, renamed "QA Desk Fallback". HanaMinA is used
  under the Hanazono Font License (free use, modification and redistribution); the rename also keeps clear
  of the reserved names of its other licence, the SIL OFL.

Run (fontTools needed; the fonts from ``apt-get download fonts-wqy-microhei fonts-dejavu-core fonts-hanazono``
and ``dpkg-deb -x``)::

    python resources/fonts/build_fonts.py wqy-microhei.ttc DejaVuSans.ttf HanaMinA.ttf

The characters checked after the build are the lists the tests use (tests/test_fonts.py).
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

HERE = Path(__file__).resolve().parent
FALLBACK_FAMILY = "QA Desk Fallback"
# the blocks worth carrying: Latin-1 to Cyrillic, punctuation and symbols, CJK radicals to Extension A, the
# unified ideographs, compatibility ideographs and forms, full-width forms, enclosed ideographs, Extension B–H
BLOCKS = [(0xA0, 0x52F), (0x2000, 0x2BFF), (0x2E80, 0x2FFF), (0x3000, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
          (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x1F100, 0x1F2FF), (0x20000, 0x323AF)]


def drawn(font: TTFont) -> set[int]:
    """Code points whose glyph has an outline (a simple glyph with contours, or a composite)."""
    glyf = font["glyf"]
    return {cp for cp, name in font.getBestCmap().items() if name != ".notdef" and glyf[name].numberOfContours != 0}


def blank_ok(cp: int) -> bool:
    """Spaces and format characters (zero-width joiners, direction marks) have no outline by nature."""
    return unicodedata.category(chr(cp))[0] in "ZC"


def patch_wqy(source: Path, out: Path) -> set[int]:
    # the outlines are read from a second copy, so the glyf table of the one saved is copied byte for byte
    reader = TTCollection(str(source))
    collection = TTCollection(str(source))
    for font, probe in zip(collection.fonts, reader.fonts, strict=True):
        real = drawn(probe)
        for table in font["cmap"].tables:
            for cp in [cp for cp in table.cmap if cp not in real and not blank_ok(cp)]:
                del table.cmap[cp]
    collection.save(str(out))
    return drawn(TTCollection(str(out)).fonts[0])


def build_subset(source: Path, out: Path, have: set[int], blocks: list[tuple[int, int]], family: str,
                 postscript: str, note: str) -> tuple[int, set[int]]:
    """What ``source`` draws and ``have`` lacks, in ``blocks``, as a font named ``family``."""
    font = TTFont(str(source))
    wanted = sorted(cp for cp in drawn(font) - have if any(a <= cp <= b for a, b in blocks) and not blank_ok(cp))
    opts = subset.Options()
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.hinting = False
    opts.glyph_names = False
    opts.drop_tables += ["GSUB", "GPOS", "vhea", "vmtx", "VORG", "FFTM"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=wanted)
    sub.subset(font)
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22):
            name.removeNames(nameID=record.nameID)
    for nid, value in ((1, family), (2, "Regular"), (3, f"{postscript}-2026"), (4, family), (6, postscript)):
        name.setName(value, nid, 3, 1, 0x409)
        name.setName(value, nid, 1, 0, 0)
    name.setName(note, 5, 3, 1, 0x409)
    font.save(str(out))
    return len(wanted), set(wanted)


# the enclosed numbers ①–⑳ are left to the fallback, which has them all: DejaVu has ①–⑩ only, and a list
# numbered in two styles would look like two lists
SYMBOL_BLOCKS = [(0xA0, 0x52F), (0x2000, 0x245F), (0x2500, 0x2BFF)]


def main(argv: list[str]) -> None:
    wqy_source, dejavu, hana_a = Path(argv[1]), Path(argv[2]), Path(argv[3])
    have = patch_wqy(wqy_source, HERE / "wqy-microhei.ttc")
    n_sym, symbols = build_subset(dejavu, HERE / "qadesk-symbols.ttf", have, SYMBOL_BLOCKS, "QA Desk Symbols",
                                  "QADeskSymbols", "Subset of DejaVu Sans 2.37 (Bitstream Vera licence, DejaVu "
                                  "changes public domain); renamed for QA Desk")
    n_fb, _ = build_subset(hana_a, HERE / "qadesk-fallback.ttf", have | symbols, BLOCKS, FALLBACK_FAMILY,
                           "QADeskFallback", "Subset of HanaMinA 2017-09-04 (GlyphWiki Project), Hanazono Font "
                           "License; renamed for QA Desk")
    for file, count in (("wqy-microhei.ttc", None), ("qadesk-symbols.ttf", n_sym), ("qadesk-fallback.ttf", n_fb)):
        size = (HERE / file).stat().st_size
        print(f"{file}: {size:,} bytes" + (f", {count:,} characters" if count else ""))


if __name__ == "__main__":
    main(sys.argv)
