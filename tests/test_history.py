"""The history tab's plain words: field and table names as labels, people by name, yes/no, vocabulary labels."""

from __future__ import annotations

import re

from qa_desk.core import history
from qa_desk.core import investigation as inv
from tests import flows
from tests.conftest import PASSWORDS

IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b")  # a column name such as ack_method or checklist_items
CODE_VALUE = re.compile(r"「[a-z_]+」")  # a stored code shown as it is, such as 「active」


def test_history_names_fields_people_and_values_in_words(people):
    c = flows.investigated(people)
    s = people["inspector"]
    lines = history.for_complaint(s.db, s.policy, c["id"])
    zh = [line.text("zh_CN") for line in lines]
    en = [line.text("en") for line in lines]
    assert len(lines) > 10
    assert [t for t in zh + en if IDENTIFIER.search(t)] == []
    assert [t for t in zh if CODE_VALUE.search(t)] == []
    assert any("确认人 由「—」改为「张伟」" in t for t in zh)  # a user id shown as the person
    assert any("acknowledged by from '—' to '张伟'" in t for t in en)
    assert any("需要调查 由「—」改为「是」" in t for t in zh)
    assert any("确认方式 由「—」改为「电话」" in t for t in zh)  # vocabulary label, not the code
    assert any(re.search(r"确认时间 由「—」改为「\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}」", t) for t in zh)
    assert any("新建（检查项）" in t for t in zh) and any("created (checklist item)" in t for t in en)


def test_batch_hold_and_capa_codes_read_as_words(people):
    s = people["inspector"]
    c = flows.triaged(people)
    inv.start(s, c["id"])
    inv.set_market_action(s, c["id"], action="batch_hold")
    hold = inv.active_holds(s)[0]
    inv.lift_hold(people["qahead"], hold["id"], password=PASSWORDS["qahead"], username="qahead", reason="无质量问题")
    inv.add_capa(s, c["id"], description="更换温控模块", owner_dept="设备部", owner="设备部经理",
                 due_date=s.now().date(), kind="preventive")
    capa = inv.capa_for(s, c["id"])[0]
    inv.set_capa_status(s, capa["id"], status="done")
    zh = [line.text("zh_CN") for line in history.for_complaint(s.db, s.policy, c["id"])]
    assert any("状态 由「暂停销售中」改为「已解除」" in t for t in zh), zh[-6:]
    assert [t for t in zh if CODE_VALUE.search(t) or IDENTIFIER.search(t)] == []


def test_every_audited_complaint_column_has_a_label(base):
    """A column added to the complaint later must be named for the history too, or this fails."""
    db = base.db
    unnamed = []
    for table in ("complaints", "checklist_items", "capa_actions", "batch_holds", "replies", "extensions",
                  "medical_details", "sample_custody", "attachments", "complaint_links"):
        for col in (r[1] for r in db.conn.execute(f"PRAGMA table_info({table})")):
            if col in ("id", "complaint_id", "number", "year", "seq", "created_at", "updated_at"):
                continue
            zh, en = history.field_label(col)
            if zh == col:
                unnamed.append(f"{table}.{col}")
    assert unnamed == []
