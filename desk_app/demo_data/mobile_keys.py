"""The demo library's mobile-card key pair: the public half in the database, the private half in the secret store.

A demo or training desk can then verify mobile cards with no settings at all, and a
trainer can make a "phone" with `python main.py mobile-card`. The private key is
never printed, logged or written to the settings. A key already in the secret store
is reused, so filling a second demo database does not break tokens for the first.
"""

from __future__ import annotations

import logging

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from desk_app.core.patrons.mobile_card import PUBLIC_KEYS_SETTING, parse_private_key, public_keys_value
from desk_app.core.patrons.mobile_token import public_key_bytes
from desk_app.secret_store import MOBILE_TOKEN_SIGNING_KEY, SecretStore, get_default_store

log = logging.getLogger(__name__)

DEMO_KEY_ID = 0


def _private_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def signing_key(store: SecretStore) -> Ed25519PrivateKey | None:
    """The library signing key in `store`, made and stored first if there is none.

    None when the stored value is not a usable key: it is left alone (it may be someone's), never replaced.
    """
    current = store.get(MOBILE_TOKEN_SIGNING_KEY)
    if current is not None:
        raw = parse_private_key(current.reveal())
        if raw is None:
            log.warning("the stored mobile card signing key is not an Ed25519 key; the demo has no mobile cards")
            return None
        return Ed25519PrivateKey.from_private_bytes(raw)
    key = Ed25519PrivateKey.generate()
    store.set(MOBILE_TOKEN_SIGNING_KEY, _private_bytes(key))
    return key


def public_keys_row(store: SecretStore | None = None) -> tuple[str, str] | None:
    """The (key, value) LibrarySetting row publishing the demo key, or None if no secret store works here.

    Demo data without mobile cards is still demo data, so a broken keyring only costs this feature.
    """
    try:
        key = signing_key(store or get_default_store())
    except Exception as exc:  # noqa: BLE001 - keyring backends raise anything; the type is enough to log
        log.warning("no mobile card key for the demo library: the secret store failed (%s)", type(exc).__name__)
        return None
    if key is None:
        return None
    return PUBLIC_KEYS_SETTING, public_keys_value({DEMO_KEY_ID: public_key_bytes(key)})
