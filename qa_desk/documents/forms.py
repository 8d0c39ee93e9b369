"""Render the controlled records of a complaint (and the blank receipt form) as PDF, audit the print, and
check a paper copy's QR text against the database."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from qa_desk.core import anchors, complaints, keys, paper
from qa_desk.core import related as rel
from qa_desk.core.clock import iso
from qa_desk.core.errors import refuse
from qa_desk.core.session import Session
from qa_desk.documents import letter, pdf
from qa_desk.documents.record import RULE, both, complaint_record, record_hash, related_rows
from qa_desk.store.files import publish

COMPLAINT_FORMS = ("receipt", "investigation", "capa", "reply", "hold")


def _page(session: Session, f: dict, number: str, qr: str | None, changes: int = 0) -> pdf.Page:
    return pdf.Page(company=pdf.company(session), title=f"{f['zh']} {f['en']}", code=f["code"], version=f["version"],
                    number=number, printed_by=session.actor.display_name, printed_at=iso(session.now()),
                    qr=qr, changes_note=(f"登记后修改 {changes} 处（见审计追踪） Changed {changes}× after entry"
                                         if changes else ""), logo=pdf.logo(session.db))


def story_for(session: Session, f: dict, record: dict, width: float) -> list:
    st = pdf.styles()
    story = [pdf.para(f"{f['zh']}\n{f['en']}", st["title"]), Spacer(1, 4 * mm)]
    kind = f.get("kind", "record")
    if kind == "letter":  # the letter and its file copy are typeset by documents.letter (print_reply)
        return story
    if kind == "hold":
        story += [pdf.para(f"{f['text_zh']}\n\n{f['text_en']}", st["letter"]), Spacer(1, 5 * mm)]
        for hold in record["holds"] or [{"batch_no": record["batch_no"], "since": "", "status": "", "lifted": ""}]:
            story += [pdf.field_table([["product_name", "产品名称", "Product"], ["strength", "规格", "Strength"],
                                       ["batch_no", "批号", "Batch"], ["number", "依据投诉", "Complaint"],
                                       ["class", "分类", "Class"]], {**record, "batch_no": hold["batch_no"]}, st, width),
                      Spacer(1, 2 * mm), pdf.para(f"暂停自 On hold since: {hold['since']}    状态 State: {hold['status']}"
                                                  f"    {hold['lifted']}", st["base"]), Spacer(1, 4 * mm)]
        return story
    for part in f.get("part", []):
        if part.get("only_if") and not record.get(part["only_if"]):
            continue  # e.g. the import's part, on a record registered in the app
        story.append(pdf.para(f"{part['zh']} {part['en']}", st["section"]))
        if "fields" in part:
            story.append(pdf.field_table(part["fields"], record, st, width))
        else:
            story.append(pdf.data_table(part["columns"], record.get(part["key"], []), st, width))
        notes = [record.get(part["more"], "") if part.get("more") else "",
                 f"{part['note_zh']}\n{part['note_en']}" if part.get("note_zh") else ""]
        if any(notes):
            story += [Spacer(1, 1.5 * mm), *(pdf.para(n, st["base"]) for n in notes if n)]
    if "signatures" not in [t.get("key") for t in f.get("part", [])]:
        sig = next(p for p in pdf.form("investigation")["part"] if p.get("key") == "signatures")
        story += [pdf.para(f"{sig['zh']} {sig['en']}", st["section"]),
                  pdf.data_table(sig["columns"], record["signatures"], st, width)]
    return story


def _check_form(form_name: str) -> dict:
    if form_name not in COMPLAINT_FORMS:
        raise refuse("no_form", f"没有表单 {form_name}（可选：{', '.join(COMPLAINT_FORMS)}）",
                     f"There is no form {form_name} (choose {', '.join(COMPLAINT_FORMS)})")
    return pdf.form(form_name)


def prints_related(f: dict) -> bool:
    """Whether a form prints the related complaints (only those forms read them: issue 15)."""
    return any(part.get("key") == "related" for part in f.get("part", []))


def _record_story(session: Session, f: dict, complaint_id: int, masked: bool) -> tuple[list, pdf.Page, str]:
    """One complaint's pages: the story, its page decoration (number, QR with the content hash and the rule it
    was hashed by) and the hash."""
    record = complaint_record(session, complaint_id, masked=masked, related=prints_related(f))
    if f["name"] == "hold" and not record["holds"]:
        raise refuse("no_hold", f"投诉 {record['number']} 没有暂停销售记录。", f"Complaint {record['number']} has no batch hold.")
    digest = record_hash(f["code"], f["version"], record)
    # the anchors outside the file travel on the paper: the installation's root key and the chain head now
    qr = (f"{pdf.QR_PREFIX}|{record['number']}|{f['code']}|{f['version']}|{'M' if masked else 'U'}|{digest}|"
          f"{keys.root_fingerprint(session.db) or '-'}|{anchors.chain_head(session.db)}|R{RULE}")
    width = (297 if f.get("orientation") == "landscape" else 210) * mm - 30 * mm
    page = _page(session, f, record["number"], qr, record["changes_after_entry"])
    return story_for(session, f, record, width), page, digest


def print_complaint(session: Session, complaint_id: int, form_name: str, out: Path, *, masked: bool | None = None) -> Path:
    """One controlled record of one complaint; audited as a print. The reply is a letter to the complainant, with
    the office's file copy (``documents.letter``)."""
    if form_name == "reply":
        return letter.print_reply(session, complaint_id, out, masked=masked)
    session.require("print_record", complaint_id=complaint_id)
    if masked is False:  # an unmasked print: refused (and audited) for a reader without the right
        session.require("view_personal_data", complaint_id=complaint_id)
    f = _check_form(form_name)
    masked = (not session.may("view_personal_data")) if masked is None else masked
    story, page, digest = _record_story(session, f, complaint_id, masked)
    _publish(session, out, lambda part: pdf.build(part, story, page, orientation=f.get("orientation", "portrait")),
             [dict(tbl="complaints", record_id=complaint_id, complaint_id=complaint_id,
                   new={"form": f["code"], "version": f["version"], "sha256": digest, "file": out.name})])
    return out


