"""Attacks on the printing paths of issue 15 (records, reply letter, paper checks, related complaints): as an
ordinary user with unusual but legal data, and as someone with write access to the database file (sqlite3).
Each test is one finding; each failed on the code as it was found. What a user or a file can do ends in a
correct print or a bilingual refusal, never a traceback, and never a paper check that says "changed" when
nothing of that complaint changed."""

from __future__ import annotations

import base64
import json
import struct
import zlib

import pytest
from pypdf import PdfReader

from qa_desk.core import closure, settings
from qa_desk.core.errors import DomainError
from qa_desk.documents import forms, letter
from tests import flows
from tests.test_reply_letter import png, replied


def text_of(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def forge(session, sql: str, *params) -> None:
    """A write into the file behind QA Desk's back, as sqlite3 lets anyone with write access do."""
    session.db.conn.execute(sql, params)
    session.db.conn.commit()


# --- an ordinary user, legal data ------------------------------------------------------------------------


def test_a_description_of_many_short_lines_prints(people, tmp_path):
    """A pasted list of 4,999 short lines (10,000 characters, the limit) was cut into 500-character rows of 250
    lines each, every row taller than a page: reportlab's LayoutError, no print."""
    c = flows.registered(people, description="行\n" * 4999 + "末")
    out = forms.print_complaint(people["inspector"], c["id"], "receipt", tmp_path / "lines.pdf")
    text = text_of(out)
    assert text.count("行") == 4999 and "末" in text


def test_archiving_leaves_a_copy_printed_when_closed_current(people, tmp_path, qr_of):
    """Archiving changes only the workflow status, which no form prints; the check said "changed" (archived at,
    status) for every copy of the closed record, the archive package's PDFs included."""
    s = people["inspector"]
    c = flows.closable(people)
    closure.close(s, c["id"])
    forms.print_complaint(s, c["id"], "investigation", tmp_path / "closed.pdf")
    qr = qr_of[-1]
    closure.archive(people["qahead"], c["id"])
    ok, zh, en = forms.check_paper(s, qr)
    assert ok and "current" in en and "archived" in en and "归档" in zh, en
    forge(s, "UPDATE complaints SET description = '别的' WHERE id = ?", c["id"])  # a real change is still one
    assert not forms.check_paper(s, qr)[0]




# --- paper check strings: malformed, forged, truncated -----------------------------------------------------


@pytest.mark.parametrize("damage", ["truncated hash", "forged hash", "head", "empty head", "mode", "form"])
def test_a_damaged_or_forged_qr_text_is_never_called_changed_or_current(people, tmp_path, qr_of, damage):
    """A truncated or forged hash was answered "the record changed after this copy was printed" (it did not); a
    chain head that is not COUNT:HASH, or a masking mark other than M/U, was skipped and the copy called
    "current"; another form's code in the text said the record changed."""
    s = people["inspector"]
    c = flows.registered(people)
    forms.print_complaint(s, c["id"], "receipt", tmp_path / "r.pdf")
    parts = qr_of[-1].split("|")
    if damage == "truncated hash":
        parts[5] = parts[5][:20]
    elif damage == "forged hash":
        parts[5] = "0" * 64
    elif damage == "head":
        parts[7] = "zz:yy"
    elif damage == "empty head":
        parts[7] = ":"
    elif damage == "mode":
        parts[4] = "X"
    elif damage == "form":
        parts[2] = "register"
    ok, zh, en = forms.check_paper(s, "|".join(parts))
    assert not ok
    assert "changed after" not in en and "已更改" not in zh and "current" not in en, en
    assert "cannot be checked" in en.lower() and "无法核对" in zh


# --- values of the wrong type written into the file with sqlite3 ----------------------------------------


@pytest.mark.parametrize(("table", "column", "value"), [
    ("complaints", "quantity", "two boxes"), ("complaints", "scope_units", "many"),
    ("complaints", "quantity", b"\x00\x01"), ("complaints", "description", b"\xff\xfe"),
    ("complaints", "five_whys", "not json"), ("complaints", "fishbone", "[1, 2]"),
    ("complaints", "fishbone", "nope"), ("complaints", "report_type", "zzz"),
    ("capa_actions", "description", b"\x00"),
    ("checklist_items", "note", b"\x01"),
])
def test_a_wrong_typed_value_in_the_file_still_prints_every_record(people, tmp_path, table, column, value):
    """A text in a number column (f"{x:g}"), a blob anywhere (the content hash could not encode it), JSON that is
    not JSON, a report type the policy does not know, a NULL file name: every print of the complaint — and a
    batch print of other records with it — stopped with a traceback."""
    s = people["inspector"]
    other = flows.closable(people)
    c = flows.closable(people)
    if table == "complaints" and column == "report_type":
        forge(s, "UPDATE complaints SET reportable = 1 WHERE id = ?", c["id"])
    key = "id" if table == "complaints" else "complaint_id"
    forge(s, f"UPDATE {table} SET {column} = ? WHERE {key} = ?", value, c["id"])
    for form in ("receipt", "investigation", "capa", "reply"):
        out = forms.print_complaint(s, c["id"], form, tmp_path / f"{form}.pdf")
        assert out.exists()
    out = forms.print_many(s, [other["id"], c["id"]], "investigation", tmp_path / "many.pdf")
    assert other["number"] in text_of(out) and c["number"] in text_of(out)


def test_a_null_attachment_name_still_prints(people, tmp_path):
    from qa_desk.core import attachments

    s = people["inspector"]
    c = flows.registered(people)
    attachments.add(s, c["id"], "照片\U0001f600\u202egpj.exe", b"photo", reason="later")
    assert forms.print_complaint(s, c["id"], "receipt", tmp_path / "emoji.pdf").exists()
    forge(s, "UPDATE attachments SET filename = NULL WHERE complaint_id = ?", c["id"])
    assert forms.print_complaint(s, c["id"], "receipt", tmp_path / "r.pdf").exists()


@pytest.mark.parametrize("received", ["garbage", "2026-13-45T99:00:00"])
def test_a_received_time_that_is_not_a_date_still_prints_the_investigation(people, tmp_path, received):
    """The related complaints' window is taken from the received date: a date written as garbage stopped the
    investigation record (and a batch of them) with ValueError. It prints, and says why no list is given."""
    s = people["inspector"]
    c = flows.registered(people)
    forge(s, "UPDATE complaints SET received_at = ? WHERE id = ?", received, c["id"])
    out = forms.print_complaint(s, c["id"], "investigation", tmp_path / "i.pdf")
    text = text_of(out).replace("\n", "")
    assert "is not a date" in text and "不是日期" in text


@pytest.mark.parametrize("replied_at", ["garbage", "2026-13-01T00:00:00", "", 12345, b"\x01"])
def test_a_reply_date_that_is_not_a_date_still_prints_the_letter(people, letterhead, tmp_path, replied_at):
    s = people["inspector"]
    c = replied(people)
    forge(s, "UPDATE replies SET replied_at = ? WHERE complaint_id = ? AND final = 1", replied_at, c["id"])
    out = letter.print_reply(s, c["id"], tmp_path / "l.pdf")
    assert "答复人" in text_of(out)


@pytest.fixture
def letterhead(people):
    settings.put_many(people["admin"], {"company_name": "华东示例制药有限公司"})
    return people["admin"]


# --- the logo and the letterhead settings -------------------------------------------------------------------


def _big_png(side: int) -> bytes:
    """A grey PNG of side × side pixels in a few hundred KB: what a hostile or careless logo can claim."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    comp = zlib.compressobj(9)
    row = b"\x00" + b"\x80" * side
    body = b"".join(comp.compress(row) for _ in range(side)) + comp.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))


@pytest.mark.parametrize("logo", ["truncated", "not an image", "huge"])
def test_a_logo_that_cannot_be_decoded_is_refused_when_chosen(people, tmp_path, logo):
    """The administrator hears at once that the picture cannot be used, instead of pages printing without it."""
    data = {"truncated": png()[:40], "not an image": b"\x89PNG\r\n\x1a\n" + b"garbage" * 50,
            "huge": _big_png(20_000)}[logo]
    with pytest.raises(DomainError, match="cannot be read|too many pixels") as err:
        settings.set_logo(people["admin"], _write(tmp_path / "logo.png", data))
    assert "标志" in err.value.zh or "图片" in err.value.zh
    assert settings.get(people["admin"].db, "company_logo") == ""


@pytest.mark.parametrize("logo", ["truncated", "not an image", "huge"])
def test_a_logo_that_cannot_be_drawn_never_stops_a_print(people, tmp_path, logo):
    """The settings accept any file that starts like a PNG: a damaged logo made every controlled record and the
    letter's file copy refuse ("Truncated File Read; nothing was saved"); one of 20,000 × 20,000 pixels (about
    400 KB) raised PIL's DecompressionBombError. The pages print without it (or with it downscaled)."""
    admin, s = people["admin"], people["inspector"]
    data = {"truncated": png()[:40], "not an image": b"\x89PNG\r\n\x1a\n" + b"garbage" * 50,
            "huge": _big_png(20_000)}[logo]
    settings.put(admin, "company_logo", base64.b64encode(data).decode("ascii"))  # as an older version stored it
    c = replied(people)
    assert forms.print_complaint(s, c["id"], "receipt", tmp_path / "r.pdf").exists()
    assert letter.print_reply(s, c["id"], tmp_path / "l.pdf").exists()


