"""The register PDF (issue 15, item 2): readable size, many rows a page, header on every page, numbers and
dates whole, Chinese line breaking, the font chain, masking and the audited print."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from qa_desk.documents import forms, pdf, register, register_pdf
from tests import flows

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
NUMBER = re.compile(r"TS-\d{4}-\d{4,}")
KEYS = [c.key for c in register_pdf.COLUMNS]
HEADERS = {k: (zh, en) for k, zh, en, _, _ in register.COLUMNS}
SUMMARIES = ["外箱破损，内包装受潮，部分胶囊粘连。要求退货并赔偿。",
             "The outer case of 阿莫西林胶囊 arrived crushed and damp. 要求更换同批次产品。",
             "储存温度不超过20℃，但到货时冷链记录显示超温；义齿𬌗垫包装破损。希望给出书面解释。",
             "瓶盖密封不严，运输后有渗漏（约 5 ml），批号 3031112 的同批产品也有类似情况，请调查并告知结果，"
             "并说明是否需要暂停销售。" * 3]


def rows(n: int, seed: int = 7) -> list[dict]:
    """Register rows as core.register_rows gives them (masked), with typical lengths and a few long ones."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, 8, 0)
    out = []
    for i in range(n):
        closed = i % 3 == 0
        out.append({"number": f"TS-2025-{i + 1:05d}", "received": start + timedelta(hours=3 * i),
                    "channel": rng.choice(["电话", "微信", "电子邮件", "来访/面对面", "信函"]),
                    "complainant": rng.choice(["市第一人民医院药剂科 / ***", "***", "益丰大药房连锁有限公司 / ***"]),
                    "product": rng.choice(["阿莫西林胶囊", "Metformin Hydrochloride Tablets", "注射用头孢曲松钠"]),
                    "batch": str(rng.randint(230000, 3999999)), "summary": rng.choice(SUMMARIES),
                    "class": rng.choice(["I", "II", "III", "IV", "V"]), "status": rng.choice(["已分类", "调查中", "已结案"]),
                    "conclusion": "确认" if closed else None, "market_action": "无" if closed else None,
                    "reply_date": date(2026, 1, 1) if closed else None, "closed": date(2026, 1, 2) if closed else None,
                    "days_open": rng.choice([3, 45, 664, 1200])})
    return out


def page(title: str = "用户投诉登记台帐 Complaint Register") -> pdf.Page:
    return pdf.Page(company="测试公司", title=title, code="QA-F-006", version="A/0", number="", printed_by="质检员",
                    printed_at="2026-09-28T09:00:00+08:00", qr=None)


def pages_text(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def fonts_of(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


@needs_poppler
def test_two_thousand_rows_fill_the_pages_with_the_header_on_each(tmp_path):
    data = rows(2000)
    out = register_pdf.render(tmp_path / "reg.pdf", data, [HEADERS[k] for k in KEYS], page(),
                              title="用户投诉登记台帐 Complaint Register", subtitle="全部投诉，共 2000 条")
    texts = pages_text(out)
    per_page = [len(NUMBER.findall(t)) for t in texts]
    assert sum(per_page) == 2000  # every row once: none lost, none twice
    assert sum(per_page) / len(texts) >= 15, per_page
    assert min(per_page[1:-1]) >= 12  # no page of only a few rows (a row never outgrows its lines)
    for t in texts:
        assert "投诉编号" in t and "Complaint no." in t and "投诉内容摘要" in t and "Days" in t  # the header, each page
    lines = [ln.strip() for t in texts for ln in t.splitlines() if ln.strip()]
    assert not [ln for ln in lines if ln[0] in "。，、；：？！）"]
    body = "\n".join(texts)
    # numbers and dates never wrap: each whole on its line
    assert body.count("2026-01-02") == sum(1 for r in data if r["closed"])
    assert len(re.findall(r"2025-\d\d-\d\d \d\d:\d\d", body)) == 2000
    assert sum(1 for r in data if r["days_open"] == 664) == len(re.findall(r"(?<![\d/])664(?![\d/])", body))
    # long summaries are cut with "…", and the fallback glyphs are in their fonts, all embedded
    assert "…" in body and "℃" in body and "𬌗" in body
    found = fonts_of(out)
    assert {f[0].split("+")[-1] for f in found} >= {"WenQuanYiMicroHei-0"}
    assert all(f[-5] == "yes" for f in found), found  # emb
    assert not any("Helvetica" in f[0] for f in found)


def test_widths_come_from_the_content():
    grid, laid = register_pdf.layout(rows(50), [HEADERS[k] for k in KEYS])
    w = dict(zip(KEYS, grid.widths, strict=True))
    assert sum(grid.widths) == pytest.approx(register_pdf.PAGE_WIDTH)
    assert w["summary"] > 2 * w["complainant"] > 0 and w["days_open"] < 30 and w["class"] < 30
    for row in laid:  # codes, numbers and dates on one line each
        for col, cell in zip(register_pdf.COLUMNS, row.lines, strict=True):
            if col.kind is register_pdf.Kind.FIXED:
                assert len(cell) <= 1
            assert len(cell) <= col.max_lines
    assert register_pdf.SIZE >= 7


def test_a_masked_code_and_a_number_stay_whole_on_a_line():
    units = register_pdf.units_of("市第一人民医院药剂科 / *** 3031112")
    for width in range(30, 160, 7):
        for line in register_pdf.lines_of(units, width, 9):
            text = "".join(u.shown for u in line)
            assert "*" not in text or "***" in text, text
            assert not re.search(r"\d", text) or "3031112" in text, text


@needs_poppler
def test_a_character_no_font_has_prints_as_its_placeholder_and_is_noted(tmp_path):
    data = rows(3)
    data[1]["summary"] = "私用区字符 \ue000 没有字形。"
    out = register_pdf.render(tmp_path / "reg.pdf", data, [HEADERS[k] for k in KEYS], page(), title="台帐")
    text = pages_text(out)[0]
    assert "〔U+E000〕" in text and "缺字：" in text


@needs_poppler
def test_print_register_masks_and_is_audited(people, tmp_path):
    c = flows.registered(people, complainant_name="陈医生", description="温度不超过25 ℃，义齿𬌗垫。")
    s = people["inspector"]
    out = forms.print_register(s, tmp_path / "register.pdf")
    text = "\n".join(pages_text(out))
    assert c["number"] in text and "陈医生" not in text and "***" in text and "个人信息已遮蔽" in text and "共 1 条" in text
    assert "℃" in text and "𬌗" in text
    entry = s.db.conn.execute("SELECT new FROM audit_log WHERE action = 'print' ORDER BY id DESC LIMIT 1").fetchone()
    assert json.loads(entry[0]) == {"form": "QA-F-006", "rows": 1, "unmasked": False}
    empty = forms.print_register(s, tmp_path / "none.pdf", register.RegisterFilter(ids=[]))
    assert "（无）" in "\n".join(pages_text(empty))
