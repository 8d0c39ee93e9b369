"""The register page: export the complaint register to Excel, print it, print the blank receipt form,
import an old ledger."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import roles as R
from qa_desk.core.session import Session
from qa_desk.documents import forms, register
from qa_desk.ui import jobs, print_actions
from qa_desk.ui.i18n import T


class RegisterView(QWidget):
    def __init__(self, session: Session, db_path: str, parent=None) -> None:
        super().__init__(parent)
        self.session, self.db_path = session, db_path
        self.last_result = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(T("<h3>用户投诉登记台帐</h3><p>导出为 Excel（默认屏蔽个人信息）或打印；导入旧台帐。</p>",
                                  "<h3>Complaint register</h3><p>Export to Excel (personal data masked by default) or "
                                  "print; import an old ledger.</p>")))
        form = QFormLayout()
        self.use_dates = QCheckBox(T("按接收日期", "By received date"))
        self.date_from = QDateEdit(QDate.currentDate().addYears(-1))
        self.date_to = QDateEdit(QDate.currentDate())
        for w in (self.date_from, self.date_to):
            w.setDisplayFormat("yyyy-MM-dd")
            w.setCalendarPopup(True)
        dates = QHBoxLayout()
        for w in (self.use_dates, self.date_from, QLabel("–"), self.date_to):
            dates.addWidget(w)
        dates.addStretch(1)
        form.addRow(T("范围", "Range"), dates)
        self.classes = QLineEdit()
        self.classes.setPlaceholderText(T("如 I,II（空为全部）", "e.g. I,II (empty: all)"))
        form.addRow(T("分类", "Classes"), self.classes)
        self.unmasked = QCheckBox(T("显示个人信息（仅 QA 角色，记入审计）", "Show personal data (QA roles only, audited)"))
        self.unmasked.setEnabled(session.actor.is_qa)
        form.addRow(self.unmasked)
        layout.addLayout(form)
        row = QHBoxLayout()
        for name, zh, en, slot in (("export_register", "导出 Excel…", "Export to Excel…", self.export),
                                   ("print_register", "打印台帐（PDF）…", "Print the register (PDF)…", self.print_register),
                                   ("blank_receipt", "空白接收记录表（PDF）", "Blank receipt form (PDF)", self.blank),
                                   ("import_ledger", "导入旧台帐…", "Import a ledger…", self.import_ledger)):
            b = QPushButton(T(zh, en))
            b.setObjectName(name)
            b.clicked.connect(lambda _c=False, slot=slot: slot())
            row.addWidget(b)
            if name == "import_ledger":
                b.setEnabled(session.actor.has(R.INSPECTOR))
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel()
        self.status.setObjectName("register_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def current_filter(self) -> register.RegisterFilter:
        f = register.RegisterFilter(classes=tuple(x.strip() for x in self.classes.text().split(",") if x.strip()))
        if self.use_dates.isChecked():
            f.date_from, f.date_to = self.date_from.date().toPython(), self.date_to.date().toPython()
        return f

    def export(self, out: Path | None = None) -> jobs.Job | None:
        out = out or jobs.ask_save_path(self, T("导出台帐", "Export the register"), "register.xlsx", "Excel (*.xlsx)")
        if out is None:
            return None
        f, unmasked = self.current_filter(), self.unmasked.isChecked()

        def done(result):
            self.last_result = result
            self.status.setText(T(f"已导出 {result['rows']} 条到 {out}（SHA-256 {result['sha256']}）",
                                  f"Exported {result['rows']} to {out} (SHA-256 {result['sha256']})"))

        return jobs.start(self, self.db_path, self.session, T("正在导出台帐…", "Exporting the register…"),
                          lambda s, progress, cancelled: register.export(s, out, f, unmasked=unmasked,
                                                                         progress=progress, cancelled=cancelled),
                          done, self.status.setText, self.status.setText)

    def print_register(self, out: Path | None = None) -> jobs.Job | None:
        out = out or jobs.ask_save_path(self, T("打印台帐", "Print the register"), "register.pdf", "PDF (*.pdf)")
        if out is None:
            return None
        f, unmasked = self.current_filter(), self.unmasked.isChecked()

        def done(path):
            self.status.setText(T(f"已生成 {path}", f"Wrote {path}"))
            print_actions.show(path)

        return jobs.start(self, self.db_path, self.session, T("正在生成台帐 PDF…", "Writing the register PDF…"),
                          lambda s, progress, cancelled: forms.print_register(s, out, f, unmasked=unmasked,
                                                                              progress=progress),
                          done, self.status.setText, self.status.setText)

    def blank(self) -> None:
        import tempfile

        out = Path(tempfile.mkdtemp(prefix="qa-desk-")) / "blank-receipt.pdf"
        forms.blank_receipt(self.session, out)
        print_actions.show(out)
        self.status.setText(T(f"已生成 {out}", f"Wrote {out}"))

    def import_ledger(self) -> None:
        from qa_desk.ui.import_dialog import ImportDialog

        ImportDialog(self.session, self.db_path, self).exec()

