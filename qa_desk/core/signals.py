"""Early warning (issue 16 item 3; DOMAIN.md §11, China GMP art. 276): signals raised from the register, and the
QA head's signed decision on each.

``scan(session, now)`` looks at the complaints of the last ``lookback_months`` (resources/policy/signals.toml) and
raises, each once (a stable ``key``):
- ``batch_cluster``: a batch with ``min_complaints`` or more within ``window_days``;
- ``control_limit``: a product's monthly count above its upper control limit from the trailing 12 months
  (c-chart; where the batch register knows the units released, a u-chart of complaints per 10,000 units on the
  market). The limit is the exact Poisson quantile of the expected count when that is small (no scipy: computed
  here with ``math``), so a normal month of a quiet product does not alarm; centre + 3√centre when it is large;
- ``run``: eight consecutive months above the centre line of the baseline before them (a sustained rise);
- ``recurring``: the same defect type on the same product ``min_complaints`` times within ``window_days``;
- ``class_i`` and ``recall``: every Class I complaint and every complaint whose market action is a recall.

A cluster (batch or recurring defect) that grows while its signal is open gains the new complaints; after the QA
head has decided it, the next complaint that completes a cluster raises a new signal (new facts, a new decision).
Each signal explains itself in zh and en: which complaints, which limit, which months.

``decide`` records the QA head's decision (no action / linked to an existing complaint's CAPA / a new CAPA
proposed) with a reason, signed (password re-entry, meaning from the policy) over the signal as it was shown and
the decision, in one audited transaction. A decided signal is final (a trigger of schema 14 refuses changes).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlite_utils import Database

from qa_desk.core import analytics as A
from qa_desk.core import signatures
from qa_desk.core import validation as V
from qa_desk.core.clock import iso
from qa_desk.core.errors import Problem, refuse, require
from qa_desk.core.session import Session
from qa_desk.core.signal_rules import (  # noqa: F401  (the rules are part of this module's interface)
    Decision,
    Found,
    Kind,
    SignalPolicy,
    Status,
    Trigger,
    chart,
    clusters,
    detect_charts,
    explain,
    load_policy,
    poisson_cdf,
    poisson_quantile,
    runs,
    upper_limit,
    window_triggers,
)
from qa_desk.store.audit import canonical

STEP = "signal_decision"
# who decides: the QA head. "decide_signal" once roles.py names it; until then the QA head's review permission
DECIDE_ACTION = "decide_signal"


# --- scan ---------------------------------------------------------------------------------------------------

@dataclass
class ScanResult:
    raised: list[int] = field(default_factory=list)  # ids of new signals
    extended: list[int] = field(default_factory=list)  # ids of open signals that gained complaints
    seconds: float = 0.0


def _months_back(now: datetime, n: int) -> list[str]:
    cur = A.month_index(now.strftime("%Y-%m"))
    return [A.month_of_index(i) for i in range(cur - n + 1, cur + 1)]


def detect(db: Database, now: datetime, pol: SignalPolicy) -> list[Found | Trigger]:
    """Every signal the register shows as of ``now`` (whether stored yet or not), the cluster kinds as one
    Found per trigger (``scan`` merges them with what is stored)."""
    months = _months_back(now, pol.lookback_months)
    since_day = months[0] + "-01"
    first_data = A.month_of_index(A.month_index(months[0]) - pol.baseline_months - pol.run_length) + "-01"
    product_months = [tuple(r) for r in db.conn.execute(
        "SELECT product_name, substr(received_at, 1, 7), count(*) FROM complaints INDEXED BY "
        "idx_complaints_product_received WHERE product_name IS NOT NULL AND received_at >= ? AND status != 'voided' "
        "GROUP BY 1, 2", (first_data,))]
    first_months = {p: m[:7] for p, m in db.conn.execute(
        "SELECT product_name, min(received_at) FROM complaints WHERE product_name IS NOT NULL GROUP BY 1")}
    expo = None
    releases = A.released(db)
    if releases:
        all_months = sorted({m for _, m, _ in product_months} | set(months))
        expo = A.exposure(releases, all_months, pol.exposure_months)
    found = detect_charts(product_months, first_months, months, pol, expo)
    window = max(pol.cluster_days, pol.recurring_days)
    start = (date.fromisoformat(since_day) - timedelta(days=window)).isoformat()
    rows = db.conn.execute(
        "SELECT substr(received_at, 1, 10), id, product_name, batch_no, defect_type, class, market_action "
        "FROM complaints INDEXED BY idx_complaints_analytics WHERE received_at >= ? AND status != 'voided' "
        "ORDER BY received_at, id",
        (start,)).fetchall()
    for kind, col, k, days in ((Kind.BATCH_CLUSTER, 3, pol.cluster_min, pol.cluster_days),
                               (Kind.RECURRING, 4, pol.recurring_min, pol.recurring_days)):
        found += clusters(rows, col, kind, k, days, since_day)
    for r in rows:
        if r[0] < since_day:
            continue
        if pol.class_i and r[5] == "I":
            found.append(Found(Kind.CLASS_I, f"class_i|{r[1]}", product=r[2], batch_no=r[3], complaint_ids=[r[1]]))
        if pol.recall and r[6] == "recall":
            found.append(Found(Kind.RECALL, f"recall|{r[1]}", product=r[2], batch_no=r[3], complaint_ids=[r[1]]))
    return found


def merge(found: list[Found | Trigger], stored: list[dict]) -> tuple[list[Found], dict[int, list[int]]]:
    """What to store: new signals, and {open signal id: its complaint ids with the new ones} (pure).
    Chart, Class I and recall signals are new when their key is; a cluster trigger is new when its complaint is
    in no signal of its group yet, and joins the group's open signal (or the one this scan raises) if any."""
    keys = {s["key"] for s in stored}
    covered: dict[tuple, set[int]] = defaultdict(set)
    open_of: dict[tuple, dict] = {}
    for s in stored:
        if s["kind"] in (Kind.BATCH_CLUSTER, Kind.RECURRING):
            g = (s["kind"], s["product_name"], s["batch_no"] or s["defect_type"])
            covered[g].update(json.loads(s["complaint_ids"] or "[]"))
            if s["status"] == Status.OPEN:
                open_of[g] = s
    new: list[Found] = []
    new_of: dict[tuple, Found] = {}
    extended: dict[int, set[int]] = {}
    for f in found:
        if isinstance(f, Found):
            if f.key not in keys:
                keys.add(f.key)
                new.append(f)
            continue
        g = (str(f.kind), f.product, f.group)
        if f.complaint in covered[g]:
            continue
        members = f.members
        if g in open_of:
            sid = open_of[g]["id"]
            extended.setdefault(sid, set(json.loads(open_of[g]["complaint_ids"] or "[]"))).update(members)
        elif g in new_of:
            nf = new_of[g]
            nf.complaint_ids = sorted(set(nf.complaint_ids or []) | set(members))
        else:
            batch = f.group if f.kind == Kind.BATCH_CLUSTER else None
            defect = f.group if f.kind == Kind.RECURRING else None
            nf = Found(f.kind, f"{f.kind}|{f.product}|{f.group}|{f.complaint}", product=f.product, batch_no=batch,
                       defect_type=defect, complaint_ids=list(members))
            new.append(nf)
            new_of[g] = nf
        covered[g].update(members)
    return new, {sid: sorted(ids) for sid, ids in extended.items()}


