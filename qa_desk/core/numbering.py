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


# The sequences of numbers brought in from old ledgers: below zero, counted up from here in the order of import,
# so they never meet the app's own (1, 2, 3…) and the register lists them in the ledger's order.
LEGACY_BASE = -1_000_000_000


def next_free(pattern: str, year: int, last_seq: int, taken) -> tuple[str, int]:
    """The number after ``last_seq`` that nobody holds: a number an old ledger brought in (kept as it was, with a
    sequence of its own below zero) is passed over, so the app never issues it twice, and it never moves the
    counter either (an imported TS-2026-9999 does not make the next number TS-2026-10000). ``taken(number)``
    says whether a number is held; the ledger import's dry run asks a set, ``allocate`` the file."""
    seq = last_seq + 1
    while True:
        number = require_valid(pattern.format(year=year, seq=seq))
        if not taken(number):
            return number, seq
        seq += 1


def held(db, number: str) -> bool:
    """Whether a number is in use: by a complaint, or by a destroyed one (its number stays used)."""
    return db.conn.execute("SELECT 1 FROM complaints WHERE number = ? UNION ALL SELECT 1 FROM destruction_log "
                           "WHERE number = ? LIMIT 1", (number, number)).fetchone() is not None


def allocate(tx: Tx, year: int, reserved: frozenset[str] | set[str] = frozenset()) -> tuple[str, int]:
    """Take the next number of ``year``; returns (formatted number, sequence). ``reserved`` are numbers about to be
    written in the same transaction (an import's legacy numbers), passed over like the ones already held."""
    conn = tx.db.conn
    key = str(year)
    r = conn.execute("SELECT last_seq FROM number_sequences WHERE key = ?", (key,)).fetchone()
    pattern = settings.get(tx.db, "number_pattern")
    number, seq = next_free(pattern, year, r[0] if r else 0, lambda n: n in reserved or held(tx.db, n))
    if r:
        conn.execute("UPDATE number_sequences SET last_seq = ? WHERE key = ?", (seq, key))
    else:
        conn.execute("INSERT INTO number_sequences(key, last_seq) VALUES (?, ?)", (key, seq))
    return number, seq


def reserve(tx: Tx, year: int, seq: int) -> None:
    """Move the sequence past an imported number so later registrations never reuse it."""
    conn = tx.db.conn
    key = str(year)
    r = conn.execute("SELECT last_seq FROM number_sequences WHERE key = ?", (key,)).fetchone()
    if r is None:
        conn.execute("INSERT INTO number_sequences(key, last_seq) VALUES (?, ?)", (key, seq))
    elif r[0] < seq:
        conn.execute("UPDATE number_sequences SET last_seq = ? WHERE key = ?", (seq, key))
