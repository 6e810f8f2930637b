"""Check out, check in, renew and undo: one SQLite transaction per scan.

Each write commits together with its outbox row (for sync) and its audit entry,
so a crash leaves either the whole scan or none of it. Refusals are results,
never exceptions, and change nothing. The hot path is a few indexed Core reads
and writes, Prepared (sql.py) on the session's connection: no ORM objects, no
history loaded.
"""

from __future__ import annotations

from sqlalchemy import Date, bindparam, case, func, insert, select, update

from desk_app import events
from desk_app.core.staff import audit
from desk_app.core.circulation.barcodes import InvalidBarcodeError, parse_item_barcode
from desk_app.core.circulation.blocks import (
    card_blocks,
    current_card,
    first_refusal,
    loan_blocks,
    suspension_blocks,
    suspension_view,
)
from desk_app.core.context import Ctx
from desk_app.core.global_names import global_id
from desk_app.core.patrons.credentials import looks_like_patron
from desk_app.core.circulation.holds import make_ready, route_returned
from desk_app.core.circulation.items import (
    ItemRow,
    OpenLoan,
    branch_name,
    item_by_barcode,
    open_loan_for,
    unknown_item,
)
from desk_app.core.messages import QT_TRANSLATE_NOOP, Message
from desk_app.core.passbook import ledger
from desk_app.core.passbook.earning import Channel, points_for_loan
from desk_app.core.patrons.records import PatronFacts, cards_of, patron_row, suspensions_of
from desk_app.core.circulation.policy import days_overdue, suspension_for
from desk_app.core.sql import Prepared, table
from desk_app.core.views import LoanView, Outcome, ScanResult
from desk_app.store.models import (
    BibRecord,
    Hold,
    HoldStatus,
    Item,
    ItemStatus,
    Loan,
    Patron,
    Suspension,
)
from desk_app.store.global_ids import new_global_id

LOAN = table(Loan)
ITEM = table(Item)
HOLD = table(Hold)
SUSPENSION = table(Suspension)

# The check-out and check-in hot paths run prebuilt statements (building one costs ~150 us),
# Prepared: run without SQLAlchemy's per-statement machinery (~11 us each; see sql.py).
_OPEN_LOAN_COUNTS = Prepared(
    select(Item.item_type, func.count(), func.sum(case((Loan.due_date < bindparam("today", type_=Date), 1), else_=0)))
    .join(Item, Item.id == Loan.item_id)
    .where(Loan.patron_id == bindparam("patron_id"), Loan.returned_at.is_(None)).group_by(Item.item_type)
)
_INSERT_LOAN = Prepared(insert(LOAN), columns=(
    "global_id", "item_id", "patron_id", "card_id", "branch_id", "staff_id", "checked_out_at", "due_date",
    "returned_at", "return_branch_id", "renewals", "patron_kind", "voided_at"))
_INSERT_SUSPENSION = Prepared(insert(SUSPENSION), columns=(
    "global_id", "patron_id", "reason", "days", "starts_on", "borrowing_resumes_on", "holds_resume_on", "loan_id",
    "created_at", "lifted_at", "lifted_by"))
_CLOSE_LOAN = Prepared(update(LOAN).where(LOAN.c.id == bindparam("b_loan_id")).values(
    returned_at=bindparam("b_now"), return_branch_id=bindparam("b_branch_id")))
_SET_ITEM_STATUS = Prepared(update(ITEM).where(ITEM.c.id == bindparam("b_item_id")).values(
    status=bindparam("b_status"), location_branch_id=bindparam("b_branch_id")))
_FILL_OWN_WAITING_HOLD = Prepared(
    update(HOLD)
    .where(HOLD.c.patron_id == bindparam("b_patron_id"), HOLD.c.bib_id == bindparam("b_bib_id"),
           HOLD.c.status == HoldStatus.WAITING.value)
    .values(status=HoldStatus.FULFILLED.value, closed_at=bindparam("b_now"))
    .returning(HOLD.c.global_id)
)


def _begin_scan(ctx: Ctx, text: str) -> ItemRow | ScanResult:
    """Take the write lock, then read the scanned item (or the ERROR result): how every scan that writes begins."""
    ctx.begin_write()
    return read_item(ctx, text)