def _lookup(db: Database, ids: set[int]) -> tuple[dict[int, str], dict[int, str], dict[int, str | None]]:
    numbers, days, levels = {}, {}, {}
    ids_l = sorted(ids)
    for i in range(0, len(ids_l), 500):
        chunk = ids_l[i:i + 500]
        for cid, number, day, level in db.conn.execute(
                f"SELECT id, number, substr(received_at, 1, 10), recall_level FROM complaints WHERE id IN "
                f"({','.join('?' * len(chunk))})", chunk):
            numbers[cid], days[cid], levels[cid] = number, day, level
    return numbers, days, levels


def _may_scan(session: Session) -> None:
    if session.actor.id is not None:
        session.require("qa_work")


# What the last scan on a connection saw: (the file, its newest audit entry, the month, the policy). Every change
# of a record is an audited write, from this workstation or another, so a scan of the same file in the same month
# with no entry written since can find nothing new, and returns at once.
_SCANNED: dict[int, tuple] = {}


def _fingerprint(db: Database, now: datetime, pol: SignalPolicy) -> tuple:
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    head = db.conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    return path, head, now.strftime("%Y-%m"), pol


def scan(session: Session, now: datetime | None = None, *, force: bool = False) -> ScanResult:
    """Raise every signal the register shows and no signal twice (idempotent: a second scan with nothing new
    writes nothing). One audited transaction for all it raises. ``force`` looks again even when nothing was
    written since the last scan on this connection."""
    import time

    t0 = time.perf_counter()
    _may_scan(session)
    now = now or session.now()
    pol = load_policy()
    key = id(session.db.conn)
    if not force and _SCANNED.get(key) == _fingerprint(session.db, now, pol):
        return ScanResult(seconds=time.perf_counter() - t0)
    found = detect(session.db, now, pol)
    stored = [dict(r) for r in session.db.conn.execute(
        "SELECT id, key, kind, product_name, batch_no, defect_type, complaint_ids, status FROM signals")]
    new, extended = merge(found, stored)
    result = ScanResult()
    if not new and not extended:
        _SCANNED[key] = _fingerprint(session.db, now, pol)
        result.seconds = time.perf_counter() - t0
        return result
    ids = {i for f in new for i in (f.complaint_ids or [])} | {i for v in extended.values() for i in v}
    numbers, days, levels = _lookup(session.db, ids)
    defects = session.policy.defects
    with session.write() as tx:
        due = iso(now + timedelta(days=pol.decide_within_days))
        for f in new:
            if f.kind == Kind.RECALL and f.complaint_ids:
                f.details["recall_level"] = levels.get(f.complaint_ids[0])
            if f.complaint_ids is None:  # a chart signal: its complaints are the product's in its months
                counted = _month_complaints(tx.db, f.product, f.details.get("months") or [])
                f.details["complaints"] = len(counted)
                f.details["numbers"] = [n for _, n in counted[:LISTED]]
            d = defects.get(f.defect_type or "")
            zh, en = explain(f, numbers, days, pol, (d.zh, d.en) if d else None)
            row = tx.insert("signals", {
                "key": f.key, "kind": str(f.kind), "product_name": f.product, "batch_no": f.batch_no,
                "defect_type": f.defect_type, "month": f.month,
                "complaint_ids": None if f.complaint_ids is None else canonical(sorted(f.complaint_ids)),
                "observed": f.observed, "limit_value": f.limit, "centre": f.centre, "chart": f.chart,
                "details": canonical(f.details), "zh": zh, "en": en, "status": str(Status.OPEN), "raised_at": tx.at,
                "due_at": due, "updated_at": tx.at}, action="signal_raised")
            result.raised.append(row["id"])
        for sid, ids_now in sorted(extended.items()):
            f = _as_found(get(tx.db, sid))
            f.complaint_ids = ids_now
            d = defects.get(f.defect_type or "")
            zh, en = explain(f, numbers, days, pol, (d.zh, d.en) if d else None)
            tx.update("signals", sid, {"complaint_ids": canonical(ids_now), "zh": zh, "en": en, "updated_at": tx.at},
                      action="signal_extended")
            result.extended.append(sid)
    _SCANNED[key] = _fingerprint(session.db, now, pol)
    result.seconds = time.perf_counter() - t0
    return result


