"""Administration: the users and the working-day calendar years the file knows (read-only here; the
command line and later issues change them)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import (
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

from qa_desk.core import users, workcal
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui.backup_panel import BackupPanel
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.settings_panel import SettingsPanel
from qa_desk.ui.widgets import error_label, error_text


class AdminView(QWidget):
    def __init__(self, session: Session, db_path: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("<h3>Users</h3>")))
        self.users = QTableWidget(0, 4)
        self.users.setObjectName("users")
        self.users.setHorizontalHeaderLabels([tr("User"), tr("Name"), tr("Roles"),
                                              tr("State")])
        self.users.horizontalHeader().setStretchLastSection(True)
        self.users.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.users.setMinimumHeight(170)
        layout.addWidget(self.users)
        user_row = QHBoxLayout()
        unlock = QPushButton(tr("Unlock the selected user"))
        unlock.clicked.connect(lambda: self.unlock_selected())
        reset = QPushButton(tr("Reset the selected user's password…"))
        reset.clicked.connect(self.ask_reset)
        user_row.addWidget(unlock)
        user_row.addWidget(reset)
        user_row.addStretch(1)
        layout.addLayout(user_row)
        self.user_errors = error_label("user_errors")
        layout.addWidget(self.user_errors)
        layout.addWidget(QLabel(tr("<h3>Working-day calendar</h3>")))
        self.years = QLabel()
        self.years.setWordWrap(True)
        layout.addWidget(self.years)
        row = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setObjectName("calendar_year")
        self.year.setRange(2000, 2100)
        self.year.setValue(session.now().year + 1)
        self.import_button = QPushButton(tr("Import that year's holidays and make-up days from CSV…"))
        self.import_button.clicked.connect(self.choose_csv)
        row.addWidget(self.year)
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.calendar_errors = error_label("calendar_errors")
        layout.addWidget(self.calendar_errors)
        self.settings = SettingsPanel(session)
        layout.addWidget(self.settings)
        self.backups = BackupPanel(session, db_path) if db_path else None
        if self.backups is not None:
            layout.addWidget(self.backups)
        layout.addStretch(1)
        self.refresh()

    def selected_user(self) -> str | None:
        rows = self.users.selectionModel().selectedRows()
        if not rows:
            self.user_errors.setText(tr("Select a user in the table first."))
            return None
        return self.users.item(rows[0].row(), 0).text()

    def _user_action(self, call, *args) -> bool:
        try:
            call(self.session, *args)
        except DomainError as exc:
            self.user_errors.setText(error_text(exc))
            return False
        self.user_errors.setText("")
        self.refresh()
        return True

    def unlock_selected(self) -> bool:
        name = self.selected_user()
        return bool(name) and self._user_action(users.unlock, name)

    def ask_reset(self) -> None:
        name = self.selected_user()
        if not name:
            return
        prompt = tr("Temporary password for {name} (to be changed at the next login):").format(name=name)
        password, ok = QInputDialog.getText(self, tr("Reset password"), prompt, QLineEdit.EchoMode.Password)
        if ok:
            self.reset_selected(password)

    def reset_selected(self, password: str) -> bool:
        name = self.selected_user()
        return bool(name) and self._user_action(users.reset_password, name, password)

    def choose_csv(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("Choose the calendar CSV"), "", "CSV (*.csv *.txt)")
        if name:
            self.import_csv(Path(name))

    def import_csv(self, path: Path) -> bool:
        try:
            workcal.import_year_csv(self.session, self.year.value(), path.read_text(encoding="utf-8-sig"))
        except DomainError as exc:
            self.calendar_errors.setText(error_text(exc))
            return False
        except (OSError, UnicodeDecodeError) as exc:
            self.calendar_errors.setText(tr("Cannot read the file: {exc}").format(exc=exc))
            return False
        self.calendar_errors.setText("")
        self.refresh()
        return True

    def refresh(self) -> None:
        pol, db = self.session.policy, self.session.db
        rows = db.conn.execute("SELECT username, display_name, roles, locked, active FROM users ORDER BY id").fetchall()
        self.users.setRowCount(len(rows))
        for i, r in enumerate(rows):
            roles = "、".join(pol.label("role", x, language()) for x in json.loads(r["roles"]))
            state = tr("locked") if r["locked"] else (tr("active") if r["active"] else tr("inactive"))
            for col, text in enumerate((r["username"], r["display_name"], roles, state)):
                self.users.setItem(i, col, QTableWidgetItem(text))
        self.users.resizeColumnsToContents()
        years = [r[0] for r in db.conn.execute("SELECT year FROM calendar_years ORDER BY year")]
        next_year = self.session.now().year + 1
        warn = "" if next_year in years else tr("<p style='color:#b71c1c'>The public holidays of {next_year} "
                                                "are not entered: working days in that year count "
                                                "Monday–Friday. Enter the State Council's schedule from a CSV "
                                                "file (date,kind,name).</p>").format(next_year=next_year)
        span = f"{years[0]}–{years[-1]}" if years else "—"
        self.years.setText(tr("<p>Known years: {span}</p>").format(span=span) + warn)
