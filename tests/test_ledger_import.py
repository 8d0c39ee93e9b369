"""Importing real old ledgers (issue 13): ledgers built here as offices type them; for each, the dry run's report
and the database after the real run are asserted row by row, and the run does exactly what the dry run said."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

import pytest
from openpyxl import Workbook

from qa_desk.core import intake, privacy
from qa_desk.core import ledger_import as L
from qa_desk.core.errors import DomainError
from qa_desk.core.typed_values import DateOrder
from qa_desk.core.verify import check_history, verify
from qa_desk.documents import importer
from tests import flows
from tests.conftest import count_rows


def both(session, path, imap=None):
    """The dry run, then the import; they must agree row by row (numbers included)."""
    dry = importer.dry_run(session, path, imap)
    assert not dry.errors, dry.lines("en")
    done = importer.run(session, path, imap)
    assert [r.row for r in dry.rows] == [r.row for r in done.rows]
    for a, b in zip(dry.rows, done.rows, strict=True):
        assert a.same_as(b), (a, b)
    assert verify(session.db) == []
    return dry


def complaint(session, number: str) -> dict:
    return dict(session.db.conn.execute("SELECT * FROM complaints WHERE number = ?", (number,)).fetchone())


def xlsx(path, rows, merge: str | None = None):
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    if merge:
        ws.merge_cells(merge)
    wb.save(path)
    return path


HEADER = ["序号", "投诉编号", "投诉日期", "投诉渠道", "投诉单位/投诉人", "联系电话", "产品名称", "批号", "生产日期", "有效期至",
          "数量", "投诉内容", "严重程度分类", "处理结果", "处理人", "答复日期", "结案日期", "备注"]


def office_ledger(tmp_path):
    """An office's 2025 ledger: a merged title, mixed dates (年月日, full-width, slashes, dots, compact, a real
    date cell), a blank row, people and organisations, closed and open rows, an unmapped remark, a totals row."""
    return xlsx(tmp_path / "2025台帐.xlsx", [
        ["2025年用户投诉登记台帐"],
        HEADER,
        [1, "TS-2025-001", "2025年3月18日", "电话", "张女士", "13800000000", "阿莫西林胶囊", " b2501 ", "2024.10.01",
         "2026/10/01", "2980 盒", "胶囊破损", "Class III", "已更换", "李四", "2025-03-25", "2025.04.20", "客户很急"],
        [2, "TS-2025-002", "２０２５年４月２日 14:05", "信函", "市第一人民医院", None, "头孢克肟片", "B2502", None, None,
         "5盒", "铝塑板漏液", "I", None, None, None, None, None],
        [None] * 18,
        [3, None, "20250501", "电子邮件", "匿名", None, "维生素C泡腾片", "B2503", None, None, None, "变色", "IV", None,
         None, None, None, "无"],
        [4, "TS-2025-004", datetime(2025, 6, 1, 9, 30), "电话", "北京同仁堂药店", None, "板蓝根颗粒", "B2504", None,
         None, "3 袋", "受潮结块", "II", "退货", "王五", "2025年6月10日", "2025年6月30日", None],
        ["合计", None, None, None, None, None, None, None, None, None, 2988, None, None, None, None, None, None, None],
    ], merge="A1:R1")


def test_office_ledger_dry_run_names_every_row_and_the_run_matches(people, tmp_path):
    s = people["inspector"]
    path = office_ledger(tmp_path)
    dry = importer.dry_run(s, path)
    assert [(r.row, r.action, r.number, r.historical) for r in dry.rows] == [
        (3, L.Action.CREATE, "TS-2025-001", True), (4, L.Action.CREATE, "TS-2025-002", False),
        (6, L.Action.CREATE, "TS-2025-0001", False), (7, L.Action.CREATE, "TS-2025-004", True)]
    assert [(x.first, x.last, x.reason) for x in dry.skipped] == [(1, 1, "title"), (5, 5, "blank"), (8, 8, "totals")]
    assert (dry.closed, dry.open) == (2, 2)
    assert [(c.header, c.use) for c in dry.columns if c.use is not L.Use.RECOGNISED] == [
        ("序号", L.Use.EXTRA), ("备注", L.Use.EXTRA)]
    lines = dry.lines("zh_CN")
    assert "第 8 行：合计/小计行（A8：合计），已跳过" in lines and "第 3 行：将新建 TS-2025-001（已结案的历史记录）" in lines
    assert "“备注”（R2）：作为导入的附加字段保留在记录中" in lines
    both(s, path)
    one = complaint(s, "TS-2025-001")
    assert one["received_at"] == "2025-03-18T00:00:00+08:00" and one["status"] == "closed"
    assert one["closed_at"] == "2025-04-20T00:00:00+08:00" and one["seq"] < 0 and one["import_row"] == 3
    assert (one["complainant_name"], one["complainant_org"]) == ("张女士", None)  # a person: masked like any other
    assert (one["batch_no"], one["mfg_date"], one["expiry_date"]) == ("B2501", "2024-10-01", "2026-10-01")
    assert (one["quantity"], one["unit"], one["class"], one["priority"]) == (2980.0, "盒", "III", "medium")
    assert (one["conclusion_note"], one["legacy_handler"]) == ("已更换", "李四")
    assert json.loads(one["imported_extra"]) == [["序号", "1"], ["备注", "客户很急"]]
    assert s.db.conn.execute("SELECT count(*) FROM deadlines WHERE complaint_id = ?", (one["id"],)).fetchone()[0] == 0
    reply = s.db.conn.execute("SELECT replied_at, final FROM replies WHERE complaint_id = ?", (one["id"],)).fetchone()
    assert tuple(reply) == ("2025-03-25T00:00:00+08:00", 1)
    two = complaint(s, "TS-2025-002")
    assert two["received_at"] == "2025-04-02T14:05:00+08:00" and two["status"] == "registered"
    assert (two["complainant_org"], two["complainant_name"], two["class"]) == ("市第一人民医院", None, "I")
    assert s.db.conn.execute("SELECT count(*) FROM deadlines WHERE complaint_id = ?", (two["id"],)).fetchone()[0] > 0
    three = complaint(s, "TS-2025-0001")  # no ledger number: the app's own, from its counter
    assert three["anonymous"] == 1 and three["seq"] == 1 and three["received_at"].startswith("2025-05-01")
    four = complaint(s, "TS-2025-004")
    assert four["complainant_org"] == "北京同仁堂药店" and four["received_at"] == "2025-06-01T09:30:00+08:00"
    origin = L.origin(s.db, one)
    assert origin.filename == "2025台帐.xlsx" and origin.row == 3 and "2025台帐.xlsx" in origin.mark("en")
    entry = s.db.conn.execute("SELECT action, reason FROM audit_log WHERE tbl = 'complaints' AND record_id = ? AND "
                              "op = 'insert'", (one["id"],)).fetchone()
    assert entry[0] == "import" and L.Plan and dry.sha256 in entry[1]
    record = s.db.conn.execute("SELECT filename, created, closed, open FROM ledger_imports").fetchone()
    assert tuple(record) == ("2025台帐.xlsx", 4, 2, 2)


def test_closed_history_is_never_pinned_and_opens_no_deadline(people, tmp_path):
    from qa_desk.core import listing

    s = people["inspector"]
    path = xlsx(tmp_path / "old.xlsx", [
        ["投诉编号", "投诉日期", "投诉渠道", "投诉人", "产品名称", "投诉内容", "严重程度分类", "结案日期"],
        ["OLD-1", "2024-01-05", "电话", "某某医院", "阿莫西林胶囊", "异物", "I", "2024-02-01"],
        ["OLD-2", "2024-01-06", "电话", "某某医院", "阿莫西林胶囊", "异物", "I", None]])
    both(s, path)
    pinned = s.db.conn.execute(f"SELECT number FROM complaints c WHERE {listing.PINNED_COND}").fetchall()
    assert [r[0] for r in pinned] == ["OLD-2"]  # the open Class I is pinned; the closed history is not
    closed = complaint(s, "OLD-1")
    assert s.db.conn.execute("SELECT count(*) FROM deadlines WHERE complaint_id = ?", (closed["id"],)).fetchone()[0] == 0


def test_all_open_option_keeps_the_closed_dates_as_extra_fields(people, tmp_path):
    s = people["inspector"]
    path = xlsx(tmp_path / "old.xlsx", [
        ["投诉日期", "投诉渠道", "投诉人", "产品名称", "投诉内容", "结案日期", "答复日期"],
        ["2024-01-05", "电话", "某某医院", "阿莫西林胶囊", "异物", "2024-02-01", "2024-01-20"]])
    dry = both(s, path, L.ImportMap(all_open=True))
    assert (dry.closed, dry.open) == (0, 1)
    c = complaint(s, "TS-2024-0001")
    assert c["status"] == "registered" and c["closed_at"] is None
    assert json.loads(c["imported_extra"]) == [["结案日期", "2024-02-01"], ["答复日期", "2024-01-20"]]


def test_intake_rules_apply_to_every_imported_row(people, tmp_path):
    s = people["inspector"]
    path = xlsx(tmp_path / "bad.xlsx", [
        ["投诉日期", "投诉渠道", "投诉人", "产品名称", "批号", "投诉内容", "生产日期", "有效期至"],
        ["2025-01-05", "电话", "某某医院", "阿莫西林胶囊", "B" * 15_000, "异物", None, None],
        ["2025-01-05", "电话", "某某医院", "药" * 4_000, "B1", "异物", None, None],
        ["2025-01-05", "电话", "某某医院", "阿莫西林\u202e胶囊", "B1", "异物", None, None],
        ["2025-01-05", "电话", "某某医院", "阿莫西林胶囊", "B1", "异物", "2026-01-01", "2025-12-31"],
        ["2025年2月30日", "电话", "某某医院", "阿莫西林胶囊", "B1", "异物", None, None],
        ["2025-01-05", "电话", None, "阿莫西林胶囊", "B1", None, None, None]])
    dry = importer.dry_run(s, path)
    assert [r.action for r in dry.rows] == [L.Action.ERROR] * 6
    texts = [[p.text("en") for p in r.problems] for r in dry.rows]
    assert any(t.startswith("E2 ") and "batch number" in t for t in texts[0]), texts[0]
    assert any(t.startswith("D3 ") and "too long (4000 characters)" in t for t in texts[1]), texts[1]
    assert any(t.startswith("D4 ") and "control characters" in t for t in texts[2]), texts[2]
    assert any("manufacturing date must not be after the expiry date" in t for t in texts[3]), texts[3]
    assert any(t.startswith("A6 ") and "2025年2月30日" in t for t in texts[4]), texts[4]
    assert any("complainant" in t for t in texts[5]) and any(t.startswith("F7 ") for t in texts[5]), texts[5]
    before = count_rows(s, "audit_log")
    with pytest.raises(L.ImportRefused) as err:
        importer.run(s, path)
    assert len(err.value.plan.errors) == 6 and "row 2:" in err.value.message("en")
    assert count_rows(s, "complaints") == 0 and count_rows(s, "audit_log") == before
    groups = dict(dry.groups("en"))
    assert any(rows == [6] for title, rows in groups.items() if "dates" in title), groups


def test_legacy_numbers_colliding_with_existing_ones_are_reported_with_the_choices(people, tmp_path):
    s = people["inspector"]
    mine = flows.registered(people)  # TS-2026-0001, the app's own
    path = xlsx(tmp_path / "old.xlsx", [
        ["投诉编号", "接收日期", "投诉渠道", "投诉人", "产品名称", "投诉内容"],
        ["TS-2026-0001", "2026-01-05", "电话", "某某医院", "阿莫西林胶囊", "异物"],
        ["TS-2026-9999", "2026-01-06", "电话", "某某医院", "阿莫西林胶囊", "异物"]])
    dry = importer.dry_run(s, path)
    assert [r.action for r in dry.rows] == [L.Action.ERROR, L.Action.CREATE]
    text = dry.rows[0].problems[0].text("en")
    assert text.startswith("A2 ") and "--on-collision renumber" in text and "--on-collision skip" in text
    with pytest.raises(L.ImportRefused):
        importer.run(s, path)  # never a traceback (the first release died on UNIQUE complaints.year, seq)
    skipped = importer.dry_run(s, path, L.ImportMap(on_collision=L.Collision.SKIP))
    assert [r.action for r in skipped.rows] == [L.Action.SKIP, L.Action.CREATE]
    both(s, path, L.ImportMap(on_collision=L.Collision.RENUMBER))
    renumbered = s.db.conn.execute("SELECT number, legacy_number, seq FROM complaints WHERE legacy_number IS NOT NULL"
                                   ).fetchone()
    assert tuple(renumbered) == ("TS-2026-0002", "TS-2026-0001", 2)
    assert complaint(s, "TS-2026-9999")["seq"] < 0
    nxt = intake.register(s, flows.draft(s))
    assert nxt["number"] == "TS-2026-0003"  # the legacy TS-2026-9999 did not move the counter to 10000
    assert mine["number"] == "TS-2026-0001" and verify(s.db) == []
    again = importer.dry_run(s, path, L.ImportMap(on_collision=L.Collision.RENUMBER))
    assert [r.action for r in again.rows] == [L.Action.SKIP, L.Action.SKIP]  # the same file twice: nothing new


def test_a_legacy_number_in_the_apps_own_pattern_is_passed_over_by_the_counter(people, tmp_path):
    s = people["inspector"]
    path = xlsx(tmp_path / "old.xlsx", [
        ["投诉编号", "接收日期", "投诉渠道", "投诉人", "产品名称", "投诉内容"],
        ["TS-2026-0001", "2026-01-05", "电话", "某某医院", "阿莫西林胶囊", "异物"],
        [None, "2026-01-06", "电话", "某某医院", "阿莫西林胶囊", "异物"]])
    dry = both(s, path)
    assert [r.number for r in dry.rows] == ["TS-2026-0001", "TS-2026-0002"]  # the counter skips the held number
    assert intake.register(s, flows.draft(s))["number"] == "TS-2026-0003"
    assert verify(s.db) == []
    # a gap the app made is still a gap: a legacy number excuses only its own slot
    s.db.conn.execute("UPDATE number_sequences SET last_seq = 4")
    assert [f.en for f in verify(s.db) if f.kind == "numbering"]


def test_value_maps_and_labels_as_targets(people, tmp_path):
    s = people["inspector"]
    path = xlsx(tmp_path / "other.xlsx", [
        ["Date", "Source", "Customer", "Item", "Problem", "Severity", "State", "Closed on"],
        ["2025-03-01", "Hotline", "City Hospital", "Aspirin", "Broken tablets", "Class I", "Terminated", "2025-04-01"],
        ["2025-03-02", "Hotline", "City Hospital", "Aspirin", "Broken tablets", "Class II", "Open", None]])
    with pytest.raises(DomainError) as err:  # "Date" could be the receipt or the closure: asked, not guessed
        importer.dry_run(s, path)
    assert err.value.code == "bad_layout" and "'Date' (A1)" in err.value.message("en")
    imap = L.ImportMap(columns={"Date": "接收日期", "Source": "Channel", "State": "status"},
                       values={"channel": {"Hotline": "电话"}, "status": {"Terminated": "closed"}})
    dry = both(s, path, imap)
    assert [(r.status, r.historical) for r in dry.rows] == [("closed", True), ("registered", False)]
    first = complaint(s, "TS-2025-0001")
    assert (first["channel"], first["class"], first["complainant_org"]) == ("phone", "I", "City Hospital")
    saved = tmp_path / "map.json"
    importer.save_map(imap, saved)
    assert importer.load_map(saved) == imap


def test_unknown_values_suggest_a_value_map(people, tmp_path):
    s = people["inspector"]
    path = xlsx(tmp_path / "x.xlsx", [["投诉日期", "投诉渠道", "投诉人", "产品名称", "投诉内容", "状态"],
                                      ["2025-03-01", "信鸽", "某某医院", "阿莫西林胶囊", "破损", "Terminated"]])
    dry = importer.dry_run(s, path)
    texts = [p.text("en") for p in dry.rows[0].problems]
    assert any(t.startswith("B2 ") and "'信鸽'" in t and "value map" in t for t in texts), texts
    assert any(t.startswith("F2 ") and "'Terminated'" in t for t in texts), texts
    with pytest.raises(DomainError) as err:
        importer.dry_run(s, path, L.ImportMap(values={"status": {"Terminated": "finished"}}))
    assert err.value.code == "bad_map"


def test_ambiguous_category_header_is_asked_unless_the_nature_header_is_there(people, tmp_path):
    s = people["inspector"]
    path = xlsx(tmp_path / "x.xlsx", [["投诉日期", "投诉渠道", "投诉人", "产品名称", "投诉内容", "投诉类别"],
                                      ["2025-03-01", "电话", "某某医院", "阿莫西林胶囊", "破损", "质量投诉"]])
    with pytest.raises(DomainError) as err:
        importer.dry_run(s, path)
    assert "“投诉类别”（F1）可能是“投诉性质”或“投诉类别”" in err.value.message("zh_CN")
    dry = both(s, path, L.ImportMap(columns={"投诉类别": "投诉性质"}))
    assert dry.rows[0].values["nature"] == "quality"


def test_us_csv_with_month_day_dates_and_text_quantities(people, tmp_path):
    s = people["inspector"]
    path = tmp_path / "distributor.csv"
    path.write_text("Complaint no.,Date received,Channel,Customer,Product,Lot,Exp date,Qty,Description\r\n"
                    "D-1,04/02/2025,Phone,Ms Smith,Aspirin 100mg,l123,12/31/2026,2980 bottles,Cap loose\r\n"
                    "D-2,4/3/2025 2:05 PM,Phone,Acme Pharmacy Ltd,Aspirin 100mg,L124,1/31/2027,\"1,200 bottles\",Leaking\r\n",
                    encoding="utf-8")
    dry = importer.dry_run(s, path)
    assert all(p.group.startswith("date:") for r in dry.errors for p in r.problems)
    assert "--date-order" in dry.rows[0].problems[0].text("en")  # 04/02/2025 is never guessed
    dry = both(s, path, L.ImportMap(date_order=DateOrder.MDY, columns={"Qty": "quantity"}))
    d1, d2 = complaint(s, "D-1"), complaint(s, "D-2")
    assert (d1["received_at"], d1["expiry_date"], d1["batch_no"]) == ("2025-04-02T00:00:00+08:00", "2026-12-31", "L123")
    assert (d1["quantity"], d1["unit"], d1["complainant_name"]) == (2980.0, "bottles", "Ms Smith")
    assert d2["complainant_org"] == "Acme Pharmacy Ltd" and d2["received_at"] == "2025-04-03T14:05:00+08:00"
    assert d2["quantity"] == 1200.0


def test_person_names_are_stored_as_persons_and_masked(people, tmp_path):
    s = people["inspector"]
    names = ["张女士", "李明", "王小二", "Mr Brown", "国药控股", "某某医院", "XYZ Pharmacy Ltd", "匿名"]
    path = xlsx(tmp_path / "p.xlsx", [["投诉日期", "投诉渠道", "投诉单位/投诉人", "产品名称", "投诉内容"]] +
                [["2025-03-01", "电话", n, "阿莫西林胶囊", "破损"] for n in names])
    dry = both(s, path)
    stored = [(r.values["complainant_name"], r.values["complainant_org"], r.values["anonymous"]) for r in dry.rows]
    assert stored == [("张女士", None, 0), ("李明", None, 0), ("王小二", None, 0), ("Mr Brown", None, 0),
                      (None, "国药控股", 0), (None, "某某医院", 0), (None, "XYZ Pharmacy Ltd", 0), (None, None, 1)]
    assert "complainant_name" in privacy.COMPLAINANT_FIELDS  # so the persons are masked like any other


def test_masked_export_is_refused_naming_the_cell(people, tmp_path):
    from qa_desk.documents import register

    s = people["inspector"]
    flows.registered(people, complainant_org=None)  # a person only: *** in a masked export
    register.export(s, tmp_path / "masked.xlsx", lang="en")
    dry = importer.dry_run(people["qahead"], tmp_path / "masked.xlsx")
    assert dry.rows[0].action is L.Action.SKIP or any("masked (***)" in p.text("en") for p in dry.rows[0].problems)


def test_verify_holds_closed_records_to_their_signatures_or_their_import(people, tmp_path):
    s = people["inspector"]
    path = xlsx(tmp_path / "old.xlsx", [["投诉编号", "投诉日期", "投诉渠道", "投诉人", "产品名称", "投诉内容", "结案日期"],
                                        ["OLD-1", "2024-01-05", "电话", "某某医院", "阿莫西林胶囊", "异物", "2024-02-01"]])
    both(s, path)
    assert check_history(s.db) == []
    mine = flows.registered(people)
    s.db.conn.execute("UPDATE complaints SET status = 'closed' WHERE id = ?", (mine["id"],))
    found = check_history(s.db)
    assert len(found) == 1 and "review" in found[0].en
    s.db.conn.execute("UPDATE complaints SET imported_from = 'x' WHERE id = ?", (mine["id"],))
    assert "registered in the app" in check_history(s.db)[0].en


def test_export_import_export_round_trip_keeps_long_texts_every_value_and_closed_records(people, tmp_path, clock):
    from openpyxl import load_workbook

    from qa_desk.core import users
    from qa_desk.core.database import open_database
    from qa_desk.core.session import SYSTEM, Session
    from qa_desk.documents import register
    from tests.conftest import add_user

    s = people["inspector"]
    pol = s.policy
    channels, satisfaction = pol.codes("channel"), pol.codes("satisfaction")
    rows = [["投诉编号", "接收日期", "投诉渠道", "投诉人", "产品名称", "规格", "批号", "有效期至", "数量", "计量单位",
             "投诉内容摘要", "投诉性质", "投诉类别", "严重程度分类", "优先级", "状态", "处理人", "根本原因", "调查结论",
             "市场措施", "答复日期", "满意度", "结案日期"]]
    long_text = "药片表面有黑色斑点，" * 60  # 600 characters
    for i in range(12):
        closed = i % 2 == 0
        status = "closed" if closed else ["registered", "acknowledged", "triaged", "investigating", "under_review",
                                          "reopened"][i // 2]
        rows.append([f"OLD-{i + 1}", f"2025-0{1 + i % 9}-1{i % 9} 10:0{i % 9}", pol.label("channel", channels[i % len(channels)], "zh"),
                     "市医院 / 张女士" if i % 3 else "李明", "阿莫西林胶囊", "0.25g", f"B{i}", "2027-01-31", i + 1, "盒",
                     long_text + str(i), pol.label("nature", pol.codes("nature")[i % 4], "zh"),
                     pol.label("category", pol.codes("category")[i % 6], "zh"), ["I", "II", "III", "IV", "V"][i % 5],
                     pol.label("priority", pol.codes("priority")[i % 3], "zh"), pol.label("status", status, "zh"),
                     "李四", "原因" * 300, pol.label("conclusion", pol.codes("conclusion")[i % 5], "zh"),
                     pol.label("market_action", pol.codes("market_action")[i % 4], "zh"),
                     "2025-10-01" if closed else None,
                     pol.label("satisfaction", satisfaction[i % 3], "zh") if closed else None,
                     "2025-10-02" if closed else None])
    xlsx(tmp_path / "ledger.xlsx", rows)
    both(s, tmp_path / "ledger.xlsx")
    register.export(s, tmp_path / "a.xlsx", unmasked=True, lang="zh_CN")

    db = open_database(tmp_path / "empty.sqlite3", clock=clock).db
    base = Session(db, clock=clock)
    users.create_user(base.as_user(SYSTEM), "admin", "A", ["admin"], "admin-pass-1")
    other = add_user(users.login(base, "admin", "admin-pass-1"), "i", "I", ["inspector"], "insp-pass-1")
    plan = both(other, tmp_path / "a.xlsx")
    assert len(plan.to_create) == 12 and plan.closed == 6
    register.export(other, tmp_path / "b.xlsx", unmasked=True, lang="zh_CN")

    def table(p):
        return [list(r) for r in load_workbook(p, read_only=True).worksheets[0].iter_rows(values_only=True)]

    a, b = table(tmp_path / "a.xlsx"), table(tmp_path / "b.xlsx")
    derived = [a[0].index("处理天数"), a[0].index("是否逾期")]
    assert [[v for j, v in enumerate(r) if j not in derived] for r in a] == \
        [[v for j, v in enumerate(r) if j not in derived] for r in b]
    assert any(isinstance(v, str) and len(v) > 600 for v in a[1])  # not cut at 200 characters


def test_cli_fields_dry_run_and_grouped_refusal(people, db_path, tmp_path):
    import os

    path = xlsx(tmp_path / "l.xlsx", [["投诉日期", "投诉渠道", "投诉人", "产品名称", "投诉内容"],
                                      ["04/02/2025", "电话", "某某医院", "阿莫西林胶囊", "破损"],
                                      ["05/02/2025", "电话", "某某医院", "阿莫西林胶囊", "破损"]])
    env = {**os.environ, "QA_DESK_PASSWORD": "insp-pass-1"}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "qa_desk", "--db", str(db_path), "--user", "inspector",
                               "--lang", "en", *map(str, args)], capture_output=True, text=True, env=env, timeout=120)

    fields = cli("import", "--fields")
    assert fields.returncode == 0 and "received          接收日期 / Received" in fields.stdout
    assert "2025年3月18日" in fields.stdout and "required" in fields.stdout
    dry = cli("import", path, "--dry-run")
    assert dry.returncode == 1 and "rows 2, 3 (2 rows)" in dry.stdout and "Traceback" not in dry.stderr
    refused = cli("import", path)
    assert refused.returncode == 2 and "nothing was imported" in refused.stderr
    done = cli("import", path, "--date-order", "dmy")
    assert done.returncode == 0 and "Imported: created 2 (0 closed history, 2 open)" in done.stdout, done.stdout
    assert count_rows(people["inspector"], "complaints") == 2


def test_the_readme_lists_every_field_as_import_fields_says():
    from pathlib import Path

    from qa_desk.core.policy import load_policy

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for key, zh, en, takes in L.fields_table("en", load_policy()):
        assert f"| `{key}` | {zh} | {en} | {takes.replace('|', '/')} |" in readme, key


def test_the_printed_receipt_record_carries_the_import_mark_and_the_ledgers_other_columns(people, tmp_path):
    from pypdf import PdfReader

    from qa_desk.documents import forms

    s = people["inspector"]
    both(s, office_ledger(tmp_path))
    c = complaint(s, "TS-2025-001")
    out = forms.print_complaint(s, c["id"], "receipt", tmp_path / "r.pdf", masked=False)
    text = "".join(p.extract_text() for p in PdfReader(str(out)).pages).replace("\n", "")
    assert "导入自 2025台帐.xlsx 第 3 行" in text and "李四" in text and "客户很急" in text
    masked = forms.print_complaint(s, c["id"], "receipt", tmp_path / "m.pdf", masked=True)
    text = "".join(p.extract_text() for p in PdfReader(str(masked)).pages).replace("\n", "")
    assert "备注" in text and "客户很急" not in text and "张女士" not in text
    mine = flows.registered(people)  # a record registered in the app has no import part
    plain = forms.print_complaint(s, mine["id"], "receipt", tmp_path / "p.pdf", masked=False)
    assert "导入的台帐记录" not in "".join(p.extract_text() for p in PdfReader(str(plain)).pages)
    assert L.extras(c, people["reception"]) == [("序号", "***"), ("备注", "***")]


def _limited(limit_bytes: int):
    def set_limit():
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
    return set_limit


def test_a_file_size_limit_during_an_import_or_an_export_is_one_clear_line(people, db_path, tmp_path):
    import os

    s = people["inspector"]
    rows = [["投诉日期", "投诉渠道", "投诉人", "产品名称", "投诉内容"]] + \
        [["2025-03-01", "电话", "某某医院", "阿莫西林胶囊", "破损" * 500] for _ in range(400)]
    path = xlsx(tmp_path / "big.xlsx", rows)
    flows.registered(people, description="胶囊破损" * 2000)
    before = count_rows(s, "audit_log")
    size = db_path.stat().st_size + (tmp_path / "qa.sqlite3-wal").stat().st_size
    env = {**os.environ, "QA_DESK_PASSWORD": "insp-pass-1"}

    def cli(*args, limit):
        return subprocess.run([sys.executable, "-m", "qa_desk", "--db", str(db_path), "--user", "inspector",
                               "--lang", "en", *map(str, args)], capture_output=True, text=True, env=env,
                              timeout=120, preexec_fn=_limited(limit))

    imported = cli("import", path, limit=size + 200_000)
    assert imported.returncode == 2 and "Traceback" not in imported.stderr, imported.stderr
    assert len(imported.stderr.strip().splitlines()) == 1 and "nothing was saved" in imported.stderr
    assert count_rows(s, "complaints") == 1  # the login is audited; nothing of the import is
    assert s.db.conn.execute("SELECT count(*) FROM audit_log WHERE id > ? AND action = 'import'", (before,)
                             ).fetchone()[0] == 0
    assert verify(s.db) == []


def test_a_full_disk_during_an_export_leaves_no_part_file_with_personal_data(people, tmp_path, monkeypatch):
    import errno

    from openpyxl import Workbook as RealWorkbook

    from qa_desk.documents import register

    flows.registered(people)

    real_save = RealWorkbook.save
    scratch = tmp_path / "scratch"
    scratch.mkdir()

    def full(self, filename):  # the disk fills half-way through the workbook
        real_save(self, scratch / "whole.xlsx")  # (the write-only sheets are consumed, as a real failure would)
        with open(filename, "wb") as f:
            f.write("PK\x03\x04 陈医生 0571-88000000".encode())
        raise OSError(errno.ENOSPC, "No space left on device", str(filename))

    monkeypatch.setattr(RealWorkbook, "save", full)
    with pytest.raises(DomainError) as err:
        register.export(people["inspector"], tmp_path / "r.xlsx", unmasked=True)
    assert "No space left on device" in err.value.message("en") and "nothing was saved" in err.value.message("en")
    assert not list(tmp_path.glob("r.xlsx*"))  # no .part with personal data left behind
    assert people["inspector"].db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'export'"
                                               ).fetchone()[0] == 0
