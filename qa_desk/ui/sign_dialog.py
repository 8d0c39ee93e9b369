"""The electronic-signature dialog: shows what is being signed and what the signature means, and asks the
signer to enter the password again (21 CFR 11.200). The core does the signing; a wrong password signs
nothing and is counted towards the lockout."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QTextBrowser, QVBoxLayout

from qa_desk.core import signatures
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.widgets import error_label, error_text


def content_html(session: Session, complaint_id: int) -> str:
    """The signed content in words: the fields that matter to the decision, then checklist and CAPA."""
    pol, lang = session.policy, language()
    content = signatures.signed_content(session.db, complaint_id)
    c = content["complaint"]
    rows = [
        (tr("Number"), c["number"]), (tr("Product / batch"), f"{c['product_name']} / {c['batch_no'] or '—'}"),
        (tr("Class"), pol.label("class", c["class"], lang)), (tr("Defect type"),
                                                                     pol.label("defect_type", c["defect_type"], lang)),
        (tr("Root cause"), c["root_cause"] or "—"),
        (tr("Root-cause category"), pol.label("fishbone", c["root_cause_category"], lang)),
        (tr("Conclusion"), pol.label("conclusion", c["conclusion"], lang)),
        (tr("Risk"), f"{pol.label('severity', c['risk_severity'], lang)} / "
                            f"{pol.label('likelihood', c['risk_likelihood'], lang)}"),
        (tr("Market action"), pol.label("market_action", c["market_action"], lang) +
         (f" {pol.label('recall_level', c['recall_level'], lang)}" if c["recall_level"] else "")),
    ]
    decided = sum(1 for i in content["checklist"] if i["result"])
    rows.append((tr("Checklist"), tr("{decided} of {checklist} items decided").format(
        decided=decided, checklist=len(content['checklist']))))
    for a in content["capa"]:
        rows.append(("CAPA", f"{a['ref']}: {a['description']} ({a['owner_dept']} {a['owner']}, {a['due_date']})"))
    body = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    digest = signatures.content_hash(content)
    return (f"<table cellpadding=3>{body}</table><p style='color:#555'>SHA-256: {digest}</p>")


class SignDialog(QDialog):
    """``sign(password)`` is the core call; it runs when the signer confirms."""

    def __init__(self, session: Session, complaint_id: int, *, meaning: str, action: str,
                 sign: Callable[[str], object], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("sign_dialog")
        self.session = session
        self.sign = sign
        self.result_value = None
        pol = session.policy
        self.setWindowTitle(tr("Electronic signature"))
        self.meaning = QLabel(tr("Meaning of this signature: <b>{meaning}</b> ({action})").format(
            meaning=pol.label("signature_meaning", meaning, language()), action=action))
        self.meaning.setObjectName("meaning")
        view = QTextBrowser()
        view.setObjectName("signed_content")
        view.setHtml(content_html(session, complaint_id))
        self.password = QLineEdit()
        self.password.setObjectName("sign_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label("sign_error")
        form = QFormLayout()
        form.addRow(tr("Signer"), QLabel(f"{session.actor.display_name} ({session.actor.username})"))
        form.addRow(tr("Enter your password again"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Sign"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("sign_ok")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.try_sign)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.meaning)
        layout.addWidget(QLabel(tr("What you sign (the signature is bound to this content's hash; any later "
                                   "change shows it as invalid):")))
        layout.addWidget(view, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(640, 520)

    def try_sign(self) -> None:
        self.error.setText("")
        try:
            self.result_value = self.sign(self.password.text())
        except DomainError as exc:
            self.error.setText(error_text(exc) if exc.problems else exc.message(language()))
            self.password.clear()
            return
        self.accept()
