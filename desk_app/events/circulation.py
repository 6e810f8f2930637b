"""Circulation events: loans, holds, suspensions and an item's status, as the desk makes them.

`branch` (on every event) is where the desk did it: the lending branch of a checkout, the
return branch of a check-in, the branch an item was scanned at.
"""

from __future__ import annotations

from typing import Literal

import datetime as dt
from typing import Annotated

import msgspec

from desk_app.events.base import Barcode, BranchCode, Event, GlobalId, ItemStatusValue, register


@register
class LoanCheckedOut(Event, frozen=True, kw_only=True):
    """An item lent to a patron on a card (a hold handed over is this, followed by hold.fulfilled).

    The reading point the checkout earned is part of it: `point_entry` is that ledger row's global
    id and `points` its value (None and 0 when the library's rules gave none). `channel` says where
    the loan was made (the counter, a self-checkout, the phone): the passbook's rate depends on it.
    """

    TYPE = "loan.checked_out"
    VERSION = 1

    loan: GlobalId
    item: Barcode
    patron: GlobalId
    card: GlobalId
    due_date: dt.date
    point_entry: GlobalId | None
    points: int
    channel: Literal["counter", "self_checkout", "phone"] = "counter"


@register
class LoanCheckedIn(Event, frozen=True, kw_only=True):
    """The loan closed: the item came back at `branch` (a suspension or hold trap follows as its own event)."""

    TYPE = "loan.checked_in"
    VERSION = 1

    loan: GlobalId
    item: Barcode


@register
class LoanRenewed(Event, frozen=True, kw_only=True):
    TYPE = "loan.renewed"
    VERSION = 1

    loan: GlobalId
    item: Barcode
    due_date: dt.date
    renewals: Annotated[int, msgspec.Meta(ge=1)]


@register
class LoanVoided(Event, frozen=True, kw_only=True):
    """A checkout undone (scanned by mistake): the loan closed and void, and everything it caused reversed.

    `reversal_entry` is the ledger row that takes the checkout's point back (`points`, negative),
    and `hold_reopened` the hold the checkout had fulfilled, back on the shelf as it was.
    """

    TYPE = "loan.voided"
    VERSION = 1

    loan: GlobalId
    item: Barcode
    reversal_entry: GlobalId | None
    points: int
    hold_reopened: GlobalId | None


@register
class HoldPlaced(Event, frozen=True, kw_only=True):
    TYPE = "hold.placed"
    VERSION = 1

    hold: GlobalId
    patron: GlobalId
    card: GlobalId | None
    bib: GlobalId
    pickup_branch: BranchCode


@register
class HoldTrapped(Event, frozen=True, kw_only=True):
    """A copy put on the hold shelf at `branch` for the hold (returned here, or received from transit)."""

    TYPE = "hold.trapped"
    VERSION = 1

    hold: GlobalId
    item: Barcode
    expires_on: dt.date


@register
class HoldInTransit(Event, frozen=True, kw_only=True):
    """A copy returned at `branch` for a hold picked up elsewhere: on its way to `to_branch`."""

    TYPE = "hold.in_transit"
    VERSION = 1

    hold: GlobalId
    item: Barcode
    to_branch: BranchCode


@register
class HoldFulfilled(Event, frozen=True, kw_only=True):
    """The hold closed by a loan: handed over from the shelf, or filled by borrowing a shelf copy."""

    TYPE = "hold.fulfilled"
    VERSION = 1

    hold: GlobalId
    loan: GlobalId
    item: Barcode


@register
class HoldCancelled(Event, frozen=True, kw_only=True):
    TYPE = "hold.cancelled"
    VERSION = 1

    hold: GlobalId
    reason: Annotated[str, msgspec.Meta(max_length=200)]


@register
class HoldExpired(Event, frozen=True, kw_only=True):
    """A hold not collected by its shelf date (the copy is passed on by the events that follow)."""

    TYPE = "hold.expired"
    VERSION = 1

    hold: GlobalId


@register
class SuspensionCreated(Event, frozen=True, kw_only=True):
    """Borrowing (and holds) suspended for a late return, by the library's rule."""

    TYPE = "suspension.created"
    VERSION = 1

    suspension: GlobalId
    patron: GlobalId
    loan: GlobalId | None
    reason: Annotated[str, msgspec.Meta(max_length=200)]
    days: Annotated[int, msgspec.Meta(ge=0)]
    starts_on: dt.date
    borrowing_resumes_on: dt.date
    holds_resume_on: dt.date


@register
class SuspensionLifted(Event, frozen=True, kw_only=True):
    """A suspension ended early by staff (`actor`)."""

    TYPE = "suspension.lifted"
    VERSION = 1

    suspension: GlobalId


@register
class ItemStatusChanged(Event, frozen=True, kw_only=True):
    """An item's status set outside a loan or hold (e.g. received back on the shelf); it is now at `branch`."""

    TYPE = "item.status_changed"
    VERSION = 1

    item: Barcode
    status: ItemStatusValue
