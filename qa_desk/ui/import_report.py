"""What the import dialog shows about the file: the ledger as the reader will read it (the sheet's own row
numbers, the rows it skips and why), and the dry run's report (summary, problems grouped by kind with their rows,
the columns not imported as fields, and every row's outcome).

Everything shown is the core's: row numbers, messages and group titles come from ``ledger_reader`` and
``ledger_import.Plan`` in the user's language; nothing is counted or worded here except the labels.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TR_NOOP, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QFrame,
    QHeaderView,
    QLabel,
    QListWidget,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import ledger_import as L
from qa_desk.core.policy import Policy
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.import_mapping import cell_text, short

PREVIEW_ROWS = 20
TREE_ROWS = 200  # rows listed under one problem group (the table below lists them all)
PROBLEM = QColor("#b71c1c")
ACTIONS = {L.Action.CREATE: QT_TR_NOOP("create"), L.Action.SKIP: QT_TR_NOOP("skip"),
           L.Action.ERROR: QT_TR_NOOP("problem")}


def _item(text: str, tip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(tip if tip is not None else text)
    return item


def _line(text: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem([text])
    item.setToolTip(0, text)
    return item


class LedgerPreview(QWidget):
    """The first rows as they will be read, numbered as the sheet numbers them, and the rows the reader skips."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.about = QLabel(tr("Choose a file to see its rows as they will be read."))
        self.about.setObjectName("preview_about")
        self.about.setWordWrap(True)
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("preview")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.skipped = QListWidget()
        self.skipped.setObjectName("preview_skipped")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel(tr("Rows the reader skips (not errors):")))
        lay.addWidget(self.skipped)
        split.addWidget(box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addWidget(split, 1)

    def show_ledger(self, ledger) -> None:
        lang = language()
        rows = ledger.rows[:PREVIEW_ROWS]
        self.about.setText(tr("Header in row {row}; {n} data row(s); the first {shown} below, numbered as in the "
                              "sheet.").format(row=ledger.header_row, n=len(ledger.rows), shown=len(rows)))
        self.table.clear()
        self.table.setColumnCount(len(ledger.header))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels([f"{h or '—'}\n{ledger.column_letter(i)}"
                                              for i, h in enumerate(ledger.header)])
        self.table.setVerticalHeaderLabels([str(r.number) for r in rows])
        for r, row in enumerate(rows):
            for c in range(len(ledger.header)):
                text = cell_text(row.get(c))
                self.table.setItem(r, c, _item(short(text, 60), f"{row.cell(c)}: {text}" if text else row.cell(c)))
        self.table.resizeColumnsToContents()
        for c in range(self.table.columnCount()):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 220))
        self.skipped.clear()
        self.skipped.addItems([s.message(lang) for s in ledger.skipped] or [tr("(none)")])


