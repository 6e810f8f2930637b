"""reading passbook: events, seats, prizes and their stock, redemptions, draws; the ledger append-only

The point ledger gains the branch, card, event, redemption and a note, and triggers
that refuse to change a row's patron or points or to delete a row: a balance is the
sum of the ledger and only a new entry may change it. Portable to PostgreSQL.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 18:32:11.163274
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('prize',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('global_id', sa.String(length=36), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('per_card_limit', sa.Integer(), nullable=False),
    sa.Column('on_sale', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_prize_branch_id_branch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prize')),
    sa.UniqueConstraint('global_id', name=op.f('uq_prize_global_id'))
    )
    with op.batch_alter_table('prize', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prize_branch_id'), ['branch_id'], unique=False)

    op.create_table('draw',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('global_id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=True),
    sa.Column('min_loans', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('winners', sa.Integer(), nullable=False),
    sa.Column('eligible_count', sa.Integer(), nullable=False),
    sa.Column('eligible_digest', sa.String(length=64), nullable=False),
    sa.Column('seed', sa.String(length=64), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('drawn_at', sa.DateTime(), nullable=True),
    sa.Column('notified_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_draw_branch_id_branch')),
    sa.ForeignKeyConstraint(['created_by'], ['staff.id'], name=op.f('fk_draw_created_by_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draw')),
    sa.UniqueConstraint('global_id', name=op.f('uq_draw_global_id'))
    )
    op.create_table('library_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('global_id', sa.String(length=36), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('seat_points', sa.Integer(), nullable=True),
    sa.Column('seats', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_library_event_branch_id_branch')),
    sa.ForeignKeyConstraint(['created_by'], ['staff.id'], name=op.f('fk_library_event_created_by_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_library_event')),
    sa.UniqueConstraint('global_id', name=op.f('uq_library_event_global_id'))
    )
    op.create_table('draw_candidate',
    sa.Column('draw_id', sa.Integer(), nullable=False),
    sa.Column('patron_id', sa.Integer(), nullable=False),
    sa.Column('loans', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('notified_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['draw_id'], ['draw.id'], name=op.f('fk_draw_candidate_draw_id_draw')),
    sa.ForeignKeyConstraint(['patron_id'], ['patron.id'], name=op.f('fk_draw_candidate_patron_id_patron')),
    sa.PrimaryKeyConstraint('draw_id', 'patron_id', name=op.f('pk_draw_candidate'))
    )
    op.create_table('event_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('global_id', sa.String(length=36), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('patron_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['library_event.id'], name=op.f('fk_event_attendance_event_id_library_event')),
    sa.ForeignKeyConstraint(['patron_id'], ['patron.id'], name=op.f('fk_event_attendance_patron_id_patron')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_event_attendance_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_attendance')),
    sa.UniqueConstraint('event_id', 'patron_id', name=op.f('uq_event_attendance_event_id')),
    sa.UniqueConstraint('global_id', name=op.f('uq_event_attendance_global_id'))
    )
    with op.batch_alter_table('event_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_attendance_patron_id'), ['patron_id'], unique=False)

    op.create_table('event_seat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('global_id', sa.String(length=36), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('patron_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['library_event.id'], name=op.f('fk_event_seat_event_id_library_event')),
    sa.ForeignKeyConstraint(['patron_id'], ['patron.id'], name=op.f('fk_event_seat_patron_id_patron')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_event_seat_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_seat')),
    sa.UniqueConstraint('global_id', name=op.f('uq_event_seat_global_id'))
    )
    with op.batch_alter_table('event_seat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_seat_patron_id'), ['patron_id'], unique=False)
        batch_op.create_index('ux_event_seat_live', ['event_id', 'patron_id'], unique=True, sqlite_where=sa.text('cancelled_at IS NULL'), postgresql_where=sa.text('cancelled_at IS NULL'))

    op.create_table('redemption',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('global_id', sa.String(length=36), nullable=False),
    sa.Column('prize_id', sa.Integer(), nullable=False),
    sa.Column('patron_id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=True),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=8), nullable=False),
    sa.Column('token_id', sa.String(length=36), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_by', sa.Integer(), nullable=True),
    sa.Column('cancel_reason', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_redemption_branch_id_branch')),
    sa.ForeignKeyConstraint(['cancelled_by'], ['staff.id'], name=op.f('fk_redemption_cancelled_by_staff')),
    sa.ForeignKeyConstraint(['card_id'], ['library_card.id'], name=op.f('fk_redemption_card_id_library_card')),
    sa.ForeignKeyConstraint(['patron_id'], ['patron.id'], name=op.f('fk_redemption_patron_id_patron')),
    sa.ForeignKeyConstraint(['prize_id'], ['prize.id'], name=op.f('fk_redemption_prize_id_prize')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_redemption_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_redemption')),
    sa.UniqueConstraint('global_id', name=op.f('uq_redemption_global_id')),
    sa.UniqueConstraint('token_id', name=op.f('uq_redemption_token_id'))
    )
    with op.batch_alter_table('redemption', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_redemption_patron_id'), ['patron_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_redemption_prize_id'), ['prize_id'], unique=False)

    op.create_table('prize_stock_move',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('global_id', sa.String(length=36), nullable=False),
    sa.Column('prize_id', sa.Integer(), nullable=False),
    sa.Column('delta', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('redemption_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['prize_id'], ['prize.id'], name=op.f('fk_prize_stock_move_prize_id_prize')),
    sa.ForeignKeyConstraint(['redemption_id'], ['redemption.id'], name=op.f('fk_prize_stock_move_redemption_id_redemption')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_prize_stock_move_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prize_stock_move')),
    sa.UniqueConstraint('global_id', name=op.f('uq_prize_stock_move_global_id'))
    )
    with op.batch_alter_table('prize_stock_move', schema=None) as batch_op:
        batch_op.create_index('ix_prize_stock_move_prize_delta', ['prize_id', 'delta'], unique=False)

    with op.batch_alter_table('point_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('branch_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('card_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('event_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('redemption_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('note', sa.String(length=200), nullable=True))
        batch_op.create_index('ix_point_entry_card_created', ['card_id', 'created_at'], unique=False)
        batch_op.create_index('ix_point_entry_created', ['created_at'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_point_entry_event_id_library_event'), 'library_event', ['event_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_point_entry_redemption_id_redemption'), 'redemption', ['redemption_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_point_entry_branch_id_branch'), 'branch', ['branch_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_point_entry_card_id_library_card'), 'library_card', ['card_id'], ['id'])

    _create_append_only_triggers()


_SQLITE_TRIGGERS = {
    "point_entry_no_update": "CREATE TRIGGER point_entry_no_update BEFORE UPDATE OF patron_id, points ON point_entry "
                             "BEGIN SELECT RAISE(ABORT, 'point_entry is append-only'); END",
    "point_entry_no_delete": "CREATE TRIGGER point_entry_no_delete BEFORE DELETE ON point_entry "
                             "BEGIN SELECT RAISE(ABORT, 'point_entry is append-only'); END",
    "prize_stock_move_no_update": "CREATE TRIGGER prize_stock_move_no_update BEFORE UPDATE ON prize_stock_move "
                                  "BEGIN SELECT RAISE(ABORT, 'prize_stock_move is append-only'); END",
    "prize_stock_move_no_delete": "CREATE TRIGGER prize_stock_move_no_delete BEFORE DELETE ON prize_stock_move "
                                  "BEGIN SELECT RAISE(ABORT, 'prize_stock_move is append-only'); END",
}
_PG_FUNCTION = """CREATE OR REPLACE FUNCTION libdesk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"""
_PG_TRIGGERS = {
    "point_entry_no_update": "CREATE TRIGGER point_entry_no_update BEFORE UPDATE OF patron_id, points ON point_entry "
                             "FOR EACH ROW EXECUTE FUNCTION libdesk_append_only()",
    "point_entry_no_delete": "CREATE TRIGGER point_entry_no_delete BEFORE DELETE ON point_entry "
                             "FOR EACH ROW EXECUTE FUNCTION libdesk_append_only()",
    "prize_stock_move_no_update": "CREATE TRIGGER prize_stock_move_no_update BEFORE UPDATE ON prize_stock_move "
                                  "FOR EACH ROW EXECUTE FUNCTION libdesk_append_only()",
    "prize_stock_move_no_delete": "CREATE TRIGGER prize_stock_move_no_delete BEFORE DELETE ON prize_stock_move "
                                  "FOR EACH ROW EXECUTE FUNCTION libdesk_append_only()",
}
_TABLE_OF = {name: name.rsplit("_no_", 1)[0] for name in _SQLITE_TRIGGERS}


def _create_append_only_triggers() -> None:
    """After the table rebuilds above (a rebuild drops triggers): the ledgers refuse edits and deletes."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        for sql in _PG_TRIGGERS.values():
            op.execute(sql)
    else:
        for sql in _SQLITE_TRIGGERS.values():
            op.execute(sql)


