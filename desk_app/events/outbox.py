"""Writing an event to the sync outbox, in the caller's transaction: the only way an outbox row is made.

A change and its event commit together or not at all. Every scan records at least one
event, so this is one prebuilt Core INSERT on the session's connection (no ORM unit of
work), with the payload encoded once by msgspec and stored as the JSON text it made.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Text, bindparam, insert
from sqlalchemy.orm import Session

from desk_app.events.base import Event
from desk_app.store.global_ids import new_global_id
from desk_app.store.models import OutboxEntry, utcnow

# The payload is bound as text: msgspec's JSON is what the column holds (the JSON column type
# would encode a dict again with the slower json module, and escape every Chinese character).
_INSERT = insert(OutboxEntry.__table__).values(payload=bindparam("payload", type_=Text()))  # type: ignore[arg-type]


def record(db: Session | Connection, event: Event) -> int:
    """Add `event` to the outbox in the caller's transaction; returns the outbox row's id.

    The row carries the event's TYPE and VERSION beside its payload, and a fresh idempotency
    key (a UUIDv7, like every global id) the server uses to apply it exactly once.
    """
    conn = db.connection() if isinstance(db, Session) else db
    values: dict[str, Any] = {
        "idempotency_key": new_global_id(), "created_at": utcnow(), "event_type": event.TYPE,
        "event_version": event.VERSION, "payload": event.to_json().decode("utf-8"), "sent_at": None,
        "attempts": 0, "last_error": None,
    }
    key = conn.execute(_INSERT, values).inserted_primary_key
    return int(key[0]) if key else 0
