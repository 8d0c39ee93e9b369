"""The rows of the complaint register (用户投诉登记台帐): one query, values ready to write.

The Excel export and the register PDF both read the register through here, so the two show the same rows,
masking and labels. The query joins what each complaint has elsewhere (CAPA references, the final reply and its
satisfaction) as grouped tables, read once, instead of a subquery per complaint; only a complaint still open
looks up its missed deadlines (by its own index entries: the unmet deadlines of archived records, most of an old
file's, are never read); it selects only the columns the register shows; and the labels are looked up once per
export, not per row. That keeps the export close to the cost of writing the cells (bench/bench_documents.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

from qa_desk.core import lifecycle
from qa_desk.core.clock import iso
from qa_desk.core.policy import Policy
from qa_desk.core.session import Session

# the register's columns, in the order the ledger shows them (DOMAIN.md §9); documents/register.py adds headers
KEYS = ("number", "received", "channel", "complainant", "product", "strength", "batch", "expiry", "quantity",
        "unit", "summary", "nature", "category", "class", "priority", "status", "investigator", "root_cause",
        "conclusion", "market_action", "capa_refs", "reply_date", "satisfaction", "closed", "days_open", "overdue")
# columns whose codes are shown as the vocabulary's label in the export's language
VOCAB = {"channel": "channel", "nature": "nature", "category": "category", "priority": "priority",
         "status": "status", "conclusion": "conclusion", "market_action": "market_action",
         "satisfaction": "satisfaction"}

ROWS_SQL = f"""
SELECT c.number, c.received_at, c.channel, c.anonymous, c.complainant_org, c.complainant_name, c.product_name,
  c.strength, c.batch_no, c.expiry_date, c.quantity, c.unit, c.description, c.nature, c.category, c.class,
  c.priority, c.status, coalesce(u.display_name, c.legacy_handler), c.root_cause, c.conclusion, c.market_action,
  capa.refs, reply.at, last.satisfaction, c.closed_at, c.voided_at,
  CASE WHEN c.status NOT IN {lifecycle.FINAL_SQL} THEN EXISTS (SELECT 1 FROM deadlines d
    WHERE d.complaint_id = c.id AND d.met_at IS NULL AND d.due_utc < :now) ELSE 0 END
FROM complaints c
LEFT JOIN users u ON u.id = c.owner_id
LEFT JOIN (SELECT complaint_id, group_concat(ref, ' ') AS refs FROM capa_actions GROUP BY complaint_id) capa
  ON capa.complaint_id = c.id
LEFT JOIN (SELECT complaint_id, max(replied_at) AS at, max(id) AS last_id FROM replies WHERE final = 1
           GROUP BY complaint_id) reply ON reply.complaint_id = c.id
LEFT JOIN replies last ON last.id = reply.last_id
"""


@dataclass
class RegisterFilter:
    """Which complaints a register export or print holds (dates are the receipt day, inclusive)."""

    date_from: date | None = None
    date_to: date | None = None
    classes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    ids: list[int] | None = None

    def describe(self, lang: str = "en", policy: Policy | None = None) -> str:
        """The filter in words, for the about sheet (in the export's language) and the audit entry (English
        codes, the default, so entries read the same whoever exported)."""
        zh = lang.startswith("zh")
        name = (lambda vocab, code: policy.label(vocab, code, lang)) if policy else (lambda _vocab, code: code)
        parts = []
        if self.date_from or self.date_to:
            span = f"{self.date_from or '…'} – {self.date_to or '…'}"
            parts.append(("接收日期 " if zh else "received ") + span)
        if self.classes:
            parts.append(("分类 " if zh else "class ") + ",".join(name("class", c) for c in self.classes))
        if self.statuses:
            parts.append(("状态 " if zh else "status ") + ",".join(name("status", s) for s in self.statuses))
        if self.ids is not None:
            parts.append(f"选定的 {len(self.ids)} 条投诉" if zh else f"{len(self.ids)} selected")
        if not parts:
            return "全部投诉" if zh else "all complaints"
        return ("；" if zh else "; ").join(parts)


def where(f: RegisterFilter) -> tuple[str, dict]:
    clauses, params = [], {}
    if f.date_from:
        clauses.append("c.received_at >= :dfrom")
        params["dfrom"] = f.date_from.isoformat()
    if f.date_to:
        clauses.append("c.received_at < date(:dto, '+1 day')")
        params["dto"] = f.date_to.isoformat()
    for name, values in (("class", f.classes), ("status", f.statuses)):
        if values:
            keys = [f"{name}{i}" for i in range(len(values))]
            clauses.append(f"c.{name} IN ({','.join(':' + k for k in keys)})")
            params.update(dict(zip(keys, values, strict=True)))
    if f.ids is not None:
        clauses.append(f"c.id IN ({','.join(str(int(i)) for i in f.ids) or 'NULL'})")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def count(session: Session, f: RegisterFilter) -> int:
    sql, params = where(f)
    return session.db.conn.execute("SELECT count(*) FROM complaints c" + sql, params).fetchone()[0]


def root_causes(session: Session, f: RegisterFilter, lang: str) -> Counter:
    """Complaints per root-cause category (the Pareto chart), labelled in the export's language."""
    sql, params = where(f)
    causes: Counter = Counter()
    for cat, n in session.db.conn.execute(
            "SELECT root_cause_category, count(*) FROM complaints c" + (sql + " AND" if sql else " WHERE")
            + " root_cause_category IS NOT NULL GROUP BY root_cause_category", params):
        causes[session.policy.label("fishbone", cat, lang)] += n
    return causes