def print_many(session: Session, complaint_ids: list[int], form_name: str, out: Path, *,
               progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None) -> Path:
    """A batch of complaints into one PDF. Each record starts on a new page and keeps its own header, QR code
    and 'page x / y', so a sheet pulled out of the pile still says which record it belongs to."""
    if form_name == "reply":
        return letter.print_replies(session, complaint_ids, out, progress=progress, cancelled=cancelled)
    session.require("print_record")
    f = _check_form(form_name)
    masked = not session.may("view_personal_data")
    story: list = []
    digests: list[tuple[int, str]] = []
    first: pdf.Page | None = None
    for i, cid in enumerate(complaint_ids):
        if cancelled and cancelled():
            raise refuse("cancelled", "已取消，未生成文件。", "Cancelled; no file was written.")
        part, page, digest = _record_story(session, f, cid, masked)
        first = first or page
        if story:
            story.append(PageBreak())
        story += [pdf.RecordStart(page), *part]
        digests.append((cid, digest))
        if progress:
            progress(i + 1, len(complaint_ids))
    if first is None:
        raise refuse("nothing_selected", "没有选择要打印的投诉。", "No complaints were selected to print.")
    _publish(session, out, lambda part: pdf.build(part, story, first, orientation=f.get("orientation", "portrait")),
             [dict(tbl="complaints", record_id=cid, complaint_id=cid,
                   new={"form": f["code"], "version": f["version"], "sha256": digest, "file": out.name, "batch": True})
              for cid, digest in digests])
    return out


def blank_receipt(session: Session, out: Path) -> Path:
    f = pdf.form("receipt")
    st = pdf.styles()
    width = 210 * mm - 30 * mm
    story = [pdf.para(f"{f['zh']}（空白表）\n{f['en']} (blank, for paper intake)", st["title"]), Spacer(1, 4 * mm)]
    parts = [s for s in f["part"] if not s.get("only_if")]
    blank = {key: " " for s in parts for key, _, _ in s["fields"]}
    for s in parts:
        story += [pdf.para(f"{s['zh']} {s['en']}", st["section"]),
                  pdf.field_table(s["fields"], blank, st, width, blank=True)]
    _publish(session, out, lambda part: pdf.build(part, story, _page(session, f, "", None)),
             [dict(new={"form": f["code"], "blank": True})])
    return out


