"""Reply, satisfaction, extension, reopen, closure and archive (DOMAIN.md §7).

A dissatisfied complainant reopens the investigation and the loop is counted. Closure is refused with the
exact list of what is missing. Extensions need the QA head's approval, a reason and notice to the
complainant, and add up to at most 30 calendar days.
"""

from __future__ import annotations

from datetime import datetime

from qa_desk.core import approval, corrections, deadlines, lifecycle, signatures
from qa_desk.core import validation as V
from qa_desk.core.clock import iso
from qa_desk.core.complaints import get
from qa_desk.core.errors import Problem, refuse, require
from qa_desk.core.session import Session
from qa_desk.store.audit import Tx
from qa_desk.store.db import one, rows


def record_reply(session: Session, complaint_id: int, *, method: str, content: str, final: bool = True,
                 replied_at: datetime | str | None = None, satisfaction: str | None = None) -> dict:
    """Record a reply to the complainant. A final reply needs an approved conclusion; an interim one may be
    given at any time (and meets the first-reply deadline). A dissatisfied answer reopens the complaint."""
    session.require("reply", complaint_id=complaint_id)
    c = get(session.db, complaint_id)
    pol = session.policy
    p: list[Problem] = []
    values = _reply_values(session, c, {"method": method, "content": content, "replied_at": replied_at,
                                        "final": final}, p)
    satisfaction = V.check_choice(satisfaction, pol.codes("satisfaction"), "satisfaction", p)
    if c["anonymous"]:
        p.append(Problem("匿名投诉无需答复", "an anonymous complaint is owed no reply", "anonymous"))
    if c["status"] in lifecycle.FINAL:
        p.append(Problem("投诉已结案或作废", "the complaint is closed or voided", "status"))
    elif final:
        lifecycle.check_state(c, "final_reply")
    require(p, "bad_reply", "答复未保存", "The reply was not saved")
    with session.write() as tx:
        if final:  # checked again under the write lock: another user may have moved it meanwhile
            lifecycle.check_state(get(tx.db, complaint_id), "final_reply")
        reply = tx.insert("replies", {"complaint_id": complaint_id, **values, "final": int(final),
                                      "satisfaction": satisfaction, "recorded_by": tx.user_id, "recorded_at": tx.at}, complaint_id=complaint_id)
        deadlines.mark_met(tx, complaint_id, "reply", at=values["replied_at"])
        if final:
            tx.update("complaints", complaint_id, {"status": "replied", "updated_at": tx.at}, action="final_reply")
            if satisfaction == "dissatisfied":
                _reopen_in(tx, get(tx.db, complaint_id), "投诉人不满意 / complainant dissatisfied")
        return reply


def _reply_values(session: Session, c: dict, values: dict, p: list[Problem]) -> dict:
    """A reply's method, content and the time it was given (now when not given; never in the future, never
    before the complaint was received, a final one never before the approval), checked: the same for a new reply
    and a correction."""
    when = corrections.happened_at(session, c, values.get("replied_at"), "replied_at", p)
    approved = c.get("approved_at")
    if when is not None and values.get("final") and approved and when < datetime.fromisoformat(approved):
        p.append(Problem(f"最终答复的时间不能早于批准时间（{approved[:16].replace('T', ' ')}）：最终答复告知的是"
                         "批准的结论；批准前的答复请记为中间答复",
                         f"a final reply cannot be before the approval ({approved[:16].replace('T', ' ')}): it tells "
                         "the approved conclusion; record an earlier reply as an interim one", "replied_at"))
    return {"replied_at": iso(when) if when else None,
            "method": V.check_choice(values.get("method"), session.policy.codes("reply_method"), "method", p,
                                     required=True),
            "content": V.clean_text(values.get("content"), "content", p, required=True)}


def correct_reply(session: Session, reply_id: int, values: dict, *, reason: str | None) -> dict:
    """Correct a recorded reply (when, how, what was said) with a reason, until the complaint's last approval.
    Whether it was final and the complainant's satisfaction are not corrected here (they move the complaint)."""
    kind = corrections.Kind.REPLY
    row, c = corrections.load(session, kind, reply_id)
    corrections.check_fields(values, kind)
    p: list[Problem] = []
    clean = _reply_values(session, c, {**row, **values}, p)
    require(p, "bad_reply", "答复未更正，请更正以下内容", "The reply was not corrected; correct the following")

    def first_reply_met(tx: Tx, diff: dict) -> None:
        """The first-reply deadline was met by the earliest reply, which a corrected time may change."""
        if "replied_at" in diff:
            earliest = tx.db.conn.execute("SELECT min(replied_at) FROM replies WHERE complaint_id = ?",
                                          (c["id"],)).fetchone()[0]
            deadlines.move_met(tx, c["id"], "reply", earliest)

    return corrections.apply(session, kind, row, corrections.changed(row, clean, kind), reason=reason,
                             then=first_reply_met)


