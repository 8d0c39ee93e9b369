"""Corrections of saved rows: a CAPA action, a step of the sample's chain of custody, a reply to the complainant
and the regulatory report (issue 14).

A saved row may be corrected by the people allowed to write it, with a reason, until the complaint's last
approval (the same window as the receipt's correction, ``intake.CORRECTABLE``): after that the approved record
is what was signed and sent, and a correction is refused. Each correction is one transaction, audited as an
update of that row with the reason; the old values stay in the trail, where the history shows them. A
correction of signed content (the CAPA plan) after a signature shows that signature as invalid, as any other
correction does, so the complaint goes back through review.

The checks of the values themselves are those of the service that writes the row (one place per rule); this
module holds what every correction shares: who may, when, the time something happened, and the write.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum

from qa_desk.core import intake, lifecycle
from qa_desk.core import roles as R
from qa_desk.core import validation as V
from qa_desk.core.complaints import get
from qa_desk.core.errors import Problem, refuse
from qa_desk.core.session import Session
from qa_desk.store.audit import Tx


class Kind(StrEnum):
    """What can be corrected (the values are the tables, the report lives on the complaint)."""

    CAPA = "capa_actions"
    CUSTODY = "sample_custody"
    REPLY = "replies"
    REPORT = "complaints"


# who may correct a kind: whoever may write it
PERMISSION = {Kind.CAPA: "investigate", Kind.CUSTODY: "investigate", Kind.REPLY: "reply", Kind.REPORT: "investigate"}
# the fields a correction may change, per kind (the workflow fields of a row are not corrected here)
FIELDS: dict[Kind, tuple[str, ...]] = {
    Kind.CAPA: ("description", "owner_dept", "owner", "due_date", "kind", "change_control_ref"),
    Kind.CUSTODY: ("at", "action", "holder", "quantity", "condition", "seal_no", "note"),
    Kind.REPLY: ("replied_at", "method", "content"),
    Kind.REPORT: ("report_authority", "report_reference", "report_submitted_at"),
}
# The time each kind records: "when it happened" defaults to now for a new row only; a correction that empties it
# is refused (it would move the step to the moment of the correction, under a reason about something else).
TIME_FIELD = {Kind.CUSTODY: "at", Kind.REPLY: "replied_at", Kind.REPORT: "report_submitted_at"}
NAMES = {Kind.CAPA: ("CAPA 措施", "CAPA action"), Kind.CUSTODY: ("样品交接记录", "custody step"),
         Kind.REPLY: ("答复", "reply"), Kind.REPORT: ("监管报告记录", "regulatory report")}
CORRECTABLE = intake.CORRECTABLE  # until the last approval
# The report is not what the approval signed (it may be recorded after the approval, until closure): a wrong
# reference number recorded then stays correctable, with a reason, as long as it may be recorded.
UNTIL = {kind: CORRECTABLE for kind in Kind} | {Kind.REPORT: lifecycle.EDITABLE}
ACTION = "change"  # the trail's action of a correction: an update of the row, with its reason


def possible(session: Session, c: dict, kind: Kind) -> bool:
    """Whether the acting user may correct rows of ``kind`` on complaint ``c`` now (for offering it; the service
    checks again). Roles as already read by the caller (``actions.available`` refreshes them)."""
    if not session.actor.roles & R.PERMISSIONS[PERMISSION[kind]] or c["status"] not in UNTIL[kind]:
        return False
    if kind is Kind.REPORT:
        return bool(c["reportable"] and c["report_submitted_at"])
    if kind is Kind.REPLY:
        return not c["anonymous"]
    return True


def check_open(c: dict, kind: Kind) -> None:
    """Refuse a correction once the complaint is approved, replied, closed, archived or voided (the report: once
    it is closed, archived or voided)."""
    if kind is Kind.REPORT and c["status"] not in UNTIL[kind]:
        raise refuse("not_correctable", f"投诉 {c['number']} 已结案或作废，监管报告记录不能再更正。",
                     f"Complaint {c['number']} is closed or voided: its regulatory report can no longer be corrected.")
    if c["status"] not in UNTIL[kind]:
        zh, en = NAMES[kind]
        raise refuse("not_correctable",
                     f"投诉 {c['number']} 已批准、答复、结案或作废，{zh}不能再更正：批准的记录即为签署并发出的内容。"
                     "只有投诉重开后才能更正。",
                     f"Complaint {c['number']} is approved, replied, closed or voided: its {en} can no longer be "
                     "corrected (the approved record is what was signed and sent). It can be corrected only after "
                     "the complaint is reopened.")


def happened_at(session: Session, c: dict, value, field: str, p: list[Problem]) -> datetime | None:
    """The time something happened (a custody step, a reply, a report): now when not given, never in the future
    and never before the complaint was received."""
    when = V.check_received(value if value not in (None, "") else session.now(), session.now(), p, field)
    if when is not None and when < datetime.fromisoformat(c["received_at"]):
        zh, en = V.label(field)
        p.append(Problem(f"{zh}不能早于投诉的接收时间（{c['received_at'][:16].replace('T', ' ')}）",
                         f"the {en} cannot be before the complaint was received ({c['received_at'][:16]})", field))
    return when


def changed(row: dict, clean: dict, kind: Kind) -> dict:
    """The correctable fields whose cleaned value differs from the saved one."""
    return {f: clean[f] for f in FIELDS[kind] if f in clean and clean[f] != row.get(f)}


def apply(session: Session, kind: Kind, row: dict, diff: dict, *, reason: str | None,
          then: Callable[[Tx, dict], None] | None = None) -> dict:
    """Write one correction: a reason is always needed (code ``reason_required`` so a caller may ask for it and
    try again), the state is checked again under the write lock, the row's update carries the reason. ``then``
    writes what follows from it in the same transaction (a deadline met at the corrected time)."""
    if not diff:
        return row
    reason = V.require_reason(list(diff), reason)
    complaint_id = row["id"] if kind is Kind.REPORT else row["complaint_id"]
    with session.write() as tx:
        check_open(get(tx.db, complaint_id), kind)
        updated = tx.update(kind.value, row["id"], diff, complaint_id=complaint_id, action=ACTION, reason=reason)
        if then is not None:
            then(tx, diff)
        return updated


def check_fields(values: dict, kind: Kind) -> None:
    """Refuse fields a correction of ``kind`` does not change (a row's workflow fields move by their own steps)."""
    unknown = set(values) - set(FIELDS[kind])
    if unknown:
        raise refuse("bad_field", f"不能在此更正这些字段：{'、'.join(V.label(f)[0] for f in sorted(unknown))}",
                     f"These fields cannot be corrected here: {', '.join(V.label(f)[1] for f in sorted(unknown))}")
    field = TIME_FIELD.get(kind)
    if field in values and (values[field] is None or not str(values[field]).strip()):
        zh, en = V.label(field)
        raise refuse("bad_field", "更正未保存", "The correction was not saved", problems=[Problem(
            f"{zh}不能清空：请填写实际发生的时间", f"the {en} cannot be emptied: give the time it really happened",
            field)])


def load(session: Session, kind: Kind, row_id: int) -> tuple[dict, dict]:
    """(the row, its complaint), after the permission and the state are checked."""
    zh, en = NAMES[kind]
    row = session.db.conn.execute(f"SELECT * FROM [{kind.value}] WHERE id = ?", (row_id,)).fetchone()
    cid = None if row is None else (row["id"] if kind is Kind.REPORT else row["complaint_id"])
    session.require(PERMISSION[kind], complaint_id=cid)
    if row is None:
        raise refuse("no_row", f"{zh}不存在。", f"That {en} does not exist.")
    c = get(session.db, cid)
    check_open(c, kind)
    return dict(row), c
