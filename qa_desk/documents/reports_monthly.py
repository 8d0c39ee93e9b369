"""The story of the monthly register review (forms/monthly_review.toml): from the content of
``review_data.monthly`` to reportlab flowables, section by section in the form's order."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from qa_desk.core.session import Session
from qa_desk.documents import pdf, report_charts
from qa_desk.documents import reports_common as C


def classes(session: Session) -> list[tuple[str, str, str]]:
    return [(code, f"{c.zh} {c.en}", getattr(c, "colour", "#546e7a")) for code, c in session.policy.classes.items()]


def summary(session: Session, data: dict, st: dict) -> list:
    s = data["scope"]
    sig = data["signals"]
    open_n = sum(1 for x in sig if x["status"] != "decided")
    lines = [
        f"月份 Month: {s['month']}（{s['from']} 至 {s['to']}）    截止 Cut-off: {s['cutoff'][:16].replace('T', ' ')}",
        f"本月投诉 Complaints received: {data['total']}（不含作废 voided not counted）    "
        f"I 类 Class I: {len(data['class_i'])}    召回 Recalls: {len(data['recalls'])}",
        f"预警信号 Signals: {len(sig)}（待决定 open: {open_n}）    逾期时限 Overdue deadlines: {data['overdue']['total']}"
        f"    逾期 CAPA Overdue CAPA: {data['overdue_capa']['total']}",
    ]
    return [pdf.para("\n".join(lines), st["base"])]


def counts(session: Session, data: dict, st: dict) -> list:
    w = (C.WIDTH - 4 * mm) / 2
    cells = [C.count_table(session, dim, rows, st, w) for dim, rows in data["counts"].items() if dim != "defect_type"]
    out: list = [C.grid(cells)]
    out += [Spacer(1, 1 * mm), C.count_table(session, "defect_type", data["counts"]["defect_type"], st, C.WIDTH)]
    if data["products"]:
        rows = [{"p": p, "n": str(n), "share": C.pct(n, data["total"])} for p, n in data["products"]]
        out += [Spacer(1, 2 * mm), pdf.data_table([("p", "产品", "Product", 4), ("n", "数量", "Count", 1),
                                                   ("share", "占比", "Share", 1)], rows, st, C.WIDTH)]
    return out


def pareto_items(session: Session, rows: list[list]) -> list[tuple[str, int]]:
    return [(C.label(session, "root_cause_category", k).replace(" ", "\n", 1), n) for k, n in rows]


def kpi_tables(session: Session, data: dict, st: dict) -> list:
    names = {"acknowledge": ("确认收悉", "Acknowledge"), "first_reply": ("首次答复", "First reply"),
             "close": ("结案", "Close")}
    rows = []
    for event, k in data["kpis"].items():
        zh, en = names.get(event, (event, event))
        rows.append({"event": f"{zh} {en}", "n": str(k["n"]), "cm": _f(k["cal_median"]), "c90": _f(k["cal_p90"]),
                     "wm": _f(k["work_median"]), "w90": _f(k["work_p90"])})
    out = [pdf.data_table([("event", "时间", "Time to", 2.2), ("n", "例数", "n", 0.8),
                           ("cm", "中位数（日历日）", "Median (calendar days)", 1.4), ("c90", "P90（日历日）", "P90 (calendar)", 1.3),
                           ("wm", "中位数（工作日）", "Median (working days)", 1.4), ("w90", "P90（工作日）", "P90 (working)", 1.3)],
                          rows, st, C.WIDTH), Spacer(1, 2 * mm)]
    ot = [{"kind": C.deadline_label(session, kind), "ok": str(ok), "late": str(late), "missed": str(missed),
           "rate": "—" if rate is None else f"{100 * rate:.1f}%"} for kind, ok, late, missed, rate in data["on_time"]]
    out.append(pdf.data_table([("kind", "时限", "Deadline", 2.4), ("ok", "按时", "On time", 1), ("late", "延迟完成", "Met late", 1),
                               ("missed", "逾期未完成", "Missed", 1.2), ("rate", "按时率", "On-time rate", 1.1)], ot, st, C.WIDTH))
    n, of = data["reopen"]
    sat = "，".join(f"{C.label(session, 'satisfaction', k, both=False)} {v}" for k, v in data.get("satisfaction", []))
    out.append(C.note(f"重开率 Reopen rate: {n} / {of} = {C.pct(n, of)}" + (f"    满意度 Satisfaction: {sat}" if sat else ""), st))
    return out


def _f(v) -> str:
    return "—" if v is None else f"{v:.1f}"


def batch_table(data: dict, st: dict) -> object:
    rows = [{"p": p, "b": b, "n": str(n), "q": "—" if q is None else f"{q:,.0f} {u or ''}",
             "r": "—" if r is None else f"{r:.2f}"} for p, b, n, q, u, r in data["batches"]]
    return pdf.data_table([("p", "产品", "Product", 3), ("b", "批号", "Batch", 1.6), ("n", "投诉", "Complaints", 1),
                           ("q", "放行数量", "Released", 1.8), ("r", "每万单位投诉", "Per 10,000 units", 1.4)], rows, st, C.WIDTH)


def overdue(session: Session, data: dict, st: dict) -> list:
    od, oc = data["overdue"], data["overdue_capa"]
    by_kind = "；".join(f"{C.deadline_label(session, k)} {n}" for k, n in od["by_kind"]) or "无 none"
    rows = [{"number": num, "kind": C.deadline_label(session, kind), "due": (due or "")[:16].replace("T", " "),
             "status": C.label(session, "status", status)} for num, kind, due, status in od["oldest"]]
    out = [C.note(f"逾期时限共 {od['total']} 项 Overdue deadlines: {od['total']} — {by_kind}"
                  + (f"（列出最早的 {len(rows)} 项 the oldest {len(rows)} listed）" if od["total"] > len(rows) else ""), st),
           pdf.data_table([("number", "投诉编号", "Complaint no.", 1.6), ("kind", "时限", "Deadline", 2.4),
                           ("due", "到期", "Due", 1.6), ("status", "状态", "Status", 1.6)], rows, st, C.WIDTH),
           Spacer(1, 2 * mm)]
    crow = [{"ref": ref or "", "number": num, "dept": dept or "", "due": due or "",
             "status": C.label(session, "capa_status", status)} for ref, num, dept, due, status in oc["oldest"]]
    out += [C.note(f"逾期 CAPA 共 {oc['total']} 项 Overdue CAPA actions: {oc['total']}", st),
            pdf.data_table([("ref", "CAPA 编号", "CAPA ref.", 1.4), ("number", "投诉编号", "Complaint no.", 1.6),
                            ("dept", "责任部门", "Department", 1.6), ("due", "到期日", "Due", 1.2),
                            ("status", "状态", "Status", 1.2)], crow, st, C.WIDTH)]
    return out


def story(session: Session, f: dict, data: dict, review: dict | None, changed: list[str], digest: str) -> list:
    st = pdf.styles()
    s: list = [pdf.para(f"{f['zh']}\n{f['en']}", st["title"]), Spacer(1, 2 * mm),
               pdf.para(f"{f['text_zh']}\n{f['text_en']}", st["small"]), Spacer(1, 2 * mm)]
    cls = classes(session)
    body = {
        "summary": lambda: summary(session, data, st),
        "trend": lambda: [report_charts.stacked_by_class(data["trend"]["months"], data["trend"]["by_class"], cls,
                                                         C.WIDTH)],
        "counts": lambda: counts(session, data, st),
        "pareto": lambda: [report_charts.pareto(pareto_items(session, data["counts"]["root_cause_category"]), C.WIDTH)],
        "kpis": lambda: kpi_tables(session, data, st),
        "batches": lambda: [batch_table(data, st)],
        "overdue": lambda: overdue(session, data, st),
    }
    body.update(C.shared_sections(session, data, review, changed, digest, st))
    for key, _, _ in f["sections"]:
        s.append(C.section(st, f, key))
        s += body[key]()
    return s
