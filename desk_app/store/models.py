"""SQLAlchemy 2 models: the desk's local replica of the library.

One module because the tables are one schema; every later feature (cards and
burning, sync, the passbook) hangs off these rows. Enumerations are stored as
short strings so the SQLite file stays readable by hand and by other tools.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from desk_app.store.global_ids import GLOBAL_ID_LENGTH, GlobalIdDefault, new_global_id

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Timestamps are stored naive in UTC; the UI converts to Asia/Taipei."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def global_id_column() -> Mapped[str]:
    """The row's name off the desk (a UUIDv7; see global_ids): made in Python on every ORM or
    Core insert, and by the database itself for an INSERT that names none."""
    return mapped_column(String(GLOBAL_ID_LENGTH), unique=True, index=True, default=new_global_id,
                         server_default=GlobalIdDefault())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class StrEnum(str, enum.Enum):
    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


class IdKind(StrEnum):
    NATIONAL = "national"  # A123456789
    RESIDENT = "resident"  # 2021 format, A800000014
    OLD_RESIDENT = "old_resident"  # two letters, AB12345678


class PatronKind(StrEnum):
    ADULT = "adult"
    CHILD = "child"
    STUDENT = "student"
    SENIOR = "senior"
    # A group card (團體借閱證): a teacher borrowing for a class, with limits in the hundreds.
    GROUP = "group"


class CardKind(StrEnum):
    PERSONAL = "personal"
    FAMILY = "family"
    DIGITAL = "digital"  # online resources only, never physical items
    STUDENT = "student"  # a digital student card with an LC v1 record burned in


class CardStatus(StrEnum):
    ACTIVE = "active"
    LOST = "lost"
    VOID = "void"
    PENDING = "pending_activation"


class TransitKind(StrEnum):
    EASYCARD = "easycard"
    IPASS = "ipass"


class ItemStatus(StrEnum):
    AVAILABLE = "available"
    ON_LOAN = "on_loan"
    ON_HOLD_SHELF = "on_hold_shelf"
    IN_TRANSIT = "in_transit"
    LOST = "lost"
    WITHDRAWN = "withdrawn"


class HoldStatus(StrEnum):
    WAITING = "waiting"  # in the queue, no item yet
    IN_TRANSIT = "in_transit"  # trapped at another branch, on its way
    READY = "ready"  # on the hold shelf of the pickup branch
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class StaffRole(StrEnum):
    LIBRARIAN = "librarian"
    CARD_STAFF = "card_staff"
    TECHNICIAN = "technician"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"


class Branch(Base):
    __tablename__ = "branch"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    # Weekdays the branch is closed, as ISO weekday digits ("1" = Monday).
    closed_weekdays: Mapped[str] = mapped_column(String(7), default="1")


class ClosedDay(Base):
    """A holiday or closure in a branch's calendar: due dates skip it."""

    __tablename__ = "closed_day"
    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(100), default="")
    __table_args__ = (UniqueConstraint("branch_id", "day"),)


class Patron(Base):
    __tablename__ = "patron"
    id: Mapped[int] = mapped_column(primary_key=True)
    global_id: Mapped[str] = global_id_column()
    national_id: Mapped[str] = mapped_column(String(10), unique=True)
    id_kind: Mapped[str] = mapped_column(String(16), default=IdKind.NATIONAL.value)
    name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16), default=PatronKind.ADULT.value)
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    school: Mapped[str | None] = mapped_column(String(100))
    # A roster import makes preliminary patrons; staff complete contact details later.
    preliminary: Mapped[bool] = mapped_column(Boolean, default=False)
    partner_consent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    home_branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    cards: Mapped[list[LibraryCard]] = relationship(back_populates="patron", order_by="LibraryCard.sequence")


class LibraryCard(Base):
    __tablename__ = "library_card"
    id: Mapped[int] = mapped_column(primary_key=True)
    global_id: Mapped[str] = global_id_column()
    patron_id: Mapped[int] = mapped_column(ForeignKey("patron.id"), index=True)
    card_number: Mapped[str] = mapped_column(String(12), unique=True)  # national ID + 2-digit sequence
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16), default=CardKind.PERSONAL.value)
    status: Mapped[str] = mapped_column(String(24), default=CardStatus.ACTIVE.value)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    activation_date: Mapped[dt.date | None] = mapped_column(Date)
    expiry_date: Mapped[dt.date | None] = mapped_column(Date)
    status_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Student cards: when the LC v1 record was verified on the card, and the card's UID.
    burned_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    burned_uid: Mapped[str | None] = mapped_column(String(20))

    patron: Mapped[Patron] = relationship(back_populates="cards")
    bindings: Mapped[list[CardBinding]] = relationship(back_populates="card")


