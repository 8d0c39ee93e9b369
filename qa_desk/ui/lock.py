"""Auto-lock after idle time: the same user unlocks with the password; another user logging in replaces
(logs out) the first."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from qa_desk.core import users
from qa_desk.core.errors import DomainError
from qa_desk.core.session import Session
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.widgets import error_label

ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}


class IdleWatcher(QObject):
    """Installed on the application: any key or mouse activity restarts the idle timer."""

    idle = Signal()

    def __init__(self, minutes: int, parent=None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self, singleShot=True)
        self.timer.setInterval(max(1, minutes) * 60_000)
        self.timer.timeout.connect(self.idle)
        self.timer.start()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() in ACTIVITY:
            self.timer.start()
        return False


class LockDialog(QDialog):
    """Shown over the locked window. ``session`` is the (possibly different) user who unlocked it."""

    def __init__(self, current: Session, parent=None) -> None:
        super().__init__(parent)
        self.current = current
        self.session: Session | None = None
        self.setWindowTitle(tr("Locked"))
        self.setModal(True)
        self.user = QLineEdit(current.actor.username)
        self.user.setObjectName("lock_user")
        self.password = QLineEdit()
        self.password.setObjectName("lock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label("lock_error")
        form = QFormLayout()
        form.addRow(tr("User name"), self.user)
        form.addRow(tr("Password"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Unlock"))
        buttons.accepted.connect(self.try_unlock)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("QA Desk locked itself after idle time ({display_name}). Enter the password "
                                   "to unlock, or log in as another user (this user is logged out).").format(
                                       display_name=current.actor.display_name)))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def try_unlock(self) -> None:
        try:
            self.session = users.login(self.current, self.user.text(), self.password.text())
        except DomainError as exc:
            self.error.setText(exc.message(language()))
            self.password.clear()
            return
        self.accept()

    def reject(self) -> None:  # Escape does not unlock
        return
