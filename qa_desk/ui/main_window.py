"""The main window. This first version shows the file's figures; the triage view, tasks and the other
pages arrive with the next issues."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from qa_desk.core import deadlines
from qa_desk.core.session import Session
from qa_desk.ui.i18n import T


class MainWindow(QMainWindow):
    def __init__(self, session: Session, db_path: str) -> None:
        super().__init__()
        self.session = session
        self.db_path = db_path
        self.setWindowTitle(T("QA Desk 投诉管理", "QA Desk"))
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.setCentralWidget(body)
        self.user_label = QLabel()
        self.file_label = QLabel()
        self.overdue_label = QLabel()
        self.overdue_label.setObjectName("overdue")
        for w in (self.user_label, self.file_label, self.overdue_label):
            self.statusBar().addPermanentWidget(w)
        self.refresh()
        settings = QSettings("QA Desk", "QA Desk")
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1000, 680)

    def refresh(self) -> None:
        s = self.session
        pol = s.policy
        lang = "zh_CN" if T("zh", "en") == "zh" else "en"
        counts = dict(s.db.conn.execute("SELECT status, count(*) FROM complaints GROUP BY status").fetchall())
        lines = [f"<h2>{T('欢迎，', 'Welcome, ')}{s.actor.display_name}</h2>",
                 f"<p>{T('本数据库中的投诉：', 'Complaints in this file:')} {sum(counts.values())}</p><ul>"]
        for code in pol.codes("status"):
            if counts.get(code):
                lines.append(f"<li>{pol.label('status', code, lang)}: {counts[code]}</li>")
        lines.append("</ul>")
        self.summary.setText("".join(lines))
        overdue = deadlines.overdue_count(s.db, s.now())
        self.user_label.setText(T("用户：", "User: ") + s.actor.display_name)
        self.file_label.setText(T("数据库：", "Database: ") + self.db_path)
        self.overdue_label.setText(T("逾期事项：", "Overdue: ") + str(overdue))

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        QSettings("QA Desk", "QA Desk").setValue("main/geometry", self.saveGeometry())
        super().closeEvent(event)
