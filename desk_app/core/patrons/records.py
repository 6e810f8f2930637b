"""Finding a patron by a credential, and the PatronView the desk shows for them.

Kept to a handful of indexed reads: the patron, their cards, live suspensions,
CURRENT loans only (never the history), open holds and the points total, so a
patron with hundreds of loans appears as fast as anyone else. The reads are
Prepared statements (see sql.py): they run on every scan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Date, bindparam, func, literal_column, select

from desk_app.core.circulation import blocks as B
from desk_app.core.circulation.blocks import CardRow, PatronRow, SuspensionRow
from desk_app.core.patrons.ids import mask_card_number, mask_id
from desk_app.core.circulation.policy import LoanRules, Settings
from desk_app.core.sql import DB, Prepared
from desk_app.core.views import HoldView, LoanView, PatronView
from desk_app.store.models import (
    BibRecord,
    Branch,
    CardBinding,
    Hold,
    HoldStatus,
    Item,
    LibraryCard,
    Loan,
    Patron,
    PointEntry,
    Suspension,
)

_CARD_COLUMNS = (
    LibraryCard.id, LibraryCard.patron_id, LibraryCard.card_number, LibraryCard.sequence, LibraryCard.kind,
    LibraryCard.status, LibraryCard.activation_date, LibraryCard.expiry_date, LibraryCard.burned_uid,
    LibraryCard.global_id,
)
OPEN_HOLD_STATUSES = (HoldStatus.WAITING.value, HoldStatus.IN_TRANSIT.value, HoldStatus.READY.value)


def _card(row: object) -> CardRow:
    return CardRow(*row)  # type: ignore[misc]


# Statements are built once (building a select costs ~150 us) and run without SQLAlchemy's
# per-statement machinery (~11 us each; see sql.py).
_CARD_BY_NUMBER = Prepared(select(*_CARD_COLUMNS).where(LibraryCard.card_number == bindparam("number")))
_CARD_BY_ID = Prepared(select(*_CARD_COLUMNS).where(LibraryCard.id == bindparam("card_id")))
_CARD_BY_UID = Prepared(
    select(*_CARD_COLUMNS).join(CardBinding, CardBinding.card_id == LibraryCard.id)
    .where(CardBinding.uid_hex == bindparam("uid"), CardBinding.unbound_at.is_(None))
)
_PATRON_BY_NID = Prepared(select(Patron.id).where(Patron.national_id == bindparam("nid")))
_CARDS_OF = Prepared(select(*_CARD_COLUMNS).where(LibraryCard.patron_id == bindparam("patron_id")))
_PATRON = Prepared(select(Patron.id, Patron.national_id, Patron.name, Patron.kind, Patron.preliminary,
                          Patron.global_id)
                   .where(Patron.id == bindparam("patron_id")))
_SUSPENSIONS = Prepared(
    select(Suspension.days, Suspension.starts_on, Suspension.borrowing_resumes_on, Suspension.holds_resume_on)
    .where(Suspension.patron_id == bindparam("patron_id"), Suspension.lifted_at.is_(None),
           Suspension.holds_resume_on > bindparam("today", type_=Date))
)
_CURRENT_LOANS = Prepared(
    select(Loan.id, Item.barcode, BibRecord.title, Item.call_number, Loan.checked_out_at, Loan.due_date,
           Loan.renewals, Item.item_type)
    .join(Item, Item.id == Loan.item_id).join(BibRecord, BibRecord.id == Item.bib_id)
    .where(Loan.patron_id == bindparam("patron_id"), Loan.returned_at.is_(None))
    .order_by(Loan.due_date, Loan.id)
)
# The statuses are written inline (constants): an IN of bound values is re-rendered on every run.
_OPEN_HOLDS = Prepared(
    select(Hold.id, BibRecord.title, Hold.status, Branch.name, Item.barcode, Hold.expires_on)
    .join(BibRecord, BibRecord.id == Hold.bib_id).join(Branch, Branch.id == Hold.pickup_branch_id)
    .outerjoin(Item, Item.id == Hold.item_id)
    .where(Hold.patron_id == bindparam("patron_id"),
           Hold.status.in_([literal_column(f"'{status}'") for status in OPEN_HOLD_STATUSES]))
    .order_by(Hold.placed_at, Hold.id)
)
_POINTS = Prepared(select(func.coalesce(func.sum(PointEntry.points), 0))
                   .where(PointEntry.patron_id == bindparam("patron_id")))


@dataclass(frozen=True)
class PatronFacts:
    """A patron, their cards and live suspensions as a use case read them inside its transaction.

    Check-out reads exactly these to judge a scan and writes none of them, so the
    patron panel shown after it can reuse them instead of reading them again.
    """

    patron: PatronRow
    cards: list[CardRow]
    suspensions: list[SuspensionRow]


def card_by_number(session: DB, number: str) -> CardRow | None:
    row = _CARD_BY_NUMBER.first(session, {"number": number})
    return _card(row) if row else None


def card_by_id(session: DB, card_id: int) -> CardRow | None:
    row = _CARD_BY_ID.first(session, {"card_id": card_id})
    return _card(row) if row else None


def card_by_transit_uid(session: DB, uid_hex: str) -> CardRow | None:
    row = _CARD_BY_UID.first(session, {"uid": uid_hex})
    return _card(row) if row else None


def patron_id_by_national_id(session: DB, national_id: str) -> int | None:
    found = _PATRON_BY_NID.scalar(session, {"nid": national_id})
    return None if found is None else int(found)


def cards_of(session: DB, patron_id: int) -> list[CardRow]:
    return [_card(r) for r in _CARDS_OF.rows(session, {"patron_id": patron_id})]


def patron_row(session: DB, patron_id: int) -> PatronRow | None:
    row = _PATRON.first(session, {"patron_id": patron_id})
    return PatronRow(row[0], row[1], row[2], row[3], bool(row[4]), row[5]) if row else None


def suspensions_of(session: DB, patron_id: int, today: dt.date) -> list[SuspensionRow]:
    return [SuspensionRow(*r) for r in _SUSPENSIONS.rows(session, {"patron_id": patron_id, "today": today})]


def current_loans(session: DB, patron_id: int, today: dt.date) -> list[tuple[LoanView, str]]:
    """Open loans with their item type (for limits), soonest due first."""
    rows = _CURRENT_LOANS.rows(session, {"patron_id": patron_id})
    return [(LoanView(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[5] < today), r[7]) for r in rows]


def open_holds(session: DB, patron_id: int) -> list[HoldView]:
    return [HoldView(*r) for r in _OPEN_HOLDS.rows(session, {"patron_id": patron_id})]


def points_of(session: DB, patron_id: int) -> int:
    return int(_POINTS.scalar(session, {"patron_id": patron_id}) or 0)


def build_view(session: DB, patron: PatronRow, card: CardRow, today: dt.date, settings: Settings,
               rules: LoanRules, identified_by: str = "", cards: list[CardRow] | None = None,
               suspensions: list[SuspensionRow] | None = None) -> PatronView:
    """Everything the patron panel shows, blocks first (`cards`, `suspensions`: the patron's, if already read)."""
    if cards is None:
        cards = cards_of(session, patron.id)
    if suspensions is None:
        suspensions = suspensions_of(session, patron.id, today)
    suspension = B.suspension_view(suspensions, today)
    loans = current_loans(session, patron.id, today)
    overdue = sum(1 for lv, _ in loans if lv.overdue)
    blocks = (B.card_blocks(card, cards, today) + B.suspension_blocks(suspension)
              + B.loan_blocks(overdue, len(loans), rules.overall_for(patron.kind), settings)
              + B.patron_blocks(patron))
    return PatronView(
        patron_id=patron.id,
        card_id=card.id,
        name=patron.name,
        masked_id=mask_id(patron.national_id),
        masked_card_number=mask_card_number(card.card_number),
        patron_kind=patron.kind,
        card_kind=card.kind,
        card_status=card.status,
        preliminary=patron.preliminary,
        blocks=tuple(blocks),
        suspension=suspension,
        loans=tuple(lv for lv, _ in loans),
        holds=tuple(open_holds(session, patron.id)),
        points=points_of(session, patron.id),
        identified_by=identified_by,
    )
