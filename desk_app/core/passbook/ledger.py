"""The points ledger: the only code that writes `point_entry`, and the reads of a passbook.

Append-only: every point earned or spent is one new row naming the patron, the
points (+ or -), the reason, the branch, the staff account, the time and what it
is about (loan, event, redemption, corrected entry). A balance is the sum of the
rows; nothing edits a row (triggers in the schema refuse it), so a mistake is put
right by another row. `tests/unit/test_passbook_ledger.py` checks that no other
module inserts into the table.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from desk_app.store.global_ids import new_global_id
from sqlalchemy import bindparam, func, insert, literal_column, select

from desk_app.core.circulation.calendar import TAIPEI
from desk_app.core.context import Ctx
from desk_app.core.patrons.records import points_of
from desk_app.core.sql import DB, Prepared, table
from desk_app.store.models import (
    BibRecord,
    Branch,
    Item,
    LibraryEvent,
    Loan,
    PointEntry,
    Prize,
    Redemption,
    Staff,
)

POINT = table(PointEntry)


class Reason(str, enum.Enum):
    CHECKOUT = "checkout"  # a physical item lent
    REVERSAL = "reversal"  # an undone checkout gives its point back
    EVENT = "event"  # attended a library event (scan or staff back-entry)
    SEAT = "seat"  # a seat at an event paid with points
    SEAT_REFUND = "seat_refund"  # that seat cancelled
    REDEEM = "redeem"  # a prize redeemed
    REDEEM_CANCEL = "redeem_cancel"  # that redemption cancelled
    CORRECTION = "correction"  # a supervisor's correction, with a reason

    def __str__(self) -> str:
        return self.value


# Loan points count against the per-card caps; an undone checkout frees its share.
CAPPED = (Reason.CHECKOUT.value, Reason.REVERSAL.value)

_INSERT = Prepared(insert(POINT), columns=(
    "global_id", "patron_id", "points", "reason", "loan_id", "reference", "staff_id", "created_at", "branch_id", "card_id",
    "event_id", "redemption_id", "note"))
_CAPPED_SINCE = Prepared(
    select(func.coalesce(func.sum(PointEntry.points), 0))
    .where(PointEntry.card_id == bindparam("card_id"), PointEntry.created_at >= bindparam("since"),
           PointEntry.reason.in_([literal_column(f"'{r}'") for r in CAPPED]))  # inline: Prepared takes no IN
)
_LOAN_POINTS = Prepared(
    select(func.coalesce(func.sum(PointEntry.points), 0)).where(PointEntry.loan_id == bindparam("loan_id"))
)


def append(ctx: Ctx, *, patron_id: int, points: int, reason: Reason, card_id: int | None = None,
           loan_id: int | None = None, event_id: int | None = None, redemption_id: int | None = None,
           reference: str | None = None, note: str | None = None, global_id: str | None = None) -> int:
    """Add one entry in the caller's transaction (at the actor's branch, by the actor, now); returns its id."""
    return _INSERT.insert(ctx.conn, dict(
        global_id=global_id or new_global_id(), patron_id=patron_id, points=points, reason=reason.value, loan_id=loan_id, reference=reference,
        staff_id=ctx.actor.staff_id, created_at=ctx.now, branch_id=ctx.branch_id, card_id=card_id,
        event_id=event_id, redemption_id=redemption_id, note=note))


def balance(db: DB, patron_id: int) -> int:
    """The patron's points: the sum of their ledger."""
    return points_of(db, patron_id)


def capped_points_since(db: DB, card_id: int, since: dt.datetime) -> int:
    """Loan points a card earned since `since` (naive UTC), net of undone checkouts."""
    return int(_CAPPED_SINCE.scalar(db, {"card_id": card_id, "since": since}) or 0)


def points_of_loan(db: DB, loan_id: int) -> int:
    """What a loan earned (net), so undoing it gives back exactly that."""
    return int(_LOAN_POINTS.scalar(db, {"loan_id": loan_id}) or 0)


def local_day_start(now_utc: dt.datetime) -> dt.datetime:
    """Midnight in Taipei of `now_utc`'s local day, as naive UTC."""
    local = now_utc.replace(tzinfo=dt.timezone.utc).astimezone(TAIPEI)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start.astimezone(dt.timezone.utc).replace(tzinfo=None)


def local_month_start(now_utc: dt.datetime) -> dt.datetime:
    local = now_utc.replace(tzinfo=dt.timezone.utc).astimezone(TAIPEI)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return start.astimezone(dt.timezone.utc).replace(tzinfo=None)


# ---- the passbook as the patron reads it ---------------------------------------------------------


@dataclass(frozen=True)
class PassbookLine:
    entry_id: int
    at: dt.datetime  # aware, Asia/Taipei
    points: int
    reason: str
    about: str  # the book's title, the event, the prize; "" when the entry names nothing
    branch: str
    staff: str
    note: str
    balance_after: int


@dataclass(frozen=True)
class PassbookMonth:
    year: int
    month: int
    earned: int
    spent: int
    lines: tuple[PassbookLine, ...]


@dataclass(frozen=True)
class Passbook:
    patron_id: int
    balance: int
    months: tuple[PassbookMonth, ...]  # newest first; lines in a month oldest first

    def years(self) -> list[int]:
        return sorted({m.year for m in self.months}, reverse=True)


_HISTORY = (
    select(PointEntry.id, PointEntry.created_at, PointEntry.points, PointEntry.reason,
           func.coalesce(BibRecord.title, LibraryEvent.title, Prize.name, ""), func.coalesce(Branch.name, ""),
           func.coalesce(Staff.display_name, ""), func.coalesce(PointEntry.note, ""))
    .outerjoin(Loan, Loan.id == PointEntry.loan_id).outerjoin(Item, Item.id == Loan.item_id)
    .outerjoin(BibRecord, BibRecord.id == Item.bib_id)
    .outerjoin(LibraryEvent, LibraryEvent.id == PointEntry.event_id)
    .outerjoin(Redemption, Redemption.id == PointEntry.redemption_id).outerjoin(Prize, Prize.id == Redemption.prize_id)
    .outerjoin(Branch, Branch.id == PointEntry.branch_id).outerjoin(Staff, Staff.id == PointEntry.staff_id)
    .where(PointEntry.patron_id == bindparam("patron_id"))
    .order_by(PointEntry.created_at, PointEntry.id)
)


def passbook(db: DB, patron_id: int, year: int | None = None) -> Passbook:
    """The patron's history grouped by month (all years, or one), with the running balance after each entry."""
    running = 0
    months: dict[tuple[int, int], list[PassbookLine]] = {}
    for r in db.execute(_HISTORY, {"patron_id": patron_id}):
        running += int(r[2])
        at = r[1].replace(tzinfo=dt.timezone.utc).astimezone(TAIPEI)
        if year is not None and at.year != year:
            continue
        line = PassbookLine(int(r[0]), at, int(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]), str(r[7]), running)
        months.setdefault((at.year, at.month), []).append(line)
    groups = tuple(
        PassbookMonth(y, m, sum(ln.points for ln in lines if ln.points > 0),
                      -sum(ln.points for ln in lines if ln.points < 0), tuple(lines))
        for (y, m), lines in sorted(months.items(), reverse=True))
    return Passbook(patron_id, running, groups)