def reply_letter(session: Session, complaint_id: int, *, lang: str = "zh_CN") -> str:
    """A draft reply letter (答复函) from the record: what was found and what was done, politely; the
    inspector edits it before sending. Not a product problem → it says why."""
    pol = session.policy
    c = get(session.db, complaint_id)
    zh = lang.startswith("zh")
    name = c["complainant_org"] or c["complainant_name"] or ("投诉人" if zh else "the complainant")
    conclusion = pol.label("conclusion", c["conclusion"], lang) if c["conclusion"] else ""
    action = pol.label("market_action", c["market_action"], lang) if c["market_action"] not in (None, "none") else ""
    if zh:
        lines = [f"尊敬的{name}：", "",
                 f"感谢您于 {c['received_at'][:10]} 就我公司产品“{c['product_name']}”（批号 {c['batch_no'] or '—'}）"
                 f"提出的投诉（编号 {c['number']}）。我们非常重视，已按规定进行了调查。", "",
                 f"调查结论：{conclusion}。" + (f"{c['conclusion_note']}" if c["conclusion_note"] else "")]
        if c["conclusion"] in ("not_confirmed", "storage_use", "not_our_product", "counterfeit"):
            lines.append("经核查生产、检验记录及留样，该批产品质量符合标准；您反映的情况与产品本身质量无关，"
                         "特此说明，敬请谅解。")
        if action:
            lines.append(f"我们已采取的措施：{action}。")
        lines += ["", "如有疑问，请与我公司质量保证部联系。", "", "质量保证部"]
    else:
        lines = [f"Dear {name},", "",
                 f"Thank you for your complaint of {c['received_at'][:10]} about our product {c['product_name']} "
                 f"(batch {c['batch_no'] or '—'}), reference {c['number']}. We investigated it as our procedures "
                 "require.", "", f"Conclusion: {conclusion}." + (f" {c['conclusion_note']}" if c["conclusion_note"]
                                                                 else "")]
        if c["conclusion"] in ("not_confirmed", "storage_use", "not_our_product", "counterfeit"):
            lines.append("Our batch records and retained samples conform to the specification; what you observed "
                         "is not caused by the product itself.")
        if action:
            lines.append(f"Action taken: {action}.")
        lines += ["", "Please contact our Quality Assurance department with any question.", "",
                  "Quality Assurance"]
    return "\n".join(lines)


def record_satisfaction(session: Session, reply_id: int, satisfaction: str) -> dict:
    """The complainant's satisfaction, often learned after the reply; dissatisfied reopens the complaint."""
    session.require("reply")
    reply = one(session.db, "SELECT * FROM replies WHERE id = ?", (reply_id,))
    if reply is None:
        raise refuse("no_reply", "答复记录不存在。", "That reply does not exist.")
    p: list[Problem] = []
    satisfaction = V.check_choice(satisfaction, session.policy.codes("satisfaction"), "satisfaction", p, required=True)
    require(p, "bad_satisfaction", "满意度未保存", "The satisfaction was not saved")
    c = get(session.db, reply["complaint_id"])
    if c["status"] in lifecycle.FINAL:
        raise refuse("final", f"投诉 {c['number']} 已结案或作废，不能再修改满意度。",
                     f"Complaint {c['number']} is closed or voided; the satisfaction can no longer change.")
    with session.write() as tx:
        c = get(tx.db, c["id"])
        updated = tx.update("replies", reply_id, {"satisfaction": satisfaction}, complaint_id=c["id"],
                            action="satisfaction")
        if satisfaction == "dissatisfied" and reply["final"] and c["status"] in ("replied", "approved"):
            _reopen_in(tx, c, "投诉人不满意 / complainant dissatisfied")
        return updated


