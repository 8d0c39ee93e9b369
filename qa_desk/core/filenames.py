"""File names made from data (a complaint number, a product, an attachment's own name): one rule, used by every
place that names a file or a zip entry after something a user or a file typed.

``safe_name`` returns one path component that stays where it is put on Windows, macOS and Linux: no path
separators (their full-width and code-page "best fit" look-alikes included), no ``..``, no drive letter, no
control, format (bidi override, zero-width) or reserved characters, no Windows device name (CON, NUL, COM1 …), no
leading or trailing dots and spaces, at most ``max_bytes`` bytes of UTF-8 (the extension kept), never empty. It
is idempotent: a safe name comes back unchanged.

``entry_problem`` is the reading side: what is wrong with a path found in a zip (``../``, absolute, a drive
letter, a backslash, a component that ``safe_name`` would change), in zh and en.
"""

from __future__ import annotations

import re
import unicodedata

from qa_desk.core.errors import Problem

MAX_BYTES = 120
_FORBIDDEN = set('<>:"/\\|?*') | set("∕⁄⧸⧹¥₩")  # and best-fit look-alikes of the separators
_BAD_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}  # control, format (bidi, zero-width), unassigned…
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"} | \
    {f"{d}{n}" for d in ("COM", "LPT") for n in list("0123456789") + ["¹", "²", "³"]}
_DRIVE = re.compile(r"^[A-Za-z]:")
_EXT = re.compile(r"\.[A-Za-z0-9]{1,10}$")


def _char(ch: str) -> str:
    if ch in _FORBIDDEN:
        return "_"
    if ch.isspace():
        return " "  # tabs, line breaks, no-break and ideographic spaces: a plain space
    return "_" if unicodedata.category(ch) in _BAD_CATEGORIES else ch


def _trim(text: str) -> str:
    return text.strip(" .")


def _cut(text: str, max_bytes: int) -> str:
    """At most ``max_bytes`` of UTF-8, cut between characters, the extension kept when it is a short one."""
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    m = _EXT.search(text)
    ext = m.group(0) if m and len(m.group(0)) < max_bytes // 2 else ""
    stem = text[: len(text) - len(ext)]
    budget = max_bytes - len(ext.encode("utf-8"))
    while stem and len(stem.encode("utf-8")) > budget:
        stem = stem[:-1]
    return _trim(stem) + ext


def _reserved(text: str) -> bool:
    return text.split(".")[0].strip().upper() in _RESERVED


def safe_name(name: object, *, fallback: str = "file", max_bytes: int = MAX_BYTES) -> str:
    """One safe path component made from ``name`` (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", "" if name is None else str(name))  # full-width ／＼：. become / \\ : .
    text = "".join(_char(ch) for ch in text)
    text = re.sub(r"\.{2,}", ".", text)  # never "..", whatever surrounds it
    text = re.sub(r" {2,}", " ", text)
    text = _trim(_cut(_trim(text), max_bytes))
    if not text:
        text = _trim(_cut("".join(_char(ch) for ch in fallback), max_bytes)) or "file"
    if _reserved(text):
        text = "_" + text
    return text


def safe_path(*parts: object, fallback: str = "file") -> str:
    """A relative path (``/``-separated, as zip entries are) of safe components, one per part."""
    return "/".join(safe_name(p, fallback=fallback) for p in parts)


def shown(name: str) -> str:
    """A name as a message can show it: invisible characters as escapes, bounded in length."""
    text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in name)
    return text if len(text) <= 200 else text[:200] + "…"


def entry_problem(name: str) -> Problem | None:
    """What is wrong with a relative path read from an archive, or None when it is a plain safe path."""
    what = shown(name)
    if "\\" in name:
        return Problem(f"“{what}”含有反斜杠（在 Windows 上是路径分隔符）",
                       f"'{what}' holds a backslash (a path separator on Windows)")
    if name.startswith("/") or _DRIVE.match(name):
        return Problem(f"“{what}”是绝对路径，解压时会写到文件夹之外", f"'{what}' is an absolute path: it would be "
                       "written outside the folder it is unpacked into")
    parts = name.split("/")
    if ".." in parts:
        return Problem(f"“{what}”含有 ../，解压时会写到文件夹之外",
                       f"'{what}' holds ../: it would be written outside the folder it is unpacked into")
    if any(p in ("", ".") for p in parts):
        return Problem(f"“{what}”不是规范的相对路径（空的或“.”路径段）",
                       f"'{what}' is not a plain relative path (an empty or '.' component)")
    unsafe = [p for p in parts if safe_name(p) != p]
    if unsafe:
        return Problem(f"“{what}”的名称在某些系统上不安全（控制字符、保留字符或设备名）",
                       f"'{what}' has a name that is not safe on every system (control or reserved characters, "
                       "or a device name)")
    return None
