"""The demo library's frame: branches and their calendars, loan rules, staff accounts.

Small tables, but the ones the desk's rules read on every scan: due dates skip
the branch's closed weekdays and holidays, and loan limits and periods depend on
the patron kind and item type.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from desk_app.core.circulation.calendar import BranchCalendar
from desk_app.core.circulation.policy import LoanRules, LoanTerms
from desk_app.demo_data.bulk import BulkWriter, day, stamp
from desk_app.demo_data.names import BRANCHES
from desk_app.store.models import Branch, ClosedDay, LoanRule, Staff, StaffRole

# Closed national holidays (demo approximation of Taiwan's calendar, observed days included).
HOLIDAYS: list[tuple[str, str]] = [
    ("2025-01-01", "開國紀念日"), ("2025-01-27", "春節"), ("2025-01-28", "除夕"), ("2025-01-29", "春節"),
    ("2025-01-30", "春節"), ("2025-01-31", "春節"), ("2025-02-28", "和平紀念日"), ("2025-04-03", "兒童節"),
    ("2025-04-04", "清明節"), ("2025-05-30", "端午節"), ("2025-10-06", "中秋節"), ("2025-10-10", "國慶日"),
    ("2025-10-24", "臺灣光復暨金門古寧頭大捷紀念日"), ("2025-12-25", "行憲紀念日"),
    ("2026-01-01", "開國紀念日"), ("2026-02-16", "除夕"), ("2026-02-17", "春節"), ("2026-02-18", "春節"),
    ("2026-02-19", "春節"), ("2026-02-20", "春節"), ("2026-02-27", "和平紀念日（補假）"),
    ("2026-04-03", "兒童節（補假）"), ("2026-04-06", "清明節（補假）"), ("2026-06-19", "端午節"),
    ("2026-09-25", "中秋節"), ("2026-09-28", "教師節"), ("2026-10-09", "國慶日（補假）"),
    ("2026-10-26", "臺灣光復暨金門古寧頭大捷紀念日（補假）"), ("2026-12-25", "行憲紀念日"),
    ("2027-01-01", "開國紀念日"), ("2027-02-05", "除夕"), ("2027-02-06", "春節"), ("2027-02-08", "春節（補假）"),
    ("2027-02-09", "春節（補假）"), ("2027-02-10", "春節（補假）"), ("2027-03-01", "和平紀念日（補假）"),
    ("2027-04-05", "清明節"), ("2027-06-09", "端午節"), ("2027-09-15", "中秋節"), ("2027-09-28", "教師節"),
    ("2027-10-11", "國慶日（補假）"), ("2027-10-25", "臺灣光復暨金門古寧頭大捷紀念日"),
    ("2027-12-24", "行憲紀念日（補假）"),
]
MAINTENANCE_REASON = "館舍設備維護（示範）"

# (patron kind, item type, max loans, loan days, max renewals); "*" matches any.
LOAN_RULES: list[tuple[str, str, int, int, int]] = [
    ("*", "*", 20, 21, 1),
    ("child", "*", 10, 21, 1),
    ("student", "*", 15, 21, 1),
    ("senior", "*", 20, 28, 2),
    ("group", "*", 300, 42, 1),  # a class's group card (團體借閱證)
    ("group", "av", 20, 7, 0),
    ("*", "av", 5, 7, 0),
    ("child", "av", 2, 7, 0),
    ("*", "magazine", 5, 14, 1),
]

STAFF_NAMES = {
    StaffRole.LIBRARIAN: "示範館員",
    StaffRole.CARD_STAFF: "示範辦證人員",
    StaffRole.TECHNICIAN: "示範資訊技術人員",
    StaffRole.SUPERVISOR: "示範主管",
    StaffRole.ADMINISTRATOR: "示範系統管理員",
}


@dataclass(frozen=True)
class LibraryFrame:
    """What later stages need to know about the frame they hang rows on."""

    branch_ids: tuple[int, ...]
    calendars: dict[int, BranchCalendar]
    rules: LoanRules
    librarian_id: int


def demo_password() -> str:
    """A fresh random password per generation: printed once, never derived from the public seed."""
    return "demo-" + secrets.token_urlsafe(9)


def write_branches(writer: BulkWriter, today: dt.date, count: int) -> tuple[tuple[int, ...], dict[int, BranchCalendar]]:
    """`count` branches (the main library first), national holidays, one maintenance closure."""
    chosen = BRANCHES[:max(1, min(count, len(BRANCHES)))]
    writer.insert(Branch.__table__, ["id", "code", "name", "closed_weekdays"],
                  [(i, code, name, closed) for i, (code, name, closed) in enumerate(chosen, 1)])
    holidays = [(dt.date.fromisoformat(d), reason) for d, reason in HOLIDAYS]
    closed_rows: list[tuple[int, int, str, str]] = []
    calendars: dict[int, BranchCalendar] = {}
    for branch_id, (_code, _name, closed) in enumerate(chosen, 1):
        days = {d: reason for d, reason in holidays}
        if branch_id == len(chosen) and len(chosen) > 1:
            # The last branch shuts for maintenance soon, so a due date visibly skips it.
            for k in (10, 11, 12):
                days[today + dt.timedelta(days=k)] = MAINTENANCE_REASON
        for d in sorted(days):
            closed_rows.append((len(closed_rows) + 1, branch_id, day(d), days[d]))
        calendars[branch_id] = BranchCalendar(frozenset(int(c) for c in closed), frozenset(days))
    writer.insert(ClosedDay.__table__, ["id", "branch_id", "day", "reason"], closed_rows)
    return tuple(range(1, len(chosen) + 1)), calendars


def write_loan_rules(writer: BulkWriter) -> LoanRules:
    writer.insert(LoanRule.__table__, ["id", "patron_kind", "item_type", "max_loans", "loan_days", "max_renewals"],
                  [(i, *rule) for i, rule in enumerate(LOAN_RULES, 1)])
    return LoanRules(tuple(LoanTerms(m, d, r, pk, it) for pk, it, m, d, r in LOAN_RULES))


def write_staff(writer: BulkWriter, now: dt.datetime, existing: dict[str, int]
                ) -> tuple[dict[str, str], dict[str, int]]:
    """One account per role, username = role name, unless it exists already (`existing`: name -> id).

    Returns the new passwords (to print once) and every role account's id.
    """
    from desk_app.core.staff.accounts import hash_password  # argon2id, the same hasher sign-in verifies with

    passwords: dict[str, str] = {}
    ids: dict[str, int] = dict(existing)
    rows = []
    next_id = max(existing.values(), default=0) + 1
    for role in StaffRole:
        if role.value in existing:
            continue
        password = demo_password()
        passwords[role.value] = password
        ids[role.value] = next_id
        rows.append((next_id, role.value, STAFF_NAMES[role], role.value, hash_password(password), 1, 1, 0,
                     stamp(now)))
        next_id += 1
    writer.insert(Staff.__table__, ["id", "username", "display_name", "role", "password_hash", "active",
                                    "branch_id", "failed_attempts", "created_at"], rows)
    return passwords, ids
