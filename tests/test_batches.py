"""The batch register (issue 16 item 1): typed and imported batches on real files, every write audited, refusals
per row in zh and en with row numbers, the wizard's lookup, units released per product-month and per batch, the
command line."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from qa_desk.core import batch_import as BI
from qa_desk.core import batches as B
from qa_desk.core.errors import DomainError
from qa_desk.core.verify import verify
from qa_desk.documents import importer
from qa_desk.store import schema
from tests.conftest import PASSWORDS

GOOD = {"product_name": "阿莫西林胶囊", "strength": "0.25g", "batch_no": "240105", "manufactured_on": "2024-01-05",
        "expires_on": "2026-01-04", "quantity_released": "120,000", "unit": "盒", "released_on": "2024-01-20"}


def audit(session, action: str | None = None) -> list[dict]:
    q = "SELECT * FROM audit_log WHERE tbl = 'batches'" + (" AND action = ?" if action else "") + " ORDER BY id"
    return [dict(r) for r in session.db.conn.execute(q, (action,) if action else ())]


# ------------------------------------------------------------------------------------------- schema and save


def test_schema_13_makes_the_table_analytics_reads(base):
    cols = {r[1]: r[2] for r in base.db.conn.execute("PRAGMA table_info(batches)")}
    assert list(cols) == ["id", "product_name", "strength", "batch_no", "manufactured_on", "expires_on",
                          "quantity_released", "unit", "released_on", "created_at", "created_by", "updated_at"]
    assert cols["quantity_released"] == "REAL"
    unique = [r for r in base.db.conn.execute("PRAGMA index_list(batches)") if r[2]]
    assert [[c[2] for c in base.db.conn.execute(f"PRAGMA index_info({u[1]})")] for u in unique] == [
        ["product_name", "batch_no"]]
    assert schema.problems(base.db) == []


def test_add_and_edit_are_audited_with_user_and_reason(people):
    s = people["inspector"]
    b = B.save(s, GOOD)
    assert (b["quantity_released"], b["unit"], b["batch_no"], b["created_by"]) == (120000.0, "盒", "240105",
                                                                                   s.actor.id)
    [ins] = audit(s)
    assert (ins["op"], ins["user_id"], ins["username"], ins["action"]) == ("insert", s.actor.id, "inspector",
                                                                           "batch_register")
    assert json.loads(ins["new"])["expires_on"] == "2026-01-04"
    # a saved value changes only with a reason, which the trail keeps with the old and new values
    with pytest.raises(DomainError) as e:
        B.save(s, {**GOOD, "quantity_released": "118000"}, batch_id=b["id"])
    assert e.value.code == "bad_batch" and [p.field for p in e.value.problems] == ["reason"]
    assert "放行数量" in e.value.problems[0].zh
    with pytest.raises(DomainError) as e:  # a value that cannot be read is its own problem, not a change
        B.save(s, {**GOOD, "quantity_released": "abc"}, batch_id=b["id"])
    assert [p.field for p in e.value.problems] == ["quantity_released"]
    after = B.save(s, {**GOOD, "quantity_released": "118000"}, batch_id=b["id"], reason="ERP 更正")
    assert after["quantity_released"] == 118000.0 and after["updated_at"]
    upd = audit(s)[-1]
    assert (upd["op"], upd["reason"], upd["user_id"]) == ("update", "ERP 更正", s.actor.id)
    assert json.loads(upd["old"])["quantity_released"] == 120000.0
    assert json.loads(upd["new"])["quantity_released"] == 118000.0
    # filling an empty field needs no reason
    bare = B.save(s, {"product_name": "头孢克肟片", "batch_no": "c-01"})
    assert bare["batch_no"] == "C-01"
    B.save(s, {"product_name": "头孢克肟片", "batch_no": "C-01", "expires_on": "2027-05-31"}, batch_id=bare["id"])


def test_refusals_name_each_field_in_both_languages(people):
    s = people["inspector"]
    with pytest.raises(DomainError) as e:
        B.save(s, {"product_name": "", "batch_no": "批号 有空格!", "manufactured_on": "2025-02-30",
                   "expires_on": "2024-01-01", "quantity_released": "-5", "released_on": "2030-01-01"})
    fields = {p.field for p in e.value.problems}
    assert fields == {"product_name", "batch_no", "manufactured_on", "quantity_released", "released_on"}
    assert all(p.zh and p.en for p in e.value.problems)
    with pytest.raises(DomainError) as e:
        B.save(s, {**GOOD, "expires_on": "2023-12-01"})
    assert [p.field for p in e.value.problems] == ["expires_on", "released_on"]
    with pytest.raises(DomainError) as e:
        B.save(s, {**GOOD, "unit": "", "quantity_released": "5000"})
    assert [p.field for p in e.value.problems] == ["unit"]
    B.save(s, GOOD)
    with pytest.raises(DomainError) as e:
        B.save(s, {**GOOD, "strength": "0.5g"})
    assert [p.field for p in e.value.problems] == ["batch_no"] and "已在批次登记中" in e.value.problems[0].zh
    assert B.count(s.db) == 1


def test_who_may_keep_and_read_the_register(people):
    for who in ("inspector", "qahead", "qavp"):
        B.save(people[who], {**GOOD, "batch_no": f"B-{who.upper()}"})
    for who in ("reception", "admin"):
        with pytest.raises(DomainError) as e:
            B.save(people[who], {**GOOD, "batch_no": "NOPE"})
        assert e.value.code == "forbidden"
        assert people[who].may(B.VIEW)
    refused = people["admin"].db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'refused' AND "
                                              "json_extract(new, '$.action') = 'batches'").fetchone()[0]
    assert refused == 2


# ------------------------------------------------------------------------------------------- import


HEADER = ["产品名称", "规格", "批号", "生产日期", "有效期至", "放行数量", "单位", "放行日期", "备注"]


def write_csv(path, rows) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows)


GOOD_ROWS = [
    ["阿莫西林胶囊", "0.25g", "240105", "2024-01-05", "2026-01-04", "120,000", "盒", "2024-01-20", "ERP"],
    ["阿莫西林胶囊", "0.25g", "240212", "2024年2月12日", "2026-02-11", "80000", "盒", "2024/2/28", ""],
    ["头孢克肟片", "100mg", "c240301", "20240301", "2026-02-28", "50000 盒", "", "2024-03-15", ""],
]
BAD_ROWS = [
    ["阿莫西林胶囊", "0.25g", "240105", "2024-01-05", "2026-01-04", "1", "盒", "2024-01-20", "dup"],  # row 5
    ["", "0.25g", "240399", "2024-03-01", "2026-02-28", "100", "盒", "2024-03-10", ""],  # row 6: no product
    ["维生素C片", "", "V1", "2024-13-01", "2023-01-01", "十万", "瓶", "", ""],  # row 7: bad date, qty
]


def plan_file(session, path, **kw):
    ledger = importer.read(path)
    return BI.plan(session, ledger, filename=path.name, sha256=ledger.sha256, **kw)


def run_file(session, path, **kw):
    ledger = importer.read(path)
    return BI.run(session, ledger, filename=path.name, sha256=ledger.sha256, **kw)


def test_csv_with_bad_rows_is_refused_whole_naming_each_row(people, tmp_path):
    s = people["inspector"]
    path = tmp_path / "erp.csv"
    write_csv(path, GOOD_ROWS + BAD_ROWS)
    dry = plan_file(s, path)
    assert [r.number for r in dry.errors] == [5, 6, 7]
    assert dry.counted(BI.RowAction.NEW) == 3 and dry.ignored == ["备注"]
    lines = dry.lines("zh_CN")
    assert lines[0].startswith("第 5 行（阿莫西林胶囊 240105）：与第 2 行是同一批次")
    assert lines[1].startswith("第 6 行") and "请填写产品名称" in lines[1]
    assert lines[2].startswith("第 7 行") and "生产日期" in lines[2] and "放行数量" in lines[2]
    assert dry.lines("en")[0].startswith("row 5 (阿莫西林胶囊 240105): the same batch as row 2")
    assert B.count(s.db) == 0 and audit(s) == []  # the dry run wrote nothing
    with pytest.raises(BI.BatchImportRefused) as e:
        run_file(s, path)
    assert "第 5, 6, 7 行" in e.value.zh and "rows 5, 6, 7" in e.value.en
    assert B.count(s.db) == 0 and audit(s) == []  # nothing of a file with a bad row


def test_csv_imports_and_a_second_file_changes_only_what_differs(people, tmp_path):
    s = people["qahead"]
    path = tmp_path / "erp.csv"
    write_csv(path, GOOD_ROWS)
    done = run_file(s, path)
    assert done.summary("zh_CN") == "共 3 行：新增 3 个批次，修改 0 个，未变 0 个，有问题 0 行"
    rows = {r["batch_no"]: r for r in B.find(s.db)}
    assert rows["240212"]["manufactured_on"] == "2024-02-12" and rows["240212"]["released_on"] == "2024-02-28"
    assert rows["C240301"]["quantity_released"] == 50000.0 and rows["C240301"]["unit"] == "盒"
    inserts = audit(s, "batch_import")
    assert len(inserts) == 3 and {e["op"] for e in inserts} == {"insert"}
    assert {e["reason"] for e in inserts} == {"导入 / imported from erp.csv"}
    run_entry = s.db.conn.execute("SELECT new FROM audit_log WHERE action = 'batch_import_run'").fetchone()[0]
    assert json.loads(run_entry)["new"] == 3 and json.loads(run_entry)["sha256"] == importer.read(path).sha256
    # the same file again changes nothing; an updated export changes one field of one batch, a blank cell nothing
    assert run_file(s, path).counted(BI.RowAction.SAME) == 3
    again = tmp_path / "erp2.csv"
    write_csv(again, [GOOD_ROWS[0][:5] + ["118,000", "盒", "2024-01-20", ""],
                      GOOD_ROWS[1][:3] + ["", "", "", "", "", ""]])
    dry = plan_file(s, again)
    assert [r.action for r in dry.rows] == [BI.RowAction.CHANGED, BI.RowAction.SAME]
    assert dry.lines("zh_CN") == ["第 2 行（阿莫西林胶囊 240105）：修改 放行数量 120,000 → 118,000", "未导入的列（不是批次登记的字段）：备注"]
    run_file(s, again, expect=dry)
    [upd] = [e for e in audit(s) if e["op"] == "update"]
    assert json.loads(upd["old"])["quantity_released"] == 120000.0
    assert set(json.loads(upd["new"])) == {"quantity_released", "updated_at"}
    assert json.loads(upd["new"])["quantity_released"] == 118000.0
    assert upd["reason"] == "导入 / imported from erp2.csv" and upd["user_id"] == s.actor.id
    assert B.find_key(s.db, "阿莫西林胶囊", "240212")["manufactured_on"] == "2024-02-12"
    assert verify(s.db) == []


def test_a_register_changed_after_the_dry_run_is_not_imported(people, tmp_path):
    s = people["inspector"]
    path = tmp_path / "erp.csv"
    write_csv(path, GOOD_ROWS)
    dry = plan_file(s, path)
    B.save(s, {**GOOD, "quantity_released": "1"})
    with pytest.raises(DomainError) as e:
        run_file(s, path, expect=dry)
    assert e.value.code == "plan_changed" and B.count(s.db) == 1


def test_xlsx_with_excel_dates_numbers_and_bad_rows(people, tmp_path):
    s = people["inspector"]
    wb = Workbook()
    ws = wb.active
    ws.append(["Batch register export"])  # a title above the header is skipped and said
    ws.append(["Product", "Strength", "Batch No.", "Mfg date", "Expiry date", "Quantity released (vials)",
               "Release date"])
    ws.append(["Ceftriaxone for injection", "1 g", 240105, datetime(2024, 1, 5), date(2026, 1, 4), 30000,
               datetime(2024, 1, 25)])
    ws.append(["Ceftriaxone for injection", "1 g", "240106", "2024-01-06", "2026-01-05", 25000.0, "2024-02-01"])
    ws.append(["Ceftriaxone for injection", "1 g", "240107", "04/02/2024", "2026-01-05", "lots", "2024-02-01"])
    ws.append(["Ceftriaxone for injection", "1 g", "", "2024-01-06", "2026-01-05", 1, "2024-02-01"])
    path = tmp_path / "batches.xlsx"
    wb.save(path)
    dry = plan_file(s, path)
    assert [r.number for r in dry.errors] == [5, 6]
    first = dry.rows[0]
    assert (first.row["batch_no"], first.row["manufactured_on"], first.row["expires_on"], first.row["unit"],
            first.row["quantity_released"]) == ("240105", "2024-01-05", "2026-01-04", "vials", 30000.0)
    en = "\n".join(dry.lines("en"))
    assert "row 5 (Ceftriaxone for injection 240107)" in en and "date order" in en and "quantity released" in en
    assert "row 6" in en and "batch number is required" in en
    assert any("row 1" in line and "title" in line for line in dry.lines("en"))
    # with the date order named, a day-first date is read; the bad rows still stop the import
    assert plan_file(s, path, order=BI.DateOrder.DMY).rows[2].row is None
    with pytest.raises(BI.BatchImportRefused):
        run_file(s, path)
    ws.delete_rows(5, 2)
    wb.save(path)
    assert run_file(s, path).counted(BI.RowAction.NEW) == 2
    assert B.find_key(s.db, "Ceftriaxone for injection", "240106")["quantity_released"] == 25000.0


def test_a_file_that_is_no_batch_register_is_refused_in_words(people, tmp_path):
    s = people["inspector"]
    path = tmp_path / "other.csv"
    path.write_text("日期,内容\n2024-01-01,x\n", encoding="utf-8")
    with pytest.raises(DomainError) as e:
        plan_file(s, path)
    assert e.value.code == "bad_layout" and {p.field for p in e.value.problems} == {"product_name", "batch_no"}
    assert "批号" in e.value.message("zh_CN") and "batch" in e.value.message("en")
    with pytest.raises(DomainError) as e:
        plan_file(people["reception"], tmp_path / "other.csv")
    assert e.value.code == "forbidden"


# ------------------------------------------------------------------------------------------- lookup and units


def test_lookup_completes_known_batches_and_notes_unknown_ones(people):
    s = people["inspector"]
    assert B.lookup(s.db, "阿莫西林胶囊", "240105").known is B.Known.NOT_IN_USE  # an empty register says nothing
    B.save(s, GOOD)
    found = B.lookup(s.db, "阿莫西林胶囊", " 240105 ")
    assert found.known is B.Known.FOUND and found.dates() == {"mfg_date": "2024-01-05", "expiry_date": "2026-01-04"}
    assert [p.field for p in found.mismatches({"mfg_date": "2024-01-05", "expiry_date": "2026-01-31"})] == [
        "expiry_date"]
    unknown = B.lookup(s.db, "阿莫西林胶囊", "999999")
    assert unknown.known is B.Known.UNKNOWN and unknown.note("zh_CN").startswith("批号不在批次登记中")
    assert unknown.note("en").startswith("batch not in the batch register")
    other = B.lookup(s.db, "头孢克肟片", "240105")
    assert other.known is B.Known.OTHER_PRODUCT and "阿莫西林胶囊" in other.note("zh_CN")
    assert B.lookup(s.db, "", "240105") is None and B.lookup(s.db, "阿莫西林胶囊", "") is None


def test_units_released_per_product_month_and_batch(people):
    s = people["inspector"]
    for batch, qty, unit, released in (("A1", 1000, "盒", "2024-01-10"), ("A2", 3000, "盒", "2024-01-31"),
                                       ("A3", 500, "瓶", "2024-01-15"), ("A4", 2000, "盒", "2024-02-01"),
                                       ("A5", 7000, "盒", None)):
        B.save(s, {"product_name": "P", "batch_no": batch, "quantity_released": qty, "unit": unit,
                   "released_on": released, "manufactured_on": "2024-01-01"})
    B.save(s, {"product_name": "Q", "batch_no": "Q1", "quantity_released": 10, "unit": "盒",
               "released_on": "2024-01-02"})
    got = [(r.product_name, r.month, r.unit, r.quantity, r.batches) for r in B.released_by_product_month(s.db)]
    # by hand: January P 盒 = 1000 + 3000, P 瓶 = 500 apart (units are never added across kinds), A5 unreleased
    assert got == [("P", "2024-01", "瓶", 500.0, 1), ("P", "2024-01", "盒", 4000.0, 2), ("P", "2024-02", "盒", 2000.0, 1),
                   ("Q", "2024-01", "盒", 10.0, 1)]
    assert [(r.month, r.quantity) for r in B.released_by_product_month(s.db, product="P", month_from="2024-02",
                                                                        month_to="2024-02")] == [("2024-02", 2000.0)]
    per_batch = B.released_by_batch(s.db, product="P")
    assert per_batch[("P", "A2")]["quantity_released"] == 3000.0 and len(per_batch) == 5
    assert B.rate(3, 4000) == 7.5 and B.rate(3, 4000, per=1_000_000) == 750.0 and B.rate(3, None) is None


# ------------------------------------------------------------------------------------------- command line


def cli(db_path, *args, user="inspector"):
    env = {**os.environ, "QA_DESK_PASSWORD": PASSWORDS[user]}
    env.pop("QA_DESK_DB", None)
    return subprocess.run([sys.executable, "-m", "qa_desk", "--db", str(db_path), "--user", user, *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)


def test_cli_dry_run_import_and_list(people, db_path, tmp_path):
    path = tmp_path / "erp.csv"
    write_csv(path, GOOD_ROWS + BAD_ROWS)
    p = cli(db_path, "--lang", "zh_CN", "batches", "import", path, "--dry-run")
    assert p.returncode == 1 and p.stderr == ""
    assert "第 5 行（阿莫西林胶囊 240105）：与第 2 行是同一批次" in p.stdout and "第 7 行" in p.stdout
    assert "试运行：共 6 行：新增 3 个批次，修改 0 个，未变 0 个，有问题 3 行；未写入任何数据。" in p.stdout
    p = cli(db_path, "--lang", "zh_CN", "batches", "import", path)
    assert p.returncode == 2 and "Traceback" not in p.stderr and "第 6 行" in p.stdout
    assert p.stderr.startswith("错误：3 行有问题（第 5, 6, 7 行），未导入任何批次")
    write_csv(path, GOOD_ROWS)
    p = cli(db_path, "--lang", "en", "batches", "import", path, "--dry-run")
    assert p.returncode == 0 and "Dry run: 3 rows: 3 new batches" in p.stdout
    p = cli(db_path, "--lang", "en", "batches", "import", path)
    assert p.returncode == 0 and "Imported: 3 rows: 3 new batches" in p.stdout, p.stderr
    p = cli(db_path, "--lang", "zh_CN", "batches", "list", user="reception")
    assert p.returncode == 0 and "240212\t2024-02-12\t2026-02-11\t80000\t盒\t2024-02-28" in p.stdout
    assert p.stderr.strip() == "共 3 个批次"
    listed = tmp_path / "listed.tsv"  # the list reads back as an import that changes nothing
    listed.write_text(p.stdout, encoding="utf-8")
    p = cli(db_path, "--lang", "en", "batches", "import", listed, "--dry-run")
    assert p.returncode == 0 and "3 rows: 0 new batches, 0 changed, 3 unchanged, 0 refused" in p.stdout, p.stdout
    p = cli(db_path, "--lang", "en", "batches", "import", path, user="reception")
    assert p.returncode == 2 and "Error: Your role may not do this" in p.stderr and "Traceback" not in p.stderr
    p = cli(db_path, "--lang", "en", "batches", "import", tmp_path / "missing.xlsx")
    assert p.returncode == 2 and "Traceback" not in p.stderr and p.stderr.startswith("Error:")


def test_the_trail_rebuilds_the_register_and_names_an_edit_behind_its_back(people, tmp_path, monkeypatch):
    """Replay (verify) rebuilds each batch from its audit entries: with ``batches`` among the audited tables, a
    quantity changed in the file behind the application's back is named."""
    from qa_desk.core import verify_replay

    monkeypatch.setattr(verify_replay, "AUDITED_TABLES", (*verify_replay.AUDITED_TABLES, "batches")
                        if "batches" not in verify_replay.AUDITED_TABLES else verify_replay.AUDITED_TABLES)
    s = people["inspector"]
    path = tmp_path / "erp.csv"
    write_csv(path, GOOD_ROWS)
    run_file(s, path)
    b = B.save(s, {**GOOD, "quantity_released": "1000"}, batch_id=B.find_key(s.db, "阿莫西林胶囊", "240105")["id"],
               reason="ERP 更正")
    assert verify(s.db) == []
    s.db.conn.execute("UPDATE batches SET quantity_released = 999999 WHERE id = ?", (b["id"],))
    s.db.conn.commit()
    found = [f for f in verify(s.db) if "batches" in f.where]
    assert [f.where for f in found] == [f"batches id {b['id']} field quantity_released"]