def test_a_large_logo_is_downscaled_once(people, tmp_path):
    """A 6,000 × 6,000 logo (a designer's export) was decoded and embedded at full size on every page."""
    from qa_desk.documents import pdf

    settings.set_logo(people["admin"], _write(tmp_path / "big.png", _big_png(6000)))
    shown = pdf.logo(people["admin"].db)
    from io import BytesIO

    from PIL import Image

    assert shown is not None and max(Image.open(BytesIO(shown)).size) <= 2000


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_a_logo_setting_that_is_not_base64_never_stops_a_print(people, tmp_path):
    s = people["inspector"]
    forge(s, "INSERT OR REPLACE INTO settings (key, value) VALUES ('company_logo', ?)", json.dumps("!!!notbase64"))
    c = flows.registered(people)
    assert forms.print_complaint(s, c["id"], "receipt", tmp_path / "r.pdf").exists()


def test_a_company_name_written_as_a_number_prints(people, tmp_path):
    s = people["inspector"]
    forge(s, "INSERT OR REPLACE INTO settings (key, value) VALUES ('company_name', ?)", json.dumps(12345))
    c = replied(people)
    assert "12345" in text_of(forms.print_complaint(s, c["id"], "receipt", tmp_path / "r.pdf"))
    assert "12345" in text_of(letter.print_reply(s, c["id"], tmp_path / "l.pdf"))


