"""My tasks: what the logged-in user must do next, oldest deadline first; double-click opens the complaint."""

from __future__ import annotations

from PySide6.QtCore import QT_TR_NOOP, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from qa_desk.core import tasks
from qa_desk.core.session import Session
from qa_desk.ui import background
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.triage_model import text_colour_on
from qa_desk.ui.widgets import local_time, size_columns

COLUMNS = [QT_TR_NOOP("Due"), QT_TR_NOOP("Number"), QT_TR_NOOP("Product"), QT_TR_NOOP("Class"),
           QT_TR_NOOP("Registered by"), QT_TR_NOOP("To do")]
CLASS_COLUMN, RECEPTION_COLUMN = 3, 4


class TasksView(QWidget):
    open_complaint = Signal(int)
    open_page = Signal(str)  # a task that is no complaint's: an early-warning signal is decided on Trends

    def __init__(self, session: Session, db_path: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.db_path = db_path
        self.loaded = False
        self.title = QLabel()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("tasks")
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        size_columns(self.table)
        self.table.cellDoubleClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        self.items: list[tasks.Task] = []
        self.refresh()

    def refresh(self) -> None:
        """The task list is read on a worker thread (it queries the whole file) when a file path is known."""
        if self.db_path is None:
            self.show_items(tasks.for_user(self.session))
            return
        s = self.session
        background.read(self.db_path, lambda db: tasks.for_user(Session(db, s.actor, clock=s.clock)),
                        self.show_items, owner=self)

    def show_items(self, items: list) -> None:
        self.items = items
        self.loaded = True
        now = self.session.now()
        self.title.setText(tr("<h3>My tasks ({items})</h3>").format(items=len(self.items)))
        self.table.setRowCount(len(self.items))
        for i, t in enumerate(self.items):
            due = tasks.parse_due(t)
            cells = [local_time(t.due_at), t.number, t.product, t.klass or "—",
                     tr("Reception") if t.by_reception else "", t.text(language())]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 0 and due is not None and due < now:
                    item.setForeground(QColor("#c62828"))
                self.table.setItem(i, col, item)
            self._mark(i, t)
        size_columns(self.table)

    def _mark(self, row: int, task: tasks.Task) -> None:
        """The class in its colour (as in triage); what reception registered marked, so QA sees it needs a first
        look by someone who knows the product."""
        if task.klass and task.klass in self.session.policy.classes:
            item = self.table.item(row, CLASS_COLUMN)
            item.setBackground(QColor(self.session.policy.classes[task.klass].colour))
            item.setForeground(text_colour_on(self.session.policy.classes[task.klass].colour))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        if task.by_reception:
            item = self.table.item(row, RECEPTION_COLUMN)
            item.setBackground(QColor("#e3f2fd"))
            item.setToolTip(tr("Registered at reception"))

    def _open(self, row: int, _col: int) -> None:
        task = self.items[row]
        if task.complaint_id is not None:
            self.open_complaint.emit(task.complaint_id)
        elif task.kind == "signal":
            self.open_page.emit("trends")
