"""What the rest of LibDesk sees of hardware: events, interfaces and typed errors.

Drivers run on their own threads and hand events to a callback; they never touch
the GUI. Nothing here imports desk_app.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Callable, Protocol, Union


class CardType(str, enum.Enum):
    MIFARE_CLASSIC_1K = "mifare_classic_1k"
    MIFARE_CLASSIC_4K = "mifare_classic_4k"
    MIFARE_ULTRALIGHT = "mifare_ultralight"
    MIFARE_ULTRALIGHT_C = "mifare_ultralight_c"
    ISO14443_4 = "iso14443_4"  # processor cards: DESFire, newer EasyCards
    ISO15693 = "iso15693"  # library item tags
    FELICA = "felica"
    UNKNOWN = "unknown"


class Symbology(str, enum.Enum):
    CODE39 = "code39"
    CODE128 = "code128"
    EAN13 = "ean13"
    EAN8 = "ean8"
    UPCA = "upca"
    CODABAR = "codabar"
    QR = "qr"
    ITF = "itf"
    UNKNOWN = "unknown"


# ---- events -----------------------------------------------------------------


@dataclass(frozen=True)
class ReaderAdded:
    reader: str


@dataclass(frozen=True)
class ReaderRemoved:
    reader: str


@dataclass(frozen=True)
class CardPlaced:
    reader: str
    atr: bytes
    card_type: CardType
    uid: bytes | None  # None when the reader could not read it (the card was lifted at once)

    @property
    def uid_hex(self) -> str:
        return self.uid.hex().upper() if self.uid else ""


@dataclass(frozen=True)
class CardLifted:
    reader: str


@dataclass(frozen=True)
class BarcodeRead:
    text: str
    symbology: Symbology = Symbology.UNKNOWN
    source: str = ""  # "serial:/dev/ttyUSB0", "wedge", ...


@dataclass(frozen=True)
class DeviceStatus:
    """A device's health changed: connected, disconnected, an error the technician should see."""

    device: str
    ok: bool
    message: str = ""
    details: dict[str, str] = field(default_factory=dict)


DeviceEvent = Union[ReaderAdded, ReaderRemoved, CardPlaced, CardLifted, BarcodeRead, DeviceStatus]
EventSink = Callable[[DeviceEvent], None]


# ---- errors -----------------------------------------------------------------


class DriverError(Exception):
    """Base of every hardware error. `str()` is safe to show and log (no keys)."""


class ServiceUnavailable(DriverError):
    """pcscd (or the Windows Smart Card service) is not running."""


class NoReader(DriverError):
    """The named reader is not connected."""


class NoCard(DriverError):
    """No card on the reader."""


class CardRemoved(DriverError):
    """The card left the reader during an operation; nothing after that point happened."""


class AuthenticationFailed(DriverError):
    """The key was refused for that sector."""


class UnsupportedCard(DriverError):
    """The card type cannot do what was asked (e.g. not MIFARE Classic)."""


class WriteRefused(DriverError):
    """The driver or the card refused a write (block 0, a sector trailer, access bits)."""


class ReadFailed(DriverError):
    """A read returned a failure status word."""


class PortError(DriverError):
    """A serial port vanished, is busy, or may not be opened (permissions)."""


# ---- interfaces ----------------------------------------------------------------


class CardConnection(Protocol):
    """An open connection to the card on one reader."""

    def uid(self) -> bytes: ...
    def load_key(self, key: bytes, slot: int = 0) -> None: ...
    def authenticate(self, block: int, key_type: str, slot: int = 0) -> None: ...
    def read_block(self, block: int) -> bytes: ...
    def write_block(self, block: int, data: bytes) -> None: ...
    def close(self) -> None: ...


class CardReaderMonitor(Protocol):
    """Watches readers and cards on a background thread, sending events to a sink."""

    def start(self, sink: EventSink) -> None: ...
    def stop(self) -> None: ...
    def readers(self) -> list[str]: ...


class BarcodeScanner(Protocol):
    """A scanner feeding BarcodeRead events to a sink from its own thread."""

    def start(self, sink: EventSink) -> None: ...
    def stop(self) -> None: ...
