"""The complaint's life, as one table: which step may happen in which status, and where it leads.

registered → acknowledged → triaged → investigating → under_review → awaiting_approval → approved →
replied → closed → archived, plus voided (a mistake, with a reason) and reopened (a dissatisfied
complainant). ``approved`` is the state between the last required signature and the final reply; Class
III–V complaints go from under_review straight to approved when the QA head signs.

Each service checks the actor's role (Session.require), the status here, and its own required fields, and
refuses with the exact list of what is missing.
"""

from __future__ import annotations

from qa_desk.core.errors import refuse

STEPS: dict[str, tuple[frozenset[str], str | None]] = {
    # acknowledging the complainant is owed once, whenever it has not been done yet (the status moves only
    # from registered; a complaint triaged first keeps its status)
    "acknowledge": (frozenset({"registered", "acknowledged", "triaged", "investigating", "under_review",
                               "awaiting_approval", "approved", "reopened"}), "acknowledged"),
    "triage": (frozenset({"registered", "acknowledged"}), "triaged"),
    "start_investigation": (frozenset({"triaged", "reopened"}), "investigating"),
    "submit": (frozenset({"triaged", "investigating"}), "under_review"),
    "review": (frozenset({"under_review"}), None),  # awaiting_approval or approved, by class
    "approve": (frozenset({"awaiting_approval"}), "approved"),
    "reject": (frozenset({"under_review", "awaiting_approval"}), "investigating"),
    "final_reply": (frozenset({"approved"}), "replied"),
    "reopen": (frozenset({"approved", "replied"}), "reopened"),
    "close": (frozenset({"approved", "replied"}), "closed"),
    "archive": (frozenset({"closed"}), "archived"),
    "void": (frozenset({"registered", "acknowledged", "triaged", "investigating", "under_review",
                        "awaiting_approval", "approved", "replied", "reopened"}), "voided"),
}

# Statuses in which the record's content may still be edited (with audit); closed records are read-only.
EDITABLE = frozenset({"registered", "acknowledged", "triaged", "investigating", "reopened", "under_review",
                      "awaiting_approval", "approved", "replied"})
# Statuses in which the investigation itself (checklist, root cause, CAPA plan) is worked on.
INVESTIGATION_OPEN = frozenset({"triaged", "investigating", "reopened"})

STATUS_ZH = {"registered": "已登记", "acknowledged": "已确认收悉", "triaged": "已分类", "investigating": "调查中",
             "under_review": "待部长审核", "awaiting_approval": "待质量副总批准", "approved": "已批准待答复",
             "replied": "已答复", "closed": "已结案", "archived": "已归档", "voided": "已作废", "reopened": "已重开"}

# A finished record: no deadline of it is still running, nothing of it is work.
FINAL = frozenset({"closed", "archived", "voided"})
# Every other status: the complaints still being worked on (after some years, a tenth of the file or less).
LIVE = frozenset(STATUS_ZH) - FINAL
# The same in SQL, for the status index: "status IN (live)" reads the live tenth of an old file, where
# "status NOT IN (final)" reads all of it (the statuses are this module's constants, never user input).
LIVE_SQL = "(" + ", ".join(f"'{s}'" for s in sorted(LIVE)) + ")"
FINAL_SQL = "(" + ", ".join(f"'{s}'" for s in sorted(FINAL)) + ")"


def allowed_steps(status: str) -> list[str]:
    return [step for step, (sources, _) in STEPS.items() if status in sources]


def check_state(complaint: dict, step: str) -> None:
    sources, _ = STEPS[step]
    status = complaint["status"]
    if status not in sources:
        allowed_zh = "、".join(STATUS_ZH[s] for s in sorted(sources))
        raise refuse("wrong_status",
                     f"投诉 {complaint['number']} 当前状态为“{STATUS_ZH.get(status, status)}”，不能执行此步骤"
                     f"（只能在以下状态执行：{allowed_zh}）。",
                     f"Complaint {complaint['number']} is {status}; this step is possible only when it is "
                     f"{', '.join(sorted(sources))}.")


def load(db, complaint_id: int, step: str) -> dict:
    """The complaint, refused unless ``step`` is possible in its status. Services call it before their checks
    and again inside the write transaction, where the status cannot change under them."""
    from qa_desk.core.complaints import get

    complaint = get(db, complaint_id)
    check_state(complaint, step)
    return complaint


def target(step: str) -> str | None:
    return STEPS[step][1]
