"""A complaint's audit trail in plain words, for the history tab (the raw trail stays in audit_log)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from qa_desk.core import validation as V
from qa_desk.core.policy import Policy
from qa_desk.store.db import rows

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
VOCAB_FIELDS = {"channel": "channel", "nature": "nature", "category": "category", "class": "class",
                "suggested_class": "class", "priority": "priority", "status": "status",
                "defect_type": "defect_type", "conclusion": "conclusion", "market_action": "market_action",
                "complainant_type": "complainant_type", "result": "check_result"}


@dataclass(frozen=True)
class Line:
    at: str
    who: str
    zh: str
    en: str

    def text(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


def _value(policy: Policy, field: str | None, raw: str | None, lang: str) -> str:
    if raw is None:
        return "—"
    value = json.loads(raw)
    if isinstance(value, dict) and "$sha256" in value:
        return "(…)"
    if field in VOCAB_FIELDS and isinstance(value, str):
        return policy.label(VOCAB_FIELDS[field], value, lang)
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def for_complaint(db, policy: Policy, complaint_id: int) -> list[Line]:
    """One line per event; field changes of the same action are joined into that line."""
    out: list[Line] = []
    entries = rows(db, "SELECT id, at, username, action, op, tbl, field, old, new, reason FROM audit_log "
                       "WHERE complaint_id = ? ORDER BY id", (complaint_id,))
    for e in entries:
        if e["field"] in NOISE or e["tbl"] in ("deadlines",) and e["action"] not in ("extend",):
            continue
        zh_act, en_act = ACTIONS.get(e["action"], (e["action"], e["action"]))
        if e["op"] == "update" and e["field"]:
            fzh, fen = V.label(e["field"])
            zh = f"{zh_act}：{fzh} 由「{_value(policy, e['field'], e['old'], 'zh')}」改为「{_value(policy, e['field'], e['new'], 'zh')}」"
            en = f"{en_act}: {fen} from '{_value(policy, e['field'], e['old'], 'en')}' to " \
                 f"'{_value(policy, e['field'], e['new'], 'en')}'"
        elif e["op"] == "insert" and e["tbl"] not in ("complaints", "signatures"):
            zh, en = f"{zh_act}（{e['tbl']}）", f"{en_act} ({e['tbl']})"
        else:
            zh, en = zh_act, en_act
        if e["reason"]:
            zh += f"（理由：{e['reason']}）"
            en += f" (reason: {e['reason']})"
        out.append(Line(e["at"], e["username"] or "", zh, en))
    return out
