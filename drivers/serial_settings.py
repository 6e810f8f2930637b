"""How a serial barcode scanner is wired and framed, as a technician sets it up.

Kept apart from the reading thread so the device panel and the settings file can use
it without starting anything. `to_dict`/`from_dict` give plain JSON values.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, fields
from typing import Any

import serial


class Suffix(str, enum.Enum):
    """The terminator a scanner sends after each barcode."""

    CR = "CR"
    LF = "LF"
    CRLF = "CRLF"
    TAB = "TAB"

    @property
    def bytes(self) -> bytes:
        return {"CR": b"\r", "LF": b"\n", "CRLF": b"\r\n", "TAB": b"\t"}[self.value]


PARITIES = (serial.PARITY_NONE, serial.PARITY_EVEN, serial.PARITY_ODD, serial.PARITY_MARK, serial.PARITY_SPACE)
BYTESIZES = (5, 6, 7, 8)
STOPBITS = (1, 1.5, 2)


@dataclass(frozen=True)
class SerialScannerSettings:
    """A serial scanner's port and framing. Defaults are the common factory preset: 9600 8N1, CR."""

    port: str
    baudrate: int = 9600
    bytesize: int = 8
    parity: str = serial.PARITY_NONE
    stopbits: float = 1
    prefix: str = ""  # a fixed text some scanners are set to send first (e.g. "\x02"); stripped
    suffix: Suffix = Suffix.CR
    max_length: int = 128  # characters; longer lines are noise, not barcodes
    quiet_timeout_ms: int = 500  # bytes with no terminator for this long are a partial line
    retry_min_ms: int = 250  # reopening a vanished port: first wait ...
    retry_max_ms: int = 2000  # ... doubling up to this

    def __post_init__(self) -> None:
        if not self.port:
            raise ValueError("port is empty")
        if self.baudrate <= 0:
            raise ValueError(f"baudrate must be positive, not {self.baudrate}")
        if self.bytesize not in BYTESIZES:
            raise ValueError(f"bytesize must be one of {BYTESIZES}, not {self.bytesize}")
        if isinstance(self.parity, str):
            object.__setattr__(self, "parity", self.parity.upper())
        if self.parity not in PARITIES:
            raise ValueError(f"parity must be one of {PARITIES}, not {self.parity!r}")
        if self.stopbits not in STOPBITS:
            raise ValueError(f"stopbits must be one of {STOPBITS}, not {self.stopbits}")
        if not isinstance(self.suffix, Suffix):
            object.__setattr__(self, "suffix", Suffix(str(self.suffix).upper()))
        if self.max_length < 1 or self.quiet_timeout_ms < 1:
            raise ValueError("max_length and quiet_timeout_ms must be positive")
        if not 0 < self.retry_min_ms <= self.retry_max_ms:
            raise ValueError("need 0 < retry_min_ms <= retry_max_ms")

    @property
    def device(self) -> str:
        """The name events carry as their source: "serial:<port>"."""
        return f"serial:{self.port}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["suffix"] = self.suffix.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SerialScannerSettings:
        """Build from a settings-file dict; unknown keys are ignored, bad values raise ValueError."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        try:
            return cls(**values)
        except TypeError as exc:  # a missing port, or a value of the wrong type
            raise ValueError(str(exc)) from exc
