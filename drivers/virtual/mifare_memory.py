"""A MIFARE Classic 1K card and its PC/SC Part 3 reader, as pure logic: APDU in, response out.

Kept apart from the socket code so the card's rules (keys, access bits, authentication
state, the read-only manufacturer block) can be read in one place. Failures answer
63 00 like ACS readers do.
"""

from __future__ import annotations

from drivers.pcsc import access_bits, layout
from drivers.pcsc.atr import storage_card_atr

SW_OK = b"\x90\x00"
SW_FAIL = b"\x63\x00"
SW_NOT_SUPPORTED = b"\x6a\x81"
TRANSPORT_KEY = b"\xff" * 6
BLOCKS_1K = 64
KEY_SLOTS = 32


def manufacturer_block(uid: bytes) -> bytes:
    """Block 0: the UID, its BCC (4-byte UIDs), SAK 08, ATQA 04 00, then maker's bytes."""
    if len(uid) == 4:
        bcc = uid[0] ^ uid[1] ^ uid[2] ^ uid[3]
        head = uid + bytes((bcc, 0x08, 0x04, 0x00))
    else:
        head = uid + bytes((0x08, 0x44, 0x00))
    return (head + bytes.fromhex("6263646566676869"))[:16]


class MifareClassic1K:
    """Card memory plus the reader's volatile key slots and the current authentication."""

    atr = storage_card_atr(0x03, 0x0001)

    def __init__(self, uid: bytes, *, sector_access: dict[int, bytes] | None = None,
                 key_a: bytes = TRANSPORT_KEY, key_b: bytes = TRANSPORT_KEY) -> None:
        if len(uid) not in (4, 7):
            raise ValueError("a MIFARE Classic UID is 4 or 7 bytes")
        self.uid = bytes(uid)
        self.blocks = [bytearray(16) for _ in range(BLOCKS_1K)]
        self.blocks[0][:] = manufacturer_block(self.uid)
        for sector in range(16):
            bits = (sector_access or {}).get(sector, access_bits.TRANSPORT)
            self.blocks[layout.trailer_of(sector)][:] = key_a + bits + b"\x69" + key_b
        self.key_slots: dict[int, bytes] = {}
        self.auth: tuple[int, str] | None = None  # (sector, "A" | "B")

    def power_cycle(self) -> None:
        """Power off, on or reset: the card forgets who authenticated."""
        self.auth = None

    # ---- APDUs -----------------------------------------------------------------------

    def answer(self, command: bytes) -> bytes:
        if len(command) < 5 or command[0] != 0xFF:
            return SW_NOT_SUPPORTED
        ins, p1, p2, lc = command[1], command[2], command[3], command[4]
        data = command[5:]
        if ins == 0xCA:
            return self.uid + SW_OK if p1 == 0x00 else SW_NOT_SUPPORTED
        if ins == 0x82:
            return self._load_key(p2, data) if lc == 6 and len(data) == 6 else SW_FAIL
        if ins == 0x86:
            ok = lc == 5 and len(data) == 5 and data[0] == 0x01 and data[3] in (0x60, 0x61)
            return self._authenticate(data[2], "A" if data[3] == 0x60 else "B", data[4]) if ok else SW_FAIL
        if ins == 0xB0:
            return self._read(p2) if p1 == 0 and lc in (0, 16) else SW_FAIL
        if ins == 0xD6:
            return self._write(p2, bytes(data)) if p1 == 0 and lc == 16 and len(data) == 16 else SW_FAIL
        return SW_NOT_SUPPORTED

    def is_write(self, command: bytes) -> bool:
        return len(command) > 2 and command[0] == 0xFF and command[1] == 0xD6

    def _load_key(self, slot: int, key: bytes) -> bytes:
        if slot >= KEY_SLOTS:
            return SW_FAIL
        self.key_slots[slot] = bytes(key)
        return SW_OK

    def _conditions(self, sector: int) -> access_bits.AccessConditions | None:
        try:
            return access_bits.decode(bytes(self.blocks[layout.trailer_of(sector)][6:9]))
        except access_bits.MalformedAccessBits:
            return None  # a real card blocks such a sector for good

    def _authenticate(self, block: int, key: str, slot: int) -> bytes:
        self.auth = None
        if block >= BLOCKS_1K or slot not in self.key_slots:
            return SW_FAIL
        sector = layout.sector_of(block)
        trailer = self.blocks[layout.trailer_of(sector)]
        stored = bytes(trailer[0:6] if key == "A" else trailer[10:16])
        if self._conditions(sector) is None or stored != self.key_slots[slot]:
            return SW_FAIL
        self.auth = (sector, key)
        return SW_OK

    def _allowed_key(self, block: int) -> tuple[str, access_bits.AccessConditions] | None:
        if block >= BLOCKS_1K or self.auth is None or self.auth[0] != layout.sector_of(block):
            return None
        conds = self._conditions(self.auth[0])
        return (self.auth[1], conds) if conds is not None else None

    def _read(self, block: int) -> bytes:
        allowed = self._allowed_key(block)
        index = layout.index_in_sector(block) if block < BLOCKS_1K else 0
        if allowed is None or not allowed[1].may_read(index, allowed[0]):
            self.auth = None
            return SW_FAIL
        content = bytes(self.blocks[block])
        if index == 3:  # key A never readable; key B only when the conditions say so
            rights = allowed[1].trailer_rights(allowed[0])
            key_b = content[10:16] if rights["read_key_b"] else b"\x00" * 6
            content = b"\x00" * 6 + content[6:10] + key_b
        return content + SW_OK

    def _write(self, block: int, data: bytes) -> bytes:
        allowed = self._allowed_key(block)
        if allowed is None or block == 0:
            self.auth = None
            return SW_FAIL
        key, conds = allowed
        if not layout.is_trailer(block):
            if not conds.may_write(layout.index_in_sector(block), key):
                self.auth = None
                return SW_FAIL
            self.blocks[block][:] = data
            return SW_OK
        rights = conds.trailer_rights(key)
        if not (rights["write_key_a"] or rights["write_bits"] or rights["write_key_b"]):
            self.auth = None
            return SW_FAIL
        target = self.blocks[block]
        if rights["write_key_a"]:
            target[0:6] = data[0:6]
        if rights["write_bits"]:
            target[6:10] = data[6:10]  # malformed bits are written as given: the sector is then lost
        if rights["write_key_b"]:
            target[10:16] = data[10:16]
        return SW_OK
