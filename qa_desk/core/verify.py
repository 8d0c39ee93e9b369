"""``qa-desk verify``: is this file whole, does it still say what was recorded, and did its authors write it?

Read in one snapshot (one read transaction: no false findings while others write), also from a read-only copy.
The checks:
- SQLite integrity and foreign keys; the schema is exactly what the migrations make (no added, dropped or
  altered table, index, trigger or view);
- the audit hash chain, entry by entry, with times that never run backwards (except at an administrator's
  sealed confirmation of the clock);
- every seal is its key's signature over the span it names and the hash of the span's last entry, and every
  entry in the span is its key owner's; every entry that changes a record after the installation's root seal
  lies in a seal of its author (the entries before it are vouched for as a whole by the root seal, which signs
  the head that commits to them);
- every key is certified by the root or by an administrator's key; redactions are listed by a sealed
  destruction that exists;
- replay of the trail rebuilds every audited table (names each record and field that differs);
- gapless numbering with the counter neither behind nor ahead of the numbers in use;
- every e-signature against the content it signed and against its signer's key.

What this cannot show on its own is a file rebuilt whole with new keys, or cut back to an earlier state: for
that, the anchors outside the file (``qa_desk.core.anchors``: ``--head``, ``--root``, the workstation's memory).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from qa_desk.core import keys, signatures
from qa_desk.core.findings import Finding, Report
from qa_desk.core.verify_batch import Ed25519Batch
from qa_desk.core.verify_chain import _Chain, _keys, check_keys

__all__ = ["Finding", "Report", "check_keys", "check_tail", "snapshot", "verify", "verify_report"]

Progress = Callable[[int, int], None]


@contextmanager
def snapshot(db: Database) -> Iterator[Database]:
    """One read transaction: every check sees the same state of the file while other processes write."""
    conn = db.conn
    outer = conn.in_transaction
    if not outer:
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts at the first read
    try:
        yield db
    finally:
        if not outer and conn.in_transaction:
            conn.execute("ROLLBACK")


def check_integrity(db: Database, rows: list[tuple] | None = None) -> list[Finding]:
    out = []
    for (msg,) in rows if rows is not None else db.conn.execute("PRAGMA integrity_check").fetchall():
        if msg != "ok":
            out.append(Finding("integrity", "sqlite", f"SQLite 完整性检查：{msg}", f"SQLite's check of the file: {msg}"))
    for row in db.conn.execute("PRAGMA foreign_key_check").fetchall():
        out.append(Finding("foreign_key", f"{row[0]} rowid {row[1]}", f"外键指向不存在的 {row[2]} 记录",
                           f"foreign key points at a missing {row[2]} row"))
    return out


def check_schema(db: Database) -> list[Finding]:
    try:
        from qa_desk.store import schema
    except ImportError:  # pragma: no cover - the schema module is part of the release
        return []
    return [Finding("schema", getattr(p, "name", None) or "schema", p.zh, p.en)
            for p in schema.problems(db)]


def check_numbering(db: Database) -> list[Finding]:
    """Numbers of a year run 1, 2, 3… with no gap, and the counter stands at the highest one. A number an old
    ledger brought in keeps a sequence below zero and stands only for itself: the one slot whose number it holds
    (a legacy TS-2026-0003 in a file that numbers TS-2026-0001…) is passed over by the counter and so is no gap;
    any other gap is one. Imports of the first release (before rows were kept, positive sequences) excuse the gaps
    below their highest number, as they did."""
    from qa_desk.core import settings
    from qa_desk.core import validation as V

    out = []
    for cid, number in db.conn.execute("SELECT id, number FROM complaints"):
        if V.number_problem(number):  # one rule for every number, so none can be a path
            out.append(Finding("numbering", f"complaints id {cid}", f"编号 {number!r} 不符合编号规则（英文字母、数字和 -）",
                               f"the number {number!r} breaks the number rule (ASCII letters, digits and -)"))
    years = {r[0] for r in db.conn.execute("SELECT DISTINCT year FROM complaints")}
    years |= {int(r[0]) for r in db.conn.execute("SELECT key FROM number_sequences") if str(r[0]).isdigit()}
    pattern = settings.get(db, "number_pattern")
    legacy = {r[0] for r in db.conn.execute("SELECT number FROM complaints WHERE seq < 0 UNION "
                                            "SELECT number FROM destruction_log WHERE seq < 0")}
    has_rows = "import_row" in db["complaints"].columns_dict
    for year in sorted(years):
        seqs = [r[0] for r in db.conn.execute("SELECT seq FROM complaints WHERE year = ? AND seq > 0 ORDER BY seq",
                                              (year,))]
        old_import = ("SELECT coalesce(max(seq), 0) FROM complaints WHERE year = ? AND seq > 0 AND imported_from IS "
                      "NOT NULL" + (" AND import_row IS NULL" if has_rows else ""))
        imported_top = db.conn.execute(old_import, (year,)).fetchone()[0]
        destroyed = {r[0] for r in db.conn.execute("SELECT seq FROM destruction_log WHERE year = ?", (year,))}
        have = set(seqs) | destroyed  # numbers of destroyed records stay used
        top = max(have | {0})
        gaps = [n for n in range(imported_top + 1, top + 1) if n not in have and not _held_by_legacy(
            pattern, year, n, legacy)]
        if gaps:
            out.append(Finding("numbering", f"year {year}", f"{year} 年编号不连续（缺少流水号 {gaps[:5]}）",
                               f"the numbers of {year} have gaps (missing sequence {gaps[:5]})"))
        seq = db.conn.execute("SELECT last_seq FROM number_sequences WHERE key = ?", (str(year),)).fetchone()
        if top and (seq is None or seq[0] < top):
            out.append(Finding("numbering", f"year {year}", "编号计数器落后于已用编号，可能导致重号",
                               "the number counter is behind the numbers in use (a number could be reused)"))
        elif seq is not None and seq[0] > top:
            out.append(Finding("numbering", f"year {year}",
                               f"编号计数器（{seq[0]}）超前于已用的最大编号（{top}）：下一条投诉会留下编号空缺",
                               f"the number counter ({seq[0]}) is ahead of the highest number in use ({top}): the "
                               "next complaint would leave a gap in the numbers"))
    return out


def _held_by_legacy(pattern: str, year: int, seq: int, legacy: set[str]) -> bool:
    try:
        return pattern.format(year=year, seq=seq) in legacy
    except (KeyError, IndexError, ValueError):
        return False


def check_history(db: Database, policy=None) -> list[Finding]:
    """Every closed or archived record carries the signatures its class requires (the QA head's review; the
    quality VP's approval for Class I–II and every recall), or is a ledger's closed history brought in by an import:
    its first entry is that import, of a file the import records name, the record came in closed, and its status
    has not changed since (closed later in the app, it needs the signatures like any other). The import mark is
    never put on, or taken off, a record afterwards."""
    from qa_desk.core.policy import load_policy

    pol = policy or load_policy()
    vp = {code for code, c in pol.classes.items() if c.needs_vp_approval}
    first: dict[int, str] = {}
    came_closed: set[int] = set()
    for rid, action, status in db.conn.execute(  # one pass over the complaints' inserts
            "SELECT record_id, action, CASE WHEN action = 'import' THEN json_extract(new, '$.status') END FROM "
            "audit_log WHERE tbl = 'complaints' AND op = 'insert' ORDER BY id"):
        first[rid] = action
        if status in ("closed", "archived"):
            came_closed.add(rid)
        else:
            came_closed.discard(rid)
    files = {r for (r,) in db.conn.execute("SELECT sha256 FROM ledger_imports")} \
        if "ledger_imports" in db.table_names() else set()
    signed: dict[int, set[str]] = {}
    for cid, step in db.conn.execute("SELECT complaint_id, step FROM signatures WHERE complaint_id IS NOT NULL"):
        signed.setdefault(cid, set()).add(step)
    out = []
    for cid, number, status, klass, market, imported in db.conn.execute(
            "SELECT id, number, status, class, market_action, imported_from FROM complaints"):
        where = f"complaints id {cid} ({number})"
        came_in = first.get(cid) == "import"
        if bool(imported) != came_in:
            zh, en = (("标记为导入的记录，但它是在本系统中登记的", "marked as imported, but it was registered in the app")
                      if imported else ("导入的记录，但导入标记已被去掉", "an imported record whose import mark was removed"))
            out.append(Finding("history", where, zh, en))
            continue
        if came_in and imported not in files:
            out.append(Finding("history", where, "导入的记录，但没有对应的导入记录（导入的文件及其 SHA-256）",
                               "an imported record with no import record of its file (name and SHA-256)"))
        if status not in ("closed", "archived"):
            continue
        if came_in and cid in came_closed and not _status_changed(db, cid):
            continue  # a ledger's closed history, as it came in
        steps = signed.get(cid, set())
        missing = [s for s, needed in (("review", True), ("approve", klass in vp or market == "recall"))
                   if needed and s not in steps]
        if missing:
            out.append(Finding("history", where,
                               f"已结案，但缺少{'、'.join({'review': '部长审核', 'approve': '质量副总批准'}[m] for m in missing)}签名，"
                               "也不是导入时即已结案的历史记录",
                               f"closed without the {' and '.join(missing)} signature(s) its class requires, and not "
                               "a ledger's closed history as an import brought it in"))
    return out


def _status_changed(db: Database, cid: int) -> bool:
    """Whether any entry after a record's insert changed its status (one query on the complaint's own entries)."""
    return db.conn.execute(
        "SELECT 1 FROM audit_log WHERE complaint_id = ? AND tbl = 'complaints' AND op = 'update' AND record_id = ? "
        "AND (field = 'status' OR (field IS NULL AND json_extract(new, '$.status') IS NOT NULL)) LIMIT 1",
        (cid, cid)).fetchone() is not None


def signature_states(db: Database) -> list[Finding]:
    """Each signature against the content it signed now (valid, or invalid because the content changed)."""
    out: list[Finding] = []
    for (cid,) in db.conn.execute("SELECT DISTINCT complaint_id FROM signatures WHERE complaint_id IS NOT NULL"):
        for s in signatures.for_complaint(db, cid):
            if s["state"] == "invalid":
                row = db.conn.execute("SELECT number FROM complaints WHERE id = ?", (cid,)).fetchone()
                number = row[0] if row else f"complaint id {cid} missing"
                out.append(Finding("signature", f"signatures id {s['id']} ({number})",
                                   f"{s['signer_name']} 于 {s['signed_at']} 的签名（{s['meaning']}）已失效：签名后内容被修改",
                                   f"the signature of {s['signer_name']} at {s['signed_at']} ({s['meaning']}) is no "
                                   "longer valid: the content changed after signing"))
    return out


def check_signatures(db: Database, installed_at: int | None = None, batch: Ed25519Batch | None = None, *,
                     states: bool = True) -> list[Finding]:
    """Each signature against the content it signed (``states``; the helper does that part on a big file) and
    its cryptographic signature, which goes into ``batch`` (run here when none is given)."""
    out = signature_states(db) if states else []
    own = batch is None
    batch = batch or Ed25519Batch()
    _signature_keys(db, _keys(db), installed_at, batch, out)
    if own:
        batch.finish()
    return out


def _signature_keys(db: Database, key_rows: dict[int, dict], installed_at: int | None, batch: Ed25519Batch,
                    out: list[Finding], only: list[int] | None = None) -> None:
    """Each e-signature's cryptographic signature, made with a key of its signer (``only``: those ids)."""
    if "key_id" not in {c.name for c in db["signatures"].columns}:
        return
    rows = db.conn.execute("SELECT * FROM signatures ORDER BY id") if only is None else \
        db.conn.execute(f"SELECT * FROM signatures WHERE id IN ({','.join('?' * len(only))})", only)
    for s in (dict(r) for r in rows):
        where = f"signatures id {s['id']}"
        key = key_rows.get(s["key_id"]) if s["key_id"] is not None else None
        if key is None:
            if installed_at is not None and _insert_entry(db, s["id"]) >= installed_at:
                out.append(Finding("signature", where, f"{s['signer_name']} 的签名没有密码学签名（不是用本人的密钥签的）",
                                   f"the signature of {s['signer_name']} carries no cryptographic signature (it "
                                   "was not made with their key)"))
            continue
        bad = Finding("signature", where,
                      f"{s['signer_name']} 于 {s['signed_at']} 的签名（{s['meaning']}）与其密钥不符：签名的内容、含义、签名人或时间被改动",
                      f"the signature of {s['signer_name']} at {s['signed_at']} ({s['meaning']}) does not verify "
                      "against their key: its content hash, meaning, signer or time was altered")
        if key["user_id"] != s["signer_id"]:
            out.append(bad)
            continue
        batch.add(key["public_key"], keys.esig_message(s), s["signature"] or "",
                  lambda ok, bad=bad: None if ok else out.append(bad))


