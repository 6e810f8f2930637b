"""Quick questions to pcscd on a fresh context: which readers, and is a card on this one yet.

For callers that look once rather than watch (the desk's training-device probe, a
test): the PcscMonitor owns the long-lived context that watches. A fresh context
per call, because after a pcscd restart an old one keeps failing (0x8010001D).
Blocking: call from a worker thread, never the GUI thread.
"""

from __future__ import annotations

import time

from smartcard import scard


def list_readers() -> tuple[bool, list[str]]:
    """(pcscd answering, reader names)."""
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return False, []
    try:
        hresult, names = scard.SCardListReaders(context, [])
        if hresult == scard.SCARD_S_SUCCESS:
            return True, list(names)
        return hresult == scard.SCARD_E_NO_READERS_AVAILABLE, []
    finally:
        scard.SCardReleaseContext(context)


def wait_for_card(reader: str, present: bool, timeout: float) -> bool:
    """Wait (SCardGetStatusChange, no polling) until pcscd sees a card on `reader` present or gone."""
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return False
    try:
        deadline = time.monotonic() + timeout
        state = scard.SCARD_STATE_UNAWARE
        while (remaining := deadline - time.monotonic()) > 0:
            hresult, states = scard.SCardGetStatusChange(context, max(1, int(remaining * 1000)), [(reader, state)])
            if hresult == scard.SCARD_E_TIMEOUT:
                continue
            if hresult != scard.SCARD_S_SUCCESS:
                return False
            event_state = states[0][1]
            seen = bool(event_state & scard.SCARD_STATE_PRESENT) and not event_state & scard.SCARD_STATE_MUTE
            if seen == present:
                return True
            state = event_state & ~scard.SCARD_STATE_CHANGED
        return False
    finally:
        scard.SCardReleaseContext(context)
