"""The bare `sqlite3` baselines: the same indexed reads, writes and commit as core, with nothing around them.

Each function does by hand what the desk's use case does through the core
(BEGIN IMMEDIATE, the reads that check the scan, the rows written, the outbox
row, the hash-chained audit entry, COMMIT with WAL + synchronous=FULL, then the
reads of the patron as they now stand) on a plain sqlite3 connection, with
rules hard-coded instead of looked up. What the core costs beyond this is what
its layers cost: SQLAlchemy, the rules, the views.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3

from uuid_utils import uuid7

ITEM_BY_BARCODE = (
    "SELECT i.id, i.barcode, i.bib_id, i.item_type, i.status, i.home_branch_id, i.location_branch_id, "
    "i.call_number, b.title FROM item i JOIN bib_record b ON b.id = i.bib_id WHERE i.barcode = ?")
PATRON = "SELECT id, national_id, name, kind, preliminary, global_id FROM patron WHERE id = ?"
CARDS = ("SELECT id, patron_id, card_number, sequence, kind, status, activation_date, expiry_date, burned_uid, "
         "global_id FROM library_card WHERE patron_id = ?")
OPEN_COUNTS = (
    "SELECT i.item_type, count(*), sum(CASE WHEN l.due_date < ? THEN 1 ELSE 0 END) FROM loan l "
    "JOIN item i ON i.id = l.item_id WHERE l.patron_id = ? AND l.returned_at IS NULL GROUP BY i.item_type")
SUSPENSIONS = ("SELECT days, starts_on, borrowing_resumes_on, holds_resume_on FROM suspension "
               "WHERE patron_id = ? AND lifted_at IS NULL AND holds_resume_on > ?")
CURRENT_LOANS = (
    "SELECT l.id, i.barcode, b.title, i.call_number, l.checked_out_at, l.due_date, l.renewals, i.item_type "
    "FROM loan l JOIN item i ON i.id = l.item_id JOIN bib_record b ON b.id = i.bib_id "
    "WHERE l.patron_id = ? AND l.returned_at IS NULL ORDER BY l.due_date, l.id")
OPEN_HOLDS = (
    "SELECT h.id, b.title, h.status, br.name, i.barcode, h.expires_on FROM hold h "
    "JOIN bib_record b ON b.id = h.bib_id JOIN branch br ON br.id = h.pickup_branch_id "
    "LEFT JOIN item i ON i.id = h.item_id "
    "WHERE h.patron_id = ? AND h.status IN ('waiting', 'in_transit', 'ready') ORDER BY h.placed_at, h.id")
POINTS = "SELECT coalesce(sum(points), 0) FROM point_entry WHERE patron_id = ?"
OPEN_LOAN = ("SELECT id, patron_id, card_id, due_date, renewals, checked_out_at, global_id FROM loan "
             "WHERE item_id = ? AND returned_at IS NULL")
NEXT_WAITING = ("SELECT id, patron_id, pickup_branch_id, global_id FROM hold WHERE bib_id = ? AND status = 'waiting' "
                "AND patron_id != 0 ORDER BY placed_at, id LIMIT 1")


def gid() -> str:
    """A global id, made as the desk makes them (UUIDv7 text)."""
    return str(uuid7())


def stamp(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _outbox(conn: sqlite3.Connection, now: str, event_type: str, payload: dict) -> None:
    """The event's row: its type, version 1 and its payload (global ids, UTC), as events.record writes it."""
    payload = {"at": now.replace(" ", "T") + "Z", "actor": None, "branch": "MAIN", **payload}
    conn.execute(
        "INSERT INTO sync_outbox (idempotency_key, created_at, event_type, event_version, payload, sent_at, "
        "attempts, last_error) VALUES (?, ?, ?, 1, ?, NULL, 0, NULL)",
        (gid(), now, event_type, json.dumps(payload, ensure_ascii=False, separators=(",", ":"))))


def _audit(conn: sqlite3.Connection, now: str, staff_id: int | None, username: str, action: str, entity: str,
           entity_id: object, detail: dict) -> None:
    prev = conn.execute("SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = prev[0] if prev else "0" * 64
    text = json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256("\x1f".join([prev_hash, now, username, action, entity, str(entity_id), text])
                            .encode()).hexdigest()
    conn.execute(
        "INSERT INTO audit_entry (global_id, at, staff_id, staff_username, action, entity, entity_id, detail, prev_hash, "
        "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (gid(), now, staff_id, username, action, entity, str(entity_id), text,
                                             prev_hash, digest))


def patron_view(conn: sqlite3.Connection, patron_id: int, today: str) -> tuple[object, ...]:
    """The reads behind the patron panel: the patron, cards, suspensions, current loans, holds, points."""
    return (conn.execute(PATRON, (patron_id,)).fetchone(), conn.execute(CARDS, (patron_id,)).fetchall(),
            conn.execute(SUSPENSIONS, (patron_id, today)).fetchall(),
            conn.execute(CURRENT_LOANS, (patron_id,)).fetchall(), conn.execute(OPEN_HOLDS, (patron_id,)).fetchall(),
            conn.execute(POINTS, (patron_id,)).fetchone())


