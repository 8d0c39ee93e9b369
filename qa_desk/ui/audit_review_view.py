"""The QA head's audit-trail review screen: period, user, record and kind filters; changes, signatures and
refusals listed one by one in words, a page at a time (the core reads a page from the time index, so a year
opens as fast as a day); routine entries collapsed into counts; a signed periodic review."""

from __future__ import annotations

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import audit_review
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui.i18n import language, pick, tr
from qa_desk.ui.widgets import error_label, error_text, literal, local_time, size_columns

DETAILS_SHOWN = 300  # characters of an entry's details in its cell; the tooltip holds the rest


def _qdate(d) -> QDate:
    return QDate(d.year, d.month, d.day)


class AuditReviewView(QWidget):
    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self._pages: list[tuple[str, int] | None] = [None]  # where each page read so far starts
        self._next: tuple[str, int] | None = None
        self._filter: audit_review.TrailFilter | None = None
        self._summary = audit_review.Summary()
        self._parts: list[audit_review.TrailFilter] = []  # stretches of the period not counted yet
        self._counting = 0  # which refresh the counting belongs to
        self._shown = 0
        layout = QVBoxLayout(self)
        layout.addLayout(self._filter_bar())
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("trail")
        self.table.setHorizontalHeaderLabels([tr("At"), tr("User"), tr("Kind"), tr("Action"),
                                              tr("Record"), tr("Details")])
        size_columns(self.table)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._pager())
        self.routine = QPlainTextEdit()
        self.routine.setObjectName("routine")
        self.routine.setReadOnly(True)
        self.routine.setMaximumHeight(110)
        layout.addWidget(QLabel(tr("Routine entries (collapsed into counts)")))
        layout.addWidget(self.routine)
        layout.addLayout(self._sign_row())
        self.status = QLabel()
        layout.addWidget(self.status)
        self.errors = error_label("review_errors")
        layout.addWidget(self.errors)
        self.refresh()

    def _filter_bar(self) -> QVBoxLayout:
        """Period, user and record on one row, the kinds on the next (one row is too wide for a laptop)."""
        bar, kinds = QHBoxLayout(), QHBoxLayout()
        today = self.session.now().date()
        self.date_from, self.date_to = QDateEdit(_qdate(today.replace(day=1))), QDateEdit(_qdate(today))
        for w in (self.date_from, self.date_to):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
        self.user, self.number = QLineEdit(), QLineEdit()
        self.user.setPlaceholderText(tr("user name"))
        self.number.setPlaceholderText(tr("complaint no."))
        for label, w in ((tr("From"), self.date_from), (tr("to"), self.date_to), ("", self.user),
                         ("", self.number)):
            if label:
                bar.addWidget(QLabel(label))
            bar.addWidget(w)
        show = QPushButton(tr("Show"))
        show.clicked.connect(self.refresh)
        bar.addWidget(show)
        self.kinds = {}
        for key, (zh, en) in audit_review.KINDS.items():
            box = QCheckBox(literal(pick(zh, en)))
            box.setChecked(True)
            self.kinds[key] = box
            kinds.addWidget(box)
        kinds.addStretch(1)
        both = QVBoxLayout()
        both.addLayout(bar)
        both.addLayout(kinds)
        return both

    def _pager(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.position = QLabel()
        self.position.setObjectName("trail_position")
        self.newer, self.older = QPushButton(tr("◀ Newer entries")), QPushButton(tr("Older entries ▶"))
        self.newer.setObjectName("newer_page")
        self.older.setObjectName("older_page")
        self.newer.clicked.connect(self.show_newer)
        self.older.clicked.connect(self.show_older)
        row.addWidget(self.position, 1)
        row.addWidget(self.newer)
        row.addWidget(self.older)
        return row

    def _sign_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.findings = QLineEdit()
        self.findings.setObjectName("findings")
        self.findings.setPlaceholderText(tr("Findings (\"none\" when there are none)"))
        sign = QPushButton(tr("Sign the review of this period…"))
        sign.clicked.connect(self.ask_sign)
        row.addWidget(self.findings, 1)
        row.addWidget(sign)
        return row

    def current_filter(self) -> audit_review.TrailFilter:
        return audit_review.TrailFilter(self.date_from.date().toPython(), self.date_to.date().toPython(),
                                        username=self.user.text().strip() or None,
                                        number=self.number.text().strip() or None,
                                        kinds=tuple(k for k, box in self.kinds.items() if box.isChecked()))

    def refresh(self) -> None:
        """The period's first page at once, its counts a stretch at a time (the newest one at once too), so a
        long period on a busy file opens without waiting for its counts and the screen stays responsive."""
        f = self.current_filter()
        try:
            parts = audit_review.stretches(self.session, f)
        except DomainError as exc:
            self.errors.setText(error_text(exc))
            return
        self.errors.setText("")
        self._filter, self._pages, self._parts = f, [None], parts
        self._summary = audit_review.Summary()
        self._counting += 1
        self._count_next(self._counting)
        self._show_page()

    @property
    def counting(self) -> bool:
        """Counts of the period still being added up."""
        return bool(self._parts)

    def _count_next(self, generation: int) -> None:
        if generation != self._counting or not self._parts:
            return  # a newer refresh took over
        try:
            audit_review.add(self._summary, audit_review.summary(self.session, self._parts.pop(0)))
        except DomainError as exc:
            self._parts = []
            self.errors.setText(error_text(exc))
        if self._parts:
            QTimer.singleShot(0, self, lambda: self._count_next(generation))  # not after the view is gone
        else:
            self._show_counts()

    def _show_counts(self) -> None:
        self._show_position()
        self.routine.setPlainText("\n".join(f"{day}  {user}  {audit_review.action_words(action, language())} × {n}"
                                            for (day, user, action), n in sorted(self._summary.routine.items())))

    def show_older(self) -> None:
        if self._next is not None:
            self._pages.append(self._next)
            self._show_page()

    def show_newer(self) -> None:
        if len(self._pages) > 1:
            self._pages.pop()
            self._show_page()

    def _show_page(self) -> None:
        try:
            entries, self._next = audit_review.page(self.session, self._filter, after=self._pages[-1],
                                                     size=audit_review.PAGE)
        except DomainError as exc:
            self.errors.setText(error_text(exc))
            return
        self._fill(entries)
        self._shown = len(entries)
        self._show_position()
        self.newer.setEnabled(len(self._pages) > 1)
        self.older.setEnabled(self._next is not None)

    def _show_position(self) -> None:
        first = (len(self._pages) - 1) * audit_review.PAGE
        last = first + self._shown
        if self.counting:
            self.position.setText(tr("Entries {first}–{last} (counting the period…)").format(
                first=first + 1 if self._shown else 0, last=last))
        elif self._summary.listed:
            self.position.setText(tr("Entries {first}–{last} of {total}").format(
                first=first + 1 if self._shown else 0, last=last, total=f"{self._summary.listed:,}"))
        else:
            self.position.setText(tr("No entries listed for this period."))

    def _fill(self, entries: list[dict]) -> None:
        words, lang = audit_review.Words(self.session), language()
        self.table.setRowCount(len(entries))
        for i, e in enumerate(entries):
            zh, en = audit_review.KINDS[e["kind"]]
            details = tr("(content removed with the destruction)") if e.get("redacted_by") \
                else words.details(e, lang)
            for j, v in enumerate((local_time(e["at"]), words.who(e, lang), pick(zh.split("（")[0], en.split(" (")[0]),
                                   words.action(e, lang), words.record(e, lang), details[:DETAILS_SHOWN])):
                item = QTableWidgetItem(str(v or ""))
                if j == 5 and len(details) > DETAILS_SHOWN:
                    item.setToolTip(details)
                self.table.setItem(i, j, item)
        size_columns(self.table)  # the user and record columns too, never elided to "张…"
        self.table.scrollToTop()

    def ask_sign(self) -> None:
        from qa_desk.ui.sign_dialog import CredentialsDialog

        f = self.current_filter()
        text = tr("Meaning: the audit trail of this period was reviewed. Enter your password again:")
        CredentialsDialog(self.session, title=tr("Electronic signature"), text=text, parent=self,
                          sign=lambda g: self._record(f, g.password, g.username)).exec()

    def _record(self, f, password: str, username: str | None) -> None:
        audit_review.record_review(self.session, f.date_from, f.date_to, self.findings.text(), password,
                                   username=username)
        self.errors.setText("")
        self.status.setText(tr("Signed the audit-trail review of {date_from} to {date_to}.").format(
            date_from=f.date_from, date_to=f.date_to))

    def sign(self, password: str, username: str | None = None) -> bool:
        f = self.current_filter()
        try:
            audit_review.record_review(self.session, f.date_from, f.date_to, self.findings.text(), password,
                                       username=username)
        except DomainError as exc:
            self.errors.setText(error_text(exc))
            return False
        self.errors.setText("")
        self.status.setText(tr("Signed the audit-trail review of {date_from} to {date_to}.").format(
            date_from=f.date_from, date_to=f.date_to))
        return True
