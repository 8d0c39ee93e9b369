"""The import dialog's answers: what each column of the file is, what its unrecognised words mean, and the
import's options. Together they are the ``ImportMap`` the core plans with (and the JSON a map file holds).

The core decides what a header means (``import_fields.recognise``) and which words a field knows
(``vocabulary``, ``class_code``); these widgets only show that and collect the user's choices. A column's choice
goes into ``ImportMap.columns`` only where it differs from what the core does by itself (a recognised header
kept as recognised, an unrecognised one kept as an extra field), so a saved map stays short, reads as the user's
decisions, and a header the core learns to recognise later is not pinned to an old answer.

"Keep as extra field" is offered only for a header the core does not recognise: the map has no way to say
"extra" for a recognised one (an entry names a target or None, which leaves the column out).
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QT_TR_NOOP, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
)

from qa_desk.core import import_fields as F
from qa_desk.core import ledger_import as L
from qa_desk.core.import_rows import cell_text as core_cell_text
from qa_desk.core.policy import Policy
from qa_desk.core.typed_values import DateOrder
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.widgets import select_code, vocab_combo

# Combo data that is not a target key (target keys never start with ":").
KEEP_EXTRA = ":extra"
LEAVE_OUT = ":leave_out"
CHOOSE = ":choose"
UNMAPPED = None  # a value combo left at "not recognised"

ASK = QColor("#fff3cd")  # a choice the user still has to make
MAX_VALUES = 100  # distinct unrecognised words listed per field (more means it is no vocabulary column)
SAMPLES = 3


def cell_text(value) -> str:
    """A cell as the preview shows it: the core's reading of a cell, blanks as nothing."""
    return core_cell_text(value) or ""


