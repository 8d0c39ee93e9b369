"""Render the controlled records of a complaint (and the blank receipt form) as PDF, audit the print, and
check a paper copy's QR text against the database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from qa_desk.core import anchors, complaints, keys, settings
from qa_desk.core.errors import refuse
from qa_desk.core.session import Session
from qa_desk.documents import pdf
from qa_desk.documents.record import complaint_record, record_hash
from qa_desk.store.files import publish

COMPLAINT_FORMS = ("receipt", "investigation", "capa", "reply", "hold")


def _texts(value) -> list[str]:
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return [str(value)] if value not in (None, "") else []


def _page(session: Session, f: dict, number: str, qr: str | None, changes: int = 0) -> pdf.Page:
    return pdf.Page(company=pdf.company(session), title=f"{f['zh']} {f['en']}", code=f["code"], version=f["version"],
                    number=number, printed_by=session.actor.display_name, printed_at=session.now().isoformat(),
                    qr=qr, changes_note=(f"登记后修改 {changes} 处（见审计追踪） Changed {changes}× after entry"
                                         if changes else ""), logo=settings.logo_bytes(session.db))


def story_for(session: Session, f: dict, record: dict, width: float) -> list:
    st = pdf.styles()
    story = [pdf.para(f"{f['zh']}\n{f['en']}", st["title"]), Spacer(1, 4 * mm)]
    kind = f.get("kind", "record")
    if kind == "letter":
        name = record["complainant_org"] or record["complainant_name"] or "投诉人"
        body = record["reply"] or "（尚未记录最终答复 / no final reply recorded yet）"
        story += [pdf.para(f"致 To: {name}", st["letter"]), Spacer(1, 3 * mm),
                  pdf.para(f"关于投诉 {record['number']}（{record['product_name']}，批号 {record['batch_no'] or '—'}）",
                           st["letter"]), Spacer(1, 3 * mm), pdf.para(body, st["letter"]), Spacer(1, 8 * mm),
                  pdf.para(f"{pdf.company(session)}  质量保证部 Quality Assurance\n{record['reply_at']}", st["letter"])]
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


def _record_story(session: Session, f: dict, complaint_id: int, masked: bool) -> tuple[list, pdf.Page, str]:
    """One complaint's pages: the story, its page decoration (number, QR with the content hash) and the hash."""
    record = complaint_record(session, complaint_id, masked=masked)
    if f["name"] == "hold" and not record["holds"]:
        raise refuse("no_hold", f"投诉 {record['number']} 没有暂停销售记录。", f"Complaint {record['number']} has no batch hold.")
    pdf.check_text(_texts(record))
    digest = record_hash(f["code"], f["version"], record)
    # the anchors outside the file travel on the paper: the installation's root key and the chain head now
    qr = (f"{pdf.QR_PREFIX}|{record['number']}|{f['code']}|{f['version']}|{'M' if masked else 'U'}|{digest}|"
          f"{keys.root_fingerprint(session.db) or '-'}|{anchors.chain_head(session.db)}")
    width = (297 if f.get("orientation") == "landscape" else 210) * mm - 30 * mm
    page = _page(session, f, record["number"], qr, record["changes_after_entry"])
    return story_for(session, f, record, width), page, digest


def print_complaint(session: Session, complaint_id: int, form_name: str, out: Path, *, masked: bool | None = None) -> Path:
    """One controlled record of one complaint; audited as a print."""
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
    """Is a printed copy (its QR text) still what the database says? Returns (current, zh, en)."""
    parts = (text or "").strip().split("|")
    if len(parts) not in (6, 8) or parts[0] != pdf.QR_PREFIX:
        return False, "这不是 QA Desk 打印件上的二维码内容。", "This is not the QR text of a QA Desk printout."
    _, number, code, version, mode, digest = parts[:6]
    if len(parts) == 8:  # printed since schema 7: the paper also holds the file's anchors
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
    now = record_hash(code, version, complaint_record(session, c["id"], masked=mode == "M"))
    if now == digest:
        return True, f"纸质件与数据库一致（{number}，{code} {version}）。", f"The paper copy is current ({number}, {code} {version})."
    return False, f"纸质件打印后记录已更改（{number}），请以数据库为准并重新打印。", \
        f"The record changed after this copy was printed ({number}); the database is authoritative: print again."


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


SUMMARY_CHARS = 200  # of the complaint in the printed register's summary column
REGISTER_PDF_COLUMNS = [("number", 2.3), ("received", 2.2), ("channel", 1.4), ("complainant", 2.4), ("product", 2.8),
                        ("batch", 1.4), ("summary", 5.0), ("class", 0.9), ("status", 1.5), ("conclusion", 1.8),
                        ("market_action", 1.5), ("reply_date", 1.6), ("closed", 1.6), ("days_open", 1.0)]


def print_register(session: Session, out: Path, f=None, *, unmasked: bool = False,
                   progress: Callable[[int, int], None] | None = None) -> Path:
    """The register as a landscape controlled form (the same rows and masking as the Excel export)."""
    from qa_desk.documents import register

    session.require("register_export")
    if unmasked:
        session.require("view_personal_data")
    spec = pdf.form("register")
    st = pdf.styles()
    width = 297 * mm - 30 * mm
    headers = {k: (zh, en) for k, zh, en, _, _ in register.COLUMNS}
    columns = [[key, headers[key][0], headers[key][1], w] for key, w in REGISTER_PDF_COLUMNS]
    lang = "zh_CN"
    rows = []
    for values in register.rows(session, f or register.RegisterFilter(), unmasked=unmasked, lang=lang):
        row = {k: ("" if values[k] is None else (values[k].strftime("%Y-%m-%d %H:%M") if k == "received" else
                                                 str(values[k])))
               for k, _ in REGISTER_PDF_COLUMNS}
        if len(row["summary"]) > SUMMARY_CHARS:  # a summary column; the record print carries the whole text
            row["summary"] = row["summary"][:SUMMARY_CHARS] + "…"
        rows.append(row)
        if progress and len(rows) % 500 == 0:
            progress(len(rows), 0)
    pdf.check_text(_texts(rows))
    story = [pdf.para(f"{spec['zh']} {spec['en']}", st["title"]), Spacer(1, 3 * mm),
             pdf.data_table(columns, rows, st, width)]
    _publish(session, out, lambda part: pdf.build(part, story, _page(session, spec, "", None), orientation="landscape"),
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
    pdf.check_text(_texts(rows))
    width = 210 * mm - 30 * mm
    story = [pdf.para(f"{spec['zh']}\n{spec['en']}", st["title"]), Spacer(1, 4 * mm),
             pdf.para(f"{spec['text_zh']}\n\n{spec['text_en']}", st["letter"]), Spacer(1, 4 * mm)]
    for part in spec["part"]:
        story += [pdf.para(f"{part['zh']} {part['en']}", st["section"]), pdf.data_table(part["columns"], rows, st, width)]
    _publish(session, out, lambda part: pdf.build(part, story, _page(session, spec, "", None)),
             [dict(new={"form": spec["code"], "destruction_log": [r["id"] for r in rows]})])
    return out
