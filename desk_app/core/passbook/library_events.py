"""Library events in the passbook: points for attending, once per patron, and seats paid with points.

An event's QR code (an LDE1 code, signed by the central server) grants its points
when the patron scans it in the library app or the desk scans it for them; points
for events sit outside the loan caps. When a scan failed, staff who saw the patron
there may credit them afterwards: tied to the event, once, with their account and a
reason. There is no other way for staff to add points (a supervisor's correction is
separate and audited as one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update

from desk_app import events
from desk_app.core.global_names import branch_code, global_id
from desk_app.core.circulation.calendar import TAIPEI, utc_naive
from desk_app.core.context import Ctx
from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError, Message
from desk_app.core.passbook import ledger
from desk_app.core.passbook.tokens import CodeMalformed, PassbookTokenError, verify_event
from desk_app.core.patrons.records import patron_row
from desk_app.core.sql import DB, table
from desk_app.core.staff import audit
from desk_app.core.views import Outcome, ScanResult
from desk_app.store.global_ids import new_global_id
from desk_app.store.models import Branch, Patron, EventAttendance, EventSeat, LibraryEvent

EVENT = table(LibraryEvent)
ATTENDANCE = table(EventAttendance)
SEAT = table(EventSeat)
BACK_ENTRY_DAYS = 30  # staff may credit a failed scan up to this many days after the event
MAX_EVENT_POINTS = 1000


class EventError(DeskError):
    code = "event_error"


@dataclass(frozen=True)
class EventView:
    event_id: int
    global_id: str
    branch_id: int
    branch_code: str
    branch_name: str
    title: str
    points: int
    starts_at: dt.datetime  # aware, Taipei
    ends_at: dt.datetime
    seat_points: int | None
    seats: int | None
    seats_taken: int
    attendees: int
    active: bool


_SEATS_TAKEN = (select(EventSeat.event_id, func.count().label("n")).where(EventSeat.cancelled_at.is_(None))
                .group_by(EventSeat.event_id).subquery())
_ATTENDEES = (select(EventAttendance.event_id, func.count().label("n")).group_by(EventAttendance.event_id)
              .subquery())
_VIEW = (select(LibraryEvent.id, LibraryEvent.global_id, LibraryEvent.branch_id, Branch.code, Branch.name,
                LibraryEvent.title, LibraryEvent.points, LibraryEvent.starts_at, LibraryEvent.ends_at,
                LibraryEvent.seat_points, LibraryEvent.seats, func.coalesce(_SEATS_TAKEN.c.n, 0),
                func.coalesce(_ATTENDEES.c.n, 0), LibraryEvent.active)
         .join(Branch, Branch.id == LibraryEvent.branch_id)
         .outerjoin(_SEATS_TAKEN, _SEATS_TAKEN.c.event_id == LibraryEvent.id)
         .outerjoin(_ATTENDEES, _ATTENDEES.c.event_id == LibraryEvent.id))


def _local(at: dt.datetime) -> dt.datetime:
    return at.replace(tzinfo=dt.timezone.utc).astimezone(TAIPEI)


def _view(row: object) -> EventView:
    r = list(row)  # type: ignore[call-overload]
    r[7], r[8] = _local(r[7]), _local(r[8])
    return EventView(*r)


def event_view(db: DB, event_id: int) -> EventView | None:
    row = db.execute(_VIEW.where(LibraryEvent.id == event_id)).first()
    return _view(row) if row else None


def event_by_global_id(db: DB, global_id: str) -> EventView | None:
    row = db.execute(_VIEW.where(LibraryEvent.global_id == global_id)).first()
    return _view(row) if row else None


def list_events(db: DB, *, branch_id: int | None = None, since: dt.datetime | None = None) -> list[EventView]:
    """Events (of a branch), newest first; `since` (aware) keeps those ending after it."""
    q = _VIEW
    if branch_id is not None:
        q = q.where(LibraryEvent.branch_id == branch_id)
    if since is not None:
        q = q.where(LibraryEvent.ends_at >= utc_naive(since))
    return [_view(r) for r in db.execute(q.order_by(LibraryEvent.starts_at.desc(), LibraryEvent.id.desc()))]


def create_event(ctx: Ctx, *, branch_id: int, title: str, points: int, starts_at: dt.datetime, ends_at: dt.datetime,
                 seat_points: int | None = None, seats: int | None = None) -> EventView:
    """A new event; its code is valid from `starts_at` to `ends_at` (aware times)."""
    title = " ".join(title.split())
    if not title or len(title) > 200:
        raise EventError(QT_TRANSLATE_NOOP("core", "An event needs a title of 1 to 200 characters."))
    if not 0 <= points <= MAX_EVENT_POINTS:
        raise EventError(QT_TRANSLATE_NOOP("core", "An event grants 0 to {most} points."), most=MAX_EVENT_POINTS)
    if ends_at <= starts_at:
        raise EventError(QT_TRANSLATE_NOOP("core", "An event must end after it starts."))
    if (seat_points is not None and seat_points < 1) or (seats is not None and seats < 1):
        raise EventError(QT_TRANSLATE_NOOP("core", "A seat costs at least 1 point, and there is at least 1 seat."))
    ctx.begin_write()
    if ctx.conn.execute(select(Branch.id).where(Branch.id == branch_id)).first() is None:
        raise EventError(QT_TRANSLATE_NOOP("core", "No such branch."))
    gid = new_global_id()
    event_id = int(ctx.conn.execute(insert(EVENT).values(
        global_id=gid, branch_id=branch_id, title=title, points=points, starts_at=utc_naive(starts_at),
        ends_at=utc_naive(ends_at), seat_points=seat_points, seats=seats, active=True,
        created_by=ctx.actor.staff_id, created_at=ctx.now)).inserted_primary_key[0])  # type: ignore[index]
    payload = {"branch_id": branch_id, "title": title, "points": points, "starts_at": utc_naive(starts_at).isoformat(),
               "ends_at": utc_naive(ends_at).isoformat(), "seat_points": seat_points, "seats": seats}
    events.record(ctx.session, events.LibraryEventCreated(
        **ctx.origin, library_event=gid, event_branch=branch_code(ctx.conn, branch_id) or "", title=title,
        points=points, starts_at=starts_at, ends_at=ends_at, seat_points=seat_points, seats=seats))
    audit.record(ctx.session, ctx.actor, "event_create", "library_event", gid, at=ctx.now, **payload)
    ctx.session.commit()
    view = event_view(ctx.conn, event_id)
    assert view is not None
    return view


def _refused(text: str, outcome: Outcome = Outcome.REFUSED, **params: object) -> ScanResult:
    return ScanResult(outcome, Message(text, **params))


def _grant(ctx: Ctx, patron_id: int, event: EventView, method: str, reason: str | None) -> ScanResult:
    """Credit the event's points once (the caller holds the write lock and has checked the window)."""
    patron = patron_row(ctx.conn, patron_id)
    if patron is None:
        return _refused(QT_TRANSLATE_NOOP("core", "No such patron."), Outcome.ERROR)
    if ctx.conn.execute(select(EventAttendance.id).where(EventAttendance.event_id == event.event_id,
                                                         EventAttendance.patron_id == patron_id)).first():
        return ScanResult(Outcome.NOTICE, Message(QT_TRANSLATE_NOOP(
            "core", "{name} already has the points for {event}; nothing changed."), name=patron.name,
            event=event.title))
    gid = new_global_id()
    ctx.conn.execute(insert(ATTENDANCE).values(
        global_id=gid, event_id=event.event_id, patron_id=patron_id, method=method, staff_id=ctx.actor.staff_id,
        reason=reason, created_at=ctx.now))
    entry_gid = new_global_id() if event.points else None
    if entry_gid is not None:
        ledger.append(ctx, patron_id=patron_id, points=event.points, reason=ledger.Reason.EVENT,
                      event_id=event.event_id, reference=event.global_id, note=reason, global_id=entry_gid)
    events.record(ctx.session, events.AttendanceRecorded(
        **ctx.origin, attendance=gid, library_event=event.global_id, patron=patron.global_id,
        method=method, points=event.points, point_entry=entry_gid, reason=reason))  # type: ignore[arg-type]
    audit.record(ctx.session, ctx.actor, f"event_points_{method}", "library_event", event.global_id, at=ctx.now,
                 patron_id=patron_id, points=event.points, reason=reason)
    ctx.session.commit()
    left = ledger.balance(ctx.conn, patron_id)
    return ScanResult(Outcome.OK, Message(QT_TRANSLATE_NOOP(
        "core", "{points} points for {event}; {name} now has {balance}."), points=event.points, event=event.title,
        name=patron.name, balance=left), details={"patron_id": str(patron_id), "balance": str(left)})


