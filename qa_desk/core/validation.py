"""Input checks shared by every service: each returns Problems (zh + en) instead of raising, so one refusal
can list everything that is wrong at once."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

from qa_desk.core.errors import Problem

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]")
_BATCH = re.compile(r"^[A-Z0-9][A-Z0-9\-/._]{0,39}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+\-() ]{3,30}$")
# A complaint number: the numbering pattern's character set (DOMAIN.md §8), ASCII letters and digits in groups
# joined by "-", so that a number can never be a path, a drive, a device or an invisible change of another one.
NUMBER_MAX = 40
_NUMBER = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "checklist": ("检查清单", "checklist"), "capa": ("CAPA", "CAPA"), "medical": ("医学信息", "medical details"),
    "display_name": ("姓名", "name"), "department": ("部门", "department"), "job_title": ("职务", "job title"),
    "comment": ("签名备注", "signature comment"), "username": ("用户名", "user name"), "password": ("密码", "password"),
    "roles": ("角色", "roles"), "owner_user_id": ("负责人账户", "owner's account"),
    "void_requested_by": ("作废申请人", "void requested by"), "void_requested_at": ("作废申请时间", "void requested at"),
    "void_request_reason": ("作废申请理由", "reason for the void request"),
    "received_at": ("接收时间", "received at"), "channel": ("投诉渠道", "channel"),
    "complainant_type": ("投诉人类型", "complainant type"), "complainant_name": ("投诉人", "complainant"),
    "complainant_org": ("单位", "organisation"), "contact_person": ("联系人", "contact person"),
    "phone": ("电话", "phone"), "address": ("地址", "address"), "email": ("电子邮件", "e-mail"),
    "product_name": ("产品名称", "product"), "strength": ("规格", "strength"),
    "package_form": ("包装形式", "package form"), "batch_no": ("批号", "batch"),
    "mfg_date": ("生产日期", "manufacturing date"), "expiry_date": ("有效期至", "expiry date"),
    "quantity": ("数量", "quantity"), "unit": ("单位", "unit"), "purchase_place": ("购买地点", "where bought"),
    "purchase_date": ("购买日期", "purchase date"), "storage_use": ("储存、使用经过", "storage and use"),
    "description": ("投诉内容", "complaint"), "request": ("投诉请求", "request"),
    "first_contact": ("首问负责人", "first-contact person"), "scope_reason": ("不在范围的原因", "out-of-scope reason"),
    "no_investigation_reason": ("不调查的原因", "reason for no investigation"),
    "reportability_rationale": ("报告判定依据", "reportability rationale"),
    "class_override_reason": ("分类变更理由", "class override reason"),
    "priority_reason": ("优先级变更理由", "priority change reason"),
    "nature": ("投诉性质", "nature"), "category": ("投诉类别", "category"), "defect_type": ("缺陷类型", "defect type"),
    "class": ("严重程度分类", "severity class"), "priority": ("优先级", "priority"),
    "report_type": ("报告类型", "report type"), "reason": ("理由", "reason"),
    "root_cause": ("根本原因", "root cause"), "conclusion_note": ("结论说明", "conclusion note"),
    "risk_note": ("风险说明", "risk note"), "market_action_note": ("市场措施说明", "market action note"),
    "acknowledged_at": ("确认时间", "acknowledgement time"), "replied_at": ("答复时间", "reply time"),
    "report_submitted_at": ("报告时间", "report time"), "report_authority": ("报告的监管部门", "authority reported to"),
    "report_reference": ("报告编号", "report reference"),
    # workflow and investigation fields, as the history tab names their changes
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
    "checklist_item_id": ("所属检查项", "checklist item"), "filename": ("文件名", "file name"),
    "attachments": ("附件", "attachments"),
    "mime": ("文件类型", "file type"), "size": ("大小", "size"), "sha256": ("SHA-256", "SHA-256"),
    "added_by": ("添加人", "added by"), "added_at": ("添加时间", "added at"),
    "other_id": ("关联投诉", "linked complaint"),
    "legacy_handler": ("处理人（台帐）", "handled by (ledger)"), "legacy_number": ("原编号（台帐）", "ledger number"),
    "imported_extra": ("导入的附加字段", "imported extra field"), "import_row": ("台帐行号", "ledger row"),
    "manufactured_on": ("生产日期", "manufactured on"), "expires_on": ("有效期至", "expires on"),
    "quantity_released": ("放行数量", "quantity released"), "released_on": ("放行日期", "released on"),
}

# Longest accepted text per field (characters); anything else defaults to 500.
MAX_LEN = {"description": 10_000, "request": 4_000, "storage_use": 4_000, "address": 500, "root_cause": 4_000,
           "conclusion_note": 4_000, "risk_note": 4_000, "market_action_note": 2_000, "content": 20_000,
           "note": 4_000, "reason": 2_000, "five_whys": 10_000, "fishbone": 10_000,
           "imported_extra": 4_000}


def label(field: str) -> tuple[str, str]:
    """The field's name in words, zh and en: never the internal key in a message."""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    from qa_desk.ui_labels import MEDICAL_LABELS  # a plain table shared with the forms (no Qt)

    for key, zh, en in MEDICAL_LABELS:
        if key == field:
            return zh, en.lower() if en[:1].isupper() and not en.isupper() else en
    return field, field.replace("_", " ")


