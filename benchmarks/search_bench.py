"""Catalog search latency at city size, per kind of query, with correctness checked on the way.

Reusable by the benchmarks runner: `measure_search(url)` returns one result per
query kind with the keys of `python -m benchmarks --json` (figure, median_ms,
p95_ms, p99_ms, target, baseline_ms, ratio, met) plus `correct` and `samples`.
The baseline is the plain scan a search without the token index would need to
rank its results (LIKE over every title and author, all matches), timed on the
same file; ISBN and call-number queries use ordinary indexes and have none.

Run alone: `python -m benchmarks.search_bench --db sqlite:///city.db [--repeats 200]`.
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import make_url
from stdnum import isbn as stdnum_isbn

from desk_app.core.catalog.search import search_catalog
from desk_app.store.db import open_database

TARGET_P95_MS = 30.0
LIMIT = 50
_HAN = re.compile(r"[\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Query:
    kind: str
    text: str
    expect: Callable[[sqlite3.Connection], set[int]]  # every bib that should match (a plain scan)


def _contains(text: str) -> Callable[[sqlite3.Connection], set[int]]:
    def scan(conn: sqlite3.Connection) -> set[int]:
        return {r[0] for r in conn.execute(
            "SELECT id FROM bib_record WHERE instr(title, ?) > 0 OR instr(author, ?) > 0", (text, text))}
    return scan


def _isbn(isbn13: str) -> Callable[[sqlite3.Connection], set[int]]:
    return lambda conn: {r[0] for r in conn.execute("SELECT id FROM bib_record WHERE isbn13 = ?", (isbn13,))}


def _call_number(prefix: str) -> Callable[[sqlite3.Connection], set[int]]:
    return lambda conn: {r[0] for r in conn.execute(
        "SELECT DISTINCT bib_id FROM item WHERE substr(call_number, 1, ?) = ?", (len(prefix), prefix))}


def sample_queries(conn: sqlite3.Connection, per_kind: int = 20, seed: int = 1) -> list[Query]:
    """Queries drawn from the catalog itself, so each kind has real matches (common and rare)."""
    rng = random.Random(seed)
    max_id = conn.execute("SELECT max(id) FROM bib_record").fetchone()[0] or 0
    rows = [conn.execute("SELECT title, author, isbn13 FROM bib_record WHERE id = ?",
                         (rng.randint(1, max_id),)).fetchone() for _ in range(per_kind * 4)]
    rows = [r for r in rows if r]
    runs = [run for title, _a, _i in rows for run in _HAN.findall(title)]
    out: list[Query] = []
    for length, kind in ((1, "search: 1 Chinese character"), (2, "search: 2 Chinese characters")):
        pieces = [run[i:i + length] for run in runs for i in range(len(run) - length + 1)]
        out += [Query(kind, p, _contains(p)) for p in rng.sample(pieces, min(per_kind, len(pieces)))]
    words = [run for run in runs if len(run) >= 3]
    out += [Query("search: title word (3+ characters)", w, _contains(w))
            for w in rng.sample(words, min(per_kind, len(words)))]
    authors = sorted({a.split("、")[0] for _t, a, _i in rows if a})
    out += [Query("search: author", a, _contains(a)) for a in rng.sample(authors, min(per_kind, len(authors)))]
    isbns = [i for _t, _a, i in rows if i][:per_kind]
    for i in isbns:
        ten = stdnum_isbn.to_isbn10(i)
        out.append(Query("search: ISBN-13", i, _isbn(i)))
        out.append(Query("search: ISBN-13 with hyphens", stdnum_isbn.format(i), _isbn(i)))
        out.append(Query("search: ISBN-10", ten, _isbn(i)))
        out.append(Query("search: ISBN-10 with hyphens", stdnum_isbn.format(ten), _isbn(i)))
    max_item = conn.execute("SELECT max(id) FROM item").fetchone()[0] or 1
    calls = [r[0] for r in conn.execute("SELECT call_number FROM item WHERE id IN (%s)" % ",".join(
        str(rng.randint(1, max_item)) for _ in range(per_kind * 3)))]
    prefixes = [c.split()[0] if k % 2 else " ".join(c.split()[:2])[:-2] for k, c in enumerate(calls)]
    out += [Query("search: call-number prefix", p, _call_number(p)) for p in prefixes[:per_kind]]
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure_search(url: str, repeats: int = 200, per_kind: int = 20, seed: int = 1) -> list[dict[str, object]]:
    """Time the first page of each kind of query `repeats` times in all; check each query once."""
    engine, factory = open_database(url, migrate=False)
    path = make_url(url).database
    results: list[dict[str, object]] = []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as raw, factory() as session:
        queries = sample_queries(raw, per_kind, seed)
        kinds = list(dict.fromkeys(q.kind for q in queries))
        for kind in kinds:
            group = [q for q in queries if q.kind == kind]
            wrong: list[str] = []
            for q in group:  # correctness: the page is a subset of the scan and as full as it can be
                got = [h.bib_id for h in search_catalog(session, q.text, LIMIT)]
                expected = q.expect(raw)
                if not set(got) <= expected or len(got) != min(LIMIT, len(expected)):
                    wrong.append(q.text)
            times: list[float] = []
            for k in range(max(repeats, len(group))):
                q = group[k % len(group)]
                started = time.perf_counter()
                search_catalog(session, q.text, LIMIT)
                times.append((time.perf_counter() - started) * 1000)
            baseline = _baseline_ms(raw, group) if "ISBN" not in kind and "call" not in kind else None
            p95 = _pct(times, 0.95)
            results.append({
                "figure": kind, "median_ms": round(statistics.median(times), 3), "p95_ms": round(p95, 3),
                "p99_ms": round(_pct(times, 0.99), 3), "target": f"p95 <= {TARGET_P95_MS:g} ms, correct",
                "baseline_ms": None if baseline is None else round(baseline, 3),
                "ratio": None if not baseline else round(statistics.median(times) / baseline, 3),
                "met": p95 <= TARGET_P95_MS and not wrong, "correct": not wrong, "wrong": wrong,
                "samples": len(times),
            })
    engine.dispose()
    return results


def _baseline_ms(raw: sqlite3.Connection, group: list[Query]) -> float:
    """Median of a plain LIKE scan for a few of the group's queries: every match, as ranking needs."""
    times = []
    for q in group[:5]:
        started = time.perf_counter()
        raw.execute("SELECT id FROM bib_record WHERE title LIKE ? OR author LIKE ?",
                    (f"%{q.text}%", f"%{q.text}%")).fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, metavar="URL")
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    print("| figure | median ms | p95 ms | p99 ms | target | LIKE scan ms | ratio | met |")
    print("|---|---|---|---|---|---|---|---|")
    for r in measure_search(args.db, args.repeats):
        print(f"| {r['figure']} | {r['median_ms']} | {r['p95_ms']} | {r['p99_ms']} | {r['target']} | "
              f"{r['baseline_ms'] if r['baseline_ms'] is not None else '-'} | {r['ratio'] or '-'} | "
              f"{'met' if r['met'] else 'MISSED'}{'' if r['correct'] else ' (wrong: ' + ', '.join(r['wrong']) + ')'} |")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
