"""The mobile library card token: its bytes, its signature, its time limits and every refusal."""

from __future__ import annotations

import base64
import datetime as dt
import struct

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desk_app.core.patrons.ids import check_digit_for
from desk_app.core.patrons.mobile_token import (
    PREFIX,
    TokenExpired,
    TokenForged,
    TokenMalformed,
    TokenNotYetValid,
    public_key_bytes,
    sign_token,
    verify_token,
)

NOW = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.timezone.utc)
CARD = "A12345678" + check_digit_for("A12345678") + "01"
# A fixed key so the worked example in docs/mobile-card.md can be checked byte for byte.
SEED = bytes(range(32))


@pytest.fixture
def key():
    return Ed25519PrivateKey.from_private_bytes(SEED)


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_layout_is_as_documented(key):
    token = sign_token(key, CARD, issued_at=NOW, lifetime=dt.timedelta(minutes=10), key_id=3)
    prefix, payload_b64, sig_b64 = token.split(".")
    assert prefix + "." == PREFIX
    payload = b64d(payload_b64)
    assert len(payload) == 22 and len(b64d(sig_b64)) == 64
    version, kid, issued, expires, number = struct.unpack(">BBII12s", payload)
    assert (version, kid, number.decode()) == (1, 3, CARD)
    assert (issued, expires) == (int(NOW.timestamp()), int(NOW.timestamp()) + 600)
    assert "=" not in token and "+" not in token and "/" not in token


def test_documented_example_verifies(key):
    """The worked example in docs/mobile-card.md (deterministic: Ed25519 signatures are)."""
    token = sign_token(key, "A12345678901", issued_at=NOW, lifetime=dt.timedelta(minutes=10))
    with open("docs/mobile-card.md", encoding="utf-8") as doc:
        assert token in doc.read()


def test_a_fresh_token_verifies_offline(key):
    token = sign_token(key, CARD, issued_at=NOW)
    result = verify_token(token, public_key_bytes(key), NOW + dt.timedelta(minutes=3))
    assert result.card_number == CARD and result.expires_at == NOW + dt.timedelta(minutes=10)


def test_clock_skew_is_tolerated_both_ways(key):
    token = sign_token(key, CARD, issued_at=NOW)
    public = public_key_bytes(key)
    verify_token(token, public, NOW - dt.timedelta(minutes=4))  # desk clock slightly behind
    verify_token(token, public, NOW + dt.timedelta(minutes=14))  # 4 minutes past expiry
    with pytest.raises(TokenNotYetValid):
        verify_token(token, public, NOW - dt.timedelta(minutes=6))
    with pytest.raises(TokenExpired):
        verify_token(token, public, NOW + dt.timedelta(minutes=16))


def test_forged_and_altered_tokens_are_refused(key):
    public = public_key_bytes(key)
    other = sign_token(Ed25519PrivateKey.generate(), CARD, issued_at=NOW)
    with pytest.raises(TokenForged):
        verify_token(other, public, NOW)
    token = sign_token(key, CARD, issued_at=NOW)
    _, payload_b64, sig_b64 = token.split(".")
    payload = bytearray(b64d(payload_b64))
    payload[-1] ^= 0x01  # another card sequence
    altered = PREFIX + base64.urlsafe_b64encode(bytes(payload)).rstrip(b"=").decode() + "." + sig_b64
    with pytest.raises(TokenForged):
        verify_token(altered, public, NOW)
    # A longer life written into the payload breaks the signature too.
    version, kid, issued, expires, number = struct.unpack(">BBII12s", b64d(payload_b64))
    longer = struct.pack(">BBII12s", version, kid, issued, expires + 86400, number)
    stretched = PREFIX + base64.urlsafe_b64encode(longer).rstrip(b"=").decode() + "." + sig_b64
    with pytest.raises(TokenForged):
        verify_token(stretched, public, NOW)


def test_unknown_key_id_is_refused(key):
    token = sign_token(key, CARD, issued_at=NOW, key_id=7)
    assert verify_token(token, {7: public_key_bytes(key)}, NOW).key_id == 7
    with pytest.raises(TokenForged):
        verify_token(token, {1: public_key_bytes(key)}, NOW)


@pytest.mark.parametrize("text", [
    "", "LDM1.", "LDM1.abc", "LDM1.a.b.c", "LDM1.!!!.???", "LDM2.AAAA.BBBB", "LDM1.AAAA.BBBB",
])
def test_malformed_tokens_are_refused(key, text):
    with pytest.raises(TokenMalformed):
        verify_token(text, public_key_bytes(key), NOW)


def test_bad_version_or_times_are_malformed_even_if_signed(key):
    def signed(payload: bytes) -> str:
        sig = key.sign(PREFIX.encode() + payload)
        return (PREFIX + base64.urlsafe_b64encode(payload).rstrip(b"=").decode() + "."
                + base64.urlsafe_b64encode(sig).rstrip(b"=").decode())

    t = int(NOW.timestamp())
    public = public_key_bytes(key)
    with pytest.raises(TokenMalformed):
        verify_token(signed(struct.pack(">BBII12s", 2, 0, t, t + 60, CARD.encode())), public, NOW)
    with pytest.raises(TokenMalformed):
        verify_token(signed(struct.pack(">BBII12s", 1, 0, t, t, CARD.encode())), public, NOW)
    with pytest.raises(TokenMalformed):  # a card number whose ID checksum fails
        verify_token(signed(struct.pack(">BBII12s", 1, 0, t, t + 60, b"A12345678801")), public, NOW)


def test_token_text_never_leaks_in_repr_of_errors(key):
    token = sign_token(Ed25519PrivateKey.generate(), CARD, issued_at=NOW)
    with pytest.raises(TokenForged) as info:
        verify_token(token, public_key_bytes(key), NOW)
    assert token not in str(info.value) and CARD not in str(info.value)
