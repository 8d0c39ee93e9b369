"""Change one's own password (old one first; the core checks length and counts a wrong old password towards the
lockout like any other)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit

from qa_desk.core import users
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui.i18n import tr
from qa_desk.ui.widgets import error_label, error_text


class PasswordDialog(QDialog):
    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(tr("Change password"))
        form = QFormLayout(self)
        self.old, self.new, self.again = QLineEdit(), QLineEdit(), QLineEdit()
        for label, edit in ((tr("Current password"), self.old), (tr("New password"), self.new),
                            (tr("New password again"), self.again)):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(label, edit)
        self.errors = error_label("password_errors")
        form.addRow(self.errors)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> bool:
        if self.new.text() != self.again.text():
            self.errors.setText(tr("The two new passwords differ."))
            return False
        try:
            users.change_password(self.session, self.old.text(), self.new.text())
        except DomainError as exc:
            self.errors.setText(error_text(exc))
            return False
        self.accept()
        return True
