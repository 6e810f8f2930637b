"""The demo catalog: Chinese titles and authors, valid ISBNs, call numbers, copies at branches.

Bib records and their search tokens are written at once; items are only planned
here (which bib, which type, which branch) because their status depends on the
loans and holds planned later, and then written in one pass by `item_rows`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field

from desk_app.core.circulation.barcodes import make_item_barcode
from desk_app.demo_data import names as N
from desk_app.demo_data.bulk import BulkWriter, stamp
from desk_app.store.models import BibRecord, Item, ItemStatus, SearchToken
from desk_app.store.search_index import bulk_token_rows

ITEM_TYPES = ("book", "av", "magazine")
# Index into STATUSES is what the item plan keeps per item (one byte each).
STATUSES = (ItemStatus.AVAILABLE.value, ItemStatus.ON_LOAN.value, ItemStatus.ON_HOLD_SHELF.value,
            ItemStatus.IN_TRANSIT.value, ItemStatus.LOST.value, ItemStatus.WITHDRAWN.value)
AVAILABLE, ON_LOAN, ON_HOLD_SHELF, IN_TRANSIT, LOST, WITHDRAWN = range(6)
COPIES = (1, 2, 3, 4, 5, 8)
COPY_WEIGHTS = (40, 25, 15, 10, 5, 5)
VOLUME_NUMBER = {"（上）": 1, "（下）": 2, "1": 1, "2": 2, "3": 3, "第一部": 1, "第二部": 2, "完結篇": 3}
_TEMPLATE_WEIGHTS = [t[3] for t in N.TITLE_TEMPLATES]


@dataclass
class CatalogPlan:
    """Per item, compactly: its bib, type, home branch and (later) status and location."""

    bib_count: int = 0
    item_bib: array[int] = field(default_factory=lambda: array("i"))
    item_type: bytearray = field(default_factory=bytearray)
    item_branch: bytearray = field(default_factory=bytearray)
    item_status: bytearray = field(default_factory=bytearray)
    location: dict[int, int] = field(default_factory=dict)  # item index -> branch, where not at home
    bib_call_number: list[str] = field(default_factory=lambda: [""])  # index = bib id

    @property
    def item_count(self) -> int:
        return len(self.item_bib)


@dataclass(frozen=True)
class Author:
    name: str
    number: str  # the 4-digit author number of the call number


def author_number(name: str) -> str:
    """A stable 4-digit author number (a stand-in for the four-corner code), same on every run."""
    return str(int(hashlib.md5(name.encode("utf-8")).hexdigest()[:8], 16) % 9000 + 1000)


def person_name(rng: random.Random, female: bool | None = None) -> str:
    """A random zh-TW name: a surname and one or (mostly) two given-name characters."""
    surname = rng.choices(N.SURNAMES, N.SURNAME_WEIGHTS)[0]
    if female is None:
        female = rng.random() < 0.5
    pool = N.GIVEN_FEMALE if female else N.GIVEN_MALE
    given = rng.choice(pool) if rng.random() < 0.08 else rng.choice(pool) + rng.choice(pool)
    return surname + given


def _author_pools(rng: random.Random, size: int) -> dict[str, list[Author]]:
    local = {person_name(rng) for _ in range(size)}
    local |= {rng.choice(N.PEN_NAME_FIRST) + rng.choice(N.PEN_NAME_SECOND) for _ in range(max(5, size // 10))}
    foreign = {f"{rng.choice(N.FOREIGN_FIRST)}．{rng.choice(N.FOREIGN_LAST)}" for _ in range(max(5, size // 8))}
    japanese = {rng.choice(N.JAPANESE_SURNAMES) + rng.choice(N.JAPANESE_GIVEN) for _ in range(max(5, size // 10))}
    return {k: [Author(n, author_number(n)) for n in sorted(v)]
            for k, v in (("local", local), ("foreign", foreign), ("japanese", japanese))}


class _Filler(dict[str, str]):
    """Fills a title template's placeholders on demand, each from its word list."""

    def __init__(self, rng: random.Random, year: int) -> None:
        super().__init__()
        self.rng = rng
        self.year = year

    def __missing__(self, key: str) -> str:
        r = self.rng
        if key == "topic":
            word = r.choice(N.TOPICS)
            value = word + " " if word.isascii() else word
        elif key in ("noun", "noun2"):
            value = r.choice(N.NOUNS)
        elif key in ("animal", "animal2"):
            value = r.choice(N.ANIMALS)
        elif key == "year":
            value = str(self.year)
        elif key == "month":
            value = str(r.randint(1, 12))
        else:
            lists = {"adj": N.ADJECTIVES, "place": N.PLACES, "count": N.COUNT_WORDS, "audience": N.AUDIENCES,
                     "child_action": N.CHILD_ACTIONS, "magazine": N.MAGAZINES}
            value = r.choice(lists[key])
        self[key] = value
        return value