def check_out(conn: sqlite3.Connection, patron_id: int, barcode: str, now_dt: dt.datetime, today_d: dt.date,
              branch_id: int, staff_id: int | None, username: str) -> int:
    """Lend `barcode` to `patron_id` (the checks read, not enforced); returns the loan id."""
    now, today = stamp(now_dt), today_d.isoformat()
    conn.execute("BEGIN IMMEDIATE")
    item = conn.execute(ITEM_BY_BARCODE, (barcode,)).fetchone()
    patron = conn.execute(PATRON, (patron_id,)).fetchone()
    cards = conn.execute(CARDS, (patron_id,)).fetchall()
    conn.execute(OPEN_COUNTS, (today, patron_id)).fetchall()
    conn.execute(SUSPENSIONS, (patron_id, today)).fetchall()
    card_id = cards[0][0]
    due = (today_d + dt.timedelta(days=21)).isoformat()
    loan_gid, point_gid = gid(), gid()
    loan_id = conn.execute(
        "INSERT INTO loan (global_id, item_id, patron_id, card_id, branch_id, staff_id, checked_out_at, due_date, "
        "returned_at, return_branch_id, renewals, patron_kind, voided_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, 0, ?, NULL)",
        (loan_gid, item[0], patron_id, card_id, branch_id, staff_id, now, due, patron[3])).lastrowid
    conn.execute("UPDATE item SET status = 'on_loan', location_branch_id = ? WHERE id = ?", (branch_id, item[0]))
    conn.execute("INSERT INTO point_entry (global_id, patron_id, points, reason, loan_id, reference, staff_id, "
                 "created_at) VALUES (?, ?, 1, 'checkout', ?, NULL, ?, ?)", (point_gid, patron_id, loan_id, staff_id, now))
    conn.execute("UPDATE hold SET status = 'fulfilled', closed_at = ? WHERE patron_id = ? AND bib_id = ? "
                 "AND status = 'waiting' RETURNING id", (now, patron_id, item[2])).fetchall()
    _outbox(conn, now, "loan.checked_out", {
        "loan": loan_gid, "item": barcode, "patron": patron[5], "card": cards[0][9], "due_date": due,
        "point_entry": point_gid, "points": 1})
    _audit(conn, now, staff_id, username, "check_out", "loan", loan_id,
           {"item": barcode, "patron_id": patron_id, "due_date": due})
    conn.commit()
    patron_view(conn, patron_id, today)
    conn.commit()  # end the read transaction, as the core's session does
    return int(loan_id or 0)


def check_in(conn: sqlite3.Connection, barcode: str, now_dt: dt.datetime, today_d: dt.date, branch_id: int,
             staff_id: int | None, username: str) -> None:
    """Return `barcode`: close the loan, suspend for lateness (1 day per day late), trap the first waiting hold."""
    now, today = stamp(now_dt), today_d.isoformat()
    conn.execute("BEGIN IMMEDIATE")
    item = conn.execute(ITEM_BY_BARCODE, (barcode,)).fetchone()
    loan = conn.execute(OPEN_LOAN, (item[0],)).fetchone()
    conn.execute("UPDATE loan SET returned_at = ?, return_branch_id = ? WHERE id = ?", (now, branch_id, loan[0]))
    _outbox(conn, now, "loan.checked_in", {"loan": loan[6], "item": barcode})
    late = (today_d - dt.date.fromisoformat(loan[3])).days
    status = "available"
    if late > 0:
        ends = [r[2] for r in conn.execute(SUSPENSIONS, (loan[1], today)).fetchall()]
        starts = max([today, *ends])
        resumes = (dt.date.fromisoformat(starts) + dt.timedelta(days=late)).isoformat()
        sid, reason = gid(), f"overdue {late} day(s): {barcode}"
        conn.execute(
            "INSERT INTO suspension (global_id, patron_id, reason, days, starts_on, borrowing_resumes_on, "
            "holds_resume_on, loan_id, created_at, lifted_at, lifted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
            (sid, loan[1], reason, late, starts, resumes, resumes, loan[0], now))
        patron_gid = conn.execute("SELECT global_id FROM patron WHERE id = ?", (loan[1],)).fetchone()[0]
        _outbox(conn, now, "suspension.created", {"suspension": sid, "patron": patron_gid, "loan": loan[6],
                                                  "reason": reason, "days": late, "starts_on": starts,
                                                  "borrowing_resumes_on": resumes, "holds_resume_on": resumes})
    hold = conn.execute(NEXT_WAITING, (item[2],)).fetchone()
    hold_id = None
    if hold is not None:
        hold_id = hold[0]
        expires = (today_d + dt.timedelta(days=7)).isoformat()
        conn.execute("UPDATE hold SET status = 'ready', item_id = ?, ready_at = ?, expires_on = ? WHERE id = ?",
                     (item[0], now, expires, hold_id))
        _outbox(conn, now, "hold.trapped", {"hold": hold[3], "item": barcode, "expires_on": expires})
        conn.execute("SELECT p.name, c.card_number FROM patron p LEFT JOIN library_card c ON c.patron_id = p.id "
                     "WHERE p.id = ? ORDER BY c.sequence DESC LIMIT 1", (hold[1],)).fetchone()
        conn.execute("SELECT name FROM branch WHERE id = ?", (branch_id,)).fetchone()
        status = "on_hold_shelf"
    conn.execute("UPDATE item SET status = ?, location_branch_id = ? WHERE id = ?", (status, branch_id, item[0]))
    _audit(conn, now, staff_id, username, "check_in", "loan", loan[0],
           {"item": barcode, "days_late": late, "routed": status, "hold_id": hold_id})
    conn.commit()
