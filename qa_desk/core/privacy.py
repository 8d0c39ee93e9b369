"""Personal data (DOMAIN §1, §10): complainants' and patients' personal data are visible only to QA roles.

One decision, applied in every read service (the complaint as the window shows it, the medical panel, the
history, prints, exports, search results, messages), not at some call sites: a reader without
``view_personal_data`` gets the masked value, whoever calls the service.
"""

from __future__ import annotations

from qa_desk.core.session import Session

MASK = "***"
# the complainant as a person: name, contact, phone, address, e-mail (an organisation's name is not personal)
COMPLAINANT_FIELDS = ("complainant_name", "contact_person", "phone", "address", "email")
# every patient and physician field of the medical details
MEDICAL_FIELDS = ("physician_qualification", "physician_years", "physician_experience", "patient_sex",
                  "patient_age", "patient_health", "indication", "history", "dose", "concomitant", "allergies",
                  "manifestation", "outcome")
PERSONAL_FIELDS = frozenset(COMPLAINANT_FIELDS + MEDICAL_FIELDS)


def may_see(session: Session) -> bool:
    return session.may("view_personal_data")


def masked_value(value):
    return value if value in (None, "") else MASK


def mask_row(row: dict, fields=PERSONAL_FIELDS) -> dict:
    out = {k: (masked_value(v) if k in fields else v) for k, v in row.items()}
    if out.get("imported_extra"):
        out["imported_extra"] = mask_extras(out["imported_extra"])
    return out


def mask_extras(raw: str) -> str:
    """An imported record's other ledger columns (JSON pairs of header and text) with every text masked: a ledger's
    column the app has no field for may be a phone, a name or a patient's history, so it is treated as personal."""
    import json

    try:
        pairs = json.loads(raw)
        return json.dumps([[str(h), MASK] for h, _ in pairs], ensure_ascii=False)
    except (ValueError, TypeError):
        return MASK


def for_reader(session: Session, row: dict | None) -> dict | None:
    """The row as this reader may see it."""
    if row is None or may_see(session):
        return row
    return mask_row(row)


def value_for_reader(session: Session, field: str | None, value, *, see: bool | None = None):
    """One logged or displayed value (a history line, an error message) as this reader may see it."""
    if field in PERSONAL_FIELDS and not (may_see(session) if see is None else see):
        return masked_value(value)
    return value
