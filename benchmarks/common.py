"""What the figures share: the run's settings, a working copy of the data set, the desk's core, a timer.

Figures that write (checkouts, returns) run on a copy of the cached set made
at the start of the run, so the cache stays as `demo-data` built it and every
run starts from the same state. The core runs "as of" the day the set was
built (see dataset.py), on a clock that advances with real time.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.dataset import Dataset
from benchmarks.stats import p99_at_most

# A desk write (checkout, return) against the same reads and writes by bare sqlite3.
WRITE_TARGET = "p99 ≤ 20 ms and ≤ 3x bare sqlite3"
WRITE_CHECK = p99_at_most(20.0, ratio_max=3.0)


@dataclass
class BenchEnv:
    """One run of `python -m benchmarks`: the data set, its working copy, and how hard to try."""

    dataset: Dataset
    work_path: Path
    quick: bool
    tmp_dir: Path
    seed: int = 13
    notes: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"sqlite:///{self.work_path}"

    def n(self, full: int, quick: int) -> int:
        """How many samples: `full` at city size, `quick` with --quick."""
        return quick if self.quick else full

    def rng(self, salt: str) -> random.Random:
        return random.Random(f"{self.seed}:{salt}")


def working_copy(ds: Dataset, target: Path) -> Path:
    """A fresh copy of the cached set's file (the cache is closed, its WAL empty)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(ds.path) as conn:  # fold any WAL content into the main file first
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    shutil.copyfile(ds.path, target)
    return target


class DeskClock:
    """The set's day at 10:00 in Taipei, advancing with real time (loans get distinct timestamps)."""

    def __init__(self, today: dt.date) -> None:
        self._start = dt.datetime.combine(today, dt.time(2, 0), tzinfo=dt.UTC)
        self._t0 = time.monotonic()

    def __call__(self) -> dt.datetime:
        return self._start + dt.timedelta(seconds=time.monotonic() - self._t0)


def raw_connect(path: Path) -> sqlite3.Connection:
    """A bare sqlite3 connection with the desk's durability settings (the baselines' side)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


def librarian_actor(conn: sqlite3.Connection) -> Any:
    """The demo librarian at the main branch (branch 1), as the desk would sign them in."""
    from desk_app.core.staff.permissions import Actor
    from desk_app.store.models import StaffRole

    row = conn.execute("SELECT id, username FROM staff WHERE username = 'librarian'").fetchone()
    branch = conn.execute("SELECT min(id) FROM branch").fetchone()[0]
    return Actor(staff_id=int(row[0]) if row else None, username=row[1] if row else "librarian",
                 role=StaffRole.LIBRARIAN, branch_id=int(branch))


@dataclass
class Desk:
    """The desk's core on the working copy: an engine, a session factory and a DeskService."""

    engine: Any
    sessions: Any
    service: Any
    actor: Any

    def close(self) -> None:
        self.engine.dispose()

    def staff(self) -> tuple[int, int | None, str]:
        """(branch_id, staff_id, username) of the signed-in librarian, as the bare baselines take them."""
        return self.actor.branch_id, self.actor.staff_id, self.actor.username


def open_desk(env: BenchEnv, token_public_key: bytes | None = None) -> Desk:
    from desk_app.core.desk import DeskService
    from desk_app.store.db import open_database

    engine, sessions = open_database(env.url)
    with sqlite3.connect(env.work_path) as raw:
        actor = librarian_actor(raw)
    service = DeskService(sessions, actor, clock=DeskClock(env.dataset.today), token_public_key=token_public_key)
    return Desk(engine, sessions, service, actor)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """(milliseconds, result) of one call."""
    started = time.perf_counter_ns()
    result = fn()
    return (time.perf_counter_ns() - started) / 1e6, result


@contextmanager
def quiet_gc() -> Iterator[None]:
    """Collect before a timed loop so garbage from setup is not charged to the first samples."""
    gc.collect()
    yield


def random_ids(rng: random.Random, max_id: int, n: int) -> list[int]:
    return [rng.randint(1, max_id) for _ in range(n)]


def available_items(conn: sqlite3.Connection, rng: random.Random, n: int, exclude: set[str] | None = None,
                    item_type: str = "book") -> list[str]:
    """`n` barcodes of random available copies of `item_type` whose titles nobody waits for."""
    exclude = exclude or set()
    max_id = conn.execute("SELECT max(id) FROM item").fetchone()[0]
    found: list[str] = []
    seen = set(exclude)
    while len(found) < n:
        ids = random_ids(rng, max_id, max(50, 2 * (n - len(found))))
        rows = conn.execute(
            f"SELECT i.barcode FROM item i WHERE i.id IN ({','.join(map(str, ids))}) AND i.status = 'available' "
            "AND i.item_type = ? AND NOT EXISTS (SELECT 1 FROM hold h WHERE h.bib_id = i.bib_id "
            "AND h.status IN ('waiting', 'in_transit', 'ready'))", (item_type,)).fetchall()
        for (barcode,) in rows:
            if barcode not in seen and len(found) < n:
                seen.add(barcode)
                found.append(barcode)
    return found


def newest_card_number(conn: sqlite3.Connection, patron_id: int) -> str:
    """The card number of `patron_id`'s newest active card: the one the patron would present."""
    return str(conn.execute("SELECT card_number FROM library_card WHERE patron_id = ? AND status = 'active' "
                            "ORDER BY sequence DESC LIMIT 1", (patron_id,)).fetchone()[0])


def active_card_numbers(conn: sqlite3.Connection, rng: random.Random, n: int, exclude_patrons: set[int],
                        kinds: tuple[str, ...] = ("adult", "child", "student", "senior")) -> list[tuple[int, str]]:
    """(patron id, card number) of random patrons of `kinds` with an active personal or student card."""
    max_id = conn.execute("SELECT max(id) FROM patron").fetchone()[0]
    found: dict[int, str] = {}
    marks = ",".join("?" * len(kinds))
    while len(found) < n:
        ids = random_ids(rng, max_id, 2 * (n - len(found)) + 20)
        rows = conn.execute(
            f"SELECT c.patron_id, c.card_number FROM library_card c JOIN patron p ON p.id = c.patron_id "
            f"WHERE c.patron_id IN ({','.join(map(str, ids))}) AND p.kind IN ({marks}) "
            "AND c.status = 'active' AND c.kind IN ('personal', 'student')", kinds).fetchall()
        for pid, number in rows:
            if pid not in exclude_patrons and pid not in found and len(found) < n:
                found[pid] = number
    return list(found.items())
