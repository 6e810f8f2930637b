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

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
APP_TABLE = "patron"  # a table every LibDesk database has


class DatabaseOpenError(Exception):
    """The database cannot be used; the message is for a librarian or technician."""


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


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (from empty, or from any older version)."""
    from alembic import command

    cfg = alembic_config(str(engine.url.render_as_string(hide_password=False)))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_database(url: str, *, migrate: bool = True) -> tuple[Engine, sessionmaker[Session]]:
    """Open (and migrate) the database at `url`, or raise DatabaseOpenError with a clear message."""
    engine = make_engine(url)
    _check_usable(engine)
    if migrate:
        try:
            upgrade(engine)
        except (DatabaseError, OperationalError) as exc:
            raise DatabaseOpenError(f"資料庫無法升級：{exc.orig}") from exc
    return engine, sessionmaker(engine, expire_on_commit=False)
