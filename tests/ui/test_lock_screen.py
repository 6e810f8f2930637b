"""The lock screen over a desk-like window: Ctrl+L and idle lock, patron data hidden, password unlocks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QMainWindow, QVBoxLayout, QWidget

from desk_app.core.staff.permissions import system_actor
from desk_app.core.staff.accounts import authenticate, create_staff
from desk_app.settings import Settings
from desk_app.store.models import StaffRole
from desk_app.ui.assembly import lock_part
from desk_app.ui.staff.lock_screen import LockScreen, idle_ms_from
from desk_app.ui.staff.sign_in import authenticator
from tests import secrets_registry

PASSWORD = secrets_registry.register("Lock-Test-Pass-88", "staff password")
OTHER_PASSWORD = secrets_registry.register("Other-Lock-Pass-99", "staff password")


class FakeDesk(QMainWindow):
    """A window shaped like the desk: patron data in the central widget, a scan field, an F2 action."""

    def __init__(self) -> None:
        super().__init__()
        central = QWidget()
        self.patron = QLabel("王小明  A12*****89")
        self.scan = QLineEdit()
        self.scanned: list[str] = []
        self.scan.returnPressed.connect(lambda: self.scanned.append(self.scan.text()))
        layout = QVBoxLayout(central)
        layout.addWidget(self.patron)
        layout.addWidget(self.scan)
        self.setCentralWidget(central)
        self.check_out = QAction("Check out", self)
        self.check_out.setShortcut("F2")
        self.addAction(self.check_out)
        self.resize(800, 600)


@pytest.fixture
def staff(session_factory):
    create_staff(session_factory, system_actor(0), "mei", "林美", StaffRole.LIBRARIAN, PASSWORD)
    create_staff(session_factory, system_actor(0), "lin", "林主任", StaffRole.SUPERVISOR, OTHER_PASSWORD)
    return authenticate(session_factory, "mei", PASSWORD)


def make(qtbot, session_factory, actor, runner, idle_ms: int = 0) -> tuple[FakeDesk, LockScreen]:
    window = FakeDesk()
    qtbot.addWidget(window)
    lock = LockScreen(window, authenticator(session_factory, purpose="unlock"), actor, runner=runner,
                      protected=[window.centralWidget()], idle_ms=idle_ms, staff_name="林美")
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.scan.setFocus()
    return window, lock


def unlock_with(qtbot, lock: LockScreen, password: str, username: str | None = None) -> None:
    if username is not None:
        lock.username.clear()
        qtbot.keyClicks(lock.username, username)
    lock.password.setFocus()
    qtbot.keyClicks(lock.password, password)
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)


def test_ctrl_l_locks_and_hides_patron_data(qtbot, session_factory, staff, runner) -> None:
    window, lock = make(qtbot, session_factory, staff, runner)
    assert window.patron.isVisible() and not lock.isVisible()
    with qtbot.waitSignal(lock.lockedChanged, timeout=5_000):
        qtbot.keyClick(window.scan, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert lock.is_locked() and lock.isVisible()
    assert not window.patron.isVisible()  # the patron's name and ID are gone from the screen
    assert lock.geometry() == window.rect()
    assert lock.password.hasFocus() and lock.username.text() == "mei"
    assert "林美" in lock.who.text()
    assert not window.check_out.isEnabled()  # F2 and friends do nothing while locked


def test_wrong_password_keeps_it_locked_right_one_unlocks(qtbot, session_factory, staff, runner) -> None:
    window, lock = make(qtbot, session_factory, staff, runner)
    lock.lock()
    unlock_with(qtbot, lock, "not-my-password")
    qtbot.waitUntil(lambda: lock.error.text() != "", timeout=10_000)
    assert lock.error.text() == "The username or password is incorrect."
    assert lock.is_locked() and not window.patron.isVisible() and lock.password.text() == ""
    with qtbot.waitSignal(lock.lockedChanged, timeout=10_000) as unlocked:
        unlock_with(qtbot, lock, PASSWORD)
    assert unlocked.args == [False]
    assert not lock.is_locked() and not lock.isVisible()
    assert window.patron.isVisible() and window.check_out.isEnabled()
    assert lock.actor().username == "mei"


def test_idle_time_locks_the_desk(qtbot, session_factory, staff, runner) -> None:
    window, lock = make(qtbot, session_factory, staff, runner, idle_ms=300)
    qtbot.waitUntil(lock.is_locked, timeout=10_000)
    assert not window.patron.isVisible()


def test_a_scan_behind_the_lock_does_nothing(qtbot, session_factory, staff, runner) -> None:
    window, lock = make(qtbot, session_factory, staff, runner)
    lock.lock()
    window.scan.setText("31234567890128")
    window.scan.returnPressed.emit()  # what a wedge burst ending in Enter would trigger
    assert window.scanned == []
    with qtbot.waitSignal(lock.lockedChanged, timeout=10_000):
        unlock_with(qtbot, lock, PASSWORD)
    qtbot.keyClicks(window.scan, "31234567890128")
    qtbot.keyClick(window.scan, Qt.Key.Key_Return)
    assert window.scanned == ["31234567890128"]


def test_a_dialog_over_the_window_is_hidden_too(qtbot, session_factory, staff, runner) -> None:
    window, lock = make(qtbot, session_factory, staff, runner)
    dialog = QDialog(window)
    QVBoxLayout(dialog).addWidget(QLabel("李大華 0912-345-678"))
    dialog.open()
    qtbot.waitExposed(dialog)
    lock.lock()
    assert not dialog.isVisible() and lock.password.hasFocus()
    with qtbot.waitSignal(lock.lockedChanged, timeout=10_000):
        unlock_with(qtbot, lock, PASSWORD)
    assert dialog.isVisible()


def test_another_staff_member_can_sign_in_at_the_lock(qtbot, session_factory, staff, runner) -> None:
    window, lock = make(qtbot, session_factory, staff, runner)
    lock.lock()
    qtbot.keyClick(lock.password, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert lock.username.text() == "" and lock.username.hasFocus()
    with qtbot.waitSignal(lock.actorChanged, timeout=10_000) as changed:
        unlock_with(qtbot, lock, OTHER_PASSWORD, username="lin")
    assert changed.args[0].username == "lin" and changed.args[0].role == StaffRole.SUPERVISOR
    assert not lock.is_locked() and lock.actor().username == "lin"


def test_the_desks_lock_reads_the_idle_setting(qtbot, session_factory, staff, runner, tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    assert idle_ms_from(settings) == 5 * 60_000  # the default: five minutes
    settings.update("desk", {"idle_lock_minutes": 0})
    assert idle_ms_from(settings) == 0
    settings.update("desk", {"idle_lock_minutes": 0.005})  # 300 ms
    part = lock_part(session_factory, staff, settings)  # what the assembly gives the desk window
    assert part.idle_ms == 300 and part.actor == staff
    window = FakeDesk()
    qtbot.addWidget(window)
    lock = LockScreen(window, part.verify, part.actor, runner=runner, protected=[window.centralWidget()],
                      idle_ms=part.idle_ms)
    window.show()
    qtbot.waitUntil(lock.is_locked, timeout=10_000)
    assert not window.patron.isVisible()
