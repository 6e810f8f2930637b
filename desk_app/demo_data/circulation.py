"""Demo circulation: current loans (some overdue), years of past loans, holds, suspensions, points.

Past loans never overlap on an item: each falls inside its own 30-day window of
the item's history (a window holds at most one loan of a given item, and a loan
lasts under 30 days), windows run back from 45 days ago, and every current loan
began less than 45 days ago. Items set aside for the loans behind suspensions
are kept out of every window. Every loan, past or current, earns its patron one
reading point, as a checkout at the desk does.
"""

from __future__ import annotations

import datetime as dt
import random
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field

from desk_app.core.circulation.barcodes import make_item_barcode
from desk_app.core.circulation.calendar import BranchCalendar
from desk_app.core.circulation.policy import LoanRules
from desk_app.demo_data.bulk import BulkWriter, day, stamp
from desk_app.demo_data.catalog import AVAILABLE, IN_TRANSIT, ITEM_TYPES, ON_HOLD_SHELF, ON_LOAN, CatalogPlan
from desk_app.demo_data.people import PATRON_KINDS, PatronPlan
from desk_app.store.models import Hold, HoldStatus, Loan, PointEntry, Suspension

WINDOW_DAYS = 30
HISTORY_STARTS_DAYS_AGO = 45
HEAVY_CURRENT = 200
HEAVY_PAST = 5_000
RANDOM_PATRON_CAP = 8  # current loans of an ordinary demo patron
LOAN_COLUMNS = ["id", "item_id", "patron_id", "card_id", "branch_id", "staff_id", "checked_out_at", "due_date",
                "returned_at", "return_branch_id", "renewals", "patron_kind"]
# Demo history is written in bulk, as a data load, beside the loans it belongs to (not through core's
# ledger, which writes one entry per use case): the same columns a checkout's entry has.
POINT_COLUMNS = ["id", "patron_id", "points", "reason", "loan_id", "staff_id", "created_at", "branch_id", "card_id"]


@dataclass
class CirculationResult:
    heavy_borrower: int | None = None
    current_loans: int = 0
    past_loans: int = 0
    holds: int = 0
    suspensions: int = 0
    overdue_items: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CirculationContext:
    """The plans and rules the circulation stage draws on (one random stream, shared in order)."""

    rng: random.Random
    catalog: CatalogPlan
    patrons: PatronPlan
    calendars: dict[int, BranchCalendar]
    rules: LoanRules
    today: dt.date
    now: dt.datetime
    staff_id: int


def _at(day_: dt.date, rng: random.Random) -> dt.datetime:
    """A moment in opening hours (09:00-20:00 in Taipei, stored as naive UTC)."""
    return dt.datetime.combine(day_, dt.time(1, 0)) + dt.timedelta(seconds=rng.randrange(11 * 3600))


def _loan_days(c: CirculationContext, patron_id: int, item: int) -> int:
    kind = PATRON_KINDS[c.patrons.kind[patron_id - 1]]
    return c.rules.terms_for(kind, ITEM_TYPES[c.catalog.item_type[item]]).loan_days


def _loan_row(c: CirculationContext, loan_id: int, item: int, patron_id: int, out: dt.datetime, returned: dt.datetime | None,
              renewals: int = 0, due: dt.date | None = None) -> tuple[object, ...]:
    branch = c.catalog.item_branch[item]
    if due is None:
        due = c.calendars[branch].due_date(out.date(), _loan_days(c, patron_id, item) * (1 + renewals))
    back_branch = None
    if returned is not None:
        back_branch = branch if c.rng.random() < 0.9 else c.rng.choice(tuple(c.calendars))
    return (loan_id, item + 1, patron_id, c.patrons.borrow_card[patron_id - 1], branch, c.staff_id, stamp(out),
            day(due), stamp(returned) if returned else None, back_branch, renewals,
            PATRON_KINDS[c.patrons.kind[patron_id - 1]])


class _ItemPool:
    """Random available items, each handed out once; set-aside items are never handed out."""

    def __init__(self, rng: random.Random, catalog: CatalogPlan, want: int) -> None:
        self.catalog = catalog
        self.order = rng.sample(range(catalog.item_count), min(catalog.item_count, want))
        self.pos = 0

    def take(self) -> int | None:
        while self.pos < len(self.order):
            item = self.order[self.pos]
            self.pos += 1
            if self.catalog.item_status[item] == AVAILABLE:
                return item
        return None


