"""The "devices" section of the settings file, as one typed value.

The bridge, the status bar and the technician's panel all read the same fields;
a dataclass keeps their names in one place and lets a bad hand-edited value fall
back to its default instead of crashing the desk at start. No secrets here: card
keys live in the secret store, only their reader key-slot numbers are settings.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from desk_app.settings import Settings
from drivers.keyboard_wedge import WedgeSettings

SECTION = "devices"


@dataclass(frozen=True)
class DeviceSettings:
    patron_reader: str = ""  # the reader for patron cards; "" = any reader
    lc_sector: int = 1  # the LC v1 application sector S (spec: default 1)
    key_a_slot: int = 0  # reader key slots: vendors number them differently
    key_b_slot: int = 1
    scanner_enabled: bool = False
    scanner: dict[str, Any] = field(default_factory=dict)  # SerialScannerSettings.to_dict()
    wedge: dict[str, Any] = field(default_factory=dict)  # WedgeSettings fields

    @classmethod
    def from_section(cls, values: dict[str, Any]) -> DeviceSettings:
        """Known keys with the right type; anything else keeps its default."""
        defaults = cls()
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in values:
                continue
            value = values[f.name]
            default = getattr(defaults, f.name)
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, int):
                ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
            else:
                ok = isinstance(value, type(default))
            if ok:
                kwargs[f.name] = dict(value) if isinstance(value, dict) else value
        return cls(**kwargs)

    def to_section(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def wedge_settings(self) -> WedgeSettings:
        """The keyboard-wedge thresholds the technician saved; defaults if none or unusable."""
        try:
            return WedgeSettings.from_dict(self.wedge)
        except (ValueError, TypeError):
            return WedgeSettings()


def changes(old: DeviceSettings, new: DeviceSettings, old_training: bool, new_training: bool) -> dict[str, Any]:
    """What a save changed, flat ("wedge.max_gap_ms": 40), for the audit trail: no secrets live here."""
    out: dict[str, Any] = {}
    before, after = old.to_section(), new.to_section()
    for name, value in after.items():
        if isinstance(value, dict):
            was = before.get(name) or {}
            out.update({f"{name}.{k}": v for k, v in sorted(value.items()) if was.get(k) != v})
            out.update({f"{name}.{k}": None for k in sorted(was) if k not in value})
        elif before.get(name) != value:
            out[name] = value
    if old_training != new_training:
        out["training_mode"] = new_training
    return out


def load(settings: Settings) -> DeviceSettings:
    return DeviceSettings.from_section(settings.section(SECTION))


def save(settings: Settings, device_settings: DeviceSettings) -> None:
    settings.update(SECTION, device_settings.to_section())


def training_mode(settings: Settings, cli_flag: bool = False) -> bool:
    """Virtual (vpcd) readers are accepted only in training mode: vpcd takes cards from the network."""
    return bool(cli_flag or settings.get("desk", "training_mode", False))
