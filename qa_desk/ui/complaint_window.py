"""One complaint: header with number, class, status and every deadline; tabs for the receipt, the
classification (editable while the status allows, each change audited with its reason) and the history."""

from __future__ import annotations

from html import escape as esc

from PySide6.QtCore import QT_TR_NOOP, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
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
    intake,
    ledger_import,
    retention,
    users,
)
from qa_desk.core.actions import Act
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui.attachments_panel import AttachmentsPanel
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.tabs.actions_tab import ActionsTab
from qa_desk.ui.tabs.base import scrolled
from qa_desk.ui.tabs.classification_tab import ClassificationTab
from qa_desk.ui.tabs.findings_tab import FindingsTab
from qa_desk.ui.tabs.history_tab import HistoryTab
from qa_desk.ui.tabs.investigation_tab import InvestigationTab
from qa_desk.ui.tabs.reply_tab import ReplyTab
from qa_desk.ui.tabs.review_tab import ReviewTab
from qa_desk.ui.widgets import error_text, local_time, number_text, readonly_form, size_columns

STATE_COLOURS = {"overdue": "#c62828", "due_soon": "#ef6c00", "met_late": "#6d4c41", "met": "#2e7d32", "due": "#37474f"}


TAB_CLASSES = ((ClassificationTab, QT_TR_NOOP("Classification")), (InvestigationTab, QT_TR_NOOP("Investigation")),
               (FindingsTab, QT_TR_NOOP("Root cause & risk")), (ActionsTab, QT_TR_NOOP("Market action & CAPA")),
               (ReviewTab, QT_TR_NOOP("Review & signatures")), (ReplyTab, QT_TR_NOOP("Reply & closure")))
DEADLINE_ROWS = 4  # the header's deadline table shows this many rows, then scrolls