def _insert_entry(db: Database, signature_id: int) -> int:
    r = db.conn.execute("SELECT min(id) FROM audit_log WHERE tbl = 'signatures' AND record_id = ? AND op = 'insert'",
                        (signature_id,)).fetchone()
    return r[0] or 0


def check_derived(db: Database) -> list[Finding]:
    """The next-deadline index must equal a fresh computation from the deadlines."""
    from qa_desk.store import deadlines_index

    want = deadlines_index.expected(db)
    have = {r[0]: (r[1], r[2]) for r in db.conn.execute("SELECT complaint_id, due_at, due_utc FROM complaint_next_due")}
    found = []
    if want != have:
        wrong = sorted(set(want) ^ set(have) | {k for k in set(want) & set(have) if want[k] != have[k]})
        found.append(Finding("derived", "complaint_next_due",
                             f"{len(wrong)} 条投诉的下一时限索引与时限记录不一致（如 id {wrong[0]}）",
                             f"the next-deadline index disagrees with the deadlines for {len(wrong)} complaint(s) "
                             f"(e.g. id {wrong[0]})"))
    return found + _tally_findings(db)


def _tally_findings(db: Database) -> list[Finding]:
    """The trend counts (``complaint_tally``, kept by triggers) must equal a recount of the complaints."""
    from qa_desk.core import analytics

    if "complaint_tally" not in db.table_names():
        return []
    wrong = analytics.tally_problems(db)
    if not wrong:
        return []
    dim, product, key, month, had, now = wrong[0]
    return [Finding("derived", "complaint_tally",
                    f"{len(wrong)} 项趋势计数与投诉记录不一致（如 {product} {dim}={key} {month}：记为 {had}，实为 {now}）",
                    f"{len(wrong)} trend count(s) disagree with the complaints (e.g. {product} {dim}={key} {month}: "
                    f"{had} kept, {now} counted)")]


