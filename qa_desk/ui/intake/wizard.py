"""The intake wizard: pages in order, one draft object handed to the core in ``save()``.

The draft is saved to the user's draft file on every change (debounced), so a killed program offers it back
at the next start. A user who may not triage (reception) gets the same wizard without the classification
page, and without other complaints' details (related complaints, possible duplicates): those are QA's to see.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWizard

from qa_desk.core import intake, settings
from qa_desk.core.drafts import DraftStore
from qa_desk.core.errors import DomainError, Problem
from qa_desk.core.session import Session
from qa_desk.core.triage import TriageInput
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.intake import pages as P

TRIAGE_FIELDS = ("nature", "category", "defect_type", "severity_class", "class_override_reason", "priority",
                 "priority_reason", "investigate", "no_investigation_reason", "reportable", "report_type",
                 "reportability_rationale", "in_scope", "scope_reason")
RECEIPT_FIELDS = ("received_at", "channel", "first_contact", "complainant_type", "complainant_name",
                  "complainant_org", "contact_person", "phone", "address", "email", "anonymous", "product_name",
                  "strength", "package_form", "batch_no", "mfg_date", "expiry_date", "quantity", "unit",
                  "purchase_place", "purchase_date", "storage_use", "description", "request", "sample_available",
                  "sample_requested", "adverse_event")


class IntakeWizard(QWizard):
    def __init__(self, session: Session, drafts: DraftStore, *, restore: bool | None = None, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.drafts = drafts
        self.saved: dict | None = None
        self.restored: dict = {}
        self._loading = True  # building the pages fires change signals; nothing to save yet
        self._autosave = QTimer(self, singleShot=True, interval=500)
        self._autosave.timeout.connect(self.save_draft)
        self.qa = session.may("triage")  # classifies at intake; the core decides who may
        self.setWindowTitle(tr("Register a complaint"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, tr("Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, tr("< Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("Save"))
        self.setButtonText(QWizard.WizardButton.CancelButton, tr("Cancel"))
        self.pages = [P.ReceiptPage(self), P.ComplainantPage(self), P.ProductPage(self), P.ComplaintPage(self),
                      P.CheckPage(self, qa=self.qa)]
        if self.qa:
            self.pages.append(P.ClassificationPage(self))
        self.pages.append(P.SummaryPage(self))
        for page in self.pages:
            self.addPage(page)
        self._loading = False
        self.untouched = self.collect()  # what an empty wizard holds: leaving it then asks nothing
        self.resize(760, 620)
        previous = drafts.load()
        if previous and (restore or (restore is None and self._ask_restore())):
            self.restore(previous)
        elif previous:
            drafts.discard()

    def _ask_restore(self) -> bool:
        """Continue the kept draft, or discard it on purpose (Esc continues: nothing is lost by a reflex)."""
        box = QMessageBox(QMessageBox.Icon.Question, tr("Unfinished registration"),
                          tr("A registration was not finished. Continue with its draft?"), parent=self)
        box.setObjectName("restore_draft")
        go_on = box.addButton(tr("Continue the draft"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(tr("Discard the draft and start anew"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(go_on)
        box.setEscapeButton(go_on)
        box.exec()
        return box.clickedButton() is not discard

    def content_pages(self) -> list[P.Page]:
        return self.pages[:-1]

    # --- the draft ---------------------------------------------------------------------------------------
    def collect(self) -> dict:
        values: dict = {}
        for page in self.pages:
            values.update(page.values())
        return values

    def to_draft(self, values: dict, *, with_files: bool = False) -> intake.ComplaintDraft:
        kwargs = {k: values.get(k) for k in RECEIPT_FIELDS}
        kwargs["anonymous"] = bool(values.get("anonymous"))
        if values.get("acknowledged"):
            kwargs["acknowledged_at"] = self.session.now()
            kwargs["ack_method"] = values.get("ack_method")
        draft = intake.ComplaintDraft(**kwargs)
        draft.links = list(values.get("links") or [])
        if self.qa:
            t = {k: values.get(k) for k in TRIAGE_FIELDS}
            t["in_scope"] = bool(values.get("in_scope", True))
            t["investigate"] = bool(values.get("investigate", True))
            t["reportable"] = bool(values.get("reportable"))
            if not t["reportable"]:
                t["report_type"] = None
            draft.triage = TriageInput(**t)
        if with_files:
            draft.attachments = self._read_files(values.get("attachment_paths") or [])
        return draft

    def _read_files(self, paths: list[str]) -> list[tuple[str, bytes]]:
        limit = settings.get(self.session.db, "attachment_max_mb") * 1024 * 1024
        out = []
        for p in paths:
            if os.path.getsize(p) > limit:  # refused before it is read whole
                raise DomainError("bad_complaint", "投诉未保存", "The complaint was not saved", [Problem(
                    f"附件 {Path(p).name} 超过 {limit // 1048576} MB", f"attachment {Path(p).name} is larger than "
                    f"{limit // 1048576} MB", "attachments")])
            out.append((Path(p).name, Path(p).read_bytes()))
        return out

    def problems(self) -> list[Problem]:
        draft = self.to_draft(self.collect())
        return intake.check_draft(self.session, draft)[3]

    def checked_triage(self) -> dict | None:
        """The classification as the core will store it (the suggested class and the class's priority filled
        in), None for a user who registers without classifying."""
        return intake.check_draft(self.session, self.to_draft(self.collect()))[2]

    def field_changed(self) -> None:
        if not self._loading:
            self._autosave.start()

    def save_draft(self) -> None:
        self.drafts.save({"values": self.collect(), "page": self.currentId()})

    def restore(self, data: dict) -> None:
        self._loading = True
        try:
            values = data.get("values") or {}
            self.restored = values
            for page in self.pages:
                page.restore(values)
        finally:
            self._loading = False

    # --- saving ------------------------------------------------------------------------------------------
    def save(self) -> bool:
        """Register the complaint (one transaction); on refusal show every problem on the summary page."""
        summary = self.pages[-1]
        try:
            draft = self.to_draft(self.collect(), with_files=True)
            self.saved = intake.register(self.session, draft)
        except DomainError as exc:
            summary.errors.setText(exc.message(language()))
            self.mark_pages(exc.problems)
            return False
        self._autosave.stop()
        self.drafts.discard()
        return True

    def mark_pages(self, problems: list[Problem]) -> None:
        """A refusal at saving: each page marks its own fields (seen on going back to it), the cursor stays."""
        for page in self.content_pages():
            mine = set(page.fields) | set(page.owned_fields())
            page.marks.show([p for p in problems if p.field in mine], focus=False)

    # --- leaving (Esc, Cancel, the window's close button all come here) ----------------------------------
    def has_typed(self) -> bool:
        return self.collect() != self.untouched

    def reject(self) -> None:
        """Esc and Cancel: typed work is never lost without a question."""
        self._leave(ask=True)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt)
        """The window's close button asks as Esc does; a close by the program (logging out, quitting, a test's
        teardown) keeps the draft without a question: nobody is there to answer it."""
        if self.isVisible():
            self._leave(ask=event.spontaneous())
        event.setAccepted(not self.isVisible())

    def _leave(self, *, ask: bool) -> None:
        """Keep the draft, discard it, or stay; an untouched wizard just closes."""
        if not self.has_typed():
            choice = "discard"
        else:
            choice = self.leave_choice() if ask else "keep"
        if choice == "stay":
            return
        self._autosave.stop()
        if choice == "keep":
            self.save_draft()
        else:
            self.drafts.discard()
        super().reject()

    def leave_choice(self) -> str:
        """'keep', 'discard' or 'stay', asked in a message box (Esc on it stays in the wizard)."""
        box = QMessageBox(QMessageBox.Icon.Question, tr("Leave the registration"),
                          tr("This complaint is not saved yet. Keep what you typed as a draft to continue "
                             "later, or discard it?"), parent=self)
        box.setObjectName("leave_wizard")
        keep = box.addButton(tr("Keep the draft"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.setEscapeButton(box.addButton(tr("Continue typing"), QMessageBox.ButtonRole.RejectRole))
        box.setDefaultButton(keep)
        box.exec()
        clicked = box.clickedButton()
        return "keep" if clicked is keep else "discard" if clicked is discard else "stay"