class DryRunReport(QWidget):
    """The dry run's report: the summary, a tree (problem groups → rows → problems; the columns not imported as
    fields; the rows skipped) and the table of every row's outcome. Clicking a row in the tree selects it in the
    table."""

    COLUMNS = (QT_TR_NOOP("Row"), QT_TR_NOOP("Result"), QT_TR_NOOP("Number"), QT_TR_NOOP("Ledger number"),
               QT_TR_NOOP("Comes in as"), QT_TR_NOOP("Notes"))

    def __init__(self, policy: Policy, parent=None) -> None:
        super().__init__(parent)
        self.policy = policy
        self.rows: dict[int, int] = {}  # sheet row → table row
        self.summary = QLabel(tr("No dry run yet: it checks every row and writes nothing."))
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self._tree())
        split.addWidget(self._table())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

    def _tree(self) -> QWidget:
        """The tree, and under it the selected line in full (a tree cuts long problem texts)."""
        self.tree = QTreeWidget()
        self.tree.setObjectName("report")
        self.tree.setHeaderHidden(True)
        self.tree.itemClicked.connect(self._select_row)
        self.tree.currentItemChanged.connect(self._detail)
        self.detail = QLabel()
        self.detail.setObjectName("report_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setFrameShape(QFrame.Shape.StyledPanel)
        self.detail.setMinimumHeight(48)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.detail)
        return box

    def _table(self) -> QTableWidget:
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("results")
        self.table.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(len(self.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        return self.table

    def show_plan(self, plan: L.Plan, headline: str | None = None) -> None:
        lang = language()
        self.summary.setText((headline + "\n" if headline else "") + plan.summary(lang))
        self.tree.clear()
        self.detail.setText(tr("Click a line to read it whole; a row's line also selects the row in the table."))
        self._problems(plan, lang)
        self._columns(plan, lang)
        self._skipped(plan, lang)
        self._outcomes(plan, lang)

    def clear(self, text: str) -> None:
        self.summary.setText(text)
        self.detail.setText("")
        self.tree.clear()
        self.table.setRowCount(0)

    # --- the tree ----------------------------------------------------------------------------------------
    def _problems(self, plan: L.Plan, lang: str) -> None:
        """One node per problem group (``plan.problem_groups``), its rows under it, each with that group's
        problems."""
        by_row = {r.row: r for r in plan.errors}
        bold = QFont()
        bold.setBold(True)
        for group in plan.problem_groups(lang):
            key, title, rows = group.key, group.title, group.rows
            node = _line(tr("{title} — {n} row(s)").format(title=title, n=len(rows)))
            node.setFont(0, bold)
            node.setForeground(0, QBrush(PROBLEM))
            self.tree.addTopLevelItem(node)
            for n in rows[:TREE_ROWS]:
                texts = [p.text(lang) for p in by_row[n].problems if p.group == key]
                child = QTreeWidgetItem([tr("Row {row}: {problems}").format(row=n, problems="; ".join(texts))])
                child.setData(0, Qt.ItemDataRole.UserRole, n)
                child.setToolTip(0, child.text(0))
                node.addChild(child)
            if len(rows) > TREE_ROWS:
                node.addChild(QTreeWidgetItem([tr("… and {n} more row(s): see the table below").format(
                    n=len(rows) - TREE_ROWS)]))
            node.setExpanded(True)

    def _columns(self, plan: L.Plan, lang: str) -> None:
        kept = [c for c in plan.columns if c.use in (L.Use.EXTRA, L.Use.IGNORED, L.Use.DERIVED)]
        if kept:
            node = QTreeWidgetItem([tr("Columns not imported as fields ({n})").format(n=len(kept))])
            node.addChildren([_line(c.describe(lang)) for c in kept])
            self.tree.addTopLevelItem(node)
            node.setExpanded(True)

    def _skipped(self, plan: L.Plan, lang: str) -> None:
        lines = [s.message(lang) for s in plan.skipped]
        lines += [tr("Row {row}: skipped {number} ({why})").format(row=r.row, number=r.number or "",
                                                                   why=r.why[0 if lang == "zh_CN" else 1])
                  for r in plan.skipped_rows if r.why]
        if lines:
            node = QTreeWidgetItem([tr("Rows skipped ({n})").format(n=len(lines))])
            node.addChildren([_line(line) for line in lines])
            self.tree.addTopLevelItem(node)

    def _detail(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        """A line of the tree in full (long problem texts are cut in the tree)."""
        self.detail.setText(item.toolTip(0) or item.text(0) if item is not None else "")

    def _select_row(self, item: QTreeWidgetItem) -> None:
        row = item.data(0, Qt.ItemDataRole.UserRole)
        if row in self.rows:
            self.table.selectRow(self.rows[row])
            self.table.scrollToItem(self.table.item(self.rows[row], 0))

    # --- the table ---------------------------------------------------------------------------------------
    def _outcomes(self, plan: L.Plan, lang: str) -> None:
        self.table.setRowCount(len(plan.rows))
        self.rows = {}
        for i, r in enumerate(plan.rows):
            self.rows[r.row] = i
            for col, text in enumerate(self._cells(r, lang)):
                item = _item(short(text, 200), text)
                if r.action is L.Action.ERROR:
                    item.setForeground(QBrush(PROBLEM))
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(len(self.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)

    def _cells(self, r: L.RowOutcome, lang: str) -> tuple[str, ...]:
        if r.action is L.Action.CREATE:
            status = self.policy.label("status", r.status, lang)
            comes = tr("{status} (history)").format(status=status) if r.historical else tr("open ({status})").format(
                status=status)
        else:
            comes = ""
        zh = lang == "zh_CN"
        notes = r.why[0 if zh else 1] if r.why else "; ".join([p.text(lang) for p in r.problems] +
                                                               [n[0 if zh else 1] for n in r.notes])
        return (str(r.row), tr(ACTIONS[r.action]), r.number or "", r.legacy_number or "", comes, notes)
