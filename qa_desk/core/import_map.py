"""The user's answers for one ledger layout (issue 13): which column is which field, value maps, the date order,
what to do with a number already used, and whether history comes in closed. Saved as JSON by the import dialog
and read by ``--map``, so a map made once is reused for every ledger of that layout."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum

from qa_desk.core.errors import DomainError, refuse
from qa_desk.core.typed_values import DateOrder


class Collision(StrEnum):
    """What to do with a ledger number already used in the file (the value is what ``--on-collision`` takes)."""

    RENUMBER = "renumber"  # keep the ledger's number as a reference, give the record a new one
    SKIP = "skip"  # leave the row out


@dataclass
class ImportMap:
    """The user's answers for one layout, saved as JSON and reused: which column is which field (a target key or
    label; None to leave a column out), value maps per vocabulary field ({"class": {"Class I": "I"}}), and the
    import's choices."""

    columns: dict[str, str | None] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    date_order: DateOrder | None = None
    on_collision: Collision | None = None
    all_open: bool = False
    default_channel: str | None = None

    def to_json(self) -> dict:
        return {"columns": self.columns, "values": self.values,
                "date_order": self.date_order.value if self.date_order else None,
                "on_collision": self.on_collision.value if self.on_collision else None,
                "all_open": self.all_open, "default_channel": self.default_channel}

    @classmethod
    def from_json(cls, data) -> ImportMap:
        """A map from its JSON, old flat form ({"header": "target"}) included; refuses naming what is wrong."""
        if isinstance(data, dict) and data and all(isinstance(v, str | None) for v in data.values()) and \
                not set(data) & {"columns", "values", "date_order", "on_collision", "all_open", "default_channel"}:
            data = {"columns": data}
        if not isinstance(data, dict):
            raise bad_map("须为 JSON 对象", "it must be a JSON object")
        unknown = set(data) - {"columns", "values", "date_order", "on_collision", "all_open", "default_channel"}
        if unknown:
            raise bad_map(f"不认识的项 {sorted(unknown)}", f"unknown entries {sorted(unknown)}")
        columns = data.get("columns") or {}
        if not isinstance(columns, dict) or not all(isinstance(k, str) and isinstance(v, str | None)
                                                    for k, v in columns.items()):
            raise bad_map("“columns” 须为 {\"源列名\": \"目标字段\" 或 null}",
                           "'columns' must be {\"source header\": \"target field\" or null}")
        values = data.get("values") or {}
        if not isinstance(values, dict) or not all(
                isinstance(k, str) and isinstance(v, dict) and all(isinstance(a, str) and isinstance(b, str)
                                                                   for a, b in v.items()) for k, v in values.items()):
            raise bad_map("“values” 须为 {\"字段\": {\"源值\": \"值\"}}", "'values' must be {\"field\": {\"source value\": "
                           "\"value\"}}")
        return cls(columns=dict(columns), values={k: dict(v) for k, v in values.items()},
                   date_order=_enum(DateOrder, data.get("date_order"), "date_order"),
                   on_collision=_enum(Collision, data.get("on_collision"), "on_collision"),
                   all_open=_flag(data.get("all_open", False), "all_open"),
                   default_channel=_text(data.get("default_channel"), "default_channel"))

    @classmethod
    def loads(cls, text: str) -> ImportMap:
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise bad_map(f"不是有效的 JSON（{exc}）", f"it is not valid JSON ({exc})") from exc
        return cls.from_json(data)

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)


def bad_map(zh: str, en: str) -> DomainError:
    return refuse("bad_map", f"导入映射无效：{zh}。", f"The import map is not valid: {en}.")


def _flag(value, name: str) -> bool:
    if not isinstance(value, bool):  # "false" is text, and bool("false") is True
        raise bad_map(f"“{name}” 须为 true 或 false（不带引号），而不是 {value!r}",
                      f"'{name}' must be true or false (without quotes), not {value!r}")
    return value


def _text(value, name: str) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise bad_map(f"“{name}” 须为文字，而不是 {value!r}", f"'{name}' must be text, not {value!r}")
    return value


def _enum(kind, value, name: str):
    if value in (None, ""):
        return None
    try:
        return kind(value)
    except (ValueError, TypeError):
        allowed = ", ".join(k.value for k in kind)
        raise bad_map(f"“{name}” 的值 {value!r} 无效，可选 {allowed}", f"'{name}' {value!r} is not one of {allowed}") \
            from None
