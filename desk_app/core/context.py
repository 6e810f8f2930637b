"""One use case's working set: its session, who acts, the time, and rules loaded at most once.

Loan rules, library settings and branch calendars change a few times a year but
would cost three queries on every scan, so a RuleCache keeps them for a minute
(and never across midnight, since a calendar is loaded from "today"). A patron's
rows read by a use case are kept on its Ctx, so the panel shown after the scan
does not read them again.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from desk_app.core import global_names
from desk_app.core.circulation.calendar import BranchCalendar, load_calendar, local_today, utc_naive
from desk_app.core.patrons.records import PatronFacts
from desk_app.core.staff.permissions import Actor
from desk_app.events import utc
from desk_app.core.circulation.policy import LoanRules, Settings, load_rules, load_settings
from desk_app.core.passbook.settings import PassbookSettings, load_passbook_settings


class RuleCache:
    """Settings, loan rules and calendars shared by the use cases of one desk, for `ttl` seconds."""

    def __init__(self, ttl: float = 60.0, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._monotonic = monotonic
        self._loaded_at = float("-inf")
        self._day: dt.date | None = None
        self.settings: Settings | None = None
        self.rules: LoanRules | None = None
        self.passbook: PassbookSettings | None = None
        self.calendars: dict[int, BranchCalendar] = {}
        # (staff id, branch id) -> (the staff member's global id, the branch's code): how events name them.
        self.origins: dict[tuple[int | None, int], tuple[str | None, str | None]] = {}

    def fresh_for(self, today: dt.date) -> RuleCache:
        if self._day != today or self._monotonic() - self._loaded_at > self.ttl:
            self.clear()
            self._day = today
            self._loaded_at = self._monotonic()
        return self

    def clear(self) -> None:
        self.settings, self.rules, self.passbook, self.calendars, self.origins = None, None, None, {}, {}
        self._loaded_at = float("-inf")


@dataclass
class Ctx:
    session: Session
    actor: Actor
    clock_now: dt.datetime
    cache: RuleCache | None = None
    _conn: Connection | None = None
    _local: RuleCache = field(default_factory=lambda: RuleCache(ttl=float("inf")))
    _facts: PatronFacts | None = None

    def __post_init__(self) -> None:
        self._rules_cache = self.cache.fresh_for(self.today) if self.cache is not None else self._local

    @property
    def conn(self) -> Connection:
        """The session's connection (same transaction): Core statements on the hot path go here.

        After a commit the session hands its connection back; the next read takes a new one.
        """
        if self._conn is None or self._conn.closed:
            self._conn = self.session.connection()
        return self._conn

    def keep_patron(self, facts: PatronFacts) -> None:
        """Keep a patron's rows read in this use case's transaction, for the view shown after it.

        Only for rows the use case's own writes leave as they were (check-out writes a loan,
        never the patron, their cards or suspensions).
        """
        self._facts = facts

    def patron_facts(self, patron_id: int) -> PatronFacts | None:
        """The rows kept by `keep_patron` for this patron, if any."""
        facts = self._facts
        return facts if facts is not None and facts.patron.id == patron_id else None

    def begin_write(self) -> None:
        """Take SQLite's write lock before the first read of a use case that writes.

        Python's sqlite3 starts a transaction only at the first INSERT/UPDATE, so the
        checks before it would read outside the transaction; another writer on the same
        file (the sync engine) could change the item in between. BEGIN IMMEDIATE makes
        the checks and the writes one atomic unit (it waits up to busy_timeout for a lock).
        """
        conn = self.conn
        raw = conn.connection.dbapi_connection
        if conn.dialect.name == "sqlite" and not getattr(raw, "in_transaction", True):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    @property
    def now(self) -> dt.datetime:
        """Naive UTC, as timestamps are stored."""
        return utc_naive(self.clock_now)

    @property
    def today(self) -> dt.date:
        """The desk's local date (Taiwan)."""
        return local_today(self.clock_now)

    @property
    def origin(self) -> dict[str, Any]:
        """What every event of this use case starts with: when (UTC), who (staff global id), where (branch code).

        Spread into an event: `events.LoanRenewed(**ctx.origin, loan=...)`.
        """
        c = self._rules_cache
        key = (self.actor.staff_id, self.actor.branch_id)
        names = c.origins.get(key)
        if names is None:
            names = c.origins[key] = global_names.actor_names(self.conn, self.actor)
        return {"at": utc(self.now), "actor": names[0], "branch": names[1]}

    @property
    def branch_id(self) -> int:
        return self.actor.branch_id

    @property
    def settings(self) -> Settings:
        c = self._rules_cache
        if c.settings is None:
            c.settings = load_settings(self.conn)
        return c.settings

    @property
    def rules(self) -> LoanRules:
        c = self._rules_cache
        if c.rules is None:
            c.rules = load_rules(self.conn)
        return c.rules

    @property
    def passbook_settings(self) -> PassbookSettings:
        c = self._rules_cache
        if c.passbook is None:
            c.passbook = load_passbook_settings(self.conn)
        return c.passbook

    def calendar(self, branch_id: int | None = None) -> BranchCalendar:
        bid = self.branch_id if branch_id is None else branch_id
        calendars = self._rules_cache.calendars
        if bid not in calendars:
            calendars[bid] = load_calendar(self.conn, bid, self.today)
        return calendars[bid]
