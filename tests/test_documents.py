"""Printed records, the Excel register and the import, read back the way a person or an auditor would."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from qa_desk.core import closure
from qa_desk.core import investigation as inv
from qa_desk.core.errors import DomainError
from qa_desk.core.verify import verify
from qa_desk.documents import forms, importer, register
from tests import flows
from tests.conftest import add_user, count_rows
from tests.flows import sign


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def embedded_fonts(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(str(path)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for d in font.get("/DescendantFonts", [font]):
                desc = d.get_object().get("/FontDescriptor")
                if desc is not None and "/FontFile2" in desc.get_object():
                    names.add(str(d.get_object()["/BaseFont"]))
    return names


@pytest.fixture
def full(people):
    """A Class II complaint with an adverse event, investigated, approved, replied, with a hold."""
    s = people["inspector"]
    c = flows.investigated(people, flows.triage_input(nature="medical", category="safety", defect_type="label_error"),
                           adverse_event=True)
    inv.set_market_action(s, c["id"], action="batch_hold", note="待调查", reason="调查中发现需暂停销售")
    inv.add_custody(s, c["id"], action="样品接收", holder="张伟", seal_no="FY-0001")
    from qa_desk.core import approval
    from tests.conftest import PASSWORDS

    approval.submit(s, c["id"], **sign(s, c["id"], PASSWORDS["inspector"]))
    approval.review(people["qahead"], c["id"], **sign(people["qahead"], c["id"], PASSWORDS["qahead"]))
    approval.approve(people["qavp"], c["id"], **sign(people["qavp"], c["id"], PASSWORDS["qavp"]))
    closure.record_reply(s, c["id"], method="letter", content="经调查确认标签错误，已召回并致歉。", satisfaction="satisfied")
    return flows.inv_get(s, c["id"])


@pytest.mark.parametrize(("form", "expected"), [
    ("receipt", ["投诉信息接收记录", "Complaint Receipt Record", "QA-F-001", "阿莫西林胶囊", "胶囊破损", "医学投诉"]),
    ("investigation", ["投诉判断、调查记录", "批生产记录", "封口温度波动", "FY-0001", "王强", "审核"]),
    ("capa", ["风险评估、CAPA、流程变更记录", "更换温控模块", "设备部", "暂停中", "陈静"]),
    ("reply", ["答复函", "Reply Letter", "经调查确认标签错误", "市第一人民医院"]),
    ("hold", ["暂停销售通知", "240105", "暂停下列批次"]),
])
def test_each_form_prints_labels_and_values(people, full, tmp_path, form, expected):
    out = forms.print_complaint(people["inspector"], full["id"], form, tmp_path / f"{form}.pdf")
    text = text_of(out)
    for want in expected:
        assert want in text, want
    assert full["number"] in text and "Page 1 /" in text and "打印人" in text
    assert any("WenQuanYi" in n for n in embedded_fonts(out))
    printed = people["inspector"].db.conn.execute("SELECT count(*) FROM audit_log WHERE action='print'").fetchone()[0]
    assert printed == 1


def test_signatures_printed_and_invalid_marked(people, full, tmp_path):
    s = people["inspector"]
    out = forms.print_complaint(s, full["id"], "investigation", tmp_path / "a.pdf")
    assert "有效 valid" in text_of(out) and "INVALID" not in text_of(out)
    # a change behind the signatures (allowed by an admin's database edit only) prints as invalid
    s.db.conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    s.db.conn.execute("UPDATE complaints SET root_cause = '改动' WHERE id = ?", (full["id"],))
    s.db.conn.commit()
    assert "INVALID" in text_of(forms.print_complaint(s, full["id"], "investigation", tmp_path / "b.pdf"))


def test_long_investigation_flows_onto_three_pages(people, tmp_path):
    s = people["inspector"]
    c = flows.triaged(people, description="长文本。" * 300)
    inv.start(s, c["id"])
    for i in range(25):
        inv.add_custody(s, c["id"], action=f"第 {i + 1} 次交接：样品从留样室转至QC实验室进行全项检验", holder="QC 实验室",
                        condition="包装完好，封签完整" * 3)
    out = forms.print_complaint(s, c["id"], "investigation", tmp_path / "long.pdf")
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 3
    text = text_of(out)
    assert "第 25 次交接" in text and f"Page {len(reader.pages)} / {len(reader.pages)}" in text


def test_a_character_no_font_has_prints_as_a_placeholder(people, tmp_path):
    """The complainant's own words are never refused for a character: it prints as its code point, named in a
    note on the page (issue 15)."""
    c = flows.registered(people, description="样品有裂纹 \U0001f600")
    out = forms.print_complaint(people["inspector"], c["id"], "receipt", tmp_path / "x.pdf")
    text = text_of(out)
    assert "〔U+1F600〕" in text and "缺字" in text


def test_paper_copy_checked_against_the_database(people, full, tmp_path):
    s = people["inspector"]
    forms.print_complaint(s, full["id"], "receipt", tmp_path / "r.pdf")
    logged = json.loads(s.db.conn.execute("SELECT new FROM audit_log WHERE action='print'").fetchone()[0])
    qr = f"QADESK1|{full['number']}|QA-F-001|A/0|U|{logged['sha256']}"
    assert forms.check_paper(s, qr)[0]
    s.db.conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    s.db.conn.execute("UPDATE complaints SET product_name = '别的产品' WHERE id = ?", (full["id"],))
    s.db.conn.commit()
    ok, zh, en = forms.check_paper(s, qr)
    assert not ok and "changed after" in en
    assert not forms.check_paper(s, "hello")[0]


def test_paper_carries_the_files_anchors(people, full, tmp_path, db_path):
    """The QR text holds the root-key fingerprint and the chain head at printing: a file cut back to before
    that head, or another installation's file, is not the one the paper came from."""
    from qa_desk.core import anchors, keys

    s = people["inspector"]
    head, root = anchors.chain_head(s.db), keys.root_fingerprint(s.db)
    digest = forms.record_hash("QA-F-001", "A/0", forms.complaint_record(s, full["id"], masked=False))
    qr = f"QADESK1|{full['number']}|QA-F-001|A/0|U|{digest}|{root}|{head}"
    assert forms.check_paper(s, qr)[0]
    ok, _zh, en = forms.check_paper(s, qr.replace(root, "0" * 32))
    assert not ok and "another installation" in en
    later = anchors.Head(head.count + 50, head.hash)
    ok, _zh, en = forms.check_paper(s, qr.replace(str(head), str(later)))
    assert not ok and "shorter" in en


