"""The store on a real SQLite file: migrations, durability settings, crash survival, bad files."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from desk_app.store.db import DatabaseOpenError, alembic_config, open_database
from desk_app.store.models import Base, BibRecord, Branch, Item, Loan

ROOT = Path(__file__).resolve().parents[2]


def test_migration_applies_from_empty_and_creates_every_table(db_url: str) -> None:
    engine, _ = open_database(db_url)
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        version = conn.execute(text("select version_num from alembic_version")).scalar()
    head = ScriptDirectory.from_config(alembic_config(db_url)).get_current_head()
    assert set(Base.metadata.tables) <= tables
    assert version == head


def test_models_and_migrations_agree(db_url: str) -> None:
    """A model change without a migration would silently diverge on real desks."""
    engine, _ = open_database(db_url)
    cfg = alembic_config(db_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.check(cfg)  # raises when autogenerate would produce operations


def test_every_connection_is_durable(store) -> None:
    engine, _ = store
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def _seed_item(factory) -> int:
    with factory.begin() as s:
        branch = Branch(code="ZS", name="總館")
        bib = BibRecord(title="紅樓夢", author="曹雪芹")
        s.add_all([branch, bib])
        s.flush()
        item = Item(barcode="31000000000017", bib_id=bib.id, call_number="857.49 5523",
                    home_branch_id=branch.id, location_branch_id=branch.id)
        s.add(item)
        s.flush()
        return item.id


def test_an_item_cannot_be_on_loan_twice(session_factory) -> None:
    item_id = _seed_item(session_factory)
    with session_factory.begin() as s:
        branch_id = s.scalar(select(Branch.id))
        s.add(Loan(item_id=item_id, branch_id=branch_id, due_date=dt.date(2026, 12, 1)))
    with pytest.raises(IntegrityError):
        with session_factory.begin() as s:
            s.add(Loan(item_id=item_id, branch_id=branch_id, due_date=dt.date(2026, 12, 2)))


def test_foreign_keys_are_enforced(session_factory) -> None:
    with pytest.raises(IntegrityError):
        with session_factory.begin() as s:
            s.add(Loan(item_id=999, branch_id=999, due_date=dt.date(2026, 12, 1)))


CRASHER = textwrap.dedent(
    """
    import os, signal, sys
    from desk_app.store.db import open_database
    from sqlalchemy import text
    engine, factory = open_database(sys.argv[1])
    with factory.begin() as s:
        s.execute(text("INSERT INTO branch (code, name, closed_weekdays) VALUES ('CRASH', '當機分館', '1')"))
    s = factory()
    s.execute(text("INSERT INTO branch (code, name, closed_weekdays) VALUES ('LOST', '未提交', '1')"))
    s.flush()
    print("committed", flush=True)
    sys.stdin.readline()  # wait to be killed mid-transaction
    """
)


def test_a_committed_transaction_survives_the_process_being_killed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    proc = subprocess.Popen([sys.executable, "-c", CRASHER, url], cwd=ROOT, stdout=subprocess.PIPE,
                            stdin=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "committed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    engine, _ = open_database(url)
    with engine.connect() as conn:
        codes = {r[0] for r in conn.execute(text("select code from branch"))}
    assert "CRASH" in codes
    assert "LOST" not in codes


def test_a_file_that_is_not_a_database_gets_a_clear_message_and_is_untouched(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"This is a shopping list, not a database.\n" * 50)
    before = hashlib.sha256(junk.read_bytes()).hexdigest()
    with pytest.raises(DatabaseOpenError) as err:
        open_database(f"sqlite:///{junk}")
    assert "不是 LibDesk 的資料庫" in str(err.value)
    assert hashlib.sha256(junk.read_bytes()).hexdigest() == before


def test_another_programs_database_is_refused_and_not_migrated(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table invoices (id integer primary key, total real)")
    with pytest.raises(DatabaseOpenError) as err:
        open_database(f"sqlite:///{other}")
    assert "其他程式" in str(err.value)
    with sqlite3.connect(other) as conn:
        names = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
    assert names == {"invoices"}


def test_cli_reports_a_bad_database_without_a_traceback(tmp_path: Path) -> None:
    junk = tmp_path / "broken.db"
    junk.write_bytes(os.urandom(4096))
    result = subprocess.run([sys.executable, "main.py", "audit", "verify", "--db", f"sqlite:///{junk}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert "資料庫" in result.stderr
