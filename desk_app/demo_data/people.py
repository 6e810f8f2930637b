"""Demo patrons, their library cards and their bound EasyCard/iPass cards.

IDs pass the national-ID / resident-certificate checksum but are random, drawn
away from well-known sample numbers (A123456789 ...); names are random
combinations; phones, e-mail addresses (example.org) and street addresses (in a
city that does not exist) are invented. The first patrons are a fixed showcase,
one per situation the desk must handle, so every demo set has each card kind
and status whatever its size; the rest are drawn by weight.
"""

from __future__ import annotations

import datetime as dt
import random
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field

from desk_app.core.patrons.ids import OLD_RESIDENT_SECOND_LETTERS, check_digit_for
from desk_app.demo_data import names as N
from desk_app.demo_data.bulk import BulkWriter, day, stamp
from desk_app.demo_data.catalog import person_name
from desk_app.store.models import (
    CardBinding, CardKind, CardStatus, IdKind, LibraryCard, Patron, PatronKind, TransitKind,
)

PATRON_KINDS = (PatronKind.ADULT.value, PatronKind.CHILD.value, PatronKind.STUDENT.value, PatronKind.SENIOR.value,
                PatronKind.GROUP.value)
ADULT, CHILD, STUDENT, SENIOR, GROUP = range(5)
KIND_WEIGHTS = (55, 15, 18, 12)  # drawn patrons; the group card is the showcase's heavy borrower
# Region letters weighted roughly by population (A Taipei, F New Taipei, H Taoyuan, B Taichung ...).
ID_LETTERS = "AFHBEDKNPTRSLQMGIJOUVCWXZY"
ID_LETTER_WEIGHTS = (16, 18, 10, 12, 9, 8, 5, 5, 5, 4, 4, 4, 4, 3, 3, 2, 2, 2, 2, 1, 1, 2, 1, 1, 1, 1)
SAMPLE_LIKE = ("12345678", "23456789", "87654321")

# Card situations: (cards as (kind, status, note)), weight for randomly drawn patrons.
CARD_SCENARIOS: dict[str, tuple[tuple[tuple[str, str, str], ...], int]] = {
    "personal": (((CardKind.PERSONAL, CardStatus.ACTIVE, ""),), 72),
    "lost_card": (((CardKind.PERSONAL, CardStatus.LOST, ""), (CardKind.PERSONAL, CardStatus.ACTIVE, "")), 3),
    "void_card": (((CardKind.PERSONAL, CardStatus.VOID, ""),), 1),
    "pending_card": (((CardKind.PERSONAL, CardStatus.PENDING, "future"),), 1),
    "expired_card": (((CardKind.PERSONAL, CardStatus.ACTIVE, "expired"),), 2),
    "family_card": (((CardKind.FAMILY, CardStatus.ACTIVE, ""),), 6),
    "digital_card": (((CardKind.DIGITAL, CardStatus.ACTIVE, ""),), 5),
    "student_card": (((CardKind.STUDENT, CardStatus.ACTIVE, "burned"),), 0),
    "preliminary": (((CardKind.STUDENT, CardStatus.ACTIVE, "burned"),), 0),
}

# The showcase: (name, patron kind, id kind, card scenario, transit binding).
SHOWCASE: list[tuple[str, int, str, str, str]] = [
    ("heavy_borrower", GROUP, IdKind.NATIONAL, "personal", ""),  # a teacher's group card
    ("personal_card", ADULT, IdKind.NATIONAL, "personal", ""),
    ("lost_card", ADULT, IdKind.NATIONAL, "lost_card", ""),
    ("void_card", ADULT, IdKind.NATIONAL, "void_card", ""),
    ("pending_card", ADULT, IdKind.NATIONAL, "pending_card", ""),
    ("expired_card", SENIOR, IdKind.NATIONAL, "expired_card", ""),
    ("family_card", CHILD, IdKind.NATIONAL, "family_card", ""),
    ("digital_card", ADULT, IdKind.NATIONAL, "digital_card", ""),
    ("student_card", STUDENT, IdKind.NATIONAL, "student_card", ""),
    ("preliminary", STUDENT, IdKind.NATIONAL, "preliminary", ""),
    ("suspended", ADULT, IdKind.NATIONAL, "personal", ""),
    ("easycard", ADULT, IdKind.NATIONAL, "personal", TransitKind.EASYCARD),
    ("ipass", STUDENT, IdKind.NATIONAL, "student_card", TransitKind.IPASS),
    ("resident_2021", ADULT, IdKind.RESIDENT, "personal", ""),
    ("old_resident", ADULT, IdKind.OLD_RESIDENT, "personal", ""),
    ("overdue", ADULT, IdKind.NATIONAL, "personal", ""),
    ("hold_ready", SENIOR, IdKind.NATIONAL, "personal", ""),
    ("hold_waiting", CHILD, IdKind.NATIONAL, "personal", ""),
]
MIN_PATRONS = len(SHOWCASE)


