"""A complaint's audit trail in plain words, for the history tab (the raw trail stays in audit_log)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from qa_desk.core import validation as V
from qa_desk.core.policy import Policy
from qa_desk.store.db import rows
from qa_desk.ui_labels import MEDICAL_LABELS

ACTIONS = {
    "register": ("登记了投诉", "registered the complaint"), "acknowledge": ("确认收悉", "acknowledged receipt"),
    "triage": ("完成分类", "triaged"), "reclassify": ("修改了分类", "changed the classification"),
    "start_investigation": ("开始调查", "started the investigation"), "checklist": ("判定检查项", "decided a checklist item"),
    "findings": ("填写调查结论", "recorded findings"), "market_action": ("决定市场措施", "decided the market action"),
    "batch_hold": ("暂停销售该批", "put the batch on hold"), "lift_hold": ("解除暂停销售", "lifted the batch hold"),
    "submit": ("提交审核", "submitted for review"), "review": ("审核", "reviewed"), "approve": ("批准", "approved"),
    "reject": ("退回", "returned it"), "sign": ("电子签名", "signed electronically"),
    "final_reply": ("答复投诉人", "replied to the complainant"), "reopen": ("重开投诉", "reopened the complaint"),
    "close": ("结案", "closed the complaint"), "archive": ("归档", "archived the complaint"),
    "void": ("作废", "voided the complaint"), "request_extension": ("申请延期", "asked for an extension"),
    "decide_extension": ("处理延期申请", "decided an extension"), "extend": ("延长时限", "extended the deadlines"),
    "acknowledge_class_i": ("确认知悉 I 类投诉", "acknowledged the Class I complaint"),
    "capa_status": ("更新 CAPA 状态", "updated a CAPA action"), "capa_verify": ("验证 CAPA 有效性", "verified a CAPA"),
    "reported": ("记录监管报告", "recorded the regulatory report"), "refused": ("被拒绝的操作", "was refused"),
    "view": ("查看", "viewed"), "print": ("打印", "printed"), "export": ("导出", "exported"),
    "create": ("新建", "created"), "change": ("修改", "changed"), "deadline_met": ("时限完成", "met a deadline"),
}
NOISE = {"updated_at"}
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)?$")
VOCAB_FIELDS = {"channel": "channel", "nature": "nature", "category": "category", "class": "class",
                "suggested_class": "class", "priority": "priority", "defect_type": "defect_type",
                "conclusion": "conclusion", "market_action": "market_action", "complainant_type": "complainant_type",
                "result": "check_result", "ack_method": "ack_method", "risk_severity": "severity",
                "risk_likelihood": "likelihood", "recall_level": "recall_level", "root_cause_category": "fishbone",
                "method": "reply_method", "satisfaction": "satisfaction", "meaning": "signature_meaning"}
# A status means a different list in each table; tables whose statuses have no vocabulary are named here.
STATUS_VOCAB = {"complaints": "status", "capa_actions": "capa_status"}
STATUS_WORDS = {"on_hold": ("暂停销售", "on hold"), "lifted": ("已解除", "lifted"), "requested": ("已申请", "requested"),
                "approved": ("已批准", "approved"), "refused": ("未批准", "refused")}
# Fields the entry checks (validation.FIELD_LABELS) do not name, as the history shows them.
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "status": ("状态", "status"), "receiver_id": ("接收人", "received by"), "anonymous": ("匿名", "anonymous"),
    "sample_available": ("有样品", "sample available"), "sample_requested": ("已索取样品", "sample requested"),
    "adverse_event": ("不良反应/事件", "adverse event"), "in_scope": ("在责任范围内", "in scope"),
    "investigate": ("需要调查", "investigate"), "no_investigation_by": ("决定不调查者", "no investigation decided by"),
    "reportable": ("需要报告", "reportable"), "suggested_class": ("建议分类", "suggested class"),
    "owner_id": ("负责人", "owner"), "ack_method": ("确认方式", "acknowledgement method"),
    "ack_by": ("确认人", "acknowledged by"), "class_i_qahead_ack_at": ("部长知悉 I 类时间", "QA head noted Class I at"),
    "class_i_qahead_ack_by": ("知悉 I 类的部长", "QA head who noted Class I"),
    "class_i_vp_ack_at": ("副总知悉 I 类时间", "VP noted Class I at"),
    "class_i_vp_ack_by": ("知悉 I 类的副总", "VP who noted Class I"),
    "root_cause_category": ("根本原因类别", "root-cause category"), "five_whys": ("5-Why 分析", "five whys"),
    "fishbone": ("鱼骨图", "fishbone"), "conclusion": ("调查结论", "conclusion"),
    "risk_severity": ("风险严重性", "risk severity"), "risk_likelihood": ("发生可能性", "likelihood"),
    "scope_units": ("涉及数量", "units affected"), "scope_batches": ("涉及批次", "batches affected"),
    "market_action": ("市场措施", "market action"), "recall_level": ("召回级别", "recall level"),
    "proposed_by": ("提出人", "proposed by"), "proposed_at": ("提出时间", "proposed at"),
    "reviewed_by": ("审核人", "reviewed by"), "reviewed_at": ("审核时间", "reviewed at"),
    "approved_by": ("批准人", "approved by"), "approved_at": ("批准时间", "approved at"),
    "reopen_count": ("重开次数", "times reopened"), "extension_days": ("延期天数", "extension days"),
    "closed_at": ("结案时间", "closed at"), "closed_by": ("结案人", "closed by"), "archived_at": ("归档时间", "archived at"),
    "legal_hold": ("法律保留", "legal hold"), "legal_hold_reason": ("法律保留理由", "legal-hold reason"),
    "void_reason": ("作废理由", "reason for voiding"), "voided_at": ("作废时间", "voided at"),
    "voided_by": ("作废人", "voided by"), "cycle": ("审批轮次", "review cycle"), "result": ("检查结果", "result"),
    "note": ("说明", "note"), "reviewer_id": ("复核人", "reviewer"), "reviewed_on": ("复核日期", "reviewed on"),
    "owner": ("负责人", "owner"), "owner_dept": ("负责部门", "department"), "due_date": ("完成期限", "due date"),
    "done_at": ("完成时间", "done at"), "verified_by": ("验证人", "verified by"), "verified_at": ("验证时间", "verified at"),
    "effectiveness_note": ("有效性说明", "effectiveness note"), "change_control_ref": ("变更控制编号", "change control"),
    "lifted_at": ("解除时间", "lifted at"), "lifted_by": ("解除人", "lifted by"), "lift_reason": ("解除理由", "reason for lifting"),
    "content": ("内容", "content"), "satisfaction": ("满意度", "satisfaction"), "final": ("最终答复", "final reply"),
    "days": ("天数", "days"), "decided_by": ("决定人", "decided by"), "decided_at": ("决定时间", "decided at"),
    "decision_note": ("决定说明", "decision note"), "complainant_notified_at": ("告知投诉人时间", "complainant told at"),
    "met_at": ("完成时间", "met at"), "due_at": ("期限", "due"), "extended_days": ("延长天数", "days extended"),
    "created_by": ("创建人", "created by"), "imported_from": ("导入来源", "imported from"),
    "section": ("检查部分", "section"), "item": ("检查项", "item"), "ref": ("编号", "reference"), "kind": ("类型", "kind"),
    "started_at": ("开始时间", "started at"), "started_by": ("开始人", "started by"), "method": ("方式", "method"),
    "recorded_by": ("记录人", "recorded by"), "recorded_at": ("记录时间", "recorded at"),
    "requested_by": ("申请人", "requested by"), "requested_at": ("申请时间", "requested at"), "at": ("时间", "at"),
    "action": ("操作", "action"), "holder": ("保管人", "holder"), "condition": ("样品状况", "condition"),
    "seal_no": ("封签号", "seal number"),
}
TABLE_NAMES = {"checklist_items": ("检查项", "checklist item"), "sample_custody": ("样品交接记录", "sample custody entry"),
               "batch_holds": ("批次暂停销售", "batch hold"), "capa_actions": ("CAPA 措施", "CAPA action"),
               "replies": ("答复", "reply"), "attachments": ("附件", "attachment"), "deadlines": ("时限", "deadline"),
               "extensions": ("延期申请", "extension request"), "complaint_links": ("关联投诉", "complaint link"),
               "medical_details": ("医疗信息", "medical details")}
USER_FIELDS = {"receiver_id", "no_investigation_by", "owner_id", "ack_by", "class_i_qahead_ack_by", "class_i_vp_ack_by",
               "proposed_by", "reviewed_by", "approved_by", "closed_by", "voided_by", "reviewer_id", "verified_by",
               "lifted_by", "decided_by", "recorded_by", "requested_by", "started_by", "created_by", "added_by"}
YES_NO_FIELDS = {"anonymous", "sample_available", "sample_requested", "adverse_event", "in_scope", "investigate",
                 "reportable", "legal_hold", "final", "storage_ok", "dispensing_ok"}


@dataclass(frozen=True)
class Line:
    at: str
    who: str
    zh: str
    en: str

    def text(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


def field_label(field: str) -> tuple[str, str]:
    if field in FIELD_NAMES:
        return FIELD_NAMES[field]
    if field in V.FIELD_LABELS:
        return V.FIELD_LABELS[field]
    medical = next(((zh, en) for key, zh, en in MEDICAL_LABELS if key == field), None)
    return medical or V.label(field)


def _value(policy: Policy, names: dict[int, str], tbl: str, field: str | None, raw: str | None, lang: str) -> str:
    if raw is None:
        return "—"
    value = json.loads(raw)
    zh = lang.startswith("zh")
    if isinstance(value, dict) and "$sha256" in value:
        return "(…)"
    if field in USER_FIELDS and isinstance(value, int):
        return names.get(value, f"#{value}")
    if field in YES_NO_FIELDS and value in (0, 1, True, False):
        return ("是" if zh else "yes") if value else ("否" if zh else "no")
    if field == "status" and isinstance(value, str):
        if tbl in STATUS_VOCAB:
            return policy.label(STATUS_VOCAB[tbl], value, lang)
        return STATUS_WORDS.get(value, (value, value))[0 if zh else 1]
    if field in VOCAB_FIELDS and isinstance(value, str):
        return policy.label(VOCAB_FIELDS[field], value, lang)
    if isinstance(value, str) and STAMP.match(value):  # shown like the entry's own time, offset left to the trail
        return value[:19].replace("T", " ")
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def for_complaint(db, policy: Policy, complaint_id: int) -> list[Line]:
    """One line per event; field changes of the same action are joined into that line."""
    out: list[Line] = []
    entries = rows(db, "SELECT id, at, username, action, op, tbl, field, old, new, reason FROM audit_log "
                       "WHERE complaint_id = ? ORDER BY id", (complaint_id,))
    names = dict(db.conn.execute("SELECT id, display_name FROM users").fetchall())
    for e in entries:
        if e["field"] in NOISE or e["tbl"] in ("deadlines",) and e["action"] not in ("extend",):
            continue
        zh_act, en_act = ACTIONS.get(e["action"], (e["action"], e["action"]))
        if e["op"] == "update" and e["field"]:
            fzh, fen = field_label(e["field"])
            old_zh, new_zh, old_en, new_en = (_value(policy, names, e["tbl"], e["field"], e[v], lang)
                                              for lang in ("zh", "en") for v in ("old", "new"))
            zh = f"{zh_act}：{fzh} 由「{old_zh}」改为「{new_zh}」"
            en = f"{en_act}: {fen} from '{old_en}' to '{new_en}'"
        elif e["op"] == "insert" and e["tbl"] not in ("complaints", "signatures"):
            tzh, ten = TABLE_NAMES.get(e["tbl"], (e["tbl"], e["tbl"]))
            zh, en = f"{zh_act}（{tzh}）", f"{en_act} ({ten})"
        else:
            zh, en = zh_act, en_act
        if e["reason"]:
            zh += f"（理由：{e['reason']}）"
            en += f" (reason: {e['reason']})"
        out.append(Line(e["at"], e["username"] or "", zh, en))
    return out
