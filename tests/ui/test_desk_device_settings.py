"""The desk's wedge filter follows the technician's saved thresholds, and a save is re-applied and audited."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desk_app.settings import Settings
from desk_app.store.models import AuditEntry, StaffRole
from desk_app.ui import desk_hooks
from desk_app.ui.devices import settings as device_settings
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.devices.panel import DevicePanel
from desk_app.ui.devices.settings import DeviceSettings
from tests import factories
from tests.ui.desk_counter import Counter, make_counter
from tests.ui.test_desk_scanning import wedge_burst


@pytest.fixture
def tech_desk(qtbot: QtBot, session_factory: sessionmaker[Session], world: factories.World) -> Iterator[Counter]:
    yield from make_counter(qtbot, session_factory, world, role=StaffRole.TECHNICIAN)


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


def test_the_wedge_filter_starts_with_the_saved_thresholds(counter: Counter, tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    device_settings.save(settings, DeviceSettings(wedge={"max_gap_ms": 20, "min_length": 4, "max_length": 512,
                                                         "hold_timeout_ms": 80}))
    desk_hooks.install_wedge(counter.window, settings)
    assert counter.window.wedge_filter.settings.max_gap_ms == 20
    assert not slow_scanner_burst_is_a_scan(counter)  # 30 ms apart is "typing" for this scanner setting


def test_saving_the_device_panel_retunes_the_wedge_and_is_audited(tech_desk: Counter, tmp_path: Path) -> None:
    c, w = tech_desk, tech_desk.window
    settings = Settings(tmp_path / "settings.json")
    desk_hooks.install_wedge(w, settings)
    assert slow_scanner_burst_is_a_scan(c)  # the default 50 ms gap accepts it
    bridge = DeviceBridge(DeviceSettings(), parent=w)
    desk_hooks.install_devices(w, bridge, settings, factories.actor(c.world.main, StaffRole.TECHNICIAN))
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
