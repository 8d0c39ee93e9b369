"""The intake wizard's pages, in order: receipt, complainant, product, complaint, initial check,
classification (QA only), summary."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TR_NOOP, QDateTime, QSize, Qt, QTimer
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QDateTimeEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
)

from qa_desk.core import batches, listing, privacy, triage
from qa_desk.ui.i18n import language, pick, tr
from qa_desk.ui.intake.base import Page
from qa_desk.ui.intake.summary import SummaryPage  # noqa: F401 (the last page, in a module of its own)
from qa_desk.ui.widgets import local_date, report_combo, vocab_combo

NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1  # a possible duplicate's number, beside its id


class ReceiptPage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, tr("Receipt", "wizard page"))
        pol = wizard.session.policy
        self.add("channel", vocab_combo(pol, "channel", empty=tr("(choose)")), tr("Channel"))
        now = QDateTime(wizard.session.now().astimezone().replace(tzinfo=None))
        when = QDateTimeEdit(now)
        when.setCalendarPopup(True)
        when.setDisplayFormat("yyyy-MM-dd HH:mm")
        when.setMaximumDateTime(now.addSecs(300))
        self.add("received_at", when, tr("Received at"))
        self.form.addRow(tr("Receiver"), QLabel(wizard.session.actor.display_name))
        self.add("first_contact", QLineEdit(), tr("First-contact person (if different)"))
        self.add("acknowledged", QCheckBox(tr("The complainant was told we received it")))
        self.form.addRow(self.fields["acknowledged"])
        self.add("ack_method", vocab_combo(pol, "ack_method", empty=tr("(how)")), tr("How", "acknowledgement"))

    def owned_fields(self) -> tuple[str, ...]:
        return ("acknowledged_at",)

    def aliases(self) -> dict[str, str]:
        return {"acknowledged_at": "acknowledged"}


class ComplainantPage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, tr("Complainant"))
        pol = wizard.session.policy
        self.add("complainant_type", vocab_combo(pol, "complainant_type", empty=tr("(choose)")),
                 tr("Type"))
        self.add("anonymous", QCheckBox(tr("Anonymous (no reply owed)")))
        self.form.addRow(self.fields["anonymous"])
        for name, label in (("complainant_name", QT_TR_NOOP("Name")), ("complainant_org", QT_TR_NOOP("Organisation")),
                             ("contact_person", QT_TR_NOOP("Contact person")), ("phone", QT_TR_NOOP("Phone")),
                             ("address", QT_TR_NOOP("Address")), ("email", QT_TR_NOOP("E-mail"))):
            self.add(name, QLineEdit(), tr(label))
        self.fields["anonymous"].toggled.connect(self._anonymous)

    def _anonymous(self, on: bool) -> None:
        for name in ("complainant_name", "contact_person", "phone", "address", "email"):
            self.fields[name].setEnabled(not on)


class ProductPage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, tr("Product"))
        db = wizard.session.db
        product = self.add("product_name", QLineEdit(), tr("Product"))
        product.setCompleter(QCompleter(listing.products(db), self))
        self.strength = self.add("strength", QLineEdit(), tr("Strength"))
        self.add("package_form", QLineEdit(), tr("Package form"))
        self.batch = self.add("batch_no", QLineEdit(), tr("Batch"))
        self.batch_note = QLabel()  # what the batch register says of this batch (a note, never a refusal)
        self.batch_note.setObjectName("batch_note")
        self.batch_note.setWordWrap(True)
        self.form.addRow("", self.batch_note)
        self.batch_note.setVisible(False)
        self._filled: dict[str, str] = {}  # the dates the register filled in, so a later batch can replace them
        for name, label in (("mfg_date", QT_TR_NOOP("Manufactured")), ("expiry_date", QT_TR_NOOP("Expiry"))):
            w = self.add(name, QLineEdit(), tr(label))
            w.setPlaceholderText("YYYY-MM-DD")
        row = QHBoxLayout()
        self.add("quantity", QLineEdit())
        self.add("unit", QLineEdit())
        self.fields["unit"].setPlaceholderText(tr("unit (box, bottle…)"))
        row.addWidget(self.fields["quantity"])
        row.addWidget(self.fields["unit"])
        self.form.addRow(tr("Quantity"), row)
        self.labels.update(quantity=tr("Quantity"), unit=tr("Unit"))
        self.add("purchase_place", QLineEdit(), tr("Where bought"))
        self.add("purchase_date", QLineEdit(), tr("Purchase date")).setPlaceholderText("YYYY-MM-DD")
        self.related_title = QLabel()
        self.related = QListWidget()
        self.related.setObjectName("related")
        self.related.setMaximumHeight(140)
        self.extra.addWidget(self.related_title)
        self.extra.addWidget(self.related)
        self._lookup = QTimer(self, singleShot=True, interval=300)
        self._lookup.timeout.connect(self.refresh_related)
        product.textChanged.connect(lambda _t: self._lookup.start())
        self.batch.textChanged.connect(lambda _t: self._lookup.start())
        product.editingFinished.connect(self._complete_for_product)

    def _complete_for_product(self) -> None:
        db, name = self.wiz.session.db, self.fields["product_name"].text().strip()
        if name:
            self.strength.setCompleter(QCompleter(listing.strengths(db, name), self))
            self.batch.setCompleter(QCompleter(listing.batches(db, name), self))

    def refresh_related(self) -> None:
        """As soon as a batch or product is entered, show the other complaints on it (last 12 months)."""
        from qa_desk.core.validation import normalise_batch

        self.complete_from_register()
        name = self.fields["product_name"].text().strip() or None
        batch = normalise_batch(self.batch.text())
        rows = listing.related_to(self.wiz.session.db, product=name, batch=batch, now=self.wiz.session.now())
        self.related.clear()
        same_batch = sum(1 for r in rows if r["link"] == "batch")
        self.related_title.setText(tr("Last 12 months: {same_batch} on this batch, {rows} on this product").format(
            same_batch=same_batch, rows=len(rows) - same_batch) if rows else "")
        # other complainants' records: the counts for everyone, the complaints themselves only for QA
        see = privacy.may_see(self.wiz.session)
        self.related.setVisible(see)
        if not see:
            return
        for r in rows:
            tag = tr("batch") if r["link"] == "batch" else tr("product")
            self.related.addItem(f"[{tag}] {r['number']}  {local_date(r['received_at'])}  {r['class'] or '—'}  "
                                 f"{(r['description'] or '')[:60]}")


    def complete_from_register(self) -> None:
        """Product and batch typed: the batch register's manufacture and expiry dates complete the receipt (a date
        typed by hand is kept, and a difference from the register is noted); a batch the register does not know is
        said, never refused: the complainant may have misread the pack."""
        found = batches.lookup(self.wiz.session.db, self.fields["product_name"].text(), self.batch.text())
        notes: list[str] = []
        if found is not None and found.known is batches.Known.FOUND:
            for key, value in found.dates().items():
                w = self.fields[key]
                if value and (not w.text().strip() or w.text().strip() == self._filled.get(key)):
                    w.setText(value)
                    self._filled[key] = value
            typed = {key: self.fields[key].text() for key in ("mfg_date", "expiry_date")}
            notes = [found.note(language())] + [p.text(language()) for p in found.mismatches(typed)]
        else:
            for key, value in list(self._filled.items()):  # another batch now: the dates of the last one go
                if self.fields[key].text().strip() == value:
                    self.fields[key].clear()
            self._filled.clear()
            if found is not None and found.note(language()):
                notes = [found.note(language())]
        self.batch_note.setText("\n".join(notes))
        self.batch_note.setStyleSheet("color: #2e7d32" if found is not None and found.known is batches.Known.FOUND
                                      else "color: #8d6e00")
        self.batch_note.setVisible(bool(notes))


class AttachmentList(QListWidget):
    """Thumbnails of the attached photos and scans; files can be dropped on it."""

    def __init__(self, page) -> None:
        super().__init__()
        self.page = page
        self.setObjectName("attachments")
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(QSize(96, 96))
        self.setAcceptDrops(True)
        self.setMaximumHeight(140)

    def dragEnterEvent(self, e) -> None:  # noqa: N802
        if e.mimeData().hasUrls():
            e.acceptProposedAction()

    def dragMoveEvent(self, e) -> None:  # noqa: N802
        if e.mimeData().hasUrls():
            e.acceptProposedAction()

    def keyPressEvent(self, e) -> None:  # noqa: N802
        if e.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selectedItems():
            self.page.remove_selected()
        else:
            super().keyPressEvent(e)

    def dropEvent(self, e) -> None:  # noqa: N802
        for url in e.mimeData().urls():
            if url.isLocalFile():
                self.page.add_file(url.toLocalFile())
        e.acceptProposedAction()


class ComplaintPage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, tr("The complaint"))
        self.add("description", QPlainTextEdit(), tr("Complaint (the complainant's words)"))
        self.add("request", QLineEdit(), tr("What the complainant asks for"))
        self.add("storage_use", QPlainTextEdit(), tr("How it was stored and used"))
        self.fields["storage_use"].setMaximumHeight(70)
        for name, label in (("sample_available", QT_TR_NOOP("Sample available")),
                             ("sample_requested", QT_TR_NOOP("Sample requested")),
                             ("adverse_event", QT_TR_NOOP("Adverse reaction/event occurred"))):
            self.form.addRow(self.add(name, QCheckBox(tr(label))))
        self.files: list[str] = []
        self.attachments = AttachmentList(self)
        self.extra.addWidget(QLabel(tr("Attachments (drop files here)")))
        self.extra.addWidget(self.attachments)
        self.extra.addLayout(self._attachment_buttons())

    def _attachment_buttons(self) -> QHBoxLayout:
        """Add, and remove a file added by mistake: nothing is stored before the complaint is saved."""
        add = QPushButton(tr("Add attachment (photo, scan)…"))
        add.clicked.connect(self._choose)
        self.remove = QPushButton(tr("Remove the selected attachment"))
        self.remove.setObjectName("remove_attachment")
        self.remove.setEnabled(False)
        self.remove.clicked.connect(self.remove_selected)
        self.attachments.itemSelectionChanged.connect(
            lambda: self.remove.setEnabled(bool(self.attachments.selectedItems())))
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(self.remove)
        row.addStretch(1)
        return row

    def _choose(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, tr("Choose attachments"))
        for n in names:
            self.add_file(n)

    def add_file(self, path: str) -> None:
        if path in self.files:
            return
        self.files.append(path)
        pix = QPixmap(path)
        icon = QIcon(pix.scaled(96, 96, Qt.AspectRatioMode.KeepAspectRatio)) if not pix.isNull() else QIcon()
        item = QListWidgetItem(icon, Path(path).name)
        item.setData(Qt.ItemDataRole.UserRole, path)
        item.setToolTip(path)
        self.attachments.addItem(item)
        self.wiz.field_changed()

    def remove_selected(self) -> None:
        for item in self.attachments.selectedItems():
            self.files.remove(item.data(Qt.ItemDataRole.UserRole))
            self.attachments.takeItem(self.attachments.row(item))
        self.wiz.field_changed()

    def values(self) -> dict:
        return {**super().values(), "attachment_paths": list(self.files)}

    def restore(self, data: dict) -> None:
        super().restore(data)
        for p in data.get("attachment_paths") or []:
            if Path(p).exists():
                self.add_file(p)

    def owned_fields(self) -> tuple[str, ...]:
        return ("attachments",)


class CheckPage(Page):
    """Initial check: in scope or not, and possible duplicates to link or dismiss."""

    def __init__(self, wizard, *, qa: bool) -> None:
        super().__init__(wizard, tr("Initial check"))
        self.qa = qa
        if qa:
            self.form.addRow(self.add("in_scope", QCheckBox(tr("Our product, within expiry/responsibility (in "
                                                               "scope)"))))
            self.fields["in_scope"].setChecked(True)
            self.add("scope_reason", QLineEdit(), tr("Why out of scope"))
        self.dups = QListWidget()
        self.dups.setObjectName("duplicates")
        self.dups.itemChanged.connect(lambda _i: self.wiz.field_changed())
        # other complaints carry other complainants' words: only QA sees them; the inspector links at triage
        self.see_others = privacy.may_see(wizard.session)
        self.dups.setVisible(self.see_others)
        self.extra.addWidget(QLabel(tr("Possible duplicates (same batch or product, similar text, last 30 "
                                       "days): tick to link, leave unticked to dismiss") if self.see_others else
                                    tr("The QA inspector checks for duplicates when classifying the complaint.")))
        self.extra.addWidget(self.dups)

    def initializePage(self) -> None:  # noqa: N802
        if not self.see_others:
            return
        v = self.wiz.collect()
        from qa_desk.core.validation import normalise_batch

        rows = listing.possible_duplicates(self.wiz.session.db, product=v.get("product_name"),
                                           batch=normalise_batch(v.get("batch_no")), description=v.get("description"),
                                           now=self.wiz.session.now())
        linked = set(self.wiz.restored.get("links") or [])
        self.dups.clear()
        similarity = tr("similarity")
        for r in rows:
            item = QListWidgetItem(f"{r['number']}  {local_date(r['received_at'])}  {similarity} "
                                   f"{r['score']:.0%}  {(r['description'] or '')[:60]}")
            item.setData(Qt.ItemDataRole.UserRole, r["id"])
            item.setData(NUMBER_ROLE, r["number"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if r["id"] in linked else Qt.CheckState.Unchecked)
            self.dups.addItem(item)
        if not rows:
            self.dups.addItem(tr("No possible duplicates found."))

    def linked_numbers(self) -> list[str]:
        """The numbers of the complaints ticked to be linked, for the summary."""
        return [self.dups.item(i).data(NUMBER_ROLE) for i in range(self.dups.count())
                if self.dups.item(i).checkState() == Qt.CheckState.Checked
                and self.dups.item(i).data(NUMBER_ROLE)]

    def values(self) -> dict:
        links = [self.dups.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.dups.count())
                 if self.dups.item(i).checkState() == Qt.CheckState.Checked]
        return {**super().values(), "links": [x for x in links if x is not None]}


class ClassificationPage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, tr("Classification"))
        pol = wizard.session.policy
        self.add("nature", vocab_combo(pol, "nature", empty=tr("(choose)")), tr("Nature"))
        self.add("category", vocab_combo(pol, "category", empty=tr("(choose)")), tr("Category"))
        self.add("defect_type", vocab_combo(pol, "defect_type", empty=tr("(choose)")), tr("Defect type"))
        self.rule = QLabel()
        self.rule.setObjectName("rule")
        self.rule.setWordWrap(True)
        self.form.addRow(tr("Suggested class"), self.rule)
        self.add("severity_class", vocab_combo(pol, "class", empty=tr("Use the suggested class")),
                 tr("Class"))
        self.add("class_override_reason", QLineEdit(), tr("Written reason for another class"))
        self.add("priority", vocab_combo(pol, "priority", empty=tr("From the class")), tr("Priority"))
        self.add("priority_reason", QLineEdit(), tr("Reason for a lower priority"))
        self.form.addRow(self.add("investigate", QCheckBox(tr("Investigate"))))
        self.fields["investigate"].setChecked(True)
        self.add("no_investigation_reason", QLineEdit(), tr("Why not investigate"))
        self.form.addRow(self.add("reportable", QCheckBox(tr("Reportable to an authority"))))
        self.add("report_type", report_combo(pol), tr("Report type"))
        self.add("reportability_rationale", QLineEdit(), tr("How reportability was decided"))
        self.next_steps = QLabel()
        self.next_steps.setObjectName("class_i_notice")
        self.next_steps.setWordWrap(True)
        self.next_steps.setStyleSheet("color: #b71c1c; font-weight: bold")
        self.extra.addWidget(self.next_steps)
        self.fields["defect_type"].currentIndexChanged.connect(self.update_rule)
        self.fields["severity_class"].currentIndexChanged.connect(self.update_rule)

    def update_rule(self) -> None:
        s = self.wiz.session
        code, zh, en = triage.suggest(s, self.fields["defect_type"].currentData())
        self.rule.setText(pick(zh, en) if code else tr("shown once a defect type is chosen"))
        chosen = self.fields["severity_class"].currentData() or code
        self.fields["class_override_reason"].setEnabled(bool(chosen and code and chosen != code))
        if chosen == "I":
            self.next_steps.setText(tr("Class I: on saving, the QA head and the quality VP are told at once "
                                       "and it stays pinned until both acknowledge; a recall decision is "
                                       "required."))
        else:
            self.next_steps.setText("")

    def owned_fields(self) -> tuple[str, ...]:
        return ("class", "scope_reason")

    def aliases(self) -> dict[str, str]:
        return {"class": "severity_class"}
