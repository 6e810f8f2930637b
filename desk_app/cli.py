"""Command line: `python main.py` opens the desk; subcommands do batch and technician work.

Each subcommand lives in its own module under desk_app/commands (one job each) and
exposes `register(subparsers)`; its handler returns the process exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from desk_app import __version__

# Module names under desk_app.commands; each defines register(subparsers).
COMMAND_MODULES = [
    "demo_data",
    "doctor",
    "virtual_devices",
    "audit",
    "staff",
    "secrets",
    "translations",
    "patron",
    "privacy",
    "mobile_card",
    "token",
    "setup",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="libdesk",
        description="LibDesk 圖書館流通櫃台 / circulation desk. Without a subcommand, opens the desk window.",
    )
    parser.add_argument("--version", action="version", version=f"LibDesk {__version__}")
    parser.add_argument("--db", metavar="URL", help="database URL (default: an SQLite file in the user data folder)")
    parser.add_argument("--lang", choices=["zh_TW", "en"], help="UI language (default zh_TW)")
    parser.add_argument("--training", action="store_true", help="training mode: accept virtual readers (vpcd)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"desk_app.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"desk_app.commands.{name}":
                continue  # not built yet in this stage
            raise
        module.register(sub)
    return parser


def _start_logging() -> None:
    """The rotating, scrubbed log file; a desk whose log folder is unwritable still opens."""
    from desk_app.logging_setup import setup_logging

    try:
        setup_logging()
    except OSError as exc:
        print(f"LibDesk: logging to a file is off ({exc.strerror})", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    _start_logging()
    if args.command is None:
        from desk_app.display import EXIT_NO_DISPLAY, display_problem

        problem = display_problem()
        if problem is not None:  # said in words, before Qt can abort with its plugin message
            print(problem.text(), file=sys.stderr)
            return EXIT_NO_DISPLAY
        from desk_app.ui.app import run_desk  # only the entry point imports the UI

        return run_desk(args)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    return int(handler(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
