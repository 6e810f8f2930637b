"""`python main.py demo-data --db URL --patrons N --items M`: fill an empty database with demo data.

Prints one progress line that rewrites itself, then the rows written and the
rows per second, and the demo staff passwords once (they are random each run
and stored only as argon2id hashes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from desk_app.commands.common import add_db_option, open_db_or_exit
from desk_app.demo_data.generator import SMALL, DemoDataError, DemoReport, DemoSize, generate


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser("demo-data", help="fill an empty database with a fictitious demo library / 產生示範資料")
    add_db_option(p)
    p.add_argument("--patrons", type=int, default=SMALL.patrons, help=f"patrons (default {SMALL.patrons})")
    p.add_argument("--items", type=int, default=SMALL.items, help=f"items (default {SMALL.items})")
    p.add_argument("--loans-history", type=int, default=None, metavar="K",
                   help="past (returned) loans (default: two per item)")
    p.add_argument("--seed", type=int, default=SMALL.seed, help=f"random seed (default {SMALL.seed})")
    p.add_argument("--today", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help="the date the set is built around (default: today in Taipei); same seed + date = same data")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.set_defaults(handler=run)


class _ProgressLine:
    """One line on stderr, rewritten at most a few times a second."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.last = 0.0
        self.stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if stage == self.stage and now - self.last < 0.3 and done < total:
            return
        self.stage, self.last = stage, now
        sys.stderr.write(f"\r  {now - self.started:6.1f} s  {stage:<14} {done:>12,} / {total:,}   ")
        sys.stderr.flush()


def _print_report(report: DemoReport) -> None:
    print(f"示範資料已建立 / Demo data written: {report.total_rows:,} rows in {report.seconds:.1f} s "
          f"({report.rows_per_second:,.0f} rows/s; {report.insert_seconds:.1f} s of it in executemany)")
    for table, count in sorted(report.rows.items()):
        print(f"  {table:<16} {count:>12,}")
    if report.heavy_borrower:
        print(f"  heavy borrower: patron id {report.heavy_borrower}")
    if report.staff_passwords:
        print("\n示範帳號（密碼只顯示這一次）/ Demo staff accounts (passwords are shown only this once):")
        for username, password in report.staff_passwords.items():
            print(f"  {username:<14} {password}")


def run(args: argparse.Namespace) -> int:
    size = DemoSize(patrons=args.patrons, items=args.items, loans_history=args.loans_history, seed=args.seed)
    engine, _factory = open_db_or_exit(args)
    started = time.perf_counter()
    try:
        report = generate(engine, size, today=args.today, progress=None if args.quiet else _ProgressLine(started))
    except DemoDataError as exc:
        print(f"\n錯誤 / Error: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    if not args.quiet:
        sys.stderr.write("\n")
    _print_report(report)
    return 0
