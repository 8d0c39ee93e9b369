"""Which complaints a figure counts (issue 16 item 4): a click on a dashboard bar, slice or point opens exactly
these. The conditions are those of ``analytics`` (``Scope.where``: receipt range, product, voided complaints never
counted; the month of receipt as recorded; a key of None is an empty value, as the tally keeps it), so the ids of a
bar are the complaints its height counts, one for one. No Qt here.

Also the CAPA actions a signal decision may be linked to (the decision dialog's list).
"""

from __future__ import annotations

from sqlite_utils import Database

from qa_desk.core.analytics import Dimension, Scope

COLUMNS = {Dimension.CLASS: "class", Dimension.NATURE: "nature", Dimension.CATEGORY: "category",
           Dimension.CHANNEL: "channel", Dimension.DEFECT_TYPE: "defect_type",
           Dimension.ROOT_CAUSE: "root_cause_category", Dimension.PRODUCT: "product_name"}
LIMIT = 100_000  # a bar of a 100,000-complaint file holds at most that many


def ids(db: Database, scope: Scope, *, month: str | None = None, dim: Dimension | str | None = None,
        key: object = None) -> list[int]:
    """The ids of the scope's complaints (of ``month``, 'YYYY-MM', when given) whose ``dim`` is ``key``, in
    order of receipt. For the batch, ``key`` is (product, batch number); for the department, the complaints
    with a CAPA action of that department that is not cancelled (as ``analytics.department_triples``)."""
    where, params = scope.where()
    sql = [where]
    if month:
        sql.append("substr(c.received_at, 1, 7) = ?")
        params.append(month)
    if dim is not None:
        d = Dimension(dim)
        if d == Dimension.BATCH:
            product, batch = key  # type: ignore[misc]
            sql.append("coalesce(c.product_name, '') = ? AND c.batch_no = ?")
            params += [product or "", batch]
        elif d == Dimension.DEPARTMENT:
            sql.append("EXISTS (SELECT 1 FROM capa_actions a WHERE a.complaint_id = c.id AND a.status != 'cancelled' "
                       "AND a.owner_dept = ?)")
            params.append(key)
        elif key is None or key == "":
            sql.append(f"coalesce(c.{COLUMNS[d]}, '') = ''")
        else:
            sql.append(f"c.{COLUMNS[d]} = ?")
            params.append(key)
    return [r[0] for r in db.conn.execute(
        f"SELECT c.id FROM complaints c WHERE {' AND '.join(sql)} ORDER BY c.received_at, c.id LIMIT {LIMIT}", params)]


def capa_choices(db: Database, *, first: list[int] | None = None, limit: int = 500) -> list[dict]:
    """CAPA actions that are not cancelled (id, ref, description, owner_dept, status, complaint number), those of
    the complaints ``first`` (a signal's own) first, then the newest."""
    mine = sorted(set(first or []))
    marks = ",".join("?" * len(mine)) or "NULL"
    return [dict(r) for r in db.conn.execute(
        "SELECT a.id, a.ref, a.description, a.owner_dept, a.status, c.number FROM capa_actions a "
        f"JOIN complaints c ON c.id = a.complaint_id WHERE a.status != 'cancelled' "
        f"ORDER BY a.complaint_id IN ({marks}) DESC, a.id DESC LIMIT ?", [*mine, limit])]
