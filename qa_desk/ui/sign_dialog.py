"""The electronic-signature dialog: shows what is being signed and what the signature means, and asks the
signer to enter the password again (21 CFR 11.200). The core does the signing; a wrong password signs
nothing and is counted towards the lockout."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QTextBrowser, QVBoxLayout

from qa_desk.core import signatures
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui.field_errors import FieldMarks, refusal_text
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.widgets import error_label


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
    digest = signatures.content_hash(content)  # the same value current_hash gives the dialog
    return (f"<table cellpadding=3>{body}</table><p style='color:#555'>SHA-256: {digest}</p>")


def refused(dialog, exc: DomainError) -> None:
    """A refused signature: a problem of a field in the dialog is marked there (and focused); any other
    refusal (a wrong password above all) empties the password and puts the cursor back in it."""
    dialog.error.setText(refusal_text(exc, dialog.marks.show(exc.problems)))
    if not dialog.marks.marked:
        dialog.form.failed()


@dataclass(frozen=True)
class Signing:
    """What the signer gave: both components at the first signature of a login, the hash of what they were
    shown (the core signs only that content), and an optional comment."""

    password: str
    username: str | None = None
    expected_sha256: str | None = None
    comment: str | None = None

    def kwargs(self) -> dict:
        return {"password": self.password, "username": self.username, "expected_sha256": self.expected_sha256,
                "comment": self.comment}


class CredentialsForm(QFormLayout):
    """User name (first signature of the login only), password and comment, with the empty-password rule."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.username = QLineEdit()
        self.username.setObjectName("sign_username")
        self.password = QLineEdit()
        self.password.setObjectName("sign_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.comment = QLineEdit()
        self.comment.setObjectName("sign_comment")
        self.comment.setPlaceholderText(tr("Optional"))
        self.addRow(tr("Signer"), QLabel(f"{session.actor.display_name} ({session.actor.username})"))
        if not session.signed_in_login:
            self.addRow(tr("Your user name (first signature of this login)"), self.username)
        self.addRow(tr("Enter your password again"), self.password)
        self.addRow(tr("Comment"), self.comment)

    def first_field(self) -> QLineEdit:
        return self.password if self.session.signed_in_login else self.username

    def missing(self) -> str | None:
        """What is still to be typed (then nothing is sent to the core and no attempt is counted): the user
        name at the first signature of the login, and always the password; it also takes the focus."""
        if not self.session.signed_in_login and not self.username.text().strip():
            self.username.setFocus()
            return tr("Enter your user name.")
        if not self.password.text():
            self.password.setFocus()
            return tr("Enter your password.")
        return None

    def signing(self, expected: str | None) -> Signing | None:
        """None (and nothing sent to the core, no attempt counted) while a component is empty."""
        if self.missing() is not None:
            return None
        return Signing(self.password.text(), None if self.session.signed_in_login else self.username.text().strip(),
                       expected, self.comment.text().strip() or None)

    def failed(self) -> None:
        """A wrong password keeps the focus in the password field."""
        self.password.clear()
        self.password.setFocus()


class SignDialog(QDialog):
    """``sign(Signing)`` is the core call; it runs when the signer confirms, with the hash shown here."""

    def __init__(self, session: Session, complaint_id: int, *, meaning: str, action: str,
                 sign: Callable[[Signing], object], parent=None) -> None:
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
        self.shown_hash = signatures.current_hash(session.db, complaint_id)
        view = QTextBrowser()
        view.setObjectName("signed_content")
        view.setHtml(content_html(session, complaint_id))
        self.form = CredentialsForm(session)
        self.marks = FieldMarks(self)  # e.g. a comment too long: marked in the comment field
        self.password = self.form.password
        self.username = self.form.username
        self.error = error_label("sign_error")
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
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(640, 520)
        self.form.first_field().setFocus()

    def try_sign(self) -> None:
        self.error.setText("")
        signing = self.form.signing(self.shown_hash)
        if signing is None:
            self.error.setText(self.form.missing())
            return
        try:
            self.result_value = self.sign(signing)
        except DomainError as exc:
            refused(self, exc)
            return
        self.accept()


class CredentialsDialog(QDialog):
    """A signature that is not over a complaint's content (destruction, the audit-trail review): the meaning in
    words, then the credentials. ``sign(Signing)`` is the core call."""

    def __init__(self, session: Session, *, title: str, text: str, sign: Callable[[Signing], object],
                 parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("credentials_dialog")
        self.sign = sign
        self.setWindowTitle(title)
        self.form = CredentialsForm(session)
        self.marks = FieldMarks(self)
        self.error = error_label("sign_error")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Sign"))
        buttons.accepted.connect(self.try_sign)
        buttons.rejected.connect(self.reject)
        label = QLabel(text)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.form.first_field().setFocus()

    def try_sign(self) -> None:
        signing = self.form.signing(None)
        if signing is None:
            self.error.setText(self.form.missing())
            return
        try:
            self.sign(signing)
        except DomainError as exc:
            refused(self, exc)
            return
        self.accept()
