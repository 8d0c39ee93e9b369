"""The audit trail: an append-only, SHA-256-chained log of every create, change, void, sign, export, print,
view and destruction.

Three things make tampering visible:
- each entry's hash covers the previous entry's hash and the entry's own canonical content, so editing or
  deleting an entry (after dropping the append-only triggers) breaks the chain at that entry;
- each transaction of a logged-in user ends with a seal: the user's Ed25519 signature over the span of entries
  it wrote and the hash of its last entry (``qa_desk.core.keys``), so entries appended with valid hashes by
  someone who has the file but not the user's password are unvouched;
- record writes go through ``Tx.insert``/``Tx.update``/``Tx.delete``, which log the full row or the field's
  old and new values; replaying the log rebuilds every audited table, so a record edited behind the app's
  back no longer matches its history (see ``qa_desk.core.verify``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

GENESIS = "0" * 64

# Columns whose value is logged as a digest (secrets, blobs, and a signature's content, which its row already
# holds whole: storing it twice doubled the file); replay compares digests.
DIGEST_COLUMNS: dict[str, frozenset[str]] = {
    "users": frozenset({"password_hash"}),
    "attachments": frozenset({"content"}),
    "signatures": frozenset({"content_json"}),
    "keys": frozenset({"sealed_private"}),
}

# Columns that are working state, not record: the failed-login counter and the lockout. Their changes are
# written to the trail as events (op NULL) and replay leaves them out. A failed login has no author who could
# vouch for it, and someone who can write the file gains nothing by resetting a lockout: the file holds the
# password hashes themselves.
STATE_COLUMNS: dict[str, frozenset[str]] = {
    "users": frozenset({"failed_attempts", "locked", "locked_until"}),
}

# Tables whose rows are rebuilt from the log by verify. Everything a person can change is here.
AUDITED_TABLES = (
    "keys", "users", "settings", "calendar_years", "calendar_days", "complaints", "medical_details",
    "checklist_items", "sample_custody", "batch_holds", "capa_actions", "replies", "attachments",
    "deadlines", "extensions", "signatures", "complaint_links", "destruction_log", "audit_reviews",
    "ledger_imports", "batches", "signals", "reviews",
)


# one encoder, built once: json.dumps with these options builds a new one at every call (a third of verify)
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical(value: Any) -> str:
    return _CANONICAL.encode(value)


def digest(value: Any) -> dict:
    raw = value if isinstance(value, bytes) else ("" if value is None else str(value)).encode()
    return {"$sha256": hashlib.sha256(raw).hexdigest()}


def loggable_row(table: str, row: dict) -> dict:
    """A new row as logged: empty columns are left out (replay reads a missing column as empty), which halves
    the entries of a complaint's hundred columns and of its checklist items; so is the id, which is the
    entry's record_id."""
    cols = DIGEST_COLUMNS.get(table, frozenset())
    return {k: (digest(v) if k in cols else v) for k, v in row.items() if v is not None and k != "id"}


def loggable_value(table: str, column: str, value: Any) -> Any:
    if value is not None and column in DIGEST_COLUMNS.get(table, frozenset()):
        return digest(value)
    return value


ENTRY_FIELDS = ("id", "at", "user_id", "username", "action", "op", "tbl", "record_id", "complaint_id",
                "field", "old", "new", "reason")


def entry_hash(prev_hash: str, entry: dict) -> str:
    return entry_hash_of(prev_hash, [entry.get(k) for k in ENTRY_FIELDS])


def entry_hash_of(prev_hash: str, values: list | tuple) -> str:
    """The hash of an entry given its ENTRY_FIELDS values in order (verify reads them so from the file)."""
    return hashlib.sha256(_CANONICAL.encode([prev_hash, *values]).encode("utf-8")).hexdigest()


def last_hash(db: Database) -> tuple[int, str]:
    r = db.conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return (r[0], hex_of(r[1])) if r else (0, GENESIS)


def hex_of(stored: bytes | str) -> str:
    """Hashes are stored as 32 bytes (they were 64-character text before schema 7)."""
    return stored.hex() if isinstance(stored, bytes) else stored


def changes(entry: dict) -> list[tuple[str, Any, Any]]:
    """(field, old, new) of an entry that changed fields: one field per entry before schema 7, one entry per
    row update since (old and new as objects keyed by field)."""
    if entry.get("op") not in ("update", None) or entry.get("redacted_by") is not None:
        return []
    try:
        old = json.loads(entry["old"]) if entry.get("old") is not None else None
        new = json.loads(entry["new"]) if entry.get("new") is not None else None
    except (TypeError, ValueError):
        return []  # not what the application writes: the hash chain and the replay name it
    if entry.get("field") is not None:
        return [(entry["field"], old, new)]
    if not (isinstance(new, dict) and isinstance(old, dict) and entry.get("tbl")):
        return []
    return [(k, old.get(k), v) for k, v in new.items()]


