"""Secrets the tests use (card keys, passwords, tokens), so the session's log scan can look for them.

A test that invents a secret registers it here; at the end of the session every
log file written is searched for every registered value (see tests/log_scan.py).
Public values (the MIFARE transport key FF*6) are not secrets: do not register them.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_values: dict[str, str] = {}  # searchable text form -> label


def _forms(value: str | bytes) -> list[str]:
    if isinstance(value, bytes):
        hexed = value.hex()
        return [hexed, hexed.upper(), " ".join(f"{b:02X}" for b in value), " ".join(f"{b:02x}" for b in value)]
    return [value]


def register(value: str | bytes, label: str = "secret") -> str | bytes:
    """Remember `value` (text, or key bytes in its usual hex forms); returns it for inline use."""
    if not value or (isinstance(value, str) and len(value) < 6):
        raise ValueError("register distinctive secrets of 6+ characters, or the scan will find them by chance")
    with _lock:
        for form in _forms(value):
            _values[form] = label
    return value


def registered() -> dict[str, str]:
    """Every registered form -> its label."""
    with _lock:
        return dict(_values)