def _scan_on_loan(ctx: Ctx, text: str) -> tuple[ItemRow, OpenLoan | None] | ScanResult:
    """`_begin_scan`, and the item's open loan if it has one: how check-in and renew begin."""
    found = _begin_scan(ctx, text)
    if isinstance(found, ScanResult):
        return found
    return found, open_loan_for(ctx.conn, found.id)


def read_item(ctx: Ctx, text: str) -> ItemRow | ScanResult:
    """The item scanned, or the ERROR result that says what is wrong with the scan."""
    if looks_like_patron(text):
        return ScanResult(Outcome.ERROR, Message(QT_TRANSLATE_NOOP(
            "core", "That is a patron card or ID, not an item barcode. Scan it in the patron field.")),
            details={"field": "patron"})
    try:
        barcode = parse_item_barcode(text)
    except InvalidBarcodeError as exc:
        return ScanResult(Outcome.ERROR, exc.message)
    item = item_by_barcode(ctx.conn, barcode)
    if item is None:
        return ScanResult(Outcome.ERROR, unknown_item(barcode))
    return item


def _loan_view(loan_id: int, item: ItemRow, ctx: Ctx, due: object, renewals: int = 0) -> LoanView:
    return LoanView(loan_id, item.barcode, item.title, item.call_number, ctx.now, due, renewals,  # type: ignore[arg-type]
                    False)


def _refused(text: str, **params: object) -> ScanResult:
    return ScanResult(Outcome.REFUSED, Message(text, **params))


# ---- check out --------------------------------------------------------------------------------


