"""My registrations: the complaints this user registered (number, time, product, status, to whom it went).

Reception's whole view of the records (DOMAIN §1): the list comes from ``complaints.registered_by_me``, which
holds no personal data; double-click opens the complaint, which the complaint window reads masked."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import complaints
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.widgets import local_time, size_columns


class RegistrationsView(QWidget):
    open_complaint = Signal(int)
    new_complaint = Signal()
    print_blank = Signal()

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.rows: list[dict] = []
        self.title = QLabel()
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("registrations")
        self.table.setHorizontalHeaderLabels([tr("Number"), tr("Received at"), tr("Product"), tr("Status"),
                                              tr("Passed to")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        size_columns(self.table)
        self.table.verticalHeader().setVisible(False)
        self.table.cellDoubleClicked.connect(lambda row, _c: self.open_complaint.emit(self.rows[row]["id"]))
        buttons = QHBoxLayout()
        for name, label, signal, action in (("new_complaint", tr("New complaint…"), self.new_complaint, "register"),
                                            ("print_blank", tr("Print blank receipt form"), self.print_blank,
                                             "print_blank")):
            b = QPushButton(label)
            b.setObjectName(name)
            b.setEnabled(session.may(action))
            b.clicked.connect(signal.emit)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.rows = complaints.registered_by_me(self.session)
        except DomainError as exc:  # the account was locked or its role removed since the window opened
            self.rows = []
            self.table.setRowCount(0)
            self.title.setText(exc.message(language()))
            return
        self.title.setText(tr("<h3>My registrations ({rows})</h3>").format(rows=len(self.rows)))
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            cells = (r["number"], local_time(r["received_at"]), r["product_name"] or "",
                     self.session.policy.label("status", r["status"], language()),
                     r["owner_name"] or tr("QA office"))
            for col, text in enumerate(cells):
                self.table.setItem(i, col, QTableWidgetItem(text))
        size_columns(self.table)
