"""Complaint numbers (DOMAIN.md §8): prefix, year of receipt, sequence within the year.

Unique, never reused, no gaps: the sequence row is read and bumped inside the caller's BEGIN IMMEDIATE
transaction, so two processes registering at the same moment are serialised and get consecutive numbers; a
rolled-back registration rolls its number back too. Mistakes are voided, never deleted.
"""

from __future__ import annotations

from qa_desk.core import settings
from qa_desk.store.audit import Tx


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
    return pattern.format(year=year, seq=seq), seq


def reserve(tx: Tx, year: int, seq: int) -> None:
    """Move the sequence past an imported number so later registrations never reuse it."""
    conn = tx.db.conn
    key = str(year)
    r = conn.execute("SELECT last_seq FROM number_sequences WHERE key = ?", (key,)).fetchone()
    if r is None:
        conn.execute("INSERT INTO number_sequences(key, last_seq) VALUES (?, ?)", (key, seq))
    elif r[0] < seq:
        conn.execute("UPDATE number_sequences SET last_seq = ? WHERE key = ?", (seq, key))
