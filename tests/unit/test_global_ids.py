"""Global ids: the UUIDv7 format, and every way a row is written gets one (ORM, Core, the hot path, bulk, raw SQL)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid

import pytest
from sqlalchemy import insert, select, text

from desk_app.core.desk import DeskService
from desk_app.store.global_ids import (
    GlobalIdSequence,
    global_id_at,
    global_id_time,
    is_global_id,
    new_global_id,
)
from desk_app.store.models import (
    AuditEntry,
    Base,
    BibRecord,
    CardBinding,
    Hold,
    Item,
    LibraryCard,
    Loan,
    Patron,
    PointEntry,
    Staff,
    Suspension,
)
from tests import factories as F

GLOBAL_TABLES = {"patron", "library_card", "card_binding", "loan", "hold", "suspension", "point_entry",
                 "audit_entry", "staff", "bib_record", "item"}


def _check_v7(text_id: str) -> uuid.UUID:
    assert is_global_id(text_id), text_id
    parsed = uuid.UUID(text_id)
    assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
    assert str(parsed) == text_id  # canonical: lowercase, hyphens
    return parsed


def test_a_new_global_id_is_a_uuid7_of_now_in_canonical_text() -> None:
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(milliseconds=5)
    gid = new_global_id()
    after = dt.datetime.now(dt.timezone.utc) + dt.timedelta(milliseconds=5)
    _check_v7(gid)
    assert len(gid) == 36
    assert before <= global_id_time(gid) <= after


def test_ids_made_one_after_another_sort_in_the_order_they_were_made() -> None:
    ids = [new_global_id() for _ in range(5_000)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)


def test_global_id_at_puts_the_time_and_the_bits_where_rfc_9562_says() -> None:
    when = dt.datetime(2026, 11, 23, 2, 0, 0, 123000, tzinfo=dt.timezone.utc)
    gid = global_id_at(when, rand=(1 << 74) - 1)
    parsed = _check_v7(gid)
    assert global_id_time(gid) == when
    assert gid.startswith(f"{int(when.timestamp() * 1000):012x}"[:8] + "-")
    assert parsed.int & ((1 << 62) - 1) == (1 << 62) - 1  # rand_b all ones, variant untouched
    assert global_id_at(when, rand=0)[14:] == "7000-8000-000000000000"
    with pytest.raises(ValueError):
        global_id_at(dt.datetime(2026, 1, 1))  # naive: refused
    with pytest.raises(ValueError):
        global_id_at(when, rand=1 << 74)


def test_a_sequence_is_reproducible_by_seed_and_strictly_rising() -> None:
    when = dt.datetime(2026, 12, 3, 2, 0, tzinfo=dt.timezone.utc)
    a, b, c = GlobalIdSequence(when, 7), GlobalIdSequence(when, 7), GlobalIdSequence(when, 8)
    first = [a() for _ in range(1_000)]
    assert first == [b() for _ in range(1_000)]
    assert first == sorted(first) and len(set(first)) == len(first)
    assert first != [c() for _ in range(1_000)]
    for gid in first[:10]:
        _check_v7(gid)
        assert global_id_time(gid) == when


def test_every_table_the_server_must_know_has_a_unique_not_null_global_id() -> None:
    for name in GLOBAL_TABLES:
        column = Base.metadata.tables[name].c.global_id
        assert not column.nullable, name
        assert any(ix.unique and list(ix.columns) == [column] for ix in column.table.indexes), name


def test_rows_written_without_a_global_id_by_plain_sql_still_get_one(store, db_url) -> None:
    """The column's server default: a hand-written INSERT (a repair, an old tool) gets a valid id too."""
    raw = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    raw.execute("INSERT INTO bib_record (title, author, publisher) VALUES ('紅樓夢', '曹雪芹', '')")
    raw.execute("INSERT INTO bib_record (title, author, publisher) VALUES ('西遊記', '吳承恩', '')")
    raw.commit()
    ids = [r[0] for r in raw.execute("SELECT global_id FROM bib_record ORDER BY id")]
    raw.close()
    assert len(set(ids)) == 2
    now = dt.datetime.now(dt.timezone.utc)
    for gid in ids:
        _check_v7(gid)
        assert abs(global_id_time(gid) - now) < dt.timedelta(minutes=1)


def test_orm_and_core_inserts_get_distinct_global_ids(session_factory) -> None:
    with session_factory() as s:
        world = F.small_world(s)
        F.binding(s, world.adult_card, "04A1B2C3")
        F.hold(s, world.adult, world.items[0].bib, world.main)
        F.suspension(s, world.adult, days=3, starts_on=F.TODAY)
        s.execute(insert(BibRecord).values(title="水滸傳", author="施耐庵"))  # Core, no id given
        s.commit()
        seen: list[str] = []
        for model in (Patron, LibraryCard, CardBinding, BibRecord, Item, Hold, Suspension):
            ids = s.scalars(select(model.global_id)).all()
            assert ids, model.__name__
            for gid in ids:
                _check_v7(gid)
            seen += ids
        assert len(seen) == len(set(seen))


def test_the_checkout_and_checkin_hot_paths_write_global_ids(session_factory) -> None:
    with session_factory() as s:
        world = F.small_world(s)
        s.commit()
    clock = F.FakeClock()
    desk = DeskService(session_factory, F.actor(world.main), clock=clock)
    barcode = world.items[0].barcode
    assert desk.check_out(world.adult.id, barcode).outcome.value == "ok"
    clock.advance(days=40)  # late: a suspension is written on the way back
    desk.check_in(barcode)
    with session_factory() as s:
        for model in (Loan, PointEntry, Suspension, AuditEntry):
            ids = s.scalars(select(model.global_id)).all()
            assert ids, model.__name__
            assert all(is_global_id(g) for g in ids)
        loan_id = s.scalar(select(Loan.global_id))
    assert global_id_time(loan_id).year >= 2026


def test_staff_accounts_get_global_ids(session_factory) -> None:
    with session_factory() as s:
        s.add(Staff(username="lin", display_name="林館員", password_hash="x"))
        s.commit()
        assert is_global_id(s.scalar(select(Staff.global_id)))


def test_every_demo_row_has_a_global_id(tmp_path) -> None:
    from desk_app.demo_data.generator import DemoSize, generate
    from desk_app.store.db import open_database

    engine, _ = open_database(f"sqlite:///{tmp_path / 'demo.db'}")
    try:
        generate(engine, DemoSize(patrons=60, items=300, loans_history=400), today=dt.date(2026, 12, 3))
        with engine.connect() as conn:
            for name in sorted(GLOBAL_TABLES):
                rows, bad, distinct = conn.execute(text(
                    f"SELECT count(*), sum(global_id IS NULL OR length(global_id) != 36), count(DISTINCT global_id) "
                    f"FROM {name}")).one()
                assert not bad and distinct == rows, name
            sample = conn.execute(text("SELECT global_id FROM loan ORDER BY id LIMIT 50")).scalars().all()
    finally:
        engine.dispose()
    assert all(is_global_id(g) for g in sample)
    assert sample == sorted(sample)  # made in order: sorted like the rows
