"""Taiwan national IDs, resident certificate numbers and library card numbers.

A library card number is the holder's ID plus a two-digit sequence
(`A123456789` + `00`); a reissue takes the next sequence. Three ID formats:
- national ID: letter + 1|2 + 8 digits;
- resident certificate since 2021-01-02: letter + 8|9 + 8 digits;
- old resident certificate: two letters + 8 digits, the second letter counting
  as the last digit of its letter code (valid until 2031-01-01).
All share one checksum: weights 1,9,8,7,6,5,4,3,2,1,1 over the first letter's two
digits and the nine digits after it; the sum divides by 10.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError
from desk_app.store.models import IdKind

LETTER_CODES: dict[str, int] = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17,
    "I": 34, "J": 18, "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23,
    "Q": 24, "R": 25, "S": 26, "T": 27, "U": 28, "V": 29, "W": 32, "X": 30,
    "Y": 31, "Z": 33,
}
WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
OLD_RESIDENT_SECOND_LETTERS = "ABCD"
MAX_SEQUENCE = 99


class InvalidIdError(DeskError):
    code = "invalid_id"


@dataclass(frozen=True)
class TaiwanId:
    value: str
    kind: IdKind

    def masked(self) -> str:
        return mask_id(self.value)


@dataclass(frozen=True)
class CardNumber:
    """A library card number: an ID and its two-digit sequence."""

    holder_id: TaiwanId
    sequence: int

    @property
    def value(self) -> str:
        return f"{self.holder_id.value}{self.sequence:02d}"

    def next(self) -> CardNumber:
        """The number a reissue takes (the old one is voided by the caller)."""
        if self.sequence >= MAX_SEQUENCE:
            raise InvalidIdError(QT_TRANSLATE_NOOP("core", "This ID has used all 100 card sequences (00-99)."))
        return CardNumber(self.holder_id, self.sequence + 1)

    def masked(self) -> str:
        return mask_card_number(self.value)

    def __str__(self) -> str:
        return self.value


def normalise(text: str) -> str:
    """Full-width to half-width (NFKC), surrounding spaces removed, upper case."""
    return unicodedata.normalize("NFKC", text).strip().upper()


def checksum_ok(value: str) -> bool:
    """The shared checksum on an already shape-checked 10-character ID."""
    code = LETTER_CODES[value[0]]
    second = value[1]
    digits = [code // 10, code % 10]
    digits.append(LETTER_CODES[second] % 10 if second.isalpha() else int(second))
    digits.extend(int(c) for c in value[2:])
    return sum(w * d for w, d in zip(WEIGHTS, digits)) % 10 == 0


def check_digit_for(first_nine: str) -> str:
    """The tenth character that makes `first_nine` a valid ID (for demo data and tests)."""
    for d in "0123456789":
        if checksum_ok(first_nine + d):
            return d
    raise AssertionError("a check digit always exists")  # pragma: no cover


_SHAPES: list[tuple[re.Pattern[str], IdKind]] = [
    (re.compile(r"^[A-Z][12]\d{8}$"), IdKind.NATIONAL),
    (re.compile(r"^[A-Z][89]\d{8}$"), IdKind.RESIDENT),
    (re.compile(rf"^[A-Z][{OLD_RESIDENT_SECOND_LETTERS}]\d{{8}}$"), IdKind.OLD_RESIDENT),
]


def parse_id(text: str) -> TaiwanId:
    """Validate a national ID or resident certificate number; the error says what is wrong."""
    value = normalise(text)
    if not value:
        raise InvalidIdError(QT_TRANSLATE_NOOP("core", "The ID is empty."))
    if len(value) != 10:
        raise InvalidIdError(
            QT_TRANSLATE_NOOP("core", "An ID has 10 characters; this one has {count}."), count=len(value)
        )
    if not value[0].isascii() or not value[0].isalpha():
        raise InvalidIdError(QT_TRANSLATE_NOOP("core", "An ID starts with an English letter."))
    for pattern, kind in _SHAPES:
        if pattern.match(value):
            if not checksum_ok(value):
                raise InvalidIdError(
                    QT_TRANSLATE_NOOP("core", "The ID's check digit is wrong; please check each character.")
                )
            return TaiwanId(value, kind)
    if value[1].isalpha():
        raise InvalidIdError(
            QT_TRANSLATE_NOOP(
                "core", "An old resident certificate number has A, B, C or D as its second letter."
            )
        )
    if not value[2:].isdigit() or not value[1].isdigit():
        raise InvalidIdError(QT_TRANSLATE_NOOP("core", "After the first letter(s), an ID has only digits."))
    raise InvalidIdError(
        QT_TRANSLATE_NOOP(
            "core",
            "The second character of an ID is 1 or 2 (national ID) or 8 or 9 (resident certificate).",
        )
    )


def is_valid_id(text: str) -> bool:
    try:
        parse_id(text)
    except InvalidIdError:
        return False
    return True


def parse_card_number(text: str) -> CardNumber:
    """Validate a library card number: a valid ID followed by a two-digit sequence."""
    value = normalise(text)
    if len(value) != 12:
        raise InvalidIdError(
            QT_TRANSLATE_NOOP(
                "core", "A library card number has 12 characters (ID + 2-digit sequence); this one has {count}."
            ),
            count=len(value),
        )
    if not value[10:].isdigit():
        raise InvalidIdError(QT_TRANSLATE_NOOP("core", "A library card number ends in a 2-digit sequence."))
    return CardNumber(parse_id(value[:10]), int(value[10:]))


def card_number_for(holder: TaiwanId | str, sequence: int = 0) -> CardNumber:
    holder_id = holder if isinstance(holder, TaiwanId) else parse_id(holder)
    if not 0 <= sequence <= MAX_SEQUENCE:
        raise InvalidIdError(QT_TRANSLATE_NOOP("core", "A card sequence is between 00 and 99."))
    return CardNumber(holder_id, sequence)


def mask_id(value: str) -> str:
    """A12*****89: enough for a librarian to confirm with the patron, not enough to misuse."""
    if len(value) < 5:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


def mask_card_number(value: str) -> str:
    """The ID part masked, the sequence kept: A12*****8901."""
    if len(value) != 12:
        return mask_id(value)
    return mask_id(value[:10]) + value[10:]


# A full ID (letter + 1/2, 8/9 or A-D + 8 digits), optionally with its 2-digit card sequence,
# standing alone in free text (not inside a longer barcode).
_ID_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Da-d1289]\d{8})(\d{2})?(?![A-Za-z0-9])")


def mask_ids_in(text: str) -> str:
    """Every full ID or card number in `text` masked: the safety net for logs, slips and device lists."""
    return _ID_IN_TEXT.sub(lambda m: mask_id(m.group(1).upper()) + (m.group(2) or ""), text)


def mask_name(name: str) -> str:
    """王小明 -> 王○明, 林美 -> 林○: enough to find a slip on the hold shelf, not enough to expose the patron."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "○"
    return name[0] + "○" * (len(name) - 2) + name[-1]
