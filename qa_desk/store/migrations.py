"""Numbered schema migrations, recorded in ``PRAGMA user_version``.

Each migration is a function that runs inside one transaction together with the version bump, so a file is
either at version N or at N+1, never in between. ``upgrade`` copies the file aside (SQLite online backup)
before it applies anything to a file that already holds data. Add a migration by appending a function to
MIGRATIONS; never edit one that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from qa_desk.store import backup, deadlines_index, search
from qa_desk.store.db import immediate


def _append_only(db: Database, table: str, *, allow_delete: bool = False) -> None:
    db.conn.execute(
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
    if not allow_delete:
        db.conn.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")


def m001_initial_schema(db: Database) -> None:
    """Every table of DOMAIN.md §2–§12: complaints and their parts, users, signatures, settings, audit."""
    db["users"].create({
        "id": int, "username": str, "display_name": str, "roles": str, "password_hash": str,
        "failed_attempts": int, "locked": int, "active": int, "must_change_password": int,
        "created_at": str, "password_changed_at": str,
    }, pk="id", not_null={"username", "display_name", "roles", "password_hash"},
        defaults={"failed_attempts": 0, "locked": 0, "active": 1, "must_change_password": 0, "roles": "[]"})
    db["users"].create_index(["username"], unique=True)

    db["settings"].create({"id": int, "key": str, "value": str}, pk="id", not_null={"key"})
    db["settings"].create_index(["key"], unique=True)

    db["calendar_years"].create({"id": int, "year": int, "source": str, "note": str}, pk="id",
                                not_null={"year", "source"})
    db["calendar_years"].create_index(["year"], unique=True)
    db["calendar_days"].create({"id": int, "day": str, "is_workday": int, "name": str, "source": str},
                               pk="id", not_null={"day", "is_workday"})
    db["calendar_days"].create_index(["day"], unique=True)

    db["number_sequences"].create({"key": str, "last_seq": int}, pk="key", not_null={"last_seq"})

    db["complaints"].create({
        "id": int, "number": str, "year": int, "seq": int, "status": str,
        # receipt
        "received_at": str, "channel": str, "receiver_id": int, "first_contact": str,
        # complainant
        "complainant_type": str, "complainant_name": str, "complainant_org": str, "contact_person": str,
        "phone": str, "address": str, "email": str, "anonymous": int,
        # product
        "product_name": str, "strength": str, "package_form": str, "batch_no": str, "mfg_date": str,
        "expiry_date": str, "quantity": float, "unit": str, "purchase_place": str, "purchase_date": str,
        "storage_use": str,
        # the complaint
        "description": str, "request": str, "sample_available": int, "sample_requested": int,
        "adverse_event": int,
        # initial check, investigate or not, reportability
        "in_scope": int, "scope_reason": str, "investigate": int, "no_investigation_reason": str,
        "no_investigation_by": int, "reportable": int, "reportability_rationale": str, "report_type": str,
        "report_submitted_at": str,
        # classification
        "nature": str, "category": str, "defect_type": str, "suggested_class": str, "class": str,
        "class_override_reason": str, "priority": str, "priority_reason": str,
        "owner_id": int, "acknowledged_at": str, "ack_method": str, "ack_by": int,
        "class_i_qahead_ack_at": str, "class_i_qahead_ack_by": int,
        "class_i_vp_ack_at": str, "class_i_vp_ack_by": int,
        # root cause, conclusion, risk, market action
        "root_cause": str, "root_cause_category": str, "five_whys": str, "fishbone": str,
        "conclusion": str, "conclusion_note": str, "risk_severity": str, "risk_likelihood": str,
        "scope_units": float, "scope_batches": str, "risk_note": str,
        "market_action": str, "recall_level": str, "market_action_note": str,
        # workflow
        "proposed_by": int, "proposed_at": str, "reviewed_by": int, "reviewed_at": str,
        "approved_by": int, "approved_at": str, "reopen_count": int, "extension_days": int,
        "closed_at": str, "closed_by": int, "archived_at": str, "legal_hold": int, "legal_hold_reason": str,
        "void_reason": str, "voided_at": str, "voided_by": int,
        "created_at": str, "created_by": int, "updated_at": str, "imported_from": str, "cycle": int,
    }, pk="id", not_null={"number", "year", "seq", "status", "received_at", "channel", "description"},
        defaults={"anonymous": 0, "sample_available": 0, "sample_requested": 0, "adverse_event": 0,
                  "reopen_count": 0, "extension_days": 0, "legal_hold": 0, "cycle": 0},
        foreign_keys=[("receiver_id", "users", "id"), ("owner_id", "users", "id"),
                      ("created_by", "users", "id")])
    complaints = db["complaints"]
    complaints.create_index(["number"], unique=True)
    complaints.create_index(["year", "seq"], unique=True)
    for cols in (["class"], ["status"], ["received_at"], ["batch_no"], ["product_name"], ["owner_id"]):
        complaints.create_index(cols)

    db["medical_details"].create({
        "id": int, "complaint_id": int, "user_org": str, "storage_ok": str, "quantity_bought": str,
        "stock": str, "dispensing_ok": str, "physician_qualification": str, "physician_years": int,
        "physician_experience": str, "patient_sex": str, "patient_age": int, "patient_health": str,
        "indication": str, "history": str, "dose": str, "concomitant": str, "allergies": str,
        "manifestation": str, "outcome": str,
    }, pk="id", foreign_keys=[("complaint_id", "complaints", "id")], not_null={"complaint_id"})
    db["medical_details"].create_index(["complaint_id"], unique=True)

    db["checklist_items"].create({
        "id": int, "complaint_id": int, "section": str, "item": str, "result": str, "note": str,
        "reviewer_id": int, "reviewed_on": str,
    }, pk="id", foreign_keys=[("complaint_id", "complaints", "id"), ("reviewer_id", "users", "id")],
        not_null={"complaint_id", "section", "item"})
    db["checklist_items"].create_index(["complaint_id", "item"], unique=True)

    db["sample_custody"].create({
        "id": int, "complaint_id": int, "at": str, "action": str, "holder": str, "quantity": float,
        "condition": str, "seal_no": str, "note": str, "recorded_by": int,
    }, pk="id", foreign_keys=[("complaint_id", "complaints", "id")], not_null={"complaint_id", "at", "action"})
    db["sample_custody"].create_index(["complaint_id"])

    db["batch_holds"].create({
        "id": int, "complaint_id": int, "product_name": str, "batch_no": str, "status": str,
        "started_at": str, "started_by": int, "lifted_at": str, "lifted_by": int, "lift_reason": str,
    }, pk="id", foreign_keys=[("complaint_id", "complaints", "id")], not_null={"complaint_id", "batch_no"})
    db["batch_holds"].create_index(["batch_no"])
    db["batch_holds"].create_index(["complaint_id"])

    db["capa_actions"].create({
        "id": int, "complaint_id": int, "ref": str, "kind": str, "description": str, "owner_dept": str,
        "owner": str, "due_date": str, "status": str, "done_at": str, "verified_by": int, "verified_at": str,
        "effectiveness_note": str, "change_control_ref": str, "created_by": int,
    }, pk="id", foreign_keys=[("complaint_id", "complaints", "id")], not_null={"complaint_id", "description"})
    db["capa_actions"].create_index(["complaint_id"])
    db["capa_actions"].create_index(["due_date"])

    db["replies"].create({
        "id": int, "complaint_id": int, "replied_at": str, "method": str, "content": str, "final": int,
        "satisfaction": str, "recorded_by": int, "recorded_at": str,
    }, pk="id", foreign_keys=[("complaint_id", "complaints", "id")], not_null={"complaint_id", "replied_at"})
    db["replies"].create_index(["complaint_id"])

    db["attachments"].create({
        "id": int, "complaint_id": int, "checklist_item_id": int, "filename": str, "mime": str, "size": int,
        "sha256": str, "content": bytes, "added_by": int, "added_at": str,
    }, pk="id", foreign_keys=[("complaint_id", "complaints", "id")], not_null={"complaint_id", "sha256"})
    db["attachments"].create_index(["complaint_id"])

    db["deadlines"].create({
        "id": int, "complaint_id": int, "kind": str, "due_at": str, "due_utc": str, "met_at": str,
        "extended_days": int, "calendar_warning": str,
    }, pk="id", foreign_keys=[("complaint_id", "complaints", "id")], not_null={"complaint_id", "kind"},
        defaults={"extended_days": 0})
    db["deadlines"].create_index(["complaint_id", "kind"], unique=True)
    db["deadlines"].create_index(["due_utc"])

    db["extensions"].create({
        "id": int, "complaint_id": int, "days": int, "reason": str, "status": str, "requested_by": int,
        "requested_at": str, "decided_by": int, "decided_at": str, "decision_note": str,
        "complainant_notified_at": str,
    }, pk="id", foreign_keys=[("complaint_id", "complaints", "id")], not_null={"complaint_id", "days"})

    db["signatures"].create({
        "id": int, "complaint_id": int, "step": str, "meaning": str, "signer_id": int, "signer_name": str,
        "signed_at": str, "content_sha256": str, "content_json": str, "cycle": int,
    }, pk="id", foreign_keys=[("complaint_id", "complaints", "id"), ("signer_id", "users", "id")],
        not_null={"signer_id", "meaning", "signed_at", "content_sha256"})
    db["signatures"].create_index(["complaint_id"])

    db["complaint_links"].create({
        "id": int, "complaint_id": int, "other_id": int, "kind": str, "decided_by": int, "note": str,
    }, pk="id", foreign_keys=[("complaint_id", "complaints", "id"), ("other_id", "complaints", "id")])

    db["destruction_log"].create({
        "id": int, "number": str, "received_at": str, "closed_at": str, "retention_until": str,
        "destroyed_at": str, "approved_by": int, "approver_name": str, "reason": str, "signature_sha256": str,
    }, pk="id", not_null={"number", "destroyed_at"})

    db["audit_reviews"].create({
        "id": int, "period_from": str, "period_to": str, "findings": str, "reviewed_by": int,
        "reviewed_at": str, "signature_id": int,
    }, pk="id")

    db["audit_log"].create({
        "id": int, "at": str, "user_id": int, "username": str, "action": str, "op": str, "tbl": str,
        "record_id": int, "complaint_id": int, "field": str, "old": str, "new": str, "reason": str,
        "prev_hash": str, "hash": str,
    }, pk="id", not_null={"at", "action", "prev_hash", "hash"})
    db["audit_log"].create_index(["complaint_id"])
    db["audit_log"].create_index(["tbl", "record_id"])
    _append_only(db, "audit_log")
    _append_only(db, "signatures", allow_delete=True)
    _append_only(db, "destruction_log")


def m002_search_index(db: Database) -> None:
    """FTS5 index of our own CJK-bigram + word tokens, filled from the complaints already in the file."""
    db.conn.execute("CREATE VIRTUAL TABLE complaint_search USING fts5(tokens, tokenize='unicode61')")
    ids = [r[0] for r in db.conn.execute("SELECT id FROM complaints")]
    search.index_complaints(db, ids)


def m003_next_due(db: Database) -> None:
    """Derived table: each complaint's earliest open deadline, so the triage view sorts and filters by it in
    SQL at 100k complaints. Rebuilt from the deadlines; not audited (it is an index, not a record)."""
    db["complaint_next_due"].create({"complaint_id": int, "kind": str, "due_at": str, "due_utc": str},
                                    pk="complaint_id", foreign_keys=[("complaint_id", "complaints", "id")])
    db["complaint_next_due"].create_index(["due_utc"])
    deadlines_index.rebuild(db)


def m004_triage_indexes(db: Database) -> None:
    """Indexes that let the triage view read one page in index order at 100k complaints: nature, the
    priority rank, and open deadlines only (a partial index, for the overdue count)."""
    db.conn.execute("CREATE INDEX IF NOT EXISTS idx_complaints_nature ON complaints(nature)")
    db.conn.execute(f"CREATE INDEX IF NOT EXISTS idx_complaints_priority_rank ON complaints({PRIORITY_RANK_SQL})")
    db.conn.execute("CREATE INDEX IF NOT EXISTS idx_deadlines_open ON deadlines(due_utc) WHERE met_at IS NULL")


def m005_destruction(db: Database) -> None:
    """Destruction after retention: the audit entries of a destroyed record lose their content (the record is
    gone, its personal data must go too) but keep their place and hash in the chain, marked with the
    destruction that redacted them. The trigger allows exactly that one change and nothing else."""
    db["audit_log"].add_column("redacted_by", int)
    db["destruction_log"].add_column("year", int)
    db["destruction_log"].add_column("seq", int)
    db["destruction_log"].add_column("complaint_id", int)
    db.conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    same = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in ("id", "at", "user_id", "username", "action", "op", "tbl",
                                                         "record_id", "complaint_id", "field", "prev_hash", "hash"))
    db.conn.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN NOT (OLD.redacted_by IS NULL AND "
        f"NEW.redacted_by IS NOT NULL AND NEW.old IS NULL AND NEW.new IS NULL AND NEW.reason IS NULL AND {same}) "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")


def m006_accounts_and_signatures(db: Database) -> None:
    """User administration (department, job title, timed lockout, deactivation), password history, the
    throttle of failed logins by the name tried (known or not), a comment on every signature, the two-person
    void (the inspector asks, the QA head approves) and a CAPA owner who may be an account."""
    users = db["users"]
    for col, kind in (("department", str), ("job_title", str), ("locked_until", str), ("deactivated_at", str),
                      ("created_by", int)):
        users.add_column(col, kind)
    db["password_history"].create({"id": int, "user_id": int, "password_hash": str, "set_at": str}, pk="id",
                                  foreign_keys=[("user_id", "users", "id")], not_null={"user_id", "password_hash"})
    db["password_history"].create_index(["user_id"])
    # Not a record: a counter that slows down guessing. Rebuilt by nothing; the failures themselves are audited.
    db["login_failures"].create({"name": str, "failures": int, "last_at": str}, pk="name", not_null={"failures"})
    db["signatures"].add_column("comment", str)
    complaints = db["complaints"]
    for col, kind in (("void_requested_by", int), ("void_requested_at", str), ("void_request_reason", str)):
        complaints.add_column(col, kind)
    db["capa_actions"].add_column("owner_user_id", int)
    db.conn.execute("INSERT INTO password_history (user_id, password_hash, set_at) "
                    "SELECT id, password_hash, coalesce(password_changed_at, created_at) FROM users")


AUDIT_COLUMNS = ("id INTEGER PRIMARY KEY, at TEXT NOT NULL, user_id INTEGER, username TEXT, action TEXT NOT NULL, "
                 "op TEXT, tbl TEXT, record_id INTEGER, complaint_id INTEGER, field TEXT, old TEXT, new TEXT, "
                 "reason TEXT, redacted_by INTEGER, hash BLOB NOT NULL")


def _audit_triggers(db: Database) -> None:
    same = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in ("id", "at", "user_id", "username", "action", "op", "tbl",
                                                         "record_id", "complaint_id", "field", "hash"))
    db.conn.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN NOT (OLD.redacted_by IS NULL AND "
        f"NEW.redacted_by IS NOT NULL AND NEW.old IS NULL AND NEW.new IS NULL AND NEW.reason IS NULL AND {same}) "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
    db.conn.execute("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")


def m007_keys_and_seals(db: Database) -> None:
    """Records nobody can forge. Each user gets an Ed25519 key pair whose private half is stored only encrypted
    under a key derived from the user's password (``keys``, audited, certified back to the installation's root
    key); each transaction ends with its author's seal over the entries it wrote (``seals``, append-only); each
    e-signature carries its signer's signature. The trail gets lean: the hash is stored as 32 bytes and the
    previous hash, which is the previous entry's own, is no longer stored twice."""
    db["keys"].create({
        "id": int, "user_id": int, "purpose": str, "public_key": str, "fingerprint": str, "sealed_private": bytes,
        "kdf": str, "created_at": str, "created_by": int, "certified_by": int, "certificate": str, "retired_at": str,
    }, pk="id", foreign_keys=[("user_id", "users", "id")], not_null={"purpose", "public_key", "fingerprint",
                                                                      "created_at"})
    db["keys"].create_index(["user_id"])
    db["keys"].create_index(["public_key"], unique=True)
    db["seals"].create({"id": int, "key_id": int, "first_id": int, "last_id": int, "spans": bytes,
                        "signature": bytes}, pk="id", foreign_keys=[("key_id", "keys", "id")],
                       not_null={"key_id", "first_id", "last_id", "spans", "signature"})
    _append_only(db, "seals")
    # spans written but not sealed yet, each with its author's mark (qa_desk.core.keys); a hint, not a record
    db["seal_pending"].create({"id": int, "key_id": int, "first_id": int, "last_id": int, "mark": bytes}, pk="id",
                              not_null={"key_id", "first_id", "last_id", "mark"})
    db["seal_pending"].create_index(["key_id"])
    db["signatures"].add_column("key_id", int)
    db["signatures"].add_column("signature", str)
    db.conn.create_function("unhex_qa", 1, lambda h: bytes.fromhex(h) if isinstance(h, str) else h,
                            deterministic=True)
    db.conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    db.conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    db.conn.execute(f"CREATE TABLE audit_log_v7 ({AUDIT_COLUMNS})")
    cols = "id, at, user_id, username, action, op, tbl, record_id, complaint_id, field, old, new, reason, redacted_by"
    db.conn.execute(f"INSERT INTO audit_log_v7 ({cols}, hash) SELECT {cols}, unhex_qa(hash) FROM audit_log ORDER BY id")
    db.conn.execute("DROP TABLE audit_log")
    db.conn.execute("ALTER TABLE audit_log_v7 RENAME TO audit_log")
    db.conn.execute("CREATE INDEX idx_audit_log_complaint_id ON audit_log (complaint_id)")
    db.conn.execute("CREATE INDEX idx_audit_log_tbl_record_id ON audit_log (tbl, record_id)")
    _audit_triggers(db)


