"""Privacy on the real desk window: reveal next to the masked ID, hidden on lock and on another patron; taps
on a locked desk do nothing; a group card is named."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.patrons.ids import mask_id
from desk_app.core.staff.permissions import Actor, system_actor
from desk_app.core.staff.accounts import authenticate, create_staff
from desk_app.settings import Settings
from desk_app.store.models import AuditEntry, PatronKind, StaffRole
from desk_app.ui import desk_hooks
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.devices.settings import DeviceSettings
from tests import factories, secrets_registry
from tests.ui.desk_counter import Counter, make_counter

SUPERVISOR_PASSWORD = secrets_registry.register("Sup-Reveal-Pass-271", "staff password")
LIBRARIAN_PASSWORD = secrets_registry.register("Lib-Reveal-Pass-828", "staff password")


@pytest.fixture
def supervisor_desk(qtbot: QtBot, session_factory: sessionmaker[Session], world: factories.World) -> Iterator[Counter]:
    yield from make_counter(qtbot, session_factory, world, role=StaffRole.SUPERVISOR)


def staff(c: Counter, username: str, role: StaffRole, password: str) -> Actor:
    create_staff(c.sessions, system_actor(c.world.main.id), username, username, role, password)
    return authenticate(c.sessions, username, password)


def identify(c: Counter, card_number: str) -> None:
    c.scan(c.window.patron_scan, card_number)
    c.settle()


def reveals(c: Counter) -> list[tuple[str, str]]:
    with c.sessions() as s:
        return [(e.staff_username, json.loads(e.detail)["masked_id"]) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action == "national_id_revealed").order_by(AuditEntry.id))]


def lock_and_unlock(c: Counter, password: str, username: str = "") -> None:
    lock = c.window.lock_screen
    with c.qtbot.waitSignal(lock.lockedChanged, timeout=5_000):
        c.qtbot.keyClick(c.window.item_scan, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    if username:
        lock.username.setText(username)
    lock.password.setFocus()
    c.qtbot.keyClicks(lock.password, password)
    with c.qtbot.waitSignal(lock.lockedChanged, timeout=10_000):
        c.qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    c.settle()


def test_a_supervisor_reveals_the_id_beside_the_mask_audited_and_the_lock_hides_it(
        supervisor_desk: Counter, tmp_path: Path) -> None:
    c, w, adult = supervisor_desk, supervisor_desk.window, supervisor_desk.world.adult
    staff(c, "sup1", StaffRole.SUPERVISOR, SUPERVISOR_PASSWORD)
    desk_hooks.install_lock(w, c.sessions, authenticate(c.sessions, "sup1", SUPERVISOR_PASSWORD),
                            Settings(tmp_path / "settings.json"))
    field = desk_hooks.install_reveal(w, hide_after_ms=60_000)
    identify(c, c.world.adult_card.card_number)
    masked = mask_id(adult.national_id)
    assert field.value.text() == masked and field.button.isVisible() and field.button.isEnabled()
    assert field.parent() is w.patron_panel  # in the patron panel, on the ID row

    with c.qtbot.waitSignal(field.revealed, timeout=10_000):
        c.qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)
    assert field.value.text() == adult.national_id
    assert reveals(c) == [("desk1", masked)]
    c.scan(w.item_scan, c.world.items[0].barcode)  # the same patron, one more loan: still shown
    c.settle()
    assert field.value.text() == adult.national_id

    lock_and_unlock(c, SUPERVISOR_PASSWORD)
    assert field.value.text() == masked  # hidden by the lock, and it stays hidden after it
    assert not field.is_revealed()


def test_another_patron_hides_a_revealed_id_at_once(supervisor_desk: Counter) -> None:
    c = supervisor_desk
    with c.sessions() as s:
        other = factories.patron(s, name="林志明")
        other_card = factories.card(s, other)
        s.commit()
    field = desk_hooks.install_reveal(c.window, hide_after_ms=60_000)
    identify(c, c.world.adult_card.card_number)
    with c.qtbot.waitSignal(field.revealed, timeout=10_000):
        c.qtbot.keyClick(c.window.item_scan, Qt.Key.Key_I,
                         Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert field.value.text() == c.world.adult.national_id
    identify(c, other_card.card_number)
    assert field.value.text() == mask_id(other.national_id)
    assert c.world.adult.national_id not in field.value.text()


def test_a_librarian_sees_only_the_mask_until_a_supervisor_signs_in_at_the_lock(
        counter: Counter, tmp_path: Path) -> None:
    c, w = counter, counter.window
    librarian = staff(c, "lib1", StaffRole.LIBRARIAN, LIBRARIAN_PASSWORD)
    staff(c, "sup2", StaffRole.SUPERVISOR, SUPERVISOR_PASSWORD)
    field = desk_hooks.install_reveal(w, hide_after_ms=60_000)  # before the lock: linked either way
    desk_hooks.install_lock(w, c.sessions, librarian, Settings(tmp_path / "settings.json"))
    identify(c, c.world.adult_card.card_number)
    assert field.value.text() == mask_id(c.world.adult.national_id)
    assert not field.button.isVisible()

    lock_and_unlock(c, SUPERVISOR_PASSWORD, username="sup2")  # another staff member signs in
    identify(c, c.world.adult_card.card_number)
    assert field.button.isVisible()
    with c.qtbot.waitSignal(field.revealed, timeout=10_000):
        c.qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)
    assert reveals(c) == [("sup2", mask_id(c.world.adult.national_id))]  # as who was signed in then


def test_a_card_tapped_on_a_locked_desk_identifies_nobody(counter: Counter, tmp_path: Path) -> None:
    c, w = counter, counter.window
    with c.sessions() as s:
        rider = factories.patron(s, name="李悠遊")
        factories.binding(s, factories.card(s, rider), "04A22B91")
        s.commit()
    desk_hooks.install_lock(w, c.sessions, factories.actor(c.world.main), Settings(tmp_path / "settings.json"))
    bridge = DeviceBridge(DeviceSettings(), parent=w)
    desk_hooks.install_devices(w, bridge, Settings(tmp_path / "settings.json"), factories.actor(c.world.main))
    w.lock()
    assert w.is_locked()
    bridge.studentCardRead.emit("04A22B91", "", "")  # an EasyCard on the reader, behind the lock
    c.settle()
    assert w.controller.patron() is None and w.patron_panel.patron() is None
    with c.sessions() as s:
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == "identify_patron")) is None


def test_a_group_card_is_named_in_the_patron_panel(counter: Counter) -> None:
    with counter.sessions() as s:
        teacher = factories.patron(s, name="王老師", kind=PatronKind.GROUP.value)
        group_card = factories.card(s, teacher)
        s.commit()
    identify(counter, group_card.card_number)
    assert counter.window.patron_panel.kind.text() == "Group card"
