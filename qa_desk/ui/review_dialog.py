"""The periodic reviews in the app (issue 16 item 5; China GMP art. 276): choose the monthly review of the register
(a month) or the complaints section of a product's annual quality review (a product and a year), see the review's
state, print it, and sign it: the QA head's "reviewed" once the period has ended, then the quality VP's
"informed" as authorised person (质量受权人).

Everything goes through the core: the state is read on a worker (``review_panel.load_state`` over
``core.reviews``), the PDF is written by ``documents.reports`` as a job (``jobs.start``) and shown in the system's
viewer (``print_actions.show``), and both signatures are ``reviews.sign`` calls, also a job: the "reviewed"
signature hashes the month's content again, seconds on a large file. The QA head's button creates the review
record (``reviews.ensure``, audited) when it does not exist yet, as the core expects; a wrong password then writes
nothing more. Each sign button is shown only to a role that may give that signature and enabled only when
``review_panel.why_not`` finds nothing against it; the reason is written next to the buttons.

Signals: ``state_loaded`` after each state drawn, ``signed`` after a signature the core accepted, ``printed`` with
the PDF's path, ``refused`` after the core refused (tests wait for them).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import shiboken6
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import reviews
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.documents import reports
from qa_desk.ui import background, jobs, print_actions
from qa_desk.ui.i18n import pick, tr
from qa_desk.ui.review_panel import ReviewState, Signing, SignPanel, load_state, products, state_html, title_of, why_not
from qa_desk.ui.widgets import error_label


def _safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_") or "review"


class ReviewDialog(QDialog):
    state_loaded = Signal()
    signed = Signal(object)  # the review row after the signature
    printed = Signal(object)  # the PDF's path
    refused = Signal(object)  # the DomainError

    def __init__(self, session: Session, db_path: str, parent=None, *, product: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_dialog")
        self.setWindowTitle(tr("Periodic reviews"))
        self.session, self.db_path = session, str(db_path)
        self.state: ReviewState | None = None
        self.out_dir: Path | None = None  # where the PDFs go (a fresh temporary folder each when None)
        self.last_pdf: Path | None = None
        self.busy = False
        self._gen = 0
        self._wanted_product = product
        self.state_view = QTextBrowser()
        self.state_view.setObjectName("review_state")
        self.state_view.setMinimumHeight(150)
        self.reason = QLabel()
        self.reason.setObjectName("review_reason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #6d4c00")
        self.status = QLabel()
        self.status.setObjectName("review_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = error_label("review_error")
        self.panel = SignPanel(session)
        self.panel.hide()
        self.panel.wanted.connect(self._sign)
        self.panel.cancelled.connect(self.panel.hide)
        layout = QVBoxLayout(self)
        layout.addLayout(self._chooser())
        layout.addWidget(self.state_view, 1)
        layout.addWidget(self.reason)
        layout.addLayout(self._buttons())
        layout.addWidget(self.panel)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        self.resize(760, 600)
        self._kind_changed()
        background.read(self.db_path, products, self._fill_products, self._read_failed, owner=self)

    # --- building -------------------------------------------------------------------------------------------
    def _chooser(self) -> QHBoxLayout:
        today = self.session.now().date()
        self.kind = QComboBox()
        self.kind.setObjectName("review_kind")
        self.kind.addItem(tr("Monthly review of the register (GMP art. 276)"), str(reviews.Kind.MONTHLY))
        self.kind.addItem(tr("Annual product quality review (complaints)"), str(reviews.Kind.PRODUCT))
        self.month = QDateEdit()
        self.month.setObjectName("review_month")
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setMaximumDate(QDate(today.year, today.month, 1).addMonths(1).addDays(-1))
        last = QDate(today.year, today.month, 1).addMonths(-1)  # the month to sign: the one just ended
        self.month.setDate(last)
        self.product = QComboBox()
        self.product.setObjectName("review_product")
        self.product.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.product.setMinimumContentsLength(16)
        self.year = QSpinBox()
        self.year.setObjectName("review_year")
        self.year.setRange(1900, today.year)
        self.year.setValue(today.year - 1)
        self.month_label, self.product_label, self.year_label = QLabel(tr("Month")), QLabel(tr("Product")), \
            QLabel(tr("Year"))
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.month.dateChanged.connect(lambda _d: self.reload())
        self.product.currentIndexChanged.connect(lambda _i: self.reload())
        self.year.valueChanged.connect(lambda _v: self.reload())
        bar = QHBoxLayout()
        for w in (QLabel(tr("Review")), self.kind, self.month_label, self.month, self.product_label, self.product,
                  self.year_label, self.year):
            bar.addWidget(w)
        bar.addStretch(1)
        return bar

    def _buttons(self) -> QHBoxLayout:
        self.print_button = QPushButton(tr("Print PDF…"))
        self.print_button.setObjectName("review_print")
        self.print_button.clicked.connect(lambda: self.print_pdf())
        self.print_button.setVisible(self.session.may(reviews.PRINT_ACTION))
        self.sign_button = QPushButton(tr("Sign as QA head (reviewed)…"))
        self.sign_button.setObjectName("review_sign")
        self.sign_button.clicked.connect(lambda: self.ask(reviews.Meaning.REVIEWED))
        self.sign_button.setVisible(self.session.may(reviews.REVIEW_ACTION))
        self.inform_button = QPushButton(tr("Acknowledge as quality VP (informed)…"))
        self.inform_button.setObjectName("review_inform")
        self.inform_button.clicked.connect(lambda: self.ask(reviews.Meaning.INFORMED))
        self.inform_button.setVisible(self.session.may(reviews.INFORM_ACTION))
        close = QPushButton(tr("Close"))
        close.setObjectName("review_close")
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        for b in (self.print_button, self.sign_button, self.inform_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        return row

    # --- the chosen review ----------------------------------------------------------------------------------
    def choice(self) -> tuple[str, str, str | None]:
        """(kind, period, product) as chosen now."""
        kind = self.kind.currentData()
        if kind == reviews.Kind.MONTHLY:
            return kind, self.month.date().toString("yyyy-MM"), None
        return kind, str(self.year.value()), self.product.currentData()

    def _kind_changed(self) -> None:
        monthly = self.kind.currentData() == reviews.Kind.MONTHLY
        for w in (self.month_label, self.month):
            w.setVisible(monthly)
        for w in (self.product_label, self.product, self.year_label, self.year):
            w.setVisible(not monthly)
        self.reload()

    def _fill_products(self, names: list[str]) -> None:
        if not shiboken6.isValid(self):  # closed before the worker answered
            return
        chosen = self.product.currentData() or self._wanted_product
        self.product.blockSignals(True)
        self.product.clear()
        for name in names:
            self.product.addItem(name, name)
        i = self.product.findData(chosen)
        self.product.setCurrentIndex(i if i >= 0 else 0)
        self.product.blockSignals(False)
        if self.kind.currentData() == reviews.Kind.PRODUCT:
            self.reload()

    def reload(self) -> None:
        """Read the chosen review's state again on a worker; the newest request's answer is drawn."""
        self._gen += 1
        gen, (kind, period, product) = self._gen, self.choice()
        self.state = None
        self.panel.hide()
        self._offer()
        self.state_view.setHtml(f"<p>{tr('Reading the review…')}</p>")
        if kind == reviews.Kind.PRODUCT and not product:
            self.state_view.setHtml(f"<p>{tr('Choose a product.')}</p>")
            return
        session = self.session
        background.read(self.db_path, lambda db: load_state(session, db, kind, period, product),
                        lambda state, gen=gen: self._show(state, gen), self._read_failed, owner=self)

    def _show(self, state: ReviewState, gen: int) -> None:
        if not shiboken6.isValid(self) or gen != self._gen:
            return
        self.state = state
        self.state_view.setHtml(state_html(state))
        self._offer()
        self.state_loaded.emit()

    def _read_failed(self, message: str) -> None:
        if not shiboken6.isValid(self):
            return
        self.error.setText(tr("The review could not be read: {message}").format(message=message))

    def _offer(self) -> None:
        """Enable each signature only when nothing is against it, and say why not next to the buttons."""
        reasons = []
        for button, meaning in ((self.sign_button, reviews.Meaning.REVIEWED),
                                (self.inform_button, reviews.Meaning.INFORMED)):
            why = why_not(self.session, self.state, meaning) if button.isVisibleTo(self) else None
            button.setEnabled(button.isVisibleTo(self) and why is None and not self.busy)
            if why and self.state is not None:
                reasons.append(why)
        self.print_button.setEnabled(not self.busy and self.state is not None and self.state.error is None)
        self.reason.setText("\n".join(dict.fromkeys(reasons)))
        self.reason.setVisible(bool(reasons))

    # --- signing --------------------------------------------------------------------------------------------
    def ask(self, meaning: reviews.Meaning) -> None:
        """Open the signature form. The QA head's creates the review record first when there is none (audited,
        as ``reviews.ensure`` does when a review is opened to be signed)."""
        self.error.setText("")
        if self.state is None or why_not(self.session, self.state, meaning) is not None:
            return
        if meaning == reviews.Meaning.REVIEWED and self.state.review is None:
            kind, period, product = self.state.kind, self.state.period, self.state.product
            try:
                self.state.review = reviews.ensure(self.session, kind, period, product)
            except DomainError as exc:
                self._refused(exc)
                return
            self.state_view.setHtml(state_html(self.state))
        self.panel.ask(meaning, self.state)

    def _sign(self, signing: Signing) -> None:
        state, meaning = self.state, self.panel.meaning
        if state is None or state.review is None or meaning is None or self.busy:
            return
        review_id = state.review["id"]
        expected = state.digest if meaning == reviews.Meaning.REVIEWED else None

        def work(s: Session, _progress, _cancelled):
            try:
                return reviews.sign(s, review_id, password=signing.password, username=signing.username,
                                    meaning=str(meaning), expected_sha256=expected, comment=signing.comment)
            except DomainError as exc:  # handed back whole: the form marks its field
                return exc

        self._busy(True)
        jobs.start(self, self.db_path, self.session, tr("Signing the review…"), work, self._signed,
                   self._job_failed)

    def _signed(self, result) -> None:
        self._busy(False)
        if isinstance(result, DomainError):
            self.panel.refused(result)
            self.refused.emit(result)
            if result.code not in self.panel_codes():
                self.reload_keeping_panel()
            return
        self.session.signed_in_login = True  # the worker's login signed: the next signature asks the password only
        who = pick(*reviews.MEANING_LABELS[reviews.Meaning(result["status"])])
        title = title_of(self.state) if self.state is not None else self.windowTitle()
        self.status.setText(tr("Signed: {meaning} · {title}").format(meaning=who, title=title))
        self.panel.hide()
        self.reload()
        self.signed.emit(result)

    @staticmethod
    def panel_codes() -> frozenset[str]:
        from qa_desk.ui.review_panel import CREDENTIAL_CODES

        return CREDENTIAL_CODES

    def reload_keeping_panel(self) -> None:
        """A refusal that is not about the credentials (the content changed, someone signed meanwhile): the
        state is read again; the form closes with the reload and the reason stays in the error line."""
        message = self.panel.error.text()
        self.reload()
        self.error.setText(message)

    def _job_failed(self, message: str) -> None:
        self._busy(False)
        self.error.setText(message)

    def _refused(self, exc: DomainError) -> None:
        self.error.setText(pick(exc.message("zh_CN"), exc.message("en")))
        self.refused.emit(exc)

    def _busy(self, busy: bool) -> None:
        self.busy = busy
        self.panel.setEnabled(not busy)
        self._offer()

    # --- printing -------------------------------------------------------------------------------------------
    def pdf_path(self) -> Path:
        kind, period, product = self.choice()
        name = f"monthly-review-{period}.pdf" if kind == reviews.Kind.MONTHLY else \
            f"product-review-{_safe(product or '')}-{period}.pdf"
        folder = self.out_dir or Path(tempfile.mkdtemp(prefix="qa-desk-"))
        return folder / name

    def print_pdf(self) -> jobs.Job | None:
        """Write the review's PDF on a worker (audited as a print) and open it in the system's viewer."""
        if self.busy or self.state is None or self.state.error is not None:
            return None
        kind, period, product = self.state.kind, self.state.period, self.state.product
        out = self.pdf_path()
        self.error.setText("")

        def work(s: Session, progress, _cancelled):
            if kind == reviews.Kind.MONTHLY:
                return reports.print_monthly(s, period, out, progress=progress)
            return reports.print_product_review(s, product, period, out, progress=progress)

        def done(_result) -> None:
            self._busy(False)
            self.last_pdf = out
            self.status.setText(tr("PDF written: {path}").format(path=str(out)))
            print_actions.show(out)
            self.printed.emit(out)

        self._busy(True)
        return jobs.start(self, self.db_path, self.session, tr("Writing the review's PDF…"), work, done,
                          self._job_failed, self._job_failed)


def open_reviews(parent: QWidget) -> ReviewDialog:
    """The dialog over a page that has ``session`` and ``db_path`` (the Trends page's toolbar button); the
    page's product filter, when one is chosen, is the product review's first choice."""
    combo = getattr(parent, "product", None)
    product = combo.currentData() if isinstance(combo, QComboBox) else None
    dialog = ReviewDialog(parent.session, parent.db_path, parent, product=product)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


__all__ = ["ReviewDialog", "open_reviews"]
