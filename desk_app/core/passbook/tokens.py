"""Redemption codes (LDR1) and event codes (LDE1): signed like the mobile card (docs/tokens.md).

The central server signs both with the library's token key; a desk verifies them
offline with the public keys it already holds for mobile cards (`core.signing`
does the bytes). A redemption code names the patron's card, the prize (by its
global id, never its name) and a code id that makes it usable once; it lives five
minutes. An event code names the event, its branch and the window in which
scanning it earns the event's points.
"""

from __future__ import annotations

import datetime as dt
import struct
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desk_app.core import signing
from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError
from desk_app.core.patrons.ids import InvalidIdError, parse_card_number
from desk_app.core.signing import Fault, SignedTokenFault

REDEEM_PREFIX = "LDR1."
EVENT_PREFIX = "LDE1."
VERSION = 1
_REDEEM = struct.Struct(">BBII16s16s12s")  # version, key id, issued, expires, code id, prize id, card number
_EVENT = struct.Struct(">BBII16s16s")  # version, key id, valid from, valid until, event id, branch code
REDEEM_LIFETIME = dt.timedelta(minutes=5)
REDEEM_SKEW = dt.timedelta(minutes=1)  # a 5-minute code must not live 15: tolerate only small drift
EVENT_SKEW = dt.timedelta(minutes=5)


class PassbookTokenError(DeskError):
    code = "passbook_token"


class CodeMalformed(PassbookTokenError):
    code = "passbook_token_malformed"


class CodeForged(PassbookTokenError):
    code = "passbook_token_forged"


class CodeExpired(PassbookTokenError):
    code = "passbook_token_expired"


class CodeNotYetValid(PassbookTokenError):
    code = "passbook_token_not_yet_valid"


@dataclass(frozen=True)
class RedemptionCode:
    code_id: str  # UUID text: the code is spent once this id is on a redemption
    prize_global_id: str
    card_number: str
    key_id: int
    issued_at: dt.datetime  # aware UTC
    expires_at: dt.datetime


@dataclass(frozen=True)
class EventCode:
    event_global_id: str
    branch_code: str
    key_id: int
    valid_from: dt.datetime
    valid_until: dt.datetime


def looks_like_redemption(text: str) -> bool:
    return text.strip().upper().startswith(REDEEM_PREFIX)


def looks_like_event(text: str) -> bool:
    return text.strip().upper().startswith(EVENT_PREFIX)


def _uuid_bytes(text: str) -> bytes:
    return uuid.UUID(text).bytes


def _branch_bytes(code: str) -> bytes:
    raw = code.encode("ascii")
    if not raw or len(raw) > 16:
        raise ValueError("a branch code is 1 to 16 ASCII characters")
    return raw.ljust(16, b"\0")


def sign_redemption(private_key: Ed25519PrivateKey | bytes, card_number: str, prize_global_id: str, *,
                    issued_at: dt.datetime, lifetime: dt.timedelta = REDEEM_LIFETIME, key_id: int = 0,
                    code_id: str | None = None) -> str:
    """A redemption code (the central server's side; also `main.py token --redeem` for training)."""
    number = parse_card_number(card_number).value
    issued = signing.epoch(issued_at)
    payload = _REDEEM.pack(VERSION, key_id, issued, issued + int(lifetime.total_seconds()),
                           _uuid_bytes(code_id or str(uuid.uuid4())), _uuid_bytes(prize_global_id),
                           number.encode("ascii"))
    return signing.seal(REDEEM_PREFIX, payload, private_key)


def sign_event(private_key: Ed25519PrivateKey | bytes, event_global_id: str, branch_code: str, *,
               valid_from: dt.datetime, valid_until: dt.datetime, key_id: int = 0) -> str:
    """An event's code, shown as a QR code at the event."""
    payload = _EVENT.pack(VERSION, key_id, signing.epoch(valid_from), signing.epoch(valid_until),
                          _uuid_bytes(event_global_id), _branch_bytes(branch_code))
    return signing.seal(EVENT_PREFIX, payload, private_key)


