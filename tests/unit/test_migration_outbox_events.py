"""Migration 0005 on a desk file with unsent outbox rows of every old kind: each becomes its version-1 event.

The old rows are written as the desk wrote them before events (entity, entity id,
operation, a payload of local ids); after the upgrade every row decodes through the
event registry, names the right rows by global id, and keeps its place and key.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desk_app import events
from desk_app.store.db import DatabaseOpenError, make_engine, open_database, upgrade
from desk_app.store.models import (
    Branch,
    Hold,
    HoldStatus,
    Item,
    LibraryCard,
    Loan,
    Patron,
    PointEntry,
    Staff,
    StaffRole,
    Suspension,
)
from tests import factories as F

BEFORE = "0004"  # the revision before the outbox became events
OUT = dt.datetime(2026, 11, 2, 2, 0)


def _old_desk(path: Path) -> tuple[str, dict[str, int]]:
    """A desk file at BEFORE with a small library, its loans and holds, and the old outbox rows they made."""
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade(engine, BEFORE)
    ids: dict[str, int] = {}
    with Session(engine) as s:
        world = F.small_world(s)
        staff = Staff(username="lin", display_name="林館員", role=StaffRole.LIBRARIAN.value, password_hash="x",
                      branch_id=world.main.id)
        s.add(staff)
        s.flush()
        main, east = s.get(Branch, world.main.id), s.get(Branch, world.east.id)
        adult, card = s.get(Patron, world.adult.id), s.get(LibraryCard, world.adult_card.id)
        it0, it1 = s.get(Item, world.items[0].id), s.get(Item, world.items[1].id)
        loan = F.loan(s, adult, it0, main, due=dt.date(2026, 11, 23), out=OUT, via=card)
        loan.staff_id = staff.id
        s.add(PointEntry(patron_id=adult.id, points=1, reason="checkout", loan_id=loan.id, staff_id=staff.id,
                         created_at=OUT))
        hold = F.hold(s, adult, it1.bib, east, status=HoldStatus.IN_TRANSIT.value, it=it1)
        sp = F.suspension(s, adult, days=3, starts_on=dt.date(2026, 11, 20))
        sp.loan_id = loan.id
        s.flush()
        ids = {"main": main.id, "east": east.id, "adult": adult.id, "card": card.id, "loan": loan.id,
               "hold": hold.id, "suspension": sp.id, "bib": it1.bib_id, "it0": it0.id, "staff": staff.id}
        b0, b1 = it0.barcode, it1.barcode
        s.commit()
    at = "2026-11-02T02:00:00"
    old = [  # (entity, entity_id, operation, payload) as the old code wrote them
        ("loan", ids["loan"], "check_out", {"item": b0, "patron_id": ids["adult"], "card_id": ids["card"],
                                            "branch_id": ids["main"], "due_date": "2026-11-23", "points": 1, "at": at}),
        ("hold", ids["hold"], "place", {"bib_id": ids["bib"], "patron_id": ids["adult"],
                                        "pickup_branch_id": ids["east"]}),
        ("hold", ids["hold"], "in_transit", {"item": b1, "to_branch": ids["east"]}),
        ("hold", ids["hold"], "ready", {"item": b1, "expires_on": "2026-11-30"}),
        ("hold", ids["hold"], "fulfil", {"loan_id": ids["loan"]}),
        ("hold", ids["hold"], "expire", {}),
        ("loan", ids["loan"], "renew", {"item": b0, "due_date": "2026-12-14", "renewals": 1}),
        ("loan", ids["loan"], "check_in", {"item": b0, "branch_id": ids["main"], "at": at}),
        ("suspension", ids["suspension"], "create", {"patron_id": ids["adult"], "loan_id": ids["loan"], "days": 3}),
        ("item", ids["it0"], "status", {"item": b0, "status": "in_transit", "branch_id": ids["east"]}),
        ("loan", ids["loan"], "void", {"item": b0, "points": -1, "at": at}),
        ("loan_history", "", "anonymise", {"returned_before": "2025-11-02T02:00:00"}),
    ]
    raw = sqlite3.connect(path)
    for n, (entity, entity_id, operation, payload) in enumerate(old, start=1):
        raw.execute("INSERT INTO sync_outbox (idempotency_key, created_at, entity, entity_id, operation, payload, "
                    "sent_at, attempts, last_error) VALUES (?, ?, ?, ?, ?, ?, NULL, 0, NULL)",
                    (f"key-{n}", "2026-11-02 03:00:00.000000", entity, str(entity_id), operation, json.dumps(payload)))
    raw.commit()
    raw.close()
    engine.dispose()
    return url, ids


def test_every_old_row_becomes_its_event(tmp_path: Path) -> None:
    url, ids = _old_desk(tmp_path / "desk.db")
    engine, factory = open_database(url)
    try:
        with factory() as s:
            rows = s.connection().exec_driver_sql(
                "SELECT id, idempotency_key, event_type, event_version, payload FROM sync_outbox ORDER BY id").all()
            decoded = [events.decode(t, v, p) for _i, _k, t, v, p in rows]
            gid = {name: s.get(model, ids[name]).global_id for name, model in (
                ("adult", Patron), ("card", LibraryCard), ("loan", Loan), ("hold", Hold),
                ("suspension", Suspension), ("staff", Staff))}
            point = s.execute(select(PointEntry.global_id)).scalar_one()
            columns = [r[1] for r in s.connection().exec_driver_sql("PRAGMA table_info(sync_outbox)")]
    finally:
        engine.dispose()
    assert [r[1] for r in rows] == [f"key-{n}" for n in range(1, 13)]  # same rows, same order, same keys
    assert [e.TYPE for e in decoded] == [
        "loan.checked_out", "hold.placed", "hold.in_transit", "hold.trapped", "hold.fulfilled", "hold.expired",
        "loan.renewed", "loan.checked_in", "suspension.created", "item.status_changed", "loan.voided",
        "loan_history.anonymised"]
    out = decoded[0]
    assert out == events.LoanCheckedOut(
        at=OUT.replace(tzinfo=dt.timezone.utc), actor=gid["staff"], branch="MAIN", loan=gid["loan"],
        item=out.item, patron=gid["adult"], card=gid["card"], due_date=dt.date(2026, 11, 23), point_entry=point,
        points=1)
    placed = decoded[1]
    assert (placed.hold, placed.patron, placed.pickup_branch) == (gid["hold"], gid["adult"], "EAST")  # type: ignore[attr-defined]
    assert decoded[2].to_branch == "EAST"  # type: ignore[attr-defined]
    assert decoded[4].loan == gid["loan"]  # type: ignore[attr-defined]
    assert (decoded[8].suspension, decoded[8].loan) == (gid["suspension"], gid["loan"])  # type: ignore[attr-defined]
    assert decoded[11].retention_days == 365  # type: ignore[attr-defined]
    assert not {"entity", "entity_id", "operation"} & set(columns)


def test_a_row_naming_a_missing_row_stops_the_upgrade_and_leaves_the_file(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    url, _ids = _old_desk(path)
    raw = sqlite3.connect(path)
    raw.execute("INSERT INTO sync_outbox (idempotency_key, created_at, entity, entity_id, operation, payload, "
                "attempts) VALUES ('odd', '2026-11-02 03:00:00', 'loan', '999', 'renew', '{}', 0)")
    raw.commit()
    before = raw.execute("SELECT * FROM sync_outbox ORDER BY id").fetchall()
    raw.close()
    with pytest.raises(DatabaseOpenError):
        open_database(url)
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT * FROM sync_outbox ORDER BY id").fetchall() == before
    raw.close()


def test_an_empty_outbox_migrates_and_events_follow(tmp_path: Path) -> None:
    engine, factory = open_database(f"sqlite:///{tmp_path / 'new.db'}")
    try:
        with factory() as s:
            first = events.record(s, events.ItemStatusChanged(
                at=dt.datetime.now(dt.timezone.utc), actor=None, branch="MAIN", item="30001000000017",
                status="available"))
            s.commit()
            assert first == 1
            assert s.execute(text("SELECT event_type FROM sync_outbox")).scalar() == "item.status_changed"
    finally:
        engine.dispose()