def check_periodic_reviews(db: Database) -> list[Finding]:
    """Each signed periodic review must still be what the QA head and the quality VP signed."""
    from qa_desk.core import reviews

    return [Finding("signature", f"reviews id {rid}", zh, en) for rid, zh, en in reviews.problems(db)]


def check_signal_decisions(db: Database) -> list[Finding]:
    """Each decided early-warning signal must still be what its QA head signed."""
    from qa_desk.core import signals

    return [Finding("signature", f"signals id {sid}", zh, en) for sid, zh, en in signals.decision_problems(db)]


def check_reviews(db: Database) -> list[Finding]:
    """Each signed audit-trail review anchors the chain head it saw; that entry must still hold that hash."""
    from qa_desk.core.audit_review import check_anchors

    return [Finding("audit_review", f"audit_reviews id {rid}", zh, en) for rid, zh, en in check_anchors(db)]


def _notes(db: Database, report: Report) -> None:
    report.root = keys.root_fingerprint(db)
    if report.root is None:
        report.note("此文件尚未封存：首个版本的文件在升级后，由系统管理员首次登录时生成根密钥并封存此前的审计追踪。在此之前，审计记录只有哈希链保护。",
                    "This file is not sealed yet: a file made by the first release gets its root key, and its trail "
                    "is sealed, at the first administrator login after the upgrade. Until then the trail is "
                    "protected by its hash chain only.")
        return
    start = report.installed_at or 1
    report.note(f"根密钥指纹 {report.root}。第 1–{start - 1} 条审计记录由安装（或升级封存）时的根签章整体担保；自第 {start} 条起，"
                "每一项记录修改都有其作者本人密钥的签章。",
                f"Root key fingerprint {report.root}. Audit entries 1–{start - 1} are vouched for as a whole by the "
                f"root seal made at installation (or at the upgrade's seal); from entry {start} on, every record "
                "change is vouched for by its author's own key.")


