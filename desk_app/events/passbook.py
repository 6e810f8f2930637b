"""Reading-passbook events: an entry in a patron's points ledger made on its own.

The point a checkout earns travels inside loan.checked_out (and its reversal inside
loan.voided): it belongs to that change. This event is for the entries that stand alone:
event points, redemptions, corrections.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from desk_app.events.base import Event, GlobalId, PointReasonValue, register


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
