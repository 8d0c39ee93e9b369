"""What a periodic review reviews (issue 16 item 5; China GMP art. 276, DOMAIN.md §11): the content of the monthly
register review and of the complaints section of a product's annual quality review, as plain JSON-able data.

The same content is printed (``qa_desk.documents.reports``) and signed (``qa_desk.core.reviews``): its SHA-256 is
what the QA head's signature binds, so the printout can say whether the figures it shows are still the ones
reviewed. Figures come from ``analytics`` (counts, KPIs, rates) and ``signals``; the few queries of their own here
(overdue items, Class I and recall lists, CAPA status, signals of a period) are small and indexed.

Conventions, stated on the printout:
- a complaint belongs to the month of its receipt (analytics); voided complaints are never counted;
- overdue items are judged at the review's cut-off: the end of the month (or now, when the month is not over):
  a deadline due before the cut-off and not met by it, of a complaint still open then; an open CAPA action due
  before it;
- the signals of a month are those raised in it, about it (a control chart's month) or naming a complaint received
  in it; of a product's year, the product's signals of that year in the same sense.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlite_utils import Database

from qa_desk.core import analytics as A
from qa_desk.core.errors import refuse

LISTED = 40  # rows of a long list (overdue items, CAPA actions) printed; the rest are counted
DIMENSIONS = (A.Dimension.CLASS, A.Dimension.NATURE, A.Dimension.CATEGORY, A.Dimension.CHANNEL,
              A.Dimension.DEFECT_TYPE, A.Dimension.ROOT_CAUSE, A.Dimension.DEPARTMENT)


# --- periods -------------------------------------------------------------------------------------------------

def parse_month(text: str | None, today: date) -> str:
    """'YYYY-MM' of a month that has begun; refused in one line otherwise."""
    t = (text or "").strip()
    ok = len(t) == 7 and t[4] == "-" and t[:4].isdigit() and t[5:].isdigit() and 1 <= int(t[5:]) <= 12 \
        and int(t[:4]) >= 1900
    if not ok:
        raise refuse("bad_month", f"月份无效：{text!r}（应为 YYYY-MM，例如 2026-08）",
                     f"Not a month: {text!r} (use YYYY-MM, e.g. 2026-08)")
    if t > today.strftime("%Y-%m"):
        raise refuse("future_month", f"月份 {t} 尚未开始，不能审核。", f"The month {t} has not begun; it cannot be reviewed.")
    return t


def parse_year(value, today: date) -> int:
    t = str(value or "").strip()
    if not (len(t) == 4 and t.isdigit() and int(t) >= 1900):
        raise refuse("bad_year", f"年份无效：{value!r}（应为 YYYY，例如 2026）", f"Not a year: {value!r} (use YYYY, e.g. 2026)")
    if int(t) > today.year:
        raise refuse("future_year", f"{t} 年尚未开始，不能审核。", f"The year {t} has not begun; it cannot be reviewed.")
    return int(t)


def month_bounds(month: str) -> tuple[date, date]:
    first = date.fromisoformat(month + "-01")
    nxt = date.fromisoformat(A.month_of_index(A.month_index(month) + 1) + "-01")
    return first, nxt - timedelta(days=1)


def cutoff(last_day: date, now: datetime) -> datetime:
    """The end of the period's last day in the office's zone (``now``'s), or ``now`` when that is earlier."""
    end = datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=now.tzinfo)
    return min(end, now)


# --- pieces ------------------------------------------------------------------------------------------------

def _num(v: float | None, nd: int = 4) -> float | None:
    return None if v is None else round(float(v), nd)


def _jsonable_key(k) -> str:
    if isinstance(k, tuple):
        return " / ".join("" if x is None else str(x) for x in k)
    return "" if k is None else str(k)


def totals(counts: dict, dim: A.Dimension) -> list[list]:
    """[[key, count], ...] over the period, most first."""
    return [[_jsonable_key(k), n] for k, n in A.totals(counts[dim]).items()]


