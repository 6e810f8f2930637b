"""The card type from a contactless reader's ATR (PC/SC Part 3, storage cards).

A PC/SC reader invents an ATR for contactless cards: storage cards carry the PC/SC
registered application identifier (RID A0 00 00 03 06), a standard byte and a
two-byte card name; processor cards (ISO 14443-4) carry their own historical bytes.
Anything we cannot place is UNKNOWN, and the caller refuses it with a clear message.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.base import CardType

PCSC_RID = bytes.fromhex("A000000306")

# Standard byte SS of the PC/SC Part 3 storage-card ATR.
_ISO14443A_PART3 = 0x03
_ISO15693 = range(0x09, 0x0D)  # parts 1..4 of ISO 15693
_FELICA = 0x11

_CARD_NAMES: dict[int, CardType] = {
    0x0001: CardType.MIFARE_CLASSIC_1K,
    0x0002: CardType.MIFARE_CLASSIC_4K,
    0x0003: CardType.MIFARE_ULTRALIGHT,
    0x003A: CardType.MIFARE_ULTRALIGHT_C,
}


@dataclass(frozen=True)
class AtrInfo:
    card_type: CardType
    storage_card: bool  # PC/SC Part 3 storage-card ATR (as opposed to a processor card or unknown)
    standard: int | None = None  # SS
    card_name: int | None = None  # C0 C1


def parse_atr(atr: bytes) -> AtrInfo:
    """Classify an ATR; never raises (an unparseable ATR is UNKNOWN)."""
    if len(atr) < 4 or atr[0] != 0x3B or (atr[1] & 0xF0) != 0x80 or atr[2:4] != b"\x80\x01":
        return AtrInfo(CardType.UNKNOWN, False)
    historical = atr[4 : 4 + (atr[1] & 0x0F)]
    if len(historical) >= 11 and historical[0] == 0x80 and historical[1] == 0x4F and historical[3:8] == PCSC_RID:
        standard, name = historical[8], int.from_bytes(historical[9:11], "big")
        if standard == _ISO14443A_PART3:
            card_type = _CARD_NAMES.get(name, CardType.UNKNOWN)
        elif standard in _ISO15693:
            card_type = CardType.ISO15693
        elif standard == _FELICA:
            card_type = CardType.FELICA
        else:
            card_type = CardType.UNKNOWN
        return AtrInfo(card_type, True, standard, name)
    # 3B 8x 80 01 without the storage-card RID: an ISO 14443-4 processor card (DESFire, newer EasyCards).
    return AtrInfo(CardType.ISO14443_4, False)


def card_type_from_atr(atr: bytes) -> CardType:
    return parse_atr(atr).card_type


def storage_card_atr(standard: int, card_name: int) -> bytes:
    """The ATR a PC/SC Part 3 reader reports for a storage card (used by the virtual card)."""
    body = bytes.fromhex("8F8001804F0C") + PCSC_RID + bytes((standard,)) + card_name.to_bytes(2, "big")
    body += b"\x00" * 4
    tck = 0
    for byte in body:
        tck ^= byte
    return b"\x3B" + body + bytes((tck,))


def is_random_uid(uid: bytes) -> bool:
    """A 4-byte UID starting with 08 changes at every tap: never bind a patron to it."""
    return len(uid) == 4 and uid[0] == 0x08
