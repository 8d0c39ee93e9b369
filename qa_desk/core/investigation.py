"""Investigation (调查): the checklist of DOMAIN.md §5, sample custody, medical details, root cause, the
conclusion, risk assessment, market action and CAPA (§6).

All of it may be worked on while the investigation is open (triaged, investigating, reopened). Every change
is one audited transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from qa_desk.core import corrections, deadlines, lifecycle
from qa_desk.core import validation as V
from qa_desk.core.clock import iso
from qa_desk.core.complaints import get
from qa_desk.core.errors import Problem, refuse, require
from qa_desk.core.session import Session
from qa_desk.store.audit import Tx
from qa_desk.store.db import one, rows

MEDICAL_FIELDS = ("user_org", "storage_ok", "quantity_bought", "stock", "dispensing_ok", "physician_qualification",
                  "physician_years", "physician_experience", "patient_sex", "patient_age", "patient_health",
                  "indication", "history", "dose", "concomitant", "allergies", "manifestation", "outcome")


def _open_complaint(session: Session, complaint_id: int) -> dict:
    session.require("investigate", complaint_id=complaint_id)
    c = get(session.db, complaint_id)
    if c["status"] not in lifecycle.INVESTIGATION_OPEN:
        raise refuse("investigation_closed",
                     f"投诉 {c['number']} 当前状态（{lifecycle.STATUS_ZH[c['status']]}）不能修改调查内容；"
                     "如需修改，请由审核人退回。",
                     f"Complaint {c['number']} is {c['status']}: the investigation cannot change now; "
                     "ask the reviewer to return it first.")
    return c


def sync_checklist(tx: Tx, session: Session, complaint: dict) -> None:
    """Create the checklist rows that apply to the complaint's nature and adverse-event flag."""
    have = {r[0] for r in tx.db.conn.execute("SELECT item FROM checklist_items WHERE complaint_id = ?",
                                             (complaint["id"],))}
    for section in session.policy.checklist_for(complaint["nature"], bool(complaint["adverse_event"])):
        for item in section.items:
            if item.code not in have:
                tx.insert("checklist_items", {"complaint_id": complaint["id"], "section": section.code,
                                              "item": item.code}, complaint_id=complaint["id"])


def start(session: Session, complaint_id: int) -> dict:
    session.require("investigate", complaint_id=complaint_id)
    c = lifecycle.load(session.db, complaint_id, "start_investigation")
    if not c["investigate"]:
        raise refuse("no_investigation", "该投诉已决定不调查；如需调查，请先修改分类中的“是否调查”。",
                     "This complaint was decided not to be investigated; change that decision first.")
    with session.write() as tx:
        c = lifecycle.load(tx.db, complaint_id, "start_investigation")  # again, under the write lock
        c = tx.update("complaints", complaint_id, {"status": "investigating", "owner_id": c["owner_id"] or tx.user_id,
                                                   "updated_at": tx.at}, action="start_investigation")
        sync_checklist(tx, session, c)
        return c


def checklist(session: Session, complaint_id: int) -> list[dict]:
    return rows(session.db, "SELECT * FROM checklist_items WHERE complaint_id = ? ORDER BY id", (complaint_id,))


CHECK_OK = "ok"  # the checklist result that means the item was checked and found in order


def section_all_ok(session: Session, complaint_id: int, section: str) -> list[dict]:
    """The decisions that mark every item of ``section`` not yet decided as OK (what the inspector confirms before
    ``decide_items`` saves them): about 80 clicks for a clean checklist become one per section."""
    codes = {i.code for s in session.policy.checklist if s.code == section for i in s.items}
    return [{"item": r["item"], "result": CHECK_OK, "note": r["note"]} for r in checklist(session, complaint_id)
            if r["item"] in codes and r["result"] is None]


