"""Early-warning signals (issue 16 item 3) on crafted data whose expected signals are worked out here by hand:
a batch cluster and a control-limit breach that must be flagged, a quiet product's normal month and a busy
product's ordinary month that must not, an eight-month run, a recurring defect type, every Class I complaint and
recall; the QA head's decision signed and audited; idempotent scans.

Every complaint is registered through the real intake service (with its triage in the same step), at a receipt
time in the past; about 200 of them, a few seconds."""

from __future__ import annotations

import json
import math
import sqlite3
from datetime import datetime

import pytest

from qa_desk.core import intake, signals
from qa_desk.core import signatures as sigs
from qa_desk.core.errors import DomainError
from tests.conftest import CST, PASSWORDS
from tests.flows import draft, investigated, triage_input

NOW = datetime(2026, 9, 28, 9, 0, tzinfo=CST)  # the clock fixture's time: lookback months 2025-10 .. 2026-09
ROTATION = ("packaging_defect", "contamination_minor", "fill_nonconforming", "unlabelled_unit", "missing_blister",
            "missing_print", "secondary_packaging", "minor_print_error", "minor_device_defect", "closure_broken")


def add(people, product: str, when: str, *, batch: str, defect: str = "packaging_defect") -> dict:
    s = people["inspector"]
    return intake.register(s, draft(s, received_at=datetime.fromisoformat(when).replace(tzinfo=CST), product_name=product,
                                    batch_no=batch, mfg_date=None, expiry_date=None, ack_method="phone",
                                    acknowledged_at=datetime.fromisoformat(when).replace(tzinfo=CST),
                                    triage=triage_input(defect_type=defect)))


def monthly(people, product: str, counts: dict[str, int], tag: str) -> None:
    """``counts[month]`` complaints of the product in each month, each on its own batch, the defect types
    rotating (a different one on each day of the month, so no three alike fall in one product's year unless
    the counts are large)."""
    n = 0
    for month, k in counts.items():
        for i in range(k):
            n += 1
            add(people, product, f"{month}-{1 + i % 27:02d}T10:{i % 60:02d}:00", batch=f"{tag}{n:04d}",
                defect=ROTATION[n % len(ROTATION)])