def claim_with_code(ctx: Ctx, patron_id: int, text: str, public_keys: bytes | Mapping[int, bytes] | None, *,
                    method: str = "desk_scan") -> ScanResult:
    """The event code scanned for the patron at the desk (or by the patron's app: method "patron_scan")."""
    if not public_keys:
        return _refused(QT_TRANSLATE_NOOP(
            "core", "Event codes are not set up on this desk (no public key configured)."), Outcome.ERROR)
    try:
        code = verify_event(text, public_keys, ctx.clock_now)
    except CodeMalformed as exc:
        return ScanResult(Outcome.ERROR, exc.message)
    except PassbookTokenError as exc:
        return ScanResult(Outcome.REFUSED, exc.message)
    ctx.begin_write()
    event = event_by_global_id(ctx.conn, code.event_global_id)
    if event is None:
        return _refused(QT_TRANSLATE_NOOP("core", "This event is not known at this desk (yet); try again after the "
                                                  "next sync."))
    if event.branch_code != code.branch_code or not event.active:
        return _refused(QT_TRANSLATE_NOOP("core", "This event code does not match the event on record; it is "
                                                  "refused."))
    return _grant(ctx, patron_id, event, method, None)


def back_entry(ctx: Ctx, patron_id: int, event_id: int, reason: str) -> ScanResult:
    """Credit an attendee whose scan failed: staff confirm they were there, with a reason; once per patron."""
    reason = " ".join(reason.split())
    if len(reason) < 2:
        return _refused(QT_TRANSLATE_NOOP("core", "Say why the points are entered by hand (for example: the "
                                                  "patron's phone had no battery)."), Outcome.ERROR)
    ctx.begin_write()
    event = event_view(ctx.conn, event_id)
    if event is None:
        return _refused(QT_TRANSLATE_NOOP("core", "No such event."), Outcome.ERROR)
    now = ctx.clock_now
    if now < event.starts_at:
        return _refused(QT_TRANSLATE_NOOP("core", "{event} has not started; attendance can be confirmed only from its "
                                                  "start."), event=event.title)
    if now > event.ends_at + dt.timedelta(days=BACK_ENTRY_DAYS):
        return _refused(QT_TRANSLATE_NOOP("core", "{event} ended more than {days} days ago; its points can no longer "
                                                  "be entered."), event=event.title, days=BACK_ENTRY_DAYS)
    return _grant(ctx, patron_id, event, "back_entry", reason)