_WHOLE = re.compile(r"^\s*(\d{1,4})\s*(岁|歲|周岁|周歲|年|years?|yrs?|y)?\s*$", re.IGNORECASE)


def whole_number(value, field: str, problems: list[Problem], *, low: int = 0, high: int = 130) -> int | None:
    """A count as people type it (67, 67.0, "67岁", "67 years"); None when empty; otherwise a problem that says
    what to type."""
    if value in (None, ""):
        return None
    number = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        m = _WHOLE.match(unicodedata.normalize("NFKC", value))
        number = int(m.group(1)) if m else None
    if number is None or not low <= number <= high:
        zh, en = label(field)
        shown = str(value)[:20]
        problems.append(Problem(f"{zh}“{shown}”无法识别：请填写 {low}–{high} 的整数，如 67（可写“67岁”）",
                                f"{en} '{shown}' is not understood: enter a whole number {low}–{high}, e.g. 67 "
                                f"('67 years' works too)", field))
        return None
    return number


def missing(field: str) -> Problem:
    zh, en = label(field)
    return Problem(f"请填写{zh}", f"{en} is required", field)


def clean_text(value, field: str, problems: list[Problem], *, required: bool = False) -> str | None:
    """Trim, normalise and bound a text field; None when empty."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        value = str(value)
    value = unicodedata.normalize("NFC", value).strip()
    if not value:
        if required:
            problems.append(missing(field))
        return None
    zh, en = label(field)
    if _CONTROL.search(value):
        problems.append(Problem(f"{zh}含有不可见的控制字符，请删除后重试",
                                f"{en} contains invisible control characters; remove them", field))
    limit = MAX_LEN.get(field, 500)
    if len(value) > limit:
        problems.append(Problem(f"{zh}过长（{len(value)} 字），最多 {limit} 字",
                                f"{en} is too long ({len(value)} characters); at most {limit}", field))
    return value


def normalise_batch(value: str | None) -> str | None:
    if not value:
        return None
    v = unicodedata.normalize("NFKC", value).upper()
    v = re.sub(r"\s+", "", v)
    return v or None


def check_batch(value: str | None, problems: list[Problem]) -> str | None:
    v = normalise_batch(value)
    if v and not _BATCH.match(v):
        problems.append(Problem("批号只能包含字母、数字和 - / . _，不超过40个字符",
                                "a batch number may hold letters, digits and - / . _ only, at most 40", "batch_no"))
    return v


def number_problem(value, field: str = "number") -> Problem | None:
    """Why ``value`` cannot be a complaint number, or None when it can. The one rule for every way a number enters
    the file: the numbering service, the ledger import, any correction."""
    text = "" if value is None else str(value)
    if _NUMBER.fullmatch(text) and len(text) <= NUMBER_MAX:
        return None
    bad = "".join(dict.fromkeys(ch for ch in text if not (ch.isascii() and (ch.isalnum() or ch == "-"))))
    shown = "".join(ch if ch.isprintable() and not ch.isspace() else f"\\u{ord(ch):04x}" for ch in text[:60])
    rule_zh = (f"投诉编号只能由英文字母、数字和“-”组成（如 TS-2026-0042），以字母或数字开头和结尾，不能有连续的“-”，"
               f"最多 {NUMBER_MAX} 个字符")
    rule_en = (f"a complaint number may hold only letters A–Z, digits and '-' (e.g. TS-2026-0042), begin and end "
               f"with a letter or digit, no '--', at most {NUMBER_MAX} characters")
    if not text:
        return Problem(f"投诉编号为空；{rule_zh}", f"the complaint number is empty; {rule_en}", field)
    chars = "".join(ch if ch.isprintable() and not ch.isspace() else f"\\u{ord(ch):04x}" for ch in bad[:20])
    why_zh = f"含有不允许的字符 {chars}" if bad else ("过长" if len(text) > NUMBER_MAX else "中“-”在开头、结尾或连续出现")
    why_en = f"holds characters that are not allowed: {chars}" if bad else \
        ("is too long" if len(text) > NUMBER_MAX else "has a '-' at the start, the end or twice in a row")
    return Problem(f"编号“{shown}”{why_zh}；{rule_zh}", f"number '{shown}' {why_en}; {rule_en}", field)


def check_number(value, problems: list[Problem], field: str = "number") -> str | None:
    """The number when it follows the rule; otherwise None and the reason appended to ``problems``."""
    p = number_problem(value, field)
    if p:
        problems.append(p)
        return None
    return str(value)


def check_choice(value, allowed, field: str, problems: list[Problem], *, required: bool = False):
    if value in (None, ""):
        if required:
            problems.append(missing(field))
        return None
    if value not in allowed:
        zh, en = label(field)
        problems.append(Problem(f"{zh}的值“{value}”无效，可选：{'、'.join(allowed)}",
                                f"{en} '{value}' is not valid; choose one of {', '.join(allowed)}", field))
        return None
    return value


def check_date(value, field: str, problems: list[Problem]) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        d = value
    else:
        try:
            d = date.fromisoformat(str(value).strip())
        except ValueError:
            zh, en = label(field)
            problems.append(Problem(f"{zh}“{value}”不是有效日期（YYYY-MM-DD）",
                                    f"{en} '{value}' is not a date (YYYY-MM-DD)", field))
            return None
    if not (date(1950, 1, 1) <= d <= date(2200, 12, 31)):
        zh, en = label(field)
        problems.append(Problem(f"{zh} {d} 超出合理范围", f"{en} {d} is out of range", field))
        return None
    return d


def check_received(value, now: datetime, problems: list[Problem], field: str = "received_at") -> datetime | None:
    """A point in time not in the future, expressed in the office's zone (the clock's), so that working
    days, end of day and the numbering year are counted where the office is."""
    zh, en = label(field)
    if value is None or value == "":
        problems.append(missing(field))
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            problems.append(Problem(f"{zh}格式无效（应为 YYYY-MM-DD HH:MM）", f"{en} is not a valid date and time", field))
            return None
    elif isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, datetime.min.time())
    if not isinstance(value, datetime):
        problems.append(Problem(f"{zh}格式无效", f"{en} is not a date and time", field))
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=now.tzinfo)
    if value.year < 2000:
        problems.append(Problem(f"{zh}早于2000年，请检查", f"{en} is before 2000; check it", field))
        return None
    try:  # 9999-12-31T23:30-10:00 is past the calendar in the office's zone: in the future, said as such
        value = value.astimezone(now.tzinfo).replace(microsecond=0)
        future = value > now + timedelta(minutes=5)
    except OverflowError:
        value, future = None, True
    if future:
        problems.append(Problem(f"{zh}不能晚于当前时间", f"{en} cannot be in the future", field))
    return value


QUANTITY_MAX = 1e9  # units of one complaint: more is a typing error


def check_quantity(value, problems: list[Problem], field: str = "quantity") -> float | None:
    """A positive amount; ``field`` names the input it came from (its label in the message, its key in the
    problem, so the form marks that input)."""
    if value in (None, ""):
        return None
    zh, en = label(field)
    try:
        q = float(value)
    except (TypeError, ValueError, OverflowError):
        problems.append(Problem(f"{zh}必须是数字", f"the {en} must be a number", field))
        return None
    if q != q or q in (float("inf"), float("-inf")):
        problems.append(Problem(f"{zh}必须是数字", f"the {en} must be a number", field))
        return None
    if q <= 0:
        problems.append(Problem(f"{zh}必须大于 0", f"the {en} must be more than 0", field))
        return None
    if q > QUANTITY_MAX:
        problems.append(Problem(f"{zh} {q:g} 过大，最多 {QUANTITY_MAX:,.0f}", f"the {en} {q:g} is too large; at most "
                                f"{QUANTITY_MAX:,.0f}", field))
        return None
    return q


def check_email(value: str | None, problems: list[Problem]) -> None:
    if value and not _EMAIL.match(value):
        problems.append(Problem("电子邮件地址格式不正确", "the e-mail address is not valid", "email"))


def check_phone(value: str | None, problems: list[Problem]) -> None:
    if value and not _PHONE.match(value):
        problems.append(Problem("电话号码只能包含数字、空格和 + - ( )", "a phone number may hold digits, spaces and + - ( )",
                                "phone"))


def changed_saved(before: dict | None, after: dict, fields) -> list[str]:
    """Fields that already held a saved value and would now change: a correction, which needs a reason
    (Annex 11 §9, 21 CFR 11.10(e)). Filling an empty field is not a correction."""
    if not before:
        return []
    return [f for f in fields if before.get(f) not in (None, "") and before.get(f) != after.get(f)]


def require_reason(changed: list[str], reason: str | None) -> str | None:
    """The cleaned reason; refuses with code ``reason_required`` (naming the fields) when saved values change
    without one, so the caller can ask for it and try again."""
    from qa_desk.core.errors import refuse

    p: list[Problem] = []
    reason = clean_text(reason, "reason", p)
    if p:
        raise refuse("bad_reason", "理由无效", "The reason is not valid", p)
    if changed and not reason:
        zh = "、".join(dict.fromkeys(label(f)[0] for f in changed))
        en = ", ".join(dict.fromkeys(label(f)[1] for f in changed))
        raise refuse("reason_required", f"修改已保存的内容需要说明理由（{zh}）",
                     f"Changing saved values needs a reason ({en})", [Problem(zh, en, "reason")])
    return reason
