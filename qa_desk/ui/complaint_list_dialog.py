"""Exactly the complaints a figure counts (a bar, a slice, a chart point, a signal), in the triage table's columns.

The list holds the ids the core returned (``core.drilldown`` / ``signals.complaint_ids``) and builds its rows a
page at a time like the triage view (``TriageModel``); double-click or Enter opens a complaint through
``open_complaint``, which the page passes on to the main window as every list does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
)

from qa_desk.core.session import Session
from qa_desk.ui.i18n import tr
from qa_desk.ui.triage_model import TriageModel
from qa_desk.ui.widgets import size_columns


class IdsModel(TriageModel):
    """The triage model over a fixed list of ids (in the order given; no filter, no sort)."""

    def __init__(self, session: Session, ids: list[int], parent=None) -> None:
        super().__init__(session, parent)
        self.fixed = list(ids)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._now = self.session.now()
        self._cursor = None
        self._ids = list(getattr(self, "fixed", []))
        self._pages.clear()
        self.endResetModel()
        self.total = len(self._ids)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        return  # the order of receipt, as counted


class ComplaintListDialog(QDialog):
    open_complaint = Signal(int)

    def __init__(self, session: Session, ids: list[int], title: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("drill_dialog")
        self.setWindowTitle(tr("Complaints: {what}").format(what=title))
        self.ids = list(ids)
        self.model = IdsModel(session, self.ids, self)
        self.table = QTableView()
        self.table.setObjectName("drill_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda idx: self.open_complaint.emit(self.model.complaint_id(idx.row())))
        count = QLabel(tr("{what}: {total} complaints (exactly those counted; double-click one to open it)").format(
            what=title, total=len(self.ids)))
        count.setObjectName("drill_count")
        count.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(count)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        size_columns(self.table, (130, 125, 190, 80, 60, 60, 110, 110, 110, 210, 70))
        self.resize(1000, 480)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Enter opens the current complaint
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.currentIndex().isValid():
            self.open_complaint.emit(self.model.complaint_id(self.table.currentIndex().row()))
            return
        super().keyPressEvent(event)
