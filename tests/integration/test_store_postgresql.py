"""The desk's schema on a real PostgreSQL 15 (the central server reuses the models): migrations and global ids."""

from __future__ import annotations

import uuid

from alembic import command
from sqlalchemy import create_engine, text

from desk_app.store.db import alembic_config, open_database
from desk_app.store.global_ids import is_global_id

OLD_ROWS = [
    "INSERT INTO branch (id, code, name, closed_weekdays) VALUES (1, 'MAIN', '總館', '1')",
    "INSERT INTO patron (id, national_id, id_kind, name, kind, preliminary, created_at, updated_at) VALUES "
    "(1, 'A123456789', 'national', '王小明', 'adult', false, now(), now()), "
    "(2, 'B123456780', 'national', '李大華', 'adult', false, now(), now())",
    "INSERT INTO bib_record (id, title, author, publisher) VALUES (1, '紅樓夢', '曹雪芹', '')",
    "INSERT INTO item (id, barcode, bib_id, call_number, item_type, home_branch_id, location_branch_id, status, "
    "created_at) VALUES (1, '31000000000017', 1, '857.49', 'book', 1, 1, 'available', now())",
]


def test_migrations_bring_old_rows_forward_on_postgresql(pg_url: str) -> None:
    engine = create_engine(pg_url)
    cfg = alembic_config(pg_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with engine.begin() as conn:
        for sql in OLD_ROWS:
            conn.execute(text(sql))
    engine.dispose()
    engine, _ = open_database(pg_url)
    try:
        with engine.begin() as conn:
            ids = conn.execute(text("SELECT global_id FROM patron UNION ALL SELECT global_id FROM item "
                                    "UNION ALL SELECT global_id FROM bib_record")).scalars().all()
            conn.execute(text("INSERT INTO bib_record (id, title, author, publisher) VALUES (2, '西遊記', '吳承恩', '')"))
            made_by_default = conn.execute(text("SELECT global_id FROM bib_record WHERE title = '西遊記'")).scalar()
            columns = conn.execute(text("SELECT column_name FROM information_schema.columns "
                                        "WHERE table_name = 'sync_outbox'")).scalars().all()
    finally:
        engine.dispose()
    assert len(ids) == 4 and len(set(ids)) == 4
    for gid in [*ids, made_by_default]:
        assert is_global_id(gid), gid
        assert uuid.UUID(gid).version == 7
    assert {"event_type", "event_version"} <= set(columns)
