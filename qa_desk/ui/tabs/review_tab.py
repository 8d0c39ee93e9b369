"""Review and approval: every signature with its meaning and its state (valid, invalid because the content
changed after signing, superseded by a later cycle), and the steps this user may take now: submit (the
inspector signs the proposal), review (QA head), approve (quality VP), return with a reason."""

from __future__ import annotations

from PySide6.QtCore import QT_TR_NOOP
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QInputDialog, QLabel, QPushButton, QTableWidget, QTableWidgetItem

from qa_desk.core import approval, signatures
from qa_desk.core.actions import Act
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.sign_dialog import SignDialog
from qa_desk.ui.tabs.base import Tab, fit_rows
from qa_desk.ui.widgets import local_time, size_columns

STATE = {"valid": (QT_TR_NOOP("valid"), "#2e7d32"),
         "invalid": (QT_TR_NOOP("INVALID: changed after signing"), "#c62828"),
         "superseded": (QT_TR_NOOP("superseded by a later cycle"), "#757575")}


class ReviewTab(Tab):
    def __init__(self, session, complaint_id, changed, acts=None) -> None:
        super().__init__(session, complaint_id, changed, acts)
        c = self.complaint
        pol = session.policy
        need_vp = approval.needs_vp(session, c)
        self.layout_.addWidget(QLabel(
            tr("Approval chain: inspector proposes → QA head reviews → quality VP approves (Class I/II or recall).")
            if need_vp else tr("Approval chain: inspector proposes → QA head reviews and approves.")))
        self.sigs = signatures.for_complaint(session.db, complaint_id)
        self.table = QTableWidget(len(self.sigs), 6)
        self.table.setObjectName("signatures")
        self.table.setHorizontalHeaderLabels([tr("Signer"), tr("Meaning"), tr("Signed at"),
                                              tr("State"), tr("Content SHA-256"), tr("Comment")])
        for i, s in enumerate(self.sigs):
            label, colour = STATE[s["state"]]
            cells = (s["signer_name"], pol.label("signature_meaning", s["meaning"], language()), local_time(s["signed_at"], zone=True),
                     tr(label), s["content_sha256"][:16] + "…", s.get("comment") or "")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 3:
                    item.setForeground(QColor(colour))
                self.table.setItem(i, col, item)
        size_columns(self.table)
        fit_rows(self.table, at_least=2, at_most=8)
        self.layout_.addWidget(self.table)
        self.layout_.addStretch(1)
        row = self.bar  # the signing steps: below the scroll area, with the messages
        for act, label, slot in ((Act.SUBMIT, tr("Submit for review (sign)…"), self.submit),
                                 (Act.REVIEW, tr("Review and sign…"), self.review),
                                 (Act.APPROVE, tr("Approve and sign…"), self.approve),
                                 (Act.REJECT, tr("Return to the investigation…"), self.reject)):
            if self.may(act):
                self._button(row, act.value, label, slot)

    def _button(self, row, name: str, label: str, slot) -> None:
        b = QPushButton(label)
        b.setObjectName(name)
        b.clicked.connect(lambda _c=False: slot())
        row.addWidget(b)

    def _sign(self, meaning: str, action: str, call) -> SignDialog:
        dlg = SignDialog(self.session, self.cid, meaning=meaning, action=action, sign=call, parent=self)
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
        return self._sign("proposed", tr("propose the conclusion for review"),
                          lambda g: approval.submit(s, self.cid, **g.kwargs()))

    def review(self) -> SignDialog:
        s = self.session
        vp = approval.needs_vp(s, self.complaint)
        return self._sign("reviewed" if vp else "approved",
                          tr("review the conclusion") if vp else tr("review and approve the conclusion"),
                          lambda g: approval.review(s, self.cid, **g.kwargs()))

    def approve(self) -> SignDialog:
        s = self.session
        return self._sign("approved", tr("approve the conclusion"),
                          lambda g: approval.approve(s, self.cid, **g.kwargs()))

    def reject(self, reason: str | None = None) -> bool:
        if reason is None:
            reason, ok = QInputDialog.getText(self, tr("Return"), tr("Why it goes back"))
            if not ok:
                return False
        return self.run(lambda: approval.reject(self.session, self.cid, reason=reason))
