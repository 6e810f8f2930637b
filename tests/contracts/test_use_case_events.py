"""Every use case that writes records exactly its events, in order, naming rows by their global ids.

Each case runs through DeskService (or the core function a command calls) on a real SQLite
file, signed in as a real staff account, and compares the outbox rows it added with the
table in docs/events.md. Every row must decode through the event registry, and the ids in
it must be the global ids of the rows it names. Refusals and reads add no row.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desk_app import events
from desk_app.core.desk import DeskService
from desk_app.core.staff import accounts, privacy
from desk_app.core.staff.permissions import Actor
from desk_app.core.views import Outcome
from desk_app.store.models import (
    BibRecord,
    Branch,
    Hold,
    HoldStatus,
    Item,
    ItemStatus,
    LibraryCard,
    Loan,
    OutboxEntry,
    Patron,
    PointEntry,
    Staff,
    StaffRole,
    Suspension,
)
from tests import factories as F

PASSWORD = "correct horse battery"
UTC = dt.timezone.utc


@pytest.fixture
def world(session_factory: sessionmaker[Session]) -> F.World:
    with session_factory() as s:
        return F.small_world(s)


@pytest.fixture
def clock() -> F.FakeClock:
    return F.FakeClock()


@pytest.fixture
def admin(world: F.World) -> Actor:
    """The set-up account a fresh desk's first administrator is made with (no staff row of its own)."""
    return Actor(None, "setup", StaffRole.ADMINISTRATOR, world.main.id)


@pytest.fixture
def librarian(session_factory: sessionmaker[Session], world: F.World, admin: Actor) -> Actor:
    accounts.create_staff(session_factory, admin, "librarian1", "林館員", StaffRole.LIBRARIAN, PASSWORD,
                          branch_id=world.main.id)
    return accounts.authenticate(session_factory, "librarian1", PASSWORD, branch_id=world.main.id)


@pytest.fixture
def desk(session_factory: sessionmaker[Session], librarian: Actor, clock: F.FakeClock) -> DeskService:
    return DeskService(session_factory, librarian, clock=clock)


def _row_ids(session_factory: sessionmaker[Session]) -> set[int]:
    with session_factory() as s:
        return set(s.execute(select(OutboxEntry.id)).scalars())


def written(session_factory: sessionmaker[Session], action: Callable[[], Any]) -> list[events.Event]:
    """The events `action` recorded (outbox rows it added), decoded through the registry."""
    before = _row_ids(session_factory)
    action()
    with session_factory() as s:
        rows = [r for r in s.execute(select(OutboxEntry).order_by(OutboxEntry.id)).scalars() if r.id not in before]
    out = []
    for r in rows:
        assert r.sent_at is None and r.attempts == 0 and len(r.idempotency_key) == 36
        event = events.decode(r.event_type, r.event_version, r.payload)
        assert event.VERSION == events.event_class(r.event_type).VERSION  # the desk writes the newest
        out.append(event)
    return out


def types(evs: list[events.Event]) -> list[str]:
    return [e.TYPE for e in evs]


def gid(session_factory: sessionmaker[Session], model: Any, row_id: int) -> str:
    with session_factory() as s:
        return str(s.get(model, row_id).global_id)


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=F.NOW.tzinfo)


def _item(s: Session, world: F.World, n: int = 0) -> Item:
    found = s.get(Item, world.items[n].id)
    assert found is not None
    return found


# ---- check out --------------------------------------------------------------------------------


def test_check_out_a_shelf_copy(desk, world, session_factory, librarian, clock):
    barcode = world.items[0].barcode
    evs = written(session_factory, lambda: desk.check_out(world.adult.id, barcode))
    assert types(evs) == ["loan.checked_out"]
    with session_factory() as s:
        loan = s.execute(select(Loan)).scalar_one()
        point = s.execute(select(PointEntry)).scalar_one()
        assert evs[0] == events.LoanCheckedOut(
            at=clock.now, actor=s.get(Staff, librarian.staff_id).global_id, branch="MAIN", loan=loan.global_id,
            item=barcode, patron=s.get(Patron, world.adult.id).global_id,
            card=s.get(LibraryCard, world.adult_card.id).global_id, due_date=loan.due_date,
            point_entry=point.global_id, points=1)
    assert evs[0].at.tzinfo is not None and evs[0].at.utcoffset() == dt.timedelta(0)


def test_check_out_fills_the_patrons_own_waiting_hold(desk, world, session_factory):
    with session_factory() as s:
        hold = F.hold(s, s.get(Patron, world.adult.id), _item(s, world).bib, s.get(Branch, world.main.id))
        s.commit()
        hold_id = hold.id
    evs = written(session_factory, lambda: desk.check_out(world.adult.id, world.items[0].barcode))
    assert types(evs) == ["loan.checked_out", "hold.fulfilled"]
    assert evs[1].hold == gid(session_factory, Hold, hold_id)  # type: ignore[attr-defined]
    assert (evs[1].loan, evs[1].item) == (evs[0].loan, world.items[0].barcode)  # type: ignore[attr-defined]


