"""The catalog's own search index: single Han characters, Han bigrams and Latin/digit words.

The SQLite that Debian's Python links cannot find one- and two-character Chinese
queries with FTS5 (unicode61 keeps a run of Han characters as one token; trigram
returns no rows for them), and those are what librarians type. So every title and
author is cut into `search_token` rows (token, bib_id), a plain WITHOUT ROWID
table whose primary key is the index: a query token is one range scan, and the
bib ids come out sorted.

The same cutting serves three callers: the ORM hooks below (a bib record added,
changed or deleted through a session keeps its tokens in step, in the same
flush), the demo-data generator (`bulk_token_rows`, already in key order for a
fast append-only load), and `desk_app.core.catalog.search`, which cuts the query.
ORM hooks do not see Core `insert()`/`update()` statements: code that writes
bib records that way (a bulk sync, an import) calls `index_bib` itself.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, delete, event, inspect, insert
from sqlalchemy.orm import Mapper

from desk_app.store.models import BibRecord, SearchToken

MAX_TOKEN_LENGTH = 40  # the column's width; longer Latin words are cut (a prefix still matches)

# CJK Unified Ideographs, Extension A, compatibility ideographs and the supplementary
# planes (Extension B and later: 𡘙, 𠀋 ... appear in Taiwanese names and titles).
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TERM = re.compile(f"([{_HAN}]+)|([a-z0-9]+)")
_HAN_RUN = re.compile(f"[{_HAN}]+")


def normalise_text(text: str) -> str:
    """Full-width to half-width and compatibility forms folded (NFKC), Latin in lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def is_han(term: str) -> bool:
    """True for a run of Han characters (a query term cut by `split_terms`)."""
    return _HAN_RUN.fullmatch(term) is not None


def split_terms(text: str) -> list[str]:
    """The runs of Han characters and the Latin/digit words in `text`, normalised, in order.

    Punctuation and spaces separate terms; a query term never spans them, and
    neither does an indexed bigram.
    """
    return [m.group(0) for m in _TERM.finditer(normalise_text(text))]


def term_tokens(term: str) -> list[str]:
    """The index tokens a document containing `term` must have (all of them).

    One Han character is its own token; a longer Han run needs each of its
    bigrams (the caller confirms runs of three or more with LIKE, since bigrams
    alone do not prove adjacency); a Latin/digit word is one token.
    """
    if not is_han(term):
        return [term[:MAX_TOKEN_LENGTH]]
    if len(term) == 1:
        return [term]
    return list(dict.fromkeys(term[i:i + 2] for i in range(len(term) - 1)))


def text_tokens(text: str) -> set[str]:
    """Every token of one field: each Han character, each Han bigram, each whole word."""
    out: set[str] = set()
    for m in _TERM.finditer(normalise_text(text)):
        han, word = m.group(1), m.group(2)
        if han:
            out.update(han)
            out.update(han[i:i + 2] for i in range(len(han) - 1))
        else:
            out.add(word[:MAX_TOKEN_LENGTH])
    return out


def bib_tokens(title: str | None, author: str | None) -> set[str]:
    """The tokens of a bib record: its title's and its author's, together."""
    return text_tokens(title or "") | text_tokens(author or "")


def bulk_token_rows(bibs: Iterable[tuple[int, str, str]]) -> Iterator[tuple[str, int]]:
    """(token, bib_id) rows for many bibs, in primary-key order, for an append-only bulk load.

    `bibs` must come in ascending bib id order (the generator's order); each token's
    ids are then already sorted, so only the distinct tokens need sorting. Ids are
    kept in compact arrays: about 4 bytes a row instead of a Python tuple each.
    """
    buckets: dict[str, array[int]] = {}
    for bib_id, title, author in bibs:
        for tok in bib_tokens(title, author):
            bucket = buckets.get(tok)
            if bucket is None:
                bucket = buckets[tok] = array("q")
            bucket.append(bib_id)
    for tok in sorted(buckets):
        for bib_id in buckets.pop(tok):
            yield tok, bib_id


def index_bib(connection: Connection, bib_id: int, title: str | None, author: str | None,
              old_title: str | None = None, old_author: str | None = None) -> None:
    """Bring one bib's tokens up to date, inside the caller's transaction.

    Without old values the bib is taken as new. With them, only the tokens that
    changed are deleted or added (deleting by bib id alone would scan the table:
    its key starts with the token).
    """
    new = bib_tokens(title, author)
    old = bib_tokens(old_title, old_author) if (old_title is not None or old_author is not None) else set()
    gone = old - new
    added = new - old
    if gone:
        connection.execute(
            delete(SearchToken).where(SearchToken.bib_id == bib_id, SearchToken.token.in_(sorted(gone)))
        )
    if added:
        connection.execute(insert(SearchToken), [{"token": t, "bib_id": bib_id} for t in sorted(added)])


def unindex_bib(connection: Connection, bib_id: int, title: str | None, author: str | None) -> None:
    tokens = bib_tokens(title, author)
    if tokens:
        connection.execute(
            delete(SearchToken).where(SearchToken.bib_id == bib_id, SearchToken.token.in_(sorted(tokens)))
        )


# ---- ORM hooks: a bib written through a session keeps its tokens in the same flush ----------


_UNKNOWN = object()


def _previous(target: BibRecord, name: str) -> object:
    """The value before this flush; _UNKNOWN if it changed without its old value loaded."""
    history = inspect(target).attrs[name].history
    if history.deleted:
        return history.deleted[0] or ""
    if history.added:
        return _UNKNOWN
    return getattr(target, name) or ""


@event.listens_for(BibRecord, "after_insert")
def _after_insert(_mapper: Mapper[Any], connection: Connection, target: BibRecord) -> None:
    index_bib(connection, target.id, target.title, target.author)


@event.listens_for(BibRecord, "after_update")
def _after_update(_mapper: Mapper[Any], connection: Connection, target: BibRecord) -> None:
    state = inspect(target)
    if not (state.attrs.title.history.has_changes() or state.attrs.author.history.has_changes()):
        return
    old_title, old_author = _previous(target, "title"), _previous(target, "author")
    if old_title is _UNKNOWN or old_author is _UNKNOWN:
        # Rare (the old value was never loaded): drop every token of the bib, a full scan.
        connection.execute(delete(SearchToken).where(SearchToken.bib_id == target.id))
        index_bib(connection, target.id, target.title, target.author)
        return
    index_bib(connection, target.id, target.title, target.author, old_title=str(old_title),
              old_author=str(old_author))


@event.listens_for(BibRecord, "before_delete")
def _before_delete(_mapper: Mapper[Any], connection: Connection, target: BibRecord) -> None:
    # Before, not after: the tokens reference the bib, and foreign keys are on.
    unindex_bib(connection, target.id, target.title, target.author)
