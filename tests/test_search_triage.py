"""Triage and search as an inspector uses them (issue 14, item 7): the work list opens on open complaints, the
search covers every complaint the status filter asks for and says which, finds one Chinese character anywhere,
part of a code, traditional and simplified alike, and shows where it matched; the QA head and the VP start on My
tasks, which shows the class and marks what reception registered."""

from __future__ import annotations

import pytest

from qa_desk.core import intake, listing, tasks
from qa_desk.core.database import open_database
from qa_desk.store import migrations, search
from qa_desk.store.audit import Tx
from qa_desk.store.db import connect, immediate
from qa_desk.ui.i18n import set_language
from qa_desk.ui.main_window import MainWindow
from qa_desk.ui.tasks_view import CLASS_COLUMN, RECEPTION_COLUMN
from qa_desk.ui.triage_view import TriageView
from tests import flows


def found(session, text: str, *, open_only: bool = False) -> set[str]:
    f = listing.TriageFilter(text=text, open_only=open_only)
    rows = listing.rows_for(session.db, listing.ids(session.db, f, user_id=session.actor.id, now=session.now()))
    return {r["number"] for r in rows.values()}


def view_numbers(view: TriageView) -> set[str]:
    view.model.fetch_all()
    return {view.model.row_for(i)["number"] for i in range(view.model.rowCount())}


def choose_data(combo, data) -> None:
    combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemData(i) == data))


@pytest.fixture
def mixed(people):
    """An open complaint and a voided one, both about a broken capsule."""
    live = flows.triaged(people, description="胶囊破损，包装质量差")
    gone = flows.registered(people, description="登记错误的破损投诉")
    flows.void(people, gone["id"])
    return live, gone


def test_triage_opens_on_open_complaints_and_all_shows_the_rest(qtbot, people, mixed):
    set_language("en")
    live, gone = mixed
    view = TriageView(people["inspector"])
    qtbot.addWidget(view)
    assert view.status.currentData() == "open" and view.status.currentText() == "Open complaints"
    assert view_numbers(view) == {live["number"]}
    choose_data(view.status, ())
    assert view.status.currentText() == "All statuses"
    assert view_numbers(view) == {live["number"], gone["number"]}


def test_search_covers_every_status_the_filter_asks_for_and_says_which(qtbot, people, mixed):
    set_language("en")
    live, gone = mixed
    view = TriageView(people["inspector"])
    qtbot.addWidget(view)
    view.search.setText("破损")
    view.apply()
    assert view_numbers(view) == {live["number"]} and view.scope.text() == "Search in: Open complaints"
    choose_data(view.status, ())
    assert view_numbers(view) == {live["number"], gone["number"]} and view.scope.text() == "Search in: All statuses"
    assert found(people["inspector"], "破损") == {live["number"], gone["number"]}  # the core: all unless asked


def test_one_chinese_character_anywhere_in_a_phrase(people):
    end = flows.registered(people, description="包装质量差")
    middle = flows.registered(people, description="差一点漏液")
    alone = flows.registered(people, description="瓶 差 瓶")
    flows.registered(people, description="一切正常")
    s = people["inspector"]
    assert found(s, "差") == {end["number"], middle["number"], alone["number"]}
    assert found(s, "质量差") == {end["number"]}
    assert found(s, "量差") == {end["number"]}


def test_part_of_a_latin_word_or_code(people):
    c = flows.registered(people, strength="50mg", batch_no="C2602153", description="Blister pack torn")
    other = flows.registered(people, strength="0.25g", batch_no="240105", description="胶囊破损")
    s = people["inspector"]
    for term in ("mg", "50mg", "MG", "153", "2602153", "c2602", "ister", "torn"):
        assert found(s, term) == {c["number"]}, term
    assert found(s, "0105") == {other["number"]}
    assert found(s, "mg 153") == {c["number"]}  # every part must match
    assert found(s, "mg 0105") == set()
    assert found(s, "５０ＭＧ") == {c["number"]}  # full-width letters and digits as typed by an IME


def test_traditional_and_simplified_find_each_other(people):
    simple = flows.registered(people, description="产品质量问题：标签脱落")
    traditional = flows.registered(people, description="產品質量問題：標籤脫落")
    s = people["inspector"]
    for term in ("质量", "質量", "标签脱落", "標籤脫落", "質"):
        assert found(s, term) == {simple["number"], traditional["number"]}, term
    assert search.fold("藥品說明書") == "药品说明书"


