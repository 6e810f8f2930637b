"""Migration 0004 on a real desk file written by 0001: global ids for every old row, nothing else changed.

Also: the upgrade is one transaction (a failure leaves the file as it was), the outbox
never hands out an id twice, and the desk names itself at first open.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from desk_app.store.db import DatabaseOpenError, alembic_config, make_engine, open_database, upgrade
from desk_app.store.desk_identity import desk_id, set_desk_id
from desk_app.store.global_ids import is_global_id, new_global_id
from desk_app import events
from desk_app.store.desk_identity import ensure_desk_id

GLOBAL_TABLES = ("patron", "library_card", "card_binding", "bib_record", "item", "loan", "hold", "suspension",
                 "point_entry", "staff", "audit_entry")

# Rows as a desk at revision 0001 held them (its columns, its text formats).
OLD_ROWS = [
    "INSERT INTO branch VALUES (1, 'MAIN', '總館', '1')",
    "INSERT INTO staff VALUES (1, 'lin', '林館員', 'librarian', 'argon2-hash', 1, 1, 0, NULL, "
    "'2025-01-02 03:04:05.000000')",
    "INSERT INTO patron VALUES (1, 'A123456789', 'national', '王小明', '1990-01-01', 'adult', NULL, NULL, NULL, "
    "NULL, 0, NULL, 1, '2025-01-02 03:04:05.000000', '2025-01-02 03:04:05.000000')",
    "INSERT INTO patron VALUES (2, 'B123456780', 'national', '李大華', NULL, 'child', NULL, NULL, NULL, NULL, 0, "
    "NULL, 1, '2025-01-02 03:04:06.000000', '2025-01-02 03:04:06.000000')",
    "INSERT INTO library_card VALUES (1, 1, 'A12345678900', 0, 'personal', 'active', '2025-01-02', NULL, NULL, "
    "NULL, NULL, NULL)",
    "INSERT INTO card_binding VALUES (1, 1, '04A1B2C3', 'easycard', '2025-02-01 00:00:00.000000', NULL)",
    "INSERT INTO card_binding VALUES (2, 1, '04A1B2C4', 'easycard', '2025-01-01 00:00:00.000000', "
    "'2025-02-01 00:00:00.000000')",
    "INSERT INTO bib_record VALUES (1, '紅樓夢', '曹雪芹', '', 1791, NULL)",
    "INSERT INTO search_token VALUES ('紅', 1)",
    "INSERT INTO item VALUES (1, '31000000000017', 1, '857.49 5523', 'book', 1, 1, 'on_loan', "
    "'2025-01-02 03:04:05.000000')",
    "INSERT INTO loan VALUES (1, 1, 1, 1, 1, 1, '2025-03-01 02:00:00.000000', '2025-03-22', "
    "'2025-03-20 02:00:00.000000', 1, 0, 'adult', NULL)",
    "INSERT INTO loan VALUES (2, 1, 1, 1, 1, 1, '2025-04-01 02:00:00.000000', '2025-04-22', NULL, NULL, 0, "
    "'adult', NULL)",
    "INSERT INTO hold VALUES (1, 1, 2, 1, 'waiting', NULL, '2025-04-02 02:00:00.000000', NULL, NULL, NULL)",
    "INSERT INTO suspension VALUES (1, 2, 'overdue', 3, '2025-01-10', '2025-01-13', '2025-01-13', NULL, "
    "'2025-01-10 02:00:00.000000', NULL, NULL)",
    "INSERT INTO point_entry VALUES (1, 1, 1, 'checkout', 1, NULL, 1, '2025-03-01 02:00:00.000000')",
    "INSERT INTO audit_entry VALUES (1, '2025-03-01 02:00:00.000000', 1, 'lin', 'check_out', 'loan', '1', '{}', "
    "'0000', 'abcd')",
    "INSERT INTO sync_outbox VALUES (1, 'k1', '2025-03-01 02:00:00.000000', 'loan', '1', 'check_out', '{}', NULL, "
    "0, NULL)",
    "INSERT INTO sync_outbox VALUES (2, 'k2', '2025-04-01 02:00:00.000000', 'loan', '2', 'check_out', '{}', NULL, "
    "0, NULL)",
]


def _file_at_0001(path: Path, rows: list[str] = OLD_ROWS) -> str:
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    raw = sqlite3.connect(path)
    for sql in rows:
        raw.execute(sql)
    raw.commit()
    raw.close()
    return url


def _upgrade_to_global_ids(url: str) -> None:
    """What open_database does, stopped at global ids, 0004 (0005 turns the outbox into events: its own test)."""
    engine = make_engine(url)
    upgrade(engine, "0004")
    ensure_desk_id(engine)
    engine.dispose()


def _event(n: int) -> events.Event:
    return events.LoanCheckedIn(at=events.utc(dt.datetime(2025, 5, 1, 2, 0)), actor=None, branch="MAIN",
                                loan=new_global_id(), item=f"3100000000{n:04d}")


def _dump(path: Path, columns_of: dict[str, list[str]] | None = None) -> dict[str, list[tuple]]:
    raw = sqlite3.connect(path)
    try:
        names = [r[0] for r in raw.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")]
        out = {}
        for name in names:
            cols = (columns_of or {}).get(name) or [r[1] for r in raw.execute(f'PRAGMA table_info("{name}")')]
            out[name] = raw.execute(f'SELECT {", ".join(cols)} FROM "{name}" ORDER BY 1').fetchall()
        return out
    finally:
        raw.close()


def _columns(path: Path) -> dict[str, list[str]]:
    raw = sqlite3.connect(path)
    try:
        names = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: [r[1] for r in raw.execute(f'PRAGMA table_info("{n}")')] for n in names}
    finally:
        raw.close()


def _sql(path: Path, name: str) -> str:
    raw = sqlite3.connect(path)
    try:
        return raw.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    finally:
        raw.close()


def test_old_rows_get_distinct_global_ids_and_keep_everything_else(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    url = _file_at_0001(path)
    old_columns = _columns(path)
    before = _dump(path)
    _upgrade_to_global_ids(url)
    after_old_columns = _dump(path, old_columns)
    assert [r[0] for r in after_old_columns.pop("sync_state")] == ["desk_id"]  # named at first open (below)
    assert before.pop("sync_state") == []
    added_tables = {name: rows for name, rows in after_old_columns.items() if name not in before}
    assert all(rows == [] for rows in added_tables.values())  # later migrations' tables start empty
    assert {name: rows for name, rows in after_old_columns.items() if name in before} == before

    raw = sqlite3.connect(path)
    ids = []
    for table in GLOBAL_TABLES:
        rows = raw.execute(f"SELECT global_id FROM {table}").fetchall()
        assert rows, table
        ids += [r[0] for r in rows]
    assert all(is_global_id(g) for g in ids)
    assert len(set(ids)) == len(ids)
    assert raw.execute("SELECT event_type, event_version FROM sync_outbox").fetchall() == [(None, None)] * 2
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    raw.close()
    # The partial unique indexes kept their WHERE through the table rebuilds.
    assert _sql(path, "ux_loan_open_item").endswith("WHERE returned_at IS NULL")
    assert _sql(path, "ux_card_binding_live_uid").endswith("WHERE unbound_at IS NULL")
    assert "UNIQUE INDEX ix_loan_global_id" in _sql(path, "ix_loan_global_id")


def test_migrated_and_fresh_files_agree_with_the_models(tmp_path: Path) -> None:
    url = _file_at_0001(tmp_path / "old.db")
    engine, _ = open_database(url)
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.check(cfg)
    engine.dispose()
    fresh, _ = open_database(f"sqlite:///{tmp_path / 'new.db'}")
    fresh.dispose()
    old_schema = {k: v for k, v in _columns(tmp_path / "old.db").items()}
    assert old_schema == _columns(tmp_path / "new.db")


def test_the_outbox_never_hands_out_an_id_twice(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    url = _file_at_0001(path)
    engine, factory = open_database(url)
    assert "AUTOINCREMENT" in _sql(path, "sync_outbox")
    with factory() as s:
        third = events.record(s, _event(3))
        fourth = events.record(s, _event(4))
        s.commit()
    assert (third, fourth) == (3, 4)  # the sequence goes on after the migrated rows
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM sync_outbox WHERE id = :id"), {"id": fourth})  # the newest row gone
    with factory() as s:
        fifth = events.record(s, _event(5))
        s.commit()
    engine.dispose()
    assert fifth == 5


def test_a_failed_upgrade_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    """Halfway (patron, card ... rebuilt; loan not) the upgrade fails: nothing of it stays."""
    path = tmp_path / "desk.db"
    url = _file_at_0001(path, [*OLD_ROWS, "CREATE TABLE _alembic_tmp_loan (x INTEGER)"])
    before = _dump(path)
    schema_before = _columns(path)
    with pytest.raises(DatabaseOpenError):
        open_database(url)
    assert _dump(path) == before
    assert _columns(path) == schema_before
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 0  # (a plain connection's default)
    raw.close()


def test_the_desk_names_itself_at_first_open_and_keeps_its_name(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    engine, factory = open_database(url)
    with factory() as s:
        first = desk_id(s)
    engine.dispose()
    engine, factory = open_database(url)
    with factory() as s:
        assert desk_id(s) == first
    engine.dispose()
    assert is_global_id(first)
    other, other_factory = open_database(f"sqlite:///{tmp_path / 'other.db'}")
    with other_factory() as s:
        assert desk_id(s) != first
    other.dispose()


def test_enrolment_can_set_the_desk_id_and_refuses_garbage(store) -> None:
    _, factory = store
    assigned = new_global_id()
    with factory() as s:
        with pytest.raises(ValueError):
            set_desk_id(s, "desk-7")
        set_desk_id(s, assigned)
        s.commit()
    with factory() as s:
        assert desk_id(s) == assigned
