"""Typed shortcuts for Core writes on a session: the hot path skips the ORM unit of work."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Connection, CursorResult, Insert, Table
from sqlalchemy.orm import Session

# Reads take either: the hot path passes the session's Connection, which skips the ORM's
# per-statement machinery (autoflush, ORM compile) and costs about half as much per query.
DB = Session | Connection


def table(model: Any) -> Table:
    """The Core Table of a mapped class."""
    return cast(Table, model.__table__)


def insert_id(db: DB, statement: Insert, params: dict[str, Any] | None = None) -> int:
    """Run an INSERT (values in the statement, or in `params`) and return the new row's id."""
    result = cast(CursorResult[Any], db.execute(statement, params) if params is not None else db.execute(statement))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])
