"""Root cause, conclusion and risk: a 5-Why chain, a fishbone with the six categories (人 机 料 法 环 测),
the conclusion and the risk assessment (severity, likelihood, units and batches affected)."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QFormLayout, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from qa_desk.core import investigation as inv
from qa_desk.core.actions import Act
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.tabs.base import Tab
from qa_desk.ui.widgets import number_text, select_code, vocab_combo


class FindingsTab(Tab):
    def __init__(self, session, complaint_id, changed, acts=None) -> None:
        super().__init__(session, complaint_id, changed, acts)
        c = self.complaint
        pol = session.policy
        editable = self.may(Act.INVESTIGATE)
        body = QWidget()
        form = QFormLayout(body)
        whys = json.loads(c["five_whys"] or "[]")
        self.whys = []
        for i in range(5):
            edit = QLineEdit(whys[i] if i < len(whys) else "")
            edit.setObjectName(f"why{i + 1}")
            self.whys.append(edit)
            form.addRow(tr("Why {i}").format(i=i + 1), edit)
        fish = json.loads(c["fishbone"] or "{}")
        self.fish = {}
        for t in pol.vocab["fishbone"]:
            edit = QLineEdit("；".join(fish.get(t.code, [])))
            edit.setObjectName(f"fish_{t.code}")
            edit.setPlaceholderText(tr("separate causes with ';'"))
            self.fish[t.code] = edit
            form.addRow(tr("Fishbone · {category}").format(category=t.label(language())), edit)
        self.root_cause = QPlainTextEdit(c["root_cause"] or "")
        self.root_cause.setObjectName("root_cause")
        self.root_cause.setMaximumHeight(70)
        form.addRow(tr("Root cause"), self.root_cause)
        self.category = vocab_combo(pol, "fishbone", empty=tr("(category)"), object_name="root_cause_category")
        select_code(self.category, c["root_cause_category"])
        form.addRow(tr("Root-cause category"), self.category)
        self.conclusion = vocab_combo(pol, "conclusion", empty=tr("(conclusion)"), object_name="conclusion")
        select_code(self.conclusion, c["conclusion"])
        form.addRow(tr("Conclusion"), self.conclusion)
        self.conclusion_note = QLineEdit(c["conclusion_note"] or "")
        self.conclusion_note.setObjectName("conclusion_note")  # named as the core's field keys
        form.addRow(tr("Conclusion note"), self.conclusion_note)
        self.severity = vocab_combo(pol, "severity", empty=tr("(severity)"), object_name="risk_severity")
        select_code(self.severity, c["risk_severity"])
        self.likelihood = vocab_combo(pol, "likelihood", empty=tr("(likelihood)"),
                                      object_name="risk_likelihood")
        select_code(self.likelihood, c["risk_likelihood"])
        form.addRow(tr("Risk: severity"), self.severity)
        form.addRow(tr("Risk: likelihood of recurrence"), self.likelihood)
        self.units = QLineEdit(number_text(c["scope_units"]))
        self.units.setObjectName("scope_units")
        self.batches = QLineEdit(c["scope_batches"] or "")
        self.batches.setObjectName("scope_batches")
        self.risk_note = QLineEdit(c["risk_note"] or "")
        self.risk_note.setObjectName("risk_note")
        form.addRow(tr("Scope: units"), self.units)
        form.addRow(tr("Scope: batches"), self.batches)
        form.addRow(tr("Risk note"), self.risk_note)
        self.save = QPushButton(tr("Save root cause and risk"))
        self.save.setObjectName("save_findings")
        self.save.clicked.connect(self.save_findings)
        self.bar.addWidget(self.save)  # below the scroll area, with the messages
        for w in body.findChildren(QWidget):
            w.setEnabled(editable)
        self.save.setEnabled(editable)
        self.layout_.addWidget(body)
        self.layout_.addStretch(1)

    def findings(self) -> inv.Findings:
        return inv.Findings(
            five_whys=[w.text() for w in self.whys],
            fishbone={k: [x for x in w.text().replace(";", "；").split("；") if x.strip()]
                      for k, w in self.fish.items() if w.text().strip()},
            root_cause=self.root_cause.toPlainText(), root_cause_category=self.category.currentData(),
            conclusion=self.conclusion.currentData(), conclusion_note=self.conclusion_note.text(),
            risk_severity=self.severity.currentData(), risk_likelihood=self.likelihood.currentData(),
            scope_units=self.units.text() or None, scope_batches=self.batches.text(), risk_note=self.risk_note.text())

    def field_widgets(self) -> dict:
        """Keys no single input is named after: the why-chain and the fishbone are several lines (the first
        one filled is marked), and the core checks the units affected as a "quantity"."""
        first_why = next((w for w in self.whys if w.text().strip()), self.whys[0])
        fish = [w for w in self.fish.values() if w.text().strip()] or list(self.fish.values())
        return {"five_whys": first_why, "quantity": self.units, **({"fishbone": fish[0]} if fish else {})}

    def save_pending(self) -> bool:
        return self.save_findings()

    def save_findings(self) -> bool:
        return self.run_reasoned(lambda reason: inv.set_findings(self.session, self.cid, self.findings(), reason=reason))
