"""`python main.py token --redeem CARD PRIZE` / `--event EVENT`: passbook codes for training, as QR images.

Prints the code and its QR code in the terminal (and, with --png, saves the QR code
as an image to show on a screen or print). Only where the library's signing key is
in the secret store: demo and training desks (`python main.py demo-data`). Real desks
have no signing key; the central server makes real codes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from sqlalchemy import func, select

from desk_app import secret_store
from desk_app.commands.common import add_db_option, fail, open_db_or_exit
from desk_app.core.messages import DeskError
from desk_app.core.passbook import training_codes
from desk_app.core.patrons.mobile_card import parse_private_key
from desk_app.core.staff.permissions import system_actor
from desk_app.store.models import Branch


def _make(args: argparse.Namespace) -> int:
    if not args.redeem and args.event is None:
        return fail("請指定 --redeem 借閱證號 獎品編號，或 --event 活動編號 / "
                    "Give --redeem CARD PRIZE or --event EVENT.")
    try:
        stored = secret_store.open_secret_store().get(secret_store.MOBILE_TOKEN_SIGNING_KEY)
    except DeskError as exc:
        return fail(exc)
    private_key = parse_private_key(stored.reveal()) if stored is not None else None
    if private_key is None:
        return fail("這台電腦沒有圖書館簽章金鑰，只有訓練或示範用的櫃台能產生代碼 / "
                    "No library signing key is in this desk's secret store: codes can be made only on a training "
                    "or demo desk (`python main.py demo-data` sets one up).")
    engine, factory = open_db_or_exit(args)
    try:
        with factory() as session:
            actor = system_actor(int(session.execute(select(func.min(Branch.id))).scalar() or 0))
        if args.redeem:
            card, prize = args.redeem
            code = training_codes.redemption_code(factory, actor, private_key, card, prize,
                                                  now=dt.datetime.now(dt.UTC), minutes=args.minutes)
            heading = (f"兌換條碼（訓練用，{args.minutes} 分鐘內有效，只能使用一次）/ "
                       f"Redemption code (training, valid {args.minutes} min, usable once):")
        else:
            code = training_codes.event_code(factory, actor, private_key, args.event)
            heading = "活動點數 QR 碼（訓練用）/ Event points QR code (training):"
    except (DeskError, ValueError) as exc:
        return fail(exc)
    finally:
        engine.dispose()
    import segno  # only this command and mobile-card draw QR codes

    qr = segno.make(code, error="m", micro=False)
    print(heading)
    print(code)
    sys.stdout.flush()
    qr.terminal(border=2)
    if args.png:
        path = Path(args.png)
        qr.save(str(path), scale=6, border=4)
        print(f"QR 圖檔 / QR image: {path}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser("token", help="print a training passbook code (redemption or event) as a QR image")
    p.add_argument("--redeem", nargs=2, metavar=("CARD", "PRIZE"),
                   help="a redemption code for library card CARD and prize PRIZE (its number or global id)")
    p.add_argument("--event", type=int, metavar="EVENT", help="the QR code of event number EVENT")
    p.add_argument("--minutes", type=int, default=5, help="how long a redemption code is valid (default 5)")
    p.add_argument("--png", metavar="FILE", help="also save the QR code as a PNG image")
    add_db_option(p)
    p.set_defaults(handler=_make)