def kpis(db: Database, scope: A.Scope, cal, now: datetime) -> dict:
    out = {}
    for event, k in A.kpis(db, scope, A.WorkdayCounter(cal), now).items():
        out[event] = {"n": k.calendar.n, "cal_median": _num(k.calendar.median, 2), "cal_p90": _num(k.calendar.p90, 2),
                      "work_median": _num(k.working.median, 2), "work_p90": _num(k.working.p90, 2)}
    return out


def on_time(db: Database, scope: A.Scope, at: datetime) -> list[list]:
    return [[kind, o.on_time, o.late, o.missed, _num(o.rate)] for kind, o in A.on_time(db, scope, at).items()]


def overdue_deadlines(db: Database, at: datetime, product: str | None = None) -> dict:
    """Deadlines due before ``at`` and not met by it (complaints not voided): count by kind and the oldest."""
    at_utc = at.astimezone(UTC).isoformat()
    # a complaint closed by the cut-off owes nothing then: what it missed was reviewed in its own month
    where = ("d.due_utc < ? AND (d.met_at IS NULL OR julianday(d.met_at) > julianday(?)) AND c.status != 'voided' "
             "AND c.received_at < ? AND (c.closed_at IS NULL OR julianday(c.closed_at) > julianday(?))")
    params: list = [at_utc, at.isoformat(), at.isoformat(), at.isoformat()]
    if product:
        where += " AND c.product_name = ?"
        params.append(product)
    by_kind = [list(r) for r in db.conn.execute(
        f"SELECT d.kind, count(*) FROM deadlines d JOIN complaints c ON c.id = d.complaint_id WHERE {where} "
        "GROUP BY 1 ORDER BY 1", params)]
    rows = [list(r) for r in db.conn.execute(
        f"SELECT c.number, d.kind, d.due_at, c.status FROM deadlines d JOIN complaints c ON c.id = d.complaint_id "
        f"WHERE {where} ORDER BY d.due_utc, d.id LIMIT {LISTED}", params)]
    return {"by_kind": by_kind, "total": sum(n for _, n in by_kind), "oldest": rows}


def overdue_capa(db: Database, at: datetime, product: str | None = None) -> dict:
    """CAPA actions due before the cut-off day and not done by it (cancelled ones left out)."""
    day = at.date().isoformat()
    where = ("a.status != 'cancelled' AND a.due_date < ? AND (a.done_at IS NULL OR substr(a.done_at, 1, 10) > ?) "
             "AND c.status != 'voided'")
    params: list = [day, day]
    if product:
        where += " AND c.product_name = ?"
        params.append(product)
    total = db.conn.execute(f"SELECT count(*) FROM capa_actions a JOIN complaints c ON c.id = a.complaint_id "
                            f"WHERE {where}", params).fetchone()[0]
    rows = [list(r) for r in db.conn.execute(
        f"SELECT a.ref, c.number, a.owner_dept, a.due_date, a.status FROM capa_actions a JOIN complaints c "
        f"ON c.id = a.complaint_id WHERE {where} ORDER BY a.due_date, a.id LIMIT {LISTED}", params)]
    return {"total": total, "oldest": rows}


def _complaint_list(db: Database, scope: A.Scope, extra: str) -> list[list]:
    where, params = scope.where()
    return [list(r) for r in db.conn.execute(
        "SELECT c.number, substr(c.received_at, 1, 10), c.product_name, c.batch_no, c.class, c.status, "
        f"c.market_action, c.recall_level FROM complaints c WHERE {where} AND {extra} ORDER BY c.received_at, c.id",
        params)]


def class_i(db: Database, scope: A.Scope) -> list[list]:
    return _complaint_list(db, scope, "c.class = 'I'")


def recalls(db: Database, scope: A.Scope) -> list[list]:
    return _complaint_list(db, scope, "c.market_action = 'recall'")


SIGNAL_COLUMNS = ("id", "kind", "product_name", "batch_no", "month", "zh", "en", "status", "raised_at", "decision",
                  "decision_reason", "capa_id", "capa_proposal", "decided_at", "signer_name", "signed_at")