class CardBinding(Base):
    """An EasyCard or iPass bound to a physical library card, looked up by UID."""

    __tablename__ = "card_binding"
    id: Mapped[int] = mapped_column(primary_key=True)
    global_id: Mapped[str] = global_id_column()
    card_id: Mapped[int] = mapped_column(ForeignKey("library_card.id"), index=True)
    uid_hex: Mapped[str] = mapped_column(String(20))  # upper-case hex, as the reader returns it
    transit_kind: Mapped[str] = mapped_column(String(16), default=TransitKind.EASYCARD.value)
    bound_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    unbound_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    card: Mapped[LibraryCard] = relationship(back_populates="bindings")
    __table_args__ = (
        # One live binding per transit card.
        Index("ux_card_binding_live_uid", "uid_hex", unique=True, sqlite_where=text("unbound_at IS NULL")),
    )


class BibRecord(Base):
    __tablename__ = "bib_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    global_id: Mapped[str] = global_id_column()
    title: Mapped[str] = mapped_column(String(500))
    author: Mapped[str] = mapped_column(String(300), default="")
    publisher: Mapped[str] = mapped_column(String(200), default="")
    year: Mapped[int | None] = mapped_column(Integer)
    isbn13: Mapped[str | None] = mapped_column(String(13), index=True)  # normalised, no hyphens

    items: Mapped[list[Item]] = relationship(back_populates="bib")
    __table_args__ = (
        # Catalog search ranks titles and authors that begin with the query first; these find them directly.
        Index("ix_bib_record_title", "title"),
        Index("ix_bib_record_author", "author"),
    )


class SearchToken(Base):
    """Single characters and bigrams (plus whole words) of titles and authors.

    SQLite's FTS5 cannot find one- and two-character Chinese queries correctly in
    the version Debian's Python links, so the desk keeps its own index.
    """

    __tablename__ = "search_token"
    token: Mapped[str] = mapped_column(String(40), primary_key=True)
    bib_id: Mapped[int] = mapped_column(ForeignKey("bib_record.id"), primary_key=True)
    __table_args__ = ({"sqlite_with_rowid": False},)


class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    global_id: Mapped[str] = global_id_column()
    barcode: Mapped[str] = mapped_column(String(32), unique=True)
    bib_id: Mapped[int] = mapped_column(ForeignKey("bib_record.id"), index=True)
    call_number: Mapped[str] = mapped_column(String(64), index=True)
    item_type: Mapped[str] = mapped_column(String(16), default="book")
    home_branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    location_branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    status: Mapped[str] = mapped_column(String(16), default=ItemStatus.AVAILABLE.value)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    bib: Mapped[BibRecord] = relationship(back_populates="items")


class LoanRule(Base):
    """Loan limits and periods per patron kind and item type (configurable)."""

    __tablename__ = "loan_rule"
    id: Mapped[int] = mapped_column(primary_key=True)
    patron_kind: Mapped[str] = mapped_column(String(16))  # "*" matches any
    item_type: Mapped[str] = mapped_column(String(16))  # "*" matches any
    max_loans: Mapped[int] = mapped_column(Integer)
    loan_days: Mapped[int] = mapped_column(Integer)
    max_renewals: Mapped[int] = mapped_column(Integer, default=1)
    __table_args__ = (UniqueConstraint("patron_kind", "item_type"),)


class Loan(Base):
    __tablename__ = "loan"
    id: Mapped[int] = mapped_column(primary_key=True)
    global_id: Mapped[str] = global_id_column()
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"))
    patron_id: Mapped[int | None] = mapped_column(ForeignKey("patron.id"))  # NULL once anonymised
    card_id: Mapped[int | None] = mapped_column(ForeignKey("library_card.id"))
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    checked_out_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    due_date: Mapped[dt.date] = mapped_column(Date)
    returned_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    return_branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"))
    renewals: Mapped[int] = mapped_column(Integer, default=0)
    # Kept when history is anonymised, so statistics survive.
    patron_kind: Mapped[str | None] = mapped_column(String(16))
    # Set when the desk undid this checkout (scanned by mistake): the loan is closed
    # at the same moment and must not count in statistics or reading history.
    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    item: Mapped[Item] = relationship()
    __table_args__ = (
        # An item is on loan to at most one patron at a time.
        Index("ux_loan_open_item", "item_id", unique=True, sqlite_where=text("returned_at IS NULL")),
        Index("ix_loan_patron_open", "patron_id", "returned_at"),
        Index("ix_loan_item", "item_id"),
    )