def _publish(session: Session, out: Path, build: Callable[[Path], object], entries: list[dict]) -> None:
    """The PDF is built as ``out.part``; its print entries are committed; only then is it renamed to ``out``. When
    the entries cannot be committed (another program holds the write lock) no file is left and nothing is saved."""
    def record(_):
        with session.write() as tx:
            for entry in entries:
                tx.log("print", **entry)

    publish(Path(out), build, record)


def check_paper(session: Session, text: str) -> tuple[bool, str, str]:
    """Is a printed copy (its QR text) still what the database says? Returns (current, zh, en); when it is not,
    the message lists what of the complaint changed after the print, by field and time (from the audit trail).

    The QR text has 6 parts (printed before schema 7), 8 (with the file's anchors) or 9 (with the hash rule,
    "R2", since issue 15). A copy without a rule mark is checked by rule 1 — the related list as it was at its
    print time, which the print entry's time and the complaints registered before it give again — and, failing
    that, by rule 2: each rule names itself in what it hashes, so a match under either proves the content."""
    parts = (text or "").strip().split("|")
    if len(parts) not in (6, 8, 9) or parts[0] != pdf.QR_PREFIX:
        return False, "这不是 QA Desk 打印件上的二维码内容。", "This is not the QR text of a QA Desk printout."
    if len(parts) == 9 and parts[8] != f"R{RULE}":
        return False, f"此打印件的校验规则 {parts[8]} 不是本程序的（R{RULE}）：请用打印它的 QA Desk 版本核对。", \
            f"This copy was hashed by rule {parts[8]}, not this QA Desk's (R{RULE}): check it with the version that printed it."
    _, number, code, version, mode, digest = parts[:6]
    malformed = _malformed(parts)
    if malformed:
        return False, (f"二维码内容不完整或有误（{malformed[0]}）：这不是一份 QA Desk 打印件的完整二维码，无法核对；"
                       "请重新扫描，或以数据库为准。"), \
            (f"The QR text is incomplete or wrong ({malformed[1]}): it is not the whole QR code of a QA Desk "
             "printout and cannot be checked; scan it again, or go by the database.")
    if len(parts) >= 8:  # printed since schema 7: the paper also holds the file's anchors
        trouble = _anchors_on_paper(session, parts[6], parts[7])
        if trouble:
            return False, *trouble
    try:
        c = complaints.by_number(session.db, number)
        f = pdf.form(code)
    except Exception:
        return False, f"数据库中没有投诉 {number} 或表单 {code}。", f"No complaint {number} or form {code} in this database."
    if f["version"] != version:
        return False, f"表单版本已从 {version} 改为 {f['version']}，请重新打印。", \
            f"The form is now version {f['version']} (paper: {version}); print it again."
    db = session.db
    record = complaint_record(session, c["id"], masked=mode == "M", for_check=True)
    entry = paper.print_entry(db, c["id"], digest)
    if entry is not None and entry.form and entry.form not in (code, f["code"]):
        entry = None  # the trail printed this hash on another form: the QR text was altered
    rules = [RULE] if len(parts) == 9 else [1, RULE]
    archived = None
    matched = _matches(session, c, record, code, version, digest, rules, entry)
    if not matched and entry is not None and c["status"] == "archived":
        # archiving after the print changed only the workflow status, which no form prints: the copy is current
        archived = paper.archived_only_since(db, c["id"], entry.id)
        if archived:
            closed = {**record, "status": both(session.policy, "status", "closed")}
            matched = _matches(session, c, closed, code, version, digest, rules, entry)
    if matched:
        when = f"，打印于 {entry.at[:16].replace('T', ' ')}（{entry.who}）" if entry else ""
        when_en = f"; printed {entry.at[:16].replace('T', ' ')} by {entry.who}" if entry else ""
        since = f"；此后于 {archived[:16].replace('T', ' ')} 归档，记录内容未变" if archived else ""
        since_en = f"; archived {archived[:16].replace('T', ' ')} since, its content unchanged" if archived else ""
        return True, f"纸质件与数据库一致（{number}，{code} {version}{when}{since}）。", \
            f"The paper copy is current ({number}, {code} {version}{when_en}{since_en})."
    zh, en = (f"纸质件打印后记录已更改（{number}），请以数据库为准并重新打印。",
              f"The record changed after this copy was printed ({number}); the database is authoritative: print again.")
    if entry is None:  # no print put this hash on paper: nothing says the record changed, only that it differs
        return False, (f"无法核对：审计追踪中没有哪次打印把此校验值印在 {number} 的 {code} 上——二维码读错、被改动，"
                       "或不是从本数据库打印的。此校验值与数据库中的记录不符，请以数据库为准。"), \
            (f"Cannot be checked: no print in the audit trail put this hash on {code} of {number} — the QR text was "
             "misread or altered, or the copy was not printed from this file. The hash does not match the record "
             "in the database: go by the database.")
    at = entry.at[:16].replace("T", " ")
    found = paper.changes_after(db, c["id"], entry.id)
    if found:
        return False, (f"{zh}\n打印于 {at}（{entry.who}）之后的修改：\n{paper.describe(found, 'zh')}"), \
            f"{en}\nChanged after the print of {at} ({entry.who}):\n{paper.describe(found, 'en')}"
    if 1 in rules:
        return False, (f"{zh}\n自 {at} 打印以来，审计追踪中本投诉没有修改；此件按旧规则打印，其“相关投诉”列表是打印时的，"
                       "现已不同（相关投诉其后被作废、修改，或补登了更早接收的投诉）。无法证明纸质件与数据库一致，请重新打印。"), \
            (f"{en}\nThe audit trail holds no change of this complaint since the print of {at}; the copy was printed "
             "under the earlier rule, whose list of related complaints (as at that print) differs now (one was voided "
             "or edited since, or one received earlier was registered later). That the copy is current cannot be "
             "proven: print it again.")
    return False, (f"{zh}\n自 {at} 打印以来，审计追踪中本投诉没有修改：不同之处在投诉之外（账户姓名、策略中的名称），"
                   "或数据库被绕过 QA Desk 修改过：请运行 qa-desk verify。"), \
        (f"{en}\nThe audit trail holds no change of this complaint since the print of {at}: what differs lies outside "
         "it (an account's name, a label of the policy), or the file was changed outside QA Desk: run qa-desk verify.")


