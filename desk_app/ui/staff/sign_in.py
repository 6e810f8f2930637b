"""The staff sign-in dialog: username, password, one vague error, the wait shown on backoff.

The check itself (argon2id, backoff, audit) is core's `staff.authenticate`, run off
the GUI thread through the op runner: a hash takes about a tenth of a second and
the window must not freeze. The dialog never says which half was wrong, because
core never tells it. Keyboard first: Enter signs in, Esc cancels.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.staff import accounts as core_staff
from desk_app.core.messages import DeskError
from desk_app.core.staff.permissions import Actor
from desk_app.settings import Settings
from desk_app.ui.i18n import tr_core
from desk_app.ui.ops import OpRunner

log = logging.getLogger(__name__)

Authenticate = Callable[[str, str], Actor]


def failure_text(error: BaseException) -> str:
    """What to show for a failed sign-in, unlock or reveal: core's own message, else a plain apology."""
    if isinstance(error, DeskError):
        return tr_core(error)
    log.error("a staff check failed: %s", type(error).__name__)
    return QCoreApplication.translate("SignInDialog", "This is not possible right now. Please ask a technician.")


def retry_after(error: BaseException) -> int:
    return int(getattr(error, "retry_after", 0) or 0)


class CredentialGate(QObject):
    """What the sign-in dialog and the lock screen share: busy state, the vague error, the backoff wait.

    During a backoff the button stays disabled and counts the seconds down; core
    refuses anyway until its own stored wait is over, this only saves a pointless try.
    """

    def __init__(self, username: QLineEdit, password: QLineEdit, button: QPushButton, error: QLabel,
                 parent: QObject) -> None:
        super().__init__(parent)
        self.username, self.password, self.button, self.error = username, password, button, error
        self._idle_text = button.text()
        self._left = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        for field in (username, password):
            field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        password.setEchoMode(QLineEdit.EchoMode.Password)

    def busy(self) -> bool:
        return not self.password.isEnabled()

    def blocked(self) -> bool:
        """True while a check runs or the backoff wait lasts: a submit now does nothing."""
        return self.busy() or self._timer.isActive()

    def set_busy(self, busy: bool) -> None:
        for field in (self.username, self.password):
            field.setEnabled(not busy)
        if not self._timer.isActive():
            self.button.setEnabled(not busy)

    def failed(self, error: BaseException) -> None:
        """Show core's refusal (never which half was wrong), start the wait it asks for, refocus."""
        self.set_busy(False)
        self.password.clear()
        self.error.setText(failure_text(error))
        wait = retry_after(error)
        if wait > 0:
            self._left = wait
            self._show_wait()
            self._timer.start()
        self.password.setFocus()

    def finish_wait(self) -> None:
        """End the wait now (the countdown ran out, or a test skips ahead)."""
        self._timer.stop()
        self._left = 0
        self.button.setEnabled(True)
        self.button.setText(self._idle_text)

    def _show_wait(self) -> None:
        self.button.setEnabled(False)
        self.button.setText(QCoreApplication.translate("CredentialGate", "Wait {seconds} s")
                            .format(seconds=self._left))

    def _tick(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self.finish_wait()
        else:
            self._show_wait()


class SignInDialog(QDialog):
    """Asks for a username and password; `actor()` is the signed-in staff member once accepted."""

    def __init__(self, authenticate: Authenticate, *, runner: OpRunner,
                 parent: QWidget | None = None, username: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("LibDesk: staff sign-in"))
        self._authenticate = authenticate
        self._runner = runner
        self._actor: Actor | None = None

        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.username.setAccessibleName(self.tr("Username"))
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setAccessibleName(self.tr("Password"))
        self.error = QLabel()
        self.error.setObjectName("signInError")
        self.error.setAccessibleName(self.tr("Sign-in message"))
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.submit_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.submit_button.setObjectName("signInButton")
        self.submit_button.setText(self.tr("Sign in"))
        self.submit_button.setAccessibleName(self.tr("Sign in"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("&Username"), self.username)
        form.addRow(self.tr("&Password"), self.password)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.gate = CredentialGate(self.username, self.password, self.submit_button, self.error, self)
        (self.password if username else self.username).setFocus()

    def actor(self) -> Actor | None:
        return self._actor

    def busy(self) -> bool:
        return self.gate.busy()

    def submit(self) -> None:
        """Check the credentials off the GUI thread; Enter anywhere in the dialog lands here."""
        if self.gate.blocked():
            return
        name, password = self.username.text().strip(), self.password.text()
        if not name:
            self.username.setFocus()
            return
        self.gate.set_busy(True)
        self._runner.run(self._authenticate, name, password, label="sign_in",
                         on_success=self._signed_in, on_failure=self.gate.failed)

    def _signed_in(self, actor: Actor) -> None:
        self._actor = actor
        self.password.clear()
        self.gate.set_busy(False)
        self.accept()

    def done(self, result: int) -> None:  # noqa: D102 - Qt's name
        self.password.clear()
        super().done(result)


def authenticator(session_factory: sessionmaker[Session], branch_code: str | None = None,
                  purpose: str = "sign_in") -> Authenticate:
    """The core call behind the dialog (runs on the worker thread)."""
    def check(username: str, password: str) -> Actor:
        branch_id = core_staff.branch_id_for_code(session_factory, branch_code)
        return core_staff.authenticate(session_factory, username, password, branch_id=branch_id, purpose=purpose)

    return check


def sign_in(session_factory: sessionmaker[Session], settings: Settings, runner: OpRunner,
            parent: QWidget | None = None) -> Actor | None:
    """Show the dialog modally at start-up (the check runs on the desk's op runner); None if cancelled."""
    if not core_staff.has_staff(session_factory):
        box = QMessageBox(QMessageBox.Icon.Information, "LibDesk", QCoreApplication.translate(
            "SignInDialog",
            "There are no staff accounts yet. An administrator creates the first one with:\n"
            "python main.py staff add USERNAME --role administrator --name NAME"), parent=parent)
        box.exec()
        return None
    dialog = SignInDialog(authenticator(session_factory, settings.get("desk", "branch_code") or None),
                          runner=runner, parent=parent)
    dialog.exec()
    return dialog.actor()
