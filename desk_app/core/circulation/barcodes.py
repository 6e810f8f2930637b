"""Item barcodes: the library's one barcode scheme, in one place.

Items carry the classic 14-digit library Codabar number:
    "3"          item (a "2" would be a patron barcode; this library's patron
                 cards carry ID-based card numbers instead, see core.ids)
    4 digits     institution code (this library: 0001)
    8 digits     item sequence
    1 digit      check digit, the Luhn / "library mod 10" digit over the first 13
A scanner that drops or swaps a digit gives a number whose check digit fails, so
the desk refuses it instead of lending the wrong book.
"""

from __future__ import annotations

import unicodedata

from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError

ITEM_PREFIX = "3"
INSTITUTION = "0001"
LENGTH = 14
MAX_SEQUENCE = 99_999_999
# Codabar start/stop characters some scanners pass through (A/B/C/D, a/b/c/d, also t n * e).
_CODABAR_GUARDS = "ABCDTN*E"


class InvalidBarcodeError(DeskError):
    code = "invalid_barcode"


def luhn_digit(payload: str) -> str:
    """The digit that makes payload + digit pass the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def make_item_barcode(n: int, institution: str = INSTITUTION) -> str:
    """The barcode of item number `n` (1..99,999,999): demo data, tests, label printing."""
    if not 0 <= n <= MAX_SEQUENCE:
        raise ValueError(f"item sequence out of range: {n}")
    if len(institution) != 4 or not institution.isdigit():
        raise ValueError("institution code is 4 digits")
    payload = f"{ITEM_PREFIX}{institution}{n:08d}"
    return payload + luhn_digit(payload)


def clean(text: str) -> str:
    """Half-width, trimmed, Codabar start/stop characters removed (scanners may send them)."""
    value = unicodedata.normalize("NFKC", text).strip().upper()
    if len(value) >= 2 and value[0] in _CODABAR_GUARDS and value[-1] in _CODABAR_GUARDS:
        value = value[1:-1]
    return value.replace(" ", "").replace("-", "")


def looks_like_item_barcode(text: str) -> bool:
    """Shape only (14 digits starting with 3): how `classify` tells an item from a patron."""
    value = clean(text)
    return len(value) == LENGTH and value.isdigit() and value.startswith(ITEM_PREFIX)


def is_valid_item_barcode(text: str) -> bool:
    try:
        parse_item_barcode(text)
    except InvalidBarcodeError:
        return False
    return True


def parse_item_barcode(text: str) -> str:
    """The normalised barcode, or InvalidBarcodeError saying what is wrong with it."""
    value = clean(text)
    if not value:
        raise InvalidBarcodeError(QT_TRANSLATE_NOOP("core", "The item barcode is empty."))
    if not value.isdigit():
        raise InvalidBarcodeError(
            QT_TRANSLATE_NOOP("core", "An item barcode has only digits; {barcode} is not one."), barcode=value
        )
    if len(value) != LENGTH:
        raise InvalidBarcodeError(
            QT_TRANSLATE_NOOP("core", "An item barcode has 14 digits; {barcode} has {count}."),
            barcode=value,
            count=len(value),
        )
    if not value.startswith(ITEM_PREFIX):
        raise InvalidBarcodeError(
            QT_TRANSLATE_NOOP("core", "An item barcode starts with 3; {barcode} is not an item barcode."),
            barcode=value,
        )
    if luhn_digit(value[:-1]) != value[-1]:
        raise InvalidBarcodeError(
            QT_TRANSLATE_NOOP(
                "core", "The check digit of item barcode {barcode} is wrong; scan it again or type it carefully."
            ),
            barcode=value,
        )
    return value
