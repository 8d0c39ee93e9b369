"""Schema 15: the periodic reviews of the register (issue 16, item 5; China GMP art. 276, DOMAIN.md §11).

``reviews`` holds one row per review: the monthly register review (kind ``monthly``, period ``YYYY-MM``) or the
complaints section of a product's annual quality review (kind ``product``, period ``YYYY``, the product). The row
names what was reviewed by the SHA-256 of the report's content as the QA head signed it (``content_sha256``), the
audit chain head at that moment (anchored on every printout), and the two signatures: the QA head's
("reviewed") and the quality VP's acknowledgement as authorised person (质量受权人, "informed"). Rows are written
through the audited ``Tx.insert``/``Tx.update`` (the table is rebuilt from the trail by verify); once the VP has
acknowledged, the review is final and a trigger refuses any later change or removal.
"""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """Create the review table, its unique key and the trigger that keeps an acknowledged review final."""
    db["reviews"].create({
        "id": int, "key": str, "kind": str, "period": str, "product_name": str, "status": str,
        "created_at": str, "created_by": int, "content_sha256": str, "chain_head_id": int, "chain_head_hash": str,
        "reviewed_by": int, "reviewed_at": str, "reviewed_signature_id": int,
        "informed_by": int, "informed_at": str, "informed_signature_id": int, "updated_at": str,
    }, pk="id", not_null={"key", "kind", "period", "status", "created_at"}, defaults={"status": "open"},
        foreign_keys=[("created_by", "users", "id"), ("reviewed_by", "users", "id"), ("informed_by", "users", "id"),
                      ("reviewed_signature_id", "signatures", "id"), ("informed_signature_id", "signatures", "id")])
    db["reviews"].create_index(["key"], unique=True)
    db.conn.execute("CREATE TRIGGER reviews_informed_no_update BEFORE UPDATE ON reviews WHEN OLD.status = 'informed' "
                    "BEGIN SELECT RAISE(ABORT, 'an acknowledged review is final'); END")
    db.conn.execute("CREATE TRIGGER reviews_signed_no_delete BEFORE DELETE ON reviews WHEN OLD.status != 'open' "
                    "BEGIN SELECT RAISE(ABORT, 'a signed review is final'); END")
