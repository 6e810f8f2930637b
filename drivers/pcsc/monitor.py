"""Watches PC/SC readers and cards on its own thread and reports events to a sink.

One thread owns the PC/SC context: it lists readers (hot-plug is found by diffing
the list, woken early by pcscd's \\\\?PnP?\\Notification), waits on
SCardGetStatusChange for cards, and reads the UID of each card placed. When pcscd
stops, every call on the old context fails with 0x8010001D; the monitor reports
"pcscd is not running", drops the context and keeps trying to make a new one, so a
restarted pcscd is picked up without restarting the desk. Never touches Qt: the UI's
device bridge turns these events into signals on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from smartcard import scard

from drivers.base import (
    CardLifted,
    CardPlaced,
    DeviceEvent,
    DeviceStatus,
    DriverError,
    EventSink,
    ReaderAdded,
    ReaderRemoved,
    ServiceUnavailable,
)
from drivers.pcsc import apdu
from drivers.pcsc.atr import card_type_from_atr
from drivers.pcsc.errors import PCSCD_NOT_RUNNING, SERVICE_GONE, describe, raise_for

log = logging.getLogger(__name__)

PNP_NOTIFICATION = "\\\\?PnP?\\Notification"
VIRTUAL_PREFIX = "Virtual PCD"
DEVICE = "pcscd"


def is_virtual(reader: str) -> bool:
    """vpcd readers accept cards from the whole network: training mode only."""
    return reader.startswith(VIRTUAL_PREFIX)


@dataclass
class _ReaderState:
    state: int = scard.SCARD_STATE_UNAWARE
    present: bool = False
    events: int | None = None  # pcsc-lite's per-reader event counter (high word of the state)


class PcscMonitor:
    """Implements drivers.base.CardReaderMonitor on pyscard's low-level API."""

    def __init__(self, *, allow_virtual: bool = False, wait_ms: int = 1000, retry_seconds: float = 0.5) -> None:
        self.allow_virtual = allow_virtual
        self.wait_ms = wait_ms  # longest wait for a change before re-listing readers
        self.retry_seconds = retry_seconds  # between attempts to reach a stopped pcscd
        self._sink: EventSink | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()  # guards _context (for SCardCancel) and _readers
        self._context: int | None = None
        self._readers: dict[str, _ReaderState] = {}
        self._service_ok: bool | None = None
        self._cycles = 0  # listings completed, for wait_settled()
        self._cycled = threading.Condition()

    # ---- CardReaderMonitor ------------------------------------------------------------

    def start(self, sink: EventSink) -> None:
        if self._thread is not None:
            raise RuntimeError("the monitor is already running")
        self._sink = sink
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="pcsc-monitor", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Wake the thread (SCardCancel) and wait for it; safe to call twice."""
        self._stopping.set()
        with self._lock:
            if self._context is not None:
                scard.SCardCancel(self._context)
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():  # pragma: no cover - pcscd hung inside a call
                log.warning("PC/SC monitor thread did not stop within %.1f s", timeout)
            self._thread = None

    def readers(self) -> list[str]:
        with self._lock:
            return sorted(self._readers)

    def wait_settled(self, timeout: float = 10.0) -> bool:
        """Wait until the monitor has listed the readers (and reported them) after this call.

        For callers that must know the monitor has looked at least once, e.g. a doctor
        check or a test asserting that nothing was reported.
        """
        with self._cycled:
            target = self._cycles + 2  # one listing may already be under way
            return self._cycled.wait_for(lambda: self._cycles >= target, timeout)

    # ---- thread ----------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while not self._stopping.is_set():
                if self._context is None and not self._connect():
                    self._stopping.wait(self.retry_seconds)
                    continue
                try:
                    self._cycle()
                except ServiceUnavailable as exc:
                    self._service_lost(str(exc))
                except DriverError as exc:  # an odd PC/SC error: report, back off, go on
                    log.warning("PC/SC monitor: %s", exc)
                    self._stopping.wait(self.retry_seconds)
        finally:
            self._release_context()

    def _connect(self) -> bool:
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            self._service_lost(describe(hresult))
            return False
        with self._lock:
            self._context = context
        if self._service_ok is not True:
            self._service_ok = True
            self._emit(DeviceStatus(DEVICE, True, "pcscd is running"))
        return True

    def _service_lost(self, detail: str) -> None:
        self._release_context()
        for reader in self.readers():
            self._drop_reader(reader)
        if self._service_ok is not False:
            self._service_ok = False
            self._emit(DeviceStatus(DEVICE, False, PCSCD_NOT_RUNNING, {"error": detail}))

    def _release_context(self) -> None:
        with self._lock:
            context, self._context = self._context, None
        if context is not None:
            scard.SCardReleaseContext(context)

    def _cycle(self) -> None:
        context = self._context
        assert context is not None
        hresult, listed = scard.SCardListReaders(context, [])
        if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
            listed = []
        else:
            raise_for(hresult, "list the card readers")
        self._sync_readers([r for r in listed if self.allow_virtual or not is_virtual(r)])
        with self._cycled:
            self._cycles += 1
            self._cycled.notify_all()
        with self._lock:
            watched = [(name, st.state) for name, st in self._readers.items()]
        states = watched + [(PNP_NOTIFICATION, len(listed) << 16)]
        if self._stopping.is_set():
            return
        hresult, changed = scard.SCardGetStatusChange(context, self.wait_ms, states)
        if hresult in (scard.SCARD_E_TIMEOUT, scard.SCARD_E_CANCELLED):
            return
        if hresult in SERVICE_GONE:
            raise_for(hresult, "watch the card readers")
        if hresult != scard.SCARD_S_SUCCESS:
            return  # a reader vanished mid-call (unknown reader): the next listing sorts it out
        for name, event_state, atr in changed:
            if name != PNP_NOTIFICATION:
                self._reader_changed(name, event_state, bytes(atr))

    def _sync_readers(self, current: list[str]) -> None:
        known = self.readers()
        for reader in known:
            if reader not in current:
                self._drop_reader(reader)
        for reader in current:
            if reader not in known:
                with self._lock:
                    self._readers[reader] = _ReaderState()
                self._emit(ReaderAdded(reader))

    def _drop_reader(self, reader: str) -> None:
        with self._lock:
            state = self._readers.pop(reader, None)
        if state is not None:
            if state.present:
                self._emit(CardLifted(reader))
            self._emit(ReaderRemoved(reader))

    def _reader_changed(self, reader: str, event_state: int, atr: bytes) -> None:
        with self._lock:
            state = self._readers.get(reader)
        if state is None or event_state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
            return
        present = bool(event_state & scard.SCARD_STATE_PRESENT) and not event_state & scard.SCARD_STATE_MUTE
        events = event_state >> 16
        swapped = (state.present and present and state.events is not None and events - state.events >= 2)
        state.state = event_state & ~scard.SCARD_STATE_CHANGED
        was_present, state.present, state.events = state.present, present, events
        if was_present and (not present or swapped):
            self._emit(CardLifted(reader))
        if present and (not was_present or swapped):
            self._emit(CardPlaced(reader, atr, card_type_from_atr(atr), self._read_uid(reader)))

    def _read_uid(self, reader: str) -> bytes | None:
        """The UID by FF CA 00 00 00; None if the card left at once or does not answer."""
        context = self._context
        if context is None:
            return None
        hresult, card, protocol = scard.SCardConnect(
            context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        )
        if hresult != scard.SCARD_S_SUCCESS:
            return None
        try:
            hresult, response = scard.SCardTransmit(card, protocol, apdu.get_uid())
            if hresult != scard.SCARD_S_SUCCESS or len(response) < 3 or list(response[-2:]) != [0x90, 0x00]:
                return None
            return bytes(response[:-2])
        finally:
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)

    def _emit(self, event: DeviceEvent) -> None:
        if self._sink is None:
            return
        try:
            self._sink(event)
        except Exception:  # a faulty sink must not kill the reader thread
            log.exception("PC/SC monitor: event sink failed on %s", type(event).__name__)
