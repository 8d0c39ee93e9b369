"""The story of the complaints section of the annual product quality review (forms/product_review.toml): from the
content of ``review_data.product_year`` to reportlab flowables, with the year before beside each figure."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from qa_desk.core.session import Session
from qa_desk.documents import pdf, report_charts
from qa_desk.documents import reports_common as C
from qa_desk.documents import reports_monthly as M


def change(now: int, before: int) -> str:
    if not before:
        return "—" if not now else "新增 new"
    return f"{100 * (now - before) / before:+.0f}%"


def summary(session: Session, data: dict, st: dict) -> list:
    s = data["scope"]
    year = s["year"]
    released = data["released"]
    units = "；".join(f"{y}: " + ("，".join(f"{q:,.0f} {u}" for u, q in v.items()) or "—") for y, v in sorted(released.items()))
    lines = [f"产品 Product: {s['product']}    年度 Year: {year}（{s['from']} 至 {s['to']}）    截止 Cut-off: "
             f"{s['cutoff'][:16].replace('T', ' ')}",
             f"本年投诉 Complaints {year}: {data['total']}    上年 {year - 1}: {data['total_before']}    变化 change: "
             f"{change(data['total'], data['total_before'])}",
             f"放行数量（批次登记） Units released (batch register): {units}",
             f"涉及批次 Batches concerned: {len(data['batches'])}    I 类 Class I: {len(data['class_i'])}    召回 Recalls: "
             f"{len(data['recalls'])}    预警信号 Signals: {len(data['signals'])}    CAPA: {data['capa']['total']}"
             f"（逾期 overdue {data['overdue_capa']['total']}）"]
    return [pdf.para("\n".join(lines), st["base"])]


def counts(session: Session, data: dict, st: dict) -> list:
    w = (C.WIDTH - 4 * mm) / 2
    before = data["counts_before"]
    cells = [C.count_table(session, dim, rows, st, w, before[dim]) for dim, rows in data["counts"].items()
             if dim not in ("defect_type", "channel", "category")]
    out: list = [C.grid(cells)]
    for dim in ("defect_type", "category", "channel"):
        out += [Spacer(1, 1 * mm), C.count_table(session, dim, data["counts"][dim], st, C.WIDTH, before[dim])]
    return out


def by_month(data: dict, year: int) -> object:
    months = [m[5:] for m in data["by_month"]["months"]]
    now = [data["by_month"]["now"].get(m, 0) for m in months]
    before = [data["by_month"]["before"].get(m, 0) for m in months]
    return report_charts.this_and_last(months, now, before, (f"{year}", f"{year - 1}"), C.WIDTH)


def batch_table(data: dict, st: dict) -> object:
    rows = [{"b": b, "n": str(n), "q": "—" if q is None else f"{q:,.0f} {u or ''}", "r": "—" if r is None else f"{r:.2f}"}
            for _, b, n, q, u, r in data["batches"]]
    note = "投诉率：每万单位放行数量的投诉数（批次登记中没有数量的批次只列数量）。"
    return [C.note(note + "\nRate: complaints per 10,000 units released (batches the register has no quantity for "
                          "show the count only).", st),
            *C.tables([("b", "批号", "Batch", 2), ("n", "投诉", "Complaints", 1), ("q", "放行数量", "Released", 2),
                       ("r", "每万单位投诉", "Per 10,000 units", 1.5)], rows, st, C.WIDTH)]


def capa(session: Session, data: dict, st: dict) -> list:
    c = data["capa"]
    by = "；".join(f"{C.label(session, 'capa_status', k)} {n}" for k, n in c["by_status"]) or "无 none"
    rows = [{"ref": ref or "", "number": num, "dept": dept or "", "due": due or "",
             "status": C.label(session, "capa_status", status), "done": done or "", "verified": ver or ""}
            for ref, num, dept, due, status, done, ver in c["actions"]]
    more = f"（列出 {len(rows)} 项 {len(rows)} listed）" if c["total"] > len(rows) else ""
    return [C.note(f"CAPA 共 {c['total']} 项 CAPA actions: {c['total']} — {by}{more}；逾期 overdue: "
                   f"{data['overdue_capa']['total']}", st),
            pdf.data_table([("ref", "CAPA 编号", "CAPA ref.", 1.9), ("number", "投诉编号", "Complaint no.", 1.6),
                            ("dept", "责任部门", "Department", 1.2), ("due", "到期日", "Due", 1.1),
                            ("status", "状态", "Status", 1.3), ("done", "完成", "Done", 1.1),
                            ("verified", "验证", "Verified", 1.1)], rows, st, C.WIDTH)]


def story(session: Session, f: dict, data: dict, review: dict | None, changed: list[str], digest: str) -> list:
    st = pdf.styles()
    year = data["scope"]["year"]
    s: list = [pdf.para(f"{f['zh']}\n{f['en']}", st["title"]), Spacer(1, 2 * mm),
               pdf.para(f"{f['text_zh']}\n{f['text_en']}", st["small"]), Spacer(1, 2 * mm)]
    body = {
        "summary": lambda: summary(session, data, st),
        "by_month": lambda: [by_month(data, year)],
        "counts": lambda: counts(session, data, st),
        "pareto": lambda: [report_charts.pareto(M.pareto_items(session, data["counts"]["root_cause_category"]),
                                                C.WIDTH)],
        "kpis": lambda: M.kpi_tables(session, {**data, "on_time": []}, st)[:1] + [
            C.note(f"重开率 Reopen rate: {data['reopen'][0]} / {data['reopen'][1]} = "
                   f"{C.pct(data['reopen'][0], data['reopen'][1])}", st)],
        "batches": lambda: batch_table(data, st),
        "capa": lambda: capa(session, data, st),
    }
    body.update(C.shared_sections(session, data, review, changed, digest, st))
    for key, _, _ in f["sections"]:
        s.append(C.section(st, f, key))
        s += body[key]()
    return s
