"""The periodic reports and their signed review (issue 16 item 5) on crafted data: the expected counts are computed
here by plain SQL or by hand, the PDFs read back with pdftotext, the review signed by the QA head ("reviewed") and
acknowledged by the quality VP ("informed"), the CLI round trip, and the refusals in one line, zh and en."""

from __future__ import annotations

import argparse  # noqa: F401  (the CLI shim below)
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime

import pytest

from qa_desk.core import batches, intake, review_data, reviews, signals
from qa_desk.core.errors import DomainError
from qa_desk.documents import reports
from tests.conftest import CST, PASSWORDS
from tests.flows import investigated, triage_input, triaged, void

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")

A, B = "阿莫西林胶囊", "布洛芬缓释胶囊"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CST)


def complaint(people, when: str, product: str, batch: str, defect: str = "closure_broken") -> dict:
    return triaged(people, triage_input(defect_type=defect), received_at=at(when), product_name=product, batch_no=batch,
                   mfg_date=None, expiry_date=None)


@pytest.fixture
def crafted(people):
    """August 2026 (the clock is 2026-09-28): A twice on batch B0801 (a batch cluster), A once Class I with a recall
    on B0802, B once; one A voided; July and May 2025 outside the month. The batch register knows B0801."""
    batches.save(people["inspector"], {"product_name": A, "batch_no": "B0801", "quantity_released": 20000, "unit": "盒",
                                       "released_on": "2026-06-01", "manufactured_on": "2026-05-20",
                                       "expires_on": "2028-05-19"})
    complaint(people, "2026-08-03T09:00:00", A, "B0801", "closure_broken")
    complaint(people, "2026-08-20T10:00:00", A, "B0801", "missing_print")
    investigated(people, triage_input(defect_type="wrong_product"), received_at=at("2026-08-12T11:00:00"),
                 product_name=A, batch_no="B0802", mfg_date=None, expiry_date=None)
    complaint(people, "2026-08-25T14:00:00", B, "X1", "missing_print")
    gone = intake.register(people["inspector"], intake.ComplaintDraft(
        received_at=at("2026-08-26T09:00:00"), channel="phone", complainant_type="patient", complainant_name="张三",
        product_name=A, batch_no="B0803", description="登记错误"))
    void(people, gone["id"])
    complaint(people, "2026-07-15T09:00:00", A, "B0701")
    complaint(people, "2025-05-10T09:00:00", A, "OLD1", "missing_print")
    complaint(people, "2025-05-11T09:00:00", A, "OLD1", "closure_broken")
    signals.scan(people["qahead"])
    return people


