"""What a card tapped on the patron reader says about who it belongs to. Runs on a worker thread.

A digital student card carries an LC v1 record (read with key A); an EasyCard or
iPass has no record we can open and is identified by its UID; a damaged record is
a problem to show, never a card number. No Qt here: the bridge translates the
problem and carries the result to the GUI thread.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from drivers.base import (
    AuthenticationFailed,
    CardRemoved,
    CardType,
    DriverError,
    NoCard,
    ServiceUnavailable,
    UnsupportedCard,
)

log = logging.getLogger(__name__)

ApduLog = Callable[[str], None]

MIFARE_CLASSIC = frozenset({CardType.MIFARE_CLASSIC_1K, CardType.MIFARE_CLASSIC_4K})


class CardProblem(str, enum.Enum):
    NONE = ""
    DAMAGED_RECORD = "damaged_record"  # an LC record that fails its checks: burn it again
    LIFTED = "lifted"  # the card left before it could be read: tap again
    RANDOM_UID = "random_uid"  # a 4-byte UID starting 08 changes at every tap
    NO_UID = "no_uid"  # the reader gave no UID
    ITEM_TAG = "item_tag"  # an ISO 15693 library item tag, not a patron card
    NO_KEY = "no_key"  # no key A configured (and not in training mode)
    READ_FAILED = "read_failed"  # any other driver error (detail says which)
    SERVICE_DOWN = "service_down"  # pcscd stopped meanwhile


@dataclass(frozen=True)
class PatronCardRead:
    """The outcome of one tap: a card number, or identify by UID, or a problem."""

    reader: str
    uid_hex: str
    card_type: CardType
    card_number: str = field(default="", repr=False)  # only from a valid LC v1 record; never in a repr
    problem: CardProblem = CardProblem.NONE
    detail: str = ""  # str() of a DriverError: safe to show and log (no keys)

    @property
    def by_uid(self) -> bool:
        """No record and no problem: an EasyCard/iPass (or unburned card), look it up by UID."""
        return not self.card_number and self.problem is CardProblem.NONE


def random_uid(uid: bytes) -> bool:
    """ISO 14443-3 random UIDs (4 bytes, first byte 08) differ at every tap: never identify by them."""
    return len(uid) == 4 and uid[0] == 0x08


def classify_without_reading(reader: str, card_type: CardType, uid: bytes | None) -> PatronCardRead | None:
    """The outcome when the card need not (or cannot) be read; None when its LC record must be read."""
    uid_hex = uid.hex().upper() if uid else ""
    if card_type is CardType.ISO15693:
        return PatronCardRead(reader, uid_hex, card_type, problem=CardProblem.ITEM_TAG)
    if not uid:
        return PatronCardRead(reader, "", card_type, problem=CardProblem.NO_UID)
    if random_uid(uid):
        return PatronCardRead(reader, uid_hex, card_type, problem=CardProblem.RANDOM_UID)
    if card_type not in MIFARE_CLASSIC:
        return PatronCardRead(reader, uid_hex, card_type)  # processor/Ultralight transit cards: by UID
    return None


ReadRecord = Callable[[str, bytes, ApduLog], "RecordResult"]


@dataclass(frozen=True)
class RecordResult:
    """What the driver found in the LC sector, reduced to what identification needs."""

    card_number: str = ""
    damaged: bool = False
    empty: bool = False


def read_patron_card(
    reader: str,
    card_type: CardType,
    uid: bytes | None,
    key_a: bytes | None,
    read_record: ReadRecord,
    apdu_log: ApduLog,
) -> PatronCardRead:
    """Identify the card on `reader`; every failure ends as a problem, never an exception."""
    early = classify_without_reading(reader, card_type, uid)
    if early is not None:
        return early
    assert uid is not None
    uid_hex = uid.hex().upper()
    if key_a is None:
        return PatronCardRead(reader, uid_hex, card_type, problem=CardProblem.NO_KEY)
    try:
        result = read_record(reader, key_a, apdu_log)
    except AuthenticationFailed:
        # Our key does not open the sector: not one of our student cards (EasyCard/iPass
        # MIFARE Classic use their own keys). The UID still identifies a bound card.
        return PatronCardRead(reader, uid_hex, card_type)
    except (CardRemoved, NoCard):
        return PatronCardRead(reader, uid_hex, card_type, problem=CardProblem.LIFTED)
    except ServiceUnavailable as exc:
        return PatronCardRead(reader, uid_hex, card_type, problem=CardProblem.SERVICE_DOWN, detail=str(exc))
    except UnsupportedCard:
        return PatronCardRead(reader, uid_hex, card_type)
    except DriverError as exc:
        log.warning("reading the library record on %s failed: %s", reader, exc)
        return PatronCardRead(reader, uid_hex, card_type, problem=CardProblem.READ_FAILED, detail=str(exc))
    if result.card_number:
        return PatronCardRead(reader, uid_hex, card_type, card_number=result.card_number)
    if result.damaged:
        return PatronCardRead(reader, uid_hex, card_type, problem=CardProblem.DAMAGED_RECORD)
    return PatronCardRead(reader, uid_hex, card_type)  # no record: probably an EasyCard/iPass
