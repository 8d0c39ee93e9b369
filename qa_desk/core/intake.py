"""Intake (受理登记): register a complaint, acknowledge it, and the first-contact record.

``register`` takes one draft (what the wizard or an import hands over) and writes, in one transaction, the
complaint with its number, its deadlines, and — when the draft carries them — the acknowledgement and the
triage, each as its own audited step.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from qa_desk.core import deadlines, lifecycle, numbering, triage
from qa_desk.core import roles as R
from qa_desk.core import validation as V
from qa_desk.core.clock import iso
from qa_desk.core.complaints import get
from qa_desk.core.errors import Problem, refuse, require
from qa_desk.core.session import Session
from qa_desk.core.workcal import WorkCalendar
from qa_desk.store.audit import Tx

RECEIPT_TEXT = ("first_contact", "complainant_name", "complainant_org", "contact_person", "phone", "address",
                "email", "product_name", "strength", "package_form", "unit", "purchase_place", "storage_use",
                "description", "request")


@dataclass
class ComplaintDraft:
    """Everything intake can capture. Classification fields are optional (reception leaves them empty)."""

    received_at: datetime | str | None = None
    channel: str | None = None
    first_contact: str | None = None
    complainant_type: str | None = None
    complainant_name: str | None = None
    complainant_org: str | None = None
    contact_person: str | None = None
    phone: str | None = None
    address: str | None = None
    email: str | None = None
    anonymous: bool = False
    product_name: str | None = None
    strength: str | None = None
    package_form: str | None = None
    batch_no: str | None = None
    mfg_date: str | None = None
    expiry_date: str | None = None
    quantity: float | str | None = None
    unit: str | None = None
    purchase_place: str | None = None
    purchase_date: str | None = None
    storage_use: str | None = None
    description: str | None = None
    request: str | None = None
    sample_available: bool = False
    sample_requested: bool = False
    adverse_event: bool = False
    # acknowledgement made during intake
    acknowledged_at: datetime | str | None = None
    ack_method: str | None = None
    # classification (inspector only)
    triage: triage.TriageInput | None = None
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    # earlier complaints the inspector linked as duplicates of / related to this one
    links: list[int] = field(default_factory=list)


def check_receipt(session: Session, draft: ComplaintDraft) -> tuple[dict, list[Problem]]:
    """Validate and normalise the receipt part of a draft; returns the column values and the problems."""
    p: list[Problem] = []
    pol = session.policy
    now = session.now()
    received = V.check_received(draft.received_at, now, p)
    row: dict = {k: V.clean_text(getattr(draft, k), k, p) for k in RECEIPT_TEXT}
    row["received_at"] = iso(received) if received else None
    row["channel"] = V.check_choice(draft.channel, pol.codes("channel"), "channel", p, required=True)
    row["complainant_type"] = V.check_choice(draft.complainant_type, pol.codes("complainant_type"),
                                             "complainant_type", p)
    row["anonymous"] = int(bool(draft.anonymous))
    if not draft.anonymous and not (row["complainant_name"] or row["complainant_org"]):
        p.append(Problem("请填写投诉人姓名或单位，或勾选“匿名”", "enter the complainant's name or organisation, or tick "
                         "anonymous", "complainant_name"))
    V.check_email(row["email"], p)
    V.check_phone(row["phone"], p)
    if not row["product_name"]:
        p.append(V.missing("product_name"))
    if not row["description"]:
        p.append(V.missing("description"))
    row["batch_no"] = V.check_batch(draft.batch_no, p)
    mfg = V.check_date(draft.mfg_date, "mfg_date", p)
    exp = V.check_date(draft.expiry_date, "expiry_date", p)
    bought = V.check_date(draft.purchase_date, "purchase_date", p)
    if mfg and exp and mfg > exp:
        p.append(Problem("生产日期不能晚于有效期", "the manufacturing date must not be after the expiry date", "expiry_date"))
    if received and mfg and mfg > received.date():
        p.append(Problem("生产日期不能晚于接收日期", "the manufacturing date must not be after the receipt date", "mfg_date"))
    if received and bought and bought > received.date():
        p.append(Problem("购买日期不能晚于接收日期", "the purchase date must not be after the receipt date", "purchase_date"))
    row.update(mfg_date=mfg and mfg.isoformat(), expiry_date=exp and exp.isoformat(),
               purchase_date=bought and bought.isoformat())
    row["quantity"] = V.check_quantity(draft.quantity, p)
    if row["quantity"] is not None and not row["unit"]:
        p.append(Problem("请填写数量的单位", "enter the unit of the quantity", "unit"))
    row.update(sample_available=int(bool(draft.sample_available)),
               sample_requested=int(bool(draft.sample_requested)), adverse_event=int(bool(draft.adverse_event)))
    return row, p


def check_draft(session: Session, draft: ComplaintDraft) -> tuple[dict, str | None, dict | None, list[Problem]]:
    """Every check ``register`` makes, without writing: (receipt row, ack time, triage row, problems).
    The wizard calls it as the user types to show problems inline."""
    row, problems = check_receipt(session, draft)
    ack_at = None
    if (draft.acknowledged_at or draft.ack_method) and draft.anonymous:
        problems.append(Problem("匿名投诉无需确认收悉，请取消“已告知投诉人”", "an anonymous complaint needs no "
                                "acknowledgement; untick it", "acknowledged_at"))
    elif draft.acknowledged_at or draft.ack_method:
        ack_at, ack_problems = _check_ack(session, draft.acknowledged_at, draft.ack_method, row["received_at"])
        problems += ack_problems
    tri = None
    if draft.triage is not None:
        tri, tri_problems = triage.check(session, draft.triage, adverse_event=bool(row["adverse_event"]))
        problems += tri_problems
    problems += _check_attachments(session, draft.attachments)
    return row, ack_at, tri, problems


def register(session: Session, draft: ComplaintDraft) -> dict:
    """Register one complaint (and its acknowledgement and triage when given). Returns the stored row."""
    session.require("register")
    if draft.triage is not None and not session.actor.has(R.INSPECTOR):
        raise refuse("forbidden", "前台/值班人员登记投诉时不能分类，分类由质检员完成。",
                     "Reception registers without classification; a QA inspector classifies.")
    row, ack_at, tri, problems = check_draft(session, draft)
    require(problems, "bad_complaint", "投诉未保存，请更正以下内容", "The complaint was not saved; correct the following")
    cal = WorkCalendar.load(session.db)
    with session.write() as tx:
        received = datetime.fromisoformat(row["received_at"])
        number, seq = numbering.allocate(tx, received.year)
        inspector = session.actor.has(R.INSPECTOR)
        complaint = tx.insert("complaints", {
            **row, "number": number, "year": received.year, "seq": seq, "status": "registered",
            "receiver_id": session.actor.id, "owner_id": session.actor.id if inspector else None,
            "created_at": tx.at, "created_by": session.actor.id, "updated_at": tx.at, "cycle": 0,
        }, action="register")
        deadlines.create_all(tx, session.policy, complaint, cal)
        for name, content in draft.attachments:
            add_attachment_in(tx, complaint["id"], name, content)
        for other in dict.fromkeys(draft.links):
            if tx.db.conn.execute("SELECT 1 FROM complaints WHERE id = ?", (other,)).fetchone() is None:
                raise refuse("bad_link", f"要关联的投诉 {other} 不存在。", f"The linked complaint {other} does not exist.")
            tx.insert("complaint_links", {"complaint_id": complaint["id"], "other_id": other, "kind": "duplicate",
                                          "decided_by": tx.user_id}, complaint_id=complaint["id"])
        if ack_at:
            complaint = _acknowledge_in(tx, complaint, ack_at, draft.ack_method)
        if tri is not None:
            complaint = triage.apply_in(tx, session, complaint, tri, cal)
    return complaint


def _check_ack(session: Session, at, method, received_at: str | None) -> tuple[str | None, list[Problem]]:
    p: list[Problem] = []
    when = V.check_received(at or session.now(), session.now(), p, "acknowledged_at")
    V.check_choice(method, session.policy.codes("ack_method"), "ack_method", p, required=True)
    if when and received_at and when < datetime.fromisoformat(received_at):
        p.append(Problem("确认时间不能早于接收时间", "the acknowledgement cannot be before the receipt", "acknowledged_at"))
    return (iso(when) if when else None), p


def _acknowledge_in(tx: Tx, complaint: dict, at: str, method: str) -> dict:
    lifecycle.check_state(complaint, "acknowledge")
    if complaint["acknowledged_at"]:
        raise refuse("already_acknowledged", f"投诉 {complaint['number']} 已于 {complaint['acknowledged_at']} 确认收悉。",
                     f"Complaint {complaint['number']} was already acknowledged at {complaint['acknowledged_at']}.")
    if complaint["anonymous"]:
        raise refuse("anonymous", "匿名投诉无需确认收悉。", "An anonymous complaint needs no acknowledgement.")
    changes = {"acknowledged_at": at, "ack_method": method, "ack_by": tx.user_id, "updated_at": tx.at}
    if complaint["status"] == "registered":
        changes["status"] = "acknowledged"
    updated = tx.update("complaints", complaint["id"], changes, action="acknowledge")
    deadlines.mark_met(tx, complaint["id"], "acknowledged")
    return updated


def acknowledge(session: Session, complaint_id: int, *, method: str, at: datetime | None = None) -> dict:
    """Record that the complainant was told the complaint was received (due within 24 hours)."""
    session.require("acknowledge", complaint_id=complaint_id)
    complaint = lifecycle.load(session.db, complaint_id, "acknowledge")
    when, problems = _check_ack(session, at, method, complaint["received_at"])
    require(problems, "bad_ack", "无法记录确认", "Cannot record the acknowledgement")
    with session.write() as tx:
        return _acknowledge_in(tx, get(tx.db, complaint_id), when, method)


# Before triage a complaint registered by mistake is voided by the inspector alone; after triage voiding needs two
# persons: the inspector asks, the QA head approves with a signature (DOMAIN §8).
VOID_ALONE = frozenset({"registered", "acknowledged"})


def _void_problems(session: Session, c: dict, reason: str | None) -> tuple[str | None, list[Problem]]:
    p: list[Problem] = []
    reason = V.clean_text(reason, "reason", p, required=True)
    if c["reportable"] and not c["report_submitted_at"]:
        p.append(Problem("该投诉需向监管部门报告且尚未报告：报告时限未结束前不能作废",
                         "this complaint must be reported to the authority and has not been: it cannot be voided "
                         "while the report clock is open", "reportable"))
    open_report = [d for d in deadlines.rows_for(session.db, c["id"]) if d["kind"].startswith("report:")
                   and d["met_at"] is None]
    if open_report and not any(x.field == "reportable" for x in p):
        p.append(Problem("该投诉的监管报告时限尚未结束，不能作废", "a regulatory report clock of this complaint is open; "
                         "it cannot be voided", "reportable"))
    return reason, p


def void(session: Session, complaint_id: int, *, reason: str) -> dict:
    """Void a complaint registered by mistake, before triage; its number is never reused or deleted. After
    triage use ``request_void`` (the QA head approves)."""
    session.require("void", complaint_id=complaint_id)
    c = lifecycle.load(session.db, complaint_id, "void")
    if c["status"] not in VOID_ALONE:
        session.audit_refusal("void", "needs_approval", complaint_id=complaint_id)
        raise refuse("void_needs_approval", f"投诉 {c['number']} 已分类：作废需由质检员申请、部长签名批准（两人）。",
                     f"Complaint {c['number']} has been triaged: voiding it needs an inspector's request and the QA "
                     "head's signed approval (two persons).")
    reason, p = _void_problems(session, c, reason)
    require(p, "bad_void", "无法作废", "Cannot void the complaint")
    with session.write() as tx:
        lifecycle.load(tx.db, complaint_id, "void")  # again, under the write lock
        return _void_in(tx, complaint_id, reason)


def _void_in(tx: Tx, complaint_id: int, reason: str) -> dict:
    return tx.update("complaints", complaint_id, {
        "status": "voided", "void_reason": reason, "voided_at": tx.at, "voided_by": tx.user_id,
        "updated_at": tx.at}, action="void", reason=reason)


def request_void(session: Session, complaint_id: int, *, reason: str) -> dict:
    """The inspector asks to void a triaged complaint; it stays as it is until the QA head decides."""
    session.require("void", complaint_id=complaint_id)
    c = lifecycle.load(session.db, complaint_id, "void")
    if c["status"] in VOID_ALONE:
        raise refuse("void_directly", "该投诉尚未分类，可直接作废。", "This complaint is not triaged yet: void it directly.")
    if c["void_requested_at"]:
        raise refuse("void_pending", "已有待批准的作废申请。", "A request to void is already waiting for approval.")
    reason, p = _void_problems(session, c, reason)
    require(p, "bad_void", "无法申请作废", "Cannot ask to void the complaint")
    with session.write() as tx:
        lifecycle.load(tx.db, complaint_id, "void")
        return tx.update("complaints", complaint_id, {"void_requested_by": tx.user_id, "void_requested_at": tx.at,
                                                      "void_request_reason": reason}, action="void_request",
                         reason=reason)


def approve_void(session: Session, complaint_id: int, *, password: str, expected_sha256: str | None,
                 username: str | None = None, comment: str | None = None) -> dict:
    """The QA head approves a request to void with a signature; never their own request."""
    from qa_desk.core import signatures

    session.require("approve_void", complaint_id=complaint_id)
    c = lifecycle.load(session.db, complaint_id, "void")
    _check_void_request(session, c)
    reason, p = _void_problems(session, c, c["void_request_reason"])
    require(p, "bad_void", "无法作废", "Cannot void the complaint")
    signatures.authenticate(session, password, username)
    with session.write() as tx:
        c = lifecycle.load(tx.db, complaint_id, "void")
        _check_void_request(session, c)
        reason, p = _void_problems(session, c, c["void_request_reason"])  # again, under the write lock
        require(p, "bad_void", "无法作废", "Cannot void the complaint")
        signatures.record(tx, c, step="void", meaning="approved", signer_name=session.actor.display_name,
                          expected=expected_sha256, comment=comment)
        return _void_in(tx, complaint_id, reason)


def decline_void(session: Session, complaint_id: int, *, reason: str) -> dict:
    session.require("approve_void", complaint_id=complaint_id)
    c = get(session.db, complaint_id)
    if not c["void_requested_at"]:
        raise refuse("no_void_request", "没有待批准的作废申请。", "There is no request to void waiting.")
    p: list[Problem] = []
    reason = V.clean_text(reason, "reason", p, required=True)
    require(p, "bad_void", "请说明不批准的理由", "Say why the request is declined")
    with session.write() as tx:
        return tx.update("complaints", complaint_id, {"void_requested_by": None, "void_requested_at": None,
                                                      "void_request_reason": None}, action="void_declined",
                         reason=reason)


def _check_void_request(session: Session, c: dict) -> None:
    if not c["void_requested_at"]:
        raise refuse("no_void_request", "没有待批准的作废申请：须先由质检员申请。",
                     "There is no request to void: an inspector must ask first.")
    if c["void_requested_by"] == session.actor.id:
        session.audit_refusal("approve_void", "own_request", complaint_id=c["id"])
        raise refuse("own_request", "不能批准自己提出的作废申请（两人原则）。",
                     "You cannot approve your own request to void (two persons).")


def acknowledge_class_i(session: Session, complaint_id: int) -> dict:
    """The QA head and the quality VP each confirm they know of a Class I complaint; until both have, it
    stays pinned at the top of every triage view."""
    session.require("acknowledge_class_i", complaint_id=complaint_id)
    complaint = get(session.db, complaint_id)
    if complaint["status"] in lifecycle.FINAL:
        raise refuse("final", "投诉已结案或作废。", "The complaint is closed or voided.")
    if complaint["class"] != "I":
        raise refuse("not_class_i", "只有 I 类投诉需要部长和质量副总确认知悉。",
                     "Only Class I complaints need the QA head's and the quality VP's acknowledgement.")
    with session.write() as tx:
        complaint = get(tx.db, complaint_id)
        changes = {}
        if session.actor.has(R.QA_HEAD) and not complaint["class_i_qahead_ack_at"]:
            changes.update(class_i_qahead_ack_at=tx.at, class_i_qahead_ack_by=tx.user_id)
        if session.actor.has(R.QUALITY_VP) and not complaint["class_i_vp_ack_at"]:
            changes.update(class_i_vp_ack_at=tx.at, class_i_vp_ack_by=tx.user_id)
        return tx.update("complaints", complaint_id, changes, action="acknowledge_class_i")


def _check_attachments(session: Session, attachments: list[tuple[str, bytes]]) -> list[Problem]:
    """Names and sizes of files to attach (shared by intake and the checklist)."""
    from qa_desk.core import settings

    limit = settings.get(session.db, "attachment_max_mb") * 1024 * 1024
    p = []
    for name, content in attachments:
        if not isinstance(content, (bytes, bytearray)):
            p.append(Problem(f"附件 {name} 的内容无效", f"attachment {name} has no file content", "attachments"))
            continue
        if not isinstance(name, str) or not name or len(name) > 255:
            p.append(Problem("附件文件名无效", "an attachment has no valid file name", "attachments"))
        if len(content) > limit:
            p.append(Problem(f"附件 {name} 超过 {limit // 1048576} MB", f"attachment {name} is larger than "
                             f"{limit // 1048576} MB", "attachments"))
    return p


def add_attachment_in(tx: Tx, complaint_id: int, name: str, content: bytes, *,
                      checklist_item_id: int | None = None, action: str = "create", reason: str | None = None) -> dict:
    import hashlib
    import mimetypes

    return tx.insert("attachments", {
        "complaint_id": complaint_id, "checklist_item_id": checklist_item_id, "filename": name,
        "mime": mimetypes.guess_type(name)[0] or "application/octet-stream", "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(), "content": content, "added_by": tx.user_id,
        "added_at": tx.at}, complaint_id=complaint_id, action=action, reason=reason)


def draft_dict(draft: ComplaintDraft) -> dict:
    """A JSON-able copy of a draft (for saving wizard drafts)."""
    d = asdict(draft)
    d.pop("attachments", None)
    return d


# Receipt data can be corrected until the last approval; a correction after a signature shows that signature
# as invalid (the signed content changed), so the complaint goes back through review.
CORRECTABLE = frozenset({"registered", "acknowledged", "triaged", "investigating", "reopened", "under_review",
                         "awaiting_approval"})
RECEIPT_FIELDS = tuple(f for f in ComplaintDraft.__dataclass_fields__
                       if f not in ("acknowledged_at", "ack_method", "triage", "attachments", "links"))


def correct_receipt(session: Session, complaint_id: int, changes: dict, *, reason: str) -> dict:
    """Correct what was recorded at intake, with a reason, checked by the same rules as intake."""
    session.require("edit", complaint_id=complaint_id)
    c = get(session.db, complaint_id)
    _check_correctable(c)
    unknown = set(changes) - set(RECEIPT_FIELDS)
    if unknown:
        raise refuse("bad_field", f"不能更正这些字段：{'、'.join(V.label(f)[0] for f in sorted(unknown))}",
                     f"These fields cannot be corrected here: {', '.join(V.label(f)[1] for f in sorted(unknown))}")
    current = {f: c[f] for f in RECEIPT_FIELDS}
    for flag in ("anonymous", "sample_available", "sample_requested", "adverse_event"):
        current[flag] = bool(current[flag])
    draft = ComplaintDraft(**{**current, **changes})
    row, p = check_receipt(session, draft)
    if row["received_at"] and c["acknowledged_at"] and row["received_at"] > c["acknowledged_at"]:
        p.append(Problem("接收时间不能晚于确认收悉的时间", "the receipt cannot be after the acknowledgement", "received_at"))
    if row["received_at"] and datetime.fromisoformat(row["received_at"]).year != c["year"]:
        p.append(Problem("接收时间不能改到另一年（编号按接收年份分配）", "the receipt cannot move to another year (the "
                         "number belongs to the year of receipt)", "received_at"))
    require(p, "bad_correction", "接收记录未更正，请更正以下内容", "The receipt was not corrected; correct the following")
    diff = {k: v for k, v in row.items() if c.get(k) != v}
    if not diff:
        return c
    reason = V.require_reason(list(diff), reason)
    with session.write() as tx:
        _check_correctable(get(tx.db, complaint_id))
        return tx.update("complaints", complaint_id, {**diff, "updated_at": tx.at}, action="correct_receipt",
                         reason=reason)


def _check_correctable(c: dict) -> None:
    if c["status"] not in CORRECTABLE:
        raise refuse("not_correctable", f"投诉 {c['number']} 已批准或结案，接收记录不能再更正。",
                     f"Complaint {c['number']} is approved or closed: its receipt can no longer be corrected.")
