"""Roles and who may do what (DOMAIN.md §1). The services check these; the GUI only asks what to offer.

``PERMISSIONS`` is the one table of who may do what. The README's table of roles × actions is generated from
it (``python -m qa_desk.core.roles``) and a test fails when the two differ.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    RECEPTION = "reception"
    INSPECTOR = "inspector"
    QA_HEAD = "qa_head"
    QUALITY_VP = "quality_vp"
    ADMIN = "admin"


RECEPTION, INSPECTOR, QA_HEAD, QUALITY_VP, ADMIN = (Role.RECEPTION, Role.INSPECTOR, Role.QA_HEAD,
                                                    Role.QUALITY_VP, Role.ADMIN)
ALL_ROLES = tuple(Role)
QA_ROLES = frozenset({INSPECTOR, QA_HEAD, QUALITY_VP})
# Roles that sign records. The person who grants access never also signs with it (DOMAIN §1).
SIGNER_ROLES = QA_ROLES

# action -> (roles allowed, zh label, en label)
_ACTIONS: dict[str, tuple[frozenset[Role], str, str]] = {
    "register": (frozenset({RECEPTION, INSPECTOR}), "登记投诉", "register a complaint"),
    "own_registrations": (frozenset({RECEPTION, INSPECTOR}), "查看本人登记的投诉清单", "list the complaints one registered"),
    "print_blank": (frozenset(Role), "打印空白接收记录", "print the blank receipt form"),
    "view": (QA_ROLES | {RECEPTION}, "查看投诉记录（前台：仅本人登记的，个人信息屏蔽）",
             "open a complaint record (reception: only those they registered, personal data masked)"),
    "qa_work": (QA_ROLES, "投诉处理工作页面（分诊、待办、归档）", "the complaint work pages (triage, tasks, archive)"),
    "view_personal_data": (QA_ROLES, "查看个人信息（投诉人、患者）", "see personal data (complainant, patient)"),
    "acknowledge": (frozenset({INSPECTOR}), "确认收悉", "acknowledge receipt"),
    "triage": (frozenset({INSPECTOR}), "分类", "triage"),
    "edit": (frozenset({INSPECTOR}), "修改记录（须说明理由）", "correct a record (with a reason)"),
    "investigate": (frozenset({INSPECTOR}), "调查、CAPA 提议", "investigate, propose CAPA"),
    "submit": (frozenset({INSPECTOR}), "提交审核（签名：提出）", "submit for review (signature: proposed)"),
    "review": (frozenset({QA_HEAD}), "审核（签名）", "review (signature)"),
    "approve": (frozenset({QUALITY_VP}), "批准（签名）", "approve (signature)"),
    "reject": (frozenset({QA_HEAD, QUALITY_VP}), "退回调查", "return to investigation"),
    "reply": (frozenset({INSPECTOR}), "答复投诉人", "reply to the complainant"),
    "close": (frozenset({INSPECTOR, QA_HEAD}), "结案", "close"),
    "archive": (frozenset({INSPECTOR, QA_HEAD}), "归档", "archive"),
    "void": (frozenset({INSPECTOR, QA_HEAD}), "作废（分类前）/申请作废", "void (before triage) / ask to void"),
    "approve_void": (frozenset({QA_HEAD}), "批准作废（签名）", "approve a void (signature)"),
    "request_extension": (frozenset({INSPECTOR}), "申请延期", "ask for an extension"),
    "decide_extension": (frozenset({QA_HEAD}), "审批延期", "decide an extension"),
    "acknowledge_class_i": (frozenset({QA_HEAD, QUALITY_VP}), "I 类投诉确认知悉", "acknowledge a Class I complaint"),
    "lift_hold": (frozenset({QA_HEAD}), "解除暂停销售（签名）", "lift a batch hold (signature)"),
    "verify_capa": (QA_ROLES, "验证 CAPA 有效性", "verify a CAPA's effectiveness"),
    "print_record": (QA_ROLES, "打印投诉记录", "print a complaint's records"),
    "register_export": (QA_ROLES, "导出/打印登记台帐", "export or print the register"),
    "import": (frozenset({INSPECTOR, QA_HEAD}), "导入台帐", "import a ledger"),
    # The batch register is quality data (the denominators of the reviews the QA head signs): QA keeps it. Everyone
    # may read it: reception's wizard completes a receipt from it, and it holds no personal data.
    "batches": (QA_ROLES, "维护批次登记（新增、修改、导入）", "keep the batch register (add, change, import)"),
    "batches_view": (frozenset(Role), "查看批次登记", "read the batch register"),
    "decide_signal": (frozenset({QA_HEAD}), "决定预警信号（签名）", "decide an early-warning signal (signature)"),
    "periodic_report": (QA_ROLES, "打印定期审核报告", "print the periodic reports"),
    "periodic_review": (frozenset({QA_HEAD}), "定期审核（签名）", "sign a periodic review"),
    "periodic_review_inform": (frozenset({QUALITY_VP}), "定期审核知悉（签名）", "acknowledge a periodic review"),
    "archive_package": (QA_ROLES, "归档包", "make an archive package"),
    "legal_hold": (frozenset({QA_HEAD, QUALITY_VP}), "法律保留", "legal hold"),
    "destroy": (frozenset({QUALITY_VP}), "批准销毁（签名）", "approve destruction (signature)"),
    "audit_review": (frozenset({QA_HEAD}), "审计追踪审核（签名）", "audit-trail review (signature)"),
    "manage_users": (frozenset({ADMIN}), "用户与角色管理", "manage users and roles"),
    "settings": (frozenset({ADMIN}), "系统设置", "change settings"),
    "calendar": (frozenset({ADMIN}), "工作日历", "working-day calendar"),
    "confirm_clock": (frozenset({ADMIN}), "确认系统时钟", "confirm the computer's clock"),
    # A backup holds every complainant's and patient's personal data: the administrator keeps them, and the QA
    # head, who is entitled to that data and answers for the records being available, may take one too.
    "backup": (frozenset({ADMIN, QA_HEAD}), "备份", "back up"),
    "restore": (frozenset({ADMIN}), "恢复备份", "restore a backup"),
}

PERMISSIONS: dict[str, frozenset[Role]] = {k: v[0] for k, v in _ACTIONS.items()}


def action_label(action: str, lang: str) -> str:
    entry = _ACTIONS.get(action)
    if entry is None:
        return action
    return entry[1] if lang.startswith("zh") else entry[2]


def role_conflicts(roles: frozenset[str] | set[str]) -> bool:
    """True when a set of roles mixes the administrator with a signer role (not allowed on one account)."""
    return ADMIN in roles and bool(set(roles) & SIGNER_ROLES)


ROLE_COLUMNS = (("reception", "前台", "Reception"), ("inspector", "质检员", "Inspector"),
                ("qa_head", "部长", "QA head"), ("quality_vp", "质量副总", "Quality VP"),
                ("admin", "管理员", "Admin"))


def markdown_table() -> str:
    """The README's who-may-do-what table, from PERMISSIONS."""
    head = "| action | " + " | ".join(f"{en} {zh}" for _, zh, en in ROLE_COLUMNS) + " |"
    lines = [head, "|---|" + "---|" * len(ROLE_COLUMNS)]
    for action, (allowed, zh, en) in _ACTIONS.items():
        marks = " | ".join("✓" if role in allowed else "" for role, _, _ in ROLE_COLUMNS)
        lines.append(f"| {en} {zh} (`{action}`) | {marks} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
