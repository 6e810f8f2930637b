"""MIFARE Classic access bits: decode, encode, and who may do what.

One table shared by the driver's provisioning guard and the virtual card, so what
the driver refuses is exactly what would lock a real card (NXP MF1S50 section 8.7).
The three bytes hold C1, C2, C3 for blocks 0..3 twice, once inverted; a mismatch
blocks the sector forever on a real card.
"""

from __future__ import annotations

from dataclasses import dataclass

Condition = tuple[int, int, int]  # (C1, C2, C3)

TRANSPORT = bytes.fromhex("FF0780")  # data: A|B everything; trailer: key A manages
READ_AB_WRITE_B = bytes.fromhex("787788")  # data: read A|B, write B; trailer: key B manages

# Data blocks: condition -> (who may read, who may write). "AB" = key A or key B.
_DATA: dict[Condition, tuple[str, str]] = {
    (0, 0, 0): ("AB", "AB"),
    (0, 1, 0): ("AB", ""),
    (1, 0, 0): ("AB", "B"),
    (1, 1, 0): ("AB", "B"),
    (0, 0, 1): ("AB", ""),
    (0, 1, 1): ("B", "B"),
    (1, 0, 1): ("B", ""),
    (1, 1, 1): ("", ""),
}

# Sector trailer: condition -> (write key A, read bits, write bits, read key B, write key B).
_TRAILER: dict[Condition, tuple[str, str, str, str, str]] = {
    (0, 0, 0): ("A", "A", "", "A", "A"),
    (0, 1, 0): ("", "A", "", "A", ""),
    (1, 0, 0): ("B", "AB", "", "", "B"),
    (1, 1, 0): ("", "AB", "", "", ""),
    (0, 0, 1): ("A", "A", "A", "A", "A"),
    (0, 1, 1): ("B", "AB", "B", "", "B"),
    (1, 0, 1): ("", "AB", "B", "", ""),
    (1, 1, 1): ("", "AB", "", "", ""),
}


class MalformedAccessBits(ValueError):
    """The inverted copy does not match: a real card would block the sector forever."""


@dataclass(frozen=True)
class AccessConditions:
    """Decoded conditions for the four blocks of a (small) sector; index 3 is the trailer."""

    blocks: tuple[Condition, Condition, Condition, Condition]

    @property
    def key_b_readable(self) -> bool:
        """Key B that can be read is plain data: the card refuses access after a key B login."""
        return "A" in _TRAILER[self.blocks[3]][3]

    def usable_keys(self) -> str:
        return "A" if self.key_b_readable else "AB"

    def may_read(self, index: int, key: str) -> bool:
        if index == 3:
            return key in _TRAILER[self.blocks[3]][1] and key in self.usable_keys()
        return key in _DATA[self.blocks[index]][0] and key in self.usable_keys()

    def may_write(self, index: int, key: str) -> bool:
        """Data blocks only; trailer fields are checked one by one with `trailer_rights`."""
        return key in _DATA[self.blocks[index]][1] and key in self.usable_keys()

    def trailer_rights(self, key: str) -> dict[str, bool]:
        """What `key` may do to the trailer: write_key_a, read_bits, write_bits, read_key_b, write_key_b."""
        usable = key in self.usable_keys()
        names = ("write_key_a", "read_bits", "write_bits", "read_key_b", "write_key_b")
        return {name: usable and key in who for name, who in zip(names, _TRAILER[self.blocks[3]])}


def decode(bits: bytes) -> AccessConditions:
    """Decode the three access bytes (trailer bytes 6..8); raise if the inverted copy disagrees."""
    if len(bits) < 3:
        raise MalformedAccessBits("access bits are 3 bytes")
    b6, b7, b8 = bits[0], bits[1], bits[2]
    c1, c2, c3 = b7 >> 4, b8 & 0x0F, b8 >> 4
    if (b6 & 0x0F) != (~c1 & 0x0F) or (b6 >> 4) != (~c2 & 0x0F) or (b7 & 0x0F) != (~c3 & 0x0F):
        raise MalformedAccessBits("the inverted copy of the access bits does not match")
    conds = tuple(((c1 >> i) & 1, (c2 >> i) & 1, (c3 >> i) & 1) for i in range(4))
    return AccessConditions(conds)  # type: ignore[arg-type]


def encode(data: Condition, trailer: Condition, data_blocks: tuple[Condition, ...] | None = None) -> bytes:
    """The three access bytes for one condition on all data blocks (or one per block) and the trailer."""
    conds = list(data_blocks) if data_blocks is not None else [data, data, data]
    conds.append(trailer)
    c1 = sum(c[0] << i for i, c in enumerate(conds))
    c2 = sum(c[1] << i for i, c in enumerate(conds))
    c3 = sum(c[2] << i for i, c in enumerate(conds))
    b6 = ((~c2 & 0x0F) << 4) | (~c1 & 0x0F)
    b7 = (c1 << 4) | (~c3 & 0x0F)
    b8 = (c3 << 4) | c2
    return bytes((b6, b7, b8))


def lockout_reason(bits: bytes) -> str | None:
    """Why these access bits would lock the sector out of its keys, or None when they are safe.

    Safe means: the bits are well formed, some usable key can still change them later,
    and every data block stays readable and writable with a usable key.
    """
    try:
        conds = decode(bits)
    except MalformedAccessBits as exc:
        return str(exc)
    if not any(conds.trailer_rights(k)["write_bits"] for k in "AB"):
        return "no key could ever change these access bits again"
    for index in range(3):
        if not any(conds.may_read(index, k) for k in "AB"):
            return f"data block {index} of the sector could never be read"
        if not any(conds.may_write(index, k) for k in "AB"):
            return f"data block {index} of the sector could never be written"
    return None
