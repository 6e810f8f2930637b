"""A workaround for a reference-count bug in PySide6 6.12.0 on CPython 3.11 (measured here).

`SignalInstance.emit()` (and `.disconnect()`) return `True` without taking a new
reference to it. Every call from Python therefore drops one reference to the
`True` singleton; after a few thousand emits the interpreter aborts with "Fatal
Python error: bool_dealloc: deallocating True or False" (at exit, or mid-shift at
a busy desk). CPython 3.12+ makes True immortal, so there it is harmless.

`install()` measures the bug with a probe and, only if it is there, wraps the two
methods so they add the missing reference. The same release also loses a reference
to None in every method that returns nothing (see IMMORTAL_COUNT). Idempotent; call it once at start
(the device bridge also calls it, so tests that use the bridge are covered).
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None

PROBES = 16
# Every PySide6 6.12.0 method that returns nothing (setText, processEvents, QTimer.start ...)
# also forgets its reference to None. The desk makes about 30 such calls per scan and aborted
# ("Fatal Python error: none_dealloc") after a few hundred scans in a small process (measured
# here). CPython 3.12 makes None, True and False immortal; on 3.11 we give them a count no
# program can use up, which is the same thing in effect.
IMMORTAL_COUNT = 1 << 40
_installed = False


class _Probe(QObject):
    ping = Signal()


def _drops_true(call: Callable[[], object]) -> bool:
    """Whether `call()` returns a True it does not own (most of PROBES calls lose a reference)."""
    before = sys.getrefcount(True)
    for _ in range(PROBES):
        call()
    lost = before - sys.getrefcount(True)
    if lost > 0:
        for _ in range(lost):  # give back what the probe itself took
            _incref(True)
    return lost >= PROBES // 2


def _wrap(method: Callable[..., Any]) -> Callable[..., Any]:
    def fixed(self: SignalInstance, *args: Any, **kwargs: Any) -> Any:
        result = method(self, *args, **kwargs)
        if result is True:
            _incref(True)  # the reference PySide6 forgot to take
        return result

    fixed.__name__ = getattr(method, "__name__", "emit")
    fixed.__doc__ = method.__doc__
    fixed.__wrapped__ = method  # type: ignore[attr-defined]
    return fixed


def _drops_none(probe: QObject) -> bool:
    """Whether a Qt method returning nothing loses a reference to None (PySide6 6.12.0, CPython 3.11)."""
    before = sys.getrefcount(None)
    for _ in range(PROBES):
        probe.setObjectName("probe")
    return before - sys.getrefcount(None) >= PROBES // 2


def _immortalise_singletons() -> None:
    """Raise the reference counts of None, True and False out of reach (CPython only: ob_refcnt comes first)."""
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += IMMORTAL_COUNT


def install() -> bool:
    """Patch SignalInstance.emit/.disconnect if this PySide6 has the bug. Returns whether it patched."""
    global _installed
    if _installed or sys.version_info >= (3, 12):
        return False
    _installed = True
    probe = _Probe()
    patched = False
    if sys.implementation.name == "cpython" and _drops_none(probe):
        _immortalise_singletons()
        patched = True
    if _drops_true(probe.ping.emit):
        SignalInstance.emit = _wrap(SignalInstance.emit)  # type: ignore[method-assign]
        patched = True

    def connect_disconnect() -> object:
        probe.ping.connect(_noop)
        return probe.ping.disconnect(_noop)

    if _drops_true(connect_disconnect):
        SignalInstance.disconnect = _wrap(SignalInstance.disconnect)  # type: ignore[method-assign]
        patched = True
    return patched


def _noop() -> None:
    pass