def check_out(ctx: Ctx, patron_id: int, card_id: int | None, text: str, *, hand_over_only: bool = False,
              channel: Channel = Channel.COUNTER) -> ScanResult:
    """Lend the scanned item to the patron (or hand over their hold), or say why not.

    The loan earns reading points by the passbook rules in the same transaction; a
    capped loan still lends and its result says no point (or fewer) was added.
    """
    s = ctx.session
    db = ctx.conn
    found = _begin_scan(ctx, text)
    if isinstance(found, ScanResult):
        return found
    item = found
    patron = patron_row(db, patron_id)
    if patron is None:
        return ScanResult(Outcome.ERROR, Message(QT_TRANSLATE_NOOP("core", "No such patron.")))

    hold_id: int | None = None
    hold_gid = ""
    if item.status == ItemStatus.ON_LOAN.value:
        loan = open_loan_for(db, item.id)
        if loan is not None and loan.patron_id == patron_id:
            return ScanResult(Outcome.NOTICE, Message(QT_TRANSLATE_NOOP(
                "core", "{title} is already on loan to this patron (scanned twice); nothing changed."),
                title=item.title), details={"item_barcode": item.barcode})
        return ScanResult(Outcome.REFUSED, Message(QT_TRANSLATE_NOOP(
            "core", "{title} is still on loan to another patron. Check it in first, then lend it."),
            title=item.title), offer_check_in=True, details={"item_barcode": item.barcode})
    if item.status in (ItemStatus.ON_HOLD_SHELF.value, ItemStatus.IN_TRANSIT.value):
        hold = db.execute(select(Hold.id, Hold.patron_id, Hold.status, Hold.pickup_branch_id, Hold.global_id).where(
            Hold.item_id == item.id, Hold.status.in_((HoldStatus.READY.value, HoldStatus.IN_TRANSIT.value)))).first()
        if hold is not None and hold[1] != patron_id:
            return _refused(QT_TRANSLATE_NOOP("core", "{title} is on hold for another patron; it cannot be lent."),
                            title=item.title)
        if item.status == ItemStatus.IN_TRANSIT.value or hold is None or hold[2] != HoldStatus.READY.value:
            to = hold[3] if hold is not None else item.home_branch_id
            return _refused(QT_TRANSLATE_NOOP(
                "core", "{title} is in transit to {branch}. Check it in to receive it first."),
                title=item.title, branch=branch_name(db, to))
        hold_id, hold_gid = hold[0], hold[4]
    elif item.status in (ItemStatus.LOST.value, ItemStatus.WITHDRAWN.value):
        return _refused(QT_TRANSLATE_NOOP(
            "core", "{title} is recorded as lost or withdrawn. Check it in first if it was found."), title=item.title)
    if hand_over_only and hold_id is None:
        return _refused(QT_TRANSLATE_NOOP(
            "core", "{title} is not on the hold shelf for this patron."), title=item.title)

    cards = cards_of(db, patron_id)
    card = next((c for c in cards if c.id == card_id), None) or current_card(cards, ctx.today)
    if card is None:
        return _refused(QT_TRANSLATE_NOOP("core", "This patron has no library card."))
    counts = _OPEN_LOAN_COUNTS.rows(db, {"patron_id": patron_id, "today": ctx.today})
    by_type = {r[0]: int(r[1]) for r in counts}
    total = sum(by_type.values())
    overdue = sum(int(r[2] or 0) for r in counts)
    suspensions = suspensions_of(db, patron_id, ctx.today)
    ctx.keep_patron(PatronFacts(patron, cards, suspensions))  # none of these is written below
    blocks = (card_blocks(card, cards, ctx.today)
              + suspension_blocks(suspension_view(suspensions, ctx.today))
              + loan_blocks(overdue, 0, ctx.rules.overall_for(patron.kind), ctx.settings))
    refusal = first_refusal(blocks)
    if refusal is not None:
        return ScanResult(Outcome.REFUSED, refusal.message)
    for limit in ctx.rules.limits_for(patron.kind, item.item_type):
        count = total if limit.item_type == "*" else by_type.get(item.item_type, 0)
        if count >= limit.max_loans:
            if limit.item_type == "*":
                return _refused(QT_TRANSLATE_NOOP(
                    "core", "The loan limit is reached: {count} of {max} items on loan."), count=count,
                    max=limit.max_loans)
            return _refused(QT_TRANSLATE_NOOP(
                "core", "The loan limit for {item_type} is reached: {count} of {max} on loan."),
                item_type=item.item_type, count=count, max=limit.max_loans)

    terms = ctx.rules.terms_for(patron.kind, item.item_type)
    due = ctx.calendar().due_date(ctx.today, terms.loan_days)
    now = ctx.now
    earned = points_for_loan(ctx, patron_id, card, item, channel)
    loan_gid = new_global_id()
    loan_id = _INSERT_LOAN.insert(db, dict(
        global_id=loan_gid, item_id=item.id, patron_id=patron_id, card_id=card.id, branch_id=ctx.branch_id,
        staff_id=ctx.actor.staff_id,
        checked_out_at=now, due_date=due, returned_at=None, return_branch_id=None, renewals=0,
        patron_kind=patron.kind, voided_at=None,
    ))
    _SET_ITEM_STATUS.execute(db, {"b_item_id": item.id, "b_status": ItemStatus.ON_LOAN.value,
                                  "b_branch_id": ctx.branch_id})
    point_gid = new_global_id() if earned.points else None
    if point_gid is not None:
        ledger.append(ctx, patron_id=patron_id, points=earned.points, reason=ledger.Reason.CHECKOUT, card_id=card.id,
                      loan_id=loan_id, global_id=point_gid)
    origin = ctx.origin
    events.record(s, events.LoanCheckedOut(
        **origin, loan=loan_gid, item=item.barcode, patron=patron.global_id, card=card.global_id, due_date=due,
        point_entry=point_gid, points=earned.points, channel=channel.value))  # type: ignore[arg-type]
    if hold_id is not None:
        db.execute(update(HOLD).where(HOLD.c.id == hold_id).values(
            status=HoldStatus.FULFILLED.value, closed_at=now))
        filled = [(hold_gid,)]
    else:
        # Borrowing a shelf copy fills the patron's own waiting hold on the title, so a
        # later return is not trapped for someone who already has the book.
        filled = _FILL_OWN_WAITING_HOLD.rows(db, {"b_patron_id": patron_id, "b_bib_id": item.bib_id, "b_now": now})
    for (filled_gid,) in filled:
        events.record(s, events.HoldFulfilled(**origin, hold=filled_gid, loan=loan_gid, item=item.barcode))
    audit.record(s, ctx.actor, "hand_over_hold" if hold_id else "check_out", "loan", loan_id,
                 at=ctx.now, item=item.barcode, patron_id=patron_id, due_date=due.isoformat(),
                 points=earned.points)
    s.commit()
    text_ok = (QT_TRANSLATE_NOOP("core", "Hold handed over: {title}, due {date}.") if hold_id else
               QT_TRANSLATE_NOOP("core", "Lent: {title}, due {date}."))
    return ScanResult(Outcome.OK, Message(text_ok, title=item.title, date=due),
                      loan=_loan_view(loan_id, item, ctx, due),
                      details={"item_barcode": item.barcode, "points": str(earned.points)},
                      notes=(earned.note,) if earned.note is not None else ())


