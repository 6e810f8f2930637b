"""Global ids: the names rows carry off the desk (the wire, the outbox, exports, the server).

A desk's integer keys are local (two desks would both send "loan 1026"), so every
row the server must know also carries a global id: a UUIDv7 (RFC 9562), written as
canonical lowercase text with hyphens. Version 7 because:

- no coordination: any desk, offline for a week, makes ids no other desk will make
  (74 random bits per id, plus the time);
- sortable by creation: the first 48 bits are the Unix time in milliseconds, so
  ordering by global id is ordering by when the row was made (within a desk, ids
  from one process also rise within a millisecond);
- index locality: new ids land at the right edge of a B-tree index, on SQLite and
  PostgreSQL alike, instead of at random pages as UUIDv4 would (fewer page splits,
  a hot, cached tail).

Text, not a native uuid type, because SQLite has none and the models are shared with
the PostgreSQL server (String(36) is the same bytes on both).

Three ways to make one, one format:
- `new_global_id()`: the Python-side column default, used by the ORM and by Core inserts;
- `global_id_at()`: an id for a given moment (backfills, demo data) from given random bits;
- `GlobalIdDefault`: the same format as a SQL expression per dialect, the column's server
  default, so an INSERT that names no global id (a hand-written repair, an old tool) still
  gets a valid one, and a migration fills existing rows in one pass.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.types import String
from uuid_utils import uuid7

GLOBAL_ID_LENGTH = 36
_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
_RAND_BITS = 74  # 12 bits rand_a + 62 bits rand_b


def new_global_id() -> str:
    """A fresh UUIDv7 as canonical lowercase text (uuid-utils: RFC 9562, monotonic within a millisecond)."""
    return str(uuid7())


def global_id_at(when: dt.datetime | int, rand: int | None = None) -> str:
    """A UUIDv7 for the moment `when` (aware datetime, or Unix milliseconds) and 74 random bits.

    `rand` defaults to fresh random bits; a caller that needs reproducible ids (demo data by
    seed) or ordered ids (a counter in the high bits, RFC 9562 section 6.2 method 1) passes its own.
    """
    if isinstance(when, dt.datetime):
        if when.tzinfo is None:
            raise ValueError("global_id_at needs an aware datetime (UTC)")
        ms = int(when.timestamp() * 1000)
    else:
        ms = int(when)
    if not 0 <= ms < 1 << 48:
        raise ValueError("time out of UUIDv7 range")
    bits = secrets.randbits(_RAND_BITS) if rand is None else rand
    if not 0 <= bits < 1 << _RAND_BITS:
        raise ValueError("rand must fit in 74 bits")
    rand_a, rand_b = bits >> 62, bits & ((1 << 62) - 1)
    value = (ms << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def is_global_id(text: object) -> bool:
    """True for a UUIDv7 in canonical lowercase text (what every global id column holds)."""
    return isinstance(text, str) and _PATTERN.fullmatch(text) is not None


def global_id_time(text: str) -> dt.datetime:
    """The moment (UTC, millisecond) encoded in a global id."""
    ms = int(text[:8] + text[9:13], 16)
    return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc)


# ---- the same format in SQL, as a server default ---------------------------------------------

# SQLite: Unix ms from julianday('now') (millisecond resolution) and 74 bits from random(),
# laid out by one printf (about 2 us a row). Allowed in a column DEFAULT, evaluated per row.
_SQLITE_MS = "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"
SQLITE_SQL = (
    f"printf('%08x-%04x-7%03x-%x%03x-%012x', {_SQLITE_MS} >> 16, {_SQLITE_MS} & 65535, random() & 4095, "
    "8 + (random() & 3), random() & 4095, random() & 281474976710655)"
)
# PostgreSQL 13+: a random v4 uuid with its first 48 bits replaced by the Unix ms and the
# version nibble turned from 4 into 7 (bits 52 and 53 set); the variant is already 10.
POSTGRESQL_SQL = (
    "encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing "
    "substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) "
    "from 1 for 6), 52, 1), 53, 1), 'hex')::uuid::text"
)


class GlobalIdDefault(ColumnElement[str]):
    """A column's server default that makes a UUIDv7 text in the database itself."""

    inherit_cache = True
    type = String(GLOBAL_ID_LENGTH)


@compiles(GlobalIdDefault, "sqlite")
def _sqlite(_element: GlobalIdDefault, _compiler: Any, **_kw: Any) -> str:
    return f"({SQLITE_SQL})"


@compiles(GlobalIdDefault, "postgresql")
def _postgresql(_element: GlobalIdDefault, _compiler: Any, **_kw: Any) -> str:
    return f"({POSTGRESQL_SQL})"


@compiles(GlobalIdDefault)
def _other(_element: GlobalIdDefault, compiler: Any, **_kw: Any) -> str:
    raise NotImplementedError(f"no SQL global id default for {compiler.dialect.name}")


class GlobalIdSequence:
    """Ids in strictly rising order for one moment, from a seed: reproducible bulk loads (demo data).

    RFC 9562 section 6.2 method 1: the 74 random bits hold a 42-bit counter above 32 seeded
    random bits, so the ids sort in the order they were made and never repeat. The same
    seed and moment give the same ids (demo data is the same set for the same seed and date).
    """

    def __init__(self, when: dt.datetime, seed: int | str) -> None:
        import random

        self._ms = int(when.timestamp() * 1000) if when.tzinfo else None
        if self._ms is None:
            raise ValueError("GlobalIdSequence needs an aware datetime (UTC)")
        self._rng = random.Random(f"global-ids/{seed}")
        self._counter = 0

    def __call__(self) -> str:
        self._counter += 1
        return global_id_at(self._ms, (self._counter << 32) | self._rng.getrandbits(32))  # type: ignore[arg-type]
