"""Full-text search that finds two-character Chinese words.

SQLite's trigram tokenizer never matches a query shorter than three characters (PLATFORM.md), and most
Chinese words are two characters (破损, 异物). So we index our own tokens: every CJK bigram (and every single
CJK character that stands alone) plus every Latin/digit word, lower-cased, space-separated, in an FTS5 table
with the unicode61 tokenizer. A two-character query is then one token; a longer CJK query is a phrase of
consecutive bigrams; Latin words match as prefixes.
"""

from __future__ import annotations

import re
import unicodedata

from sqlite_utils import Database

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_RUN = re.compile(rf"[{_CJK}]+|[0-9A-Za-z\u00c0-\u024f]+")
_IS_CJK = re.compile(rf"[{_CJK}]")

INDEXED_COLUMNS = ("number", "product_name", "strength", "batch_no", "complainant_name", "complainant_org",
                   "contact_person", "description", "request")


def _runs(text: str) -> list[str]:
    return _RUN.findall(unicodedata.normalize("NFKC", text or "").lower())


def tokens(text: str) -> list[str]:
    out: list[str] = []
    for run in _runs(text):
        if _IS_CJK.match(run):
            if len(run) == 1:
                out.append(run)
            else:
                out.extend(run[i:i + 2] for i in range(len(run) - 1))
        else:
            out.append(run)
    return out


def document(row: dict) -> str:
    return " ".join(tokens(" ".join(str(row.get(c) or "") for c in INDEXED_COLUMNS)))


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression for what the user typed, or None when nothing searchable is left."""
    parts: list[str] = []
    for run in _runs(query):
        if _IS_CJK.match(run):
            if len(run) == 1:
                parts.append(f'"{run}"*')
            else:
                bigrams = [run[i:i + 2] for i in range(len(run) - 1)]
                parts.append('"' + " ".join(bigrams) + '"')
        else:
            parts.append(f'"{run}"*')
    return " AND ".join(parts) if parts else None


def index_complaints(db: Database, ids: list[int] | set[int]) -> None:
    """Refresh the index rows of these complaints (inside the caller's transaction)."""
    conn = db.conn
    for cid in ids:
        r = conn.execute("SELECT * FROM complaints WHERE id = ?", (cid,)).fetchone()
        conn.execute("DELETE FROM complaint_search WHERE rowid = ?", (cid,))
        if r is not None:
            conn.execute("INSERT INTO complaint_search(rowid, tokens) VALUES (?, ?)", (cid, document(dict(r))))
