"""Loading millions of rows into SQLite in minutes: compiled inserts, tuples, and a fast mode.

SQLAlchemy Core's `insert()` runs every value of every row through its type
processors (about 190,000 rows/s here); the driver's own `executemany` on
ready-made tuples runs at about 540,000 rows/s. So the INSERT text is written
once from the Core table's columns and the rows go to the driver as tuples, with
dates and timestamps already in the text form SQLAlchemy writes and reads back.

Fast mode (only while generating, on a file nobody else has open) turns off
what makes every desk transaction durable - WAL, synchronous=FULL, foreign
keys - and drops secondary indexes so they are built once, sorted, at the end.
`restore` puts WAL, synchronous=FULL and foreign keys back in every case.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import Connection, FromClause, Table
from sqlalchemy.exc import OperationalError

from desk_app.core.messages import QT_TRANSLATE_NOOP
from desk_app.demo_data.errors import DemoDataError
from desk_app.store.global_ids import new_global_id

Progress = Callable[[str, int, int], None]
BATCH = 50_000


def day(value: dt.date) -> str:
    """A date as SQLAlchemy's SQLite Date type stores it."""
    return value.isoformat()


def stamp(value: dt.datetime) -> str:
    """A naive UTC timestamp as SQLAlchemy's SQLite DateTime type stores it (always microseconds)."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


class BulkWriter:
    """Inserts rows (tuples, in `columns` order) in big executemany batches; counts them per table.

    A table with a `global_id` column whose rows come without one gets one per row from
    `global_ids` (the driver's executemany runs no Python-side column defaults).
    """

    def __init__(self, connection: Connection, progress: Progress | None = None,
                 global_ids: Callable[[], str] = new_global_id) -> None:
        self.connection = connection
        self.progress = progress
        self.global_ids = global_ids
        self.rows: dict[str, int] = {}
        self.seconds_inserting = 0.0

    def insert(self, table: FromClause, columns: Sequence[str], rows: Iterable[tuple[Any, ...]],
               *, expected: int = 0, stage: str = "") -> int:
        """Insert `rows` into a model's `__table__`; returns how many. `expected` only feeds the progress line."""
        assert isinstance(table, Table)
        if "global_id" in table.c and "global_id" not in columns:
            columns = [*columns, "global_id"]
            make = self.global_ids
            rows = ((*row, make()) for row in rows)
        unknown = [c for c in columns if c not in table.c]
        if unknown:
            raise ValueError(f"{table.name} has no column(s) {unknown}")
        quote = self.connection.dialect.identifier_preparer.quote
        # Written out in `columns` order (a compiled insert() would list them in the table's order).
        sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
               f"VALUES ({', '.join('?' * len(columns))})")
        done = 0
        before = self.rows.get(table.name, 0)
        it = iter(rows)
        while True:
            batch = list(islice(it, BATCH))
            if not batch:
                break
            started = time.perf_counter()
            self.connection.exec_driver_sql(sql, batch)  # type: ignore[arg-type]
            self.seconds_inserting += time.perf_counter() - started
            done += len(batch)
            if self.progress:
                self.progress(stage or table.name, before + done, max(expected, before + done))
        self.rows[table.name] = self.rows.get(table.name, 0) + done
        return done

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def enter_fast_mode(connection: Connection, tables: Iterable[Table]) -> None:
    """Trade durability for speed while a generation runs on a fresh file (never at the desk)."""
    connection.exec_driver_sql("PRAGMA busy_timeout=0")  # someone else has it open: say so at once
    try:
        mode = connection.exec_driver_sql("PRAGMA journal_mode=DELETE").scalar()
    except OperationalError:  # "database is locked": leaving WAL needs the file to itself
        mode = None
    finally:
        connection.exec_driver_sql("PRAGMA busy_timeout=5000")
    if str(mode).lower() != "delete":
        raise DemoDataError(QT_TRANSLATE_NOOP(
            "core", "Another program has this database open; close the desk and try again."))
    for pragma in ("synchronous=OFF", "foreign_keys=OFF", "cache_size=-262144", "temp_store=MEMORY"):
        connection.exec_driver_sql(f"PRAGMA {pragma}")
    for table in tables:
        for index in table.indexes:
            connection.exec_driver_sql(f'DROP INDEX IF EXISTS "{index.name}"')
    connection.commit()


def rebuild_indexes(connection: Connection, tables: Iterable[Table], progress: Progress | None = None) -> None:
    """Create the secondary indexes dropped by `enter_fast_mode`: one sorted build each."""
    todo = [index for table in tables for index in table.indexes]
    for n, index in enumerate(todo, 1):
        index.create(connection, checkfirst=True)
        if progress:
            progress("indexes", n, len(todo))
    connection.commit()


def restore(connection: Connection) -> None:
    """WAL, synchronous=FULL and foreign keys back on, statistics for the query planner fresh."""
    connection.rollback()
    connection.exec_driver_sql("PRAGMA analysis_limit=1000")
    connection.exec_driver_sql("ANALYZE")
    connection.commit()
    connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    for pragma in ("synchronous=FULL", "foreign_keys=ON", "cache_size=-2000", "temp_store=DEFAULT"):
        connection.exec_driver_sql(f"PRAGMA {pragma}")
    connection.commit()
