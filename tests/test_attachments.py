"""The evidence beside the record (issue 14, item 5): attachments listed, read (audited), added after intake."""

from __future__ import annotations

import pytest

from qa_desk.core import attachments, closure
from qa_desk.core.errors import DomainError
from qa_desk.core.verify import verify
from tests import flows


def _png() -> bytes:
    """A real 2×2 PNG, made here (zlib and the PNG chunk layout), so a thumbnail can be drawn from it."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


PNG = _png()


def test_intake_files_are_listed_with_image_bytes_for_thumbnails(people):
    s = people["inspector"]
    c = flows.registered(people, attachments=[("photo.png", PNG), ("scan.pdf", b"%PDF-1.4 evidence")])
    listed = attachments.for_complaint(s, c["id"], thumbnails=True)
    assert [(a["filename"], a["mime"], bool(a["image"])) for a in listed] == [
        ("photo.png", "image/png", True), ("scan.pdf", "application/pdf", False)]
    assert all(a["image"] is None for a in attachments.for_complaint(s, c["id"]))
    meta, data = attachments.content(s, listed[1]["id"])
    assert data == b"%PDF-1.4 evidence" and meta["filename"] == "scan.pdf"
    assert s.db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'view' AND tbl = 'attachments'"
                             ).fetchone()[0] == 1  # opening a file is logged like opening the record


def test_a_file_added_after_intake_needs_a_reason_and_an_open_record(people):
    s = people["inspector"]
    c = flows.registered(people)
    with pytest.raises(DomainError) as err:
        attachments.add(s, c["id"], "later.png", PNG, reason="")
    assert "理由" in err.value.message("zh_CN")
    with pytest.raises(DomainError):
        attachments.add(people["reception"], c["id"], "later.png", PNG, reason="样品照片")
    row = attachments.add(s, c["id"], "later.png", PNG, reason="投诉人补发的照片")
    assert row["filename"] == "later.png" and "content" not in row
    entry = s.db.conn.execute("SELECT action, reason FROM audit_log WHERE tbl = 'attachments' AND op = 'insert' "
                              "ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(entry) == ("attach", "投诉人补发的照片")
    assert verify(s.db) == []
    done = flows.closable(people)
    closure.close(s, done["id"])
    with pytest.raises(DomainError) as err:
        attachments.add(s, done["id"], "late.png", PNG, reason="补充")
    assert "closed" in err.value.message("en")


def test_reading_a_file_keeps_the_trail_whole(people):
    s = people["qahead"]
    c = flows.registered(people, attachments=[("photo.png", PNG)])
    attachments.content(s, attachments.for_complaint(s, c["id"])[0]["id"])
    assert verify(s.db) == []
