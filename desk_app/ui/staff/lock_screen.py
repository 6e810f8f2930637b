"""The lock screen: a desk left alone hides patron data until staff sign in again.

It locks after a configurable idle time (settings "desk"/"idle_lock_minutes", 0 =
never) and on Ctrl+L. While locked, an opaque overlay covers the window, the
widgets that show patron data are hidden, the window's actions are disabled and
its text fields emit nothing (so a wedge scan cannot lend a book behind the lock).
Dialogs open over the window are hidden too (one run with exec() ends as
cancelled). The signed-in staff member unlocks with their password, or another staff member
signs in (`actorChanged`); the check is core's `authenticate`, with its backoff.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.core.staff.permissions import Actor
from desk_app.settings import Settings
from desk_app.ui.ops import OpRunner
from desk_app.ui.staff.sign_in import Authenticate, CredentialGate

ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    """An application-wide event filter: `idle` fires after `timeout_ms` without a key or the mouse."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_timeout_ms(timeout_ms)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """0 turns idle locking off."""
        self._timeout = max(0, int(timeout_ms))
        self.restart()

    def restart(self) -> None:
        if self._timeout:
            self._timer.start(self._timeout)
        else:
            self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in ACTIVITY and self._timeout:
            self._timer.start(self._timeout)
        return False

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._timer.stop()


class LockScreen(QFrame):
    """An opaque overlay over `host`; `lock()` hides `protected`, a password unlocks it."""

    lockedChanged = Signal(bool)
    actorChanged = Signal(object)  # another staff member signed in at the lock screen

    def __init__(self, host: QWidget, verify: Authenticate, actor: Actor, *, runner: OpRunner,
                 protected: Sequence[QWidget] = (), idle_ms: int = 5 * 60_000,
                 shortcut: bool = True, staff_name: str = "") -> None:
        super().__init__(host)
        self.setObjectName("lockScreen")
        self.setAccessibleName(self.tr("Desk locked"))
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lockScreen { background: #20303a; } #lockScreen QLabel { color: white; }")
        self._host = host
        self._verify = verify
        self._actor = actor
        self._staff_name = staff_name or actor.username
        self._protected = list(protected)
        self._restore: list[tuple[QObject, bool]] = []
        self._texts: dict[QLineEdit, str] = {}
        self._locked = False
        self._runner = runner

        self.title = QLabel(self.tr("LibDesk is locked"))
        self.title.setObjectName("lockTitle")
        self.title.setStyleSheet("font-size: 24pt; font-weight: bold;")
        self.who = QLabel()
        self.who.setObjectName("lockWho")
        self.username = QLineEdit()
        self.username.setObjectName("lockUsername")
        self.username.setAccessibleName(self.tr("Username"))
        self.password = QLineEdit()
        self.password.setObjectName("lockPassword")
        self.password.setAccessibleName(self.tr("Password"))
        for field in (self.username, self.password):
            field.returnPressed.connect(self.submit)
        self.error = QLabel()
        self.error.setObjectName("lockError")
        self.error.setWordWrap(True)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setAccessibleName(self.tr("Unlock"))
        self.unlock_button.clicked.connect(self.submit)
        self.switch_button = QPushButton(self.tr("Another staff member (Alt+S)"))
        self.switch_button.setObjectName("switchStaffButton")
        self.switch_button.setAccessibleName(self.tr("Another staff member signs in"))
        self.switch_button.clicked.connect(self.switch_staff)
        self.switch_shortcut = QShortcut(QKeySequence("Alt+S"), self, self.switch_staff)
        self.switch_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        panel = QFrame(self)
        panel.setMaximumWidth(420)
        form = QFormLayout()
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Password"), self.password)
        inner = QVBoxLayout(panel)
        inner.addWidget(self.title)
        inner.addWidget(self.who)
        inner.addLayout(form)
        for part in (self.error, self.unlock_button, self.switch_button):
            inner.addWidget(part)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)

        self.gate = CredentialGate(self.username, self.password, self.unlock_button, self.error, self)
        self.idle = IdleWatcher(idle_ms, self)
        self.idle.idle.connect(self.lock)
        if shortcut:
            self.lock_shortcut = QShortcut(QKeySequence("Ctrl+L"), host, self.lock)
            self.lock_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        host.installEventFilter(self)
        self.hide()

    # ---- state -------------------------------------------------------------------------

    def is_locked(self) -> bool:
        return self._locked

    def actor(self) -> Actor:
        return self._actor

    def lock(self) -> None:
        """Hide patron data behind the overlay and wait for a password."""
        if self._locked:
            return
        self._locked = True
        self._restore = []
        for widget in self._protected:
            self._restore.append((widget, not widget.isHidden()))
            widget.hide()
        for action in self._host.findChildren(QAction):
            if self._owns(action):
                continue
            self._restore.append((action, action.isEnabled()))
            action.setEnabled(False)
        for dialog in self._host.findChildren(QDialog):
            if dialog.isVisible():  # a dialog over the window would show data and block the password field
                self._restore.append((dialog, True))
                dialog.hide()
        for field in self._host.findChildren(QLineEdit):
            if not self._owns(field):
                self._texts[field] = field.text()
                self._restore.append((field, field.signalsBlocked()))
                field.blockSignals(True)
                field.clear()
        self.who.setText(self.tr("Signed in: {name}. Enter your password to continue.")
                         .format(name=self._staff_name))
        self.username.setText(self._actor.username)
        self.password.clear()
        self.error.clear()
        self.setGeometry(self._host.rect())
        self.show()
        self.raise_()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)
        self.lockedChanged.emit(True)

    def _owns(self, obj: QObject | None) -> bool:
        """Whether `obj` is part of the lock screen itself (its fields must keep working)."""
        while obj is not None:
            if obj is self:
                return True
            obj = obj.parent()
        return False

    def _unlock(self, actor: Actor) -> None:
        changed = actor.staff_id != self._actor.staff_id or actor.username != self._actor.username
        self._actor = actor
        if changed:
            self._staff_name = actor.username
        self.password.clear()
        self.hide()
        for obj, state in reversed(self._restore):
            if isinstance(obj, QAction):
                obj.setEnabled(state)
            elif isinstance(obj, QLineEdit):
                obj.setText(self._texts.get(obj, ""))  # what was typed before the lock, not after
                obj.blockSignals(state)
            elif isinstance(obj, QWidget):
                obj.setVisible(state)
        self._restore = []
        self._texts.clear()
        self._locked = False
        self.idle.restart()
        if changed:
            self.actorChanged.emit(actor)
        self.lockedChanged.emit(False)

    # ---- unlocking ---------------------------------------------------------------------

    def switch_staff(self) -> None:
        self.username.clear()
        self.password.clear()
        self.username.setFocus()

    def submit(self) -> None:
        if not self._locked or self.gate.blocked():
            return
        name = self.username.text().strip() or self._actor.username
        password = self.password.text()
        self.password.clear()
        self.gate.set_busy(True)
        self._runner.run(self._verify, name, password, label="unlock",
                         on_success=self._verified, on_failure=self.gate.failed)

    def _verified(self, actor: Actor) -> None:
        self.gate.set_busy(False)
        self._unlock(actor)

    # ---- geometry ----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._host and event.type() == QEvent.Type.Resize and self._locked:
            self.setGeometry(self._host.rect())
        return False


def idle_ms_from(settings: Settings) -> int:
    """Settings "desk"/"idle_lock_minutes" in milliseconds; 0 (or nonsense) means never."""
    try:
        minutes = float(settings.get("desk", "idle_lock_minutes", 5) or 0)
    except (TypeError, ValueError):
        minutes = 0
    return int(max(0.0, minutes) * 60_000)
