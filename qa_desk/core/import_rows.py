"""One ledger row → what it creates (issue 13): the draft the intake wizard would hand over, checked by the intake's
own rules, plus what only a ledger has — its number, closed date, reply, result, handler and the columns the app
has no field for — and then the numbers, exactly as the import will take them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time

from qa_desk.core import lifecycle, numbering, settings
from qa_desk.core import validation as V
from qa_desk.core.clock import iso
from qa_desk.core.errors import Problem
from qa_desk.core.import_columns import SourceRow
from qa_desk.core.import_fields import (
    BY_KEY,
    TARGETS,
    Kind,
    Target,
    choices,
    class_code,
    find_target,
    normal_value,
    split_complainant,
    vocabulary,
)
from qa_desk.core.import_map import Collision, ImportMap, bad_map
from qa_desk.core.import_plan import Action, Column, RowOutcome, RowProblem, Use
from qa_desk.core.intake import ComplaintDraft, check_receipt
from qa_desk.core.session import Session
from qa_desk.core.typed_values import TypedValueError, parse_date, parse_datetime, parse_quantity, shown

CLOSED_STATUSES = ("closed", "archived")
FINAL_STATUSES = lifecycle.FINAL


@dataclass
class Context:
    session: Session
    columns: list[Column]
    imap: ImportMap
    sha256: str
    now: datetime
    vocab: dict[str, dict[str, str]]
    by_target: dict[str, Column]
    existing: dict[str, tuple[str | None, int | None]]  # number → (imported_from, import_row)
    references: set[tuple[str, str | None]]  # (legacy_number, imported_from) of every renumbered record
    rows_in: set[int]  # rows of this file already imported
    destroyed: set[str]  # numbers of destroyed records: used for ever
    texts: list[tuple[str, str]]  # (target key, draft field) of the mapped text columns, worked out once


def context(session: Session, columns: list[Column], imap: ImportMap, sha256: str) -> Context:
    db = session.db
    given: dict[str, dict[str, str]] = {}
    for name, pairs in imap.values.items():  # a value map names its field by key or by either label
        t = find_target(name)
        if t is None or t.kind is not Kind.VOCAB:
            fields = "、".join(x.zh for x in TARGETS if x.kind is Kind.VOCAB)
            raise bad_map(f"值映射的字段“{name}”不是有固定取值的字段（{fields}）",
                          f"the value map's field '{name}' is not a field with a fixed list of values "
                          f"({', '.join(x.en for x in TARGETS if x.kind is Kind.VOCAB)})")
        given.setdefault(t.key, {}).update(pairs)
    vocab = {}
    for t in TARGETS:
        if t.kind is Kind.VOCAB:
            words = vocabulary(session.policy, t.vocab)
            for src, dst in given.get(t.key, {}).items():
                words[normal_value(src)] = _value_code(session, t, dst)
            vocab[t.key] = words
    if imap.default_channel is not None:
        _value_code(session, BY_KEY["channel"], imap.default_channel)
    existing = {n: (f, r) for n, f, r in db.conn.execute("SELECT number, imported_from, import_row FROM complaints")}
    references = {(n, f) for n, f in db.conn.execute("SELECT legacy_number, imported_from FROM complaints WHERE "
                                                      "legacy_number IS NOT NULL")}
    rows_in = {r for (r,) in db.conn.execute("SELECT import_row FROM complaints WHERE imported_from = ?", (sha256,))}
    by_target = {c.target.key: c for c in columns if c.target is not None and c.use is not Use.DERIVED}
    texts = [(k, BY_KEY[k].field) for k in _TEXTS if k in by_target]
    destroyed = {n for (n,) in db.conn.execute("SELECT number FROM destruction_log")}
    return Context(session, columns, imap, sha256, session.now(), vocab, by_target, existing, references, rows_in,
                   destroyed, texts)


# the draft's text fields a ledger may fill
_TEXTS = ("first_contact", "complainant_name", "complainant_org", "contact_person", "phone", "address", "email",
          "product", "strength", "package_form", "unit", "purchase_place", "storage_use", "summary", "request")


def _value_code(session: Session, t: Target, given: str) -> str:
    """A value map's right-hand side: a code, or a label of the field's vocabulary."""
    words = vocabulary(session.policy, t.vocab)
    code = words.get(normal_value(given)) or (class_code(given) if t.vocab == "class" else None)
    if code is None:
        raise bad_map(f"字段“{t.zh}”的值“{given}”无效，可选：{'、'.join(choices(session.policy, t.vocab, 'zh'))}",
                       f"field '{t.en}' value '{given}' is not valid; use one of "
                       f"{', '.join(choices(session.policy, t.vocab, 'en'))}")
    return code


# ---------------------------------------------------------------------------------------------- one row


class _RowReader:
    """Reads one row's cells by target, collecting problems with their cells."""

    def __init__(self, ctx: Context, row: SourceRow) -> None:
        self.ctx, self.row = ctx, row
        self.problems: list[RowProblem] = []
        self.out = RowOutcome(row.number, Action.CREATE)  # what the row creates, filled in as it is read

    def raw(self, key: str):
        c = self.ctx.by_target.get(key)
        if c is None:
            return None
        value = self.row.get(c.index)
        return None if isinstance(value, str) and not value.strip() else value

    def cell(self, key: str) -> str | None:
        c = self.ctx.by_target.get(key)
        return self.row.cell(c.index) if c is not None else None

    def add(self, key: str, group: str, problem: Problem) -> None:
        self.problems.append(RowProblem(self.cell(key), f"{group}:{key}", problem))

    def text(self, key: str) -> str | None:
        return cell_text(self.raw(key))

    def date(self, key: str, *, with_time: bool = False):
        value = self.raw(key)
        if value is None:
            return None
        try:
            read = (parse_datetime if with_time else parse_date)(value, self.ctx.imap.date_order,
                                                                  field=BY_KEY[key].field or key)
        except TypedValueError as err:
            self.add(key, "date", _named(err.problem, key))
            return None
        return None if read is None else read.value

    def word(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        t = BY_KEY[key]
        code = self.ctx.vocab[key].get(normal_value(value)) or (class_code(value) if t.vocab == "class" else None)
        if code is None:
            pol = self.ctx.session.policy
            self.add(key, "vocab", Problem(
                f"{t.zh}“{shown(value)}”不认识；可选：{'、'.join(choices(pol, t.vocab, 'zh'))}；或在值映射中指定"
                f"（如 \"values\": {{\"{t.key}\": {{\"{shown(value)}\": \"…\"}}}}）",
                f"{t.en} '{shown(value)}' is not recognised; use one of {', '.join(choices(pol, t.vocab, 'en'))}, or "
                f"name it in a value map (e.g. \"values\": {{\"{t.key}\": {{\"{shown(value)}\": \"…\"}}}})", key))
        return code


def _named(p: Problem, key: str) -> Problem:
    return Problem(p.zh, p.en, key)


def cell_text(value) -> str | None:
    """A cell as text: what an extra field or a text field stores, and what the dialog's preview shows (whole
    numbers without ".0", dates as ISO); None for a blank cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


def convert(ctx: Context, row: SourceRow) -> RowOutcome:
    """One ledger row → what it creates, or its problems (number allocation comes after, in ``_numbers``)."""
    r = _RowReader(ctx, row)
    out = r.out
    number = r.text("number")
    if number is not None:
        number = number.strip()
        rule = V.number_problem(number)
        if rule:
            r.add("number", "number", rule)
        out.number = number
    receipt, problems = check_receipt(ctx.session, _draft(ctx, r))
    _receipt_problems(ctx, r, problems)
    values = dict(receipt)
    _classification(ctx, r, values)
    _history(ctx, r, out, values, receipt)
    out.extras = _extras(ctx, r, row)
    values.update(imported_from=ctx.sha256, import_row=row.number,
                  imported_extra=json.dumps(out.extras, ensure_ascii=False) if out.extras else None)
    out.values = values
    if number is not None and not any(p.group.startswith("number:") for p in r.problems):
        _existing(ctx, out, number, r)
    elif number is None and row.number in ctx.rows_in:
        out.action, out.why = Action.SKIP, ("此文件的这一行已导入", "this row of this file was imported already")
    if out.action is not Action.SKIP:
        out.problems = r.problems
        if out.problems:
            out.action = Action.ERROR
    return out


def _receipt_problems(ctx: Context, r: _RowReader, problems: list[Problem]) -> None:
    """The intake's problems of a row, each on its cell with the value quoted; a cell that could not be read at
    all is reported once (its reading problem), not again as empty."""
    unread = {p.group.split(":")[1] for p in r.problems}
    for p in problems:
        key = _target_of(ctx, p.field)
        if key in unread:
            continue
        value = r.raw(key) if key else None
        group = "missing" if value is None else "check"
        zh, en = p.zh, p.en
        if group == "check":
            zh, en = f"“{shown(value)}”：{zh}", f"'{shown(value)}': {en}"
        if p.field == "unit" and key not in ctx.by_target and "quantity" in ctx.by_target:
            key, group = "quantity", "check"
            zh, en = (f"“{shown(r.raw('quantity'))}”：{p.zh}（在数量中写上单位，如“5盒”，或在映射中指定计量单位列）",
                      f"'{shown(r.raw('quantity'))}': {p.en} (write it with the number, e.g. '5 boxes', or map a unit "
                      "column)")
        if p.field == "channel" and key not in ctx.by_target:
            zh += "（文件中没有渠道列：可在映射中为整个导入选择默认渠道，或 --default-channel）"
            en += " (the file has no channel column: choose a default channel for the import in the map, or " \
                "--default-channel)"
        r.add(key or (p.field or "row"), group, Problem(zh, en, key))


_FIELD_TO_TARGET = {t.field: t.key for t in TARGETS if t.field}


def _target_of(ctx: Context, draft_field: str | None) -> str | None:
    """The target whose cell a check's problem is about (the complainant column for the name or organisation)."""
    key = _FIELD_TO_TARGET.get(draft_field or "")
    if key in ("complainant_name", "complainant_org") and key not in ctx.by_target and "complainant" in ctx.by_target:
        return "complainant"
    return key


def _draft(ctx: Context, r: _RowReader) -> ComplaintDraft:
    d = ComplaintDraft()
    received = r.date("received", with_time=True)
    d.received_at = received
    d.channel = r.word("channel") or ctx.imap.default_channel
    for key, name in ctx.texts:
        value = r.text(key)
        if value is not None:
            setattr(d, name, value)
    d.batch_no = r.text("batch")
    for key in ("mfg_date", "expiry", "purchase_date"):
        day = r.date(key)
        setattr(d, BY_KEY[key].field, day.isoformat() if day else None)
    who = r.text("complainant")
    if who is not None:
        if "***" in (x.strip() for x in who.split(" / ")):
            r.add("complainant", "check", Problem(
                "投诉人已屏蔽（***）：这是屏蔽了个人信息的导出；请导出未屏蔽的台帐（--unmasked）再导入",
                "the complainant is masked (***): this is an export with personal data masked; export the register "
                "unmasked (--unmasked) and import that", "complainant"))
        org, person, anonymous = split_complainant(who)
        d.complainant_org = d.complainant_org or org
        d.complainant_name = d.complainant_name or person
        d.anonymous = anonymous
    raw_q = r.raw("quantity")
    try:
        q = parse_quantity(raw_q)
    except TypedValueError as err:
        r.add("quantity", "quantity", _named(err.problem, "quantity"))
        q = None
    if q is not None and q.number is not None:
        d.quantity = q.number
        if q.unit and d.unit and normal_value(q.unit) != normal_value(d.unit):
            r.add("quantity", "quantity", Problem(f"数量的单位“{q.unit}”与计量单位列的“{d.unit}”不一致",
                                                  f"the quantity's unit '{q.unit}' differs from the unit column's "
                                                  f"'{d.unit}'", "quantity"))
        d.unit = d.unit or q.unit
    return d


def _classification(ctx: Context, r: _RowReader, values: dict) -> None:
    pol = ctx.session.policy
    for key in ("nature", "category", "class", "priority", "conclusion", "market_action"):
        values[key] = r.word(key)
    if values["class"] and not values["priority"]:
        values["priority"] = pol.classes[values["class"]].priority
    p: list[Problem] = []
    values["root_cause"] = V.clean_text(r.text("root_cause"), "root_cause", p)
    values["conclusion_note"] = V.clean_text(r.text("result"), "conclusion_note", p)
    values["legacy_handler"] = V.clean_text(r.text("handler"), "legacy_handler", p)
    for x in p:
        key = {"root_cause": "root_cause", "conclusion_note": "result", "legacy_handler": "handler"}[x.field]
        r.add(key, "check", Problem(x.zh, x.en, key))


def _history(ctx: Context, r: _RowReader, out: RowOutcome, values: dict, receipt: dict) -> None:
    """Status, closed date, reply: closed history, voided history, or an open record."""
    status = r.word("status")
    satisfaction = r.word("satisfaction")
    received = datetime.fromisoformat(receipt["received_at"]) if receipt.get("received_at") else None
    tz = ctx.now.tzinfo
    if ctx.imap.all_open:
        _open_status(ctx, out, values, status if status not in FINAL_STATUSES else None)
        return
    closed = r.date("closed")
    replied = r.date("reply_date")
    if closed and closed > ctx.now.date():
        r.add("closed", "history", Problem(f"结案日期 {closed} 晚于今天", f"the closed date {closed} is after today",
                                           "closed"))
    if closed and received and closed < received.date():
        r.add("closed", "history", Problem(f"结案日期 {closed} 早于接收日期 {received.date()}",
                                           f"the closed date {closed} is before the receipt {received.date()}", "closed"))
    if replied and received and replied < received.date():
        r.add("reply_date", "history", Problem(f"答复日期 {replied} 早于接收日期 {received.date()}",
                                               f"the reply date {replied} is before the receipt {received.date()}",
                                               "reply_date"))
    if replied and replied > ctx.now.date():
        r.add("reply_date", "history", Problem(f"答复日期 {replied} 晚于今天", f"the reply date {replied} is after today",
                                               "reply_date"))
    if replied and closed and replied > closed:
        r.add("reply_date", "history", Problem(f"答复日期 {replied} 晚于结案日期 {closed}：结案须在答复之后",
                                               f"the reply date {replied} is after the closed date {closed}: a complaint "
                                               "is closed after its reply", "reply_date"))
    if satisfaction and not replied:
        r.add("satisfaction", "history", Problem("有满意度但没有答复日期：满意度属于一次答复，请填写答复日期",
                                                 "a satisfaction without a reply date: it belongs to a reply; fill in "
                                                 "the reply date", "satisfaction"))
    if status in CLOSED_STATUSES or closed:
        if closed is None:
            r.add("closed", "history", Problem(
                "状态为已结案，但没有结案日期：请填写结案日期，或选择“全部作为未结投诉导入”",
                "the status is closed but there is no closed date: fill in the closed date, or choose to import "
                "everything as open", "closed"))
        elif status and status not in CLOSED_STATUSES:
            word = ctx.session.policy.label("status", status, "zh_CN")
            r.add("status", "history", Problem(
                f"状态为“{word}”，但有结案日期 {closed}：请更正状态或结案日期",
                f"the status is '{ctx.session.policy.label('status', status, 'en')}' but there is a closed date "
                f"{closed}: correct one of them", "status"))
        out.status, out.historical = "closed", True
        values.update(status="closed", closed_at=iso(datetime.combine(closed, time(0), tz)) if closed else None)
    elif status == "voided":
        out.status, out.historical = "voided", True
        values.update(status="voided", void_reason="台帐中已作废（导入的历史记录）voided in the imported ledger")
    else:
        _open_status(ctx, out, values, status)
        if replied:  # a reply to a complaint still open is not its final reply: kept as the ledger wrote it
            out.extras_from += ["reply_date", "satisfaction"]
        return
    if replied:
        out.reply = {"replied_at": iso(datetime.combine(replied, time(0), tz)), "method": None, "final": 1,
                     "content": "（导入台帐中的答复，内容见原台帐）(a reply recorded in the imported ledger)",
                     "satisfaction": satisfaction}


# The states an import may bring a complaint to: later ones (under review, approved, replied …) stand for signatures
# the ledger cannot bring, so such a row comes in as under investigation, and the dry run says so.
OPEN_STATUSES = ("registered", "acknowledged", "triaged", "investigating")


def _open_status(ctx: Context, out: RowOutcome, values: dict, status: str | None) -> None:
    if status and status not in OPEN_STATUSES:
        pol = ctx.session.policy
        out.notes.append((f"状态“{pol.label('status', status, 'zh_CN')}”表示已有审核、批准或答复，这些签名不能从台帐导入：作为“调查中”导入",
                          f"the status '{pol.label('status', status, 'en')}' stands for a review, approval or reply "
                          "whose signatures a ledger cannot bring: it comes in as under investigation"))
        status = "investigating"
    out.status = status or "registered"
    values["status"] = out.status


def _extras(ctx: Context, r: _RowReader, row: SourceRow) -> list[list[str]]:
    """The row's cells in columns the map did not name, as (header, text); with "all open", the closed and reply
    dates too, so they are kept rather than dropped."""
    pairs = []
    cols = [c for c in ctx.columns if c.use is Use.EXTRA]
    kept = ("closed", "reply_date", "satisfaction") if ctx.imap.all_open else r.out.extras_from
    cols += [c for c in ctx.columns if c.target is not None and c.target.key in kept]
    for c in sorted(cols, key=lambda c: c.index):
        text = cell_text(row.get(c.index))
        if text is None:
            continue
        p: list[Problem] = []
        text = V.clean_text(text, "imported_extra", p)
        for x in p:
            r.problems.append(RowProblem(row.cell(c.index), "extra:imported_extra",
                                         Problem(f"“{c.header}”：{x.zh}", f"'{c.header}': {x.en}", "imported_extra")))
        if text is not None:
            pairs.append([c.header, text])
    return pairs


def _existing(ctx: Context, out: RowOutcome, number: str, r: _RowReader) -> None:
    """A ledger number already in the file: the same row imported before (skipped), or a collision."""
    held = ctx.existing.get(number)
    if (held is not None and held[0] == ctx.sha256) or (number, ctx.sha256) in ctx.references:
        out.action, out.why = Action.SKIP, ("已从此文件导入", "imported from this file already")
        return
    if held is None and number not in ctx.destroyed:
        return
    choice = ctx.imap.on_collision
    if choice is Collision.SKIP:
        out.action, out.why = Action.SKIP, ("编号已被另一条投诉使用，按选择跳过", "the number is used by another complaint; "
                                            "skipped as chosen")
    elif choice is Collision.RENUMBER:
        out.legacy_number = number
        out.number = None
    else:
        r.add("number", "collision", Problem(
            f"编号 {number} 已被数据库中的另一条投诉使用。可选：保留为原编号参考并分配新编号（--on-collision renumber），"
            "或跳过该行（--on-collision skip）",
            f"number {number} is already used by another complaint in the database. Choose: keep it as a reference "
            "and give a new number (--on-collision renumber), or skip the row (--on-collision skip)", "number"))


def numbers(ctx: Context, outcomes: list[RowOutcome]) -> None:
    """Numbers, years and sequences for the rows to create: a ledger's own number keeps a sequence below zero
    (never the counter); a row without one (or renumbered) takes the next free number, exactly as ``run`` will."""
    seen: dict[str, int] = {}
    for o in outcomes:
        if o.number and o.action is not Action.SKIP:
            if o.number in seen:
                o.problems.append(RowProblem(None, "duplicate:number", Problem(
                    f"编号 {o.number} 在文件中重复（第 {seen[o.number]} 行也有）",
                    f"number {o.number} appears twice in the file (row {seen[o.number]} too)", "number")))
                o.action = Action.ERROR
            else:
                seen[o.number] = o.row
    db = ctx.session.db
    legacy = {o.number for o in outcomes if o.action is Action.CREATE and o.number}
    pattern = settings.get(db, "number_pattern")
    counters = {int(k): v for k, v in db.conn.execute("SELECT key, last_seq FROM number_sequences") if str(k).isdigit()}
    high = dict(db.conn.execute("SELECT year, max(seq) FROM complaints WHERE seq BETWEEN ? AND ? GROUP BY year",
                                (numbering.LEGACY_BASE, numbering.LEGACY_BASE // 2)))  # not the first release's -1, -2…
    def taken(n: str) -> bool:
        return n in legacy or n in ctx.existing or n in ctx.destroyed

    for o in outcomes:
        if o.action is not Action.CREATE:
            continue
        year = datetime.fromisoformat(o.values["received_at"]).year
        o.year = year
        if o.number:  # below zero, ascending in the order of import, so the register lists them as the ledger did
            o.seq = max(high.get(year) or numbering.LEGACY_BASE, numbering.LEGACY_BASE) + 1
            high[year] = o.seq
        else:
            o.number, o.seq = numbering.next_free(pattern, year, counters.get(year, 0), taken)
            counters[year] = o.seq
            o.allocate = True
