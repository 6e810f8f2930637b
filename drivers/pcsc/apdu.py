"""PC/SC Part 3 storage-card commands and their status words, as typed errors.

Readers differ in how they fail: ACS readers answer 63 00 for nearly everything, so
anything but 90 00 is a failure, and the operation (not the status word) decides
which typed error the caller sees. Keys only ever leave this module redacted.
"""

from __future__ import annotations

import enum

from drivers.base import (
    AuthenticationFailed,
    DriverError,
    ReadFailed,
    UnsupportedCard,
    WriteRefused,
)

SW_OK = (0x90, 0x00)
BLOCK_SIZE = 16
KEY_SIZE = 6
_NOT_SUPPORTED = {(0x6A, 0x81), (0x6D, 0x00), (0x6E, 0x00)}


class Op(str, enum.Enum):
    GET_UID = "read the card's UID"
    LOAD_KEY = "load a key into the reader"
    AUTHENTICATE = "authenticate"
    READ = "read a block"
    WRITE = "write a block"


class KeyType(str, enum.Enum):
    A = "A"
    B = "B"

    @property
    def code(self) -> int:
        return 0x60 if self is KeyType.A else 0x61


def key_type(value: str | KeyType) -> KeyType:
    try:
        return KeyType(str(value.value if isinstance(value, KeyType) else value).upper())
    except ValueError:
        raise ValueError("key type is 'A' or 'B'") from None


def _check_block(block: int) -> None:
    if not 0 <= block <= 0xFF:
        raise ValueError(f"block {block} is out of range 0..255")


def _check_slot(slot: int) -> None:
    if not 0 <= slot <= 0xFF:
        raise ValueError(f"key slot {slot} is out of range 0..255")


def get_uid() -> list[int]:
    return [0xFF, 0xCA, 0x00, 0x00, 0x00]


def load_key(key: bytes, slot: int) -> list[int]:
    if len(key) != KEY_SIZE:
        raise ValueError("a MIFARE key is 6 bytes")
    _check_slot(slot)
    return [0xFF, 0x82, 0x00, slot, KEY_SIZE, *key]


def authenticate(block: int, kind: str | KeyType, slot: int) -> list[int]:
    _check_block(block)
    _check_slot(slot)
    return [0xFF, 0x86, 0x00, 0x00, 0x05, 0x01, 0x00, block, key_type(kind).code, slot]


def read_binary(block: int) -> list[int]:
    _check_block(block)
    return [0xFF, 0xB0, 0x00, block, BLOCK_SIZE]


def update_binary(block: int, data: bytes) -> list[int]:
    _check_block(block)
    if len(data) != BLOCK_SIZE:
        raise ValueError("a MIFARE Classic block is 16 bytes")
    return [0xFF, 0xD6, 0x00, block, BLOCK_SIZE, *data]


def redact(apdu: list[int] | bytes, *, hide_data: bool = False) -> str:
    """The APDU as hex for a log: a LOAD KEY's key always becomes ** **; with `hide_data`,
    so does the data of an UPDATE BINARY (a record holds a national ID)."""
    parts = [f"{b:02X}" for b in apdu]
    if len(parts) > 5 and parts[0] == "FF" and (parts[1] == "82" or (hide_data and parts[1] == "D6")):
        parts[5:] = ["**"] * (len(parts) - 5)
    return " ".join(parts)


def check(op: Op, sw1: int, sw2: int, *, block: int | None = None) -> None:
    """Raise the typed error for `op` unless the status word is 90 00. Messages carry no key."""
    if (sw1, sw2) == SW_OK:
        return
    sw = f"{sw1:02X} {sw2:02X}"
    where = f" (block {block})" if block is not None else ""
    if (sw1, sw2) in _NOT_SUPPORTED:
        raise UnsupportedCard(f"The reader or card does not support this: could not {op.value}{where}; status {sw}.")
    error: type[DriverError]
    if op is Op.AUTHENTICATE or op is Op.LOAD_KEY:
        error = AuthenticationFailed
    elif op is Op.WRITE:
        error = WriteRefused
    else:
        error = ReadFailed
    raise error(f"Could not {op.value}{where}; the reader answered {sw}.")
