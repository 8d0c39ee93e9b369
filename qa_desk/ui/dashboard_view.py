"""The Trends page (issue 16 item 4): KPI tiles, charts, the signals and their decisions, for a date range and a
product. What the QA head reads every month and where the early warnings are decided.

Threading: every figure is read on a worker with its own read-only connection (``background.read`` →
``dashboard_data.load``), the page only draws what comes back (a newer request makes an older answer moot); the
signal scan writes, so it is a job (``jobs.start`` → ``signals.scan``), run once when the page first opens if this
program has not scanned the file within ``SCAN_STALE``, and on demand ("Scan for signals").

QtCharts is imported when the page is first shown (``dashboard_charts``), never at start. A click on a bar, slice
or point opens exactly the complaints counted (``core.drilldown.ids``; a signal's, ``signals.complaint_ids``) in a
list whose rows open the complaint (``open_complaint``, as every list of the main window).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import analytics as A
from qa_desk.core import drilldown, signals
from qa_desk.core.session import Session
from qa_desk.core.signal_rules import Status, load_policy
from qa_desk.ui import background, dashboard_data, jobs
from qa_desk.ui.complaint_list_dialog import ComplaintListDialog
from qa_desk.ui.dashboard_tiles import TilesPanel
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.widgets import local_time

DECIDE = "decide_signal"
SCAN_STALE = timedelta(hours=1)
_last_scan: dict[str, datetime] = {}  # file → when this program last scanned it
CHARTS_IMPORT_S: list[float] = []  # how long the first import of QtCharts took (the page reports it)


def _charts():
    """The chart builders, QtCharts with them: imported the first time a page needs them."""
    t0 = time.perf_counter()
    from qa_desk.ui import dashboard_charts

    if not CHARTS_IMPORT_S:
        CHARTS_IMPORT_S.append(time.perf_counter() - t0)
    return dashboard_charts


class DashboardView(QWidget):
    open_complaint = Signal(int)
    loaded = Signal()  # a load was drawn (tests wait for it)

    def __init__(self, session: Session, db_path: str, parent=None, *, auto_scan: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.session, self.db_path, self.auto_scan = session, str(db_path), auto_scan
        self.data: dashboard_data.Dashboard | None = None
        self.charts: dict[str, QWidget] = {}
        self.last_drill: tuple[str, list[int]] | None = None
        self.drill_dialog: ComplaintListDialog | None = None
        self.in_triage = None  # set by the main window: (ids, title) → its triage view shows exactly those
        self._gen = 0
        self.batch_keys: list[tuple] = []
        self._started = False
        self._changed_unseen = False  # a change was broadcast while the page was hidden
        self.scanning = False
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self.reload)
        self.tiles = TilesPanel()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dashboard_tabs")
        self.status = QLabel()
        self.status.setObjectName("dashboard_status")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._filter_bar())
        layout.addWidget(self.tiles)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        self._build_tabs()

    # --- building -------------------------------------------------------------------------------------------
    def _filter_bar(self) -> QHBoxLayout:
        first, last = dashboard_data.default_range(self.session.now().date())
        self.date_from, self.date_to = QDateEdit(calendarPopup=True), QDateEdit(calendarPopup=True)
        self.date_from.setObjectName("dash_from")
        self.date_to.setObjectName("dash_to")
        for w, d in ((self.date_from, first), (self.date_to, last)):
            w.setDisplayFormat("yyyy-MM-dd")
            w.setDate(QDate(d.year, d.month, d.day))
            w.dateChanged.connect(lambda _d: self._debounce.start())
        self.product = QComboBox()
        self.product.setObjectName("dash_product")
        self.product.addItem(tr("Any product"), None)
        self.product.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.product.setMinimumContentsLength(14)
        self.product.currentIndexChanged.connect(lambda _i: self._debounce.start())
        self.refresh_button = QPushButton(tr("Refresh"))
        self.refresh_button.setObjectName("dash_refresh")
        self.refresh_button.clicked.connect(self.reload)
        self.scan_button = QPushButton(tr("Scan for signals"))
        self.scan_button.setObjectName("dash_scan")
        self.scan_button.clicked.connect(lambda: self.scan())
        self.reviews_button = QPushButton(tr("Periodic reviews…"))
        self.reviews_button.setObjectName("dash_reviews")
        self.reviews_button.clicked.connect(lambda: self.open_reviews())
        bar = QHBoxLayout()
        for w in (QLabel(tr("Received")), self.date_from, QLabel("–"), self.date_to, QLabel(tr("Product")),
                  self.product, self.refresh_button, self.scan_button, self.reviews_button):
            bar.addWidget(w)
        bar.addStretch(1)
        return bar

    def _holder(self, title: str, name: str, horizontal: bool = True) -> QWidget:
        page = QWidget()
        page.setObjectName(name)
        (QHBoxLayout if horizontal else QVBoxLayout)(page).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(page, title)
        return page

    def _build_tabs(self) -> None:
        self.overview = self._holder(tr("Months and channels"), "tab_overview")
        self.causes = self._holder(tr("Causes and products"), "tab_causes")
        batches = self._holder(tr("Batches"), "tab_batches", horizontal=False)
        self.batch_table = QTableWidget(0, 4)
        self.batch_table.setObjectName("batch_table")
        self.batch_table.setHorizontalHeaderLabels([tr("Product"), tr("Batch"), tr("Complaints"),
                                                    tr("Per 10,000 units released")])
        self._plain_table(self.batch_table)
        self.batch_table.cellDoubleClicked.connect(self._batch_clicked)
        batches.layout().addWidget(QLabel(tr("The batches with the most complaints in the period; the rate where "
                                             "the batch register knows the quantity released. Double-click a batch "
                                             "to see its complaints.")))
        batches.layout().addWidget(self.batch_table, 1)
        self.control_page = self._holder(tr("Control chart"), "tab_control", horizontal=False)
        row = QHBoxLayout()
        self.chart_product = QComboBox()
        self.chart_product.setObjectName("chart_product")
        self.chart_product.setMinimumContentsLength(22)
        self.chart_product.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chart_product.activated.connect(lambda _i: self.reload())
        row.addWidget(QLabel(tr("Product")))
        row.addWidget(self.chart_product)
        row.addStretch(1)
        self.control_page.layout().addLayout(row)
        self._build_signals_tab()

    @staticmethod
    def _plain_table(t: QTableWidget) -> None:
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.verticalHeader().setVisible(False)
        t.verticalHeader().setDefaultSectionSize(24)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        t.horizontalHeader().setStretchLastSection(True)

    def _build_signals_tab(self) -> None:
        page = self._holder(tr("Signals"), "tab_signals", horizontal=False)
        self.signal_table = QTableWidget(0, 6)
        self.signal_table.setObjectName("signal_table")
        self.signal_table.setHorizontalHeaderLabels([tr("Status"), tr("Signal"), tr("Product"), tr("Batch / month"),
                                                     tr("Raised"), tr("Due / decided")])
        self._plain_table(self.signal_table)
        self.signal_table.itemSelectionChanged.connect(self._signal_selected)
        self.signal_table.cellDoubleClicked.connect(lambda _r, _c: self.open_signal_complaints())
        self.signal_text = QTextBrowser()
        self.signal_text.setObjectName("signal_explanation")
        self.signal_text.setMaximumHeight(130)
        self.open_button = QPushButton(tr("Show its complaints"))
        self.open_button.setObjectName("signal_complaints")
        self.open_button.clicked.connect(self.open_signal_complaints)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        self.decide_button = None
        if self.session.may(DECIDE):  # only who may decide sees the button at all
            self.decide_button = QPushButton(tr("Decide…"))
            self.decide_button.setObjectName("decide_signal")
            self.decide_button.clicked.connect(lambda: self.decide())
            buttons.addWidget(self.decide_button)
        buttons.addStretch(1)
        page.layout().addWidget(self.signal_table, 1)
        page.layout().addWidget(self.signal_text)
        page.layout().addLayout(buttons)
        self.signals_index = self.tabs.indexOf(page)
        self._signal_selected()

    # --- loading --------------------------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - the first show loads (and imports QtCharts)
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.start()
        elif self._changed_unseen:
            self._changed_unseen = False
            self.reload()

    def start(self) -> None:
        _charts()
        self.reload()
        if self.auto_scan and self.stale():
            self.scan()

    def stale(self) -> bool:
        last = _last_scan.get(self.db_path)
        return last is None or self.session.now() - last > SCAN_STALE

    def scope(self) -> A.Scope:
        lo, hi = self.date_from.date().toPython(), self.date_to.date().toPython()
        if lo > hi:
            lo, hi = hi, lo
        return A.Scope(lo, hi, self.product.currentData())

    def reload(self) -> None:
        """Read every figure again on a worker; the answer to the newest request is drawn."""
        self._gen += 1
        gen, scope, now = self._gen, self.scope(), self.session.now()
        product = self.chart_product.currentData() if self.chart_product.count() else None
        self.status.setText(tr("Computing…"))
        background.read(self.db_path, lambda db: dashboard_data.load(db, scope, now, product),
                        lambda data, gen=gen: self._show(data, gen), self._failed, owner=self)

    def _failed(self, message: str) -> None:
        self.status.setText(tr("The figures could not be read: {message}").format(message=message))

    def _show(self, data: dashboard_data.Dashboard, gen: int) -> None:
        if gen != self._gen:
            return
        self.data = data
        self.tiles.fill(data.figures)
        self._fill_products(data)
        self._draw_charts(data)
        self._fill_batches(data.figures)
        self._fill_signals(data)
        self.status.setText(tr("{total} complaints in the period · figures computed in {seconds:.2f} s · "
                               "{open} open signals").format(total=data.figures.total, seconds=data.seconds,
                                                             open=data.open_signals))
        self.loaded.emit()

    def _fill_products(self, data: dashboard_data.Dashboard) -> None:
        for combo, chosen in ((self.product, self.product.currentData()),
                              (self.chart_product, data.chart.product if data.chart else None)):
            names = [combo.itemData(i) for i in range(combo.count())]
            wanted = ([None] if combo is self.product else []) + list(data.products)
            if names != wanted:
                combo.blockSignals(True)
                combo.clear()
                if combo is self.product:
                    combo.addItem(tr("Any product"), None)
                for name in data.products:
                    combo.addItem(name, name)
                combo.blockSignals(False)
            i = combo.findData(chosen)
            if i >= 0 and i != combo.currentIndex():
                combo.blockSignals(True)
                combo.setCurrentIndex(i)
                combo.blockSignals(False)

    def _draw_charts(self, data: dashboard_data.Dashboard) -> None:
        c, fig, pol = _charts(), data.figures, self.session.policy
        made = {"monthly": c.monthly_by_class(fig, pol, self.drill), "channels": c.channels(fig, pol, self.drill),
                "pareto": c.pareto(fig, pol, self.drill), "products": c.top_products(fig, self.drill),
                "control": c.control(data.chart, self.drill)}
        for old in self.charts.values():
            old.setParent(None)
            old.deleteLater()
        self.charts = made
        self.overview.layout().addWidget(made["monthly"], 3)
        self.overview.layout().addWidget(made["channels"], 2)
        self.causes.layout().addWidget(made["pareto"], 3)
        self.causes.layout().addWidget(made["products"], 2)
        self.control_page.layout().addWidget(made["control"], 1)

    def _fill_batches(self, fig: A.Figures) -> None:
        t = self.batch_table
        t.setRowCount(0)
        self.batch_keys = [key for key, _n in fig.batches]
        t.setRowCount(len(fig.batches))
        for r, ((product, batch), n) in enumerate(fig.batches):
            rate = fig.batch_rates.get((product, batch))
            for col, text in enumerate((product or "—", batch, str(n), "—" if rate is None else f"{rate:.2f}")):
                item = QTableWidgetItem(text)
                if col >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                t.setItem(r, col, item)
        t.resizeColumnsToContents()

    def _fill_signals(self, data: dashboard_data.Dashboard) -> None:
        pol, lang = load_policy(), language()
        t = self.signal_table
        current = self.selected_signal()
        t.setRowCount(0)
        t.setRowCount(len(data.signals))
        for r, s in enumerate(data.signals):
            is_open = s["status"] == Status.OPEN
            status = tr("Not decided") if is_open else pol.label("decision_kind", s["decision"], lang)
            where = " ".join(x for x in (s["batch_no"], s["month"]) if x) or "—"
            last = local_time(s["due_at"] if is_open else s["decided_at"])
            for col, text in enumerate((status, pol.label("kind", s["kind"], lang), s["product_name"] or "—", where,
                                        local_time(s["raised_at"]), last)):
                item = QTableWidgetItem(text)
                if is_open:
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                t.setItem(r, col, item)
        t.resizeColumnsToContents()
        self.tabs.setTabText(self.signals_index, tr("Signals ({open} open)").format(open=data.open_signals))
        ids = [s["id"] for s in data.signals]
        t.selectRow(ids.index(current["id"]) if current and current["id"] in ids else 0)
        self._signal_selected()

    # --- signals --------------------------------------------------------------------------------------------
    def selected_signal(self) -> dict | None:
        rows = self.signal_table.selectionModel().selectedRows() if self.signal_table.selectionModel() else []
        if not rows or self.data is None or rows[0].row() >= len(self.data.signals):
            return None
        return self.data.signals[rows[0].row()]

    def _signal_selected(self) -> None:
        from qa_desk.ui.signal_dialog import signal_html

        s = self.selected_signal()
        self.signal_text.setHtml(signal_html(s) if s else tr("No signal selected."))
        self.open_button.setEnabled(s is not None)
        if self.decide_button is not None:
            self.decide_button.setEnabled(s is not None and s["status"] == Status.OPEN)

    def open_signal_complaints(self) -> None:
        s = self.selected_signal()
        if s is None:
            return
        title = load_policy().label("kind", s["kind"], language()) + " · " + (s["product_name"] or "")
        background.read(self.db_path, lambda db: signals.complaint_ids(db, s),
                        lambda ids: self.show_ids(ids, title), self._failed, owner=self)

    def decide(self):
        """The decision dialog for the selected open signal; the page reads again after a decision."""
        from qa_desk.ui.signal_dialog import DecideDialog

        s = self.selected_signal()
        if s is None or s["status"] != Status.OPEN or not self.session.may(DECIDE):
            return None
        dialog = DecideDialog(self.session, s["id"], self)
        self.decide_dialog = dialog
        dialog.finished.connect(lambda result: result and self.reload())
        dialog.open()
        return dialog

    def scan(self) -> jobs.Job | None:
        """Look for new signals (a job: it writes them, audited); the page reads again when it is done."""
        if self.scanning:
            return None
        self.scanning = True
        self.scan_button.setEnabled(False)
        now = self.session.now()

        def done(result: signals.ScanResult) -> None:
            self.scanning = False
            self.scan_button.setEnabled(True)
            _last_scan[self.db_path] = now
            self.status.setText(tr("Scan done: {raised} new signals, {extended} grown.").format(
                raised=len(result.raised), extended=len(result.extended)))
            self.reload()

        def failed(message: str) -> None:
            self.scanning = False
            self.scan_button.setEnabled(True)
            self.status.setText(message)

        return jobs.start(self, self.db_path, self.session, tr("Scanning for signals…"),
                          lambda s, _progress, _cancelled: signals.scan(s, now), done, failed, failed)

    # --- clicks ---------------------------------------------------------------------------------------------
    def drill(self, d) -> None:
        """A click on a chart: exactly the complaints the clicked figure counts (read on a worker)."""
        scope = A.Scope(product=d.product) if d.product else self.scope()
        background.read(self.db_path, lambda db: drilldown.ids(db, scope, month=d.month, dim=d.dim, key=d.key),
                        lambda ids: self.show_ids(ids, d.title), self._failed, owner=self)

    def _batch_clicked(self, row: int, _col: int) -> None:
        from qa_desk.ui.dashboard_charts import Drill

        product, batch = self.batch_keys[row]
        self.drill(Drill(f"{product} · {batch}", dim=A.Dimension.BATCH, key=(product, batch)))

    def show_ids(self, ids: list[int], title: str) -> ComplaintListDialog | None:
        """Exactly the complaints a bar, slice or point counts: in the main window's triage view when the page
        sits in one (``in_triage``), else in a list of their own."""
        self.last_drill = (title, list(ids))
        if not ids:
            self.status.setText(tr("No complaint is counted there."))
            return None
        if self.in_triage is not None:
            self.in_triage(list(ids), title)
            return None
        if self.drill_dialog is not None:
            self.drill_dialog.close()
        dialog = ComplaintListDialog(self.session, ids, title, self)
        dialog.open_complaint.connect(self.open_complaint)
        self.drill_dialog = dialog
        dialog.show()
        return dialog

    def open_reviews(self):
        """The periodic reviews dialog (issue 16 item 5); imported when first asked for (reportlab with it)."""
        from qa_desk.ui.review_dialog import open_reviews

        return open_reviews(self)

    def refresh(self) -> None:
        """The main window's broadcast after a change: read again if the page is on screen, else when it is shown
        next (every figure of the file is read: not after each save made on another page)."""
        if not self._started:
            return
        if self.isVisible():
            self.reload()
        else:
            self._changed_unseen = True