# ---- check in ---------------------------------------------------------------------------------


def check_in(ctx: Ctx, text: str) -> ScanResult:
    """Close the loan, suspend for lateness by the library's rule, and route the copy where it is needed."""
    found = _scan_on_loan(ctx, text)
    if isinstance(found, ScanResult):
        return found
    item, loan = found
    if loan is None:
        return _check_in_without_loan(ctx, item)
    s, db = ctx.session, ctx.conn
    notes: list[Message] = []

    _CLOSE_LOAN.execute(db, {"b_loan_id": loan.id, "b_now": ctx.now, "b_branch_id": ctx.branch_id})
    events.record(s, events.LoanCheckedIn(**ctx.origin, loan=loan.global_id, item=item.barcode))
    late = days_overdue(loan.due_date, ctx.today)
    if late and loan.patron_id is not None:
        ends = [r.borrowing_resumes_on for r in suspensions_of(db, loan.patron_id, ctx.today)]
        terms = suspension_for(late, ctx.today, ends, ctx.settings)
        if terms is not None:
            suspension_gid, reason = new_global_id(), f"overdue {late} day(s): {item.barcode}"
            _INSERT_SUSPENSION.insert(db, dict(
                global_id=suspension_gid, patron_id=loan.patron_id, reason=reason, days=terms.days,
                starts_on=terms.starts_on, borrowing_resumes_on=terms.borrowing_resumes_on,
                holds_resume_on=terms.holds_resume_on, loan_id=loan.id, created_at=ctx.now, lifted_at=None,
                lifted_by=None,
            ))
            events.record(s, events.SuspensionCreated(
                **ctx.origin, suspension=suspension_gid, patron=global_id(db, Patron, loan.patron_id) or "",
                loan=loan.global_id, reason=reason, days=terms.days, starts_on=terms.starts_on,
                borrowing_resumes_on=terms.borrowing_resumes_on, holds_resume_on=terms.holds_resume_on))
            notes.append(Message(QT_TRANSLATE_NOOP(
                "core", "Returned {late} days late: borrowing suspended {days} days, until {date}."),
                late=late, days=terms.days, date=terms.borrowing_resumes_on))
        else:
            notes.append(Message(QT_TRANSLATE_NOOP("core", "Returned {late} days late (within the grace period)."),
                                 late=late))
    routing = route_returned(ctx, item)
    status = routing.status if routing else ItemStatus.AVAILABLE.value
    _SET_ITEM_STATUS.execute(db, {"b_item_id": item.id, "b_status": status, "b_branch_id": ctx.branch_id})
    audit.record(s, ctx.actor, "check_in", "loan", loan.id, at=ctx.now, item=item.barcode, days_late=late,
                 routed=status, hold_id=routing.hold_id if routing else None)
    s.commit()
    details = {"item_barcode": item.barcode, "loan_id": str(loan.id)}
    if routing is not None:
        return ScanResult(Outcome.NOTICE, routing.message, slip=routing.slip, notes=tuple(notes), details=details)
    returned = Message(QT_TRANSLATE_NOOP("core", "Returned: {title}."), title=item.title)
    if notes:
        return ScanResult(Outcome.NOTICE, notes[0], notes=(returned,), details=details)
    return ScanResult(Outcome.OK, returned, details=details)


