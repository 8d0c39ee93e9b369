"""Schema 14: early-warning signals and their decisions (issue 16, item 3), and the index the analytics read.

``signals`` holds one row per signal ``qa_desk.core.signals.scan`` raised: its stable ``key`` (kind + product +
month or batch + first complaint), the complaints or the months it concerns, the limit it crossed, its explanation
in zh and en, and the QA head's decision with the signature that signs it. Rows are written through the audited
``Tx.insert``/``Tx.update`` like every record; once decided a signal is final, and a trigger refuses any later
change or removal of it (the decision is signed over the signal as it stood).

``complaint_tally`` is derived, not a record (like ``complaint_next_due``): the number of complaints per dimension
(class, nature, category, channel, defect type, root-cause category, batch), product, key and month of receipt,
voided complaints left out. Triggers on ``complaints`` keep it exact in the same transaction as every insert, change
and removal, so the dashboard sums a few thousand rows instead of grouping 100,000 complaints (a GROUP BY over them
sorts every row: 0.35 s for the seven dimensions and as much again for the batches). ``analytics.tally_problems``
recomputes it from the complaints (for verify).

``idx_complaints_analytics`` carries every other column the dashboard reads (status, the times of acknowledgement
and closure, the reopen count, market action), in receipt order, so the KPIs of a period are read from the index
alone, never from the wide complaint rows.
"""

from __future__ import annotations

from sqlite_utils import Database

ANALYTICS_COLUMNS = ("received_at", "status", "class", "nature", "category", "channel", "defect_type",
                     "root_cause_category", "product_name", "batch_no", "market_action", "acknowledged_at", "closed_at",
                     "reopen_count")
# (dimension, complaints column) counted in complaint_tally; the product is a column of every tally row
TALLY_DIMENSIONS = (("class", "class"), ("nature", "nature"), ("category", "category"), ("channel", "channel"),
                    ("defect_type", "defect_type"), ("root_cause_category", "root_cause_category"),
                    ("batch", "batch_no"))
_TALLIED = ("received_at", "status", "product_name") + tuple(col for _, col in TALLY_DIMENSIONS)


def _tally(sign: str, ref: str) -> str:
    """The statements that add ``sign`` (+1 or -1) for the row ``ref`` (NEW or OLD) to every dimension."""
    return " ".join(
        "INSERT INTO complaint_tally (dim, product, key, month, n) VALUES "
        f"('{dim}', coalesce({ref}.product_name, ''), coalesce({ref}.{col}, ''), substr({ref}.received_at, 1, 7), {sign}) "
        "ON CONFLICT (dim, product, key, month) DO UPDATE SET n = n + excluded.n;" for dim, col in TALLY_DIMENSIONS)


def _tally_triggers(db: Database) -> None:
    changed = " OR ".join(["(OLD.status IS 'voided') != (NEW.status IS 'voided')"] +
                          [f"OLD.{c} IS NOT NEW.{c}" for c in _TALLIED if c != "status"])
    cols = ", ".join(_TALLIED)
    db.conn.execute("CREATE TRIGGER complaint_tally_insert AFTER INSERT ON complaints WHEN NEW.status IS NOT 'voided' "
                    f"BEGIN {_tally('1', 'NEW')} END")
    db.conn.execute("CREATE TRIGGER complaint_tally_delete AFTER DELETE ON complaints WHEN OLD.status IS NOT 'voided' "
                    f"BEGIN {_tally('-1', 'OLD')} END")
    db.conn.execute(f"CREATE TRIGGER complaint_tally_update_old AFTER UPDATE OF {cols} ON complaints "
                    f"WHEN OLD.status IS NOT 'voided' AND ({changed}) BEGIN {_tally('-1', 'OLD')} END")
    db.conn.execute(f"CREATE TRIGGER complaint_tally_update_new AFTER UPDATE OF {cols} ON complaints "
                    f"WHEN NEW.status IS NOT 'voided' AND ({changed}) BEGIN {_tally('1', 'NEW')} END")


def fill_tally(db: Database) -> None:
    """The tally of the complaints already in the file (the migration; verify's recount uses the same SQL)."""
    for dim, col in TALLY_DIMENSIONS:
        db.conn.execute(
            "INSERT INTO complaint_tally (dim, product, key, month, n) SELECT ?, coalesce(product_name, ''), "
            f"coalesce({col}, ''), substr(received_at, 1, 7), count(*) FROM complaints WHERE status IS NOT 'voided' "
            "GROUP BY 2, 3, 4", (dim,))


def migrate(db: Database) -> None:
    """Create the signal table, its indexes and triggers, the analytics index and the complaint tally."""
    db["signals"].create({
        "id": int, "key": str, "kind": str, "product_name": str, "batch_no": str, "defect_type": str,
        "month": str, "complaint_ids": str, "observed": float, "limit_value": float, "centre": float,
        "chart": str, "details": str, "zh": str, "en": str, "status": str, "raised_at": str, "due_at": str,
        "updated_at": str, "decision": str, "decision_reason": str, "capa_id": int, "capa_proposal": str,
        "decided_by": int, "decided_at": str, "signature_id": int,
    }, pk="id", not_null={"key", "kind", "status", "raised_at", "zh", "en"}, defaults={"status": "open"},
        foreign_keys=[("capa_id", "capa_actions", "id"), ("decided_by", "users", "id"),
                      ("signature_id", "signatures", "id")])
    signals = db["signals"]
    signals.create_index(["key"], unique=True)
    signals.create_index(["status"])
    signals.create_index(["kind", "product_name"])
    db.conn.execute("CREATE TRIGGER signals_decided_no_update BEFORE UPDATE ON signals WHEN OLD.status = 'decided' "
                    "BEGIN SELECT RAISE(ABORT, 'a decided signal is final'); END")
    db.conn.execute("CREATE TRIGGER signals_decided_no_delete BEFORE DELETE ON signals WHEN OLD.status = 'decided' "
                    "BEGIN SELECT RAISE(ABORT, 'a decided signal is final'); END")
    db.conn.execute(f"CREATE INDEX idx_complaints_analytics ON complaints ({', '.join(ANALYTICS_COLUMNS)})")
    db.conn.execute("CREATE TABLE complaint_tally (dim TEXT NOT NULL, product TEXT NOT NULL, key TEXT NOT NULL, "
                    "month TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (dim, product, key, month)) WITHOUT ROWID")
    fill_tally(db)
    _tally_triggers(db)
