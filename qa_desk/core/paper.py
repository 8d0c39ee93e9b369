"""What the audit trail says about a paper copy: when it was printed, and what of its complaint changed since.

A printout holds only a hash of its record. To say *what* changed, the print entry is found by that hash (every
print is audited with the SHA-256 it put in the QR code), and the complaint's audited changes after that entry are
listed by field label, time and author. Values are not shown: ``verify --paper`` runs without a login, and the
field names are what an inspector needs to compare the paper with the record.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from qa_desk.core import history
from qa_desk.store.audit import changes
from qa_desk.store.db import rows

# actions that read or copy a record without changing it
READS = frozenset({"print", "view", "export", "archive_package", "refused", "backup"})
# derived rows and bookkeeping a printed record does not show
SKIP_TABLES = frozenset({"deadlines", "complaint_next_due", "complaint_search"})


@dataclass(frozen=True)
class PrintEntry:
    id: int
    at: str
    who: str
    form: str = ""  # the form code the print entry names
    version: str = ""


@dataclass(frozen=True)
class Change:
    """One save after the print: when, who, and the fields (zh and en labels) it changed."""

    at: str
    who: str
    zh: tuple[str, ...]
    en: tuple[str, ...]

    def text(self, lang: str) -> str:
        when = self.at[:19].replace("T", " ")
        zh = lang.startswith("zh")
        return f"{when} {self.who}：{'、'.join(self.zh)}" if zh else f"{when} {self.who}: {', '.join(self.en)}"


def print_entry(db: Database, complaint_id: int, digest: str) -> PrintEntry | None:
    """The latest print of this complaint that put ``digest`` on paper (the content was the paper's then)."""
    row = db.conn.execute(
        "SELECT a.id, a.at, coalesce(u.display_name, a.username, ''), coalesce(json_extract(a.new, '$.form'), ''), "
        "coalesce(json_extract(a.new, '$.version'), '') FROM audit_log a "
        "LEFT JOIN users u ON u.id = a.user_id WHERE a.complaint_id = ? AND a.action = 'print' "
        "AND json_valid(a.new) AND json_extract(a.new, '$.sha256') = ? ORDER BY a.id DESC LIMIT 1",
        (complaint_id, digest)).fetchone()
    return PrintEntry(*row) if row else None


def last_complaint_before(db: Database, entry_id: int) -> int:
    """The newest complaint registered before an entry (ids only grow): which complaints existed at a print."""
    row = db.conn.execute("SELECT max(record_id) FROM audit_log WHERE id < ? AND tbl = 'complaints' AND op = 'insert'",
                          (entry_id,)).fetchone()
    return row[0] or 0


def archived_only_since(db: Database, complaint_id: int, entry_id: int) -> str | None:
    """When the complaint's only saves after an entry are its archiving (closed → archived: a step of the
    workflow, no value of the record touched), the time it was archived; else None."""
    found = None
    for e in rows(db, "SELECT at, action, op, tbl FROM audit_log WHERE complaint_id = ? AND id > ? ORDER BY id",
                  (complaint_id, entry_id)):
        if e["action"] in READS or e["tbl"] in SKIP_TABLES or e["op"] not in ("insert", "update", "delete"):
            continue
        if e["action"] != "archive" or e["tbl"] != "complaints" or e["op"] != "update":
            return None
        found = found or e["at"]
    return found


def changes_after(db: Database, complaint_id: int, entry_id: int) -> list[Change]:
    """The complaint's audited changes after an entry, one per save (same time and author), oldest first."""
    names = {uid: display or login for uid, display, login in db.conn.execute(
        "SELECT id, display_name, username FROM users")}
    entries = rows(db, "SELECT id, at, user_id, username, action, op, tbl, field, old, new, redacted_by FROM audit_log "
                       "WHERE complaint_id = ? AND id > ? ORDER BY id", (complaint_id, entry_id))
    out: list[Change] = []
    for e in entries:
        if e["action"] in READS or e["tbl"] in SKIP_TABLES or e["op"] not in ("insert", "update", "delete"):
            continue
        labels = _labels(e)
        if not labels:
            continue
        who = names.get(e["user_id"], e["username"] or "")
        if out and out[-1].at == e["at"] and out[-1].who == who:
            last = out.pop()
            zh = last.zh + tuple(x for x, _ in labels if x not in last.zh)
            en = last.en + tuple(y for _, y in labels if y not in last.en)
            out.append(Change(last.at, who, zh, en))
        else:
            out.append(Change(e["at"], who, tuple(dict.fromkeys(x for x, _ in labels)),
                              tuple(dict.fromkeys(y for _, y in labels))))
    return out


def _labels(e: dict) -> list[tuple[str, str]]:
    """(zh, en) of what an entry changed: field labels of an update, the kind of row of an insert or delete."""
    if e["op"] == "update":
        fields = [f for f, _old, _new in changes(e) if f not in history.NOISE]
        if e["tbl"] == "complaints" or e["tbl"] == "medical_details":
            return [history.field_label(f) for f in fields]
        tzh, ten = history.TABLE_NAMES.get(e["tbl"], (e["tbl"], e["tbl"]))
        return [(f"{tzh}·{history.field_label(f)[0]}", f"{ten}: {history.field_label(f)[1]}") for f in fields]
    if e["tbl"] == "signatures":
        return [(f"电子签名（{'新增' if e['op'] == 'insert' else '删除'}）",
                 f"electronic signature ({'added' if e['op'] == 'insert' else 'removed'})")]
    tzh, ten = history.TABLE_NAMES.get(e["tbl"], (e["tbl"] or "", e["tbl"] or ""))
    return [(f"{tzh}（{'新增' if e['op'] == 'insert' else '删除'}）", f"{ten} ({'added' if e['op'] == 'insert' else 'removed'})")]


# the trail's actions that may change a value already entered (then with a reason), on the complaint or its rows
CORRECTIONS = ("reclassify", "change", "correct_receipt", "checklist", "findings", "market_action")
BOOKKEEPING = frozenset({"updated_at", "status", "cycle"})


def changes_after_entry(db: Database, complaint_id: int, *, rule: int = 2) -> int:
    """How many times saved data of this complaint was changed after it was entered (the page says so: Annex 11
    §8.1). Rule 1 counted every update of the complaint row logged as a reclassification or a change — a workflow
    step logged as a change too, while a receipt correction or a corrected custody, checklist or medical row was
    missed. Rule 2 counts the saves, with their reason, that overwrote a value already there: first entries and
    workflow steps are not changes of what was recorded."""
    if rule == 1:
        return db.conn.execute(
            "SELECT count(*) FROM audit_log WHERE complaint_id = ? AND tbl = 'complaints' AND op = 'update' AND "
            "action IN ('reclassify', 'change')", (complaint_id,)).fetchone()[0]
    entries = rows(db, "SELECT op, tbl, field, old, new, redacted_by FROM audit_log WHERE complaint_id = ? AND "
                       f"op = 'update' AND reason IS NOT NULL AND action IN ({', '.join('?' * len(CORRECTIONS))})",
                   (complaint_id, *CORRECTIONS))
    return sum(1 for e in entries
               if any(old not in (None, "") for name, old, _new in changes(e) if name not in BOOKKEEPING))


def describe(found: list[Change], lang: str) -> str:
    return "\n".join("  " + c.text(lang) for c in found)

