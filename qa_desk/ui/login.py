"""The login dialog and the first-run dialog that creates the administrator of an empty file."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from qa_desk.core import users
from qa_desk.core.errors import DomainError
from qa_desk.core.session import SYSTEM, Session
from qa_desk.ui.i18n import T, language


class LoginDialog(QDialog):
    """Asks for user name and password; ``session`` holds the logged-in session after accept()."""

    def __init__(self, base: Session, parent=None) -> None:
        super().__init__(parent)
        self.base = base
        self.session: Session | None = None
        self.setWindowTitle(T("QA Desk 登录", "QA Desk — log in"))
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
        form.addRow(T("用户名", "User name"), self.user)
        form.addRow(T("密码", "Password"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(T("登录", "Log in"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(T("退出", "Quit"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        title = QLabel(T("<h2>QA Desk 投诉管理</h2><p>质量保证部 · 产品投诉处理</p>",
                         "<h2>QA Desk</h2><p>Quality assurance · product complaints</p>"))
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
        self.accept()


class FirstRunDialog(QDialog):
    """An empty file has no users: create the administrator (user name admin) first."""

    def __init__(self, base: Session, parent=None) -> None:
        super().__init__(parent)
        self.base = base
        self.setWindowTitle(T("首次运行：创建系统管理员", "First run: create the administrator"))
        self.name = QLineEdit(T("系统管理员", "Administrator"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(T("用户名", "User name"), QLabel("admin"))
        form.addRow(T("姓名", "Name"), self.name)
        form.addRow(T("密码", "Password"), self.password)
        form.addRow(T("再次输入密码", "Repeat password"), self.repeat)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(T("创建管理员", "Create administrator"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(T("退出", "Quit"))
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(T("这是一个新的数据库。请为系统管理员设置密码；管理员随后可创建其他用户。",
                                  "This is a new database. Set the administrator's password; the administrator "
                                  "then creates the other users.")))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def create(self) -> None:
        if self.password.text() != self.repeat.text():
            self.error.setText(T("两次输入的密码不一致。", "The two passwords differ."))
            return
        try:
            users.create_user(self.base.as_user(SYSTEM), "admin", self.name.text(), ["admin"], self.password.text())
        except DomainError as exc:
            self.error.setText(exc.message(language()))
            return
        self.accept()
