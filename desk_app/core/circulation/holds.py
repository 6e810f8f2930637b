"""Holds: placing one at the desk, trapping a returned copy for the next in the queue, shelf expiry.

A returned copy goes where it is needed most: to the hold shelf here, in transit
to the pickup branch, in transit home, or back on this branch's shelf. Each
routing that needs a person to move the book comes with a slip to print.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, func, insert, select, update

from desk_app import events
from desk_app.core.staff import audit
from desk_app.core.circulation.blocks import card_blocks, current_card, first_refusal, suspension_view
from desk_app.core.context import Ctx
from desk_app.core.global_names import branch_code, global_id
from desk_app.core.patrons.ids import mask_card_number, mask_name
from desk_app.core.circulation.items import ItemRow, branch_name, item_by_barcode
from desk_app.core.messages import QT_TRANSLATE_NOOP, Message
from desk_app.core.patrons.records import OPEN_HOLD_STATUSES, cards_of, patron_row, suspensions_of
from desk_app.core.sql import insert_id, table
from desk_app.core.views import Outcome, ScanResult, SlipView
from desk_app.store.models import (
    BibRecord,
    Branch,
    Hold,
    HoldStatus,
    Item,
    ItemStatus,
    LibraryCard,
    Loan,
    Patron,
)
from desk_app.store.global_ids import new_global_id

HOLD = table(Hold)
ITEM = table(Item)

# Check-in runs these on every trapped return: built once (see circulation.py).
_PATRON_LABEL = (
    select(Patron.name, LibraryCard.card_number).outerjoin(LibraryCard, LibraryCard.patron_id == Patron.id)
    .where(Patron.id == bindparam("patron_id")).order_by(LibraryCard.sequence.desc()).limit(1)
)
_NEXT_WAITING = (
    select(Hold.id, Hold.patron_id, Hold.pickup_branch_id, Hold.global_id)
    .where(Hold.bib_id == bindparam("bib_id"), Hold.status == HoldStatus.WAITING.value,
           Hold.patron_id != bindparam("skip"))
    .order_by(Hold.placed_at, Hold.id).limit(1)
)
_MAKE_READY = update(HOLD).where(HOLD.c.id == bindparam("b_hold_id")).values(
    status=HoldStatus.READY.value, item_id=bindparam("b_item_id"), ready_at=bindparam("b_now"),
    expires_on=bindparam("b_expires"))


@dataclass(frozen=True)
class Routing:
    status: str  # the item's new status
    message: Message  # what the librarian does with the book
    slip: SlipView | None
    hold_id: int | None = None


def _patron_label(ctx: Ctx, patron_id: int) -> tuple[str, str]:
    row = ctx.conn.execute(_PATRON_LABEL, {"patron_id": patron_id}).first()
    if row is None:
        return "?", ""
    return mask_name(row[0]), mask_card_number(row[1]) if row[1] else ""


def _hold_slip(ctx: Ctx, item: ItemRow, patron_id: int, expires_on: dt.date) -> SlipView:
    name, card = _patron_label(ctx, patron_id)
    return SlipView("hold", item.title, item.barcode, (
        Message(QT_TRANSLATE_NOOP("core", "Hold for {name} ({card})"), name=name, card=card),
        Message(QT_TRANSLATE_NOOP("core", "Pick up by {date}"), date=expires_on),
        Message(QT_TRANSLATE_NOOP("core", "Pickup branch: {branch}"), branch=branch_name(ctx.conn, ctx.branch_id)),
    ))


def shelf_expiry(ctx: Ctx) -> dt.date:
    return ctx.calendar().due_date(ctx.today, ctx.settings.hold_shelf_days)


def make_ready(ctx: Ctx, item: ItemRow, hold_id: int, patron_id: int, hold_gid: str) -> Routing:
    """Put `item` on this branch's hold shelf for `hold_id` (`hold_gid`: its global id)."""
    expires = shelf_expiry(ctx)
    ctx.conn.execute(_MAKE_READY, {"b_hold_id": hold_id, "b_item_id": item.id, "b_now": ctx.now,
                                   "b_expires": expires})
    events.record(ctx.session, events.HoldTrapped(**ctx.origin, hold=hold_gid, item=item.barcode, expires_on=expires))
    return Routing(ItemStatus.ON_HOLD_SHELF.value, Message(QT_TRANSLATE_NOOP(
        "core", "A patron is waiting for this item: put it on the hold shelf with its slip.")),
        _hold_slip(ctx, item, patron_id, expires), hold_id)


