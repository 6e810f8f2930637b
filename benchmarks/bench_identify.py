"""Identify: a credential turned into a patron with blocks and current loans, one figure per kind.

Timed: the DeskService call the desk's worker makes (identify for a card
number, a typed national ID or a mobile-card token; identify_transit_card for a
tapped EasyCard / iPass UID), including the audit entry every access to a
patron's record commits. The heavy borrower (200 current loans) is timed
through their card number. Mobile tokens are signed for this run with a fresh
Ed25519 key whose public half the desk is given, as the central server would.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import partial

from benchmarks.common import (
    BenchEnv,
    DeskClock,
    active_card_numbers,
    newest_card_number,
    open_desk,
    quiet_gc,
    raw_connect,
    timed,
)
from benchmarks.stats import Result, p99_at_most

TARGET = "p99 ≤ 10 ms"


def _bound_uids(conn: sqlite3.Connection, n: int) -> list[str]:
    rows = conn.execute("SELECT uid_hex FROM card_binding WHERE unbound_at IS NULL ORDER BY random() LIMIT ?",
                        (n,)).fetchall()
    return [r[0] for r in rows]


def run(env: BenchEnv) -> list[Result]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from desk_app.core.patrons.mobile_token import public_key_bytes, sign_token
    from desk_app.core.views import Outcome

    key = Ed25519PrivateKey.generate()
    desk = open_desk(env, token_public_key=public_key_bytes(key))
    conn = raw_connect(env.work_path)
    clock = DeskClock(env.dataset.today)
    n = env.n(1000, 150)
    try:
        rng = env.rng("identify")
        heavy = env.dataset.heavy_borrower
        people = active_card_numbers(conn, rng, min(n, 500), {heavy or 0})
        cards = [number for _pid, number in people]
        nids = [conn.execute("SELECT national_id FROM patron WHERE id = ?", (pid,)).fetchone()[0]
                for pid, _ in people]
        uids = _bound_uids(conn, min(n, 500))
        tokens = [sign_token(key, number, issued_at=clock()) for number in cards]
        kinds: list[tuple[str, list[str], Callable[[str], object]]] = [
            ("identify: card number", cards, desk.service.identify),
            ("identify: national ID", nids, desk.service.identify),
            ("identify: EasyCard / iPass UID", uids, desk.service.identify_transit_card),
            ("identify: mobile card token", tokens, desk.service.identify),
        ]
        if heavy:
            kinds.append(("identify: heavy borrower (200 current loans)", [newest_card_number(conn, heavy)],
                          desk.service.identify))
        results = []
        for figure, values, call in kinds:
            if not values:
                results.append(Result(figure, [float("nan")], TARGET, p99_at_most(10.0), note="no such credential"))
                continue
            samples: list[float] = []
            errors = 0
            with quiet_gc():
                for k in range(n):
                    text = values[k % len(values)]
                    ms, result = timed(partial(call, text))
                    samples.append(ms)
                    if result.outcome is Outcome.ERROR or result.patron is None:  # type: ignore[attr-defined]
                        errors += 1
            note = f"{n} identifications of {len(values)} different credential(s)"
            if errors:
                note += f"; {errors} found no patron"
            results.append(Result(figure, samples, TARGET, p99_at_most(10.0), note=note))
        return results
    finally:
        conn.close()
        desk.close()
