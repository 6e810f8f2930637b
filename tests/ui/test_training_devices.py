"""Virtual devices at a desk without hardware: real pty + real serial driver, real pcscd + vpcd, real desk window.

The desk is built the way `python main.py` builds it (assembly.build_window) on a fresh
demo library; nothing of pyserial, pyscard or the database is replaced.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QThread
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.desk import DeskService
from desk_app.core.staff.permissions import Actor
from desk_app.core.patrons.training_cards import DEMO_SETTING_KEY, training_uid
from desk_app.demo_data import demo_info, ensure_demo_data
from desk_app.demo_data.generator import SETTING_KEY
from desk_app.settings import Settings
from desk_app.store.models import CardBinding, Item, LibraryCard, Loan, Staff, StaffRole
from desk_app.ui.devices import settings as device_settings
from desk_app.ui.assembly import build_window
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.devices.settings import DeviceSettings
from desk_app.ui.desk.main_window import DeskWindow
from desk_app.ui.ops import OpRunner
from desk_app.ui.training.devices import TrainingDevices, TrainingPlug, plug_for
from desk_app.ui.training.probe import TrainingSettings, VirtualDevicesPolicy, VpcdState
from desk_app.ui.training.types import Mode
from desk_app.ui.training.window import OPT_OUT_OF_WEDGE, TrainingWindow
from desk_app.ui.devices.wedge_filter import OPT_OUT_PROPERTY
from drivers.virtual.pty_scanner import VirtualScanner

WAIT_MS = 15_000


@dataclass
class Desk:
    window: DeskWindow
    bridge: DeviceBridge
    plug: TrainingPlug
    sessions: sessionmaker[Session]
    qtbot: QtBot

    @property
    def devices(self) -> TrainingDevices:
        return self.plug.devices

    def decided(self) -> Mode:
        self.qtbot.waitUntil(lambda: self.devices.mode is not Mode.UNDECIDED, timeout=WAIT_MS)
        return self.devices.mode

    def open_training_window(self) -> TrainingWindow:
        """F9, as a trainer presses it."""
        self.window.activateWindow()
        self.qtbot.waitUntil(self.window.isActiveWindow)
        self.qtbot.keyClick(self.window, Qt.Key.Key_F9)
        self.qtbot.waitUntil(lambda: self.plug.training_window is not None
                             and self.plug.training_window.isVisible(), timeout=WAIT_MS)
        training = self.plug.training_window
        assert training is not None
        self.qtbot.waitUntil(lambda: bool(training.cards()) and bool(training.items()), timeout=WAIT_MS)
        return training

    def showcase(self, name: str) -> int:
        with self.sessions() as s:
            info = demo_info(s)
            assert info is not None
            return int(info["showcase"][name])  # type: ignore[index]

    def card_number_of(self, patron_id: int) -> str:
        with self.sessions() as s:
            return s.scalars(select(LibraryCard.card_number).where(LibraryCard.patron_id == patron_id)
                             .order_by(LibraryCard.id.desc())).first() or ""

    def served_patron(self) -> int | None:
        patron = self.window.controller.patron()
        return patron.patron_id if patron is not None else None


def open_desk(qtbot: QtBot, sessions: sessionmaker[Session], settings: Settings) -> Iterator[Desk]:
    with sessions() as s:
        staff = s.scalars(select(Staff).where(Staff.username == "librarian")).one()
        actor = Actor(staff.id, staff.username, StaffRole.LIBRARIAN, staff.branch_id or 1)
    runner = OpRunner()
    service = DeskService(sessions, actor)
    window, bridge = build_window(service, runner, sessions, actor, settings,
                                  device_settings.training_mode(settings))
    assert bridge is not None
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    plug = plug_for(window)
    assert plug is not None
    desk = Desk(window, bridge, plug, sessions, qtbot)
    try:
        yield desk
    finally:
        plug.close()
        bridge.stop()
        window.close()
        runner.shutdown(timeout=10)


@pytest.fixture
def demo_sessions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                  session_factory: sessionmaker[Session]) -> sessionmaker[Session]:
    monkeypatch.setenv("LIBDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("LIBDESK_DATA_DIR", str(tmp_path / "data"))
    assert ensure_demo_data(session_factory) is not None
    return session_factory


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "settings.json")


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("0.0.0.0", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def desk(qtbot: QtBot, demo_sessions: sessionmaker[Session], settings: Settings) -> Iterator[Desk]:
    """No readers configured, no serial port: a fresh machine, with no vpcd on its (unused) vpcd port."""
    settings.update("training", {"vpcd_port": unused_port()})
    yield from open_desk(qtbot, demo_sessions, settings)


@pytest.fixture
def vpcd_desk(qtbot: QtBot, demo_sessions: sessionmaker[Session], settings: Settings, pcsc_stack) -> Iterator[Desk]:
    """A fresh machine whose pcscd has a vpcd reader (the test stack's, on its own port)."""
    settings.update("training", {"vpcd_port": pcsc_stack.port_of(0)})
    yield from open_desk(qtbot, demo_sessions, settings)


def status_texts(desk: Desk) -> list[str]:
    return [label.accessibleName() for label in desk.window.status.findChildren(QLabel)
            if label.isVisible() and label.accessibleName()]


# ---- no hardware: the virtual scanner, through the real serial driver ------------------------------


def test_without_hardware_a_barcode_scanned_in_the_training_window_lends_a_book_through_the_serial_driver(
        desk: Desk) -> None:
    assert desk.decided() is Mode.VIRTUAL
    port = desk.devices.scanner_port
    assert port.startswith("/dev/pts/")
    desk.qtbot.waitUntil(lambda: desk.bridge.statuses().get(f"serial:{port}", (False, ""))[0], timeout=WAIT_MS)
    assert "Virtual devices (training)" in status_texts(desk)  # honest: never shown as real hardware

    training = desk.open_training_window()
    arrivals: list[tuple[str, str, bool]] = []
    gui_thread = QCoreApplication.instance().thread()
    desk.bridge.barcodeRead.connect(
        lambda text, _sym, source: arrivals.append((text, source, QThread.currentThread() is gui_thread)))

    patron_id = desk.showcase("personal_card")
    card_number = desk.card_number_of(patron_id)
    training.scan_field.setText(card_number)
    with desk.qtbot.waitSignal(desk.bridge.barcodeRead, timeout=WAIT_MS):
        desk.qtbot.mouseClick(training.scan_button, Qt.MouseButton.LeftButton)
    assert arrivals[-1] == (card_number, f"serial:{port}", True)
    desk.qtbot.waitUntil(lambda: desk.served_patron() == patron_id, timeout=WAIT_MS)

    row, item = next((i, it) for i, it in enumerate(training.items()) if it.status == "available")
    training.items_table.setFocus()
    training.items_table.setCurrentCell(row, 0)
    with desk.qtbot.waitSignal(desk.bridge.barcodeRead, timeout=WAIT_MS):
        desk.qtbot.keyClick(training.items_table, Qt.Key.Key_Return)
    assert arrivals[-1] == (item.barcode, f"serial:{port}", True)
    desk.qtbot.waitUntil(lambda: item.barcode in [loan.item_barcode for loan in desk.window.loans_model.loans()],
                         timeout=WAIT_MS)
    with desk.sessions() as s:
        loan = s.scalars(select(Loan).join(Item, Item.id == Loan.item_id)
                         .where(Item.barcode == item.barcode, Loan.returned_at.is_(None))).one()
        assert loan.patron_id == patron_id
    # The training window's list follows the loan (read again after the desk's op reported it changed).
    desk.qtbot.waitUntil(lambda: [it.status for it in training.items() if it.barcode == item.barcode] == ["on_loan"],
                         timeout=WAIT_MS)
    assert training.items_table.item(row, 2).text() == "On loan"


def test_without_a_vpcd_reader_the_card_buttons_are_off_and_say_how_to_fix_it(desk: Desk) -> None:
    desk.decided()
    training = desk.open_training_window()
    assert not desk.devices.cards_ready
    why = training.why_no_cards()
    assert why and ("pcscd" in why or "vsmartcard-vpcd" in why or "vpcd_port" in why)
    assert not training.tap_button.isEnabled() and training.tap_button.toolTip() == why
    assert not training.lift_button.isEnabled()
    assert training.vpcd_label.text() == why  # said on screen too, not only in a tooltip
    assert training.scan_button.isEnabled()  # the scanner half still works


def test_closing_the_desk_stops_every_virtual_device(desk: Desk) -> None:
    desk.decided()
    port = desk.devices.scanner_port
    pty = os.path.realpath(port)
    desk.qtbot.waitUntil(lambda: desk.bridge.statuses().get(f"serial:{port}", (False, ""))[0], timeout=WAIT_MS)
    desk.plug.close()
    assert desk.devices.scanner_port == ""
    assert not desk.bridge.settings.scanner_enabled  # the bridge got its own (empty) scanner settings back
    desk.qtbot.waitUntil(lambda: f"serial:{port}" not in desk.bridge.statuses(), timeout=WAIT_MS)
    assert not os.path.exists(pty)  # the pty is gone with both of its ends


def test_a_desk_with_a_real_scanner_port_gets_no_virtual_devices(
        qtbot: QtBot, demo_sessions: sessionmaker[Session], settings: Settings) -> None:
    with VirtualScanner() as plugged:  # stands in for /dev/ttyUSB0: a port that exists
        device_settings.save(settings, DeviceSettings(scanner_enabled=True, scanner={"port": plugged.port}))
        for desk in open_desk(qtbot, demo_sessions, settings):
            assert desk.decided() is Mode.OFF
            assert desk.devices.scanner_port == ""
            assert "Virtual devices (training)" not in status_texts(desk)
            assert desk.window.findChild(QAction, "trainingDevices") is None  # no F9


def test_a_configured_scanner_unplugged_at_start_is_not_replaced_by_a_virtual_one(
        qtbot: QtBot, demo_sessions: sessionmaker[Session], settings: Settings, tmp_path: Path) -> None:
    unplugged = tmp_path / "ttyUSB0"  # configured, but not there when the desk starts
    device_settings.save(settings, DeviceSettings(scanner_enabled=True, scanner={"port": str(unplugged)}))
    for desk in open_desk(qtbot, demo_sessions, settings):
        assert desk.decided() is Mode.OFF
        assert "Virtual devices (training)" not in status_texts(desk)


def test_virtual_devices_can_be_switched_off_for_a_desk_with_only_a_keyboard_scanner(
        qtbot: QtBot, demo_sessions: sessionmaker[Session], settings: Settings) -> None:
    settings.update("training", {"virtual_devices": "off"})
    for desk in open_desk(qtbot, demo_sessions, settings):
        assert desk.decided() is Mode.OFF
        assert desk.window.findChild(QAction, "trainingDevices") is None


# ---- a vpcd reader: virtual cards through pcscd ------------------------------------------------


def test_tapping_a_demo_student_card_identifies_that_patron_at_the_desk(vpcd_desk: Desk, pcsc_stack) -> None:
    desk = vpcd_desk
    assert desk.decided() is Mode.VIRTUAL
    assert desk.devices.probe is not None and desk.devices.probe.vpcd is VpcdState.READY
    assert desk.bridge.training  # virtual readers accepted: training mode, and the status bar says so
    desk.qtbot.waitUntil(lambda: pcsc_stack.reader in desk.bridge.readers(), timeout=WAIT_MS)
    training = desk.open_training_window()
    assert training.tap_button.isEnabled()

    patron_id = desk.showcase("student_card")
    number = desk.card_number_of(patron_id)
    card = next(c for c in training.cards() if c.card_number == number)
    shown = [training.cards_table.item(r, c).text() for r in range(training.cards_table.rowCount())
             for c in range(training.cards_table.columnCount())]
    assert number not in shown and card.masked_number in shown  # IDs masked on screen

    training.select_card(card)
    with desk.qtbot.waitSignal(desk.bridge.studentCardRead, timeout=WAIT_MS,
                               check_params_cb=lambda uid, n, problem: n == number and not problem) as read:
        desk.qtbot.mouseClick(training.tap_button, Qt.MouseButton.LeftButton)
    assert read.args[0] == card.uid_hex
    desk.qtbot.waitUntil(lambda: desk.served_patron() == patron_id, timeout=WAIT_MS)
    desk.qtbot.waitUntil(lambda: training.reader_label.text().startswith("On the virtual reader"), timeout=WAIT_MS)

    with desk.qtbot.waitSignal(desk.bridge.cardLifted, timeout=WAIT_MS):
        desk.qtbot.mouseClick(training.lift_button, Qt.MouseButton.LeftButton)
    desk.qtbot.waitUntil(lambda: training.reader_label.text() == "No card on the virtual reader.", timeout=WAIT_MS)


def test_tapping_a_bound_easycard_identifies_its_patron_by_uid(vpcd_desk: Desk, pcsc_stack) -> None:
    desk = vpcd_desk
    desk.decided()
    desk.qtbot.waitUntil(lambda: pcsc_stack.reader in desk.bridge.readers(), timeout=WAIT_MS)
    training = desk.open_training_window()
    student = next(c for c in training.cards() if c.is_student_card)
    training.select_card(student)
    with desk.qtbot.waitSignal(desk.bridge.studentCardRead, timeout=WAIT_MS):
        desk.qtbot.mouseClick(training.tap_button, Qt.MouseButton.LeftButton)
    # Then the EasyCard, without lifting the student card first: the window swaps them like a person would.
    patron_id = desk.showcase("easycard")
    with desk.sessions() as s:
        uid = s.scalars(select(CardBinding.uid_hex).join(LibraryCard, LibraryCard.id == CardBinding.card_id)
                        .where(LibraryCard.patron_id == patron_id, CardBinding.unbound_at.is_(None))).one()
    card = next(c for c in training.cards() if c.uid_hex == uid.upper() and c.kind == "easycard")
    training.select_card(card)
    with desk.qtbot.waitSignal(desk.bridge.studentCardRead, timeout=WAIT_MS,
                               check_params_cb=lambda u, n, problem: u == card.uid_hex and not n and not problem):
        training.cards_table.setFocus()
        desk.qtbot.keyClick(training.cards_table, Qt.Key.Key_Return)  # Enter taps the selected card
    desk.qtbot.waitUntil(lambda: desk.served_patron() == patron_id, timeout=WAIT_MS)


# ---- small contracts ------------------------------------------------------------------------------


def test_settings_and_constants_that_must_agree() -> None:
    assert DEMO_SETTING_KEY == SETTING_KEY
    assert OPT_OUT_OF_WEDGE == OPT_OUT_PROPERTY
    bad = TrainingSettings.from_section({"virtual_devices": "maybe", "vpcd_port": "35963", "vpcd_slot": 7,
                                         "library_code": "FAR TOO LONG"})
    assert bad == TrainingSettings()
    good = TrainingSettings.from_section({"virtual_devices": "off", "vpcd_port": 40000, "vpcd_slot": 1})
    assert good.virtual_devices is VirtualDevicesPolicy.OFF and good.card_port == 40001


def test_unburned_training_cards_get_a_stable_uid_that_is_never_a_random_one() -> None:
    uids = {training_uid(f"A1{n:08d}00") for n in range(2000)}
    assert len(uids) > 1990
    assert all(len(u) == 8 and not u.startswith("08") for u in uids)
    assert training_uid("A123456789" + "01") == training_uid("A123456789" + "01")
