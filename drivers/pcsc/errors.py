"""PC/SC return codes as the typed errors of drivers.base.

One place decides that 0x8010001D means "pcscd is not running" and that a card gone
mid-command is CardRemoved, so the connection, the monitor and the doctor agree.
"""

from __future__ import annotations

from smartcard import scard

from drivers.base import CardRemoved, DriverError, NoCard, NoReader, ServiceUnavailable

PCSCD_NOT_RUNNING = "pcscd is not running"

# The context is dead (daemon gone or restarted): make a new one.
SERVICE_GONE = {
    scard.SCARD_E_NO_SERVICE,
    scard.SCARD_E_SERVICE_STOPPED,
    scard.SCARD_E_INVALID_HANDLE,
}

CARD_GONE = {
    scard.SCARD_W_REMOVED_CARD,
    scard.SCARD_E_NO_SMARTCARD,
    scard.SCARD_W_RESET_CARD,
    scard.SCARD_W_UNPOWERED_CARD,
    scard.SCARD_E_NOT_TRANSACTED,
    scard.SCARD_F_COMM_ERROR,
    scard.SCARD_W_UNRESPONSIVE_CARD,
}

READER_GONE = {
    scard.SCARD_E_UNKNOWN_READER,
    scard.SCARD_E_READER_UNAVAILABLE,
}


def describe(hresult: int) -> str:
    """pyscard's text for a return code plus the code itself, e.g. 'Service not available. (0x8010001D)'."""
    code = hresult & 0xFFFFFFFF
    try:
        text = scard.SCardGetErrorMessage(hresult)
    except Exception:  # pragma: no cover - pyscard always has a message
        text = "PC/SC error"
    return f"{text.strip()} (0x{code:08X})"


def raise_for(hresult: int, doing: str, *, reader: str = "") -> None:
    """Raise the typed error for a failed PC/SC call; return quietly on success."""
    if hresult == scard.SCARD_S_SUCCESS:
        return
    where = f" on {reader}" if reader else ""
    detail = describe(hresult)
    if hresult in SERVICE_GONE:
        raise ServiceUnavailable(f"{PCSCD_NOT_RUNNING}: could not {doing}{where}; {detail}")
    if hresult in READER_GONE:
        raise NoReader(f"The reader{where} is not connected: could not {doing}; {detail}")
    if hresult == scard.SCARD_E_NO_SMARTCARD:
        raise NoCard(f"No card on the reader{where}: could not {doing}; {detail}")
    if hresult in CARD_GONE:
        raise CardRemoved(f"The card left the reader{where} while trying to {doing}; {detail}")
    raise DriverError(f"Could not {doing}{where}; {detail}")
