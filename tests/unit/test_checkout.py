"""Check out at the desk: every rule of issue 5, on a real SQLite file."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from desk_app.core.staff.audit import verify_chain
from desk_app.core.circulation.barcodes import make_item_barcode
from desk_app.core.desk import DeskService
from desk_app.core.staff.permissions import PermissionDenied
from desk_app.core.views import BlockKind, Outcome
from desk_app.store.models import (
    CardKind,
    CardStatus,
    HoldStatus,
    Item,
    ItemStatus,
    Loan,
    OutboxEntry,
    PatronKind,
    PointEntry,
    StaffRole,
)
from tests import factories as F


def test_checkout_lends_with_point_outbox_and_audit_in_one_go(desk, world, session_factory):
    it = world.items[0]
    result = desk.check_out(world.adult.id, it.barcode)
    assert result.outcome is Outcome.OK
    assert result.loan is not None and result.loan.item_barcode == it.barcode
    # 21 days from Monday 23 Nov is Monday 14 Dec, a closed day: due Tuesday 15 Dec.
    assert result.loan.due_date == dt.date(2026, 12, 15)
    assert result.patron is not None and [lv.item_barcode for lv in result.patron.loans] == [it.barcode]
    assert result.patron.points == 1
    with session_factory() as s:
        loan = s.execute(select(Loan)).scalar_one()
        assert loan.patron_id == world.adult.id and loan.card_id == world.adult_card.id and loan.returned_at is None
        assert s.get(Item, it.id).status == ItemStatus.ON_LOAN.value
        point = s.execute(select(PointEntry)).scalar_one()
        assert (point.points, point.reason, point.loan_id) == (1, "checkout", loan.id)
        outbox = s.execute(select(OutboxEntry)).scalars().all()
        assert [o.event_type for o in outbox] == ["loan.checked_out"]
        assert verify_chain(s).ok and verify_chain(s).entries == 1


def test_same_item_twice_is_one_loan_and_a_quiet_notice(desk, world, session_factory):
    it = world.items[0]
    assert desk.check_out(world.adult.id, it.barcode).outcome is Outcome.OK
    before = F.snapshot(session_factory)
    again = desk.check_out(world.adult.id, it.barcode)
    assert again.outcome is Outcome.NOTICE
    assert "already on loan to this patron" in str(again.message)
    assert F.snapshot(session_factory) == before


def test_item_on_loan_to_someone_else_offers_check_in(desk, world, session_factory):
    with session_factory() as s:
        other = F.patron(s, name="林大同")
        F.card(s, other)
        s.commit()
    it = world.items[0]
    assert desk.check_out(other.id, it.barcode).outcome is Outcome.OK
    before = F.snapshot(session_factory)
    result = desk.check_out(world.adult.id, it.barcode)
    assert result.outcome is Outcome.REFUSED and result.offer_check_in
    assert F.snapshot(session_factory) == before


def test_unknown_and_bad_barcodes_are_errors_that_change_nothing(desk, world, session_factory):
    before = F.snapshot(session_factory)
    unknown = desk.check_out(world.adult.id, make_item_barcode(99_999))
    assert unknown.outcome is Outcome.ERROR and "No item has barcode" in str(unknown.message)
    good = world.items[0].barcode
    wrong_digit = good[:-1] + str((int(good[-1]) + 1) % 10)
    bad = desk.check_out(world.adult.id, wrong_digit)
    assert bad.outcome is Outcome.ERROR and "check digit" in str(bad.message)
    short = desk.check_out(world.adult.id, "3000100")
    assert short.outcome is Outcome.ERROR and "14 digits" in str(short.message)
    card_in_item_field = desk.check_out(world.adult.id, world.adult_card.card_number)
    assert card_in_item_field.outcome is Outcome.ERROR
    assert "patron field" in str(card_in_item_field.message)
    assert world.adult.national_id not in str(card_in_item_field.message)
    assert F.snapshot(session_factory) == before


def test_codabar_guards_and_full_width_digits_are_accepted(desk, world):
    it = world.items[0]
    full_width = it.barcode.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert desk.check_out(world.adult.id, f"A{it.barcode}B").outcome is Outcome.OK
    assert desk.check_out(world.adult.id, full_width).outcome is Outcome.NOTICE  # same item again


def test_on_hold_for_another_patron_is_refused(desk, world, session_factory):
    with session_factory() as s:
        other = F.patron(s, name="林大同")
        it = s.get(Item, world.items[0].id)
        F.trapped_for(s, other, it, world.main)
        s.commit()
    before = F.snapshot(session_factory)
    result = desk.check_out(world.adult.id, world.items[0].barcode)
    assert result.outcome is Outcome.REFUSED and "on hold for another patron" in str(result.message)
    assert F.snapshot(session_factory) == before


def test_trapped_for_this_patron_is_a_hand_over(desk, world, session_factory):
    with session_factory() as s:
        it = s.get(Item, world.items[0].id)
        h = F.trapped_for(s, world.adult, it, world.main)
        s.commit()
    result = desk.check_out(world.adult.id, world.items[0].barcode)
    assert result.outcome is Outcome.OK and "Hold handed over" in str(result.message)
    with session_factory() as s:
        assert s.get(type(h), h.id).status == HoldStatus.FULFILLED.value
        assert s.get(Item, it.id).status == ItemStatus.ON_LOAN.value


def test_hand_over_refuses_an_item_not_on_the_shelf_for_the_patron(desk, world, session_factory):
    before = F.snapshot(session_factory)
    result = desk.hand_over_hold(world.adult.id, world.items[0].barcode)
    assert result.outcome is Outcome.REFUSED and "not on the hold shelf" in str(result.message)
    assert F.snapshot(session_factory) == before


@pytest.mark.parametrize("status", [ItemStatus.LOST.value, ItemStatus.WITHDRAWN.value, ItemStatus.IN_TRANSIT.value])
def test_items_not_on_the_shelf_are_refused(desk, world, session_factory, status):
    with session_factory() as s:
        s.get(Item, world.items[0].id).status = status
        s.commit()
    before = F.snapshot(session_factory)
    assert desk.check_out(world.adult.id, world.items[0].barcode).outcome is Outcome.REFUSED
    assert F.snapshot(session_factory) == before


def test_limits_by_patron_kind_and_item_type(session_factory, clock):
    with session_factory() as s:
        main = F.branch(s)
        F.rule(s, "*", "*", max_loans=3, loan_days=21)
        F.rule(s, PatronKind.CHILD.value, "dvd", max_loans=1, loan_days=7)
        child = F.patron(s, kind=PatronKind.CHILD.value, name="小華")
        F.card(s, child)
        dvds = [F.item(s, main, item_type="dvd") for _ in range(2)]
        books = [F.item(s, main) for _ in range(3)]
        s.commit()
    desk = DeskService(session_factory, F.actor(main), clock=clock)
    first = desk.check_out(child.id, dvds[0].barcode)
    assert first.outcome is Outcome.OK
    assert first.loan.due_date == dt.date(2026, 12, 1)  # 7 days: Monday 30 Nov is closed
    second_dvd = desk.check_out(child.id, dvds[1].barcode)
    assert second_dvd.outcome is Outcome.REFUSED and "dvd" in str(second_dvd.message)
    assert desk.check_out(child.id, books[0].barcode).outcome is Outcome.OK
    assert desk.check_out(child.id, books[1].barcode).outcome is Outcome.OK
    over = desk.check_out(child.id, books[2].barcode)
    assert over.outcome is Outcome.REFUSED and "3 of 3" in str(over.message)
    assert any(b.kind is BlockKind.LOAN_LIMIT for b in over.patron.blocks)


def test_due_date_skips_holidays_of_the_branch_calendar(session_factory, clock):
    with session_factory() as s:
        main = F.branch(s, closed_weekdays="17", closed_days=(dt.date(2026, 12, 15), dt.date(2026, 12, 16)))
        p = F.patron(s)
        F.card(s, p)
        it = F.item(s, main)
        s.commit()
    desk = DeskService(session_factory, F.actor(main), clock=clock)
    # 14 Dec is a Monday (closed), 15-16 Dec holidays: due Thursday 17 Dec.
    assert desk.check_out(p.id, it.barcode).loan.due_date == dt.date(2026, 12, 17)


@pytest.mark.parametrize(
    "card_kwargs, phrase",
    [
        ({"status": CardStatus.LOST.value}, "reported lost"),
        ({"status": CardStatus.VOID.value}, "void"),
        ({"status": CardStatus.PENDING.value, "activation_date": dt.date(2026, 12, 1)}, "2026-12-01"),
        ({"expiry_date": dt.date(2026, 11, 1)}, "expired on 2026-11-01"),
        ({"kind": CardKind.DIGITAL.value}, "digital-only"),
    ],
)
def test_card_refusals_at_checkout_change_nothing(session_factory, clock, card_kwargs, phrase):
    with session_factory() as s:
        main = F.branch(s)
        p = F.patron(s)
        c = F.card(s, p, **card_kwargs)
        it = F.item(s, main)
        s.commit()
    desk = DeskService(session_factory, F.actor(main), clock=clock)
    shown = desk.identify(c.card_number)
    assert shown.outcome is Outcome.REFUSED and phrase in str(shown.message)
    before = F.snapshot(session_factory)
    result = desk.check_out(p.id, it.barcode)
    assert result.outcome is Outcome.REFUSED and phrase in str(result.message)
    assert F.snapshot(session_factory) == before


def test_suspended_patron_is_refused_with_dates(desk, world, session_factory):
    with session_factory() as s:
        F.suspension(s, world.adult, days=5, starts_on=F.TODAY - dt.timedelta(days=1), holds_extra=2)
        s.commit()
    before = F.snapshot(session_factory)
    result = desk.check_out(world.adult.id, world.items[0].barcode)
    assert result.outcome is Outcome.REFUSED
    text = str(result.message)
    assert "4 more days" in text and "2026-11-27" in text and "2026-11-29" in text
    assert F.snapshot(session_factory) == before


def test_overdue_loan_blocks_new_loans_by_default(desk, world, session_factory):
    with session_factory() as s:
        F.loan(s, s.merge(world.adult), s.merge(world.items[1]), world.main, due=F.TODAY - dt.timedelta(days=2))
        s.commit()
    result = desk.check_out(world.adult.id, world.items[0].barcode)
    assert result.outcome is Outcome.REFUSED and "overdue" in str(result.message)


def test_overdue_block_can_be_switched_off(desk, world, session_factory):
    with session_factory() as s:
        F.loan(s, s.merge(world.adult), s.merge(world.items[1]), world.main, due=F.TODAY - dt.timedelta(days=2))
        F.setting(s, "overdue.blocks_borrowing", "0")
        s.commit()
    assert desk.check_out(world.adult.id, world.items[0].barcode).outcome is Outcome.OK


def test_preliminary_roster_patron_can_borrow_and_is_flagged(session_factory, clock):
    with session_factory() as s:
        main = F.branch(s)
        p = F.patron(s, kind=PatronKind.STUDENT.value, preliminary=True)
        c = F.card(s, p, kind=CardKind.STUDENT.value)
        it = F.item(s, main)
        s.commit()
    desk = DeskService(session_factory, F.actor(main), clock=clock)
    shown = desk.identify(c.card_number)
    assert shown.outcome is Outcome.NOTICE and shown.patron.preliminary
    assert [b.kind for b in shown.patron.blocks] == [BlockKind.PRELIMINARY]
    result = desk.check_out(p.id, it.barcode)
    assert result.outcome is Outcome.OK
    assert result.patron.may_borrow


def test_undo_last_checkout_reverses_point_and_frees_item(desk, world, session_factory):
    first = desk.check_out(world.adult.id, world.items[0].barcode)
    last = desk.check_out(world.adult.id, world.items[1].barcode)
    refused = desk.undo_checkout(first.loan.loan_id)
    assert refused.outcome is Outcome.REFUSED and "last checkout" in str(refused.message)
    undone = desk.undo_checkout(last.loan.loan_id)
    assert undone.outcome is Outcome.OK
    assert [lv.item_barcode for lv in undone.patron.loans] == [world.items[0].barcode]
    assert undone.patron.points == 1
    with session_factory() as s:
        loan = s.get(Loan, last.loan.loan_id)
        assert loan.voided_at is not None and loan.returned_at is not None
        assert s.get(Item, world.items[1].id).status == ItemStatus.AVAILABLE.value
        reasons = s.execute(select(PointEntry.reason, PointEntry.points).order_by(PointEntry.id)).all()
        assert reasons == [("checkout", 1), ("checkout", 1), ("reversal", -1)]
        assert "loan.voided" in [o.event_type for o in s.execute(select(OutboxEntry)).scalars()]
        assert verify_chain(s).ok
    again = desk.undo_checkout(last.loan.loan_id)
    assert again.outcome is Outcome.REFUSED


def test_undo_of_a_hand_over_puts_the_hold_back_on_the_shelf(desk, world, session_factory):
    with session_factory() as s:
        it = s.get(Item, world.items[0].id)
        h = F.trapped_for(s, world.adult, it, world.main)
        s.commit()
    out = desk.hand_over_hold(world.adult.id, world.items[0].barcode)
    assert out.outcome is Outcome.OK
    assert desk.undo_checkout(out.loan.loan_id).outcome is Outcome.OK
    with session_factory() as s:
        assert s.get(type(h), h.id).status == HoldStatus.READY.value
        assert s.get(Item, it.id).status == ItemStatus.ON_HOLD_SHELF.value


def test_a_patron_with_hundreds_of_loans_is_handled_like_any_other(session_factory, clock):
    with session_factory() as s:
        main = F.branch(s)
        F.rule(s, "*", "*", max_loans=500, loan_days=21)
        heavy = F.patron(s, name="張書蟲")
        F.card(s, heavy)
        title = F.bib(s)
        for _ in range(300):
            F.loan(s, heavy, F.item(s, main, title), main, due=F.TODAY + dt.timedelta(days=10))
        fresh = F.item(s, main)
        s.commit()
    desk = DeskService(session_factory, F.actor(main), clock=clock)
    result = desk.check_out(heavy.id, fresh.barcode)
    assert result.outcome is Outcome.OK
    assert len(result.patron.loans) == 301
    with session_factory() as s:
        assert s.execute(select(func.count()).select_from(Loan).where(Loan.returned_at.is_(None))).scalar() == 301


def test_permission_is_checked_in_core(session_factory, world):
    tech = DeskService(session_factory, F.actor(world.main, StaffRole.TECHNICIAN))
    with pytest.raises(PermissionDenied):
        tech.check_out(world.adult.id, world.items[0].barcode)
    with pytest.raises(PermissionDenied):
        tech.identify(world.adult_card.card_number)


def test_checks_and_writes_are_one_atomic_unit_against_another_writer(store, world, session_factory, clock, db_url):
    """The sync engine may write to the same file: a checkout must judge the item as committed, never half-seen."""
    import sqlite3
    import threading

    from sqlalchemy import event

    engine = store[0]
    with session_factory() as s:
        other = F.patron(s, name="林大同")
        other_card = F.card(s, other)
        s.commit()
    item = world.items[0]
    lock_wanted = threading.Event()

    def spy(conn, cursor, statement, *args):
        if statement == "BEGIN IMMEDIATE":
            lock_wanted.set()

    event.listen(engine, "before_cursor_execute", spy)
    raw = sqlite3.connect(engine.url.database, isolation_level=None)
    raw.execute("BEGIN IMMEDIATE")  # another writer holds the lock ...
    raw.execute("UPDATE item SET status='on_loan' WHERE id=?", (item.id,))
    raw.execute("INSERT INTO loan (item_id, patron_id, card_id, branch_id, checked_out_at, due_date, renewals) "
                "VALUES (?, ?, ?, ?, '2026-11-23 01:00:00', '2026-12-15', 0)",
                (item.id, other.id, other_card.id, world.main.id))
    desk = DeskService(session_factory, F.actor(world.main), clock=clock)
    results = []
    worker = threading.Thread(target=lambda: results.append(desk.check_out(world.adult.id, item.barcode)))
    worker.start()
    assert lock_wanted.wait(10)  # ... while the desk asks for it, before reading anything
    raw.execute("COMMIT")
    worker.join(10)
    raw.close()
    event.remove(engine, "before_cursor_execute", spy)
    assert results and results[0].outcome is Outcome.REFUSED and results[0].offer_check_in
    with session_factory() as s:
        assert s.execute(select(func.count()).select_from(Loan)).scalar() == 1