def test_masked_for_other_audiences(people, full, tmp_path):
    out = forms.print_complaint(people["inspector"], full["id"], "receipt", tmp_path / "m.pdf", masked=True)
    text = text_of(out)
    assert "陈医生" not in text and "***" in text and "市第一人民医院" in text
    with pytest.raises(DomainError):  # reception prints no records (the blank form only)
        forms.print_complaint(people["reception"], full["id"], "receipt", tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()


def test_blank_receipt_and_register_pdf(people, full, tmp_path):
    blank = text_of(forms.blank_receipt(people["inspector"], tmp_path / "blank.pdf"))
    assert "空白表" in blank and "投诉渠道" in blank
    reg = forms.print_register(people["inspector"], tmp_path / "reg.pdf")
    text = text_of(reg)
    assert "用户投诉登记台帐" in text and full["number"] in text
    assert PdfReader(str(reg)).pages[0].mediabox.width > PdfReader(str(reg)).pages[0].mediabox.height


# --- Excel ------------------------------------------------------------------------------------------------

def test_register_workbook(people, full, tmp_path):
    s = people["inspector"]
    flows.registered(people, description="=cmd|' /C calc'!A0", complainant_name="李四", complainant_org=None)
    result = register.export(s, tmp_path / "r.xlsx", lang="zh_CN")
    wb = load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames == ["台帐", "统计", "关于此导出"]
    ws = wb["台帐"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:Z{result['rows'] + 1}"
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("1F4E79")
    assert isinstance(ws["B2"].value, datetime) and ws["B2"].is_date and ws["B2"].number_format.startswith("yyyy-mm-dd")
    assert ws["D2"].value == "市第一人民医院 / ***" and "陈医生" not in [c.value for c in ws[2]]
    injected = ws["K3"]
    assert injected.value.startswith("=cmd") and injected.data_type == "s"
    assert ws["D3"].value == "***"
    rules = {r.formula[0].strip('"'): r for cf in ws.conditional_formatting for r in cf.rules}  # colour by class
    assert ws["N2"].value == "II" and rules["II"].dxf.fill.fgColor.rgb.upper().endswith(
        s.policy.classes["II"].colour.lstrip("#").upper())
    assert len(ws.data_validations.dataValidation) == 2
    assert len(wb["统计"]._charts) == 2
    about = {r[0].value: r[1].value for r in wb["关于此导出"].iter_rows()}
    assert about["行数"] == 2 and "SHA-256" in about["文件校验"]
    audit = s.db.conn.execute("SELECT new FROM audit_log WHERE action='export'").fetchone()[0]
    assert '"unmasked":false' in audit and f'"sha256":"{result["sha256"]}"' in audit


def test_unmasked_only_for_qa_and_audited(people, full, tmp_path):
    ws = load_workbook(register.export(people["inspector"], tmp_path / "u.xlsx", unmasked=True, lang="en") and
                       tmp_path / "u.xlsx")["Register"]
    assert "陈医生" in ws["D2"].value
    with pytest.raises(DomainError):
        register.export(people["reception"], tmp_path / "x.xlsx", unmasked=True)
    assert people["reception"].db.conn.execute("SELECT count(*) FROM audit_log WHERE action='refused'").fetchone()[0]


def test_export_import_export_gives_the_same_rows(people, full, tmp_path, clock):
    s = people["inspector"]
    flows.closable(people)
    closure.close(s, flows.closable(people)["id"])
    register.export(s, tmp_path / "a.xlsx", unmasked=True, lang="en")
    from qa_desk.core import users
    from qa_desk.core.database import open_database
    from qa_desk.core.session import SYSTEM, Session

    db = open_database(tmp_path / "empty.sqlite3", clock=clock).db
    base = Session(db, clock=clock)
    users.create_user(base.as_user(SYSTEM), "admin", "A", ["admin"], "admin-pass-1")
    other = add_user(users.login(base, "admin", "admin-pass-1"), "i", "I", ["inspector"], "insp-pass-1")
    report = importer.run(other, tmp_path / "a.xlsx")
    assert len(report.to_create) == 3
    again = importer.run(other, tmp_path / "a.xlsx")
    assert not again.to_create and count_rows(other, "complaints") == 3
    register.export(other, tmp_path / "b.xlsx", unmasked=True, lang="en")

    def table(p):
        return [row for row in load_workbook(p, read_only=True).worksheets[0].iter_rows(values_only=True)]

    a, b = table(tmp_path / "a.xlsx"), table(tmp_path / "b.xlsx")
    derived = {a[0].index(h) for h in ("CAPA refs", "Days open", "Overdue")}  # the app's own records and clock
    status, replied, satisfied = (a[0].index(h) for h in ("Status", "Reply date", "Satisfaction"))

    def after_import(row):  # a record replied to stands for signatures an import cannot bring: it comes back under
        if row[status] != "Replied":  # investigation, its reply kept as the ledger's extra fields
            return row
        return [("Investigating" if j == status else None if j in (replied, satisfied) else v) for j, v in
                enumerate(row)]

    a = [after_import(r) for r in a]
    assert [[v for j, v in enumerate(r) if j not in derived] for r in a] == \
        [[v for j, v in enumerate(r) if j not in derived] for r in b]
    assert any(r.notes for r in report.rows)  # and the dry run said so
    assert verify(db) == []
    from qa_desk.core import intake

    new = intake.register(other, flows.draft(other))
    assert new["number"] == "TS-2026-0004"  # the imported numbers are passed over, never issued again


def test_bad_rows_refused_row_by_row_nothing_written(people, tmp_path):
    csv_file = tmp_path / "ledger.csv"
    csv_file.write_text("投诉编号,接收日期,产品名称,投诉内容摘要,严重程度分类,数量,投诉渠道,投诉人\n"
                        "OLD-1,2026-03-01 10:00,阿莫西林胶囊,破损,III,2盒,电话,某某医院\n"
                        "OLD-2,not a date,,漏液,VI,-1,信鸽,某某医院\n"
                        "OLD-1,2026-03-02 10:00,头孢,重复,II,1盒,电话,某某医院\n", encoding="utf-8")
    s = people["inspector"]
    report = importer.dry_run(s, csv_file)
    assert [r.action for r in report.rows] == ["create", "error", "error"]
    problems = {p.problem.field for p in report.rows[1].problems}
    assert {"received", "product", "class", "quantity", "channel"} <= problems
    assert any("重复" in p.problem.zh for p in report.rows[2].problems)
    lines = report.lines("zh_CN")
    assert any(line.startswith("第 3 行") for line in lines)
    before = count_rows(s, "audit_log")
    with pytest.raises(DomainError):
        importer.run(s, csv_file)
    assert count_rows(s, "complaints") == 0 and count_rows(s, "audit_log") == before + 0


def test_other_layout_needs_a_map(people, tmp_path):
    csv_file = tmp_path / "old.csv"
    csv_file.write_text("日期,品名,问题,投诉人\n2026-03-01,维生素C泡腾片,泡腾片受潮结块,匿名\n", encoding="utf-8")
    with pytest.raises(DomainError) as err:
        importer.dry_run(people["inspector"], csv_file)
    assert err.value.code == "bad_layout" and "--map" in err.value.message("en")
    report = importer.dry_run(people["inspector"], csv_file, {"columns": {"日期": "received", "品名": "product",
                                                                          "问题": "summary"},
                                                              "default_channel": "letter"})
    assert [r.action for r in report.rows] == ["create"]


@pytest.mark.parametrize(("name", "content"), [("x.xlsx", b"not a zip"), ("y.xlsx", b"PK\x03\x04broken"),
                                                ("z.txt", b"a,b"), ("e.csv", b"")])
def test_broken_files_refused_clearly(people, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DomainError) as err:
        importer.dry_run(people["inspector"], path)
    assert err.value.message("en") and err.value.message("zh_CN")


def test_cli_export_print_import(people, db_path, tmp_path):
    import os
    import subprocess
    import sys

    flows.registered(people)
    env = {**os.environ, "QA_DESK_PASSWORD": "insp-pass-1"}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "qa_desk", "--db", str(db_path), "--user", "inspector",
                               "--lang", "en", *map(str, args)], capture_output=True, text=True, env=env, timeout=120)

    p = run("export", "register", "--out", tmp_path / "r.xlsx", "--status", "registered")
    assert p.returncode == 0 and "Exported 1" in p.stdout
    p = run("print", "TS-2026-0001", "--form", "receipt", "--out", tmp_path / "r.pdf")
    assert p.returncode == 0 and (tmp_path / "r.pdf").exists()
    p = run("print", "TS-2026-0001", "--out", tmp_path / "x.pdf")
    assert p.returncode == 2 and "--form" in p.stderr
    p = run("import", tmp_path / "r.xlsx", "--dry-run")
    assert "already used by another complaint" in p.stdout and "Traceback" not in p.stderr
    env["QA_DESK_PASSWORD"] = "wrong"
    p = run("export", "register", "--out", tmp_path / "y.xlsx")
    assert p.returncode == 2 and "Wrong" in p.stderr and "Traceback" not in p.stderr


