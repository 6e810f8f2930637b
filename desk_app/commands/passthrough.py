"""Subcommands that hand every remaining argument to a driver's own `main(argv)`.

The driver tools (doctor, virtual card, virtual scanner) parse their own options;
mirroring them here would let the two copies drift. A subparser with no option
prefix and a REMAINDER positional passes `--uid 04A22B91 --help` through untouched.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

Handler = Callable[[argparse.Namespace], int]


def add_passthrough(subparsers: argparse._SubParsersAction, name: str, help: str,
                    handler: Handler) -> argparse.ArgumentParser:
    """Add `name` whose arguments all land, unparsed, in `args.rest`."""
    parser = subparsers.add_parser(
        name,
        help=help,
        description=help + " (options: `main.py " + name + " --help`)",
        add_help=False,  # --help goes to the driver, which knows its options
        prefix_chars="\0",  # nothing looks like an option here, so REMAINDER takes it all
    )
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    parser.set_defaults(handler=handler)
    return parser
