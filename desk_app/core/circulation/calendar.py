"""A branch's opening calendar: which days it is closed, and the next day it is open.

Due dates and hold-shelf expiry never fall on a closed day, because a patron
cannot return or collect anything when the branch is shut. Taiwan keeps no
daylight saving time, so "today" at the desk is simply UTC+8.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from desk_app.store.models import Branch, ClosedDay

TAIPEI = dt.timezone(dt.timedelta(hours=8), "Asia/Taipei")
# How far ahead closed days are loaded; a loan period longer than this is unheard of.
HORIZON_DAYS = 400


def local_today(now: dt.datetime) -> dt.date:
    """The desk's calendar date for `now` (a naive `now` is taken as UTC)."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    return now.astimezone(TAIPEI).date()


def utc_naive(now: dt.datetime) -> dt.datetime:
    """The form timestamps are stored in: naive UTC."""
    if now.tzinfo is None:
        return now
    return now.astimezone(dt.timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class BranchCalendar:
    closed_weekdays: frozenset[int]  # ISO weekdays, 1 = Monday
    closed_days: frozenset[dt.date]

    def is_open(self, day: dt.date) -> bool:
        return day.isoweekday() not in self.closed_weekdays and day not in self.closed_days

    def next_open_day(self, day: dt.date) -> dt.date:
        """`day` itself if the branch is open then, else the first open day after it."""
        for _ in range(HORIZON_DAYS):
            if self.is_open(day):
                return day
            day += dt.timedelta(days=1)
        return day  # a branch closed for over a year: give the date rather than loop forever

    def due_date(self, start: dt.date, days: int) -> dt.date:
        """`days` calendar days after `start`, moved forward past closed days."""
        return self.next_open_day(start + dt.timedelta(days=days))


ALWAYS_OPEN = BranchCalendar(frozenset(), frozenset())


def parse_weekdays(text: str | None) -> frozenset[int]:
    return frozenset(int(c) for c in (text or "") if c in "1234567")


def load_calendar(session: Session | Connection, branch_id: int, today: dt.date) -> BranchCalendar:
    """The calendar of `branch_id` from `today` to the horizon: two indexed reads."""
    weekdays = session.execute(select(Branch.closed_weekdays).where(Branch.id == branch_id)).scalar()
    if weekdays is None:
        return ALWAYS_OPEN
    days = session.execute(
        select(ClosedDay.day).where(
            ClosedDay.branch_id == branch_id,
            ClosedDay.day >= today,
            ClosedDay.day <= today + dt.timedelta(days=HORIZON_DAYS),
        )
    ).scalars()
    closed = parse_weekdays(weekdays)
    if len(closed) >= 7:
        closed = frozenset()  # "closed every day" is a data error; never make due dates unreachable
    return BranchCalendar(closed, frozenset(days))
