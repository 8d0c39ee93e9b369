"""What someone who can write the file and has the source code does to it: sqlite3 only, no QA Desk service.
Each helper leaves the triggers as they were, so that only what the attack changes is there to be found."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from qa_desk.store.audit import ENTRY_FIELDS, GENESIS, Tx, canonical, entry_hash

TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")


def _triggers(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = "
                                       "'audit_log'")]


def rewrite_chain(path: Path, edit: Callable[[dict], None]) -> None:
    """Edit entries with ``edit`` (called with each entry as a dict) and recompute every hash after them."""
    conn = sqlite3.connect(path)
    saved = _triggers(conn)
    for t in TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {t}")
    prev = GENESIS
    rows = conn.execute(f"SELECT {', '.join(ENTRY_FIELDS)} FROM audit_log ORDER BY id").fetchall()
    for r in rows:
        e = dict(zip(ENTRY_FIELDS, r, strict=True))
        edit(e)
        h = entry_hash(prev, e)
        sets = ", ".join(f"{k} = ?" for k in ENTRY_FIELDS[1:])
        conn.execute(f"UPDATE audit_log SET {sets}, hash = ? WHERE id = ?",
                     [e[k] for k in ENTRY_FIELDS[1:]] + [bytes.fromhex(h), e["id"]])
        prev = h
    for sql in saved:
        conn.execute(sql)
    conn.commit()
    conn.close()


def append_entries(path: Path, entries: list[dict], *, apply: Callable[[sqlite3.Connection], None] | None = None) -> None:
    """Append entries with valid hashes (as the source code computes them), and change the rows they describe
    with ``apply``, in one transaction: a forgery the hash chain alone cannot tell from a real one."""
    conn = sqlite3.connect(path)
    last_id, prev = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev = prev.hex() if isinstance(prev, bytes) else prev
    for e in entries:
        last_id += 1
        full = {k: None for k in ENTRY_FIELDS} | e | {"id": last_id}
        for k in ("old", "new"):
            if full[k] is not None and not isinstance(full[k], str):
                full[k] = canonical(full[k])
        h = entry_hash(prev, full)
        conn.execute(f"INSERT INTO audit_log ({', '.join(ENTRY_FIELDS)}, hash) VALUES "
                     f"({', '.join('?' * (len(ENTRY_FIELDS) + 1))})", [full[k] for k in ENTRY_FIELDS] + [bytes.fromhex(h)])
        prev = h
    if apply:
        apply(conn)
    conn.commit()
    conn.close()


# --- forging with the application's own code (the attacker has the source) -------------------------------------
#
# ``forged`` runs the store's own Tx on a plain sqlite3 connection: entries with valid hashes, rows changed exactly
# as the services change them, in one transaction, and no seal (nobody's key was unlocked). The helpers after it
# add what an attacker can add to that: a seal made with a key they hold, a pending mark, a key of their own.


def _conn(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def user_id(path: Path, username: str) -> int:
    conn = _conn(path)
    try:
        return conn.execute("SELECT id FROM users WHERE username = ?", (username,)).fetchone()[0]
    finally:
        conn.close()


def newest_at(path: Path) -> str:
    conn = _conn(path)
    try:
        return conn.execute("SELECT at FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    finally:
        conn.close()


class Forged:
    """What a forged transaction wrote: its span of entries (first, last) once committed."""

    def __init__(self) -> None:
        self.first: int | None = None
        self.last: int | None = None

    @property
    def span(self) -> tuple[int, int]:
        assert self.first is not None and self.last is not None, "the forged transaction wrote no entry"
        return self.first, self.last

    @property
    def ids(self) -> list[int]:
        a, b = self.span
        return list(range(a, b + 1))


@contextmanager
def forged(path: Path, username: str, *, at: str | None = None, sealer=None, unlock: tuple[str, ...] = ()
           ) -> Iterator[tuple[Tx, Forged]]:
    """A transaction attributed to ``username``, written with the app's own Tx outside the app. ``sealer`` (an
    ``Unlocked``) is what e-signatures made in it are signed with (the Tx needs one to sign); nothing seals the
    transaction. ``unlock``: tables whose append-only triggers are dropped for the transaction and put back as they
    were afterwards (so the schema is unchanged)."""
    conn = _conn(path)
    db = Database(conn, execute_plugins=False)
    row = conn.execute("SELECT id FROM users WHERE username = ?", (username,)).fetchone()
    uid = row[0] if row else None
    at = at or conn.execute("SELECT at FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    conn.execute("BEGIN IMMEDIATE")
    saved = [r[0] for t in unlock for r in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (t,))]
    for t in unlock:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                                    (t,)).fetchall():
            conn.execute(f"DROP TRIGGER {name}")
    tx = Tx(db, uid, username, at, sealer=sealer)
    out = Forged()
    try:
        yield tx, out
        for sql in saved:
            conn.execute(sql)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    if tx.first_id is not None:
        out.first, out.last = tx.first_id, tx.head[0]


def key_row(path: Path, username: str) -> dict:
    """The user's current key row (read as anyone with the file can)."""
    conn = _conn(path)
    try:
        r = conn.execute("SELECT k.* FROM keys k JOIN users u ON u.id = k.user_id WHERE u.username = ? AND "
                         "k.retired_at IS NULL ORDER BY k.id DESC LIMIT 1", (username,)).fetchone()
        return dict(r)
    finally:
        conn.close()


