"""`python -m benchmarks [--quick] [--json FILE] [--db-dir DIR] [--only FIG,...]`: the desk's figures.

Builds (or reuses) the data set, copies it to a working file, runs each figure
in turn and prints one Markdown table. A figure that fails to run is reported
as missed with the reason, and the others still run. Sync, roster and burn
figures will join FIGURES as their features land.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sqlite3
import sys
import tempfile
import time
import traceback
from pathlib import Path

from benchmarks import dataset
from benchmarks.common import BenchEnv, working_copy
from benchmarks.stats import Result, failed, markdown_table, write_json

# name -> (module, the target shown if the figure cannot run)
FIGURES: dict[str, tuple[str, str]] = {
    "demo-data": ("benchmarks.bench_demo_data", "≤ 5 min"),
    "checkout": ("benchmarks.bench_checkout", "p99 ≤ 20 ms and ≤ 3x bare sqlite3"),
    "check-in": ("benchmarks.bench_checkin", "p99 ≤ 20 ms and ≤ 3x bare sqlite3"),
    "identify": ("benchmarks.bench_identify", "p99 ≤ 10 ms"),
    "scan-to-screen": ("benchmarks.bench_scan_to_screen", "p99 ≤ 50 ms"),
    "search": ("benchmarks.bench_search", "p95 ≤ 30 ms, correct"),
    "start": ("benchmarks.bench_start", "≤ 2 s; peak memory ≤ 300 MB"),
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small data set; the whole run in under two minutes")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--db-dir", type=Path, default=dataset.DEFAULT_CACHE, metavar="DIR",
                        help=f"where data sets are cached (default {dataset.DEFAULT_CACHE})")
    parser.add_argument("--only", metavar="FIG,...", help=f"only these figures: {', '.join(FIGURES)}")
    parser.add_argument("--rebuild", action="store_true", help="build the data set again even if it is cached")
    args = parser.parse_args(argv)
    args.figures = list(FIGURES)
    if args.only:
        args.figures = [f.strip() for f in args.only.split(",") if f.strip()]
        unknown = [f for f in args.figures if f not in FIGURES]
        if unknown:
            parser.error(f"unknown figure(s): {', '.join(unknown)}; choose from {', '.join(FIGURES)}")
    return args


def machine() -> str:
    return (f"{platform.node() or 'this machine'}: {os.cpu_count()} CPU(s), Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("LIBDESK_SECRET_BACKEND", "memory")
    started = time.perf_counter()
    size = dataset.QUICK if args.quick else dataset.CITY
    print(f"# LibDesk benchmarks ({'quick' if args.quick else 'city size'})", flush=True)
    print(f"{machine()}", flush=True)
    print(f"data set: {size.patrons:,} patrons, {size.items:,} items, {size.loans_history:,} past loans; "
          f"cache {args.db_dir}", flush=True)
    ds = dataset.ensure(size, args.db_dir, rebuild=args.rebuild, progress=not args.quick)
    print(f"data set {'built' if ds.built_now else 'reused'}: {ds.path.name} ({ds.total_rows:,} rows, "
          f"as of {ds.today})", flush=True)
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="libdesk-bench-") as tmp:
        work = working_copy(ds, args.db_dir / f"work-{ds.path.name}")
        env = BenchEnv(dataset=ds, work_path=work, quick=args.quick, tmp_dir=Path(tmp))
        try:
            for name in args.figures:
                module_name, target = FIGURES[name]
                t0 = time.perf_counter()
                print(f"… {name}", end="", flush=True)
                try:
                    module = importlib.import_module(module_name)
                    got = module.run(env)
                except Exception as exc:  # one broken figure must not hide the others
                    traceback.print_exc()
                    got = [failed(name, target, f"{type(exc).__name__}: {exc}")]
                results += got
                print(f" {time.perf_counter() - t0:.1f} s", flush=True)
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{work}{suffix}").unlink(missing_ok=True)
    print()
    print(markdown_table(results))
    print(f"\nwhole run: {time.perf_counter() - started:.0f} s")
    if args.json:
        write_json(results, args.json)
        print(f"JSON written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
