"""The audit trail: who did what to which record, when. Append-only and hash-chained.

Each entry's hash covers every column of the entry (its id and staff id included)
and the previous entry's hash, so an edited, deleted, inserted or renumbered row
breaks the chain at that point. Details must never hold a full national ID, a
password, a key or a token: callers pass masked values, and `record` refuses
anything that looks like a full ID.

One chain, many writers: the desk, the command line, a second desk on the same file
in training, the sync engine. Every append takes the database's write lock before it
reads the chain's head, so two writers can never both link to the same head.

Hash versions (column `hash_version`): 1 is what desks wrote before issue 18 (the id
and the staff id were not covered); 2 covers every column. Entries written as v1
still verify as v1; a v1 entry after a v2 entry is a downgrade and breaks the chain.
What a chain kept on one desk can and cannot show: docs/privacy.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, text
from sqlalchemy.orm import Session

from desk_app.core.staff.permissions import Action, Actor, require
from desk_app.store.global_ids import new_global_id
from desk_app.store.models import AuditEntry, utcnow

GENESIS = "0" * 64
_FULL_ID = re.compile(r"[A-Z][A-D1289]\d{8}")

# The columns each hash version covers. The newest must name every column but `hash`
# itself: a test checks it, so a new column (a global id) comes with a new version.
HASHED_COLUMNS: dict[int, tuple[str, ...]] = {
    1: ("prev_hash", "at", "staff_username", "action", "entity", "entity_id", "detail"),
    2: ("hash_version", "id", "at", "staff_id", "staff_username", "action", "entity", "entity_id", "detail",
        "prev_hash"),
    # 3: the entry's global id (its name off the desk, issue 16) is covered too.
    3: ("hash_version", "id", "global_id", "at", "staff_id", "staff_username", "action", "entity", "entity_id",
        "detail", "prev_hash"),
}
HASH_VERSION = max(HASHED_COLUMNS)
_V2_DOMAIN = b"libdesk-audit-entry\n"
_PG_CHAIN_LOCK = 0x4C444155  # "LDAU": the advisory lock that serialises appends on PostgreSQL


def _canonical(detail: Mapping[str, Any]) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def stored_time(at: dt.datetime) -> dt.datetime:
    """A moment as the trail stores it and hashes it: naive UTC (aware times are converted first)."""
    if at.tzinfo is not None:
        at = at.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return at


def entry_hash(prev_hash: str, at: str, staff_username: str, action: str, entity: str, entity_id: str,
               detail: str) -> str:
    """Version 1 (before issue 18): seven fields joined; kept so existing trails still verify."""
    payload = "\x1f".join([prev_hash, at, staff_username, action, entity, entity_id, detail])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def hash_of(row: Mapping[str, Any]) -> str:
    """The hash an entry (as a mapping of its columns) must carry, by its own hash_version."""
    version = int(row.get("hash_version") or 1)
    if version not in HASHED_COLUMNS:
        raise ValueError(f"unknown audit hash version {version}")
    values = {name: row.get(name) for name in HASHED_COLUMNS[version]}
    values["at"] = stored_time(values["at"]).isoformat() if isinstance(values["at"], dt.datetime) else values["at"]
    if version == 1:
        return entry_hash(*(str(values[name]) for name in HASHED_COLUMNS[1]))
    payload = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(_V2_DOMAIN + payload.encode("utf-8")).hexdigest()


def lock_chain(conn: Connection) -> None:
    """Hold the write lock for the rest of this transaction, so the head read next stays the head.

    SQLite: BEGIN IMMEDIATE when no transaction is open (it waits up to busy_timeout);
    inside one, a write that changes nothing takes the lock if it is not held yet. Python's
    sqlite3 opens a transaction only at a write, so an open one already holds it, but the
    no-op also covers a transaction someone began with a plain BEGIN.
    PostgreSQL: a transaction-scoped advisory lock that every append takes.
    """
    name = conn.dialect.name
    if name == "sqlite":
        raw = conn.connection.dbapi_connection
        if not getattr(raw, "in_transaction", False):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("DELETE FROM audit_entry WHERE 0")
    elif name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_CHAIN_LOCK})


# Every scan appends an entry: prebuilt Core statements on the session's connection (same
# transaction), not the ORM unit of work, which cost about 1 ms per scan (issue 13's profile).
_HEAD = select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
_INSERT = insert(AuditEntry.__table__)  # type: ignore[arg-type]


def record(session: Session, actor: Actor, action: str, entity: str, entity_id: object = "", *,
           at: dt.datetime | None = None, **detail: Any) -> int:
    """Append an entry in the caller's transaction (it commits with the change it describes); returns its id.

    `at` is the use case's clock (Ctx.now), so the trail and the rows it describes agree;
    without one, the system clock.
    """
    text_detail = _canonical(detail)
    if _FULL_ID.search(text_detail) or _FULL_ID.search(str(entity_id)):
        raise ValueError("audit detail must not contain a full national ID; pass it masked")
    conn = session.connection()
    lock_chain(conn)
    head = conn.execute(_HEAD).first()
    values: dict[str, Any] = {
        "hash_version": HASH_VERSION, "id": (int(head[0]) if head else 0) + 1, "global_id": new_global_id(),
        "at": stored_time(at or utcnow()), "staff_id": actor.staff_id, "staff_username": actor.username,
        "action": action, "entity": entity, "entity_id": str(entity_id), "detail": text_detail,
        "prev_hash": head[1] if head else GENESIS,
    }
    values["hash"] = hash_of(values)
    conn.execute(_INSERT, values)
    return int(values["id"])


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    first_bad_id: int | None = None
    reason: str = ""


def _columns(entry: AuditEntry) -> dict[str, Any]:
    return {c.key: getattr(entry, c.key) for c in AuditEntry.__table__.columns}


def verify_chain(session: Session) -> ChainReport:
    """Walk the whole trail; report the first entry whose hash or link does not hold."""
    prev = GENESIS
    newest_version = 1
    count = 0
    entries = session.execute(select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=2000))
    for e in entries.scalars():
        count += 1
        if e.prev_hash != prev:
            return ChainReport(False, count, e.id, "link to the previous entry is broken (entry deleted or inserted)")
        version = int(e.hash_version or 1)
        if version not in HASHED_COLUMNS:
            return ChainReport(False, count, e.id, f"unknown hash version {version}")
        if version < newest_version:
            return ChainReport(False, count, e.id, "entry claims an older hash version than the entries before it")
        if hash_of(_columns(e)) != e.hash:
            return ChainReport(False, count, e.id, "entry was changed after it was written")
        newest_version = version
        prev = e.hash
        session.expunge(e)  # a long trail is walked, not kept
    return ChainReport(True, count)


@dataclass(frozen=True)
class AuditLine:
    """One entry as staff read it (the detail is already free of full IDs)."""

    entry_id: int
    at: str
    staff_username: str
    action: str
    entity: str
    entity_id: str
    detail: str


def recent_entries(session: Session, actor: Actor, last: int = 20) -> list[AuditLine]:
    """The newest `last` entries, oldest first; reading the trail is itself a permission."""
    require(actor, Action.VIEW_AUDIT)
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(max(0, last))).scalars()
    return [AuditLine(e.id, e.at.isoformat(timespec="seconds"), e.staff_username, e.action, e.entity,
                      e.entity_id, e.detail) for e in reversed(list(rows))]