def _as_found(s: dict) -> Found:
    return Found(Kind(s["kind"]), s["key"], product=s["product_name"], batch_no=s["batch_no"],
                 defect_type=s["defect_type"], month=s["month"],
                 complaint_ids=json.loads(s["complaint_ids"]) if s["complaint_ids"] else None,
                 observed=s["observed"], limit=s["limit_value"], centre=s["centre"], chart=s["chart"],
                 details=json.loads(s["details"] or "{}"))


# --- reading ------------------------------------------------------------------------------------------------

def get(db: Database, signal_id: int) -> dict:
    r = db.conn.execute("SELECT * FROM signals WHERE id = ?", (signal_id,)).fetchone()
    if r is None:
        raise refuse("no_signal", f"预警信号 {signal_id} 不存在。", f"Signal {signal_id} does not exist.")
    return dict(r)


def listing(db: Database, *, status: str | None = None, limit: int = 1000) -> list[dict]:
    sql, params = "SELECT * FROM signals", []
    if status:
        sql += " WHERE status = ?"
        params.append(status)
    return [dict(r) for r in db.conn.execute(sql + " ORDER BY raised_at DESC, id DESC LIMIT ?", [*params, limit])]


LISTED = 20  # complaint numbers a chart signal's explanation lists (the rest are counted)


