"""The library's mobile-card public keys in the database, and training tokens signed with them.

A desk verifies mobile cards offline with public keys only. A technician may set
one in the settings file; otherwise the desk reads the library's keys from the
`LibrarySetting` row `mobile_token.public_keys` (JSON {key id: hex}), which the demo
data writes together with a fresh signing key kept in the secret store. With that
private key a trainer can make a "phone" for any demo card (`main.py mobile-card`);
on a real desk no private key exists and no token can be made there.
"""

from __future__ import annotations

import datetime as dt
import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.staff import audit
from desk_app.core.patrons.ids import mask_card_number, parse_card_number
from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError
from desk_app.core.patrons.mobile_token import public_key_bytes, sign_token
from desk_app.core.patrons.records import card_by_number
from desk_app.core.staff.permissions import Actor
from desk_app.store.models import LibrarySetting

PUBLIC_KEYS_SETTING = "mobile_token.public_keys"
KEY_SIZE = 32
MAX_MINUTES = 24 * 60  # a training token for a day at most; real ones live minutes


class MobileCardError(DeskError):
    code = "mobile_card_error"


def parse_public_keys(text: str) -> dict[int, bytes]:
    """{key id: 32 raw bytes} from the setting's JSON; unusable entries are skipped, never guessed."""
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    keys: dict[int, bytes] = {}
    if not isinstance(data, dict):
        return keys
    for kid, value in data.items():
        try:
            number, raw = int(kid), bytes.fromhex(str(value))
        except ValueError:
            continue
        if 0 <= number <= 255 and len(raw) == KEY_SIZE:
            keys[number] = raw
    return keys


def library_public_keys(session: Session) -> dict[int, bytes]:
    """The library's mobile-card public keys, or {} when none are stored."""
    row = session.get(LibrarySetting, PUBLIC_KEYS_SETTING)
    return parse_public_keys(row.value) if row is not None else {}


def public_keys_value(keys: dict[int, bytes]) -> str:
    """The setting's text for `keys` (what the demo data writes)."""
    return json.dumps({str(kid): raw.hex() for kid, raw in sorted(keys.items())}, sort_keys=True)


def parse_private_key(raw: bytes) -> bytes | None:
    """A stored Ed25519 signing key: 32 raw bytes, or 64 hex digits (as typed into `main.py secrets set`)."""
    if len(raw) != KEY_SIZE:
        try:
            raw = bytes.fromhex(raw.decode("ascii").strip())
        except (UnicodeDecodeError, ValueError):
            return None
    return raw if len(raw) == KEY_SIZE else None


def key_id_for(keys: dict[int, bytes], private_key: bytes) -> int | None:
    """The key id whose public key belongs to `private_key`, if the library publishes it."""
    public = public_key_bytes(Ed25519PrivateKey.from_private_bytes(private_key))
    return next((kid for kid, raw in sorted(keys.items()) if raw == public), None)


def issue_training_token(session_factory: sessionmaker[Session], actor: Actor, private_key: bytes,
                         card_number: str, *, minutes: int, now: dt.datetime) -> str:
    """A signed token for an existing card, for training at the desk; audited (card masked, never the token)."""
    number = parse_card_number(card_number).value
    if not 1 <= minutes <= MAX_MINUTES:
        raise MobileCardError(QT_TRANSLATE_NOOP("core", "A training mobile card lasts 1 to {most} minutes."),
                              most=MAX_MINUTES)
    with session_factory() as session, session.begin():
        kid = key_id_for(library_public_keys(session), private_key)
        if kid is None:
            raise MobileCardError(QT_TRANSLATE_NOOP(
                "core", "The signing key in the secret store is not one of this library's mobile card keys "
                        "(the database was made with another key)."))
        card = card_by_number(session, number)
        if card is None:
            raise MobileCardError(QT_TRANSLATE_NOOP("core", "No library card has number {card}."),
                                  card=mask_card_number(number))
        token = sign_token(private_key, number, issued_at=now, lifetime=dt.timedelta(minutes=minutes), key_id=kid)
        audit.record(session, actor, "training_mobile_card_issued", "library_card", card.id,
                     card=mask_card_number(number), minutes=minutes, key_id=kid)
    return token
