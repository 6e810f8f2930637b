"""The benchmark data set: built once with `python main.py demo-data`, reused while its key matches.

Building the city-sized set takes minutes, so it lives in a cache folder
(`.benchmarks-cache/`, gitignored) under a name made of its parameters and a
fingerprint of the schema: a change to the tables or the generator's size means
a new file, never a stale one. Building goes through the real command in a
child process, so the `demo-data` figure times exactly what a technician runs;
its report is kept beside the file (without the demo passwords, which are
dropped unread: the benchmarks set their own when they need one).

The set is built around a fixed day (`today` in the metadata); the benchmarks
run "as of" that day (DeskService's clock), so a cached set stays valid on later
days instead of turning every loan overdue.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = REPO / ".benchmarks-cache"
META_SUFFIX = ".json"


@dataclass(frozen=True)
class DataSize:
    """What issue 13 asks for: patrons, items, past loans; the heavy borrower comes with any set >= 10,000."""

    patrons: int
    items: int
    loans_history: int
    seed: int = 2026

    def key(self) -> str:
        return f"p{self.patrons}-i{self.items}-h{self.loans_history}-s{self.seed}-{schema_fingerprint()}"


CITY = DataSize(patrons=300_000, items=1_000_000, loans_history=2_000_000)
# Big enough to hold the heavy borrower (200 current + 5,000 past loans), small enough for --quick.
QUICK = DataSize(patrons=3_000, items=20_000, loans_history=40_000)


@dataclass
class Dataset:
    """A built data set: where it is, what it holds, and how long it took to build."""

    size: DataSize
    path: Path
    today: dt.date
    heavy_borrower: int | None
    showcase: dict[str, int]
    build_seconds: float  # wall clock of the whole `demo-data` command (process start to exit)
    rows: dict[str, int] = field(default_factory=dict)
    report_seconds: float = 0.0  # the generator's own timing (excludes interpreter start and migration)
    insert_seconds: float = 0.0  # of report_seconds, inside executemany
    built_at: str = ""
    built_now: bool = False  # built in this run (else reused from the cache)

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def schema_fingerprint() -> str:
    """8 hex digits over the schema's DDL: a cached file made before a schema change is not reused."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    from desk_app.store.models import Base

    dialect = sqlite.dialect()
    parts = []
    for table in Base.metadata.sorted_tables:
        parts.append(str(CreateTable(table).compile(dialect=dialect)))
        parts += sorted(str(CreateIndex(ix).compile(dialect=dialect)) for ix in table.indexes)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:8]


_REPORT = re.compile(r"([\d,]+) rows in ([\d.]+) s \(([\d,]+) rows/s; ([\d.]+) s of it in executemany\)")
_TABLE_LINE = re.compile(r"^  ([a-z_]+)\s+([\d,]+)$")


def parse_report(stdout: str) -> tuple[float, float, dict[str, int]]:
    """(generator seconds, executemany seconds, rows per table) from the command's report.

    Only the summary and the table lines are read; the demo staff passwords that
    follow are never kept.
    """
    seconds = insert_seconds = 0.0
    rows: dict[str, int] = {}
    for line in stdout.splitlines():
        found = _REPORT.search(line)
        if found:
            seconds, insert_seconds = float(found.group(2)), float(found.group(4))
            continue
        table = _TABLE_LINE.match(line)
        if table:
            rows[table.group(1)] = int(table.group(2).replace(",", ""))
        if "passwords" in line or "密碼" in line:
            break
    return seconds, insert_seconds, rows


