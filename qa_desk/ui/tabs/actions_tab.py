"""Market action and CAPA: none / batch hold / return or exchange / recall with its level; the batch
holds of this complaint (lifting one needs the QA head's signature); CAPA actions with owner, due date,
status, verification by someone other than the owner, and the change-control reference."""

from __future__ import annotations

from PySide6.QtCore import QT_TR_NOOP, QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from qa_desk.core import investigation as inv
from qa_desk.core.actions import Act
from qa_desk.core.users import active_accounts, display_names
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.report_dialog import ReportDialog
from qa_desk.ui.row_correction import capa_dialog, report_dialog
from qa_desk.ui.tabs.base import Tab, fit_rows
from qa_desk.ui.widgets import local_date, local_time, select_code, size_columns, vocab_combo

CAPA_COLUMNS = [("ref", QT_TR_NOOP("Ref")), ("kind", QT_TR_NOOP("Kind")), ("description", QT_TR_NOOP("Measure")),
                ("owner_dept", QT_TR_NOOP("Department")), ("owner", QT_TR_NOOP("Owner")),
                ("due_date", QT_TR_NOOP("Due")),
                ("status", QT_TR_NOOP("Status")), ("verified", QT_TR_NOOP("Effectiveness")),
                ("change_control_ref", QT_TR_NOOP("Change control"))]


