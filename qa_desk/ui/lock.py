"""Auto-lock after idle time: the same user unlocks with the password (the core's check: a wrong one counts
towards the lockout); another user logging in replaces (logs out) the first. Locking, unlocking and the
takeover are in the audit trail with the user; locking seals what the login wrote (``Session.flush_seal``), and a
takeover logs the first user out, which seals too."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from qa_desk.core import users
from qa_desk.core.errors import DomainError
from qa_desk.core.session import SYSTEM, Session
from qa_desk.ui.i18n import language, tr
from qa_desk.ui.password_dialog import change_password_now
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
    """Shown over the locked window (making it is locking: recorded at once). ``session`` is the (possibly
    different) user who unlocked it."""

    def __init__(self, current: Session, parent=None) -> None:
        super().__init__(parent)
        self.current = current
        self.session: Session | None = None
        users.screen_locked(current)
        current.flush_seal()  # what the login wrote is sealed while the workstation stands locked
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

    def same_user(self) -> bool:
        return self.user.text().strip().lower() == self.current.actor.username.lower()

    def try_unlock(self) -> None:
        try:
            session = self._unlock() if self.same_user() else self._take_over()
        except DomainError as exc:
            self.error.setText(exc.message(language()))
            self.password.clear()
            self.password.setFocus()
            return
        if session is not None:
            self.session = session
            self.accept()

    def _unlock(self) -> Session:
        users.screen_unlock(self.current, self.password.text())
        return self.current

    def _take_over(self) -> Session | None:
        """Another user logs in (with a forced password change if theirs is temporary); the main window then
        logs the first one out (MainWindow.switch_user)."""
        other = users.login(self.current.as_user(SYSTEM), self.user.text(), self.password.text())
        if not change_password_now(other, self):
            users.logout(other)
            self.password.clear()
            return None
        return other

    def reject(self) -> None:  # Escape does not unlock
        return