def short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _item(text: str, tip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(tip or text)
    return item


# ---------------------------------------------------------------------------------------------- the columns


class ColumnMap(QTableWidget):
    """One row per column of the file: its header (and cell), its first values, and what to import it as."""

    changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(0, 3, parent)
        self.setObjectName("mapping")
        self.setHorizontalHeaderLabels([tr("Column in the file"), tr("First values"), tr("Import as")])
        head = self.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(0, 200)
        self.setColumnWidth(2, 260)
        self.headers: list[str] = []
        self.natural: list[str | None] = []  # the target the core recognises, per column
        self.candidates: list[tuple[str, ...]] = []  # the targets an ambiguous header could be
        self.combos: list[QComboBox] = []
        self.others: dict[str, str | None] = {}  # a loaded map's entries for headers this file lacks
        self.unknown: list[str] = []  # map entries naming no field

    def show_ledger(self, ledger, given: dict[str, str | None]) -> None:
        """Rebuild for a file, preselecting what the core recognises and then what ``given`` (a map) says."""
        self.headers = ["" if h is None else str(h).strip() for h in ledger.header]
        self.combos = []
        self.setRowCount(len(self.headers))
        self.natural, self.candidates = [], []
        for i, header in enumerate(self.headers):
            target, candidates = F.recognise(header, self.headers) if header else (None, ())
            self.natural.append(target.key if target else None)
            self.candidates.append(candidates)
            self.setItem(i, 0, _item(f"{header or '—'}  ({ledger.header_cell(i)})"))
            self.setItem(i, 1, _item(self._samples(ledger, i)))
            combo = self._combo(i)
            self.setCellWidget(i, 2, combo)
            self.combos.append(combo)
        self.setVerticalHeaderLabels([ledger.column_letter(i) for i in range(len(self.headers))])
        self.apply(given)
        self.resizeRowsToContents()

    def _samples(self, ledger, i: int) -> str:
        found = [cell_text(r.get(i)) for r in ledger.rows[:50] if cell_text(r.get(i)).strip()]
        return " · ".join(short(x, 30) for x in found[:SAMPLES])

    def _combo(self, i: int) -> QComboBox:
        """The choices of one column: its recognised target or a request to choose, every target, extra, out."""
        combo = QComboBox()
        combo.setObjectName(f"map_{i}")
        lang = language()
        if self.candidates[i]:
            names = tr(" or ").join(F.BY_KEY[c].label(lang) for c in self.candidates[i])
            combo.addItem(tr("(choose: {names})").format(names=names), CHOOSE)
            for key in self.candidates[i]:
                combo.addItem(F.BY_KEY[key].label(lang), key)
            combo.insertSeparator(combo.count())
        elif self.natural[i] is None:
            combo.addItem(tr("(keep as extra field)"), KEEP_EXTRA)
        for t in F.TARGETS:
            if t.key not in self.candidates[i]:
                combo.addItem(t.label(lang) + (" *" if t.required else ""), t.key)
        combo.addItem(tr("(leave out)"), LEAVE_OUT)
        combo.setMaxVisibleItems(20)
        if self.natural[i]:
            select_code(combo, self.natural[i])
        combo.currentIndexChanged.connect(lambda _i, row=i: self._chosen(row))
        return combo

    def apply(self, given: dict[str, str | None], *, reset: bool = False) -> None:
        """Set the combos from a map's ``columns`` (keys or labels); entries for other headers are kept.
        ``reset``: every other column goes back to what the core does by itself (a map loaded replaces)."""
        by_header = {F.normal_header(h): i for i, h in enumerate(self.headers)}
        self.others, self.unknown = {}, []
        if reset:
            for combo, natural in zip(self.combos, self.natural, strict=True):
                combo.blockSignals(True)
                combo.setCurrentIndex(max(0, combo.findData(natural)) if natural else 0)
                combo.blockSignals(False)
        for header, name in given.items():
            i = by_header.get(F.normal_header(header))
            if i is None:
                self.others[header] = name
                continue
            target = F.find_target(name) if name else None
            if name and target is None:
                self.unknown.append(header)
                continue
            combo = self.combos[i]
            combo.blockSignals(True)
            select_code(combo, target.key if target else LEAVE_OUT)
            combo.blockSignals(False)
        for i in range(len(self.combos)):
            self._mark(i)
        self.changed.emit()

    def _chosen(self, i: int) -> None:
        self._mark(i)
        self.changed.emit()

    def _mark(self, i: int) -> None:
        """Highlight an ambiguous column until the user has said what it is."""
        waiting = self.combos[i].currentData() == CHOOSE
        for col in (0, 1):
            item = self.item(i, col)
            item.setBackground(QBrush(ASK) if waiting else QBrush())
            if self.candidates[i]:
                item.setToolTip(tr("This header could mean more than one field: choose which in “Import as”."))

    def columns(self) -> dict[str, str | None]:
        """``ImportMap.columns``: the user's choices that differ from what the core does by itself."""
        out = dict(self.others)
        for header, natural, combo in zip(self.headers, self.natural, self.combos, strict=True):
            choice = combo.currentData()
            if choice == LEAVE_OUT:
                out[header] = None
            elif choice not in (KEEP_EXTRA, CHOOSE) and choice != natural:
                out[header] = choice
        return out

    def targets(self) -> dict[int, str]:
        """Column index → the target key it is imported as (derived and left-out columns are not)."""
        return {i: c.currentData() for i, c in enumerate(self.combos) if c.currentData() in F.BY_KEY}

    def unsettled(self) -> list[str]:
        """Headers that could mean two fields and are still waiting for the user's choice."""
        return [h for h, c in zip(self.headers, self.combos, strict=True) if c.currentData() == CHOOSE]

    def combo_for(self, header: str) -> QComboBox:
        return self.combos[self.headers.index(header)]


# ------------------------------------------------------------------------------------------------- the values


class ValueMap(QTableWidget):
    """The words of the vocabulary columns that the core does not know, each with what it means.

    The answers are kept across rebuilds (a column mapped away and back keeps them) and with the values a
    loaded map names that this file lacks, so saving the map again loses nothing."""

    changed = Signal()

    def __init__(self, policy: Policy, parent=None) -> None:
        super().__init__(0, 4, parent)
        self.policy = policy
        self.setObjectName("value_map")
        self.setHorizontalHeaderLabels([tr("Field"), tr("Value in the file"), tr("Rows"), tr("Import as")])
        head = self.horizontalHeader()
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(0, 150)
        self.setColumnWidth(2, 60)
        self.setColumnWidth(3, 280)
        self.answers: dict[str, dict[str, str]] = {}
        self.combos: dict[tuple[str, str], QComboBox] = {}

    def load(self, values: dict[str, dict[str, str]]) -> None:
        """A map's value maps (codes or labels) become the answers."""
        self.answers = {}
        for key, pairs in values.items():
            t = F.BY_KEY.get(key) or F.find_target(key)
            name = t.key if t else key
            self.answers[name] = {src: self._code(t, dst) for src, dst in pairs.items()}

    def _code(self, t: F.Target | None, given: str) -> str:
        if t is None or t.vocab is None:
            return given
        words = F.vocabulary(self.policy, t.vocab)
        code = words.get(F.normal_value(given)) or (F.class_code(given) if t.vocab == "class" else None)
        return code or given  # an invalid one is left for the core to refuse, naming it

    def show_values(self, ledger, targets: dict[int, str]) -> int:
        """Rebuild from the file's vocabulary columns; returns how many words still have no meaning."""
        rows: list[tuple[F.Target, str, int]] = []
        for index, key in sorted(targets.items()):
            t = F.BY_KEY[key]
            if t.kind is F.Kind.VOCAB:
                rows += [(t, value, n) for value, n in self._unknown_words(ledger, index, t)]
        self.combos = {}
        self.setRowCount(len(rows))
        for r, (t, value, n) in enumerate(rows):
            self._row(r, t, value, n)
        self.resizeRowsToContents()
        return self.waiting()

    def _unknown_words(self, ledger, index: int, t: F.Target) -> list[tuple[str, int]]:
        words = F.vocabulary(self.policy, t.vocab)
        seen: Counter[str] = Counter()
        for row in ledger.rows:
            text = cell_text(row.get(index)).strip()
            if text and F.normal_value(text) not in words and not (t.vocab == "class" and F.class_code(text)):
                seen[text] += 1
        return sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_VALUES]

    def _row(self, r: int, t: F.Target, value: str, n: int) -> None:
        self.setItem(r, 0, _item(t.label(language())))
        self.setItem(r, 1, _item(value))
        self.setItem(r, 2, _item(str(n)))
        combo = vocab_combo(self.policy, t.vocab, empty=tr("(not recognised: a problem in the dry run)"),
                            object_name=f"value_{t.key}_{r}")
        answer = self.answers.get(t.key, {}).get(value)
        if answer:
            select_code(combo, answer)
        combo.currentIndexChanged.connect(lambda _i, key=t.key, v=value, c=combo: self._chosen(key, v, c))
        self.setCellWidget(r, 3, combo)
        self.combos[(t.key, value)] = combo
        self._mark(r, combo)

    def _chosen(self, key: str, value: str, combo: QComboBox) -> None:
        code = combo.currentData()
        if code is UNMAPPED:
            self.answers.get(key, {}).pop(value, None)
        else:
            self.answers.setdefault(key, {})[value] = code
        for r in range(self.rowCount()):
            if self.cellWidget(r, 3) is combo:
                self._mark(r, combo)
        self.changed.emit()

    def _mark(self, r: int, combo: QComboBox) -> None:
        waiting = combo.currentData() is UNMAPPED
        for col in range(3):
            self.item(r, col).setBackground(QBrush(ASK) if waiting else QBrush())

    def waiting(self) -> int:
        return sum(1 for c in self.combos.values() if c.currentData() is UNMAPPED)

    def values(self) -> dict[str, dict[str, str]]:
        """``ImportMap.values``: every answer, for this file's words and for those of the loaded map."""
        return {k: dict(v) for k, v in self.answers.items() if v}

    def combo_for(self, key: str, value: str) -> QComboBox:
        return self.combos[(key, value)]