def test_hand_over_a_hold_from_the_shelf(desk, world, session_factory):
    with session_factory() as s:
        hold = F.trapped_for(s, s.get(Patron, world.adult.id), _item(s, world), s.get(Branch, world.main.id))
        s.commit()
        hold_id = hold.id
    evs = written(session_factory, lambda: desk.hand_over_hold(world.adult.id, world.items[0].barcode))
    assert types(evs) == ["loan.checked_out", "hold.fulfilled"]
    assert evs[1].hold == gid(session_factory, Hold, hold_id)  # type: ignore[attr-defined]


def test_a_refused_or_repeated_scan_writes_no_event(desk, world, session_factory):
    desk.check_out(world.adult.id, world.items[0].barcode)
    assert written(session_factory, lambda: desk.check_out(world.adult.id, world.items[0].barcode)) == []
    assert written(session_factory, lambda: desk.check_out(world.adult.id, "31234")) == []
    assert written(session_factory, lambda: desk.renew(world.adult.id, world.items[1].barcode)) == []
    assert written(session_factory, lambda: desk.identify(world.adult_card.card_number)) == []


# ---- check in ---------------------------------------------------------------------------------


def test_check_in_on_time(desk, world, session_factory):
    desk.check_out(world.adult.id, world.items[0].barcode)
    evs = written(session_factory, lambda: desk.check_in(world.items[0].barcode))
    assert types(evs) == ["loan.checked_in"]
    with session_factory() as s:
        assert evs[0].loan == s.execute(select(Loan.global_id)).scalar_one()  # type: ignore[attr-defined]


def test_check_in_late_suspends(desk, world, session_factory, clock):
    desk.check_out(world.adult.id, world.items[0].barcode)
    clock.now = _at(dt.date(2026, 12, 18))  # 3 days late
    evs = written(session_factory, lambda: desk.check_in(world.items[0].barcode))
    assert types(evs) == ["loan.checked_in", "suspension.created"]
    with session_factory() as s:
        sp = s.execute(select(Suspension)).scalar_one()
        assert evs[1] == events.SuspensionCreated(
            **{k: getattr(evs[0], k) for k in ("at", "actor", "branch")}, suspension=sp.global_id,
            patron=s.get(Patron, world.adult.id).global_id, loan=evs[0].loan,  # type: ignore[attr-defined]
            reason=sp.reason, days=3, starts_on=sp.starts_on, borrowing_resumes_on=sp.borrowing_resumes_on,
            holds_resume_on=sp.holds_resume_on)


def test_check_in_traps_for_a_patron_waiting_here(desk, world, session_factory):
    desk.check_out(world.adult.id, world.items[0].barcode)
    with session_factory() as s:
        waiting = F.hold(s, F.patron(s, name="周杰"), _item(s, world).bib, s.get(Branch, world.main.id))
        s.commit()
        hold_id = waiting.id
    evs = written(session_factory, lambda: desk.check_in(world.items[0].barcode))
    assert types(evs) == ["loan.checked_in", "hold.trapped"]
    with session_factory() as s:
        hold = s.get(Hold, hold_id)
        assert (evs[1].hold, evs[1].item, evs[1].expires_on) == (  # type: ignore[attr-defined]
            hold.global_id, world.items[0].barcode, hold.expires_on)


def test_check_in_sends_a_copy_to_a_patron_waiting_elsewhere(desk, world, session_factory):
    desk.check_out(world.adult.id, world.items[0].barcode)
    with session_factory() as s:
        F.hold(s, F.patron(s, name="周杰"), _item(s, world).bib, s.get(Branch, world.east.id))
        s.commit()
    evs = written(session_factory, lambda: desk.check_in(world.items[0].barcode))
    assert types(evs) == ["loan.checked_in", "hold.in_transit"]
    assert (evs[1].to_branch, evs[1].branch) == ("EAST", "MAIN")  # type: ignore[attr-defined]


def test_check_in_of_a_copy_not_on_loan(desk, world, session_factory):
    with session_factory() as s:
        it = _item(s, world)
        it.home_branch_id = world.east.id  # it belongs to EAST: back home it goes
        s.commit()
    evs = written(session_factory, lambda: desk.check_in(world.items[0].barcode))
    assert types(evs) == ["item.status_changed"]
    assert (evs[0].item, evs[0].status) == (world.items[0].barcode, "in_transit")  # type: ignore[attr-defined]


