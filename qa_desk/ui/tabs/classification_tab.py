"""Classification tab: nature, category and defect type, the class the defect type suggests with its rule (as
the intake wizard shows it), the class override with its reason, priority, investigate-or-not and
reportability. A complaint never classified starts empty: nothing is preselected, so one click on Save can
never make it Class I; the core refuses a save without an explicit choice and the message shows by the
button. Once triaged, a change needs a reason (audited)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from qa_desk.core import triage
from qa_desk.core.actions import Act
from qa_desk.ui.i18n import pick, tr
from qa_desk.ui.tabs.base import Tab
from qa_desk.ui.widgets import report_combo, select_code, vocab_combo


class ClassificationTab(Tab):
    def __init__(self, session, complaint_id, changed, acts=None) -> None:
        super().__init__(session, complaint_id, changed, acts)
        self.errors.setObjectName("class_errors")
        c = self.complaint
        body = QWidget()
        self.form = QFormLayout(body)
        self._choices(c)
        self._decisions(c)
        self._save_button()
        self.layout_.addWidget(body)
        self.layout_.addStretch(1)
        self.update_rule()

    def _choices(self, c: dict) -> None:
        """The three choices, empty until the user picks (never a silent default), and the suggested class."""
        pol, form = self.session.policy, self.form
        self.nature = vocab_combo(pol, "nature", empty=tr("(choose)"), object_name="nature")
        self.category = vocab_combo(pol, "category", empty=tr("(choose)"), object_name="category")
        self.defect = vocab_combo(pol, "defect_type", empty=tr("(choose)"), object_name="defect_type")
        for combo, code in ((self.nature, c["nature"]), (self.category, c["category"]), (self.defect, c["defect_type"])):
            select_code(combo, code)
        self.rule = QLabel()
        self.rule.setObjectName("rule")
        self.rule.setWordWrap(True)
        self.klass = vocab_combo(pol, "class", empty=tr("From the defect type"), object_name="class")
        if c["class"] and c["class"] != c["suggested_class"]:
            select_code(self.klass, c["class"])
        self.override_reason = QLineEdit(c["class_override_reason"] or "")
        self.override_reason.setObjectName("class_override_reason")  # the core's field keys: its refusals mark them
        self.priority = vocab_combo(pol, "priority", empty=tr("From the class"), object_name="priority")
        if c["priority"] and c["class"] in pol.classes and c["priority"] != pol.classes[c["class"]].priority:
            select_code(self.priority, c["priority"])  # a priority chosen, not the class's: kept as chosen
        self.priority_reason = QLineEdit(c["priority_reason"] or "")
        self.priority_reason.setObjectName("priority_reason")
        form.addRow(tr("Nature"), self.nature)
        form.addRow(tr("Category"), self.category)
        form.addRow(tr("Defect type"), self.defect)
        form.addRow(tr("Suggested class"), self.rule)
        form.addRow(tr("Class (override)"), self.klass)
        form.addRow(tr("Override reason"), self.override_reason)
        form.addRow(tr("Priority"), self.priority)
        form.addRow(tr("Reason for a lower priority"), self.priority_reason)
        self.defect.currentIndexChanged.connect(self.update_rule)
        self.klass.currentIndexChanged.connect(self.update_rule)

    def _decisions(self, c: dict) -> None:
        form = self.form
        self.investigate = QCheckBox(tr("Investigate"))
        self.investigate.setChecked(bool(c["investigate"]) if c["investigate"] is not None else True)
        self.no_inv_reason = QLineEdit(c["no_investigation_reason"] or "")
        self.no_inv_reason.setObjectName("no_investigation_reason")
        self.reportable = QCheckBox(tr("Reportable to an authority"))
        self.reportable.setChecked(bool(c["reportable"]))
        self.report_type = report_combo(self.session.policy)
        select_code(self.report_type, c["report_type"])
        self.rationale = QLineEdit(c["reportability_rationale"] or "")
        self.rationale.setObjectName("reportability_rationale")
        form.addRow(self.investigate, self.no_inv_reason)
        form.addRow(self.reportable, self.report_type)
        form.addRow(tr("Reportability rationale"), self.rationale)
        self.reason = QLineEdit()
        self.reason.setObjectName("change_reason")
        self.reason.setPlaceholderText(tr("Reason for the change (required, audited)"))

    def _save_button(self) -> None:
        """Save in the bar below the scroll area, its refusal right under it."""
        editable = bool(self.acts & {Act.TRIAGE, Act.RECLASSIFY})
        if Act.TRIAGE in self.acts or not editable:
            self.save_class = QPushButton(tr("Save classification"))
        else:
            self.form.addRow(tr("Reason"), self.reason)
            self.save_class = QPushButton(tr("Save changes"))
        self.save_class.setObjectName("save_classification")
        self.save_class.setEnabled(editable)
        self.save_class.clicked.connect(self.save_classification)
        self.bar.addWidget(self.save_class)
        if not editable:
            self.bar.addWidget(QLabel(tr("The status or your role does not allow changes.")))

    def update_rule(self) -> None:
        """The class the chosen defect type suggests, with its rule in words; the override reason only when
        another class is chosen."""
        code, zh, en = triage.suggest(self.session, self.defect.currentData())
        self.rule.setText(pick(zh, en) if code else tr("shown once a defect type is chosen"))
        chosen = self.klass.currentData() or code
        self.override_reason.setEnabled(bool(chosen and code and chosen != code) or bool(self.override_reason.text()))

    def triage_input(self) -> triage.TriageInput:
        return triage.TriageInput(
            nature=self.nature.currentData(), category=self.category.currentData(),
            defect_type=self.defect.currentData(), severity_class=self.klass.currentData(),
            class_override_reason=self.override_reason.text(), priority=self.priority.currentData(),
            priority_reason=self.priority_reason.text(),
            investigate=self.investigate.isChecked(), no_investigation_reason=self.no_inv_reason.text(),
            reportable=self.reportable.isChecked(), report_type=self.report_type.currentData() if
            self.reportable.isChecked() else None, reportability_rationale=self.rationale.text())

    def field_widgets(self) -> dict:
        return {"reason": self.reason}  # one of several "…_reason" inputs: named, not guessed

    def save_classification(self) -> bool:
        if Act.TRIAGE in self.acts:
            return self.run(lambda: triage.triage(self.session, self.cid, self.triage_input()))
        return self.run(lambda: triage.reclassify(self.session, self.cid, self.triage_input(),
                                                  reason=self.reason.text()))

    def save_pending(self) -> bool:
        return self.save_classification()