def _reopen_in(tx, c: dict, reason: str) -> dict:
    lifecycle.check_state(c, "reopen")
    updated = tx.update("complaints", c["id"], {
        "status": "reopened", "reopen_count": c["reopen_count"] + 1, "cycle": c["cycle"] + 1,
        "proposed_by": None, "proposed_at": None, "reviewed_by": None, "reviewed_at": None,
        "approved_by": None, "approved_at": None, "updated_at": tx.at}, action="reopen", reason=reason)
    deadlines.reopen(tx, c["id"], ("investigation", "decision", "closure"))
    return updated


def missing_for_close(session: Session, c: dict) -> list[Problem]:
    p: list[Problem] = []
    db = session.db
    if c["investigate"]:
        n = db.conn.execute("SELECT count(*) FROM checklist_items WHERE complaint_id = ? AND result IS NULL",
                            (c["id"],)).fetchone()[0]
        if n:
            p.append(Problem(f"{n} 个检查项未判定", f"{n} checklist item(s) not decided", "checklist"))
    for a in rows(db, "SELECT ref, status FROM capa_actions WHERE complaint_id = ? AND status NOT IN "
                      "('verified','handed_over','cancelled')", (c["id"],)):
        if a["status"] == "done":
            p.append(Problem(f"CAPA {a['ref']} 已完成但未验证有效性", f"CAPA {a['ref']} is done but its effectiveness "
                             "is not verified", "capa"))
        else:
            p.append(Problem(f"CAPA {a['ref']} 未完成，也未移交 CAPA 系统跟踪", f"CAPA {a['ref']} is open and not "
                             "handed over to a tracked CAPA", "capa"))
    if not c["anonymous"]:
        final = one(db, "SELECT * FROM replies WHERE complaint_id = ? AND final = 1 ORDER BY id DESC LIMIT 1",
                    (c["id"],))
        if final is None:
            p.append(Problem("尚未答复投诉人", "no reply has been sent to the complainant", "reply"))
        elif final["satisfaction"] == "dissatisfied":
            p.append(Problem("投诉人不满意，需重新调查", "the complainant is dissatisfied: reinvestigate", "reply"))
    if not signatures.valid_step(db, c["id"], "review"):
        p.append(Problem("缺少有效的质量保证部部长审核签名", "a valid signature of the QA head is missing", "signature"))
    if approval.needs_vp(session, c) and not signatures.valid_step(db, c["id"], "approve"):
        p.append(Problem("缺少有效的质量副总批准签名（I/II 类或召回）", "a valid approval of the quality VP is missing "
                         "(Class I/II or recall)", "signature"))
    if c["reportable"] and not c["report_submitted_at"]:
        p.append(Problem("需向监管部门报告，但尚未记录报告", "the regulatory report is due but not recorded", "report"))
    return p


def close(session: Session, complaint_id: int) -> dict:
    session.require("close", complaint_id=complaint_id)
    c = lifecycle.load(session.db, complaint_id, "close")
    require(missing_for_close(session, c), "incomplete", f"投诉 {c['number']} 还不能结案，缺少",
            f"Complaint {c['number']} cannot be closed yet; missing")
    with session.write() as tx:
        c = lifecycle.load(tx.db, complaint_id, "close")  # again, under the write lock
        require(missing_for_close(session, c), "incomplete", f"投诉 {c['number']} 还不能结案，缺少",
                f"Complaint {c['number']} cannot be closed yet; missing")
        updated = tx.update("complaints", complaint_id, {"status": "closed", "closed_at": tx.at,
                                                         "closed_by": tx.user_id, "updated_at": tx.at}, action="close")
        deadlines.mark_met(tx, complaint_id, "closed")
        return updated


def archive(session: Session, complaint_id: int) -> dict:
    session.require("archive", complaint_id=complaint_id)
    lifecycle.load(session.db, complaint_id, "archive")
    with session.write() as tx:
        lifecycle.load(tx.db, complaint_id, "archive")  # again, under the write lock
        return tx.update("complaints", complaint_id, {"status": "archived", "archived_at": tx.at,
                                                      "updated_at": tx.at}, action="archive")


def start_reinvestigation(session: Session, complaint_id: int) -> dict:
    """A reopened complaint goes back to investigating (the checklist is kept and may be revised)."""
    from qa_desk.core import investigation

    return investigation.start(session, complaint_id)


# --- extensions ------------------------------------------------------------------------------------------

