"""Check in: the loan closes, lateness suspends by the library's rule, copies go where they are needed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desk_app.core.staff.audit import verify_chain
from desk_app.core.circulation.barcodes import make_item_barcode
from desk_app.core.desk import DeskService
from desk_app.core.views import BlockKind, Outcome
from desk_app.store.models import Hold, HoldStatus, Item, ItemStatus, Loan, OutboxEntry, Suspension
from tests import factories as F


def test_on_time_return_closes_the_loan_and_shelves_the_item(desk, world, session_factory):
    out = desk.check_out(world.adult.id, world.items[0].barcode)
    back = desk.check_in(world.items[0].barcode)
    assert back.outcome is Outcome.OK and "Returned" in str(back.message) and back.slip is None
    with session_factory() as s:
        loan = s.get(Loan, out.loan.loan_id)
        assert loan.returned_at is not None and loan.return_branch_id == world.main.id
        assert s.get(Item, world.items[0].id).status == ItemStatus.AVAILABLE.value
        assert s.execute(select(Suspension)).first() is None
        ops = [o.event_type for o in s.execute(select(OutboxEntry).order_by(OutboxEntry.id)).scalars()]
        assert ops == ["loan.checked_out", "loan.checked_in"]
        assert verify_chain(s).entries == 2


def test_late_return_suspends_one_day_per_day_late(desk, world, session_factory, clock):
    desk.check_out(world.adult.id, world.items[0].barcode)  # due Tue 15 Dec
    clock.now = dt.datetime(2026, 12, 18, 10, 0, tzinfo=F.NOW.tzinfo)  # 3 days late
    back = desk.check_in(world.items[0].barcode)
    assert back.outcome is Outcome.NOTICE and "3 days late" in str(back.message)
    with session_factory() as s:
        sp = s.execute(select(Suspension)).scalar_one()
        assert (sp.days, sp.starts_on, sp.borrowing_resumes_on, sp.holds_resume_on) == (
            3, dt.date(2026, 12, 18), dt.date(2026, 12, 21), dt.date(2026, 12, 21))
        assert "suspension.created" in [o.event_type for o in s.execute(select(OutboxEntry)).scalars()]
    shown = desk.identify(world.adult_card.card_number)
    assert shown.outcome is Outcome.REFUSED
    assert shown.patron.suspension.days_left == 3
    assert shown.patron.suspension.borrowing_resumes_on == dt.date(2026, 12, 21)


def test_suspension_rule_is_configurable_and_new_ones_queue_after_the_last(desk, world, session_factory, clock):
    with session_factory() as s:
        F.setting(s, "suspension.days_per_overdue_day", "2")
        F.setting(s, "suspension.holds_extra_days", "7")
        s.commit()
    desk.check_out(world.adult.id, world.items[0].barcode)
    desk.check_out(world.adult.id, world.items[1].barcode)
    clock.now = dt.datetime(2026, 12, 17, 10, 0, tzinfo=F.NOW.tzinfo)  # both 2 days late
    desk.check_in(world.items[0].barcode)
    desk.check_in(world.items[1].barcode)
    with session_factory() as s:
        rows = s.execute(select(Suspension.days, Suspension.starts_on, Suspension.borrowing_resumes_on,
                                Suspension.holds_resume_on).order_by(Suspension.id)).all()
    assert rows == [
        (4, dt.date(2026, 12, 17), dt.date(2026, 12, 21), dt.date(2026, 12, 28)),
        (4, dt.date(2026, 12, 21), dt.date(2026, 12, 25), dt.date(2027, 1, 1)),
    ]
    view = desk.patron_view(world.adult.id)
    assert view.suspension.days_left == 8
    assert view.suspension.holds_resume_on == dt.date(2027, 1, 1)


def test_grace_days_forgive_a_little_lateness(desk, world, session_factory, clock):
    with session_factory() as s:
        F.setting(s, "suspension.grace_days", "2")
        s.commit()
    desk.check_out(world.adult.id, world.items[0].barcode)
    clock.now = dt.datetime(2026, 12, 17, 10, 0, tzinfo=F.NOW.tzinfo)
    back = desk.check_in(world.items[0].barcode)
    assert "grace" in str(back.message)
    with session_factory() as s:
        assert s.execute(select(Suspension)).first() is None


def test_waiting_hold_traps_the_item_for_the_hold_shelf_here(desk, world, session_factory):
    with session_factory() as s:
        waiting = F.patron(s, name="李志明")
        F.card(s, waiting)
        first = F.hold(s, waiting, s.get(Item, world.items[0].id).bib, world.main)
        later = F.hold(s, F.patron(s, name="吳佩珊"), s.get(Item, world.items[0].id).bib, world.main)
        s.commit()
    desk.check_out(world.adult.id, world.items[0].barcode)
    back = desk.check_in(world.items[0].barcode)
    assert back.outcome is Outcome.NOTICE and "hold shelf" in str(back.message)
    assert back.slip is not None and back.slip.kind == "hold"
    slip_text = " ".join(str(m) for m in back.slip.lines)
    assert "李○明" in slip_text and "李志明" not in slip_text and waiting.national_id not in slip_text
    with session_factory() as s:
        h = s.get(Hold, first.id)
        # Shelf for 7 days from Mon 23 Nov = Mon 30 Nov (closed): until Tue 1 Dec.
        assert (h.status, h.item_id, h.expires_on) == (HoldStatus.READY.value, world.items[0].id, dt.date(2026, 12, 1))
        assert s.get(Hold, later.id).status == HoldStatus.WAITING.value
        assert s.get(Item, world.items[0].id).status == ItemStatus.ON_HOLD_SHELF.value
    shown = desk.identify(waiting.national_id)
    assert [hv.status for hv in shown.patron.holds] == [HoldStatus.READY.value]
    assert desk.hand_over_hold(waiting.id, world.items[0].barcode).outcome is Outcome.OK


def test_hold_for_another_branch_goes_in_transit_with_a_slip(desk, world, session_factory):
    with session_factory() as s:
        h = F.hold(s, F.patron(s), s.get(Item, world.items[0].id).bib, world.east)
        s.commit()
    desk.check_out(world.adult.id, world.items[0].barcode)
    back = desk.check_in(world.items[0].barcode)
    assert back.slip is not None and back.slip.kind == "transit"
    assert "東區分館" in str(back.message)
    with session_factory() as s:
        assert s.get(Hold, h.id).status == HoldStatus.IN_TRANSIT.value
        assert s.get(Item, world.items[0].id).status == ItemStatus.IN_TRANSIT.value
    # At the pickup branch, checking it in receives it onto the hold shelf.
    east_desk = DeskService(session_factory, F.actor(world.east), clock=desk._clock)
    received = east_desk.check_in(world.items[0].barcode)
    assert received.slip is not None and received.slip.kind == "hold"
    with session_factory() as s:
        assert s.get(Hold, h.id).status == HoldStatus.READY.value
        assert s.get(Item, world.items[0].id).status == ItemStatus.ON_HOLD_SHELF.value


def test_item_of_another_branch_goes_home_in_transit(session_factory, world, clock):
    with session_factory() as s:
        visitor = F.item(s, world.east, F.bib(s, "東區的書"))
        F.loan(s, s.merge(world.adult), visitor, world.east, due=F.TODAY + dt.timedelta(days=5))
        s.commit()
    desk = DeskService(session_factory, F.actor(world.main), clock=clock)
    back = desk.check_in(visitor.barcode)
    assert back.outcome is Outcome.NOTICE and back.slip.kind == "transit"
    assert "東區分館" in " ".join(str(m) for m in back.slip.lines)
    with session_factory() as s:
        assert s.get(Item, visitor.id).status == ItemStatus.IN_TRANSIT.value
    home = DeskService(session_factory, F.actor(world.east), clock=clock)
    assert home.check_in(visitor.barcode).outcome is Outcome.OK
    with session_factory() as s:
        assert s.get(Item, visitor.id).status == ItemStatus.AVAILABLE.value


def test_unknown_or_malformed_barcode_is_an_error_and_changes_nothing(desk, session_factory):
    before = F.snapshot(session_factory)
    assert desk.check_in(make_item_barcode(424242)).outcome is Outcome.ERROR
    assert desk.check_in("hello").outcome is Outcome.ERROR
    assert desk.check_in("30001000000011").outcome is Outcome.ERROR  # wrong check digit
    assert F.snapshot(session_factory) == before


def test_item_not_on_loan_is_a_notice_that_changes_nothing(desk, world, session_factory):
    before = F.snapshot(session_factory)
    result = desk.check_in(world.items[0].barcode)
    assert result.outcome is Outcome.NOTICE and "not on loan" in str(result.message)
    assert F.snapshot(session_factory) == before


def test_returning_the_only_overdue_item_lifts_the_overdue_block(desk, world, session_factory):
    with session_factory() as s:
        F.loan(s, s.merge(world.adult), s.merge(world.items[1]), world.main, due=F.TODAY)
        s.commit()
    shown = desk.identify(world.adult_card.card_number)
    assert not any(b.kind is BlockKind.OVERDUE for b in shown.patron.blocks)  # due today is not late
    assert desk.check_in(world.items[1].barcode).outcome is Outcome.OK
