"""Fill an empty LibDesk database with a realistic, fictitious city library, fast and by seed.

Two uses: the small default set that a fresh desk opens on (`ensure_demo_data`),
and the city-sized set the benchmarks need (300,000 patrons, 1,000,000 items,
2,000,000 past loans) in minutes. The same seed and date always give the same
rows (staff passwords excepted: they are fresh secrets, printed once).

Rows get explicit ids so stages can refer to each other without reading back;
that is why the tables must be empty. In fast mode (the command line) SQLite's
durability settings are relaxed for the load and restored afterwards; the small
set is written in one ordinary transaction, next to a running desk if need be.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from dataclasses import asdict, dataclass, field

from sqlalchemy import Connection, Engine, Table, func, select
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.circulation.calendar import local_today
from desk_app.core.messages import QT_TRANSLATE_NOOP
from desk_app.demo_data import bulk, mobile_keys
from desk_app.demo_data.catalog import mark_lost_and_withdrawn, write_catalog, write_items
from desk_app.demo_data.circulation import CirculationContext, plan_and_write
from desk_app.demo_data.errors import DemoDataError
from desk_app.demo_data.library import write_branches, write_loan_rules, write_staff
from desk_app.demo_data.names import BRANCHES
from desk_app.demo_data.people import MIN_PATRONS, write_patrons
from desk_app.secret_store import SecretStore
from desk_app.store.global_ids import GlobalIdSequence
from desk_app.store.models import (
    Base, BibRecord, Branch, CardBinding, Hold, Item, LibraryCard, LibrarySetting, Loan, Patron, PointEntry, SearchToken,
    Staff, Suspension, utcnow,
)

SETTING_KEY = "demo_data"  # library_setting row describing the set (size, seed, showcase patron ids)
BULK_TABLES: list[Table] = [Base.metadata.tables[m.__tablename__] for m in (
    BibRecord, SearchToken, Item, Patron, LibraryCard, CardBinding, Loan, PointEntry, Hold, Suspension)]


@dataclass(frozen=True)
class DemoSize:
    patrons: int = 300
    items: int = 2_000
    loans_history: int | None = None  # past (returned) loans; default two per item
    seed: int = 2026
    branches: int = len(BRANCHES)

    @property
    def history(self) -> int:
        return 2 * self.items if self.loans_history is None else self.loans_history

    @property
    def has_heavy_borrower(self) -> bool:
        """Issue 13's patron with 200 current and 5,000 past loans, once the set is big enough to hold one."""
        return self.items >= 10_000 and self.history >= 10_000 and self.patrons >= 1_000


SMALL = DemoSize()
CITY = DemoSize(patrons=300_000, items=1_000_000, loans_history=2_000_000)


@dataclass
class DemoReport:
    size: DemoSize
    today: dt.date
    rows: dict[str, int]
    seconds: float
    staff_passwords: dict[str, str] = field(repr=False)  # username -> password; print once, never log
    showcase: dict[str, int] = field(default_factory=dict)  # situation -> patron id
    heavy_borrower: int | None = None
    insert_seconds: float = 0.0  # of `seconds`, the time inside the driver's executemany

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def rows_per_second(self) -> float:
        return self.total_rows / self.seconds if self.seconds else 0.0


def is_empty(connection: Connection) -> bool:
    """No branches, patrons, bib records or items yet (staff accounts may exist; they are kept)."""
    for model in (Branch, Patron, BibRecord, Item):
        if connection.execute(select(func.count()).select_from(model)).scalar():
            return False
    return True