def plan_and_write(writer: BulkWriter, c: CirculationContext, loans_history: int, heavy: bool) -> CirculationResult:
    result = CirculationResult()
    rng, cat, pat = c.rng, c.catalog, c.patrons
    eligible = pat.eligible()
    if not eligible:
        return result
    showcase = pat.showcase
    heavy_id = showcase.get("heavy_borrower") if heavy else None
    result.heavy_borrower = heavy_id

    # Who is suspended (the showcase patron and about one in a thousand), and the items of their late loans.
    ordinary = [p for p in eligible if p > len(showcase)]
    suspended = [showcase["suspended"]] + sorted(rng.sample(ordinary, min(len(ordinary), len(eligible) // 1000)))
    current_target = min(max(20, cat.item_count // 20), len(eligible) * RANDOM_PATRON_CAP // 2)
    n_ready = max(2, cat.item_count // 400)
    n_transit = max(1, n_ready // 3)
    pool = _ItemPool(rng, cat, 2 * (current_target + n_ready + n_transit + len(suspended)) + 100)
    late_items: list[int] = []
    for _ in suspended:
        item = pool.take()
        if item is None:
            break
        cat.item_status[item] = 255  # set aside: neither lent now nor in any past window
        late_items.append(item)
    set_aside = set(late_items)

    # Holds on the shelf and in transit take items before loans do.
    holds: list[tuple[object, ...]] = []
    hold_pairs: set[tuple[int, int]] = set()
    no_holds = set(suspended)
    hold_patrons = [p for p in eligible if p not in no_holds and p != heavy_id]
    for n in range(n_ready + n_transit):
        item = pool.take()
        if item is None:
            break
        patron = showcase["hold_ready"] if n == 0 else rng.choice(hold_patrons)
        bib = cat.item_bib[item]
        if (bib, patron) in hold_pairs:
            continue
        hold_pairs.add((bib, patron))
        home = cat.item_branch[item]
        placed = c.now - dt.timedelta(days=rng.randint(6, 25), seconds=rng.randrange(36000))
        if n < n_ready or len(c.calendars) == 1:
            cat.item_status[item] = ON_HOLD_SHELF
            ready = c.now - dt.timedelta(days=rng.randint(0, 5), seconds=rng.randrange(36000))
            expires = c.calendars[home].due_date(ready.date(), 7)
            holds.append((len(holds) + 1, bib, patron, home, HoldStatus.READY.value, item + 1, stamp(placed),
                          stamp(ready), day(expires), None))
        else:
            cat.item_status[item] = IN_TRANSIT
            pickup = rng.choice([b for b in c.calendars if b != home])
            holds.append((len(holds) + 1, bib, patron, pickup, HoldStatus.IN_TRANSIT.value, item + 1, stamp(placed),
                          None, None, None))

    # Current loans: the heavy borrower's 200, an overdue one for the showcase, the rest at random.
    current: list[tuple[dt.datetime, int, int, int]] = []  # (checked out, item, patron, renewals)
    counts = array("H", bytes(2 * (pat.count + 1)))

    def lend(patron: int, days_ago: int | None) -> int | None:
        """Lend the next pooled item; days_ago=None: a book, recent enough not to be overdue."""
        item = pool.take()
        while days_ago is None and item is not None and cat.item_type[item] != 0:
            item = pool.take()  # the heavy borrower takes books only (other types have low limits)
        if item is None:
            return None
        cat.item_status[item] = ON_LOAN
        ago = rng.randint(0, _loan_days(c, patron, item) - 2) if days_ago is None else days_ago
        renewals = 1 if days_ago is not None and ago > 14 and rng.random() < 0.1 else 0
        current.append((_at(c.today - dt.timedelta(days=ago), rng), item, patron, renewals))
        counts[patron] += 1
        return item

    if heavy_id:
        # Never overdue and under the group card's limit, so the heavy borrower can still borrow.
        for _ in range(HEAVY_CURRENT):
            lend(heavy_id, None)
    lend(showcase["overdue"], 40)
    lend(showcase["overdue"], 3)
    for name in ("hold_waiting", "student_card", "preliminary", "easycard", "ipass", "old_resident"):
        lend(showcase[name], rng.randint(1, 12))
    while len(current) < current_target:
        patron = eligible[rng.randrange(len(eligible))]
        if patron == heavy_id or counts[patron] >= RANDOM_PATRON_CAP:
            continue
        if lend(patron, rng.randint(0, 25)) is None:
            break
    current.sort()

    # Waiting holds: on titles whose copy is out on loan, by someone else.
    n_waiting = max(2, cat.item_count // 300)
    for n in range(n_waiting):
        _out, item, borrower, _r = current[rng.randrange(len(current))]
        patron = showcase["hold_waiting"] if n == 0 else rng.choice(hold_patrons)
        bib = cat.item_bib[item]
        if patron == borrower or (bib, patron) in hold_pairs:
            continue
        hold_pairs.add((bib, patron))
        placed = c.now - dt.timedelta(days=rng.randint(1, 20), seconds=rng.randrange(36000))
        holds.append((len(holds) + 1, bib, patron, pat.home_branch[patron - 1], HoldStatus.WAITING.value, None,
                      stamp(placed), None, None, None))

    # Loans and points, in time order: past windows oldest first, the late returns, then current loans.
    loan_id = [0]
    late_count = min(len(late_items), loans_history)
    regular = loans_history - late_count
    heavy_past = min(HEAVY_PAST, regular * 3 // 4) if heavy_id else 0
    suspensions: list[tuple[object, ...]] = []

    def loans() -> Iterator[tuple[object, ...]]:
        for row in _past_loans(c, regular, heavy_id, heavy_past, set_aside, eligible):
            loan_id[0] += 1
            yield (loan_id[0], *row)
        for k in range(late_count):
            patron, item = suspended[k], late_items[k]
            returned_on = c.today - dt.timedelta(days=rng.randint(0, 7))
            late = rng.randint(10, 40)
            out = _at(returned_on - dt.timedelta(days=late + _loan_days(c, patron, item)), rng)
            row = _loan_row(c, 0, item, patron, out, None)
            due = dt.date.fromisoformat(str(row[7]))
            late = max(1, (returned_on - due).days)
            loan_id[0] += 1
            returned = _at(returned_on, rng)
            yield _loan_row(c, loan_id[0], item, patron, out, returned, due=due)
            resumes = returned_on + dt.timedelta(days=late)
            suspensions.append((len(suspensions) + 1, patron, f"overdue {late} day(s): {make_item_barcode(item + 1)}", late, day(returned_on),
                                day(resumes), day(resumes), loan_id[0], stamp(returned)))
        for out, item, patron, renewals in current:
            loan_id[0] += 1
            yield _loan_row(c, loan_id[0], item, patron, out, None, renewals)

    def with_points(rows: Iterator[tuple[object, ...]]) -> Iterator[tuple[object, ...]]:
        for row in rows:
            points.append((row[0], row[2], 1, "checkout", row[0], row[5], row[6], row[4], row[3]))
            yield row

    points: list[tuple[object, ...]] = []
    total = regular + late_count + len(current)
    batch_rows = with_points(loans())
    # Interleave: write loans in slices, then their points, so neither list grows to millions.
    while True:
        written = writer.insert(Loan.__table__, LOAN_COLUMNS, _take(batch_rows, 200_000), expected=total,
                                stage="loan")
        writer.insert(PointEntry.__table__, POINT_COLUMNS, points, expected=total, stage="point_entry")
        points.clear()
        if written == 0:
            break
    for item in set_aside:
        cat.item_status[item] = AVAILABLE  # returned late, back on the shelf
    writer.insert(Hold.__table__, ["id", "bib_id", "patron_id", "pickup_branch_id", "status", "item_id", "placed_at",
                                   "ready_at", "expires_on", "closed_at"], holds, stage="hold")
    writer.insert(Suspension.__table__, ["id", "patron_id", "reason", "days", "starts_on", "borrowing_resumes_on",
                                         "holds_resume_on", "loan_id", "created_at"], suspensions,
                  stage="suspension")
    result.current_loans = len(current)
    result.past_loans = regular + late_count
    result.holds = len(holds)
    result.suspensions = len(suspensions)
    return result


def _take(it: Iterator[tuple[object, ...]], n: int) -> Iterator[tuple[object, ...]]:
    for _ in range(n):
        try:
            yield next(it)
        except StopIteration:
            return


def _past_loans(c: CirculationContext, count: int, heavy_id: int | None, heavy_count: int, set_aside: set[int],
                eligible: list[int]) -> Iterator[tuple[object, ...]]:
    """`count` returned loans (without ids), window by window from the oldest, each window in time order."""
    rng, cat = c.rng, c.catalog
    if count <= 0 or cat.item_count == 0:
        return
    windows = max(36, -(-count // max(1, (cat.item_count - len(set_aside)) // 2)))
    others = [p for p in eligible if p != heavy_id]
    for w in reversed(range(windows)):
        n = count // windows + (1 if w < count % windows else 0)
        h = heavy_count // windows + (1 if w < heavy_count % windows else 0)
        start = c.today - dt.timedelta(days=HISTORY_STARTS_DAYS_AGO + WINDOW_DAYS * (w + 1))
        picked = [i for i in rng.sample(range(cat.item_count), min(cat.item_count, n + len(set_aside)))
                  if i not in set_aside][:n]
        rows = []
        for k, item in enumerate(picked):
            if k < h and heavy_id:
                patron = heavy_id
            else:
                patron = others[int(len(others) * rng.random() ** 1.5)] if others else eligible[0]
            out = _at(start + dt.timedelta(days=rng.randint(0, 4)), rng)
            back = out + dt.timedelta(days=rng.randint(1, 25), seconds=rng.randrange(3600))
            rows.append((out, item, patron, back))
        rows.sort()
        for out, item, patron, back in rows:
            yield _loan_row(c, 0, item, patron, out, back)[1:]
