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


def void(session: Session, complaint_id: int, *, reason: str) -> dict:
    """A complaint registered by mistake is voided with a reason; its number is never reused or deleted."""
    session.require("void", complaint_id=complaint_id)
    lifecycle.load(session.db, complaint_id, "void")
    p: list[Problem] = []
    reason = V.clean_text(reason, "reason", p, required=True)
    require(p, "bad_void", "无法作废", "Cannot void the complaint")
    with session.write() as tx:
        lifecycle.load(tx.db, complaint_id, "void")  # again, under the write lock
        return tx.update("complaints", complaint_id, {
            "status": "voided", "void_reason": reason, "voided_at": tx.at, "voided_by": tx.user_id,
            "updated_at": tx.at}, action="void", reason=reason)


def acknowledge_class_i(session: Session, complaint_id: int) -> dict:
    """The QA head and the quality VP each confirm they know of a Class I complaint; until both have, it
    stays pinned at the top of every triage view."""
    session.require("acknowledge_class_i", complaint_id=complaint_id)
    complaint = get(session.db, complaint_id)
    if complaint["status"] in ("closed", "archived", "voided"):
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
                      checklist_item_id: int | None = None) -> dict:
    import hashlib
    import mimetypes

    return tx.insert("attachments", {
        "complaint_id": complaint_id, "checklist_item_id": checklist_item_id, "filename": name,
        "mime": mimetypes.guess_type(name)[0] or "application/octet-stream", "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(), "content": content, "added_by": tx.user_id,
        "added_at": tx.at}, complaint_id=complaint_id)


def draft_dict(draft: ComplaintDraft) -> dict:
    """A JSON-able copy of a draft (for saving wizard drafts)."""
    d = asdict(draft)
    d.pop("attachments", None)
    return d
