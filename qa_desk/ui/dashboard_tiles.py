"""The KPI tiles of the Trends page: each a title, one big figure and a line under it, made from
``analytics.Figures`` by small functions (the tests compare these texts with the analytics' own numbers)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TR_NOOP
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from qa_desk.core import analytics as A
from qa_desk.core.policy import load_policy
from qa_desk.ui.i18n import language, tr

EVENT_TITLES = {"acknowledge": QT_TR_NOOP("Time to acknowledge"), "first_reply": QT_TR_NOOP("Time to first reply"),
                "close": QT_TR_NOOP("Time to close")}


@dataclass(frozen=True)
class Tile:
    key: str
    title: str
    value: str
    detail: str
    tip: str = ""


def days(x: float | None) -> str:
    """A number of days to one decimal ("—" when there is none to show)."""
    return "—" if x is None else f"{x:.1f}"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def time_tile(event: str, k: A.Kpi) -> Tile:
    value = tr("{median} / {p90} d").format(median=days(k.calendar.median), p90=days(k.calendar.p90))
    detail = tr("working days {median} / {p90} · n = {n}").format(
        median=days(k.working.median), p90=days(k.working.p90), n=k.calendar.n)
    return Tile(event, tr(EVENT_TITLES[event]), value, detail,
                tr("Median / 90th percentile, calendar days (to the hour) and working days, over the complaints "
                   "received in the period that had the event."))


def on_time_tile(fig: A.Figures) -> Tile:
    ok = sum(v.on_time for v in fig.on_time.values())
    due = sum(v.due for v in fig.on_time.values())
    policy, lang = load_policy(), language()  # the deadline kinds in words, not their codes
    tip = "\n".join(f"{policy.deadline_label(kind, lang)}: {v.on_time}/{v.due}" for kind, v in fig.on_time.items())
    return Tile("on_time", tr("On time"), percent(ok / due if due else None),
                tr("{ok} of {due} deadlines").format(ok=ok, due=due), tip)


def reopen_tile(fig: A.Figures) -> Tile:
    return Tile("reopen", tr("Reopen rate"), percent(fig.reopen.rate),
                tr("{n} of {of} with a final reply").format(n=fig.reopen.count, of=fig.reopen.of))


def backlog_tile(fig: A.Figures) -> Tile:
    total = sum(fig.backlog.values())
    detail = " · ".join(f"{label}: {n}" for label, n in fig.backlog.items())
    return Tile("backlog", tr("Open backlog (days since receipt)"), str(total), detail)


def capa_tile(fig: A.Figures) -> Tile:
    oldest = fig.overdue_capa[0] if fig.overdue_capa else None
    detail = tr("oldest: {ref}, due {due}").format(ref=oldest["ref"] or oldest["id"], due=oldest["due_date"]) \
        if oldest else tr("none")
    tip = "\n".join(f"{a['ref']} · {a['number']} · {a['owner_dept']} · {a['due_date']}" for a in fig.overdue_capa[:20])
    return Tile("overdue_capa", tr("Overdue CAPA"), str(len(fig.overdue_capa)), detail, tip)


def total_tile(fig: A.Figures) -> Tile:
    return Tile("total", tr("Complaints in the period"), str(fig.total), tr("voided ones not counted"))


def tiles(fig: A.Figures) -> list[Tile]:
    return [total_tile(fig), *(time_tile(e, fig.kpis[e]) for e in A.KPI_EVENTS), on_time_tile(fig),
            reopen_tile(fig), backlog_tile(fig), capa_tile(fig)]


class TileBox(QFrame):
    """One tile: its labels are named kpi_<key>_value and kpi_<key>_detail (the tests read them)."""

    def __init__(self, key: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName(f"kpi_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title, self.value, self.detail = QLabel(), QLabel("…"), QLabel()
        self.value.setObjectName(f"kpi_{key}_value")
        self.detail.setObjectName(f"kpi_{key}_detail")
        self.title.setStyleSheet("color: #555")
        self.value.setStyleSheet("font-size: 15pt; font-weight: bold")
        self.detail.setStyleSheet("color: #555; font-size: 8pt")
        for w in (self.title, self.detail):
            w.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(1)
        for w in (self.title, self.value, self.detail):
            layout.addWidget(w)

    def show_tile(self, t: Tile) -> None:
        self.title.setText(t.title)
        self.value.setText(t.value)
        self.detail.setText(t.detail)
        self.setToolTip(t.tip)


class TilesPanel(QWidget):
    KEYS = ("total", *A.KPI_EVENTS, "on_time", "reopen", "backlog", "overdue_capa")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        self.boxes = {k: TileBox(k) for k in self.KEYS}
        for i, k in enumerate(self.KEYS):
            grid.addWidget(self.boxes[k], 0, i)  # one height for the row
            grid.setColumnStretch(i, 2 if k == "backlog" else 1)

    def fill(self, fig: A.Figures) -> None:
        for t in tiles(fig):
            self.boxes[t.key].show_tile(t)