def text_of(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def sql_counts(db, month: str, product: str | None = None) -> dict:
    """The expected figures by plain SQL, independently of analytics."""
    where, params = "status != 'voided' AND substr(received_at, 1, 7) = ?", [month]
    if product:
        where, params = "status != 'voided' AND substr(received_at, 1, 4) = ? AND product_name = ?", [month, product]
    q = db.conn.execute
    return {"total": q(f"SELECT count(*) FROM complaints WHERE {where}", params).fetchone()[0],
            "class": dict(q(f"SELECT class, count(*) FROM complaints WHERE {where} GROUP BY 1", params).fetchall()),
            "class_i": [r[0] for r in q(f"SELECT number FROM complaints WHERE {where} AND class = 'I'", params)],
            "recalls": [r[0] for r in q(f"SELECT number FROM complaints WHERE {where} AND market_action = 'recall'",
                                        params)]}


def sign_both(people, review_id: int) -> None:
    head, vp = people["qahead"], people["qavp"]
    reviews.sign(head, review_id, password=PASSWORDS["qahead"], meaning="reviewed", username="qahead",
                 expected_sha256=reviews.shown_hash(head, review_id))
    reviews.sign(vp, review_id, password=PASSWORDS["qavp"], meaning="informed", username="qavp")


def test_monthly_counts_signals_and_both_manifestations(crafted, tmp_path):
    head, db = crafted["qahead"], crafted["qahead"].db
    want = sql_counts(db, "2026-08")
    assert want["total"] == 4 and len(want["class_i"]) == 1 and want["recalls"] == want["class_i"]  # by hand
    data = review_data.monthly(db, "2026-08", head.now())
    assert data["total"] == want["total"]
    assert dict(data["counts"]["class"]) == {k or "": v for k, v in want["class"].items()}
    assert [r[0] for r in data["class_i"]] == want["class_i"] and [r[0] for r in data["recalls"]] == want["recalls"]
    assert data["batches"][0][:3] == [A, "B0801", 2] and data["batches"][0][5] == 1.0  # 2 per 20,000 = 1 per 10,000

    cluster = next(s for s in data["signals"] if s["kind"] == "batch_cluster" and s["batch_no"] == "B0801")
    signals.decide(head, cluster["id"], decision="no_action", reason="两起均为运输破损，已与物流沟通",
                   password=PASSWORDS["qahead"], username="qahead", expected_sha256=signals.shown_hash(db, cluster["id"]))
    month_signals = review_data.monthly(db, "2026-08", head.now())["signals"]
    ids = {s["id"] for s in month_signals}
    # every signal naming an August complaint is listed: the cluster, the Class I and the recall
    expected = {r[0] for r in db.conn.execute(
        "SELECT s.id FROM signals s WHERE EXISTS (SELECT 1 FROM json_each(s.complaint_ids) j JOIN complaints c ON "
        "c.id = j.value WHERE substr(c.received_at, 1, 7) = '2026-08')")}
    assert expected <= ids and {"batch_cluster", "class_i", "recall"} <= {s["kind"] for s in month_signals}

    out = tmp_path / "m.pdf"
    reports.print_monthly(head, "2026-08", out)
    text = flat(text_of(out))
    assert f"Complaints received: {want['total']}" in text and f"Class I: {len(want['class_i'])}" in text
    assert want["class_i"][0] in text and f"SIG-{cluster['id']}" in text
    assert "No action" in text and "两起均为运输破损，已与物流沟通" in text and "待决定 open" in text
    assert text.count("尚未签名 not yet signed") == 2

    review = reviews.ensure(head, "monthly", "2026-08")
    sign_both(crafted, review["id"])
    reports.print_monthly(head, "2026-08", out)
    text = flat(text_of(out))
    row = reviews.get(db, review["id"])
    assert row["status"] == "informed"
    for who, when in (("王强", row["reviewed_at"]), ("陈静", row["informed_at"])):
        assert who in text and when in text
    assert "已审核 reviewed" in text and "已知悉（质量受权人） informed" in text and text.count("有效 valid") == 2
    assert "尚未签名" not in text and "The content printed is the content reviewed and signed" in text
    assert reviews.problems(db) == []
    prints = db.conn.execute("SELECT new FROM audit_log WHERE action = 'print' AND tbl = 'reviews' AND "
                             "record_id = ?", (review["id"],)).fetchall()
    assert len(prints) == 1 and json.loads(prints[0][0])["form"] == "QA-F-008"
    assert db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'print' AND new LIKE '%QA-F-008%'"
                           ).fetchone()[0] == 2

    complaint(crafted, "2026-08-28T09:00:00", B, "X2")  # a late entry: the figures are no longer the ones reviewed
    reports.print_monthly(head, "2026-08", out)
    text = flat(text_of(out))
    assert "审核签名后数据已有变化" in text and "total" in text and text.count("有效 valid") == 2


