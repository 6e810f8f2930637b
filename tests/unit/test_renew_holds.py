"""Renewals (limits and every refusal with its reason), placing holds at the desk, hold-shelf expiry."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desk_app.core.views import Outcome
from desk_app.store.models import CardStatus, Hold, HoldStatus, Item, ItemStatus, Loan, OutboxEntry
from tests import factories as F


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), F.NOW.tzinfo)


def test_renew_counts_from_today_and_respects_max_renewals(desk, world, session_factory, clock):
    out = desk.check_out(world.adult.id, world.items[0].barcode)  # due Tue 15 Dec
    clock.now = _at(dt.date(2026, 12, 10))  # Thursday
    renewed = desk.renew(world.adult.id, world.items[0].barcode)
    assert renewed.outcome is Outcome.OK
    assert renewed.loan.due_date == dt.date(2026, 12, 31) and renewed.loan.renewals == 1
    with session_factory() as s:
        assert s.get(Loan, out.loan.loan_id).due_date == dt.date(2026, 12, 31)
        assert "loan.renewed" in [o.event_type for o in s.execute(select(OutboxEntry)).scalars()]
    before = F.snapshot(session_factory)
    clock.now = _at(dt.date(2026, 12, 20))
    again = desk.renew(world.adult.id, world.items[0].barcode)
    assert again.outcome is Outcome.REFUSED and "the most allowed" in str(again.message)
    assert F.snapshot(session_factory) == before


def test_renew_on_the_checkout_day_changes_nothing(desk, world, session_factory):
    desk.check_out(world.adult.id, world.items[0].barcode)
    before = F.snapshot(session_factory)
    result = desk.renew(world.adult.id, world.items[0].barcode)
    assert result.outcome is Outcome.NOTICE and "would not move" in str(result.message)
    assert F.snapshot(session_factory) == before


def test_renew_refused_when_another_patron_holds_the_title(desk, world, session_factory, clock):
    desk.check_out(world.adult.id, world.items[0].barcode)
    with session_factory() as s:
        F.hold(s, F.patron(s), s.get(Item, world.items[0].id).bib, world.main)
        s.commit()
    clock.now = _at(dt.date(2026, 12, 10))
    before = F.snapshot(session_factory)
    result = desk.renew(world.adult.id, world.items[0].barcode)
    assert result.outcome is Outcome.REFUSED and "Another patron has a hold" in str(result.message)
    assert F.snapshot(session_factory) == before


def test_renew_refused_when_overdue(desk, world, session_factory, clock):
    desk.check_out(world.adult.id, world.items[0].barcode)
    clock.now = _at(dt.date(2026, 12, 16))
    before = F.snapshot(session_factory)
    result = desk.renew(world.adult.id, world.items[0].barcode)
    assert result.outcome is Outcome.REFUSED and "overdue (due 2026-12-15)" in str(result.message)
    assert F.snapshot(session_factory) == before


def test_renew_refused_when_suspended(desk, world, session_factory, clock):
    desk.check_out(world.adult.id, world.items[0].barcode)
    with session_factory() as s:
        F.suspension(s, world.adult, days=30, starts_on=F.TODAY)
        s.commit()
    clock.now = _at(dt.date(2026, 12, 10))
    before = F.snapshot(session_factory)
    result = desk.renew(world.adult.id, world.items[0].barcode)
    assert result.outcome is Outcome.REFUSED and "suspended" in str(result.message)
    assert F.snapshot(session_factory) == before


def test_renew_refused_for_an_item_not_on_loan_to_the_patron(desk, world):
    result = desk.renew(world.adult.id, world.items[0].barcode)
    assert result.outcome is Outcome.REFUSED and "not on loan to this patron" in str(result.message)


def test_renew_all_answers_for_each_loan(desk, world, session_factory, clock):
    desk.check_out(world.adult.id, world.items[0].barcode)
    desk.check_out(world.adult.id, world.items[1].barcode)
    with session_factory() as s:
        F.hold(s, F.patron(s), s.get(Item, world.items[1].id).bib, world.main)
        s.commit()
    clock.now = _at(dt.date(2026, 12, 10))
    results = desk.renew_all(world.adult.id)
    assert [r.outcome for r in results] == [Outcome.OK, Outcome.REFUSED]


def test_place_hold_queues_the_patron(desk, world, session_factory):
    with session_factory() as s:
        bib_id = s.get(Item, world.items[0].id).bib_id
        other = F.patron(s)
        F.card(s, other)
        s.commit()
    desk.check_out(other.id, world.items[0].barcode)
    placed = desk.place_hold(world.adult.id, bib_id)
    assert placed.outcome is Outcome.OK and "number 1 in the queue" in str(placed.message)
    assert [h.status for h in placed.patron.holds] == [HoldStatus.WAITING.value]
    twice = desk.place_hold(world.adult.id, bib_id)
    assert twice.outcome is Outcome.NOTICE
    with session_factory() as s:
        assert s.execute(select(Hold)).scalars().one().pickup_branch_id == world.main.id
    # The copy comes back: trapped for the patron, handed over at the desk.
    back = desk.check_in(world.items[0].barcode)
    assert back.slip.kind == "hold"
    assert desk.hand_over_hold(world.adult.id, world.items[0].barcode).outcome is Outcome.OK


def test_place_hold_refusals_change_nothing(desk, world, session_factory, clock):
    with session_factory() as s:
        bib_id = s.get(Item, world.items[0].id).bib_id
        F.setting(s, "holds.max_per_patron", "1")
        F.hold(s, s.merge(world.adult), F.bib(s, "另一本"), world.main)
        s.commit()
    before = F.snapshot(session_factory)
    limit = desk.place_hold(world.adult.id, bib_id)
    assert limit.outcome is Outcome.REFUSED and "hold limit" in str(limit.message)
    assert desk.place_hold(world.adult.id, 987654).outcome is Outcome.ERROR
    assert F.snapshot(session_factory) == before


def test_holds_wait_until_the_holds_resume_date(desk, world, session_factory):
    with session_factory() as s:
        bib_id = s.get(Item, world.items[0].id).bib_id
        F.suspension(s, world.adult, days=2, starts_on=F.TODAY - dt.timedelta(days=2), holds_extra=5)
        s.commit()
    before = F.snapshot(session_factory)
    result = desk.place_hold(world.adult.id, bib_id)
    assert result.outcome is Outcome.REFUSED and "until 2026-11-28" in str(result.message)
    assert F.snapshot(session_factory) == before


def test_place_hold_refused_for_a_title_already_on_loan_or_a_lost_card(desk, world, session_factory):
    desk.check_out(world.adult.id, world.items[0].barcode)
    with session_factory() as s:
        bib_id = s.get(Item, world.items[0].id).bib_id
    assert desk.place_hold(world.adult.id, bib_id).outcome is Outcome.REFUSED
    with session_factory() as s:
        lost_owner = F.patron(s)
        lost = F.card(s, lost_owner, status=CardStatus.LOST.value)
        s.commit()
    desk.identify(lost.card_number)
    refused = desk.place_hold(lost_owner.id, bib_id)
    assert refused.outcome is Outcome.REFUSED and "lost" in str(refused.message)


def test_hold_shelf_expiry_passes_the_copy_to_the_next_patron(desk, world, session_factory, clock):
    with session_factory() as s:
        it = s.get(Item, world.items[0].id)
        first = F.hold(s, s.merge(world.adult), it.bib, world.main)
        second = F.hold(s, F.patron(s, name="周杰"), it.bib, world.main)
        s.commit()
    back = desk.check_in(world.items[0].barcode)  # not on loan: trapped for the first in the queue
    assert back.slip.kind == "hold"
    clock.now = _at(dt.date(2026, 12, 2))  # shelf date was 1 Dec
    results = desk.expire_holds()
    assert len(results) == 1 and results[0].slip.kind == "hold"
    with session_factory() as s:
        assert s.get(Hold, first.id).status == HoldStatus.EXPIRED.value
        assert s.get(Hold, second.id).status == HoldStatus.READY.value
        assert s.get(Item, world.items[0].id).status == ItemStatus.ON_HOLD_SHELF.value
    clock.now = _at(dt.date(2026, 12, 20))
    assert "back on the shelf" in str(desk.expire_holds()[0].message)
    with session_factory() as s:
        assert s.get(Item, world.items[0].id).status == ItemStatus.AVAILABLE.value


def test_borrowing_a_shelf_copy_fills_the_patrons_own_waiting_hold(desk, world, session_factory):
    with session_factory() as s:
        it = s.get(Item, world.items[0].id)
        h = F.hold(s, s.merge(world.adult), it.bib, world.main)
        s.commit()
    assert desk.check_out(world.adult.id, world.items[0].barcode).outcome is Outcome.OK
    with session_factory() as s:
        assert s.get(Hold, h.id).status == HoldStatus.FULFILLED.value
    # Returned: nobody is waiting any more, so it goes back on the shelf.
    assert desk.check_in(world.items[0].barcode).outcome is Outcome.OK


def test_hold_for_pickup_elsewhere_and_unknown_branch(desk, world, session_factory):
    with session_factory() as s:
        bib_id = s.get(Item, world.items[0].id).bib_id
    before = F.snapshot(session_factory)
    assert desk.place_hold(world.adult.id, bib_id, pickup_branch_id=9999).outcome is Outcome.ERROR
    assert F.snapshot(session_factory) == before
    placed = desk.place_hold(world.adult.id, bib_id, pickup_branch_id=world.east.id)
    assert placed.outcome is Outcome.OK
    assert placed.patron.holds[0].pickup_branch == "東區分館"
