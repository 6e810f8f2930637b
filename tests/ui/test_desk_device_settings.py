"""The desk's wedge filter follows the technician's saved thresholds, and a save is re-applied and audited."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from desk_app.settings import Settings
from desk_app.store.models import AuditEntry, StaffRole
from desk_app.ui.desk.parts import DevicesPart
from desk_app.ui.devices import settings as device_settings
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.devices.panel import DevicePanel
from desk_app.ui.devices.settings import DeviceSettings
from tests.ui.desk_counter import Counter
from tests.ui.test_desk_scanning import wedge_burst


def slow_scanner_burst_is_a_scan(c: Counter) -> bool:
    """A scanner sending a key every 30 ms, into the patron field: a scan (identify) or typing?"""
    c.window.patron_scan.setFocus()
    typed: list[str] = []
    c.window.patron_scan.textEdited.connect(typed.append)
    wedge_burst(c.world.adult_card.card_number, 10_000)
    c.settle()
    c.window.patron_scan.textEdited.disconnect()
    c.window.patron_scan.clear()
    return not typed


def test_the_wedge_filter_starts_with_the_saved_thresholds(desk_with, tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    device_settings.save(settings, DeviceSettings(wedge={"max_gap_ms": 20, "min_length": 4, "max_length": 512,
                                                         "hold_timeout_ms": 80}))
    counter = desk_with(wedge=device_settings.load(settings).wedge_settings())  # as the assembly reads it
    assert counter.window.wedge_filter.settings.max_gap_ms == 20
    assert not slow_scanner_burst_is_a_scan(counter)  # 30 ms apart is "typing" for this scanner setting


def test_saving_the_device_panel_retunes_the_wedge_and_is_audited(desk_with, tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    bridge = DeviceBridge(DeviceSettings())
    c = desk_with(role=StaffRole.TECHNICIAN, wedge=device_settings.load(settings).wedge_settings(),
                  devices=DevicesPart(bridge, settings))
    w = c.window
    assert slow_scanner_burst_is_a_scan(c)  # the default 50 ms gap accepts it
    seen: list[DevicePanel] = []

    def operate_panel() -> None:
        panel = QApplication.activeModalWidget()
        if not isinstance(panel, DevicePanel):
            QTimer.singleShot(20, operate_panel)
            return
        seen.append(panel)
        panel.wedge.spins["max_gap_ms"].setValue(20)
        panel.save_button.click()

    QTimer.singleShot(0, operate_panel)
    w.open_devices()  # F8: modal until saved
    c.settle()
    assert seen and w.wedge_filter.settings.max_gap_ms == 20
    assert not slow_scanner_burst_is_a_scan(c)
    with c.sessions() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "device_settings_changed")).one()
    assert (entry.staff_username, entry.entity) == ("desk1", "devices")
    assert json.loads(entry.detail) == {"wedge.max_gap_ms": 20}
