"""The one place where hardware meets the GUI: driver threads in, Qt signals on the GUI thread out.

Drivers call their sink on their own threads. The sink only emits a private
signal, which Qt queues to this object's (the GUI) thread; there the event is
turned into the public signals, so every receiver runs on the GUI thread and no
driver thread ever touches a widget. Anything slow (reading a student card's LC
record, stopping or restarting a driver) runs on the bridge's single worker
thread, never on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from desk_app.ui.devices import card_keys
from desk_app.ui.devices import io as device_io
from desk_app.ui.devices.card_read import CardProblem, PatronCardRead, read_patron_card
from desk_app.ui.devices.settings import DeviceSettings
from desk_app.ui.devices.texts import (
    card_read_line,
    describe,
    is_warning,
    problem_text,
    status_text,
)
from drivers.base import (
    BarcodeRead,
    BarcodeScanner,
    CardLifted,
    CardPlaced,
    CardReaderMonitor,
    DeviceStatus,
    ReaderAdded,
    ReaderRemoved,
)

log = logging.getLogger(__name__)


MonitorFactory = Callable[[bool], CardReaderMonitor]  # allow_virtual -> a reader/card monitor
ScannerFactory = Callable[[dict[str, Any]], BarcodeScanner]  # settings dict -> a serial scanner
KeySource = Callable[[], "bytes | None"]


class DeviceBridge(QObject):
    """Owns the reader monitor and the serial scanner; re-emits their events as Qt signals.

    Call `start()` once the GUI is up and `stop()` before quitting. Every public
    signal is emitted on the GUI thread.
    """

    readerAdded = Signal(str)
    readerRemoved = Signal(str)
    cardPlaced = Signal(str, str, str)  # reader, CardType value, UID hex ("" if unread)
    cardLifted = Signal(str)  # reader
    barcodeRead = Signal(str, str, str)  # text, Symbology value, source ("serial:/dev/ttyUSB0")
    deviceStatus = Signal(str, bool, str)  # device, ok, message
    # For every card placed on the patron reader: (UID hex, card number from a valid LC
    # record or "", problem in words or ""). Number -> student card; neither -> look the
    # patron up by UID (EasyCard/iPass); problem -> show it, identify nobody.
    studentCardRead = Signal(str, str, str)
    cardRead = Signal(object)  # the same outcome as a PatronCardRead, for callers wanting detail
    eventLogged = Signal(str)  # one line per event, for the technician's live list
    apduLogged = Signal(str)  # one redacted APDU line (keys never appear)
    testReadFinished = Signal(object)  # a device_io.TestReadReport, the answer to test_read()
    devicesForgotten = Signal()  # a driver was restarted: devices it reported were dropped from the state
    _posted = Signal(object)  # driver thread -> GUI thread, queued

    def __init__(
        self,
        device_settings: DeviceSettings | None = None,
        training: bool = False,
        key_source: KeySource | None = None,
        monitor_factory: MonitorFactory | None = None,
        scanner_factory: ScannerFactory | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = device_settings or DeviceSettings()
        self._training = training
        self._key_source = key_source or (lambda: card_keys.load_key_a(self._training))
        self._monitor_factory = monitor_factory or device_io.make_monitor
        self._scanner_factory = scanner_factory or device_io.make_scanner
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="libdesk-devices")
        self._lock = threading.Lock()  # guards the driver objects, touched on the worker only
        self._monitor: CardReaderMonitor | None = None
        self._scanner: BarcodeScanner | None = None
        self._scanner_device = ""  # "serial:<port>" of the scanner started (or tried) last
        self._running = False
        self._closed = False
        # Live state for widgets created later (GUI thread only).
        self._cards: dict[str, str] = {}  # reader -> UID hex ("" = no card)
        self._status: dict[str, tuple[bool, str]] = {}
        self._posted.connect(self._dispatch, Qt.ConnectionType.QueuedConnection)

    # ---- lifecycle (GUI thread; the work happens on the worker) ---------------------

    def start(self) -> Future[None]:
        """Start the reader monitor and, if enabled, the scanner. Returns at once."""
        self._running = True
        return self._submit(self._start_drivers, self._settings, self._training)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop every driver and the worker. Waits (bounded): only call when closing the desk."""
        if self._closed:
            return
        self._running = False
        future = self._submit(self._stop_drivers)
        self._closed = True
        try:
            future.result(timeout=timeout)
        except Exception:
            log.exception("stopping the device drivers failed")
        self._worker.shutdown(wait=False, cancel_futures=True)

    def _submit(self, fn: Callable[..., None], *args: Any) -> Future[None]:
        """Run `fn` on the worker; after stop() nothing runs (a done future comes back)."""
        if self._closed:
            done: Future[None] = Future()
            done.set_result(None)
            return done
        return self._worker.submit(fn, *args)

    def apply_settings(self, device_settings: DeviceSettings, training: bool | None = None) -> Future[None]:
        """New settings from the panel: restart only what changed (the scanner, or the monitor)."""
        old, old_training = self._settings, self._training
        self._settings = device_settings
        if training is not None:
            self._training = training
        restart_scanner = (old.scanner_enabled, old.scanner) != (device_settings.scanner_enabled,
                                                                 device_settings.scanner)
        restart_monitor = old_training != self._training
        return self._submit(self._restart, device_settings, self._training, restart_monitor and self._running,
                            restart_scanner and self._running)

    # ---- state for late subscribers --------------------------------------------------

    @property
    def settings(self) -> DeviceSettings:
        return self._settings

    @property
    def training(self) -> bool:
        return self._training

    def readers(self) -> dict[str, str]:
        """Known readers -> UID hex of the card on it ("" = none)."""
        return dict(self._cards)

    def statuses(self) -> dict[str, tuple[bool, str]]:
        """Last DeviceStatus per device: (ok, message)."""
        return dict(self._status)

    # ---- test a card read (technician's panel) ---------------------------------------

    def test_read(self, reader: str) -> Future[None]:
        """Read UID, type and LC record on `reader` off the GUI thread; the answer comes as testReadFinished."""
        return self._submit(self._test_read, reader, self._settings)

    # ---- driver threads -> GUI thread ------------------------------------------------

    def _sink(self, event: object) -> None:
        """Called on driver threads: never touch state or widgets here, only queue."""
        try:
            self._posted.emit(event)
        except RuntimeError:  # the bridge was deleted with the window while a driver finished
            log.debug("device event after the bridge was deleted: %s", type(event).__name__)

    def _apdu_sink(self, line: str) -> None:
        self._sink(_ApduLine(line))

    @Slot(object)
    def _dispatch(self, event: object) -> None:
        """GUI thread: update the live state, then emit the public signals."""
        if isinstance(event, _ApduLine):
            self.apduLogged.emit(event.line)
            return
        if isinstance(event, device_io.TestReadReport):
            self.testReadFinished.emit(event)
            return
        if isinstance(event, PatronCardRead):
            self._emit_card_read(event)
            return
        if isinstance(event, _Forget):
            self._forget(event)
            return
        if not isinstance(event, (ReaderAdded, ReaderRemoved, CardPlaced, CardLifted, BarcodeRead, DeviceStatus)):
            return
        self.eventLogged.emit(describe(event))
        if isinstance(event, ReaderAdded):
            self._cards.setdefault(event.reader, "")
            self.readerAdded.emit(event.reader)
        elif isinstance(event, ReaderRemoved):
            self._cards.pop(event.reader, None)
            self.readerRemoved.emit(event.reader)
        elif isinstance(event, CardPlaced):
            self._cards[event.reader] = event.uid_hex or "?"
            self.cardPlaced.emit(event.reader, event.card_type.value, event.uid_hex)
            if self._is_patron_reader(event.reader):
                self._submit(self._read_card, event, self._settings)
        elif isinstance(event, CardLifted):
            self._cards[event.reader] = ""
            self.cardLifted.emit(event.reader)
        elif isinstance(event, BarcodeRead):
            self.barcodeRead.emit(event.text, event.symbology.value, event.source)
        elif isinstance(event, DeviceStatus):
            message = status_text(event)
            if not is_warning(event):  # a warning passes; the device's state stays
                self._status[event.device] = (event.ok, message)
            self.deviceStatus.emit(event.device, event.ok, message)

    def _forget(self, event: _Forget) -> None:
        """A driver was stopped on purpose: what it last said no longer describes a device."""
        for device in event.devices:
            self._status.pop(device, None)
        if event.readers:
            for reader, uid in sorted(self._cards.items()):
                if uid:
                    self.cardLifted.emit(reader)
                self.readerRemoved.emit(reader)
            self._cards.clear()
        self.devicesForgotten.emit()

    def _is_patron_reader(self, reader: str) -> bool:
        chosen = self._settings.patron_reader
        return not chosen or chosen == reader

    def _emit_card_read(self, result: PatronCardRead) -> None:
        self.eventLogged.emit(card_read_line(result))
        self.studentCardRead.emit(result.uid_hex, result.card_number, problem_text(result))
        self.cardRead.emit(result)

    # ---- worker thread -----------------------------------------------------------------

    def _start_drivers(self, settings: DeviceSettings, training: bool) -> None:
        with self._lock:
            self._start_monitor(training)
            self._start_scanner(settings)

    def _stop_drivers(self) -> None:
        with self._lock:
            self._stop_scanner()
            self._stop_monitor()

    def _restart(self, settings: DeviceSettings, training: bool, monitor: bool, scanner: bool) -> None:
        with self._lock:
            if monitor:
                self._stop_monitor()
                self._sink(_Forget(("pcscd",), readers=True))  # queued after the old monitor's last event
                self._start_monitor(training)
            if scanner:
                old = self._stop_scanner()
                if old:
                    self._sink(_Forget((old,), readers=False))
                self._start_scanner(settings)

    def _start_monitor(self, training: bool) -> None:
        try:
            monitor = self._monitor_factory(training)
            monitor.start(self._sink)
        except Exception as exc:
            log.exception("the card reader monitor did not start")
            self._sink(DeviceStatus("pcscd", False, str(exc)))
            return
        self._monitor = monitor

    def _stop_monitor(self) -> None:
        if self._monitor is not None:
            try:
                self._monitor.stop()
            finally:
                self._monitor = None

    def _start_scanner(self, settings: DeviceSettings) -> None:
        if not settings.scanner_enabled or not settings.scanner.get("port"):
            return
        self._scanner_device = f"serial:{settings.scanner.get('port')}"
        try:
            scanner = self._scanner_factory(settings.scanner)
            scanner.start(self._sink)
        except Exception as exc:  # noqa: BLE001 - bad settings or a missing port: say so, keep running
            log.warning("the serial scanner did not start: %s", exc)
            self._sink(DeviceStatus(self._scanner_device, False, str(exc)))
            return
        self._scanner = scanner

    def _stop_scanner(self) -> str:
        """Stop the scanner (its thread has ended on return); returns its device name, "" if none."""
        device, self._scanner_device = self._scanner_device, ""
        if self._scanner is not None:
            try:
                self._scanner.stop()
            finally:
                self._scanner = None
        return device

    def _read_card(self, event: CardPlaced, settings: DeviceSettings) -> None:
        try:
            result = read_patron_card(
                event.reader, event.card_type, event.uid, self._key_source(),
                lambda reader, key, apdu_log: device_io.read_lc_record(reader, key, settings, apdu_log),
                self._apdu_sink,
            )
        except Exception:
            log.exception("reading the card on %s failed unexpectedly", event.reader)
            result = PatronCardRead(event.reader, event.uid_hex, event.card_type, problem=CardProblem.READ_FAILED)
        self._sink(result)

    def _test_read(self, reader: str, settings: DeviceSettings) -> None:
        try:
            report = device_io.test_read(reader, self._key_source(), settings, self._apdu_sink)
        except Exception as exc:
            log.exception("the test read on %s failed unexpectedly", reader)
            report = device_io.TestReadReport(reader, error=type(exc).__name__)
        self._sink(report)


class _Forget:
    __slots__ = ("devices", "readers")

    def __init__(self, devices: tuple[str, ...], readers: bool) -> None:
        self.devices = devices
        self.readers = readers


class _ApduLine:
    __slots__ = ("line",)

    def __init__(self, line: str) -> None:
        self.line = line