def m008_legacy_imports(db: Database) -> None:
    """Old ledgers brought in as history (issue 13). Each import run is a record (``ledger_imports``: the file's
    name and SHA-256, who, when, what came in); each imported complaint keeps the ledger's row, the ledger's own
    number when it had to get a new one, the ledger's handler (a name, not an account) and the columns the map did
    not name (``imported_extra``, JSON pairs of header and text), so nothing the ledger held is dropped."""
    complaints = db["complaints"]
    for col, kind in (("import_row", int), ("legacy_number", str), ("legacy_handler", str),
                      ("imported_extra", str)):
        complaints.add_column(col, kind)
    complaints.create_index(["imported_from"])
    db["ledger_imports"].create({
        "id": int, "sha256": str, "filename": str, "imported_at": str, "imported_by": int, "created": int,
        "closed": int, "open": int, "skipped": int, "options": str,
    }, pk="id", foreign_keys=[("imported_by", "users", "id")], not_null={"sha256", "filename", "imported_at"})
    db["ledger_imports"].create_index(["sha256"])


def m009_audit_time_index(db: Database) -> None:
    """The audit-trail review reads a period of entries (issue 14): an index on the entry time, so any period is
    found without scanning the whole trail."""
    db.conn.execute("CREATE INDEX idx_audit_log_at ON audit_log (at)")


