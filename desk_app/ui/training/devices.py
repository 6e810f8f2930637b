"""Virtual devices when no hardware is found: the desk in training mode, honestly labelled.

At desk start a worker looks for real hardware (a PC/SC reader not named "Virtual
PCD", or the configured serial scanner's port). Finding none, the desk starts a
virtual serial scanner on a pty and points the REAL serial scanner driver at it
through the device bridge, and, when pcscd lists a vpcd reader, turns training
mode on so virtual cards tapped on it are read like real ones. Everything a
trainee does then travels the same road as at a real desk: pty -> pyserial ->
bridge, or virtual card -> vpcd -> pcscd -> pyscard -> bridge.

The status bar says "Virtual devices (training)"; F9 opens the training window.
The work runs through op runners and comes back on the GUI thread: the demo
catalog is read on the desk's runner (a core read like any other); the virtual
hardware waits on a runner of its own (pcscd takes up to seconds to see a card,
and no scan may queue behind that). After an op changed listed items (a loan, a
return), their statuses are read again so the training window shows them as they
now stand.
The assembly (ui/assembly.py) builds TrainingDevices and TrainingPlug.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QToolBar

from desk_app.core.patrons.training_cards import TrainingCard, TrainingItem
from desk_app.settings import Settings
from desk_app.ui.devices import card_keys
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.devices.settings import DeviceSettings
from desk_app.ui.ops import Changes, OpRunner
from desk_app.ui.training.probe import (
    SECTION,
    Probe,
    TrainingSettings,
    VirtualDevicesPolicy,
    VpcdState,
    probe,
)
from desk_app.ui.training.types import CatalogReads, Mode, Problem
from desk_app.ui.training.window import TrainingWindow
from drivers import lc_record
from drivers.pcsc import access_bits
from drivers.pcsc.presence import wait_for_card
from drivers.serial_settings import SerialScannerSettings
from drivers.virtual.pty_scanner import VirtualScanner
from drivers.virtual.vpcd_card import VirtualMifareCard

if TYPE_CHECKING:
    from desk_app.ui.desk.main_window import DeskWindow

log = logging.getLogger(__name__)


CARD_ARRIVES_SECONDS = 5.0  # pcscd polls vpcd every 0.4 s; a card not seen in 5 s is not coming
CARD_LEAVES_SECONDS = 3.0
AMBER = "#a15c00"
PLUG_NAME = "trainingDevicesPlug"

@dataclass(frozen=True)
class _Decided:
    probe: Probe
    scanner: VirtualScanner | None
    recheck: bool


class TrainingDevices(QObject):
    """Owns the virtual scanner and the virtual card on the reader; implements types.TrainingControls."""

    modeChanged = Signal(object)  # Mode, once decided (and again after "check again")
    cardTapped = Signal(object)  # TrainingCard: pcscd sees it on the virtual reader
    cardLifted = Signal()
    failed = Signal(object)  # Problem
    catalogLoaded = Signal(object, object)  # list[TrainingCard], list[TrainingItem]
    itemsChanged = Signal(object)  # dict[str, str]: barcode -> status, for listed items a desk op changed

    def __init__(self, bridge: DeviceBridge, settings: Settings, catalog: CatalogReads, runner: OpRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._catalog = catalog
        self._runner = runner  # the desk's: the demo catalog is a core read like any other
        self._hardware = OpRunner(self, name="libdesk-training")  # waits on pcscd and the pty, never on a scan
        self.settings = TrainingSettings.from_section(settings.section(SECTION))
        self._lock = threading.Lock()  # guards _scanner and _card against stop() racing the worker
        self._scanner: VirtualScanner | None = None
        self._card: VirtualMifareCard | None = None
        self._applied: DeviceSettings | None = None  # what we gave the bridge (to give back at stop)
        self._original: DeviceSettings | None = None
        self._closed = False
        self._listed: frozenset[str] = frozenset()  # the item barcodes the window lists
        self.mode = Mode.UNDECIDED
        self.probe: Probe | None = None
        runner.changed.connect(self._changed)

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

    # ---- commands (GUI thread; answers come back on it) -------------------------------------

    def start(self) -> None:
        """Look for hardware off the GUI thread; modeChanged says what was decided."""
        if self.settings.virtual_devices is VirtualDevicesPolicy.OFF:
            self.mode = Mode.OFF
            return
        current = self._bridge.settings
        self._on_hardware(self._look, current.scanner, current.scanner_enabled, False, done=self._decide)

    def recheck(self) -> None:
        """Look again for a vpcd reader (after the trainer installed or started it)."""
        current = self._bridge.settings
        self._on_hardware(self._look, current.scanner, current.scanner_enabled, True, done=self._decide)

    def tap(self, card: TrainingCard) -> None:
        """Put `card` on the virtual reader (the card there before is lifted first)."""
        if not self.cards_ready or self.probe is None:
            self.failed.emit(Problem.NO_READER)
            return
        self._on_hardware(self._tap, card, self.probe.vpcd_reader, self._bridge.settings.lc_sector,
                          done=lambda seen: self.cardTapped.emit(card) if seen else self.failed.emit(
                              Problem.CARD_NOT_SEEN))

    def lift(self) -> None:
        self._on_hardware(self._take_card_off, self.probe.vpcd_reader if self.probe else "",
                          done=lambda _none: self.cardLifted.emit())

    def scan(self, text: str) -> None:
        """Send a barcode down the virtual scanner's line, suffix and all, as a real scanner does."""
        self._on_hardware(self._scan, text, done=lambda sent: None if sent else self.failed.emit(
            Problem.SCAN_FAILED))

    def load_catalog(self) -> None:
        """The demo cards and items, read on the desk's runner; catalogLoaded brings them."""
        if not self._closed:
            self._runner.run(self._catalog.everything, label="training catalog", on_success=self._catalog_read,
                             on_failure=_not_read)

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
        self._hardware.shutdown(timeout=0, discard_queued=True)  # a wait in progress ends by itself
        self._close_devices()

    # ---- the hardware runner ----------------------------------------------------------------

    def _on_hardware(self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None]) -> None:
        if self._closed:
            return
        self._hardware.run(fn, *args, label=f"training {getattr(fn, '__name__', 'job')}",
                           on_success=lambda result: None if self._closed else done(result))

    def _look(self, scanner: dict[str, Any], scanner_enabled: bool, recheck: bool) -> _Decided:
        found = probe(self.settings, scanner, scanner_enabled)
        virtual_scanner = None
        if not recheck and not found.hardware_found:
            with self._lock:
                if not self._closed:
                    virtual_scanner = VirtualScanner()
                    self._scanner = virtual_scanner
        return _Decided(found, virtual_scanner, recheck)

    def _tap(self, card: TrainingCard, reader: str, sector: int) -> bool:
        """True once pcscd sees the card on `reader`."""
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
                return False
            self._card = virtual.start()
        if wait_for_card(reader, present=True, timeout=CARD_ARRIVES_SECONDS):
            return True
        self._take_card_off(reader)
        return False

    def _take_card_off(self, reader: str) -> None:
        with self._lock:
            card, self._card = self._card, None
        if card is None:
            return
        card.stop()
        if reader:
            wait_for_card(reader, present=False, timeout=CARD_LEAVES_SECONDS)

    def _scan(self, text: str) -> bool:
        """True when the barcode went down the pty."""
        with self._lock:
            scanner = self._scanner
            if scanner is None:
                return False
            try:
                scanner.scan(text)
            except OSError:
                return False
            return True

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

    def _catalog_read(self, catalog: tuple[list[TrainingCard], list[TrainingItem]]) -> None:
        cards, items = catalog
        self._listed = frozenset(item.barcode for item in items)
        if not self._closed:
            self.catalogLoaded.emit(cards, items)

    @Slot(object)
    def _changed(self, changes: Changes) -> None:
        """A loan or a return at the desk: the listed items' statuses in the training window follow."""
        changed = changes.items & self._listed
        if changed and not self._closed:
            self._runner.run(self._catalog.statuses, changed, label="training item statuses",
                             on_success=lambda statuses: None if self._closed else self.itemsChanged.emit(statuses),
                             on_failure=_not_read)

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


def _not_read(error: BaseException) -> None:
    log.warning("the training catalog was not read: %s", type(error).__name__)


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


def plug_for(window: DeskWindow) -> TrainingPlug | None:
    """The window's training plug (status label, F9 action, training window), if installed."""
    return window.findChild(TrainingPlug, PLUG_NAME)
