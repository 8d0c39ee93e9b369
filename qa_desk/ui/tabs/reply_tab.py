"""Reply, satisfaction, extension, closure and archive (DOMAIN §7)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
)

from qa_desk.core import closure
from qa_desk.core import roles as R
from qa_desk.ui.i18n import T, language
from qa_desk.ui.tabs.base import Tab
from qa_desk.ui.widgets import vocab_combo


class ReplyTab(Tab):
    def __init__(self, session, complaint_id, changed) -> None:
        super().__init__(session, complaint_id, changed)
        c = self.complaint
        pol = session.policy
        inspector = session.actor.has(R.INSPECTOR)
        replies = list(session.db.conn.execute("SELECT * FROM replies WHERE complaint_id = ? ORDER BY id",
                                               (complaint_id,)))
        self.replies = QTableWidget(len(replies), 5)
        self.replies.setObjectName("replies")
        self.replies.setMaximumHeight(130)
        self.replies.setHorizontalHeaderLabels([T("时间", "When"), T("方式", "How"), T("类型", "Kind"),
                                                T("满意度", "Satisfaction"), T("内容", "What was said")])
        for i, r in enumerate(replies):
            cells = (r["replied_at"][:16].replace("T", " "), pol.label("reply_method", r["method"], language()),
                     T("最终答复", "final") if r["final"] else T("中间答复", "interim"),
                     pol.label("satisfaction", r["satisfaction"], language()), r["content"][:80])
            for col, text in enumerate(cells):
                self.replies.setItem(i, col, QTableWidgetItem(text))
        self.heading("答复记录", "Replies")
        self.layout_.addWidget(self.replies)
        if c["anonymous"]:
            self.layout_.addWidget(QLabel(T("匿名投诉：无需答复。", "Anonymous complaint: no reply is owed.")))
        form = QFormLayout()
        self.method = vocab_combo(pol, "reply_method", object_name="reply_method")
        self.final = QCheckBox(T("最终答复（需已批准）", "Final reply (needs the approved conclusion)"))
        self.final.setObjectName("reply_final")
        self.final.setChecked(c["status"] == "approved")
        self.satisfaction = vocab_combo(pol, "satisfaction", empty=T("（尚不知道）", "(not known yet)"),
                                        object_name="satisfaction")
        self.content = QPlainTextEdit()
        self.content.setObjectName("reply_content")
        self.content.setMaximumHeight(150)
        letter = QPushButton(T("生成答复函草稿", "Draft the reply letter"))
        letter.setObjectName("draft_letter")
        letter.clicked.connect(lambda: self.content.setPlainText(closure.reply_letter(session, complaint_id,
                                                                                      lang=language())))
        save = QPushButton(T("记录答复", "Record the reply"))
        save.setObjectName("record_reply")
        save.clicked.connect(self.record_reply)
        form.addRow(T("方式", "How"), self.method)
        form.addRow(self.final)
        form.addRow(T("满意度", "Satisfaction"), self.satisfaction)
        form.addRow(T("答复内容", "What was said"), self.content)
        buttons = QHBoxLayout()
        buttons.addWidget(letter)
        buttons.addWidget(save)
        buttons.addStretch(1)
        form.addRow(buttons)
        for w in (self.method, self.final, self.satisfaction, self.content, letter, save):
            w.setEnabled(inspector and not c["anonymous"] and c["status"] not in ("closed", "archived", "voided"))
        self.layout_.addLayout(form)

        self.heading("延期", "Extension")
        ext_row = QHBoxLayout()
        self.ext_days = QSpinBox()
        self.ext_days.setRange(1, session.policy.extension_max_days)
        self.ext_reason = QPlainTextEdit()
        self.ext_reason.setMaximumHeight(40)
        ask = QPushButton(T("申请延期", "Ask for an extension"))
        ask.setObjectName("request_extension")
        ask.clicked.connect(lambda: self.run(lambda: closure.request_extension(
            session, complaint_id, days=self.ext_days.value(), reason=self.ext_reason.toPlainText())))
        for w in (QLabel(T("天数", "days")), self.ext_days, self.ext_reason, ask):
            ext_row.addWidget(w)
        ask.setEnabled(inspector)
        self.layout_.addLayout(ext_row)
        pending = session.db.conn.execute("SELECT * FROM extensions WHERE complaint_id = ? AND status = 'requested'",
                                          (complaint_id,)).fetchone()
        used = closure.extension_total(session, complaint_id)
        self.layout_.addWidget(QLabel(T(f"已批准延期合计 {used} 天（上限 {session.policy.extension_max_days} 天）",
                                        f"Extensions granted: {used} days (at most {session.policy.extension_max_days})")))
        if pending is not None and session.actor.has(R.QA_HEAD):
            row = QHBoxLayout()
            self.notified = QCheckBox(T("已通知投诉人", "The complainant was told"))
            approve = QPushButton(T(f"批准延期 {pending['days']} 天", f"Approve {pending['days']} days"))
            approve.setObjectName("approve_extension")
            approve.clicked.connect(lambda: self.run(lambda: closure.decide_extension(
                session, pending["id"], approve=True, complainant_notified=self.notified.isChecked())))
            row.addWidget(QLabel(T(f"申请理由：{pending['reason']}", f"Reason: {pending['reason']}")))
            row.addWidget(self.notified)
            row.addWidget(approve)
            self.layout_.addLayout(row)

        self.heading("结案与归档", "Closure and archive")
        row = QHBoxLayout()
        close = QPushButton(T("结案", "Close the complaint"))
        close.setObjectName("close")
        close.clicked.connect(lambda: self.run(lambda: closure.close(session, complaint_id)))
        close.setEnabled(session.actor.has(R.INSPECTOR, R.QA_HEAD) and c["status"] in ("approved", "replied"))
        archive = QPushButton(T("归档", "Archive"))
        archive.setObjectName("archive")
        archive.clicked.connect(lambda: self.run(lambda: closure.archive(session, complaint_id)))
        archive.setEnabled(c["status"] == "closed")
        row.addWidget(close)
        row.addWidget(archive)
        row.addStretch(1)
        self.layout_.addLayout(row)
        if c["status"] in ("closed", "archived"):
            self.layout_.addWidget(QLabel(T("已结案的投诉为只读。", "A closed complaint is read-only.")))
        self.layout_.addWidget(self.errors)
        self.layout_.addStretch(1)

    def record_reply(self) -> bool:
        return self.run(lambda: closure.record_reply(
            self.session, self.cid, method=self.method.currentData(), content=self.content.toPlainText(),
            final=self.final.isChecked(), satisfaction=self.satisfaction.currentData()))
