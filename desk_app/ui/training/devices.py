"""Virtual devices when no hardware is found: the desk in training mode, honestly labelled.

At desk start a worker looks for real hardware (a PC/SC reader not named "Virtual
PCD", or the configured serial scanner's port). Finding none, the desk starts a
virtual serial scanner on a pty and points the REAL serial scanner driver at it
through the device bridge, and, when pcscd lists a vpcd reader, turns training
mode on so virtual cards tapped on it are read like real ones. Everything a
trainee does then travels the same road as at a real desk: pty -> pyserial ->
bridge, or virtual card -> vpcd -> pcscd -> pyscard -> bridge.

The status bar says "Virtual devices (training)"; F9 opens the training window.
Nothing here touches a widget from a worker: results come back as queued signals.
One line to use it (app.build_window): `training_devices.install(window, bridge, settings, sessions, actor)`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QToolBar
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.patrons.training_cards import (
    TrainingCard,
    TrainingItem,
    training_cards,
    training_items,
)
from desk_app.settings import Settings
from desk_app.ui.devices import card_keys
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.devices.settings import DeviceSettings
from desk_app.ui.training.probe import (
    SECTION,
    Probe,
    TrainingSettings,
    VirtualDevicesPolicy,
    VpcdState,
    probe,
    wait_for_card,
)
from drivers import lc_record
from drivers.pcsc import access_bits
from drivers.serial_settings import SerialScannerSettings
from drivers.virtual.pty_scanner import VirtualScanner
from drivers.virtual.vpcd_card import VirtualMifareCard

if TYPE_CHECKING:
    from desk_app.ui.desk.main_window import DeskWindow
    from desk_app.ui.training.window import TrainingWindow

log = logging.getLogger(__name__)


CARD_ARRIVES_SECONDS = 5.0  # pcscd polls vpcd every 0.4 s; a card not seen in 5 s is not coming
CARD_LEAVES_SECONDS = 3.0
AMBER = "#a15c00"
PLUG_NAME = "trainingDevicesPlug"


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
class _Decided:
    probe: Probe
    scanner: VirtualScanner | None
    recheck: bool


@dataclass(frozen=True)
class _Tapped:
    card: TrainingCard


@dataclass(frozen=True)
class _Lifted:
    pass


@dataclass(frozen=True)
class _Failed:
    problem: Problem


@dataclass(frozen=True)
class _Catalog:
    cards: list[TrainingCard]
    items: list[TrainingItem]


class TrainingDevices(QObject):
    """Owns the virtual scanner and the virtual card on the reader; one worker thread does the waiting."""

    modeChanged = Signal(object)  # Mode, once decided (and again after "check again")
    cardTapped = Signal(object)  # TrainingCard: pcscd sees it on the virtual reader
    cardLifted = Signal()
    failed = Signal(object)  # Problem
    catalogLoaded = Signal(object, object)  # list[TrainingCard], list[TrainingItem]
    _posted = Signal(object)  # worker -> GUI thread, queued

    def __init__(self, bridge: DeviceBridge, settings: Settings, session_factory: sessionmaker[Session],
                 branch_id: int | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._sessions = session_factory
        self._branch_id = branch_id
        self.settings = TrainingSettings.from_section(settings.section(SECTION))
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="libdesk-training")
        self._lock = threading.Lock()  # guards _scanner and _card against stop() racing the worker
        self._scanner: VirtualScanner | None = None
        self._card: VirtualMifareCard | None = None
        self._applied: DeviceSettings | None = None  # what we gave the bridge (to give back at stop)
        self._original: DeviceSettings | None = None
        self._closed = False
        self.mode = Mode.UNDECIDED
        self.probe: Probe | None = None
        self._posted.connect(self._dispatch, Qt.ConnectionType.QueuedConnection)

    # ---- state for the window ------------------------------------------------------------

    @property
    def scanner_port(self) -> str:
        """The virtual scanner's pty ("" when none: real hardware or not decided yet)."""
        scanner = self._scanner
        return scanner.port if scanner is not None else ""

    @property
    def cards_ready(self) -> bool:
        return self.probe is not None and self.probe.vpcd is VpcdState.READY and self.mode in (Mode.VIRTUAL,
                                                                                                Mode.TRAINING)

    @property
    def active(self) -> bool:
        return self.mode in (Mode.VIRTUAL, Mode.TRAINING)

    # ---- commands (GUI thread; the work runs on the worker) ---------------------------------

    def start(self) -> Future[None]:
        """Look for hardware off the GUI thread; modeChanged says what was decided."""
        if self.settings.virtual_devices is VirtualDevicesPolicy.OFF:
            self.mode = Mode.OFF
            done: Future[None] = Future()
            done.set_result(None)
            return done
        current = self._bridge.settings
        return self._submit(self._look, current.scanner, current.scanner_enabled, False)

    def recheck(self) -> Future[None]:
        """Look again for a vpcd reader (after the trainer installed or started it)."""
        current = self._bridge.settings
        return self._submit(self._look, current.scanner, current.scanner_enabled, True)

    def tap(self, card: TrainingCard) -> Future[None]:
        """Put `card` on the virtual reader (the card there before is lifted first)."""
        if not self.cards_ready or self.probe is None:
            self.failed.emit(Problem.NO_READER)
            return self._submit(lambda: None)
        return self._submit(self._tap, card, self.probe.vpcd_reader, self._bridge.settings.lc_sector)

    def lift(self) -> Future[None]:
        return self._submit(self._lift, self.probe.vpcd_reader if self.probe else "")

    def scan(self, text: str) -> Future[None]:
        """Send a barcode down the virtual scanner's line, suffix and all, as a real scanner does."""
        return self._submit(self._scan, text)

    def load_catalog(self) -> Future[None]:
        return self._submit(self._load_catalog, self._branch_id)

    def stop(self, timeout: float = 5.0) -> None:
        """Give the bridge its own scanner settings back, then lift the card and unplug the pty. Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._applied is not None and self._original is not None and self._bridge_settings() == self._applied:
            try:  # the serial driver lets go of the pty before the pty goes away
                self._bridge.apply_settings(self._original).result(timeout)
            except Exception:  # noqa: BLE001 - closing anyway: the driver sees an unplugged port
                log.warning("the device bridge did not release the virtual scanner in time")
        self._worker.shutdown(wait=False, cancel_futures=True)
        self._close_devices()

    # ---- worker ----------------------------------------------------------------------------

    def _submit(self, fn: Callable[..., None], *args: Any) -> Future[None]:
        if self._closed:
            done: Future[None] = Future()
            done.set_result(None)
            return done
        return self._worker.submit(self._guarded, fn, *args)

    def _guarded(self, fn: Callable[..., None], *args: Any) -> None:
        try:
            fn(*args)
        except Exception:
            log.exception("training devices: %s failed", getattr(fn, "__name__", "a job"))

    def _post(self, event: object) -> None:
        try:
            self._posted.emit(event)
        except RuntimeError:  # the window (our parent) was deleted while the worker finished
            log.debug("training event after the window closed: %s", type(event).__name__)

    def _look(self, scanner: dict[str, Any], scanner_enabled: bool, recheck: bool) -> None:
        found = probe(self.settings, scanner, scanner_enabled)
        virtual_scanner = None
        if not recheck and not found.hardware_found:
            with self._lock:
                if self._closed:
                    return
                virtual_scanner = VirtualScanner()
                self._scanner = virtual_scanner
        self._post(_Decided(found, virtual_scanner, recheck))

    def _tap(self, card: TrainingCard, reader: str, sector: int) -> None:
        self._take_card_off(reader)
        key_a = card_keys.load_key_a(True) or card_keys.TRANSPORT_KEY  # the key the desk will read with
        virtual = VirtualMifareCard(card.uid_hex, port=self.settings.card_port, host=self.settings.vpcd_host,
                                    key_a=key_a, sector_access={sector: access_bits.READ_AB_WRITE_B})
        if card.is_student_card:
            number = card.card_number
            record = lc_record.LcRecord(number, self.settings.library_code, card.issued_on or dt.date.today(),
                                        int(number[10:]))
            virtual.preburn(record, sector)
        with self._lock:
            if self._closed:
                return
            self._card = virtual.start()
        if wait_for_card(reader, present=True, timeout=CARD_ARRIVES_SECONDS):
            self._post(_Tapped(card))
        else:
            self._take_card_off(reader)
            self._post(_Failed(Problem.CARD_NOT_SEEN))

    def _lift(self, reader: str) -> None:
        self._take_card_off(reader)
        self._post(_Lifted())

    def _take_card_off(self, reader: str) -> None:
        with self._lock:
            card, self._card = self._card, None
        if card is None:
            return
        card.stop()
        if reader:
            wait_for_card(reader, present=False, timeout=CARD_LEAVES_SECONDS)

    def _scan(self, text: str) -> None:
        with self._lock:
            scanner = self._scanner
            try:
                if scanner is None:
                    raise OSError("no virtual scanner")
                scanner.scan(text)
            except OSError:
                self._post(_Failed(Problem.SCAN_FAILED))

    def _load_catalog(self, branch_id: int | None) -> None:
        with self._sessions() as session:
            cards = training_cards(session)
            items = training_items(session, branch_id)
        self._post(_Catalog(cards, items))

    def _close_devices(self) -> None:
        with self._lock:
            card, self._card = self._card, None
            scanner, self._scanner = self._scanner, None
        if card is not None:
            card.stop()
        if scanner is not None:
            scanner.close()

    # ---- GUI thread ------------------------------------------------------------------------

    def _bridge_settings(self) -> DeviceSettings | None:
        try:
            return self._bridge.settings
        except RuntimeError:  # the bridge went with the window
            return None

    @Slot(object)
    def _dispatch(self, event: object) -> None:
        if self._closed:
            return
        if isinstance(event, _Decided):
            self._decide(event)
        elif isinstance(event, _Tapped):
            self.cardTapped.emit(event.card)
        elif isinstance(event, _Lifted):
            self.cardLifted.emit()
        elif isinstance(event, _Failed):
            self.failed.emit(event.problem)
        elif isinstance(event, _Catalog):
            self.catalogLoaded.emit(event.cards, event.items)

    def _decide(self, decided: _Decided) -> None:
        found = decided.probe
        self.probe = found
        training = True if found.vpcd is VpcdState.READY and not self._bridge.training else None
        if decided.recheck:
            if self.active and training:
                self._bridge.apply_settings(self._bridge.settings, training=True)
        elif decided.scanner is not None:
            self.mode = Mode.VIRTUAL
            self._original = self._bridge.settings
            self._applied = dataclasses.replace(
                self._original, scanner_enabled=True, patron_reader="",
                scanner=SerialScannerSettings(port=decided.scanner.port).to_dict())
            self._bridge.apply_settings(self._applied, training=training)
            log.info("no card reader or serial scanner found: virtual devices (training) on %s",
                     decided.scanner.port)
        elif self._bridge.training:
            self.mode = Mode.TRAINING
        else:
            self.mode = Mode.OFF
        self.modeChanged.emit(self.mode)


# ---- plugging it into the desk window --------------------------------------------------------


class TrainingPlug(QObject):
    """The status label and the F9 action, added to the window once virtual devices are on."""

    def __init__(self, window: DeskWindow, devices: TrainingDevices, bridge: DeviceBridge) -> None:
        super().__init__(window)
        self.setObjectName(PLUG_NAME)
        self.window = window
        self.devices = devices
        self.bridge = bridge
        self.label: QLabel | None = None
        self.action: QAction | None = None
        self.training_window: TrainingWindow | None = None
        devices.modeChanged.connect(self._mode_changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)

    def _mode_changed(self, mode: Mode) -> None:
        if mode is Mode.VIRTUAL and self.label is None:
            self.label = QLabel(self.window.status)
            self.label.setObjectName("virtualDevicesStatus")
            self.window.status.add_device_widget(self.label)
        if self.label is not None:
            text = self.tr("Virtual devices (training)")
            self.label.setText(f'<span style="color:{AMBER}">\u25cf</span> {text}')
            self.label.setAccessibleName(text)
            self.label.setToolTip(self._tooltip())
        if self.devices.active and self.action is None:
            self.action = self._add_action()

    def _tooltip(self) -> str:
        text = self.tr("No card reader or serial scanner was found, so this desk uses virtual devices for "
                       "training. Scans and card taps come from the Training devices window (F9), not from "
                       "real hardware.")
        if not self.devices.cards_ready:
            text += "\n" + self.tr("Virtual cards are off: no virtual card reader (vpcd) is reachable.")
        return text

    def _add_action(self) -> QAction:
        text = self.tr("Training devices")
        action = QAction(text, self.window)
        action.setObjectName("trainingDevices")
        action.setShortcut(QKeySequence("F9"))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        key_text = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setIconText(f"{text} {key_text}")
        action.setToolTip(f"{text} ({key_text})")
        action.triggered.connect(self.open)
        self.window.addAction(action)
        toolbar = self.window.findChild(QToolBar, "deskToolbar")
        if toolbar is not None:
            toolbar.addAction(action)
        return action

    def open(self) -> TrainingWindow:
        """Show the training window (one per desk), raised if it is open already."""
        from desk_app.ui.training.window import TrainingWindow

        if self.training_window is None:
            self.training_window = TrainingWindow(self.devices, self.bridge, self.window)
        self.training_window.show()
        self.training_window.raise_()
        self.training_window.activateWindow()
        return self.training_window

    @Slot()
    def close(self) -> None:
        if self.training_window is not None:
            self.training_window.close()
        self.devices.stop()


def install(window: DeskWindow, bridge: DeviceBridge, settings: Settings, session_factory: sessionmaker[Session],
            actor: Any = None) -> TrainingDevices:
    """Decide (off the GUI thread) whether this desk needs virtual devices, and plug them in if so.

    Everything stops when the application quits (aboutToQuit), or earlier through
    `plug_for(window).close()`.
    """
    devices = TrainingDevices(bridge, settings, session_factory, getattr(actor, "branch_id", None), window)
    TrainingPlug(window, devices, bridge)
    devices.start()
    return devices


def plug_for(window: DeskWindow) -> TrainingPlug | None:
    """The window's training plug (status label, F9 action, training window), if installed."""
    return window.findChild(TrainingPlug, PLUG_NAME)
