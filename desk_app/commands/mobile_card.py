"""`python main.py mobile-card CARD_NUMBER [--minutes N]`: a patron's "phone" for training at the desk.

Prints a signed mobile library card token and its QR code in the terminal, so a
trainer can hold the screen (or a phone photo of it) to the desk's scanner. Only
where the library's signing key is in the secret store, which the demo data puts
there: a real desk has no signing key (the central server keeps it), so the command
refuses. The token lives minutes; the issue is audited with the card masked.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from sqlalchemy import func, select

from desk_app import secret_store
from desk_app.commands.common import add_db_option, fail, open_db_or_exit
from desk_app.core.messages import DeskError
from desk_app.core.patrons.mobile_card import issue_training_token, parse_private_key
from desk_app.core.staff.permissions import system_actor
from desk_app.store.models import Branch

DEFAULT_MINUTES = 10


def _make(args: argparse.Namespace) -> int:
    try:
        stored = secret_store.open_secret_store().get(secret_store.MOBILE_TOKEN_SIGNING_KEY)
    except DeskError as exc:
        return fail(exc)
    private_key = parse_private_key(stored.reveal()) if stored is not None else None
    if private_key is None:
        return fail("這台電腦沒有行動借閱證簽章金鑰，只有訓練或示範用的櫃台能產生 / "
                    "No library signing key is in this desk's secret store: mobile cards can be made "
                    "only on a training or demo desk (`python main.py demo-data` sets one up).")
    engine, factory = open_db_or_exit(args)
    try:
        with factory() as session:
            branch = int(session.execute(select(func.min(Branch.id))).scalar() or 0)
        token = issue_training_token(factory, system_actor(branch), private_key, args.card_number,
                                     minutes=args.minutes, now=dt.datetime.now(dt.UTC))
    except DeskError as exc:
        return fail(exc)
    finally:
        engine.dispose()
    import segno  # only this command draws QR codes

    print(f"行動借閱證（訓練用，{args.minutes} 分鐘內有效）/ "
          f"Mobile library card (training, valid {args.minutes} min):")
    print(token)
    sys.stdout.flush()
    segno.make(token, error="m", micro=False).terminal(border=2)  # Windows: segno uses the console API
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser("mobile-card", help="print a training mobile library card (token and QR code)")
    p.add_argument("card_number", metavar="CARD_NUMBER", help="the library card number (12 characters)")
    p.add_argument("--minutes", type=int, default=DEFAULT_MINUTES,
                   help=f"how long the token is valid (default {DEFAULT_MINUTES})")
    add_db_option(p)
    p.set_defaults(handler=_make)
