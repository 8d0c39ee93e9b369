"""The Trends page (issue 16 item 4) on crafted complaints made with the real services: the page builds and fills
for the QA head; its KPI tiles say what the analytics compute; a click on a month bar, a Pareto bar, a slice, a
batch or a control-chart point opens exactly the complaints counted (checked against plain SQL and the analytics'
own count); the decision dialog records a signed, audited decision and refuses a missing reason at its field;
a reader without "decide_signal" sees no Decide button; the page fits a 1366×768 laptop; QtCharts is not loaded
before the page is shown.

Set DASHBOARD_SHOTS=<folder> to save screenshots of the page (zh and en)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QLabel, QPushButton

from qa_desk.core import analytics as A
from qa_desk.core import drilldown, intake, signals
from qa_desk.ui.dashboard_view import DashboardView
from qa_desk.ui.field_errors import PROPERTY
from qa_desk.ui.i18n import set_language
from tests.conftest import CST, PASSWORDS
from tests.flows import draft, investigated, triage_input
from tests.gui_helpers import type_text

NOW = datetime(2026, 9, 28, 9, 0, tzinfo=CST)  # the clock fixture's time
SCREEN_W, SCREEN_H = 1366, 728
P1, P2, P3 = "阿莫西林胶囊", "布洛芬缓释胶囊", "维生素C片"


@pytest.fixture(autouse=True)
def chinese():
    set_language("zh_CN")
    yield
    set_language("zh_CN")


def add(people, product: str, when: str, *, batch: str, defect: str | None = "packaging_defect",
        channel: str = "letter") -> dict:
    s = people["inspector"]
    at = datetime.fromisoformat(when).replace(tzinfo=CST)
    return intake.register(s, draft(s, received_at=at, product_name=product, batch_no=batch, mfg_date=None,
                                    expiry_date=None, ack_method="phone", acknowledged_at=at, channel=channel,
                                    triage=triage_input(defect_type=defect) if defect else None))


@pytest.fixture
def crafted(people):
    """Complaints of three products from 2025-10 to 2026-09 in classes II–IV (and one unclassified), on four
    channels; batch P2/B7 twice within 90 days (a batch cluster); a Class I complaint with a recall and a CAPA
    (an investigated one, received now); the signals scanned."""
    defects = ("packaging_defect", "missing_print", "label_error", "closure_broken")
    channels = ("letter", "phone", "email", "wechat")
    n = 0
    for month in ("2025-10", "2025-12", "2026-02", "2026-04", "2026-06", "2026-07", "2026-08", "2026-09"):
        for k in range(1 + n % 3):
            n += 1
            add(people, (P1, P2, P3)[n % 3], f"{month}-{3 + k * 5:02d}T10:00:00", batch=f"X{n:03d}",
                defect=defects[n % 4], channel=channels[n % 4])
    add(people, P2, "2026-07-10T09:00:00", batch="B7", defect="closure_broken", channel="phone")
    add(people, P2, "2026-08-20T09:00:00", batch="B7", defect="packaging_defect", channel="phone")
    add(people, P3, "2026-09-02T09:00:00", batch="U1", defect=None)  # registered, not yet classified
    investigated(people, triage_input(defect_type="wrong_product"), product_name=P1, batch_no="K1")
    signals.scan(people["qahead"], NOW)
    return people


def page(qtbot, session, db_path, **kw) -> DashboardView:
    view = DashboardView(session, str(db_path), auto_scan=kw.pop("auto_scan", False), **kw)
    qtbot.addWidget(view)
    view.resize(SCREEN_W - 170, SCREEN_H - 80)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.show()
    return view


def wait_drill(qtbot, view) -> list[int]:
    qtbot.waitUntil(lambda: view.last_drill is not None, timeout=10_000)
    return view.last_drill[1]


def plain_ids(db, sql: str, params=()) -> list[int]:
    return [r[0] for r in db.conn.execute(
        "SELECT id FROM complaints WHERE status != 'voided' AND " + sql + " ORDER BY received_at, id", params)]


def test_page_builds_and_fills_for_the_qa_head(qtbot, crafted, db_path):
    head = crafted["qahead"]
    view = page(qtbot, head, db_path)
    fig = view.data.figures
    assert fig.scope.date_from == date(2025, 9, 1) and fig.scope.date_to == NOW.date()
    expected_total = head.db.conn.execute("SELECT count(*) FROM complaints WHERE status != 'voided' AND "
                                          "received_at >= '2025-09-01'").fetchone()[0]
    assert fig.total == expected_total == 16
    assert set(view.charts) == {"monthly", "channels", "pareto", "products", "control"}
    monthly = view.charts["monthly"]
    assert {"II", "III", "IV", "None"} <= set(monthly.sets) and "I" in monthly.sets  # the Class I one, now
    assert view.batch_table.rowCount() == len(fig.batches) and view.batch_table.item(0, 1).text() == "B7"
    # the signals: open ones first, each explained in the user's language; the tab says how many are open
    stored = signals.listing(head.db)
    assert view.signal_table.rowCount() == len(stored) == view.data.open_signals >= 3
    kinds = {s["kind"] for s in stored}
    assert {"batch_cluster", "class_i", "recall"} <= kinds
    assert f"（{len(stored)}" in view.tabs.tabText(view.signals_index) or str(len(stored)) in \
        view.tabs.tabText(view.signals_index)
    view.signal_table.selectRow(0)
    assert view.data.signals[0]["zh"][:12] in view.signal_text.toPlainText()
    assert view.findChild(QPushButton, "decide_signal") is not None
    assert view.charts["control"].sets["counts"].count() == len(view.data.chart.months)


def test_kpi_tiles_say_what_the_analytics_compute(qtbot, crafted, db_path):
    head = crafted["qahead"]
    view = page(qtbot, head, db_path)
    fig = A.figures(head.db, view.scope(), NOW)

    def value(key: str) -> str:
        return view.tiles.boxes[key].value.text()

    def detail(key: str) -> str:
        return view.tiles.boxes[key].detail.text()

    assert value("total") == str(fig.total)
    for event in A.KPI_EVENTS:
        k = fig.kpis[event]
        if k.calendar.n:
            assert value(event).startswith(f"{k.calendar.median:.1f} / {k.calendar.p90:.1f}"), event
            assert f"{k.working.median:.1f} / {k.working.p90:.1f}" in detail(event)
        else:
            assert value(event).startswith("— / —")
        assert f"n = {k.calendar.n}" in detail(event)
    ok = sum(v.on_time for v in fig.on_time.values())
    due = sum(v.due for v in fig.on_time.values())
    assert due and value("on_time") == f"{ok * 100 / due:.1f}%"
    assert value("reopen") == ("—" if fig.reopen.rate is None else f"{fig.reopen.rate * 100:.1f}%")
    assert value("backlog") == str(sum(fig.backlog.values()))
    assert all(f"{label}: {n}" in detail("backlog") for label, n in fig.backlog.items())
    assert value("overdue_capa") == str(len(fig.overdue_capa))


def click_bar(qtbot, box, barset, series, index: int) -> None:
    """A real mouse click in the middle of one bar of a (stacked) bar series."""
    chart = box.chart()
    qtbot.waitUntil(lambda: chart.plotArea().width() > 0)  # laid out and drawn
    below = sum(s.at(index) for s in series.barSets()[:series.barSets().index(barset)])
    centre = chart.mapToPosition(QPointF(index, below + barset.at(index) / 2), series)
    where = box.mapFromScene(chart.mapToScene(centre))
    qtbot.mouseClick(box.viewport(), Qt.MouseButton.LeftButton, pos=where)


def test_a_click_on_a_month_bar_opens_exactly_the_complaints_counted(qtbot, crafted, db_path):
    head = crafted["qahead"]
    view = page(qtbot, head, db_path)
    box = view.charts["monthly"]
    series = box.chart().series()[0]
    months = list(view.data.figures.by("class"))
    i = months.index("2026-08")
    barset = box.sets["III"]
    counted = view.data.figures.by("class")["2026-08"]["III"]
    assert barset.at(i) == counted > 0
    click_bar(qtbot, box, barset, series, i)
    got = wait_drill(qtbot, view)
    expected = plain_ids(head.db, "class = 'III' AND received_at LIKE '2026-08%'")
    assert got == expected and len(got) == counted
    assert got == drilldown.ids(head.db, view.scope(), month="2026-08", dim="class", key="III")
    dialog = view.drill_dialog
    assert dialog.model.rowCount() == counted and [dialog.model.complaint_id(r) for r in range(counted)] == expected
    assert str(counted) in dialog.findChild(QLabel, "drill_count").text()
    # a row opens its complaint through the page's open_complaint, as every list does
    with qtbot.waitSignal(view.open_complaint) as opened:
        dialog.table.doubleClicked.emit(dialog.model.index(0, 0))
    assert opened.args == [expected[0]]

    # the unclassified complaint of 2026-09 is a bar of its own, and opens exactly itself
    view.last_drill = None
    unclassified = box.sets["None"]
    j = months.index("2026-09")
    unclassified.clicked.emit(j)
    assert wait_drill(qtbot, view) == plain_ids(head.db, "class IS NULL AND received_at LIKE '2026-09%'")


def test_the_other_charts_open_exactly_their_complaints(qtbot, crafted, db_path):
    head = crafted["qahead"]
    db = head.db
    view = page(qtbot, head, db_path)
    scope = view.scope()
    since = "received_at >= '2025-09-01'"
    # Pareto: the first bar is the commonest root-cause category (the investigated complaint's "machine" or none)
    pareto = view.charts["pareto"]
    ranked = list(A.totals(view.data.figures.counts[A.Dimension.ROOT_CAUSE]).items())
    pareto.sets["bars"].clicked.emit(0)
    first_key = [k for k, _ in ranked if k is not None][0] if [k for k, _ in ranked if k is not None] else None
    got = wait_drill(qtbot, view)
    assert got == plain_ids(db, f"root_cause_category = ? AND {since}", (first_key,))
    # a slice of the channel mix
    view.last_drill = None
    pie = view.charts["channels"].sets["pie"]
    ranked = list(A.totals(view.data.figures.counts[A.Dimension.CHANNEL]).items())
    pie.clicked.emit(pie.slices()[0])
    assert wait_drill(qtbot, view) == plain_ids(db, f"channel = ? AND {since}", (ranked[0][0],))
    assert len(view.last_drill[1]) == ranked[0][1]
    # a batch (double-click in the table)
    view.last_drill = None
    view.batch_table.cellDoubleClicked.emit(0, 0)
    assert wait_drill(qtbot, view) == plain_ids(db, "product_name = ? AND batch_no = 'B7'", (P2,))
    # a point of the control chart: the product's complaints of that month, as many as the point says
    view.last_drill = None
    control = view.charts["control"]
    cc = view.data.chart
    counts = control.sets["counts"]
    i = cc.months.index("2026-08")
    counts.clicked.emit(counts.at(i))
    got = wait_drill(qtbot, view)
    assert got == plain_ids(db, "product_name = ? AND received_at LIKE '2026-08%'", (cc.product,))
    assert len(got) == counts.at(i).y() == cc.counts["2026-08"]
    # a top product
    view.last_drill = None
    top = view.charts["products"].sets["bars"]
    (name, n), = view.data.figures.top("product", 1)
    top.clicked.emit(top.count() - 1)  # the largest is drawn at the top, the last of the set
    assert wait_drill(qtbot, view) == plain_ids(db, f"product_name = ? AND {since}", (name,)) and \
        len(view.last_drill[1]) == n
    assert drilldown.ids(db, scope, dim="product", key=name) == view.last_drill[1]


def test_the_decision_dialog_refuses_a_missing_reason_and_records_a_signed_decision(qtbot, crafted, db_path):
    head = crafted["qahead"]
    db = head.db
    view = page(qtbot, head, db_path)
    row = next(r for r, s in enumerate(view.data.signals) if s["kind"] == "batch_cluster")
    view.signal_table.selectRow(row)
    sig = view.selected_signal()
    assert sig["status"] == "open" and view.decide_button.isEnabled()
    view.decide_button.click()
    dialog = view.decide_dialog
    assert dialog.isVisible() and dialog.decision.count() == 3
    assert sig["zh"][:10] in dialog.findChild(type(view.signal_text), "signal_text").toPlainText()
    if dialog.creds.username.isVisibleTo(dialog):
        type_text(qtbot, dialog.creds.username, "qahead")
    type_text(qtbot, dialog.creds.password, PASSWORDS["qahead"])
    dialog.findChild(QPushButton, "decide_ok").click()  # no reason: refused at the reason field
    assert dialog.isVisible() and dialog.reason.property(PROPERTY) is True
    assert signals.get(db, sig["id"])["status"] == "open"
    assert db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'decide_signal'").fetchone()[0] == 0
    reason = "两起均为运输破损，已与物流沟通"
    type_text(qtbot, dialog.reason, reason)
    assert dialog.reason.property(PROPERTY) is not True  # the mark goes as the user types
    if not dialog.creds.password.text():
        type_text(qtbot, dialog.creds.password, PASSWORDS["qahead"])
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        dialog.findChild(QPushButton, "decide_ok").click()
    assert not dialog.isVisible()
    done = signals.get(db, sig["id"])
    assert done["status"] == "decided" and done["decision"] == "no_action" and done["decision_reason"] == reason
    assert signals.signature_state(db, done) == "valid"
    entry = db.conn.execute("SELECT reason, new, user_id FROM audit_log WHERE action = 'decide_signal' AND "
                            "record_id = ?", (sig["id"],)).fetchone()
    assert entry[0] == reason and json.loads(entry[1])["decision"] == "no_action" and entry[2] == head.actor.id
    # the page read again: the decided signal is no longer open, after the open ones
    decided_rows = [r for r, s in enumerate(view.data.signals) if s["id"] == sig["id"]]
    assert view.data.signals[decided_rows[0]]["status"] == "decided"
    assert all(s["status"] == "open" for s in view.data.signals[:view.data.open_signals])


def test_a_new_capa_needs_its_proposal(qtbot, crafted, db_path):
    head = crafted["qahead"]
    view = page(qtbot, head, db_path)
    view.signal_table.selectRow(0)
    dialog = view.decide()
    dialog.decision.setCurrentIndex(dialog.decision.findData("new_capa"))
    assert dialog.proposal.isVisibleTo(dialog) and not dialog.capa.isVisibleTo(dialog)
    type_text(qtbot, dialog.reason, "trend")
    if dialog.creds.username.isVisibleTo(dialog):
        type_text(qtbot, dialog.creds.username, "qahead")
    type_text(qtbot, dialog.creds.password, PASSWORDS["qahead"])
    dialog.try_decide()
    assert dialog.proposal.property(PROPERTY) is True and dialog.isVisible()


def test_a_reader_without_decide_signal_sees_no_decide_button(qtbot, crafted, db_path):
    insp = crafted["inspector"]
    assert not insp.may("decide_signal")
    view = page(qtbot, insp, db_path)
    assert view.findChild(QPushButton, "decide_signal") is None and view.decide_button is None
    assert view.signal_table.rowCount() > 0 and view.decide() is None


def test_scan_for_signals_runs_as_a_job_and_when_the_page_opens(qtbot, people, db_path):
    head = people["qahead"]
    add(people, P2, "2026-07-10T09:00:00", batch="B7")
    add(people, P2, "2026-08-20T09:00:00", batch="B7")
    assert signals.open_count(head.db) == 0
    view = page(qtbot, head, db_path, auto_scan=True)  # never scanned by this program: scanned at once
    qtbot.waitUntil(lambda: not view.scanning and view.data is not None and view.data.open_signals == 1,
                    timeout=20_000)
    assert signals.open_count(head.db) == 1 and not view.stale()
    add(people, P2, "2026-09-01T09:00:00", batch="B7")
    view.scan_button.click()
    qtbot.waitUntil(lambda: not view.scanning, timeout=20_000)
    (s,) = [s for s in signals.listing(head.db) if s["kind"] == "batch_cluster"]
    assert len(json.loads(s["complaint_ids"])) == 3


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_page_and_its_dialog_fit_a_laptop(qtbot, crafted, db_path, lang):
    set_language(lang)
    head = crafted["qahead"]
    view = page(qtbot, head, db_path)
    for i in range(view.tabs.count()):
        view.tabs.setCurrentIndex(i)
        hint = view.minimumSizeHint()
        assert hint.width() <= SCREEN_W - 170 and hint.height() <= SCREEN_H - 80, (view.tabs.tabText(i), hint)
    view.signal_table.selectRow(0)
    dialog = view.decide()
    hint = dialog.minimumSizeHint()
    assert hint.width() <= SCREEN_W and hint.height() <= SCREEN_H, hint
    shots = os.environ.get("DASHBOARD_SHOTS")
    if shots:
        save_shots(qtbot, view, Path(shots), lang)
        dialog.grab().save(str(Path(shots) / f"decide-{lang[:2]}.png"))
    dialog.reject()


def save_shots(qtbot, view, folder: Path, lang: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    view.resize(SCREEN_W - 170, SCREEN_H - 60)
    for i in range(view.tabs.count()):
        view.tabs.setCurrentIndex(i)
        qtbot.wait(50)
        view.grab().save(str(folder / f"dashboard-{lang[:2]}-{i + 1}.png"))


def test_qtcharts_is_loaded_only_when_the_page_is_shown():
    code = ("import sys; import qa_desk.ui.main_window, qa_desk.ui.dashboard_view; "
            "print('PySide6.QtCharts' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "False", out.stderr


def test_every_bar_of_every_dimension_opens_as_many_complaints_as_it_counts(crafted):
    """core.drilldown against the analytics' own counts, for every (month, key) of every dimension, a part-month
    scope included (the counts then come from the complaints, the whole months from the tally)."""
    db = crafted["qahead"].db
    for scope in (A.Scope(date(2025, 9, 1), NOW.date()), A.Scope(date(2026, 7, 15), date(2026, 9, 10)),
                  A.Scope(product=P2)):
        fig = A.figures(db, scope, NOW)
        checked = 0
        for dim in A.Dimension:
            if dim == A.Dimension.BATCH:
                for key, n in fig.batches:
                    assert len(drilldown.ids(db, scope, dim=dim, key=key)) == n, (scope, key)
                continue
            for month, per_key in fig.by(dim).items():
                for key, n in per_key.items():
                    got = drilldown.ids(db, scope, month=month, dim=dim, key=key)
                    assert len(got) == n and len(set(got)) == n, (scope, dim, month, key)
                    checked += 1
        assert checked > 10
        # and the whole scope, for the total tile
        assert len(drilldown.ids(db, scope)) == fig.total
    capa = drilldown.capa_choices(db)
    assert capa and all(a["status"] != "cancelled" for a in capa)


def test_an_empty_file_shows_an_empty_page_without_error(qtbot, people, db_path):
    view = page(qtbot, people["qahead"], db_path)
    assert view.data.figures.total == 0 and view.data.chart is None
    assert view.tiles.boxes["total"].value.text() == "0" and view.signal_table.rowCount() == 0
    view.date_from.setDate(view.date_to.date().addDays(30))  # a range backwards is read the right way round
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.reload()
    assert view.data.figures.scope.date_from <= view.data.figures.scope.date_to


def test_in_the_main_window_a_bar_opens_the_triage_view_with_exactly_its_complaints(qtbot, crafted, db_path,
                                                                                       tmp_path):
    """Issue 16 item 4: a click on a bar opens the triage view filtered to exactly the complaints it counts,
    whatever their status (closed and voided ones are not in the work list's default); "show the whole list
    again" takes the filter off."""
    from qa_desk.ui.main_window import MainWindow

    head = crafted["qahead"]
    w = MainWindow(head, str(db_path), drafts_folder=str(tmp_path))
    qtbot.addWidget(w)
    w.resize(SCREEN_W, SCREEN_H)
    w.show()
    w.show_page("trends")
    view = w.page("trends")
    qtbot.waitUntil(lambda: getattr(view, "data", None) is not None, timeout=20_000)
    box = view.charts["monthly"]
    months = list(view.data.figures.by("class"))
    i = months.index("2026-08")
    box.sets["III"].clicked.emit(i)
    expected = plain_ids(head.db, "class = 'III' AND received_at LIKE '2026-08%'")
    triage = w.page("triage")
    qtbot.waitUntil(lambda: w.page_keys[w.nav.currentRow()] == "triage", timeout=10_000)
    shown = sorted(triage.model.complaint_id(r) for r in range(triage.model.rowCount()))
    assert shown == sorted(expected) and triage.model.total == len(expected) > 0
    assert triage.ids_label.isVisible() and str(len(expected)) in triage.ids_label.text()
    triage.ids_clear.click()
    assert not triage.ids_label.isVisible() and triage.model.total != len(expected)


def test_the_on_time_tile_names_the_deadline_kinds_in_words(qtbot, crafted, db_path):
    from qa_desk.ui import dashboard_tiles

    view = page(qtbot, crafted["qahead"], db_path)
    tip = dashboard_tiles.on_time_tile(view.data.figures).tip
    assert tip and "first_reply" not in tip and "acknowledge" not in tip and "首次答复" in tip, tip


def test_a_change_broadcast_while_the_page_is_hidden_is_read_when_it_is_shown(qtbot, crafted, db_path, tmp_path):
    """Every figure of the file is read again after a change: not after each save made on another page, but
    when the Trends page is shown next."""
    from qa_desk.ui.main_window import MainWindow

    w = MainWindow(crafted["qahead"], str(db_path), drafts_folder=str(tmp_path))
    qtbot.addWidget(w)
    w.show()
    w.show_page("trends")
    view = w.page("trends")
    qtbot.waitUntil(lambda: getattr(view, "data", None) is not None, timeout=20_000)
    reloads = []
    view.reload = lambda: reloads.append(1)
    w.show_page("triage")
    w.refresh_all()
    w.refresh_all()
    assert reloads == []
    w.show_page("trends")
    assert reloads == [1]
    w.refresh_all()  # on screen: read at once
    assert reloads == [1, 1]