def test_signing_rules(crafted):
    head, vp, both = crafted["qahead"], crafted["qavp"], crafted["headvp"]
    review = reviews.ensure(head, "monthly", "2026-08")
    assert reviews.ensure(head, "monthly", "2026-08")["id"] == review["id"]  # one review per month
    with pytest.raises(DomainError) as e:  # the VP is informed of a review, after it
        reviews.sign(vp, review["id"], password=PASSWORDS["qavp"], meaning="informed", username="qavp")
    assert e.value.code == "not_reviewed"
    with pytest.raises(DomainError) as e:
        reviews.sign(vp, review["id"], password=PASSWORDS["qavp"], meaning="reviewed", username="qavp")
    assert e.value.code == "forbidden"
    with pytest.raises(DomainError) as e:  # shown content differs from the content now
        reviews.sign(head, review["id"], password=PASSWORDS["qahead"], meaning="reviewed", username="qahead",
                     expected_sha256="0" * 64)
    assert e.value.code == "content_changed"
    with pytest.raises(DomainError) as e:
        reviews.sign(head, review["id"], password="wrong", meaning="reviewed", username="qahead")
    assert e.value.code not in ("", None)
    reviews.sign(both, review["id"], password=PASSWORDS["headvp"], meaning="reviewed", username="headvp")
    with pytest.raises(DomainError) as e:  # segregation: who reviewed does not also acknowledge
        reviews.sign(both, review["id"], password=PASSWORDS["headvp"], meaning="informed")
    assert e.value.code == "own_review"
    with pytest.raises(DomainError) as e:
        reviews.sign(head, review["id"], password=PASSWORDS["qahead"], meaning="reviewed", username="qahead")
    assert e.value.code == "review_signed"
    reviews.sign(vp, review["id"], password=PASSWORDS["qavp"], meaning="informed", username="qavp")
    sigs = head.db.conn.execute("SELECT step, meaning, signer_name FROM signatures WHERE step LIKE 'periodic%' "
                                "ORDER BY id").fetchall()
    assert [tuple(s) for s in sigs] == [("periodic_review", "reviewed", "赵兼任"),
                                        ("periodic_review_informed", "informed", "陈静")]
    actions = [r[0] for r in head.db.conn.execute("SELECT action FROM audit_log WHERE tbl = 'reviews' ORDER BY id")]
    assert actions == ["review_opened", "review_signed", "review_acknowledged"]
    with pytest.raises(sqlite3.IntegrityError):  # final: the trigger refuses a change behind the application's back
        head.db.conn.execute("UPDATE reviews SET period = '2026-07' WHERE id = ?", (review["id"],))
    running = reviews.ensure(head, "monthly", "2026-09")  # the month is not over
    with pytest.raises(DomainError) as e:
        reviews.sign(head, running["id"], password=PASSWORDS["qahead"], meaning="reviewed", username="qahead")
    assert e.value.code == "period_not_over"


def test_product_review(crafted, tmp_path):
    head, db = crafted["qahead"], crafted["qahead"].db
    now_, before = sql_counts(db, "2026", A), sql_counts(db, "2025", A)
    assert (now_["total"], before["total"]) == (4, 2)  # B0801 ×2, B0802, B0701 (the voided one not counted)
    data = review_data.product_year(db, A, 2026, head.now())
    assert (data["total"], data["total_before"]) == (now_["total"], before["total"])
    assert {b: n for _, b, n, *_ in data["batches"]} == {"B0801": 2, "B0802": 1, "B0701": 1}
    assert data["released"]["2026"] == {"盒": 20000.0}
    assert data["capa"]["total"] == db.conn.execute(
        "SELECT count(*) FROM capa_actions a JOIN complaints c ON c.id = a.complaint_id WHERE c.product_name = ? AND "
        "substr(c.received_at, 1, 4) = '2026'", (A,)).fetchone()[0] == 1
    out = tmp_path / "p.pdf"
    reports.print_product_review(head, A, 2026, out)
    text = flat(text_of(out))
    assert f"Complaints 2026: {now_['total']}" in text and "上年 2025: 2" in text and "+100%" in text
    assert now_["recalls"][0] in text and "B0801" in text and "1.00" in text  # the rate per 10,000
    assert text.count("尚未签名 not yet signed") == 2
    for code in ("bad_year", "no_product"):
        with pytest.raises(DomainError) as e:
            reports.print_product_review(head, A if code == "bad_year" else "没有的产品", "20x6" if code == "bad_year"
                                         else 2026, tmp_path / "x.pdf")
        assert e.value.code == code
    assert not (tmp_path / "x.pdf").exists()


def test_refusals_in_one_line(crafted, tmp_path):
    head = crafted["qahead"]
    for month, code in (("2026-13", "bad_month"), ("26-08", "bad_month"), ("2027-01", "future_month")):
        with pytest.raises(DomainError) as e:
            reports.print_monthly(head, month, tmp_path / "x.pdf")
        assert e.value.code == code
        assert "\n" not in e.value.message("zh_CN") and "\n" not in e.value.message("en")
    with pytest.raises(DomainError) as e:
        reports.print_monthly(crafted["reception"], "2026-08", tmp_path / "x.pdf")
    assert e.value.code == "forbidden"


# --- the command line --------------------------------------------------------------------------------------

# ``qa-desk report`` as ``python -m qa_desk``, with the subcommand hooked in when qa_desk/cli.py does not yet
SHIM = """import argparse, sys
from qa_desk import cli, cli_reports
if "report" not in cli.COMMANDS:
    _orig = cli.build_parser
    def _bp():
        p = _orig()
        sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
        cli_reports.add_parser(sub)
        return p
    cli.build_parser = _bp
    cli.COMMANDS["report"] = lambda a, d, l: cli_reports.run(a, d, l)
sys.exit(cli.main(sys.argv[1:]))
"""