# ------------------------------------------------------------------------------------------------ the options

DATE_ORDERS = ((QT_TR_NOOP("Year first (2025-04-02, 2025/4/2)"), DateOrder.YMD),
               (QT_TR_NOOP("Month/day/year (04/02/2025 is 2 April)"), DateOrder.MDY),
               (QT_TR_NOOP("Day/month/year (04/02/2025 is 4 February)"), DateOrder.DMY))
COLLISIONS = ((QT_TR_NOOP("Ask me: stop and list the rows"), None),
              (QT_TR_NOOP("Keep it as a reference and give a new number"), L.Collision.RENUMBER),
              (QT_TR_NOOP("Skip the row"), L.Collision.SKIP))


class ImportOptions(QGroupBox):
    """The choices that hold for the whole file: date order, numbers already used, all open, default channel."""

    changed = Signal()

    def __init__(self, policy: Policy, parent=None) -> None:
        super().__init__(tr("Options"), parent)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.date_order = self._choices("date_order", DATE_ORDERS)
        self.collision = self._choices("on_collision", COLLISIONS)
        self.all_open = QCheckBox(tr("Import everything as open"))
        self.all_open.setObjectName("all_open")
        self.all_open.setToolTip(tr("Every row comes in as an open complaint with its deadlines; the closed and "
                                    "reply dates are kept as extra fields."))
        self.all_open.toggled.connect(lambda _on: self.changed.emit())
        self.channel = vocab_combo(policy, "channel", empty=tr("(none: the file says)"),
                                   object_name="default_channel")
        self.channel.currentIndexChanged.connect(lambda _i: self.changed.emit())
        form.addRow(tr("Date order"), self.date_order)
        form.addRow(tr("When a number is already used"), self.collision)
        form.addRow(tr("Channel for rows without one"), self.channel)
        form.addRow(self.all_open)

    def _choices(self, name: str, items) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        for label, value in items:
            combo.addItem(tr(label), value and value.value)  # Qt hands a StrEnum back as a plain str
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return combo

    def values(self) -> dict:
        """The options as ``ImportMap`` keyword arguments."""
        order, collision = self.date_order.currentData(), self.collision.currentData()
        return {"date_order": DateOrder(order) if order else None,
                "on_collision": L.Collision(collision) if collision else None,
                "all_open": self.all_open.isChecked(), "default_channel": self.channel.currentData()}

    def apply(self, imap: L.ImportMap) -> None:
        self.date_order.setCurrentIndex(max(0, self.date_order.findData((imap.date_order or DateOrder.YMD).value)))
        collision = imap.on_collision.value if imap.on_collision else None
        self.collision.setCurrentIndex(max(0, self.collision.findData(collision)) if collision else 0)
        self.all_open.setChecked(imap.all_open)
        channel = imap.default_channel
        self.channel.setCurrentIndex(max(0, self.channel.findData(channel)) if channel else 0)
