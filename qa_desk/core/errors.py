"""The one error type every service raises for a user-facing refusal.

Each message exists in zh_CN and en, so the GUI and the command line can show it in the user's language
without a lookup table elsewhere. ``problems`` lists every separate thing that is wrong, so a refusal can say
exactly what is missing instead of stopping at the first item.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing that is wrong: which field (if any) and what to do about it, in both languages."""

    zh: str
    en: str
    field: str | None = None

    def text(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


@dataclass
class DomainError(Exception):
    code: str
    zh: str
    en: str
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.en)

    def message(self, lang: str = "en") -> str:
        head = self.zh if lang.startswith("zh") else self.en
        if not self.problems:
            return head
        sep = "；" if lang.startswith("zh") else "; "
        return head + ("：" if lang.startswith("zh") else ": ") + sep.join(p.text(lang) for p in self.problems)

    def __str__(self) -> str:
        return self.message("en")


def refuse(code: str, zh: str, en: str, problems: list[Problem] | None = None) -> DomainError:
    """Build (not raise) a DomainError, so call sites read ``raise refuse(...)``."""
    return DomainError(code, zh, en, list(problems or []))


def require(problems: list[Problem], code: str, zh: str, en: str) -> None:
    """Raise one error listing every problem collected, or return when there are none."""
    if problems:
        raise DomainError(code, zh, en, problems)
