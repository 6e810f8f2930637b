"""A supervisor's correction of a patron's points: the only way points change by hand.

It is a new ledger entry with the supervisor's account and a reason (and, when it
puts right one entry, that entry's id), audited; a balance never goes below zero.
Staff cannot otherwise add points: event back-entries are tied to an event.
"""

from __future__ import annotations

from sqlalchemy import select

from desk_app import events
from desk_app.core.global_names import global_id
from desk_app.core.context import Ctx
from desk_app.core.messages import QT_TRANSLATE_NOOP, Message
from desk_app.core.passbook import ledger
from desk_app.core.patrons.records import patron_row
from desk_app.core.staff import audit
from desk_app.core.views import Outcome, ScanResult
from desk_app.store.global_ids import new_global_id
from desk_app.store.models import PointEntry

MAX_CORRECTION = 1000


def correct_points(ctx: Ctx, patron_id: int, points: int, reason: str, corrects_entry: int | None = None
                   ) -> ScanResult:
    """Add `points` (+ or -) to the patron's ledger as a correction; the caller checked CORRECT_POINTS."""
    reason = " ".join(reason.split())
    if len(reason) < 2:
        return ScanResult(Outcome.ERROR, Message(QT_TRANSLATE_NOOP("core", "A correction needs a reason.")))
    if points == 0 or abs(points) > MAX_CORRECTION:
        return ScanResult(Outcome.ERROR, Message(QT_TRANSLATE_NOOP(
            "core", "A correction is 1 to {most} points, up or down."), most=MAX_CORRECTION))
    ctx.begin_write()
    patron = patron_row(ctx.conn, patron_id)
    if patron is None:
        return ScanResult(Outcome.ERROR, Message(QT_TRANSLATE_NOOP("core", "No such patron.")))
    if corrects_entry is not None and ctx.conn.execute(select(PointEntry.id).where(
            PointEntry.id == corrects_entry, PointEntry.patron_id == patron_id)).first() is None:
        return ScanResult(Outcome.ERROR, Message(QT_TRANSLATE_NOOP(
            "core", "Entry {entry} is not in this patron's passbook."), entry=corrects_entry))
    balance = ledger.balance(ctx.conn, patron_id)
    if balance + points < 0:
        return ScanResult(Outcome.REFUSED, Message(QT_TRANSLATE_NOOP(
            "core", "The patron has {balance} points; a correction cannot take the balance below zero."),
            balance=balance))
    reference = f"entry:{corrects_entry}" if corrects_entry is not None else None
    entry_gid = new_global_id()
    entry_id = ledger.append(ctx, patron_id=patron_id, points=points, reason=ledger.Reason.CORRECTION,
                             reference=reference, note=reason, global_id=entry_gid)
    events.record(ctx.session, events.PointsCorrected(
        **ctx.origin, entry=entry_gid, patron=patron.global_id, points=points, reason=reason,
        corrects=global_id(ctx.conn, PointEntry, corrects_entry)))
    audit.record(ctx.session, ctx.actor, "points_correction", "patron", patron_id, at=ctx.now, points=points, reason=reason,
                 corrects_entry=corrects_entry, balance_before=balance, balance_after=balance + points)
    ctx.session.commit()
    return ScanResult(Outcome.OK, Message(QT_TRANSLATE_NOOP(
        "core", "Points corrected by {points}; {name} now has {balance}."), points=f"{points:+d}", name=patron.name,
        balance=balance + points), details={"balance": str(balance + points), "entry_id": str(entry_id)})
