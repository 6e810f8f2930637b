"""Why a patron may not borrow right now, as Blocks the desk shows the moment they are identified.

Pure functions over rows already loaded, so identify and check-out judge a
patron by exactly the same rules without extra queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desk_app.core.patrons.ids import mask_card_number
from desk_app.core.messages import QT_TRANSLATE_NOOP, Message
from desk_app.core.circulation.policy import LoanTerms, Settings
from desk_app.core.views import Block, BlockKind, SuspensionView
from desk_app.store.models import CardKind, CardStatus


@dataclass(frozen=True)
class PatronRow:
    id: int
    national_id: str
    name: str
    kind: str
    preliminary: bool
    global_id: str  # how events name the patron


@dataclass(frozen=True)
class CardRow:
    id: int
    patron_id: int
    card_number: str
    sequence: int
    kind: str
    status: str
    activation_date: dt.date | None
    expiry_date: dt.date | None
    burned_uid: str | None
    global_id: str  # how events name the card


@dataclass(frozen=True)
class SuspensionRow:
    days: int
    starts_on: dt.date
    borrowing_resumes_on: dt.date
    holds_resume_on: dt.date


def current_card(cards: list[CardRow], today: dt.date) -> CardRow | None:
    """The card a patron should be using: the newest active one, else the newest pending, else the newest."""
    def rank(c: CardRow) -> tuple[int, int]:
        usable = c.status == CardStatus.ACTIVE.value and (c.activation_date is None or c.activation_date <= today)
        if usable:
            return 3, c.sequence
        if c.status == CardStatus.ACTIVE.value:
            return 2, c.sequence
        return (1 if c.status == CardStatus.PENDING.value else 0), c.sequence

    return max(cards, key=rank) if cards else None


def _current_other(card: CardRow, cards: list[CardRow]) -> CardRow | None:
    others = [c for c in cards if c.id != card.id and c.status in (CardStatus.ACTIVE.value, CardStatus.PENDING.value)]
    return max(others, key=lambda c: (c.status == CardStatus.ACTIVE.value, c.sequence)) if others else None


def card_blocks(card: CardRow, cards: list[CardRow], today: dt.date) -> list[Block]:
    """Refusals that come from the card presented (lost, void, pending, expired, digital only)."""
    blocks: list[Block] = []
    if card.status in (CardStatus.LOST.value, CardStatus.VOID.value):
        lost = card.status == CardStatus.LOST.value
        other = _current_other(card, cards)
        if other is not None:
            text = (QT_TRANSLATE_NOOP("core", "This card was reported lost. The patron's current card is {card}.")
                    if lost else
                    QT_TRANSLATE_NOOP("core", "This card is void. The patron's current card is {card}."))
            message = Message(text, card=mask_card_number(other.card_number))
        else:
            text = (QT_TRANSLATE_NOOP("core", "This card was reported lost, and the patron has no other card. "
                                              "Issue a new card at the card desk.")
                    if lost else
                    QT_TRANSLATE_NOOP("core", "This card is void, and the patron has no other card. "
                                              "Issue a new card at the card desk."))
            message = Message(text)
        blocks.append(Block(BlockKind.CARD_LOST if lost else BlockKind.CARD_VOID, message))
        return blocks
    if card.status == CardStatus.PENDING.value or (card.activation_date and card.activation_date > today):
        if card.activation_date and card.activation_date > today:
            message = Message(QT_TRANSLATE_NOOP("core", "This card is not active yet; it can be used from {date}."),
                              date=card.activation_date)
        else:
            message = Message(QT_TRANSLATE_NOOP("core", "This card has not been activated yet."))
        blocks.append(Block(BlockKind.CARD_PENDING, message))
    if card.expiry_date is not None and card.expiry_date < today:
        blocks.append(Block(BlockKind.CARD_EXPIRED, Message(
            QT_TRANSLATE_NOOP("core", "This card expired on {date}; it can be renewed at the card desk."),
            date=card.expiry_date)))
    if card.kind == CardKind.DIGITAL.value:
        blocks.append(Block(BlockKind.DIGITAL_ONLY, Message(QT_TRANSLATE_NOOP(
            "core", "This is a digital-only card, for online resources: it cannot borrow physical items."))))
    return blocks


def suspension_view(rows: list[SuspensionRow], today: dt.date) -> SuspensionView | None:
    """The patron's suspensions still in force (borrowing or holds), summed into one view."""
    live = [r for r in rows if r.holds_resume_on > today]
    if not live:
        return None
    borrowing = max(r.borrowing_resumes_on for r in live)
    holds = max(r.holds_resume_on for r in live)
    days_left = max(0, (borrowing - today).days)
    return SuspensionView(
        days=sum(r.days for r in live),
        days_left=days_left,
        borrowing_resumes_on=borrowing,
        holds_resume_on=holds,
        reason=Message(QT_TRANSLATE_NOOP("core", "Suspended for returning items late.")),
    )


def suspension_blocks(view: SuspensionView | None) -> list[Block]:
    if view is None:
        return []
    if view.days_left > 0:
        return [Block(BlockKind.SUSPENDED, Message(
            QT_TRANSLATE_NOOP("core", "Borrowing is suspended for {days} more days (late returns): borrowing "
                                      "resumes on {borrowing_date}, holds on {holds_date}."),
            days=view.days_left, borrowing_date=view.borrowing_resumes_on, holds_date=view.holds_resume_on))]
    return [Block(BlockKind.SUSPENDED, Message(
        QT_TRANSLATE_NOOP("core", "Holds can be placed again from {holds_date}."),
        holds_date=view.holds_resume_on), refuses_borrowing=False)]


def loan_blocks(overdue: int, current: int, overall: LoanTerms, settings: Settings) -> list[Block]:
    blocks: list[Block] = []
    if overdue:
        blocks.append(Block(BlockKind.OVERDUE, Message(
            QT_TRANSLATE_NOOP("core", "{count} item(s) overdue: please return them first."), count=overdue),
            refuses_borrowing=settings.overdue_blocks_borrowing))
    if current >= overall.max_loans:
        blocks.append(Block(BlockKind.LOAN_LIMIT, Message(
            QT_TRANSLATE_NOOP("core", "The loan limit is reached: {count} of {max} items on loan."),
            count=current, max=overall.max_loans)))
    return blocks


def patron_blocks(patron: PatronRow) -> list[Block]:
    if patron.preliminary:
        return [Block(BlockKind.PRELIMINARY, Message(QT_TRANSLATE_NOOP(
            "core", "Preliminary record from a school roster: contact details are missing; please complete them.")),
            refuses_borrowing=False)]
    return []


def first_refusal(blocks: list[Block] | tuple[Block, ...]) -> Block | None:
    return next((b for b in blocks if b.refuses_borrowing), None)
