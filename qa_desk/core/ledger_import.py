"""Importing an old complaint ledger (issue 13): one path through the core, with the intake's own checks.

The documents layer only reads the file (``qa_desk.documents.ledger_reader``: header, rows with their own row
numbers, the rows it skipped). Here each row is turned into the draft the intake wizard would hand over and
checked by ``intake.check_receipt`` — the same limits, characters, batch normalisation and date rules — plus what
only a ledger has: its own numbers, closed dates, results and handlers, and columns the app has no field for.

``plan`` is the dry run and ``run`` is the import, and ``run`` is ``plan`` again under the write lock followed by
writing exactly what the plan says, numbers included; so what a dry run promises is what the import does.

- A row with a closed date (or a closed status) comes in as a closed historical record: those dates, no open
  deadlines, never pinned, and the import's mark (``imported_from`` = the file's SHA-256, the ledger's row, a
  ``ledger_imports`` record with the file's name) for ever; ``verify`` accepts such a record closed without the
  signatures its class requires only while it stays as the import brought it in (``verify.check_history``).
- A ledger number is kept as it was, with a sequence of its own below zero, so it neither moves the app's
  counter nor excuses a gap in the app's own numbers; a number already used in the file is a collision, which the
  user settles (``Collision``) by keeping it as a reference on a new number, or by skipping the row.
- Columns the map does not name are kept with the record as extra fields; derived and ignored ones are listed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from qa_desk.core import deadlines, numbering
from qa_desk.core.errors import DomainError, Problem, refuse
from qa_desk.core.import_columns import Source, SourceRow, layout
from qa_desk.core.import_fields import TARGETS, Kind, choices
from qa_desk.core.import_map import Collision, ImportMap
from qa_desk.core.import_plan import Action, Column, Plan, ProblemGroup, RowOutcome, RowProblem, Use
from qa_desk.core.import_rows import context, convert, numbers
from qa_desk.core.session import Session
from qa_desk.core.typed_values import DateOrder, escaped
from qa_desk.core.workcal import WorkCalendar

CHECK_EVERY = 200  # rows between progress reports and cancel checks
__all__ = ["Action", "Collision", "Column", "DateOrder", "ImportMap", "ImportRefused", "Origin", "Plan",
           "ProblemGroup", "RowOutcome", "RowProblem", "Source", "SourceRow", "Use", "extras", "fields_table", "layout",
           "origin", "plan", "run"]


def plan(session: Session, source: Source, *, filename: str, sha256: str, imap: ImportMap | None = None,
         progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None) -> Plan:
    """The dry run: what importing ``source`` would do, row by row. Writes nothing."""
    session.require("import")
    imap = imap or ImportMap()
    filename = printable(filename)
    columns = layout(source, imap)
    ctx = context(session, columns, imap, sha256)
    total = len(source.rows)
    outcomes = []
    for i, row in enumerate(source.rows):
        if i % CHECK_EVERY == 0:
            if cancelled and cancelled():
                raise refuse("cancelled", "已取消导入，未写入任何数据。", "The import was cancelled; nothing was written.")
            if progress:
                progress(i, total)
        outcomes.append(convert(ctx, row))
    numbers(ctx, outcomes)
    if progress:
        progress(total, total)
    return Plan(filename, sha256, columns, outcomes, list(source.skipped), imap)


# ------------------------------------------------------------------------------------------------ the run


def run(session: Session, source: Source, *, filename: str, sha256: str, imap: ImportMap | None = None,
        progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None,
        expect: Plan | None = None) -> Plan:
    """Import for real, in one transaction: the plan is made again under the write lock, refused whole when any row
    has a problem (the plan goes with the refusal, as ``ImportRefused.plan``), and written exactly as planned.
    ``expect`` is the dry run the user confirmed: when the file or the database changed since, so that the import
    would not do exactly what it showed (another number, a row now skipped), it is refused (``plan_changed``)."""
    session.require("import")
    filename = printable(filename)
    cal = WorkCalendar.load(session.db)
    total = len(source.rows)

    def checking(i: int, _n: int) -> None:  # the checks are the first half of the bar, the writing the second
        if progress:
            progress(i, 2 * total)

    with session.write() as tx:
        p = plan(session, source, filename=filename, sha256=sha256, imap=imap, progress=checking, cancelled=cancelled)
        if p.errors:
            raise ImportRefused.of(p)
        if expect is not None and not p.agrees_with(expect):
            raise refuse("plan_changed", "自试运行以来文件或数据库已有变化，导入的结果将与试运行不同；未导入任何数据，请重新试运行。",
                         "The file or the database changed since the dry run, so the import would not do what it "
                         "showed; nothing was imported. Run the dry run again.")
        reserved = {o.number for o in p.to_create if not o.allocate}
        todo = p.to_create
        for i, o in enumerate(todo):
            if i % CHECK_EVERY == 0:
                if cancelled and cancelled():
                    raise refuse("cancelled", "已取消导入，未写入任何数据。", "The import was cancelled; nothing was written.")
                if progress:
                    progress(total + i * total // max(len(todo), 1), 2 * total)
            _write(session, tx, o, reserved, filename, sha256, cal)
        tx.insert("ledger_imports", {
            "sha256": sha256, "filename": filename, "imported_at": tx.at, "imported_by": tx.user_id,
            "created": len(p.to_create), "closed": p.closed, "open": p.open,
            "skipped": len(p.skipped_rows) + sum(s.last - s.first + 1 for s in p.skipped),
            "options": json.dumps(p.imap.to_json(), ensure_ascii=False, sort_keys=True)}, action="import",
            reason=f"imported {filename} (sha256 {sha256})")
    if progress:
        progress(2 * total, 2 * total)
    return p


def printable(name: str) -> str:
    """A file name as the import mark records it: a character that hides or reorders text (a right-to-left override,
    a control) is written as \\uXXXX, so the mark on every view and print reads as the name really was."""
    return escaped(name)[:255]


class ImportRefused(DomainError):
    """The import refused because rows have problems; ``plan`` says which (the dialog and the CLI show it)."""

    plan: Plan | None = None

    @classmethod
    def of(cls, p: Plan) -> ImportRefused:
        named = [Problem(f"第 {r.row} 行：{x.text('zh_CN')}", f"row {r.row}: {x.text('en')}", x.problem.field)
                 for r in p.errors for x in r.problems]
        err = cls("bad_rows", f"{len(p.errors)} 行有问题，未导入任何数据", f"{len(p.errors)} row(s) have problems; nothing "
                  "was imported", named[:50])
        err.plan = p
        return err


def _write(session: Session, tx, o: RowOutcome, reserved: set[str], filename: str, sha256: str,
           cal: WorkCalendar) -> None:
    if o.allocate:
        number, seq = numbering.allocate(tx, o.year, reserved)
        if (number, seq) != (o.number, o.seq):  # cannot happen under the write lock; never write what was not shown
            raise refuse("plan_changed", "编号分配与试运行不一致，未导入任何数据；请重试。",
                         "The numbers differ from the dry run; nothing was imported. Try again.")
    row = {**o.values, "number": o.number, "year": o.year, "seq": o.seq, "legacy_number": o.legacy_number,
           "created_at": tx.at, "created_by": tx.user_id, "updated_at": tx.at, "cycle": 0}
    c = tx.insert("complaints", row, action="import", reason=f"imported from {filename} row {o.row} (sha256 {sha256})")
    if o.reply:
        tx.insert("replies", {"complaint_id": c["id"], **o.reply, "recorded_by": tx.user_id, "recorded_at": tx.at},
                  complaint_id=c["id"], action="import")
    if not o.historical:
        deadlines.create_all(tx, session.policy, c, cal)


# ---------------------------------------------------------------------------------------- what it left


@dataclass(frozen=True)
class Origin:
    """Where an imported record came from: the mark every view and print shows."""

    filename: str
    sha256: str
    row: int | None
    imported_at: str
    imported_by: str | None
    legacy_number: str | None
    handler: str | None

    def mark(self, lang: str) -> str:
        zh = lang.startswith("zh")
        row = (f"第 {self.row} 行" if zh else f"row {self.row}") if self.row else ""
        ref = (f"；原编号 {self.legacy_number}" if zh else f"; ledger number {self.legacy_number}") \
            if self.legacy_number else ""
        if zh:
            return f"导入自 {self.filename} {row}（{self.imported_at[:10]}，SHA-256 {self.sha256[:12]}…）{ref}"
        return f"imported from {self.filename} {row} ({self.imported_at[:10]}, SHA-256 {self.sha256[:12]}…){ref}"


def origin(db, complaint: dict) -> Origin | None:
    """The import mark of a complaint, or None when it was registered in the app."""
    if not complaint.get("imported_from"):
        return None
    r = db.conn.execute("SELECT i.filename, i.imported_at, u.display_name FROM ledger_imports i LEFT JOIN users u "
                        "ON u.id = i.imported_by WHERE i.sha256 = ? ORDER BY i.id LIMIT 1",
                        (complaint["imported_from"],)).fetchone()
    name, at, by = (r[0], r[1], r[2]) if r else ("?", complaint.get("created_at") or "", None)
    return Origin(name, complaint["imported_from"], complaint.get("import_row"), at, by,
                  complaint.get("legacy_number"), complaint.get("legacy_handler"))


def extras(complaint: dict, session: Session | None = None) -> list[tuple[str, str]]:
    """The ledger's columns kept with the record (header, text), in the ledger's order; with ``session``, as that
    reader may see them (masked for a reader who may not see personal data: see ``privacy.mask_extras``)."""
    if session is not None:
        from qa_desk.core import privacy

        complaint = privacy.for_reader(session, complaint)
    raw = complaint.get("imported_extra")
    if not raw:
        return []
    try:
        return [(str(h), str(v)) for h, v in json.loads(raw)]
    except (ValueError, TypeError):
        return []


def fields_table(lang: str, policy=None) -> list[tuple[str, str, str, str]]:
    """Every target: (key, zh label, en label, what it takes) — ``qa-desk import --fields`` and the README."""
    from qa_desk.core.import_fields import TAKES

    out = []
    for t in TARGETS:
        takes_zh, takes_en = TAKES[t.kind]
        if t.kind is Kind.VOCAB and policy is not None:
            takes_zh += "：" + "、".join(choices(policy, t.vocab, "zh_CN"))
            takes_en += ": " + ", ".join(choices(policy, t.vocab, "en"))
        if t.required:
            takes_zh, takes_en = "必填；" + takes_zh, "required; " + takes_en
        out.append((t.key, t.zh, t.en, takes_zh if lang.startswith("zh") else takes_en))
    return out
