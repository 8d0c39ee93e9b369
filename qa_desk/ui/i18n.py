"""Interface language for the Qt shell: Chinese first, English complete.

Every visible string is written once as a (zh_CN, en) pair at the call site through ``T``; the language is
chosen at start-up (--lang, else the saved setting, else zh_CN).
"""

from __future__ import annotations

_lang = "zh_CN"


def set_language(lang: str) -> None:
    global _lang
    _lang = "zh_CN" if (lang or "").startswith("zh") else "en"


def language() -> str:
    return _lang


def T(zh: str, en: str) -> str:
    return zh if _lang == "zh_CN" else en
