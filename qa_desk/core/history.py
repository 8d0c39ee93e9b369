"""A complaint's audit trail in plain words, for the history tab (the raw trail stays in audit_log).

One save (one transaction: the span its seal or pending mark covers; the same author at the same time for entries
no seal covers) is one entry with a summary ("张伟 判定了 12 个检查项")
and its changes as details, so a checklist of forty items reads as one line that can be opened, not forty."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from qa_desk.core import privacy
from qa_desk.core import validation as V
from qa_desk.core.keys import transactions_of
from qa_desk.core.policy import Policy
from qa_desk.store.audit import changes
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
    "import": ("从旧台帐导入", "imported from an old ledger"), "attach": ("添加附件", "added an attachment"),
    "login": ("登录", "logged in"), "logout": ("退出登录", "logged out"),
    "password_ok": ("密码验证通过", "password confirmed"), "backup": ("备份", "backed up the file"),
    "archive_package": ("导出归档包", "exported an archive package"), "destroy": ("销毁记录", "destroyed records"),
    "restore": ("从备份恢复", "restored from a backup"),
    "restore_other_installation": ("从其他安装的备份恢复", "restored a backup of another installation"),
    "integrity_alarm": ("完整性告警", "integrity alarm"), "deadline": ("调整时限", "adjusted a deadline"),
    "deadline_reopen": ("重新开启时限", "reopened a deadline"), "deadline_dropped": ("取消时限", "dropped a deadline"),
    "password_change": ("修改密码", "changed the password"), "password_reset": ("重置密码", "reset a password"),
    "key_issued": ("签发签名密钥", "issued a signing key"), "key_rotated": ("更换签名密钥", "rotated a signing key"),
    "key_retired": ("停用签名密钥", "retired a signing key"), "key_rewrapped": ("重新加密签名密钥", "re-wrapped a signing key"),
    "key_endorsed": ("确认签名密钥", "endorsed a signing key"), "key_mismatch": ("签名密钥不符", "key mismatch"),
    "root_key": ("建立根密钥", "created the root key"), "roles": ("修改角色", "changed roles"),
    "deactivate": ("停用账户", "deactivated an account"), "reactivate": ("重新启用账户", "reactivated an account"),
    "unlock": ("解锁账户", "unlocked an account"), "login_failed": ("登录失败", "failed login"),
    "login_state": ("登录状态更新", "login state updated"), "login_refused": ("拒绝登录", "login refused"),
    "clock_confirmed": ("确认系统时间", "confirmed the clock"),
    "clock_confirm_failed": ("确认系统时间失败", "clock confirmation failed"),
    "anchors_accepted": ("接受审计链锚点", "accepted the chain anchors"),
    "seals_completed": ("补全交易签封", "completed seals"), "seal_marks_refused": ("拒绝签封标记", "refused seal marks"),
    "trail_sealed": ("签封审计追踪", "sealed the trail"), "correct_receipt": ("更正登记信息", "corrected the receipt"),
    "calendar_replace": ("更新工作日历", "replaced the working calendar"),
    "destruction_not_carried": ("销毁未执行", "destruction not carried out"),
    "legal_hold": ("法律保全", "legal hold"), "void_request": ("申请作废", "asked to void"),
    "void_declined": ("拒绝作废", "declined to void"),
    "batch_register": ("登记批次", "registered a batch"), "batch_change": ("修改批次登记", "changed a batch"),
    "batch_import": ("从文件导入批次", "imported a batch"), "batch_import_run": ("导入批次文件", "imported a batch file"),
    "signal_raised": ("产生预警信号", "raised a signal"), "signal_extended": ("预警信号新增投诉", "added complaints to a signal"),
    "decide_signal": ("决定预警信号", "decided a signal"),
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
# Codes of the tables whose statuses and kinds have no vocabulary: batch holds, extensions, CAPA kinds.
CODE_WORDS = {"active": ("暂停销售中", "on hold"), "lifted": ("已解除", "lifted"), "requested": ("已申请", "requested"),
              "approved": ("已批准", "approved"), "refused": ("未批准", "refused"),
              "corrective": ("纠正措施", "corrective"), "preventive": ("预防措施", "preventive")}
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


# English plurals of TABLE_NAMES for a save's summary ("created 40 checklist items")
EN_PLURALS = {"checklist_items": "checklist items", "sample_custody": "sample custody entries",
              "batch_holds": "batch holds", "capa_actions": "CAPA actions", "replies": "replies",
              "attachments": "attachments", "deadlines": "deadlines", "extensions": "extension requests",
              "complaint_links": "complaint links", "medical_details": "medical details"}
# summaries that read better than the action's own words when a save holds several such changes
SUMMARIES = {("checklist", "checklist_items"): ("判定了 {n} 个检查项", "decided {n} checklist items"),
             ("create", "checklist_items"): ("新建了 {n} 个检查项", "created {n} checklist items")}


@dataclass(frozen=True)
class Line:
    at: str
    who: str
    zh: str
    en: str

    def text(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


@dataclass(frozen=True)
class Save:
    """One transaction's changes: ``summary`` says what was done; ``details`` are its changes when there are more
    than one (a save of one change is its own summary and has no details)."""

    summary: Line
    details: tuple[Line, ...] = ()

    @property
    def at(self) -> str:
        return self.summary.at

    @property
    def who(self) -> str:
        return self.summary.who

    def text(self, lang: str) -> str:
        return self.summary.text(lang)


@dataclass(frozen=True)
class _Event:
    """A line with what the grouping needs: the transaction it belongs to and what kind of change it is."""

    tx: tuple
    kind: tuple[str, str | None]
    reason: str | None
    line: Line


def field_label(field: str) -> tuple[str, str]:
    """The core's field names, then the medical details' (shared with the printed forms)."""
    medical = next(((zh, en) for key, zh, en in MEDICAL_LABELS if key == field), None)
    return V.label(field) if field in V.FIELD_LABELS or medical is None else medical


def _value(policy: Policy, names: dict[int, str], tbl: str, field: str | None, value, lang: str) -> str:
    """A logged value (already decoded) in words."""
    if value is None:
        return "—"
    zh = lang.startswith("zh")
    if isinstance(value, dict) and "$sha256" in value:
        return "(…)"
    if field in USER_FIELDS and isinstance(value, int):
        return names.get(value, f"#{value}")
    if field in YES_NO_FIELDS and value in (0, 1, True, False):
        return ("是" if zh else "yes") if value else ("否" if zh else "no")
    if field == "status" and isinstance(value, str) and tbl in STATUS_VOCAB:
        return policy.label(STATUS_VOCAB[tbl], value, lang)
    if field in ("status", "kind") and value in CODE_WORDS:
        return CODE_WORDS[value][0 if zh else 1]
    if field in VOCAB_FIELDS and isinstance(value, str):
        return policy.label(VOCAB_FIELDS[field], value, lang)
    if isinstance(value, str) and STAMP.match(value):  # shown as the entries' own times are: to the minute
        return value[:16].replace("T", " ")
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _people(db) -> dict[int, str]:
    """Every account's display name (the login name only where an account has none)."""
    return {uid: display or login for uid, display, login in db.conn.execute(
        "SELECT id, display_name, username FROM users")}