class ComplaintWindow(QDialog):
    """The header (number, class, status, deadlines, the header's actions) stays on top; each tab scrolls
    its content and keeps its buttons and messages in view, so the window fits a 1366×768 laptop. A save
    refreshes the header and the tabs without typed-but-unsaved work; closing or Esc with such work asks."""

    changed = Signal()

    def __init__(self, session: Session, complaint_id: int, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.cid = complaint_id
        self.resize(1100, 700)
        self.setSizeGripEnabled(True)
        self.header = QLabel()
        self.header.setObjectName("header")
        self.header.setWordWrap(True)
        self.deadline_table = QTableWidget(0, 3)
        self.deadline_table.setObjectName("deadlines")
        self.deadline_table.setHorizontalHeaderLabels([tr("Deadline"), tr("Due"), tr("State")])
        self.deadline_table.horizontalHeader().setStretchLastSection(True)
        self.deadline_table.verticalHeader().setVisible(False)
        self.deadline_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.actions = QHBoxLayout()
        self.saved_note = QLabel()  # "Saved …": every save says that it worked, where the eye is
        self.saved_note.setObjectName("saved_note")
        self.saved_note.setStyleSheet("color: #2e7d32")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self._layout()
        self.reload()

    def _layout(self) -> None:
        """Header text and its buttons on the left, the deadlines beside them: one band, then the tabs."""
        left = QVBoxLayout()
        left.addWidget(self.header)
        left.addLayout(self.actions)
        left.addWidget(self.saved_note)
        left.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(left, 3)
        top.addWidget(self.deadline_table, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        table = self.deadline_table
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)  # compact rows
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
                             + DEADLINE_ROWS * table.verticalHeader().defaultSectionSize() + 2)

    # --- building ----------------------------------------------------------------------------------------
    def reload(self) -> None:
        """From the store: the header, the header's buttons and every tab without unsaved work."""
        self.refresh(saved=None)

    def refresh(self, saved: int | None) -> None:
        """The header again, and the tabs rebuilt but those holding typed-but-unsaved work (the tab that has
        just saved, index ``saved``, is rebuilt: what it showed is now stored)."""
        c = complaints.read(self.session, self.cid)  # personal data masked for a reader without the right to see it
        self.complaint = c
        self.acts = actions.available(self.session, c)
        self.setWindowTitle(f"{c['number']} — {c['product_name']}")
        self._fill_header(c)
        self._fill_deadlines()
        self._build_actions(c)
        self._build_tabs(c, saved)

    def _fill_header(self, c: dict) -> None:
        pol, lang = self.session.policy, language()
        cls = pol.classes.get(c["class"] or "")
        badge = (f"<span style='background:{cls.colour};color:white;padding:2px 6px'>&nbsp;{cls.label(lang)}&nbsp;</span>"
                 if cls else tr("Not classified"))
        batch, received = tr("Batch"), tr("Received")
        self.header.setText(f"<h2>{c['number']} &nbsp; {badge} &nbsp; {pol.label('status', c['status'], lang)}</h2>"
                            f"<p>{esc(c['product_name'])} {esc(c['strength'] or '')}"
                            f" · {batch} {esc(c['batch_no'] or '—')}"
                            f" · {received} {local_time(c['received_at'])}{self._kept(c)}</p>"
                            + self._void_request(c))

    def _fill_deadlines(self) -> None:
        s, pol, lang = self.session, self.session.policy, language()
        rows = deadlines.rows_for(s.db, self.cid)
        self.deadline_table.setRowCount(len(rows))
        names = {"overdue": tr("overdue"), "due_soon": tr("due soon"), "met": tr("met"),
                 "met_late": tr("met late"), "due": tr("due")}
        for i, r in enumerate(rows):
            state = deadlines.state(r, s.now(), pol.due_soon_hours)
            kind = pol.deadline_label(r["kind"], lang)
            text = names[state] + (tr(" (calendar unknown {warning})").format(warning=r["calendar_warning"])
                                   if r["calendar_warning"] else "")
            for col, value in enumerate((kind, local_time(r["due_at"]), text)):
                item = QTableWidgetItem(value)
                if col == 2:
                    item.setForeground(QColor(STATE_COLOURS[state]))
                self.deadline_table.setItem(i, col, item)
        size_columns(self.deadline_table)

    def _build_tabs(self, c: dict, saved: int | None) -> None:
        current = self.tabs.currentIndex()
        entries = [(lambda: self._receipt_tab(c), tr("Receipt")),
                   (self._tab_builder(ClassificationTab, 1), tr("Classification")), (self._history_tab, tr("History"))]
        entries += [(self._tab_builder(cls, 3 + i), tr(label)) for i, (cls, label) in enumerate(TAB_CLASSES[1:])]
        entries = [(build, label.replace("&", "&&")) for build, label in entries]  # "&" shown, not a mnemonic
        for index, (build, label) in enumerate(entries):
            old = self.tabs.widget(index)
            if old is None:
                self.tabs.addTab(build(), label)
            elif index == saved or not getattr(old, "dirty", False):  # typed but not saved: left as it is
                typed = old.typed() if index == saved else {}
                new = build()
                self.tabs.removeTab(index)
                self.tabs.insertTab(index, new, label)
                if typed:
                    new.carry_over(typed)
                old.deleteLater()
        self.tabs.setCurrentIndex(max(current, 0))

    def _tab_builder(self, tab_class, index: int):
        def build():
            tab = tab_class(self.session, self.cid, lambda: self.after_change(index), self.acts)
            tab.setObjectName(tab_class.__name__)
            tab.built()
            return tab
        return build

    def dirty_tabs(self) -> list:
        """The tabs holding typed-but-unsaved work."""
        return [w for w in (self.tabs.widget(i) for i in range(self.tabs.count())) if getattr(w, "dirty", False)]

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
            who=esc(who), at=local_time(c["void_requested_at"]), reason=esc(c["void_request_reason"] or "")
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
            (QT_TR_NOOP("Received at"), local_time(c["received_at"])),
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
            (QT_TR_NOOP("Quantity"), f"{number_text(c['quantity'])} {c['unit'] or ''}" if c["quantity"] else ""),
            (QT_TR_NOOP("Where bought"), c["purchase_place"]), (QT_TR_NOOP("Storage and use"), c["storage_use"]),
            (QT_TR_NOOP("Complaint text"), c["description"]), (QT_TR_NOOP("Request"), c["request"]),
            (QT_TR_NOOP("Sample"), tr("available") if c["sample_available"] else tr("none")),
            (QT_TR_NOOP("Adverse event"), tr("yes") if c["adverse_event"] else tr("no")),
            (QT_TR_NOOP("Acknowledged"), local_time(c["acknowledged_at"])),
        ]
        body = QWidget()
        box = QVBoxLayout(body)
        box.addWidget(readonly_form(pairs))
        box.addWidget(AttachmentsPanel(self.session, self.cid, may_add=Act.ADD_ATTACHMENT in self.acts,
                                       on_added=lambda: self.after_change(None)))  # the evidence, where it is reviewed
        imported = self._imported_box(c)
        if imported is not None:
            box.addWidget(imported)
        box.addStretch(1)
        return scrolled(body, "receipt_scroll")  # as every other tab scrolls

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

    def _history_tab(self) -> QWidget:
        return HistoryTab(self.session, self.cid)

    def after_change(self, saved: int | None = None) -> None:
        """A tab changed the record: tell the main window, then refresh from the store (no second copy),
        keeping what is typed on the other tabs."""
        self.changed.emit()
        name = self.tabs.tabText(saved).replace("&&", "&") if saved is not None and 0 <= saved < self.tabs.count() \
            else ""
        self.refresh(saved)
        when = local_time(self.session.now().isoformat())
        self.saved_note.setText(tr("✓ Saved ({tab}) at {time}").format(tab=name, time=when) if name else
                                tr("✓ Saved at {time}").format(time=when))

    def tab(self, cls):
        for i in range(self.tabs.count()):
            if isinstance(self.tabs.widget(i), cls):
                return self.tabs.widget(i)
        raise LookupError(cls)

    # the classification tab's widgets, as the window offered them before the tab had a class of its own
    defect = property(lambda self: self.tab(ClassificationTab).defect)
    nature = property(lambda self: self.tab(ClassificationTab).nature)
    category = property(lambda self: self.tab(ClassificationTab).category)
    reason = property(lambda self: self.tab(ClassificationTab).reason)
    save_class = property(lambda self: self.tab(ClassificationTab).save_class)
    class_errors = property(lambda self: self.tab(ClassificationTab).errors)

    # --- unsaved work ------------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt)
        """Esc closes the window only after the unsaved-work question (QDialog would close at once)."""
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            if self.may_close():
                self.reject()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt)
        """The user closing the window (its title-bar button) is asked about unsaved work; a close by the
        program (log out, quitting) is not interrupted."""
        if event.spontaneous() and not self.may_close():
            event.ignore()
            return
        super().closeEvent(event)

    def request_close(self) -> bool:
        """What the title-bar button does: ask about unsaved work, then close; False when the user stays."""
        if not self.may_close():
            return False
        self.reject()
        return True

    def may_close(self) -> bool:
        """No unsaved work, or the user chose: Save (every tab with work saves; a refusal keeps the window open
        on that tab, its message by its button), Discard, or Cancel (stay)."""
        dirty = self.dirty_tabs()
        if not dirty:
            return True
        names = "、".join(self.tabs.tabText(self.tabs.indexOf(t)).replace("&&", "&") for t in dirty)
        Btn = QMessageBox.StandardButton  # noqa: N806
        answer = QMessageBox.question(
            self, tr("Unsaved changes"), tr("Changes on these tabs are not saved: {tabs}. Save them?").format(tabs=names),
            Btn.Save | Btn.Discard | Btn.Cancel, Btn.Save)
        if answer == Btn.Discard:
            return True
        if answer != Btn.Save:
            return False
        for tab in dirty:
            if not tab.save_pending():
                self.tabs.setCurrentWidget(self.tab(type(tab)))
                return False
        return not self.dirty_tabs()

    # --- actions -----------------------------------------------------------------------------------------
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
