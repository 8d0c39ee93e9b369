"""Hostile input: random and adversarial values through the core services. Every call either succeeds or is
refused with the domain error (never another exception), and verify passes after every run."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa_desk.core import intake, listing, users
from qa_desk.core import settings as app_settings
from qa_desk.core.clock import FixedClock
from qa_desk.core.database import open_database
from qa_desk.core.errors import DomainError
from qa_desk.core.session import SYSTEM, Session
from qa_desk.core.triage import TriageInput
from qa_desk.core.verify import verify
from qa_desk.documents import forms, importer, register
from tests.conftest import add_user

CST = timezone(timedelta(hours=8))
NASTY = ["'; DROP TABLE complaints; --", "\" OR 1=1 --", "=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "@SUM(1)",
         "\u202eRTL override\u202c", "مرحبا بالعالم", "שלום", "😀🧪💊", "\x00\x01\x07\x1b[31m", "\ud7ff\ue000\uffff",
         "A" * 100_000, "破损" * 5000, "NULL", "None", "\n\r\t", " ", "", "%s%s%n", "{seq}{year}", "../../etc/passwd"]
texts = st.one_of(st.none(), st.sampled_from(NASTY), st.text(max_size=300),
                  st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=("Cs",)),
                          max_size=60))
when = st.one_of(st.none(), st.sampled_from(NASTY),
                 st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                              timezones=st.sampled_from([CST, UTC, timezone(timedelta(hours=-11))])),
                 st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)))  # naive
numbers = st.one_of(st.none(), st.sampled_from(NASTY), st.floats(allow_nan=True, allow_infinity=True),
                    st.integers(min_value=-(10**30), max_value=10**30))


def _world():
    """A fresh file per example: one run's damage can never hide behind another's."""
    folder = Path(tempfile.mkdtemp(prefix="qa-desk-hostile-"))
    clock = FixedClock(datetime(2026, 9, 28, 9, 0, tzinfo=CST))
    db = open_database(folder / "h.sqlite3", clock=clock).db
    base = Session(db, clock=clock)
    users.create_user(base.as_user(SYSTEM), "admin", "管理员", ["admin"], "admin-pass-1")
    admin = users.login(base, "admin", "admin-pass-1")
    insp = add_user(admin, "inspector", "张伟", ["inspector"], "insp-pass-1")
    return db, admin, insp


def _tolerated(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except DomainError as exc:
        assert exc.message("zh_CN") and exc.message("en")  # a refusal always says what is wrong, in both languages
        return None


drafts = st.builds(
    intake.ComplaintDraft, received_at=when, channel=st.one_of(texts, st.sampled_from(["phone", "email", "letter"])),
    complainant_type=st.one_of(texts, st.just("hospital")), complainant_name=texts, complainant_org=texts,
    phone=texts, address=texts, email=texts, anonymous=st.booleans(), product_name=texts, strength=texts,
    package_form=texts, batch_no=texts, mfg_date=st.one_of(texts, st.dates().map(str)),
    expiry_date=st.one_of(texts, st.dates().map(str)), quantity=numbers, unit=texts, purchase_date=texts,
    storage_use=texts, description=texts, request=texts, adverse_event=st.booleans(), acknowledged_at=when,
    ack_method=st.one_of(texts, st.just("phone")),
    triage=st.one_of(st.none(), st.builds(TriageInput, nature=st.one_of(texts, st.just("quality")),
                                          category=st.one_of(texts, st.just("quality_defect")),
                                          defect_type=st.one_of(texts, st.just("closure_broken")),
                                          reportability_rationale=texts)),
    attachments=st.lists(st.tuples(st.one_of(st.sampled_from(NASTY), st.text(max_size=40)),
                                   st.binary(max_size=2000)), max_size=2))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(items=st.lists(drafts, min_size=1, max_size=4), search=texts, login=st.tuples(texts, texts),
       setting=st.tuples(st.sampled_from(sorted(app_settings.SETTINGS)), st.one_of(texts, numbers, st.booleans())))
def test_random_and_adversarial_values_are_stored_or_refused_and_verify_passes(items, search, login, setting):
    db, admin, insp = _world()
    try:
        made = [c for c in (_tolerated(intake.register, insp, draft) for draft in items) if c]
        out = Path(tempfile.mkdtemp(prefix="qa-desk-hostile-out-"))
        _tolerated(register.export, insp, out / "r.xlsx")  # what was stored can always be exported ...
        for c in made:
            _tolerated(forms.print_complaint, insp, c["id"], "receipt", out / "r.pdf")  # ... and printed or refused
        f = listing.TriageFilter(text=search, product=search)
        _tolerated(listing.count, insp.db, f, user_id=None, now=insp.now())
        _tolerated(users.login, Session(db, clock=insp.clock), login[0] or "", login[1] or "")
        _tolerated(app_settings.put_many, admin, {setting[0]: setting[1]})
        assert verify(db) == []
    finally:
        db.conn.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=st.lists(st.lists(st.one_of(texts, numbers, when), min_size=1, max_size=6), min_size=1, max_size=8))
def test_random_ledgers_import_or_are_refused_row_by_row(cells):
    db, _, insp = _world()
    try:
        folder = Path(tempfile.mkdtemp(prefix="qa-desk-ledger-"))
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.append(["接收日期", "产品名称", "投诉内容摘要", "投诉编号", "批号", "数量"])
        for row in cells:
            ws.append([_xlsx_safe(v) for v in row])
        path = folder / "random.xlsx"
        wb.save(path)
        report = _tolerated(importer.dry_run, insp, path)
        if report is not None and not report.errors:
            _tolerated(importer.run, insp, path)
        assert verify(db) == []
    finally:
        db.conn.close()


def _xlsx_safe(value):
    """openpyxl itself refuses control characters and aware datetimes; the file a user brings cannot hold them."""
    if isinstance(value, str):
        return "".join(ch for ch in value if (ch >= " " or ch in "\t\n\r") and ch not in "\ufffe\uffff")[:32_000]
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    return value


def test_adversarial_text_that_passes_the_rules_is_stored_exactly(people):
    from tests import flows

    stored, refused = 0, 0
    for text in NASTY:
        try:
            c = flows.registered(people, description=text or None, complainant_name=text[:50] or "陈医生")
        except DomainError as exc:
            assert exc.problems, "a refusal names the field and what to do"
            refused += 1
            continue
        row = people["inspector"].db.conn.execute("SELECT description, complainant_name FROM complaints WHERE id = ?",
                                                  (c["id"],)).fetchone()
        assert row[0] == text and row[1] == (text[:50] or "陈医生")
        stored += 1
    assert stored >= 10 and refused >= 1  # SQL, formulas, RTL, emoji are data; empty or huge text is refused
    assert verify(people["admin"].db) == []


def _ledger(path: Path, rows: list[list], *, title: str | None = None, merge: str | None = None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    for r in rows:
        ws.append(r)
    if merge:
        ws.merge_cells(merge)
    wb.save(path)
    return path


HEADER = ["接收日期", "产品名称", "投诉内容摘要", "投诉编号", "投诉渠道", "投诉人"]


def test_structurally_broken_ledgers_are_refused_clearly(people, tmp_path):
    import pytest

    s = people["inspector"]
    ole = tmp_path / "protected.xlsx"  # Excel saves a password-protected workbook as an OLE compound file
    ole.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4000)
    with pytest.raises(DomainError, match="password protected"):
        importer.dry_run(s, ole)
    formulas = _ledger(tmp_path / "formulas.xlsx", [HEADER, ["2026-03-01 09:30", "泡腾片", "=A2&\"受潮\"", "F-1", "电话", "某某医院"]])
    with pytest.raises(DomainError, match="C2") as err:
        importer.dry_run(s, formulas)
    assert "公式" in err.value.message("zh_CN")
    typed = _ledger(tmp_path / "types.xlsx", [HEADER, ["昨天", 42, None, "T-1"]])
    report = importer.dry_run(s, typed)
    assert report.errors and {p.problem.field for r in report.rows for p in r.problems} >= {"received"}


def test_a_title_row_merged_above_the_header_is_skipped(people, tmp_path):
    path = _ledger(tmp_path / "titled.xlsx", [HEADER, ["2026-03-01 09:30", "维生素C泡腾片", "受潮结块", "OLD-1", "电话", "某某医院"]],
                   title="用户投诉登记台帐（2026 年）", merge="A1:D1")
    report = importer.dry_run(people["inspector"], path)
    assert not report.errors and [r.action for r in report.rows] == ["create"]


def test_a_hundred_thousand_empty_rows_are_not_read_one_by_one(people, tmp_path):
    import time

    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADER)
    ws.append(["2026-03-01 09:30", "维生素C泡腾片", "受潮结块", "OLD-1", "电话", "某某医院"])
    for _ in range(100_000):
        ws.append([" ", None, "", None, None, None])
    path = tmp_path / "empty-rows.xlsx"
    wb.save(path)
    started = time.perf_counter()
    report = importer.dry_run(people["inspector"], path)
    assert [r.action for r in report.rows] == ["create"] and time.perf_counter() - started < 20
