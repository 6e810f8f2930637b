"""Core statements on the hot path: written with SQLAlchemy, run on SQLite without its per-statement machinery.

A scan runs about twenty indexed statements. Through SQLAlchemy each costs ~11 us on top of
sqlite3's ~3 us (issue 13's profile), so a checkout paid more for the layer than for the database.
A `Prepared` statement stays a SQLAlchemy Core construct (one source for tables, columns and
types), is compiled once per dialect, and runs on the DBAPI connection the session already holds:
the same transaction, so a scan's writes still commit (or roll back) together. SQLAlchemy's own
type processors convert the parameters and the results, so dates and timestamps are stored and
read exactly as the ORM does. Other dialects (or other SQLite drivers) take the ordinary path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Connection, CursorResult, Delete, Insert, Select, Table, Update
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler

from desk_app.store.global_ids import new_global_id

# Reads take either: the hot path passes the session's Connection, which skips the ORM's
# per-statement machinery (autoflush, ORM compile) and costs about half as much per query.
DB = Session | Connection
Row = tuple[Any, ...]
_Proc = Callable[[Any], Any]
Statement = Select[*tuple[Any, ...]] | Insert | Update | Delete


def table(model: Any) -> Table:
    """The Core Table of a mapped class."""
    return cast(Table, model.__table__)


def insert_id(db: DB, statement: Insert, params: dict[str, Any] | None = None) -> int:
    """Run an INSERT (values in the statement, or in `params`) and return the new row's id."""
    result = cast(CursorResult[Any], db.execute(statement, params) if params is not None else db.execute(statement))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _connection(db: DB) -> Connection:
    return db.connection() if isinstance(db, Session) else db


def driver_execute(conn: Connection, sql: str, values: Sequence[Any] = ()) -> Any:
    """Run SQL on the connection's own DBAPI connection (same transaction); errors raised as SQLAlchemy's."""
    raw = conn.connection.dbapi_connection
    assert raw is not None
    try:
        return raw.execute(sql, values)
    except conn.dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(sql, values, exc, conn.dialect.loaded_dbapi.Error) from exc


def _identity_default(default: Any) -> Callable[[], str] | None:
    """The column's default if it makes global ids (new_global_id), else None."""
    wrapped = getattr(getattr(default, "arg", None), "__wrapped__", None)
    return new_global_id if wrapped is new_global_id else None


