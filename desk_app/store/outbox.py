"""The sync outbox: a change and its outbox row commit in the same transaction."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.store.models import OutboxEntry


def enqueue(session: Session, entity: str, entity_id: object, operation: str, payload: dict[str, Any]) -> OutboxEntry:
    """Add an outbox row to the caller's transaction; the sync engine pushes it later, in order."""
    row = OutboxEntry(
        idempotency_key=str(uuid.uuid4()), entity=entity, entity_id=str(entity_id),
        operation=operation, payload=payload,
    )
    session.add(row)
    return row


def pending_count(session: Session) -> int:
    """How many changes wait to be pushed (the desk's status bar shows it)."""
    return int(session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.sent_at.is_(None))) or 0)
