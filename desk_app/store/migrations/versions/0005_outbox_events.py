"""outbox rows are versioned events only: old rows translated, entity/entity_id/operation dropped

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03

From here on every outbox row carries an event of desk_app.events: `event_type`,
`event_version` and a payload that names rows by global id. Rows written before events
(never pushed: no sync engine existed) are translated into the version-1 payload of the
event they describe, reading the rows they name (0002 gave those rows their global ids),
so nothing a desk did is lost. The payloads are written here as plain data, frozen as
version 1 was on this date; tests/unit/test_migration_outbox_events.py decodes them
with the event classes. A row that names a row no longer there, or of a kind no desk ever
wrote, stops the upgrade with a message (the file stays as it was): nothing is dropped
silently.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from desk_app.store.db import MigrationRefused

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_KINDS = {
    ("loan", "check_out"): "loan.checked_out", ("hold", "fulfil"): "hold.fulfilled",
    ("loan", "check_in"): "loan.checked_in", ("suspension", "create"): "suspension.created",
    ("item", "status"): "item.status_changed", ("loan", "renew"): "loan.renewed",
    ("hold", "ready"): "hold.trapped", ("loan", "void"): "loan.voided", ("hold", "in_transit"): "hold.in_transit",
    ("hold", "place"): "hold.placed", ("hold", "expire"): "hold.expired",
    ("loan_history", "anonymise"): "loan_history.anonymised",
}


class LegacyRowError(ValueError):
    pass


def _when(value: Any) -> dt.datetime | None:
    """A stored (naive UTC) timestamp, or an ISO text from an old payload, as an aware UTC datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        moment = value
    else:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def _iso(value: Any) -> str | None:
    moment = _when(value)
    if moment is None:
        return None
    return moment.isoformat().replace("+00:00", "Z")


def _day(value: Any) -> str | None:
    return None if value is None else str(value)[:10]


