"""What a patron brought, turned into a Credential to look them up by.

Five routes end on the same patron panel: a library card barcode (card number),
a national ID typed, an EasyCard/iPass tapped (its UID, bound to a card), a
student card tapped (its LC v1 record, read by the UI through drivers), and a
mobile card token. Parsing is pure: no database, so `classify` can tell an item
barcode in the patron field from a patron credential in the item field.
"""

from __future__ import annotations

import enum
import re
import string
from dataclasses import dataclass

from desk_app.core.circulation import barcodes
from desk_app.core.patrons.ids import InvalidIdError, normalise, parse_card_number, parse_id
from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError
from desk_app.core.patrons.mobile_token import looks_like_token


class CredentialKind(str, enum.Enum):
    CARD_NUMBER = "card_number"
    NATIONAL_ID = "national_id"
    TRANSIT_CARD = "transit_card"
    STUDENT_CARD = "student_card"
    MOBILE_TOKEN = "mobile_token"


@dataclass(frozen=True)
class Credential:
    kind: CredentialKind
    value: str  # card number, national ID, UID hex (upper case) or the token text
    uid_hex: str = ""  # student cards: the UID the LC v1 record was read from

    def __repr__(self) -> str:  # never a full ID or a token in a log line or traceback
        return f"Credential({self.kind.value})"


class CredentialError(DeskError):
    code = "credential"


class ItemBarcodeInPatronField(CredentialError):
    code = "item_in_patron_field"


_HEX = frozenset(string.hexdigits.upper())
_UID_HEX_LENGTHS = (8, 14, 20)  # 4-, 7- and 10-byte ISO 14443 UIDs
_DECIMAL_UID = re.compile(r"^\d{10}$")
_ID_SHAPE = re.compile(r"^[A-Z][A-D1289]\d{8}$")
_CARD_SHAPE = re.compile(r"^[A-Z][A-D1289]\d{10}$")


def transit_uid(text: str) -> str:
    """A transit card UID as stored: upper-case hex as the reader returns it.

    Accepts hex with or without separators ("04:a2:2b:91"), or the 10-digit
    decimal that many desk RFID readers type (the 4 UID bytes read little-endian,
    zero-padded): "2435555844" is 04 A2 2B 91.
    """
    value = normalise(text).replace(":", "").replace(" ", "").replace("-", "")
    if _DECIMAL_UID.match(value):
        number = int(value)
        if number < 2**32:
            return number.to_bytes(4, "little").hex().upper()
    if len(value) in _UID_HEX_LENGTHS and set(value) <= _HEX:
        return value
    raise CredentialError(
        QT_TRANSLATE_NOOP("core", "This is not a card UID the desk can read (8, 14 or 20 hex digits, or 10 digits).")
    )


def decimal_form(uid_hex: str) -> str:
    """The 10-digit decimal form of a 4-byte UID (what keyboard RFID readers type)."""
    return f"{int.from_bytes(bytes.fromhex(uid_hex), 'little'):010d}"


def looks_like_patron(text: str) -> bool:
    """Shape only: a card number, an ID, a transit UID or a mobile token (checksums not checked)."""
    value = normalise(text)
    if not value:
        return False
    if looks_like_token(value):
        return True
    if barcodes.looks_like_item_barcode(value):
        return False
    if _CARD_SHAPE.match(value) or _ID_SHAPE.match(value):
        return True
    try:
        transit_uid(value)
    except CredentialError:
        return False
    return True


def parse_scanned(text: str) -> Credential:
    """A credential from text typed or scanned in the patron field, or a CredentialError saying why not."""
    raw = text.strip()
    if looks_like_token(raw):
        return Credential(CredentialKind.MOBILE_TOKEN, raw)
    value = normalise(raw)
    if not value:
        raise CredentialError(QT_TRANSLATE_NOOP("core", "Nothing was scanned."))
    if barcodes.looks_like_item_barcode(value):
        raise ItemBarcodeInPatronField(
            QT_TRANSLATE_NOOP("core", "{barcode} is an item barcode, not a library card. Scan it in the item field."),
            barcode=barcodes.clean(value),
        )
    if len(value) == 12 and value[0].isalpha():
        return Credential(CredentialKind.CARD_NUMBER, parse_card_number(value).value)
    if len(value) == 10 and value[0].isalpha():
        return Credential(CredentialKind.NATIONAL_ID, parse_id(value).value)
    try:
        return Credential(CredentialKind.TRANSIT_CARD, transit_uid(value))
    except CredentialError:
        pass
    if value[0].isalpha():
        # Most likely a mistyped ID or card number: let ids.py say exactly what is wrong.
        try:
            if len(value) > 10:
                parse_card_number(value)
            parse_id(value)
        except InvalidIdError:
            raise
    raise CredentialError(
        QT_TRANSLATE_NOOP(
            "core", "Not a library card, national ID or mobile card. Scan the card again or type the ID."
        )
    )


def student_card(uid_hex: str, card_number: str) -> Credential:
    """A student card's LC v1 record (already CRC-checked by the driver) as a credential."""
    return Credential(CredentialKind.STUDENT_CARD, parse_card_number(card_number).value, transit_uid(uid_hex))