def months(first: str, last: str) -> list[str]:
    y, m = map(int, first.split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def poisson_ucl(lam: float, alpha: float = 0.00135) -> int:
    """An independent exact Poisson limit: the smallest k with P(X <= k) >= 1 - alpha, summed term by term."""
    k, term, total = 0, math.exp(-lam), math.exp(-lam)
    while total < 1 - alpha:
        k += 1
        term *= lam / k
        total += term
    return k


def test_poisson_limits_by_hand():
    # λ = 0.5: P(X<=3) = 0.99825 < 0.99865, P(X<=4) = 0.99986 -> 4; λ = 1/3: P(X<=2) = .99547, P(X<=3) = .99966 -> 3
    assert signals.poisson_quantile(1 - 0.00135, 0.5) == 4 == poisson_ucl(0.5)
    assert signals.poisson_quantile(1 - 0.00135, 1 / 3) == 3 == poisson_ucl(1 / 3)
    for lam in (0.0833, 0.7, 2.0, 5.0, 5.333, 8.0, 17.5, 29.9, 80.0, 400.0):
        assert signals.poisson_quantile(1 - 0.00135, lam) == poisson_ucl(lam), lam
    assert abs(signals.poisson_cdf(3, 0.5) - 0.998248) < 1e-6


@pytest.fixture
def crafted(people):
    """The register the tests below judge (now = 2026-09-28)."""
    # QUIET: one complaint every few months, then 3 in 2026-08. Baseline 2025-08..2026-07 holds 4 -> centre 1/3,
    # exact limit 3: 3 is not above it (the normal approximation 1/3 + 3·√(1/3) = 2.06 would alarm).
    for i, day in enumerate(("2025-03-10", "2025-06-10", "2025-09-10", "2025-12-10", "2026-02-10", "2026-05-10",
                             "2026-08-03", "2026-08-12", "2026-08-21")):
        add(people, "安静片", f"{day}T09:00:00", batch=f"Q{i:03d}", defect=ROTATION[i])
    # BUSY: 5 a month 2025-07..2026-06, an ordinary 9 in 2026-07, a breach of 16 in 2026-08
    busy = {m: 5 for m in months("2025-07", "2026-06")} | {"2026-07": 9, "2026-08": 16}
    monthly(people, "繁忙片", busy, "BZ")
    # RUN: 2 a month 2024-10..2025-09, then 3 a month 2025-10..2026-05 (eight months above the centre line 2)
    monthly(people, "持续片", {m: 2 for m in months("2024-10", "2025-09")} | {m: 3 for m in months("2025-10", "2026-05")},
            "RN")
    # CLUSTER: batch C2601 twice within 45 days (flagged); batch C2501 twice 100 days apart (not)
    add(people, "聚集片", "2026-07-01T09:00:00", batch="C2601", defect="packaging_defect")
    add(people, "聚集片", "2026-08-15T09:00:00", batch="C2601", defect="closure_broken")
    add(people, "聚集片", "2026-03-01T09:00:00", batch="C2501", defect="missing_print")
    add(people, "聚集片", "2026-06-09T09:00:00", batch="C2501", defect="minor_print_error")
    # RECURRING: closure_broken on 重复片 in 2026-01, 2026-04, 2026-07 (three in twelve months, three batches)
    for i, day in enumerate(("2026-01-05", "2026-04-05", "2026-07-05")):
        add(people, "重复片", f"{day}T09:00:00", batch=f"R{i}", defect="closure_broken")
    # and missing_print twice only (not recurring)
    add(people, "重复片", "2026-02-05T09:00:00", batch="R7", defect="missing_print")
    add(people, "重复片", "2026-03-05T09:00:00", batch="R8", defect="missing_print")
    return people


def by_kind(db, kind: str) -> list[dict]:
    return [dict(r) for r in db.conn.execute("SELECT * FROM signals WHERE kind = ? ORDER BY id", (kind,))]


def test_scan_flags_exactly_the_crafted_signals(crafted):
    head = crafted["qahead"]
    db = head.db
    result = signals.scan(head, NOW)
    assert result.raised

    # the batch cluster: C2601 (two complaints 45 days apart), not C2501 (100 days apart)
    clusters = by_kind(db, "batch_cluster")
    c2601 = [s for s in clusters if s["batch_no"] == "C2601"]
    assert len(c2601) == 1 and not [s for s in clusters if s["batch_no"] == "C2501"]
    expected_ids = [r[0] for r in db.conn.execute("SELECT id FROM complaints WHERE batch_no = 'C2601' ORDER BY id")]
    assert json.loads(c2601[0]["complaint_ids"]) == expected_ids
    numbers = [r[0] for r in db.conn.execute("SELECT number FROM complaints WHERE batch_no = 'C2601' ORDER BY id")]
    assert all(n in c2601[0]["zh"] and n in c2601[0]["en"] for n in numbers)
    assert "C2601" in c2601[0]["zh"] and "90" in c2601[0]["en"]

    # the control-limit breach: 繁忙片 2026-08 (16 > limit of the 2025-08..2026-07 baseline); not 2026-07 (9)
    breach = [s for s in by_kind(db, "control_limit") if s["product_name"] == "繁忙片"]
    assert [s["month"] for s in breach] == ["2026-08"]
    base = 11 * 5 + 9  # 2025-08..2026-06 five each, 2026-07 nine
    lam = base / 12
    assert breach[0]["observed"] == 16 and breach[0]["limit_value"] == poisson_ucl(lam)
    assert abs(breach[0]["centre"] - lam) < 1e-9
    assert 9 <= poisson_ucl(5.0)  # the ordinary month is inside its own limit (baseline 2025-07..2026-06: 5 a month)
    assert "2026-08" in breach[0]["zh"] and "2025-08" in breach[0]["en"] and "2026-07" in breach[0]["en"]
    assert breach[0]["key"] == "control_limit|繁忙片|2026-08"
    counted = signals.complaint_ids(db, breach[0])
    assert counted == [r[0] for r in db.conn.execute(
        "SELECT id FROM complaints WHERE product_name = '繁忙片' AND received_at LIKE '2026-08%' ORDER BY id")]
    assert len(counted) == 16
    month_numbers = [r[0] for r in db.conn.execute(
        "SELECT number FROM complaints WHERE product_name = '繁忙片' AND received_at LIKE '2026-08%'")]
    assert all(n in breach[0]["zh"] and n in breach[0]["en"] for n in month_numbers)

    # the quiet product's normal month (3 in 2026-08 against a centre of 1/3: limit 3) does not alarm
    assert poisson_ucl(4 / 12) == 3
    assert not [s for s in by_kind(db, "control_limit") if s["product_name"] == "安静片"]
    assert not [s for s in by_kind(db, "run") if s["product_name"] in ("安静片", "繁忙片")]

    # the eight-month run of 持续片, raised once, at the month it reached eight (2026-05)
    run = by_kind(db, "run")
    assert [(s["product_name"], s["month"]) for s in run] == [("持续片", "2026-05")]
    d = json.loads(run[0]["details"])
    assert d["months"] == months("2025-10", "2026-05") and d["counts"] == [3] * 8
    assert d["baseline"] == ["2024-10", "2025-09"] and abs(run[0]["centre"] - 2.0) < 1e-9
    assert "2025-10" in run[0]["zh"] and "8" in run[0]["en"]
    assert d["complaints"] == 24 and "共 24 起" in run[0]["zh"] and "(24 in all)" in run[0]["en"]
    assert not [s for s in by_kind(db, "control_limit") if s["product_name"] == "持续片"]  # 3 <= limit 7 of λ=2

    # the recurring defect type: closure_broken on 重复片 (three), not missing_print (two)
    rec = [s for s in by_kind(db, "recurring") if s["product_name"] == "重复片"]
    assert [s["defect_type"] for s in rec] == ["closure_broken"]
    assert len(json.loads(rec[0]["complaint_ids"])) == 3
    assert "封口" in rec[0]["zh"] or "closure" in rec[0]["en"].lower()

    # nothing for Class I or recall: the crafted complaints have none
    assert not by_kind(db, "class_i") and not by_kind(db, "recall")


def test_scan_is_idempotent_and_clusters_grow_until_decided(crafted):
    head = crafted["qahead"]
    db = head.db
    first = signals.scan(head, NOW)
    total = db.conn.execute("SELECT count(*) FROM signals").fetchone()[0]
    entries = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    again = signals.scan(head, NOW)
    assert again.raised == [] and again.extended == [] and len(first.raised) == total
    assert signals.scan(head, NOW, force=True).raised == []  # looking again finds nothing new either
    assert db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == entries  # nothing written

    # a third complaint on batch C2601 joins the open signal
    third = add(crafted, "聚集片", "2026-09-01T09:00:00", batch="C2601", defect="unlabelled_unit")
    grown = signals.scan(head, NOW)
    (sig,) = [s for s in by_kind(db, "batch_cluster") if s["batch_no"] == "C2601"]
    assert grown.extended == [sig["id"]] and not [i for i in grown.raised if i == sig["id"]]
    assert third["id"] in json.loads(sig["complaint_ids"]) and third["number"] in sig["zh"]
    assert db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'signal_extended' AND record_id = ?",
                           (sig["id"],)).fetchone()[0] == 1

    # decided, the next complaint of the batch raises a new signal
    signals.decide(head, sig["id"], decision="no_action", reason="三起均为运输破损，已与物流沟通",
                   password=PASSWORDS["qahead"], username="qahead", expected_sha256=signals.shown_hash(db, sig["id"]))
    fourth = add(crafted, "聚集片", "2026-09-20T09:00:00", batch="C2601", defect="secondary_packaging")
    later = signals.scan(head, NOW)
    rows = [s for s in by_kind(db, "batch_cluster") if s["batch_no"] == "C2601"]
    assert len(rows) == 2 and later.raised == [rows[1]["id"]]
    assert fourth["id"] in json.loads(rows[1]["complaint_ids"]) and rows[1]["status"] == "open"
    assert rows[1]["key"].endswith(f"|{fourth['id']}")


