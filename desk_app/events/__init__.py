"""Every change a desk makes, as a versioned event with a typed payload; the only way into the outbox.

    from desk_app import events
    events.record(session, events.LoanCheckedOut(at=..., actor=..., branch=..., loan=..., ...))

`record` writes the outbox row (type, version, payload, idempotency key) in the caller's
transaction. `decode(type, version, payload)` reads one back (the sync engine, the server).
docs/events.md lists the types, their fields and the versioning rule.
"""

from desk_app.events.base import (
    Event,
    EventError,
    GlobalId,
    Record,
    UnknownEvent,
    all_versions,
    decode,
    event_class,
    latest_types,
    register,
    utc,
)
from desk_app.events.circulation import (
    HoldCancelled,
    HoldExpired,
    HoldFulfilled,
    HoldInTransit,
    HoldPlaced,
    HoldTrapped,
    ItemStatusChanged,
    LoanCheckedIn,
    LoanCheckedOut,
    LoanRenewed,
    LoanVoided,
    SuspensionCreated,
    SuspensionLifted,
)
from desk_app.events.library import LoanHistoryAnonymised, SettingChanged
from desk_app.events.outbox import record
from desk_app.events.passbook import (
    AttendanceRecorded,
    DrawDrawn,
    DrawWinnerNotified,
    LibraryEventCreated,
    PointsCorrected,
    PointsRecorded,
    PrizeChanges,
    PrizeCreated,
    PrizeRedeemed,
    PrizeSaleChanged,
    PrizeStockAdjusted,
    PrizeUpdated,
    RedemptionCancelled,
    SeatBooked,
    SeatCancelled,
)
from desk_app.events.patrons import (
    CardBindingBound,
    CardBindingUnbound,
    CardBurned,
    CardIssued,
    CardStatusChanged,
    PatronChanges,
    PatronCreated,
    PatronUpdated,
)
from desk_app.events.staff import StaffAdded, StaffDisabled, StaffEnabled, StaffPasswordChanged, StaffRoleChanged

__all__ = [
    "AttendanceRecorded", "DrawDrawn", "DrawWinnerNotified", "LibraryEventCreated", "PointsCorrected", "PrizeChanges",
    "PrizeCreated", "PrizeRedeemed", "PrizeSaleChanged", "PrizeStockAdjusted", "PrizeUpdated", "RedemptionCancelled",
    "SeatBooked", "SeatCancelled",
    "CardBindingBound", "CardBindingUnbound", "CardBurned", "CardIssued", "CardStatusChanged", "Event",
    "EventError", "GlobalId", "HoldCancelled", "HoldExpired", "HoldFulfilled", "HoldInTransit", "HoldPlaced",
    "HoldTrapped", "ItemStatusChanged", "LoanCheckedIn", "LoanCheckedOut", "LoanHistoryAnonymised",
    "LoanRenewed", "LoanVoided", "PatronChanges", "PatronCreated", "PatronUpdated", "PointsRecorded", "Record",
    "SettingChanged", "StaffAdded", "StaffDisabled", "StaffEnabled", "StaffPasswordChanged", "StaffRoleChanged",
    "SuspensionCreated", "SuspensionLifted", "UnknownEvent", "all_versions", "decode", "event_class",
    "latest_types", "record", "register", "utc",
]
