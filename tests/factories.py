"""Small builders for test data on a real SQLite file: branches, rules, patrons, cards, items, loans.

Every patron gets a national ID that passes the checksum (and belongs to nobody);
every item a barcode from `core.barcodes.make_item_barcode`. Builders add rows to
the session and flush, so ids are known; the caller commits.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.circulation.barcodes import make_item_barcode
from desk_app.core.circulation.calendar import TAIPEI
from desk_app.core.patrons.ids import check_digit_for
from desk_app.core.staff.permissions import Actor
from desk_app.store.models import (
    Base,
    BibRecord,
    Branch,
    CardBinding,
    CardKind,
    CardStatus,
    ClosedDay,
    Hold,
    HoldStatus,
    Item,
    ItemStatus,
    LibraryCard,
    LibrarySetting,
    Loan,
    LoanRule,
    Patron,
    PatronKind,
    StaffRole,
    Suspension,
    TransitKind,
)

_serial = itertools.count(1)

# Monday 23 November 2026, 10:00 in Taipei: the tests' "now" (branches close on Mondays by default,
# so due dates landing on a Monday move to Tuesday).
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=TAIPEI)
TODAY = NOW.date()


class FakeClock:
    """A clock the test moves by hand: `clock.advance(days=22)`."""

    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)

    @property
    def today(self) -> dt.date:
        return self.now.astimezone(TAIPEI).date()


def national_id(n: int | None = None, *, letter: str = "A", sex: int = 1) -> str:
    """A checksum-valid national ID, different for each `n`."""
    n = next(_serial) if n is None else n
    first_nine = f"{letter}{sex}{n % 10**7:07d}"
    return first_nine + check_digit_for(first_nine)


def branch(session: Session, code: str = "MAIN", name: str = "總館", closed_weekdays: str = "1",
           closed_days: tuple[dt.date, ...] = ()) -> Branch:
    b = Branch(code=code, name=name, closed_weekdays=closed_weekdays)
    session.add(b)
    session.flush()
    for day in closed_days:
        session.add(ClosedDay(branch_id=b.id, day=day, reason="holiday"))
    session.flush()
    return b


def rule(session: Session, patron_kind: str = "*", item_type: str = "*", *, max_loans: int = 20,
         loan_days: int = 21, max_renewals: int = 1) -> LoanRule:
    r = LoanRule(patron_kind=patron_kind, item_type=item_type, max_loans=max_loans, loan_days=loan_days,
                 max_renewals=max_renewals)
    session.add(r)
    session.flush()
    return r


def setting(session: Session, key: str, value: str) -> None:
    session.merge(LibrarySetting(key=key, value=value))
    session.flush()


def patron(session: Session, *, name: str = "王小明", kind: str = PatronKind.ADULT.value, preliminary: bool = False,
           nid: str | None = None, home_branch: Branch | None = None) -> Patron:
    p = Patron(national_id=nid or national_id(), name=name, kind=kind, preliminary=preliminary,
               phone=None if preliminary else "0912345678", home_branch_id=home_branch.id if home_branch else None)
    session.add(p)
    session.flush()
    return p


def card(session: Session, owner: Patron, *, kind: str = CardKind.PERSONAL.value,
         status: str = CardStatus.ACTIVE.value, sequence: int | None = None,
         activation_date: dt.date | None = None, expiry_date: dt.date | None = None,
         burned_uid: str | None = None) -> LibraryCard:
    if sequence is None:
        sequence = session.execute(
            select(func.count()).select_from(LibraryCard).where(LibraryCard.patron_id == owner.id)).scalar() or 0
    c = LibraryCard(patron_id=owner.id, card_number=f"{owner.national_id}{sequence:02d}", sequence=sequence,
                    kind=kind, status=status, issued_on=TODAY - dt.timedelta(days=365),
                    activation_date=activation_date, expiry_date=expiry_date, burned_uid=burned_uid)
    session.add(c)
    session.flush()
    return c


def binding(session: Session, to: LibraryCard, uid_hex: str, kind: str = TransitKind.EASYCARD.value) -> CardBinding:
    b = CardBinding(card_id=to.id, uid_hex=uid_hex.upper(), transit_kind=kind)
    session.add(b)
    session.flush()
    return b


def bib(session: Session, title: str = "小王子", author: str = "聖修伯里") -> BibRecord:
    b = BibRecord(title=title, author=author)
    session.add(b)
    session.flush()
    return b


_item_serial = itertools.count(1)


def item(session: Session, at: Branch, of: BibRecord | None = None, *, item_type: str = "book",
         status: str = ItemStatus.AVAILABLE.value, home: Branch | None = None) -> Item:
    of = of or bib(session)
    it = Item(barcode=make_item_barcode(next(_item_serial)), bib_id=of.id, call_number="876.57 8443",
              item_type=item_type, home_branch_id=(home or at).id, location_branch_id=at.id, status=status)
    session.add(it)
    session.flush()
    return it


def loan(session: Session, to: Patron, it: Item, at: Branch, *, due: dt.date, out: dt.datetime | None = None,
         returned: dt.datetime | None = None, renewals: int = 0, via: LibraryCard | None = None) -> Loan:
    """A loan written directly (history, heavy borrowers); the item's status follows."""
    ln = Loan(item_id=it.id, patron_id=to.id, card_id=via.id if via else None, branch_id=at.id,
              checked_out_at=out or (NOW.replace(tzinfo=None) - dt.timedelta(days=7)), due_date=due,
              returned_at=returned, renewals=renewals, patron_kind=to.kind)
    session.add(ln)
    if returned is None:
        it.status = ItemStatus.ON_LOAN.value
    session.flush()
    return ln


