"""The history tab's plain words: field and table names as labels, people by name, yes/no, vocabulary labels."""

from __future__ import annotations

import re

from qa_desk.core import history
from tests import flows

IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b")  # a column name such as ack_method or checklist_items


def test_history_names_fields_people_and_values_in_words(people):
    c = flows.investigated(people)
    s = people["inspector"]
    lines = history.for_complaint(s.db, s.policy, c["id"])
    zh = [line.text("zh_CN") for line in lines]
    en = [line.text("en") for line in lines]
    assert len(lines) > 10
    assert [t for t in zh + en if IDENTIFIER.search(t)] == []
    assert any("确认人 由「—」改为「张伟」" in t for t in zh)  # a user id shown as the person
    assert any("acknowledged by from '—' to '张伟'" in t for t in en)
    assert any("需要调查 由「—」改为「是」" in t for t in zh)
    assert any("确认方式 由「—」改为「电话」" in t for t in zh)  # vocabulary label, not the code
    assert any(re.search(r"确认时间 由「—」改为「\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}」", t) for t in zh)
    assert any("新建（检查项）" in t for t in zh) and any("created (checklist item)" in t for t in en)


def test_every_audited_complaint_column_has_a_label(base):
    """A column added to the complaint later must be named for the history too, or this fails."""
    db = base.db
    unnamed = []
    for table in ("complaints", "checklist_items", "capa_actions", "batch_holds", "replies", "extensions",
                  "medical_details", "sample_custody"):
        for col in (r[1] for r in db.conn.execute(f"PRAGMA table_info({table})")):
            if col in ("id", "complaint_id", "number", "year", "seq", "created_at", "updated_at"):
                continue
            zh, en = history.field_label(col)
            if zh == col:
                unnamed.append(f"{table}.{col}")
    assert unnamed == []
