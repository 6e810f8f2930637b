"""Plain, immutable results the core hands to the UI (no ORM objects cross this line).

The UI renders these; it never loads rows itself. Messages are `Message`s so the
UI can translate them. National IDs arrive here already masked.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from desk_app.core.messages import Message


class Outcome(str, enum.Enum):
    """How a scan ended; the UI picks colour and sound from this alone."""

    OK = "ok"  # green, success chime
    NOTICE = "notice"  # amber, soft tone: nothing went wrong (same item twice, preliminary record)
    REFUSED = "refused"  # red, alarm: a rule refused it (lost card, suspended, on hold for another)
    ERROR = "error"  # red, alarm: bad input (unknown barcode, bad checksum)


class BlockKind(str, enum.Enum):
    CARD_LOST = "card_lost"
    CARD_VOID = "card_void"
    CARD_PENDING = "card_pending"
    CARD_EXPIRED = "card_expired"
    SUSPENDED = "suspended"
    DIGITAL_ONLY = "digital_only"
    PRELIMINARY = "preliminary"  # a flag, not a refusal: staff should complete the record
    OVERDUE = "overdue"
    LOAN_LIMIT = "loan_limit"


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    message: Message
    refuses_borrowing: bool = True


@dataclass(frozen=True)
class SuspensionView:
    days: int
    days_left: int
    borrowing_resumes_on: dt.date
    holds_resume_on: dt.date
    reason: Message


@dataclass(frozen=True)
class LoanView:
    loan_id: int
    item_barcode: str
    title: str
    call_number: str
    checked_out_at: dt.datetime
    due_date: dt.date
    renewals: int
    overdue: bool


@dataclass(frozen=True)
class HoldView:
    hold_id: int
    title: str
    status: str
    pickup_branch: str
    item_barcode: str | None
    expires_on: dt.date | None


@dataclass(frozen=True)
class PatronView:
    patron_id: int
    card_id: int
    name: str
    masked_id: str  # A12*****89
    masked_card_number: str  # A12*****8900
    patron_kind: str
    card_kind: str
    card_status: str
    preliminary: bool
    blocks: tuple[Block, ...] = ()
    suspension: SuspensionView | None = None
    loans: tuple[LoanView, ...] = ()
    holds: tuple[HoldView, ...] = ()
    points: int = 0
    identified_by: str = ""  # "card_number" | "national_id" | "transit_card" | "student_card" | "mobile_token"

    @property
    def may_borrow(self) -> bool:
        return not any(b.refuses_borrowing for b in self.blocks)


@dataclass(frozen=True)
class ScanResult:
    """The answer to one scan: what the banner says, and the patron as it now stands."""

    outcome: Outcome
    message: Message
    patron: PatronView | None = None
    loan: LoanView | None = None
    slip: SlipView | None = None
    offer_check_in: bool = False  # item on loan to someone else: the UI offers check-in first
    details: dict[str, str] = field(default_factory=dict)
    notes: tuple[Message, ...] = ()  # further lines under the banner (a suspension added, a flag)


@dataclass(frozen=True)
class SlipView:
    """A hold or transit slip to print (or save as PDF)."""

    kind: str  # "hold" | "transit" | "checkout"
    title: str
    item_barcode: str
    lines: tuple[Message, ...]


@dataclass(frozen=True)
class SearchHit:
    bib_id: int
    title: str
    author: str
    isbn13: str | None
    call_numbers: tuple[str, ...]
    available: int
    total: int
