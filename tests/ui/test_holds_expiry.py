"""Holds past their shelf date expire when the desk opens and just after midnight, with a quiet notice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.circulation.calendar import TAIPEI
from desk_app.core.desk import DeskService
from desk_app.core.views import Outcome
from desk_app.store.models import Hold, HoldStatus, Item, ItemStatus, StaffRole
from desk_app.ui.desk.holds_expiry import AFTER_MIDNIGHT_MS, ms_until_next_day
from desk_app.ui.desk.main_window import DeskWindow
from desk_app.ui.desk.parts import DeskLabels, DeskParts, HoldsExpiryPart
from desk_app.ui.ops import OpRunner
from tests import factories

DAY_MS = 24 * 3600 * 1000


class Desk:
    def __init__(self, window: DeskWindow, clock: factories.FakeClock, world: factories.World,
                 sessions: sessionmaker[Session], qtbot: QtBot) -> None:
        self.window, self.clock, self.world, self.sessions, self.qtbot = window, clock, world, sessions, qtbot

    def settle(self) -> None:
        self.qtbot.waitUntil(self.window.runner.is_idle, timeout=10_000)

    def hold_status(self, hold_id: int) -> str:
        with self.sessions() as s:
            return s.get(Hold, hold_id).status

    def item_status(self, item_id: int) -> str:
        with self.sessions() as s:
            return s.get(Item, item_id).status


@pytest.fixture
def make_desk(qtbot: QtBot, session_factory: sessionmaker[Session], world: factories.World) -> Iterator:
    runners: list[OpRunner] = []

    def make(clock: factories.FakeClock, role: StaffRole = StaffRole.LIBRARIAN,
             failures: list[str] | None = None) -> Desk:
        """The desk with its holds expiry on `clock`; `failures` collects every op that failed (from the start)."""
        runner = OpRunner()
        runners.append(runner)
        if failures is not None:
            runner.failed.connect(lambda label, _exc: failures.append(label))
        service = DeskService(session_factory, factories.actor(world.main, role), clock=clock)
        window = DeskWindow(service, runner, DeskParts(labels=DeskLabels(staff_name="林雅婷", branch_name="總館"),
                                                       holds_expiry=HoldsExpiryPart(clock=clock)))
        qtbot.addWidget(window)
        window.show()
        return Desk(window, clock, world, session_factory, qtbot)

    yield make
    for runner in runners:
        assert runner.shutdown(timeout=10)


def ready_hold(sessions: sessionmaker[Session], world: factories.World, shelf_until: dt.date) -> tuple[int, int]:
    """A hold waiting on MAIN's hold shelf until `shelf_until`; returns (hold id, item id)."""
    with sessions() as s:
        it = s.get(Item, world.items[0].id)
        h = factories.trapped_for(s, s.merge(world.adult), it, world.main, shelf_until=shelf_until)
        s.commit()
        return h.id, it.id


def test_opening_the_desk_expires_yesterdays_holds_with_a_quiet_notice(make_desk, session_factory, world) -> None:
    hold_id, item_id = ready_hold(session_factory, world, factories.TODAY - dt.timedelta(days=1))
    clock = factories.FakeClock()
    failures: list[str] = []
    desk = make_desk(clock, failures=failures)
    desk.settle()
    assert desk.hold_status(hold_id) == HoldStatus.EXPIRED.value
    assert desk.item_status(item_id) == ItemStatus.AVAILABLE.value
    banner = desk.window.banner
    assert banner.outcome() is Outcome.NOTICE  # amber, not an alarm
    assert banner.message() == "Holds not collected in time have expired: 1."
    assert any("back on the shelf" in note for note in banner.note_texts())
    assert failures == []


def test_a_hold_whose_shelf_date_is_today_expires_just_after_midnight(make_desk, session_factory, world) -> None:
    today = factories.TODAY
    hold_id, _item = ready_hold(session_factory, world, today)
    clock = factories.FakeClock(dt.datetime.combine(today, dt.time(23, 59, 59), tzinfo=TAIPEI))
    desk = make_desk(clock)
    expiry = desk.window.holds_expiry
    assert expiry is not None
    desk.settle()
    assert desk.hold_status(hold_id) == HoldStatus.READY.value  # still today: the patron may come
    assert desk.window.banner.outcome() is None
    assert 0 < expiry.next_run_ms() <= 1_000 + AFTER_MIDNIGHT_MS  # one timer, to just after midnight
    clock.now = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0, 0, 2), tzinfo=TAIPEI)
    desk.qtbot.waitUntil(lambda: desk.hold_status(hold_id) == HoldStatus.EXPIRED.value, timeout=15_000)
    desk.settle()
    assert desk.window.banner.outcome() is Outcome.NOTICE
    assert expiry.next_run_ms() > DAY_MS - 60_000  # re-armed for the following midnight


def test_a_technician_at_the_desk_leaves_holds_alone_without_an_alarm(make_desk, session_factory, world) -> None:
    hold_id, _item = ready_hold(session_factory, world, factories.TODAY - dt.timedelta(days=3))
    clock = factories.FakeClock()
    failures: list[str] = []
    desk = make_desk(clock, role=StaffRole.TECHNICIAN, failures=failures)
    desk.settle()
    assert desk.hold_status(hold_id) == HoldStatus.READY.value
    assert desk.window.banner.outcome() is None and failures == []


@pytest.mark.parametrize(("taipei", "expected_s"), [
    (dt.datetime(2026, 11, 23, 23, 59, 0), 60),
    (dt.datetime(2026, 11, 23, 0, 0, 0), 24 * 3600),
    (dt.datetime(2026, 12, 31, 12, 0, 0), 12 * 3600),
])
def test_the_timer_aims_just_after_the_next_midnight_in_taipei(taipei: dt.datetime, expected_s: int) -> None:
    as_utc = taipei.replace(tzinfo=TAIPEI).astimezone(dt.UTC).replace(tzinfo=None)  # naive = UTC
    assert ms_until_next_day(as_utc) == expected_s * 1000 + AFTER_MIDNIGHT_MS