def m010_search_anywhere(db: Database) -> None:
    """Search finds what people type (issue 14): one Chinese character anywhere, part of a word or code, and
    traditional or simplified forms alike. The index's documents gain each CJK character and the tails of
    Latin/digit words, all folded to simplified (``search`` says how); the table stays as migration 2 made it.
    Every document must be made again: the table is dropped and created anew (quicker than deleting 100,000
    rows one by one) and filled in id order."""
    db.conn.execute("DROP TABLE complaint_search")
    db.conn.execute("CREATE VIRTUAL TABLE complaint_search USING fts5(tokens, tokenize='unicode61')")
    search.fill(db)


def m011_report_details(db: Database) -> None:
    """A regulatory report is recorded with the authority it went to and the reference number it got (issue 14),
    beside the time it was submitted. Reports recorded before keep both empty (the trail has no more to say)."""
    complaints = db["complaints"]
    complaints.add_column("report_authority", str)
    complaints.add_column("report_reference", str)


def m012_related_index(db: Database) -> None:
    """The related complaints of a printed record (issue 15): the same product received in the 12 months before a
    complaint, newest first, 20 of them and a count of the rest. An index on product and received date, carrying
    the batch and status the query filters on, answers both from the index alone (0.6 ms instead of 24 ms at
    100,000 complaints, where one product has thousands a year)."""
    db.conn.execute("CREATE INDEX idx_complaints_product_received ON complaints "
                    "(product_name, received_at, batch_no, status)")


