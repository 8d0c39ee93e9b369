"""Administration: the users (add, change roles, deactivate, reactivate, reset a password, unlock: each with a
reason, each checked and audited by the core), the working-day calendar, the settings and the backups."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TR_NOOP
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
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
from qa_desk.ui.users_dialogs import (
    AddUserDialog,
    EndorseKeyDialog,
    ReasonDialog,
    ResetPasswordDialog,
    RolesDialog,
    role_text,
)
from qa_desk.ui.widgets import error_label, error_text, local_time, size_columns

USER_COLUMNS = (QT_TR_NOOP("User name"), QT_TR_NOOP("Name"), QT_TR_NOOP("Department"), QT_TR_NOOP("Job title"),
                QT_TR_NOOP("Roles"), QT_TR_NOOP("State"), QT_TR_NOOP("Signing key"))


def key_text(row: dict) -> str:
    """The signing key's fingerprint, or why there is none yet (an upgraded file's user who has not logged in)."""
    if not row.get("key_fingerprint"):
        return tr("none yet (made at the next login)")
    fp = row["key_fingerprint"]
    grouped = " ".join(fp[i:i + 4] for i in range(0, len(fp), 4))
    return grouped + ("  " + tr("(awaiting endorsement)") if row.get("key_awaiting") else "")


def user_state(row: dict) -> str:
    """Active / deactivated / locked (until …) / must change password, in words."""
    if not row["active"]:
        return tr("deactivated")
    parts = []
    if row["locked_now"]:
        until = row["locked_until"]
        parts.append(tr("locked until {time}").format(time=local_time(until)) if until
                     else tr("locked until an administrator unlocks"))
    if row["must_change_password"]:
        parts.append(tr("must change password"))
    return ("，" if language().startswith("zh") else ", ").join(parts) if parts else tr("active")


class AdminView(QWidget):
    def __init__(self, session: Session, db_path: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.dialog = None  # the user dialog open now (tests fill it in)
        self.rows: list[dict] = []
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("<h3>Users</h3>")))
        self._users_section(layout)
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

    # --- users ---------------------------------------------------------------------------------------------
    def _users_section(self, layout: QVBoxLayout) -> None:
        self.users = QTableWidget(0, len(USER_COLUMNS))
        self.users.setObjectName("users")
        self.users.setHorizontalHeaderLabels([tr(c) for c in USER_COLUMNS])
        size_columns(self.users)
        self.users.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.users.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.users.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.users.setMinimumHeight(170)
        self.users.itemSelectionChanged.connect(self._enable_buttons)
        layout.addWidget(self.users)
        row = QHBoxLayout()
        self.user_buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("add", tr("Add user…"), self.ask_add), ("roles", tr("Change roles…"), self.ask_roles),
                                ("deactivate", tr("Deactivate…"), self.ask_deactivate),
                                ("reactivate", tr("Reactivate…"), self.ask_reactivate),
                                ("reset", tr("Reset password…"), self.ask_reset),
                                ("unlock", tr("Unlock…"), self.ask_unlock),
                                ("endorse", tr("Endorse key…"), self.ask_endorse)):
            button = QPushButton(text)
            button.setObjectName(f"user_{key}")
            button.clicked.connect(slot)
            row.addWidget(button)
            self.user_buttons[key] = button
        row.addStretch(1)
        layout.addLayout(row)
        self.user_errors = error_label("user_errors")
        self.user_done = QLabel()
        self.user_done.setObjectName("user_done")
        self.user_done.setWordWrap(True)
        layout.addWidget(self.user_errors)
        layout.addWidget(self.user_done)

    def selected_row(self) -> dict | None:
        rows = self.users.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def selected_user(self) -> str | None:
        row = self.selected_row()
        if row is None:
            self.user_errors.setText(tr("Select a user in the table first."))
            return None
        return row["username"]

    def select_user(self, username: str) -> None:
        self.users.selectRow([r["username"] for r in self.rows].index(username))

    def _enable_buttons(self) -> None:
        """Offer what fits the selected account's state; the core decides the rest (and says why not)."""
        row = self.selected_row()
        for key in ("roles", "reset"):
            self.user_buttons[key].setEnabled(row is not None)
        self.user_buttons["deactivate"].setEnabled(bool(row and row["active"]))
        self.user_buttons["reactivate"].setEnabled(bool(row and not row["active"]))
        self.user_buttons["unlock"].setEnabled(bool(row and (row["locked"] or row["failed_attempts"])))
        self.user_buttons["endorse"].setEnabled(bool(row and row.get("key_awaiting")))

    def _user_action(self, call, *args, done: str = "", **kwargs) -> bool:
        try:
            call(self.session, *args, **kwargs)
        except DomainError as exc:
            self.user_errors.setText(error_text(exc))
            self.user_done.setText("")
            return False
        self.user_errors.setText("")
        self.user_done.setText(done)
        self.refresh()
        return True

    def _open(self, dialog, on_accept) -> None:
        """Window-modal and not blocking: the page goes on when the administrator presses OK."""
        self.dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.open()

    def ask_add(self) -> None:
        dlg = AddUserDialog(self.session, self)
        self._open(dlg, lambda: self.user_added(*dlg.created))

    def user_added(self, username: str, password: str) -> None:
        self.user_errors.setText("")
        self.user_done.setText(tr("Created {username}. Temporary password: {password} — hand it over; it must "
                                  "be changed at the first login.").format(username=username, password=password))
        self.refresh()

    def ask_roles(self) -> None:
        row = self.selected_row()
        if row is None:
            self.selected_user()  # says to select one
            return
        dlg = RolesDialog(self.session, row["username"], row["roles"], self)
        self._open(dlg, lambda: self.change_roles(row["username"], dlg.roles(), dlg.reason()))

    def change_roles(self, username: str, roles: list[str], reason: str) -> bool:
        return self._user_action(users.set_roles, username, roles, reason=reason,
                                 done=tr("Roles of {username} changed.").format(username=username))

    def _ask_reason(self, title: str, intro: str, ok: str, then) -> None:
        name = self.selected_user()
        if name:
            dlg = ReasonDialog(title, intro.format(username=name), ok, self)
            self._open(dlg, lambda: then(dlg.reason()))

    def ask_deactivate(self) -> None:
        self._ask_reason(tr("Deactivate"), tr("{username} will no longer log in or sign; the account, its records "
                                              "and its signatures stay."), tr("Deactivate"), self.deactivate_selected)

    def deactivate_selected(self, reason: str) -> bool:
        name = self.selected_user()
        return bool(name) and self._user_action(users.deactivate, name, reason=reason,
                                                done=tr("{username} deactivated.").format(username=name))

    def ask_reactivate(self) -> None:
        self._ask_reason(tr("Reactivate"), tr("{username} will be able to log in again."), tr("Reactivate"),
                         self.reactivate_selected)

    def reactivate_selected(self, reason: str) -> bool:
        name = self.selected_user()
        return bool(name) and self._user_action(users.reactivate, name, reason=reason,
                                                done=tr("{username} reactivated.").format(username=name))

    def ask_unlock(self) -> None:
        self._ask_reason(tr("Unlock"), tr("Unlock {username} now and clear the failed attempts."), tr("Unlock"),
                         self.unlock_selected)

    def unlock_selected(self, reason: str) -> bool:
        name = self.selected_user()
        return bool(name) and self._user_action(users.unlock, name, reason=reason,
                                                done=tr("{username} unlocked.").format(username=name))

    def ask_endorse(self) -> None:
        name = self.selected_user()
        if name:
            dlg = EndorseKeyDialog(name, self)
            self._open(dlg, lambda: self.endorse_selected(dlg.fingerprint.text(), dlg.reason()))

    def endorse_selected(self, fingerprint: str, reason: str) -> bool:
        name = self.selected_user()
        return bool(name) and self._user_action(users.endorse_key, name, fingerprint, reason=reason,
                                                done=tr("The signing key of {username} is endorsed.")
                                                .format(username=name))

    def ask_reset(self) -> None:
        name = self.selected_user()
        if name:
            dlg = ResetPasswordDialog(name, self)
            self._open(dlg, lambda: self.reset_selected(dlg.password.text(), dlg.reason()))

    def reset_selected(self, password: str, reason: str) -> bool:
        name = self.selected_user()
        return bool(name) and self._user_action(
            users.reset_password, name, password, reason=reason,
            done=tr("Temporary password of {username}: {password} — hand it over; it must be changed at the next "
                    "login.").format(username=name, password=password))

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
        self.refresh_users()
        years = sorted(workcal.WorkCalendar.load(self.session.db).known_years)
        next_year = self.session.now().year + 1
        warn = "" if next_year in years else tr("<p style='color:#b71c1c'>The public holidays of {next_year} "
                                                "are not entered: working days in that year count "
                                                "Monday–Friday. Enter the State Council's schedule from a CSV "
                                                "file (date,kind,name).</p>").format(next_year=next_year)
        span = f"{years[0]}–{years[-1]}" if years else "—"
        self.years.setText(tr("<p>Known years: {span}</p>").format(span=span) + warn)

    def refresh_users(self) -> None:
        """The table from the core's list (deactivated accounts too: they are never deleted)."""
        selected = self.selected_row()
        try:
            self.rows = users.list_users(self.session)
        except DomainError as exc:
            self.rows = []
            self.user_errors.setText(error_text(exc))
        self.users.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            texts = (r["username"], r["display_name"], r["department"] or "", r["job_title"] or "",
                     role_text(self.session, r["roles"]), user_state(r), key_text(r))
            for col, text in enumerate(texts):
                self.users.setItem(i, col, QTableWidgetItem(text))
        size_columns(self.users)
        if selected is not None and selected["username"] in [r["username"] for r in self.rows]:
            self.select_user(selected["username"])
        self._enable_buttons()