def decide_item(session: Session, complaint_id: int, item: str, *, result: str, note: str | None = None,
                reviewed_on: date | str | None = None, reason: str | None = None) -> dict:
    _open_complaint(session, complaint_id)
    p: list[Problem] = []
    result = V.check_choice(result, session.policy.codes("check_result"), "result", p, required=True)
    note = V.clean_text(note, "note", p)
    if result == "finding" and not note:
        p.append(Problem("结果为“有发现”时必须说明发现了什么", "a finding needs a note saying what was found", "note"))
    day = V.check_date(reviewed_on or session.now().date(), "reviewed_on", p)
    if day and day > session.now().date():
        p.append(Problem("审查日期不能晚于今天", "the review date cannot be in the future", "reviewed_on"))
    row = one(session.db, "SELECT * FROM checklist_items WHERE complaint_id = ? AND item = ?", (complaint_id, item))
    if row is None:
        p.append(Problem(f"检查项 {item} 不在该投诉的调查清单中", f"item {item} is not on this complaint's checklist"))
    require(p, "bad_item", "检查项未保存", "The checklist item was not saved")
    reason = V.require_reason(V.changed_saved(row, {"result": result, "note": note, "reviewed_on": day.isoformat()},
                                              CHECK_CORRECTABLE), reason)
    with session.write() as tx:
        _recheck_open(tx, complaint_id)
        return tx.update("checklist_items", row["id"], {"result": result, "note": note, "reviewer_id": tx.user_id,
                                                        "reviewed_on": day.isoformat()},
                         complaint_id=complaint_id, action="checklist", reason=reason)


CHECK_CORRECTABLE = ("result", "note", "reviewed_on")
ITEM_FIELDS = {"result": "check_{item}", "note": "note_{item}"}  # one item's fields, as a form names them


def _on_item(problem: Problem, item: str) -> Problem:
    """A problem of one item of a list names that item's field (note_<item>), so it is shown at that row."""
    pattern = ITEM_FIELDS.get(problem.field or "")
    return replace(problem, field=pattern.format(item=item)) if pattern else problem


def decide_items(session: Session, complaint_id: int, decisions: list[dict], *, reason: str | None = None) -> list[dict]:
    """Several checklist decisions saved as one user action (one transaction); each dict holds item, result,
    note and optionally reviewed_on. Every problem of every row is listed in one refusal."""
    _open_complaint(session, complaint_id)
    p: list[Problem] = []
    clean = []
    labels = {i.code: i for sec in session.policy.checklist for i in sec.items}
    changed: list[str] = []
    for d in decisions:
        item = d.get("item")
        row = one(session.db, "SELECT * FROM checklist_items WHERE complaint_id = ? AND item = ?", (complaint_id, item))
        name = labels[item] if item in labels else None
        before = len(p)
        result = V.check_choice(d.get("result"), session.policy.codes("check_result"), "result", p, required=True)
        note = V.clean_text(d.get("note"), "note", p)
        if result == "finding" and not note:
            p.append(Problem(f"{name.zh if name else item}：有发现时必须说明发现了什么",
                             f"{name.en if name else item}: a finding needs a note", "note"))
        day = V.check_date(d.get("reviewed_on") or session.now().date(), "reviewed_on", p)
        if day and day > session.now().date():
            p.append(Problem("审查日期不能晚于今天", "the review date cannot be in the future", "reviewed_on"))
        if row is None:
            p.append(Problem(f"检查项 {item} 不在该投诉的调查清单中", f"item {item} is not on this complaint's checklist"))
        p[before:] = [_on_item(x, item) for x in p[before:]]
        if len(p) == before:
            clean.append((row["id"], result, note, day.isoformat()))
            changed += V.changed_saved(row, {"result": result, "note": note, "reviewed_on": day.isoformat()},
                                       CHECK_CORRECTABLE)
    require(p, "bad_item", "检查清单未保存，请更正以下内容", "The checklist was not saved; correct the following")
    reason = V.require_reason(changed, reason)
    with session.write() as tx:
        _recheck_open(tx, complaint_id)
        return [tx.update("checklist_items", rid, {"result": result, "note": note, "reviewer_id": tx.user_id,
                                                   "reviewed_on": day}, complaint_id=complaint_id, action="checklist",
                          reason=reason)
                for rid, result, note, day in clean]


