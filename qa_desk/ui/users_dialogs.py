"""The dialogs of user administration: add a user, change roles, give a reason, reset a password, confirm the
clock, and the first run's "create the office's users". They collect what the administrator enters; the core
(qa_desk.core.users) checks every rule and audits every change, so a refusal is shown, never pre-empted."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qa_desk.core import roles as R
from qa_desk.core import users
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui.field_errors import FieldMarks, show_refusal
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.widgets import error_label, error_text, literal


def role_text(session: Session, codes) -> str:
    """Roles in words, in the interface language (the policy holds both)."""
    sep = "、" if language().startswith("zh") else ", "
    return sep.join(session.policy.label("role", c, language()) for c in codes)


def _reason_edit(text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setObjectName("reason")
    edit.setPlaceholderText(tr("Required; kept in the audit trail"))
    return edit


class _FormDialog(QDialog):
    """A form, an error line and OK/Cancel; OK is enabled only while ``ready()`` holds (a reason typed...)."""

    def __init__(self, title: str, ok_text: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.layout_ = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setVisible(False)
        self.form = QFormLayout()
        self.error = error_label("dialog_error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.intro)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def watch(self, *edits: QLineEdit) -> None:
        for edit in edits:
            edit.textChanged.connect(self.update_ok)
        self.update_ok()

    def update_ok(self) -> None:
        self.ok.setEnabled(self.ready())

    def ready(self) -> bool:
        return True

    def submit(self) -> None:
        if self.ready():
            self.accept()


class ReasonDialog(_FormDialog):
    """Deactivate, reactivate, unlock: the only thing asked is why (21 CFR 11.10(e), Annex 11 §9)."""

    def __init__(self, title: str, intro: str, ok_text: str, parent=None) -> None:
        super().__init__(title, ok_text, parent)
        self.set_intro(intro)
        self.reason_edit = _reason_edit()
        self.form.addRow(tr("Reason"), self.reason_edit)
        self.watch(self.reason_edit)

    def ready(self) -> bool:
        return bool(self.reason_edit.text().strip())

    def reason(self) -> str:
        return self.reason_edit.text().strip()


class RoleBoxes(QWidget):
    """One check box per role of the core, labelled from the policy."""

    def __init__(self, session: Session, checked=(), parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for role in R.ALL_ROLES:
            box = QCheckBox(literal(session.policy.label("role", role.value, language())))
            box.setObjectName(f"role_{role.value}")
            box.setChecked(role.value in set(checked))
            layout.addWidget(box)
            self.boxes[role.value] = box

    def roles(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def set_roles(self, codes) -> None:
        for code, box in self.boxes.items():
            box.setChecked(code in set(codes))


class RolesDialog(ReasonDialog):
    def __init__(self, session: Session, username: str, current, parent=None) -> None:
        super().__init__(tr("Change roles"), tr("Roles of {username}. An administrator account holds no signer "
                                                "role, and nobody changes their own roles.").format(
                                                    username=username), tr("Change roles"), parent)
        self.role_boxes = RoleBoxes(session, current)
        self.form.insertRow(0, tr("Roles"), self.role_boxes)

    def roles(self) -> list[str]:
        return self.role_boxes.roles()


class _PasswordRow(QWidget):
    """A temporary password shown in clear (the administrator hands it over) with a Generate button."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(users.temporary_password())
        self.edit.setObjectName("temporary_password")
        self.generate = QPushButton(tr("Generate"))
        self.generate.setObjectName("generate_password")
        self.generate.clicked.connect(lambda: self.edit.setText(users.temporary_password()))
        row.addWidget(self.edit, 1)
        row.addWidget(self.generate)

    def text(self) -> str:
        return self.edit.text()


class EndorseKeyDialog(ReasonDialog):
    """An upgraded file's user enrolled a signing key at login: the administrator types the fingerprint the
    user reads out from their own screen, so a key planted in the file is never vouched for unseen."""

    def __init__(self, username: str, parent=None) -> None:
        super().__init__(tr("Endorse signing key"),
                         tr("Ask {username} to read out the fingerprint of their signing key (Settings › My signing "
                            "key…), and type it here. Compare it in person, not from this table.")
                         .format(username=username), tr("Endorse"), parent)
        self.fingerprint = QLineEdit()
        self.fingerprint.setObjectName("fingerprint")
        self.form.insertRow(0, tr("Fingerprint"), self.fingerprint)
        self.watch(self.fingerprint)

    def ready(self) -> bool:
        fingerprint = getattr(self, "fingerprint", None)  # the base class asks before the field exists
        return bool(fingerprint and fingerprint.text().strip()) and super().ready()


class ResetPasswordDialog(ReasonDialog):
    def __init__(self, username: str, parent=None) -> None:
        super().__init__(tr("Reset password"), tr("A temporary password for {username}: write it down and hand it "
                                                  "over; it serves only to choose a new password at the next "
                                                  "login.").format(username=username), tr("Reset password"),
                         parent)
        self.password = _PasswordRow()
        self.form.insertRow(0, tr("Temporary password"), self.password)


