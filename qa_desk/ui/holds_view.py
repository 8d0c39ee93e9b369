"""Batches on hold (暂停销售): every active hold with its complaint; double-click opens the complaint."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from qa_desk.core import investigation as inv
from qa_desk.core.session import Session
from qa_desk.ui.i18n import tr
from qa_desk.ui.widgets import local_time, size_columns


class HoldsView(QWidget):
    open_complaint = Signal(int)

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.title = QLabel()
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("holds")
        self.table.setHorizontalHeaderLabels([tr("Batch"), tr("Product"), tr("Complaint"),
                                              tr("On hold since")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        size_columns(self.table)
        self.table.cellDoubleClicked.connect(lambda row, _c: self.open_complaint.emit(self.holds[row]["complaint_id"]))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        self.holds: list[dict] = []
        self.refresh()

    def refresh(self) -> None:
        self.holds = inv.active_holds(self.session)
        self.title.setText(tr("<h3>Batches on hold ({holds})</h3><p>Not shipped or sold; lifting a hold needs "
                              "the QA head's signature.</p>").format(holds=len(self.holds)))
        self.table.setRowCount(len(self.holds))
        for i, h in enumerate(self.holds):
            for col, text in enumerate((h["batch_no"], h["product_name"], h["number"],
                                        local_time(h["started_at"]))):
                self.table.setItem(i, col, QTableWidgetItem(text))
        size_columns(self.table)
