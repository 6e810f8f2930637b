"""The one place the desk is put together: each part built from the settings and the database, typed.

The window (desk/main_window.py) is given its parts in a DeskParts and wires them
itself; this module only decides what each part is at a real desk (the user's
settings, the database's staff and branch, the device bridge, the slips folder).
The training devices, which watch the desk from outside, are plugged in last.
Reads run here once, before the window opens (the status bar's names).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.desk import DeskService
from desk_app.core.patrons.training_cards import (
    TrainingCard,
    TrainingItem,
    item_statuses,
    training_cards,
    training_items,
)
from desk_app.core.staff.permissions import Actor
from desk_app.settings import Settings, default_data_dir
from desk_app.store.models import Branch, Staff
from desk_app.store.outbox import pending_count
from desk_app.ui.desk.main_window import DeskWindow
from desk_app.ui.desk.parts import (
    DeskLabels,
    DeskParts,
    DevicesPart,
    HoldsExpiryPart,
    LockPart,
    RevealPart,
    SlipPart,
)
from desk_app.ui.desk.search_dialog import catalog_search
from desk_app.ui.desk.sounds import desk_sounds
from desk_app.ui.devices import settings as device_settings
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.i18n import tr_core
from desk_app.ui.ops import OpRunner
from desk_app.ui.staff.lock_screen import idle_ms_from
from desk_app.ui.staff.sign_in import authenticator
from desk_app.ui.training.devices import TrainingDevices, TrainingPlug
from desk_app.ui.training.types import CatalogReads

log = logging.getLogger(__name__)


def desk_labels(session_factory: sessionmaker[Session], actor: Actor) -> DeskLabels:
    """The staff member's display name, role and branch for the status bar; read once, before the window opens."""
    with session_factory() as session:
        staff = session.get(Staff, actor.staff_id) if actor.staff_id is not None else None
        branch = session.get(Branch, actor.branch_id)
        if branch is None:
            branch = session.scalars(select(Branch).order_by(Branch.id).limit(1)).first()
        return DeskLabels(staff.display_name if staff else actor.username, actor.role.value,
                          branch.name if branch else "")


def outbox_counter(session_factory: sessionmaker[Session]) -> Callable[[], int]:
    """How many changes wait for sync (run on the op runner after each change that syncs)."""
    def count() -> int:
        with session_factory() as session:
            return pending_count(session)

    return count


def lock_part(session_factory: sessionmaker[Session], actor: Actor, settings: Settings,
              staff_name: str = "") -> LockPart:
    """The lock for `actor`: unlock checked by core (branch from the settings), idle time from the settings."""
    verify = authenticator(session_factory, settings.get("desk", "branch_code") or None, purpose="unlock")
    return LockPart(verify, actor, idle_ms_from(settings), staff_name)


def desk_parts(session_factory: sessionmaker[Session], actor: Actor, settings: Settings,
               bridge: DeviceBridge | None) -> DeskParts:
    """Every part of a real desk, from the user's settings and the database."""
    labels = desk_labels(session_factory, actor)
    return DeskParts(
        labels=labels,
        translate_message=tr_core,
        sounds=desk_sounds(settings),
        outbox_count=outbox_counter(session_factory),
        wedge=device_settings.load(settings).wedge_settings(),
        slips=SlipPart(default_data_dir() / "slips", labels.branch_name),
        search=catalog_search(session_factory),
        lock=lock_part(session_factory, actor, settings, labels.staff_name),
        reveal=RevealPart(),
        holds_expiry=HoldsExpiryPart(),
        devices=DevicesPart(bridge, settings) if bridge is not None else None,
    )


def training_catalog(session_factory: sessionmaker[Session], branch_id: int | None) -> CatalogReads:
    """The demo patrons' cards and this branch's demo items, and their statuses later (read on the op runner)."""
    def everything() -> tuple[list[TrainingCard], list[TrainingItem]]:
        with session_factory() as session:
            return training_cards(session), training_items(session, branch_id)

    def statuses(barcodes: Collection[str]) -> dict[str, str]:
        with session_factory() as session:
            return item_statuses(session, barcodes)

    return CatalogReads(everything, statuses)


def plug_training_devices(window: DeskWindow, bridge: DeviceBridge, settings: Settings,
                          session_factory: sessionmaker[Session], actor: Actor) -> TrainingDevices:
    """Decide (off the GUI thread) whether this desk needs virtual devices; the plug adds F9 if so.

    Everything stops when the application quits (aboutToQuit), or earlier through
    `training.devices.plug_for(window).close()`.
    """
    devices = TrainingDevices(bridge, settings, training_catalog(session_factory, actor.branch_id), window.runner,
                              window)
    TrainingPlug(window, devices, bridge)
    devices.start()
    return devices


def build_window(service: DeskService, runner: OpRunner, session_factory: sessionmaker[Session], actor: Actor,
                 settings: Settings, training: bool) -> tuple[DeskWindow, DeviceBridge | None]:
    """The desk window with every part; returns (window, device bridge or None)."""
    bridge: DeviceBridge | None = None
    try:
        bridge = DeviceBridge(device_settings.load(settings), training=training)
    except Exception:  # a desk without readers still lends books by barcode
        log.exception("the device bridge could not be made; continuing without card readers")
    window = DeskWindow(service, runner, desk_parts(session_factory, actor, settings, bridge))
    if bridge is not None:
        try:
            bridge.start()
        except Exception:
            log.exception("the device bridge could not start; continuing without card readers")
        try:  # no hardware found: a virtual scanner and virtual cards, labelled as training (F9)
            plug_training_devices(window, bridge, settings, session_factory, actor)
        except Exception:  # training devices are a convenience, never a reason not to open the desk
            log.exception("the training devices could not start")
    return window, bridge