def cli(*args, password: str):
    env = {**os.environ, "QA_DESK_PASSWORD": password}
    env.pop("QA_DESK_DB", None)
    return subprocess.run([sys.executable, "-c", SHIM, *map(str, args)], capture_output=True, text=True, env=env,
                          timeout=300, stdin=subprocess.DEVNULL)


def test_cli_round_trip(crafted, db_path, tmp_path):
    head = crafted["qahead"]
    review = reviews.ensure(head, "monthly", "2026-08")
    sign_both(crafted, review["id"])
    head.flush_seal()
    out = tmp_path / "cli.pdf"
    p = cli("--db", db_path, "--user", "qahead", "--lang", "en", "report", "monthly", "--month", "2026-08", "--out", out,
            password=PASSWORDS["qahead"])
    assert p.returncode == 0, p.stderr
    assert "reviewed and acknowledged" in p.stdout and out.exists()
    text = flat(text_of(out))
    assert "王强" in text and "陈静" in text and "已知悉（质量受权人） informed" in text
    p = cli("--db", db_path, "--user", "qavp", "--lang", "zh_CN", "report", "product-review", "--product", A, "--year",
            "2026", "--out", tmp_path / "p.pdf", password=PASSWORDS["qavp"])
    assert p.returncode == 0, p.stderr
    assert "已生成" in p.stdout and "尚未签名" in p.stdout
    for lang, args, words in (
            ("en", ("monthly", "--month", "2026-8x"), "Not a month"),
            ("zh_CN", ("monthly", "--month", "2026-8x"), "月份无效"),
            ("en", ("product-review", "--product", "Nope", "--year", "2026"), "No complaints or batches"),
            ("zh_CN", ("product-review", "--product", "Nope", "--year", "2026"), "没有产品")):
        p = cli("--db", db_path, "--user", "qahead", "--lang", lang, "report", *args, "--out", tmp_path / "bad.pdf",
                password=PASSWORDS["qahead"])
        assert p.returncode != 0 and words in p.stderr
        assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr
    assert not (tmp_path / "bad.pdf").exists()


def test_verify_names_a_review_changed_behind_the_applications_back(crafted):
    head = crafted["qahead"]
    review = reviews.ensure(head, "monthly", "2026-08")
    reviews.sign(head, review["id"], password=PASSWORD_HEAD, meaning="reviewed", username="qahead")
    assert reviews.problems(head.db) == []
    head.db.conn.execute("UPDATE reviews SET content_sha256 = ? WHERE id = ?", ("0" * 64, review["id"]))
    head.db.conn.commit()
    assert [rid for rid, _, _ in reviews.problems(head.db)] == [review["id"]]
    assert "INVALID" in " ".join(s["valid"] and "valid" or "INVALID" for s in reviews.manifestations(
        head.db, reviews.get(head.db, review["id"])))


PASSWORD_HEAD = PASSWORDS["qahead"]


def test_a_complaint_closed_by_the_cut_off_is_not_overdue_at_it(people, clock):
    """A deadline a complaint never met (an extension, a report deadline of a record closed as not reportable)
    is overdue in the reviews of the months it was open, not in every later month's review."""
    from datetime import timedelta

    from qa_desk.core import closure, review_data
    from tests import flows

    s = people["inspector"]
    c = flows.closable(people)
    with s.write() as tx:  # a deadline left unmet, due before the closure
        row = s.db.conn.execute("SELECT id FROM deadlines WHERE complaint_id = ? AND met_at IS NOT NULL LIMIT 1",
                                (c["id"],)).fetchone()
        tx.update("deadlines", row[0], {"met_at": None}, complaint_id=c["id"], action="deadline_reopen")
    clock.sleep(3600)
    open_then = review_data.overdue_deadlines(s.db, s.now() + timedelta(days=400))
    closure.close(s, c["id"])
    clock.sleep(3600)
    after = review_data.overdue_deadlines(s.db, s.now() + timedelta(days=400))
    number = c["number"]
    assert any(r[0] == number for r in open_then["oldest"])
    assert not any(r[0] == number for r in after["oldest"])
