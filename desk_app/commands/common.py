"""What every subcommand shares: opening the database, reporting a refusal, grouping actions under a name."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.messages import DeskError, Message
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
    """Print why the command did nothing, Traditional Chinese first; the exit code of a refusal (1).

    A core refusal (DeskError or Message) is translated through the same .qm files
    the desk uses, so the terminal and the counter say the same words.
    """
    print(f"錯誤 / Error: {say(reason)}", file=sys.stderr)
    return 1


def say(reason: object) -> str:
    """A core message in zh_TW with its English source after it; anything else as it is."""
    if not isinstance(reason, (DeskError, Message)):
        return str(reason)
    english = str(reason)
    translated = _tr_core(reason)
    return translated if translated == english else f"{translated} ({english})"


def _tr_core(reason: DeskError | Message) -> str:
    from PySide6.QtCore import QCoreApplication

    from desk_app.ui import i18n  # the entry point may use the UI's translation files

    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    if not getattr(_tr_core, "installed", False):
        i18n.install_translators(app, "zh_TW")
        setattr(_tr_core, "installed", True)
    return i18n.tr_core(reason)


def add_actions(subparsers: argparse._SubParsersAction, name: str,  # type: ignore[type-arg]
                help: str) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    """`main.py NAME ACTION ...`: the subcommand `name`, one of whose actions must be given."""
    parser = subparsers.add_parser(name, help=help)
    return parser.add_subparsers(dest=f"{name}_command", metavar="ACTION", required=True)
