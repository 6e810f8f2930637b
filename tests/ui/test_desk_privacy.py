"""Privacy on the real desk window: reveal next to the masked ID, hidden on lock and on another patron; taps
on a locked desk do nothing; a group card is named."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.patrons.ids import mask_id
from desk_app.core.staff.permissions import Actor, system_actor
from desk_app.core.staff.accounts import authenticate, create_staff
from desk_app.settings import Settings
from desk_app.store.models import AuditEntry, PatronKind, StaffRole
from desk_app.ui.assembly import lock_part
from desk_app.ui.desk.parts import DevicesPart, RevealPart
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.devices.settings import DeviceSettings
from tests import factories, secrets_registry
from tests.ui.desk_counter import Counter

SUPERVISOR_PASSWORD = secrets_registry.register("Sup-Reveal-Pass-271", "staff password")
LIBRARIAN_PASSWORD = secrets_registry.register("Lib-Reveal-Pass-828", "staff password")


def staff(sessions: sessionmaker[Session], world: factories.World, username: str, role: StaffRole,
          password: str) -> Actor:
    create_staff(sessions, system_actor(world.main.id), username, username, role, password)
    return authenticate(sessions, username, password)


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
        desk_with, session_factory, world, tmp_path: Path) -> None:
    supervisor = staff(session_factory, world, "sup1", StaffRole.SUPERVISOR, SUPERVISOR_PASSWORD)
    c = desk_with(role=StaffRole.SUPERVISOR, lock=lock_part(session_factory, supervisor,
                                                             Settings(tmp_path / "settings.json")),
                  reveal=RevealPart(hide_after_ms=60_000))
    w, adult = c.window, c.world.adult
    field = w.reveal
    assert field is not None
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


def test_another_patron_hides_a_revealed_id_at_once(desk_with) -> None:
    c = desk_with(role=StaffRole.SUPERVISOR, reveal=RevealPart(hide_after_ms=60_000))
    with c.sessions() as s:
        other = factories.patron(s, name="林志明")
        other_card = factories.card(s, other)
        s.commit()
    field = c.window.reveal
    assert field is not None
    identify(c, c.world.adult_card.card_number)
    with c.qtbot.waitSignal(field.revealed, timeout=10_000):
        c.qtbot.keyClick(c.window.item_scan, Qt.Key.Key_I,
                         Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert field.value.text() == c.world.adult.national_id
    identify(c, other_card.card_number)
    assert field.value.text() == mask_id(other.national_id)
    assert c.world.adult.national_id not in field.value.text()


def test_a_librarian_sees_only_the_mask_until_a_supervisor_signs_in_at_the_lock(
        desk_with, session_factory, world, tmp_path: Path) -> None:
    librarian = staff(session_factory, world, "lib1", StaffRole.LIBRARIAN, LIBRARIAN_PASSWORD)
    staff(session_factory, world, "sup2", StaffRole.SUPERVISOR, SUPERVISOR_PASSWORD)
    c = desk_with(reveal=RevealPart(hide_after_ms=60_000),
                  lock=lock_part(session_factory, librarian, Settings(tmp_path / "settings.json")))
    w = c.window
    field = w.reveal
    assert field is not None
    identify(c, c.world.adult_card.card_number)
    assert field.value.text() == mask_id(c.world.adult.national_id)
    assert not field.button.isVisible()

    lock_and_unlock(c, SUPERVISOR_PASSWORD, username="sup2")  # another staff member signs in
    identify(c, c.world.adult_card.card_number)
    assert field.button.isVisible()
    with c.qtbot.waitSignal(field.revealed, timeout=10_000):
        c.qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)
    assert reveals(c) == [("sup2", mask_id(c.world.adult.national_id))]  # as who was signed in then


def test_a_card_tapped_on_a_locked_desk_identifies_nobody(desk_with, session_factory, world,
                                                          tmp_path: Path) -> None:
    bridge = DeviceBridge(DeviceSettings())
    c = desk_with(lock=lock_part(session_factory, factories.actor(world.main), Settings(tmp_path / "settings.json")),
                  devices=DevicesPart(bridge, Settings(tmp_path / "settings.json")))
    w = c.window
    with c.sessions() as s:
        rider = factories.patron(s, name="李悠遊")
        factories.binding(s, factories.card(s, rider), "04A22B91")
        s.commit()
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