def attach(session: Session, complaint_id: int, item: str, *, name: str, content: bytes) -> dict:
    """Attach a file (lab result, photo of the retained sample...) to one checklist item."""
    from qa_desk.core import intake

    _open_complaint(session, complaint_id)
    problems = intake._check_attachments(session, [(name, content)])
    row = one(session.db, "SELECT id FROM checklist_items WHERE complaint_id = ? AND item = ?", (complaint_id, item))
    if row is None:
        problems.append(Problem(f"检查项 {item} 不在该投诉的调查清单中", f"item {item} is not on this complaint's checklist"))
    require(problems, "bad_attachment", "附件未保存", "The attachment was not saved")
    with session.write() as tx:
        _recheck_open(tx, complaint_id)
        return intake.add_attachment_in(tx, complaint_id, name, content, checklist_item_id=row["id"])


def _recheck_open(tx: Tx, complaint_id: int) -> None:
    """Under the write lock: the investigation must still be open."""
    c = get(tx.db, complaint_id)
    if c["status"] not in lifecycle.INVESTIGATION_OPEN:
        raise refuse("investigation_closed", f"投诉 {c['number']} 的调查已不能修改（状态已变）。",
                     f"Complaint {c['number']}: the investigation can no longer change (its status moved on).")


def add_custody(session: Session, complaint_id: int, *, action: str, holder: str, at: datetime | str | None = None,
                quantity: float | None = None, condition: str | None = None, seal_no: str | None = None,
                note: str | None = None) -> dict:
    """One step in the sample's chain of custody (received, sealed, handed to QC, returned, destroyed...). The row
    keeps ``at``, the time the step happened (now when not given); the trail keeps when it was entered."""
    c = _open_complaint(session, complaint_id)
    p: list[Problem] = []
    row = _custody_values(session, c, {"at": at, "action": action, "holder": holder, "quantity": quantity,
                                       "condition": condition, "seal_no": seal_no, "note": note}, p)
    require(p, "bad_custody", "样品交接记录未保存", "The custody step was not saved")
    with session.write() as tx:
        _recheck_open(tx, complaint_id)
        return tx.insert("sample_custody", {"complaint_id": complaint_id, **row, "recorded_by": tx.user_id},
                         complaint_id=complaint_id)


def _custody_values(session: Session, c: dict, values: dict, p: list[Problem]) -> dict:
    """A custody step's values, checked (the same for a new step and a correction)."""
    when = corrections.happened_at(session, c, values.get("at"), "at", p)
    return {"at": iso(when) if when else None,
            "action": V.clean_text(values.get("action"), "action", p, required=True),
            "holder": V.clean_text(values.get("holder"), "holder", p, required=True),
            "quantity": V.check_quantity(values.get("quantity"), p),
            "condition": V.clean_text(values.get("condition"), "condition", p),
            "seal_no": V.clean_text(values.get("seal_no"), "seal_no", p),
            "note": V.clean_text(values.get("note"), "note", p)}


def correct_custody(session: Session, custody_id: int, values: dict, *, reason: str | None) -> dict:
    """Correct a saved custody step (any of ``corrections.FIELDS[CUSTODY]``; the others keep their value), with
    a reason, until the complaint's last approval."""
    kind = corrections.Kind.CUSTODY
    row, c = corrections.load(session, kind, custody_id)
    corrections.check_fields(values, kind)
    p: list[Problem] = []
    clean = _custody_values(session, c, {**row, **values}, p)
    require(p, "bad_custody", "样品交接记录未更正，请更正以下内容", "The custody step was not corrected; correct the following")
    return corrections.apply(session, kind, row, corrections.changed(row, clean, kind), reason=reason)


