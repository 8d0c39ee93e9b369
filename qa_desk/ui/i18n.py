"""Interface language for the Qt shell: Chinese first, English complete.

Screen text is written once, in English, and goes through Qt's translation system: ``tr()`` at the call site,
``QT_TR_NOOP`` for labels kept in module-level tables (translated where they are shown). All of it shares one
context, so a phrase is translated once however many screens show it; a word that needs two Chinese
renderings carries a disambiguation. The catalogues are ``resources/translations/qa_desk_<lang>.ts``, kept by
``pyside6-lupdate`` and compiled to ``.qm`` by ``pyside6-lrelease`` (``python -m qa_desk.ui.translations``
does both); ``tests/test_translations.py`` fails when a string has no finished zh_CN translation.

Bilingual *data* is not translated here: policy tables, printed-form labels and the core's error messages
carry both languages themselves, because the PDF forms and the command line need them without Qt. ``pick``
chooses from such a pair.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator

from qa_desk.paths import resources_dir

LANGUAGES = ("zh_CN", "en")
CATALOGUE = "qa_desk"
_lang = "zh_CN"
_installed: list[QTranslator] = []


def translations_dir() -> Path:
    return resources_dir() / "translations"


def normalise(lang: str | None) -> str:
    return "zh_CN" if (lang or "zh").startswith("zh") else "en"


def set_language(lang: str | None) -> None:
    """Choose the language and, when the application exists, load its catalogues at once."""
    global _lang
    _lang = normalise(lang)
    app = QCoreApplication.instance()
    if app is not None:
        install(app)


def install(app: QCoreApplication) -> None:
    """Replace the installed translators by this language's: ours, then Qt's own (standard buttons such as
    保存/取消 and 是/否, the file dialog, the wizard); and speak that language in the file dialogs too."""
    for old in _installed:
        app.removeTranslator(old)
        old.deleteLater()
    _installed.clear()
    ours = QTranslator(app)
    if not ours.load(str(translations_dir() / f"{CATALOGUE}_{_lang}.qm")):
        raise FileNotFoundError(f"translation catalogue {CATALOGUE}_{_lang}.qm is missing from the installation")
    _installed.append(ours)
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{_lang}", qt_translations_dir()):
        _installed.append(qt_own)
    for t in _installed:
        app.installTranslator(t)
    use_native_dialogs(normalise(QLocale.system().name()) == _lang)


def qt_translations_dir() -> str:
    """Where PySide6 keeps Qt's own catalogues (qtbase_zh_CN.qm …)."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def use_native_dialogs(native: bool) -> None:
    """The system's file dialog speaks the system's language, not the one chosen in QA Desk: when the two differ
    (English chosen on a Chinese Windows, or the reverse) Qt's own dialog is used, which Qt's catalogue above
    translates. When they agree the system's dialog is kept (its places, network drives, recent folders)."""
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, not native)


def language() -> str:
    return _lang


def tr(text: str, disambiguation: str | None = None) -> str:
    """Translate screen text; the one context is empty, as pyside6-lupdate records a bare ``tr()`` call."""
    return QCoreApplication.translate("", text, disambiguation)


def pick(zh: str, en: str) -> str:
    """Choose from bilingual data (policy tables, form labels, core messages), never from screen text."""
    return zh if _lang == "zh_CN" else en
