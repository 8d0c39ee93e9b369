"""A complaint's attachments (issue 14, item 5): the photos and scans of the evidence, listed where the QA head
reviews, opened, and added after intake with a reason.

The bytes are part of the record (the ``attachments`` table, audited by their SHA-256); reading one is logged
like opening the complaint, because a photo may show a patient or a name.
"""

from __future__ import annotations

from qa_desk.core import lifecycle
from qa_desk.core import validation as V
from qa_desk.core.complaints import get
from qa_desk.core.errors import Problem, refuse, require
from qa_desk.core.intake import _check_attachments, add_attachment_in
from qa_desk.core.session import Session
from qa_desk.store.db import rows

FINAL = lifecycle.FINAL  # a finished record keeps the evidence it was finished with


def for_complaint(session: Session, complaint_id: int, *, thumbnails: bool = False) -> list[dict]:
    """What the complaint holds (name, type, size, who added it and when, the checklist item it belongs to); with
    ``thumbnails`` the bytes of the images too, to show them small beside the record, whose opening is logged."""
    session.require("view", complaint_id=complaint_id)
    image = "CASE WHEN a.mime LIKE 'image/%' THEN a.content END" if thumbnails else "NULL"
    return rows(session.db, "SELECT a.id, a.filename, a.mime, a.size, a.sha256, a.added_at, a.checklist_item_id, "
                            f"u.display_name AS added_by, {image} AS image FROM attachments a LEFT JOIN users u ON "
                            "u.id = a.added_by WHERE a.complaint_id = ? ORDER BY a.id", (complaint_id,))


def content(session: Session, attachment_id: int) -> tuple[dict, bytes]:
    """One attachment's bytes, for showing it; the reading is audited."""
    r = session.db.conn.execute("SELECT complaint_id, filename, mime, content FROM attachments WHERE id = ?",
                                (attachment_id,)).fetchone()
    if r is None:
        raise refuse("no_attachment", "附件不存在。", "The attachment does not exist.")
    session.require("view", complaint_id=r[0])
    with session.write() as tx:
        tx.log("view", tbl="attachments", record_id=attachment_id, complaint_id=r[0], new={"file": r[1]})
    return {"id": attachment_id, "complaint_id": r[0], "filename": r[1], "mime": r[2]}, bytes(r[3] or b"")


def add(session: Session, complaint_id: int, name: str, data: bytes, *, reason: str) -> dict:
    """A file added after intake (a photo that came later, a scan of the returned sample), with the reason, until
    the record is finished."""
    session.require("edit", complaint_id=complaint_id)
    p: list[Problem] = []
    reason = V.clean_text(reason, "reason", p, required=True)
    p += _check_attachments(session, [(name, data)])
    c = get(session.db, complaint_id)
    if c["status"] in FINAL:
        p.append(Problem(f"投诉 {c['number']} 已结案或作废，不能再添加附件", f"complaint {c['number']} is closed or "
                         "voided: no file can be added any more", "attachments"))
    require(p, "bad_attachment", "附件未添加", "The attachment was not added")
    with session.write() as tx:
        if get(tx.db, complaint_id)["status"] in FINAL:  # again, under the write lock
            raise refuse("final", "投诉已结案或作废，不能再添加附件。", "The complaint is closed or voided: no file can be added.")
        row = add_attachment_in(tx, complaint_id, name, data, action="attach", reason=reason)
    return {k: v for k, v in row.items() if k != "content"}
