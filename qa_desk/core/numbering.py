"""Complaint numbers (DOMAIN.md §8): prefix, year of receipt, sequence within the year.

Unique, never reused, no gaps: the sequence row is read and bumped inside the caller's BEGIN IMMEDIATE
transaction, so two processes registering at the same moment are serialised and get consecutive numbers; a
rolled-back registration rolls its number back too. Mistakes are voided, never deleted.

Every number, made here or imported, follows one rule (``validation.number_problem``: ASCII letters and digits in
groups joined by "-"), so a number can never be a path (``../../x``), a drive or a device name.
"""

from __future__ import annotations

from qa_desk.core import settings
from qa_desk.core import validation as V
from qa_desk.core.errors import refuse
from qa_desk.store.audit import Tx


def require_valid(number: str) -> str:
    """``number`` when it follows the rule; refuses (code ``bad_number``, naming the rule) otherwise."""
    p = V.number_problem(number)
    if p:
        raise refuse("bad_number", "投诉编号无效", "The complaint number is not valid", [p])
    return number


def check_pattern(pattern: str) -> None:
    """Refuses a numbering pattern whose numbers would break the rule (e.g. ``TS/{year}/{seq}``): for the settings
    check, before any number is made with it."""
    for year, seq in ((2026, 1), (2026, 42), (2099, 99999)):
        try:
            number = pattern.format(year=year, seq=seq)
        except (KeyError, IndexError, ValueError, TypeError, AttributeError) as exc:
            raise refuse("bad_pattern", f"编号格式无效：{exc}", f"The number pattern is not valid: {exc}") from exc
        p = V.number_problem(number)
        if p:
            raise refuse("bad_pattern", "编号格式生成的编号无效", "The number pattern makes numbers that are not valid", [p])


def allocate(tx: Tx, year: int) -> tuple[str, int]:
    """Take the next number of ``year``; returns (formatted number, sequence)."""
    conn = tx.db.conn
    key = str(year)
    r = conn.execute("SELECT last_seq FROM number_sequences WHERE key = ?", (key,)).fetchone()
    seq = (r[0] if r else 0) + 1
    if r:
        conn.execute("UPDATE number_sequences SET last_seq = ? WHERE key = ?", (seq, key))
    else:
        conn.execute("INSERT INTO number_sequences(key, last_seq) VALUES (?, ?)", (key, seq))
    pattern = settings.get(tx.db, "number_pattern")
    return require_valid(pattern.format(year=year, seq=seq)), seq


def reserve(tx: Tx, year: int, seq: int) -> None:
    """Move the sequence past an imported number so later registrations never reuse it."""
    conn = tx.db.conn
    key = str(year)
    r = conn.execute("SELECT last_seq FROM number_sequences WHERE key = ?", (key,)).fetchone()
    if r is None:
        conn.execute("INSERT INTO number_sequences(key, last_seq) VALUES (?, ?)", (key, seq))
    elif r[0] < seq:
        conn.execute("UPDATE number_sequences SET last_seq = ? WHERE key = ?", (seq, key))