def isbn13(k: int) -> str:
    """The k-th demo ISBN: 978-957 or 978-986, a 6-digit scramble of k, and a valid check digit."""
    group = "957" if k % 2 == 0 else "986"
    # 7919 is coprime to 10**6: within each group the bodies are distinct for k < 2,000,000.
    body = f"978{group}{(k * 7919 + 104729) % 1_000_000:06d}"
    total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _bib(rng: random.Random, bib_id: int, pools: dict[str, list[Author]], today: dt.date,
         isbn_counter: list[int]) -> tuple[tuple[object, ...], str, int]:
    """One bib row, its call number and its item type index."""
    template, classes, item_type, _w = rng.choices(N.TITLE_TEMPLATES, _TEMPLATE_WEIGHTS)[0]
    cls = rng.choice(classes)
    year = today.year if item_type == "magazine" else max(1985, today.year - int(rng.expovariate(1 / 7)))
    title = template.format_map(_Filler(rng, year)).strip()
    volume = 0
    if item_type == "book" and rng.random() < 0.06:
        suffix = rng.choice(N.VOLUME_SUFFIXES)
        title = title + (" " + suffix if suffix.isdigit() else suffix)
        volume = VOLUME_NUMBER[suffix]
    pool = "foreign" if cls in ("874.57", "873.57") else "japanese" if cls == "861.57" else "local"
    author = rng.choice(pools[pool])
    author_text = author.name
    if pool == "local" and rng.random() < 0.07:
        author_text = f"{author.name}、{rng.choice(pools['local']).name}"
    call_number = f"{cls} {author.number}"
    if volume:
        call_number += f" v.{volume}"
    elif item_type == "magazine":
        call_number += f" {year}"
    isbn = None
    if item_type == "book" and rng.random() < 0.97:
        isbn = isbn13(isbn_counter[0])
        isbn_counter[0] += 1
    publisher = rng.choice(N.PUBLISHERS)
    return (bib_id, title, author_text, publisher, year, isbn), call_number, ITEM_TYPES.index(item_type)


def write_catalog(writer: BulkWriter, rng: random.Random, items: int, branch_ids: tuple[int, ...],
                  today: dt.date) -> CatalogPlan:
    """Bib records (about one per 2.4 items) with their search tokens, and the plan of `items` copies."""
    plan = CatalogPlan()
    pools = _author_pools(rng, max(40, items // 15))
    main_weight = [3] + [1] * (len(branch_ids) - 1)
    isbn_counter = [0]
    bib_rows: list[tuple[object, ...]] = []

    def bibs() -> Iterator[tuple[object, ...]]:
        bib_id = 0
        while plan.item_count < items:
            bib_id += 1
            row, call_number, type_index = _bib(rng, bib_id, pools, today, isbn_counter)
            plan.bib_call_number.append(call_number)
            copies = min(rng.choices(COPIES, COPY_WEIGHTS)[0], items - plan.item_count)
            for _ in range(copies):
                plan.item_bib.append(bib_id)
                plan.item_type.append(type_index)
                plan.item_branch.append(rng.choices(branch_ids, main_weight)[0])
            bib_rows.append(row)
            yield row
        plan.bib_count = bib_id

    writer.insert(BibRecord.__table__, ["id", "title", "author", "publisher", "year", "isbn13"], bibs(),
                  expected=int(items / 2.4), stage="bib_record")
    plan.item_status = bytearray(plan.item_count)  # all AVAILABLE until circulation is planned
    tokens = bulk_token_rows((int(r[0]), str(r[1]), str(r[2])) for r in bib_rows)  # type: ignore[call-overload]
    bib_rows_count = len(bib_rows)
    writer.insert(SearchToken.__table__, ["token", "bib_id"], tokens, expected=bib_rows_count * 24,
                  stage="search_token")
    bib_rows.clear()
    return plan


def mark_lost_and_withdrawn(plan: CatalogPlan, rng: random.Random) -> None:
    """About one item in 200 is lost or withdrawn: never lent, never trapped for a hold."""
    for _ in range(max(2, plan.item_count // 200)):
        plan.item_status[rng.randrange(plan.item_count)] = rng.choice((LOST, WITHDRAWN))


def item_rows(plan: CatalogPlan, now: dt.datetime) -> Iterator[tuple[object, ...]]:
    """Item rows in id order (item id = index + 1; barcode from the library's barcode scheme)."""
    created = [stamp(now - dt.timedelta(days=d)) for d in range(0, 3650, 7)]
    for i in range(plan.item_count):
        bib_id = plan.item_bib[i]
        home = plan.item_branch[i]
        yield (i + 1, make_item_barcode(i + 1), bib_id, plan.bib_call_number[bib_id], ITEM_TYPES[plan.item_type[i]],
               home, plan.location.get(i, home), STATUSES[plan.item_status[i]],
               created[(i * 7919) % len(created)])


def write_items(writer: BulkWriter, plan: CatalogPlan, now: dt.datetime) -> None:
    writer.insert(Item.__table__, ["id", "barcode", "bib_id", "call_number", "item_type", "home_branch_id",
                                   "location_branch_id", "status", "created_at"],
                  item_rows(plan, now), expected=plan.item_count, stage="item")
