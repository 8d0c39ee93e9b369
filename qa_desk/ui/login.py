"""The login dialog and the first-run dialog that creates the administrator of an empty file (who then creates
the office's users, see qa_desk.ui.app.first_run)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from qa_desk.core import users
from qa_desk.core.errors import DomainError
from qa_desk.core.session import SYSTEM, Session
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.password_dialog import change_password_now


class LoginDialog(QDialog):
    """Asks for user name and password; ``session`` holds the logged-in session after accept(). A temporary
    or expired password is changed at once (the session can do nothing else); cancelling that quits."""

    def __init__(self, base: Session, parent=None) -> None:
        super().__init__(parent)
        self.base = base
        self.session: Session | None = None
        self.setWindowTitle(tr("QA Desk — log in"))
        self.user = QLineEdit()
        self.user.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b71c1c")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("User name"), self.user)
        form.addRow(tr("Password"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Log in"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Quit"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        title = QLabel(tr("<h2>QA Desk</h2><p>Quality assurance · product complaints</p>"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def try_login(self) -> None:
        try:
            self.session = users.login(self.base, self.user.text(), self.password.text())
        except DomainError as exc:
            self.error.setText(exc.message(language()))
            self.password.clear()
            self.password.setFocus()
            return
        if not change_password_now(self.session, self):
            users.logout(self.session)
            self.session = None
            self.reject()
            return
        self.accept()




class FirstRunDialog(QDialog):
    """An empty file has no users: create the administrator (user name admin) first. After accept(),
    ``session`` is the administrator, logged in, to create the office's users."""

    def __init__(self, base: Session, parent=None) -> None:
        super().__init__(parent)
        self.base = base
        self.session: Session | None = None
        self.setWindowTitle(tr("First run: create the administrator"))
        self.name = QLineEdit(tr("Administrator"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b71c1c")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("User name"), QLabel("admin"))
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Password"), self.password)
        form.addRow(tr("Repeat password"), self.repeat)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Create administrator"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Quit"))
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(tr("This is a new database. First create its administrator (user name admin), who "
                          "manages the accounts, roles and settings. The administrator account cannot sign "
                          "records or handle complaints. Next, the administrator creates the office's users "
                          "(inspectors, QA head, quality VP, reception): each gets a temporary password and "
                          "must choose their own at the first login."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def create(self) -> None:
        if self.password.text() != self.repeat.text():
            self.error.setText(tr("The two passwords differ."))
            return
        try:
            users.create_user(self.base.as_user(SYSTEM), "admin", self.name.text(), ["admin"], self.password.text())
            self.session = users.login(self.base, "admin", self.password.text())
        except DomainError as exc:
            self.error.setText(exc.message(language()))
            return
        self.accept()
