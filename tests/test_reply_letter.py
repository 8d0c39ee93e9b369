"""The reply letter (答复函) as the complainant reads it, and the office's file copy behind it, read back from
the PDF's text the way a person (or an auditor checking the paper) would."""

from __future__ import annotations

import json
import re
import struct
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from qa_desk.core import closure, settings
from qa_desk.core.errors import DomainError
from qa_desk.documents import forms, letter
from tests import flows
from tests.conftest import add_user, count_rows

INTERNAL = ("QA-F-004", "QADESK1", "Printed by", "打印人", "打印时间", "版本 Version", "存档联", "file copy")
ZH_LABELS = ("答复人", "签字", "盖章", "此致", "敬礼", "尊敬的", "地址：", "电话：", "电子邮箱", "投诉编号", "答复函", "页")
EN_LABELS = ("Dear", "Yours", "Signature", "seal", "Tel:", "E-mail", "Our reference", "Page", "Reply Letter",
             "Quality Assurance")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def pages_of(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def unembedded_fonts(path: Path) -> set[str]:
    """Fonts a page names without embedding them (what ``pdffonts`` shows as emb = no)."""
    names = set()
    for page in PdfReader(str(path)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for d in font.get("/DescendantFonts", [font]):
                desc = d.get_object().get("/FontDescriptor")
                if desc is None or "/FontFile2" not in desc.get_object():
                    names.add(str(d.get_object()["/BaseFont"]))
    return names


def split(path: Path) -> tuple[str, str]:
    """(the letter's text, the file copy's text): the file copy starts on the first page that says 存档联."""
    pages = pages_of(path)
    start = next((i for i, t in enumerate(pages) if "存档联" in t), len(pages))
    return "\n".join(pages[:start]), "\n".join(pages[start:])


def png(width: int = 40, height: int = 20) -> bytes:
    """A small blue PNG, as the administrator would choose for the logo."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x1e\x50\xa0" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.fixture
def letterhead(people, tmp_path):
    admin = people["admin"]
    logo = tmp_path / "logo.png"
    logo.write_bytes(png())
    settings.set_logo(admin, logo)
    settings.put_many(admin, {"company_name": "华东示例制药有限公司", "company_name_en": "East China Example Pharma Co., Ltd.",
                              "company_address": "浙江省杭州市滨江区示例路 88 号",
                              "company_address_en": "88 Example Road, Binjiang, Hangzhou, Zhejiang",
                              "company_phone": "0571-8800 1234 转 8001", "company_email": "qa@example-pharma.cn"})
    return admin


def replied(people, *, lang: str = "zh_CN", session=None, content: str | None = None, **over) -> dict:
    """An approved complaint whose final reply is the drafted letter in ``lang`` (as the inspector sends it)."""
    s = session or people["inspector"]
    c = flows.approved(people, **over)
    closure.record_reply(s, c["id"], method="letter", satisfaction="satisfied",
                         content=content or closure.reply_letter(s, c["id"], lang=lang))
    return flows.inv_get(s, c["id"])


ENGLISH = dict(complainant_name="John Smith", complainant_org="", contact_person="",
               address="Flat 3, 12 High Street\nKowloon, Hong Kong", product_name="Amoxicillin Capsules",
               description="Two capsules in the blister were broken and the powder had leaked.", request="Refund")


def test_a_chinese_letter_is_a_letter_with_letterhead_addressee_signature_and_seal(people, letterhead, tmp_path):
    c = replied(people, address="杭州市上城区解放路 100 号", contact_person="王主任")
    out = letter.print_reply(people["inspector"], c["id"], tmp_path / "letter.pdf", file_copy=False)
    text = "\n".join(pages_of(out))
    for want in ("华东示例制药有限公司", "浙江省杭州市滨江区示例路 88 号", "0571-8800 1234 转 8001", "qa@example-pharma.cn",
                 "市第一人民医院", "王主任 收", "杭州市上城区解放路 100 号",  # the addressee block
                 "关于对“阿莫西林胶囊”（批号 240105）投诉的答复函", c["number"],
                 "尊敬的市第一人民医院", "感谢您于", "调查结论",  # the body: the final reply as recorded
                 "此致", "敬礼！", "答复人：张伟（质量保证部质检员）", "签字：", "华东示例制药有限公司（盖章）", "2026年9月28日"):
        assert want in text, want
    for unwanted in INTERNAL + EN_LABELS:
        assert unwanted not in text, unwanted
    assert text.count("尊敬的") == 1  # the draft's own salutation, not a second one
    assert not re.search(r"[A-Za-z]{3,}", text.replace("example-pharma", "")), "no English word on a Chinese letter"
    assert unembedded_fonts(out) == set()


def test_an_english_letter_has_no_chinese_on_it(people, letterhead, tmp_path):
    english = add_user(people["admin"], "inspector3", "Zhang Wei", ["inspector"], "insp3-pass-1")
    c = replied(people, lang="en", session=english, **ENGLISH)
    out = letter.print_reply(people["inspector"], c["id"], tmp_path / "en.pdf")
    text, copy = split(out)
    for want in ("East China Example Pharma Co., Ltd.", "88 Example Road", "Tel: 0571-8800 1234 ext. 8001", "28 September 2026",
                 "John Smith", "Flat 3, 12 High Street", "Kowloon, Hong Kong", f"Our reference: {c['number']}",
                 "Re: your complaint about Amoxicillin Capsules (batch 240105)", "Dear John Smith,",
                 "Thank you for your complaint", "Yours sincerely,", "Signature:", "Zhang Wei",
                 "Quality Assurance Inspector", "Company seal:"):
        assert want in text, want
    assert not HAN.search(text), HAN.findall(text)
    for unwanted in INTERNAL:
        assert unwanted not in text, unwanted
    assert "QA-F-004" in copy and "函件语言" in copy and "English" in copy
    assert unembedded_fonts(out) == set()


def test_the_file_copy_carries_the_form_code_and_a_qr_that_verify_accepts(people, letterhead, tmp_path):
    s = people["inspector"]
    c = replied(people)
    out = letter.print_reply(s, c["id"], tmp_path / "both.pdf")
    text, copy = split(out)
    assert copy, "the file copy follows the letter"
    for want in ("答复函（存档联）", "Reply Letter — file copy", "QA-F-004", "版本 Version A/1", f"投诉编号 No. {c['number']}",
                 "打印人 Printed by", "第 1 / 1 页", "书面答复函 / Letter", "满意 / Satisfied", "寄出的函件内容", "调查结论",
                 "答复人：张伟"):
        assert want in copy, want
    for unwanted in INTERNAL:
        assert unwanted not in text, unwanted
    logged = json.loads(s.db.conn.execute("SELECT new FROM audit_log WHERE action = 'print'").fetchone()[0])
    assert logged["form"] == "QA-F-004" and logged["letter"] == "zh_CN" and logged["file_copy"] is True
    _, page, digest = forms._record_story(s, forms.pdf.form("reply"), c["id"], False)
    assert page.qr.split("|")[5] == digest == logged["sha256"]  # the QR on the copy is the logged content hash
    assert forms.check_paper(s, page.qr)[0]
    ok, _zh, en = forms.check_paper(s, f"QADESK1|{c['number']}|QA-F-004|A/0|U|{digest}")
    assert not ok and "version A/1" in en  # a copy of the old bilingual form is told to print again


def test_the_print_is_audited_once_and_a_refused_one_leaves_no_file(people, letterhead, tmp_path):
    c = replied(people)
    s = people["inspector"]
    before = count_rows(s, "audit_log")
    letter.print_reply(s, c["id"], tmp_path / "a.pdf")
    entries = s.db.conn.execute("SELECT action, tbl, record_id, complaint_id, user_id FROM audit_log WHERE id > "
                                "(SELECT max(id) FROM audit_log) - ?", (count_rows(s, "audit_log") - before,)).fetchall()
    assert [tuple(e)[:4] for e in entries] == [("print", "complaints", c["id"], c["id"])]
    with pytest.raises(DomainError) as err:
        letter.print_reply(people["reception"], c["id"], tmp_path / "r.pdf")
    assert err.value.code == "forbidden" and not (tmp_path / "r.pdf").exists()
    refused = s.db.conn.execute("SELECT count(*) FROM audit_log WHERE action LIKE '%refus%' OR op = 'refuse'").fetchone()[0]
    assert refused >= 1
    with pytest.raises(DomainError) as err:
        letter.print_reply(s, c["id"], tmp_path / "m.pdf", masked=True)
    assert "never masked" in err.value.message("en") and not (tmp_path / "m.pdf").exists()
    assert not list(tmp_path.glob("*.part"))


def test_no_final_reply_gives_the_file_copy_alone_or_a_clear_refusal(people, letterhead, tmp_path):
    s = people["inspector"]
    c = flows.approved(people)
    out = letter.print_reply(s, c["id"], tmp_path / "none.pdf")
    text, copy = split(out)
    assert text == "" and "尚未记录最终答复" in copy and "No final reply is recorded" in copy
    with pytest.raises(DomainError) as err:
        letter.print_reply(s, c["id"], tmp_path / "none2.pdf", file_copy=False)
    assert "no final reply" in err.value.message("en") and not (tmp_path / "none2.pdf").exists()
    anon = flows.triaged(people, anonymous=True, complainant_name="", complainant_org="", phone="")
    _, copy = split(letter.print_reply(s, anon["id"], tmp_path / "anon.pdf"))
    assert "匿名投诉，无需答复" in copy


def test_a_long_reply_runs_on_with_page_numbers_and_keeps_the_signature_with_the_text(people, letterhead, tmp_path):
    body = "\n".join(["尊敬的陈医生："] + [f"第 {i} 段：经对该批次的批生产记录、批包装记录和留样进行复核，产品各项指标均符合标准。"
                                       for i in range(1, 40)] + ["", "质量保证部"])
    c = replied(people, content=body)
    pages = pages_of(letter.print_reply(people["inspector"], c["id"], tmp_path / "long.pdf", file_copy=False))
    assert len(pages) >= 2
    assert f"第 1 页  共 {len(pages)} 页" in pages[0] and f"第 {len(pages)} 页  共 {len(pages)} 页" in pages[-1]
    last = pages[-1].replace("\n", "")
    assert "39段" in last.replace(" ", "") and "答复人" in last and "盖章" in last
    assert "\n".join(pages).count("质量保证部") == 1  # the reply's own last line left to the signature block
    assert not [line for page in pages for line in page.splitlines() if line.strip()[:1] in "。，、；：？！）"]


@pytest.mark.parametrize(("text", "lang"), [
    ("经调查，该批产品符合标准。CAPA 已完成，批号 240105。", "zh_CN"),
    ("Thank you for your complaint about 阿莫西林胶囊 (batch 240105); the batch conforms.", "en"),
    ("240105 / 2026-09-28", None), ("", None)])
def test_the_language_is_the_one_the_reply_is_written_in(text, lang):
    assert letter.text_language(text) == lang


def test_without_a_reply_text_the_complaint_then_the_setting_decide():
    record = {"reply": "", "description": "The seal was broken."}
    assert letter.letter_language(record, "zh_CN") == "en"
    assert letter.letter_language({"reply": "123", "description": "—"}, "en") == "en"
    assert letter.letter_language({"reply": "", "description": ""}, "zh_CN") == "zh_CN"


def test_an_asked_language_overrides_and_a_bad_one_is_refused(people, letterhead, tmp_path):
    c = replied(people, lang="en", **ENGLISH)
    text = "\n".join(pages_of(letter.print_reply(people["inspector"], c["id"], tmp_path / "zh.pdf", lang="zh_CN",
                                                 file_copy=False)))
    assert "签字：" in text and "Signature" not in text
    with pytest.raises(DomainError):
        letter.print_reply(people["inspector"], c["id"], tmp_path / "fr.pdf", lang="fr")


def test_a_batch_of_letters_each_with_its_copy(people, letterhead, tmp_path):
    s = people["inspector"]
    a, b = replied(people), replied(people, lang="en", **ENGLISH)
    pages = pages_of(letter.print_replies(s, [a["id"], b["id"]], tmp_path / "batch.pdf"))
    copies = [i for i, t in enumerate(pages) if "存档联" in t and "第 1 / " in t]  # the first page of each copy
    assert len(copies) == 2 and "Dear John Smith" in pages[copies[0] + 1] and "存档联" not in pages[copies[0] + 1]
    logged = [json.loads(r[0]) for r in s.db.conn.execute("SELECT new FROM audit_log WHERE action = 'print'")]
    assert [x["letter"] for x in logged] == ["zh_CN", "en"] and all(x["batch"] for x in logged)


@pytest.mark.parametrize(("key", "value"), [("company_email", "qa at example"), ("company_phone", "call us"),
                                            ("company_address", "第一行\n第二行"), ("company_name_en", "x" * 121)])
def test_letterhead_settings_are_checked(people, key, value):
    with pytest.raises(DomainError) as err:
        settings.put(people["admin"], key, value)
    assert err.value.problems[0].field == key
    assert settings.get(people["admin"].db, key) == ""


def test_the_english_letterhead_falls_back_to_the_chinese_names(people):
    settings.put_many(people["admin"], {"company_name": "示例制药", "company_address": "杭州"})
    assert settings.letterhead(people["admin"].db, "en") == {"name": "示例制药", "address": "杭州", "phone": "",
                                                             "email": ""}


def test_the_settings_page_has_the_letterhead_rows(qtbot, people):
    from qa_desk.ui.settings_panel import SettingsPanel

    panel = SettingsPanel(people["admin"])
    qtbot.addWidget(panel)
    for key in ("company_name_en", "company_address", "company_address_en", "company_phone", "company_email"):
        assert key in panel.editors
    panel.editors["company_email"].setText("not-an-address")
    assert not panel.save() and settings.get(people["admin"].db, "company_email") == ""
    panel.editors["company_email"].setText("qa@example.cn")
    panel.editors["company_address"].setText("杭州市示例路 1 号")
    assert panel.save()
    assert settings.get(people["admin"].db, "company_address") == "杭州市示例路 1 号"


def test_a_character_no_font_draws_is_a_placeholder_named_on_the_letter(people, letterhead, tmp_path):
    c = replied(people, content="尊敬的陈医生：\n您反映的“\U000F0001”字样问题已查明；请在不超过20℃处储存。")
    text = "\n".join(pages_of(letter.print_reply(people["inspector"], c["id"], tmp_path / "ph.pdf", file_copy=False)))
    assert "U+F0001" in text and "以码位代替" in text and "No font draws" not in text and "20℃" in text


def test_the_file_copy_alone_on_request(people, letterhead, tmp_path):
    s = people["inspector"]
    c = replied(people)
    pages = pages_of(letter.print_reply(s, c["id"], tmp_path / "copy.pdf", with_letter=False))
    assert "存档联" in pages[0] and "QA-F-004" in pages[0] and "调查结论" in "\n".join(pages)
    logged = json.loads(s.db.conn.execute("SELECT new FROM audit_log WHERE action = 'print'").fetchone()[0])
    assert logged["letter"] is None and logged["file_copy"] is True
    with pytest.raises(DomainError):
        letter.print_reply(s, c["id"], tmp_path / "nothing.pdf", with_letter=False, file_copy=False)


def test_the_seal_mark_is_never_broken_by_a_long_company_name(people, letterhead, tmp_path):
    long_name = "华东示例制药集团股份有限公司浙江省杭州市滨江区生产基地分公司"
    settings.put(people["admin"], "company_name", long_name)
    c = replied(people)
    out = letter.print_reply(people["inspector"], c["id"], tmp_path / "long-name.pdf", file_copy=False)
    lines = [line.strip() for page in pages_of(out) for line in page.splitlines()]
    assert "（盖章）" in lines, "the mark on its own line, whole"
    assert not [line for line in lines if line.endswith("（盖") or line.startswith("章）")]
    settings.put(people["admin"], "company_name", "华东示例制药有限公司")
    short = letter.print_reply(people["inspector"], c["id"], tmp_path / "short.pdf", file_copy=False)
    assert "华东示例制药有限公司（盖章）" in [line.strip() for line in "\n".join(pages_of(short)).splitlines()]


def test_a_company_name_set_in_both_languages_gives_each_letter_its_half(people, tmp_path):
    settings.put(people["admin"], "company_name", "示例制药有限公司 Example Pharma Co., Ltd.")
    zh = replied(people)
    text = "\n".join(pages_of(letter.print_reply(people["inspector"], zh["id"], tmp_path / "zh.pdf", file_copy=False)))
    assert "示例制药有限公司（盖章）" in text and "Example" not in text and "Pharma" not in text
    en = replied(people, lang="en", session=add_user(people["admin"], "inspector3", "Zhang Wei", ["inspector"],
                                                      "insp3-pass-1"), **ENGLISH)
    text = "\n".join(pages_of(letter.print_reply(people["inspector"], en["id"], tmp_path / "en.pdf", file_copy=False)))
    assert "Example Pharma Co., Ltd." in text and not HAN.search(text), HAN.findall(text)
    assert letter.company_name("示例制药有限公司", "en") == "示例制药有限公司"  # no English name set: the Chinese one
    assert letter.company_name("Example Pharma Co., Ltd.", "zh_CN") == "Example Pharma Co., Ltd."
    assert letter.company_name("示例制药 ABC 有限公司", "en") == "示例制药 ABC 有限公司"  # one name, not two


@pytest.mark.parametrize(("display", "bare"), [("质检员 李娜", "李娜"), ("QA部长 王强", "王强"), ("质量副总 陈静", "陈静"),
                                               ("李娜", "李娜"), ("王 强", "王 强"), ("Inspector Zhang Wei", "Zhang Wei"),
                                               ("Zhang Wei", "Zhang Wei"), ("质检员", "质检员")])
def test_a_title_written_into_the_display_name_is_left_off_the_name(display, bare):
    assert letter.bare_name(display) == bare


def test_the_signer_line_gives_name_and_title_once(people, letterhead, tmp_path):
    titled = add_user(people["admin"], "inspector4", "质检员 李娜", ["inspector"], "insp4-pass-1")
    c = replied(people, session=titled)
    out = letter.print_reply(people["inspector"], c["id"], tmp_path / "signer.pdf")
    text, copy = split(out)
    assert "答复人：李娜（质量保证部质检员）" in text and text.count("质检员") == 1
    assert "李娜 质量保证部质检员" in copy
    english = add_user(people["admin"], "inspector5", "Inspector Zhang Wei", ["inspector"], "insp5-pass-1")
    e = replied(people, lang="en", session=english, **ENGLISH)
    text = "\n".join(pages_of(letter.print_reply(people["inspector"], e["id"], tmp_path / "signer-en.pdf",
                                                 file_copy=False)))
    assert "Zhang Wei" in text and text.count("Inspector") == 1 and "Quality Assurance Inspector" in text
