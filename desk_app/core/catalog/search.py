"""Catalog search at the desk: title, author, ISBN and call number in one field.

What librarians type decides the route:
- an ISBN-10 or ISBN-13, with or without hyphens, that passes its check digit:
  the bib with that ISBN (stored as ISBN-13);
- a call-number prefix (three class digits first, as in `857.7 8345`): a range
  scan of the item call-number index, in shelf order;
- anything else: words. Each Han run and each Latin/digit word must occur in
  the title or the author. One Han character is looked up as itself, longer
  runs by their bigrams (intersected), and runs of three or more are confirmed
  with LIKE on the candidates, since bigrams alone do not prove adjacency.

The token table (`desk_app.store.search_index`) exists because the SQLite that
Debian's Python links answers one- and two-character Chinese queries wrongly
through FTS5. A query walks the rarest token's postings newest first and probes
the other tokens by primary key, so the first page costs about the same however
large the catalog. Ranking: exact title, title prefix, author, then titles
containing every term, then the rest; newer first within a rank. Ranking looks
at the newest matches (a window of a few hundred) plus every title and author
that begins with the query, which the title and author indexes find directly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased
from stdnum import isbn as stdnum_isbn

from desk_app.core.views import SearchHit
from desk_app.store.models import BibRecord, Item, ItemStatus, SearchToken
from desk_app.store.search_index import is_han, normalise_text, split_terms, term_tokens

# Three class digits, an optional decimal part, then anything (author number, volume, year).
_CALL_NUMBER = re.compile(r"^\d{3}(\.\d*)?(\s.*)?$")
_ISBN_SHAPE = re.compile(r"^(\d{9}[\dX]|\d{13})$")
WINDOW = 200  # newest matches looked at for ranking, at least
# Postings counted per token to choose the rarest as the driver. Past this, all tokens are
# common and walking any of them newest-first finds a page of matches quickly.
COUNT_CAP = 5_000


def clean_query(query: str) -> str:
    """Half-width (NFKC), trimmed, inner runs of spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", query).split())


def as_isbn13(query: str) -> str | None:
    """The ISBN-13 (digits only) for a valid ISBN-10 or ISBN-13 typed any way, else None."""
    compact = query.replace("-", "").replace(" ", "").upper()
    if not _ISBN_SHAPE.match(compact) or not stdnum_isbn.is_valid(compact):
        return None
    return str(stdnum_isbn.compact(stdnum_isbn.to_isbn13(compact)))


def search_catalog(session: Session, query: str, limit: int = 50) -> list[SearchHit]:
    """The first `limit` bibs matching `query`, best first; [] for a blank or hopeless query."""
    q = clean_query(query)
    if not q or limit <= 0:
        return []
    isbn13 = as_isbn13(q)
    if isbn13 is not None:
        ids = list(session.execute(
            select(BibRecord.id).where(BibRecord.isbn13 == isbn13).order_by(BibRecord.id).limit(limit)).scalars())
        return _hits(session, ids)
    if _CALL_NUMBER.match(q):
        ids = _by_call_number(session, q, limit)
        if ids:
            return _hits(session, ids)
    return _hits(session, _by_words(session, q, limit))


