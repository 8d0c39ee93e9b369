"""Roles and who may do what (DOMAIN.md §1). The services check these; the GUI only hides buttons."""

from __future__ import annotations

RECEPTION = "reception"
INSPECTOR = "inspector"
QA_HEAD = "qa_head"
QUALITY_VP = "quality_vp"
ADMIN = "admin"
ALL_ROLES = (RECEPTION, INSPECTOR, QA_HEAD, QUALITY_VP, ADMIN)
QA_ROLES = frozenset({INSPECTOR, QA_HEAD, QUALITY_VP})

# action -> roles allowed to perform it
PERMISSIONS: dict[str, frozenset[str]] = {
    "register": frozenset({RECEPTION, INSPECTOR}),
    "acknowledge": frozenset({INSPECTOR}),
    "triage": frozenset({INSPECTOR}),
    "edit": frozenset({INSPECTOR}),
    "investigate": frozenset({INSPECTOR}),
    "submit": frozenset({INSPECTOR}),
    "review": frozenset({QA_HEAD}),
    "approve": frozenset({QUALITY_VP}),
    "reject": frozenset({QA_HEAD, QUALITY_VP}),
    "reply": frozenset({INSPECTOR}),
    "close": frozenset({INSPECTOR, QA_HEAD}),
    "archive": frozenset({INSPECTOR, QA_HEAD}),
    "void": frozenset({INSPECTOR, QA_HEAD}),
    "request_extension": frozenset({INSPECTOR}),
    "decide_extension": frozenset({QA_HEAD}),
    "acknowledge_class_i": frozenset({QA_HEAD, QUALITY_VP}),
    "lift_hold": frozenset({QA_HEAD}),
    "verify_capa": frozenset({INSPECTOR, QA_HEAD, QUALITY_VP}),
    "view": frozenset({RECEPTION, INSPECTOR, QA_HEAD, QUALITY_VP, ADMIN}),
    "view_personal_data": QA_ROLES,
    "manage_users": frozenset({ADMIN}),
    "settings": frozenset({ADMIN}),
    "calendar": frozenset({ADMIN}),
    "backup": frozenset({RECEPTION, INSPECTOR, QA_HEAD, QUALITY_VP, ADMIN}),
    "restore": frozenset({ADMIN}),
    "legal_hold": frozenset({QA_HEAD, QUALITY_VP}),
    "destroy": frozenset({QUALITY_VP}),
    "archive_package": QA_ROLES,
    "audit_review": frozenset({QA_HEAD}),
}
