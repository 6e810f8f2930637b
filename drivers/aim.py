"""AIM symbology identifiers (ISO/IEC 15424): the `]cm` a scanner may put before a barcode.

Scanners set to "transmit AIM ID" prefix each read with `]`, a code character naming
the symbology and a modifier character. Knowing the symbology lets the desk tell an
EAN-13 ISBN from a Code 39 item barcode; the identifier itself is never part of the
barcode, so it is stripped here, once, before anything else looks at the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drivers.base import Symbology

# `]`, a code character (a letter), a modifier (a digit or a letter).
_AIM = re.compile(r"\][A-Za-z][0-9A-Za-z]")

# Code character -> symbology. Code characters not listed (Data Matrix `]d`, PDF417
# `]L`, Code 93 `]G`, ...) are still valid identifiers: stripped, symbology unknown.
_BY_CODE: dict[str, Symbology] = {
    "A": Symbology.CODE39,
    "C": Symbology.CODE128,
    "F": Symbology.CODABAR,
    "I": Symbology.ITF,
    "Q": Symbology.QR,
}

# EAN/UPC (`]E`) modifiers: 0 is EAN-13 (UPC-A and UPC-E are sent as EAN-13), 4 is EAN-8;
# 1-3 are EAN-13 with add-ons.
_EAN_BY_MODIFIER: dict[str, Symbology] = {
    "0": Symbology.EAN13,
    "1": Symbology.EAN13,
    "2": Symbology.EAN13,
    "3": Symbology.EAN13,
    "4": Symbology.EAN8,
}

# The identifier a scanner sends for each symbology (the virtual scanner uses it).
_PREFIX_FOR: dict[Symbology, str] = {
    Symbology.CODE39: "]A0",
    Symbology.CODE128: "]C0",
    Symbology.EAN13: "]E0",
    Symbology.UPCA: "]E0",
    Symbology.EAN8: "]E4",
    Symbology.CODABAR: "]F0",
    Symbology.ITF: "]I0",
    Symbology.QR: "]Q1",
}


@dataclass(frozen=True)
class AimRead:
    """A barcode with its AIM identifier taken off."""

    text: str
    symbology: Symbology
    identifier: str  # "]C0", or "" when the scanner sent none


def symbology_for(identifier: str) -> Symbology:
    """The symbology an AIM identifier such as "]E4" names (UNKNOWN when it names none we know)."""
    if not _AIM.fullmatch(identifier):
        return Symbology.UNKNOWN
    code, modifier = identifier[1], identifier[2]
    if code == "E":
        return _EAN_BY_MODIFIER.get(modifier, Symbology.UNKNOWN)
    return _BY_CODE.get(code, Symbology.UNKNOWN)


def parse(text: str) -> AimRead:
    """Split a leading AIM identifier off `text`; text without one comes back unchanged."""
    if _AIM.match(text):
        identifier = text[:3]
        return AimRead(text[3:], symbology_for(identifier), identifier)
    return AimRead(text, Symbology.UNKNOWN, "")


def prefix_for(symbology: Symbology) -> str:
    """The AIM identifier a scanner sends before a barcode of `symbology` ("" if it has none)."""
    return _PREFIX_FOR.get(symbology, "")