def set_medical(session: Session, complaint_id: int, values: dict, *, reason: str | None = None) -> dict:
    c = _open_complaint(session, complaint_id)
    if not c["adverse_event"]:
        raise refuse("no_adverse_event", "该投诉未标记不良反应/事件，无需填写医学信息。",
                     "No adverse reaction/event is flagged on this complaint.")
    p: list[Problem] = []
    clean = {}
    for k in MEDICAL_FIELDS:
        v = values.get(k)
        if k in ("patient_age", "physician_years"):
            clean[k] = V.whole_number(v, k, p)  # "67岁" is understood; anything else says what to type
        else:
            clean[k] = V.clean_text(v, k, p)
    unknown = set(values) - set(MEDICAL_FIELDS)
    if unknown:
        p.append(Problem(f"未知字段：{'、'.join(V.label(f)[0] for f in sorted(unknown))}",
                         f"unknown fields: {', '.join(V.label(f)[1] for f in sorted(unknown))}"))
    require(p, "bad_medical", "医学信息未保存", "The medical details were not saved")
    saved = one(session.db, "SELECT * FROM medical_details WHERE complaint_id = ?", (complaint_id,))
    reason = V.require_reason(V.changed_saved(saved, clean, MEDICAL_FIELDS), reason)
    with session.write() as tx:
        _recheck_open(tx, complaint_id)
        r = one(tx.db, "SELECT id FROM medical_details WHERE complaint_id = ?", (complaint_id,))
        if r:
            return tx.update("medical_details", r["id"], clean, complaint_id=complaint_id, reason=reason)
        return tx.insert("medical_details", {"complaint_id": complaint_id, **clean}, complaint_id=complaint_id)


@dataclass
class Findings:
    """Root cause, conclusion and risk, as the investigation form holds them."""

    five_whys: list[str] = field(default_factory=list)
    fishbone: dict[str, list[str]] = field(default_factory=dict)
    root_cause: str | None = None
    root_cause_category: str | None = None
    conclusion: str | None = None
    conclusion_note: str | None = None
    risk_severity: str | None = None
    risk_likelihood: str | None = None
    scope_units: float | None = None
    scope_batches: str | None = None
    risk_note: str | None = None


def set_findings(session: Session, complaint_id: int, f: Findings, *, reason: str | None = None) -> dict:
    c = _open_complaint(session, complaint_id)
    pol = session.policy
    p: list[Problem] = []
    whys = [V.clean_text(w, "five_whys", p) for w in f.five_whys]
    whys = [w for w in whys if w]
    if len(whys) > 10:
        p.append(Problem("5-Why 最多 10 层", "a why-chain has at most 10 steps", "five_whys"))
    fish = {}
    for cat, causes in (f.fishbone or {}).items():
        if cat not in pol.codes("fishbone"):
            p.append(Problem(f"鱼骨图类别 {cat} 无效（人、机、料、法、环、测）",
                             f"fishbone category {cat} is not one of man, machine, material, method, "
                             "environment, measurement", "fishbone"))
            continue
        fish[cat] = [x for x in (V.clean_text(x, "fishbone", p) for x in causes) if x]
    row = {
        "five_whys": json.dumps(whys, ensure_ascii=False) if whys else None,
        "fishbone": json.dumps(fish, ensure_ascii=False, sort_keys=True) if fish else None,
        "root_cause": V.clean_text(f.root_cause, "root_cause", p),
        "root_cause_category": V.check_choice(f.root_cause_category, pol.codes("fishbone"), "root_cause_category", p),
        "conclusion": V.check_choice(f.conclusion, pol.codes("conclusion"), "conclusion", p),
        "conclusion_note": V.clean_text(f.conclusion_note, "conclusion_note", p),
        "risk_severity": V.check_choice(f.risk_severity, pol.codes("severity"), "risk_severity", p),
        "risk_likelihood": V.check_choice(f.risk_likelihood, pol.codes("likelihood"), "risk_likelihood", p),
        "scope_units": V.check_quantity(f.scope_units, p, "scope_units") if f.scope_units not in (None, "", 0) else None,
        "scope_batches": V.clean_text(f.scope_batches, "scope_batches", p),
        "risk_note": V.clean_text(f.risk_note, "risk_note", p),
    }
    require(p, "bad_findings", "调查结论未保存，请更正以下内容", "The findings were not saved; correct the following")
    reason = V.require_reason(V.changed_saved(c, row, tuple(row)), reason)
    with session.write() as tx:
        _recheck_open(tx, complaint_id)
        return tx.update("complaints", c["id"], {**row, "updated_at": tx.at}, action="findings", reason=reason)


