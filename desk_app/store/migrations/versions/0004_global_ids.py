"""global ids on every row the server must know; versioned events in the outbox; outbox ids never reused

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03

Every row a desk makes and the server must know gets a `global_id` (UUIDv7 text, see
desk_app.store.global_ids), with a unique index. Existing rows get theirs in the same
pass that adds the column: the column's server default makes a UUIDv7 in SQL, and
SQLite evaluates it once per row while batch mode copies the table (one copy per
table, no Python per row); PostgreSQL evaluates it per row while it rewrites the table.

The outbox gains `event_type` and `event_version` (NULL on older rows), its old
`entity`/`entity_id`/`operation` become nullable (event rows carry none), and, on SQLite,
AUTOINCREMENT, so its id (the desk's transaction sequence) is never handed out twice.
"""
from alembic import op
import sqlalchemy as sa

from desk_app.store.global_ids import POSTGRESQL_SQL, SQLITE_SQL

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

LEGACY_OUTBOX_COLUMNS = (("entity", 32), ("entity_id", 64), ("operation", 32))  # NULL on event rows
TABLES = ("patron", "library_card", "card_binding", "bib_record", "item", "loan", "hold", "suspension",
          "point_entry", "staff", "audit_entry")


def _global_id(sql: str) -> sa.Column:
    return sa.Column("global_id", sa.String(length=36), nullable=False, server_default=sa.text(f"({sql})"))


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
        if sqlite:
            # The copy evaluates the default for every existing row: the backfill is the copy.
            with op.batch_alter_table(table, recreate="always") as batch_op:
                batch_op.add_column(_global_id(SQLITE_SQL))
                batch_op.create_index(f"ix_{table}_global_id", ["global_id"], unique=True)
        else:
            op.add_column(table, _global_id(POSTGRESQL_SQL))
            op.create_index(f"ix_{table}_global_id", table, ["global_id"], unique=True)

    if sqlite:
        with op.batch_alter_table("sync_outbox", recreate="always",
                                  table_kwargs={"sqlite_autoincrement": True}) as batch_op:
            batch_op.add_column(sa.Column("event_type", sa.String(length=64), nullable=True))
            batch_op.add_column(sa.Column("event_version", sa.Integer(), nullable=True))
            for name, length in LEGACY_OUTBOX_COLUMNS:
                batch_op.alter_column(name, existing_type=sa.String(length=length), nullable=True)
    else:
        op.add_column("sync_outbox", sa.Column("event_type", sa.String(length=64), nullable=True))
        op.add_column("sync_outbox", sa.Column("event_version", sa.Integer(), nullable=True))
        for name, length in LEGACY_OUTBOX_COLUMNS:
            op.alter_column("sync_outbox", name, existing_type=sa.String(length=length), nullable=True)
    if sqlite:
        # The point ledger's rebuild above dropped 0003's append-only triggers: put them back.
        for sql in _SQLITE_LEDGER_TRIGGERS:
            op.execute(sql)


_SQLITE_LEDGER_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS point_entry_no_update BEFORE UPDATE OF patron_id, points ON point_entry "
    "BEGIN SELECT RAISE(ABORT, 'point_entry is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS point_entry_no_delete BEFORE DELETE ON point_entry "
    "BEGIN SELECT RAISE(ABORT, 'point_entry is append-only'); END",
)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        with op.batch_alter_table("sync_outbox", recreate="always",
                                  table_kwargs={"sqlite_autoincrement": False}) as batch_op:
            batch_op.drop_column("event_version")
            batch_op.drop_column("event_type")
    else:
        op.drop_column("sync_outbox", "event_version")
        op.drop_column("sync_outbox", "event_type")
    # (entity, entity_id, operation stay nullable: event rows have none to give back.)
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(f"ix_{table}_global_id")
            batch_op.drop_column("global_id")
