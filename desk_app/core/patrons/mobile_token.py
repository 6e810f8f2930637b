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

import base64
import binascii
import datetime as dt
import struct
from dataclasses import dataclass
from typing import Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from desk_app.core.patrons.ids import InvalidIdError, parse_card_number
from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError

PREFIX = "LDM1."
VERSION = 1
_LAYOUT = struct.Struct(">BBII12s")
PAYLOAD_SIZE = _LAYOUT.size  # 22
SIGNATURE_SIZE = 64
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


def _b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64d(text: str) -> bytes:
    if not text or any(c not in _B64URL for c in text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _epoch(at: dt.datetime) -> int:
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.timezone.utc)
    return int(at.timestamp())


def sign_token(private_key: Ed25519PrivateKey | bytes, card_number: str, *, issued_at: dt.datetime,
               lifetime: dt.timedelta = DEFAULT_LIFETIME, key_id: int = 0) -> str:
    """A token for `card_number` (the central server's side; also demo data and tests)."""
    key = private_key if isinstance(private_key, Ed25519PrivateKey) else Ed25519PrivateKey.from_private_bytes(
        private_key)
    number = parse_card_number(card_number).value
    issued = _epoch(issued_at)
    payload = _LAYOUT.pack(VERSION, key_id, issued, issued + int(lifetime.total_seconds()), number.encode("ascii"))
    signature = key.sign(PREFIX.encode("ascii") + payload)
    return f"{PREFIX}{_b64e(payload)}.{_b64e(signature)}"


def _malformed() -> TokenMalformed:
    return TokenMalformed(QT_TRANSLATE_NOOP(
        "core", "This is not a valid mobile library card code; ask the patron to reopen the card in the app."))


def verify_token(text: str, public_keys: bytes | Mapping[int, bytes], now: dt.datetime, *,
                 skew: dt.timedelta = DEFAULT_SKEW) -> MobileToken:
    """The token's card, or a TokenError saying why it is refused (never a card number from a bad token)."""
    text = text.strip()
    if not text.startswith(PREFIX):
        raise _malformed()
    parts = text[len(PREFIX):].split(".")
    if len(parts) != 2:
        raise _malformed()
    try:
        payload, signature = _b64d(parts[0]), _b64d(parts[1])
    except (ValueError, binascii.Error):
        raise _malformed() from None
    if len(payload) != PAYLOAD_SIZE or len(signature) != SIGNATURE_SIZE:
        raise _malformed()
    version, key_id, issued, expires, number = _LAYOUT.unpack(payload)
    if version != VERSION or expires <= issued:
        raise _malformed()
    keys = public_keys if isinstance(public_keys, Mapping) else {key_id: public_keys}
    raw_key = keys.get(key_id)
    if raw_key is None:
        raise TokenForged(QT_TRANSLATE_NOOP(
            "core", "This mobile card was signed with a key this desk does not know; it is refused."))
    try:
        Ed25519PublicKey.from_public_bytes(raw_key).verify(signature, PREFIX.encode("ascii") + payload)
    except InvalidSignature:
        raise TokenForged(QT_TRANSLATE_NOOP(
            "core", "This mobile card's signature is not valid (altered or forged); it is refused.")) from None
    issued_at = dt.datetime.fromtimestamp(issued, dt.timezone.utc)
    expires_at = dt.datetime.fromtimestamp(expires, dt.timezone.utc)
    current = now if now.tzinfo else now.replace(tzinfo=dt.timezone.utc)
    if current > expires_at + skew:
        raise TokenExpired(QT_TRANSLATE_NOOP(
            "core", "This mobile card code has expired; ask the patron to refresh it in the app."))
    if current < issued_at - skew:
        raise TokenNotYetValid(QT_TRANSLATE_NOOP(
            "core", "This mobile card code is not valid yet; check the clock of this desk and of the phone."))
    try:
        card = parse_card_number(number.decode("ascii")).value
    except (UnicodeDecodeError, InvalidIdError):
        raise _malformed() from None
    return MobileToken(card, key_id, issued_at, expires_at)


def public_key_bytes(private_key: Ed25519PrivateKey) -> bytes:
    """The 32 raw bytes a desk is configured with."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