def signals_of(db: Database, first: str, last: str, product: str | None = None) -> list[dict]:
    """Signals of the months first..last, with their decision and its signer: raised in them, or about them (a
    chart's month), or naming a complaint received in them."""
    if "signals" not in db.table_names():
        return []
    nxt = A.month_of_index(A.month_index(last) + 1)
    sql = ("SELECT s.id, s.kind, s.product_name, s.batch_no, s.month, s.zh, s.en, s.status, s.raised_at, s.decision, "
           "s.decision_reason, s.capa_id, s.capa_proposal, s.decided_at, g.signer_name, g.signed_at FROM signals s "
           "LEFT JOIN signatures g ON g.id = s.signature_id WHERE ((s.raised_at >= ? AND s.raised_at < ?) OR "
           "(s.month >= ? AND s.month <= ?) OR EXISTS (SELECT 1 FROM json_each(s.complaint_ids) j JOIN complaints c "
           "ON c.id = j.value WHERE c.received_at >= ? AND c.received_at < ?))")
    params: list = [first, nxt, first, last, first, nxt]
    if product:
        sql += " AND s.product_name = ?"
        params.append(product)
    return [dict(zip(SIGNAL_COLUMNS, r, strict=True)) for r in db.conn.execute(sql + " ORDER BY s.raised_at, s.id",
                                                                             params)]


def batches(db: Database, scope: A.Scope, *, limit: int | None, per: float = 10_000) -> list[list]:
    """[[product, batch, complaints, units released, unit, complaints per ``per`` units], ...] most first."""
    ranked = A.batch_counts(db, scope, limit=limit)
    qty: dict[tuple, list] = {}
    for product, batch, _, q, unit in A.released(db):
        got = qty.setdefault((product, batch), [0.0, unit])
        got[0] += q or 0
    out = []
    for (product, batch), n in ranked:
        q, unit = qty.get((product, batch), [None, None])
        out.append([product, batch, n, _num(q, 2), unit, _num(n * per / q, 3) if q else None])
    return out


# --- the two contents -----------------------------------------------------------------------------------------

def monthly(db: Database, month: str, now: datetime, cal=None) -> dict[str, Any]:
    """The monthly register review of ``month`` ('YYYY-MM') as of ``now``."""
    from qa_desk.core.workcal import WorkCalendar

    cal = cal or WorkCalendar.load(db)
    first, last = month_bounds(month)
    at = cutoff(last, now)
    scope = A.Scope(first, last)
    counts = A.counts(db, scope)
    trend_first = A.month_of_index(A.month_index(month) - 11)
    trend = A.counts(db, A.Scope(date.fromisoformat(trend_first + "-01"), last))
    reopen = A.reopen_rate(db, scope)
    return {
        "scope": {"kind": "monthly", "month": month, "from": first.isoformat(), "to": last.isoformat(),
                  "cutoff": at.isoformat()},
        "total": sum(n for _, _, n in counts[A.Dimension.CLASS]),
        "counts": {str(d): totals(counts, d) for d in DIMENSIONS},
        "products": totals(counts, A.Dimension.PRODUCT)[:15],
        "trend": {"months": A.months_between(trend_first, month),
                  "by_class": {m: {_jsonable_key(k): n for k, n in v.items()}
                               for m, v in A.tally(trend[A.Dimension.CLASS]).items()}},
        "kpis": kpis(db, scope, cal, now),
        "on_time": on_time(db, scope, at),
        "reopen": [reopen.count, reopen.of],
        "satisfaction": [[_jsonable_key(k), n] for k, n in A.satisfaction(db, scope).items()],
        "batches": batches(db, scope, limit=15),
        "overdue": overdue_deadlines(db, at),
        "overdue_capa": overdue_capa(db, at),
        "signals": signals_of(db, month, month),
        "class_i": class_i(db, scope),
        "recalls": recalls(db, scope),
    }


