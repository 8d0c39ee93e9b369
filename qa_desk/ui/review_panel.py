"""The state of one periodic review in words, and the signature form of the review screen (issue 16 item 5).

``load_state`` runs on a worker with its own read-only connection (``background.read``): a monthly review's content
takes seconds on a large file. It only calls the core (``reviews``, ``review_data``, ``listing``); the screen draws
what comes back. ``why_not`` says, before anything reaches the core, why a signature is not offered now (the
period runs, the review is signed already, the reviewer may not acknowledge it himself); the core checks the same
again when the signature is given and its refusal is what is shown then.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QGroupBox, QLabel, QVBoxLayout

from qa_desk.core import review_data, reviews
from qa_desk.core.errors import DomainError, Problem
from qa_desk.core.session import Session
from qa_desk.ui.field_errors import FieldMarks
from qa_desk.ui.i18n import pick, tr
from qa_desk.ui.sign_dialog import CredentialsForm, Signing
from qa_desk.ui.widgets import error_label, local_time

# refusals of the credentials themselves: shown at the field the signer types in, not in the form's error line
CREDENTIAL_CODES = frozenset({"bad_password", "no_password", "need_username", "locked"})


@dataclass
class ReviewState:
    """One review as the core has it now: the period (checked), the review row (None: not yet created), the
    hash of its content now (what a "reviewed" signature now would bind), its signatures and what changed since
    the QA head signed. ``error``: the core refused the period or product (nothing else is filled then)."""

    kind: str
    period: str
    product: str | None = None
    review: dict | None = None
    digest: str = ""
    total: int = 0
    signatures: list[dict] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    error: DomainError | None = None


def load_state(session: Session, db, kind: str, period: str, product: str | None) -> ReviewState:
    """Read one review's state on ``db`` (a worker's connection) as ``session``'s login; refusals come back in
    the state, never as an exception (the worker would only pass on the English text)."""
    s = session.on(db)
    try:
        today = s.now().date()
        if kind == reviews.Kind.MONTHLY:
            period, product = review_data.parse_month(period, today), None
        else:
            period, product = str(review_data.parse_year(period, today)), review_data.check_product(db, product)
        review = reviews.find(db, kind, period, product)
        data = reviews.content(s, kind, period, product)
    except DomainError as exc:
        return ReviewState(kind, period, product, error=exc)
    return ReviewState(kind, period, product, review, reviews.content_hash(data), int(data.get("total") or 0),
                       reviews.manifestations(db, review), reviews.changed_sections(db, review, data))


def products(db) -> list[str]:
    """The products the product review may be chosen for (the core's list, most complaints first)."""
    from qa_desk.core import listing

    return listing.products(db)


def title_of(state: ReviewState) -> str:
    if state.kind == reviews.Kind.MONTHLY:
        return tr("Monthly review of the register {month}").format(month=state.period)
    return tr("Product quality review (complaints) {product} {year}").format(product=state.product or "",
                                                                           year=state.period)


def meaning_label(meaning: reviews.Meaning) -> str:
    return pick(*reviews.MEANING_LABELS[meaning])


def state_html(state: ReviewState) -> str:
    """The review's state in words: created or not, the content hash now, each signature (who, when, whether it
    still holds), and the sections that changed since the QA head signed."""
    e = html.escape
    if state.error is not None:
        return f"<p style='color:#b71c1c'>{e(pick(state.error.zh, state.error.en))}</p>"
    r = state.review
    rows: list[tuple[str, str]] = [
        (tr("Complaints in the period"), str(state.total)),
        (tr("Content now (SHA-256)"), f"<span style='font-family:monospace'>{e(state.digest)}</span>"),
    ]
    if r is None:
        rows.append((tr("Review record"), e(tr("Not yet created: it is created when the QA head opens it to "
                                               "sign."))))
    else:
        rows.append((tr("Review record"), e(tr("Created {at}").format(at=local_time(r["created_at"])))))
    sigs = {s["meaning"]: s for s in state.signatures}
    for meaning, who in ((reviews.Meaning.REVIEWED, tr("QA head")),
                         (reviews.Meaning.INFORMED, tr("Quality VP"))):
        s = sigs.get(str(meaning))
        head = f"{meaning_label(meaning)} · {who}"
        if s is None:
            rows.append((e(head), e(tr("Not yet signed"))))
            continue
        ok = (f"<span style='color:#2e7d32'>{e(tr('valid'))}</span>" if s["valid"]
              else f"<b style='color:#b71c1c'>{e(tr('INVALID'))}</b>")
        rows.append((e(head), e(tr("Signed by {name} at {at}").format(
            name=s["signer_name"], at=local_time(s["signed_at"], zone=True))) + " · " + ok))
    if r is not None and r["content_sha256"]:
        rows.append((tr("Content signed (SHA-256)"),
                     f"<span style='font-family:monospace'>{e(r['content_sha256'])}</span>"))
        if state.changed or r["content_sha256"] != state.digest:
            changed = ", ".join(state.changed) or "—"
            rows.append((tr("Changed since signing"), "<b style='color:#b71c1c'>" + e(tr(
                "The figures changed after the review was signed; sections: {sections}. The signatures cover the "
                "content as reviewed.").format(sections=changed)) + "</b>"))
        else:
            rows.append((tr("Changed since signing"), e(tr("No: the figures are the ones reviewed."))))
    body = "".join(f"<tr><td style='padding-right:12px'><b>{k if k.startswith('<') else e(k)}</b></td>"
                   f"<td>{v}</td></tr>" for k, v in rows)
    return f"<h3>{e(title_of(state))}</h3><table cellpadding=2>{body}</table>"


def why_not(session: Session, state: ReviewState | None, meaning: reviews.Meaning) -> str | None:
    """Why this signature is not offered now (None: it is). Permissions are asked of the session; the review's
    state of the core's ``reviews`` (``period_over``, the status, who reviewed)."""
    action = reviews.REVIEW_ACTION if meaning == reviews.Meaning.REVIEWED else reviews.INFORM_ACTION
    if not session.may(action):
        return tr("Your role may not give this signature.")
    if state is None:
        return tr("Reading the review…")
    if state.error is not None:
        return pick(state.error.zh, state.error.en)
    r = state.review
    if meaning == reviews.Meaning.REVIEWED:
        if not reviews.period_over({"kind": state.kind, "period": state.period}, session.now()):
            return tr("The period {period} is not over yet: the QA head signs the review after it ends (printing "
                      "is not limited).").format(period=state.period)
        if r is not None and r["status"] != reviews.Status.OPEN:
            return tr("The review was signed as reviewed at {at}; it is signed once.").format(
                at=local_time(r["reviewed_at"]))
        return None
    if r is None or r["status"] == reviews.Status.OPEN:
        return tr("The QA head has not signed this review yet; the quality VP acknowledges it after that.")
    if r["status"] == reviews.Status.INFORMED:
        return tr("The quality VP acknowledged the review at {at}.").format(at=local_time(r["informed_at"]))
    if r["reviewed_by"] == session.actor.id:
        return tr("You signed this review as QA head: another person acknowledges it as authorised person "
                  "(segregation of duties).")
    return None


class SignPanel(QGroupBox):
    """What the signature means, then user name (first signature of the login), password and comment. ``wanted``
    carries the credentials to the screen, which runs the core call; ``refused`` shows the core's answer: a
    wrong password at the password field (emptied, the cursor back in it), anything else in the error line."""

    wanted = Signal(object)  # Signing
    cancelled = Signal()

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("review_sign_panel")
        self.session = session
        self.meaning: reviews.Meaning | None = None
        self.note = QLabel()
        self.note.setObjectName("review_sign_meaning")
        self.note.setWordWrap(True)
        self.form = CredentialsForm(session)
        self.marks = FieldMarks(self)
        self.error = error_label("review_sign_error")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setObjectName("review_sign_ok")
        self.ok.setText(tr("Sign"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.cancelled)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def ask(self, meaning: reviews.Meaning, state: ReviewState) -> None:
        """Show the form for this signature over this review (the credentials typed before are dropped)."""
        self.meaning = meaning
        self.marks.clear()
        self.error.setText("")
        self.form.password.clear()
        self.form.comment.clear()
        if meaning == reviews.Meaning.REVIEWED:
            self.setTitle(tr("Sign as QA head"))
            text = tr("Your signature means: <b>{meaning}</b>. It covers the review's content as shown above "
                      "(SHA-256 {digest}) and the audit chain head at this moment.").format(
                meaning=html.escape(meaning_label(meaning)), digest=state.digest[:16] + "…")
        else:
            self.setTitle(tr("Acknowledge as quality VP"))
            text = tr("Your signature means: <b>{meaning}</b>. As authorised person you acknowledge having been "
                      "informed of the review as the QA head signed it.").format(
                meaning=html.escape(meaning_label(meaning)))
        self.note.setText(text)
        self.setEnabled(True)
        self.show()
        self.form.first_field().setFocus()

    def submit(self) -> None:
        self.error.setText("")
        signing = self.form.signing(None)
        if signing is None:
            self.error.setText(self.form.missing())
            return
        self.wanted.emit(signing)

    def refused(self, exc: DomainError) -> None:
        """The core refused: a credential at its field (the password emptied and focused), the rest here."""
        self.marks.clear()
        if exc.code in CREDENTIAL_CODES:
            key = "sign_password"
            if not self.session.signed_in_login and (exc.code == "need_username"
                                                      or exc.en.startswith("The user name")):
                key = "sign_username"
            self.marks.show([Problem(exc.zh, exc.en, key)], focus=False)
            self.error.setText(tr("Nothing was signed."))
            self.form.failed()
            if key == "sign_username":
                self.form.username.setFocus()
            return
        self.error.setText(pick(exc.message("zh_CN"), exc.message("en")))


__all__ = ["ReviewState", "SignPanel", "Signing", "load_state", "products", "state_html", "why_not"]