def set_market_action(session: Session, complaint_id: int, *, action: str, recall_level: str | None = None,
                      note: str | None = None, reason: str | None = None) -> dict:
    """Decide the market action; a batch hold starts at once for the complaint's batch."""
    c = _open_complaint(session, complaint_id)
    pol = session.policy
    p: list[Problem] = []
    action = V.check_choice(action, pol.codes("market_action"), "market_action", p, required=True)
    level = V.check_choice(recall_level, pol.codes("recall_level"), "recall_level", p, required=action == "recall")
    note = V.clean_text(note, "market_action_note", p)
    if c["class"] == "I" and action != "recall" and not note:
        p.append(Problem("I 类投诉必须作出召回决定：不召回时请写明理由",
                         "a Class I complaint needs a recall decision: give the reason for not recalling",
                         "market_action_note"))
    if action == "batch_hold" and not c["batch_no"]:
        p.append(Problem("暂停销售需要批号，请先在接收记录中填写批号",
                         "a batch hold needs the batch number: enter it on the receipt first", "batch_no"))
    require(p, "bad_market_action", "市场措施未保存", "The market action was not saved")
    values = {"market_action": action, "recall_level": level if action == "recall" else None,
              "market_action_note": note}
    reason = V.require_reason(V.changed_saved(c, values, tuple(values)), reason)
    with session.write() as tx:
        _recheck_open(tx, complaint_id)
        updated = tx.update("complaints", c["id"], {**values, "updated_at": tx.at}, action="market_action",
                            reason=reason)
        active = one(tx.db, "SELECT id FROM batch_holds WHERE complaint_id = ? AND status = 'active'", (c["id"],))
        if action == "batch_hold" and not active:
            tx.insert("batch_holds", {"complaint_id": c["id"], "product_name": c["product_name"],
                                      "batch_no": c["batch_no"], "status": "active", "started_at": tx.at,
                                      "started_by": tx.user_id}, complaint_id=c["id"], action="batch_hold")
        return updated


def lift_hold(session: Session, hold_id: int, *, password: str, reason: str, username: str | None = None,
              comment: str | None = None) -> dict:
    """Lifting a batch hold needs the QA head's electronic signature (password re-entry) and a reason."""
    from qa_desk.core import signatures

    session.require("lift_hold")
    hold = one(session.db, "SELECT * FROM batch_holds WHERE id = ?", (hold_id,))
    if hold is None or hold["status"] != "active":
        raise refuse("no_hold", "没有该有效的暂停销售记录。", "There is no active hold with that id.")
    p: list[Problem] = []
    reason = V.clean_text(reason, "reason", p, required=True)
    require(p, "bad_lift", "未解除暂停", "The hold was not lifted")
    signatures.authenticate(session, password, username)
    c = get(session.db, hold["complaint_id"])
    with session.write() as tx:
        hold = one(tx.db, "SELECT * FROM batch_holds WHERE id = ?", (hold_id,))
        if hold["status"] != "active":
            raise refuse("no_hold", "该暂停销售已被解除。", "That hold has already been lifted.")
        lifted = tx.update("batch_holds", hold_id, {"status": "lifted", "lifted_at": tx.at, "lifted_by": tx.user_id,
                                                    "lift_reason": reason}, complaint_id=c["id"], action="lift_hold",
                           reason=reason)
        signatures.record_hold(tx, c, lifted, signer_name=session.actor.display_name, comment=comment)
        return lifted


def item_attachments(session: Session, complaint_id: int) -> dict[int, list[str]]:
    """File names attached to each checklist item."""
    out: dict[int, list[str]] = {}
    for r in rows(session.db, "SELECT checklist_item_id, filename FROM attachments WHERE complaint_id = ? AND "
                              "checklist_item_id IS NOT NULL ORDER BY id", (complaint_id,)):
        out.setdefault(r["checklist_item_id"], []).append(r["filename"])
    return out


def custody_for(session: Session, complaint_id: int) -> list[dict]:
    """The chain of custody in the order the steps happened (a step entered late takes its place)."""
    return rows(session.db, "SELECT * FROM sample_custody WHERE complaint_id = ? ORDER BY at, id", (complaint_id,))


