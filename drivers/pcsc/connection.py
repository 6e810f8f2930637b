"""A MIFARE Classic card on a PC/SC reader, through the Part 3 storage-card commands.

The write guard lives here, below every caller: block 0 is never written, and a
sector trailer only through `provision_trailer`, which first refuses access bits
that would lock the sector out of its keys. Every APDU can go to a log hook, with
keys redacted (and block data too, unless asked), for the technician's device panel.
"""

from __future__ import annotations

import logging
from typing import Callable

from smartcard import scard

from drivers.base import CardRemoved, CardType, ReadFailed, UnsupportedCard, WriteRefused
from drivers.pcsc import access_bits, apdu, layout
from drivers.pcsc.apdu import Op
from drivers.pcsc.atr import card_type_from_atr
from drivers.pcsc.errors import raise_for

log = logging.getLogger(__name__)

ApduLog = Callable[[str], None]  # one line per command or response, keys already redacted
CLASSIC = (CardType.MIFARE_CLASSIC_1K, CardType.MIFARE_CLASSIC_4K)
_LAST_BLOCK = {CardType.MIFARE_CLASSIC_1K: 63, CardType.MIFARE_CLASSIC_4K: 255}


class MifareClassicConnection:
    """Implements drivers.base.CardConnection for MIFARE Classic 1K/4K on one reader.

    Not thread-safe: use it from one thread (the one that opened it) and close it.
    """

    def __init__(self, reader: str, *, key_slot: int = 0, apdu_log: ApduLog | None = None,
                 require_classic: bool = True) -> None:
        self.reader = reader
        self.key_slot = key_slot
        self._apdu_log = apdu_log
        # Block data is a patron's card number (their national ID): hidden in the log unless asked.
        self.log_block_data = False
        self._context: int | None = None
        self._card: int | None = None
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        raise_for(hresult, "connect to the smart card service", reader=reader)
        self._context = context
        try:
            hresult, card, protocol = scard.SCardConnect(
                context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
            )
            raise_for(hresult, "connect to the card", reader=reader)
            self._card, self._protocol = card, protocol
            hresult, _name, _state, _proto, atr = scard.SCardStatus(card)
            raise_for(hresult, "read the card's ATR", reader=reader)
            self.atr = bytes(atr)
            self.card_type = card_type_from_atr(self.atr)
            if require_classic and self.card_type not in CLASSIC:
                raise UnsupportedCard(
                    f"This card is not a MIFARE Classic card (it is {self.card_type.value}); it cannot hold a library record."
                )
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> MifareClassicConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- CardConnection ------------------------------------------------------------

    def uid(self) -> bytes:
        return self._transmit(apdu.get_uid(), Op.GET_UID)

    def load_key(self, key: bytes, slot: int | None = None) -> None:
        self._transmit(apdu.load_key(key, self._slot(slot)), Op.LOAD_KEY)

    def authenticate(self, block: int, key_type: str, slot: int | None = None) -> None:
        self._check_block(block)
        self._transmit(apdu.authenticate(block, key_type, self._slot(slot)), Op.AUTHENTICATE, block=block)

    def read_block(self, block: int) -> bytes:
        self._check_block(block)
        data = self._transmit(apdu.read_binary(block), Op.READ, block=block)
        if len(data) != apdu.BLOCK_SIZE:
            raise ReadFailed(f"Reading block {block} returned {len(data)} bytes instead of 16.")
        return data

    def write_block(self, block: int, data: bytes) -> None:
        """Write a data block. Block 0 and sector trailers are refused: see provision_trailer."""
        self._check_block(block)
        if block == 0:
            raise WriteRefused("Block 0 is the manufacturer block; LibDesk never writes it.")
        if layout.is_trailer(block):
            raise WriteRefused(
                f"Block {block} is a sector trailer (keys and access bits); only provisioning may write it."
            )
        self._write(block, data)

    def provision_trailer(self, sector: int, key_a: bytes, bits: bytes, key_b: bytes, user_byte: int = 0x69) -> None:
        """Technician-only: write sector `sector`'s trailer (keys and access bits).

        The caller has authenticated the sector with a key allowed to write the trailer.
        Access bits that would lock the sector out of its keys are refused before
        anything reaches the card.
        """
        if len(key_a) != apdu.KEY_SIZE or len(key_b) != apdu.KEY_SIZE:
            raise ValueError("a MIFARE key is 6 bytes")
        if len(bits) != 3:
            raise ValueError("access bits are 3 bytes")
        if sector == 0:
            raise WriteRefused("Sector 0 holds the manufacturer block; LibDesk never provisions it.")
        reason = access_bits.lockout_reason(bits)
        if reason is not None:
            raise WriteRefused(f"Refused access bits {bits.hex(' ').upper()}: {reason}.")
        block = layout.trailer_of(sector)
        self._check_block(block)
        self._write(block, key_a + bits + bytes((user_byte,)) + key_b)

    def close(self) -> None:
        if self._card is not None:
            scard.SCardDisconnect(self._card, scard.SCARD_LEAVE_CARD)
            self._card = None
        if self._context is not None:
            scard.SCardReleaseContext(self._context)
            self._context = None

    # ---- internals -----------------------------------------------------------------

    def _slot(self, slot: int | None) -> int:
        return self.key_slot if slot is None else slot

    def _check_block(self, block: int) -> None:
        last = _LAST_BLOCK.get(self.card_type, 255)
        if not 0 <= block <= last:
            raise ValueError(f"block {block} is not on this card (0..{last})")

    def _write(self, block: int, data: bytes) -> None:
        self._transmit(apdu.update_binary(block, bytes(data)), Op.WRITE, block=block)

    def _transmit(self, command: list[int], op: Op, *, block: int | None = None) -> bytes:
        if self._card is None:
            raise_for(scard.SCARD_E_INVALID_HANDLE, op.value, reader=self.reader)
        self._log("> " + apdu.redact(command, hide_data=not self.log_block_data))
        hresult, response = scard.SCardTransmit(self._card, self._protocol, command)
        raise_for(hresult, op.value, reader=self.reader)
        response = list(response)
        shown = response if self.log_block_data or op is not Op.READ else ["**"] * (len(response) - 2) + response[-2:]
        self._log("< " + " ".join(b if isinstance(b, str) else f"{b:02X}" for b in shown))
        if len(response) < 2:  # vpcd (and some readers) answer nothing when the card left mid-command
            raise CardRemoved(f"The card left the reader {self.reader} while trying to {op.value}.")
        apdu.check(op, response[-2], response[-1], block=block)
        return bytes(response[:-2])

    def _log(self, line: str) -> None:
        if self._apdu_log is not None:
            try:
                self._apdu_log(line)
            except Exception:  # a broken log hook must not break a card operation
                log.exception("APDU log hook failed")

