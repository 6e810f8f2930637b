"""Passbook reports for supervisors: points by branch and month, redemptions by prize, stock left,
and the ledger's changes for an audit. Each is a `Report` (a title, headers, rows) that
the desk shows, charts, or exports (export.py); months are Taipei calendar months.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from desk_app.core.circulation.calendar import TAIPEI, utc_naive
from desk_app.core.messages import QT_TRANSLATE_NOOP
from desk_app.core.passbook.prizes import list_prizes
from desk_app.core.patrons.ids import mask_id
from desk_app.core.sql import DB
from desk_app.store.models import Branch, Patron, PointEntry, Prize, Redemption, Staff

Cell = str | int


@dataclass(frozen=True)
class Report:
    key: str
    title: str  # an English source text the UI translates (context "core")
    headers: tuple[str, ...]  # ditto
    rows: tuple[tuple[Cell, ...], ...]


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, end+1 00:00) in Taipei, as naive UTC."""
    return (utc_naive(dt.datetime.combine(start, dt.time(), TAIPEI)),
            utc_naive(dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), TAIPEI)))


def _month(at: dt.datetime) -> str:
    return at.replace(tzinfo=dt.timezone.utc).astimezone(TAIPEI).strftime("%Y-%m")


def points_by_branch_month(db: DB, start: dt.date, end: dt.date) -> Report:
    """Points earned and spent per month and branch (corrections and refunds count where their sign puts them)."""
    lo, hi = _bounds(start, end)
    totals: dict[tuple[str, str], list[int]] = {}
    q = (select(PointEntry.created_at, func.coalesce(Branch.name, "?"), PointEntry.points)
         .outerjoin(Branch, Branch.id == PointEntry.branch_id)
         .where(PointEntry.created_at >= lo, PointEntry.created_at < hi))
    for at, branch, points in db.execute(q):
        cell = totals.setdefault((_month(at), branch), [0, 0])
        cell[0 if points > 0 else 1] += abs(int(points))
    rows = tuple((m, b, e, s, e - s) for (m, b), (e, s) in sorted(totals.items()))
    return Report("points_by_branch_month", QT_TRANSLATE_NOOP("core", "Points earned and spent by branch and month"),
                  (QT_TRANSLATE_NOOP("core", "Month"), QT_TRANSLATE_NOOP("core", "Branch"),
                   QT_TRANSLATE_NOOP("core", "Earned"), QT_TRANSLATE_NOOP("core", "Spent"),
                   QT_TRANSLATE_NOOP("core", "Net")), rows)


def redemptions_by_prize(db: DB, start: dt.date, end: dt.date) -> Report:
    lo, hi = _bounds(start, end)
    # count(cancelled_at) counts the non-NULL ones: the cancelled redemptions.
    q = (select(Prize.id, Branch.name, Prize.name, func.count(), func.count(Redemption.cancelled_at),
                func.sum(Redemption.points))
         .join(Prize, Prize.id == Redemption.prize_id).join(Branch, Branch.id == Prize.branch_id)
         .where(Redemption.created_at >= lo, Redemption.created_at < hi)
         .group_by(Prize.id, Branch.name, Prize.name).order_by(Branch.name, Prize.name, Prize.id))
    rows = []
    for pid, branch, name, count, cancelled, points in db.execute(q):
        rows.append((int(pid), branch, name, int(count), int(cancelled or 0), int(count) - int(cancelled or 0),
                     int(points or 0)))
    return Report("redemptions_by_prize", QT_TRANSLATE_NOOP("core", "Redemptions by prize"),
                  (QT_TRANSLATE_NOOP("core", "Prize no."), QT_TRANSLATE_NOOP("core", "Branch"),
                   QT_TRANSLATE_NOOP("core", "Prize"), QT_TRANSLATE_NOOP("core", "Redeemed"),
                   QT_TRANSLATE_NOOP("core", "Cancelled"), QT_TRANSLATE_NOOP("core", "Kept"),
                   QT_TRANSLATE_NOOP("core", "Points (all)")), tuple(rows))


def stock_left(db: DB, branch_id: int | None = None) -> Report:
    rows = tuple((p.prize_id, p.branch_name, p.name, p.points, p.stock, "✔" if p.on_sale else "")
                 for p in sorted(list_prizes(db, branch_id=branch_id), key=lambda p: (p.branch_name, p.name, p.prize_id)))
    return Report("stock_left", QT_TRANSLATE_NOOP("core", "Prize stock left"),
                  (QT_TRANSLATE_NOOP("core", "Prize no."), QT_TRANSLATE_NOOP("core", "Branch"),
                   QT_TRANSLATE_NOOP("core", "Prize"), QT_TRANSLATE_NOOP("core", "Points"),
                   QT_TRANSLATE_NOOP("core", "Stock"), QT_TRANSLATE_NOOP("core", "On offer")), rows)


def ledger_changes(db: DB, start: dt.date, end: dt.date, *, reasons: tuple[str, ...] | None = None) -> Report:
    """Every ledger entry in the period (IDs masked), oldest first: what an auditor walks through."""
    lo, hi = _bounds(start, end)
    q = (select(PointEntry.id, PointEntry.created_at, Patron.national_id, PointEntry.points, PointEntry.reason,
                func.coalesce(Branch.name, ""), func.coalesce(Staff.username, ""),
                func.coalesce(PointEntry.reference, ""), func.coalesce(PointEntry.note, ""))
         .join(Patron, Patron.id == PointEntry.patron_id)
         .outerjoin(Branch, Branch.id == PointEntry.branch_id).outerjoin(Staff, Staff.id == PointEntry.staff_id)
         .where(PointEntry.created_at >= lo, PointEntry.created_at < hi).order_by(PointEntry.id))
    if reasons:
        q = q.where(PointEntry.reason.in_(reasons))
    rows = tuple((int(r[0]), r[1].replace(tzinfo=dt.timezone.utc).astimezone(TAIPEI).strftime("%Y-%m-%d %H:%M:%S"),
                  mask_id(r[2]), int(r[3]), r[4], r[5], r[6], r[7], r[8]) for r in db.execute(q))
    return Report("ledger_changes", QT_TRANSLATE_NOOP("core", "Ledger changes"),
                  (QT_TRANSLATE_NOOP("core", "Entry"), QT_TRANSLATE_NOOP("core", "Time"),
                   QT_TRANSLATE_NOOP("core", "Patron"), QT_TRANSLATE_NOOP("core", "Points"),
                   QT_TRANSLATE_NOOP("core", "Reason"), QT_TRANSLATE_NOOP("core", "Branch"),
                   QT_TRANSLATE_NOOP("core", "Staff"), QT_TRANSLATE_NOOP("core", "Reference"),
                   QT_TRANSLATE_NOOP("core", "Note")), rows)
