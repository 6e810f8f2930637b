"""The library's circulation rules: loan terms, suspension for late returns, hold-shelf days.

Rules are data, not code: loan terms come from `loan_rule` rows ("*" matches any
patron kind or item type; the most specific row wins) and the suspension and hold
rules from `library_setting` rows. With no rows at all the defaults below apply,
so a fresh desk lends sensibly on its first day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from desk_app.store.models import LibrarySetting, LoanRule

WILDCARD = "*"


@dataclass(frozen=True)
class LoanTerms:
    max_loans: int
    loan_days: int
    max_renewals: int
    patron_kind: str = WILDCARD  # the rule row these terms came from ("*" = any)
    item_type: str = WILDCARD


# Typical of Taiwanese public libraries: 20 items for 21 days, renewable once.
DEFAULT_TERMS = LoanTerms(max_loans=20, loan_days=21, max_renewals=1)


@dataclass(frozen=True)
class LoanRules:
    """All `loan_rule` rows (a handful), loaded once per use case."""

    rows: tuple[LoanTerms, ...]

    def _best(self, patron_kind: str, item_type: str) -> LoanTerms | None:
        best: tuple[int, LoanTerms] | None = None
        for r in self.rows:
            if r.patron_kind not in (patron_kind, WILDCARD) or r.item_type not in (item_type, WILDCARD):
                continue
            # An exact item type outranks an exact patron kind, which outranks "*".
            score = (2 if r.item_type == item_type else 0) + (1 if r.patron_kind == patron_kind else 0)
            if best is None or score > best[0]:
                best = (score, r)
        return best[1] if best else None

    def terms_for(self, patron_kind: str, item_type: str) -> LoanTerms:
        """Period, limit and renewals for this patron kind borrowing this item type."""
        return self._best(patron_kind, item_type) or DEFAULT_TERMS

    def overall_for(self, patron_kind: str) -> LoanTerms:
        """The patron's limit over all item types (the rule for item type "*")."""
        best: LoanTerms | None = None
        for r in self.rows:
            if r.item_type == WILDCARD and r.patron_kind in (patron_kind, WILDCARD):
                if best is None or r.patron_kind == patron_kind:
                    best = r
        return best or DEFAULT_TERMS

    def limits_for(self, patron_kind: str, item_type: str) -> list[LoanTerms]:
        """Every limit a new loan must respect: its own rule, and the overall one if different."""
        own = self.terms_for(patron_kind, item_type)
        overall = self.overall_for(patron_kind)
        return [own] if own == overall else [own, overall]


def load_rules(session: Session | Connection) -> LoanRules:
    rows = session.execute(
        select(LoanRule.patron_kind, LoanRule.item_type, LoanRule.max_loans, LoanRule.loan_days,
               LoanRule.max_renewals)
    ).all()
    return LoanRules(tuple(LoanTerms(r[2], r[3], r[4], r[0], r[1]) for r in rows))


# ---- library settings -------------------------------------------------------------------------

# Keys of `library_setting` rows this module reads, with their defaults.
SETTING_DEFAULTS: dict[str, str] = {
    # Days of suspension for each day an item is late (Taiwanese libraries suspend, never fine).
    "suspension.days_per_overdue_day": "1",
    # Days late forgiven before any suspension.
    "suspension.grace_days": "0",
    # Upper bound of one suspension in days (0 = no bound).
    "suspension.max_days": "0",
    # Holds may be placed again this many days after borrowing resumes (0 = the same day).
    "suspension.holds_extra_days": "0",
    # Whether an overdue loan still out stops new loans until it is returned.
    "overdue.blocks_borrowing": "1",
    # Days a trapped hold waits on the shelf (closed days are skipped).
    "holds.shelf_days": "7",
    # Most open holds one patron may have.
    "holds.max_per_patron": "10",
}


@dataclass(frozen=True)
class Settings:
    days_per_overdue_day: int = 1
    grace_days: int = 0
    max_suspension_days: int = 0
    holds_extra_days: int = 0
    overdue_blocks_borrowing: bool = True
    hold_shelf_days: int = 7
    max_holds: int = 10


def _int(values: dict[str, str], key: str) -> int:
    try:
        return max(0, int(values.get(key, SETTING_DEFAULTS[key]).strip()))
    except ValueError:
        return int(SETTING_DEFAULTS[key])  # a typo in a setting must not stop the counter


def settings_from(values: dict[str, str]) -> Settings:
    return Settings(
        days_per_overdue_day=_int(values, "suspension.days_per_overdue_day"),
        grace_days=_int(values, "suspension.grace_days"),
        max_suspension_days=_int(values, "suspension.max_days"),
        holds_extra_days=_int(values, "suspension.holds_extra_days"),
        overdue_blocks_borrowing=values.get("overdue.blocks_borrowing", "1").strip().lower()
        not in ("0", "false", "no", "off"),
        hold_shelf_days=max(1, _int(values, "holds.shelf_days")),
        max_holds=_int(values, "holds.max_per_patron"),
    )


def load_settings(session: Session | Connection) -> Settings:
    rows = session.execute(
        select(LibrarySetting.key, LibrarySetting.value).where(LibrarySetting.key.in_(list(SETTING_DEFAULTS)))
    ).all()
    return settings_from({k: v for k, v in rows})


# ---- suspension -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SuspensionTerms:
    days: int
    starts_on: dt.date
    borrowing_resumes_on: dt.date
    holds_resume_on: dt.date


def days_overdue(due_date: dt.date, returned_on: dt.date) -> int:
    return max(0, (returned_on - due_date).days)


def suspension_for(overdue_days: int, returned_on: dt.date, existing_ends: Iterable[dt.date],
                   settings: Settings) -> SuspensionTerms | None:
    """The suspension a return `overdue_days` late earns, or None.

    It starts on the day of the return, or when the patron's last existing
    suspension ends (suspensions add up, they never overlap); borrowing resumes
    after `days`, holds `holds_extra_days` later still.
    """
    late = overdue_days - settings.grace_days
    if late <= 0 or settings.days_per_overdue_day == 0:
        return None
    days = late * settings.days_per_overdue_day
    if settings.max_suspension_days:
        days = min(days, settings.max_suspension_days)
    starts = max([returned_on, *existing_ends])
    resumes = starts + dt.timedelta(days=days)
    return SuspensionTerms(days, starts, resumes, resumes + dt.timedelta(days=settings.holds_extra_days))
