"""What the training window and the training devices share: the mode, the problems, the controls.

The window is given its devices by constructor and knows them only through
`TrainingControls`, so window.py never imports devices.py (no import cycle).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import SignalInstance

from desk_app.core.patrons.training_cards import TrainingCard, TrainingItem
from desk_app.ui.training.probe import Probe, TrainingSettings


class Mode(str, enum.Enum):
    UNDECIDED = "undecided"  # still looking
    OFF = "off"  # real hardware at this desk: no virtual devices
    VIRTUAL = "virtual"  # no hardware: a virtual scanner, and virtual cards when vpcd is there
    TRAINING = "training"  # hardware, but training mode switched on: virtual cards only


class Problem(str, enum.Enum):
    CARD_NOT_SEEN = "card_not_seen"  # the virtual card never showed up on the reader
    SCAN_FAILED = "scan_failed"  # the pty is gone
    NO_READER = "no_reader"  # a tap without a reachable vpcd reader


@dataclass(frozen=True)
class CatalogReads:
    """The training window's two reads of the database (run on the desk's op runner)."""

    everything: Callable[[], tuple[list[TrainingCard], list[TrainingItem]]]  # the demo cards and items
    statuses: Callable[[Collection[str]], dict[str, str]]  # barcode -> status now, after a loan or a return


class TrainingControls(Protocol):
    """The virtual devices as the training window drives them (TrainingDevices implements it)."""

    modeChanged: SignalInstance  # Mode
    failed: SignalInstance  # Problem
    catalogLoaded: SignalInstance  # list[TrainingCard], list[TrainingItem]
    itemsChanged: SignalInstance  # dict[str, str]: barcode -> status, for items a desk op changed
    mode: Mode
    probe: Probe | None
    settings: TrainingSettings

    @property
    def scanner_port(self) -> str: ...
    @property
    def cards_ready(self) -> bool: ...
    def tap(self, card: TrainingCard) -> None: ...
    def lift(self) -> None: ...
    def scan(self, text: str) -> None: ...
    def recheck(self) -> None: ...
    def load_catalog(self) -> None: ...
