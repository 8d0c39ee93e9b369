"""One complaint: header with number, class, status and every deadline; tabs for the receipt, the
classification (editable while the status allows, each change audited with its reason) and the history."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
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

from qa_desk.core import complaints, deadlines, history, intake, lifecycle, triage
from qa_desk.core import roles as R
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui.i18n import T, language
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
        self.deadline_table.setHorizontalHeaderLabels([T("时限", "Deadline"), T("到期", "Due"), T("状态", "State")])
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
        c = complaints.get(s.db, self.cid)
        self.complaint = c
        self.setWindowTitle(f"{c['number']} — {c['product_name']}")
        cls = pol.classes.get(c["class"] or "")
        badge = (f"<span style='background:{cls.colour};color:white;padding:2px 6px'>&nbsp;{cls.label(lang)}&nbsp;</span>"
                 if cls else T("未分类", "Not classified"))
        self.header.setText(f"<h2>{c['number']} &nbsp; {badge} &nbsp; {pol.label('status', c['status'], lang)}</h2>"
                            f"<p>{c['product_name']} {c['strength'] or ''} · {T('批号', 'Batch')} {c['batch_no'] or '—'}"
                            f" · {T('接收', 'Received')} {c['received_at'][:16].replace('T', ' ')}</p>")
        rows = deadlines.rows_for(s.db, self.cid)
        self.deadline_table.setRowCount(len(rows))
        labels = {d["kind"]: T(d["zh"], d["en"]) for d in pol.deadlines}
        for i, r in enumerate(rows):
            state = deadlines.state(r, s.now(), pol.due_soon_hours)
            kind = labels.get(r["kind"]) or (pol.reports.get(r["kind"].split(":", 1)[-1], {}).get(
                "zh" if lang == "zh_CN" else "en", r["kind"]))
            names = {"overdue": T("逾期", "overdue"), "due_soon": T("即将到期", "due soon"), "met": T("已完成", "met"),
                     "met_late": T("逾期完成", "met late"), "due": T("未到期", "due")}
            text = names[state] + (f" ({T('日历未知', 'calendar unknown')} {r['calendar_warning']})"
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
        self.tabs.addTab(self._receipt_tab(c), T("接收记录", "Receipt"))
        self.tabs.addTab(self._classification_tab(c), T("分类", "Classification"))
        self.tabs.addTab(self._history_tab(), T("历史记录", "History"))
        for tab_class, zh, en in ((InvestigationTab, "调查", "Investigation"),
                                  (FindingsTab, "根本原因与风险", "Root cause & risk"),
                                  (ActionsTab, "市场措施与CAPA", "Market action & CAPA"),
                                  (ReviewTab, "审核与签名", "Review & signatures"),
                                  (ReplyTab, "答复与结案", "Reply & closure")):
            tab = tab_class(self.session, self.cid, self.after_change)
            tab.setObjectName(tab_class.__name__)
            self.tabs.addTab(tab, T(zh, en))
        self.tabs.setCurrentIndex(max(current, 0))

    def _build_actions(self, c: dict) -> None:
        while self.actions.count():
            w = self.actions.takeAt(0).widget()
            if w:
                w.deleteLater()
        actor = self.session.actor
        if (not c["acknowledged_at"] and not c["anonymous"] and c["status"] not in ("closed", "archived", "voided")
                and actor.has(R.INSPECTOR)):
            b = QPushButton(T("确认收悉…", "Acknowledge…"))
            b.setObjectName("acknowledge")
            b.clicked.connect(self._acknowledge)
            self.actions.addWidget(b)
        if c["class"] == "I" and c["status"] not in ("closed", "archived", "voided") and (
                (actor.has(R.QA_HEAD) and not c["class_i_qahead_ack_at"])
                or (actor.has(R.QUALITY_VP) and not c["class_i_vp_ack_at"])):
            b = QPushButton(T("确认知悉此 I 类投诉", "Acknowledge this Class I complaint"))
            b.setObjectName("ack_class_i")
            b.clicked.connect(self._ack_class_i)
            self.actions.addWidget(b)
        print_button = QPushButton(T("打印…", "Print…"))
        print_button.setObjectName("print")
        print_button.clicked.connect(self._print)
        self.actions.addWidget(print_button)
        self.actions.addStretch(1)

    def _receipt_tab(self, c: dict) -> QWidget:
        pol, lang = self.session.policy, language()
        show_personal = self.session.actor.is_qa or self.session.actor.has(R.RECEPTION)
        masked = T("（已屏蔽）", "(masked)")
        pairs = [
            ("接收时间", "Received at", c["received_at"].replace("T", " ")),
            ("投诉渠道", "Channel", pol.label("channel", c["channel"], lang)),
            ("首问负责人", "First contact", c["first_contact"]),
            ("投诉人类型", "Complainant type", pol.label("complainant_type", c["complainant_type"], lang)),
            ("投诉人", "Complainant", T("匿名", "Anonymous") if c["anonymous"] else
             (c["complainant_name"] if show_personal else masked)),
            ("单位", "Organisation", c["complainant_org"]),
            ("联系人", "Contact", c["contact_person"] if show_personal else masked),
            ("电话", "Phone", c["phone"] if show_personal else masked),
            ("地址", "Address", c["address"] if show_personal else masked),
            ("电子邮件", "E-mail", c["email"] if show_personal else masked),
            ("产品", "Product", f"{c['product_name']} {c['strength'] or ''} {c['package_form'] or ''}"),
            ("批号", "Batch", c["batch_no"]), ("生产日期", "Manufactured", c["mfg_date"]),
            ("有效期至", "Expiry", c["expiry_date"]),
            ("数量", "Quantity", f"{c['quantity']:g} {c['unit'] or ''}" if c["quantity"] else ""),
            ("购买地点", "Where bought", c["purchase_place"]), ("储存、使用经过", "Storage and use", c["storage_use"]),
            ("投诉内容", "Complaint", c["description"]), ("投诉请求", "Request", c["request"]),
            ("样品", "Sample", T("有", "available") if c["sample_available"] else T("无", "none")),
            ("不良反应/事件", "Adverse event", T("是", "yes") if c["adverse_event"] else T("否", "no")),
            ("确认收悉", "Acknowledged", (c["acknowledged_at"] or "").replace("T", " ")),
        ]
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(readonly_form(pairs))
        return scroll

    def _classification_tab(self, c: dict) -> QWidget:
        pol = self.session.policy
        w = QWidget()
        form = QFormLayout(w)
        self.nature = vocab_combo(pol, "nature", object_name="nature")
        self.category = vocab_combo(pol, "category", object_name="category")
        self.defect = vocab_combo(pol, "defect_type", object_name="defect_type")
        self.klass = vocab_combo(pol, "class", empty=T("按缺陷类型", "From the defect type"), object_name="class")
        self.priority = vocab_combo(pol, "priority", empty=T("按分类", "From the class"), object_name="priority")
        self.investigate = QCheckBox(T("需要调查", "Investigate"))
        self.reportable = QCheckBox(T("需向监管部门报告", "Reportable to an authority"))
        self.report_type = report_combo(pol)
        self.rationale = QLineEdit(c["reportability_rationale"] or "")
        self.no_inv_reason = QLineEdit(c["no_investigation_reason"] or "")
        self.reason = QLineEdit()
        self.reason.setObjectName("change_reason")
        self.reason.setPlaceholderText(T("修改理由（必填，记入审计追踪）", "Reason for the change (required, audited)"))
        self.class_errors = error_label("class_errors")
        for combo, code in ((self.nature, c["nature"]), (self.category, c["category"]), (self.defect, c["defect_type"]),
                            (self.report_type, c["report_type"])):
            select_code(combo, code)
        if c["class"] and c["class"] != c["suggested_class"]:
            select_code(self.klass, c["class"])
        self.override_reason = QLineEdit(c["class_override_reason"] or "")
        self.investigate.setChecked(bool(c["investigate"]) if c["investigate"] is not None else True)
        self.reportable.setChecked(bool(c["reportable"]))
        form.addRow(T("投诉性质", "Nature"), self.nature)
        form.addRow(T("投诉类别", "Category"), self.category)
        form.addRow(T("缺陷类型", "Defect type"), self.defect)
        form.addRow(T("严重程度（覆盖）", "Class (override)"), self.klass)
        form.addRow(T("分类变更理由", "Override reason"), self.override_reason)
        form.addRow(T("优先级", "Priority"), self.priority)
        form.addRow(self.investigate, self.no_inv_reason)
        form.addRow(self.reportable, self.report_type)
        form.addRow(T("报告判定依据", "Reportability rationale"), self.rationale)
        editable = c["status"] in lifecycle.EDITABLE and self.session.actor.has(R.INSPECTOR)
        if c["status"] in ("registered", "acknowledged"):
            self.save_class = QPushButton(T("保存分类", "Save classification"))
        else:
            form.addRow(T("修改理由", "Reason"), self.reason)
            self.save_class = QPushButton(T("保存修改", "Save changes"))
        self.save_class.setObjectName("save_classification")
        self.save_class.setEnabled(editable)
        self.save_class.clicked.connect(self._save_classification)
        form.addRow(self.class_errors)
        form.addRow(self.save_class)
        if not editable:
            form.addRow(QLabel(T("当前状态或角色不允许修改分类。", "The status or your role does not allow changes.")))
        return w

    def _history_tab(self) -> QWidget:
        lst = QListWidget()
        lst.setObjectName("history")
        for line in history.for_complaint(self.session.db, self.session.policy, self.cid):
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
            if self.complaint["status"] in ("registered", "acknowledged"):
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
        label, ok = QInputDialog.getItem(self, T("确认收悉", "Acknowledge"), T("告知投诉人的方式", "How the complainant "
                                         "was told"), labels, 0, False)
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