def product_known(db: Database, product: str) -> bool:
    if db.conn.execute("SELECT 1 FROM complaints WHERE product_name = ? LIMIT 1", (product,)).fetchone():
        return True
    return A.has_batches(db) and db.conn.execute("SELECT 1 FROM batches WHERE product_name = ? LIMIT 1",
                                                 (product,)).fetchone() is not None


def check_product(db: Database, product: str | None) -> str:
    p = (product or "").strip()
    if not p or not product_known(db, p):
        raise refuse("no_product", f"没有产品“{p}”的投诉或批次记录（请检查产品名称）。",
                     f"No complaints or batches of the product “{p}” (check the product name).")
    return p


def capa_status(db: Database, scope: A.Scope) -> dict:
    where, params = scope.where()
    by_status = [list(r) for r in db.conn.execute(
        "SELECT a.status, count(*) FROM capa_actions a JOIN complaints c ON c.id = a.complaint_id "
        f"WHERE {where} GROUP BY 1 ORDER BY 1", params)]
    rows = [list(r) for r in db.conn.execute(
        "SELECT a.ref, c.number, a.owner_dept, a.due_date, a.status, substr(a.done_at, 1, 10), "
        "substr(a.verified_at, 1, 10) FROM capa_actions a JOIN complaints c ON c.id = a.complaint_id "
        f"WHERE {where} ORDER BY a.due_date, a.id LIMIT {LISTED}", params)]
    return {"by_status": by_status, "total": sum(n for _, n in by_status), "actions": rows}


def product_year(db: Database, product: str, year: int, now: datetime, cal=None) -> dict[str, Any]:
    """The complaints section of the annual product quality review of ``product`` for ``year``, with the year
    before for comparison."""
    from qa_desk.core.workcal import WorkCalendar

    cal = cal or WorkCalendar.load(db)
    first, last = date(year, 1, 1), date(year, 12, 31)
    at = cutoff(last, now)
    scope = A.Scope(first, last, product)
    prev = A.Scope(date(year - 1, 1, 1), date(year - 1, 12, 31), product)
    counts, before = A.counts(db, scope), A.counts(db, prev)
    monthly_now = A.tally(counts[A.Dimension.CLASS])
    monthly_before = A.tally(before[A.Dimension.CLASS])
    reopen = A.reopen_rate(db, scope)
    from qa_desk.core import batches as B

    released = B.released_by_product_month(db, product=product, month_from=f"{year - 1}-01")
    return {
        "scope": {"kind": "product", "product": product, "year": year, "from": first.isoformat(),
                  "to": last.isoformat(), "cutoff": at.isoformat()},
        "total": sum(n for _, _, n in counts[A.Dimension.CLASS]),
        "total_before": sum(n for _, _, n in before[A.Dimension.CLASS]),
        "counts": {str(d): totals(counts, d) for d in DIMENSIONS},
        "counts_before": {str(d): totals(before, d) for d in DIMENSIONS},
        "by_month": {"months": [f"{year}-{m:02d}" for m in range(1, 13)],
                     "now": {m[5:]: sum(v.values()) for m, v in monthly_now.items()},
                     "before": {m[5:]: sum(v.values()) for m, v in monthly_before.items()}},
        "released": _released_summary(released, year),
        "kpis": kpis(db, scope, cal, now),
        "reopen": [reopen.count, reopen.of],
        "batches": batches(db, scope, limit=None),
        "capa": capa_status(db, scope),
        "overdue_capa": overdue_capa(db, at, product),
        "signals": signals_of(db, f"{year}-01", f"{year}-12", product),
        "class_i": class_i(db, scope),
        "recalls": recalls(db, scope),
    }


def _released_summary(released, year: int) -> dict:
    """Units of the product released in the year and the year before, by unit (from the batch register)."""
    out: dict[str, dict[str, float]] = {str(year): {}, str(year - 1): {}}
    for r in released:
        if r.month[:4] in out:
            out[r.month[:4]][r.unit] = round(out[r.month[:4]].get(r.unit, 0) + (r.quantity or 0), 2)
    return out


def content_json(content: dict) -> str:
    return json.dumps(content, ensure_ascii=False, sort_keys=True)
