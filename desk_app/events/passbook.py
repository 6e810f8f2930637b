"""Reading-passbook events: points, prizes and their stock, redemptions, library events and seats, draws.

The points a checkout earns travel inside loan.checked_out (and their reversal inside
loan.voided): they belong to that change. Likewise a redemption, an attendance or a seat
names the ledger entry it made. points.recorded is for an entry that stands alone.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, UnsetType

from desk_app.events.base import BranchCode, Event, GlobalId, PointReasonValue, Record, UtcDateTime, register


@register
class PointsRecorded(Event, frozen=True, kw_only=True):
    TYPE = "points.recorded"
    VERSION = 1

    entry: GlobalId
    patron: GlobalId
    points: int
    reason: PointReasonValue
    loan: GlobalId | None
    reference: Annotated[str, msgspec.Meta(max_length=64)] | None


@register
class PointsCorrected(Event, frozen=True, kw_only=True):
    """A supervisor's correction of a patron's points (+ or -), with the reason given at the desk."""

    TYPE = "points.corrected"
    VERSION = 1

    entry: GlobalId
    patron: GlobalId
    points: int
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    corrects: GlobalId | None  # the entry put right, if the correction names one


@register
class PrizeCreated(Event, frozen=True, kw_only=True):
    TYPE = "prize.created"
    VERSION = 1

    prize: GlobalId
    prize_branch: BranchCode
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    points: Annotated[int, msgspec.Meta(ge=0)]
    stock: Annotated[int, msgspec.Meta(ge=0)]
    per_card_limit: Annotated[int, msgspec.Meta(ge=0)]
    on_sale: bool


@register
class PrizeSaleChanged(Event, frozen=True, kw_only=True):
    """A prize put on sale or taken off it."""

    TYPE = "prize.sale_changed"
    VERSION = 1

    prize: GlobalId
    on_sale: bool


class PrizeChanges(Record, frozen=True, kw_only=True):
    """The fields of a prize that changed, with their new values; a field left out did not change."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)] | UnsetType = UNSET
    points: Annotated[int, msgspec.Meta(ge=0)] | UnsetType = UNSET
    per_card_limit: Annotated[int, msgspec.Meta(ge=0)] | UnsetType = UNSET


@register
class PrizeUpdated(Event, frozen=True, kw_only=True):
    TYPE = "prize.updated"
    VERSION = 1

    prize: GlobalId
    changes: PrizeChanges


@register
class PrizeStockAdjusted(Event, frozen=True, kw_only=True):
    """Stock counted in (restock) or out (adjust) by staff; redemptions move stock by their own events."""

    TYPE = "prize.stock_adjusted"
    VERSION = 1

    prize: GlobalId
    move: GlobalId
    delta: int
    reason: Literal["restock", "adjust"]
    note: Annotated[str, msgspec.Meta(max_length=200)]


@register
class PrizeRedeemed(Event, frozen=True, kw_only=True):
    """A prize handed over for points (by a redemption code, or with the library card)."""

    TYPE = "prize.redeemed"
    VERSION = 1

    redemption: GlobalId
    prize: GlobalId
    patron: GlobalId
    card: GlobalId | None
    points: Annotated[int, msgspec.Meta(ge=0)]
    method: Literal["token", "card"]
    code: Annotated[str, msgspec.Meta(max_length=36)] | None  # the redemption code's id: usable once anywhere
    point_entry: GlobalId
    balance_after: int


@register
class RedemptionCancelled(Event, frozen=True, kw_only=True):
    """A redemption taken back: the points return (a new ledger entry) and the prize goes back in stock."""

    TYPE = "redemption.cancelled"
    VERSION = 1

    redemption: GlobalId
    prize: GlobalId
    patron: GlobalId
    points: Annotated[int, msgspec.Meta(ge=0)]
    reason: Annotated[str, msgspec.Meta(max_length=200)]
    point_entry: GlobalId
    balance_after: int


@register
class LibraryEventCreated(Event, frozen=True, kw_only=True):
    """A library event (story hour, lecture) whose code grants points; a seat may cost points."""

    TYPE = "library_event.created"
    VERSION = 1

    library_event: GlobalId
    event_branch: BranchCode
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    points: Annotated[int, msgspec.Meta(ge=0)]
    starts_at: UtcDateTime
    ends_at: UtcDateTime
    seat_points: Annotated[int, msgspec.Meta(ge=0)] | None
    seats: Annotated[int, msgspec.Meta(ge=0)] | None


@register
class AttendanceRecorded(Event, frozen=True, kw_only=True):
    """A patron credited for attending a library event: their scan, the desk's scan, or staff back-entry."""

    TYPE = "attendance.recorded"
    VERSION = 1

    attendance: GlobalId
    library_event: GlobalId
    patron: GlobalId
    method: Literal["patron_scan", "desk_scan", "back_entry"]
    points: Annotated[int, msgspec.Meta(ge=0)]
    point_entry: GlobalId | None
    reason: Annotated[str, msgspec.Meta(max_length=200)] | None


@register
class SeatBooked(Event, frozen=True, kw_only=True):
    TYPE = "seat.booked"
    VERSION = 1

    seat: GlobalId
    library_event: GlobalId
    patron: GlobalId
    points: Annotated[int, msgspec.Meta(ge=0)]
    point_entry: GlobalId | None


@register
class SeatCancelled(Event, frozen=True, kw_only=True):
    TYPE = "seat.cancelled"
    VERSION = 1

    seat: GlobalId
    library_event: GlobalId
    patron: GlobalId
    points: Annotated[int, msgspec.Meta(ge=0)]
    point_entry: GlobalId | None


@register
class DrawDrawn(Event, frozen=True, kw_only=True):
    """A prize draw made: reproducible from its seed and the digest of the eligible list."""

    TYPE = "draw.drawn"
    VERSION = 1

    draw: GlobalId
    seed: Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{1,64}$")]
    digest: Annotated[str, msgspec.Meta(max_length=64)]
    winners: list[GlobalId]  # patrons, in rank order


@register
class DrawWinnerNotified(Event, frozen=True, kw_only=True):
    """A winner to be told (the central server sends the notice)."""

    TYPE = "draw.winner_notified"
    VERSION = 1

    draw: GlobalId
    title: Annotated[str, msgspec.Meta(max_length=200)]
    patron: GlobalId
    rank: Annotated[int, msgspec.Meta(ge=1)]
