"""Replay: the trail rebuilds every audited table, one record at a time, and each row must be what it says."""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlite_utils import Database

from qa_desk.core.findings import Finding
from qa_desk.store import audit
from qa_desk.store.audit import AUDITED_TABLES, STATE_COLUMNS
from qa_desk.store.db import tuples as _tuples


def _same(table: str, column: str, logged, actual) -> bool:
    if isinstance(logged, dict) and "$sha256" in logged:
        return actual is not None and audit.digest(actual) == logged
    return logged == actual


def _logged_rows(db: Database, table: str) -> Iterator[tuple[int, dict]]:
    """(record id, the row as its audit entries make it), in record id order, one record in memory at a time
    (the index on (tbl, record_id) gives that order)."""
    cur = _tuples(db, "SELECT record_id, op, field, new FROM audit_log INDEXED BY "
                          "idx_audit_log_tbl_record_id WHERE tbl = ? AND op IS NOT NULL AND redacted_by IS NULL "
                          "ORDER BY record_id, id", (table,))
    rid, row = None, None
    for record_id, op, field_name, new in cur:
        if record_id != rid:
            if rid is not None and row is not None:
                yield rid, row
            rid, row = record_id, None
        if op == "insert":
            row = _loads(new)
            row = row if isinstance(row, dict) else {}
            row.setdefault("id", record_id)
        elif op == "update":  # one field (before schema 7), or an object of the fields changed
            row = row if row is not None else {}
            if field_name is not None:
                row[field_name] = None if new is None else _loads(new)
            elif new is not None:
                changed = _loads(new)
                if isinstance(changed, dict):
                    row.update(changed)
        elif op == "delete":
            row = None
    if rid is not None and row is not None:
        yield rid, row


def _loads(text):
    """A logged value; one that is not JSON (written behind the application's back) replays as a marker that
    equals no stored value, so the row is named."""
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return {"$not_json": str(text)[:40]}


def check_replay(db: Database) -> list[Finding]:
    out: list[Finding] = []
    present = set(db.table_names())
    for table in AUDITED_TABLES:
        if table not in present:
            continue
        state = STATE_COLUMNS.get(table, frozenset())
        actual = _tuples(db, f"SELECT * FROM [{table}] ORDER BY id")
        cols = [d[0] for d in actual.description]
        checked = [(i, c) for i, c in enumerate(cols) if c not in state]
        pending = actual.fetchone()
        for rid, logged in _logged_rows(db, table):
            while pending is not None and pending[0] < rid:
                out.append(_unrecorded(table, dict(zip(cols, pending, strict=True))))
                pending = actual.fetchone()
            if pending is None or pending[0] != rid:
                out.append(Finding("missing", f"{table} id {rid}", "审计记录中存在的记录已被删除（绕过程序）",
                                   "a row the audit trail holds was removed behind the application's back"))
                continue
            row, pending = pending, actual.fetchone()
            get = logged.get
            bad = [c for i, c in checked if get(c) != row[i] and not _same(table, c, get(c), row[i])]
            if bad:
                out += _tampered(table, dict(zip(cols, row, strict=True)), logged, bad)
        while pending is not None:
            out.append(_unrecorded(table, dict(zip(cols, pending, strict=True))))
            pending = actual.fetchone()
    return out


def _tampered(table: str, row: dict, logged: dict, columns: list[str]) -> list[Finding]:
    where = f"{table} id {row['id']}" + (f" ({row['number']})" if table == "complaints" else "")
    out = []
    for col in columns:
        was, now = _short(logged.get(col), col), _short(row[col], col)
        out.append(Finding("tampered", f"{where} field {col}", f"当前值与审计记录不符（记录为 {was}，实际为 {now}）",
                           f"the value differs from its audit history (recorded {was}, found {now})"))
    return out


def _unrecorded(table: str, row: dict) -> Finding:
    where = f"{table} id {row['id']}" + (f" ({row['number']})" if table == "complaints" else "")
    return Finding("unrecorded", where, "该记录没有审计来源（绕过程序写入）",
                   "this row has no audit history (written behind the application's back)")


def _short(v, column: str | None = None) -> str:
    """A value for a finding; personal data is masked, because verify runs without a login."""
    from qa_desk.core.privacy import PERSONAL_FIELDS, masked_value

    if column in PERSONAL_FIELDS:
        v = masked_value(v)
    if isinstance(v, bytes):
        v = f"<{len(v)} bytes>"
    s = repr(v)
    return s if len(s) <= 60 else s[:57] + "..."
