"""`python main.py virtual-card` and `virtual-scanner`: pretend hardware for tests, demos and staff training.

The virtual card plugs into pcscd's vpcd reader (accepted by the desk only in
training mode, since vpcd takes cards from the network); the virtual scanner is a
pseudo-terminal that sends what the trainer types. Arguments pass through to the
drivers' own `main(argv)`.
"""

from __future__ import annotations

import argparse

from desk_app.commands.passthrough import add_passthrough


def _virtual_card(args: argparse.Namespace) -> int:
    from drivers.virtual import vpcd_card

    return int(vpcd_card.main(list(args.rest)) or 0)


def _virtual_scanner(args: argparse.Namespace) -> int:
    from drivers.virtual import pty_scanner

    return int(pty_scanner.main(list(args.rest)) or 0)


def register(subparsers: argparse._SubParsersAction) -> None:
    add_passthrough(
        subparsers,
        "virtual-card",
        help="a virtual MIFARE Classic card on pcscd's vpcd reader (training), e.g. --uid 04A22B91",
        handler=_virtual_card,
    )
    add_passthrough(
        subparsers,
        "virtual-scanner",
        help="a virtual serial barcode scanner on a pseudo-terminal: type barcodes, one per line (training)",
        handler=_virtual_scanner,
    )
