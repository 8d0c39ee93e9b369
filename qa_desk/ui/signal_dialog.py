"""The QA head's decision on an early-warning signal (issue 16 item 3): the signal as the core explains it, the
decision (no action / linked to an existing complaint's CAPA / a new CAPA proposed, from signals.toml), the
reason, and the signature (password again; the user name too at the first signature of a login). The core signs
only the signal as this dialog showed it (``signals.shown_hash``); its refusals are marked at their fields
(``field_errors``): the reason, the CAPA chosen, the action proposed.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
)

from qa_desk.core import drilldown, signals
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.core.signal_rules import Decision, load_policy
from qa_desk.ui.field_errors import FieldMarks, refusal_text
from qa_desk.ui.i18n import language, pick, tr
from qa_desk.ui.sign_dialog import CredentialsForm
from qa_desk.ui.widgets import error_label, local_time


def signal_html(signal: dict) -> str:
    import html

    pol = load_policy()
    kind = pol.label("kind", signal["kind"], language())
    head = " · ".join(x for x in (kind, signal["product_name"], signal["batch_no"], signal["month"]) if x)
    when = tr("Raised: {raised} · due: {due}").format(raised=local_time(signal["raised_at"]),
                                                      due=local_time(signal["due_at"]))
    out = (f"<p><b>{html.escape(head)}</b></p><p>{html.escape(pick(signal['zh'] or '', signal['en'] or ''))}</p>"
           f"<p style='color:#555'>{html.escape(when)}</p>")
    if signal.get("decision"):
        decided = tr("Decided {at}: {decision}. Reason: {reason}").format(
            at=local_time(signal["decided_at"]), decision=pol.label("decision_kind", signal["decision"], language()),
            reason=signal["decision_reason"] or "")
        out += f"<p><b>{html.escape(decided)}</b></p>"
    return out


class DecideDialog(QDialog):
    def __init__(self, session: Session, signal_id: int, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("decide_dialog")
        self.setWindowTitle(tr("Decide the signal"))
        self.session, self.signal_id = session, signal_id
        self.result_value: dict | None = None
        s = signals.get(session.db, signal_id)
        self.shown = signals.shown_hash(session.db, signal_id)  # what the core will sign, as shown now
        pol = load_policy()
        view = QTextBrowser()
        view.setObjectName("signal_text")
        view.setHtml(signal_html(s))
        view.setMaximumHeight(150)
        self.decision = QComboBox()
        self.decision.setObjectName("decision")
        for code in Decision:
            self.decision.addItem(pol.label("decision_kind", code, language()), str(code))
        self.capa = QComboBox()
        self.capa.setObjectName("capa_id")
        self.capa.addItem(tr("Choose a CAPA action…"), None)
        for a in drilldown.capa_choices(session.db, first=signals.complaint_ids(session.db, s)):
            self.capa.addItem(f"{a['ref'] or a['id']} · {a['number']} · {a['description'][:40]}", a["id"])
        self.proposal = QPlainTextEdit()
        self.proposal.setObjectName("capa_proposal")
        self.proposal.setPlaceholderText(tr("The CAPA you propose: what, who, by when"))
        self.proposal.setMaximumHeight(70)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(tr("Why this decision (recorded in the audit trail and signed)"))
        self.reason.setMaximumHeight(70)
        form = QFormLayout()
        form.addRow(tr("Decision"), self.decision)
        form.addRow(tr("CAPA action"), self.capa)
        form.addRow(tr("CAPA proposed"), self.proposal)
        form.addRow(tr("Reason for the decision"), self.reason)
        self.form_layout = form
        self.creds = CredentialsForm(session)
        self.creds.setRowVisible(self.creds.comment, False)  # the reason is the comment of this signature
        self.marks = FieldMarks(self)
        self.error = error_label("decide_error")
        meaning = session.policy.label("signature_meaning", pol.meaning, language())
        note = QLabel(tr("Your signature means: <b>{meaning}</b>. It covers the signal as shown and your "
                         "decision.").format(meaning=meaning))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("Sign and record"))
        ok.setObjectName("decide_ok")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.try_decide)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addLayout(self.creds)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.decision.currentIndexChanged.connect(self._show_fields)
        self._show_fields()
        self.resize(620, 500)
        self.reason.setFocus()

    def _show_fields(self) -> None:
        code = self.decision.currentData()
        self.form_layout.setRowVisible(self.capa, code == Decision.LINKED_CAPA)
        self.form_layout.setRowVisible(self.proposal, code == Decision.NEW_CAPA)

    def try_decide(self) -> None:
        self.error.setText("")
        signing = self.creds.signing(self.shown)
        if signing is None:
            self.error.setText(self.creds.missing())
            return
        code = self.decision.currentData()
        try:
            self.result_value = signals.decide(
                self.session, self.signal_id, decision=code, reason=self.reason.toPlainText(),
                password=signing.password, username=signing.username, expected_sha256=self.shown,
                capa_id=self.capa.currentData() if code == Decision.LINKED_CAPA else None,
                proposal=self.proposal.toPlainText() if code == Decision.NEW_CAPA else None)
        except DomainError as exc:
            self.error.setText(refusal_text(exc, self.marks.show(exc.problems)))
            if not self.marks.marked:
                self.creds.failed()
            return
        self.accept()
