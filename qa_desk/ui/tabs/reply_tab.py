"""Reply, satisfaction, extension, closure and archive (DOMAIN §7)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
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

from qa_desk.core import closure, complaints
from qa_desk.core.actions import Act
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.row_correction import reply_dialog, when_edit, when_value
from qa_desk.ui.tabs.base import Tab, fit_rows
from qa_desk.ui.widgets import local_time, vocab_combo


class ReplyTab(Tab):
    def __init__(self, session, complaint_id, changed, acts=None) -> None:
        super().__init__(session, complaint_id, changed, acts)
        c = self.complaint
        pol = session.policy
        replies = closure.replies_for(session, complaint_id)
        self.replies = QTableWidget(len(replies), 5)
        self.replies.setObjectName("replies")
        self.replies.setHorizontalHeaderLabels([tr("When"), tr("How"), tr("Kind"),
                                                tr("Satisfaction"), tr("What was said")])
        for i, r in enumerate(replies):
            cells = (local_time(r["replied_at"]), pol.label("reply_method", r["method"], language()),
                     tr("final") if r["final"] else tr("interim"),
                     pol.label("satisfaction", r["satisfaction"], language()), r["content"][:80])
            for col, text in enumerate(cells):
                self.replies.setItem(i, col, QTableWidgetItem(text))
        self.reply_rows = replies
        self.replies.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.replies.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        fit_rows(self.replies, at_least=1, at_most=4)
        self.heading(tr("Replies"))
        self.layout_.addWidget(self.replies)
        fix = QPushButton(tr("Correct…"))
        fix.setObjectName("reply_correct")
        fix.setToolTip(tr("Correct the selected reply, with a reason (until the complaint is approved)"))
        fix.setEnabled(self.may(Act.CORRECT_REPLY) and bool(replies))
        fix.clicked.connect(lambda: self.correct_reply())
        fix_row = QHBoxLayout()
        fix_row.addWidget(fix)
        fix_row.addStretch(1)
        self.layout_.addLayout(fix_row)
        if c["anonymous"]:
            self.layout_.addWidget(QLabel(tr("Anonymous complaint: no reply is owed.")))
        form = QFormLayout()
        self.method = vocab_combo(pol, "reply_method", object_name="reply_method")
        self.final = QCheckBox(tr("Final reply (needs the approved conclusion)"))
        self.final.setObjectName("reply_final")
        self.final.setChecked(c["status"] == "approved")
        self.satisfaction = vocab_combo(pol, "satisfaction", empty=tr("(not known yet)"),
                                        object_name="satisfaction")
        self.content = QPlainTextEdit()
        self.content.setObjectName("reply_content")
        self.content.setMaximumHeight(150)
        letter = QPushButton(tr("Draft the reply letter"))
        letter.setObjectName("draft_letter")
        letter.clicked.connect(lambda: self.content.setPlainText(closure.reply_letter(session, complaint_id,
                                                                                      lang=language())))
        save = QPushButton(tr("Record the reply"))
        save.setObjectName("record_reply")
        save.clicked.connect(self.record_reply)
        self.when = when_edit(session, not_before=c["received_at"], name="reply_when")
        self.when_default = self.when.dateTime()
        form.addRow(tr("When the reply was given"), self.when)
        form.addRow(tr("How"), self.method)
        form.addRow(self.final)
        form.addRow(tr("Satisfaction"), self.satisfaction)
        form.addRow(tr("What was said"), self.content)
        buttons = QHBoxLayout()
        buttons.addWidget(letter)
        buttons.addWidget(save)
        buttons.addStretch(1)
        form.addRow(buttons)
        for w in (self.when, self.method, self.final, self.satisfaction, self.content, letter, save):
            w.setEnabled(self.may(Act.REPLY))
        self.final.setEnabled(self.may(Act.FINAL_REPLY))
        self.layout_.addLayout(form)

        self.heading(tr("Extension"))
        ext_row = QHBoxLayout()
        self.ext_days = QSpinBox()
        self.ext_days.setRange(1, session.policy.extension_max_days)
        self.ext_reason = QPlainTextEdit()
        self.ext_reason.setMaximumHeight(40)
        ask = QPushButton(tr("Ask for an extension"))
        ask.setObjectName("request_extension")
        ask.clicked.connect(lambda: self.run(lambda: closure.request_extension(
            session, complaint_id, days=self.ext_days.value(), reason=self.ext_reason.toPlainText())))
        for w in (QLabel(tr("days")), self.ext_days, self.ext_reason, ask):
            ext_row.addWidget(w)
        ask.setEnabled(self.may(Act.REQUEST_EXTENSION))
        self.layout_.addLayout(ext_row)
        pending = closure.pending_extension(session, complaint_id)
        used = closure.extension_total(session, complaint_id)
        self.layout_.addWidget(QLabel(tr("Extensions granted: {used} days (at most {extension_max_days})").format(
            used=used, extension_max_days=session.policy.extension_max_days)))
        if pending is not None and self.may(Act.DECIDE_EXTENSION):
            row = QHBoxLayout()
            self.notified = QCheckBox(tr("The complainant was told"))
            approve = QPushButton(tr("Approve {days} days").format(days=pending['days']))
            approve.setObjectName("approve_extension")
            approve.clicked.connect(lambda: self.run(lambda: closure.decide_extension(
                session, pending["id"], approve=True, complainant_notified=self.notified.isChecked())))
            row.addWidget(QLabel(tr("Reason: {reason}").format(reason=pending['reason'])))
            row.addWidget(self.notified)
            row.addWidget(approve)
            self.layout_.addLayout(row)

        row = self.bar  # closing and archiving: below the scroll area, with the messages
        close = QPushButton(tr("Close the complaint"))
        close.setObjectName("close")
        close.clicked.connect(lambda: self.run(lambda: closure.close(session, complaint_id)))
        close.setEnabled(self.may(Act.CLOSE))
        archive = QPushButton(tr("Archive"))
        archive.setObjectName("archive")
        archive.clicked.connect(lambda: self.run(lambda: closure.archive(session, complaint_id)))
        archive.setEnabled(self.may(Act.ARCHIVE))
        row.addWidget(close)
        row.addWidget(archive)
        if c["status"] in complaints.FINAL_STATES:
            self.layout_.addWidget(QLabel(tr("A closed complaint is read-only.")))
        self.layout_.addStretch(1)

    def record_reply(self) -> bool:
        """Record the reply at the time typed, or now when the field was left at its default."""
        at = None if self.when.dateTime() == self.when_default else when_value(self.when)
        return self.run(lambda: closure.record_reply(
            self.session, self.cid, method=self.method.currentData(), content=self.content.toPlainText(),
            final=self.final.isChecked(), satisfaction=self.satisfaction.currentData(), replied_at=at))

    def correct_reply(self) -> bool:
        row = self.replies.currentRow()
        if not 0 <= row < len(self.reply_rows):
            self.errors.setText(tr("Select a reply in the table first."))
            return False
        if not reply_dialog(self.session, self.reply_rows[row], self.complaint["received_at"], parent=self).exec():
            return False
        self.errors.setText("")
        self.changed()
        return True
