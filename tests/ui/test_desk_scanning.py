"""Scans from real input paths reach the right field: wedge bursts, a serial scanner on a pty, tapped cards."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from desk_app.core.views import Outcome
from desk_app.settings import Settings
from desk_app.store.models import CardKind
from desk_app.ui.assembly import lock_part
from desk_app.ui.desk.parts import DevicesPart
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.devices.settings import DeviceSettings
from desk_app.ui.desk.search_dialog import catalog_search
from drivers.keyboard_wedge import WedgeSettings
from drivers.virtual.pty_scanner import VirtualScanner
from tests import factories

KEY_GAP_MS = 30  # a scanner's keys, 30 ms apart (the wedge filter's limit is 50 ms)


def wedge_burst(text: str, start_ms: int) -> int:
    """Type `text` + Enter as a keyboard-wedge scanner does, into whatever has focus; returns the next timestamp."""
    ts = start_ms
    for ch in [*text, "\r"]:
        key = Qt.Key.Key_Return if ch == "\r" else Qt.Key(ord(ch.upper()))
        target = QApplication.focusWidget()
        assert target is not None, "a scan field must keep focus"
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch)
            event.setTimestamp(ts)
            QCoreApplication.sendEvent(target, event)
        ts += KEY_GAP_MS
    return ts


def test_a_burst_of_twenty_wedge_scans_all_become_loans_in_order(desk_with) -> None:
    counter = desk_with(wedge=WedgeSettings())
    w, world = counter.window, counter.world
    typed: list[str] = []
    for field in (w.patron_scan, w.item_scan):
        field.textEdited.connect(typed.append)  # a wedge burst must not type into a field
    codes = [it.barcode for it in world.items[:20]]
    ts = wedge_burst(world.adult_card.card_number, 1_000)
    for code in codes:  # fed as fast as possible: no waiting for any answer
        ts = wedge_burst(code, ts)
    counter.settle()
    assert counter.open_loans(world.adult.id) == codes
    assert sorted(counter.table_barcodes()) == sorted(codes)
    assert typed == []
    assert w.banner.outcome() is Outcome.OK


def test_the_next_patrons_card_scanned_among_books_starts_that_patron(desk_with) -> None:
    """No F5 between patrons: a scanner read of a library card while books are expected identifies it."""
    counter = desk_with(wedge=WedgeSettings())
    w, world = counter.window, counter.world
    with counter.sessions.begin() as session:
        second = factories.patron(session, name="林志豪")
        second_card = factories.card(session, second)
        second_id, second_number = second.id, second_card.card_number
    ts = wedge_burst(world.adult_card.card_number, 1_000)
    ts = wedge_burst(world.items[0].barcode, ts)
    ts = wedge_burst(second_number, ts)  # focus is in the item field now
    wedge_burst(world.items[1].barcode, ts)
    counter.settle()
    assert counter.open_loans(world.adult.id) == [world.items[0].barcode]
    assert counter.open_loans(second_id) == [world.items[1].barcode]
    assert w.patron_panel.name.text() == "林志豪"


def test_scans_from_a_serial_scanner_on_a_pty_check_out(desk_with, tmp_path: Path) -> None:
    with VirtualScanner(link=tmp_path / "scanner") as scanner:
        bridge = DeviceBridge(DeviceSettings(scanner_enabled=True, scanner={"port": scanner.port, "suffix": "CR"}))
        counter = desk_with(devices=DevicesPart(bridge, Settings(tmp_path / "settings.json")))
        w, world = counter.window, counter.world
        codes = [it.barcode for it in world.items[:5]]
        bridge.start()
        try:
            counter.qtbot.waitUntil(lambda: bridge.statuses().get(f"serial:{scanner.port}", (False, ""))[0],
                                    timeout=10_000)
            scanner.scan(world.adult_card.card_number)
            for code in codes:
                scanner.scan(code)
            counter.qtbot.waitUntil(lambda: len(counter.open_loans(world.adult.id)) == 5, timeout=10_000)
        finally:
            bridge.stop()
    counter.settle()
    assert counter.open_loans(world.adult.id) == codes
    assert w.patron_panel.name.text() == "陳美玲"


def test_a_tapped_easycard_and_a_student_card_identify_their_patrons(desk_with, tmp_path: Path) -> None:
    bridge = DeviceBridge(DeviceSettings())
    counter = desk_with(devices=DevicesPart(bridge, Settings(tmp_path / "settings.json")))
    w = counter.window
    with counter.sessions() as s:
        rider = factories.patron(s, name="李悠遊")
        factories.binding(s, factories.card(s, rider), "04A22B91")
        pupil = factories.patron(s, name="吳小學", kind="student")
        pupil_card = factories.card(s, pupil, kind=CardKind.STUDENT.value, burned_uid="0A0B0C0D")
        s.commit()

    bridge.studentCardRead.emit("04A22B91", "", "")  # no LC record: an EasyCard, by its UID
    counter.settle()
    assert w.patron_panel.name.text() == "李悠遊"

    bridge.studentCardRead.emit("0A0B0C0D", pupil_card.card_number, "")
    counter.settle()
    assert w.patron_panel.name.text() == "吳小學"
    assert w.item_scan.hasFocus()

    bridge.studentCardRead.emit("0A0B0C0E", "", "The library record on this card is damaged.")
    counter.settle()
    assert w.banner.outcome() is Outcome.ERROR
    assert "damaged" in w.banner.message()


def test_a_scan_while_the_search_dialog_is_open_goes_into_its_query_not_into_a_loan(desk_with,
                                                                                  session_factory) -> None:
    counter = desk_with(search=catalog_search(session_factory), wedge=WedgeSettings())
    w, world = counter.window, counter.world
    counter.scan(w.patron_scan, world.adult_card.card_number)
    counter.settle()
    counter.qtbot.keyClick(w.item_scan, Qt.Key.Key_F6)
    dialog = w.search_dialog
    assert dialog is not None
    counter.qtbot.waitUntil(dialog.query.hasFocus)
    with counter.qtbot.waitSignal(dialog.resultsShown, timeout=10_000):
        wedge_burst("9789573317241", 5_000)  # an ISBN scanned off a book's cover
    assert dialog.query.text() == "9789573317241"
    dialog.reject()
    counter.settle()
    assert counter.open_loans(world.adult.id) == []


def test_a_locked_desk_ignores_scans_and_taps(desk_with, session_factory, world, tmp_path: Path) -> None:
    counter = desk_with(lock=lock_part(session_factory, factories.actor(world.main),
                                       Settings(tmp_path / "settings.json")))
    w = counter.window
    counter.scan(w.patron_scan, world.adult_card.card_number)
    counter.settle()
    counter.qtbot.keyClick(w.item_scan, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert w.is_locked()
    banner = w.banner.message()
    w.route_scan(world.items[0].barcode)  # as a serial scanner or a wedge burst would deliver it
    w.card_tapped("04A22B91", "", "")
    counter.settle()
    assert counter.open_loans(world.adult.id) == []
    assert w.banner.message() == banner
