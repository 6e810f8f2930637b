"""The desk's identity: which desk made a transaction, on the wire as (desk id, sequence).

A desk names itself with a UUIDv7 made the first time its database is opened (so two
desks never share one, with no server needed), kept in `sync_state` under "desk_id".
Enrolment with the central server may later replace it with the id the server
assigns (`set_desk_id`), before the desk has pushed anything.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from desk_app.store.global_ids import is_global_id, new_global_id
from desk_app.store.models import SyncState

KEY = "desk_id"
_READ = select(SyncState.value).where(SyncState.key == KEY)


def _connection(db: Session | Connection) -> Connection:
    return db.connection() if isinstance(db, Session) else db


def desk_id(db: Session | Connection) -> str:
    """This desk's id, made (and written in the caller's transaction) if it has none yet.

    Two processes opening a new file at once agree on one id: the write is an insert that
    yields to a row already there, and the id is read back.
    """
    conn = _connection(db)
    value = conn.execute(_READ).scalar()
    if value is not None:
        return str(value)
    dialect = conn.dialect.name
    values = {"key": KEY, "value": new_global_id()}
    if dialect == "sqlite":
        conn.execute(sqlite_insert(SyncState).values(values).on_conflict_do_nothing(index_elements=["key"]))
    elif dialect == "postgresql":
        conn.execute(pg_insert(SyncState).values(values).on_conflict_do_nothing(index_elements=["key"]))
    else:
        conn.execute(insert(SyncState).values(values))
    return str(conn.execute(_READ).scalar_one())


def ensure_desk_id(engine: Engine) -> str:
    """Make sure the database behind `engine` has a desk id (at first open); returns it."""
    with engine.begin() as conn:
        return desk_id(conn)


def set_desk_id(db: Session | Connection, value: str) -> None:
    """Take the id the server assigned at enrolment (a UUIDv7 in canonical text), in the caller's transaction."""
    if not is_global_id(value):
        raise ValueError("a desk id is a UUIDv7 in canonical lowercase text")
    conn = _connection(db)
    desk_id(conn)  # the row exists afterwards
    conn.execute(update(SyncState).where(SyncState.key == KEY).values(value=value))