def _check_in_without_loan(ctx: Ctx, item: ItemRow) -> ScanResult:
    """A scan at check-in of an item not on loan: receive it from transit, or re-route it; never an error.

    Called inside check-in's transaction, which already holds the write lock.
    """
    s = ctx.session
    db = ctx.conn
    details = {"item_barcode": item.barcode}
    if item.status == ItemStatus.ON_HOLD_SHELF.value:
        return ScanResult(Outcome.NOTICE, Message(QT_TRANSLATE_NOOP(
            "core", "{title} is on the hold shelf for a patron; nothing changed."), title=item.title), details=details)
    if item.status == ItemStatus.IN_TRANSIT.value:
        hold = db.execute(select(Hold.id, Hold.patron_id, Hold.pickup_branch_id, Hold.global_id).where(
            Hold.item_id == item.id, Hold.status == HoldStatus.IN_TRANSIT.value)).first()
        destination = hold[2] if hold is not None else item.home_branch_id
        if destination != ctx.branch_id:
            return ScanResult(Outcome.NOTICE, Message(QT_TRANSLATE_NOOP(
                "core", "{title} is in transit to {branch}: send it on; nothing changed."),
                title=item.title, branch=branch_name(db, destination)), details=details)
        if hold is not None:
            ready = make_ready(ctx, item, hold[0], hold[1], hold[3])
            db.execute(update(ITEM).where(ITEM.c.id == item.id).values(
                status=ready.status, location_branch_id=ctx.branch_id))
            audit.record(s, ctx.actor, "receive_transit", "item", item.id, at=ctx.now, item=item.barcode, hold_id=hold[0])
            s.commit()
            return ScanResult(Outcome.NOTICE, ready.message, slip=ready.slip, details=details)
    routing = route_returned(ctx, item)
    status = routing.status if routing else ItemStatus.AVAILABLE.value
    if routing is None and status == item.status and item.location_branch_id == ctx.branch_id:
        return ScanResult(Outcome.NOTICE, Message(QT_TRANSLATE_NOOP(
            "core", "{title} was not on loan; put it back on the shelf."), title=item.title), details=details)
    db.execute(update(ITEM).where(ITEM.c.id == item.id).values(status=status, location_branch_id=ctx.branch_id))
    if routing is None or routing.hold_id is None:  # a trapped hold's own event says where the copy went
        events.record(s, events.ItemStatusChanged(**ctx.origin, item=item.barcode, status=status))  # type: ignore[arg-type]
    audit.record(s, ctx.actor, "check_in", "item", item.id, at=ctx.now, item=item.barcode, routed=status,
                 was=item.status)
    s.commit()
    if routing is not None:
        return ScanResult(Outcome.NOTICE, routing.message, slip=routing.slip, details=details)
    return ScanResult(Outcome.OK, Message(QT_TRANSLATE_NOOP(
        "core", "{title} is back on the shelf here."), title=item.title), details=details)


# ---- renew ------------------------------------------------------------------------------------


def renew(ctx: Ctx, patron_id: int, card_id: int | None, text: str) -> ScanResult:
    """A new due date counted from today, unless a rule says no (with the reason)."""
    found = _scan_on_loan(ctx, text)
    if isinstance(found, ScanResult):
        return found
    item, loan = found
    if loan is None or loan.patron_id != patron_id:
        return _refused(QT_TRANSLATE_NOOP("core", "{title} is not on loan to this patron."), title=item.title)
    s, db = ctx.session, ctx.conn
    patron = patron_row(db, patron_id)
    if patron is None:
        return ScanResult(Outcome.ERROR, Message(QT_TRANSLATE_NOOP("core", "No such patron.")))
    cards = cards_of(db, patron_id)
    card = next((c for c in cards if c.id == card_id), None) or current_card(cards, ctx.today)
    suspensions = suspensions_of(db, patron_id, ctx.today)
    ctx.keep_patron(PatronFacts(patron, cards, suspensions))  # renewing writes none of these
    blocks = [b for b in card_blocks(card, cards, ctx.today) if b.kind.value != "digital_only"] if card else []
    blocks += suspension_blocks(suspension_view(suspensions, ctx.today))
    refusal = first_refusal(blocks)
    if refusal is not None:
        return ScanResult(Outcome.REFUSED, refusal.message)
    if loan.due_date < ctx.today:
        return _refused(QT_TRANSLATE_NOOP(
            "core", "{title} is overdue (due {date}) and cannot be renewed; please return it."),
            title=item.title, date=loan.due_date)
    waiting = db.execute(select(Hold.id).where(
        Hold.bib_id == item.bib_id, Hold.patron_id != patron_id,
        Hold.status.in_((HoldStatus.WAITING.value, HoldStatus.IN_TRANSIT.value, HoldStatus.READY.value)))
        .limit(1)).first()
    if waiting is not None:
        return _refused(QT_TRANSLATE_NOOP(
            "core", "Another patron has a hold on {title}; it cannot be renewed."), title=item.title)
    terms = ctx.rules.terms_for(patron.kind, item.item_type)
    if loan.renewals >= terms.max_renewals:
        return _refused(QT_TRANSLATE_NOOP(
            "core", "{title} has been renewed {count} time(s), the most allowed."), title=item.title,
            count=loan.renewals)
    due = ctx.calendar().due_date(ctx.today, terms.loan_days)
    if due <= loan.due_date:
        return ScanResult(Outcome.NOTICE, Message(QT_TRANSLATE_NOOP(
            "core", "Renewing {title} today would not move its due date ({date}); nothing changed."),
            title=item.title, date=loan.due_date))
    db.execute(update(LOAN).where(LOAN.c.id == loan.id).values(due_date=due, renewals=loan.renewals + 1))
    events.record(s, events.LoanRenewed(**ctx.origin, loan=loan.global_id, item=item.barcode, due_date=due,
                                        renewals=loan.renewals + 1))
    audit.record(s, ctx.actor, "renew", "loan", loan.id, at=ctx.now, item=item.barcode, due_date=due.isoformat())
    s.commit()
    view = LoanView(loan.id, item.barcode, item.title, item.call_number, loan.checked_out_at, due,
                    loan.renewals + 1, False)
    return ScanResult(Outcome.OK, Message(QT_TRANSLATE_NOOP("core", "Renewed: {title}, now due {date}."),
                                          title=item.title, date=due), loan=view,
                      details={"item_barcode": item.barcode})


