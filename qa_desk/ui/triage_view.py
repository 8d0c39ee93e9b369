"""The triage page: class tabs, a filter bar, one search box, and the lazily filled table."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import listing
from qa_desk.core.session import Session
from qa_desk.ui.i18n import language, pick, tr
from qa_desk.ui.triage_model import TriageModel
from qa_desk.ui.widgets import literal, size_columns

CLASS_TABS = ["", "I", "II", "III", "IV", "V"]


class TriageView(QWidget):
    open_complaint = Signal(int)

    def __init__(self, session: Session, parent=None, *, archive: bool = False, db_path: str | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.archive = archive
        self.db_path = db_path
        self.model = TriageModel(session, self)
        self.tabs = QTabBar()
        self.tabs.setObjectName("class_tabs")
        for code in CLASS_TABS:
            self.tabs.addTab(tr("All") if not code else literal(session.policy.label("class", code, language())))
        self.tabs.currentChanged.connect(self.apply)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(tr("Search number, product, batch, complainant, text (e.g. leak, glass)"))
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.apply)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.apply)

        self.status = self._status_filter()
        self.scope = QLabel()
        self.scope.setObjectName("search_scope")
        self.nature = QComboBox()
        self.nature.setObjectName("nature_filter")
        self.nature.addItem(tr("Any nature"), ())
        for code in session.policy.codes("nature"):
            self.nature.addItem(session.policy.label("nature", code, language()), (code,))
        self.product = QComboBox()
        self.product.setObjectName("product_filter")
        self.product.addItem(tr("Any product"), None)
        for name in listing.products(session.db):
            self.product.addItem(name, name)
        # a product name is data of any length: the combo stays narrow, its list as wide as the longest name
        self.product.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.product.setMinimumContentsLength(16)
        self.product.view().setMinimumWidth(self.product.view().sizeHintForColumn(0) + 24)
        self.date_from = QDateEdit(calendarPopup=True)
        self.date_to = QDateEdit(calendarPopup=True)
        self.use_dates = QCheckBox(tr("Received"))
        for w in (self.date_from, self.date_to):
            w.setDisplayFormat("yyyy-MM-dd")
        today = QDate.currentDate()
        self.date_from.setDate(today.addYears(-1))
        self.date_to.setDate(today)
        self.overdue = QCheckBox(tr("Overdue only"))
        self.overdue.setObjectName("overdue_only")
        self.mine = QCheckBox(tr("Mine"))
        self.mine.setObjectName("mine")
        for w in (self.status, self.nature, self.product):
            w.currentIndexChanged.connect(self.apply)
        for w in (self.use_dates, self.overdue, self.mine):
            w.toggled.connect(self.apply)
        for w in (self.date_from, self.date_to):
            w.dateChanged.connect(lambda _d: self.use_dates.isChecked() and self.apply())

        self.table = QTableView()
        self.table.setObjectName("triage_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda idx: self.open_complaint.emit(self.model.complaint_id(idx.row())))
        self.count = QLabel()
        self.count.setObjectName("count")
        self.snippet = QLabel()
        self.snippet.setObjectName("match_snippet")
        self.snippet.setTextFormat(Qt.TextFormat.RichText)
        self.snippet.setWordWrap(True)

        self.overdue.setVisible(not archive)
        # two rows, so the page fits a laptop at 150 % (911 logical pixels less the navigation) in English too
        filters, bar = QHBoxLayout(), QHBoxLayout()
        for w in (self.status, self.nature, self.product):
            filters.addWidget(w)
        filters.addStretch(1)
        for w in (self.use_dates, self.date_from, QLabel("–"), self.date_to, self.overdue, self.mine):
            bar.addWidget(w)
        bar.addStretch(1)
        self.print_button = QPushButton(tr("Print selected…"))
        self.print_button.setObjectName("batch_print")
        self.print_button.clicked.connect(lambda: self.batch_print())
        self.export_button = QPushButton(tr("Export this list…"))
        self.export_button.setObjectName("export_list")
        self.export_button.clicked.connect(lambda: self.export_list())
        for b, action in ((self.print_button, "print_record"), (self.export_button, "register_export")):
            b.setEnabled(db_path is not None and session.may(action))
            bar.addWidget(b)
        layout = QVBoxLayout(self)
        if archive:
            note = QLabel(tr("Closed and archived complaints, read-only. Each record shows how long it is kept; "
                             "legal holds and destruction are on the Retention page."))
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self.tabs)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.scope)
        layout.addLayout(search_row)
        layout.addLayout(filters)
        layout.addLayout(bar)
        layout.addLayout(self._ids_banner())
        layout.addWidget(self.table, 1)
        layout.addWidget(self.snippet)
        layout.addWidget(self.count)
        self.current_filter()
        # enabling sorting makes the view call model.sort() once: that is the first (and only) load
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self._show_count()
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self.show_snippet())
        self.model.modelReset.connect(self.show_snippet)
        self.show_snippet()
        # widths chosen for the usual contents (the table is too large to measure), widened to the header text
        size_columns(self.table, (130, 125, 190, 80, 60, 60, 110, 110, 110, 210, 70))

    def _status_filter(self) -> QComboBox:
        """The status filter, which also says what the search covers. The work list starts on open complaints
        (the core says which those are); "all statuses" shows and searches every one, voided, closed and archived
        included. The archive starts on finished records (voided ones on request)."""
        combo = QComboBox()
        combo.setObjectName("status_filter")
        policy = self.session.policy
        if self.archive:
            combo.addItem(tr("Closed or archived"), listing.FINISHED)
            codes = listing.FINAL
        else:
            combo.addItem(tr("Open complaints"), "open")
            combo.addItem(tr("All statuses"), ())
            codes = policy.codes("status")
        for code in codes:
            combo.addItem(policy.label("status", code, language()), (code,))
        return combo

    def _ids_banner(self) -> QHBoxLayout:
        """Shown while the list holds exactly the complaints a chart counted (``show_ids``)."""
        self.only_ids: tuple[int, ...] | None = None
        row = QHBoxLayout()
        self.ids_label = QLabel()
        self.ids_label.setObjectName("ids_banner")
        self.ids_label.setWordWrap(True)
        self.ids_clear = QPushButton(tr("Show the whole list again"))
        self.ids_clear.setObjectName("ids_clear")
        self.ids_clear.clicked.connect(lambda: self.show_ids(None))
        row.addWidget(self.ids_label, 1)
        row.addWidget(self.ids_clear)
        self.ids_label.hide()
        self.ids_clear.hide()
        return row

    def show_ids(self, ids: list[int] | None, title: str = "") -> None:
        """Exactly ``ids`` (all statuses, no other filter), under a banner naming where they came from; None
        shows the whole list again."""
        self.only_ids = None if ids is None else tuple(ids)
        if ids is not None:
            widgets = (self.tabs, self.status, self.nature, self.product, self.use_dates, self.overdue, self.mine,
                       self.search)
            for w in widgets:
                w.blockSignals(True)
            self.tabs.setCurrentIndex(0)
            self.status.setCurrentIndex(max(0, self.status.findData(())))  # all statuses: the chart counted them
            self.nature.setCurrentIndex(0)
            self.product.setCurrentIndex(0)
            for box in (self.use_dates, self.overdue, self.mine):
                box.setChecked(False)
            self.search.clear()
            for w in widgets:
                w.blockSignals(False)
            self.ids_label.setText(tr("The {n} complaints counted in: {title}").format(n=len(ids), title=title))
        self.ids_label.setVisible(ids is not None)
        self.ids_clear.setVisible(ids is not None)
        self.apply()

    def show_snippet(self) -> None:
        """Under the table: where the search matched the highlighted complaint (its field and the words around)."""
        index = self.table.currentIndex()
        text = self.search.text()
        found = None
        if index.isValid() and text.strip() and index.row() < self.model.rowCount():
            found = listing.match_snippet(self.session.db, self.model.complaint_id(index.row()), text)
        self.snippet.setVisible(found is not None)
        if found is None:
            self.snippet.clear()
            return
        field = pick(*listing.snippet_field_label(found.field))
        self.snippet.setText(tr("Found in {field}: {text}").format(
            field=escape(field), text=f"{escape(found.before)}<b><u>{escape(found.hit)}</u></b>{escape(found.after)}"))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Enter opens the current complaint
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.currentIndex().isValid():
            self.open_complaint.emit(self.model.complaint_id(self.table.currentIndex().row()))
            return
        super().keyPressEvent(event)

    def selected_ids(self) -> list[int]:
        return [self.model.complaint_id(i.row()) for i in self.table.selectionModel().selectedRows()]

    def batch_print(self, form: str | None = None, out=None):
        """The selected complaints into one PDF, off the GUI thread."""
        from qa_desk.ui import print_actions

        form = form or print_actions.choose_form(self)
        if form:
            return print_actions.batch_print(self, self.db_path, self.session, self.selected_ids(), form, out)
        return None

    def export_list(self, out=None):
        """The register of exactly the complaints this list shows (its filter and search), off the GUI thread."""

        from PySide6.QtWidgets import QMessageBox

        from qa_desk.documents import register
        from qa_desk.ui import jobs

        out = out or jobs.ask_save_path(self, tr("Export the register"), "register.xlsx", "Excel (*.xlsx)")
        if out is None:
            return None
        ids = listing.ids(self.session.db, self.model.filter, user_id=self.session.actor.id, now=self.session.now())
        f, lang = register.RegisterFilter(ids=ids), language()  # the labels in the language of the user's screen
        return jobs.start(self, self.db_path, self.session, tr("Exporting…"),
                          lambda s, progress, cancelled: register.export(s, out, f, lang=lang, progress=progress,
                                                                         cancelled=cancelled),
                          lambda r: self.count.setText(tr("Exported {rows} to {out}").format(rows=r['rows'], out=out)),
                          lambda m: QMessageBox.warning(self, "QA Desk", m), self.count.setText)

    def current_filter(self) -> listing.TriageFilter:
        f = self.model.filter
        code = CLASS_TABS[self.tabs.currentIndex()] if self.tabs.currentIndex() >= 0 else ""
        f.classes = (code,) if code else ()
        status = self.status.currentData()
        f.open_only = status == "open"
        f.statuses = () if status in (None, "open") else tuple(status)
        f.exclude_archived = False  # "all statuses" is all of them: the search covers every complaint asked for
        self.scope.setText(tr("Search in: {which}").format(which=self.status.currentText()))
        f.natures = tuple(self.nature.currentData() or ())
        f.product = self.product.currentData()
        f.received_from = self.date_from.date().toPython() if self.use_dates.isChecked() else None
        f.received_to = self.date_to.date().toPython() if self.use_dates.isChecked() else None
        f.overdue_only = self.overdue.isChecked()
        f.mine = self.mine.isChecked()
        f.text = self.search.text()
        f.ids = getattr(self, "only_ids", None)
        return f

    def apply(self, *_args) -> None:
        self.current_filter()
        self.refresh()

    def refresh(self) -> None:
        self.model.reload()
        self._show_count()

    def _show_count(self) -> None:
        self.count.setText(tr("{total} complaints").format(total=self.model.total))