def m013_batch_register(db: Database) -> None:
    """The batch register, the denominators of the complaint rates (issue 16): ``qa_desk.store.m013_batches``."""
    from qa_desk.store import m013_batches

    m013_batches.migrate(db)


def m014_signals(db: Database) -> None:
    """Early-warning signals and the QA head's signed decisions (issue 16): ``qa_desk.store.m014_signals``."""
    from qa_desk.store import m014_signals

    m014_signals.migrate(db)


def m015_reviews(db: Database) -> None:
    """The periodic reviews of the register, signed (issue 16): ``qa_desk.store.m015_reviews``."""
    from qa_desk.store import m015_reviews

    m015_reviews.migrate(db)


def m016_backup_index(db: Database) -> None:
    """When the file was last backed up is read at every start (the daily backup is due or not): without an index
    it walked the whole trail back from its end when no backup had been made (0.3 s at 1.1 million entries, the
    administrator's window 1.2× slower at 100,000 complaints). A partial index holds the few backup entries only."""
    db.conn.execute("CREATE INDEX idx_audit_log_backups ON audit_log (id) WHERE action = 'backup'")


# The priority's rank as SQL; the index and the triage sort must use the very same expression.
PRIORITY_RANK_SQL = "CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END"

MIGRATIONS: list[Callable[[Database], None]] = [m001_initial_schema, m002_search_index, m003_next_due,
                                                m004_triage_indexes, m005_destruction,
                                                m006_accounts_and_signatures, m007_keys_and_seals,
                                                m008_legacy_imports, m009_audit_time_index, m010_search_anywhere,
                                                m011_report_details, m012_related_index,
                                                m013_batch_register, m014_signals, m015_reviews,
                                                m016_backup_index]
LATEST = len(MIGRATIONS)


def version(db: Database) -> int:
    return db.conn.execute("PRAGMA user_version").fetchone()[0]


def pending(db: Database) -> list[Callable[[Database], None]]:
    return MIGRATIONS[version(db):]


def upgrade(db: Database, path: Path | None = None, *, target: int = LATEST) -> Path | None:
    """Bring the file to ``target``; returns the backup taken first, if the file already held a schema."""
    current = version(db)
    if current > LATEST:
        raise RuntimeError(f"database schema {current} is newer than this QA Desk ({LATEST})")
    if current >= target:
        return None
    saved = None
    if current > 0 and path is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        saved = path.with_name(f"{path.stem}.before-v{target}-{stamp}{path.suffix}")
        backup.copy_database(db, saved)
    for number in range(current, target):
        with immediate(db):
            MIGRATIONS[number](db)
            db.conn.execute(f"PRAGMA user_version = {number + 1}")
    return saved
