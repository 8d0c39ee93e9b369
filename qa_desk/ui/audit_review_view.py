"""The QA head's audit-trail review screen: period, user, record and kind filters; changes, signatures and
refusals listed one by one, routine entries collapsed into counts; a signed periodic review."""

from __future__ import annotations

from PySide6.QtCore import QDate
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
from qa_desk.ui.i18n import pick, tr
from qa_desk.ui.widgets import error_label, error_text


def _qdate(d) -> QDate:
    return QDate(d.year, d.month, d.day)


class AuditReviewView(QWidget):
    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        today = session.now().date()
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
        self.kinds = {}
        for key, (zh, en) in audit_review.KINDS.items():
            box = QCheckBox(pick(zh, en))
            box.setChecked(True)
            self.kinds[key] = box
            bar.addWidget(box)
        show = QPushButton(tr("Show"))
        show.clicked.connect(self.refresh)
        bar.addWidget(show)
        layout.addLayout(bar)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("trail")
        self.table.setHorizontalHeaderLabels([tr("At"), tr("User"), tr("Kind"), tr("Action"),
                                              tr("Record"), tr("Details")])
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.routine = QPlainTextEdit()
        self.routine.setObjectName("routine")
        self.routine.setReadOnly(True)
        self.routine.setMaximumHeight(110)
        layout.addWidget(QLabel(tr("Routine entries (collapsed into counts)")))
        layout.addWidget(self.routine)
        row = QHBoxLayout()
        self.findings = QLineEdit()
        self.findings.setObjectName("findings")
        self.findings.setPlaceholderText(tr("Findings (\"none\" when there are none)"))
        sign = QPushButton(tr("Sign the review of this period…"))
        sign.clicked.connect(self.ask_sign)
        row.addWidget(self.findings, 1)
        row.addWidget(sign)
        layout.addLayout(row)
        self.status = QLabel()
        layout.addWidget(self.status)
        self.errors = error_label("review_errors")
        layout.addWidget(self.errors)
        self.refresh()

    def current_filter(self) -> audit_review.TrailFilter:
        return audit_review.TrailFilter(self.date_from.date().toPython(), self.date_to.date().toPython(),
                                        username=self.user.text().strip() or None,
                                        number=self.number.text().strip() or None,
                                        kinds=tuple(k for k, box in self.kinds.items() if box.isChecked()))

    def refresh(self) -> None:
        try:
            t = audit_review.trail(self.session, self.current_filter())
        except DomainError as exc:
            self.errors.setText(error_text(exc))
            return
        self.errors.setText("")
        self.table.setRowCount(len(t.entries))
        for i, e in enumerate(t.entries):
            zh, en = audit_review.KINDS[e["kind"]]
            details = " ".join(x for x in (e["field"] and f"{e['field']}:", e["old"] and f"{e['old']} →", e["new"] or "",
                                           e["reason"] and f"({e['reason']})") if x)
            if e.get("redacted_by"):
                details = tr("(content removed with the destruction)")
            for j, v in enumerate((e["at"][:16].replace("T", " "), e["username"], pick(zh.split("（")[0], en.split(" (")[0]), e["action"],
                                   e["number"] or (f"{e['tbl']} {e['record_id']}" if e["tbl"] else ""), details[:300])):
                self.table.setItem(i, j, QTableWidgetItem(str(v or "")))
        self.table.resizeColumnToContents(0)
        self.routine.setPlainText("\n".join(f"{day}  {user}  {action} × {n}"
                                            for (day, user, action), n in sorted(t.routine.items())))

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