_HEX64 = re.compile(r"[0-9a-f]{64}")
_FINGERPRINT = re.compile(r"-|[0-9a-f]{8,128}")


def _malformed(parts: list[str]) -> tuple[str, str] | None:
    """(zh, en) of what is wrong with the shape of a QR text's parts; None when every part is as printed."""
    number, code, version, mode, digest = parts[1:6]
    if not number.strip() or not code.strip() or not version.strip():
        return "缺少编号、表单或版本", "no number, form or version"
    if mode not in ("M", "U"):
        return f"屏蔽标记应为 M 或 U，不是 {mode[:20]}", f"the masking mark is M or U, not {mode[:20]}"
    if not _HEX64.fullmatch(digest):
        return "校验值不是 64 位十六进制数", "the hash is not 64 hexadecimal digits"
    if len(parts) >= 8:
        if not _FINGERPRINT.fullmatch(parts[6]):
            return "根密钥指纹格式不对", "the root-key fingerprint is not one"
        if anchors.Head.parse(parts[7]) is None:
            return "审计链链头应为 条数:哈希", "the chain head is not COUNT:HASH"
    return None


def _matches(session: Session, c: dict, record: dict, code: str, version: str, digest: str, rules: list[int],
             entry: paper.PrintEntry | None) -> bool:
    for rule in rules:
        if rule == 1:  # the related list as it was at the print (as of now, when the trail has no such print)
            if entry is not None:
                found = rel.rule1_rows(session.db, c, printed_at=entry.at,
                                       last_id=paper.last_complaint_before(session.db, entry.id))
            else:
                found = complaints.related(session.db, c, now=session.now())
            old = {**record, "related": related_rows(found, rule=1),
                   "changes_after_entry": paper.changes_after_entry(session.db, c["id"], rule=1)}
            if record_hash(code, version, old, rule=1) == digest:
                return True
        elif record_hash(code, version, record, rule=rule) == digest:
            return True
    return False