def _month_complaints(db: Database, product: str | None, months: list[str]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for m in months:
        nxt = A.month_of_index(A.month_index(m) + 1)
        out += [(r[0], r[1]) for r in db.conn.execute(
            "SELECT id, number FROM complaints WHERE product_name = ? AND received_at >= ? AND received_at < ? AND "
            "status != 'voided' ORDER BY received_at, id", (product, m, nxt))]
    return out


def complaint_ids(db: Database, signal: dict) -> list[int]:
    """Exactly the complaints a signal counts: those it names, or a chart signal's product in its months (what
    a click on the signal opens)."""
    if signal["complaint_ids"]:
        return json.loads(signal["complaint_ids"])
    months = json.loads(signal["details"] or "{}").get("months") or []
    return sorted(cid for cid, _ in _month_complaints(db, signal["product_name"], months))


SIGNAL_FIELDS = ("id", "key", "kind", "product_name", "batch_no", "defect_type", "month", "complaint_ids",
                 "observed", "limit_value", "centre", "chart", "details", "zh", "en", "raised_at")
DECISION_FIELDS = ("decision", "decision_reason", "capa_id", "capa_proposal", "decided_by", "decided_at")


def shown_content(signal: dict) -> dict:
    """What the decision dialog shows of the signal (its hash is handed back to ``decide``)."""
    return {"signal": {k: signal[k] for k in SIGNAL_FIELDS}}


def shown_hash(db: Database, signal_id: int) -> str:
    return signatures.content_hash(shown_content(get(db, signal_id)))


def decision_content(signal: dict) -> dict:
    """What the QA head's signature covers: the signal as shown and the decision."""
    return {**shown_content(signal), "decision": {k: signal[k] for k in DECISION_FIELDS}}


def signature_state(db: Database, signal: dict) -> str | None:
    """valid / invalid (the signal or its decision differs from what was signed) / None (not decided)."""
    if signal["signature_id"] is None:
        return None
    r = db.conn.execute("SELECT content_sha256 FROM signatures WHERE id = ? AND step = ?",
                        (signal["signature_id"], STEP)).fetchone()
    if r is None:
        return "invalid"
    return "valid" if signatures.content_hash(decision_content(signal)) == r[0] else "invalid"


# --- the decision -------------------------------------------------------------------------------------------

def _decision_problems(db: Database, decision: str, reason: str | None, capa_id: int | None,
                       proposal: str | None) -> tuple[list[Problem], str | None, str | None]:
    p: list[Problem] = []
    if decision not in tuple(Decision):
        p.append(Problem(f"决定无效：{decision!r}（应为无需措施、关联已有 CAPA 或提议新的 CAPA）",
                         f"not a decision: {decision!r} (no action, linked to an existing CAPA, or a new CAPA proposed)",
                         "decision"))
    reason = V.clean_text(reason, "reason", p, required=True)
    proposal = V.clean_text(proposal, "description", [], required=False)
    if decision == Decision.NEW_CAPA and not proposal:
        p.append(Problem("提议新的 CAPA 时请写明所提议的措施", "a new CAPA proposed needs the action proposed",
                         "capa_proposal"))
    if proposal and len(proposal) > 4000:
        p.append(Problem("所提议的 CAPA 过长（最多 4000 字）", "the CAPA proposed is too long (at most 4,000 characters)",
                         "capa_proposal"))
    if decision == Decision.LINKED_CAPA:
        row = db.conn.execute("SELECT status FROM capa_actions WHERE id = ?", (capa_id,)).fetchone() \
            if isinstance(capa_id, int) else None
        if row is None:
            p.append(Problem("请选择一项现有的 CAPA 措施", "choose an existing CAPA action", "capa_id"))
        elif row[0] == "cancelled":
            p.append(Problem("所选 CAPA 措施已取消", "the chosen CAPA action is cancelled", "capa_id"))
    return p, reason, proposal


def decide(session: Session, signal_id: int, *, decision: str, reason: str, password: str,
           expected_sha256: str | None, username: str | None = None, capa_id: int | None = None,
           proposal: str | None = None) -> dict:
    """The QA head's signed decision on an open signal. ``expected_sha256`` is ``shown_hash`` of the signal as
    the dialog showed it; ``username`` is needed at the first signature of a login."""
    session.require(DECIDE_ACTION)
    s = get(session.db, signal_id)
    if s["status"] != Status.OPEN:
        raise refuse("signal_decided", f"预警信号 {signal_id} 已于 {s['decided_at']} 作出决定，不能再次决定。",
                     f"Signal {signal_id} was decided at {s['decided_at']}; it cannot be decided again.")
    p, reason, proposal = _decision_problems(session.db, decision, reason, capa_id, proposal)
    require(p, "bad_decision", "预警信号的决定未记录", "The signal's decision was not recorded")
    signatures.authenticate(session, password, username, purpose="signal decision")
    pol = load_policy()
    with session.write() as tx:
        s = get(tx.db, signal_id)  # again, under the write lock
        if s["status"] != Status.OPEN:
            raise refuse("signal_decided", f"预警信号 {signal_id} 已作出决定。", f"Signal {signal_id} was decided already.")
        if not expected_sha256 or signatures.content_hash(shown_content(s)) != expected_sha256:
            raise refuse("content_changed", f"预警信号 {signal_id} 在决定对话框打开后已被更新（扫描加入了新投诉）；未签名。"
                         "请查看最新内容后重新决定。",
                         f"Signal {signal_id} changed after the decision dialog opened (a scan added complaints); "
                         "nothing was signed. Look at the current signal and decide again.")
        decided = {**s, "decision": str(decision), "decision_reason": reason,
                   "capa_id": capa_id if decision == Decision.LINKED_CAPA else None,
                   "capa_proposal": proposal if decision == Decision.NEW_CAPA else None,
                   "decided_by": tx.user_id, "decided_at": tx.at}
        content = decision_content(decided)
        sig = signatures.insert(tx, {
            "complaint_id": None, "step": STEP, "meaning": pol.meaning, "signer_id": tx.user_id,
            "signer_name": session.actor.display_name, "signed_at": tx.at,
            "content_sha256": signatures.content_hash(content), "content_json": canonical(content), "cycle": 0,
            "comment": reason})
        return tx.update("signals", signal_id, {**{k: decided[k] for k in DECISION_FIELDS},
                                                "status": str(Status.DECIDED), "signature_id": sig["id"],
                                                "updated_at": tx.at}, action="decide_signal", reason=reason)


# --- My tasks -----------------------------------------------------------------------------------------------

def open_tasks(session: Session, *, limit: int = 500) -> list:
    """The open signals as My tasks of the QA head (kind "signal", no complaint: the signal names several),
    soonest due first."""
    from qa_desk.core.tasks import Task

    pol = load_policy()
    out = []
    for r in session.db.conn.execute("SELECT id, kind, product_name, batch_no, month, due_at FROM signals "
                                     "INDEXED BY idx_signals_status WHERE status = 'open' "
                                     "ORDER BY due_at, id LIMIT ?", (limit,)):
        what = " ".join(x for x in (r["product_name"], r["batch_no"], r["month"]) if x)
        out.append(Task(None, f"SIG-{r['id']}", r["product_name"] or "", "signal",
                        f"决定预警信号（{pol.label('kind', r['kind'], 'zh')}）：{what}",
                        f"Decide a signal ({pol.label('kind', r['kind'], 'en')}): {what}", r["due_at"]))
    return out


def open_count(db: Database) -> int:
    return db.conn.execute("SELECT count(*) FROM signals WHERE status = 'open'").fetchone()[0]


def decision_problems(db: Database) -> list[tuple[int, str, str]]:
    """(signal id, zh, en) for each decided signal whose decision or signal no longer matches its signature, or
    that has none (for verify)."""
    if "signals" not in db.table_names():
        return []
    out = []
    for s in (dict(r) for r in db.conn.execute("SELECT * FROM signals WHERE status = 'decided' ORDER BY id")):
        if signature_state(db, s) != "valid":
            out.append((s["id"], "预警信号的决定与其签名不符（签名后被修改，或没有签名）",
                        "the signal's decision does not match its signature (changed after signing, or unsigned)"))
    return out


def sort_key(due_at: str | None) -> str:
    """A signal's due time as My tasks sorts deadlines (UTC text, as ``complaint_next_due.due_utc``)."""
    if not due_at:
        return "9999"
    try:
        return datetime.fromisoformat(due_at).astimezone(UTC).isoformat()
    except ValueError:
        return "9999"