def _next_prefix(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (for index range scans)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _by_call_number(session: Session, prefix: str, limit: int) -> list[int]:
    """Bib ids of items whose call number starts with `prefix`, in shelf (call number) order."""
    upper = _next_prefix(prefix)
    ids: dict[int, None] = {}
    last: tuple[str, int] | None = None
    while len(ids) < limit:
        stmt = select(Item.call_number, Item.id, Item.bib_id).where(
            Item.call_number >= prefix, Item.call_number < upper)
        if last is not None:  # keyset paging: copies of one bib sit together, so this rarely loops
            stmt = stmt.where(or_(Item.call_number > last[0], and_(Item.call_number == last[0], Item.id > last[1])))
        rows = session.execute(stmt.order_by(Item.call_number, Item.id).limit(4 * limit)).all()
        for call_number, item_id, bib_id in rows:
            ids.setdefault(bib_id, None)
            last = (call_number, item_id)
        if len(rows) < 4 * limit:
            break
    return list(ids)[:limit]


def _postings(session: Session, tokens: list[str]) -> dict[str, int]:
    """How many bibs have each token, counted up to COUNT_CAP, in one statement."""
    counts = []
    for token in tokens:
        inner = select(SearchToken.bib_id).where(SearchToken.token == token).limit(COUNT_CAP).subquery()
        counts.append(select(func.count()).select_from(inner).scalar_subquery())
    row = session.execute(select(*counts)).one()
    return {t: int(n or 0) for t, n in zip(tokens, row)}


def _by_words(session: Session, q: str, limit: int) -> list[int]:
    terms = split_terms(q)
    if not terms:
        return []
    tokens = list(dict.fromkeys(t for term in terms for t in term_tokens(term)))
    counts = _postings(session, tokens) if len(tokens) > 1 else {tokens[0]: 1}
    if not all(counts.values()):
        return []  # some token occurs nowhere: nothing can match
    driver, *others = sorted(tokens, key=lambda t: (counts[t], t))
    confirm = [t for t in terms if is_han(t) and len(t) >= 3]

    t0 = aliased(SearchToken)
    stmt = select(t0.bib_id).where(t0.token == driver)
    for tok in others:
        probe = aliased(SearchToken)
        stmt = stmt.where(exists().where(probe.token == tok, probe.bib_id == t0.bib_id))
    if confirm:
        stmt = stmt.join(BibRecord, BibRecord.id == t0.bib_id).where(
            *[or_(BibRecord.title.contains(t), BibRecord.author.contains(t)) for t in confirm])
    window = max(WINDOW, 4 * limit)
    candidates = list(session.execute(stmt.order_by(t0.bib_id.desc()).limit(window)).scalars())
    # Titles and authors that begin with the query rank first; fetch them even when they are old.
    upper = _next_prefix(q)
    for column in (BibRecord.title, BibRecord.author):
        candidates += session.execute(
            select(BibRecord.id).where(column >= q, column < upper).order_by(column).limit(limit)).scalars()
    return _rank(session, q, terms, list(dict.fromkeys(candidates)), limit)


def _rank(session: Session, q: str, terms: Sequence[str], ids: list[int], limit: int) -> list[int]:
    if not ids:
        return []
    rows = session.execute(
        select(BibRecord.id, BibRecord.title, BibRecord.author, BibRecord.year).where(BibRecord.id.in_(ids))).all()
    nq = normalise_text(q)

    def key(row: tuple[int, str, str, int | None]) -> tuple[int, int, int, int]:
        bib_id, title, author, year = row
        t, a = normalise_text(title or ""), normalise_text(author or "")
        if t == nq:
            tier = 0
        elif t.startswith(nq):
            tier = 1
        elif a.startswith(nq):
            tier = 2
        elif all(term in t for term in terms):
            tier = 3
        elif all(term in t or term in a for term in terms):
            tier = 4
        else:
            tier = 9  # a prefix-fetched row that does not hold every term: dropped
        return tier, len(t) if tier <= 1 else 0, -(year or 0), -bib_id

    ranked = sorted(((key(tuple(r)), int(r[0])) for r in rows))  # type: ignore[arg-type]
    return [bib_id for k, bib_id in ranked if k[0] < 9][:limit]


def _hits(session: Session, ids: list[int]) -> list[SearchHit]:
    """SearchHits in the order of `ids`, with each bib's call numbers and copies on the shelf."""
    if not ids:
        return []
    bibs = {r[0]: r for r in session.execute(
        select(BibRecord.id, BibRecord.title, BibRecord.author, BibRecord.isbn13).where(BibRecord.id.in_(ids)))}
    copies: dict[int, list[tuple[str, str]]] = {i: [] for i in ids}
    for bib_id, call_number, status in session.execute(
            select(Item.bib_id, Item.call_number, Item.status).where(Item.bib_id.in_(ids)).order_by(Item.id)):
        copies[bib_id].append((call_number, status))
    hits = []
    for bib_id in ids:
        if bib_id not in bibs:
            continue
        _id, title, author, isbn13 = bibs[bib_id]
        items = copies[bib_id]
        hits.append(SearchHit(
            bib_id=bib_id, title=title, author=author or "", isbn13=isbn13,
            call_numbers=tuple(dict.fromkeys(c for c, _s in items)),
            available=sum(1 for _c, s in items if s == ItemStatus.AVAILABLE.value), total=len(items)))
    return hits
