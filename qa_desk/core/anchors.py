"""Anchors outside the file: the chain head (entry count and newest hash) and the root-key fingerprint.

Someone who can write the file could rebuild the whole trail with new keys, or cut off its newest entries;
nothing inside the file can show that. What shows it is a value kept elsewhere: printed on every record (its QR
code), in every periodic review and in the backup log, remembered by each workstation (``qa_desk.ui`` keeps
it in the workstation's own settings) and given to ``verify --head`` / ``--root``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database

from qa_desk.store.audit import GENESIS, hex_of

HEAD = re.compile(r"^(\d+):([0-9a-fA-F]{64})$")


@dataclass(frozen=True)
class Head:
    count: int
    hash: str

    def __str__(self) -> str:
        return f"{self.count}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Head | None:
        m = HEAD.match((text or "").strip())
        return cls(int(m.group(1)), m.group(2).lower()) if m else None


def chain_head(db: Database) -> Head:
    r = db.conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return Head(r[0], hex_of(r[1])) if r else Head(0, GENESIS)


def hash_at(db: Database, count: int) -> str | None:
    if count == 0:
        return GENESIS
    r = db.conn.execute("SELECT hash FROM audit_log WHERE id = ?", (count,)).fetchone()
    return hex_of(r[0]) if r else None


def compare(db: Database, noted: Head) -> tuple[str, str, str] | None:
    """None when the file's chain still holds the noted head; else (kind, zh, en): "rolled_back" (the file
    has fewer entries than were seen) or "rewritten" (the entry at that place has another hash)."""
    now = chain_head(db)
    if now.count < noted.count:
        return ("rolled_back",
                f"审计链比此前记录的短：此前见到 {noted.count} 条，现在只有 {now.count} 条（最新记录被删除，或换回了旧文件）。",
                f"The audit chain is shorter than noted before: {noted.count} entries were seen, now there are "
                f"{now.count} (the newest entries were removed, or an older file was put back).")
    if hash_at(db, noted.count) != noted.hash:
        return ("rewritten",
                f"审计链第 {noted.count} 条的哈希与此前记录的不同：审计追踪被改写过。",
                f"The hash of audit entry {noted.count} differs from the one noted before: the trail was rewritten.")
    return None


# --- what a workstation remembers of a file, and the start-up check ----------------------------------------

FULL_VERIFY_EVERY_S = 24 * 3600


@dataclass
class Startup:
    """The start-up check's answer: ``warnings`` (the file is shorter, different or another installation's
    than this workstation saw) and ``findings`` (the new entries do not hold) are for the QA head and the
    administrator; ``full_due`` asks for a full verify in the background; ``memory`` is what to remember now."""

    head: Head
    root: str | None
    new_entries: int
    warnings: list[tuple[str, str, str]]
    findings: list
    full_due: bool
    memory: dict

    @property
    def ok(self) -> bool:
        return not self.warnings and not self.findings


def startup_check(db: Database, memory: dict | None, now_iso: str) -> Startup:
    """Checks what changed since this workstation last checked the file (``memory``: the dict the previous
    check returned, kept outside the file), in well under a second when little did."""
    from qa_desk.core import keys, verify

    memory = dict(memory or {})
    root = keys.root_fingerprint(db)
    warnings: list[tuple[str, str, str]] = []
    if memory.get("root") and memory["root"] != root:
        warnings.append(("other_root",
                         f"此文件的根密钥指纹（{root or '无'}）与本工作站此前记录的（{memory['root']}）不同：这是另一套安装的文件，或整个审计追踪被重建过。",
                         f"This file's root-key fingerprint ({root or 'none'}) differs from the one this workstation "
                         f"noted ({memory['root']}): it is another installation's file, or the whole trail was rebuilt."))
    seen = Head.parse(memory.get("head", ""))
    problem = compare(db, seen) if seen else None
    restored = restore_over(db, seen, memory.get("seen_at")) if problem else None
    if restored:  # an administrator's audited restore replaced the chain this workstation saw: said once
        problem, seen = restored, None
    if problem:
        warnings.append(problem)
    checked = Head.parse(memory.get("checked", ""))
    since = (checked.count, checked.hash) if checked and not compare(db, checked) else None
    head = chain_head(db)
    findings: list = []
    if since is not None or not warnings or restored:
        report = verify.check_tail(db, since or (0, "0" * 64))
        findings = report.findings
    new_entries = head.count - (since[0] if since else 0)
    full_at = memory.get("full_at")
    stale = full_at is None or _age_s(full_at, now_iso) >= FULL_VERIFY_EVERY_S
    highest = seen if seen and seen.count > head.count else head  # never forget a longer chain
    clean = not findings and all(w[0] == "restored" for w in warnings)
    after = {"root": memory.get("root") or root, "head": str(highest), "full_at": full_at,
             "checked": str(head) if clean else memory.get("checked"),
             "seen_at": now_iso if clean else memory.get("seen_at")}
    return Startup(head, root, new_entries, warnings, findings, bool(warnings or findings or stale), after)


def restore_over(db: Database, seen: Head, seen_at: str | None) -> tuple[str, str, str] | None:
    """("restored", zh, en) when an administrator restored a backup (on another workstation, say) after this
    workstation last looked (``seen_at``), replacing a chain at least as long as the one it remembers: the file
    is shorter or different because of that restore, not because someone cut it back. The entry's seal is
    checked with the rest of the trail; a memory without ``seen_at`` needs the very head it noted."""
    import json

    from qa_desk.core.session import Actor

    admins = {r["id"] for r in db.conn.execute("SELECT * FROM users") if "admin" in Actor.from_row(dict(r)).roles}
    for at, username, new, user_id in db.conn.execute("SELECT at, username, new, user_id FROM audit_log WHERE action = "
                                                      "'restore' AND op IS NULL ORDER BY id DESC LIMIT 20"):
        if user_id not in admins:
            continue  # only an administrator restores (verify names any other restore entry)
        try:
            data = json.loads(new or "{}")
            replaced = Head.parse(data.get("replaced_head", ""))
        except (TypeError, ValueError, AttributeError):
            continue
        later = seen_at is not None and _age_s(seen_at, at) >= 0
        if replaced and (replaced == seen or (later and replaced.count >= seen.count)):
            source = data.get("from", "?")
            return ("restored",
                    f"此文件已于 {at[:16].replace('T', ' ')} 由 {username} 从备份 {source} 恢复，替换了本工作站此前见到的审计链（{seen.count} 条）。"
                    "若此次恢复不是办公室的决定，请立即核查。",
                    f"This file was restored from the backup {source} by {username} at {at[:16].replace('T', ' ')}, "
                    f"replacing the chain this workstation saw ({seen.count} entries). If the office did not decide "
                    "on that restore, look into it at once.")
    return None


def after_full_verify(memory: dict, db: Database, findings: list, now_iso: str) -> dict:
    """What to remember once a full verify finished: its time, and the head it checked when it found nothing."""
    head = chain_head(db)
    out = dict(memory)
    if not findings:
        out.update(full_at=now_iso, checked=str(head))
        seen = Head.parse(out.get("head", ""))
        if seen is None or head.count >= seen.count:
            out["head"] = str(head)
        out.setdefault("root", None)
        if not out.get("root"):
            from qa_desk.core import keys

            out["root"] = keys.root_fingerprint(db)
    return out


def _age_s(then_iso: str, now_iso: str) -> float:
    from datetime import datetime

    try:
        return (datetime.fromisoformat(now_iso) - datetime.fromisoformat(then_iso)).total_seconds()
    except (TypeError, ValueError):
        return float("inf")


def record_alarm(session, kind: str, texts: list[str]) -> None:
    """A failed start-up check or verify is part of the trail: who saw it, when, and what was found (best
    effort: a file too damaged to write still shows the alarm)."""
    from qa_desk.core.errors import DomainError

    try:
        with session.write() as tx:
            tx.log("integrity_alarm", new={"kind": kind, "found": texts[:20], "count": len(texts)})
    except (DomainError, Exception):  # noqa: BLE001 - the alarm is shown whatever the file lets us write
        pass


def accept_file(session, memory: dict, reason: str) -> dict:
    """An administrator's decision that this file, as it is now, is the office's (after a restore of a backup
    from before the keys gave it a new root, say): recorded with the anchors it replaces, and the memory a
    workstation keeps from now on. The next start checks the whole trail against it."""
    from qa_desk.core import keys
    from qa_desk.core.errors import refuse

    session.require("restore")
    if not (reason or "").strip():
        raise refuse("reason_required", "请填写理由。", "Give the reason.")
    head, root = chain_head(session.db), keys.root_fingerprint(session.db)
    with session.write() as tx:
        tx.log("anchors_accepted", reason=reason.strip(), new={
            "replaced_root": memory.get("root"), "replaced_head": memory.get("head"), "root": root,
            "head": str(head)})
    return {"root": root, "head": str(chain_head(session.db)), "full_at": None, "checked": None, "seen_at": None}