def book_seat(ctx: Ctx, patron_id: int, event_id: int) -> ScanResult:
    """A seat at an event paid with points: checked for price, room and balance; one seat per patron."""
    ctx.begin_write()
    event = event_view(ctx.conn, event_id)
    if event is None:
        return _refused(QT_TRANSLATE_NOOP("core", "No such event."), Outcome.ERROR)
    if event.seat_points is None or not event.active:
        return _refused(QT_TRANSLATE_NOOP("core", "Seats at {event} are not sold for points."), event=event.title)
    if ctx.clock_now >= event.ends_at:
        return _refused(QT_TRANSLATE_NOOP("core", "{event} is over."), event=event.title)
    if ctx.conn.execute(select(EventSeat.id).where(EventSeat.event_id == event_id, EventSeat.patron_id == patron_id,
                                                   EventSeat.cancelled_at.is_(None))).first():
        return ScanResult(Outcome.NOTICE, Message(QT_TRANSLATE_NOOP(
            "core", "The patron already has a seat at {event}; nothing changed."), event=event.title))
    if event.seats is not None and event.seats_taken >= event.seats:
        return _refused(QT_TRANSLATE_NOOP("core", "{event} is full ({seats} seats)."), event=event.title,
                        seats=event.seats)
    balance = ledger.balance(ctx.conn, patron_id)
    if balance < event.seat_points:
        return _refused(QT_TRANSLATE_NOOP("core", "Too few points: a seat at {event} costs {points}, the patron has "
                                                  "{balance}."), event=event.title, points=event.seat_points,
                        balance=balance)
    gid = new_global_id()
    seat_id = int(ctx.conn.execute(insert(SEAT).values(
        global_id=gid, event_id=event_id, patron_id=patron_id, points=event.seat_points, staff_id=ctx.actor.staff_id,
        created_at=ctx.now, cancelled_at=None)).inserted_primary_key[0])  # type: ignore[index]
    entry_gid = new_global_id()
    ledger.append(ctx, patron_id=patron_id, points=-event.seat_points, reason=ledger.Reason.SEAT,
                  event_id=event_id, reference=gid, global_id=entry_gid)
    events.record(ctx.session, events.SeatBooked(
        **ctx.origin, seat=gid, library_event=event.global_id, patron=global_id(ctx.conn, Patron, patron_id) or "",
        points=event.seat_points, point_entry=entry_gid))
    audit.record(ctx.session, ctx.actor, "event_seat_book", "event_seat", gid, at=ctx.now, event=event.global_id,
                 patron_id=patron_id, points=event.seat_points)
    ctx.session.commit()
    left = balance - event.seat_points
    return ScanResult(Outcome.OK, Message(QT_TRANSLATE_NOOP(
        "core", "Seat booked at {event} for {points} points; {left} left."), event=event.title,
        points=event.seat_points, left=left), details={"seat_id": str(seat_id), "balance": str(left)})