# ---- undo -------------------------------------------------------------------------------------


def undo_checkout(ctx: Ctx, loan_id: int) -> ScanResult:
    """Reverse the patron's last checkout (a wrong scan): loan voided, point reversed, copy back where it was."""
    s = ctx.session
    db = ctx.conn
    ctx.begin_write()
    row = db.execute(select(Loan.id, Loan.patron_id, Loan.item_id, Loan.returned_at, Loan.renewals,
                           Loan.checked_out_at, Loan.card_id, Loan.global_id).where(Loan.id == loan_id)).first()
    if row is None:
        return ScanResult(Outcome.ERROR, Message(QT_TRANSLATE_NOOP("core", "No such loan.")))
    _, patron_id, item_id, returned_at, renewals, checked_out_at, card_id, loan_gid = row
    if returned_at is not None:
        return _refused(QT_TRANSLATE_NOOP("core", "This loan is already closed; there is nothing to undo."))
    last = db.execute(select(func.max(Loan.id)).where(Loan.patron_id == patron_id, Loan.voided_at.is_(None))).scalar()
    if last != loan_id or renewals:
        return _refused(QT_TRANSLATE_NOOP("core", "Only the patron's last checkout can be undone."))
    barcode, title = db.execute(select(Item.barcode, BibRecord.title).join(BibRecord, BibRecord.id == Item.bib_id)
                               .where(Item.id == item_id)).one()
    hold = db.execute(select(Hold.id, Hold.global_id).where(
        Hold.item_id == item_id, Hold.patron_id == patron_id, Hold.status == HoldStatus.FULFILLED.value,
        Hold.closed_at >= checked_out_at)).first()
    db.execute(update(LOAN).where(LOAN.c.id == loan_id).values(returned_at=ctx.now, voided_at=ctx.now,
                                                              return_branch_id=ctx.branch_id))
    if hold is not None:
        db.execute(update(HOLD).where(HOLD.c.id == hold[0]).values(status=HoldStatus.READY.value, closed_at=None))
    status = ItemStatus.ON_HOLD_SHELF.value if hold is not None else ItemStatus.AVAILABLE.value
    db.execute(update(ITEM).where(ITEM.c.id == item_id).values(status=status))
    earned = ledger.points_of_loan(db, loan_id)
    reversal_gid = None
    if patron_id is not None and earned:
        reversal_gid = new_global_id()
        ledger.append(ctx, patron_id=patron_id, points=-earned, reason=ledger.Reason.REVERSAL, card_id=card_id,
                      loan_id=loan_id, global_id=reversal_gid)
    events.record(s, events.LoanVoided(
        **ctx.origin, loan=loan_gid, item=barcode, reversal_entry=reversal_gid, points=-earned if reversal_gid else 0,
        hold_reopened=hold[1] if hold is not None else None))
    audit.record(s, ctx.actor, "undo_checkout", "loan", loan_id, at=ctx.now, item=barcode, patron_id=patron_id)
    s.commit()
    return ScanResult(Outcome.OK, Message(QT_TRANSLATE_NOOP("core", "Checkout undone: {title}."), title=title),
                      details={"item_barcode": barcode, "loan_id": str(loan_id)})