def verify_report(db: Database, *, progress: Progress | None = None, thorough: bool = False) -> Report:
    """Everything, in one snapshot. On a big file SQLite's check, the replay and the signature checks run in a
    forked helper beside the chain. ``thorough``: SQLite's full integrity_check (also every index against its
    table; ten times the quick_check on a big file) instead of quick_check (every page and b-tree)."""
    report = Report()
    batch = Ed25519Batch(db)
    with snapshot(db):
        integrity = batch.integrity(db, "integrity_check" if thorough else "quick_check")
        replayed = batch.replay(db)
        report.findings += check_schema(db)
        # the signatures' content states with the replay (in the helper on a big file), their keys in the batch
        signed = check_signatures(db, _installed_at(db), batch, states=False)
        batch.start()  # the e-signature checks go to the helper at once, behind its replay
        chain = _Chain(db, report, progress, batch=batch)
        chain.run()
        batch.start()  # and the seals'
        report.findings += check_keys(db)
        report.findings += replayed()
        report.findings += check_numbering(db)
        report.findings += check_history(db)
        report.findings += check_derived(db)
        report.findings += check_reviews(db)
        report.findings += check_signal_decisions(db)
        report.findings += check_periodic_reviews(db)
        report.findings[:0] = check_integrity(db, integrity())
        batch.finish()
        report.findings += chain.finish() + signed
        _notes(db, report)
    return report