def cancel_seat(ctx: Ctx, seat_id: int) -> ScanResult:
    """Give a seat back before the event: its points return by a new entry."""
    ctx.begin_write()
    row = ctx.conn.execute(select(EventSeat.global_id, EventSeat.event_id, EventSeat.patron_id, EventSeat.points,
                                  EventSeat.cancelled_at).where(EventSeat.id == seat_id)).first()
    if row is None:
        return _refused(QT_TRANSLATE_NOOP("core", "No such seat."), Outcome.ERROR)
    gid, event_id, patron_id, points, cancelled_at = row
    if cancelled_at is not None:
        return ScanResult(Outcome.NOTICE, Message(QT_TRANSLATE_NOOP("core", "This seat was already given back.")))
    event = event_view(ctx.conn, event_id)
    assert event is not None
    if ctx.clock_now >= event.starts_at:
        return _refused(QT_TRANSLATE_NOOP("core", "{event} has started; its seats can no longer be given back."),
                        event=event.title)
    ctx.conn.execute(update(SEAT).where(SEAT.c.id == seat_id).values(cancelled_at=ctx.now))
    entry_gid = new_global_id() if points else None
    if entry_gid is not None:
        ledger.append(ctx, patron_id=patron_id, points=points, reason=ledger.Reason.SEAT_REFUND, event_id=event_id,
                      reference=gid, global_id=entry_gid)
    events.record(ctx.session, events.SeatCancelled(
        **ctx.origin, seat=gid, library_event=event.global_id, patron=global_id(ctx.conn, Patron, patron_id) or "",
        points=points, point_entry=entry_gid))
    audit.record(ctx.session, ctx.actor, "event_seat_cancel", "event_seat", gid, at=ctx.now, event=event.global_id,
                 patron_id=patron_id, points=points)
    ctx.session.commit()
    left = ledger.balance(ctx.conn, patron_id)
    return ScanResult(Outcome.OK, Message(QT_TRANSLATE_NOOP(
        "core", "Seat given back: {points} points returned; {left} now."), points=points, left=left),
        details={"balance": str(left)})