def test_batch_print_keeps_each_records_number_qr_and_page_count(people, tmp_path):
    long_one = flows.triaged(people, description="药片表面有黑色斑点。" * 400)
    short_one = flows.triaged(people)
    out = forms.print_many(people["inspector"], [long_one["id"], short_one["id"]], "receipt", tmp_path / "b.pdf")
    pages = [p.extract_text() for p in PdfReader(str(out)).pages]
    first_total = sum(long_one["number"] in t for t in pages)
    assert first_total >= 2 and all(f"Page {i} / {first_total}" in pages[i - 1] for i in range(1, first_total + 1))
    second_total = len(pages) - first_total
    assert all(short_one["number"] in t for t in pages[first_total:])
    assert f"Page 1 / {second_total}" in pages[first_total] and "".join(pages).replace("\n", "").count("黑色斑点") == 400
    prints = people["inspector"].db.conn.execute(
        "SELECT count(*) FROM audit_log WHERE action='print' AND new LIKE '%sha256%'").fetchone()[0]
    assert prints == 2


def test_a_long_table_cell_keeps_every_character(people, tmp_path):
    s = people["inspector"]
    c = flows.triaged(people)
    inv.start(s, c["id"])
    inv.add_custody(s, c["id"], action="交接", holder="QC", condition="封签完整，外箱无破损。" * 45)
    out = forms.print_complaint(s, c["id"], "investigation", tmp_path / "cell.pdf")
    assert text_of(out).replace("\n", "").count("封签完整") == 45


