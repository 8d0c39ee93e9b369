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
    assert any(re.search(r"确认时间 由「—」改为「\d{4}-\d{2}-\d{2} \d{2}:\d{2}」", t) for t in zh)
    assert any("新建检查项「包装完好、封口严密」" in t for t in zh)
    assert any("added a checklist item 'Packaging intact and seal tight'" in t for t in en)
    assert any("判定检查项「包装完好、封口严密」：检查结果 由「—」改为「符合」" in t for t in zh)  # the item, named


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
    assert any(f"新建 CAPA 措施「{capa['ref']}」" in t for t in zh), zh  # the new row named, not "新建（CAPA 措施）"


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


def test_one_checklist_save_is_one_entry_naming_items_and_person(people, clock):
    """The inspector confirms a whole section at once: one entry "张伟 判定了 N 个检查项", its items as details."""
    s = people["inspector"]
    c = flows.triaged(people)
    clock.sleep(60)
    inv.start(s, c["id"])
    clock.sleep(60)
    decisions = inv.section_all_ok(s, c["id"], "sample")
    inv.decide_items(s, c["id"], decisions)
    clock.sleep(60)
    inv.decide_item(s, c["id"], "bpr_charging", result="finding", note="投料记录缺签名")
    saves = history.saves_for_complaint(s.db, s.policy, c["id"])
    n = len(decisions)
    assert n == 5
    checklist_saves = [sv for sv in saves if "检查项" in sv.text("zh_CN") and sv.details
                       and all(d.zh.startswith("判定检查项") for d in sv.details)]
    assert len(checklist_saves) == 1
    save = checklist_saves[0]
    assert save.who == "张伟"  # the display name, not the login name "inspector"
    assert save.text("zh_CN") == f"判定了 {n} 个检查项" and save.text("en") == f"decided {n} checklist items"
    assert len(save.details) == n
    assert any("「已向投诉人索要样品」" in d.zh for d in save.details)
    assert any("'Sample requested from complainant'" in d.en for d in save.details)
    assert all("检查结果 由「—」改为「符合」" in d.zh for d in save.details)
    start = next(sv for sv in saves if sv.text("zh_CN").startswith("开始调查"))
    assert "新建了" in start.text("zh_CN") and "checklist items" in start.text("en")
    single = saves[-1]  # a save of one change is its own summary, without details
    assert single.details == () and "「投料正确」" in single.text("zh_CN") and "有发现" in single.text("zh_CN")
    assert all(sv.who != "inspector" for sv in saves)
    flat = history.for_complaint(s.db, s.policy, c["id"])
    assert len(flat) == sum(len(sv.details) or 1 for sv in saves)  # nothing lost in grouping


def test_saves_at_other_times_or_by_other_people_stay_apart(people, clock):
    s = people["inspector"]
    c = flows.triaged(people)
    inv.start(s, c["id"])
    clock.sleep(1)
    inv.decide_item(s, c["id"], "sample_requested", result="ok")
    clock.sleep(1)
    inv.decide_item(s, c["id"], "sample_received", result="ok")
    saves = history.saves_for_complaint(s.db, s.policy, c["id"])
    assert [sv.details for sv in saves[-2:]] == [(), ()]
    assert "「已向投诉人索要样品」" in saves[-2].text("zh_CN") and "「样品已收到" in saves[-1].text("zh_CN")


def test_two_saves_in_the_same_second_stay_two_entries(people, clock):
    """The seal's span tells transactions apart where author and time cannot: two quick saves by one person."""
    s = people["inspector"]
    c = flows.triaged(people)
    inv.start(s, c["id"])
    clock.sleep(60)
    inv.decide_item(s, c["id"], "sample_requested", result="ok")
    inv.decide_item(s, c["id"], "sample_received", result="ok")  # the clock has not moved
    saves = history.saves_for_complaint(s.db, s.policy, c["id"])
    last_two = saves[-2:]
    assert last_two[0].at == last_two[1].at
    assert [sv.details for sv in last_two] == [(), ()]
    assert "「已向投诉人索要样品」" in last_two[0].text("zh_CN") and "「样品已收到" in last_two[1].text("zh_CN")
