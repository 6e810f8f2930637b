"""The LC v1 library card record (specs/student-card-record.md), byte for byte.

Three 16-byte blocks in one application sector: magic, version, flags, card number;
library code, issue date (BCD), generation; a CRC-32 bound to the card's UID so a
record copied to another card is invalid. Reading tells "no record", "damaged" and
"valid" apart and never returns a card number that did not pass every check.
"""

from __future__ import annotations

import enum
import zlib
from dataclasses import dataclass
from datetime import date

from drivers.base import CardConnection, WriteRefused

MAGIC = b"LC"
VERSION = 0x01
FLAG_ACTIVE = 0x01
RECORD_SIZE = 48
LIBRARY_CODE_SIZE = 8

# The ID checksum of desk_app/core/patrons/ids.py, repeated here because drivers may not import desk_app.
_LETTER_CODES = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                         (10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28,
                          29, 32, 30, 31, 33)))
_WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)


def _id_ok(value: str) -> bool:
    """National ID (A1/A2), resident certificate (A8/A9) or old resident number (AA..AD), checksum included."""
    if len(value) != 10 or value[0] not in _LETTER_CODES or not value[2:].isdigit() or not value[2:].isascii():
        return False
    second = value[1]
    if second in "1289":
        middle = int(second)
    elif second in "ABCD":
        middle = _LETTER_CODES[second] % 10
    else:
        return False
    code = _LETTER_CODES[value[0]]
    digits = [code // 10, code % 10, middle, *(int(c) for c in value[2:])]
    return sum(w * d for w, d in zip(_WEIGHTS, digits)) % 10 == 0


def card_number_ok(value: str) -> bool:
    """A valid ID followed by a 2-digit sequence."""
    return len(value) == 12 and _id_ok(value[:10]) and value[10:].isdigit() and value[10:].isascii()


@dataclass(frozen=True)
class LcRecord:
    card_number: str  # 12 ASCII characters: ID + 2-digit sequence
    library_code: str  # up to 8 ASCII characters, e.g. "TPML"
    issued_on: date
    generation: int  # the sequence as a number
    active: bool = True

    def __repr__(self) -> str:  # keep IDs out of logs and tracebacks
        masked = self.card_number[:3] + "*****" + self.card_number[8:] if len(self.card_number) == 12 else "***"
        return f"LcRecord({masked}, {self.library_code!r}, {self.issued_on}, gen {self.generation}, active={self.active})"


class RecordStatus(str, enum.Enum):
    NONE = "no_record"  # blank blocks: no library card was ever burned here
    DAMAGED = "damaged"  # something is there, but it does not pass every check
    VALID = "valid"


@dataclass(frozen=True)
class ReadResult:
    status: RecordStatus
    record: LcRecord | None = None  # only when VALID
    reason: str = ""  # why DAMAGED (no card number in it)


def _bcd(value: int) -> int:
    return ((value // 10) << 4) | (value % 10)


def _from_bcd(byte: int) -> int:
    high, low = byte >> 4, byte & 0x0F
    if high > 9 or low > 9:
        raise ValueError("not BCD")
    return high * 10 + low


def encode(record: LcRecord, uid: bytes) -> bytes:
    """The 48 record bytes for a card with this UID; raises ValueError on a record that could not be valid."""
    if not card_number_ok(record.card_number):
        raise ValueError("the card number is not a valid ID followed by a 2-digit sequence")
    if record.generation != int(record.card_number[10:]):
        raise ValueError("the generation must equal the card number's 2-digit sequence")
    code = record.library_code.encode("ascii")
    if not 0 < len(code) <= LIBRARY_CODE_SIZE or b"\x00" in code:
        raise ValueError("the library code is 1 to 8 ASCII characters")
    if not 1 <= record.issued_on.year <= 9999:
        raise ValueError("issue year out of range")
    year = record.issued_on.year
    block0 = MAGIC + bytes((VERSION, FLAG_ACTIVE if record.active else 0)) + record.card_number.encode("ascii")
    block1 = (
        code.ljust(LIBRARY_CODE_SIZE, b"\x00")
        + bytes((_bcd(year // 100), _bcd(year % 100), _bcd(record.issued_on.month), _bcd(record.issued_on.day)))
        + record.generation.to_bytes(2, "big")
        + b"\x00\x00"
    )
    body = block0 + block1 + b"\x00" * 12
    return body + crc(uid, body).to_bytes(4, "big")


def crc(uid: bytes, first_44: bytes) -> int:
    """CRC-32 (zlib, ISO-HDLC) over the UID then the 44 bytes before the check field."""
    return zlib.crc32(bytes(uid) + bytes(first_44)) & 0xFFFFFFFF


def decode(data: bytes, uid: bytes) -> ReadResult:
    """Classify 48 bytes read from sector S of the card with this UID."""
    if len(data) != RECORD_SIZE:
        return ReadResult(RecordStatus.DAMAGED, reason=f"expected 48 bytes, got {len(data)}")
    if data == b"\x00" * RECORD_SIZE or data == b"\xff" * RECORD_SIZE:
        return ReadResult(RecordStatus.NONE)
    if data[0:2] != MAGIC:
        return ReadResult(RecordStatus.DAMAGED, reason="no LC magic")
    if data[2] != VERSION:
        return ReadResult(RecordStatus.DAMAGED, reason=f"unknown version {data[2]}")
    if int.from_bytes(data[44:48], "big") != crc(uid, data[:44]):
        return ReadResult(RecordStatus.DAMAGED, reason="check (CRC) failed: torn write, or copied from another card")
    try:
        number = data[4:16].decode("ascii")
        code = data[16:24].rstrip(b"\x00").decode("ascii")
        year = _from_bcd(data[24]) * 100 + _from_bcd(data[25])
        issued = date(year, _from_bcd(data[26]), _from_bcd(data[27]))
    except ValueError:  # UnicodeDecodeError is a ValueError
        return ReadResult(RecordStatus.DAMAGED, reason="unreadable fields")
    if not card_number_ok(number):
        return ReadResult(RecordStatus.DAMAGED, reason="the card number fails its checksum")
    generation = int.from_bytes(data[28:30], "big")
    if generation != int(number[10:]):
        return ReadResult(RecordStatus.DAMAGED, reason="generation and card number sequence disagree")
    record = LcRecord(number, code, issued, generation, bool(data[3] & FLAG_ACTIVE))
    return ReadResult(RecordStatus.VALID, record)


def record_blocks(sector: int) -> list[int]:
    if not 1 <= sector <= 31:
        raise ValueError("the application sector is 1..31 (sector 0 holds the manufacturer block)")
    return [4 * sector, 4 * sector + 1, 4 * sector + 2]


def read_record(conn: CardConnection, sector: int, key_a: bytes, slot: int = 0) -> ReadResult:
    """Read and classify the record; card and key errors propagate as typed DriverErrors."""
    blocks = record_blocks(sector)
    uid = conn.uid()
    conn.load_key(key_a, slot)
    conn.authenticate(blocks[0], "A", slot)
    return decode(b"".join(conn.read_block(b) for b in blocks), uid)


def burn_record(conn: CardConnection, sector: int, key_b: bytes, key_a: bytes, record: LcRecord,
                slot: int = 0) -> bytes:
    """Write the record with key B, read it back with key A and compare byte for byte.

    Returns the UID the record is bound to. Raises a DriverError (CardRemoved,
    AuthenticationFailed, WriteRefused...) on any failure: only a return means done.
    """
    blocks = record_blocks(sector)
    uid = conn.uid()
    data = encode(record, uid)
    conn.load_key(key_b, slot)
    conn.authenticate(blocks[0], "B", slot)
    for i, block in enumerate(blocks):
        conn.write_block(block, data[16 * i : 16 * (i + 1)])
    conn.load_key(key_a, slot)
    conn.authenticate(blocks[0], "A", slot)
    back = b"".join(conn.read_block(b) for b in blocks)
    if back != data:
        raise WriteRefused("The card did not keep what was written (read-back differs); burn it again.")
    return uid