def test_the_matched_text_is_shown_for_the_highlighted_row(qtbot, people):
    set_language("en")
    c = flows.registered(people, batch_no="C2602153", description="外包装完好，打开后发现胶囊质量差，有异味。")
    view = TriageView(people["inspector"])
    qtbot.addWidget(view)
    view.search.setText("質量差")  # the traditional form finds the simplified text
    view.apply()
    assert view.model.rowCount() == 1 and view.snippet.isHidden()
    view.table.selectRow(0)
    assert view.snippet.isVisibleTo(view)
    assert "Found in complaint:" in view.snippet.text() and "<u>质量差</u>" in view.snippet.text()
    assert "发现胶囊" in view.snippet.text()
    view.search.setText("153")
    view.apply()
    view.table.selectRow(0)
    assert "batch" in view.snippet.text() and "C2602<b><u>153</u></b>" in view.snippet.text()
    snip = listing.match_snippet(people["inspector"].db, c["id"], "异味")
    assert (snip.field, snip.hit, snip.after) == ("description", "异味", "。")


def test_snippet_text_is_escaped_and_trimmed():
    long = "甲" * 40 + "<b>破损</b>" + "乙" * 40
    snip = search.snippet({"description": long}, "破损")
    assert snip.hit == "破损" and snip.before.startswith("…") and snip.after.endswith("…")
    assert len(snip.before) == 21 and snip.before.endswith("<b>")
    assert search.snippet({"description": "无关"}, "破损") is None and search.snippet({}, "  ") is None


@pytest.mark.parametrize(("who", "page"), [("qahead", "tasks"), ("qavp", "tasks"), ("inspector", "triage"),
                                           ("reception", "registrations")])
def test_landing_page_per_role(qtbot, people, db_path, tmp_path, who, page):
    set_language("en")
    s = people[who]
    w = MainWindow(s, str(db_path), drafts_folder=str(tmp_path))
    qtbot.addWidget(w)
    assert w.page_keys[w.nav.currentRow()] == page and w.stack.currentIndex() == w.nav.currentRow()
    assert tasks.landing_page(s) == ("tasks" if who in ("qahead", "qavp") else "triage")


def test_my_tasks_show_the_class_and_mark_what_reception_registered(qtbot, people):
    set_language("en")
    at_desk = intake.register(people["reception"], flows.draft(people["reception"], description="前台登记：错误的产品"))
    from qa_desk.core.triage import triage

    intake.acknowledge(people["inspector"], at_desk["id"], method="phone", at=people["inspector"].now())
    triage(people["inspector"], at_desk["id"], flows.triage_input(defect_type="wrong_product", category="safety"))
    by_qa = flows.triaged(people, flows.triage_input(defect_type="wrong_product", category="safety"))
    mine = {t.complaint_id: t for t in tasks.for_user(people["qahead"]) if t.kind == "class_i"}
    assert mine[at_desk["id"]].klass == "I" and mine[at_desk["id"]].by_reception
    assert mine[by_qa["id"]].klass == "I" and not mine[by_qa["id"]].by_reception
    from qa_desk.ui.tasks_view import TasksView

    view = TasksView(people["qahead"])
    qtbot.addWidget(view)
    rows = {view.table.item(r, 1).text(): r for r in range(view.table.rowCount())}
    desk_row, qa_row = rows[at_desk["number"]], rows[by_qa["number"]]
    assert view.table.item(desk_row, CLASS_COLUMN).text() == "I"
    assert view.table.item(desk_row, RECEPTION_COLUMN).text() == "Reception"
    assert view.table.item(qa_row, RECEPTION_COLUMN).text() == ""
    assert view.table.horizontalHeaderItem(CLASS_COLUMN).text() == "Class"


def test_upgrade_rebuilds_the_old_index(tmp_path):
    """A file indexed the old way (bigrams only) is indexed again by migration 10: 差 at the end of a phrase,
    part of a batch and the traditional form are found after the upgrade."""
    path = tmp_path / "old.sqlite3"
    db = connect(path)
    migrations.upgrade(db, path, target=9)
    with immediate(db):
        tx = Tx(db, None, "system", "2026-05-01T10:00:00+08:00")
        db.conn.execute("INSERT INTO number_sequences(key, last_seq) VALUES ('2026', 1)")
        tx.insert("complaints", {"number": "TS-2026-0001", "year": 2026, "seq": 1, "status": "registered",
                                 "received_at": "2026-05-01T09:00:00+08:00", "channel": "phone", "batch_no": "C2602153",
                                 "product_name": "氯化钠注射液", "description": "输液袋質量差", "cycle": 0})
        db.conn.execute("INSERT INTO complaint_search(rowid, tokens) VALUES (1, '输液 液袋 袋質 質量 量差 c2602153')")
    db.close()
    opened = open_database(path)
    assert migrations.version(opened.db) == migrations.LATEST
    for term in ("差", "153", "质量差"):
        hits = opened.db.conn.execute("SELECT rowid FROM complaint_search WHERE complaint_search MATCH ?",
                                      (search.match_expression(term),)).fetchall()
        assert [r[0] for r in hits] == [1], term
