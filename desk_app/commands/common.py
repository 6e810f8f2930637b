"""What every subcommand shares: opening the database, reporting a refusal, grouping actions under a name."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from desk_app.settings import default_db_url
from desk_app.store.db import DatabaseOpenError, open_database


def open_db_or_exit(args: argparse.Namespace) -> tuple[Engine, sessionmaker[Session]]:
    """Open --db (or the default file); on failure print the reason and exit 3, never a traceback."""
    url = getattr(args, "db", None) or default_db_url()
    try:
        return open_database(url)
    except DatabaseOpenError as exc:
        print(f"錯誤 / Error: {exc}", file=sys.stderr)
        raise SystemExit(3) from None


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """--db after the subcommand too (`main.py demo-data --db URL`), without hiding a --db given before it."""
    parser.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                        help="database URL (default: an SQLite file in the user data folder)")


def fail(reason: object) -> int:
    """Print why the command did nothing, in the shell's two languages; the exit code of a refusal (1)."""
    print(f"錯誤 / Error: {reason}", file=sys.stderr)
    return 1


def add_actions(subparsers: argparse._SubParsersAction, name: str,  # type: ignore[type-arg]
                help: str) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    """`main.py NAME ACTION ...`: the subcommand `name`, one of whose actions must be given."""
    parser = subparsers.add_parser(name, help=help)
    return parser.add_subparsers(dest=f"{name}_command", metavar="ACTION", required=True)