def _checklist_names(db, policy: Policy, complaint_id: int, entries: list[dict]) -> dict[int, tuple[str, str]]:
    """checklist_items id → the item's label (zh, en), from the policy's checklist; rows since destroyed are
    named from the trail's own insert entry."""
    codes = dict(db.conn.execute("SELECT id, item FROM checklist_items WHERE complaint_id = ?", (complaint_id,)))
    for e in entries:
        if e["tbl"] == "checklist_items" and e["op"] == "insert" and e["record_id"] not in codes and e["new"]:
            try:
                codes[e["record_id"]] = json.loads(e["new"]).get("item")
            except (TypeError, ValueError, AttributeError):
                continue
    labels = {i.code: (i.zh, i.en) for sec in policy.checklist for i in sec.items}
    return {rid: labels.get(code, (code, code)) for rid, code in codes.items() if code}


def _field_words(policy: Policy, names: dict[int, str], e: dict, fields: list, see: bool) -> tuple[str, str]:
    zh_parts, en_parts = [], []
    for name, old, new in fields:
        fzh, fen = field_label(name)
        old_zh, new_zh, old_en, new_en = (
            privacy.value_for_reader(None, name, _value(policy, names, e["tbl"], name, v, lang), see=see)
            for lang in ("zh", "en") for v in (old, new))
        zh_parts.append(f"{fzh} 由「{old_zh}」改为「{new_zh}」")
        en_parts.append(f"{fen} from '{old_en}' to '{new_en}'")
    return "；".join(zh_parts), "; ".join(en_parts)


# The column that names a new row in the history ("新建 CAPA 措施「CAPA-01」"), by table.
ROW_NAMES = {"capa_actions": "ref", "attachments": "filename", "batch_holds": "batch_no", "sample_custody": "action",
             "deadlines": "kind", "complaint_links": "kind"}


def _insert_words(e: dict, zh_act: str, en_act: str, item: tuple[str, str] | None) -> tuple[str, str]:
    """A new row: what kind of row, named by its checklist item or its own name column when it has one."""
    tzh, ten = TABLE_NAMES.get(e["tbl"], (e["tbl"], e["tbl"]))
    name_zh = name_en = None
    if item:
        name_zh, name_en = item
    elif e["tbl"] in ROW_NAMES:
        try:
            value = json.loads(e["new"] or "{}").get(ROW_NAMES[e["tbl"]])
        except (TypeError, ValueError, AttributeError):
            value = None
        if isinstance(value, str) and value.strip():
            name_zh = name_en = value.strip()[:60]
    if e["action"] == "create":  # "新建（CAPA 措施）" read stiffly: the row's kind is the object of the verb
        gap = " " if tzh[:1].isascii() else ""  # 新建 CAPA 措施, 新建检查项
        zh, en = f"新建{gap}{tzh}", f"added an {ten}" if ten[:1] in "aeiou" else f"added a {ten}"
    else:
        zh, en = f"{zh_act}（{tzh}）", f"{en_act} ({ten})"
    if name_zh:
        zh, en = f"{zh}「{name_zh}」", f"{en} '{name_en}'"
    return zh, en