@dataclass
class PatronPlan:
    """Per patron (index = id - 1): kind, the card that borrows (0 = none) and its branch."""

    kind: bytearray = field(default_factory=bytearray)
    borrow_card: array[int] = field(default_factory=lambda: array("i"))
    home_branch: bytearray = field(default_factory=bytearray)
    showcase: dict[str, int] = field(default_factory=dict)  # name -> patron id

    @property
    def count(self) -> int:
        return len(self.kind)

    def eligible(self) -> list[int]:
        """Patron ids with a card that may borrow physical items today."""
        return [i + 1 for i, c in enumerate(self.borrow_card) if c]


class _Ids:
    """Unique random IDs of the three kinds, each with a valid check digit."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def make(self, id_kind: str, female: bool) -> str:
        r = self.rng
        while True:
            letter = r.choices(ID_LETTERS, ID_LETTER_WEIGHTS)[0]
            if id_kind == IdKind.NATIONAL:
                second = "2" if female else "1"
            elif id_kind == IdKind.RESIDENT:
                second = "9" if female else "8"
            else:
                second = OLD_RESIDENT_SECOND_LETTERS[(1 if female else 0) + 2 * r.randrange(2)]
            digits = f"{r.randrange(10_000_000):07d}"
            if any(s in second + digits for s in SAMPLE_LIKE) or len(set(digits)) == 1:
                continue
            value = letter + second + digits
            value += check_digit_for(value)
            if value not in self.seen:
                self.seen.add(value)
                return value


def _birth(rng: random.Random, kind: int, today: dt.date) -> dt.date:
    lo, hi = {ADULT: (19, 64), CHILD: (5, 11), STUDENT: (12, 18), SENIOR: (65, 90), GROUP: (25, 60)}[kind]
    return today - dt.timedelta(days=rng.randint(lo * 365, hi * 365 + 300))


def _uid(rng: random.Random, seen: set[str]) -> str:
    """A transit card UID as the reader returns it: 4 bytes (never 08.., a random UID) or 7 (04..)."""
    while True:
        if rng.random() < 0.2:
            value = "04" + f"{rng.getrandbits(48):012X}"
        else:
            first = rng.randrange(256)
            if first == 0x08:
                continue
            value = f"{first:02X}{rng.getrandbits(24):06X}"
        if value not in seen:
            seen.add(value)
            return value


def write_patrons(writer: BulkWriter, rng: random.Random, count: int, branch_ids: tuple[int, ...],
                  today: dt.date, now: dt.datetime) -> PatronPlan:
    """`count` patrons (the showcase first), their cards and transit bindings."""
    plan = PatronPlan()
    ids = _Ids(rng)
    cards: list[tuple[object, ...]] = []
    bindings: list[tuple[object, ...]] = []
    uids: set[str] = set()
    scenario_names = [k for k, (_c, w) in CARD_SCENARIOS.items() if w]
    scenario_weights = [CARD_SCENARIOS[k][1] for k in scenario_names]

    def patrons() -> Iterator[tuple[object, ...]]:
        for pid in range(1, count + 1):
            transit = ""
            if pid <= len(SHOWCASE):
                name, kind, id_kind, scenario, transit = SHOWCASE[pid - 1]
                plan.showcase[name] = pid
            else:
                kind = rng.choices(range(4), KIND_WEIGHTS)[0]
                roll = rng.random()
                id_kind = IdKind.NATIONAL if roll < 0.92 else IdKind.RESIDENT if roll < 0.97 else IdKind.OLD_RESIDENT
                if kind == STUDENT and rng.random() < 0.55:
                    scenario = "preliminary" if rng.random() < 0.1 else "student_card"
                else:
                    scenario = rng.choices(scenario_names, scenario_weights)[0]
                if rng.random() < 0.08:
                    transit = TransitKind.EASYCARD if rng.random() < 0.7 else TransitKind.IPASS
            female = rng.random() < 0.52
            national_id = ids.make(id_kind, female)
            if id_kind == IdKind.NATIONAL:
                name = person_name(rng, female)
            else:
                name = rng.choice(N.RESIDENT_SURNAMES) + rng.choice(N.RESIDENT_GIVEN)
            preliminary = scenario == "preliminary"
            home = rng.choice(branch_ids)
            school = rng.choice(N.SCHOOLS) if kind in (STUDENT, CHILD) and (preliminary or rng.random() < 0.5) else None
            phone = email = address = None
            if not preliminary:
                phone = f"0900-{rng.randrange(1_000_000):06d}"
                email = f"reader{pid}@example.org"
                address = (f"{N.CITY}{rng.choice(N.DISTRICTS)}{rng.choice(N.ROADS)}"
                           f"{rng.randint(1, 300)}號{rng.randint(2, 15)}樓")
            registered = today - dt.timedelta(days=rng.randint(1300, 4000))
            if scenario == "pending_card" or preliminary:
                registered = today - dt.timedelta(days=rng.randint(1, 20))
            borrow = _cards(rng, scenario, pid, national_id, registered, today, now, cards)
            if transit and borrow:
                bindings.append((len(bindings) + 1, borrow, _uid(rng, uids), str(transit),
                                 stamp(now - dt.timedelta(days=rng.randint(1, 900))), None))
                if rng.random() < 0.05:  # an earlier, unbound transit card of the same patron
                    bindings.append((len(bindings) + 1, borrow, _uid(rng, uids), str(transit),
                                     stamp(now - dt.timedelta(days=rng.randint(901, 1200))),
                                     stamp(now - dt.timedelta(days=rng.randint(1, 900)))))
            plan.kind.append(kind)
            plan.borrow_card.append(borrow)
            plan.home_branch.append(home)
            created = stamp(dt.datetime.combine(registered, dt.time(2, 0)))
            yield (pid, national_id, str(id_kind), name, day(_birth(rng, kind, today)), PATRON_KINDS[kind], phone,
                   email, address, school, int(preliminary), home, created, created)

    writer.insert(Patron.__table__, ["id", "national_id", "id_kind", "name", "birth_date", "kind", "phone",
                                     "email", "address", "school", "preliminary", "home_branch_id", "created_at",
                                     "updated_at"], patrons(), expected=count, stage="patron")
    writer.insert(LibraryCard.__table__, ["id", "patron_id", "card_number", "sequence", "kind", "status",
                                          "issued_on", "activation_date", "expiry_date", "status_changed_at",
                                          "burned_at", "burned_uid"], cards, stage="library_card")
    writer.insert(CardBinding.__table__, ["id", "card_id", "uid_hex", "transit_kind", "bound_at", "unbound_at"],
                  bindings, stage="card_binding")
    return plan


def _cards(rng: random.Random, scenario: str, pid: int, national_id: str, registered: dt.date, today: dt.date,
           now: dt.datetime, out: list[tuple[object, ...]]) -> int:
    """Append the patron's cards to `out`; return the id of the card that may borrow (0 if none)."""
    borrow = 0
    specs = CARD_SCENARIOS[scenario][0]
    # A lost card was replaced on the day it was reported lost, some time after it was issued.
    reissued = today - dt.timedelta(days=rng.randint(1, 600)) if len(specs) > 1 else None
    for seq, (kind, status, note) in enumerate(specs):
        card_id = len(out) + 1
        issued = reissued if seq and reissued else registered
        activation = issued
        expiry = issued + dt.timedelta(days=365 * 12)
        changed = None
        if note == "future":
            activation = today + dt.timedelta(days=rng.randint(3, 30))
        elif note == "expired":
            expiry = today - dt.timedelta(days=rng.randint(1, 400))
        if status == CardStatus.LOST and reissued:
            changed = stamp(dt.datetime.combine(reissued, dt.time(2, 0)))
        elif status in (CardStatus.LOST, CardStatus.VOID):
            changed = stamp(now - dt.timedelta(days=rng.randint(1, 200)))
        burned_at = burned_uid = None
        if note == "burned":
            burned_at = stamp(dt.datetime.combine(issued, dt.time(3, 0)))
            burned_uid = f"{rng.choice((0x12, 0x3A, 0x5C, 0x7E, 0xA4, 0xC6)):02X}{rng.getrandbits(24):06X}"
        out.append((card_id, pid, f"{national_id}{seq:02d}", seq, str(kind), str(status), day(issued),
                    day(activation), day(expiry), changed, burned_at, burned_uid))
        if status == CardStatus.ACTIVE and kind != CardKind.DIGITAL and note != "expired":
            borrow = card_id
    return borrow