def test_check_in_receives_a_copy_in_transit_for_a_hold_here(desk, world, session_factory):
    with session_factory() as s:
        it = _item(s, world)
        it.status = ItemStatus.IN_TRANSIT.value
        hold = F.hold(s, F.patron(s, name="周杰"), it.bib, s.get(Branch, world.main.id),
                      status=HoldStatus.IN_TRANSIT.value, it=it)
        s.commit()
        hold_id = hold.id
    evs = written(session_factory, lambda: desk.check_in(world.items[0].barcode))
    assert types(evs) == ["hold.trapped"]
    assert evs[0].hold == gid(session_factory, Hold, hold_id)  # type: ignore[attr-defined]


# ---- renew, undo, holds -----------------------------------------------------------------------


def test_renew(desk, world, session_factory, clock):
    desk.check_out(world.adult.id, world.items[0].barcode)
    clock.now = _at(dt.date(2026, 12, 10))
    evs = written(session_factory, lambda: desk.renew(world.adult.id, world.items[0].barcode))
    assert types(evs) == ["loan.renewed"]
    with session_factory() as s:
        loan = s.execute(select(Loan)).scalar_one()
        assert (evs[0].loan, evs[0].due_date, evs[0].renewals) == (  # type: ignore[attr-defined]
            loan.global_id, loan.due_date, 1)


def test_undo_a_checkout(desk, world, session_factory):
    out = desk.check_out(world.adult.id, world.items[0].barcode)
    evs = written(session_factory, lambda: desk.undo_checkout(out.loan.loan_id))
    assert types(evs) == ["loan.voided"]
    with session_factory() as s:
        reversal = s.execute(select(PointEntry).where(PointEntry.reason == "reversal")).scalar_one()
        assert evs[0].loan == s.get(Loan, out.loan.loan_id).global_id  # type: ignore[attr-defined]
        assert (evs[0].reversal_entry, evs[0].points, evs[0].hold_reopened) == (  # type: ignore[attr-defined]
            reversal.global_id, -1, None)


def test_undo_a_hand_over_reopens_the_hold(desk, world, session_factory):
    with session_factory() as s:
        hold = F.trapped_for(s, s.get(Patron, world.adult.id), _item(s, world), s.get(Branch, world.main.id))
        s.commit()
        hold_id = hold.id
    out = desk.hand_over_hold(world.adult.id, world.items[0].barcode)
    evs = written(session_factory, lambda: desk.undo_checkout(out.loan.loan_id))
    assert types(evs) == ["loan.voided"]
    assert evs[0].hold_reopened == gid(session_factory, Hold, hold_id)  # type: ignore[attr-defined]


def test_place_a_hold(desk, world, session_factory):
    with session_factory() as s:
        bib_id = _item(s, world).bib_id
    evs = written(session_factory, lambda: desk.place_hold(world.adult.id, bib_id, pickup_branch_id=world.east.id))
    assert types(evs) == ["hold.placed"]
    with session_factory() as s:
        hold = s.execute(select(Hold)).scalar_one()
        assert evs[0] == events.HoldPlaced(
            **{k: getattr(evs[0], k) for k in ("at", "actor", "branch")}, hold=hold.global_id,
            patron=s.get(Patron, world.adult.id).global_id, card=s.get(LibraryCard, world.adult_card.id).global_id,
            bib=s.get(BibRecord, bib_id).global_id, pickup_branch="EAST")


def test_expire_holds_passes_each_copy_on(desk, world, session_factory, clock):
    with session_factory() as s:
        it = _item(s, world)
        main = s.get(Branch, world.main.id)
        first = F.hold(s, s.get(Patron, world.adult.id), it.bib, main)
        F.hold(s, F.patron(s, name="周杰"), it.bib, main)
        s.commit()
        first_id = first.id
    desk.check_in(world.items[0].barcode)  # trapped for the first in the queue
    clock.now = _at(dt.date(2026, 12, 2))
    evs = written(session_factory, desk.expire_holds)
    assert types(evs) == ["hold.expired", "hold.trapped"]
    assert evs[0].hold == gid(session_factory, Hold, first_id)  # type: ignore[attr-defined]
    clock.now = _at(dt.date(2026, 12, 20))
    evs = written(session_factory, desk.expire_holds)
    assert types(evs) == ["hold.expired", "item.status_changed"]
    assert evs[1].status == "available"  # type: ignore[attr-defined]


# ---- privacy and staff -------------------------------------------------------------------------


