"""Investigation tab: the checklist of DOMAIN §5 (result, note, reviewer, date), other complaints on the
same batch and product (12 months), the sample's chain of custody, and the medical details when an adverse
reaction/event is flagged."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import complaints, related, settings
from qa_desk.core import investigation as inv
from qa_desk.core.actions import Act
from qa_desk.core.users import display_names
from qa_desk.ui.i18n import language, pick, tr
from qa_desk.ui.row_correction import custody_dialog, when_edit, when_value
from qa_desk.ui.tabs.base import Tab, fit_rows
from qa_desk.ui.widgets import local_date, local_time, number_text
from qa_desk.ui_labels import MEDICAL_LABELS  # noqa: E402


class InvestigationTab(Tab):
    CARRY = ("med_", "check_", "note_", "custody_")  # four saves on one tab: each keeps the others' typing

    def __init__(self, session, complaint_id, changed, acts=None) -> None:
        super().__init__(session, complaint_id, changed, acts)
        c = self.complaint
        pol = session.policy
        self.open = self.may(Act.INVESTIGATE)
        if self.may(Act.START_INVESTIGATION):
            start = QPushButton(tr("Start the investigation"))
            start.setObjectName("start_investigation")
            start.clicked.connect(lambda: self.run(lambda: inv.start(session, complaint_id)))
            self.layout_.addWidget(start)
        split = QSplitter()
        left, right = QWidget(), QWidget()
        lv, rv = QVBoxLayout(left), QVBoxLayout(right)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([640, 320])
        split.setChildrenCollapsible(False)
        self.layout_.addWidget(split)

        self.table = QTableWidget(0, 6)
        self.table.setObjectName("checklist")
        self.table.setHorizontalHeaderLabels([tr("Item"), tr("Result"), tr("Note"),
                                              tr("Reviewer"), tr("Date"), tr("Files")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setColumnWidth(0, 260)
        self.table.setColumnWidth(2, 200)
        self.table.verticalHeader().setVisible(False)
        items = {i.code: (sec, i) for sec in pol.checklist for i in sec.items}
        users = display_names(session.db)
        self.rows = inv.checklist(session, complaint_id)
        files = inv.item_attachments(session, complaint_id)
        self.table.setRowCount(len(self.rows))
        self.combos: list[QComboBox] = []
        self.notes: list[QLineEdit] = []
        for r, row in enumerate(self.rows):
            sec, item = items.get(row["item"], (None, None))
            label = f"{sec.label(language())} · {item.label(language())}" if item else row["item"]
            cell = QTableWidgetItem(label)
            cell.setToolTip(label)  # the column is narrower than the longest items
            self.table.setItem(r, 0, cell)
            combo = QComboBox()
            combo.addItem(tr("(not decided)"), None)
            for t in pol.vocab["check_result"]:
                combo.addItem(t.label(language()), t.code)
            combo.setCurrentIndex(max(0, combo.findData(row["result"])))
            note = QLineEdit(row["note"] or "")
            combo.setObjectName(f"check_{row['item']}")
            note.setObjectName(f"note_{row['item']}")
            for w in (combo, note):
                w.setEnabled(self.open)
            self.combos.append(combo)
            self.notes.append(note)
            self.table.setCellWidget(r, 1, combo)
            self.table.setCellWidget(r, 2, note)
            self.table.setItem(r, 3, QTableWidgetItem(users.get(row["reviewer_id"], "")))
            self.table.setItem(r, 4, QTableWidgetItem(row["reviewed_on"] or ""))
            self.table.setItem(r, 5, QTableWidgetItem("、".join(files.get(row["id"], []))))
        fit_rows(self.table)  # every item shown: the tab scrolls, not the table
        lv.addWidget(self.table)
        lv.addStretch(1)
        save = QPushButton(tr("Save the checklist"))
        save.setObjectName("save_checklist")
        save.setEnabled(self.open)
        save.clicked.connect(self.save_checklist)
        attach = QPushButton(tr("Attach a file to the selected item…"))
        attach.setObjectName("attach_item")
        attach.setEnabled(self.open)
        attach.clicked.connect(self.choose_attachment)
        all_ok = QPushButton(tr("Mark a section all OK…"))
        all_ok.setObjectName("section_all_ok")
        all_ok.setEnabled(self.open)
        all_ok.clicked.connect(lambda: self.mark_section_ok())
        self.bar.addWidget(save)  # below the scroll area: always in reach
        self.bar.addWidget(all_ok)
        self.bar.addWidget(attach)

        rv.addWidget(self._related(c))
        rv.addWidget(self._custody())
        self.medical: dict[str, QLineEdit] = {}
        if c["adverse_event"]:
            rv.addWidget(self._medical())
        rv.addStretch(1)

    def decisions(self) -> list[dict]:
        """The rows whose result or note the user changed."""
        out = []
        for row, combo, note in zip(self.rows, self.combos, self.notes, strict=True):
            if combo.currentData() != row["result"] or (note.text().strip() or None) != row["note"]:
                out.append({"item": row["item"], "result": combo.currentData(), "note": note.text()})
        return out

    def mark_section_ok(self, section: str | None = None, *, confirm: bool = True) -> bool:
        """Every undecided item of one section as OK in one action, after a confirmation that lists them; the
        checklist is then saved (with any other change made to it)."""
        pol = self.session.policy
        sections = [sec for sec in pol.checklist if any(r["item"] in {i.code for i in sec.items} for r in self.rows)]
        if section is None:
            labels = [sec.label(language()) for sec in sections]
            chosen, ok = QInputDialog.getItem(self, tr("Mark a section all OK"), tr("Section"), labels, 0, False)
            if not ok:
                return False
            section = sections[labels.index(chosen)].code
        marks = inv.section_all_ok(self.session, self.cid, section)
        if not marks:
            self.errors.setText(tr("Every item of this section is decided already."))
            return False
        names = {i.code: i.label(language()) for sec in pol.checklist for i in sec.items}
        if confirm and QMessageBox.question(
                self, tr("Mark a section all OK"), tr("Mark these {n} item(s) OK and save the checklist?\n\n{items}")
                .format(n=len(marks), items="\n".join("· " + names.get(m["item"], m["item"]) for m in marks))) \
                != QMessageBox.StandardButton.Yes:
            return False
        codes = {m["item"] for m in marks}
        for row, combo in zip(self.rows, self.combos, strict=True):
            if row["item"] in codes:
                combo.setCurrentIndex(combo.findData(inv.CHECK_OK))
        return self.save_checklist()

    def save_checklist(self) -> bool:
        changes = self.decisions()
        return bool(changes) and self.run_reasoned(
            lambda reason: inv.decide_items(self.session, self.cid, changes, reason=reason))

    def medical_values(self) -> dict[str, str]:
        return {k: w.text() for k, w in self.medical.items()}

    def save_medical(self) -> bool:
        return self.run_reasoned(lambda reason: inv.set_medical(self.session, self.cid, self.medical_values(),
                                                                reason=reason))

    def save_pending(self) -> bool:
        """The close question's 'Save': the checklist and the medical details; a custody step half typed is
        not guessed at (its own Add button records it)."""
        if any(w.text().strip() for w in (self.custody_action, self.custody_holder, self.custody_seal)):
            return super().save_pending()
        if self.medical and self.medical_values() != self.medical_before and not self.save_medical():
            return False
        return not self.decisions() or self.save_checklist()

    def choose_attachment(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(self, tr("Choose a file"))
        if name:
            self.attach_file(Path(name))

    def attach_file(self, path: Path) -> bool:
        """Attach to the selected checklist row; the size is checked before the file is read."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            self.errors.setText(tr("Select a checklist item first."))
            return False
        limit = settings.get(self.session.db, "attachment_max_mb") * 1024 * 1024
        if path.stat().st_size > limit:
            self.errors.setText(tr("{name} is larger than {limit} MB").format(name=path.name, limit=limit // 1048576))
            return False
        return self.run(lambda: inv.attach(self.session, self.cid, self.rows[row]["item"], name=path.name,
                                           content=path.read_bytes()))

    def _related(self, c: dict) -> QWidget:
        lst = QListWidget()
        lst.setObjectName("related")
        lst.setMaximumHeight(120)
        found = related.for_complaint(self.session.db, c)  # what the investigation record prints, capped alike
        for r in found.rows:
            tag = tr("batch") if r["link"] == related.Link.BATCH else tr("product")
            lst.addItem(f"[{tag}] {r['number']} {local_date(r['received_at'])} {r['class'] or '—'} "
                        f"{(r['description'] or '')[:40]}")
        if found.more:
            lst.addItem(tr("… and {more} more: search the triage list for {product}").format(
                more=found.more, product=found.product))
        if not lst.count():
            lst.addItem(tr("No other complaint on this batch or product in the 12 months before this one."))
        box = QWidget()
        v = QVBoxLayout(box)
        v.addWidget(self.heading_label(tr("Same batch / product, 12 months before receipt")))
        v.addWidget(lst)
        return box

    def heading_label(self, text: str):
        from PySide6.QtWidgets import QLabel

        return QLabel(f"<b>{text}</b>")

    def _custody(self) -> QWidget:
        """The custody steps (each at the time it happened), a new step, and the correction of a selected one."""
        box = QWidget()
        v = QVBoxLayout(box)
        v.addWidget(self.heading_label(tr("Sample chain of custody")))
        lst = QListWidget()
        lst.setObjectName("custody")
        lst.setMaximumHeight(120)
        self.custody_rows = inv.custody_for(self.session, self.cid)
        for r in self.custody_rows:
            lst.addItem(f"{local_time(r['at'])} {r['action']} — {r['holder']}"
                        + (f" ×{number_text(r['quantity'])}" if r["quantity"] else "") + (f" [{r['seal_no']}]" if r["seal_no"] else "")
                        + (f" {r['condition']}" if r["condition"] else ""))
        self.custody_list = lst
        v.addWidget(lst)
        fix = QPushButton(tr("Correct…"))
        fix.setObjectName("custody_correct")
        fix.setToolTip(tr("Correct the selected custody step, with a reason (until the complaint is approved)"))
        fix.setEnabled(self.may(Act.CORRECT_CUSTODY) and bool(self.custody_rows))
        fix.clicked.connect(lambda: self.correct_custody())
        fix_row = QHBoxLayout()
        fix_row.addStretch(1)
        fix_row.addWidget(fix)
        v.addLayout(fix_row)
        when_row, row = QHBoxLayout(), QHBoxLayout()
        self.custody_at = when_edit(self.session, not_before=self.complaint["received_at"], name="custody_at")
        self.custody_at.setToolTip(tr("When the step happened"))
        self.custody_at_default = self.custody_at.dateTime()
        self.custody_action = QLineEdit()
        self.custody_action.setObjectName("custody_action")
        self.custody_action.setPlaceholderText(tr("step (received, sealed, to QC…)"))
        self.custody_holder = QLineEdit()
        self.custody_holder.setObjectName("custody_holder")
        self.custody_holder.setPlaceholderText(tr("holder"))
        self.custody_seal = QLineEdit()
        self.custody_seal.setObjectName("custody_seal_no")
        self.custody_seal.setPlaceholderText(tr("seal no."))
        add = QPushButton(tr("Add"))
        add.setObjectName("custody_add")
        add.clicked.connect(self.add_custody)
        for w, line in ((self.custody_at, when_row), (self.custody_action, when_row), (self.custody_holder, row),
                        (self.custody_seal, row), (add, row)):
            w.setEnabled(self.open)
            line.addWidget(w)
        v.addLayout(when_row)
        v.addLayout(row)
        return box

    def add_custody(self) -> bool:
        """Record a step; the time is the one typed, or now when the field was left at its default."""
        self.stored = ("custody_",)
        at = None if self.custody_at.dateTime() == self.custody_at_default else when_value(self.custody_at)
        return self.run(lambda: inv.add_custody(self.session, self.cid, action=self.custody_action.text(),
                                                holder=self.custody_holder.text(), seal_no=self.custody_seal.text(),
                                                at=at))

    def correct_custody(self) -> bool:
        row = self.custody_list.currentRow()
        if not 0 <= row < len(self.custody_rows):
            self.errors.setText(tr("Select a custody step in the list first."))
            return False
        dlg = custody_dialog(self.session, self.custody_rows[row], self.complaint["received_at"], parent=self)
        if not dlg.exec():
            return False
        self.errors.setText("")
        self.changed()
        return True

    def _medical(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        form.addRow(self.heading_label(tr("Medical details (adverse reaction/event)")))
        row = complaints.medical(self.session, self.cid)  # masked for a reader without the right to see it
        for key, zh, en in MEDICAL_LABELS:
            edit = QLineEdit("" if row is None or row[key] is None else str(row[key]))
            edit.setObjectName(f"med_{key}")
            edit.setEnabled(self.open)
            self.medical[key] = edit
            form.addRow(pick(zh, en), edit)
        save = QPushButton(tr("Save medical details"))
        save.setObjectName("save_medical")
        save.setEnabled(self.open)
        save.clicked.connect(self.save_medical)
        form.addRow(save)
        self.medical_before = self.medical_values()
        return box

