"""Review and approval: every signature with its meaning and its state (valid, invalid because the content
changed after signing, superseded by a later cycle), and the steps this user may take now: submit (the
inspector signs the proposal), review (QA head), approve (quality VP), return with a reason."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QPushButton, QTableWidget, QTableWidgetItem

from qa_desk.core import approval, signatures
from qa_desk.core import roles as R
from qa_desk.ui.i18n import T, language
from qa_desk.ui.sign_dialog import SignDialog
from qa_desk.ui.tabs.base import Tab

STATE = {"valid": ("有效", "valid", "#2e7d32"), "invalid": ("已失效：签名后内容被修改", "INVALID: changed after signing",
                                                            "#c62828"),
         "superseded": ("已被后续流程取代", "superseded by a later cycle", "#757575")}


class ReviewTab(Tab):
    def __init__(self, session, complaint_id, changed) -> None:
        super().__init__(session, complaint_id, changed)
        c = self.complaint
        pol = session.policy
        need_vp = approval.needs_vp(session, c)
        self.layout_.addWidget(QLabel(T(
            f"审批流程：质检员提出 → 质量保证部部长审核{' → 质量副总批准（I/II 类或召回）' if need_vp else '并批准'}。",
            f"Approval chain: inspector proposes → QA head reviews{' → quality VP approves (Class I/II or recall)' if need_vp else ' and approves'}.")))
        self.sigs = signatures.for_complaint(session.db, complaint_id)
        self.table = QTableWidget(len(self.sigs), 5)
        self.table.setObjectName("signatures")
        self.table.setHorizontalHeaderLabels([T("签名人", "Signer"), T("含义", "Meaning"), T("时间", "Signed at"),
                                              T("状态", "State"), T("内容哈希", "Content SHA-256")])
        for i, s in enumerate(self.sigs):
            zh, en, colour = STATE[s["state"]]
            cells = (s["signer_name"], pol.label("signature_meaning", s["meaning"], language()), s["signed_at"],
                     T(zh, en), s["content_sha256"][:16] + "…")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 3:
                    item.setForeground(QColor(colour))
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()
        self.layout_.addWidget(self.table, 1)
        row = QHBoxLayout()
        actor = session.actor
        if c["status"] in ("investigating", "triaged") and actor.has(R.INSPECTOR):
            self._button(row, "submit", "提交审核（签名）…", "Submit for review (sign)…", self.submit)
        if c["status"] == "under_review" and actor.has(R.QA_HEAD):
            self._button(row, "review", "审核并签名…", "Review and sign…", self.review)
        if c["status"] == "awaiting_approval" and actor.has(R.QUALITY_VP):
            self._button(row, "approve", "批准并签名…", "Approve and sign…", self.approve)
        if c["status"] in ("under_review", "awaiting_approval") and actor.has(R.QA_HEAD, R.QUALITY_VP):
            self._button(row, "reject", "退回补充调查…", "Return to the investigation…", self.reject)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.errors)

    def _button(self, row, name: str, zh: str, en: str, slot) -> None:
        b = QPushButton(T(zh, en))
        b.setObjectName(name)
        b.clicked.connect(lambda _c=False: slot())
        row.addWidget(b)

    def _sign(self, meaning: str, zh: str, en: str, call) -> SignDialog:
        dlg = SignDialog(self.session, self.cid, meaning=meaning, action_zh=zh, action_en=en, sign=call, parent=self)
        self.dialog = dlg
        if dlg.exec():
            self.changed()
        return dlg

    def submit(self) -> SignDialog:
        s = self.session
        missing = approval.missing_for_submit(s, self.complaint)
        if missing:  # say what is missing before asking for a password
            self.errors.setText("\n".join("• " + p.text(language()) for p in missing))
            return None
        return self._sign("proposed", "提出调查结论，提交审核", "propose the conclusion for review",
                          lambda pw: approval.submit(s, self.cid, password=pw))

    def review(self) -> SignDialog:
        s = self.session
        vp = approval.needs_vp(s, self.complaint)
        return self._sign("reviewed" if vp else "approved", "审核调查结论" if vp else "审核并批准调查结论",
                          "review the conclusion" if vp else "review and approve the conclusion",
                          lambda pw: approval.review(s, self.cid, password=pw))

    def approve(self) -> SignDialog:
        s = self.session
        return self._sign("approved", "批准调查结论", "approve the conclusion",
                          lambda pw: approval.approve(s, self.cid, password=pw))

    def reject(self, reason: str | None = None) -> bool:
        if reason is None:
            reason, ok = QInputDialog.getText(self, T("退回", "Return"), T("退回理由", "Why it goes back"))
            if not ok:
                return False
        return self.run(lambda: approval.reject(self.session, self.cid, reason=reason))
