"""Demo data: building the set with `python main.py demo-data`, and its rows/s beside a bare executemany.

The build is timed by dataset.py around the real command (interpreter start to
exit, migrations, generation, index builds, ANALYZE). A cached set reports the
timing of the run that built it (the note says when); `--rebuild` measures it
again. With --quick the small set is always built afresh into a scratch file.

The baseline inserts the very rows the build wrote, read back from it, into an
empty database in the generator's own fast mode (same schema, secondary indexes
dropped, synchronous=OFF, foreign keys off, one transaction): only the driver's
executemany and the commit are timed. It is what the rows cost with no Python
generating them and no indexes built afterwards.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from benchmarks import dataset
from benchmarks.common import BenchEnv
from benchmarks.stats import Result

TARGET_S = 300.0
BATCH = 50_000


def bare_executemany(source: Path, target: Path, tables: list[str]) -> tuple[int, float]:
    """(rows, seconds) for executemany of every row of `tables` from `source` into a fresh `target`."""
    from desk_app.demo_data import bulk
    from desk_app.demo_data.generator import BULK_TABLES
    from desk_app.store.db import open_database

    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    engine, _ = open_database(f"sqlite:///{target}")
    with engine.connect() as conn:
        bulk.enter_fast_mode(conn, BULK_TABLES)
    engine.dispose()
    dst = sqlite3.connect(target)
    for pragma in ("synchronous=OFF", "foreign_keys=OFF", "cache_size=-262144", "temp_store=MEMORY"):
        dst.execute(f"PRAGMA {pragma}")
    dst.execute("DELETE FROM staff")  # the migration leaves the tables empty; staff may be seeded elsewhere
    dst.commit()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    rows = 0
    seconds = 0.0
    try:
        for table in tables:
            width = len(src.execute(f'SELECT * FROM "{table}" LIMIT 0').description)
            sql = f'INSERT INTO "{table}" VALUES ({",".join("?" * width)})'
            cursor = src.execute(f'SELECT * FROM "{table}"')
            while batch := cursor.fetchmany(BATCH):
                started = time.perf_counter()
                dst.executemany(sql, batch)
                seconds += time.perf_counter() - started
                rows += len(batch)
        started = time.perf_counter()
        dst.commit()
        seconds += time.perf_counter() - started
    finally:
        src.close()
        dst.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    return rows, seconds


def run(env: BenchEnv) -> list[Result]:
    ds = env.dataset
    note = "built in this run" if ds.built_now else f"timed when the cached set was built ({ds.built_at})"
    if env.quick and not ds.built_now:
        ds = dataset.build(ds.size, env.tmp_dir / "demo-data-quick.db", ds.today)
        note = "built afresh in this run"
    rows, bare_s = bare_executemany(ds.path, env.tmp_dir / "bare-executemany.db", list(ds.rows))
    if env.quick and ds.path.parent == env.tmp_dir:
        ds.path.unlink(missing_ok=True)
    build_ms = ds.build_seconds * 1000
    rate = ds.total_rows / ds.build_seconds
    bare_rate = rows / bare_s if bare_s else float("nan")
    return [
        Result("demo-data: build", [build_ms], f"≤ {TARGET_S / 60:g} min", lambda r: r.median <= TARGET_S * 1000,
               baseline=[bare_s * 1000],
               note=(f"{ds.total_rows:,} rows ({ds.size.patrons:,} patrons, {ds.size.items:,} items, "
                     f"{ds.size.loans_history:,} past loans), `python main.py demo-data` start to exit, {note}; "
                     f"baseline = bare executemany of the same rows; generator's own report "
                     f"{ds.report_seconds:.1f} s, {ds.insert_seconds:.1f} s of it in executemany")),
        Result("demo-data: rows/s", [rate], "— (shown beside bare executemany)", None, baseline=[bare_rate],
               unit="rows/s", note="whole build vs executemany alone; ratio < 1 is the cost of generating and indexing"),
    ]