def route_returned(ctx: Ctx, item: ItemRow, *, skip_patron: int | None = None) -> Routing | None:
    """Trap the item for the first waiting hold on its title, else send it home; None = back on the shelf here."""
    hold = ctx.conn.execute(_NEXT_WAITING, {"bib_id": item.bib_id, "skip": skip_patron or 0}).first()
    if hold is not None:
        hold_id, patron_id, pickup, hold_gid = hold
        if pickup == ctx.branch_id:
            return make_ready(ctx, item, hold_id, patron_id, hold_gid)
        ctx.conn.execute(update(HOLD).where(Hold.id == hold_id).values(
            status=HoldStatus.IN_TRANSIT.value, item_id=item.id))
        events.record(ctx.session, events.HoldInTransit(
            **ctx.origin, hold=hold_gid, item=item.barcode, to_branch=branch_code(ctx.conn, pickup) or ""))
        to = branch_name(ctx.conn, pickup)
        name, card = _patron_label(ctx, patron_id)
        slip = SlipView("transit", item.title, item.barcode, (
            Message(QT_TRANSLATE_NOOP("core", "Send to {branch}"), branch=to),
            Message(QT_TRANSLATE_NOOP("core", "Hold for {name} ({card})"), name=name, card=card),
        ))
        return Routing(ItemStatus.IN_TRANSIT.value, Message(QT_TRANSLATE_NOOP(
            "core", "A patron at {branch} is waiting for this item: send it there with its slip."), branch=to),
            slip, hold_id)
    if item.home_branch_id != ctx.branch_id:
        home = branch_name(ctx.conn, item.home_branch_id)
        slip = SlipView("transit", item.title, item.barcode, (
            Message(QT_TRANSLATE_NOOP("core", "Return to {branch} (home branch)"), branch=home),))
        return Routing(ItemStatus.IN_TRANSIT.value, Message(QT_TRANSLATE_NOOP(
            "core", "This item belongs to {branch}: send it home with its slip."), branch=home), slip)
    return None


