"""The audit trail: an append-only, SHA-256-chained log of every create, change, void, sign, export, print,
view and destruction.

Two things make tampering visible:
- each entry's hash covers the previous entry's hash and the entry's own canonical content, so editing or
  deleting an entry (after dropping the append-only triggers) breaks the chain at that entry;
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

# Columns whose value is logged as a digest (secrets and blobs); replay compares digests.
DIGEST_COLUMNS: dict[str, frozenset[str]] = {
    "users": frozenset({"password_hash"}),
    "attachments": frozenset({"content"}),
}

# Tables whose rows are rebuilt from the log by verify. Everything a person can change is here.
AUDITED_TABLES = (
    "users", "settings", "calendar_years", "calendar_days", "complaints", "medical_details",
    "checklist_items", "sample_custody", "batch_holds", "capa_actions", "replies", "attachments",
    "deadlines", "extensions", "signatures", "complaint_links", "destruction_log", "audit_reviews",
)


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(value: Any) -> dict:
    raw = value if isinstance(value, bytes) else ("" if value is None else str(value)).encode()
    return {"$sha256": hashlib.sha256(raw).hexdigest()}


def loggable_row(table: str, row: dict) -> dict:
    cols = DIGEST_COLUMNS.get(table, frozenset())
    return {k: (digest(v) if k in cols and v is not None else v) for k, v in row.items()}


def loggable_value(table: str, column: str, value: Any) -> Any:
    if value is not None and column in DIGEST_COLUMNS.get(table, frozenset()):
        return digest(value)
    return value


ENTRY_FIELDS = ("id", "at", "user_id", "username", "action", "op", "tbl", "record_id", "complaint_id",
                "field", "old", "new", "reason")


def entry_hash(prev_hash: str, entry: dict) -> str:
    body = canonical([prev_hash] + [entry.get(k) for k in ENTRY_FIELDS])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def last_hash(db: Database) -> tuple[int, str]:
    r = db.conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return (r[0], r[1]) if r else (0, GENESIS)


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
        cols = ",".join(ENTRY_FIELDS) + ",prev_hash,hash"
        marks = ",".join("?" for _ in range(len(ENTRY_FIELDS) + 2))
        self.db.conn.execute(f"INSERT INTO audit_log ({cols}) VALUES ({marks})",
                             [entry[k] for k in ENTRY_FIELDS] + [self._last_hash, h])
        self._last_id, self._last_hash = entry["id"], h
        return entry["id"]

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
        for k in diff:
            if before[k] == after[k]:
                continue
            self.log(action, op="update", tbl=table, record_id=record_id, complaint_id=complaint_id,
                     field_name=k, old=loggable_value(table, k, before[k]),
                     new=loggable_value(table, k, after[k]), reason=reason)
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
