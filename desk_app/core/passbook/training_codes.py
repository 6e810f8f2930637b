"""Redemption and event codes made at a training or demo desk (`main.py token`).

Real codes come from the central server, which alone holds the signing key. A demo
desk has the demo library's key in its secret store (the same key as for training
mobile cards), so a trainer can show the desk a "phone" with a redemption code, or
print an event's QR code. Each code made is audited (card masked, never the code).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError
from desk_app.core.passbook.tokens import REDEEM_LIFETIME, sign_event, sign_redemption
from desk_app.core.patrons.ids import mask_card_number, parse_card_number
from desk_app.core.patrons.mobile_card import MobileCardError, key_id_for, library_public_keys
from desk_app.core.patrons.records import card_by_number
from desk_app.core.staff import audit
from desk_app.core.staff.permissions import Actor
from desk_app.store.models import Branch, LibraryEvent, Prize


class TrainingCodeError(DeskError):
    code = "training_code_error"


def _key_id(session: Session, private_key: bytes) -> int:
    kid = key_id_for(library_public_keys(session), private_key)
    if kid is None:
        raise MobileCardError(QT_TRANSLATE_NOOP(
            "core", "The signing key in the secret store is not one of this library's mobile card keys "
                    "(the database was made with another key)."))
    return kid


def _prize_global_id(session: Session, prize: str) -> str:
    q = select(Prize.global_id)
    row = session.execute(q.where(Prize.id == int(prize)) if prize.isdigit() else q.where(Prize.global_id == prize))
    gid = row.scalar()
    if gid is None:
        raise TrainingCodeError(QT_TRANSLATE_NOOP("core", "No prize has number {prize}."), prize=prize)
    return str(gid)


def redemption_code(session_factory: sessionmaker[Session], actor: Actor, private_key: bytes, card_number: str,
                    prize: str, *, now: dt.datetime, minutes: int = 5) -> str:
    """A redemption code for a card and a prize (number or global id), for training; audited."""
    number = parse_card_number(card_number).value
    if not 1 <= minutes <= 60:
        raise TrainingCodeError(QT_TRANSLATE_NOOP("core", "A training redemption code lasts 1 to 60 minutes."))
    with session_factory() as session, session.begin():
        kid = _key_id(session, private_key)
        card = card_by_number(session, number)
        if card is None:
            raise TrainingCodeError(QT_TRANSLATE_NOOP("core", "No library card has number {card}."),
                                    card=mask_card_number(number))
        gid = _prize_global_id(session, prize)
        code = sign_redemption(private_key, number, gid, issued_at=now, key_id=kid,
                               lifetime=dt.timedelta(minutes=minutes) if minutes else REDEEM_LIFETIME)
        audit.record(session, actor, "training_redemption_code_issued", "prize", gid,
                     card=mask_card_number(number), minutes=minutes)
    return code


def event_code(session_factory: sessionmaker[Session], actor: Actor, private_key: bytes, event_id: int) -> str:
    """An event's QR code text for its whole window (to print for a training or demo event); audited."""
    with session_factory() as session, session.begin():
        kid = _key_id(session, private_key)
        row = session.execute(select(LibraryEvent.global_id, Branch.code, LibraryEvent.starts_at, LibraryEvent.ends_at)
                              .join(Branch, Branch.id == LibraryEvent.branch_id)
                              .where(LibraryEvent.id == event_id)).first()
        if row is None:
            raise TrainingCodeError(QT_TRANSLATE_NOOP("core", "No such event."))
        gid, branch, start, end = row
        code = sign_event(private_key, gid, branch, valid_from=start, valid_until=end, key_id=kid)
        audit.record(session, actor, "training_event_code_issued", "library_event", gid)
    return code
