"""Opening the desk's database: durable SQLite settings, migrations, clear errors.

Every accepted scan must survive a crash or a pulled plug, so SQLite runs in WAL
mode with synchronous=FULL and foreign keys on, for every connection.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from desk_app.store.desk_identity import ensure_desk_id

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
APP_TABLE = "patron"  # a table every LibDesk database has


class DatabaseOpenError(Exception):
    """The database cannot be used; the message is for a librarian or technician."""


class MigrationRefused(Exception):
    """A migration met data it must not change by guessing; the upgrade stops and the file stays as it was."""


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for `url` with the durability pragmas applied to every SQLite connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(url: str):  # -> alembic.config.Config
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _check_usable(engine: Engine) -> None:
    """Refuse files that are not SQLite, or SQLite databases of another program."""
    try:
        with engine.connect() as conn:
            names = set(inspect(conn).get_table_names())
    except (DatabaseError, OperationalError) as exc:
        raise DatabaseOpenError(
            f"無法開啟資料庫：這個檔案不是 LibDesk 的資料庫，或已損毀。({engine.url.database})"
        ) from exc
    foreign = names - {"alembic_version"}
    if foreign and APP_TABLE not in names:
        raise DatabaseOpenError(
            f"這個資料庫屬於其他程式，LibDesk 不會改動它。({engine.url.database})"
        )


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to the newest migration (from empty, or from any older version); tests may stop earlier."""
    from alembic import command

    cfg = alembic_config(str(engine.url.render_as_string(hide_password=False)))
    if engine.dialect.name == "sqlite":
        _upgrade_sqlite(engine, cfg, revision)
        return
    with engine.begin() as conn:  # PostgreSQL: DDL is transactional as it is
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _upgrade_sqlite(engine: Engine, cfg, revision: str = "head") -> None:  # type: ignore[no-untyped-def]
    """All pending migrations in ONE SQLite transaction, with foreign keys off while tables are rebuilt.

    Python's sqlite3 runs DDL outside any transaction, so a crash in the middle of a table
    rebuild (copy, drop, rename) could leave a desk file without a table. Here the driver
    is told to leave transactions alone and the whole upgrade runs between our own
    BEGIN IMMEDIATE and COMMIT: a crash or an error leaves the file as it was. Foreign keys
    must be off while a referenced table is dropped and renamed back (SQLite's documented
    procedure for table rebuilds); a rebuild copies every row with its id, so no reference
    changes. (A whole-file foreign_key_check would cost ~20 s on a city file, and would
    refuse a desk for old, unrelated rows: a migration that adds a foreign key checks it.)
    A file already at the newest version is left alone: no lock, no transaction.
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(cfg).get_current_head() if revision == "head" else revision
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
        if current == head:
            return
        conn.execution_options(isolation_level="AUTOCOMMIT")  # no implicit BEGIN/COMMIT from the driver
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                conn.exec_driver_sql("COMMIT")
            except BaseException:
                conn.exec_driver_sql("ROLLBACK")
                raise
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")


def open_database(url: str, *, migrate: bool = True) -> tuple[Engine, sessionmaker[Session]]:
    """Open (and migrate) the database at `url`, or raise DatabaseOpenError with a clear message."""
    engine = make_engine(url)
    _check_usable(engine)
    if migrate:
        try:
            upgrade(engine)
        except (DatabaseError, OperationalError) as exc:
            raise DatabaseOpenError(f"資料庫無法升級：{exc.orig}") from exc
        except MigrationRefused as exc:
            raise DatabaseOpenError(f"資料庫無法升級：{exc}") from exc
        if engine.dialect.name == "sqlite":  # a desk's file: the desk names itself at first open
            ensure_desk_id(engine)
    return engine, sessionmaker(engine, expire_on_commit=False)
