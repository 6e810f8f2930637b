"""MIFARE Classic memory layout: which block is a sector trailer, which sector a block is in.

1K: 16 sectors of 4 blocks. 4K: 32 sectors of 4 blocks, then 8 sectors of 16 blocks.
Kept apart so the driver's write guard and the virtual card agree on one layout.
"""

from __future__ import annotations

SMALL_SECTORS = 32  # sectors 0..31 have 4 blocks
SMALL_AREA = SMALL_SECTORS * 4  # blocks 0..127


def sector_of(block: int) -> int:
    if block < SMALL_AREA:
        return block // 4
    return SMALL_SECTORS + (block - SMALL_AREA) // 16


def first_block(sector: int) -> int:
    if sector < SMALL_SECTORS:
        return sector * 4
    return SMALL_AREA + (sector - SMALL_SECTORS) * 16


def blocks_in(sector: int) -> int:
    return 4 if sector < SMALL_SECTORS else 16


def trailer_of(sector: int) -> int:
    return first_block(sector) + blocks_in(sector) - 1


def is_trailer(block: int) -> bool:
    return block == trailer_of(sector_of(block))


def index_in_sector(block: int) -> int:
    """0..3 for access bits: in a 16-block sector, blocks share conditions in groups of five."""
    offset = block - first_block(sector_of(block))
    if blocks_in(sector_of(block)) == 4:
        return offset
    return 3 if offset == 15 else offset // 5
