"""Event points (once per patron, outside the caps), staff back-entry, seats paid with points, corrections."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desk_app.core.passbook.tokens import sign_event
from desk_app.core.staff.permissions import PermissionDenied
from desk_app.core.views import Outcome
from desk_app.store.models import AuditEntry, EventAttendance, PointEntry, StaffRole
from tests import factories as F

SUP = StaffRole.SUPERVISOR


@pytest.fixture
def story_hour(passbook_as, world, clock):
    """A story hour at MAIN from now for two hours: 5 points; 10 seats at 3 points each."""
    return passbook_as(SUP).create_event(branch_id=world.main.id, title="故事時間", points=5, starts_at=clock(),
                                         ends_at=clock() + dt.timedelta(hours=2), seat_points=3, seats=10)


def _code(token_key, event, branch_code="MAIN"):
    return sign_event(token_key, event.global_id, branch_code, valid_from=event.starts_at, valid_until=event.ends_at)


def test_the_desk_scans_an_event_code_for_the_patron_once(passbook_as, world, story_hour, token_key,
                                                          session_factory):
    desk = passbook_as()
    first = desk.claim_event_code(world.adult.id, _code(token_key, story_hour))
    assert first.outcome is Outcome.OK and desk.balance(world.adult.id) == 5
    before = F.snapshot(session_factory)
    again = desk.claim_event_code(world.adult.id, _code(token_key, story_hour))
    assert again.outcome is Outcome.NOTICE and "already has the points" in str(again.message)
    assert F.snapshot(session_factory) == before
    with session_factory() as s:
        att = s.execute(select(EventAttendance)).scalar_one()
        assert att.method == "desk_scan" and att.staff_id is not None
        entry = s.execute(select(PointEntry)).scalar_one()
        assert (entry.reason, entry.event_id, entry.points) == ("event", story_hour.event_id, 5)


def test_event_points_sit_outside_the_loan_caps(desk, passbook_as, world, story_hour, token_key, session_factory):
    with session_factory() as s:
        F.setting(s, "passbook.cap_per_day", "1")
        s.commit()
    assert passbook_as().claim_event_code(world.adult.id, _code(token_key, story_hour)).outcome is Outcome.OK
    assert desk.check_out(world.adult.id, world.items[0].barcode).details["points"] == "1"


def test_codes_outside_the_window_forged_or_mismatched_are_refused(passbook_as, world, story_hour, token_key,
                                                                   clock, session_factory):
    desk = passbook_as()
    before = F.snapshot(session_factory)
    clock.advance(hours=3)
    assert "no longer valid" in str(desk.claim_event_code(world.adult.id, _code(token_key, story_hour)).message)
    clock.advance(hours=-3)
    assert "not valid" in str(desk.claim_event_code(world.adult.id, _code(bytes(32), story_hour)).message)
    wrong_branch = desk.claim_event_code(world.adult.id, _code(token_key, story_hour, "EAST"))
    assert wrong_branch.outcome is Outcome.REFUSED and "does not match" in str(wrong_branch.message)
    assert desk.claim_event_code(world.adult.id, "LDE1.x.y").outcome is Outcome.ERROR
    assert F.snapshot(session_factory) == before


def test_staff_back_entry_is_tied_to_the_event_once_with_a_reason(passbook_as, world, story_hour, token_key,
                                                                  session_factory, clock):
    desk = passbook_as()
    assert desk.back_entry(world.adult.id, story_hour.event_id, " ").outcome is Outcome.ERROR
    done = desk.back_entry(world.adult.id, story_hour.event_id, "手機沒電，館員確認出席")
    assert done.outcome is Outcome.OK and desk.balance(world.adult.id) == 5
    assert desk.back_entry(world.adult.id, story_hour.event_id, "again").outcome is Outcome.NOTICE
    assert desk.claim_event_code(world.adult.id, _code(token_key, story_hour)).outcome is Outcome.NOTICE
    with session_factory() as s:
        att = s.execute(select(EventAttendance)).scalar_one()
        assert (att.method, att.reason) == ("back_entry", "手機沒電，館員確認出席")
        assert s.execute(select(AuditEntry.action).order_by(AuditEntry.id.desc())).scalars().first() == \
            "event_points_back_entry"
    clock.advance(days=40)
    with session_factory() as s:
        other = F.patron(s, name="遲到者")
        F.card(s, other)
        s.commit()
    late = desk.back_entry(other.id, story_hour.event_id, "forgot to enter it")
    assert late.outcome is Outcome.REFUSED and "more than 30 days" in str(late.message)


def test_seats_are_paid_with_points_and_refunded_by_new_entries(passbook_as, world, story_hour, session_factory,
                                                                clock):
    desk, boss = passbook_as(), passbook_as(SUP)
    too_poor = desk.book_seat(world.adult.id, story_hour.event_id)
    assert too_poor.outcome is Outcome.REFUSED and "Too few points" in str(too_poor.message)
    boss.correct_points(world.adult.id, 4, "test balance")
    booked = desk.book_seat(world.adult.id, story_hour.event_id)
    assert booked.outcome is Outcome.OK and desk.balance(world.adult.id) == 1
    assert desk.book_seat(world.adult.id, story_hour.event_id).outcome is Outcome.NOTICE
    seat_id = int(booked.details["seat_id"])
    clock.advance(minutes=-30)  # before the event starts: the seat can be given back
    assert desk.cancel_seat(seat_id).outcome is Outcome.OK and desk.balance(world.adult.id) == 4
    with session_factory() as s:
        assert [(e.points, e.reason) for e in s.execute(select(PointEntry).order_by(PointEntry.id)).scalars()][-2:] \
            == [(-3, "seat"), (3, "seat_refund")]


def test_only_supervisors_create_events_and_correct_points(passbook_as, world, clock, session_factory):
    desk, boss = passbook_as(), passbook_as(SUP)
    with pytest.raises(PermissionDenied):
        desk.create_event(branch_id=world.main.id, title="x", points=1, starts_at=clock(),
                          ends_at=clock() + dt.timedelta(hours=1))
    with pytest.raises(PermissionDenied):
        desk.correct_points(world.adult.id, 10, "no")
    assert boss.correct_points(world.adult.id, 10, "").outcome is Outcome.ERROR
    assert boss.correct_points(world.adult.id, 0, "nothing").outcome is Outcome.ERROR
    assert boss.correct_points(world.adult.id, -1, "below zero").outcome is Outcome.REFUSED
    fixed = boss.correct_points(world.adult.id, 10, "舊存摺點數移轉")
    assert fixed.outcome is Outcome.OK and boss.balance(world.adult.id) == 10
    with session_factory() as s:
        entry = s.execute(select(PointEntry)).scalar_one()
        assert (entry.reason, entry.note) == ("correction", "舊存摺點數移轉")
        audit_row = s.execute(select(AuditEntry).where(AuditEntry.action == "points_correction")).scalar_one()
        assert audit_row.staff_username.startswith("supervisor") and "舊存摺點數移轉" in audit_row.detail
