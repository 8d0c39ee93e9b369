"""Bad input is refused with a message in zh and en that names the field, and nothing is written."""

from __future__ import annotations

from datetime import timedelta

import pytest

from qa_desk.core import intake
from qa_desk.core.errors import DomainError
from qa_desk.store.audit import changes
from tests import flows
from tests.conftest import count_rows


def _now(people):
    return people["inspector"].now()


BAD = [
    ("future receipt", lambda n: {"received_at": n + timedelta(days=1)}, "received_at"),
    ("no receipt time", lambda n: {"received_at": None}, "received_at"),
    ("unknown channel", lambda n: {"channel": "pigeon"}, "channel"),
    ("no channel", lambda n: {"channel": None}, "channel"),
    ("manufactured after expiry", lambda n: {"mfg_date": "2027-02-01", "expiry_date": "2027-01-01"}, "expiry_date"),
    ("manufactured after receipt", lambda n: {"mfg_date": "2026-12-01", "expiry_date": "2028-01-01"}, "mfg_date"),
    ("not a date", lambda n: {"expiry_date": "31/12/2027"}, "expiry_date"),
    ("date out of range", lambda n: {"expiry_date": "9999-01-01"}, "expiry_date"),
    ("zero quantity", lambda n: {"quantity": 0}, "quantity"),
    ("negative quantity", lambda n: {"quantity": -3}, "quantity"),
    ("text quantity", lambda n: {"quantity": "two boxes"}, "quantity"),
    ("quantity without unit", lambda n: {"quantity": 2, "unit": None}, "unit"),
    ("no product", lambda n: {"product_name": "   "}, "product_name"),
    ("no description", lambda n: {"description": ""}, "description"),
    ("huge description", lambda n: {"description": "破" * 10_001}, "description"),
    ("control characters", lambda n: {"description": "abc\x00def"}, "description"),
    ("bidi override", lambda n: {"complainant_name": "\u202eevil"}, "complainant_name"),
    ("bad batch", lambda n: {"batch_no": "24;DROP TABLE complaints"}, "batch_no"),
    ("bad e-mail", lambda n: {"email": "not-an-address"}, "email"),
    ("bad phone", lambda n: {"phone": "call me"}, "phone"),
    ("nobody and not anonymous", lambda n: {"complainant_name": None, "complainant_org": None}, "complainant_name"),
    ("unknown complainant type", lambda n: {"complainant_type": "alien"}, "complainant_type"),
    ("bought after receipt", lambda n: {"purchase_date": "2026-12-30"}, "purchase_date"),
    ("class override without reason", lambda n: {"triage": flows.triage_input(severity_class="V")},
     "class_override_reason"),
    ("unknown defect type", lambda n: {"triage": flows.triage_input(defect_type="gremlins")}, "defect_type"),
    ("no investigation without reason", lambda n: {"triage": flows.triage_input(investigate=False)},
     "no_investigation_reason"),
    ("reportable without type", lambda n: {"triage": flows.triage_input(reportable=True)}, "report_type"),
    ("priority lowered silently", lambda n: {"triage": flows.triage_input(priority="low")}, "priority_reason"),
    ("adverse event but quality nature", lambda n: {"adverse_event": True, "triage": flows.triage_input()}, "nature"),
    ("out of scope without reason", lambda n: {"triage": flows.triage_input(in_scope=False)}, "scope_reason"),
    ("ack before receipt", lambda n: {"ack_method": "phone", "acknowledged_at": n - timedelta(days=3)},
     "acknowledged_at"),
]


@pytest.mark.parametrize(("name", "change", "field"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_refused_nothing_written(people, name, change, field):
    s = people["inspector"]
    before = [count_rows(s, t) for t in ("complaints", "audit_log", "deadlines", "number_sequences")]
    with pytest.raises(DomainError) as err:
        intake.register(s, flows.draft(s, **change(_now(people))))
    problems = err.value.problems
    assert field in {p.field for p in problems}, problems
    assert all(p.zh and p.en and p.zh != p.en for p in problems)
    assert "投诉未保存" in err.value.message("zh_CN") and "not saved" in err.value.message("en")
    assert [count_rows(s, t) for t in ("complaints", "audit_log", "deadlines", "number_sequences")] == before


def test_all_problems_listed_at_once(people):
    s = people["inspector"]
    with pytest.raises(DomainError) as err:
        intake.register(s, intake.ComplaintDraft())
    fields = {p.field for p in err.value.problems}
    assert {"received_at", "channel", "product_name", "description", "complainant_name"} <= fields


def test_batch_normalised_and_class_follows_defect(people):
    c = flows.triaged(people, batch_no=" ２４０１ab ")
    assert c["batch_no"] == "2401AB"
    assert (c["suggested_class"], c["class"], c["priority"]) == ("III", "III", "medium")


def test_override_with_reason_is_audited(people):
    c = flows.triaged(people, flows.triage_input(severity_class="II", class_override_reason="批量影响较大，升级"))
    assert c["class"] == "II" and c["suggested_class"] == "III" and c["priority"] == "high"
    entries = [dict(r) for r in people["inspector"].db.conn.execute(
        "SELECT op, field, old, new, tbl, reason FROM audit_log WHERE tbl='complaints' AND op='update' AND "
        "record_id=?", (c["id"],))]
    (entry, old, new), = [(e, o, n) for e in entries for f, o, n in changes(e) if f == "class"]
    assert (old, new, entry["reason"]) == (None, "II", "批量影响较大，升级")


def test_anonymous_complaint_owes_no_ack(people):
    c = flows.registered(people, anonymous=True, complainant_name=None, complainant_org=None)
    kinds = {r[0] for r in people["inspector"].db.conn.execute(
        "SELECT kind FROM deadlines WHERE complaint_id = ?", (c["id"],))}
    assert "acknowledge" not in kinds and "first_reply" not in kinds


def test_attachment_over_limit_refused(people):
    s = people["inspector"]
    big = b"x" * (20 * 1024 * 1024 + 1)
    with pytest.raises(DomainError) as err:
        intake.register(s, flows.draft(s, attachments=[("photo.jpg", big)]))
    assert err.value.problems[0].field == "attachments"
    c = intake.register(s, flows.draft(s, attachments=[("photo.jpg", b"\xff\xd8jpeg")]))
    row = s.db.conn.execute("SELECT sha256, size FROM attachments WHERE complaint_id=?", (c["id"],)).fetchone()
    assert row[1] == 6 and len(row[0]) == 64


def test_whole_numbers_as_people_type_them_and_labels_never_keys():
    from qa_desk.core import validation as V

    p: list = []
    assert [V.whole_number(v, "patient_age", p) for v in (67, 67.0, "67岁", "６７ 岁", "67 years", "", None)] == \
        [67, 67, 67, 67, 67, None, None] and p == []
    assert V.whole_number("六十七", "patient_age", p) is None and V.whole_number(131, "patient_age", p) is None
    assert len(p) == 2 and all("patient_age" not in x.zh and "patient_age" not in x.en for x in p)
    assert "年龄" in p[0].zh and "e.g. 67" in p[0].en
    assert V.label("physician_years") == ("从业年限", "years of practice")