class ActionsTab(Tab):
    CARRY = ("market_action", "recall_level", "capa_")  # the market action and a new CAPA keep each other's typing

    def __init__(self, session, complaint_id, changed, acts=None) -> None:
        super().__init__(session, complaint_id, changed, acts)
        c = self.complaint
        pol = session.policy
        self.open = self.may(Act.INVESTIGATE)
        self.heading(tr("Market action"))
        form = QFormLayout()
        self.action = vocab_combo(pol, "market_action", empty=tr("(choose)"), object_name="market_action")
        select_code(self.action, c["market_action"])
        self.level = vocab_combo(pol, "recall_level", empty=tr("(recall level)"), object_name="recall_level")
        select_code(self.level, c["recall_level"])
        self.action_note = QLineEdit(c["market_action_note"] or "")
        self.action_note.setObjectName("market_action_note")
        self.action_note.setPlaceholderText(tr("Class I without recall: the reason"))
        save = QPushButton(tr("Save market action"))
        save.setObjectName("save_market_action")
        save.clicked.connect(self.save_market_action)
        row = QHBoxLayout()
        for w in (self.action, self.level, self.action_note, save):
            w.setEnabled(self.open)
            row.addWidget(w)
        form.addRow(row)
        self.layout_.addLayout(form)

        if c["reportable"]:
            self.heading(tr("Regulatory report"))
            report = pol.reports.get(c["report_type"] or "", {})
            row = QHBoxLayout()
            done = c["report_submitted_at"]
            row.addWidget(QLabel((report.get("zh" if language() == "zh_CN" else "en", c["report_type"] or "")) + " — " +
                                 (tr("reported {value}").format(value=local_time(done))
                                  if done else tr("not reported yet"))))
            if done and c["report_authority"]:
                row.addWidget(QLabel(tr("to {authority}, reference {reference}").format(
                    authority=c["report_authority"], reference=c["report_reference"] or "—")))
            mark = QPushButton(tr("Record the report as made…"))
            mark.setObjectName("mark_reported")
            mark.setEnabled(self.may(Act.MARK_REPORTED))
            mark.clicked.connect(lambda: self.mark_reported())
            row.addWidget(mark)
            if done:
                fix = QPushButton(tr("Correct…"))
                fix.setObjectName("correct_report")
                fix.setEnabled(self.may(Act.CORRECT_REPORT))
                fix.clicked.connect(lambda: self.correct_report())
                row.addWidget(fix)
            row.addStretch(1)
            self.layout_.addLayout(row)

        self.heading(tr("Batch holds"))
        holds = inv.holds_for(session, complaint_id)
        self.holds = QTableWidget(len(holds), 4)
        self.holds.setObjectName("holds")
        self.holds.setHorizontalHeaderLabels([tr("Batch"), tr("Since"), tr("State"),
                                              tr("Lifted")])
        for i, h in enumerate(holds):
            for col, text in enumerate((h["batch_no"], local_time(h["started_at"]),
                                        tr("on hold") if h["status"] == "active" else tr("lifted"),
                                        f"{local_time(h['lifted_at'])} {h['lift_reason'] or ''}")):
                self.holds.setItem(i, col, QTableWidgetItem(text))
        fit_rows(self.holds, at_least=1, at_most=4)
        self.layout_.addWidget(self.holds)
        active = [h for h in holds if h["status"] == "active"]
        if active and session.may("lift_hold"):
            lift = QPushButton(tr("Lift the hold (QA head signature)…"))
            lift.setObjectName("lift_hold")
            lift.clicked.connect(lambda: self.lift(active[0]["id"]))
            self.layout_.addWidget(lift)

        self.heading(tr("Corrective and preventive actions (CAPA)"))
        self.capa_rows = inv.capa_for(session, complaint_id)
        self.capa = QTableWidget(len(self.capa_rows), len(CAPA_COLUMNS))
        self.capa.setObjectName("capa")
        self.capa.setHorizontalHeaderLabels([tr(label) for _, label in CAPA_COLUMNS])
        self.capa.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.capa.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        users = display_names(session.db)
        for i, a in enumerate(self.capa_rows):
            values = {**a, "kind": tr("corrective") if a["kind"] == "corrective" else tr("preventive"),
                      "status": pol.label("capa_status", a["status"], language()),
                      "verified": f"{users.get(a['verified_by'], '')} {local_date(a['verified_at'])} "
                                  f"{a['effectiveness_note'] or ''}".strip()}
            for col, (key, _) in enumerate(CAPA_COLUMNS):
                self.capa.setItem(i, col, QTableWidgetItem(str(values.get(key) or "")))
        size_columns(self.capa)
        fit_rows(self.capa, at_least=2, at_most=8)
        self.layout_.addWidget(self.capa)
        buttons = QHBoxLayout()
        for code, label in (("done", QT_TR_NOOP("Mark done")), ("handed_over", QT_TR_NOOP("Hand over…")),
                            ("cancelled", QT_TR_NOOP("Cancel…"))):
            b = QPushButton(tr(label))
            b.setObjectName(f"capa_{code}")
            b.clicked.connect(lambda _c=False, code=code: self.set_status(code))
            b.setEnabled(self.may(Act.UPDATE_CAPA))
            buttons.addWidget(b)
        fix = QPushButton(tr("Correct…"))
        fix.setObjectName("capa_correct")
        fix.setToolTip(tr("Correct the selected CAPA action, with a reason (until the complaint is approved)"))
        fix.clicked.connect(lambda: self.correct_capa())
        fix.setEnabled(self.may(Act.CORRECT_CAPA) and bool(self.capa_rows))
        buttons.addWidget(fix)
        verify = QPushButton(tr("Verify effectiveness…"))
        verify.setObjectName("capa_verify")
        verify.clicked.connect(self.verify)
        verify.setEnabled(self.may(Act.VERIFY_CAPA))
        buttons.addWidget(verify)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)

        add = QFormLayout()
        self.new_desc = QLineEdit()
        self.new_desc.setObjectName("capa_description")
        self.new_dept = QLineEdit()
        self.new_dept.setObjectName("capa_owner_dept")
        self.new_owner = QLineEdit()
        self.new_owner.setObjectName("capa_owner")
        self.new_owner_account = QComboBox()  # the owner as an account of this file, or a named person
        self.new_owner_account.setObjectName("capa_owner_user_id")
        self.new_owner_account.addItem(tr("(a named person)"), None)
        for u in active_accounts(session.db):
            self.new_owner_account.addItem(f"{u['display_name']} ({u['username']})", u["id"])
        self.new_due = QDateEdit(QDate.currentDate().addDays(30))
        self.new_due.setObjectName("capa_due_date")
        self.new_due.setDisplayFormat("yyyy-MM-dd")
        self.new_due.setCalendarPopup(True)
        self.new_kind = QComboBox()
        self.new_kind.addItem(tr("Corrective"), "corrective")
        self.new_kind.addItem(tr("Preventive"), "preventive")
        self.new_cc = QLineEdit()
        self.new_cc.setPlaceholderText(tr("change-control number, if one is needed"))
        add_button = QPushButton(tr("Add CAPA"))
        add_button.setObjectName("add_capa")
        add_button.clicked.connect(self.add_capa)
        line = QHBoxLayout()
        for w in (self.new_kind, self.new_dept, self.new_owner_account, self.new_owner, self.new_due, self.new_cc):
            line.addWidget(w)
        self.new_dept.setPlaceholderText(tr("department"))
        self.new_owner.setPlaceholderText(tr("owner"))
        self.new_desc.setPlaceholderText(tr("what will be done"))
        add.addRow(tr("New CAPA"), self.new_desc)
        add.addRow("", line)
        add.addRow("", add_button)
        for w in (self.new_desc, self.new_dept, self.new_owner_account, self.new_owner, self.new_due, self.new_kind,
                  self.new_cc, add_button):
            w.setEnabled(self.open)
        self.layout_.addLayout(add)
        self.layout_.addStretch(1)
        self.market_before = self.market_values()

    def market_values(self) -> tuple:
        return self.action.currentData(), self.level.currentData(), self.action_note.text()

    def save_market_action(self) -> bool:
        action, level, note = self.market_values()
        return self.run_reasoned(lambda reason: inv.set_market_action(
            self.session, self.cid, action=action, recall_level=level, note=note, reason=reason))

    def save_pending(self) -> bool:
        """The close question's 'Save': the market action; a CAPA half typed is added with its own button."""
        if any(w.text().strip() for w in (self.new_desc, self.new_dept, self.new_owner, self.new_cc)):
            return super().save_pending()
        return self.market_values() == self.market_before or self.save_market_action()

    def selected_capa(self) -> dict | None:
        row = self.capa.currentRow()
        return self.capa_rows[row] if 0 <= row < len(self.capa_rows) else None

    def add_capa(self) -> None:
        self.stored = ("capa_",)
        self.run(lambda: inv.add_capa(
            self.session, self.cid, description=self.new_desc.text(), owner_dept=self.new_dept.text(),
            owner=self.new_owner.text(), due_date=self.new_due.date().toPython(), kind=self.new_kind.currentData(),
            change_control_ref=self.new_cc.text(), owner_user_id=self.new_owner_account.currentData()))

    def set_status(self, status: str, note: str | None = None) -> bool:
        capa = self.selected_capa()
        if capa is None:
            self.errors.setText(tr("Select a CAPA action in the table first."))
            return False
        if status in ("handed_over", "cancelled") and note is None:
            note, ok = QInputDialog.getText(self, "CAPA", tr("Note (tracked CAPA number or reason)"))
            if not ok:
                return False
        return self.run_reasoned(lambda reason: inv.set_capa_status(self.session, capa["id"], status=status,
                                                                    note=note, reason=reason))

    def verify(self, note: str | None = None) -> bool:
        capa = self.selected_capa()
        if capa is None:
            self.errors.setText(tr("Select a CAPA action in the table first."))
            return False
        if note is None:
            note, ok = QInputDialog.getText(self, "CAPA", tr("Effectiveness verified: how"))
            if not ok:
                return False
        return self.run(lambda: inv.verify_capa(self.session, capa["id"], note=note))

    def mark_reported(self) -> bool:
        """Ask for the authority, the reference and the time, confirm, record."""
        c = self.complaint
        report = self.session.policy.reports.get(c["report_type"] or "", {})
        dlg = ReportDialog(self.session, c, report.get("zh" if language() == "zh_CN" else "en", ""), parent=self)
        return self._finish(dlg)

    def correct_report(self) -> bool:
        return self._finish(report_dialog(self.session, self.complaint, parent=self))

    def correct_capa(self) -> bool:
        capa = self.selected_capa()
        if capa is None:
            self.errors.setText(tr("Select a CAPA action in the table first."))
            return False
        return self._finish(capa_dialog(self.session, capa, parent=self))

    def _finish(self, dlg: QDialog) -> bool:
        """Run the dialog; when it saved, the window shows the new state."""
        if not dlg.exec():
            return False
        self.errors.setText("")
        self.changed()
        return True

    def lift(self, hold_id: int) -> None:
        from qa_desk.ui.sign_dialog import SignDialog

        reason, ok = QInputDialog.getText(self, tr("Lift the hold"), tr("Reason for lifting"))
        if not ok:
            return
        dlg = SignDialog(self.session, self.cid, meaning="lifted", action=tr("lift the batch hold"),
                         sign=lambda g: inv.lift_hold(self.session, hold_id, password=g.password, username=g.username,
                                                      comment=g.comment, reason=reason), parent=self)
        if dlg.exec():
            self.changed()
