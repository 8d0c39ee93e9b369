"""Schema 13: the batch register (issue 16, item 1), the denominators of the complaint rates.

One row per batch of a product as the office's ERP or batch records know it: product, strength, batch number,
manufacture and expiry dates, the quantity released and its unit, the release date. A batch number is unique
within its product (two products may share a number). Rows are written only through the audited ``Tx`` of
``qa_desk.core.batches`` (each insert logged whole, each change with its old and new values and the reason), so
the trail holds every version of the register. Analytics reads the table as it is (read-only).

Indexes: (product_name, batch_no) unique, which the wizard's lookup and the import's matching use; batch_no alone
(a complaint may name a batch without its product); (product_name, released_on) for the units released per
product and month.
"""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    """Create the batch register's table and indexes."""
    db["batches"].create({
        "id": int, "product_name": str, "strength": str, "batch_no": str,
        "manufactured_on": str,  # ISO date
        "expires_on": str,  # ISO date
        "quantity_released": float, "unit": str,
        "released_on": str,  # ISO date
        "created_at": str, "created_by": int, "updated_at": str,
    }, pk="id", not_null={"product_name", "batch_no", "created_at"},
        foreign_keys=[("created_by", "users", "id")])
    table = db["batches"]
    table.create_index(["product_name", "batch_no"], unique=True)
    table.create_index(["batch_no"])
    table.create_index(["product_name", "released_on"])