def holds_for(session: Session, complaint_id: int) -> list[dict]:
    return rows(session.db, "SELECT * FROM batch_holds WHERE complaint_id = ? ORDER BY id", (complaint_id,))


def active_holds(session: Session) -> list[dict]:
    return rows(session.db, "SELECT h.*, c.number FROM batch_holds h JOIN complaints c ON c.id = h.complaint_id "
                            "WHERE h.status = 'active' ORDER BY h.started_at")


# --- CAPA ------------------------------------------------------------------------------------------------

def add_capa(session: Session, complaint_id: int, *, description: str, owner_dept: str, owner: str,
             due_date: date | str, kind: str = "corrective", change_control_ref: str | None = None,
             owner_user_id: int | None = None) -> dict:
    """A CAPA action. Its owner is a named person (someone outside the QA office) or, with
    ``owner_user_id``, an account of this file."""
    c = _open_complaint(session, complaint_id)
    p: list[Problem] = []
    if owner_user_id is not None:
        acct = one(session.db, "SELECT id, display_name, active FROM users WHERE id = ?", (owner_user_id,))
        if acct is None or not acct["active"]:
            p.append(Problem("CAPA 负责人账户不存在或已停用", "the CAPA owner's account does not exist or is deactivated",
                             "owner_user_id"))
        elif not (owner or "").strip():
            owner = acct["display_name"]
    row = _capa_values({"description": description, "owner_dept": owner_dept, "owner": owner, "kind": kind,
                        "change_control_ref": change_control_ref, "due_date": due_date}, p)
    require(p, "bad_capa", "CAPA 未保存", "The CAPA action was not saved")
    with session.write() as tx:
        _recheck_open(tx, complaint_id)
        n = tx.db.conn.execute("SELECT count(*) FROM capa_actions WHERE complaint_id = ?", (complaint_id,)).fetchone()[0]
        return tx.insert("capa_actions", {**row, "complaint_id": complaint_id, "ref": f"{c['number']}-CAPA{n + 1}",
                                          "status": "open", "created_by": tx.user_id,
                                          "owner_user_id": owner_user_id},
                         complaint_id=complaint_id)


def _capa_values(values: dict, p: list[Problem]) -> dict:
    """A CAPA action's plan, checked (the same for a new action and a correction)."""
    row = {
        "description": V.clean_text(values.get("description"), "description", p, required=True),
        "owner_dept": V.clean_text(values.get("owner_dept"), "owner_dept", p, required=True),
        "owner": V.clean_text(values.get("owner"), "owner", p, required=True),
        "kind": V.check_choice(values.get("kind"), ("corrective", "preventive"), "kind", p, required=True),
        "change_control_ref": V.clean_text(values.get("change_control_ref"), "change_control_ref", p),
    }
    due = V.check_date(values.get("due_date"), "due_date", p)
    if due is None and not any(x.field == "due_date" for x in p):
        p.append(Problem("请填写 CAPA 完成期限", "a CAPA action needs a due date", "due_date"))
    row["due_date"] = due.isoformat() if due else None
    return row


def correct_capa(session: Session, capa_id: int, values: dict, *, reason: str | None) -> dict:
    """Correct a CAPA action's plan (description, department, owner, due date, kind, change control), with a
    reason, until the complaint's last approval; a CAPA whose effectiveness was verified stays as verified."""
    kind = corrections.Kind.CAPA
    row, _c = corrections.load(session, kind, capa_id)
    corrections.check_fields(values, kind)
    if row["status"] == "verified":
        raise refuse("capa_verified", f"CAPA {row['ref']} 的有效性已验证，不能再更正。",
                     f"CAPA {row['ref']} has been verified effective: it can no longer be corrected.")
    p: list[Problem] = []
    clean = _capa_values({**row, **values}, p)
    require(p, "bad_capa", "CAPA 未更正，请更正以下内容", "The CAPA action was not corrected; correct the following")
    return corrections.apply(session, kind, row, corrections.changed(row, clean, kind), reason=reason)


