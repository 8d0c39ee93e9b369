"""The triage table model: holds only the ordered ids an SQL query returned and builds display rows a page
at a time (a bounded cache), so 100,000 complaints cost a list of ints, not 100,000 objects."""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime

from PySide6.QtCore import QT_TR_NOOP, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from qa_desk.core import deadlines, listing
from qa_desk.core.session import Session
from qa_desk.ui.i18n import language, pick, tr
from qa_desk.ui.widgets import local_time

PAGE = 200
MAX_PAGES = 25

COLUMNS = [  # key, label, sort key
    ("number", QT_TR_NOOP("Number"), "number"), ("received", QT_TR_NOOP("Received"), "received"),
    ("product", QT_TR_NOOP("Product"), "product"), ("batch", QT_TR_NOOP("Batch"), "batch"),
    ("class", QT_TR_NOOP("Class"), "class"), ("priority", QT_TR_NOOP("Priority"), "priority"),
    ("nature", QT_TR_NOOP("Nature"), "nature"), ("status", QT_TR_NOOP("Status"), "status"),
    ("owner", QT_TR_NOOP("Owner"), "owner"), ("due", QT_TR_NOOP("Next deadline"), "due"),
    ("days_open", QT_TR_NOOP("Days open"), "days_open"),
]
DUE_COLOURS = {"overdue": "#ffcdd2", "due_soon": "#ffe0b2"}
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROOT = QModelIndex()


def text_colour_on(background: str) -> QColor:
    """White on a dark class colour, black on a light one (decided by the colour, not by the class's code)."""
    c = QColor(background)
    return QColor("#ffffff" if 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue() < 150 else "#000000")


class TriageModel(QAbstractTableModel):
    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.filter = listing.TriageFilter()
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, dict]] = OrderedDict()
        self._now = session.now()
        self._cursor: listing.Cursor | None = None
        self.total = 0

    # --- loading ---------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Run the query again (after a filter, a sort or a change broadcast): the first page only."""
        self.beginResetModel()
        self._now = self.session.now()
        self._cursor = listing.Cursor(self.session.db, self.filter, user_id=self.session.actor.id, now=self._now)
        self._ids = self._cursor.next_page()
        self._pages.clear()
        self.endResetModel()
        self.total = self._cursor.total() if not self._cursor.done else len(self._ids)

    def canFetchMore(self, parent=ROOT) -> bool:  # noqa: N802
        return not parent.isValid() and self._cursor is not None and not self._cursor.done

    def fetchMore(self, parent=ROOT) -> None:  # noqa: N802
        if not self.canFetchMore(parent):
            return
        more = self._cursor.next_page()
        if more:
            first = len(self._ids)
            self.beginInsertRows(ROOT, first, first + len(more) - 1)
            self._ids.extend(more)
            self.endInsertRows()

    def fetch_all(self) -> None:
        while self.canFetchMore():
            self.fetchMore()

    def complaint_id(self, row: int) -> int:
        return self._ids[row]

    def row_for(self, row: int) -> dict:
        page = row // PAGE
        if page not in self._pages:
            chunk = self._ids[page * PAGE:(page + 1) * PAGE]
            self._pages[page] = listing.rows_for(self.session.db, chunk)
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return self._pages[page][self._ids[row]]

    # --- Qt model API ----------------------------------------------------------------------------------
    def rowCount(self, parent=ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(COLUMNS[section][1])
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.filter.sort = COLUMNS[column][2]
        self.filter.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        key = COLUMNS[index.column()][0]
        if role == ID_ROLE:
            return self._ids[index.row()]
        row = self.row_for(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(key, row)
        if role == Qt.ItemDataRole.BackgroundRole:
            if key == "class" and row["class"]:
                return QBrush(QColor(self.session.policy.classes[row["class"]].colour))
            if key == "due" and row["next_due"]:
                return self._due_brush(row)
        if role == Qt.ItemDataRole.ForegroundRole and key == "class" and row["class"]:
            return QBrush(text_colour_on(self.session.policy.classes[row["class"]].colour))
        if role == Qt.ItemDataRole.FontRole and row["pinned"]:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("class", "priority", "days_open"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if row["pinned"]:
                return tr("Class I: not yet acknowledged by the QA head and the quality VP")
            if key == "product":
                return row["description"]
        return None

    def _due_brush(self, row: dict):
        if row["status"] in listing.FINAL:
            return None
        state = deadlines.state({"due_at": row["next_due"], "met_at": None}, self._now,
                                self.session.policy.due_soon_hours)
        colour = DUE_COLOURS.get(state)
        return QBrush(QColor(colour)) if colour else None

    def _text(self, key: str, row: dict) -> str:
        pol, lang = self.session.policy, language()
        if key == "number":
            return ("★ " if row["pinned"] else "") + row["number"]
        if key == "received":
            return local_time(row["received_at"])
        if key == "product":
            return row["product_name"] + (f" {row['strength']}" if row["strength"] else "")
        if key == "batch":
            return row["batch_no"] or ""
        if key == "class":
            return row["class"] or "—"
        if key in ("priority", "nature", "status"):
            return pol.label(key, row[key], lang) if row[key] else "—"
        if key == "owner":
            return row["owner"] or tr("(QA inbox)")
        if key == "due":
            if not row["next_due"] or row["status"] in listing.FINAL:
                return ""
            kind = row["next_kind"] or ""
            label = next((pick(d["zh"], d["en"]) for d in pol.deadlines if d["kind"] == kind), kind)
            return f"{local_time(row['next_due'])} {label}"
        if key == "days_open":
            return str(listing.days_open(row, self._now))
        return ""


def now_of(model: TriageModel) -> datetime:
    return model._now
