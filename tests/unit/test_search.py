"""Catalog search as a librarian uses it, checked against a plain LIKE scan of the same SQLite file."""

from __future__ import annotations

import datetime as dt
import random
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from stdnum import isbn as stdnum_isbn

from desk_app.core.catalog.search import search_catalog
from desk_app.demo_data import DemoSize, generate
from desk_app.store.db import open_database
from desk_app.store.models import BibRecord

ALL = 100_000  # a limit above the size of the set: every match comes back
HAN = re.compile(r"[\u4e00-\u9fff]+")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Session]]:
    path = tmp_path_factory.mktemp("search") / "catalog.db"
    engine, factory = open_database(f"sqlite:///{path}")
    generate(engine, DemoSize(patrons=100, items=3_000, seed=11), today=dt.date(2026, 11, 23))
    engine, factory = open_database(f"sqlite:///{path}")
    with factory() as session:
        yield path, session
    engine.dispose()


def _like(path: Path, text: str) -> set[int]:
    """The plain scan search must agree with: every bib whose title or author contains `text`."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT id FROM bib_record WHERE instr(title, ?) > 0 OR instr(author, ?) > 0",
                            (text, text)).fetchall()
    return {r[0] for r in rows}


def _found(session: Session, query: str, limit: int = ALL) -> list[int]:
    return [h.bib_id for h in search_catalog(session, query, limit=limit)]


def _samples(path: Path, length: int, count: int, seed: int) -> list[str]:
    with sqlite3.connect(path) as conn:
        titles = [r[0] for r in conn.execute("SELECT title FROM bib_record ORDER BY id")]
    pieces = sorted({run[i:i + length] for t in titles for run in HAN.findall(t) for i in range(len(run) - length + 1)})
    return random.Random(seed).sample(pieces, min(count, len(pieces)))


def test_one_character_queries_find_every_title_containing_it(catalog) -> None:
    path, session = catalog
    for ch in _samples(path, 1, 15, seed=1) + ["的", "之"]:
        expected = _like(path, ch)
        assert expected, ch
        assert set(_found(session, ch)) == expected, ch


def test_two_character_queries_match_a_plain_scan(catalog) -> None:
    path, session = catalog
    for pair in _samples(path, 2, 15, seed=2):
        assert set(_found(session, pair)) == _like(path, pair), pair


def test_longer_title_words_are_confirmed_not_just_bigrams(catalog) -> None:
    path, session = catalog
    for word in _samples(path, 3, 8, seed=3) + _samples(path, 5, 5, seed=4):
        found = _found(session, word)
        assert found and set(found) == _like(path, word), word


def test_bigrams_alone_are_not_a_match(store) -> None:
    _engine, factory = store
    with factory() as s, s.begin():
        s.add_all([BibRecord(title="陽光的旅人", author="甲"), BibRecord(title="月光的河流與夜的旅程", author="乙")])
    with factory() as s:
        # The second title has both bigrams of 光的旅 (光的, 的旅) but not the run itself.
        assert [h.title for h in search_catalog(s, "光的旅")] == ["陽光的旅人"]
        assert sorted(h.title for h in search_catalog(s, "光的")) == ["月光的河流與夜的旅程", "陽光的旅人"]


def test_author_search(catalog) -> None:
    path, session = catalog
    with sqlite3.connect(path) as conn:
        author = conn.execute("SELECT author FROM bib_record WHERE author NOT LIKE '%、%' "
                              "GROUP BY author ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    found = search_catalog(session, author, limit=ALL)
    assert {h.bib_id for h in found} == _like(path, author)
    assert all(author in h.author or author in h.title for h in found)
    # Results by the author rank before a title that merely contains the name.
    assert found[0].author.startswith(author)


def test_the_first_page_is_ranked_and_limited(catalog) -> None:
    path, session = catalog
    with sqlite3.connect(path) as conn:
        title = conn.execute("SELECT title FROM bib_record WHERE title NOT GLOB '*[0-9A-Za-z ]*' "
                             "ORDER BY id DESC LIMIT 1 OFFSET 17").fetchone()[0]
    hits = search_catalog(session, title, limit=10)
    assert 1 <= len(hits) <= 10
    assert hits[0].title == title
    assert len(search_catalog(session, "的", limit=5)) == 5


def test_latin_words_mixed_queries_and_full_width_input(catalog) -> None:
    path, session = catalog
    python = set(_found(session, "python"))
    assert python and python == set(_found(session, "PYTHON")) == set(_found(session, "ＰＹＴＨＯＮ"))
    assert python == {i for i in _like(path, "Python")}
    both = set(_found(session, "Python 入門"))
    assert both and both == _like(path, "Python") & _like(path, "入門")


def _a_bib_with_isbn(path: Path) -> tuple[int, str]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT id, isbn13 FROM bib_record WHERE isbn13 IS NOT NULL ORDER BY id LIMIT 1 OFFSET 40"
                            ).fetchone()


def test_isbn_13_and_10_with_and_without_hyphens(catalog) -> None:
    path, session = catalog
    bib_id, isbn13 = _a_bib_with_isbn(path)
    isbn10 = stdnum_isbn.to_isbn10(isbn13)
    for typed in (isbn13, stdnum_isbn.format(isbn13), isbn10, stdnum_isbn.format(isbn10), f" {isbn13} ",
                  "９７８" + isbn13[3:]):
        hits = search_catalog(session, typed)
        assert [h.bib_id for h in hits] == [bib_id], typed
        assert hits[0].isbn13 == isbn13
    wrong = isbn13[:-1] + str((int(isbn13[-1]) + 1) % 10)
    assert search_catalog(session, wrong) == []


def test_call_number_prefix_in_shelf_order(catalog) -> None:
    path, session = catalog
    for prefix in ("857.7", "863.5", "859.6 "):
        hits = search_catalog(session, prefix, limit=ALL)
        with sqlite3.connect(path) as conn:
            expected = {r[0] for r in conn.execute(
                "SELECT DISTINCT bib_id FROM item WHERE substr(call_number, 1, ?) = ?",
                (len(prefix.strip()), prefix.strip()))}
        assert {h.bib_id for h in hits} == expected, prefix
        firsts = [min(c for c in h.call_numbers if c.startswith(prefix.strip())) for h in hits]
        assert firsts == sorted(firsts)
    one = search_catalog(session, "857.7", limit=3)
    assert len(one) == 3 and all(h.total >= h.available >= 0 for h in one)


def test_nonsense_and_blank_queries_find_nothing(catalog) -> None:
    _path, session = catalog
    for query in ("zzzzqx", "㐀㐁", "!!??", "", "   ", "\u3000\u3000", "\t"):
        assert search_catalog(session, query) == [], repr(query)


def test_a_bib_added_changed_or_removed_through_the_orm_is_searchable_at_once(store) -> None:
    _engine, factory = store
    with factory() as s, s.begin():
        bib = BibRecord(title="鷺鷥與螢火蟲", author="測試作者", publisher="", year=2026, isbn13=None)
        s.add(bib)
    with factory() as s:
        assert [h.title for h in search_catalog(s, "鷺")] == ["鷺鷥與螢火蟲"]
        assert [h.title for h in search_catalog(s, "螢火蟲")] == ["鷺鷥與螢火蟲"]
    with factory() as s, s.begin():
        s.get(BibRecord, bib.id).title = "白鷺鷥的早晨"  # type: ignore[union-attr]
    with factory() as s:
        assert search_catalog(s, "螢火蟲") == []
        assert [h.title for h in search_catalog(s, "早晨")] == ["白鷺鷥的早晨"]
    with factory() as s, s.begin():
        s.delete(s.get(BibRecord, bib.id))
    with factory() as s:
        assert search_catalog(s, "鷺") == []