class Hold(Base):
    __tablename__ = "hold"
    id: Mapped[int] = mapped_column(primary_key=True)
    global_id: Mapped[str] = global_id_column()
    bib_id: Mapped[int] = mapped_column(ForeignKey("bib_record.id"))
    patron_id: Mapped[int] = mapped_column(ForeignKey("patron.id"), index=True)
    pickup_branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    status: Mapped[str] = mapped_column(String(16), default=HoldStatus.WAITING.value)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id"))  # set when trapped
    placed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    ready_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    __table_args__ = (
        Index("ix_hold_bib_status", "bib_id", "status", "placed_at"),
        Index("ix_hold_item", "item_id"),
    )


class Suspension(Base):
    """Borrowing (and holds) suspended for days overdue; Taiwanese libraries do not fine."""

    __tablename__ = "suspension"
    id: Mapped[int] = mapped_column(primary_key=True)
    global_id: Mapped[str] = global_id_column()
    patron_id: Mapped[int] = mapped_column(ForeignKey("patron.id"), index=True)
    reason: Mapped[str] = mapped_column(String(200))
    days: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    borrowing_resumes_on: Mapped[dt.date] = mapped_column(Date)
    holds_resume_on: Mapped[dt.date] = mapped_column(Date)
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("loan.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    lifted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    lifted_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class PointEntry(Base):
    """Reading-passbook ledger: every point, earned or spent, has one row; rows are never changed.

    A balance is the sum of a patron's rows. Triggers (migration 0003) refuse any UPDATE of
    the patron or the points and any DELETE, so a correction is always a new row.
    """

    __tablename__ = "point_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    global_id: Mapped[str] = global_id_column()
    patron_id: Mapped[int] = mapped_column(ForeignKey("patron.id"))
    points: Mapped[int] = mapped_column(Integer)
    # checkout | reversal | event | seat | seat_refund | redeem | redeem_cancel | correction
    reason: Mapped[str] = mapped_column(String(16))
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("loan.id"))
    # The global id of what the entry is about (redemption, event, corrected entry), for the audit.
    reference: Mapped[str | None] = mapped_column(String(64))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"))
    # The card that earned it: daily and monthly caps are per card.
    card_id: Mapped[int | None] = mapped_column(ForeignKey("library_card.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("library_event.id"))
    redemption_id: Mapped[int | None] = mapped_column(ForeignKey("redemption.id"))
    note: Mapped[str | None] = mapped_column(String(200))  # a correction's or back-entry's reason
    __table_args__ = (
        # The patron panel shows the points total on every scan: summed from this index alone
        # (a heavy reader's 5,000 rows cost 0.3 ms instead of 7 ms of scattered table reads).
        Index("ix_point_entry_patron_points", "patron_id", "points"),
        # The caps: a card's loan points since the start of this month.
        Index("ix_point_entry_card_created", "card_id", "created_at"),
        Index("ix_point_entry_created", "created_at"),
    )


# ---- reading passbook: events, prizes, redemptions, draws ------------------------------------


class LibraryEvent(Base):
    """A library event (story hour, lecture): its QR code grants points; a seat may cost points."""

    __tablename__ = "library_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    global_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_global_id)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    title: Mapped[str] = mapped_column(String(200))
    points: Mapped[int] = mapped_column(Integer, default=0)  # granted for attending, outside the caps
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime)  # the window in which its code is valid
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime)
    seat_points: Mapped[int | None] = mapped_column(Integer)  # price of a seat in points; NULL: not sold
    seats: Mapped[int | None] = mapped_column(Integer)  # seats for points; NULL: no limit
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class EventAttendance(Base):
    """One patron credited for one event, once: by their scan, the desk's scan or staff back-entry."""

    __tablename__ = "event_attendance"
    id: Mapped[int] = mapped_column(primary_key=True)
    global_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_global_id)
    event_id: Mapped[int] = mapped_column(ForeignKey("library_event.id"))
    patron_id: Mapped[int] = mapped_column(ForeignKey("patron.id"), index=True)
    method: Mapped[str] = mapped_column(String(16))  # patron_scan | desk_scan | back_entry
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    reason: Mapped[str | None] = mapped_column(String(200))  # why a back-entry was needed
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("event_id", "patron_id"),)


class EventSeat(Base):
    """A seat at an event paid for with points; cancelling refunds them by a new ledger entry."""

    __tablename__ = "event_seat"
    id: Mapped[int] = mapped_column(primary_key=True)
    global_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_global_id)
    event_id: Mapped[int] = mapped_column(ForeignKey("library_event.id"))
    patron_id: Mapped[int] = mapped_column(ForeignKey("patron.id"), index=True)
    points: Mapped[int] = mapped_column(Integer)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    __table_args__ = (
        Index("ux_event_seat_live", "event_id", "patron_id", unique=True,
              sqlite_where=text("cancelled_at IS NULL"), postgresql_where=text("cancelled_at IS NULL")),
    )