@dataclass
class Tx:
    """One user action's transaction: who acts, when, and the audit chain head while it runs.

    Created by ``qa_desk.core.session.Session.write``; never kept past the ``with`` block.
    """

    db: Database
    user_id: int | None
    username: str
    at: str
    _last_id: int = 0
    _last_hash: str = GENESIS
    _started: bool = False
    changed: dict[str, set[int]] = field(default_factory=dict)
    deadline_complaints: set[int] = field(default_factory=set)
    # the span this transaction wrote, which its seal vouches for (qa_desk.core.keys.seal)
    first_id: int | None = None
    # (key id, Ed25519 private key) that seals this transaction; set from the session, or by the service that
    # creates the installation's root key inside the transaction
    sealer: Any = None
    actions: set[str] = field(default_factory=set)

    def _chain_head(self) -> None:
        if not self._started:
            self._last_id, self._last_hash = last_hash(self.db)
            self._started = True

    def log(self, action: str, *, op: str | None = None, tbl: str | None = None, record_id: int | None = None,
            complaint_id: int | None = None, field_name: str | None = None, old: Any = None, new: Any = None,
            reason: str | None = None) -> int:
        """Append one entry to the chain. ``old``/``new`` are stored as canonical JSON."""
        self._chain_head()
        entry = {
            "id": self._last_id + 1, "at": self.at, "user_id": _int(self.user_id), "username": self.username,
            "action": action, "op": op, "tbl": tbl, "record_id": _int(record_id), "complaint_id": _int(complaint_id),
            "field": field_name, "old": None if old is None else canonical(old),
            "new": None if new is None else canonical(new), "reason": reason,
        }
        h = entry_hash(self._last_hash, entry)
        self.db.conn.execute(f"INSERT INTO audit_log ({_COLS}) VALUES ({_MARKS})",
                             [entry[k] for k in ENTRY_FIELDS] + [bytes.fromhex(h)])
        self._last_id, self._last_hash = entry["id"], h
        if self.first_id is None:
            self.first_id = entry["id"]
        self.actions.add(action)
        return entry["id"]

    @property
    def head(self) -> tuple[int, str]:
        """The newest entry this transaction wrote (id, hash); (0, GENESIS) before it wrote any."""
        return self._last_id, self._last_hash

    # --- audited record writes -------------------------------------------------------------------------

    def _read(self, table: str, record_id: int) -> dict:
        r = self.db.conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", (record_id,)).fetchone()
        if r is None:
            raise LookupError(f"{table} {record_id} does not exist")
        return dict(r)

    def insert(self, table: str, row: dict, *, action: str = "create", complaint_id: int | None = None,
               reason: str | None = None) -> dict:
        """Insert a row and log it whole; returns the row as stored (defaults and affinities applied)."""
        row = {k: _plain(v) for k, v in row.items()}
        cols = ",".join(f"[{k}]" for k in row)
        marks = ",".join("?" for _ in row)
        cur = self.db.conn.execute(f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", list(row.values()))
        stored = self._read(table, cur.lastrowid)
        if complaint_id is None and table == "complaints":
            complaint_id = stored["id"]
        self.log(action, op="insert", tbl=table, record_id=stored["id"], complaint_id=complaint_id,
                 new=loggable_row(table, stored), reason=reason)
        self._touch(table, stored["id"], stored.get("complaint_id"))
        return stored

    def update(self, table: str, record_id: int, changes: dict, *, action: str = "change",
               complaint_id: int | None = None, reason: str | None = None) -> dict:
        """Change fields of one row, logging each changed field with its old and new value."""
        before = self._read(table, record_id)
        changes = {k: _plain(v) for k, v in changes.items() if k in before}
        diff = {k: v for k, v in changes.items() if before[k] != v}
        if not diff:
            return before
        sets = ",".join(f"[{k}] = ?" for k in diff)
        self.db.conn.execute(f"UPDATE [{table}] SET {sets} WHERE id = ?", [*diff.values(), record_id])
        after = self._read(table, record_id)
        if complaint_id is None and table == "complaints":
            complaint_id = record_id
        state = STATE_COLUMNS.get(table, frozenset())
        changed = [k for k in diff if before[k] != after[k]]
        for op, keys in (("update", [k for k in changed if k not in state]), (None, [k for k in changed if k in state])):
            if not keys:
                continue
            # one entry per row update (one per field made the trail three times longer)
            old = {k: loggable_value(table, k, before[k]) for k in keys if before[k] is not None}  # missing = empty
            new = {k: loggable_value(table, k, after[k]) for k in keys}
            if len(keys) == 1:
                self.log(action, op=op, tbl=table, record_id=record_id, complaint_id=complaint_id,
                         field_name=keys[0], old=old.get(keys[0]), new=new[keys[0]], reason=reason)
            else:
                self.log(action, op=op, tbl=table, record_id=record_id, complaint_id=complaint_id,
                         old=old, new=new, reason=reason)
        self._touch(table, record_id, after.get("complaint_id"))
        return after

    def delete(self, table: str, record_id: int, *, action: str = "destroy", complaint_id: int | None = None,
               reason: str | None = None) -> None:
        before = self._read(table, record_id)
        self.db.conn.execute(f"DELETE FROM [{table}] WHERE id = ?", (record_id,))
        self.log(action, op="delete", tbl=table, record_id=record_id, complaint_id=complaint_id,
                 old=loggable_row(table, before), reason=reason)
        self._touch(table, record_id, before.get("complaint_id"))

    def _touch(self, table: str, record_id: int, complaint_id: int | None) -> None:
        self.changed.setdefault(table, set()).add(record_id)
        if table == "deadlines" and complaint_id is not None:
            self.deadline_complaints.add(complaint_id)


_COLS = ",".join(ENTRY_FIELDS) + ",hash"
_MARKS = ",".join("?" for _ in range(len(ENTRY_FIELDS) + 1))


def _int(v: Any) -> int | None:
    """Ids are hashed as SQLite will store them (an id given as "5" is stored as 5)."""
    return None if v is None else int(v)


def _plain(v: Any) -> Any:
    """Values as SQLite will give them back, so the logged row equals the stored one."""
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (list, dict)):
        return canonical(v)
    if hasattr(v, "isoformat") and not isinstance(v, (str, bytes)):
        return v.isoformat()
    return v