@pytest.mark.parametrize("what", ["company", "signer"])
def test_a_letterhead_or_signer_longer_than_a_page_flows_on(people, tmp_path, what):
    """A company name or a signer's display name of 3,000 characters written into the file: the letterhead
    table and the signature-and-seal block cannot split, so the letter stopped with LayoutError. They flow on
    as plain paragraphs; nothing is lost."""
    s = people["inspector"]
    c = replied(people)
    if what == "company":
        forge(s, "INSERT OR REPLACE INTO settings (key, value) VALUES ('company_name', ?)", json.dumps("长" * 3000))
    else:
        forge(s, "UPDATE users SET display_name = ? WHERE username = 'inspector'", "签" * 3000)
    out = letter.print_reply(s, c["id"], tmp_path / "l.pdf")
    assert text_of(out).count("长" if what == "company" else "签") >= 3000


def test_nothing_the_layout_cannot_place_leaves_as_a_traceback(people, tmp_path, monkeypatch):
    """Whatever still makes a block taller than a page ends in the domain's bilingual refusal, no file."""
    from reportlab.platypus.doctemplate import LayoutError

    def boom(*a, **k):
        raise LayoutError("too large")

    monkeypatch.setattr(forms.pdf.SimpleDocTemplate, "build", boom)
    c = flows.registered(people)
    with pytest.raises(DomainError) as exc:
        forms.print_complaint(people["inspector"], c["id"], "receipt", tmp_path / "r.pdf")
    assert "taller than a whole page" in exc.value.en and "整页" in exc.value.zh
    assert not (tmp_path / "r.pdf").exists() and not (tmp_path / "r.pdf.part").exists()


def test_a_setting_that_is_not_json_falls_back_to_its_default(people, tmp_path):
    """A settings value written into the file as plain text (not the JSON the app writes) made every print stop
    on a JSONDecodeError; the default holds instead (here the company name: "QA Desk")."""
    s = people["inspector"]
    c = flows.registered(people)
    s.db.conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('company_name', 'not json')")
    assert settings.get(s.db, "company_name") == settings.SETTINGS["company_name"].default
    assert forms.print_complaint(s, c["id"], "receipt", tmp_path / "r.pdf").exists()


def test_the_footer_gives_the_print_time_to_the_second(people, tmp_path):
    """The footer printed the raw ISO time with its T and microseconds (2026-12-02T19:24:11.123456+08:00)."""
    c = flows.registered(people)
    out = forms.print_complaint(people["inspector"], c["id"], "receipt", tmp_path / "r.pdf")
    text = PdfReader(str(out)).pages[0].extract_text()
    import re

    stamp = re.search(r"Printed at: (\S+ \S+)", text).group(1)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d([+-]\d\d:\d\d)?", stamp), stamp