def _words(policy: Policy, names: dict[int, str], items: dict[int, tuple[str, str]], e: dict,
           see: bool) -> tuple[str, str] | None:
    """One entry in words (zh, en), or None for an entry the history leaves out."""
    if e["tbl"] in ("deadlines",) and e["action"] not in ("extend",):
        return None
    zh_act, en_act = ACTIONS.get(e["action"], (e["action"], e["action"]))
    fields = [c for c in changes(e) if c[0] not in NOISE] if e["op"] == "update" else []
    item = items.get(e["record_id"]) if e["tbl"] == "checklist_items" else None
    if e["op"] == "update" and not fields:
        return None
    if fields:
        zh_what, en_what = _field_words(policy, names, e, fields, see)
        zh_act, en_act = (f"{zh_act}「{item[0]}」", f"{en_act} '{item[1]}'") if item else (zh_act, en_act)
        zh, en = f"{zh_act}：{zh_what}", f"{en_act}: {en_what}"
    elif e["op"] == "insert" and e["tbl"] not in ("complaints", "signatures"):
        zh, en = _insert_words(e, zh_act, en_act, item)
    elif e["op"] is None and e["field"] in NOISE:
        return None
    else:
        zh, en = zh_act, en_act
    if e["reason"]:
        zh += f"（理由：{e['reason']}）"
        en += f" (reason: {e['reason']})"
    return zh, en


def _events(db, policy: Policy, complaint_id: int, see_personal: bool) -> list[_Event]:
    entries = rows(db, "SELECT id, at, user_id, username, action, op, tbl, record_id, field, old, new, reason, "
                       "redacted_by FROM audit_log WHERE complaint_id = ? ORDER BY id", (complaint_id,))
    names = _people(db)
    items = _checklist_names(db, policy, complaint_id, entries)
    spans = transactions_of(db, [e["id"] for e in entries])
    out = []
    for e in entries:
        words = _words(policy, names, items, e, see_personal)
        if words is None:
            continue
        who = names.get(e["user_id"], e["username"] or "")
        # a transaction's entries share its span, its author and its time: the span tells apart two saves of one
        # second, and author and time keep a span the file was given by hand from joining different saves
        tx = (spans.get(e["id"]), e["at"], e["user_id"], e["username"])
        out.append(_Event(tx, (e["action"], e["tbl"]), e["reason"], Line(e["at"], who, *words)))
    return out


def for_complaint(db, policy: Policy, complaint_id: int, *, see_personal: bool = True) -> list[Line]:
    """One line per change, oldest first (each save's details, without the summaries)."""
    return [ev.line for ev in _events(db, policy, complaint_id, see_personal)]


def saves_for_complaint(db, policy: Policy, complaint_id: int, *, see_personal: bool = True) -> list[Save]:
    """One entry per save, oldest first: a transaction's entries are consecutive in the trail (it holds the write
    lock while it logs), and its seal names their span, so two saves in one second stay two entries."""
    groups: list[list[_Event]] = []
    for ev in _events(db, policy, complaint_id, see_personal):
        if groups and groups[-1][0].tx == ev.tx:
            groups[-1].append(ev)
        else:
            groups.append([ev])
    return [_save(g) for g in groups]


def _save(group: list[_Event]) -> Save:
    if len(group) == 1:
        return Save(group[0].line)
    counts: dict[tuple[str, str | None], int] = {}
    for ev in group:
        counts[ev.kind] = counts.get(ev.kind, 0) + 1
    parts = [_summary_part(kind, n) for kind, n in counts.items()]
    zh, en = "；".join(zh for zh, _ in parts), "; ".join(en for _, en in parts)
    reasons = {ev.reason for ev in group}
    if len(reasons) == 1 and (reason := reasons.pop()):
        zh += f"（理由：{reason}）"
        en += f" (reason: {reason})"
    first = group[0].line
    return Save(Line(first.at, first.who, zh, en), tuple(ev.line for ev in group))


def _summary_part(kind: tuple[str, str | None], n: int) -> tuple[str, str]:
    """What ``n`` changes of one kind within a save did, in a few words."""
    action, tbl = kind
    if kind in SUMMARIES:
        zh, en = SUMMARIES[kind]
        en = en.replace(" items", " item") if n == 1 else en
        return zh.format(n=n), en.format(n=n)
    zh_act, en_act = ACTIONS.get(action, (action, action))
    if tbl not in TABLE_NAMES:
        return (zh_act, en_act) if n == 1 else (f"{zh_act}（{n} 处）", f"{en_act} ({n} changes)")
    tzh, ten = TABLE_NAMES[tbl]
    if n == 1:
        return f"{zh_act}（{tzh}）", f"{en_act} ({ten})"
    return f"{zh_act}（{n} 个{tzh}）", f"{en_act} ({n} {EN_PLURALS.get(tbl, ten)})"
