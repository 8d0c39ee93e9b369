"""What both periodic reports share: the page decoration, labels in zh and en, the tables of counts, signals,
Class I complaints and recalls, the signature block with both manifestations (or "not yet signed"), the anchors,
and the audited publication of the file.

No SQL here: the figures come from ``qa_desk.core.review_data`` and the review record from
``qa_desk.core.reviews``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from qa_desk.core import anchors, keys, reviews
from qa_desk.core.clock import iso
from qa_desk.core.session import Session
from qa_desk.core.signal_rules import load_policy as signal_policy
from qa_desk.documents import pdf
from qa_desk.store.files import publish

WIDTH = 210 * mm - 30 * mm
VOCAB = {"class": "class", "nature": "nature", "category": "category", "channel": "channel",
         "defect_type": "defect_type", "root_cause_category": "fishbone", "status": "status",
         "market_action": "market_action", "recall_level": "recall_level", "capa_status": "capa_status",
         "satisfaction": "satisfaction"}
DIM_TITLES = {"class": ("分类", "Class"), "nature": ("性质", "Nature"), "category": ("类别", "Category"),
              "channel": ("渠道", "Channel"), "defect_type": ("缺陷类型", "Defect type"),
              "root_cause_category": ("根本原因类别", "Root-cause category"),
              "department": ("CAPA 责任部门", "CAPA department")}
NONE_ZH, NONE_EN = "（未填）", "(not given)"


def page(session: Session, f: dict, subtitle: str) -> pdf.Page:
    return pdf.Page(company=pdf.company(session), title=f"{f['zh']} {f['en']}  {subtitle}", code=f["code"],
                    version=f["version"], number="", printed_by=session.actor.display_name,
                    printed_at=iso(session.now()), qr=None, logo=pdf.logo(session.db))


def label(session: Session, table: str, code, *, both: bool = True) -> str:
    """A code in words, zh then en (an empty one as "not given")."""
    if code in (None, ""):
        return f"{NONE_ZH} {NONE_EN}" if both else NONE_ZH
    name = VOCAB.get(table)
    if name is None:
        return str(code)
    zh, en = session.policy.label(name, str(code), "zh"), session.policy.label(name, str(code), "en")
    return zh if not both or zh == en else f"{zh} {en}"


def deadline_label(session: Session, kind: str) -> str:
    """Both languages of ``Policy.deadline_label``; a regulatory reporting clock says it is one."""
    zh, en = session.policy.deadline_label(kind, "zh"), session.policy.deadline_label(kind, "en")
    if zh == kind:
        return kind
    return f"报告 {zh} Report: {en}" if kind.startswith("report:") else f"{zh} {en}"


def shared_sections(session: Session, data: dict, review: dict | None, changed: list[str], digest: str,
                    st: dict) -> dict:
    """The sections both reviews print alike (signals, Class I, recalls, the signatures), as story builders."""
    return {
        "signals": lambda: tables(SIGNAL_COLUMNS, signal_rows(session, data["signals"]), st, WIDTH),
        "class_i": lambda: tables(COMPLAINT_COLUMNS, complaint_rows(session, data["class_i"]), st, WIDTH),
        "recalls": lambda: tables(COMPLAINT_COLUMNS, complaint_rows(session, data["recalls"]), st, WIDTH),
        "signatures": lambda: [*signature_block(session, review, changed, digest, st), anchor_note(session, review, st)],
    }


def section(st: dict, f: dict, key: str) -> object:
    for k, zh, en in f["sections"]:
        if k == key:
            return pdf.para(f"{zh} {en}", st["section"])
    return pdf.para(key, st["section"])


def note(text: str, st: dict) -> object:
    return pdf.para(text, st["small"])


def grid(cells: list, columns: int = 2, gap: float = 4 * mm) -> Table:
    """Flowables side by side, ``columns`` to a row (small tables of counts)."""
    rows = [cells[i:i + columns] + [""] * (columns - len(cells[i:i + columns])) for i in range(0, len(cells), columns)]
    w = (WIDTH - gap * (columns - 1)) / columns
    t = Table(rows, colWidths=[w + (gap if i < columns - 1 else 0) for i in range(columns)])
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), pdf.FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), gap), ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm)]))
    return t


CHUNK = 25  # rows per table of a long list


def tables(columns: list, rows: list[dict], st: dict, width: float) -> list:
    """A long list as consecutive tables of ``CHUNK`` rows, each with its header. One table of 600 rows is wrapped
    again at every page it splits over (reportlab re-measures the rest): 600 signals took 4 s to lay out; in
    chunks each row is measured about once."""
    if len(rows) <= CHUNK:
        return [pdf.data_table(columns, rows, st, width)]
    return [pdf.data_table(columns, rows[i:i + CHUNK], st, width) for i in range(0, len(rows), CHUNK)]


def pct(n: int, total: int) -> str:
    return f"{100 * n / total:.1f}%" if total else "—"


def count_table(session: Session, dim: str, rows: list[list], st: dict, width: float,
                before: list[list] | None = None) -> Table:
    """One dimension: key, complaints, share (and the year before, when given)."""
    zh, en = DIM_TITLES[dim]
    total = sum(n for _, n in rows)
    cols = [("key", zh, en, 3.0), ("n", "数量", "Count", 1.0), ("share", "占比", "Share", 1.1)]
    prev = {k: n for k, n in before or []}
    if before is not None:
        cols.append(("before", "上年", "Year before", 1.2))
    keys_ = [k for k, _ in rows] + [k for k in prev if k not in {k for k, _ in rows}]
    now = dict((k, n) for k, n in rows)
    data = [{"key": label(session, dim, k), "n": str(now.get(k, 0)), "share": pct(now.get(k, 0), total),
             "before": str(prev.get(k, 0))} for k in keys_]
    return pdf.data_table(cols, data, st, width)


def signal_rows(session: Session, signals: list[dict]) -> list[dict]:
    """The signals as table rows. The explanation (data, like a record's text) in the session's language only: both
    doubled the longest text of a month's report (600 signals), and what it says (which complaints, which limit)
    is the same in either."""
    pol = signal_policy()
    zh = session.lang.startswith("zh")
    out = []
    for s in signals:
        what = " ".join(x for x in (s["product_name"], s["batch_no"], s["month"]) if x)
        if s["status"] == "decided":
            decision = (f"{pol.label('decision_kind', s['decision'], 'zh')} {pol.label('decision_kind', s['decision'], 'en')}"
                        f"\n{s['decision_reason'] or ''}" + (f"\nCAPA #{s['capa_id']}" if s["capa_id"] else "")
                        + (f"\n{s['capa_proposal']}" if s["capa_proposal"] else "")
                        + f"\n{s['signer_name'] or ''} {_time(s['signed_at'] or s['decided_at'])}")
        else:
            decision = "待决定 open"
        out.append({"id": f"SIG-{s['id']}", "kind": f"{pol.label('kind', s['kind'], 'zh')}\n{pol.label('kind', s['kind'], 'en')}",
                    "what": what, "why": s["zh"] if zh else s["en"], "decision": decision})
    return out


SIGNAL_COLUMNS = [("id", "编号", "No.", 1.0), ("kind", "类型", "Kind", 1.4), ("what", "产品/批号/月份", "Product / batch / month", 1.8),
                  ("why", "说明", "Explanation", 4.6), ("decision", "决定、理由、签名", "Decision, reason, signed", 3.0)]
COMPLAINT_COLUMNS = [("number", "投诉编号", "Complaint no.", 1.6), ("received", "接收日期", "Received", 1.2),
                     ("product", "产品", "Product", 1.8), ("batch", "批号", "Batch", 1.2), ("class", "分类", "Class", 0.9),
                     ("status", "状态", "Status", 1.4), ("action", "市场措施", "Market action", 1.6)]


def complaint_rows(session: Session, rows: list[list]) -> list[dict]:
    return [{"number": r[0], "received": r[1], "product": r[2], "batch": r[3], "class": label(session, "class", r[4]),
             "status": label(session, "status", r[5]),
             "action": label(session, "market_action", r[6]) + (f"\n{label(session, 'recall_level', r[7])}" if r[7] else "")}
            for r in rows]


def _time(at: str | None) -> str:
    return (at or "")[:16].replace("T", " ")


def signature_block(session: Session, review: dict | None, changed: list[str], digest: str, st: dict) -> list:
    """Both manifestations once signed (name, time, meaning), "not yet signed" for each that is missing, and
    whether the figures printed are still the ones reviewed."""
    sigs = {s["meaning"]: s for s in reviews.manifestations(session.db, review)}
    rows = [[pdf.para("签名含义 Meaning", st["label"]), pdf.para("签名人 Signed by", st["label"]),
             pdf.para("签名时间 Signed at", st["label"]), pdf.para("状态 State", st["label"])]]
    for meaning, who in ((reviews.Meaning.REVIEWED, "质量部长 QA head"),
                         (reviews.Meaning.INFORMED, "质量受权人 Authorised person (quality VP)")):
        zh, en = reviews.MEANING_LABELS[meaning]
        s = sigs.get(str(meaning))
        if s is None:
            rows.append([pdf.para(f"{zh} {en}\n{who}", st["base"]), pdf.para("尚未签名 not yet signed", st["base"]),
                         pdf.para("—", st["base"]), pdf.para("—", st["base"])])
        else:
            state = "有效 valid" if s["valid"] else "无效 INVALID"
            rows.append([pdf.para(f"{zh} {en}\n{who}", st["base"]), pdf.para(s["signer_name"], st["base"]),
                         pdf.para(s["signed_at"], st["base"]), pdf.para(state, st["base"])])
    t = Table(rows, colWidths=[WIDTH * 0.34, WIDTH * 0.22, WIDTH * 0.28, WIDTH * 0.16])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#90a4ae")), ("FONTNAME", (0, 0), (-1, -1), pdf.FONT),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eceff1")),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out: list = [t, Spacer(1, 2 * mm)]
    if review and review["content_sha256"]:
        if review["content_sha256"] == digest:
            out.append(note(f"本报告所示内容即审核时签名的内容（SHA-256 {digest}）。"
                            f"\nThe content printed is the content reviewed and signed (SHA-256 {digest}).", st))
        else:
            parts = "、".join(changed) or "—"
            out.append(note(f"注意：审核签名后数据已有变化（{parts}）；签名所涵盖的是审核时的内容（SHA-256 "
                            f"{review['content_sha256']}），本报告显示的是当前内容（SHA-256 {digest}）。"
                            f"\nNote: the figures changed after the review was signed ({', '.join(changed) or '—'}); "
                            f"the signatures cover the content as reviewed (SHA-256 {review['content_sha256']}); this "
                            f"printout shows the current content (SHA-256 {digest}).", st))
    else:
        out.append(note(f"本审核尚未签名。本报告内容 SHA-256 {digest}。"
                        f"\nThis review is not yet signed. Content SHA-256 {digest}.", st))
    return out


def anchor_note(session: Session, review: dict | None, st: dict) -> object:
    """The file's anchors on the paper (DOMAIN §12): root key, chain head now, and the one the review noted."""
    head = anchors.chain_head(session.db)
    root = keys.root_fingerprint(session.db) or "-"
    noted = (f"；审核时审计链头 {review['chain_head_id']}:{review['chain_head_hash']}"
             if review and review["chain_head_id"] else "")
    noted_en = (f"; chain head at the review {review['chain_head_id']}:{review['chain_head_hash']}"
                if review and review["chain_head_id"] else "")
    return note(f"根密钥 {root}；打印时审计链头 {head}{noted}（可用 qa-desk verify --head 核对）。"
                f"\nRoot key {root}; audit chain head at printing {head}{noted_en} (check with qa-desk verify --head).",
                st)


def publish_report(session: Session, out: Path, build: Callable[[Path], object], review: dict | None, f: dict,
                   digest: str, extra: dict) -> None:
    """Build as ``out.part``, commit the print entry, then rename (as every printed record)."""
    def record(_):
        with session.write() as tx:
            tx.log("print", tbl="reviews" if review else None, record_id=review["id"] if review else None,
                   new={"form": f["code"], "version": f["version"], "sha256": digest, "file": Path(out).name,
                        **extra})

    publish(Path(out), build, record)
