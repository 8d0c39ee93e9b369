"""The reply letter (答复函) as the complainant receives it, and the office's file copy behind it.

The letter is a letter, not a controlled form: the company's letterhead (settings), the complainant's name and
address, the date of the final reply, its text, the name and title of the QA person who sent it with a line to
sign, and the company-seal area — all in one language, the complainant's. No form code, QR code or "printed by"
footer: those are the office's, and go on the file copy (存档联) that follows in the same PDF, whose QR text is
the one ``forms.check_paper`` (``verify --paper``) checks. The letter is never masked: it goes to the person
whose data it holds (DOMAIN §10 masks printouts for *other* audiences).

A complaint records no language. The letter speaks the language its body is written in — the final reply as
recorded, which the inspector wrote for the complainant (``closure.reply_letter`` drafts it in either) — else the
language of the complaint in the complainant's own words, else the installation's ``language`` setting;
``lang=`` overrides. The words around the body (salutation, closing, signature and seal lines, date) are in
forms/reply.toml, one table per language, so a Chinese letter carries no English label and the reverse.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, NextPageTemplate, PageBreak, Spacer

from qa_desk.core import closure, settings, users
from qa_desk.core.errors import refuse
from qa_desk.core.roles import ROLE_COLUMNS, Role
from qa_desk.core.session import Session
from qa_desk.documents import letter_layout as layout
from qa_desk.documents import pdf
from qa_desk.documents.letter_layout import FILE_MARGINS, LETTER_MARGINS, Letter, LetterPage, letter_story
from qa_desk.documents.record import complaint_record

FORM = "reply"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
SIGNER_TITLES = ((Role.INSPECTOR, "title_inspector"), (Role.QA_HEAD, "title_qa_head"),
                 (Role.QUALITY_VP, "title_quality_vp"))


# --- the language ---------------------------------------------------------------------------------------

def _is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF


def text_language(text: str | None) -> str | None:
    """'zh_CN' or 'en' for a text, None when it has no letters. A Chinese character counts as a word, about five
    Latin letters: an English letter naming a Chinese product stays English, a Chinese one quoting a batch or
    "CAPA" stays Chinese."""
    han = sum(1 for ch in text or "" if _is_han(ch))
    latin = sum(1 for ch in text or "" if ch.isascii() and ch.isalpha())
    if not han and not latin:
        return None
    return "zh_CN" if han * 5 >= latin else "en"


def letter_language(record: dict, default: str) -> str:
    """The complainant's language: that of the final reply, else of the complaint, else ``default``."""
    for text in (record.get("reply"), record.get("description")):
        found = text_language(text)
        if found:
            return found
    return "zh_CN" if (default or "zh").startswith("zh") else "en"


def _check_lang(lang: str | None) -> str | None:
    if lang is None:
        return None
    if lang.startswith("zh"):
        return "zh_CN"
    if lang.startswith("en"):
        return "en"
    raise refuse("bad_language", f"答复函的语言只能是中文（zh）或英文（en），不是 {lang}。",
                 f"The reply letter's language is zh or en, not {lang}.")


# --- what one letter says -------------------------------------------------------------------------------


def _date(text, words: dict) -> str:
    """The letter's date in its language; a stored value that is not a date (written into the file with
    sqlite3) is printed as the file holds it, so the letter still prints (verify names the field)."""
    try:
        at = date.fromisoformat(str(text)[:10])
    except ValueError:
        return str(text.hex() if isinstance(text, bytes) else text)
    return words["date"].format(year=at.year, month=at.month, day=at.day, month_name=MONTHS[at.month - 1])


def _final_reply(session: Session, complaint_id: int) -> dict | None:
    finals = [r for r in closure.replies_for(session, complaint_id) if r["final"]]
    return max(finals, key=lambda r: r["id"]) if finals else None


def _titles() -> tuple[tuple[str, ...], frozenset[str]]:
    """The titles a display name may carry, in both languages: the letter's own (forms/reply.toml) and the role
    labels. (Chinese titles, the casefolded words of the English ones.)"""
    letters = pdf.form(FORM)["letter"]
    keys = ["department"] + [key for _, key in SIGNER_TITLES]
    zh = [letters["zh"][k] for k in keys] + [label for _, label, _ in ROLE_COLUMNS]
    en = [letters["en"][k] for k in keys] + [label for _, _, label in ROLE_COLUMNS]
    words = frozenset(w.casefold().strip(",.") for title in en for w in title.split()) - {"of", "the"}
    return tuple(zh), words


