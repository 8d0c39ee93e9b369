"""What ``verify`` and the start-up check report: a finding (kind, where, zh, en) and the whole report."""

from __future__ import annotations

from dataclasses import dataclass, field

from qa_desk.store.audit import GENESIS


@dataclass
class Finding:
    kind: str
    where: str
    zh: str
    en: str

    def text(self, lang: str) -> str:
        return f"[{self.kind}] {self.where}: " + (self.zh if lang.startswith("zh") else self.en)


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (zh, en): what is proven, from where
    entries: int = 0
    head: str = GENESIS
    root: str | None = None
    installed_at: int | None = None  # the first entry of the root seal's transaction

    def note(self, zh: str, en: str) -> None:
        self.notes.append((zh, en))
