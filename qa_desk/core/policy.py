"""The shipped rule tables (resources/policy/*.toml): vocabularies, classes, defect types, deadlines,
checklist templates, retention and regulatory clocks, each with zh_CN and en labels.

They are data so the QA office can read and change them without reading code; deadline amounts can also be
overridden by the administrator through settings (see ``qa_desk.core.settings``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from qa_desk.paths import policy_dir

CLASS_ORDER = ("I", "II", "III", "IV", "V")
PRIORITY_RANK = {"low": 0, "medium": 1, "high": 2}


@dataclass(frozen=True)
class Term:
    code: str
    zh: str
    en: str

    def label(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


@dataclass(frozen=True)
class SeverityClass(Term):
    meaning_zh: str = ""
    meaning_en: str = ""
    priority: str = "low"
    needs_vp_approval: bool = False
    urgent: bool = False
    colour: str = "#000000"
    mapping_zh: str = ""
    mapping_en: str = ""


@dataclass(frozen=True)
class DefectType(Term):
    severity_class: str = "V"


@dataclass(frozen=True)
class ChecklistSection(Term):
    natures: tuple[str, ...] = ("*",)
    adverse_event_only: bool = False
    items: tuple[Term, ...] = ()

    def applies(self, nature: str | None, adverse_event: bool) -> bool:
        if self.adverse_event_only and not adverse_event:
            return False
        return "*" in self.natures or (nature in self.natures)


@dataclass(frozen=True)
class Policy:
    vocab: dict[str, tuple[Term, ...]]
    classes: dict[str, SeverityClass]
    defects: dict[str, DefectType]
    deadlines: tuple[dict, ...]
    extension_max_days: int
    due_soon_hours: int
    checklist: tuple[ChecklistSection, ...]
    retention: dict
    reports: dict[str, dict]
    legacy_categories: dict[str, dict] = field(default_factory=dict)

    def codes(self, name: str) -> tuple[str, ...]:
        return tuple(t.code for t in self.vocab[name])

    def label(self, name: str, code: str | None, lang: str) -> str:
        if code is None:
            return ""
        if name == "class":
            c = self.classes.get(code)
            return c.label(lang) if c else code
        if name == "defect_type":
            d = self.defects.get(code)
            return d.label(lang) if d else code
        for t in self.vocab.get(name, ()):
            if t.code == code:
                return t.label(lang)
        return code

    def deadline_label(self, kind: str, lang: str) -> str:
        """A deadline kind in words: the policy's deadlines, then a regulatory report's ("report:adr_serious")."""
        zh = lang.startswith("zh")
        for d in self.deadlines:
            if d["kind"] == kind:
                return d["zh"] if zh else d["en"]
        report = self.reports.get(kind.split(":", 1)[-1])
        return (report.get("zh" if zh else "en") or kind) if report else kind

    def checklist_for(self, nature: str | None, adverse_event: bool) -> list[ChecklistSection]:
        return [s for s in self.checklist if s.applies(nature, adverse_event)]


def _load(path: Path) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


@lru_cache(maxsize=4)
def load_policy(folder: str | None = None) -> Policy:
    base = Path(folder) if folder else policy_dir()
    vocab_raw = _load(base / "vocabulary.toml")
    vocab = {name: tuple(Term(i["code"], i["zh"], i["en"]) for i in items) for name, items in vocab_raw.items()}
    classes_raw = _load(base / "classes.toml")
    classes = {c["code"]: SeverityClass(**c) for c in classes_raw["class"]}
    defects = {d["code"]: DefectType(d["code"], d["zh"], d["en"], severity_class=d["class"])
               for d in _load(base / "defect_types.toml")["defect"]}
    dl = _load(base / "deadlines.toml")
    checklist = tuple(
        ChecklistSection(s["code"], s["zh"], s["en"], natures=tuple(s.get("natures", ["*"])),
                         adverse_event_only=s.get("adverse_event_only", False),
                         items=tuple(Term(i["code"], i["zh"], i["en"]) for i in s["items"]))
        for s in _load(base / "checklist.toml")["section"])
    reports = {r["code"]: r for r in _load(base / "regulatory.toml")["report"]}
    return Policy(vocab=vocab, classes=classes, defects=defects, deadlines=tuple(dl["deadline"]),
                  extension_max_days=dl["extension"]["max_total_calendar_days"],
                  due_soon_hours=dl["due_soon"]["hours"], checklist=checklist,
                  retention=_load(base / "retention.toml"), reports=reports,
                  legacy_categories=classes_raw.get("legacy_categories", {}))