def test_chunks_keep_every_character():
    from qa_desk.documents.pdf import chunks

    text = "第一行\n" + "长" * 2500 + "\n末行"
    pieces = chunks(text, 1000)
    assert all(len(p) <= 1000 for p in pieces) and "".join(pieces).replace("\n", "") == text.replace("\n", "")


def test_company_name_and_logo_from_the_settings_on_every_page(people, tmp_path):
    from qa_desk.core import settings
    from qa_desk.paths import resources_dir

    admin = people["admin"]
    settings.put_many(admin, {"company_name": "示例制药有限公司"})
    settings.set_logo(admin, resources_dir() / "demo" / "logo.png")
    c = flows.triaged(people, description="长文本。" * 1200)
    out = forms.print_complaint(people["inspector"], c["id"], "receipt", tmp_path / "logo.pdf")
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert "示例制药有限公司" in page.extract_text()
        assert any(o.get("/Subtype") == "/Image" for o in page["/Resources"]["/XObject"].values())


def test_a_logo_that_is_not_an_image_or_too_large_is_refused(people, tmp_path):
    from qa_desk.core import settings

    fake = tmp_path / "logo.png"
    fake.write_text("not an image")
    with pytest.raises(DomainError, match="PNG or JPEG"):
        settings.set_logo(people["admin"], fake)
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * (settings.LOGO_MAX_BYTES + 1))
    with pytest.raises(DomainError, match="too large"):
        settings.set_logo(people["admin"], big)
    with pytest.raises(DomainError):
        settings.set_logo(people["inspector"], fake)  # only the administrator changes settings
    assert settings.get(people["admin"].db, "company_logo") == ""


def test_register_prints_landscape_one_page_wide_with_the_header_repeated(people, full, tmp_path):
    out = tmp_path / "print.xlsx"
    register.export(people["inspector"], out, lang="zh_CN")
    ws = load_workbook(out)["台帐"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$1"
