"""The demo patrons' cards and the demo items a trainee taps and scans with virtual devices.

Read only, and only from a database that holds the demo library (the "demo_data"
setting row written by desk_app.demo_data): a training window must never list
real patrons. Student cards come with what a virtual card needs to carry a valid
LC v1 record: the card number, and the UID the desk burned it onto (core checks
that UID when the card is tapped) or, for cards never burned, a UID derived from
the card number so a card keeps the same UID from one session to the next.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from desk_app.core.patrons.ids import mask_card_number
from desk_app.store.models import (
    BibRecord,
    CardBinding,
    CardKind,
    Item,
    ItemStatus,
    LibraryCard,
    LibrarySetting,
    Patron,
)

DEMO_SETTING_KEY = "demo_data"  # = desk_app.demo_data.generator.SETTING_KEY (core may not import demo_data)
STUDENT = "student"  # TrainingCard.kind for a digital student card; else the TransitKind value


@dataclass(frozen=True)
class TrainingCard:
    """One card a trainee can tap: a student card (LC v1 record) or an EasyCard/iPass (by UID)."""

    patron_name: str
    masked_number: str  # what the screen shows (A1*******01)
    kind: str  # STUDENT, "easycard" or "ipass"
    status: str  # the library card's CardStatus value
    uid_hex: str
    card_number: str = field(default="", repr=False)  # student cards: burned into the record; never logged
    issued_on: dt.date | None = None
    sequence: int = 0

    @property
    def is_student_card(self) -> bool:
        return self.kind == STUDENT


@dataclass(frozen=True)
class TrainingItem:
    barcode: str
    title: str
    status: str  # ItemStatus value


def is_demo_database(session: Session) -> bool:
    return session.get(LibrarySetting, DEMO_SETTING_KEY) is not None


def training_uid(card_number: str) -> str:
    """A stable 4-byte UID for a student card that was never burned (never 08..: that means random)."""
    uid = zlib.crc32(b"libdesk-training:" + card_number.encode("ascii")).to_bytes(4, "big")
    if uid[0] == 0x08:
        uid = b"\x18" + uid[1:]
    return uid.hex().upper()


def training_cards(session: Session, limit: int = 60) -> list[TrainingCard]:
    """Student cards, then EasyCard/iPass cards bound now; [] unless this is the demo library."""
    if not is_demo_database(session):
        return []
    cards: list[TrainingCard] = []
    students = session.execute(
        select(Patron.name, LibraryCard.card_number, LibraryCard.status, LibraryCard.burned_uid,
               LibraryCard.issued_on, LibraryCard.sequence)
        .join(Patron, Patron.id == LibraryCard.patron_id)
        .where(LibraryCard.kind == CardKind.STUDENT.value)
        .order_by(LibraryCard.patron_id, LibraryCard.id).limit(limit))
    for name, number, status, burned_uid, issued_on, sequence in students:
        cards.append(TrainingCard(name, mask_card_number(number), STUDENT, status,
                                  (burned_uid or training_uid(number)).upper(), number, issued_on, sequence))
    transit = session.execute(
        select(Patron.name, LibraryCard.card_number, LibraryCard.status, CardBinding.uid_hex,
               CardBinding.transit_kind)
        .join(LibraryCard, LibraryCard.id == CardBinding.card_id)
        .join(Patron, Patron.id == LibraryCard.patron_id)
        .where(CardBinding.unbound_at.is_(None))
        .order_by(LibraryCard.patron_id, CardBinding.id).limit(limit))
    for name, number, status, uid_hex, transit_kind in transit:
        cards.append(TrainingCard(name, mask_card_number(number), transit_kind, status, uid_hex.upper()))
    return cards


def training_items(session: Session, branch_id: int | None, available: int = 40,
                   on_loan: int = 10) -> list[TrainingItem]:
    """Items to lend (at the desk's branch first), then a few on loan to check in; [] unless demo data."""
    if not is_demo_database(session):
        return []
    order = [Item.id] if branch_id is None else [case((Item.location_branch_id == branch_id, 0), else_=1), Item.id]
    query = select(Item.barcode, BibRecord.title, Item.status).join(BibRecord, BibRecord.id == Item.bib_id)
    items = [TrainingItem(b, t, s) for b, t, s in session.execute(
        query.where(Item.status == ItemStatus.AVAILABLE.value).order_by(*order).limit(available))]
    items += [TrainingItem(b, t, s) for b, t, s in session.execute(
        query.where(Item.status == ItemStatus.ON_LOAN.value).order_by(*order).limit(on_loan))]
    return items


def item_statuses(session: Session, barcodes: Collection[str]) -> dict[str, str]:
    """The status of each listed demo item as it now stands (after a loan or a return); {} unless demo data."""
    if not barcodes or not is_demo_database(session):
        return {}
    return {b: st for b, st in session.execute(select(Item.barcode, Item.status).where(Item.barcode.in_(barcodes)))}
