"""The schema each migration version makes, and what a file's schema has that it should not.

The expected schema of version ``v`` is what ``migrations.MIGRATIONS[:v]`` make on a fresh in-memory SQLite file
(computed once per version and cached). ``problems(db)`` compares the file's ``sqlite_master`` (type, name, table
and SQL of every table, index, trigger and view) with the expected schema of the file's own ``user_version`` and
names each object that was added, dropped or altered: a trigger that copies names into a hidden table, a dropped
append-only trigger, a view, a table with a column more. ``verify`` and every restore ask it.

SQL is compared in a normal form that does not depend on how the text was written: whitespace collapsed, identifier
quotes (``[x]``, ``"x"``, `````x`````) removed and case folded outside string literals, so a file made by another
version of sqlite-utils (which quotes differently) or an ``ALTER TABLE ... RENAME`` (which re-quotes) still
compares equal, while any change of meaning does not. The shadow tables that SQLite's FTS5 module makes for a
full-text index are compared by name only: their SQL is the module's, and it differs between SQLite releases.
``sqlite_stat*`` (written by ``ANALYZE``) and ``sqlite_sequence`` are SQLite's own and left out.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache, lru_cache

from sqlite_utils import Database

TYPES_ZH = {"table": "表", "index": "索引", "trigger": "触发器", "view": "视图"}
FTS5_SHADOW = ("_data", "_idx", "_content", "_docsize", "_config")

Entry = tuple[str, str, str, str | None]  # type, name, tbl_name, normalised sql


@dataclass(frozen=True)
class SchemaProblem:
    """One object that is not what the migrations make: ``change`` is added, dropped, altered or version."""

    change: str
    type: str
    name: str
    zh: str
    en: str

    @property
    def where(self) -> str:
        return f"{self.type} {self.name}" if self.name else "schema"

    def text(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


_TOKEN = re.compile(r"'(?:[^']|'')*'|\[[^\]]*\]|\"(?:[^\"]|\"\")*\"|`[^`]*`|\s+|[(),;=]|[^\s'\"`\[(),;=]+")


@lru_cache(maxsize=4096)
def normalise(sql: str | None) -> str | None:
    """SQL text in a normal form: string literals kept as they are, identifiers unquoted and lower-cased, one space
    between words and none around punctuation."""
    if sql is None:
        return None
    out: list[str] = []
    for tok in _TOKEN.findall(sql):
        if tok.isspace():
            if out and out[-1] != " ":
                out.append(" ")
            continue
        if tok.startswith("'"):
            out.append(tok)
        elif tok[0] in "[\"`":
            out.append(tok[1:-1].replace('""', '"').lower())
        else:
            out.append(tok.lower())
    text = "".join(out).strip()
    return re.sub(r" ?([(),;=]) ?", r"\1", text)


def _ignored(name: str) -> bool:
    return name.startswith("sqlite_stat") or name == "sqlite_sequence"


def _read(conn: sqlite3.Connection) -> dict[tuple[str, str], Entry]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    fts = {r[1] for r in rows if r[0] == "table" and r[3] and "using fts5" in r[3].lower()}
    shadow = {f"{v}{s}" for v in fts for s in FTS5_SHADOW}
    out: dict[tuple[str, str], Entry] = {}
    for type_, name, tbl, sql in rows:
        if _ignored(name):
            continue
        out[(type_, name)] = (type_, name, tbl, None if name in shadow else normalise(sql))
    return out


def expected(version: int) -> dict[tuple[str, str], Entry]:
    """The schema ``MIGRATIONS[:version]`` make (all versions computed in one pass, once per process)."""
    every = _every_version()
    if not 0 <= version < len(every):
        raise ValueError(f"no schema version {version}")
    return every[version]


@cache
def _every_version() -> tuple[dict[tuple[str, str], Entry], ...]:
    from qa_desk.store import migrations

    conn = sqlite3.connect(":memory:")
    try:
        db = Database(conn, execute_plugins=False)
        out = [_read(conn)]
        for migrate in migrations.MIGRATIONS:
            with conn:
                migrate(db)
            out.append(_read(conn))
        return tuple(out)
    finally:
        conn.close()


def version_of(db: Database | sqlite3.Connection) -> int:
    conn = db.conn if isinstance(db, Database) else db
    return conn.execute("PRAGMA user_version").fetchone()[0]


def problems(db: Database | sqlite3.Connection, version: int | None = None) -> list[SchemaProblem]:
    """Every table, index, trigger or view of the file that the migrations of its version do not make exactly:
    added, dropped or altered (empty when the schema is exactly one QA Desk makes)."""
    from qa_desk.store import migrations

    conn = db.conn if isinstance(db, Database) else db
    v = version_of(conn) if version is None else version
    if v > migrations.LATEST:
        return [SchemaProblem("version", "schema", "",
                              f"文件的数据库结构为第 {v} 版，由更新的 QA Desk 建立（本程序只认识到第 {migrations.LATEST} 版）",
                              f"the file's schema is version {v}, made by a newer QA Desk (this one knows up to "
                              f"{migrations.LATEST})")]
    if v < 0:
        return [SchemaProblem("version", "schema", "", f"文件的数据库结构版本号 {v} 无效",
                              f"the file's schema version {v} is not valid")]
    want, have = expected(v), _read(conn)
    out: list[SchemaProblem] = []
    for key in sorted(set(have) - set(want)):
        type_, name = key
        zh_t = TYPES_ZH.get(type_, type_)
        out.append(SchemaProblem("added", type_, name, f"{zh_t} {name} 是后加的（不是 QA Desk 的任何迁移所建）",
                                 f"{type_} {name} was added (not made by any QA Desk migration)"))
    for key in sorted(set(want) - set(have)):
        type_, name = key
        zh_t = TYPES_ZH.get(type_, type_)
        out.append(SchemaProblem("dropped", type_, name, f"{zh_t} {name} 已被删除（第 {v} 版结构应有）",
                                 f"{type_} {name} was dropped (schema version {v} has it)"))
    for key in sorted(set(want) & set(have)):
        if want[key] != have[key]:
            type_, name = key
            zh_t = TYPES_ZH.get(type_, type_)
            out.append(SchemaProblem("altered", type_, name, f"{zh_t} {name} 已被修改（定义与第 {v} 版结构所建的不同）",
                                     f"{type_} {name} was altered (its definition differs from what schema "
                                     f"version {v} makes)"))
    return out
