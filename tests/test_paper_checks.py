"""Stable paper checks (issue 15, item 4): a printout's hash covers only its complaint's own content, so
``verify --paper`` stays "current" when other complaints come in on the same product, says "changed" exactly when
the complaint's own content changed, and then says which fields changed and when (from the audit trail). Copies
printed before (rule 1, no rule mark in the QR text) are checked by the rule they were printed under."""

from __future__ import annotations

from datetime import timedelta

import pytest

from qa_desk.core import complaints, intake
from qa_desk.core import investigation as inv
from qa_desk.core.paper import changes_after_entry
from qa_desk.documents import forms
from qa_desk.documents.record import complaint_record, record_hash, related_rows
from tests import flows
from tests.conftest import PASSWORDS
from tests.test_cli import run


def on(people, days_ago: float, **over) -> dict:
    s = people["inspector"]
    return flows.registered(people, received_at=s.now() - timedelta(days=days_ago), **over)


def test_qr_names_the_rule(people, tmp_path, qr_of):
    c = on(people, 3)
    forms.print_complaint(people["inspector"], c["id"], "receipt", tmp_path / "r.pdf")
    assert qr_of[-1].split("|")[-1] == "R2" and len(qr_of[-1].split("|")) == 9


@pytest.mark.parametrize("form", ["investigation", "receipt"])
def test_other_complaints_on_the_product_leave_the_copy_current(people, tmp_path, qr_of, form):
    s = people["inspector"]
    earlier = on(people, 20)
    c = on(people, 10)
    forms.print_complaint(s, c["id"], form, tmp_path / "p.pdf")
    qr = qr_of[-1]
    ok, _zh, en = forms.check_paper(s, qr)
    assert ok and "current" in en and "printed" in en
    on(people, 5)  # later, same product and batch
    on(people, 15, batch_no="999")  # earlier, same product: registered after the print, received before
    flows.void(people, earlier["id"])  # a related one voided
    ok, _zh, en = forms.check_paper(s, qr)
    assert ok, en


def test_an_edit_of_the_complaint_is_changed_and_named(people, tmp_path, qr_of):
    s = people["inspector"]
    c = on(people, 10)
    forms.print_complaint(s, c["id"], "investigation", tmp_path / "p.pdf")
    qr = qr_of[-1]
    intake.correct_receipt(s, c["id"], {"batch_no": "240199"}, reason="批号抄错")
    ok, zh, en = forms.check_paper(s, qr)
    assert not ok and "changed after" in en
    assert "Changed after the print of" in en and "batch" in en and "张伟" in en
    assert "批号" in zh and "之后的修改" in zh
    assert "240199" not in en  # field names and times only: verify runs without a login
    assert "(…)" not in en


def test_a_correction_counts_as_a_change_after_entry(people):
    s = people["inspector"]
    c = on(people, 10)
    assert complaint_record(s, c["id"])["changes_after_entry"] == 0
    intake.correct_receipt(s, c["id"], {"batch_no": "240199"}, reason="批号抄错")
    assert complaint_record(s, c["id"])["changes_after_entry"] == 1
    assert changes_after_entry(s.db, c["id"], rule=1) == 0  # what copies printed before counted


def test_first_entries_and_workflow_steps_are_not_changes_after_entry(people):
    s = people["inspector"]
    c = flows.triaged(people)
    inv.start(s, c["id"])
    inv.set_market_action(s, c["id"], action="batch_hold", note="待调查", reason="调查中发现需暂停销售")  # a first entry
    step = inv.add_custody(s, c["id"], action="样品接收", holder="张伟", seal_no="FY-0001")
    assert complaint_record(s, c["id"])["changes_after_entry"] == 0
    inv.correct_custody(s, step["id"], {"seal_no": "FY-0002"}, reason="封样编号抄错")
    assert complaint_record(s, c["id"])["changes_after_entry"] == 1


def test_an_investigation_step_after_the_print_is_named(people, tmp_path, qr_of):
    s = people["inspector"]
    c = flows.triaged(people)
    forms.print_complaint(s, c["id"], "receipt", tmp_path / "p.pdf")
    qr = qr_of[-1]
    inv.start(s, c["id"])
    inv.add_custody(s, c["id"], action="样品接收", holder="张伟", seal_no="FY-0009")
    ok, _zh, en = forms.check_paper(s, qr)
    assert not ok and "sample custody entry (added)" in en


def test_a_change_outside_the_trail_is_changed_with_no_field_to_name(people, tmp_path, qr_of):
    s = people["inspector"]
    c = on(people, 10)
    forms.print_complaint(s, c["id"], "receipt", tmp_path / "p.pdf")
    s.db.conn.execute("UPDATE complaints SET description = '无问题' WHERE id = ?", (c["id"],))
    s.db.conn.commit()
    ok, _zh, en = forms.check_paper(s, qr_of[-1])
    assert not ok and "no change of this complaint" in en and "qa-desk verify" in en


