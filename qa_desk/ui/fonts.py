"""Load the fonts shipped in resources/fonts into Qt, so Chinese renders with no system CJK font.

WenQuanYi Micro Hei is the app's font; "QA Desk Symbols" draws the Latin and symbols it cannot (℃, ℉, pinyin
tone letters), "QA Desk Fallback" the CJK characters neither draws (Extension A–F: 䶮 𬌗 𫖮). Qt picks a font
per character by the cmap, in the order of ``QFont.families()`` and then of the family's substitutes, so the
chain is given both ways: widgets that take the application font and those that ask for the family by name.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from qa_desk.paths import fallback_font_path, font_path, symbols_font_path


def _load(path) -> str | None:
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else None


def install_app_font(app: QApplication) -> str | None:
    """Install the shipped fonts as the application font; returns the primary family (None if unloadable)."""
    family = _load(font_path())
    if family is None:
        return None
    chain = [f for f in (_load(symbols_font_path()), _load(fallback_font_path())) if f]
    font = QFont(family)
    if chain:
        font.setFamilies([family, *chain])
        QFont.insertSubstitutions(family, chain)
    font.setPointSize(10)
    app.setFont(font)
    return family


def screen_families(app: QApplication) -> list[str]:
    """The families the screen looks a character up in, in order (for tests and the about box)."""
    return list(app.font().families())
