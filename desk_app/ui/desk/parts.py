"""What the counter window is given when it is made: its parts, typed, in one value.

The assembly (ui/assembly.py) builds a DeskParts from the settings and the database;
a test builds one with only the parts it needs. A part left None is a desk without it
(no lock screen, no card readers, ...). The window builds the widgets of each part
as its own children and wires them in its constructor; nothing is attached later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desk_app.core.messages import Message
from desk_app.core.staff.permissions import Actor
from desk_app.settings import Settings
from desk_app.ui.desk.holds_expiry import Clock
from desk_app.ui.desk.search_dialog import SearchFn
from desk_app.ui.desk.sounds import DeskSounds
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.i18n import tr_core
from desk_app.ui.staff.reveal import DEFAULT_HIDE_AFTER_MS
from desk_app.ui.staff.sign_in import Authenticate
from drivers.keyboard_wedge import WedgeSettings

DEFAULT_IDLE_LOCK_MS = 5 * 60_000


@dataclass(frozen=True)
class DeskLabels:
    """The status bar's fixed texts: who is signed in (role as a StaffRole value) and where."""

    staff_name: str = ""
    staff_role: str = ""
    branch_name: str = ""


@dataclass(frozen=True)
class LockPart:
    """Ctrl+L and the idle timer hide the patron; `verify` is core's unlock check (run on the op runner)."""

    verify: Authenticate
    actor: Actor  # who is signed in when the desk opens
    idle_ms: int = DEFAULT_IDLE_LOCK_MS  # 0: never lock by itself
    staff_name: str = ""


@dataclass(frozen=True)
class SlipPart:
    """Ctrl+P prints the last slip (or a receipt); without a printer it is saved as a PDF in `pdf_dir`."""

    pdf_dir: Path
    branch_name: str = ""


@dataclass(frozen=True)
class RevealPart:
    """"Show" beside the masked ID for roles allowed to reveal it; hidden again after `hide_after_ms`."""

    hide_after_ms: int = DEFAULT_HIDE_AFTER_MS


@dataclass(frozen=True)
class HoldsExpiryPart:
    """Expire shelf holds at start and after each midnight; `clock` is for tests (UTC now)."""

    clock: Clock | None = None


@dataclass(frozen=True)
class DevicesPart:
    """Card readers and the serial scanner (through the bridge), and the F8 panel that saves to `settings`."""

    bridge: DeviceBridge
    settings: Settings


@dataclass(frozen=True)
class DeskParts:
    """Everything the window is given besides core's DeskService and the op runner."""

    labels: DeskLabels = field(default_factory=DeskLabels)
    translate_message: Callable[[Message], str] = tr_core
    sounds: DeskSounds | None = None  # a sound per outcome; Ctrl+M mutes it
    outbox_count: Callable[[], int] | None = None  # run on the op runner after each change that syncs
    wedge: WedgeSettings | None = None  # keyboard-wedge scanners, told apart from typing by these thresholds
    slips: SlipPart | None = None
    search: SearchFn | None = None  # F6; Enter on a hit places a hold for the patron
    lock: LockPart | None = None
    reveal: RevealPart | None = None
    holds_expiry: HoldsExpiryPart | None = None
    devices: DevicesPart | None = None