def hold(session: Session, by: Patron, of: BibRecord, pickup: Branch, *, status: str = HoldStatus.WAITING.value,
         it: Item | None = None, placed_at: dt.datetime | None = None, expires_on: dt.date | None = None) -> Hold:
    h = Hold(bib_id=of.id, patron_id=by.id, pickup_branch_id=pickup.id, status=status,
             item_id=it.id if it else None, expires_on=expires_on,
             placed_at=placed_at or dt.datetime(2026, 11, 1, 2, 0) + dt.timedelta(seconds=next(_serial)))
    session.add(h)
    session.flush()
    return h


def suspension(session: Session, of: Patron, *, days: int, starts_on: dt.date, holds_extra: int = 0) -> Suspension:
    resumes = starts_on + dt.timedelta(days=days)
    sp = Suspension(patron_id=of.id, reason="test", days=days, starts_on=starts_on, borrowing_resumes_on=resumes,
                    holds_resume_on=resumes + dt.timedelta(days=holds_extra))
    session.add(sp)
    session.flush()
    return sp


def actor(at: Branch, role: StaffRole = StaffRole.LIBRARIAN) -> Actor:
    return Actor(staff_id=None, username="desk1", role=role, branch_id=at.id)


@dataclass
class World:
    """A small library: two branches, one adult with an active card, a few items at MAIN."""

    main: Branch
    east: Branch
    adult: Patron
    adult_card: LibraryCard
    items: list[Item]


def small_world(session: Session, *, items: int = 3) -> World:
    main = branch(session, "MAIN", "總館")
    east = branch(session, "EAST", "東區分館", closed_weekdays="1")
    adult = patron(session, name="陳美玲")
    adult_card = card(session, adult)
    its = [item(session, main, bib(session, f"書名{i}")) for i in range(items)]
    session.commit()
    return World(main, east, adult, adult_card, its)


def row_counts(session: Session) -> dict[str, int]:
    """Rows in every table: "changes nothing" means this dict is unchanged."""
    return {t.name: session.execute(select(func.count()).select_from(t)).scalar() or 0
            for t in Base.metadata.sorted_tables}


def item_statuses(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Item.barcode, Item.status)).all())  # type: ignore[arg-type]


def snapshot(session_factory: sessionmaker[Session]) -> tuple[dict[str, int], dict[str, str]]:
    """Row counts and item statuses: a refusal must leave this exactly as it was."""
    with session_factory() as s:
        return row_counts(s), item_statuses(s)


def trapped_for(session: Session, patron: Patron, it: Item, pickup: Branch, *,
                shelf_until: dt.date = TODAY) -> Hold:
    """`it` waits on the hold shelf at `pickup` for `patron` until `shelf_until` (a ready hold)."""
    it.status = ItemStatus.ON_HOLD_SHELF.value
    return hold(session, patron, it.bib, pickup, status=HoldStatus.READY.value, it=it, expires_on=shelf_until)
