"""The technician's device panel: settings persist, live events, APDU log without keys, permissions.

Real widgets offscreen, a real settings file, a real pty scanner, and (for the
APDU log) a real pcscd with vpcd and the virtual card.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk_app.core.staff.permissions import Actor
from desk_app.settings import Settings
from desk_app.store.models import StaffRole
from desk_app.ui.devices import settings as device_settings
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.devices.panel import DevicePanel
from desk_app.ui.devices.settings import DeviceSettings
from drivers.base import Symbology
from drivers.virtual.pty_scanner import VirtualScanner

WAIT_MS = 10_000
TECHNICIAN = Actor(staff_id=1, username="tech", role=StaffRole.TECHNICIAN, branch_id=1)
LIBRARIAN = Actor(staff_id=2, username="desk", role=StaffRole.LIBRARIAN, branch_id=1)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "settings.json")


@pytest.fixture
def make_bridge(qtbot):
    made: list[DeviceBridge] = []

    def make(ds: DeviceSettings | None = None, training: bool = False) -> DeviceBridge:
        bridge = DeviceBridge(ds or DeviceSettings(), training=training)
        made.append(bridge)
        return bridge

    yield make
    for bridge in made:
        bridge.stop()


def open_panel(qtbot, bridge: DeviceBridge, settings: Settings, actor: Actor) -> DevicePanel:
    panel = DevicePanel(bridge, settings, actor)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def test_a_technicians_settings_persist_in_the_settings_file(qtbot, settings: Settings, make_bridge,
                                                           tmp_path: Path) -> None:
    panel = open_panel(qtbot, make_bridge(), settings, TECHNICIAN)
    panel.scanner.enabled.setChecked(True)
    panel.scanner.port.setEditText(str(tmp_path / "ttyUSB-scanner"))
    panel.scanner.baud.setCurrentIndex(panel.scanner.baud.findData(115200))
    panel.scanner.parity.setCurrentIndex(panel.scanner.parity.findData("E"))
    panel.scanner.bytesize.setCurrentIndex(panel.scanner.bytesize.findData(7))
    panel.scanner.stopbits.setCurrentIndex(panel.scanner.stopbits.findData(2))
    panel.scanner.prefix.setText("]")
    panel.scanner.suffix.setCurrentIndex(panel.scanner.suffix.findData("CRLF"))
    panel.readers.sector.setValue(2)
    panel.readers.key_a_slot.setValue(3)
    panel.wedge.spins["max_gap_ms"].setValue(35)
    panel.readers.training.setChecked(True)
    with qtbot.waitSignal(panel.saved, timeout=WAIT_MS):
        panel.save_button.click()
    assert not panel.isVisible()  # saved and closed

    saved = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert saved["desk"]["training_mode"] is True
    on_disk = saved["devices"]
    assert on_disk["scanner_enabled"] is True
    assert on_disk["scanner"]["port"] == str(tmp_path / "ttyUSB-scanner")
    assert (on_disk["scanner"]["baudrate"], on_disk["scanner"]["bytesize"], on_disk["scanner"]["parity"],
            on_disk["scanner"]["stopbits"]) == (115200, 7, "E", 2)
    assert (on_disk["scanner"]["prefix"], on_disk["scanner"]["suffix"]) == ("]", "CRLF")
    assert (on_disk["lc_sector"], on_disk["key_a_slot"]) == (2, 3)
    assert on_disk["wedge"]["max_gap_ms"] == 35
    assert not any("key" in k and "slot" not in k for k in on_disk)  # slot numbers only, never a key

    # A fresh desk (new Settings object from the same file) opens the panel with the same values.
    again = open_panel(qtbot, make_bridge(), Settings(tmp_path / "settings.json"), TECHNICIAN)
    assert again.scanner.port_path() == str(tmp_path / "ttyUSB-scanner")
    assert again.scanner.baud.currentData() == 115200
    assert again.scanner.suffix.currentData() == "CRLF"
    assert again.readers.sector.value() == 2
    assert again.wedge.spins["max_gap_ms"].value() == 35


def test_a_librarian_may_look_but_not_save(qtbot, settings: Settings, make_bridge, tmp_path: Path) -> None:
    panel = open_panel(qtbot, make_bridge(), settings, LIBRARIAN)
    panel.scanner.enabled.setChecked(True)
    panel.scanner.port.setEditText("/dev/ttyS0")
    panel.save_button.click()
    assert panel.isVisible()
    assert panel.error.isVisible()
    assert "librarian" in panel.error.text() and "configure_devices" in panel.error.text()  # role, action
    assert not (tmp_path / "settings.json").exists()  # nothing written
    assert device_settings.load(Settings(tmp_path / "settings.json")).scanner_enabled is False


def test_settings_the_scanner_would_refuse_are_not_saved(qtbot, settings: Settings, make_bridge,
                                                        tmp_path: Path) -> None:
    panel = open_panel(qtbot, make_bridge(), settings, TECHNICIAN)
    panel.scanner.enabled.setChecked(True)
    panel.scanner.port.setEditText("")  # enabled without a port
    panel.save_button.click()
    assert panel.error.isVisible() and "port" in panel.error.text()
    assert not (tmp_path / "settings.json").exists()


def test_the_live_event_list_shows_a_scan_from_a_serial_scanner(qtbot, settings: Settings, make_bridge,
                                                                tmp_path: Path) -> None:
    with VirtualScanner(link=tmp_path / "scanner") as scanner:
        bridge = make_bridge(DeviceSettings(scanner_enabled=True, scanner={"port": scanner.port}))
        panel = open_panel(qtbot, bridge, settings, TECHNICIAN)
        bridge.start()
        qtbot.waitUntil(lambda: bridge.statuses().get(f"serial:{scanner.port}", (False, ""))[0], timeout=WAIT_MS)
        scanner.scan("31234000123456", Symbology.CODE39)
        scanner.scan("A123456789")  # a national ID scanned: the list masks it
        qtbot.waitUntil(lambda: any("A12*****89" in line for line in panel.event_lines()), timeout=WAIT_MS)
    lines = panel.event_lines()
    assert any("31234000123456" in line and "code39" in line and scanner.port in line for line in lines)
    assert any("A12*****89" in line for line in lines)
    assert not any("A123456789" in line for line in lines)


def click_test_read(qtbot, make_bridge, settings: Settings, reader: str, uid: str) -> DevicePanel:
    """A technician's panel on a training bridge, once the card `uid` is on `reader`: "Test read" clicked, done."""
    bridge = make_bridge(training=True)
    bridge.start()
    qtbot.waitUntil(lambda: bridge.readers().get(reader) == uid, timeout=WAIT_MS)
    panel = open_panel(qtbot, bridge, settings, TECHNICIAN)
    panel.test_reader.setCurrentIndex(panel.test_reader.findText(reader))
    with qtbot.waitSignal(bridge.testReadFinished, timeout=WAIT_MS):
        panel.test_button.click()
    return panel


