"""The mobile library card: a signed, time-limited token shown as a QR code on a phone.

The central server signs it with Ed25519; every desk verifies it offline with
the public key alone, so a desk needs no network to trust a phone, and a
screenshot stops working when the token expires. docs/mobile-card.md defines
the text byte for byte:

    LDM1.<base64url(payload, 22 bytes)>.<base64url(signature, 64 bytes)>

payload = version 0x01 | key id (1 byte) | issued-at (u32 BE, Unix seconds UTC)
          | expires-at (u32 BE) | card number (12 ASCII bytes)
signature = Ed25519 over b"LDM1." + payload
"""

from __future__ import annotations

import datetime as dt
import struct
from dataclasses import dataclass
from typing import Mapping

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desk_app.core import signing
from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError
from desk_app.core.patrons.ids import InvalidIdError, parse_card_number
from desk_app.core.signing import Fault, SignedTokenFault, epoch, public_key_bytes

PREFIX = "LDM1."
VERSION = 1
_LAYOUT = struct.Struct(">BBII12s")
PAYLOAD_SIZE = _LAYOUT.size  # 22
SIGNATURE_SIZE = signing.SIGNATURE_SIZE
DEFAULT_SKEW = dt.timedelta(minutes=5)  # phone and desk clocks drift; tolerate this much
DEFAULT_LIFETIME = dt.timedelta(minutes=10)


class TokenError(DeskError):
    code = "mobile_token"


class TokenMalformed(TokenError):
    code = "mobile_token_malformed"


class TokenForged(TokenError):
    code = "mobile_token_forged"


class TokenExpired(TokenError):
    code = "mobile_token_expired"


class TokenNotYetValid(TokenError):
    code = "mobile_token_not_yet_valid"


@dataclass(frozen=True)
class MobileToken:
    card_number: str
    key_id: int
    issued_at: dt.datetime  # aware, UTC
    expires_at: dt.datetime


def looks_like_token(text: str) -> bool:
    return text.strip().upper().startswith(PREFIX)


def sign_token(private_key: Ed25519PrivateKey | bytes, card_number: str, *, issued_at: dt.datetime,
               lifetime: dt.timedelta = DEFAULT_LIFETIME, key_id: int = 0) -> str:
    """A token for `card_number` (the central server's side; also demo data and tests)."""
    number = parse_card_number(card_number).value
    issued = epoch(issued_at)
    payload = _LAYOUT.pack(VERSION, key_id, issued, issued + int(lifetime.total_seconds()), number.encode("ascii"))
    return signing.seal(PREFIX, payload, private_key)


def _malformed() -> TokenMalformed:
    return TokenMalformed(QT_TRANSLATE_NOOP(
        "core", "This is not a valid mobile library card code; ask the patron to reopen the card in the app."))


def _refusal(fault: Fault, key_known: bool) -> TokenError:
    if fault is Fault.FORGED and not key_known:
        return TokenForged(QT_TRANSLATE_NOOP(
            "core", "This mobile card was signed with a key this desk does not know; it is refused."))
    if fault is Fault.FORGED:
        return TokenForged(QT_TRANSLATE_NOOP(
            "core", "This mobile card's signature is not valid (altered or forged); it is refused."))
    if fault is Fault.EXPIRED:
        return TokenExpired(QT_TRANSLATE_NOOP(
            "core", "This mobile card code has expired; ask the patron to refresh it in the app."))
    if fault is Fault.NOT_YET_VALID:
        return TokenNotYetValid(QT_TRANSLATE_NOOP(
            "core", "This mobile card code is not valid yet; check the clock of this desk and of the phone."))
    return _malformed()


def verify_token(text: str, public_keys: bytes | Mapping[int, bytes], now: dt.datetime, *,
                 skew: dt.timedelta = DEFAULT_SKEW) -> MobileToken:
    """The token's card, or a TokenError saying why it is refused (never a card number from a bad token)."""
    try:
        payload = signing.open_token(text, PREFIX, PAYLOAD_SIZE, VERSION, public_keys)
        _version, key_id, issued, expires, number = _LAYOUT.unpack(payload)
        if expires <= issued:
            raise SignedTokenFault(Fault.MALFORMED)
        issued_at, expires_at = signing.from_epoch(issued), signing.from_epoch(expires)
        signing.check_window(issued_at, expires_at, now, skew)
    except SignedTokenFault as exc:
        key_known = _key_known(text, public_keys)
        raise _refusal(exc.fault, key_known) from None
    try:
        card = parse_card_number(number.decode("ascii")).value
    except (UnicodeDecodeError, InvalidIdError):
        raise _malformed() from None
    return MobileToken(card, key_id, issued_at, expires_at)


def _key_known(text: str, public_keys: bytes | Mapping[int, bytes]) -> bool:
    """Whether the token names a key id the desk has (only used to word a FORGED refusal)."""
    if not isinstance(public_keys, Mapping):
        return True
    try:
        payload = signing.b64d(text.strip()[len(PREFIX):].split(".")[0])
    except ValueError:
        return False
    return len(payload) > 1 and payload[1] in public_keys


__all__ = ["DEFAULT_LIFETIME", "DEFAULT_SKEW", "MobileToken", "PAYLOAD_SIZE", "PREFIX", "TokenError",
           "TokenExpired", "TokenForged", "TokenMalformed", "TokenNotYetValid", "looks_like_token",
           "public_key_bytes", "sign_token", "verify_token"]
