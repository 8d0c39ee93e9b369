"""One complaint: header with number, class, status and every deadline; tabs for the receipt, the
classification (editable while the status allows, each change audited with its reason) and the history."""

from __future__ import annotations

from html import escape as esc

from PySide6.QtCore import QT_TR_NOOP, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import (
    actions,
    complaints,
    deadlines,
    history,
    intake,
    ledger_import,
    privacy,
    retention,
    triage,
    users,
)
from qa_desk.core.actions import Act
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui.i18n import language, pick, tr
from qa_desk.ui.tabs.actions_tab import ActionsTab
from qa_desk.ui.tabs.findings_tab import FindingsTab
from qa_desk.ui.tabs.investigation_tab import InvestigationTab
from qa_desk.ui.tabs.reply_tab import ReplyTab
from qa_desk.ui.tabs.review_tab import ReviewTab
from qa_desk.ui.widgets import error_label, error_text, readonly_form, report_combo, select_code, vocab_combo

STATE_COLOURS = {"overdue": "#c62828", "due_soon": "#ef6c00", "met_late": "#6d4c41", "met": "#2e7d32", "due": "#37474f"}


class ComplaintWindow(QDialog):
    changed = Signal()

    def __init__(self, session: Session, complaint_id: int, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.cid = complaint_id
        self.resize(980, 720)
        self.header = QLabel()
        self.header.setObjectName("header")
        self.header.setWordWrap(True)
        self.deadline_table = QTableWidget(0, 3)
        self.deadline_table.setObjectName("deadlines")
        self.deadline_table.setHorizontalHeaderLabels([tr("Deadline"), tr("Due"), tr("State")])
        self.deadline_table.horizontalHeader().setStretchLastSection(True)
        self.deadline_table.setMaximumHeight(170)
        self.actions = QHBoxLayout()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.deadline_table)
        layout.addLayout(self.actions)
        layout.addWidget(self.tabs, 1)
        self.reload()

    # --- building ----------------------------------------------------------------------------------------
    def reload(self) -> None:
        s, pol, lang = self.session, self.session.policy, language()
        c = complaints.read(s, self.cid)  # personal data masked for a reader without the right to see it
        self.complaint = c
        self.acts = actions.available(s, c)
        self.setWindowTitle(f"{c['number']} — {c['product_name']}")
        cls = pol.classes.get(c["class"] or "")
        badge = (f"<span style='background:{cls.colour};color:white;padding:2px 6px'>&nbsp;{cls.label(lang)}&nbsp;</span>"
                 if cls else tr("Not classified"))
        batch, received = tr("Batch"), tr("Received")
        self.header.setText(f"<h2>{c['number']} &nbsp; {badge} &nbsp; {pol.label('status', c['status'], lang)}</h2>"
                            f"<p>{esc(c['product_name'])} {esc(c['strength'] or '')}"
                            f" · {batch} {esc(c['batch_no'] or '—')}"
                            f" · {received} {c['received_at'][:16].replace('T', ' ')}{self._kept(c)}</p>"
                            + self._void_request(c))
        rows = deadlines.rows_for(s.db, self.cid)
        self.deadline_table.setRowCount(len(rows))
        labels = {d["kind"]: pick(d["zh"], d["en"]) for d in pol.deadlines}
        for i, r in enumerate(rows):
            state = deadlines.state(r, s.now(), pol.due_soon_hours)
            kind = labels.get(r["kind"]) or (pol.reports.get(r["kind"].split(":", 1)[-1], {}).get(
                "zh" if lang == "zh_CN" else "en", r["kind"]))
            names = {"overdue": tr("overdue"), "due_soon": tr("due soon"), "met": tr("met"),
                     "met_late": tr("met late"), "due": tr("due")}
            text = names[state] + (tr(" (calendar unknown {warning})").format(warning=r["calendar_warning"])
                                   if r["calendar_warning"] else "")
            for col, value in enumerate((kind, r["due_at"][:16].replace("T", " "), text)):
                item = QTableWidgetItem(value)
                if col == 2:
                    item.setForeground(QColor(STATE_COLOURS[state]))
                self.deadline_table.setItem(i, col, item)
        self.deadline_table.resizeColumnsToContents()
        self._build_actions(c)
        current = self.tabs.currentIndex()
        old = [self.tabs.widget(i) for i in range(self.tabs.count())]
        self.tabs.clear()
        for w in old:
            w.deleteLater()
        self.tabs.addTab(self._receipt_tab(c), tr("Receipt"))
        self.tabs.addTab(self._classification_tab(c), tr("Classification"))
        self.tabs.addTab(self._history_tab(), tr("History"))
        for tab_class, label in ((InvestigationTab, QT_TR_NOOP("Investigation")),
                                 (FindingsTab, QT_TR_NOOP("Root cause & risk")),
                                 (ActionsTab, QT_TR_NOOP("Market action & CAPA")),
                                 (ReviewTab, QT_TR_NOOP("Review & signatures")),
                                 (ReplyTab, QT_TR_NOOP("Reply & closure"))):
            tab = tab_class(self.session, self.cid, self.after_change, self.acts)
            tab.setObjectName(tab_class.__name__)
            self.tabs.addTab(tab, tr(label))
        self.tabs.setCurrentIndex(max(current, 0))

    def _kept(self, c: dict) -> str:
        """Once closed, how long the record is kept (DOMAIN §10) and whether a legal hold stops destruction."""
        until = retention.retention_until(self.session.db, c, self.session.policy)
        if until is None:
            return ""
        text = " · " + tr("Kept until {date}").format(date=until.isoformat())
        return text + (" · " + tr("Legal hold: {reason}").format(
            reason=esc(c["legal_hold_reason"] or "")) if c["legal_hold"] else "")

    def _void_request(self, c: dict) -> str:
        if not c["void_requested_at"]:
            return ""
        who = users.display_names(self.session.db).get(c["void_requested_by"], "")
        return "<p style='color:#b71c1c'>" + tr("Void requested by {who} at {at}: {reason} — waiting for the QA "
                                                 "head's signed approval").format(
            who=esc(who), at=c["void_requested_at"][:16].replace("T", " "), reason=esc(c["void_request_reason"] or "")
        ) + "</p>"

    def _build_actions(self, c: dict) -> None:
        """One button per action the core offers now (actions.available); nothing decided here."""
        while self.actions.count():
            w = self.actions.takeAt(0).widget()
            if w:
                w.deleteLater()
        for act, label, slot in (
                (Act.ACKNOWLEDGE, QT_TR_NOOP("Acknowledge…"), self._acknowledge),
                (Act.ACK_CLASS_I, QT_TR_NOOP("Acknowledge this Class I complaint"), self._ack_class_i),
                (Act.CORRECT_RECEIPT, QT_TR_NOOP("Correct the receipt…"), self._correct_receipt),
                (Act.VOID, QT_TR_NOOP("Void…"), self._void),
                (Act.REQUEST_VOID, QT_TR_NOOP("Ask to void…"), self._request_void),
                (Act.APPROVE_VOID, QT_TR_NOOP("Approve the void (sign)…"), self._approve_void),
                (Act.APPROVE_VOID, QT_TR_NOOP("Decline the void…"), self._decline_void),
                (Act.PRINT, QT_TR_NOOP("Print…"), self._print)):
            if act in self.acts:
                b = QPushButton(tr(label))
                b.setObjectName("decline_void" if slot == self._decline_void else act.value)
                b.clicked.connect(lambda _c=False, slot=slot: slot())
                self.actions.addWidget(b)
        self.actions.addStretch(1)

    def _receipt_tab(self, c: dict) -> QWidget:
        pol, lang = self.session.policy, language()
        pairs = [
            (QT_TR_NOOP("Received at"), c["received_at"].replace("T", " ")),
            (QT_TR_NOOP("Channel"), pol.label("channel", c["channel"], lang)),
            (QT_TR_NOOP("First contact"), c["first_contact"]),
            (QT_TR_NOOP("Complainant type"), pol.label("complainant_type", c["complainant_type"], lang)),
            (QT_TR_NOOP("Complainant"), tr("Anonymous") if c["anonymous"] else
             c["complainant_name"]),
            (QT_TR_NOOP("Organisation"), c["complainant_org"]),
            (QT_TR_NOOP("Contact"), c["contact_person"]),
            (QT_TR_NOOP("Phone"), c["phone"]),
            (QT_TR_NOOP("Address"), c["address"]),
            (QT_TR_NOOP("E-mail"), c["email"]),
            (QT_TR_NOOP("Product"), f"{c['product_name']} {c['strength'] or ''} {c['package_form'] or ''}"),
            (QT_TR_NOOP("Batch"), c["batch_no"]), (QT_TR_NOOP("Manufactured"), c["mfg_date"]),
            (QT_TR_NOOP("Expiry"), c["expiry_date"]),
            (QT_TR_NOOP("Quantity"), f"{c['quantity']:g} {c['unit'] or ''}" if c["quantity"] else ""),
            (QT_TR_NOOP("Where bought"), c["purchase_place"]), (QT_TR_NOOP("Storage and use"), c["storage_use"]),
            (QT_TR_NOOP("Complaint text"), c["description"]), (QT_TR_NOOP("Request"), c["request"]),
            (QT_TR_NOOP("Sample"), tr("available") if c["sample_available"] else tr("none")),
            (QT_TR_NOOP("Adverse event"), tr("yes") if c["adverse_event"] else tr("no")),
            (QT_TR_NOOP("Acknowledged"), (c["acknowledged_at"] or "").replace("T", " ")),
        ]
        body = QWidget()
        box = QVBoxLayout(body)
        box.addWidget(readonly_form(pairs))
        imported = self._imported_box(c)
        if imported is not None:
            box.addWidget(imported)
        box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        return scroll

    def _imported_box(self, c: dict) -> QGroupBox | None:
        """Where an imported record came from, and the ledger's columns kept with it (issue 13). The extra fields
        are whatever the old ledger held (phones, names): shown only to a reader who may see personal data."""
        mark = ledger_import.origin(self.session.db, c)
        if mark is None:
            return None
        group = QGroupBox(tr("Imported from the old ledger"))
        group.setObjectName("imported")
        form = QFormLayout(group)
        rows = [(tr("Origin"), mark.mark(language())), (tr("Ledger number"), mark.legacy_number),
                (tr("Handled by (ledger)"), mark.handler)]
        rows += ledger_import.extras(c, self.session)  # masked by the core for a reader who may not see them
        for label, value in rows:
            if value in (None, ""):
                continue
            v = QLabel(str(value))
            v.setWordWrap(True)
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, v)
        return group

    def _classification_tab(self, c: dict) -> QWidget:
        pol = self.session.policy
        w = QWidget()
        form = QFormLayout(w)
        self.nature = vocab_combo(pol, "nature", object_name="nature")
        self.category = vocab_combo(pol, "category", object_name="category")
        self.defect = vocab_combo(pol, "defect_type", object_name="defect_type")
        self.klass = vocab_combo(pol, "class", empty=tr("From the defect type"), object_name="class")
        self.priority = vocab_combo(pol, "priority", empty=tr("From the class"), object_name="priority")
        self.investigate = QCheckBox(tr("Investigate"))
        self.reportable = QCheckBox(tr("Reportable to an authority"))
        self.report_type = report_combo(pol)
        self.rationale = QLineEdit(c["reportability_rationale"] or "")
        self.no_inv_reason = QLineEdit(c["no_investigation_reason"] or "")
        self.reason = QLineEdit()
        self.reason.setObjectName("change_reason")
        self.reason.setPlaceholderText(tr("Reason for the change (required, audited)"))
        self.class_errors = error_label("class_errors")
        for combo, code in ((self.nature, c["nature"]), (self.category, c["category"]), (self.defect, c["defect_type"]),
                            (self.report_type, c["report_type"])):
            select_code(combo, code)
        if c["class"] and c["class"] != c["suggested_class"]:
            select_code(self.klass, c["class"])
        self.override_reason = QLineEdit(c["class_override_reason"] or "")
        self.investigate.setChecked(bool(c["investigate"]) if c["investigate"] is not None else True)
        self.reportable.setChecked(bool(c["reportable"]))
        form.addRow(tr("Nature"), self.nature)
        form.addRow(tr("Category"), self.category)
        form.addRow(tr("Defect type"), self.defect)
        form.addRow(tr("Class (override)"), self.klass)
        form.addRow(tr("Override reason"), self.override_reason)
        form.addRow(tr("Priority"), self.priority)
        form.addRow(self.investigate, self.no_inv_reason)
        form.addRow(self.reportable, self.report_type)
        form.addRow(tr("Reportability rationale"), self.rationale)
        editable = bool(self.acts & {Act.TRIAGE, Act.RECLASSIFY})
        if Act.TRIAGE in self.acts or not editable:
            self.save_class = QPushButton(tr("Save classification"))
        else:
            form.addRow(tr("Reason"), self.reason)
            self.save_class = QPushButton(tr("Save changes"))
        self.save_class.setObjectName("save_classification")
        self.save_class.setEnabled(editable)
        self.save_class.clicked.connect(self._save_classification)
        form.addRow(self.class_errors)
        form.addRow(self.save_class)
        if not editable:
            form.addRow(QLabel(tr("The status or your role does not allow changes.")))
        return w

    def _history_tab(self) -> QWidget:
        lst = QListWidget()
        lst.setObjectName("history")
        for line in history.for_complaint(self.session.db, self.session.policy, self.cid,
                                          see_personal=privacy.may_see(self.session)):
            lst.addItem(f"{line.at[:19].replace('T', ' ')}  {line.who}  {line.text(language())}")
        return lst

    def after_change(self) -> None:
        """A tab changed the record: tell the main window, then rebuild from the store (no second copy)."""
        self.changed.emit()
        self.reload()

    def tab(self, cls):
        for i in range(self.tabs.count()):
            if isinstance(self.tabs.widget(i), cls):
                return self.tabs.widget(i)
        raise LookupError(cls)

    # --- actions -----------------------------------------------------------------------------------------
    def triage_input(self) -> triage.TriageInput:
        return triage.TriageInput(
            nature=self.nature.currentData(), category=self.category.currentData(),
            defect_type=self.defect.currentData(), severity_class=self.klass.currentData(),
            class_override_reason=self.override_reason.text(), priority=self.priority.currentData(),
            investigate=self.investigate.isChecked(), no_investigation_reason=self.no_inv_reason.text(),
            reportable=self.reportable.isChecked(), report_type=self.report_type.currentData() if
            self.reportable.isChecked() else None, reportability_rationale=self.rationale.text())

    def _save_classification(self) -> None:
        try:
            if Act.TRIAGE in self.acts:
                triage.triage(self.session, self.cid, self.triage_input())
            else:
                triage.reclassify(self.session, self.cid, self.triage_input(), reason=self.reason.text())
        except DomainError as exc:
            self.class_errors.setText(error_text(exc))
            return
        self.changed.emit()
        self.reload()

    def _print(self) -> None:
        from qa_desk.ui import print_actions

        form = print_actions.choose_form(self)
        if form:
            print_actions.print_record(self, self.session, self.cid, form)

    def _acknowledge(self) -> None:
        pol = self.session.policy
        labels = [pol.label("ack_method", code, language()) for code in pol.codes("ack_method")]
        label, ok = QInputDialog.getItem(self, tr("Acknowledge"), tr("How the complainant was told"), labels, 0, False)
        if not ok:
            return
        try:
            intake.acknowledge(self.session, self.cid, method=pol.codes("ack_method")[labels.index(label)])
        except DomainError as exc:
            QMessageBox.warning(self, "QA Desk", error_text(exc))
            return
        self.changed.emit()
        self.reload()

    def _ack_class_i(self) -> None:
        try:
            intake.acknowledge_class_i(self.session, self.cid)
        except DomainError as exc:
            QMessageBox.warning(self, "QA Desk", error_text(exc))
            return
        self.changed.emit()
        self.reload()


    # --- void and correction --------------------------------------------------------------------------------
    def _call(self, call) -> bool:
        """One core call from the header's buttons: refusal in a message box, success reloads."""
        try:
            call()
        except DomainError as exc:
            QMessageBox.warning(self, "QA Desk", error_text(exc))
            return False
        self.changed.emit()
        self.reload()
        return True

    def _ask(self, title: str, prompt: str) -> str | None:
        text, ok = QInputDialog.getMultiLineText(self, title, prompt)
        return text if ok else None

    def _void(self, reason: str | None = None) -> bool:
        reason = reason if reason is not None else self._ask(tr("Void"), tr("Why is this complaint void? (audited)"))
        return reason is not None and self._call(lambda: intake.void(self.session, self.cid, reason=reason))

    def _request_void(self, reason: str | None = None) -> bool:
        reason = reason if reason is not None else self._ask(
            tr("Ask to void"), tr("Why should this complaint be voided? The QA head decides and signs."))
        return reason is not None and self._call(lambda: intake.request_void(self.session, self.cid, reason=reason))

    def _decline_void(self, reason: str | None = None) -> bool:
        reason = reason if reason is not None else self._ask(tr("Decline the void"), tr("Why is it declined?"))
        return reason is not None and self._call(lambda: intake.decline_void(self.session, self.cid, reason=reason))

    def _approve_void(self):
        from qa_desk.ui.sign_dialog import SignDialog

        dlg = SignDialog(self.session, self.cid, meaning="approved", action=tr("void the complaint"),
                         sign=lambda g: intake.approve_void(self.session, self.cid, **g.kwargs()), parent=self)
        self.dialog = dlg
        if dlg.exec():
            self.changed.emit()
            self.reload()
        return dlg

    def _correct_receipt(self) -> bool:
        from qa_desk.ui.correction_dialog import CorrectionDialog

        raw = complaints.read(self.session, self.cid)
        dlg = CorrectionDialog(self.session, raw, parent=self)
        self.dialog = dlg
        if dlg.exec():
            self.changed.emit()
            self.reload()
            return True
        return False