def build(size: DataSize, path: Path, today: dt.date, *, progress: bool = False) -> Dataset:
    """Run `python main.py demo-data` into a fresh file at `path`; returns the timed result."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    cmd = [sys.executable, str(REPO / "main.py"), "demo-data", "--db", f"sqlite:///{path}",
           "--patrons", str(size.patrons), "--items", str(size.items), "--loans-history", str(size.loans_history),
           "--seed", str(size.seed), "--today", today.isoformat()]
    if not progress:
        cmd.append("--quiet")
    env = dict(os.environ, LIBDESK_SECRET_BACKEND=os.environ.get("LIBDESK_SECRET_BACKEND", "memory"))
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=None if progress else subprocess.PIPE,
                          text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"demo-data failed (exit {done.returncode}): {(done.stderr or '')[-2000:]}")
    seconds, insert_seconds, rows = parse_report(done.stdout)
    info = read_demo_info(path)
    return Dataset(size=size, path=path, today=dt.date.fromisoformat(str(info["today"])),
                   heavy_borrower=info.get("heavy_borrower"),  # type: ignore[arg-type]
                   showcase=dict(info.get("showcase") or {}),  # type: ignore[call-overload]
                   build_seconds=wall, rows=rows, report_seconds=seconds, insert_seconds=insert_seconds,
                   built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), built_now=True)


def read_demo_info(path: Path) -> dict[str, object]:
    """The generator's own record of the set (size, day, showcase patrons), read with plain sqlite3."""
    import sqlite3

    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT value FROM library_setting WHERE key = 'demo_data'").fetchone()
    if row is None:
        raise RuntimeError(f"{path} holds no demo data set")
    return dict(json.loads(row[0]))


def _save_meta(ds: Dataset) -> None:
    meta = {"size": asdict(ds.size), "today": ds.today.isoformat(), "heavy_borrower": ds.heavy_borrower,
            "showcase": ds.showcase, "build_seconds": ds.build_seconds, "rows": ds.rows,
            "report_seconds": ds.report_seconds, "insert_seconds": ds.insert_seconds, "built_at": ds.built_at}
    Path(f"{ds.path}{META_SUFFIX}").write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")


def _load_meta(path: Path, size: DataSize) -> Dataset | None:
    meta_path = Path(f"{path}{META_SUFFIX}")
    if not path.exists() or not meta_path.exists():
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        return Dataset(size=size, path=path, today=dt.date.fromisoformat(meta["today"]),
                       heavy_borrower=meta.get("heavy_borrower"), showcase=dict(meta.get("showcase") or {}),
                       build_seconds=float(meta["build_seconds"]), rows=dict(meta.get("rows") or {}),
                       report_seconds=float(meta.get("report_seconds", 0.0)),
                       insert_seconds=float(meta.get("insert_seconds", 0.0)), built_at=str(meta.get("built_at", "")))
    except (OSError, ValueError, KeyError):
        return None


def _prune_stale(cache_dir: Path, size: DataSize, keep: Path) -> None:
    """Sets of the same size made for an older schema: never reused again, so not kept (1 GB each)."""
    stem = keep.name.rsplit("-", 1)[0]  # libdesk-p..-i..-h..-s.. without the schema fingerprint
    for old in cache_dir.glob(f"{stem}-*.db*"):
        if not old.name.startswith(keep.name):
            old.unlink(missing_ok=True)


def ensure(size: DataSize, cache_dir: Path = DEFAULT_CACHE, *, rebuild: bool = False, progress: bool = False,
           today: dt.date | None = None) -> Dataset:
    """The data set of `size`: from the cache when its key matches, else built now (and cached).

    The metadata file is written only after a build succeeded, so an interrupted
    build is never mistaken for a finished one.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"libdesk-{size.key()}.db"
    if not rebuild:
        found = _load_meta(path, size)
        if found is not None:
            return found
    Path(f"{path}{META_SUFFIX}").unlink(missing_ok=True)
    _prune_stale(cache_dir, size, path)
    from desk_app.core.circulation.calendar import local_today
    from desk_app.store.models import utcnow

    ds = build(size, path, today or local_today(utcnow()), progress=progress)
    _save_meta(ds)
    return ds


def main() -> None:
    """`python -m benchmarks.dataset [--quick]`: build (or find) the set and print where it is."""
    import argparse

    parser = argparse.ArgumentParser(description="build or reuse the benchmark data set")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--db-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    ds = ensure(QUICK if args.quick else CITY, args.db_dir, rebuild=args.rebuild, progress=True)
    print(f"{ds.path}  ({ds.total_rows:,} rows, built in {ds.build_seconds:.1f} s, today {ds.today})")


if __name__ == "__main__":
    main()
