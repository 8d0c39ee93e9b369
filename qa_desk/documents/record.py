"""A complaint as it is printed: every value as text, labels of vocabularies in both languages, personal
data masked when asked. The same dict feeds the PDF forms and the hash in their QR code, so a paper copy
can be checked against the database later.

What the hash covers (``RULE`` 2, since issue 15): the complaint's own content only. The list of related complaints
an investigation record prints (``CONTEXT``) is read from the register as of the complaint's received date and is
left out of the hash, so a complaint registered later on the same product never makes an earlier printout
"changed". Copies printed before carry no rule mark in their QR text and are checked by the rule they were printed
under (rule 1: the whole dict, the related list as of the print time); ``forms.check_paper`` says how."""

from __future__ import annotations

import hashlib
import json

from qa_desk.core import complaints, signatures
from qa_desk.core import related as rel
from qa_desk.core.paper import changes_after_entry
from qa_desk.core.privacy import COMPLAINANT_FIELDS as PERSONAL
from qa_desk.core.privacy import MASK
from qa_desk.core.privacy import MEDICAL_FIELDS as MEDICAL_PERSONAL
from qa_desk.core.session import Session
from qa_desk.store.audit import canonical
from qa_desk.store.db import rows

RULE = 2  # what record_hash covers; printed in the QR text as "R2"
CONTEXT = ("related", "related_more")  # printed beside the record, not part of its content: never hashed

STATE = {"valid": "有效 valid", "invalid": "已失效：签名后内容被修改 INVALID: changed after signing",
         "superseded": "已被后续流程取代 superseded"}


def both(policy, vocab: str, code) -> str:
    if code in (None, ""):
        return ""
    return f"{policy.label(vocab, code, 'zh')} / {policy.label(vocab, code, 'en')}"


def yes_no(flag) -> str:
    return "是 / yes" if flag else "否 / no"


def when(text) -> str:
    """A stored time as printed; a value that is not text (a blob written with sqlite3) as its bytes in hex, so
    the record still prints what the file holds (verify names the field)."""
    if isinstance(text, bytes):
        return text.hex()
    return ("" if text is None else str(text)).replace("T", " ")


def plain(value):
    """A value read from the file as the record can print and hash it: a blob (written into a text column with
    sqlite3) as its bytes in hex, the rest as it is. Values the app writes are never blobs, so their hash is
    what it always was."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return value


def number(value) -> str:
    """A stored quantity as printed: a number without trailing zeros; anything else written into the column
    (text, a blob) as the file holds it, so the record prints instead of stopping."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:g}"
    return "" if value is None else str(plain(value))


def _five_whys(text) -> str:
    """The five whys as numbered lines; a column that is not the JSON list the app writes prints as stored."""
    try:
        return "\n".join(f"{i + 1}. {w}" for i, w in enumerate(json.loads(text or "[]")))
    except (TypeError, ValueError):
        return str(plain(text))


def _fishbone(pol, text) -> str:
    """The fishbone's categories and causes; a column that is not the JSON object the app writes prints as stored."""
    try:
        return "\n".join(f"{pol.label('fishbone', k, 'zh')}：{'；'.join(v)}" for k, v in json.loads(text or "{}").items())
    except (TypeError, ValueError, AttributeError):
        return str(plain(text))


def _plain_row(row: dict) -> dict:
    return {k: plain(v) for k, v in row.items()}


def _rows(db, sql: str, params: tuple = ()) -> list[dict]:
    """Rows of a complaint's own tables, blobs as hex (``plain``): what a record prints and hashes."""
    return [_plain_row(r) for r in rows(db, sql, params)]


def _signatures(db, complaint_id: int) -> list[dict]:
    """The complaint's signatures with their states. A blob written into a signed column (with sqlite3: the app
    never writes one) cannot be hashed by ``signatures.content_hash``; what was signed then cannot be what the file
    holds now, so every signature prints as invalid rather than the record not printing (verify names the field)."""
    try:
        return signatures.for_complaint(db, complaint_id)
    except TypeError:
        return [{**s, "state": "invalid"} for s in _rows(db, "SELECT * FROM signatures WHERE complaint_id = ? "
                                                              "ORDER BY id", (complaint_id,))]


def _report(pol, code) -> str:
    """'：' and the report type in both languages; a code the policy does not know prints as stored."""
    if not code:
        return ""
    known = pol.reports.get(code)
    return f"：{known['zh']} / {known['en']}" if known else f"：{code}"


def _text(value) -> str:
    return "" if value is None else str(value)


def mask(value, masked: bool) -> str:
    if value in (None, ""):
        return ""
    return MASK if masked else str(value)