def set_capa_status(session: Session, capa_id: int, *, status: str, note: str | None = None,
                    reason: str | None = None) -> dict:
    """Progress a CAPA action: done, handed over to the tracked CAPA system, or cancelled (with a note).
    Changing a status already set beyond open (a correction) needs a reason."""
    session.require("investigate")
    capa = one(session.db, "SELECT * FROM capa_actions WHERE id = ?", (capa_id,))
    if capa is None:
        raise refuse("no_capa", "CAPA 不存在。", "That CAPA action does not exist.")
    c = get(session.db, capa["complaint_id"])
    if c["status"] in lifecycle.FINAL:
        raise refuse("closed", "已结案的投诉不能修改 CAPA。", "The CAPA of a closed complaint cannot change.")
    p: list[Problem] = []
    status = V.check_choice(status, ("open", "done", "handed_over", "cancelled"), "status", p, required=True)
    note = V.clean_text(note, "note", p)
    if status in ("handed_over", "cancelled") and not note:
        p.append(Problem("移交或取消 CAPA 时请说明（如 CAPA 系统编号或理由）",
                         "handing over or cancelling needs a note (tracked CAPA number or reason)", "note"))
    require(p, "bad_capa", "CAPA 未保存", "The CAPA action was not saved")
    if capa["status"] == "verified":
        raise refuse("capa_verified", "已验证有效的 CAPA 不能再更改状态。", "A verified CAPA action cannot change status.")
    corrected = ["status"] if capa["status"] != "open" and status != capa["status"] else []
    reason = V.require_reason(corrected, reason)
    with session.write() as tx:
        return tx.update("capa_actions", capa_id, {"status": status, "done_at": tx.at if status == "done" else None,
                                                   "effectiveness_note": note or capa["effectiveness_note"]},
                         complaint_id=c["id"], action="capa_status", reason=reason or note)


def verify_capa(session: Session, capa_id: int, *, note: str) -> dict:
    """Effectiveness is verified by a person other than the owner."""
    session.require("verify_capa")
    capa = one(session.db, "SELECT * FROM capa_actions WHERE id = ?", (capa_id,))
    if capa is None:
        raise refuse("no_capa", "CAPA 不存在。", "That CAPA action does not exist.")
    p: list[Problem] = []
    note = V.clean_text(note, "note", p, required=True)
    if capa["status"] != "done":
        p.append(Problem("只有已完成的 CAPA 才能验证有效性", "only a CAPA action that is done can be verified", "status"))
    for why, zh, en in _verifier_conflicts(session, capa):
        session.audit_refusal("verify_capa", why, complaint_id=capa["complaint_id"], capa=capa["ref"])
        p.append(Problem(zh, en, "verified_by"))
    require(p, "bad_verification", "CAPA 验证未保存", "The verification was not saved")
    with session.write() as tx:
        return tx.update("capa_actions", capa_id, {"status": "verified", "verified_by": tx.user_id, "verified_at": tx.at,
                                                   "effectiveness_note": note},
                         complaint_id=capa["complaint_id"], action="capa_verify")


def _verifier_conflicts(session: Session, capa: dict) -> list[tuple[str, str, str]]:
    """Effectiveness is verified by an account other than the one that proposed the CAPA and other than its
    owner's (an account, or a named person compared by name)."""
    me = session.actor
    out = []
    if capa["created_by"] is not None and capa["created_by"] == me.id:
        out.append(("own_capa", "CAPA 的有效性必须由提出该 CAPA 的人以外的人验证",
                    "effectiveness must be verified by someone other than the person who proposed the CAPA"))
    owner = (capa["owner"] or "").strip().lower()
    if (capa.get("owner_user_id") is not None and capa["owner_user_id"] == me.id) or \
            owner in (me.username.lower(), me.display_name.lower()):
        out.append(("capa_owner", "CAPA 的有效性必须由责任人以外的人验证",
                    "effectiveness must be verified by someone other than the owner"))
    return out


def capa_for(session: Session, complaint_id: int) -> list[dict]:
    return rows(session.db, "SELECT * FROM capa_actions WHERE complaint_id = ? ORDER BY id", (complaint_id,))


