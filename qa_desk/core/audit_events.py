"""Audit entries for events that change no record: a complaint viewed (DOMAIN.md §10, access is logged)."""

from __future__ import annotations

from qa_desk.core.session import Session


def viewed(session: Session, complaint_id: int) -> None:
    with session.write() as tx:
        tx.log("view", tbl="complaints", record_id=complaint_id, complaint_id=complaint_id)