def complaint_record(session: Session, complaint_id: int, *, masked: bool = False, related: bool = False,
                     for_check: bool = False) -> dict:
    """A reader who may not see personal data gets it masked whatever ``masked`` says. ``related`` adds the related
    complaints (only the forms that print them ask: the query and its glyph check cost time at 100,000
    complaints). ``for_check`` builds the record only to compare its hash with a paper's (``check_paper``, which
    shows no value): the paper's own masking is used, whoever asks."""
    from qa_desk.core import privacy

    masked = masked or (not for_check and not privacy.may_see(session))
    pol, db = session.policy, session.db
    c = _plain_row(complaints.get(db, complaint_id))
    users = {r["id"]: r["display_name"] for r in rows(db, "SELECT id, display_name FROM users")}
    cls = pol.classes.get(c["class"] or "")
    r: dict = {
        "number": c["number"], "received_at": when(c["received_at"]), "channel": both(pol, "channel", c["channel"]),
        "receiver": users.get(c["receiver_id"], ""), "first_contact": c["first_contact"] or "",
        "acknowledged": (f"{when(c['acknowledged_at'])} {both(pol, 'ack_method', c['ack_method'])}"
                         if c["acknowledged_at"] else ("匿名，无需确认 / anonymous" if c["anonymous"] else "")),
        "complainant_type": both(pol, "complainant_type", c["complainant_type"]),
        "complainant_org": c["complainant_org"] or "",
        "product_name": c["product_name"], "strength": c["strength"] or "", "package_form": c["package_form"] or "",
        "batch_no": c["batch_no"] or "", "mfg_date": c["mfg_date"] or "", "expiry_date": c["expiry_date"] or "",
        "quantity": f"{number(c['quantity'])} {c['unit'] or ''}" if c["quantity"] else "",
        "purchase_place": c["purchase_place"] or "", "purchase_date": c["purchase_date"] or "",
        "storage_use": c["storage_use"] or "", "description": c["description"], "request": c["request"] or "",
        "sample": ("有 / available" if c["sample_available"] else "无 / none") +
                  ("，已索要 / requested" if c["sample_requested"] else ""),
        "adverse_event": yes_no(c["adverse_event"]),
        "in_scope": "" if c["in_scope"] is None else (yes_no(c["in_scope"]) + (f"：{c['scope_reason']}" if c["scope_reason"] else "")),
        "investigate": "" if c["investigate"] is None else yes_no(c["investigate"]),
        "no_investigation": (f"{c['no_investigation_reason']}（{users.get(c['no_investigation_by'], '')}）"
                             if c["no_investigation_reason"] else ""),
        "reportable": "" if c["reportable"] is None else yes_no(c["reportable"]) + (
            _report(pol, c["report_type"])),
        "reportability_rationale": c["reportability_rationale"] or "",
        "nature": both(pol, "nature", c["nature"]), "category": both(pol, "category", c["category"]),
        "defect_type": both(pol, "defect_type", c["defect_type"]),
        "class": f"{cls.zh} / {cls.en} — {cls.meaning_zh}" if cls else "",
        "class_mapping": f"{cls.mapping_zh} / {cls.mapping_en}" if cls else "",
        "class_override_reason": c["class_override_reason"] or "", "priority": both(pol, "priority", c["priority"]),
        "five_whys": _five_whys(c["five_whys"]), "fishbone": _fishbone(pol, c["fishbone"]),
        "root_cause": c["root_cause"] or "", "root_cause_category": both(pol, "fishbone", c["root_cause_category"]),
        "conclusion": both(pol, "conclusion", c["conclusion"]), "conclusion_note": c["conclusion_note"] or "",
        "risk_severity": both(pol, "severity", c["risk_severity"]),
        "risk_likelihood": both(pol, "likelihood", c["risk_likelihood"]),
        "scope_units": number(c["scope_units"]) if c["scope_units"] else "", "scope_batches": c["scope_batches"] or "",
        "risk_note": c["risk_note"] or "",
        "market_action": both(pol, "market_action", c["market_action"]) + (
            f" {both(pol, 'recall_level', c['recall_level'])}" if c["recall_level"] else ""),
        "market_action_note": c["market_action_note"] or "", "status": both(pol, "status", c["status"]),
        "anonymous": bool(c["anonymous"]),
    }
    for key in PERSONAL:
        r[key] = mask(c[key], masked)
    r["attachments"] = "、".join(_text(plain(a["filename"])) for a in rows(
        db, "SELECT filename FROM attachments WHERE complaint_id = ? ORDER BY id", (complaint_id,)))
    items = {i.code: (s, i) for s in pol.checklist for i in s.items}
    r["checklist"] = [{"item": f"{items[x['item']][0].zh} · {items[x['item']][1].zh}" if x["item"] in items else x["item"],
                       "result": both(pol, "check_result", x["result"]) or "未判定 / not decided", "note": x["note"] or "",
                       "reviewer": users.get(x["reviewer_id"], ""), "date": x["reviewed_on"] or ""}
                      for x in _rows(db, "SELECT * FROM checklist_items WHERE complaint_id = ? ORDER BY id", (complaint_id,))]
    r["custody"] = [{"at": when(x["at"])[:16], "action": x["action"], "holder": x["holder"], "seal_no": x["seal_no"] or "",
                     "condition": x["condition"] or ""}
                    for x in _rows(db, "SELECT * FROM sample_custody WHERE complaint_id = ? ORDER BY id", (complaint_id,))]
    from qa_desk.ui_labels import MEDICAL_LABELS

    med = _rows(db, "SELECT * FROM medical_details WHERE complaint_id = ?", (complaint_id,))
    r["medical"] = [{"label": f"{zh} / {en}", "value": mask(med[0][key], masked and key in MEDICAL_PERSONAL)}
                    for key, zh, en in MEDICAL_LABELS if med and med[0][key] not in (None, "")]
    if related:
        r.update(related_part(db, c))
    r["holds"] = [{"batch_no": h["batch_no"], "since": when(h["started_at"])[:16],
                   "status": "暂停中 on hold" if h["status"] == "active" else "已解除 lifted",
                   "lifted": f"{when(h['lifted_at'])[:16]} {users.get(h['lifted_by'], '')} {h['lift_reason'] or ''}".strip()}
                  for h in _rows(db, "SELECT * FROM batch_holds WHERE complaint_id = ? ORDER BY id", (complaint_id,))]
    r["capa"] = [{"ref": a["ref"], "description": a["description"], "owner": f"{a['owner_dept']} {a['owner']}",
                  "due": a["due_date"], "status": both(pol, "capa_status", a["status"]),
                  "verification": f"{users.get(a['verified_by'], '')} {_text(a['verified_at'])[:10]} "
                                  f"{a['effectiveness_note'] or ''}".strip(),
                  "change_control": a["change_control_ref"] or ""}
                 for a in _rows(db, "SELECT * FROM capa_actions WHERE complaint_id = ? ORDER BY id", (complaint_id,))]
    r["signatures"] = [{"name": plain(s["signer_name"]), "meaning": both(pol, "signature_meaning", plain(s["meaning"])),
                        "at": when(s["signed_at"]), "state": STATE[s["state"]]}
                       for s in _signatures(db, complaint_id)]
    final = _rows(db, "SELECT * FROM replies WHERE complaint_id = ? AND final = 1 ORDER BY id DESC LIMIT 1",
                 (complaint_id,))
    r["reply"] = final[0]["content"] if final else ""
    r["reply_at"] = when(final[0]["replied_at"])[:16] if final else ""
    _imported(db, c, r, masked)
    r["changes_after_entry"] = changes_after_entry(db, complaint_id, rule=RULE)
    return r



