"""The sync outbox as the desk reads it. Rows are written only by desk_app.events.record (versioned events)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.store.models import OutboxEntry


def pending_count(session: Session) -> int:
    """How many changes wait to be pushed (the desk's status bar shows it)."""
    return int(session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.sent_at.is_(None))) or 0)