def test_anonymise_loan_history(desk, world, session_factory, clock, admin):
    desk.check_out(world.adult.id, world.items[0].barcode)
    desk.check_in(world.items[0].barcode)
    later = dt.datetime(2028, 1, 1, 2, 0)
    assert written(session_factory, lambda: privacy.anonymise_history(
        session_factory, admin, retention=365, now=later, dry_run=True)) == []
    evs = written(session_factory, lambda: privacy.anonymise_history(session_factory, admin, retention=365, now=later))
    assert types(evs) == ["loan_history.anonymised"]
    assert evs[0] == events.LoanHistoryAnonymised(
        at=later.replace(tzinfo=UTC), actor=None, branch="MAIN",
        returned_before=dt.datetime(2027, 1, 1, 2, 0, tzinfo=UTC), retention_days=365, loans=1)


def test_staff_changes(session_factory, librarian, admin):
    def staff_gid(username: str) -> str:
        with session_factory() as s:
            return str(s.execute(select(Staff.global_id).where(Staff.username == username)).scalar_one())

    evs = written(session_factory, lambda: accounts.create_staff(
        session_factory, admin, "chen", "陳主任", StaffRole.SUPERVISOR, PASSWORD, branch_id=librarian.branch_id))
    assert types(evs) == ["staff.added"]
    with session_factory() as s:
        chen = s.execute(select(Staff).where(Staff.username == "chen")).scalar_one()
        assert evs[0] == events.StaffAdded(
            at=evs[0].at, actor=None, branch="MAIN", staff=chen.global_id, username="chen", display_name="陳主任",
            role="supervisor", home_branch="MAIN", password_hash=chen.password_hash)
    boss = Actor(None, "setup", StaffRole.ADMINISTRATOR, librarian.branch_id)
    evs = written(session_factory, lambda: accounts.set_role(session_factory, boss, "chen", StaffRole.LIBRARIAN))
    assert types(evs) == ["staff.role_changed"] and evs[0].role == "librarian"  # type: ignore[attr-defined]
    evs = written(session_factory, lambda: accounts.disable_staff(session_factory, boss, "chen"))
    assert types(evs) == ["staff.disabled"] and evs[0].staff == staff_gid("chen")  # type: ignore[attr-defined]
    assert written(session_factory, lambda: accounts.disable_staff(session_factory, boss, "chen")) == []
    evs = written(session_factory, lambda: accounts.enable_staff(session_factory, boss, "chen"))
    assert types(evs) == ["staff.enabled"]
    evs = written(session_factory, lambda: accounts.change_password(
        session_factory, librarian, "librarian1", "a new passphrase", old_password=PASSWORD))
    assert types(evs) == ["staff.password_changed"]
    assert (evs[0].actor, evs[0].staff, evs[0].reset) == (  # type: ignore[attr-defined]
        staff_gid("librarian1"), staff_gid("librarian1"), False)
    evs = written(session_factory, lambda: accounts.change_password(session_factory, boss, "chen", "reset by admin"))
    assert types(evs) == ["staff.password_changed"] and evs[0].reset  # type: ignore[attr-defined]
    # Signing in (and failing to) is the desk's own business: no event.
    assert written(session_factory, lambda: accounts.authenticate(session_factory, "chen", "reset by admin")) == []
    with pytest.raises(accounts.SignInFailed):
        accounts.authenticate(session_factory, "chen", "wrong password")


def test_every_outbox_row_of_a_busy_day_decodes(desk, world, session_factory, clock):
    """A whole day's rows, read back the way the sync engine will: raw, decoded by type and version."""
    desk.check_out(world.adult.id, world.items[0].barcode)
    desk.check_out(world.adult.id, world.items[1].barcode)
    desk.renew(world.adult.id, world.items[0].barcode)
    desk.check_in(world.items[1].barcode)
    with session_factory() as s:
        raw = s.connection().exec_driver_sql(
            "SELECT event_type, event_version, payload FROM sync_outbox ORDER BY id").all()
    decoded = [events.decode(t, v, p) for t, v, p in raw]
    # The librarian's account first; renewing on the checkout day changes nothing, so writes nothing.
    assert [e.TYPE for e in decoded] == ["staff.added", "loan.checked_out", "loan.checked_out", "loan.checked_in"]
    assert all(json.loads(p)["at"].endswith("Z") for _t, _v, p in raw)


def test_only_the_event_module_writes_the_outbox() -> None:
    """No payload is built inline: outside desk_app/events, only the store (model, migrations, counts) names the outbox."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    allowed = {"desk_app/events/outbox.py", "desk_app/store/models.py", "desk_app/store/outbox.py"}
    offenders = []
    for path in sorted((root / "desk_app").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel in allowed or rel.startswith("desk_app/store/migrations/"):
            continue
        text = path.read_text(encoding="utf-8")
        if any(word in text for word in ("OutboxEntry", "sync_outbox", "enqueue(")):
            offenders.append(rel)
    assert offenders == [], f"outbox rows are made only by events.record: {offenders}"