class _Rows:
    """Lookups of the rows an old outbox row names (cached: a desk's outbox names the same few often)."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self._cache: dict[tuple[str, str, Any], Any] = {}

    def one(self, sql: str, **params: Any) -> Any:
        return self.conn.execute(sa.text(sql), params).first()

    def gid(self, table: str, row_id: Any) -> str | None:
        if row_id in (None, ""):
            return None
        key = ("gid", table, row_id)
        if key not in self._cache:
            row = self.one(f"SELECT global_id FROM {table} WHERE id = :id", id=int(row_id))
            self._cache[key] = row[0] if row else None
        return self._cache[key]

    def need(self, table: str, row_id: Any, what: str) -> str:
        found = self.gid(table, row_id)
        if found is None:
            raise LegacyRowError(f"{what}: {table} {row_id} is not in the database")
        return found

    def code(self, branch_id: Any) -> str | None:
        if branch_id in (None, "", 0):
            return None
        key = ("code", "branch", branch_id)
        if key not in self._cache:
            row = self.one("SELECT code FROM branch WHERE id = :id", id=int(branch_id))
            self._cache[key] = row[0] if row else None
        return self._cache[key]

    def barcode(self, item_id: Any) -> str | None:
        row = self.one("SELECT barcode FROM item WHERE id = :id", id=item_id) if item_id is not None else None
        return row[0] if row else None


def _loan(rows: _Rows, loan_id: Any, what: str) -> Any:
    loan = rows.one("SELECT l.id, l.global_id, i.barcode, l.patron_id, l.card_id, l.branch_id, l.staff_id, "
                    "l.checked_out_at, l.due_date, l.returned_at, l.return_branch_id, l.renewals, l.voided_at "
                    "FROM loan l JOIN item i ON i.id = l.item_id WHERE l.id = :id", id=int(loan_id or 0))
    if loan is None:
        raise LegacyRowError(f"{what}: loan {loan_id} is not in the database")
    return loan


def _hold(rows: _Rows, hold_id: Any, what: str) -> Any:
    hold = rows.one("SELECT h.id, h.global_id, h.bib_id, h.patron_id, h.pickup_branch_id, h.item_id, "
                    "h.placed_at, h.expires_on, h.closed_at, h.ready_at FROM hold h WHERE h.id = :id",
                    id=int(hold_id or 0))
    if hold is None:
        raise LegacyRowError(f"{what}: hold {hold_id} is not in the database")
    return hold


def _point(rows: _Rows, loan_id: int, reason: str) -> Any:
    return rows.one("SELECT global_id, points FROM point_entry WHERE loan_id = :loan AND reason = :reason "
                    "ORDER BY id LIMIT 1", loan=loan_id, reason=reason)


def translate(rows: _Rows, entity: str, entity_id: str, operation: str, payload: dict[str, Any],
              created_at: Any) -> tuple[str, dict[str, Any]]:
    """(event type, version-1 payload) for one old outbox row."""
    kind = _KINDS.get((entity, operation))
    what = f"outbox row ({entity}, {entity_id}, {operation})"
    if kind is None:
        raise LegacyRowError(f"{what}: no desk ever wrote this kind of row")
    at = _iso(payload.get("at")) or _iso(created_at)
    base: dict[str, Any] = {"at": at, "actor": None, "branch": rows.code(payload.get("branch_id"))}
    if entity == "loan":
        loan = _loan(rows, entity_id, what)
        base["actor"] = rows.gid("staff", loan.staff_id)
        item = payload.get("item") or loan.barcode
        if operation == "check_out":
            point = _point(rows, loan.id, "checkout")
            return kind, {**base, "branch": rows.code(payload.get("branch_id") or loan.branch_id),
                          "at": _iso(payload.get("at")) or _iso(loan.checked_out_at), "loan": loan.global_id,
                          "item": item, "patron": rows.need("patron", payload.get("patron_id") or loan.patron_id, what),
                          "card": rows.need("library_card", payload.get("card_id") or loan.card_id, what),
                          "due_date": _day(payload.get("due_date") or loan.due_date),
                          "point_entry": point[0] if point else None,
                          "points": point[1] if point else int(payload.get("points") or 0)}
        if operation == "check_in":
            return kind, {**base, "actor": None, "branch": rows.code(payload.get("branch_id") or loan.return_branch_id),
                          "at": at or _iso(loan.returned_at), "loan": loan.global_id, "item": item}
        if operation == "renew":
            return kind, {**base, "actor": None, "loan": loan.global_id, "item": item,
                          "due_date": _day(payload.get("due_date") or loan.due_date),
                          "renewals": int(payload.get("renewals") or loan.renewals or 1)}
        point = _point(rows, loan.id, "reversal")
        return kind, {**base, "actor": None, "branch": rows.code(loan.return_branch_id), "loan": loan.global_id,
                      "item": item, "reversal_entry": point[0] if point else None,
                      "points": point[1] if point else int(payload.get("points") or 0), "hold_reopened": None}
    if entity == "hold":
        hold = _hold(rows, entity_id, what)
        item = payload.get("item") or rows.barcode(hold.item_id)
        common = {**base, "hold": hold.global_id}
        if operation == "place":
            return kind, {**common, "at": _iso(hold.placed_at) or at,
                          "patron": rows.need("patron", payload.get("patron_id") or hold.patron_id, what),
                          "card": None, "bib": rows.need("bib_record", payload.get("bib_id") or hold.bib_id, what),
                          "pickup_branch": rows.code(payload.get("pickup_branch_id") or hold.pickup_branch_id)}
        if operation == "expire":
            return kind, common
        if operation == "fulfil":
            loan = _loan(rows, payload.get("loan_id"), what)
            return kind, {**common, "actor": rows.gid("staff", loan.staff_id), "branch": rows.code(loan.branch_id),
                          "loan": loan.global_id, "item": loan.barcode}
        if operation == "in_transit":
            to = payload.get("to_branch") or hold.pickup_branch_id
            return kind, {**common, "item": item, "to_branch": rows.code(to)}
        return kind, {**common, "branch": rows.code(hold.pickup_branch_id), "item": item,
                      "expires_on": _day(payload.get("expires_on") or hold.expires_on) or (at or "")[:10]}
    if entity == "suspension":
        sp = rows.one("SELECT global_id, patron_id, loan_id, reason, days, starts_on, borrowing_resumes_on, "
                      "holds_resume_on, created_at FROM suspension WHERE id = :id", id=int(entity_id or 0))
        if sp is None:
            raise LegacyRowError(f"{what}: suspension {entity_id} is not in the database")
        return kind, {**base, "at": _iso(sp.created_at) or at, "suspension": sp.global_id,
                      "patron": rows.need("patron", sp.patron_id, what),
                      "loan": rows.gid("loan", payload.get("loan_id") or sp.loan_id), "reason": sp.reason[:200],
                      "days": int(sp.days), "starts_on": _day(sp.starts_on),
                      "borrowing_resumes_on": _day(sp.borrowing_resumes_on),
                      "holds_resume_on": _day(sp.holds_resume_on)}
    if entity == "item":
        item = rows.one("SELECT barcode, status, location_branch_id FROM item WHERE id = :id", id=int(entity_id or 0))
        if item is None:
            raise LegacyRowError(f"{what}: item {entity_id} is not in the database")
        return kind, {**base, "branch": rows.code(payload.get("branch_id") or item.location_branch_id),
                      "item": payload.get("item") or item.barcode, "status": payload.get("status") or item.status}
    # loan_history / anonymise
    created = _when(created_at) or dt.datetime.now(dt.timezone.utc)
    before = _when(payload.get("returned_before")) or created - dt.timedelta(days=365)
    return kind, {**base, "returned_before": _iso(before), "retention_days": max(0, (created - before).days),
                  "loans": 0}


def _translate_old_rows(conn: sa.Connection) -> None:
    rows = _Rows(conn)
    old = conn.execute(sa.text("SELECT id, entity, entity_id, operation, payload, created_at FROM sync_outbox "
                               "WHERE event_type IS NULL ORDER BY id")).all()
    for row_id, entity, entity_id, operation, payload, created_at in old:
        data = payload if isinstance(payload, dict) else json.loads(payload or "{}")
        try:
            event_type, body = translate(rows, entity, str(entity_id), operation, data, created_at)
        except (ValueError, TypeError) as exc:
            raise MigrationRefused(f"cannot carry the unsent outbox row {row_id} into the event format: {exc}") from exc
        conn.execute(sa.text("UPDATE sync_outbox SET event_type = :t, event_version = 1, payload = :p WHERE id = :id"),
                     {"t": event_type, "p": json.dumps(body, ensure_ascii=False, separators=(",", ":")), "id": row_id})


def upgrade() -> None:
    conn = op.get_bind()
    _translate_old_rows(conn)
    kwargs = {"recreate": "always", "table_kwargs": {"sqlite_autoincrement": True}} \
        if conn.dialect.name == "sqlite" else {}
    with op.batch_alter_table("sync_outbox", **kwargs) as batch_op:
        batch_op.drop_column("entity")
        batch_op.drop_column("entity_id")
        batch_op.drop_column("operation")
        batch_op.alter_column("event_type", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("event_version", existing_type=sa.Integer(), nullable=False)


def downgrade() -> None:
    """Back to 0002's columns: entity and operation from the event type, the payload kept as the event's."""
    conn = op.get_bind()
    kwargs = {"recreate": "always", "table_kwargs": {"sqlite_autoincrement": True}} \
        if conn.dialect.name == "sqlite" else {}
    with op.batch_alter_table("sync_outbox", **kwargs) as batch_op:
        batch_op.add_column(sa.Column("entity", sa.String(length=32), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("entity_id", sa.String(length=64), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("operation", sa.String(length=32), nullable=False, server_default=""))
        batch_op.alter_column("event_type", existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column("event_version", existing_type=sa.Integer(), nullable=True)
    dot = "instr(event_type, '.')" if conn.dialect.name == "sqlite" else "strpos(event_type, '.')"
    conn.execute(sa.text(f"UPDATE sync_outbox SET entity = substr(event_type, 1, {dot} - 1), "
                         f"operation = substr(event_type, {dot} + 1)"))
