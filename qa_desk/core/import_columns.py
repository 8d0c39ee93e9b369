"""Which column of a ledger is which field (issue 13): the map's answers first, then the recognised legacy
headers; a header that could mean two fields is asked, never guessed; a column with no field is kept as an extra
field of each record."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from qa_desk.core import validation as V
from qa_desk.core.errors import Problem, refuse
from qa_desk.core.import_fields import BY_KEY, TARGETS, Kind, find_target, normal_header, recognise
from qa_desk.core.import_map import ImportMap
from qa_desk.core.import_plan import Column, Use
from qa_desk.core.typed_values import shown


class SourceRow(Protocol):
    number: int

    def get(self, index: int, default=None): ...

    def cell(self, index: int) -> str: ...


class Source(Protocol):
    """What the documents layer reads from a ledger (``ledger_reader.Ledger``)."""

    header: list[str]
    rows: Sequence[SourceRow]
    skipped: Sequence

    def header_cell(self, index: int) -> str: ...


def layout(source: Source, imap: ImportMap) -> list[Column]:
    """Each column's use; refuses (``bad_layout``) naming every column it cannot settle: a map target that is
    no field, a header that could mean two fields, two columns for one field, a required field missing."""
    given = {normal_header(k): v for k, v in imap.columns.items()}
    problems: list[Problem] = []
    out: list[Column] = []
    for i, raw in enumerate(source.header):
        header = "" if raw is None else str(raw).strip()
        cell = source.header_cell(i)
        h = normal_header(header)
        if h in given:
            name = given[h]
            target = find_target(name) if name else None
            if name and target is None:
                problems.append(Problem(f"映射把列“{header}”（{cell}）映射到“{name}”，没有这个字段；可用的字段见 qa-desk import --fields",
                                        f"the map sends column '{header}' ({cell}) to '{name}', which is no field; "
                                        "see qa-desk import --fields", header))
                continue
            use = Use.IGNORED if target is None else (Use.DERIVED if target.kind is Kind.DERIVED else Use.MAPPED)
            out.append(Column(i, header, cell, use, target if use is not Use.IGNORED else None))
            continue
        target, candidates = recognise(header, source.header) if header else (None, ())
        if candidates:
            names_zh = "”或“".join(BY_KEY[c].zh for c in candidates)
            names_en = "' or '".join(BY_KEY[c].en for c in candidates)
            problems.append(Problem(
                f"列“{header}”（{cell}）可能是“{names_zh}”：请在映射中指定（对话框的映射列，或 --map 文件中 "
                f"\"{header}\": \"{BY_KEY[candidates[0]].zh}\"）",
                f"column '{header}' ({cell}) could be '{names_en}': say which in the map (the dialog's mapping, or "
                f"\"{header}\": \"{BY_KEY[candidates[0]].en}\" in the --map file)", header))
            continue
        if target is None:
            bad: list[Problem] = []
            V.clean_text(header, "imported_extra", bad)  # the header is stored with each record's extra field
            if bad:
                problems.append(Problem(f"列 {cell} 的表头“{shown(header)}”{bad[0].zh.removeprefix('导入的附加字段')}",
                                        f"the header '{shown(header)}' of column {cell}: {bad[0].en}", header))
                continue
            out.append(Column(i, header or cell.rstrip("0123456789"), cell, Use.EXTRA))
        else:
            out.append(Column(i, header, cell, Use.DERIVED if target.kind is Kind.DERIVED else Use.RECOGNISED, target))
    seen: dict[str, Column] = {}
    for c in out:
        if c.target is None or c.use is Use.DERIVED:
            continue
        if c.target.key in seen:
            first = seen[c.target.key]
            problems.append(Problem(f"列“{first.header}”（{first.cell}）和“{c.header}”（{c.cell}）都是“{c.target.zh}”：请在映射中只保留一个",
                                    f"columns '{first.header}' ({first.cell}) and '{c.header}' ({c.cell}) are both "
                                    f"'{c.target.en}': keep one in the map", c.target.key))
        seen[c.target.key] = c
    for t in TARGETS:
        if t.required and t.key not in seen and not any(p.field == t.key for p in problems):
            problems.append(Problem(f"缺少必需的列“{t.zh}”：请在映射中指定哪一列是{t.zh}（qa-desk import --fields 列出所有字段）",
                                    f"the required column '{t.en}' is missing: say in the map which column holds it "
                                    "(qa-desk import --fields lists every field)", t.key))
    if problems:
        raise refuse("bad_layout", "无法确定文件各列的含义，未导入任何数据", "The file's columns are not settled; nothing was "
                     "imported", problems)
    return out
