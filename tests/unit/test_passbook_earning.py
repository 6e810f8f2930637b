"""Points for loans (issue 21): the rate per channel, what earns nothing, the caps, undo, in one transaction."""

from __future__ import annotations

from sqlalchemy import select

from desk_app.core.circulation import loans
from desk_app.core.context import Ctx
from desk_app.core.passbook.earning import Channel
from desk_app.core.views import Outcome
from desk_app.store.models import CardKind, OutboxEntry, PointEntry
from tests import factories as F


def _points(session_factory, patron_id: int) -> list[tuple[int, str]]:
    with session_factory() as s:
        return [(e.points, e.reason) for e in s.execute(
            select(PointEntry).where(PointEntry.patron_id == patron_id).order_by(PointEntry.id)).scalars()]


def _more_items(session_factory, world: F.World, n: int, item_type: str = "book") -> list[str]:
    with session_factory() as s:
        out = [F.item(s, world.main, item_type=item_type).barcode for _ in range(n)]
        s.commit()
    return out


def test_a_counter_loan_earns_one_point_with_branch_card_and_staff(desk, world, session_factory):
    result = desk.check_out(world.adult.id, world.items[0].barcode)
    assert result.outcome is Outcome.OK and result.details["points"] == "1" and not result.notes
    with session_factory() as s:
        entry = s.execute(select(PointEntry)).scalar_one()
        assert (entry.points, entry.reason, entry.branch_id, entry.card_id) == (1, "checkout", world.main.id,
                                                                                world.adult_card.id)
        assert entry.loan_id is not None
        payload = s.execute(select(OutboxEntry.payload)).scalar_one()
        assert payload["points"] == 1 and payload["channel"] == "counter"


def test_self_checkout_and_phone_loans_earn_the_self_rate(world, session_factory, clock):
    for channel, barcode in zip((Channel.SELF_CHECKOUT, Channel.PHONE), (world.items[0].barcode,
                                                                          world.items[1].barcode)):
        with session_factory() as s:
            result = loans.check_out(Ctx(s, F.actor(world.main), clock()), world.adult.id, None, barcode,
                                     channel=channel)
        assert result.outcome is Outcome.OK and result.details["points"] == "2"
    assert _points(session_factory, world.adult.id) == [(2, "checkout"), (2, "checkout")]


def test_library_settings_change_the_rates(desk, world, session_factory):
    with session_factory() as s:
        F.setting(s, "passbook.points_counter_loan", "3")
        s.commit()
    assert desk.check_out(world.adult.id, world.items[0].barcode).details["points"] == "3"


def test_family_cards_earn_other_kinds_only_when_the_library_says(desk, world, session_factory):
    with session_factory() as s:
        family = F.patron(s, name="林家")
        F.card(s, family, kind=CardKind.FAMILY.value)
        student = F.patron(s, name="張同學")
        F.card(s, student, kind=CardKind.STUDENT.value)
        s.commit()
    assert desk.check_out(family.id, world.items[0].barcode).details["points"] == "1"
    refused = desk.check_out(student.id, world.items[1].barcode)
    assert refused.outcome is Outcome.OK and refused.details["points"] == "0"
    assert "earns no reading points" in str(refused.notes[0])
    with session_factory() as s:
        F.setting(s, "passbook.earning_card_kinds", "personal,family,student")
        s.commit()
    desk.reload_rules()
    assert desk.check_out(student.id, world.items[2].barcode).details["points"] == "1"


def test_attachments_and_renewals_earn_nothing(desk, world, session_factory):
    (cd,) = _more_items(session_factory, world, 1, item_type="attachment")
    result = desk.check_out(world.adult.id, cd)
    assert result.outcome is Outcome.OK and result.details["points"] == "0"
    assert "Attachments" in str(result.notes[0])
    assert desk.check_out(world.adult.id, world.items[0].barcode).details["points"] == "1"
    desk._clock.advance(days=10)  # type: ignore[attr-defined]
    assert desk.renew(world.adult.id, world.items[0].barcode).outcome is Outcome.OK
    assert _points(session_factory, world.adult.id) == [(1, "checkout")]


def test_the_same_item_twice_in_one_day_earns_once(desk, world, session_factory, clock):
    it = world.items[0].barcode
    assert desk.check_out(world.adult.id, it).details["points"] == "1"
    assert desk.check_in(it).outcome is Outcome.OK
    again = desk.check_out(world.adult.id, it)
    assert again.outcome is Outcome.OK and again.details["points"] == "0"
    assert "same item twice" in str(again.notes[0])
    desk.check_in(it)
    clock.advance(days=1)
    assert desk.check_out(world.adult.id, it).details["points"] == "1"


def test_a_capped_checkout_still_lends_and_says_no_point_was_added(desk, world, session_factory, clock):
    with session_factory() as s:
        F.setting(s, "passbook.cap_per_day", "2")
        F.setting(s, "passbook.cap_per_month", "3")
        F.setting(s, "passbook.points_counter_loan", "1")
        s.commit()
    codes = [it.barcode for it in world.items] + _more_items(session_factory, world, 3)
    got = [desk.check_out(world.adult.id, codes[i]) for i in range(3)]
    assert [r.outcome for r in got] == [Outcome.OK] * 3
    assert [r.details["points"] for r in got] == ["1", "1", "0"]
    assert "no point was added" in str(got[2].notes[0])
    clock.advance(days=1)  # a new day, the same month: the monthly cap (3) leaves one
    assert desk.check_out(world.adult.id, codes[3]).details["points"] == "1"
    capped = desk.check_out(world.adult.id, codes[4])
    assert capped.outcome is Outcome.OK and capped.details["points"] == "0"
    assert sum(p for p, _ in _points(session_factory, world.adult.id)) == 3


def test_a_cap_lets_part_of_a_self_checkout_through(world, session_factory, clock):
    with session_factory() as s:
        F.setting(s, "passbook.cap_per_day", "3")
        s.commit()
    results = []
    for it in world.items[:2]:
        with session_factory() as s:
            results.append(loans.check_out(Ctx(s, F.actor(world.main), clock()), world.adult.id, None, it.barcode,
                                           channel=Channel.SELF_CHECKOUT))
    assert [r.details["points"] for r in results] == ["2", "1"]
    assert "only 1 point(s) added" in str(results[1].notes[0])


def test_undo_gives_back_exactly_what_the_loan_earned_and_frees_the_cap(desk, world, session_factory):
    with session_factory() as s:
        F.setting(s, "passbook.cap_per_day", "1")
        s.commit()
    first = desk.check_out(world.adult.id, world.items[0].barcode)
    assert first.loan is not None
    assert desk.undo_checkout(first.loan.loan_id).outcome is Outcome.OK
    second = desk.check_out(world.adult.id, world.items[1].barcode)
    assert second.details["points"] == "1"  # the undone loan's point no longer counts against the cap
    third = desk.check_out(world.adult.id, world.items[2].barcode)
    assert third.details["points"] == "0" and third.loan is not None
    assert desk.undo_checkout(third.loan.loan_id).outcome is Outcome.OK  # it earned nothing: nothing reversed
    assert _points(session_factory, world.adult.id) == [(1, "checkout"), (-1, "reversal"), (1, "checkout")]
    assert second.patron is not None and desk.patron_view(world.adult.id).points == 1
