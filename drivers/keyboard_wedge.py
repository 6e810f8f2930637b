"""Tell a USB keyboard-wedge scanner's burst of keys from a person typing. Pure logic, no Qt.

A wedge scanner "types" a barcode far faster than a person: every key a few
milliseconds after the last, then Enter (or Tab). So each printable key is held back
for a moment; a quick run of held keys that ends in Enter becomes a scan, and
anything else — a slow key, a pause, another key — gives the held keys back to the
widget, in order, so a person typing never loses a key.

The caller (the Qt event filter in desk_app/ui) owns the events and the clock: each
key carries an opaque payload (the event to replay) that comes back in the decision.
Timestamps are the key events' own (QKeyEvent.timestamp(), milliseconds).
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, fields
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class WedgeSettings:
    """Thresholds a technician can tune for a given scanner and staff."""

    max_gap_ms: int = 50  # keys further apart than this are a person typing
    min_length: int = 4  # shorter bursts are fast typing, not barcodes
    max_length: int = 512  # longer runs are a stuck key or a paste, not a barcode
    hold_timeout_ms: int = 80  # real time a held key waits for the next before going back to the widget

    def __post_init__(self) -> None:
        if self.max_gap_ms < 1 or self.hold_timeout_ms < 1:
            raise ValueError("max_gap_ms and hold_timeout_ms must be positive")
        if not 1 <= self.min_length <= self.max_length:
            raise ValueError("need 1 <= min_length <= max_length")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WedgeSettings:
        known = {f.name for f in fields(cls)}
        try:
            return cls(**{k: int(v) for k, v in data.items() if k in known})
        except TypeError as exc:
            raise ValueError(str(exc)) from exc


class Current(enum.Enum):
    """What the caller does with the key it just fed."""

    HOLD = "hold"  # keep it back (the detector has it; it will come back in a later decision)
    PASS = "pass"  # deliver it to the widget now, after `give_back`
    CONSUME = "consume"  # it ended a scan: drop it


@dataclass(frozen=True)
class Decision(Generic[T]):
    """Give `give_back` to the widget (in order), then do `current` with the key just fed.

    `scan` is set when the key completed a scan; its keys are swallowed.
    """

    give_back: tuple[T, ...] = ()
    current: Current = Current.PASS
    scan: str | None = None


class WedgeDetector(Generic[T]):
    """Feed it keys and terminators in the order they arrive; act on each decision at once."""

    def __init__(self, settings: WedgeSettings | None = None) -> None:
        self.settings = settings or WedgeSettings()
        self._texts: list[str] = []
        self._held: list[T] = []
        self._last_ms: int | None = None
        self._passing = False  # inside a run already judged to be typing (too long)

    @property
    def holding(self) -> bool:
        return bool(self._held)

    def peek_last(self) -> T | None:
        """The newest held payload (the caller may add to it, e.g. key releases to replay with it)."""
        return self._held[-1] if self._held else None

    def key(self, text: str, timestamp_ms: int, payload: T) -> Decision[T]:
        """A printable key (its text) arrived at `timestamp_ms`."""
        in_burst = self._follows_closely(timestamp_ms)
        self._last_ms = timestamp_ms
        if self._passing and in_burst:
            return Decision()
        self._passing = False
        released = () if in_burst else self._release()
        if len(self._held) >= self.settings.max_length:
            self._passing = True
            return Decision(released + self._release(), Current.PASS)
        self._texts.append(text)
        self._held.append(payload)
        return Decision(released, Current.HOLD)

    def terminator(self, timestamp_ms: int) -> Decision[T]:
        """Enter or Tab arrived: a quick enough, long enough run of held keys is a scan."""
        in_burst = self._follows_closely(timestamp_ms)
        self._last_ms = None
        self._passing = False
        if in_burst and len(self._held) >= self.settings.min_length:
            text = "".join(self._texts)
            self._texts.clear()
            self._held.clear()
            return Decision((), Current.CONSUME, text)
        return Decision(self._release(), Current.PASS)

    def interrupt(self) -> Decision[T]:
        """Some other input arrived (an arrow key, Ctrl+something, a click): held keys go back first."""
        self._last_ms = None
        self._passing = False
        return Decision(self._release(), Current.PASS)

    def flush(self) -> tuple[T, ...]:
        """The hold timed out with no further key: everything held goes back to the widget."""
        return self._release()

    def _follows_closely(self, timestamp_ms: int) -> bool:
        last = self._last_ms
        return last is not None and 0 <= timestamp_ms - last <= self.settings.max_gap_ms

    def _release(self) -> tuple[T, ...]:
        held = tuple(self._held)
        self._texts.clear()
        self._held.clear()
        return held