def test_class_i_and_recall_each_raise_a_signal(people):
    c = investigated(people, triage_input(defect_type="wrong_product"))  # Class I, recall decided (flows.py)
    assert c["class"] == "I" and c["market_action"] == "recall"
    signals.scan(people["qahead"], NOW)
    db = people["qahead"].db
    (ci,) = by_kind(db, "class_i")
    (rc,) = by_kind(db, "recall")
    assert json.loads(ci["complaint_ids"]) == [c["id"]] == json.loads(rc["complaint_ids"])
    assert c["number"] in ci["zh"] and c["number"] in rc["en"] and "I" in ci["en"]
    assert ci["key"] == f"class_i|{c['id']}" and rc["key"] == f"recall|{c['id']}"


def test_decision_is_signed_audited_and_final(crafted):
    head, insp = crafted["qahead"], crafted["inspector"]
    db = head.db
    signals.scan(head, NOW)
    (sig,) = [s for s in by_kind(db, "control_limit") if s["product_name"] == "繁忙片"]
    shown = signals.shown_hash(db, sig["id"])

    with pytest.raises(DomainError) as e:  # the inspector may not decide
        signals.decide(insp, sig["id"], decision="no_action", reason="x", password=PASSWORDS["inspector"],
                       username="inspector", expected_sha256=shown)
    assert e.value.code == "forbidden"
    with pytest.raises(DomainError) as e:  # a decision needs its reason, and a linked CAPA an existing one
        signals.decide(head, sig["id"], decision="linked_capa", reason=" ", password=PASSWORDS["qahead"],
                       username="qahead", expected_sha256=shown, capa_id=999)
    assert e.value.code == "bad_decision" and len(e.value.problems) == 2
    assert "CAPA" in e.value.message("zh") and "reason" in e.value.message("en")
    with pytest.raises(DomainError) as e:
        signals.decide(head, sig["id"], decision="new_capa", reason="r", password="wrong", username="qahead",
                       expected_sha256=shown, proposal="对繁忙片近三个月批次进行趋势调查")
    assert e.value.code not in ("", None)
    with pytest.raises(DomainError) as e:  # the signal as shown is not the signal as stored
        signals.decide(head, sig["id"], decision="new_capa", reason="r", password=PASSWORDS["qahead"],
                       username="qahead", expected_sha256="0" * 64, proposal="p")
    assert e.value.code == "content_changed"
    assert signals.get(db, sig["id"])["status"] == "open"

    done = signals.decide(head, sig["id"], decision="new_capa", reason="8 月投诉数超过控制上限，需要调查",
                          password=PASSWORDS["qahead"], expected_sha256=shown,
                          proposal="对繁忙片 2026 年 7–8 月放行批次进行趋势调查（质量部）")
    assert done["status"] == "decided" and done["decision"] == "new_capa" and done["decided_by"] == head.actor.id
    signature = dict(db.conn.execute("SELECT * FROM signatures WHERE id = ?", (done["signature_id"],)).fetchone())
    assert signature["step"] == "signal_decision" and signature["meaning"] == "reviewed"
    assert signature["signer_id"] == head.actor.id and signature["signature"]  # the signer's key signed it
    assert signature["content_sha256"] == sigs.content_hash(signals.decision_content(done))
    content = sigs.content_of(db, signature)
    assert content["signal"]["key"] == sig["key"] and content["decision"]["decision"] == "new_capa"
    assert signals.signature_state(db, done) == "valid"

    trail = [dict(r) for r in db.conn.execute("SELECT action, tbl, record_id, reason, new, user_id FROM audit_log "
                                                "WHERE tbl IN ('signals', 'signatures') ORDER BY id")]
    decide_entry = [t for t in trail if t["action"] == "decide_signal"]
    assert len(decide_entry) == 1 and decide_entry[0]["record_id"] == sig["id"]
    assert decide_entry[0]["reason"] == "8 月投诉数超过控制上限，需要调查" and decide_entry[0]["user_id"] == head.actor.id
    assert json.loads(decide_entry[0]["new"])["decision"] == "new_capa"
    assert [t for t in trail if t["action"] == "sign" and t["record_id"] == done["signature_id"]]
    raised = [t for t in trail if t["action"] == "signal_raised" and t["record_id"] == sig["id"]]
    assert len(raised) == 1

    with pytest.raises(DomainError) as e:
        signals.decide(head, sig["id"], decision="no_action", reason="again", password=PASSWORDS["qahead"],
                       expected_sha256=signals.shown_hash(db, sig["id"]))
    assert e.value.code == "signal_decided"
    with pytest.raises(sqlite3.IntegrityError):  # behind the application's back: the trigger refuses
        with db.conn:
            db.conn.execute("UPDATE signals SET decision = 'no_action' WHERE id = ?", (sig["id"],))
    assert signals.signature_state(db, signals.get(db, sig["id"])) == "valid"

    # a linked CAPA: the QA head names an existing complaint's CAPA action
    c = investigated(crafted)
    capa_id = db.conn.execute("SELECT id FROM capa_actions WHERE complaint_id = ?", (c["id"],)).fetchone()[0]
    (other,) = [s for s in by_kind(db, "batch_cluster") if s["batch_no"] == "C2601"]
    linked = signals.decide(head, other["id"], decision="linked_capa", reason="同一封口问题，已在该 CAPA 中处理",
                            password=PASSWORDS["qahead"], expected_sha256=signals.shown_hash(db, other["id"]),
                            capa_id=capa_id)
    assert linked["capa_id"] == capa_id and signals.signature_state(db, linked) == "valid"

    # the whole file still verifies: trail, seals, the signers' keys over both decisions, schema, derived tables
    from qa_desk.core import verify

    head.flush_seal()
    assert [f for f in verify.verify(db)] == []
    assert signals.decision_problems(db) == []
    db.conn.execute("DROP TRIGGER signals_decided_no_update")  # behind the application's back
    with db.conn:
        db.conn.execute("UPDATE signals SET decision_reason = '改过的理由' WHERE id = ?", (sig["id"],))
    assert [p[0] for p in signals.decision_problems(db)] == [sig["id"]]
    assert "signals_decided_no_update" in " ".join(f.where for f in verify.verify(db))  # the schema check names it