class _Compiled:
    """One statement's SQL for one dialect, its parameters in order and the converters of both sides."""

    def __init__(self, statement: Statement, dialect: Dialect, columns: Sequence[str] | None) -> None:
        compiled = cast(SQLCompiler, statement.compile(dialect=dialect, column_keys=list(columns or ()) or None))
        # A global id left out is made per execution, as SQLAlchemy would (a row the server must
        # know never goes without one). Every other Python-side default must be given: timestamps
        # come from the use case's clock, not this one.
        self.generated: dict[str, Callable[[], Any]] = {}
        missing = []
        for column in compiled.insert_prefetch:
            make = _identity_default(column.default)
            if make is None:
                missing.append(column.key)
            else:
                self.generated[column.key] = make
        missing += [c.key for c in compiled.update_prefetch]
        if missing:
            raise ValueError(f"a prepared statement takes every value explicitly; missing {missing}")
        names = list(compiled.positiontup or ())
        if any(compiled.binds[n].expanding for n in names if n in compiled.binds) or "POSTCOMPILE" in compiled.string:
            raise ValueError("a prepared statement cannot hold an expanding IN; write the values inline")
        self.sql = compiled.string
        self.names = tuple(names)
        # Values written into the statement (constants); every other parameter must be given.
        self.defaults = {n: compiled.params[n] for n in names if not compiled.binds[n].required}
        binds = [compiled.binds[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
        self.binds: tuple[_Proc | None, ...] = tuple(binds)
        self.plain_binds = not any(binds)
        columns_out = getattr(statement, "exported_columns", ())
        results = [(i, c.type.dialect_impl(dialect).result_processor(dialect, None))
                   for i, c in enumerate(columns_out)]
        self.results: tuple[tuple[int, _Proc], ...] = tuple((i, p) for i, p in results if p is not None)


class Prepared:
    """A Core statement compiled once and run on the session's own sqlite3 connection (same transaction).

    `columns`: for an INSERT, the columns given, every one explicitly (no Python-side defaults run),
    except the global id: left out, it is made per execution, as SQLAlchemy would make it.
    Results are plain tuples, already converted (dates are dates). Errors are SQLAlchemy's, as usual.
    """

    def __init__(self, statement: Statement, columns: Sequence[str] | None = None) -> None:
        self.statement = statement
        self._columns = tuple(columns) if columns else None
        self._by_dialect: dict[tuple[object, ...], _Compiled] = {}

    def _fast(self, conn: Connection) -> _Compiled | None:
        dialect = conn.dialect
        if dialect.name != "sqlite" or dialect.paramstyle != "qmark":
            return None
        key = (type(dialect), dialect.server_version_info)  # what the SQL rendered can depend on
        compiled = self._by_dialect.get(key)
        if compiled is None:
            compiled = self._by_dialect[key] = _Compiled(self.statement, dialect, self._columns)
        return compiled

    def _params(self, c: _Compiled, params: Mapping[str, Any]) -> list[Any]:
        defaults = c.defaults
        if c.generated:
            params = {**{n: make() for n, make in c.generated.items() if n not in params}, **params}
        try:
            values = [params[n] if n in params else defaults[n] for n in c.names]
        except KeyError as exc:
            raise ValueError(f"no value given for the parameter {exc.args[0]!r}") from None
        if c.plain_binds:
            return values
        return [v if p is None or v is None else p(v) for v, p in zip(values, c.binds)]

    def _cursor(self, conn: Connection, c: _Compiled, params: Mapping[str, Any]) -> Any:
        return driver_execute(conn, c.sql, self._params(c, params))

    @staticmethod
    def _convert(c: _Compiled, rows: list[Row]) -> list[Row]:
        if not c.results:
            return rows
        out = []
        for row in rows:
            values = list(row)
            for i, proc in c.results:
                values[i] = proc(values[i])
            out.append(tuple(values))
        return out

    def rows(self, db: DB, params: Mapping[str, Any]) -> list[Row]:
        """Every row (also the RETURNING rows of a write)."""
        conn = _connection(db)
        c = self._fast(conn)
        if c is None:
            return [tuple(r) for r in conn.execute(self.statement, dict(params))]
        return self._convert(c, self._cursor(conn, c, params).fetchall())

    def first(self, db: DB, params: Mapping[str, Any]) -> Row | None:
        conn = _connection(db)
        c = self._fast(conn)
        if c is None:
            row = conn.execute(self.statement, dict(params)).first()
            return tuple(row) if row is not None else None
        cursor = self._cursor(conn, c, params)
        found = cursor.fetchone()
        cursor.close()  # never leave a statement half-read on the connection
        return None if found is None else self._convert(c, [found])[0]

    def scalar(self, db: DB, params: Mapping[str, Any]) -> Any:
        row = self.first(db, params)
        return None if row is None else row[0]

    def execute(self, db: DB, params: Mapping[str, Any]) -> None:
        """A write with no result."""
        conn = _connection(db)
        c = self._fast(conn)
        if c is None:
            conn.execute(self.statement, dict(params))
        else:
            self._cursor(conn, c, params).close()

    def insert(self, db: DB, params: Mapping[str, Any]) -> int:
        """An INSERT; returns the new row's id."""
        conn = _connection(db)
        c = self._fast(conn)
        if c is None:
            return insert_id(conn, cast(Insert, self.statement), dict(params))
        return int(self._cursor(conn, c, params).lastrowid)
