"""The periodic review of the register, signed (issue 16 item 5; China GMP art. 272 and 276, DOMAIN.md §11–12).

A review is one row of ``reviews`` (schema 15) per month (the register review of art. 276) or per product and year
(the complaints section of the annual product quality review). Two signatures, each with password re-entry and
bound to content:
- the QA head's, meaning "reviewed", over the review's content (``review_data``) as the report shows it now, plus
  the audit chain head at that moment (anchored on the printout, as DOMAIN §12 asks of the periodic reviews);
- the quality VP's as authorised person (质量受权人), meaning "informed", over the review as the QA head signed it
  (its content hash and the QA head's signature), after it and by another person.
Both are written in one audited transaction each (``session.write()``); once the VP has acknowledged, a trigger
keeps the row final. The figures of a month can change after the review (a late entry, a complaint closed):
the printout then names the sections that differ from what was signed (``changed_sections``), instead of
pretending the signatures cover what it shows.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlite_utils import Database

from qa_desk.core import anchors, keys, review_data, signatures
from qa_desk.core.errors import refuse
from qa_desk.core.session import Session
from qa_desk.store.audit import canonical

STEP_REVIEWED = "periodic_review"
STEP_INFORMED = "periodic_review_informed"
# who may do what: roles.py names these once the lead adds them; until then the nearest existing permissions
PRINT_ACTION = "periodic_report"
REVIEW_ACTION = "periodic_review"  # the QA head
INFORM_ACTION = "periodic_review_inform"  # the quality VP, as authorised person (质量受权人)


class Kind(StrEnum):
    MONTHLY = "monthly"
    PRODUCT = "product"


class Meaning(StrEnum):
    REVIEWED = "reviewed"
    INFORMED = "informed"


class Status(StrEnum):
    OPEN = "open"
    REVIEWED = "reviewed"
    INFORMED = "informed"


MEANING_LABELS = {Meaning.REVIEWED: ("已审核", "reviewed"), Meaning.INFORMED: ("已知悉（质量受权人）", "informed")}


def key_of(kind: Kind | str, period: str, product: str | None) -> str:
    return f"{kind}|{product or ''}|{period}"


def content(session: Session, kind: Kind | str, period: str, product: str | None = None,
            now: datetime | None = None) -> dict:
    """What the report of this review shows now (and what a signature now would bind)."""
    now = now or session.now()
    if Kind(kind) == Kind.MONTHLY:
        return review_data.monthly(session.db, period, now)
    return review_data.product_year(session.db, product or "", int(period), now)


def content_hash(data: dict) -> str:
    return signatures.content_hash(data)


def find(db: Database, kind: Kind | str, period: str, product: str | None = None) -> dict | None:
    if "reviews" not in db.table_names():
        return None
    r = db.conn.execute("SELECT * FROM reviews WHERE key = ?", (key_of(kind, period, product),)).fetchone()
    return dict(r) if r else None


def get(db: Database, review_id: int) -> dict:
    r = db.conn.execute("SELECT * FROM reviews WHERE id = ?", (review_id,)).fetchone()
    if r is None:
        raise refuse("no_review", f"审核记录 {review_id} 不存在。", f"Review {review_id} does not exist.")
    return dict(r)


def _check_period(session: Session, kind: Kind | str, period: str, product: str | None) -> tuple[str, str | None]:
    today = session.now().date()
    if Kind(kind) == Kind.MONTHLY:
        return review_data.parse_month(period, today), None
    return str(review_data.parse_year(period, today)), review_data.check_product(session.db, product)


def ensure(session: Session, kind: Kind | str, period: str, product: str | None = None) -> dict:
    """The review of this month (or product and year), created (audited) when it does not exist yet."""
    try:
        kind = Kind(kind)
    except ValueError:
        raise refuse("bad_review_kind", f"审核类别无效：{kind!r}", f"Not a kind of review: {kind!r}") from None
    session.require(PRINT_ACTION)
    period, product = _check_period(session, kind, period, product)
    have = find(session.db, kind, period, product)
    if have:
        return have
    with session.write() as tx:
        have = find(tx.db, kind, period, product)
        if have:
            return have
        return tx.insert("reviews", {"key": key_of(kind, period, product), "kind": str(kind), "period": period,
                                     "product_name": product, "status": str(Status.OPEN), "created_at": tx.at,
                                     "created_by": tx.user_id, "updated_at": tx.at}, action="review_opened")


def shown_hash(session: Session, review_id: int) -> str:
    """The hash of what the signature dialog shows (the review's content now); handed back to ``sign``."""
    r = get(session.db, review_id)
    return content_hash(content(session, r["kind"], r["period"], r["product_name"]))


def informed_content(review: dict) -> dict:
    """What the VP's acknowledgement covers: the review as the QA head signed it."""
    return {"review": {k: review[k] for k in ("id", "key", "kind", "period", "product_name", "content_sha256",
                                              "chain_head_id", "chain_head_hash", "reviewed_by", "reviewed_at",
                                              "reviewed_signature_id")}}



def _insert_signature(tx, session: Session, step: str, meaning, signed: dict, comment: str | None) -> dict:
    """The signature row of a review's manifestation: what was signed, by whom, when (no complaint)."""
    return signatures.insert(tx, {
        "complaint_id": None, "step": step, "meaning": str(meaning), "signer_id": tx.user_id,
        "signer_name": session.actor.display_name, "signed_at": tx.at,
        "content_sha256": signatures.content_hash(signed), "content_json": canonical(signed), "cycle": 0,
        "comment": comment})


def sign(session: Session, review_id: int, *, password: str, meaning: str, username: str | None = None,
         expected_sha256: str | None = None, comment: str | None = None) -> dict:
    """Sign a review: the QA head's "reviewed" over its content now (``expected_sha256``, when given, is the
    hash of what the dialog showed: a change meanwhile is refused), or the quality VP's "informed" over the review
    as the QA head signed it. ``username`` is needed at the first signature of a login."""
    try:
        meaning = Meaning(meaning)
    except ValueError:
        raise refuse("bad_meaning", f"签名含义无效：{meaning!r}（应为 reviewed 或 informed）",
                     f"Not a meaning of a review signature: {meaning!r} (reviewed or informed)") from None
    session.require(REVIEW_ACTION if meaning == Meaning.REVIEWED else INFORM_ACTION)
    r = get(session.db, review_id)
    _may_sign(session, r, meaning)
    if meaning == Meaning.REVIEWED:  # computed before the write lock: a monthly content takes a few seconds at 100k
        data = content(session, r["kind"], r["period"], r["product_name"])
        digest = content_hash(data)
        if expected_sha256 is not None and expected_sha256 != digest:
            raise _changed(r)
    signatures.authenticate(session, password, username, purpose="periodic review")
    with session.write() as tx:
        r = get(tx.db, review_id)  # again, under the write lock
        _may_sign(session, r, meaning)
        if meaning == Meaning.REVIEWED:
            head = anchors.chain_head(tx.db)
            signed = {"report": data, "anchor": {"chain_head_id": head.count, "chain_head_hash": head.hash,
                                                 "root_fingerprint": keys.root_fingerprint(tx.db)}}
            sig = _insert_signature(tx, session, STEP_REVIEWED, meaning, signed, comment)
            return tx.update("reviews", review_id, {
                "status": str(Status.REVIEWED), "content_sha256": digest, "chain_head_id": head.count,
                "chain_head_hash": head.hash, "reviewed_by": tx.user_id, "reviewed_at": tx.at,
                "reviewed_signature_id": sig["id"], "updated_at": tx.at}, action="review_signed")
        signed = informed_content(r)
        sig = _insert_signature(tx, session, STEP_INFORMED, meaning, signed, comment)
        return tx.update("reviews", review_id, {
            "status": str(Status.INFORMED), "informed_by": tx.user_id, "informed_at": tx.at,
            "informed_signature_id": sig["id"], "updated_at": tx.at}, action="review_acknowledged")


def _changed(r: dict):
    return refuse("content_changed", f"审核 {r['period']} 的内容在签名对话框打开后已改变（有新的记录或修改）；未签名。请查看最新内容后重新签名。",
                  f"The review of {r['period']} changed after the signature dialog opened (a record was added or "
                  "changed); nothing was signed. Look at the current content and sign again.")


def period_over(r: dict, now: datetime) -> bool:
    """A review is signed over a period that has ended: its figures (overdue items at the cut-off) are then
    fixed by the period, not by the moment of signing."""
    if r["kind"] == Kind.MONTHLY:
        return now.strftime("%Y-%m") > r["period"]
    return now.year > int(r["period"])


def _may_sign(session: Session, r: dict, meaning: Meaning) -> None:
    if meaning == Meaning.REVIEWED:
        if not period_over(r, session.now()):
            raise refuse("period_not_over", f"审核期间 {r['period']} 尚未结束；期末之后才能签名审核（打印不受限制）。",
                         f"The period {r['period']} is not over; the review can be signed after it ends (printing "
                         "is not limited).")
        if r["status"] != Status.OPEN:
            raise refuse("review_signed", f"审核 {r['period']} 已于 {r['reviewed_at']} 签名审核，不能再次签名。",
                         f"The review of {r['period']} was signed at {r['reviewed_at']}; it cannot be signed again.")
        return
    if r["status"] == Status.OPEN:
        raise refuse("not_reviewed", f"审核 {r['period']} 尚未由质量部长签名审核；请在其审核后确认知悉。",
                     f"The review of {r['period']} has not been signed by the QA head yet; acknowledge it after that.")
    if r["status"] == Status.INFORMED:
        raise refuse("review_informed", f"审核 {r['period']} 已于 {r['informed_at']} 确认知悉。",
                     f"The review of {r['period']} was acknowledged at {r['informed_at']} already.")
    if r["reviewed_by"] == session.actor.id:
        session.audit_refusal(INFORM_ACTION, "own_review")
        raise refuse("own_review", "确认知悉的质量受权人不能与审核人为同一人（职责分离）。",
                     "The authorised person who acknowledges must be someone other than the reviewer "
                     "(segregation of duties).")


# --- reading ------------------------------------------------------------------------------------------------

def _signature(db: Database, sig_id: int | None) -> dict | None:
    if sig_id is None:
        return None
    r = db.conn.execute("SELECT * FROM signatures WHERE id = ?", (sig_id,)).fetchone()
    return dict(r) if r else None


def manifestations(db: Database, review: dict | None) -> list[dict]:
    """The signatures of a review as printed: meaning, name, time, and whether each still holds (its stored
    content hashes to what it signed, and the review row still says what the VP signed)."""
    if not review:
        return []
    out = []
    for sig_id, step in ((review["reviewed_signature_id"], STEP_REVIEWED),
                         (review["informed_signature_id"], STEP_INFORMED)):
        s = _signature(db, sig_id)
        if s is None:
            continue
        stored = signatures.content_of(db, s)
        ok = s["step"] == step and signatures.content_hash(stored) == s["content_sha256"]
        if step == STEP_REVIEWED:
            ok = ok and content_hash(stored.get("report") or {}) == review["content_sha256"]
        else:
            ok = ok and stored == informed_content(review)
        out.append({"meaning": s["meaning"], "signer_name": s["signer_name"], "signed_at": s["signed_at"],
                    "sha256": s["content_sha256"], "valid": ok})
    return out


def changed_sections(db: Database, review: dict | None, now_content: dict) -> list[str]:
    """The sections of the report that differ now from what the QA head signed ([] when none, or unsigned)."""
    if not review or not review["reviewed_signature_id"]:
        return []
    s = _signature(db, review["reviewed_signature_id"])
    then = (signatures.content_of(db, s) if s else {}).get("report") or {}
    return sorted(k for k in set(then) | set(now_content) if then.get(k) != now_content.get(k))


def problems(db: Database) -> list[tuple[int, str, str]]:
    """(review id, zh, en) for each signed review whose signatures no longer hold, or whose anchored chain head
    was rewritten (for verify)."""
    if "reviews" not in db.table_names():
        return []
    out = []
    for r in (dict(x) for x in db.conn.execute("SELECT * FROM reviews WHERE status != 'open' ORDER BY id")):
        sigs = manifestations(db, r)
        want = 2 if r["status"] == Status.INFORMED else 1
        if len(sigs) != want or not all(s["valid"] for s in sigs):
            out.append((r["id"], "定期审核记录与其签名不符（签名后被修改，或缺少签名）",
                        "the periodic review does not match its signatures (changed after signing, or unsigned)"))
            continue
        if r["chain_head_id"] and anchors.hash_at(db, r["chain_head_id"]) != r["chain_head_hash"]:
            out.append((r["id"], f"审核时的审计链头（第 {r['chain_head_id']} 条）已被改写或删除",
                        f"the audit chain head at review time (entry {r['chain_head_id']}) was rewritten or removed"))
    return out
