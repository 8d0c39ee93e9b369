"""The SHA-256 of a file, read in blocks: backups, archive packages and imported ledgers are hashed the same
way, and a 1 GB backup is never held in memory whole."""

from __future__ import annotations

import hashlib
from pathlib import Path


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
