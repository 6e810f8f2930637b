"""The sign-in dialog, driven by the keyboard, against core on a real SQLite file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desk_app.core.staff.permissions import system_actor
from desk_app.core.staff.accounts import create_staff, disable_staff
from desk_app.store.models import StaffRole
from desk_app.ui.staff.sign_in import SignInDialog, authenticator
from tests import secrets_registry

PASSWORD = secrets_registry.register("Counter-Pass-2026!", "staff password")


@pytest.fixture
def dialog(qtbot, session_factory, runner):
    create_staff(session_factory, system_actor(0), "chen", "陳怡君", StaffRole.CARD_STAFF, PASSWORD)
    dlg = SignInDialog(authenticator(session_factory), runner=runner)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def type_in(qtbot, dlg: SignInDialog, username: str, password: str) -> None:
    """As a librarian would: name, Tab, password, Enter."""
    dlg.username.setFocus()
    dlg.username.clear()
    qtbot.keyClicks(dlg.username, username)
    qtbot.keyClick(dlg.username, Qt.Key.Key_Tab)
    assert dlg.password.hasFocus()
    qtbot.keyClicks(dlg.password, password)
    qtbot.keyClick(dlg.password, Qt.Key.Key_Return)


def wait_answer(qtbot, dlg: SignInDialog) -> None:
    qtbot.waitUntil(lambda: not dlg.busy() and (dlg.error.text() != "" or dlg.result() != 0), timeout=10_000)


def test_keyboard_sign_in_returns_the_staff_member(qtbot, dialog) -> None:
    assert dialog.username.hasFocus() and dialog.password.echoMode() == dialog.password.EchoMode.Password
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        type_in(qtbot, dialog, "chen", PASSWORD)
    actor = dialog.actor()
    assert actor is not None and (actor.username, actor.role) == ("chen", StaffRole.CARD_STAFF)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.password.text() == ""  # the password does not linger in the widget


def test_wrong_user_and_wrong_password_read_the_same(qtbot, dialog) -> None:
    type_in(qtbot, dialog, "chen", "not-my-password")
    wait_answer(qtbot, dialog)
    wrong_password = dialog.error.text()
    dialog.error.clear()
    type_in(qtbot, dialog, "nobody-here", PASSWORD)
    wait_answer(qtbot, dialog)
    assert dialog.error.text() == wrong_password == "The username or password is incorrect."
    assert dialog.actor() is None and dialog.isVisible()
    assert dialog.password.text() == "" and dialog.password.hasFocus()


def test_backoff_shows_the_wait_and_blocks_the_button(qtbot, dialog) -> None:
    for _ in range(3):
        dialog.error.clear()
        type_in(qtbot, dialog, "chen", "not-my-password")
        wait_answer(qtbot, dialog)
    assert "wait 5 seconds" in dialog.error.text()
    assert not dialog.submit_button.isEnabled() and dialog.submit_button.text() == "Wait 5 s"
    # Enter during the wait does nothing, not even with the right password.
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not dialog.busy() and dialog.actor() is None
    # When the countdown ends (skipped here), the button comes back; core still refuses until its
    # own stored wait is over, and says how long.
    dialog.gate.finish_wait()
    assert dialog.submit_button.isEnabled() and dialog.submit_button.text() == "Sign in"
    dialog.error.clear()
    type_in(qtbot, dialog, "chen", PASSWORD)
    wait_answer(qtbot, dialog)
    assert dialog.error.text().startswith("Too many failed sign-ins. Please wait")
    assert dialog.actor() is None


def test_a_disabled_account_cannot_sign_in(qtbot, dialog, session_factory) -> None:
    create_staff(session_factory, system_actor(0), "boss", "主任", StaffRole.ADMINISTRATOR, PASSWORD)
    disable_staff(session_factory, system_actor(0), "chen")
    type_in(qtbot, dialog, "chen", PASSWORD)
    wait_answer(qtbot, dialog)
    assert "disabled" in dialog.error.text() and dialog.actor() is None


def test_escape_cancels(qtbot, dialog) -> None:
    with qtbot.waitSignal(dialog.rejected, timeout=5_000):
        qtbot.keyClick(dialog.username, Qt.Key.Key_Escape)
    assert dialog.actor() is None
