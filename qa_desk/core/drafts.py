"""Intake drafts: what the wizard holds, saved as you type, so a killed program loses nothing.

A draft is private to one user on one database file; it lives in the user's data directory (not in the
shared database: it is not a record yet), written atomically (temp file + rename) so a crash mid-write
leaves the previous draft intact.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from platformdirs import user_data_dir


class DraftStore:
    def __init__(self, db_path: str | Path, username: str, folder: str | Path | None = None) -> None:
        base = Path(folder) if folder else Path(user_data_dir("QA Desk", "QA Desk")) / "drafts"
        key = hashlib.sha256(str(Path(db_path).resolve()).encode()).hexdigest()[:16]
        self.path = base / f"{key}-{username}.json"

    def save(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, default=str)
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(self.path)

    def load(self) -> dict | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)