def extension_total(session: Session, complaint_id: int) -> int:
    return session.db.conn.execute("SELECT coalesce(sum(days), 0) FROM extensions WHERE complaint_id = ? AND "
                                   "status = 'approved'", (complaint_id,)).fetchone()[0]


def request_extension(session: Session, complaint_id: int, *, days: int, reason: str) -> dict:
    session.require("request_extension", complaint_id=complaint_id)
    p: list[Problem] = []
    reason = V.clean_text(reason, "reason", p, required=True)
    if not isinstance(days, int) or isinstance(days, bool) or days <= 0:
        p.append(Problem("延期天数必须是正整数", "the extension must be a positive number of days", "days"))
    require(p, "bad_extension", "延期申请未保存", "The extension request was not saved")
    with session.write() as tx:  # totals and pending requests are read under the write lock
        require(_extension_problems(session, get(tx.db, complaint_id), days), "bad_extension", "延期申请未保存",
                "The extension request was not saved")
        return tx.insert("extensions", {"complaint_id": complaint_id, "days": days, "reason": reason,
                                        "status": "requested", "requested_by": tx.user_id, "requested_at": tx.at},
                         complaint_id=complaint_id, action="request_extension", reason=reason)


def _extension_problems(session: Session, c: dict, days: int, *, pending_id: int | None = None) -> list[Problem]:
    p: list[Problem] = []
    limit = session.policy.extension_max_days
    used = extension_total(session, c["id"])
    if used + days > limit:
        p.append(Problem(f"延期合计不能超过 {limit} 天（已延期 {used} 天）", f"extensions may add up to {limit} days in "
                         f"total ({used} already granted)", "days"))
    if c["status"] in lifecycle.FINAL:
        p.append(Problem("投诉已结案或作废", "the complaint is closed or voided", "status"))
    pending = one(session.db, "SELECT id FROM extensions WHERE complaint_id = ? AND status = 'requested'", (c["id"],))
    if pending and pending["id"] != pending_id:
        p.append(Problem("已有待批准的延期申请", "an extension request is already waiting for approval", "days"))
    return p


def decide_extension(session: Session, extension_id: int, *, approve: bool, note: str | None = None,
                     complainant_notified: bool = False) -> dict:
    """The QA head approves (with notice to the complainant) or refuses an extension request."""
    session.require("decide_extension")
    p: list[Problem] = []
    note = V.clean_text(note, "note", p)
    require(p, "bad_extension", "延期未处理", "The extension was not decided")
    with session.write() as tx:  # everything below is read under the write lock: two heads cannot both approve
        ext = one(tx.db, "SELECT * FROM extensions WHERE id = ?", (extension_id,))
        if ext is None or ext["status"] != "requested":
            raise refuse("no_extension", "没有待批准的该延期申请。", "There is no pending extension request with that id.")
        c = get(tx.db, ext["complaint_id"])
        if ext["requested_by"] == session.actor.id:
            p.append(Problem("不能批准自己的延期申请", "you cannot approve your own extension request"))
        if approve:
            if not complainant_notified and not c["anonymous"]:
                p.append(Problem("批准延期前须通知投诉人", "the complainant must be told of the extension", "notified"))
            p += _extension_problems(session, c, ext["days"], pending_id=extension_id)
        elif not note:
            p.append(Problem("不批准时请说明理由", "a refusal needs a note", "note"))
        require(p, "bad_extension", "延期未处理", "The extension was not decided")
        updated = tx.update("extensions", extension_id, {
            "status": "approved" if approve else "refused", "decided_by": tx.user_id, "decided_at": tx.at,
            "decision_note": note, "complainant_notified_at": tx.at if approve and complainant_notified else None},
            complaint_id=c["id"], action="decide_extension", reason=note)
        if approve:
            deadlines.extend(tx, c["id"], ext["days"])
            tx.update("complaints", c["id"], {"extension_days": c["extension_days"] + ext["days"],
                                              "updated_at": tx.at}, action="extend")
        return updated


def replies_for(session: Session, complaint_id: int) -> list[dict]:
    return rows(session.db, "SELECT * FROM replies WHERE complaint_id = ? ORDER BY id", (complaint_id,))


def pending_extension(session: Session, complaint_id: int) -> dict | None:
    return one(session.db, "SELECT * FROM extensions WHERE complaint_id = ? AND status = 'requested'", (complaint_id,))
