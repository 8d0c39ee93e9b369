"""Keep the translation catalogues in step with the code: lupdate, English filled from the source, lrelease.

Run ``python -m qa_desk.ui.translations`` after changing screen text. It lists every message still unfinished
in ``qa_desk_zh_CN.ts``; translate those (Qt Linguist, or any text editor: replace
``<translation type="unfinished"></translation>`` by the Chinese) and run it again. English is the source
language, so its catalogue starts as the source text and stays editable for wording changes without code.
The tools are the ``lupdate``/``lrelease`` binaries inside the PySide6-Essentials wheel.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import PySide6

from qa_desk.ui.i18n import CATALOGUE, LANGUAGES, translations_dir

UI_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Message:
    source: str
    comment: str
    translation: str
    finished: bool


def tool(name: str) -> Path:
    exe = Path(PySide6.__file__).parent / (name + (".exe" if sys.platform == "win32" else ""))
    if not exe.exists():
        raise FileNotFoundError(f"{name} is not in the PySide6 installation ({exe})")
    return exe


def ts_path(lang: str, folder: Path | None = None) -> Path:
    return (folder or translations_dir()) / f"{CATALOGUE}_{lang}.ts"


def sources() -> list[Path]:
    return sorted(UI_DIR.rglob("*.py"))


def lupdate(ts: Path, lang: str) -> None:
    """Add new screen text to ``ts`` and drop what the code no longer says; translations already made stay."""
    subprocess.run([str(tool("lupdate")), *map(str, sources()), "-ts", str(ts), "-source-language", "en",
                    "-target-language", lang, "-no-obsolete", "-locations", "none", "-silent"], check=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([str(tool("lrelease")), str(ts), "-qm", str(qm), "-silent"], check=True)


def messages(ts: Path) -> list[Message]:
    found = []
    for m in ET.parse(ts).getroot().iter("message"):
        t = m.find("translation")
        found.append(Message(source=m.findtext("source") or "", comment=m.findtext("comment") or "",
                             translation=(t.text or "") if t is not None else "",
                             finished=t is not None and t.get("type") not in ("unfinished", "vanished", "obsolete")))
    return found


def fill_from_source(ts: Path) -> None:
    """English: an unfinished message reads as its source text (the code is written in English).

    lupdate may pre-fill a new message with a similar one's translation, still unfinished: the source wins."""
    tree = ET.parse(ts)
    for m in tree.getroot().iter("message"):
        t = m.find("translation")
        if t is not None and t.get("type") == "unfinished":
            t.text = m.findtext("source")
            del t.attrib["type"]
    _write(tree, ts)


def _write(tree: ET.ElementTree, ts: Path) -> None:
    with open(ts, "wb") as f:
        f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(f, encoding="utf-8", xml_declaration=False)


def update(folder: Path | None = None) -> list[Message]:
    """Bring both catalogues up to date and compile them; returns the zh_CN messages still unfinished."""
    folder = folder or translations_dir()
    for lang in LANGUAGES:
        ts = ts_path(lang, folder)
        lupdate(ts, lang)
        if lang == "en":
            fill_from_source(ts)
            lupdate(ts, lang)  # lupdate writes the file back in its own layout
        lrelease(ts, ts.with_suffix(".qm"))
    return [m for m in messages(ts_path("zh_CN", folder)) if not m.finished]


def main() -> int:
    missing = update()
    for m in missing:
        print(f"untranslated: {m.source!r}" + (f" ({m.comment})" if m.comment else ""))
    print(f"{len(missing)} message(s) without a finished zh_CN translation")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