class Prize(Base):
    """A prize at one branch. Always named by id: two branches may both have a "帆布袋"."""

    __tablename__ = "prize"
    id: Mapped[int] = mapped_column(primary_key=True)
    global_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_global_id)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    points: Mapped[int] = mapped_column(Integer)
    per_card_limit: Mapped[int] = mapped_column(Integer, default=1)  # 0: no limit
    on_sale: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PrizeStockMove(Base):
    """Stock in and out, append-only like the points: stock left is the sum of a prize's moves."""

    __tablename__ = "prize_stock_move"
    id: Mapped[int] = mapped_column(primary_key=True)
    global_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_global_id)
    prize_id: Mapped[int] = mapped_column(ForeignKey("prize.id"))
    delta: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(16))  # restock | redeem | redeem_cancel | adjust
    redemption_id: Mapped[int | None] = mapped_column(ForeignKey("redemption.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (Index("ix_prize_stock_move_prize_delta", "prize_id", "delta"),)


class Redemption(Base):
    """A prize handed over for points, by a redemption code or with the library card."""

    __tablename__ = "redemption"
    id: Mapped[int] = mapped_column(primary_key=True)
    global_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_global_id)
    prize_id: Mapped[int] = mapped_column(ForeignKey("prize.id"), index=True)
    patron_id: Mapped[int] = mapped_column(ForeignKey("patron.id"), index=True)
    card_id: Mapped[int | None] = mapped_column(ForeignKey("library_card.id"))
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    points: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(8))  # token | card
    # The redemption code's id: a code is usable once, on any desk.
    token_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    cancelled_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    cancel_reason: Mapped[str | None] = mapped_column(String(200))


class Draw(Base):
    """A prize draw among eligible patrons, reproducible from its recorded seed and eligible list."""

    __tablename__ = "draw"
    id: Mapped[int] = mapped_column(primary_key=True)
    global_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_global_id)
    title: Mapped[str] = mapped_column(String(200))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"))  # NULL: loans at every branch
    min_loans: Mapped[int] = mapped_column(Integer)
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)  # inclusive
    winners: Mapped[int] = mapped_column(Integer)
    eligible_count: Mapped[int] = mapped_column(Integer, default=0)
    eligible_digest: Mapped[str] = mapped_column(String(64), default="")  # SHA-256 of the eligible list
    seed: Mapped[str | None] = mapped_column(String(64))  # hex; set when drawn
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    drawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    notified_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class DrawCandidate(Base):
    """An eligible patron of a draw, with the loans that made them eligible and their rank if drawn."""

    __tablename__ = "draw_candidate"
    draw_id: Mapped[int] = mapped_column(ForeignKey("draw.id"), primary_key=True)
    patron_id: Mapped[int] = mapped_column(ForeignKey("patron.id"), primary_key=True)
    loans: Mapped[int] = mapped_column(Integer)
    rank: Mapped[int | None] = mapped_column(Integer)  # 1..N for winners
    notified_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    global_id: Mapped[str] = global_id_column()
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16), default=StaffRole.LIBRARIAN.value)
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SignInThrottle(Base):
    """Failed sign-ins per attempted username, persisted so a restart does not reset the backoff.

    Kept apart from `staff` so an unknown username slows down exactly like a known one
    (the desk must not reveal which usernames exist).
    """

    __tablename__ = "sign_in_throttle"
    # SHA-256 hex of the casefolded username: a password typed as a username is not kept readable.
    username_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AuditEntry(Base):
    """Append-only, hash-chained: each row's hash covers the row's columns and the previous row's hash."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    global_id: Mapped[str] = global_id_column()
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    staff_id: Mapped[int | None] = mapped_column(Integer)  # no FK: the trail outlives accounts
    staff_username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON, never a full national ID
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # Which columns `hash` covers (core.staff.audit.HASHED_COLUMNS): 1 before issue 18, 2 every column.
    hash_version: Mapped[int] = mapped_column(Integer, server_default=text("1"))


class OutboxEntry(Base):
    """A local change waiting to be pushed to the central server, in order of `id`."""

    __tablename__ = "sync_outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(36), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # The versioned change event this row carries (desk_app.events: the only writer); docs/events.md.
    event_type: Mapped[str] = mapped_column(String(64))
    event_version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        Index("ix_sync_outbox_pending", "sent_at", "id"),
        # The id is the desk's transaction sequence (desk id, sequence) on the wire: AUTOINCREMENT
        # so SQLite never hands out a number again, even after the newest rows were deleted.
        {"sqlite_autoincrement": True},
    )


class SyncState(Base):
    """Key/value state of the sync engine (the pull cursor, the last contact)."""

    __tablename__ = "sync_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class LibrarySetting(Base):
    """Library-wide rules that staff configure (suspension rule, hold shelf days, ...)."""

    __tablename__ = "library_setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
