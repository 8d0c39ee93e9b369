"""Retention, legal hold and destruction: only past retention, only archived, only the quality VP with a
password signature, never under a legal hold; the record and its attachments really go, the destruction log
stays, and the audit chain still verifies (while a redaction nobody signed for is caught)."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from qa_desk.core import closure, retention
from qa_desk.core.errors import DomainError
from qa_desk.core.verify import verify
from tests import flows
from tests.conftest import PASSWORDS, count_rows


def archived(people, **over) -> dict:
    c = flows.closable(people, **over)
    closure.close(people["inspector"], c["id"])
    return closure.archive(people["inspector"], c["id"])


def years_later(people, years: int = 6) -> None:
    """Retention runs for years: every login seals what it wrote (as at its logout) before the clock moves on."""
    for s in people.values():
        s.flush_seal()
    next(iter(people.values())).clock.advance(days=366 * years)


def test_retention_date_follows_expiry_receipt_and_the_minimum(people):
    c = archived(people, expiry_date="2040-06-30")
    c = flows.inv_get(people["inspector"], c["id"])
    db, pol = people["inspector"].db, people["inspector"].policy
    assert retention.retention_until(db, c, pol) == date(2041, 6, 30)  # expiry + 1 year beats the minimum
    c2 = archived(people)
    closed = flows.inv_get(people["inspector"], c2["id"])["closed_at"][:10]
    assert retention.retention_until(db, flows.inv_get(people["inspector"], c2["id"]), pol) == \
        date.fromisoformat(closed).replace(year=int(closed[:4]) + 5)  # minimum of 5 years after closure
    assert retention.retention_until(db, flows.registered(people), pol) is None  # not closed: not started


def test_destruction_needs_the_vp_past_retention_and_no_legal_hold(people):
    c = archived(people, description="样品瓶身破裂。", complainant_name="刘患者")
    vp = people["qavp"]
    with pytest.raises(DomainError, match="retention runs until"):
        retention.destroy(vp, c["id"], PASSWORDS["qavp"], "保存期满", username=vp.actor.username)
    years_later(people)
    with pytest.raises(DomainError, match="may not"):
        retention.destroy(people["qahead"], c["id"], PASSWORDS["qahead"], "保存期满", username=people["qahead"].actor.username)
    retention.set_legal_hold(people["qahead"], c["id"], True, "诉讼中，法务要求保留")
    assert [r["number"] for r in retention.past_retention(vp)] == [c["number"]]
    with pytest.raises(DomainError, match="legal hold"):
        retention.destroy(vp, c["id"], PASSWORDS["qavp"], "保存期满", username=vp.actor.username)
    retention.set_legal_hold(people["qahead"], c["id"], False, "诉讼结束")
    with pytest.raises(DomainError):
        retention.destroy(vp, c["id"], "wrong-password", "保存期满", username=vp.actor.username)
    assert count_rows(vp, "complaints") == 1 and verify(vp.db) == []


def test_destruction_removes_record_and_attachments_and_keeps_the_chain_verifiable(people, db_path):
    other = flows.registered(people)
    c = flows.closable(people, description="独特的销毁测试文本ZXQ", complainant_name="独特患者名",
                       attachments=[("photo.jpg", b"\xff\xd8\xff" + b"SECRET-ATTACHMENT-BYTES" * 50)],
                       links=[other["id"]])
    assert count_rows(people["inspector"], "complaint_links") == 1
    closure.close(people["inspector"], c["id"])
    closure.archive(people["inspector"], c["id"])
    vp = people["qavp"]
    years_later(people)
    row = retention.destroy(vp, c["id"], PASSWORDS["qavp"], "保存期满，按 SOP-QA-012 销毁", username=vp.actor.username)
    assert row["number"] == c["number"] and row["approver_name"] == "陈静" and len(row["signature_sha256"]) == 64
    db = vp.db
    assert db.conn.execute("SELECT count(*) FROM complaints WHERE id = ?", (c["id"],)).fetchone()[0] == 0
    for table in retention.PART_TABLES:
        assert db.conn.execute(f"SELECT count(*) FROM [{table}] WHERE complaint_id = ?", (c["id"],)).fetchone()[0] == 0
    assert verify(db) == []  # chain, replay and numbering all hold across the removal
    flows.registered(people)
    assert verify(db) == []
    db.conn.close()
    raw = db_path.read_bytes() + (db_path.with_name(db_path.name + "-wal").read_bytes()
                                  if db_path.with_name(db_path.name + "-wal").exists() else b"")
    for secret in ("独特的销毁测试文本ZXQ".encode(), "独特患者名".encode(), b"SECRET-ATTACHMENT-BYTES"):
        assert secret not in raw, f"{secret!r} is still in the file"


def test_a_redaction_nobody_signed_for_is_caught(people, db_path):
    c = flows.registered(people)
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE audit_log SET old = NULL, new = NULL, reason = NULL, redacted_by = 99 "
                 "WHERE complaint_id = ? AND op = 'insert'", (c["id"],))  # the trigger allows the shape ...
    conn.commit()
    conn.close()
    chain = [f for f in verify(people["admin"].db) if f.kind == "audit_chain"]
    assert chain and "without a destruction" in chain[0].text("en")


def test_audit_entries_cannot_be_changed_in_any_other_way(people, db_path):
    flows.registered(people)
    conn = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit_log SET new = '{}' WHERE id = 1")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit_log SET new = NULL, old = NULL, redacted_by = 1, action = 'x' WHERE id = 1")


def test_destruction_certificate_lists_the_log(people, tmp_path):
    from pypdf import PdfReader

    from qa_desk.documents import forms

    c = archived(people)
    years_later(people)
    retention.destroy(people["qavp"], c["id"], PASSWORDS["qavp"], "保存期满", username=people["qavp"].actor.username)
    out = forms.destruction_certificate(people["qahead"], tmp_path / "cert.pdf")
    text = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert c["number"] in text and "陈静" in text and "销毁证明" in text and "QA-F-007" in text


def test_retention_page_holds_destroys_and_packages(qtbot, people, db_path, tmp_path):
    from qa_desk.ui.i18n import set_language
    from qa_desk.ui.retention_view import RetentionView

    set_language("en")
    c = archived(people)
    vp = people["qavp"]
    years_later(people)
    view = RetentionView(vp, str(db_path))
    qtbot.addWidget(view)
    view.only_due.setChecked(True)
    assert view.table.rowCount() == 1 and view.table.item(0, 0).text() == c["number"]
    view.package(tmp_path / "one.zip", number=c["number"])
    qtbot.waitUntil(lambda: view.last_result is not None, timeout=20_000)
    assert (tmp_path / "one.zip").exists()
    assert view.set_hold(view.records[0], True, "诉讼中") and "yes" in view.table.item(0, 5).text()
    assert not view.destroy(view.records[0], PASSWORDS["qavp"], "保存期满", "qavp") and "legal hold" in view.errors.text()
    assert view.set_hold(view.records[0], False, "诉讼结束")
    assert not view.destroy(view.records[0], "wrong", "保存期满", "qavp") and count_rows(vp, "complaints") == 1
    assert view.destroy(view.records[0], PASSWORDS["qavp"], "保存期满", "qavp") and view.table.rowCount() == 0
    assert view.certificate(tmp_path / "cert.pdf") and verify(vp.db) == []


def test_audit_review_page_filters_and_signs(qtbot, people):
    from qa_desk.ui.audit_review_view import AuditReviewView
    from qa_desk.ui.i18n import set_language

    set_language("zh_CN")
    flows.triaged(people)
    view = AuditReviewView(people["qahead"])
    qtbot.addWidget(view)
    assert view.table.rowCount() > 0
    view.kinds["changes"].setChecked(False)
    view.refresh()
    assert all(view.table.item(i, 2).text() != "记录修改" for i in range(view.table.rowCount()))
    assert not view.sign(PASSWORDS["qahead"], "qahead") and "findings" not in view.errors.text() and view.errors.text()
    view.findings.setText("未发现异常")
    assert not view.sign(PASSWORDS["qahead"]) and view.errors.text()  # the first signature needs the user name
    assert view.sign(PASSWORDS["qahead"], "qahead") and "已签名" in view.status.text()


def test_archive_view_finds_closed_records_and_shows_how_long_they_are_kept(qtbot, people, db_path, tmp_path):
    from qa_desk.ui.complaint_window import ComplaintWindow
    from qa_desk.ui.i18n import set_language
    from qa_desk.ui.main_window import MainWindow

    def choose(combo, data):  # QComboBox.findData does not compare Python tuples
        combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemData(i) == data))

    set_language("zh_CN")
    kept = archived(people, complainant_name="欧阳明", batch_no="A2601")
    closed = flows.closable(people, batch_no="C2602")
    closure.close(people["inspector"], closed["id"])
    flows.triaged(people, batch_no="O2603")  # still open: never in the archive
    w = MainWindow(people["inspector"], str(db_path), drafts_folder=str(tmp_path))
    qtbot.addWidget(w)
    view = w.archive_view

    def shown():
        view.model.fetch_all()
        return sorted(view.model.row_for(i)["number"] for i in range(view.model.rowCount()))

    assert shown() == sorted([kept["number"], closed["number"]])
    choose(view.status, ("archived",))
    assert shown() == [kept["number"]]
    choose(view.status, ("closed", "archived"))
    view.search.setText("欧阳")  # complainant, two characters
    view.apply()
    assert shown() == [kept["number"]]
    view.search.setText("C2602")  # batch
    view.apply()
    assert shown() == [closed["number"]]
    until = retention.retention_until(people["inspector"].db, flows.inv_get(people["inspector"], kept["id"]),
                                      people["inspector"].policy)
    cw = ComplaintWindow(people["inspector"], kept["id"])
    qtbot.addWidget(cw)
    assert f"保存至 {until.isoformat()}" in cw.header.text()
    retention.set_legal_hold(people["qahead"], kept["id"], True, "诉讼<中>")
    cw.reload()
    assert "法律保留：诉讼&lt;中&gt;" in cw.header.text()


# --- issue 12: the destroyed content leaves the WAL and the search index too ---------------------------------------

SECRETS = {"name": "独特销毁患者", "phone": "13987654321", "history": "既往史：独特的青霉素过敏史", "word": "qqzzvvunique",
           "attachment": b"\x89PNG-SECRET-ATTACHMENT-" + bytes(range(256)) * 8}


def _archived_with_patient_data(people) -> dict:
    """A Class II medical complaint through its whole life, with a patient history, an attachment and a unique
    word in its text (the search index holds it as a token)."""
    from qa_desk.core import approval
    from qa_desk.core import investigation as inv

    s = people["inspector"]
    c = flows.investigated(people, flows.triage_input(nature="medical", category="safety", defect_type="label_error"),
                           adverse_event=True, complainant_name=SECRETS["name"], phone=SECRETS["phone"],
                           description=f"服药后皮疹 {SECRETS['word']}",
                           attachments=[("photo.png", SECRETS["attachment"])])
    inv.set_medical(s, c["id"], {"patient_sex": "女", "patient_age": 40, "outcome": "好转",
                                 "history": SECRETS["history"]})
    approval.submit(s, c["id"], **flows.sign(s, c["id"]))
    approval.review(people["qahead"], c["id"], **flows.sign(people["qahead"], c["id"]))
    approval.approve(people["qavp"], c["id"], **flows.sign(people["qavp"], c["id"]))
    closure.record_reply(s, c["id"], method="letter", content="已处理。", satisfaction="satisfied")
    for a in inv.capa_for(s, c["id"]):
        inv.set_capa_status(s, a["id"], status="done")
        inv.verify_capa(people["qahead"], a["id"], note="有效")
    closure.close(s, c["id"])
    return closure.archive(s, c["id"])


def _raw(db_path) -> bytes:
    wal = db_path.with_name(db_path.name + "-wal")
    return db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _secrets_in(raw: bytes) -> list[str]:
    found = [k for k, v in SECRETS.items() if (v if isinstance(v, bytes) else v.encode("utf-8")) in raw]
    return found


def _tokens(db_path, word: str) -> int:
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, complaint_search, 'row')")
        return conn.execute("SELECT count(*) FROM temp.vocab WHERE term = ?", (word,)).fetchone()[0]
    finally:
        conn.close()


def test_destroyed_content_is_gone_from_the_file_and_the_wal_while_another_connection_reads(people, db_path):
    import threading

    c = _archived_with_patient_data(people)
    assert sorted(_secrets_in(_raw(db_path))) == sorted(SECRETS) and _tokens(db_path, SECRETS["word"]) == 1
    vp = people["qavp"]
    years_later(people)
    reader = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)  # another window, open throughout
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM complaints WHERE id = ?", (c["id"],)).fetchone()[0] == 1
    ends = threading.Timer(1.0, lambda: reader.execute("COMMIT"))  # its read ends while the checkpoint waits
    ends.start()
    try:
        row = retention.destroy(vp, c["id"], PASSWORDS["qavp"], "保存期满", username="qavp")
    finally:
        ends.join()
    assert row["wal_cleared"] and row["notice"] is None
    wal = db_path.with_name(db_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # truncated, with both connections still open
    assert _secrets_in(_raw(db_path)) == []
    assert _tokens(db_path, SECRETS["word"]) == 0
    assert reader.execute("SELECT count(*) FROM complaints WHERE id = ?", (c["id"],)).fetchone()[0] == 0
    reader.close()
    assert verify(vp.db) == []


def test_a_reader_that_blocks_the_checkpoint_is_named_and_the_next_open_finishes_it(people, db_path, monkeypatch):
    from qa_desk.store.db import connect

    c = _archived_with_patient_data(people)
    vp = people["qavp"]
    years_later(people)
    monkeypatch.setattr(retention, "CHECKPOINT_WAIT_S", 0.3)
    reader = sqlite3.connect(db_path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM complaints").fetchone()  # holds its snapshot past the wait
    row = retention.destroy(vp, c["id"], PASSWORDS["qavp"], "保存期满", username="qavp")
    assert row["wal_cleared"] is False and row["number"] == c["number"]
    zh, en = row["notice"]
    assert "another program or window is reading" in en and "next time the database is opened" in en
    assert "另一个程序或窗口正在读取" in zh
    marker = retention.pending_marker(db_path)
    assert marker.exists()  # outside the file: working state, not a record
    assert _secrets_in(_raw(db_path))  # the reader's snapshot still needs the old pages: they are still there
    assert retention.finish_pending(vp.db, wait_s=0.1) is False and marker.exists()  # still blocked
    reader.execute("COMMIT")
    reader.close()
    again = connect(db_path)  # the next open
    assert retention.finish_pending(again) is True and not marker.exists()
    assert _secrets_in(_raw(db_path)) == [] and _tokens(db_path, SECRETS["word"]) == 0
    assert retention.finish_pending(again) is None  # nothing pending any more
    assert verify(again) == []
