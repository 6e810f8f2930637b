"""`python main.py doctor`: what the technician runs first when a reader or scanner misbehaves.

The checks themselves live in drivers.doctor (they know nothing of the desk); this
module only wires the subcommand and passes every argument through unchanged, so
the doctor's own options and --help stay the single source of truth.
"""

from __future__ import annotations

import argparse

from desk_app.commands.passthrough import add_passthrough


def _run(args: argparse.Namespace) -> int:
    from drivers import doctor  # imported late: pyscard loads only when the doctor runs

    rest = list(args.rest)
    lang = getattr(args, "lang", None)  # `main.py --lang en doctor` speaks English too
    if lang and not any(a == "--lang" or a.startswith("--lang=") for a in rest):
        rest = ["--lang", lang, *rest]
    return int(doctor.main(rest) or 0)


def register(subparsers: argparse._SubParsersAction) -> None:
    add_passthrough(
        subparsers,
        "doctor",
        help="check card readers (pcscd), cards and serial ports; exit non-zero when something is wrong",
        handler=_run,
    )
