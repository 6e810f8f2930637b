"""Key A for reading the LC v1 record: from the secret store, the transport key only in training.

Called on the device worker thread, never the GUI thread (a keyring may be slow).
The key is returned as bytes to hand straight to the driver; it is never logged,
and the drivers redact it in their APDU log.
"""

from __future__ import annotations

import logging

from desk_app import secret_store

log = logging.getLogger(__name__)

# The factory key of every blank MIFARE Classic card and of the virtual training card.
# Public knowledge, not a secret; accepted only in training mode.
TRANSPORT_KEY = bytes([0xFF] * 6)


def load_key_a(training: bool, store: secret_store.SecretStore | None = None) -> bytes | None:
    """Key A from the secret store; else the transport key in training mode; else None."""
    try:
        secret = secret_store.get_card_key(store or secret_store.get_default_store(), "A")
    except Exception as exc:  # noqa: BLE001 - a broken store: fall back as if no key were set
        log.warning("the secret store could not be read (%s)", type(exc).__name__)
        secret = None
    if secret is not None:
        return secret.reveal()
    return TRANSPORT_KEY if training else None