class AddUserDialog(_FormDialog):
    """Creates the account itself (so a refusal stays in front of what to correct); ``created`` holds
    (user name, temporary password) after accept()."""

    def __init__(self, session: Session, parent=None, *, reason: str = "") -> None:
        super().__init__(tr("Add user"), tr("Create user"), parent)
        self.session = session
        self.created: tuple[str, str] | None = None
        self.set_intro(tr("The temporary password is shown so that you can hand it over; the user must choose "
                          "their own at the first login. User names are never reused."))
        self.username, self.display_name = QLineEdit(), QLineEdit()
        self.department, self.job_title = QLineEdit(), QLineEdit()
        self.role_boxes = RoleBoxes(session)
        self.password = _PasswordRow()
        self.reason_edit = _reason_edit(reason)
        self._rows()
        self.watch(self.username, self.display_name, self.reason_edit)
        self.marks = FieldMarks(self, {"username": self.username, "roles": self.role_boxes, "reason": self.reason_edit,
                                       "password": self.password})

    def _rows(self) -> None:
        for name, label, edit in (("new_username", tr("User name"), self.username),
                                  ("display_name", tr("Name"), self.display_name),
                                  ("department", tr("Department"), self.department),
                                  ("job_title", tr("Job title"), self.job_title)):
            edit.setObjectName(name)
            self.form.addRow(label, edit)
        self.form.addRow(tr("Roles"), self.role_boxes)
        self.form.addRow(tr("Temporary password"), self.password)
        self.form.addRow(tr("Reason"), self.reason_edit)

    def ready(self) -> bool:
        return all(e.text().strip() for e in (self.username, self.display_name, self.reason_edit))

    def submit(self) -> None:
        self.create()

    def create(self) -> bool:
        try:
            users.create_user(self.session, self.username.text(), self.display_name.text(), self.role_boxes.roles(),
                              self.password.text(), department=self.department.text() or None,
                              job_title=self.job_title.text() or None, reason=self.reason_edit.text())
        except DomainError as exc:
            show_refusal(self.marks, exc, self.error)  # each problem at its field, the rest here
            return False
        self.created = (self.username.text().strip(), self.password.text())
        self.accept()
        return True


class FirstUsersDialog(QDialog):
    """The first run goes on: the administrator creates the office's users, one Add-user dialog after the
    other, and sees each temporary password to hand over."""

    def __init__(self, admin: Session, parent=None) -> None:
        super().__init__(parent)
        self.admin = admin
        self.dialog: AddUserDialog | None = None
        self.created: list[tuple[str, str]] = []
        self.setWindowTitle(tr("First run: the office's users"))
        self.setMinimumWidth(520)
        intro = QLabel(tr("The administrator is created. Now create the office's users: inspectors, the QA head, "
                          "the quality VP, reception. Each gets a temporary password that you hand over; they "
                          "choose their own at their first login. You can add users later on the "
                          "Administration page too."))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("created_users")
        self.add_button = QPushButton(tr("Add a user…"))
        self.add_button.setObjectName("add_user")
        self.add_button.clicked.connect(self.add)
        self.done_button = QPushButton(tr("Done"))
        self.done_button.setObjectName("done")
        self.done_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        row.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addLayout(row)

    def add(self) -> AddUserDialog:
        self.dialog = AddUserDialog(self.admin, self, reason=tr("First users of the office"))
        self.dialog.accepted.connect(self._added)
        self.dialog.open()
        return self.dialog

    def _added(self) -> None:
        username, password = self.dialog.created
        self.created.append((username, password))
        self.list.addItem(tr("{username}: temporary password {password}").format(username=username,
                                                                                  password=password))
        self.add_button.setText(tr("Add another user…"))


class ConfirmClockDialog(_FormDialog):
    """An administrator confirms a clock that is earlier than the newest audit entry; ``session`` is that
    administrator's session afterwards."""

    def __init__(self, base: Session, parent=None) -> None:
        super().__init__(tr("Confirm the clock"), tr("Confirm the clock"), parent)
        self.base = base
        self.session: Session | None = None
        self.set_intro(tr("Confirm only after checking the computer's date, time and time zone. The "
                          "confirmation is kept in the audit trail with your name and reason."))
        self.username = QLineEdit()
        self.username.setObjectName("clock_username")
        self.password = QLineEdit()
        self.password.setObjectName("clock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason_edit = _reason_edit()
        self.form.addRow(tr("Administrator's user name"), self.username)
        self.form.addRow(tr("Password"), self.password)
        self.form.addRow(tr("Reason"), self.reason_edit)
        self.watch(self.username, self.password, self.reason_edit)

    def ready(self) -> bool:
        return all(e.text().strip() for e in (self.username, self.password, self.reason_edit))

    def submit(self) -> None:
        self.confirm()

    def confirm(self) -> bool:
        try:
            self.session = users.confirm_clock(self.base, self.username.text(), self.password.text(),
                                               reason=self.reason_edit.text())
        except DomainError as exc:
            self.error.setText(error_text(exc))
            self.password.clear()
            self.password.setFocus()
            return False
        self.accept()
        return True