def _local(text: str | None) -> datetime | None:
    """Excel has no time zones: times are written in the office's local time, as the forms print them."""
    return datetime.fromisoformat(text).replace(tzinfo=None) if text else None


def _labels(policy: Policy, lang: str) -> dict[str, dict[str, str]]:
    return {vocab: {code: policy.label(vocab, code, lang) for code in policy.codes(vocab)}
            for vocab in set(VOCAB.values())}


def _batched(cur, size: int = 1000) -> Iterator[tuple]:
    """The cursor's rows, fetched a thousand at a time: one call into SQLite per batch, not per row."""
    while batch := cur.fetchmany(size):
        yield from batch


def values(session: Session, f: RegisterFilter, *, unmasked: bool, lang: str) -> Iterator[list]:
    """Each complaint's register values as a list in KEYS order (the export's fast path).

    Every text in full: the register is also what an import reads back (export → import → export). Personal data
    is masked unless ``unmasked`` (the caller checks the permission); a masked person is shown as ***, so a masked
    export is never read back as complete."""
    zh = lang.startswith("zh")
    anonymous, yes = ("匿名", "是") if zh else ("Anonymous", "yes")
    labels = _labels(session.policy, lang)
    channels, natures, categories, priorities, statuses, conclusions, actions, satisfactions = (
        labels[VOCAB[k]] for k in ("channel", "nature", "category", "priority", "status", "conclusion",
                                   "market_action", "satisfaction"))
    now = session.now()
    today = now.replace(tzinfo=None)
    sql, params = where(f)
    params["now"] = iso(now.astimezone(UTC))
    cur = session.db.conn.cursor()
    cur.row_factory = None  # plain tuples: a row object per complaint costs more than the unpacking
    cur.execute(ROWS_SQL + sql + " ORDER BY c.year, c.seq", params)
    fromiso, to_date = datetime.fromisoformat, date.fromisoformat
    # written out per column, not looped: this runs once per complaint of a 100,000-row export
    for (number, received_at, channel, anon, org, person, product, strength, batch, expiry, quantity, unit,
         description, nature, category, klass, priority, status, investigator, root_cause, conclusion, action,
         capa_refs, reply_at, satisfaction, closed_at, voided_at, overdue) in _batched(cur):
        if anon:
            who = anonymous
        else:
            if not unmasked and person:
                person = "***"
            who = f"{org} / {person}" if org and person else (org or person or "")
        try:
            received = fromiso(received_at).replace(tzinfo=None)
            closed = fromiso(closed_at).replace(tzinfo=None) if closed_at else None
            expiry_day = to_date(expiry) if expiry else None
            reply_day = fromiso(reply_at).replace(tzinfo=None).date() if reply_at else None
            ended = closed or (fromiso(voided_at).replace(tzinfo=None) if voided_at else None)  # a void stops it
            days = max(0, ((ended or today) - received).days)
        except (TypeError, ValueError):  # a time edited outside QA Desk: shown as stored (verify names it)
            received, closed, expiry_day, reply_day = (_as_stored(v, kind) for v, kind in (
                (received_at, datetime), (closed_at, datetime), (expiry, date), (reply_at, date)))
            days = max(0, ((closed or today) - received).days) \
                if isinstance(received, datetime) and isinstance(closed or today, datetime) else None
        line = [number, received, channels.get(channel, channel), who, product, strength, batch, expiry_day,
                quantity, unit, description or "", natures.get(nature, nature), categories.get(category, category),
                klass, priorities.get(priority, priority), statuses.get(status, status), investigator, root_cause,
                conclusions.get(conclusion, conclusion), actions.get(action, action), capa_refs, reply_day,
                satisfactions.get(satisfaction, satisfaction), closed.date() if isinstance(closed, datetime)
                else closed, days, yes if overdue else ""]
        if bytes in map(type, line):  # a blob written with sqlite3 where text belongs: its bytes as text
            line = [v.decode("utf-8", "replace") if type(v) is bytes else v for v in line]
        yield line


def _as_stored(value, kind: type) -> object:
    """A stored time or day as the register shows it: the time (or day) when it reads as one, else the stored
    text itself, so an export never stops on one record changed outside QA Desk."""
    if value is None or value == "":
        return None
    try:
        when = datetime.fromisoformat(value) if kind is datetime else None
        if when is not None:
            return when.replace(tzinfo=None)
        text = value.decode() if isinstance(value, bytes) else str(value)
        return datetime.fromisoformat(text).replace(tzinfo=None).date() if "T" in text else date.fromisoformat(text)
    except (TypeError, ValueError, UnicodeDecodeError):
        text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        return "".join(ch if ch >= " " or ch in "\t\n" else "\ufffd" for ch in text)  # no control characters


def rows(session: Session, f: RegisterFilter, *, unmasked: bool, lang: str) -> Iterator[dict]:
    """The same values keyed by column (the register PDF and the bench read them so)."""
    for line in values(session, f, unmasked=unmasked, lang=lang):
        yield dict(zip(KEYS, line, strict=True))