def _installed_at(db: Database) -> int | None:
    """The first entry of the root seal's span (the installation's transaction), read without the chain."""
    if "seals" not in db.table_names():
        return None
    r = db.conn.execute("SELECT s.spans FROM seals s JOIN keys k ON k.id = s.key_id WHERE k.purpose = 'root' "
                        "ORDER BY s.id LIMIT 1").fetchone()
    spans = keys.unpack_spans(r[0]) if r else []
    return min(a for a, _b in spans) if spans else None


def verify(db: Database) -> list[Finding]:
    return verify_report(db).findings


def check_tail(db: Database, since: tuple[int, str]) -> Report:
    """The start-up check: the entries after ``since`` (a head this workstation checked before) — their
    hashes, times, seals and authors — and the keys. Quick when little changed; the full verify runs in the
    background after it."""
    report = Report()
    with snapshot(db):
        chain = _Chain(db, report, None, since)
        chain.run()
        touched = [r[0] for r in db.conn.execute("SELECT DISTINCT record_id FROM audit_log WHERE id > ? AND "
                                                 "tbl = 'signatures'", (since[0],))]
        signed: list[Finding] = []
        _signature_keys(db, chain.keys, report.installed_at, chain.batch, signed, only=touched)
        chain.batch.finish()
        report.findings += chain.finish() + signed
        report.findings += check_keys(db)
        report.findings += check_schema(db)
        _notes(db, report)
    return report