def place_hold(ctx: Ctx, patron_id: int, card_id: int | None, bib_id: int, pickup_branch_id: int | None) -> ScanResult:
    """Queue the patron for a title, after the same card and suspension checks as borrowing."""
    s = ctx.session
    db = ctx.conn
    ctx.begin_write()
    title = db.execute(select(BibRecord.title).where(BibRecord.id == bib_id)).scalar()
    if title is None:
        return ScanResult(Outcome.ERROR, Message(QT_TRANSLATE_NOOP("core", "No such title in the catalog.")))
    patron = patron_row(db, patron_id)
    if patron is None:
        return ScanResult(Outcome.ERROR, Message(QT_TRANSLATE_NOOP("core", "No such patron.")))
    cards = cards_of(db, patron_id)
    card = next((c for c in cards if c.id == card_id), None) or current_card(cards, ctx.today)
    if card is None:
        return ScanResult(Outcome.REFUSED, Message(QT_TRANSLATE_NOOP("core", "This patron has no library card.")))
    refusal = first_refusal(card_blocks(card, cards, ctx.today))
    if refusal is not None:
        return ScanResult(Outcome.REFUSED, refusal.message)
    suspension = suspension_view(suspensions_of(db, patron_id, ctx.today), ctx.today)
    if suspension is not None and suspension.holds_resume_on > ctx.today:
        return ScanResult(Outcome.REFUSED, Message(QT_TRANSLATE_NOOP(
            "core", "Holds are suspended (late returns) until {holds_date}; borrowing resumes on {borrowing_date}."),
            holds_date=suspension.holds_resume_on, borrowing_date=suspension.borrowing_resumes_on))
    already = db.execute(select(Hold.id).where(Hold.patron_id == patron_id, Hold.bib_id == bib_id,
                                              Hold.status.in_(OPEN_HOLD_STATUSES))).first()
    if already is not None:
        return ScanResult(Outcome.NOTICE, Message(QT_TRANSLATE_NOOP(
            "core", "This patron already has a hold on {title}; nothing changed."), title=title))
    on_loan = db.execute(select(Loan.id).join(Item, Item.id == Loan.item_id).where(
        Loan.patron_id == patron_id, Loan.returned_at.is_(None), Item.bib_id == bib_id)).first()
    if on_loan is not None:
        return ScanResult(Outcome.REFUSED, Message(QT_TRANSLATE_NOOP(
            "core", "This patron already has {title} on loan."), title=title))
    copies = db.execute(select(func.count()).select_from(Item).where(
        Item.bib_id == bib_id, Item.status.not_in((ItemStatus.LOST.value, ItemStatus.WITHDRAWN.value)))).scalar()
    if not copies:
        return ScanResult(Outcome.REFUSED, Message(QT_TRANSLATE_NOOP(
            "core", "{title} has no copies that can be held."), title=title))
    held = db.execute(select(func.count()).select_from(Hold).where(
        Hold.patron_id == patron_id, Hold.status.in_(OPEN_HOLD_STATUSES))).scalar() or 0
    if held >= ctx.settings.max_holds:
        return ScanResult(Outcome.REFUSED, Message(QT_TRANSLATE_NOOP(
            "core", "The hold limit is reached: {count} of {max} holds."), count=held, max=ctx.settings.max_holds))
    pickup = pickup_branch_id or ctx.branch_id
    if db.execute(select(Branch.id).where(Branch.id == pickup)).first() is None:
        return ScanResult(Outcome.ERROR, Message(QT_TRANSLATE_NOOP("core", "No such pickup branch.")))
    hold_gid = new_global_id()
    hold_id = insert_id(db, insert(HOLD).values(
        global_id=hold_gid, bib_id=bib_id, patron_id=patron_id, pickup_branch_id=pickup,
        status=HoldStatus.WAITING.value, placed_at=ctx.now))
    position = db.execute(select(func.count()).select_from(Hold).where(
        Hold.bib_id == bib_id, Hold.status == HoldStatus.WAITING.value, Hold.id <= hold_id)).scalar()
    events.record(s, events.HoldPlaced(
        **ctx.origin, hold=hold_gid, patron=patron.global_id, card=card.global_id,
        bib=global_id(db, BibRecord, bib_id) or "", pickup_branch=branch_code(db, pickup) or ""))
    audit.record(s, ctx.actor, "place_hold", "hold", hold_id, at=ctx.now, bib_id=bib_id, patron_id=patron_id,
                 pickup_branch_id=pickup)
    s.commit()
    return ScanResult(Outcome.OK, Message(QT_TRANSLATE_NOOP(
        "core", "Hold placed on {title}: number {position} in the queue."), title=title, position=position),
        details={"hold_id": str(hold_id)})


def expire_shelf(ctx: Ctx) -> list[ScanResult]:
    """Holds left on this branch's shelf past their date: expire them and pass each copy on (one transaction)."""
    s = ctx.session
    db = ctx.conn
    ctx.begin_write()
    rows = db.execute(select(Hold.id, Hold.patron_id, Hold.item_id, Hold.global_id).where(
        Hold.status == HoldStatus.READY.value, Hold.pickup_branch_id == ctx.branch_id,
        Hold.expires_on < ctx.today)).all()
    results: list[ScanResult] = []
    for hold_id, patron_id, item_id, hold_gid in rows:
        db.execute(update(HOLD).where(Hold.id == hold_id).values(status=HoldStatus.EXPIRED.value, closed_at=ctx.now))
        events.record(s, events.HoldExpired(**ctx.origin, hold=hold_gid))
        audit.record(s, ctx.actor, "expire_hold", "hold", hold_id, at=ctx.now, patron_id=patron_id)
        barcode = db.execute(select(Item.barcode).where(Item.id == item_id)).scalar()
        item = item_by_barcode(db, barcode) if barcode else None
        if item is None:
            continue
        routing = route_returned(ctx, item, skip_patron=patron_id)
        status = routing.status if routing else ItemStatus.AVAILABLE.value
        db.execute(update(ITEM).where(Item.id == item.id).values(status=status, location_branch_id=ctx.branch_id))
        if routing is None or routing.hold_id is None:  # off the hold shelf, and not for the next patron
            events.record(s, events.ItemStatusChanged(**ctx.origin, item=item.barcode, status=status))  # type: ignore[arg-type]
        message = routing.message if routing else Message(QT_TRANSLATE_NOOP(
            "core", "Hold not collected in time: put {title} back on the shelf."), title=item.title)
        results.append(ScanResult(Outcome.NOTICE, message, slip=routing.slip if routing else None,
                                  details={"item_barcode": item.barcode}))
    s.commit()
    return results