def _old_print(s, cid: int, code: str = "QA-F-002") -> str:
    """A copy as QA Desk printed it before issue 15: rule 1 (the whole record, the related list of the last 12
    months before the print), an audited print entry, and a QR text without a rule mark."""
    c = complaints.get(s.db, cid)
    record = {**complaint_record(s, cid, masked=False), "related": related_rows(complaints.related(s.db, c, now=s.now()),
                                                                              rule=1),
              "changes_after_entry": changes_after_entry(s.db, cid, rule=1)}
    digest = record_hash(code, "A/0", record, rule=1)
    with s.write() as tx:
        tx.log("print", tbl="complaints", record_id=cid, complaint_id=cid,
               new={"form": code, "version": "A/0", "sha256": digest, "file": "old.pdf"})
    return f"QADESK1|{c['number']}|{code}|A/0|U|{digest}"


def test_a_copy_printed_under_the_old_rule_is_checked_as_it_was_printed(people):
    s = people["inspector"]
    on(people, 30)
    c = on(people, 10)
    qr = _old_print(s, c["id"])
    assert forms.check_paper(s, qr)[0]
    on(people, 5)  # a later complaint on the product: rule 1 listed those received before the print
    on(people, 1, product_name="布洛芬缓释胶囊")
    ok, _zh, en = forms.check_paper(s, qr)
    assert ok, en
    intake.correct_receipt(s, c["id"], {"request": "要求换货"}, reason="请求记错")
    ok, _zh, en = forms.check_paper(s, qr)
    assert not ok and "request" in en


def test_an_old_copy_whose_related_list_moved_is_not_called_current(people):
    """A related complaint voided after an old-rule print: the copy's own content did not change, but its hash
    cannot be reproduced; the check says so and asks for a new print rather than claiming "current"."""
    s = people["inspector"]
    gone = on(people, 30)
    c = on(people, 10)
    qr = _old_print(s, c["id"])
    flows.void(people, gone["id"])
    ok, _zh, en = forms.check_paper(s, qr)
    assert not ok and "earlier rule" in en and "cannot be proven" in en


def test_an_unknown_rule_is_refused(people, tmp_path, qr_of):
    s = people["inspector"]
    c = on(people, 3)
    forms.print_complaint(s, c["id"], "receipt", tmp_path / "r.pdf")
    ok, _zh, en = forms.check_paper(s, qr_of[-1][:-2] + "R9")
    assert not ok and "rule R9" in en


def test_cli_verify_paper_current_then_changed(people, db_path, tmp_path, qr_of):
    """Through the command, as an inspector at the desk runs it: no login, the file opened read-only."""
    s = people["inspector"]
    c = on(people, 10)
    forms.print_complaint(s, c["id"], "investigation", tmp_path / "p.pdf")
    qr = qr_of[-1]
    on(people, 2)
    p = run("--db", db_path, "--lang", "en", "verify", "--paper", qr)
    assert p.returncode == 0 and "current" in p.stdout, p.stdout + p.stderr
    intake.correct_receipt(s, c["id"], {"batch_no": "240188"}, reason="批号抄错")
    p = run("--db", db_path, "--lang", "en", "verify", "--paper", qr)
    assert p.returncode == 1 and "changed after" in p.stdout and "batch" in p.stdout and "Traceback" not in p.stderr
    p = run("--db", db_path, "--lang", "zh_CN", "verify", "--paper", qr)
    assert p.returncode == 1 and "批号" in p.stdout
    p = run("--db", db_path, "--lang", "en", "verify", "--paper", "QADESK1|nonsense")
    assert p.returncode == 1 and "not the QR text" in p.stdout and "Traceback" not in p.stderr


def test_cli_print_then_verify_paper(people, db_path, tmp_path):
    """The print made by the command itself, checked by the command: its QR text is the one the trail recorded."""
    from qa_desk.core import anchors, keys

    s = people["inspector"]
    c = on(people, 10)
    out = tmp_path / "cli.pdf"
    p = run("--db", db_path, "--user", "inspector", "--lang", "en", "print", c["number"], "--form", "investigation",
            "--out", out, env_extra={"QA_DESK_PASSWORD": PASSWORDS["inspector"]})
    assert p.returncode == 0 and out.exists(), p.stderr
    entry_id, new = s.db.conn.execute("SELECT id, new FROM audit_log WHERE action = 'print' ORDER BY id DESC").fetchone()
    import json

    digest = json.loads(new)["sha256"]
    head = anchors.Head(entry_id - 1, anchors.hash_at(s.db, entry_id - 1))
    qr = f"QADESK1|{c['number']}|QA-F-002|A/0|U|{digest}|{keys.root_fingerprint(s.db) or '-'}|{head}|R2"
    p = run("--db", db_path, "--lang", "en", "verify", "--paper", qr)
    assert p.returncode == 0 and "current" in p.stdout, p.stdout
