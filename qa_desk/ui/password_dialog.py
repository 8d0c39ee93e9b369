"""Change one's own password (old one first; the core checks the rules and counts a wrong old password towards
the lockout like any other). After a login with a temporary or expired password the change is forced: the
session can do nothing else (the core refuses), so cancelling quits."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from qa_desk.core import users
from qa_desk.core.errors import DomainError, Problem
from qa_desk.core.session import Session
from qa_desk.ui.field_errors import FieldMarks, show_refusal
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.widgets import error_label


class PasswordDialog(QDialog):
    def __init__(self, session: Session, parent=None, *, forced: bool = False) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(tr("Change password"))
        form = QFormLayout(self)
        if forced:
            intro = QLabel(tr("{display_name}, your password is temporary or has expired: choose your own "
                              "password now. Nothing else is possible until you do.").format(
                                  display_name=session.actor.display_name))
            intro.setObjectName("forced_intro")
            intro.setWordWrap(True)
            form.addRow(intro)
        self.old, self.new, self.again = QLineEdit(), QLineEdit(), QLineEdit()
        old_label = tr("Temporary or current password") if forced else tr("Current password")
        for name, label, edit in (("old_password", old_label, self.old), ("new_password", tr("New password"), self.new),
                                  ("new_password_again", tr("New password again"), self.again)):
            edit.setObjectName(name)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(label, edit)
        self.rules = QLabel()
        self.rules.setObjectName("password_rules")
        self.rules.setWordWrap(True)
        form.addRow(self.rules)
        self.new.textChanged.connect(self.show_rules)
        self.errors = error_label("password_errors")
        form.addRow(self.errors)
        # the core's rules are about the new password: marked there; the rules label under it says them already
        self.marks = FieldMarks(self, {"password": self.new}, under=False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Change password"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Log out") if forced else tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(420)

    def show_rules(self) -> None:
        """What the core would still object to in the new password, as it is typed (the reuse rule is checked
        on saving only: it costs a hash comparison per remembered password)."""
        problems = users.password_problems(self.session, self.new.text()) if self.new.text() else []
        self.rules.setText("\n".join("• " + p.text(language()) for p in problems))

    def save(self) -> bool:
        if self.new.text() != self.again.text():
            differ = tr("The two new passwords differ.")
            self.marks.show([Problem(differ, differ, "new_password_again")])
            self.errors.setText(differ)
            return False
        try:
            users.change_password(self.session, self.old.text(), self.new.text())
        except DomainError as exc:
            show_refusal(self.marks, exc, self.errors)
            return False
        self.marks.clear()
        self.accept()
        return True


def change_password_now(session: Session, parent=None) -> bool:
    """After a login: when the password must change, the forced dialog at once. False when the user cancels
    (the caller quits, or stays locked)."""
    if not users.must_change_password(session):
        return True
    return PasswordDialog(session, parent, forced=True).exec() == QDialog.DialogCode.Accepted