def _anchors_on_paper(session: Session, root: str, head: str) -> tuple[str, str] | None:
    """(zh, en) when the file is not the one the paper was printed from: another root key, or a chain that is
    shorter or different at the head the paper noted."""
    now_root = keys.root_fingerprint(session.db) or "-"
    if root != now_root:
        return (f"纸质件打印自根密钥为 {root} 的安装，此数据库为 {now_root}：这是另一套安装的文件，或审计追踪被整体重建过。",
                f"The paper was printed from the installation with root key {root}; this database has {now_root}: "
                "it is another installation's file, or the whole trail was rebuilt.")
    noted = anchors.Head.parse(head)
    problem = anchors.compare(session.db, noted) if noted else None
    return (problem[1], problem[2]) if problem else None


def print_register(session: Session, out: Path, f=None, *, unmasked: bool = False,
                   progress: Callable[[int, int], None] | None = None) -> Path:
    """The register as a landscape controlled form (the same rows and masking as the Excel export), laid out
    by ``documents.register_pdf``; audited as a print."""
    from qa_desk.documents import register, register_pdf

    session.require("register_export")
    if unmasked:
        session.require("view_personal_data")
    spec = pdf.form("register")
    f = f or register.RegisterFilter()
    headers = {k: (zh, en) for k, zh, en, _, _ in register.COLUMNS}
    keys_ = [c.key for c in register_pdf.COLUMNS]
    rows = []
    for values in register.rows(session, f, unmasked=unmasked, lang="zh_CN"):
        rows.append({k: values[k] for k in keys_})
        if progress and len(rows) % 500 == 0:
            progress(len(rows), 0)
    counted = f.ids is None  # "the 2,000 selected" already says how many
    subtitle = (f.describe("zh_CN", session.policy) + (f"，共 {len(rows)} 条" if counted else "") + "    "
                + f.describe("en", session.policy) + (f", {len(rows)} complaint{'s' * (len(rows) != 1)}" if counted else "")
                + ("" if unmasked else "    个人信息已遮蔽 Personal data masked"))
    _publish(session, out, lambda part: register_pdf.render(part, rows, [headers[k] for k in keys_],
                                                            _page(session, spec, "", None),
                                                            title=f"{spec['zh']} {spec['en']}", subtitle=subtitle),
             [dict(new={"form": spec["code"], "rows": len(rows), "unmasked": unmasked})])
    return out


def destruction_certificate(session: Session, out: Path, log_ids: list[int] | None = None) -> Path:
    """The printable certificate of the destruction log (all of it, or the given entries); audited."""
    from qa_desk.core import retention

    session.require("archive_package")
    spec = pdf.form("destruction")
    st = pdf.styles()
    rows = retention.certificate_rows(session.db, log_ids)
    if not rows:
        raise refuse("nothing_destroyed", "销毁记录中没有这些条目。", "The destruction log holds no such entries.")
    width = 210 * mm - 30 * mm
    story = [pdf.para(f"{spec['zh']}\n{spec['en']}", st["title"]), Spacer(1, 4 * mm),
             pdf.para(f"{spec['text_zh']}\n\n{spec['text_en']}", st["letter"]), Spacer(1, 4 * mm)]
    for part in spec["part"]:
        story += [pdf.para(f"{part['zh']} {part['en']}", st["section"]), pdf.data_table(part["columns"], rows, st, width)]
    _publish(session, out, lambda part: pdf.build(part, story, _page(session, spec, "", None)),
             [dict(new={"form": spec["code"], "destruction_log": [r["id"] for r in rows]})])
    return out
