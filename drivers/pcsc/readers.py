"""What LibDesk knows about each reader family, found by the reader's PC/SC name.

A plain table in the manner of nfcpy's device map: the technician's device panel (F8)
names the chosen reader's family, moves key slots onto ones the family has, says
what it cannot read, and never offers a SAM socket as the patron reader. Unknown
readers get the generic PC/SC Part 3 profile.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReaderProfile:
    family: str
    key_slots: tuple[int, ...]  # volatile key slots for FF 82 (vendor specific)
    reads_iso15693: bool  # library item tags
    virtual: bool = False  # vpcd: training only


GENERIC = ReaderProfile("generic PC/SC Part 3 reader", (0,), reads_iso15693=False)

# (substring of the PC/SC reader name, profile); first match wins.
PROFILES: list[tuple[str, ReaderProfile]] = [
    ("ACR122", ReaderProfile("ACS ACR122U", (0, 1), reads_iso15693=False)),
    ("ACR1252", ReaderProfile("ACS ACR1252U", (0, 1), reads_iso15693=False)),
    ("Virtual PCD", ReaderProfile("vsmartcard vpcd (training)", tuple(range(32)), reads_iso15693=False, virtual=True)),
]


def profile_for(reader: str) -> ReaderProfile:
    for pattern, profile in PROFILES:
        if pattern in reader:
            return profile
    return GENERIC


def is_sam_slot(reader: str) -> bool:
    """ACR1252U also lists its SAM socket as a reader: cards are never tapped there."""
    return "SAM" in reader.upper().split("[")[-1]