def _is_title(token: str, zh_titles: tuple[str, ...], en_words: frozenset[str]) -> bool:
    if any(_is_han(ch) for ch in token):
        # "质检员" is part of "质量保证部质检员", "QA部长" ends with "部长"; one character ("王 强") is a name's
        return len(token) >= 2 and any(token in t or (len(t) >= 2 and token.endswith(t)) for t in zh_titles)
    return token.casefold().strip(",.") in en_words


def bare_name(display_name: str) -> str:
    """The signer's name without the title a display name often carries ("质检员 李娜", "QA部长 王强",
    "Inspector Zhang Wei"): the letter prints the title once, the formal one of the signer's role, after the
    name. Only a leading or trailing run of title words goes, and never the whole name."""
    tokens = display_name.split()
    zh_titles, en_words = _titles()
    start, end = 0, len(tokens)
    while start < end and _is_title(tokens[start], zh_titles, en_words):
        start += 1
    while end > start and _is_title(tokens[end - 1], zh_titles, en_words):
        end -= 1
    return " ".join(tokens[start:end]) if start < end else display_name.strip()


def _bilingual(name: str) -> tuple[str, str] | None:
    """(Chinese, English) of a company name written in both languages in one setting, as the demo's
    "示例制药有限公司 Example Pharma Co., Ltd." (either order); None for a name in one language."""
    tokens = name.split()

    def han(ts: list[str]) -> bool:  # Chinese: Han characters, no Latin letter (digits and brackets may be)
        return any(_is_han(ch) for t in ts for ch in t) and not any(ch.isascii() and ch.isalpha() for t in ts for ch in t)

    def latin(ts: list[str]) -> bool:  # English: at least two words of Latin letters, no Han character
        return len(ts) >= 2 and not any(_is_han(ch) for t in ts for ch in t) and any(
            ch.isascii() and ch.isalpha() for t in ts for ch in t)

    for k in range(1, len(tokens)):
        head, tail = tokens[:k], tokens[k:]
        if han(head) and latin(tail):
            return " ".join(head), " ".join(tail)
        if latin(head) and han(tail):
            return " ".join(tail), " ".join(head)
    return None


def company_name(name: str, lang: str) -> str:
    """The company as a letter in ``lang`` names it: a name set in both languages in one setting gives the
    letter's half (a Chinese letter never names the company in English); otherwise the name as set (an English
    letter falls back to the Chinese name when no English one is set: ``settings.letterhead``)."""
    both = _bilingual(name or "")
    if both is None:
        return name
    return both[0] if lang.startswith("zh") else both[1]


def _signer(session: Session, reply: dict, words: dict) -> tuple[str, str]:
    """The QA person who recorded (sent) the final reply, and the title the letter gives them (once: a title
    written into the display name is left off the name)."""
    user = users.get(session.db, reply["recorded_by"]) if reply.get("recorded_by") else None
    if user is None:
        return "", words["department"]
    roles = set(json.loads(user["roles"] or "[]"))
    title = next((words[key] for role, key in SIGNER_TITLES if role in roles), words["department"])
    return bare_name(user["display_name"]), title