def test_open_signals_are_tasks_of_the_qa_head(crafted):
    head = crafted["qahead"]
    signals.scan(head, NOW)
    tasks = signals.open_tasks(head)
    assert len(tasks) == signals.open_count(head.db) > 0
    assert all(t.kind == "signal" and t.complaint_id is None and t.number.startswith("SIG-") for t in tasks)
    assert any("繁忙片" in t.zh and "2026-08" in t.en for t in tasks)
    assert tasks[0].due_at and datetime.fromisoformat(tasks[0].due_at) > NOW
    assert signals.sort_key(tasks[0].due_at).endswith("+00:00") and signals.sort_key(None) == "9999"
    from qa_desk.core import tasks as T

    mine = [t for t in T.for_user(head) if t.kind == "signal"]
    assert {t.number for t in mine} == {t.number for t in tasks}  # My tasks lists them for the QA head
    assert not [t for t in T.for_user(crafted["inspector"]) if t.kind == "signal"]


def test_scan_needs_a_qa_role(people):
    with pytest.raises(DomainError):
        signals.scan(people["admin"], NOW)


def test_u_chart_by_hand():
    """Twice the units on the market, twice the complaints expected: a c-chart would alarm, the u-chart does not."""
    pol = signals.load_policy()
    counts = {f"2025-{m:02d}": 10 for m in range(1, 13)} | {"2026-01": 25}
    units = {m: 100_000.0 for m in counts} | {"2026-01": 300_000.0}
    (c_point,) = signals.chart(counts, "2025-01", ["2026-01"], pol)
    (u_point,) = signals.chart(counts, "2025-01", ["2026-01"], pol, units)
    assert c_point.method == "c/exact_poisson" and c_point.limit == poisson_ucl(10) and 25 > c_point.limit
    # baseline rate 120 complaints on 1,200,000 units = 1 per 10,000; expected 30 in 300,000 units: 30 >= exact_below
    assert u_point.method == "u/normal" and u_point.centre == pytest.approx(30.0)
    assert u_point.centre_rate == pytest.approx(1.0) and u_point.limit == pytest.approx(30 + 3 * math.sqrt(30))
    assert 25 <= u_point.limit


