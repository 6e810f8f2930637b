"""The one way LibDesk's short signed tokens are built and opened (docs/tokens.md).

Every token is `PREFIX<base64url(payload)>.<base64url(Ed25519 signature)>`, where
the signature covers the ASCII prefix followed by the raw payload (so a signature
is never valid in another format), payload byte 0 is the format version and
byte 1 the signing key's id. Mobile cards (LDM1), event codes (LDE1) and
redemption codes (LDR1) differ only in their prefix and payload layout; this
module knows neither, it only signs, checks and reports what is wrong. Each token
module turns those findings into its own message for the librarian.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
from collections.abc import Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

SIGNATURE_SIZE = 64
_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


class Fault(str, enum.Enum):
    """Why a token is refused, before any meaning is read from it."""

    MALFORMED = "malformed"  # wrong prefix, parts, encoding, sizes or version
    FORGED = "forged"  # unknown key id or a signature that does not verify
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"


class SignedTokenFault(Exception):
    """Raised by `open_token`/`check_window`; token modules translate it into their own DeskError."""

    def __init__(self, fault: Fault) -> None:
        self.fault = fault
        super().__init__(fault.value)


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64d(text: str) -> bytes:
    """Strict unpadded base64url: a text whose unused trailing bits are not zero is refused, so one
    token has exactly one spelling (a changed last character never passes as the same token)."""
    if not text or any(c not in _B64URL for c in text):
        raise ValueError("not base64url")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if b64e(data) != text:
        raise ValueError("not canonical base64url")
    return data


def epoch(at: dt.datetime) -> int:
    """Unix seconds of `at` (a naive `at` is UTC, as the database stores it)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.timezone.utc)
    return int(at.timestamp())


def from_epoch(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)


def as_private_key(key: Ed25519PrivateKey | bytes) -> Ed25519PrivateKey:
    return key if isinstance(key, Ed25519PrivateKey) else Ed25519PrivateKey.from_private_bytes(key)


def public_key_bytes(private_key: Ed25519PrivateKey | bytes) -> bytes:
    """The 32 raw bytes a desk is configured with."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return as_private_key(private_key).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def seal(prefix: str, payload: bytes, private_key: Ed25519PrivateKey | bytes) -> str:
    """The token text for `payload` (whose byte 1 must already be the key id)."""
    signature = as_private_key(private_key).sign(prefix.encode("ascii") + payload)
    return f"{prefix}{b64e(payload)}.{b64e(signature)}"


def open_token(text: str, prefix: str, payload_size: int, version: int,
               public_keys: bytes | Mapping[int, bytes]) -> bytes:
    """The verified payload of `text`, or SignedTokenFault (MALFORMED or FORGED).

    Surrounding white space (a scanner's Enter or Tab) is stripped; nothing else is
    normalised: base64url is case-sensitive.
    """
    text = text.strip()
    if not text.startswith(prefix):
        raise SignedTokenFault(Fault.MALFORMED)
    parts = text[len(prefix):].split(".")
    if len(parts) != 2:
        raise SignedTokenFault(Fault.MALFORMED)
    try:
        payload, signature = b64d(parts[0]), b64d(parts[1])
    except (ValueError, binascii.Error):
        raise SignedTokenFault(Fault.MALFORMED) from None
    if len(payload) != payload_size or len(signature) != SIGNATURE_SIZE or payload[0] != version:
        raise SignedTokenFault(Fault.MALFORMED)
    key_id = payload[1]
    keys = public_keys if isinstance(public_keys, Mapping) else {key_id: public_keys}
    raw_key = keys.get(key_id)
    if raw_key is None:
        raise SignedTokenFault(Fault.FORGED)
    try:
        Ed25519PublicKey.from_public_bytes(raw_key).verify(signature, prefix.encode("ascii") + payload)
    except (InvalidSignature, ValueError):
        raise SignedTokenFault(Fault.FORGED) from None
    return payload


def check_window(start: dt.datetime, end: dt.datetime, now: dt.datetime, skew: dt.timedelta) -> None:
    """Raise EXPIRED or NOT_YET_VALID unless start - skew <= now <= end + skew."""
    current = now if now.tzinfo else now.replace(tzinfo=dt.timezone.utc)
    if current > end + skew:
        raise SignedTokenFault(Fault.EXPIRED)
    if current < start - skew:
        raise SignedTokenFault(Fault.NOT_YET_VALID)