_REDEEM_TEXTS = {
    Fault.MALFORMED: QT_TRANSLATE_NOOP("core", "This is not a valid redemption code."),
    Fault.FORGED: QT_TRANSLATE_NOOP("core", "This redemption code's signature is not valid (altered or forged); "
                                            "it is refused."),
    Fault.EXPIRED: QT_TRANSLATE_NOOP("core", "This redemption code has expired (codes last 5 minutes); ask the "
                                             "patron to make a new one in the app."),
    Fault.NOT_YET_VALID: QT_TRANSLATE_NOOP("core", "This redemption code is not valid yet; check the clock of this "
                                                   "desk."),
}
_EVENT_TEXTS = {
    Fault.MALFORMED: QT_TRANSLATE_NOOP("core", "This is not a valid event code."),
    Fault.FORGED: QT_TRANSLATE_NOOP("core", "This event code's signature is not valid (altered or forged); "
                                            "it is refused."),
    Fault.EXPIRED: QT_TRANSLATE_NOOP("core", "This event's code is no longer valid (the event is over)."),
    Fault.NOT_YET_VALID: QT_TRANSLATE_NOOP("core", "This event's code is not valid yet (the event has not started)."),
}
_ERRORS: dict[Fault, type[PassbookTokenError]] = {
    Fault.MALFORMED: CodeMalformed, Fault.FORGED: CodeForged, Fault.EXPIRED: CodeExpired,
    Fault.NOT_YET_VALID: CodeNotYetValid,
}


def verify_redemption(text: str, public_keys: bytes | Mapping[int, bytes], now: dt.datetime, *,
                      skew: dt.timedelta = REDEEM_SKEW) -> RedemptionCode:
    """The code's content, or a PassbookTokenError saying why it is refused."""
    try:
        payload = signing.open_token(text, REDEEM_PREFIX, _REDEEM.size, VERSION, public_keys)
        _v, key_id, issued, expires, code_id, prize_id, number = _REDEEM.unpack(payload)
        if expires <= issued:
            raise SignedTokenFault(Fault.MALFORMED)
        issued_at, expires_at = signing.from_epoch(issued), signing.from_epoch(expires)
        signing.check_window(issued_at, expires_at, now, skew)
        card = parse_card_number(number.decode("ascii")).value
    except SignedTokenFault as exc:
        raise _ERRORS[exc.fault](_REDEEM_TEXTS[exc.fault]) from None
    except (UnicodeDecodeError, InvalidIdError):
        raise CodeMalformed(_REDEEM_TEXTS[Fault.MALFORMED]) from None
    return RedemptionCode(str(uuid.UUID(bytes=code_id)), str(uuid.UUID(bytes=prize_id)), card, key_id,
                          issued_at, expires_at)


def verify_event(text: str, public_keys: bytes | Mapping[int, bytes], now: dt.datetime, *,
                 skew: dt.timedelta = EVENT_SKEW) -> EventCode:
    """The event code's content, or a PassbookTokenError (outside its window: expired or not yet valid)."""
    try:
        payload = signing.open_token(text, EVENT_PREFIX, _EVENT.size, VERSION, public_keys)
        _v, key_id, start, end, event_id, branch = _EVENT.unpack(payload)
        if end <= start:
            raise SignedTokenFault(Fault.MALFORMED)
        valid_from, valid_until = signing.from_epoch(start), signing.from_epoch(end)
        signing.check_window(valid_from, valid_until, now, skew)
        branch_code = branch.rstrip(b"\0").decode("ascii")
        if not branch_code:
            raise SignedTokenFault(Fault.MALFORMED)
    except SignedTokenFault as exc:
        raise _ERRORS[exc.fault](_EVENT_TEXTS[exc.fault]) from None
    except UnicodeDecodeError:
        raise CodeMalformed(_EVENT_TEXTS[Fault.MALFORMED]) from None
    return EventCode(str(uuid.UUID(bytes=event_id)), branch_code, key_id, valid_from, valid_until)
