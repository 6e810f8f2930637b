"""The status bar's device corner follows the scanner live (real pty) and fits in the desk's status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QStatusBar

from desk_app.ui.devices import status as device_status
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.devices.settings import DeviceSettings
from desk_app.ui.devices.status import GREEN, RED, DeviceStatusWidget
from drivers.virtual.pty_scanner import VirtualScanner

WAIT_MS = 10_000


def entry_for(widget: DeviceStatusWidget, start: str) -> tuple[str, str, str] | None:
    return next((e for e in widget.entries() if e[0].startswith(start)), None)


def test_the_scanner_shows_connected_in_green_then_disconnected_in_red(qtbot, tmp_path: Path) -> None:
    with VirtualScanner(link=tmp_path / "scanner") as scanner:
        bridge = DeviceBridge(DeviceSettings(scanner_enabled=True, scanner={"port": scanner.port}))
        bar = QStatusBar()
        qtbot.addWidget(bar)
        widget = device_status.install(bar, bridge)
        bar.show()
        try:
            bridge.start()
            label = widget.tr("Scanner {port}: connected").format(port=scanner.port)
            qtbot.waitUntil(lambda: label in widget.texts(), timeout=WAIT_MS)
            assert entry_for(widget, label)[1] == GREEN  # type: ignore[index]
            scanner.unplug()
            gone = widget.tr("Scanner {port}: disconnected").format(port=scanner.port)
            qtbot.waitUntil(lambda: gone in widget.texts(), timeout=WAIT_MS)
            _text, colour, tooltip = entry_for(widget, gone)  # type: ignore[misc]
            assert colour == RED and scanner.port in tooltip
            assert label not in widget.texts()
        finally:
            bridge.stop()


def test_a_new_scanner_port_replaces_the_old_one_in_the_status_bar(qtbot, tmp_path: Path) -> None:
    with VirtualScanner(link=tmp_path / "old") as old, VirtualScanner(link=tmp_path / "new") as new:
        bridge = DeviceBridge(DeviceSettings(scanner_enabled=True, scanner={"port": old.port}))
        widget = DeviceStatusWidget(bridge)
        qtbot.addWidget(widget)
        old_label = widget.tr("Scanner {port}: connected").format(port=old.port)
        new_label = widget.tr("Scanner {port}: connected").format(port=new.port)
        try:
            bridge.start()
            qtbot.waitUntil(lambda: old_label in widget.texts(), timeout=WAIT_MS)
            bridge.apply_settings(DeviceSettings(scanner_enabled=True, scanner={"port": new.port}))
            qtbot.waitUntil(lambda: new_label in widget.texts(), timeout=WAIT_MS)
            qtbot.waitUntil(lambda: not any(old.port in text for text in widget.texts()), timeout=WAIT_MS)
            bridge.apply_settings(DeviceSettings(scanner_enabled=False, scanner={"port": new.port}))
            qtbot.waitUntil(lambda: not any(new.port in t for t in widget.texts()),
                            timeout=WAIT_MS)
        finally:
            bridge.stop()


def test_a_widget_created_late_shows_the_current_state(qtbot, tmp_path: Path) -> None:
    with VirtualScanner(link=tmp_path / "scanner") as scanner:
        bridge = DeviceBridge(DeviceSettings(scanner_enabled=True, scanner={"port": scanner.port}))
        try:
            bridge.start()
            qtbot.waitUntil(lambda: bridge.statuses().get(f"serial:{scanner.port}", (False, ""))[0], timeout=WAIT_MS)
            widget = DeviceStatusWidget(bridge)
            qtbot.addWidget(widget)
            assert widget.tr("Scanner {port}: connected").format(port=scanner.port) in widget.texts()
        finally:
            bridge.stop()


def test_readers_cards_and_a_stopped_pcscd_show_live(qtbot, pcsc_stack) -> None:
    bridge = DeviceBridge(DeviceSettings(), training=True)
    widget = DeviceStatusWidget(bridge)
    qtbot.addWidget(widget)
    ready = widget.tr("{reader}: ready").format(reader=pcsc_stack.reader)
    card = widget.tr("{reader}: card").format(reader=pcsc_stack.reader)
    down = widget.tr("Card service not running")
    try:
        bridge.start()
        qtbot.waitUntil(lambda: ready in widget.texts(), timeout=WAIT_MS)
        assert entry_for(widget, ready)[1] == GREEN  # type: ignore[index]

        pcsc_stack.start_card("04A22B91")
        qtbot.waitUntil(lambda: card in widget.texts(), timeout=WAIT_MS)
        assert "04A22B91" in entry_for(widget, card)[2]  # type: ignore[index]

        pcsc_stack.daemon.stop()  # the card service goes away under a running desk
        qtbot.waitUntil(lambda: down in widget.texts(), timeout=WAIT_MS)
        assert entry_for(widget, down)[1] == RED  # type: ignore[index]
        assert card not in widget.texts() and ready not in widget.texts()

        pcsc_stack.daemon.start()  # and comes back: found again without a restart
        qtbot.waitUntil(lambda: card in widget.texts() and down not in widget.texts(), timeout=WAIT_MS)
    finally:
        bridge.stop()