def test_released_quantities_turn_the_count_into_a_rate(crafted):
    head = crafted["qahead"]
    db = head.db
    if "batches" not in db.table_names():
        pytest.skip("the batch register (schema 13, table batches) is not in this build yet: counts, not rates")
    with db.conn:  # 10,000 units of 繁忙片 released every month from 2024-07, and 400,000 in 2026-08
        for i, m in enumerate(months("2024-07", "2026-08")):
            db.conn.execute("INSERT INTO batches (product_name, batch_no, quantity_released, unit, released_on, "
                            "created_at) VALUES ('繁忙片', ?, ?, '盒', ?, '2026-09-01T00:00:00+08:00')",
                            (f"REL{i:03d}", 400_000 if m == "2026-08" else 10_000, f"{m}-02"))
    signals.scan(head, NOW)
    # 2026-08: 16 complaints on 110,000 + 400,000 units on the market (released in the 12 months to August);
    # baseline 2025-08..2026-07: 64 complaints on 12 x 120,000 unit-months
    expected = 64 / (12 * 120_000) * 510_000
    assert 16 <= poisson_ucl(expected)  # (22.7 expected: limit 35)
    assert not [s for s in by_kind(db, "control_limit") if s["product_name"] == "繁忙片"]
    # the other products have no released quantities: still c-charts, and the crafted run is still found
    assert [s["chart"] for s in by_kind(db, "run") if s["product_name"] == "持续片"] == ["c/exact_poisson"]


