"""Checkout: an item barcode handed to core until the loan, its point and outbox row are committed.

The patron is already shown (identified before the clock starts), as at the
desk. What is timed is `DeskService.check_out`, the call the desk's worker
makes per item scan: the checks, the writes, COMMIT (WAL, synchronous=FULL),
and the patron as they now stand, which the screen shows next. Beside it, in
the same run and on the same file, interleaved sample by sample, the bare
`sqlite3` baseline of baseline_sql.check_out does the same reads and writes.

Each loan is undone (untimed, by plain SQL) right after it is timed, so every
sample sees the patron as they were: an ordinary patron with a few loans, and
the heavy borrower with 200 current and 5,000 past loans.
"""

from __future__ import annotations

import sqlite3
from functools import partial

from benchmarks import baseline_sql
from benchmarks.common import (
    WRITE_CHECK,
    WRITE_TARGET,
    BenchEnv,
    Desk,
    DeskClock,
    active_card_numbers,
    available_items,
    newest_card_number,
    open_desk,
    quiet_gc,
    raw_connect,
    timed,
)
from benchmarks.stats import Result


def _undo(conn: sqlite3.Connection, loan_id: int, now: str) -> None:
    """Put the patron and the copy back as they were (not timed)."""
    conn.execute("UPDATE loan SET returned_at = ?, voided_at = ? WHERE id = ?", (now, now, loan_id))
    conn.execute("UPDATE item SET status = 'available' WHERE id = (SELECT item_id FROM loan WHERE id = ?)",
                 (loan_id,))
    conn.commit()


def _ready_patrons(desk: Desk, conn: sqlite3.Connection, env: BenchEnv, want: int, exclude: set[int]
                   ) -> list[int]:
    """Patrons whose card identifies with no block (may borrow now)."""
    from desk_app.core.views import Outcome

    ready: list[int] = []
    rng = env.rng("checkout-patrons")
    while len(ready) < want:
        for pid, number in active_card_numbers(conn, rng, 2 * want, exclude | set(ready)):
            result = desk.service.identify(number)
            if result.outcome is Outcome.OK and result.patron is not None and len(result.patron.loans) < 8:
                ready.append(pid)
                if len(ready) == want:
                    break
    return ready


def measure(env: BenchEnv, desk: Desk, conn: sqlite3.Connection, patrons: list[int], n: int, figure: str,
            salt: str) -> Result:
    """`n` core checkouts and `n` baseline checkouts, interleaved, spread over `patrons`."""
    from desk_app.core.views import Outcome

    items = available_items(conn, env.rng(salt), 2 * n)
    clock = DeskClock(env.dataset.today)
    core: list[float] = []
    bare: list[float] = []
    refused = 0
    with quiet_gc():
        for k in range(n):
            pid = patrons[k % len(patrons)]
            ms, result = timed(partial(desk.service.check_out, pid, items[2 * k]))
            if result.outcome is Outcome.OK and result.loan is not None:
                core.append(ms)
                _undo(conn, result.loan.loan_id, baseline_sql.stamp(clock()))
            else:
                refused += 1
            now = clock()
            ms, loan_id = timed(partial(
                baseline_sql.check_out, conn, pid, items[2 * k + 1], now, env.dataset.today, *desk.staff()))
            bare.append(ms)
            _undo(conn, loan_id, baseline_sql.stamp(clock()))
    note = f"{len(core)} checkouts over {len(patrons)} patron(s)"
    if refused:
        note += f"; {refused} refused by a rule and not counted"
    return Result(figure, core or [float("nan")], WRITE_TARGET, WRITE_CHECK, baseline=bare, note=note)


def run(env: BenchEnv) -> list[Result]:
    desk = open_desk(env)
    conn = raw_connect(env.work_path)
    try:
        heavy = env.dataset.heavy_borrower
        results = []
        patrons = _ready_patrons(desk, conn, env, env.n(100, 20), {heavy or 0, *env.dataset.showcase.values()})
        results.append(measure(env, desk, conn, patrons, env.n(1000, 200), "checkout", "checkout-items"))
        if heavy:
            desk.service.identify(newest_card_number(conn, heavy))  # the patron on screen, their card presented
            results.append(measure(env, desk, conn, [heavy], env.n(1000, 100),
                                   "checkout: heavy borrower (200 current, 5,000 past loans)", "checkout-heavy"))
        return results
    finally:
        conn.close()
        desk.close()