def _body(reply: str, words: dict) -> list[str]:
    """The reply's lines as recorded; only a last line that is the department's name alone is left to the
    signature block below, which says it with the signer's name."""
    lines = reply.replace("\r\n", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if lines and lines[-1].strip() in words["signoff_drop"]:
        lines.pop()
        while lines and not lines[-1].strip():
            lines.pop()
    return lines


def compose(session: Session, record: dict, reply: dict, lang: str) -> Letter:
    """The letter of one complaint's final reply, in ``lang``."""
    words = pdf.form(FORM)["letter"]["zh" if lang.startswith("zh") else "en"]
    org, person = record["complainant_org"], record["contact_person"] or record["complainant_name"]
    suffix = words["addressee_suffix"]
    # zh: 单位, then 某某 收 (the last name line takes 收); en: the person, then the organisation
    addressee = [x for x in ((org, person) if lang.startswith("zh") else (person, org)) if x]
    if addressee and suffix:
        addressee[-1] += suffix
    if record["address"]:
        addressee += [line for line in record["address"].splitlines() if line.strip()]
    body = _body(str(record["reply"]), words)
    first = next((line.strip() for line in body if line.strip()), "")
    salutation = None if any(first.startswith(m) for m in words["salutation_marks"]) else \
        words["salutation"].format(name=person or org or words["nobody"])
    closing = [] if any(m in str(record["reply"]) for m in words["closing_marks"]) else list(words["closing"])
    product, batch = record["product_name"], record["batch_no"]
    subject = (words["subject"] if batch else words["subject_no_batch"]).format(product=product, batch=batch)
    signer, title = _signer(session, reply, words)
    # a setting written with sqlite3 as a number or null still prints (as text, or left off)
    head = {k: "" if v is None else str(v) for k, v in settings.letterhead(session.db, lang).items()}
    head["name"] = company_name(head["name"], lang)
    return Letter(lang=lang, words=words, number=record["number"], letterhead=head,
                  logo=pdf.logo(session.db), addressee=addressee, salutation=salutation, subject=subject,
                  reference=words["reference"].format(number=record["number"]),
                  date=_date(record["reply_at"] or reply["replied_at"], words), body=body, closing=closing,
                  signer=signer, signer_title=title)


@dataclass
class Part:
    """One complaint's pages: its letter (when there is one) and its file copy (when asked)."""

    complaint_id: int
    letter: Letter | None
    copy_story: list | None
    file_page: pdf.Page | None
    digest: str


def _build(path: Path, parts: list[Part], title: str, author: str) -> None:
    story: list = []
    first = None
    for part in parts:
        if part.letter is not None:
            page = LetterPage(part.letter.lang, part.letter.words, part.letter.number)
            first = first or page
            story += [NextPageTemplate("letter")] + ([PageBreak()] if story else [])
            story += [pdf.RecordStart(page), *letter_story(part.letter, layout.frame_width(LETTER_MARGINS))]
        if part.copy_story is not None:
            first = first or part.file_page
            story += [NextPageTemplate("file")] + ([PageBreak()] if story else [])
            story += [pdf.RecordStart(part.file_page), *part.copy_story]
    starts_with_letter = parts[0].letter is not None
    templates = [layout.page_template("letter", LETTER_MARGINS), layout.page_template("file", FILE_MARGINS)]
    doc = BaseDocTemplate(str(path), pagesize=A4, pageTemplates=templates if starts_with_letter else templates[::-1],
                          title=title, author=author, subject=parts[0].file_page.number if parts[0].file_page else "",
                          creator="QA Desk", initialFontName=pdf.FONT)  # else reportlab names Helvetica, unembedded
    with pdf.laid_out(parts[0].file_page.number if parts[0].file_page else ""):
        doc.build(story, canvasmaker=layout.canvas_for(first))


def _copy_story(session: Session, f: dict, record: dict, reply: dict | None, letter: Letter | None) -> list:
    """The office's copy: the facts of the reply (bilingual labels: it stays in the office) and the letter as
    sent, or why there is none."""
    st = pdf.styles()
    width = layout.frame_width(FILE_MARGINS)
    pol = session.policy
    story = [pdf.para(f"{f['copy_zh']}\n{f['copy_en']}", st["title"]), Spacer(1, 4 * mm)]
    if letter is None:
        key = "anonymous" if record["anonymous"] else "no_letter"
        story.append(pdf.para(f"{f[f'copy_{key}_zh']}\n{f[f'copy_{key}_en']}", st["letter"]))
        return story

    def both(vocab, code):
        return f"{pol.label(vocab, code, 'zh')} / {pol.label(vocab, code, 'en')}" if code else ""

    facts = {"number": record["number"], "letter_lang": letter.words["language"],
             "addressee": " ".join(x for x in (record["complainant_org"], record["contact_person"] or
                                               record["complainant_name"]) if x),
             "address": record["address"], "reply_at": record["reply_at"], "method": both("reply_method", reply["method"]),
             "signer": f"{letter.signer} {letter.signer_title}".strip(),
             "satisfaction": both("satisfaction", reply["satisfaction"])}
    story += [pdf.field_table(f["copy_fields"], facts, st, width),
              pdf.para(f"{f['copy_sent_zh']} {f['copy_sent_en']}", st["section"]), Spacer(1, 2 * mm)]
    return story + letter_story(letter, width, letterhead=False)


def _part(session: Session, f: dict, complaint_id: int, *, file_copy: bool, lang: str | None,
          with_letter: bool = True) -> Part:
    from qa_desk.documents import forms  # forms dispatches 'reply' here: imported when used

    # the same story, QR text (content hash, root key, chain head) and glyph check as every controlled record
    _, page, digest = forms._record_story(session, f, complaint_id, False)
    record = complaint_record(session, complaint_id, masked=False)
    reply = _final_reply(session, complaint_id) if record["reply"] else None
    letter = None
    if reply is not None and not record["anonymous"]:
        letter = compose(session, record, reply, lang or letter_language(record, settings.get(session.db, "language")))
    if not with_letter:
        if not file_copy:
            raise refuse("nothing_to_print", "既不打印答复函也不打印存档联：没有可打印的内容。",
                         "Neither the letter nor the file copy was asked for: there is nothing to print.")
        sent = letter  # the file copy alone (reprinted for the file) still shows the letter as sent
        page = dataclasses.replace(page, title=f"{f['copy_zh']} {f['copy_en']}")
        return Part(complaint_id, None, _copy_story(session, f, record, reply, sent), page, digest)
    if letter is None and not file_copy:
        raise refuse("no_final_reply", f"投诉 {record['number']} 尚未记录最终答复（或为匿名投诉），没有可打印的答复函。",
                     f"Complaint {record['number']} has no final reply recorded (or is anonymous): there is no "
                     "letter to print.")
    copy = None
    if file_copy:
        page = dataclasses.replace(page, title=f"{f['copy_zh']} {f['copy_en']}")
        copy = _copy_story(session, f, record, reply, letter)
    return Part(complaint_id, letter, copy, page if file_copy else None, digest)


def _refuse_masked(masked: bool | None) -> None:
    if masked:
        raise refuse("letter_unmasked", "答复函寄给投诉人本人，不屏蔽个人信息；给其他人阅看请打印屏蔽的接收记录。",
                     "The reply letter goes to the complainant and is never masked; for other readers print the "
                     "masked receipt record.")


def _entries(f: dict, parts: list[Part], out: Path, *, batch: bool = False) -> list[dict]:
    return [dict(tbl="complaints", record_id=p.complaint_id, complaint_id=p.complaint_id,
                 new={"form": f["code"], "version": f["version"], "sha256": p.digest, "file": out.name,
                      "letter": p.letter.lang if p.letter else None, "file_copy": p.copy_story is not None,
                      **({"batch": True} if batch else {})})
            for p in parts]


def print_reply(session: Session, complaint_id: int, out: Path, *, file_copy: bool = True, with_letter: bool = True,
                lang: str | None = None, masked: bool | None = None) -> Path:
    """The reply letter of one complaint, then (``file_copy``) the office's file copy with the form code and the
    QR code; one PDF, audited as a print like every record (``forms._publish``: the file appears only once its
    print entry is committed). ``with_letter=False``: the file copy alone, on request. No final reply (or an
    anonymous complaint): the file copy alone says so; ``masked=True`` is refused (the letter is never masked)."""
    from qa_desk.documents import forms

    session.require("print_record", complaint_id=complaint_id)
    session.require("view_personal_data", complaint_id=complaint_id)  # the letter carries name and address
    _refuse_masked(masked)
    f = pdf.form(FORM)
    part = _part(session, f, complaint_id, file_copy=file_copy, lang=_check_lang(lang), with_letter=with_letter)
    title = f"{f['zh'] if (part.letter is None or part.letter.zh) else f['en']} {part.file_page.number if part.file_page else ''}"
    author = (part.letter.letterhead["name"] if part.letter else "") or pdf.company(session)
    forms._publish(session, out, lambda path: _build(path, [part], title.strip(), author), _entries(f, [part], out))
    return out


def print_replies(session: Session, complaint_ids: list[int], out: Path, *, file_copy: bool = True,
                  progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> Path:
    """A batch of reply letters into one PDF, each letter followed by its file copy; for ``forms.print_many``."""
    from qa_desk.documents import forms

    session.require("print_record")
    session.require("view_personal_data")
    f = pdf.form(FORM)
    parts: list[Part] = []
    for i, cid in enumerate(complaint_ids):
        if cancelled and cancelled():
            raise refuse("cancelled", "已取消，未生成文件。", "Cancelled; no file was written.")
        parts.append(_part(session, f, cid, file_copy=file_copy, lang=None))
        if progress:
            progress(i + 1, len(complaint_ids))
    if not parts:
        raise refuse("nothing_selected", "没有选择要打印的投诉。", "No complaints were selected to print.")
    forms._publish(session, out, lambda path: _build(path, parts, f"{f['zh']} {f['en']}", pdf.company(session)),
                   _entries(f, parts, out, batch=True))
    return out
