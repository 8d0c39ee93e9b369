"""Retention and destruction page: archived records with their retention date and legal hold, the ones past
retention, legal hold on/off (QA head, VP), destruction (quality VP, password signature), the destruction
certificate, and archive packages of one record or a year."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import retention
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.documents import forms, package
from qa_desk.ui import jobs, print_actions
from qa_desk.ui.i18n import T
from qa_desk.ui.widgets import error_label, error_text

COLUMNS = [("number", "投诉编号", "Complaint no."), ("product_name", "产品", "Product"), ("batch_no", "批号", "Batch"),
           ("closed_at", "结案", "Closed"), ("retention_until", "保存期限至", "Retained until"),
           ("legal_hold", "法律保留", "Legal hold")]


class RetentionView(QWidget):
    def __init__(self, session: Session, db_path: str, parent=None) -> None:
        super().__init__(parent)
        self.session, self.db_path = session, db_path
        self.last_result = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.only_due = QCheckBox(T("只看已过保存期限的", "Only records past retention"))
        self.only_due.setObjectName("only_due")
        self.only_due.toggled.connect(self.refresh)
        top.addWidget(self.only_due)
        top.addStretch(1)
        layout.addLayout(top)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("retention_table")
        self.table.setHorizontalHeaderLabels([T(zh, en) for _, zh, en in COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        for label, slot in ((T("设置法律保留…", "Legal hold…"), self.ask_hold),
                            (T("销毁（质量副总签名）…", "Destroy (quality VP signs)…"), self.ask_destroy),
                            (T("销毁证明", "Destruction certificate"), self.certificate),
                            (T("打包所选记录…", "Package the selected record…"), self.ask_package)):
            b = QPushButton(label)
            b.clicked.connect(lambda _=False, f=slot: f())
            buttons.addWidget(b)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(session.now().year - 1)
        year_button = QPushButton(T("打包整年…", "Package the year…"))
        year_button.clicked.connect(lambda: self.ask_package(year=self.year.value()))
        buttons.addWidget(self.year)
        buttons.addWidget(year_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.errors = error_label("retention_errors")
        layout.addWidget(self.errors)
        self.refresh()

    def rows(self) -> list[dict]:
        if self.only_due.isChecked():
            return retention.past_retention(self.session)
        out = []
        for r in self.session.db.conn.execute("SELECT * FROM complaints WHERE status = 'archived' ORDER BY year, seq"):
            c = dict(r)
            until = retention.retention_until(self.session.db, c, self.session.policy)
            out.append({**c, "retention_until": until.isoformat() if until else ""})
        return out

    def refresh(self) -> None:
        self.records = self.rows()
        self.table.setRowCount(len(self.records))
        for i, c in enumerate(self.records):
            for j, (key, _, _) in enumerate(COLUMNS):
                value = c.get(key) or ""
                if key == "closed_at":
                    value = str(value)[:10]
                if key == "legal_hold":
                    value = T(f"是：{c['legal_hold_reason']}", f"yes: {c['legal_hold_reason']}") if c["legal_hold"] else ""
                self.table.setItem(i, j, QTableWidgetItem(str(value)))

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.errors.setText(T("请先在表中选择一条记录。", "Select a record in the table first."))
            return None
        return self.records[rows[0].row()]

    def _run(self, call, *args) -> bool:
        try:
            self.last_result = call(*args)
        except DomainError as exc:
            self.errors.setText(error_text(exc))
            return False
        self.errors.setText("")
        self.refresh()
        return True

    def ask_hold(self) -> None:
        c = self.selected()
        if c is None:
            return
        reason, ok = QInputDialog.getText(self, T("法律保留", "Legal hold"),
                                          T("理由（设置或解除）：", "Reason (setting or lifting):"))
        if ok:
            self.set_hold(c, not c["legal_hold"], reason)

    def set_hold(self, c: dict, on: bool, reason: str) -> bool:
        return self._run(retention.set_legal_hold, self.session, c["id"], on, reason)

    def ask_destroy(self) -> None:
        c = self.selected()
        if c is None:
            return
        reason, ok = QInputDialog.getText(self, T("销毁", "Destroy"), T(f"销毁 {c['number']} 的理由：",
                                                                       f"Reason for destroying {c['number']}:"))
        if not ok:
            return
        password, ok = QInputDialog.getText(self, T("电子签名", "Electronic signature"), T(
            f"含义：批准销毁 {c['number']}（记录与附件将被删除，不可恢复）。\n请再次输入您的密码：",
            f"Meaning: destruction of {c['number']} approved (the record and attachments are deleted for good).\n"
            "Enter your password again:"), QLineEdit.EchoMode.Password)
        if ok:
            self.destroy(c, password, reason)

    def destroy(self, c: dict, password: str, reason: str) -> bool:
        done = self._run(retention.destroy, self.session, c["id"], password, reason)
        if done:
            self.status.setText(T(f"已销毁 {c['number']}，已记入销毁记录。", f"{c['number']} destroyed and logged."))
        return done

    def certificate(self, out: Path | None = None) -> Path | None:
        out = out or Path(tempfile.mkdtemp(prefix="qa-desk-")) / "destruction-certificate.pdf"
        if self._run(forms.destruction_certificate, self.session, out):
            print_actions.show(out)
            return out
        return None

    def ask_package(self, year: int | None = None) -> None:
        c = None if year else self.selected()
        if year is None and c is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, T("保存归档包", "Save the archive package"),
                                              f"{c['number'] if c else year}.zip", "Zip (*.zip)")
        if name:
            self.package(Path(name), number=c["number"] if c else None, year=year)

    def package(self, out: Path, *, number: str | None = None, year: int | None = None) -> jobs.Job:
        def done(result):
            self.last_result = result
            self.status.setText(T(f"已生成 {out}：{result['complaints']} 条，{result['files']} 个文件",
                                  f"Wrote {out}: {result['complaints']} complaints, {result['files']} files"))

        return jobs.start(self, self.db_path, self.session, T("正在打包…", "Packaging…"),
                          lambda s, progress, cancelled: package.make(s, out, number=number, year=year,
                                                                      progress=progress),
                          done, self.errors.setText)
