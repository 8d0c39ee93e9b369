"""The QA head's audit-trail review screen: period, user, record and kind filters; changes, signatures and
refusals listed one by one, routine entries collapsed into counts; a signed periodic review."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QInputDialog,
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
from qa_desk.ui.i18n import T
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
        self.user.setPlaceholderText(T("用户名", "user name"))
        self.number.setPlaceholderText(T("投诉编号", "complaint no."))
        for label, w in ((T("从", "From"), self.date_from), (T("到", "to"), self.date_to), ("", self.user),
                         ("", self.number)):
            if label:
                bar.addWidget(QLabel(label))
            bar.addWidget(w)
        self.kinds = {}
        for key, (zh, en) in audit_review.KINDS.items():
            box = QCheckBox(T(zh, en))
            box.setChecked(True)
            self.kinds[key] = box
            bar.addWidget(box)
        show = QPushButton(T("显示", "Show"))
        show.clicked.connect(self.refresh)
        bar.addWidget(show)
        layout.addLayout(bar)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("trail")
        self.table.setHorizontalHeaderLabels([T("时间", "At"), T("用户", "User"), T("类别", "Kind"), T("操作", "Action"),
                                              T("记录", "Record"), T("内容", "Details")])
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.routine = QPlainTextEdit()
        self.routine.setObjectName("routine")
        self.routine.setReadOnly(True)
        self.routine.setMaximumHeight(110)
        layout.addWidget(QLabel(T("例行操作（已合并计数）", "Routine entries (collapsed into counts)")))
        layout.addWidget(self.routine)
        row = QHBoxLayout()
        self.findings = QLineEdit()
        self.findings.setObjectName("findings")
        self.findings.setPlaceholderText(T("审核发现（无异常时写“未发现异常”）", "Findings (\"none\" when there are none)"))
        sign = QPushButton(T("签名记录本期审核…", "Sign the review of this period…"))
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
                details = T("（内容已随销毁清除）", "(content removed with the destruction)")
            for j, v in enumerate((e["at"][:16].replace("T", " "), e["username"], T(zh.split("（")[0], en.split(" (")[0]), e["action"],
                                   e["number"] or (f"{e['tbl']} {e['record_id']}" if e["tbl"] else ""), details[:300])):
                self.table.setItem(i, j, QTableWidgetItem(str(v or "")))
        self.table.resizeColumnToContents(0)
        self.routine.setPlainText("\n".join(f"{day}  {user}  {action} × {n}"
                                            for (day, user, action), n in sorted(t.routine.items())))

    def ask_sign(self) -> None:
        password, ok = QInputDialog.getText(self, T("电子签名", "Electronic signature"), T(
            "含义：已审核本期审计追踪。请再次输入您的密码：", "Meaning: the audit trail of this period was reviewed. "
            "Enter your password again:"), QLineEdit.EchoMode.Password)
        if ok:
            self.sign(password)

    def sign(self, password: str) -> bool:
        f = self.current_filter()
        try:
            audit_review.record_review(self.session, f.date_from, f.date_to, self.findings.text(), password)
        except DomainError as exc:
            self.errors.setText(error_text(exc))
            return False
        self.errors.setText("")
        self.status.setText(T(f"已签名记录 {f.date_from} 至 {f.date_to} 的审计追踪审核。",
                              f"Signed the audit-trail review of {f.date_from} to {f.date_to}."))
        return True
