"""The lock on the real desk window: Ctrl+L hides the patron, scans behind the lock lend nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desk_app.core.staff.permissions import system_actor
from desk_app.core.staff.accounts import authenticate, create_staff
from desk_app.settings import Settings
from desk_app.store.models import StaffRole
from desk_app.ui.assembly import lock_part
from tests import secrets_registry

PASSWORD = secrets_registry.register("Desk-Lock-Pass-314", "staff password")


def test_ctrl_l_on_the_desk_hides_the_patron_and_blocks_scans(desk_with, session_factory, world,
                                                             tmp_path: Path) -> None:
    create_staff(session_factory, system_actor(world.main.id), "desk1", "林雅婷", StaffRole.LIBRARIAN, PASSWORD)
    actor = authenticate(session_factory, "desk1", PASSWORD)
    counter = desk_with(lock=lock_part(session_factory, actor, Settings(tmp_path / "settings.json"),
                                       staff_name="林雅婷"))
    w = counter.window
    lock = w.lock_screen
    assert lock is not None
    counter.scan(w.patron_scan, counter.world.adult_card.card_number)
    counter.settle()
    assert w.patron_panel.name.text() == "陳美玲" and w.patron_panel.isVisible()

    with counter.qtbot.waitSignal(lock.lockedChanged, timeout=5_000):
        counter.qtbot.keyClick(w.item_scan, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert lock.is_locked() and lock.isVisible()
    assert not w.patron_panel.isVisible()  # name, masked ID and loans are off the screen
    barcode = counter.world.items[0].barcode
    w.route_scan(barcode)  # a wedge or serial scan arriving while the desk is locked
    counter.settle()
    assert counter.open_loans(counter.world.adult.id) == []

    lock.password.setFocus()
    counter.qtbot.keyClicks(lock.password, PASSWORD)
    with counter.qtbot.waitSignal(lock.lockedChanged, timeout=10_000):
        counter.qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    assert w.patron_panel.isVisible() and w.patron_panel.name.text() == "陳美玲"
    counter.scan(w.item_scan, barcode)
    counter.settle()
    assert counter.open_loans(counter.world.adult.id) == [barcode]