def overdue_capa(session: Session) -> list[dict]:
    today = session.now().date().isoformat()
    return rows(session.db, "SELECT a.*, c.number FROM capa_actions a JOIN complaints c ON c.id = a.complaint_id "
                            "WHERE a.status = 'open' AND a.due_date < ? ORDER BY a.due_date", (today,))


def mark_reported(session: Session, complaint_id: int, *, authority: str | None = None,
                  reference: str | None = None, at: datetime | str | None = None) -> dict:
    """Record that the regulatory report was submitted (meets the report deadline): to which authority, under
    which reference number, and when it was submitted (now when not given; never in the future, never before
    the complaint was received). Recorded once; a mistake is corrected with ``correct_report``."""
    session.require("investigate", complaint_id=complaint_id)
    c = get(session.db, complaint_id)
    if not c["reportable"]:
        raise refuse("not_reportable", "该投诉未判定为需报告。", "This complaint is not marked reportable.")
    if c["status"] in lifecycle.FINAL:
        raise refuse("final", "投诉已结案或作废。", "The complaint is closed or voided.")
    if c["report_submitted_at"]:
        raise refuse("already_reported", f"投诉 {c['number']} 的监管报告已记录；如有错误，请用“更正”并说明理由。",
                     f"The regulatory report of complaint {c['number']} is already recorded; to fix a mistake, "
                     "correct it with a reason.")
    p: list[Problem] = []
    values = _report_values(session, c, {"report_authority": authority, "report_reference": reference,
                                         "report_submitted_at": at}, p)
    require(p, "bad_report", "监管报告未记录，请更正以下内容", "The regulatory report was not recorded; correct the following")
    with session.write() as tx:
        if get(tx.db, complaint_id)["report_submitted_at"]:  # again, under the write lock
            raise refuse("already_reported", f"投诉 {c['number']} 的监管报告已由他人记录。",
                         f"The regulatory report of complaint {c['number']} was recorded meanwhile.")
        updated = tx.update("complaints", complaint_id, values, action="reported")
        deadlines.mark_met(tx, complaint_id, "reported", at=values["report_submitted_at"])
        return updated


def _report_values(session: Session, c: dict, values: dict, p: list[Problem]) -> dict:
    """The report's authority, reference number and time of submission, checked (recording and correcting)."""
    out = {}
    for f, zh, en in (("report_authority", "请填写报告提交的监管部门（如：省药品监督管理局）",
                       "name the authority the report was submitted to (e.g. the provincial medical products "
                       "administration)"),
                      ("report_reference", "请填写报告编号（监管部门系统给出的编号或回执号）",
                       "give the report's reference number (the number or receipt the authority's system gave)")):
        out[f] = V.clean_text(values.get(f), f, p)
        if not out[f] and not any(x.field == f for x in p):
            p.append(Problem(zh, en, f))
    when = corrections.happened_at(session, c, values.get("report_submitted_at"), "report_submitted_at", p)
    out["report_submitted_at"] = iso(when) if when else None
    return out


def correct_report(session: Session, complaint_id: int, values: dict, *, reason: str | None) -> dict:
    """Correct the recorded report (authority, reference, time of submission) with a reason, until the last
    approval. A corrected time of submission moves the time the report deadline was met with it."""
    kind = corrections.Kind.REPORT
    c, _ = corrections.load(session, kind, complaint_id)
    if not (c["reportable"] and c["report_submitted_at"]):
        raise refuse("not_reported", f"投诉 {c['number']} 尚未记录监管报告，无可更正。",
                     f"No regulatory report is recorded for complaint {c['number']}: there is nothing to correct.")
    corrections.check_fields(values, kind)
    p: list[Problem] = []
    clean = _report_values(session, c, {**c, **values}, p)
    require(p, "bad_report", "监管报告记录未更正，请更正以下内容",
            "The regulatory report was not corrected; correct the following")
    def met_then(tx: Tx, diff: dict) -> None:
        if "report_submitted_at" in diff:
            deadlines.move_met(tx, complaint_id, "reported", diff["report_submitted_at"])

    return corrections.apply(session, kind, c, corrections.changed(c, clean, kind), reason=reason, then=met_then)
