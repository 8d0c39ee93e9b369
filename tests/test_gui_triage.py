"""The triage view on a demo database: filter, sort and search in SQL (two-character Chinese included),
Class I pinned until acknowledged, the complaint window, my tasks, and the app starting on empty and demo
files."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from qa_desk import demo
from qa_desk.core import intake, users
from qa_desk.core.database import open_database
from qa_desk.core.session import Session
from qa_desk.ui.complaint_window import ComplaintWindow
from qa_desk.ui.i18n import set_language
from qa_desk.ui.main_window import MainWindow
from qa_desk.ui.triage_model import COLUMNS, TriageModel
from tests.gui_helpers import choose, type_text


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = open_database(path).db
    s = Session(db)
    demo.generate(s, count=160, seed=11, now=s.now())
    db.close()
    return path


@pytest.fixture
def inspector(demo_file):
    return users.login(Session(open_database(demo_file).db), "inspector", "demo")


def numbers(model: TriageModel) -> list[str]:
    model.fetch_all()
    return [model.row_for(i)["number"] for i in range(model.rowCount())]


def test_filters_match_sql(inspector):
    model = TriageModel(inspector)
    model.reload()
    db = inspector.db
    assert model.rowCount() == db.conn.execute("SELECT count(*) FROM complaints").fetchone()[0]
    model.filter.classes = ("III",)
    model.reload()
    assert model.rowCount() == db.conn.execute("SELECT count(*) FROM complaints WHERE class='III'").fetchone()[0] > 0
    assert {model.row_for(i)["class"] for i in range(model.rowCount())} == {"III"}
    model.filter.classes = ()
    model.filter.open_only = True
    model.filter.overdue_only = True
    model.reload()
    overdue = {model.row_for(i)["id"] for i in range(model.rowCount())}
    want = {r[0] for r in db.conn.execute(
        "SELECT DISTINCT c.id FROM complaints c JOIN deadlines d ON d.complaint_id = c.id WHERE d.met_at IS NULL "
        "AND d.due_utc < ? AND c.status NOT IN ('closed','archived','voided')",
        (inspector.now().astimezone(__import__('datetime').UTC).isoformat(timespec='seconds'),))}
    assert overdue == want and overdue


def test_sort_by_column(inspector):
    model = TriageModel(inspector)
    received = [c[0] for c in COLUMNS].index("received")
    model.sort(received, Qt.SortOrder.AscendingOrder)
    rows = [model.row_for(i) for i in range(model.rowCount())]
    unpinned = [r["received_at"] for r in rows if not r["pinned"]]
    assert unpinned == sorted(unpinned)
    model.sort([c[0] for c in COLUMNS].index("number"), Qt.SortOrder.DescendingOrder)
    first = [r for r in (model.row_for(i) for i in range(model.rowCount())) if not r["pinned"]][0]
    assert first["number"] == inspector.db.conn.execute(
        "SELECT number FROM complaints WHERE NOT (class='I' AND status NOT IN ('closed','archived','voided') AND "
        "(class_i_qahead_ack_at IS NULL OR class_i_vp_ack_at IS NULL)) ORDER BY year DESC, seq DESC").fetchone()[0]


@pytest.mark.parametrize("term", ["破损", "异物", "批号", "Carton", "blister"])
def test_search_finds_two_character_chinese_and_english(inspector, term):
    model = TriageModel(inspector)
    model.filter.text = term
    model.reload()
    found = set(numbers(model))
    like = {r[0] for r in inspector.db.conn.execute(
        "SELECT number FROM complaints WHERE description LIKE ? OR product_name LIKE ? OR request LIKE ?",
        (f"%{term}%",) * 3)}
    assert like, f"the demo data has no {term}"
    assert like <= found


def test_class_i_pinned_until_both_acknowledge(people):
    from tests import flows

    s = people["inspector"]
    older = flows.triaged(people, flows.triage_input(defect_type="wrong_product", category="safety"),
                          received_at=s.now().replace(hour=3))
    for _ in range(3):
        flows.triaged(people)
    model = TriageModel(s)
    model.reload()
    assert model.row_for(0)["number"] == older["number"] and model.row_for(0)["pinned"]
    model.filter.classes = ("I",)
    model.reload()
    assert model.row_for(0)["pinned"]
    model.filter.classes = ()
    intake.acknowledge_class_i(people["qahead"], older["id"])
    model.reload()
    assert model.row_for(0)["number"] == older["number"]  # the VP has not acknowledged yet
    intake.acknowledge_class_i(people["qavp"], older["id"])
    model.reload()
    assert model.row_for(model.rowCount() - 1)["number"] == older["number"]  # now in received order (oldest last)


def test_complaint_window_reclassifies_with_reason(qtbot, people):
    from tests import flows

    set_language("zh_CN")
    c = flows.triaged(people)
    w = ComplaintWindow(people["inspector"], c["id"])
    qtbot.addWidget(w)
    assert c["number"] in w.header.text()
    choose(w.defect, "label_error")
    w.save_class.click()
    assert "理由" in w.class_errors.text()
    type_text(qtbot, w.reason, "复核后确认为标签错误")
    w.save_class.click()
    row = people["inspector"].db.conn.execute("SELECT class, defect_type FROM complaints WHERE id=?", (c["id"],)).fetchone()
    assert tuple(row) == ("II", "label_error")
    history = w.findChild(type(w.tabs.widget(2)), "history").texts()
    assert any("复核后确认为标签错误" in line for line in history)


@pytest.mark.parametrize("who", ["admin", "reception", "inspector", "qahead", "qavp"])
def test_app_starts_on_demo_file_for_every_role(qtbot, demo_file, tmp_path, who):
    set_language("en")
    s = users.login(Session(open_database(demo_file).db), who, "demo")
    w = MainWindow(s, str(demo_file), drafts_folder=str(tmp_path))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.counts_shown and (w.tasks_view is None or w.tasks_view.loaded), timeout=10_000)
    qa = who not in ("admin", "reception")  # the QA office's pages and overdue counts; reception its own list
    assert (w.triage is None) == (w.tasks_view is None) == (not qa)
    assert not qa or ("Overdue:" in w.overdue_label.text() and "…" not in w.overdue_label.text())
    assert qa or w.overdue_label.isHidden()
    if who == "reception":
        mine = s.db.conn.execute("SELECT count(*) FROM complaints WHERE receiver_id = ?", (s.actor.id,)).fetchone()[0]
        assert w.page_keys == ["registrations", "batches"] and w.registrations.table.rowCount() == mine > 0
    if w.triage is not None:
        archived = s.db.conn.execute("SELECT count(*) FROM complaints WHERE status='archived'").fetchone()[0]
        finished = s.db.conn.execute("SELECT count(*) FROM complaints WHERE status IN ('closed','archived')").fetchone()[0]
        open_ = s.db.conn.execute(
            "SELECT count(*) FROM complaints WHERE status NOT IN ('closed','archived','voided')").fetchone()[0]
        # the work list opens on open complaints (issue 14); the archive on finished ones
        assert w.triage.model.total == open_ and w.archive_view.model.total == finished > archived > 0
    waiting = {"qahead": "under_review", "qavp": "awaiting_approval"}.get(who)
    if waiting:
        n = s.db.conn.execute("SELECT count(*) FROM complaints WHERE status = ?", (waiting,)).fetchone()[0]
        assert sum(1 for t in w.tasks_view.items if t.kind in ("review", "approve")) == n


def test_app_starts_on_empty_file(qtbot, people, db_path, tmp_path):
    set_language("zh_CN")
    w = MainWindow(people["inspector"], str(db_path), drafts_folder=str(tmp_path))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.counts_shown and w.tasks_view.loaded, timeout=10_000)
    assert w.triage.model.rowCount() == 0
    assert w.overdue_label.text() == "逾期事项：0"
    assert w.tasks_view.items == []


def test_paging_fetches_more_and_keeps_order(people):
    from qa_desk.core import listing
    from tests import flows

    s = people["inspector"]
    for _ in range(5):
        flows.registered(people)
    model = TriageModel(s)
    old_page = listing.PAGE_SIZE
    listing.PAGE_SIZE = 2
    try:
        model.reload()
        assert model.rowCount() == 2 and model.total == 5 and model.canFetchMore()
        model.fetch_all()
    finally:
        listing.PAGE_SIZE = old_page
    assert numbers(model) == [f"TS-2026-{i:04d}" for i in range(5, 0, -1)]


@pytest.mark.parametrize("sort", ["number", "received", "product", "batch", "class", "priority", "nature", "status",
                                  "owner", "due", "days_open"])
def test_every_sort_returns_every_complaint_once(inspector, sort):
    from qa_desk.core import listing

    for descending in (True, False):
        f = listing.TriageFilter(sort=sort, descending=descending)
        got = listing.ids(inspector.db, f, user_id=inspector.actor.id, now=inspector.now())
        assert sorted(got) == [r[0] for r in inspector.db.conn.execute("SELECT id FROM complaints ORDER BY id")]