def test_rate_signals_explain_themselves():
    pol = signals.load_policy()
    counts = {f"2025-{m:02d}": 10 for m in range(1, 13)} | {"2026-01": 60}
    units = {m: 100_000.0 for m in counts}
    found = signals.detect_charts([("X片", m, n) for m, n in counts.items()], {"X片": "2025-01"}, ["2026-01"], pol,
                                  {"X片": units})
    (f,) = [x for x in found if x.kind == signals.Kind.CONTROL_LIMIT]
    assert f.chart == "u/exact_poisson" and f.limit == poisson_ucl(10)
    zh, en = signals.explain(f, {}, {}, pol)
    assert "6.00/10000" in zh and "u 图" in zh and "u-chart" in en and "2025-01" in en and "100000" in en
    run_counts = {f"2024-{m:02d}": 10 for m in range(1, 13)} | {f"2025-{m:02d}": 12 for m in range(1, 9)}
    run_units = {m: 100_000.0 for m in run_counts}
    found = signals.detect_charts([("Y片", m, n) for m, n in run_counts.items()], {"Y片": "2024-01"}, ["2025-08"],
                                  pol, {"Y片": run_units})
    (r,) = [x for x in found if x.kind == signals.Kind.RUN]
    zh, en = signals.explain(r, {}, {}, pol)
    assert r.chart.startswith("u/") and "1/10000 单位" in zh and "2025-01" in en and "2025-08" in en
