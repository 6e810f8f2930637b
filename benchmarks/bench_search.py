"""Catalog search at city size: the first page (50 hits) per kind of query, checked for correctness.

Queries are drawn from the catalog itself by `search_bench.sample_queries`
(one- and two-character Chinese, title words, authors, ISBN-10/13 with and
without hyphens, call-number prefixes). Each query's page is checked once
against a plain scan of the whole table: every hit must match, and the page
must be as full as the matches allow. Timed: `search_catalog` as the F6 dialog
calls it. The baseline is that plain LIKE scan (every match, as ranking would
need without the token index); ISBN and call-number queries use ordinary
indexes and have none.
"""

from __future__ import annotations

import sqlite3
import time
from functools import partial

from benchmarks.common import BenchEnv, quiet_gc, timed
from benchmarks.search_bench import LIMIT, Query, sample_queries
from benchmarks.stats import Check, Result

TARGET = "p95 ≤ 30 ms, correct"


def _wrong(session: object, raw: sqlite3.Connection, group: list[Query]) -> list[str]:
    from desk_app.core.catalog.search import search_catalog

    wrong = []
    for q in group:
        got = [h.bib_id for h in search_catalog(session, q.text, LIMIT)]  # type: ignore[arg-type]
        expected = q.expect(raw)
        if not set(got) <= expected or len(got) != min(LIMIT, len(expected)) or len(set(got)) != len(got):
            wrong.append(q.text)
    return wrong


def _like_scan(raw: sqlite3.Connection, group: list[Query]) -> list[float]:
    samples = []
    for q in group[:5]:
        started = time.perf_counter_ns()
        raw.execute("SELECT id FROM bib_record WHERE title LIKE ? OR author LIKE ?",
                    (f"%{q.text}%", f"%{q.text}%")).fetchall()
        samples.append((time.perf_counter_ns() - started) / 1e6)
    return samples


def _target(correct: bool) -> Check:
    """p95 within the target, and every sampled query's page right."""
    return lambda r: correct and r.p95 <= 30.0


def run(env: BenchEnv) -> list[Result]:
    from desk_app.core.catalog.search import search_catalog
    from desk_app.store.db import open_database

    engine, sessions = open_database(env.url)
    repeats = env.n(400, 60)
    results = []
    try:
        with sqlite3.connect(f"file:{env.work_path}?mode=ro", uri=True) as raw, sessions() as session:
            queries = sample_queries(raw, per_kind=env.n(20, 8), seed=env.seed)
            for kind in dict.fromkeys(q.kind for q in queries):
                group = [q for q in queries if q.kind == kind]
                wrong = _wrong(session, raw, group)
                samples = []
                with quiet_gc():
                    for k in range(max(repeats, len(group))):
                        text = group[k % len(group)].text
                        samples.append(timed(partial(search_catalog, session, text, LIMIT))[0])
                baseline = None if "ISBN" in kind or "call" in kind else _like_scan(raw, group)
                note = f"{len(group)} different queries, {len(samples)} searches"
                if wrong:
                    note += f"; WRONG results for {len(wrong)}: {', '.join(wrong[:5])}"
                results.append(Result(kind, samples, TARGET, _target(correct=not wrong), baseline=baseline,
                                      note=note))
    finally:
        engine.dispose()
    return results