def generate(engine: Engine, size: DemoSize = SMALL, *, today: dt.date | None = None,
             progress: bulk.Progress | None = None, fast: bool = True,
             secrets: SecretStore | None = None) -> DemoReport:
    """Write the demo set into the empty database behind `engine`; DemoDataError if it is not empty.

    fast=True relaxes durability during the load and needs the file to itself
    (close the desk first); the engine's pooled connections are closed. The mobile-card
    signing key goes into `secrets` (default: this machine's secret store).
    """
    if engine.dialect.name != "sqlite":
        raise DemoDataError(QT_TRANSLATE_NOOP("core", "Demo data can only be written into an SQLite database."))
    if size.patrons < MIN_PATRONS or size.items < 100:
        raise DemoDataError(QT_TRANSLATE_NOOP("core", "The demo set needs at least {patrons} patrons and 100 items."),
                            patrons=MIN_PATRONS)
    today = today or local_today(utcnow())
    now = dt.datetime.combine(today, dt.time(2, 0))  # 10:00 at the desk in Taipei
    rng = random.Random(size.seed)
    started = time.perf_counter()
    if fast:
        engine.dispose()
    with engine.connect() as conn:
        if not is_empty(conn):
            raise DemoDataError(QT_TRANSLATE_NOOP(
                "core", "This database already holds library data; demo data goes only into an empty database."))
        existing_staff = {str(u): int(i) for u, i in conn.execute(select(Staff.username, Staff.id))}
        conn.rollback()
        if fast:
            bulk.enter_fast_mode(conn, BULK_TABLES)
        try:
            # Rows refer to rows written later (loans before items): check foreign keys at commit.
            conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
            # Global ids from the seed too: the same seed and date give the same rows, ids included.
            writer = bulk.BulkWriter(conn, progress, GlobalIdSequence(now.replace(tzinfo=dt.timezone.utc), size.seed))
            branch_ids, calendars = write_branches(writer, today, size.branches)
            rules = write_loan_rules(writer)
            passwords, staff_ids = write_staff(writer, now, existing_staff)
            catalog = write_catalog(writer, rng, size.items, branch_ids, today)
            mark_lost_and_withdrawn(catalog, rng)
            patrons = write_patrons(writer, rng, size.patrons, branch_ids, today, now)
            ctx = CirculationContext(rng, catalog, patrons, calendars, rules, today, now, staff_ids.get("librarian", 0) or 0)
            result = plan_and_write(writer, ctx, size.history, size.has_heavy_borrower)
            write_items(writer, catalog, now)
            meta = {**asdict(size), "loans_history": size.history, "today": today.isoformat(),
                    "showcase": patrons.showcase, "heavy_borrower": result.heavy_borrower}
            settings_rows = [(SETTING_KEY, json.dumps(meta, ensure_ascii=False, sort_keys=True))]
            key_row = mobile_keys.public_keys_row(secrets)
            if key_row is not None:
                settings_rows.append(key_row)
            writer.insert(LibrarySetting.__table__, ["key", "value"], settings_rows)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            if fast:  # after a failure too: the dropped indexes come back on the emptied tables
                bulk.rebuild_indexes(conn, BULK_TABLES, progress)
                bulk.restore(conn)
        if not fast:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    return DemoReport(size=size, today=today, rows=dict(writer.rows), seconds=time.perf_counter() - started,
                      staff_passwords=passwords, showcase=dict(patrons.showcase),
                      heavy_borrower=result.heavy_borrower, insert_seconds=writer.seconds_inserting)


def ensure_demo_data(session_factory: sessionmaker[Session], *, size: DemoSize = SMALL,
                     today: dt.date | None = None, secrets: SecretStore | None = None) -> DemoReport | None:
    """On a fresh machine: fill an EMPTY database with the small set; otherwise do nothing (None).

    Written in one ordinary transaction (WAL, synchronous=FULL), so it is safe next to an
    open desk. The caller shows `report.staff_passwords` once, as a demo notice.
    """
    engine = session_factory.kw["bind"]
    with engine.connect() as conn:
        if not is_empty(conn):
            return None
    try:
        return generate(engine, size, today=today, fast=False, secrets=secrets)
    except DemoDataError:
        return None  # filled by someone else in the meantime


def demo_info(session: Session) -> dict[str, object] | None:
    """What `generate` recorded about the set (sizes, seed, showcase patron ids), or None."""
    value = session.get(LibrarySetting, SETTING_KEY)
    return json.loads(value.value) if value is not None else None
