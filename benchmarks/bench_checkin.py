"""Check-in: a late return that earns a suspension, and whose title another patron waits for.

Set up untimed in one transaction: copies lent 5 to 30 days past their due
date, each title with a waiting hold for pickup at this branch. Timed:
`DeskService.check_in(barcode)` until the loan is closed, the suspension
written, the hold trapped (on the shelf here, with its slip), the outbox rows
and audit entry committed. Beside it, interleaved, baseline_sql.check_in does
the same by hand on the same file.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from functools import partial

from benchmarks import baseline_sql
from benchmarks.common import (
    WRITE_CHECK,
    WRITE_TARGET,
    BenchEnv,
    DeskClock,
    active_card_numbers,
    available_items,
    open_desk,
    quiet_gc,
    raw_connect,
    timed,
)
from benchmarks.stats import Result


def prepare(env: BenchEnv, conn: sqlite3.Connection, n: int) -> list[str]:
    """`n` overdue loans on titles with a waiting hold; returns the copies' barcodes (one per title)."""
    rng = env.rng("checkin")
    today = env.dataset.today
    now = baseline_sql.stamp(DeskClock(today)())
    exclude = {env.dataset.heavy_borrower or 0, *env.dataset.showcase.values()}
    people = active_card_numbers(conn, rng, max(40, n // 2), exclude)
    ids = [pid for pid, _ in people]
    barcodes: list[str] = []
    bibs: set[int] = set()
    branch = conn.execute("SELECT min(id) FROM branch").fetchone()[0]
    conn.execute("BEGIN IMMEDIATE")
    for barcode in available_items(conn, rng, 2 * n):
        if len(barcodes) == n:
            break
        item_id, bib_id = conn.execute("SELECT id, bib_id FROM item WHERE barcode = ?", (barcode,)).fetchone()
        if bib_id in bibs:
            continue
        bibs.add(bib_id)
        borrower, waiter = rng.sample(ids, 2)
        card = conn.execute("SELECT id FROM library_card WHERE patron_id = ? AND status = 'active' LIMIT 1",
                            (borrower,)).fetchone()[0]
        due = today - dt.timedelta(days=rng.randint(5, 30))
        out = dt.datetime.combine(due - dt.timedelta(days=21), dt.time(3, 0))
        conn.execute(
            "INSERT INTO loan (item_id, patron_id, card_id, branch_id, staff_id, checked_out_at, due_date, "
            "returned_at, return_branch_id, renewals, patron_kind, voided_at) "
            "VALUES (?, ?, ?, ?, NULL, ?, ?, NULL, NULL, 0, 'adult', NULL)",
            (item_id, borrower, card, branch, baseline_sql.stamp(out), due.isoformat()))
        conn.execute("UPDATE item SET status = 'on_loan' WHERE id = ?", (item_id,))
        conn.execute("INSERT INTO hold (bib_id, patron_id, pickup_branch_id, status, item_id, placed_at, ready_at, "
                     "expires_on, closed_at) VALUES (?, ?, ?, 'waiting', NULL, ?, NULL, NULL, NULL)",
                     (bib_id, waiter, branch, now))
        barcodes.append(barcode)
    conn.commit()
    return barcodes


def run(env: BenchEnv) -> list[Result]:
    from desk_app.core.views import Outcome

    n = env.n(1000, 200)
    desk = open_desk(env)
    conn = raw_connect(env.work_path)
    try:
        barcodes = prepare(env, conn, 2 * n)
        clock = DeskClock(env.dataset.today)
        core: list[float] = []
        bare: list[float] = []
        unexpected = 0
        with quiet_gc():
            for k in range(n):
                ms, result = timed(partial(desk.service.check_in, barcodes[2 * k]))
                core.append(ms)
                trapped = result.slip is not None and result.slip.kind == "hold"
                if result.outcome is not Outcome.NOTICE or not trapped or not result.notes:
                    unexpected += 1
                now = clock()
                bare.append(timed(partial(
                    baseline_sql.check_in, conn, barcodes[2 * k + 1], now, env.dataset.today, *desk.staff()))[0])
        note = f"{len(core)} returns, each late (suspension) with a hold trapped"
        if unexpected:
            note += f"; {unexpected} did not end as a trapped hold with a suspension note"
        return [Result("check-in", core, WRITE_TARGET, WRITE_CHECK, baseline=bare, note=note)]
    finally:
        conn.close()
        desk.close()
