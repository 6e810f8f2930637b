"""A serial (RS-232 / USB-serial) barcode scanner read on its own thread with pyserial.

The thread owns the port: it opens it, turns bytes into barcodes, and when the port
vanishes (a cable pulled) it says so and keeps trying to reopen it on a backoff until
the scanner is back, so the desk never needs a restart. Bad bytes on the line never
become a scan: they become a warning the technician can see.

Statuses carry an English source text marked for translation in the "drivers" context,
with its {placeholders} in `details`: show `translate("drivers", s.message).format(**s.details)`.
Barcode contents are never logged and never put in a status (they may be ID numbers).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import threading
import time

import serial

from drivers import aim
from drivers.base import BarcodeRead, DeviceEvent, DeviceStatus, EventSink
from drivers.serial_settings import Suffix, SerialScannerSettings

__all__ = ["SerialScanner", "SerialScannerSettings", "Suffix", "LineFramer"]

log = logging.getLogger(__name__)

CONTEXT = "drivers"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate extracts
    return text


MSG_CONNECTED = QT_TRANSLATE_NOOP("drivers", "Scanner connected on {port}.")
MSG_NOT_FOUND = QT_TRANSLATE_NOOP("drivers", "No scanner on {port}. Plug it in, or choose its port in the device panel.")
MSG_NO_PERMISSION = QT_TRANSLATE_NOOP(
    "drivers", "No permission to open {port}. Add this user to the dialout group, then log in again."
)
MSG_CANNOT_OPEN = QT_TRANSLATE_NOOP("drivers", "Cannot open the scanner port {port} (error {error}).")
MSG_UNPLUGGED = QT_TRANSLATE_NOOP("drivers", "The scanner on {port} was unplugged. Waiting for it to come back.")
MSG_STOPPED = QT_TRANSLATE_NOOP("drivers", "The scanner on {port} is stopped.")
MSG_GARBAGE = QT_TRANSLATE_NOOP("drivers", "Ignored {count} unreadable bytes from the scanner on {port}.")
MSG_TOO_LONG = QT_TRANSLATE_NOOP(
    "drivers", "Ignored a line longer than {limit} characters from the scanner on {port}."
)
MSG_PARTIAL = QT_TRANSLATE_NOOP(
    "drivers", "Ignored an incomplete barcode from the scanner on {port}. Check that its suffix is {suffix}."
)
MSG_NO_PREFIX = QT_TRANSLATE_NOOP(
    "drivers", "Ignored a line without the expected prefix from the scanner on {port}."
)

# Warning kinds, in details["kind"]; details["level"] is "info", "warning" or "error".
GARBAGE, TOO_LONG, PARTIAL, NO_PREFIX = "garbage", "too_long", "partial", "no_prefix"


class LineFramer:
    """Turns a byte stream into barcodes and warnings. Pure: no port, no clock of its own.

    Memory stays bounded whatever arrives: an unterminated run longer than the
    longest allowed barcode is dropped as it grows.
    """

    def __init__(self, settings: SerialScannerSettings) -> None:
        self._s = settings
        self._terminator = settings.suffix.bytes
        self._cap = settings.max_length * 4 + len(settings.prefix.encode()) + 8  # UTF-8: 4 bytes a char at most
        self._buf = bytearray()
        self._overflow = False
        self._last_byte_at = 0.0

    @property
    def pending(self) -> bool:
        """Bytes of an unfinished line are waiting for their terminator."""
        return bool(self._buf) or self._overflow

    def feed(self, data: bytes, now: float) -> list[DeviceEvent]:
        """Add bytes read at `now` (seconds, monotonic); return the scans and warnings they complete."""
        out: list[DeviceEvent] = []
        self._last_byte_at = now
        self._buf += data
        while (end := self._buf.find(self._terminator)) >= 0:
            line = bytes(self._buf[:end])
            del self._buf[: end + len(self._terminator)]
            if self._overflow:
                self._overflow = False
                out.append(self._warning(MSG_TOO_LONG, TOO_LONG, limit=str(self._s.max_length)))
            else:
                out.extend(self._line(line))
        if len(self._buf) > self._cap:
            self._buf.clear()
            self._overflow = True
        return out

    def expire(self, now: float) -> list[DeviceEvent]:
        """A partial line that has been quiet past the timeout becomes a warning."""
        if self.pending and (now - self._last_byte_at) * 1000 >= self._s.quiet_timeout_ms:
            return self.close()
        return []

    def close(self) -> list[DeviceEvent]:
        """The port closed: whatever is unfinished is dropped, with a warning."""
        if not self.pending:
            return []
        overflow, self._overflow = self._overflow, False
        self._buf.clear()
        if overflow:
            return [self._warning(MSG_TOO_LONG, TOO_LONG, limit=str(self._s.max_length))]
        return [self._warning(MSG_PARTIAL, PARTIAL, suffix=self._s.suffix.value)]

    def _line(self, raw: bytes) -> list[DeviceEvent]:
        # A scanner set to CR LF while the desk expects CR (or the reverse) leaves stray
        # CR/LF at a line's edges: they are framing, not data.
        raw = raw.strip(b"\r\n")
        if not raw:
            return []
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return [self._warning(MSG_GARBAGE, GARBAGE, count=str(len(raw)))]
        prefix = self._s.prefix
        if prefix:
            if not text.startswith(prefix):
                return [self._warning(MSG_NO_PREFIX, NO_PREFIX)]
            text = text[len(prefix) :]
        read = aim.parse(text)
        if len(read.text) > self._s.max_length:
            return [self._warning(MSG_TOO_LONG, TOO_LONG, limit=str(self._s.max_length))]
        if not read.text or not read.text.isprintable():
            return [self._warning(MSG_GARBAGE, GARBAGE, count=str(len(raw)))]
        return [BarcodeRead(read.text, read.symbology, self._s.device)]

    def _warning(self, message: str, kind: str, **params: str) -> DeviceStatus:
        return DeviceStatus(
            self._s.device, True, message, {"port": self._s.port, "level": "warning", "kind": kind, **params}
        )


class SerialScanner:
    """A `drivers.base.BarcodeScanner` on a serial port. `start(sink)`, later `stop()`.

    The sink is called on the scanner's thread; it must hand events on (the device
    bridge queues them to the GUI thread) and never block.
    """

    def __init__(self, settings: SerialScannerSettings) -> None:
        self.settings = settings
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._port: serial.Serial | None = None
        self._thread: threading.Thread | None = None
        self._sink: EventSink | None = None
        # A read returns at least this often, so a partial line is noticed on time.
        self._tick = min(max(settings.quiet_timeout_ms / 4000, 0.02), 0.25)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, sink: EventSink) -> None:
        if self._thread is not None:
            raise RuntimeError("this scanner was already started; make a new one")
        self._sink = sink
        self._thread = threading.Thread(target=self._run, name=f"scanner {self.settings.port}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop reading and close the port; returns once the thread has ended (or `timeout` passed)."""
        self._stop.set()
        with self._lock:
            if self._port is not None:
                self._port.cancel_read()  # wakes a read blocked on the port at once
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    # ---- the scanner's thread ---------------------------------------------------

    def _run(self) -> None:
        s = self.settings
        backoff = s.retry_min_ms / 1000
        last_failure: DeviceStatus | None = None
        while not self._stop.is_set():
            try:
                port = self._open()
            except (serial.SerialException, OSError, ValueError) as exc:
                failure = self._open_failure(exc)
                if failure != last_failure:  # say it once, not at every retry
                    self._emit(failure)
                    last_failure = failure
            else:
                last_failure = None
                self._emit(self._status(True, MSG_CONNECTED, "info"))
                log.info("scanner connected on %s", s.port)
                vanished, worked = self._read(port)
                with self._lock:
                    self._port = None
                with contextlib.suppress(serial.SerialException, OSError):
                    port.close()  # closing a port whose device is gone may complain; it is closed all the same
                if worked:
                    backoff = s.retry_min_ms / 1000
                if not vanished or self._stop.is_set():
                    break
                log.warning("scanner on %s vanished", s.port)
                self._emit(self._status(False, MSG_UNPLUGGED, "error"))
            # Wait before the next try; a port that opens and fails at once backs off too.
            self._stop.wait(backoff)
            backoff = min(backoff * 2, s.retry_max_ms / 1000)
        self._emit(self._status(False, MSG_STOPPED, "info"))

    def _open(self) -> serial.Serial:
        s = self.settings
        port = serial.Serial(
            port=s.port,
            baudrate=s.baudrate,
            bytesize=s.bytesize,
            parity=s.parity,
            stopbits=s.stopbits,
            timeout=self._tick,
            exclusive=True,  # a second desk on the same port would steal half the scans
        )
        with self._lock:
            self._port = port
        return port

    def _read(self, port: serial.Serial) -> tuple[bool, bool]:
        """Read until stopped or until the port vanishes: (vanished, any bytes arrived)."""
        framer = LineFramer(self.settings)
        vanished = worked = False
        while not self._stop.is_set():
            try:
                data = port.read(port.in_waiting or 1)
            except (serial.SerialException, OSError):
                vanished = True
                break
            worked = worked or bool(data)
            now = time.monotonic()
            for event in framer.feed(data, now) if data else framer.expire(now):
                self._emit(event)
        for event in framer.close():
            self._emit(event)
        return vanished, worked

    def _open_failure(self, exc: Exception) -> DeviceStatus:
        code = getattr(exc, "errno", None)
        if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
            return self._status(False, MSG_NOT_FOUND, "error")
        if code in (errno.EACCES, errno.EPERM):
            return self._status(False, MSG_NO_PERMISSION, "error")
        return self._status(False, MSG_CANNOT_OPEN, "error", error=str(code) if code else type(exc).__name__)

    def _status(self, ok: bool, message: str, level: str, **params: str) -> DeviceStatus:
        return DeviceStatus(self.settings.device, ok, message, {"port": self.settings.port, "level": level, **params})

    def _emit(self, event: DeviceEvent) -> None:
        if self._sink is None:
            return
        try:
            self._sink(event)
        except Exception:  # a faulty sink must not kill the scanner thread
            log.exception("the scanner's event sink failed")