def unlock_key(path: Path, username: str, password: str):
    """A user's private key, opened with their password (the attacker knows every password but the victim's)."""
    from qa_desk.core import keys

    row = key_row(path, username)
    private = keys._unwrap(row, password)
    assert private is not None, f"{username}'s key does not open with that password"
    return keys.Unlocked(row["id"], private)


def attacker_key(key_id: int):
    """A key pair the attacker makes, presented under ``key_id`` (the victim's key id, or a planted row's)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from qa_desk.core import keys

    return keys.Unlocked(key_id, Ed25519PrivateKey.generate())


def public_hex(unlocked) -> str:
    from qa_desk.core import keys

    return keys._raw_public(unlocked.private).hex()


def add_seal(path: Path, signer, spans: list[tuple[int, int]]) -> None:
    """A row in ``seals``: ``signer``'s signature (an ``Unlocked``: any key id, any private key) over the spans and
    the hash of the last span's last entry, exactly as the app makes one."""
    from qa_desk.core import keys

    conn = _conn(path)
    try:
        head = conn.execute("SELECT hash FROM audit_log WHERE id = ?", (spans[-1][1],)).fetchone()[0]
        head = head.hex() if isinstance(head, bytes) else head
        conn.execute("INSERT INTO seals (key_id, first_id, last_id, spans, signature) VALUES (?, ?, ?, ?, ?)",
                     (signer.key_id, spans[0][0], spans[-1][1], keys.pack_spans(spans),
                      signer.sign(keys.seal_message(signer.key_id, spans, head))))
    finally:
        conn.close()


def add_pending(path: Path, key_id: int, span: tuple[int, int], mark: bytes | None = None) -> None:
    """A row in ``seal_pending`` claiming the span waits for ``key_id``'s login to seal it (the mark is an HMAC
    under the victim's private key, which the attacker cannot compute: random bytes)."""
    conn = _conn(path)
    try:
        conn.execute("INSERT INTO seal_pending (key_id, first_id, last_id, mark) VALUES (?, ?, ?, ?)",
                     (key_id, span[0], span[1], mark or os.urandom(32)))
    finally:
        conn.close()


def execute(path: Path, *sql: str, params: tuple = ()) -> None:
    """Plain SQL on the file, in one transaction (triggers as they are)."""
    conn = _conn(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        for s in sql:
            conn.execute(s, params) if params else conn.execute(s)
        conn.execute("COMMIT")
    finally:
        conn.close()


def copy_file(src: Path, dst: Path) -> None:
    """A consistent copy of a live file (SQLite's backup API: WAL content included), as a backup tool makes."""
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()


def check(path: Path) -> list:
    """``verify`` as ``qa-desk verify`` runs it: a fresh read-only connection."""
    from qa_desk.core.verify import verify
    from qa_desk.store.db import connect

    db = connect(path, readonly=True)
    try:
        return verify(db)
    finally:
        db.conn.close()


def settle(people, path: Path) -> None:
    """Every login seals what it wrote (as at logout), and the file verifies clean: whatever is found after this
    was made by the attack."""
    for s in people.values():
        s.flush_seal()
    assert check(path) == [], "the file should verify clean before the attack"


def show(found) -> str:
    return "\n".join(f.text("en") for f in found) or "(no findings)"
