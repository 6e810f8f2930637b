"""`python main.py privacy anonymise [--older-than DAYS] [--dry-run]`: cut old loan history loose from patrons.

An administrator signs in at the shell; core checks the permission, does it in one
transaction (or only counts, with --dry-run) and audits either. Without
--older-than the library's retention period applies (privacy.loan_history_retention_days).
"""

from __future__ import annotations

import argparse

from desk_app.commands.common import add_actions, add_db_option, fail, open_db_or_exit
from desk_app.commands.terminal import sign_in
from desk_app.core.staff import privacy
from desk_app.core.messages import DeskError


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the number of days cannot be negative")
    return value


def _anonymise(args: argparse.Namespace) -> int:
    engine, factory = open_db_or_exit(args)
    try:
        actor = sign_in(factory)
        report = privacy.anonymise_history(factory, actor, retention=args.older_than, dry_run=args.dry_run)
    except DeskError as exc:
        return fail(exc)
    finally:
        engine.dispose()
    head = ("試算，未變更任何資料 / Dry run, nothing changed" if report.dry_run
            else "已去識別化 / Anonymised")
    print(f"{head}: loans returned before {report.cutoff:%Y-%m-%d %H:%M} UTC "
          f"(older than {report.retention_days} days)")
    print(f"  loans                 {report.loans:>10,}")
    print(f"  reading-point entries {report.point_entries:>10,}")
    print(f"  ended suspensions     {report.suspensions:>10,}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sub = add_actions(subparsers, "privacy", help="personal-data housekeeping / 個資保護")
    anonymise = sub.add_parser("anonymise", help="anonymise loan history older than the retention period")
    anonymise.add_argument("--older-than", type=_days, default=None, metavar="DAYS",
                           help="loans returned more than DAYS ago (default: the library's retention period)")
    anonymise.add_argument("--dry-run", action="store_true", help="only count what would be anonymised")
    add_db_option(anonymise)
    anonymise.set_defaults(handler=_anonymise)
