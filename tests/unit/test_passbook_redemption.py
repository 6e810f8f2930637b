"""Redeeming points at the desk (issue 21): by code and by library card, every refusal, cancelling."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desk_app.core.passbook.tokens import sign_redemption
from desk_app.core.staff.audit import verify_chain
from desk_app.core.staff.permissions import PermissionDenied
from desk_app.core.views import Outcome
from desk_app.store.models import AuditEntry, OutboxEntry, PointEntry, PrizeStockMove, Redemption, StaffRole
from tests import factories as F

SUP = StaffRole.SUPERVISOR


@pytest.fixture
def setup(passbook_as, world):
    """A librarian's and a supervisor's door; the adult holds 50 points; a bag (30 points, 2 in stock) at MAIN."""
    boss = passbook_as(SUP)
    assert boss.correct_points(world.adult.id, 50, "opening balance for the test").outcome is Outcome.OK
    bag = boss.create_prize(branch_id=world.main.id, name="帆布袋", points=30, stock=2, on_sale=True)
    return passbook_as(), boss, bag


def _code(token_key, world, prize, clock, **kw):
    return sign_redemption(token_key, world.adult_card.card_number, prize.global_id, issued_at=clock(), **kw)


def test_a_code_is_checked_then_redeemed_points_out_stock_down_slip(setup, world, token_key, clock,
                                                                    session_factory):
    desk, _boss, bag = setup
    code = _code(token_key, world, bag, clock)
    check = desk.check_code(code)
    assert check.ok and check.prize is not None and check.prize.prize_id == bag.prize_id
    assert (check.balance, check.balance_after, check.patron_name) == (50, 20, world.adult.name)
    assert "*" in check.masked_card and world.adult_card.card_number not in check.masked_card
    result = desk.redeem_code(code)
    assert result.outcome is Outcome.OK and "20 points left" in str(result.message)
    assert result.slip is not None and result.slip.title == "帆布袋"
    assert any("Points used: 30; points left: 20" == str(line) for line in result.slip.lines)
    assert desk.balance(world.adult.id) == 20
    assert desk.prizes(branch_id=world.main.id)[0].stock == 1
    with session_factory() as s:
        red = s.execute(select(Redemption)).scalar_one()
        assert (red.method, red.points, red.card_id, red.branch_id) == ("token", 30, world.adult_card.id,
                                                                       world.main.id)
        entry = s.execute(select(PointEntry).where(PointEntry.reason == "redeem")).scalar_one()
        assert (entry.points, entry.redemption_id, entry.reference) == (-30, red.id, red.global_id)
        move = s.execute(select(PrizeStockMove).where(PrizeStockMove.reason == "redeem")).scalar_one()
        assert (move.delta, move.redemption_id) == (-1, red.id)
        ops = [o.event_type for o in s.execute(select(OutboxEntry).order_by(OutboxEntry.id)).scalars()]
        assert ops[-1] == "prize.redeemed"
        assert s.execute(select(AuditEntry.action).order_by(AuditEntry.id.desc())).scalars().first() == "redeem_prize"
        assert verify_chain(s).ok


def _refused_and_unchanged(desk, code, session_factory, words):
    before = F.snapshot(session_factory)
    check = desk.check_code(code)
    result = desk.redeem_code(code)
    assert not check.ok and result.outcome in (Outcome.REFUSED, Outcome.ERROR)
    assert words in str(check.message) and words in str(result.message)
    assert F.snapshot(session_factory) == before
    return result


def test_an_expired_code_is_refused(setup, world, token_key, clock, session_factory):
    desk, _boss, bag = setup
    code = _code(token_key, world, bag, clock)
    clock.advance(minutes=7)
    assert _refused_and_unchanged(desk, code, session_factory, "expired").outcome is Outcome.REFUSED


def test_a_used_code_is_refused(setup, world, token_key, clock, session_factory):
    desk, _boss, bag = setup
    code = _code(token_key, world, bag, clock)
    assert desk.redeem_code(code).outcome is Outcome.OK
    _refused_and_unchanged(desk, code, session_factory, "already used")


def test_a_forged_code_is_refused(setup, world, clock, session_factory):
    desk, _boss, bag = setup
    forged = _code(bytes(32), world, bag, clock)
    _refused_and_unchanged(desk, forged, session_factory, "not valid (altered or forged)")
    garbage = _refused_and_unchanged(desk, "LDR1.hello.world", session_factory, "not a valid redemption code")
    assert garbage.outcome is Outcome.ERROR


def test_too_few_points_is_refused(setup, world, token_key, clock, session_factory, passbook_as):
    desk, boss, _bag = setup
    lamp = boss.create_prize(branch_id=world.main.id, name="閱讀燈", points=80, stock=5, on_sale=True)
    _refused_and_unchanged(desk, _code(token_key, world, lamp, clock), session_factory,
                           "Too few points: 閱讀燈 needs 80, the patron has 50")


def test_no_stock_is_refused(setup, world, token_key, clock, session_factory):
    desk, boss, _bag = setup
    pen = boss.create_prize(branch_id=world.main.id, name="鉛筆", points=1, stock=0, on_sale=True)
    _refused_and_unchanged(desk, _code(token_key, world, pen, clock), session_factory, "out of stock")


def test_the_per_card_limit_holds(setup, world, token_key, clock, session_factory):
    desk, boss, bag = setup
    boss.correct_points(world.adult.id, 100, "enough for two bags")
    assert desk.redeem_code(_code(token_key, world, bag, clock)).outcome is Outcome.OK
    _refused_and_unchanged(desk, _code(token_key, world, bag, clock), session_factory, "already redeemed 帆布袋")


def test_a_prize_off_sale_or_of_another_branch_is_refused(setup, world, token_key, clock, session_factory,
                                                          passbook_as):
    desk, boss, bag = setup
    boss.set_on_sale(bag.prize_id, False)
    _refused_and_unchanged(desk, _code(token_key, world, bag, clock), session_factory, "not on offer")
    # The same name at EAST is another prize: a code for it is refused at MAIN and never takes MAIN's stock.
    east_bag = passbook_as(SUP, world.east).create_prize(branch_id=world.east.id, name="帆布袋", points=30, stock=9,
                                                         on_sale=True)
    boss.set_on_sale(bag.prize_id, True)
    _refused_and_unchanged(desk, _code(token_key, world, east_bag, clock), session_factory,
                           "belongs to 東區分館")
    at_east = passbook_as(StaffRole.LIBRARIAN, world.east)
    assert at_east.redeem_code(_code(token_key, world, east_bag, clock)).outcome is Outcome.OK
    stocks = {p.prize_id: p.stock for p in desk.prizes()}
    assert stocks == {bag.prize_id: 2, east_bag.prize_id: 8}


def test_a_lost_card_cannot_redeem(setup, world, token_key, clock, session_factory):
    desk, _boss, bag = setup
    with session_factory() as s:
        s.get(type(world.adult_card), world.adult_card.id).status = "lost"
        s.commit()
    _refused_and_unchanged(desk, _code(token_key, world, bag, clock), session_factory, "reported lost")


def test_redemption_with_the_library_card_runs_the_same_checks(setup, world, session_factory):
    desk, boss, bag = setup
    boss.correct_points(world.adult.id, 100, "enough for two bags")
    check = desk.check_card(world.adult.id, None, bag.prize_id)
    assert check.ok and check.card_id == world.adult_card.id and check.balance == 150
    result = desk.redeem_card(world.adult.id, None, bag.prize_id)
    assert result.outcome is Outcome.OK and desk.balance(world.adult.id) == 120
    before = F.snapshot(session_factory)
    again = desk.redeem_card(world.adult.id, world.adult_card.id, bag.prize_id)
    assert again.outcome is Outcome.REFUSED and "already redeemed" in str(again.message)
    assert F.snapshot(session_factory) == before
    with session_factory() as s:
        assert s.execute(select(Redemption.method)).scalar_one() == "card"


def test_cancelling_restores_points_and_stock_by_new_entries(setup, world, token_key, clock, session_factory):
    desk, _boss, bag = setup
    result = desk.redeem_code(_code(token_key, world, bag, clock))
    rid = int(result.details["redemption_id"])
    refused = desk.cancel_redemption(rid, "  ")
    assert refused.outcome is Outcome.ERROR
    done = desk.cancel_redemption(rid, "patron changed their mind")
    assert done.outcome is Outcome.OK and desk.balance(world.adult.id) == 50
    assert desk.prizes()[0].stock == 2
    assert desk.cancel_redemption(rid, "again").outcome is Outcome.NOTICE
    with session_factory() as s:
        reasons = [(e.points, e.reason) for e in s.execute(select(PointEntry).order_by(PointEntry.id)).scalars()]
        assert reasons[-2:] == [(-30, "redeem"), (30, "redeem_cancel")]
        moves = [(m.delta, m.reason) for m in s.execute(select(PrizeStockMove).order_by(PrizeStockMove.id)).scalars()]
        assert moves == [(2, "restock"), (-1, "redeem"), (1, "redeem_cancel")]
        assert s.execute(select(OutboxEntry.event_type).order_by(OutboxEntry.id.desc())).scalars().first() == "redemption.cancelled"
    assert [r.cancelled for r in desk.redemptions_of(world.adult.id)] == [True]
    # The card's limit counts live redemptions only: after cancelling, the bag can be redeemed again.
    assert desk.redeem_code(_code(token_key, world, bag, clock)).outcome is Outcome.OK


def test_prizes_are_listed_by_branch_and_points_range(setup, world, passbook_as):
    desk, boss, bag = setup
    boss.create_prize(branch_id=world.main.id, name="書籤", points=5, stock=100, on_sale=True)
    boss.create_prize(branch_id=world.main.id, name="保溫杯", points=120, stock=3)
    passbook_as(SUP, world.east).create_prize(branch_id=world.east.id, name="書籤", points=5, stock=10, on_sale=True)
    assert [p.name for p in desk.prizes(branch_id=world.main.id)] == ["書籤", "帆布袋", "保溫杯"]
    assert [p.name for p in desk.prizes(branch_id=world.main.id, min_points=10, max_points=100)] == ["帆布袋"]
    assert [p.name for p in desk.prizes(branch_id=world.main.id, on_sale_only=True)] == ["書籤", "帆布袋"]
    assert [p.branch_name for p in desk.prizes(max_points=5)] == ["總館", "東區分館"]


def test_only_permitted_staff_manage_prizes(setup, world):
    desk, boss, bag = setup
    with pytest.raises(PermissionDenied):
        desk.create_prize(branch_id=world.main.id, name="x", points=1)
    with pytest.raises(PermissionDenied):
        desk.set_on_sale(bag.prize_id, False)
    with pytest.raises(PermissionDenied):
        desk.adjust_stock(bag.prize_id, 5)
    assert boss.adjust_stock(bag.prize_id, 5).stock == 7
    from desk_app.core.passbook.prizes import PrizeError

    with pytest.raises(PrizeError):
        boss.adjust_stock(bag.prize_id, -1)  # taking stock out needs a reason
    with pytest.raises(PrizeError):
        boss.adjust_stock(bag.prize_id, -8, "lost")
    assert boss.adjust_stock(bag.prize_id, -2, "two torn").stock == 5


def test_a_code_lives_five_minutes_by_default(setup, world, token_key, clock):
    desk, _boss, bag = setup
    code = _code(token_key, world, bag, clock)
    clock.advance(minutes=5)
    assert desk.check_code(code).ok
    clock.advance(seconds=61)
    assert "expired" in str(desk.check_code(code).message)
