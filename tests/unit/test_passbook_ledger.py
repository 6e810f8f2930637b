"""No point without a trace: the ledger is append-only, one module writes it, and every use case that
changes a balance leaves a ledger entry with its audit entry and outbox row."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from desk_app.core.passbook.ledger import Reason
from desk_app.core.passbook.tokens import sign_event, sign_redemption
from desk_app.store.db import open_database
from desk_app.store.models import AuditEntry, OutboxEntry, PointEntry, PrizeStockMove, StaffRole

ROOT = Path(__file__).resolve().parents[2]
# Writers of point_entry: the ledger; the demo library's bulk load (a data load, beside its loans);
# anonymising old loans, which only unlinks loan_id (the schema refuses any change of patron or points).
ALLOWED = {"desk_app/core/passbook/ledger.py", "desk_app/demo_data/circulation.py", "desk_app/core/staff/privacy.py",
           "benchmarks/baseline_sql.py"}
_WRITE = re.compile(r"(insert|update|delete)\s*\(\s*(PointEntry|POINT)\b|"
                    r"(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+point_entry|writer\.insert\(\s*PointEntry", re.I)


def test_no_module_but_the_ledger_writes_points() -> None:
    writers = set()
    for folder in ("desk_app", "central_server", "benchmarks"):
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" in rel:
                continue
            if _WRITE.search(path.read_text(encoding="utf-8")):
                writers.add(rel)
    assert writers and writers <= ALLOWED, sorted(writers - ALLOWED)


def _assert_append_only(engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO branch (code, name, closed_weekdays) VALUES ('B', 'b', '1')"))
        conn.execute(text("INSERT INTO patron (national_id, id_kind, name, kind, preliminary, created_at, updated_at) "
                          "VALUES ('A123456789', 'national', 'x', 'adult', false, :t, :t)"), {"t": dt.datetime(2026, 1, 1)})
        conn.execute(text("INSERT INTO point_entry (patron_id, points, reason, created_at) "
                          "VALUES (1, 5, 'correction', :t)"), {"t": dt.datetime(2026, 1, 1)})
    for statement in ("UPDATE point_entry SET points = 500", "UPDATE point_entry SET patron_id = 2",
                      "DELETE FROM point_entry"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    with engine.begin() as conn:  # unlinking a loan (anonymising) is allowed: no balance changes
        conn.execute(text("UPDATE point_entry SET loan_id = NULL, reference = 'x'"))
        assert conn.execute(text("SELECT sum(points) FROM point_entry")).scalar() == 5


def test_the_schema_refuses_to_edit_or_delete_ledger_rows_on_sqlite(store) -> None:
    _assert_append_only(store[0])


def test_the_schema_refuses_to_edit_or_delete_ledger_rows_on_postgresql(pg_url) -> None:
    engine, _ = open_database(pg_url)
    try:
        _assert_append_only(engine)
    finally:
        engine.dispose()


def test_the_migration_goes_down_and_up_again_on_postgresql(pg_url) -> None:
    from alembic import command

    from desk_app.store.db import alembic_config

    engine, _ = open_database(pg_url)
    cfg = alembic_config(pg_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    _assert_append_only(engine)
    engine.dispose()


def test_every_balance_change_has_a_ledger_entry_an_audit_entry_and_an_outbox_row(
        desk, passbook_as, world, token_key, clock, session_factory) -> None:
    """Run every use case that moves points; after each, the balance moved by exactly the new entries,
    and each new entry came with an audit entry and an outbox row in its transaction."""
    boss, lib = passbook_as(StaffRole.SUPERVISOR), passbook_as()

    def counts():
        with session_factory() as s:
            return (s.execute(select(func.max(PointEntry.id))).scalar() or 0,
                    s.execute(select(func.count()).select_from(AuditEntry)).scalar(),
                    s.execute(select(func.count()).select_from(OutboxEntry)).scalar())

    def step(action, expect_delta: int) -> None:
        before_balance = lib.balance(world.adult.id)
        last_entry, audits, outbox = counts()
        action()
        with session_factory() as s:
            new = s.execute(select(PointEntry).where(PointEntry.id > last_entry)).scalars().all()
        after_entry, after_audits, after_outbox = counts()
        assert lib.balance(world.adult.id) - before_balance == sum(e.points for e in new) == expect_delta
        assert all(Reason(e.reason) and e.branch_id == world.main.id for e in new)
        if new:
            assert after_audits > audits and after_outbox > outbox
        assert desk.patron_view(world.adult.id).points == lib.balance(world.adult.id)

    loan = {}
    step(lambda: loan.setdefault("r", desk.check_out(world.adult.id, world.items[0].barcode)), 1)
    step(lambda: desk.undo_checkout(loan["r"].loan.loan_id), -1)
    step(lambda: boss.correct_points(world.adult.id, 40, "transfer from the paper passbook"), 40)
    event = boss.create_event(branch_id=world.main.id, title="講座", points=4, starts_at=clock(),
                              ends_at=clock() + dt.timedelta(hours=1), seat_points=2)
    step(lambda: lib.claim_event_code(world.adult.id, sign_event(
        token_key, event.global_id, "MAIN", valid_from=event.starts_at, valid_until=event.ends_at)), 4)
    seat = {}
    step(lambda: seat.setdefault("r", lib.book_seat(world.adult.id, event.event_id)), -2)
    prize = boss.create_prize(branch_id=world.main.id, name="書籤", points=10, stock=3, on_sale=True)
    red = {}
    step(lambda: red.setdefault("r", lib.redeem_code(sign_redemption(
        token_key, world.adult_card.card_number, prize.global_id, issued_at=clock()))), -10)
    step(lambda: lib.cancel_redemption(int(red["r"].details["redemption_id"]), "wrong prize"), 10)
    step(lambda: lib.redeem_card(world.adult.id, None, prize.prize_id), -10)
    step(lambda: boss.correct_points(world.adult.id, -5, "double entry in the paper passbook"), -5)
    # Refusals and notices move nothing.
    step(lambda: lib.redeem_card(world.adult.id, None, prize.prize_id), 0)
    step(lambda: lib.book_seat(world.adult.id, event.event_id), 0)
    with session_factory() as s:
        assert s.execute(select(func.sum(PrizeStockMove.delta))).scalar() == 2