def _imported(db, c: dict, r: dict, masked: bool) -> None:
    """The import mark and the ledger's own columns, on an imported record only (so the printed hash of every other
    record stays what it was). The extra columns may hold personal data (a phone, a patient), so a masked print
    masks them."""
    from qa_desk.core import ledger_import

    origin = ledger_import.origin(db, c)
    if origin is None:
        return
    r["imported"] = f"{origin.mark('zh_CN')}\n{origin.mark('en')}"
    r["legacy_handler"] = origin.handler or ""  # a member of staff, like the receiver: not personal data
    r["imported_extra"] = [{"header": h, "value": mask(v, masked)} for h, v in ledger_import.extras(c)]


def related_rows(found: list[dict], *, rule: int = RULE) -> list[dict]:
    """Related complaints as the record prints them (rule 1 hashed these very dicts: keep their shape there)."""
    def summary(text: str | None) -> str:
        text = _text(plain(text))
        return text[:80] if rule == 1 or len(text) <= 80 else text[:79] + "…"

    return [{"number": x["number"], "received": _text(plain(x["received_at"]))[:10], "class": x["class"] or "",
             "link": "同批 batch" if x["link"] == rel.Link.BATCH else "同品种 product",
             "description": summary(x["description"])} for x in found]


def related_part(db, c: dict) -> dict:
    """The related list as of the complaint's received date, capped, and the line that says what it leaves out."""
    found = rel.for_complaint(db, c)
    more = ""
    if not found.window:
        more = (f"接收时间“{found.until}”不是日期，无法确定此前 12 个月的相关投诉（请运行 qa-desk verify）。\n"
                f"The received time \"{found.until}\" is not a date: the related complaints of the 12 months "
                "before it cannot be found (run qa-desk verify).")
    if found.more:
        more = (f"另有 {found.more} 条未列出（共 {found.total} 条：同批 {found.batch_total}，同品种 {found.product_total}）"
                f"——见投诉登记台帐，按产品“{found.product}”检索接收日期自 {found.since[:10]} 起、本投诉接收（{found.until[:10]}）前的投诉。\n"
                f"and {found.more} more not listed ({found.total} in all: {found.batch_total} on this batch, "
                f"{found.product_total} on the product) — see the register, search for product \"{found.product}\" "
                f"received from {found.since[:10]} until this complaint's receipt ({found.until[:10]}).")
    return {"related": related_rows(found.rows), "related_more": more}


def own_content(record: dict) -> dict:
    """The part of a record that is the complaint's own (what rule 2 hashes)."""
    return {k: v for k, v in record.items() if k not in CONTEXT}


def record_hash(form_code: str, version: str, record: dict, *, rule: int = RULE) -> str:
    """SHA-256 of a printed record. Rule 2 hashes its own content and names the rule in the hashed body; rule 1
    (copies printed before issue 15) hashed the whole dict as it was."""
    if rule == 1:
        body = canonical({"form": form_code, "version": version, "record": record})
    else:
        body = canonical({"form": form_code, "version": version, "rule": rule, "record": own_content(record)})
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