@pytest.fixture
def no_card_keys():
    """An empty secret store: training mode reads with the transport key."""
    from desk_app import secret_store

    secret_store.set_default_store(secret_store.SecretStore(secret_store.MemoryBackend()))
    yield
    secret_store.set_default_store(None)


def test_a_test_read_shows_the_card_and_the_apdu_log_never_shows_a_key(qtbot, pcsc_stack, settings: Settings,
                                                                      make_bridge, no_card_keys) -> None:
    pcsc_stack.start_card("04A22B91", record=pcsc_stack.record("A12345678901"))
    panel = click_test_read(qtbot, make_bridge, settings, pcsc_stack.reader, "04A22B91")
    result = panel.test_result.toPlainText()
    assert "04A22B91" in result
    assert "A12*****8901" in result and "A12345678901" not in result
    assert panel.test_button.isEnabled()

    log = panel.apdu_log.toPlainText().splitlines()
    load_key = [line for line in log if line.startswith("> FF 82")]
    assert load_key and all(line == "> FF 82 00 00 06 ** ** ** ** ** **" for line in load_key)
    assert any(line.startswith("> FF B0 00 04 10") for line in log)  # the record's first block was read
    assert not any("FF FF FF FF FF FF" in line for line in log)  # the (transport) key never appears


def test_the_apdu_log_hides_the_librarys_own_key_too(qtbot, pcsc_stack, settings: Settings, make_bridge) -> None:
    from desk_app import secret_store
    from tests import secrets_registry

    key = secrets_registry.register(bytes.fromhex("5C8FF9990DA2"), "card key A (panel test)")
    store = secret_store.SecretStore(secret_store.MemoryBackend())
    secret_store.set_card_key(store, "A", key)
    secret_store.set_default_store(store)
    try:
        pcsc_stack.start_card("04A22B91")
        panel = click_test_read(qtbot, make_bridge, settings, pcsc_stack.reader, "04A22B91")
    finally:
        secret_store.set_default_store(None)
    text = panel.apdu_log.toPlainText()
    assert "> FF 82 00 00 06 ** ** ** ** ** **" in text
    assert "5C 8F F9 99 0D A2" not in text and "5C8FF9990DA2" not in text.replace(" ", "")
    assert "04A22B91" in panel.test_result.toPlainText()  # the card was read; its sector refused our key


def test_the_chosen_readers_family_names_its_key_slots_and_a_sam_socket_is_never_offered(qtbot) -> None:
    from desk_app.ui.devices.forms import ReaderForm

    picc = "ACS ACR1252 1S CL Reader [ACR1252 1S CL Reader PICC] 00 00"
    sam = "ACS ACR1252 1S CL Reader [ACR1252 1S CL Reader SAM] 01 00"
    form = ReaderForm(DeviceSettings(key_a_slot=5, key_b_slot=7), [picc, sam, "Other Reader 00 00"], False)
    qtbot.addWidget(form)
    offered = [form.patron_reader.itemData(i) for i in range(form.patron_reader.count())]
    assert offered == ["", picc, "Other Reader 00 00"]  # "any reader", then no SAM socket
    assert "Any reader" in form.family.text()
    assert (form.key_a_slot.value(), form.key_b_slot.value()) == (5, 7)  # nothing moves until a reader is chosen

    form.patron_reader.setCurrentIndex(form.patron_reader.findData(picc))
    assert form.family.text().startswith("ACS ACR1252U: key slots 0, 1.")
    assert "ISO 15693" in form.family.text()
    assert (form.key_a_slot.value(), form.key_b_slot.value()) == (0, 1)  # onto slots the family has
    assert form.apply_to(DeviceSettings()).key_b_slot == 1

    form.key_b_slot.setValue(0)  # a technician's own choice within the family stays
    form.patron_reader.setCurrentIndex(form.patron_reader.findData("Other Reader 00 00"))
    assert "generic PC/SC" in form.family.text()
    assert (form.key_a_slot.value(), form.key_b_slot.value()) == (0, 0)  # unknown family: nothing is guessed
    form.add_reader(sam)  # hot-plugged later: still not offered
    assert form.patron_reader.findData(sam) < 0
