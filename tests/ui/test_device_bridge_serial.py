"""The device bridge with a serial scanner on a REAL pseudo-terminal: scans reach the GUI thread.

(The PC/SC half of the bridge is in test_device_bridge.py, on a real pcscd + vpcd.)
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QThread

from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.devices.settings import DeviceSettings
from drivers.base import Symbology
from drivers.virtual.pty_scanner import VirtualScanner

WAIT_MS = 10_000


def on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    gui = app is not None and QThread.currentThread() is app.thread()
    return gui and threading.current_thread() is threading.main_thread()


def scanner_settings(port: str, suffix: str = "CR") -> DeviceSettings:
    return DeviceSettings(scanner_enabled=True, scanner={"port": port, "suffix": suffix})


@pytest.fixture
def bridge(qtbot):
    made: list[DeviceBridge] = []

    def make(settings: DeviceSettings) -> DeviceBridge:
        b = DeviceBridge(settings, training=False)
        made.append(b)
        return b

    yield make
    for b in made:
        b.stop()


def wait_connected(qtbot, bridge: DeviceBridge, port: str) -> None:
    qtbot.waitUntil(lambda: bridge.statuses().get(f"serial:{port}", (False, ""))[0], timeout=WAIT_MS)


def test_a_serial_scan_arrives_as_barcodeRead_on_the_gui_thread(qtbot, tmp_path: Path, bridge) -> None:
    with VirtualScanner(link=tmp_path / "scanner") as scanner:
        b = bridge(scanner_settings(scanner.port))
        received: list[tuple[str, str, str, bool]] = []
        b.barcodeRead.connect(lambda text, sym, source: received.append((text, sym, source, on_gui_thread())))
        b.start()
        wait_connected(qtbot, b, scanner.port)
        scanner.scan("31234000123456", Symbology.CODE128)
        scanner.scan("9789573317241", Symbology.EAN13)
        qtbot.waitUntil(lambda: len(received) == 2, timeout=WAIT_MS)
    assert received[0] == ("31234000123456", "code128", f"serial:{scanner.port}", True)
    assert received[1] == ("9789573317241", "ean13", f"serial:{scanner.port}", True)


def test_the_live_state_says_connected_then_unplugged(qtbot, tmp_path: Path, bridge) -> None:
    statuses: list[tuple[str, bool, bool]] = []
    with VirtualScanner(link=tmp_path / "scanner") as scanner:
        b = bridge(scanner_settings(scanner.port))
        b.deviceStatus.connect(lambda device, ok, message: statuses.append((device, ok, on_gui_thread())))
        b.start()
        wait_connected(qtbot, b, scanner.port)
        scanner.unplug()
        qtbot.waitUntil(lambda: not b.statuses()[f"serial:{scanner.port}"][0], timeout=WAIT_MS)
        _ok, message = b.statuses()[f"serial:{scanner.port}"]
        assert scanner.port in message  # "unplugged" or "no scanner on <port>", translated
        assert all(gui for _device, _ok, gui in statuses)


def test_changing_the_port_restarts_the_scanner_on_the_new_port(qtbot, tmp_path: Path, bridge) -> None:
    with VirtualScanner(link=tmp_path / "old") as old, VirtualScanner(link=tmp_path / "new", suffix="CRLF") as new:
        b = bridge(scanner_settings(old.port))
        received: list[tuple[str, str]] = []
        b.barcodeRead.connect(lambda text, _sym, source: received.append((text, source)))
        b.start()
        wait_connected(qtbot, b, old.port)
        old.scan("OLD-1")
        qtbot.waitUntil(lambda: len(received) == 1, timeout=WAIT_MS)

        b.apply_settings(scanner_settings(new.port, "CRLF"))
        wait_connected(qtbot, b, new.port)
        qtbot.waitUntil(lambda: f"serial:{old.port}" not in b.statuses(), timeout=WAIT_MS)  # old one forgotten
        old.scan("OLD-2")  # nobody listens on the old port any more
        new.scan("NEW-1")
        qtbot.waitUntil(lambda: len(received) == 2, timeout=WAIT_MS)
    assert received == [("OLD-1", f"serial:{old.port}"), ("NEW-1", f"serial:{new.port}")]


def test_a_scanner_port_that_does_not_exist_is_reported_not_fatal(qtbot, tmp_path: Path, bridge) -> None:
    port = str(tmp_path / "no-such-scanner")
    b = bridge(scanner_settings(port))
    b.start()
    qtbot.waitUntil(lambda: f"serial:{port}" in b.statuses(), timeout=WAIT_MS)
    ok, message = b.statuses()[f"serial:{port}"]
    assert not ok and port in message
