"""The triage list: which complaints match a filter, in which order, and their display rows.

Everything is SQL: filters, sort and full-text search run in SQLite; the caller keeps only the ordered list
of ids and asks for rows a page at a time (``rows_for``). Open Class I complaints that the QA head and the
quality VP have not both acknowledged come first in every list, whatever the sort.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlite_utils import Database

from qa_desk.core import lifecycle
from qa_desk.core.clock import iso
from qa_desk.store import search
from qa_desk.store.migrations import PRIORITY_RANK_SQL

SORTS = {  # each order ends with the row id in the same direction, so an index can serve it
    "number": "c.year {d}, c.seq {d}",
    "received": "c.received_at {d}, c.id {d}",
    "product": "c.product_name {d}, c.id {d}",
    "batch": "c.batch_no {d}, c.id {d}",
    "class": "c.class {d}, c.id {d}",
    "priority": f"{PRIORITY_RANK_SQL} {{d}}, c.id {{d}}",
    "nature": "c.nature {d}, c.id {d}",
    "status": "c.status {d}, c.id {d}",
    "owner": "c.owner_id {d}, c.id {d}",
    "days_open": "c.received_at {rd}, c.id {rd}",
}
FINAL = tuple(s for s in lifecycle.STATUS_ZH if s in lifecycle.FINAL)  # in the lifecycle's order, for lists
# The archive view's default: finished records (voided ones on request).
FINISHED = ("closed", "archived")
# Open Class I complaints that the QA head and the quality VP have not both acknowledged.
PINNED_COND = (f"(c.class = 'I' AND c.status NOT IN {lifecycle.FINAL_SQL} AND "
               "(c.class_i_qahead_ack_at IS NULL OR c.class_i_vp_ack_at IS NULL))")
PINNED_SQL = f"coalesce({PINNED_COND}, 0)"
PAGE_SIZE = 200


@dataclass
class TriageFilter:
    classes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    natures: tuple[str, ...] = ()
    product: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    overdue_only: bool = False
    mine: bool = False
    open_only: bool = False
    # the search: every complaint the other filters let through, whatever its status (the status filter says which)
    text: str | None = None
    # kept for callers that leave archived complaints out unless asked for by status (the triage view no longer does:
    # its "all statuses" shows every complaint)
    exclude_archived: bool = False
    sort: str = "received"
    descending: bool = True
    extra: dict = field(default_factory=dict)
    # exactly these complaints (a bar of the Trends page: the ones it counts), with the other filters on top
    ids: tuple[int, ...] | None = None


def _where(f: TriageFilter, *, user_id: int | None, now: datetime,
           open_statuses: tuple[str, ...] | None = None) -> tuple[list[str], list]:
    """The filter's conditions. ``open_statuses``: the open statuses the file holds, for a count (``Cursor``)."""
    clauses, params = [], []

    def among(column: str, values: tuple[str, ...]) -> None:
        if values:
            clauses.append(f"{column} IN ({','.join('?' for _ in values)})")
            params.extend(values)

    if f.ids is not None:
        clauses.append("c.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps([int(i) for i in f.ids]))
    among("c.class", f.classes)
    among("c.status", f.statuses)
    if f.exclude_archived and not f.statuses:
        clauses.append("c.status != 'archived'")
    among("c.nature", f.natures)
    if f.product:
        clauses.append("c.product_name = ?")
        params.append(f.product)
    if f.received_from:
        clauses.append("c.received_at >= ?")
        params.append(f.received_from.isoformat())
    if f.received_to:
        clauses.append("c.received_at < date(?, '+1 day')")
        params.append(f.received_to.isoformat())
    if f.open_only and open_statuses is not None:
        among("c.status", open_statuses)
        if not open_statuses:
            clauses.append("0")
    elif f.open_only:
        clauses.append(f"c.status NOT IN {lifecycle.FINAL_SQL}")
    if f.overdue_only:
        clauses.append(f"n.due_utc < ? AND c.status NOT IN {lifecycle.FINAL_SQL}")
        params.append(iso(now.astimezone(UTC)))
    if f.mine and user_id is not None:
        clauses.append("c.owner_id = ?")
        params.append(user_id)
    return clauses, params


MATCHES = "SELECT rowid FROM complaint_search WHERE complaint_search MATCH ?"
# A search that matches more than about sqrt(BROAD_FACTOR * PAGE_SIZE * complaints) complaints is "broad": its page
# is read walking the order's index and testing each complaint against the matches, which stops after a page;
# a narrow one is read from its matches and sorted. See ``Search``.
BROAD_FACTOR = 1.0


@dataclass(frozen=True)
class Search:
    """The search part of a filter, planned once per list.

    SQLite drives ``c.id IN (matches)`` from the matches: every match's complaint is read and the lot sorted,
    which at 100,000 complaints costs 80 ms for one common character (75,000 matches) to show 200 rows. Written
    ``+c.id IN (matches)`` the matches become a lookup list built once (7 ms for 75,000 ids) and the planner walks
    the order's index (or the other filters' own), stopping when the page is full: a few hundred reads for a broad
    search, but the whole file for a rare word. So the full-text index counts the matches first (2 ms: no
    complaint is read) and the plan is chosen by that count; the count is also the list's total when no other
    filter applies."""

    expr: str | None
    matches: int
    broad: bool

    @classmethod
    def plan(cls, db: Database, text: str | None) -> Search | None:
        if not text or not text.strip():
            return None
        expr = search.match_expression(text)
        if expr is None:
            return cls(None, 0, False)
        n = db.conn.execute("SELECT count(*) FROM complaint_search WHERE complaint_search MATCH ?", (expr,)).fetchone()[0]
        size = db.conn.execute("SELECT coalesce(max(id), 0) FROM complaints").fetchone()[0]
        return cls(expr, n, n * n >= BROAD_FACTOR * PAGE_SIZE * size)

    def clause(self) -> tuple[str, list]:
        if self.expr is None:
            return "0", []
        return (f"{'+' if self.broad else ''}c.id IN ({MATCHES})"), [self.expr]


def _sql(select: str, source: str, clauses: list[str], order: str | None = None) -> str:
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return f"SELECT {select} FROM {source}{where}" + (f" ORDER BY {order}" if order else "")


PLAIN = "complaints c"
JOINED = "complaints c LEFT JOIN complaint_next_due n ON n.complaint_id = c.id"
BY_DUE = "complaint_next_due n JOIN complaints c ON c.id = n.complaint_id"


class Cursor:
    """Pages through the matches of a filter: the pinned Class I complaints first (all of them), then the
    rest in the requested order, PAGE_SIZE ids at a time, each page read in index order with LIMIT/OFFSET.
    Sorting by deadline reads the complaints with an open deadline through the deadline index, then those
    without one."""

    def __init__(self, db: Database, f: TriageFilter, *, user_id: int | None, now: datetime) -> None:
        self.db = db
        clauses, params = _where(f, user_id=user_id, now=now)
        found = Search.plan(db, f.text)
        # the matches' count is the total when the search is the only filter (no complaint read to count them)
        self._known_total = found.matches if found is not None and not clauses else None
        if found is not None:
            clause, more = found.clause()
            clauses, params = [*clauses, clause], [*params, *more]
        source = JOINED if f.overdue_only else PLAIN
        d = "DESC" if f.descending else "ASC"
        rest = clauses + [f"NOT {PINNED_SQL}"]
        self.segments: list[tuple[str, list]] = [
            (_sql("c.id", source, clauses + [PINNED_COND], "c.received_at DESC, c.id DESC"), params)]
        if f.sort == "due":
            self.segments.append((_sql("c.id", BY_DUE, rest, f"n.due_utc {d}, n.complaint_id {d}"), params))
            if not f.overdue_only:
                self.segments.append((_sql("c.id", JOINED, rest + ["n.complaint_id IS NULL"],
                                           "c.received_at DESC, c.id DESC"), params))
        else:
            order = SORTS.get(f.sort, SORTS["received"]).format(d=d, rd="ASC" if f.descending else "DESC")
            self.segments.append((_sql("c.id", source, rest, order), params))
        self.count_sql, self.count_params = (
            self._count_query(f, found, source, user_id=user_id, now=now) if _count_by_status(f, found, user_id)
            else (_sql("count(*)", source, clauses), params))
        self._segment = 0
        self._offset = 0

    def _count_query(self, f: TriageFilter, found: Search | None, source: str, *, user_id: int | None,
                     now: datetime) -> tuple[str, list]:
        """The count of open complaints matching a broad search, written ``status IN (the open statuses)``: the
        status index then counts them without reading a complaint (``NOT IN`` reads the whole index, and a read
        of each match's complaint costs 30 ms at 75,000 matches). Kept out of the lists' own queries, whose
        order's index serves them better."""
        clauses, params = _where(f, user_id=user_id, now=now, open_statuses=open_statuses(self.db))
        if found is not None:
            clause, more = found.clause()
            clauses, params = [*clauses, clause], [*params, *more]
        return _sql("count(*)", source, clauses), params

    @property
    def done(self) -> bool:
        return self._segment >= len(self.segments)

    def next_page(self, size: int | None = None) -> list[int]:
        size = size or PAGE_SIZE
        out: list[int] = []
        while len(out) < size and not self.done:
            sql, params = self.segments[self._segment]
            if self._segment == 0:  # the pinned complaints: few, read at once
                got = [r[0] for r in self.db.conn.execute(sql, params)]
                self._segment += 1
                out += got
                continue
            want = size - len(out)
            got = [r[0] for r in self.db.conn.execute(sql + " LIMIT ? OFFSET ?", [*params, want, self._offset])]
            out += got
            self._offset += len(got)
            if len(got) < want:
                self._segment, self._offset = self._segment + 1, 0
        return out

    def total(self) -> int:
        if self._known_total is not None:
            return self._known_total
        return self.db.conn.execute(self.count_sql, self.count_params).fetchone()[0]


def _count_by_status(f: TriageFilter, found: Search | None, user_id: int | None) -> bool:
    """Whether the open complaints are best counted through the status index: for a broad search with no other
    filter that has an index of its own (without statistics SQLite would take the status index over a class's,
    which holds a fifth of the file, and read every open complaint's row)."""
    others = f.classes or f.natures or f.product or (f.mine and user_id is not None) or f.overdue_only
    return bool(f.open_only and found is not None and found.broad and not others)


def open_statuses(db: Database) -> tuple[str, ...]:
    """The statuses that complaints of this file have, other than FINAL ones: read by hopping through the status
    index from one value to the next (a few lookups, whatever the number of complaints)."""
    held = [r[0] for r in db.conn.execute(
        "WITH RECURSIVE s(v) AS (SELECT min(status) FROM complaints UNION ALL "
        "SELECT (SELECT min(status) FROM complaints WHERE status > s.v) FROM s WHERE s.v IS NOT NULL) "
        "SELECT v FROM s WHERE v IS NOT NULL")]
    return tuple(v for v in held if v not in FINAL)


def ids(db: Database, f: TriageFilter, *, user_id: int | None, now: datetime) -> list[int]:
    """Every matching id in display order (tests and exports; the view pages through a Cursor)."""
    cursor = Cursor(db, f, user_id=user_id, now=now)
    out: list[int] = []
    while not cursor.done:
        out += cursor.next_page(10_000)
    return out


def count(db: Database, f: TriageFilter, *, user_id: int | None, now: datetime) -> int:
    return Cursor(db, f, user_id=user_id, now=now).total()


ROW_SQL = (
    "SELECT c.id, c.number, c.received_at, c.product_name, c.strength, c.batch_no, c.class, c.priority, c.nature, "
    "c.status, c.owner_id, coalesce(u.display_name, c.legacy_handler) AS owner, "  # an old ledger's handler too
    "n.kind AS next_kind, n.due_at AS next_due, "
    "n.due_utc AS next_due_utc, c.complainant_name, c.complainant_org, c.anonymous, c.description, "
    f"{PINNED_SQL} AS pinned, c.closed_at "
    "FROM complaints c LEFT JOIN users u ON u.id = c.owner_id "
    "LEFT JOIN complaint_next_due n ON n.complaint_id = c.id WHERE c.id IN ({marks})")


def rows_for(db: Database, wanted: list[int]) -> dict[int, dict]:
    """Display rows for these ids (one query per page)."""
    out: dict[int, dict] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        sql = ROW_SQL.format(marks=",".join("?" for _ in chunk))
        for r in db.conn.execute(sql, chunk):
            out[r["id"]] = dict(r)
    return out


def match_snippet(db: Database, complaint_id: int, text: str | None) -> search.Snippet | None:
    """Where the search text matched this complaint (the field and the words around it), for the highlighted row;
    None when there is no search or the match is not in a shown field."""
    if not text or not text.strip():
        return None
    cols = ", ".join(search.SNIPPET_FIELDS)
    row = db.conn.execute(f"SELECT {cols} FROM complaints WHERE id = ?", (complaint_id,)).fetchone()
    return search.snippet(dict(row), text) if row is not None else None


def snippet_field_label(field: str) -> tuple[str, str]:
    """The snippet's field in words (zh, en)."""
    from qa_desk.core import validation

    return ("编号", "number") if field == "number" else validation.label(field)


def products(db: Database) -> list[str]:
    return [r[0] for r in db.conn.execute(
        "SELECT product_name FROM complaints GROUP BY product_name ORDER BY count(*) DESC LIMIT 500")]


def batches(db: Database, product: str | None = None) -> list[str]:
    if product:
        q = ("SELECT batch_no FROM complaints WHERE product_name = ? AND batch_no IS NOT NULL GROUP BY batch_no "
             "ORDER BY max(received_at) DESC LIMIT 200")
        return [r[0] for r in db.conn.execute(q, (product,))]
    return [r[0] for r in db.conn.execute(
        "SELECT batch_no FROM complaints WHERE batch_no IS NOT NULL GROUP BY batch_no "
        "ORDER BY max(received_at) DESC LIMIT 200")]


def strengths(db: Database, product: str) -> list[str]:
    return [r[0] for r in db.conn.execute(
        "SELECT strength FROM complaints WHERE product_name = ? AND strength IS NOT NULL GROUP BY strength "
        "ORDER BY count(*) DESC LIMIT 20", (product,))]


def days_open(row: dict, now: datetime) -> int:
    start = datetime.fromisoformat(row["received_at"])
    end = datetime.fromisoformat(row["closed_at"]) if row.get("closed_at") else now
    return max(0, (end - start).days)


def related_to(db: Database, *, product: str | None, batch: str | None, now: datetime,
               days: int = 365) -> list[dict]:
    """Complaints on this batch or this product received in the last ``days`` days (batch first)."""
    if not product and not batch:
        return []
    since = iso(now - timedelta(days=days))
    return [dict(r) for r in db.conn.execute(
        "SELECT id, number, received_at, product_name, batch_no, class, status, description, "
        "CASE WHEN batch_no = :batch THEN 'batch' ELSE 'product' END AS link FROM complaints "
        "WHERE status != 'voided' AND received_at >= :since AND ("
        " (:batch IS NOT NULL AND batch_no = :batch AND (:product IS NULL OR product_name = :product))"
        " OR (:product IS NOT NULL AND product_name = :product)) "
        "ORDER BY (batch_no = :batch) DESC, received_at DESC LIMIT 200",
        {"batch": batch, "product": product, "since": since})]


def similarity(a: str, b: str) -> float:
    """Share of common search tokens (CJK bigrams and words), 0–1."""
    ta, tb = set(search.tokens(a or "")), set(search.tokens(b or ""))
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def possible_duplicates(db: Database, *, product: str | None, batch: str | None, description: str | None,
                        now: datetime, days: int = 30, threshold: float = 0.15) -> list[dict]:
    """Same batch or product in the last 30 days with similar text: candidates the inspector links or
    dismisses."""
    out = []
    for r in related_to(db, product=product, batch=batch, now=now, days=days):
        score = similarity(description or "", r["description"])
        if score >= threshold or (batch and r["batch_no"] == batch and score > 0):
            out.append({**r, "score": round(score, 2)})
    return sorted(out, key=lambda r: -r["score"])