def _drop_append_only_triggers() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name in _SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {_TABLE_OF[name]}" if postgres else f"DROP TRIGGER IF EXISTS {name}")
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS libdesk_append_only()")


def downgrade() -> None:
    _drop_append_only_triggers()
    with op.batch_alter_table('point_entry', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_point_entry_card_id_library_card'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_point_entry_branch_id_branch'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_point_entry_redemption_id_redemption'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_point_entry_event_id_library_event'), type_='foreignkey')
        batch_op.drop_index('ix_point_entry_created')
        batch_op.drop_index('ix_point_entry_card_created')
        batch_op.drop_column('note')
        batch_op.drop_column('redemption_id')
        batch_op.drop_column('event_id')
        batch_op.drop_column('card_id')
        batch_op.drop_column('branch_id')

    with op.batch_alter_table('prize_stock_move', schema=None) as batch_op:
        batch_op.drop_index('ix_prize_stock_move_prize_delta')

    op.drop_table('prize_stock_move')
    with op.batch_alter_table('redemption', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_redemption_prize_id'))
        batch_op.drop_index(batch_op.f('ix_redemption_patron_id'))

    op.drop_table('redemption')
    with op.batch_alter_table('event_seat', schema=None) as batch_op:
        batch_op.drop_index('ux_event_seat_live', sqlite_where=sa.text('cancelled_at IS NULL'), postgresql_where=sa.text('cancelled_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_event_seat_patron_id'))

    op.drop_table('event_seat')
    with op.batch_alter_table('event_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_attendance_patron_id'))

    op.drop_table('event_attendance')
    op.drop_table('draw_candidate')
    op.drop_table('library_event')
    op.drop_table('draw')
    with op.batch_alter_table('prize', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prize_branch_id'))

    op.drop_table('prize')
