"""The desk every circulation test starts from: a small library, a clock the test moves, a librarian at MAIN.

Shared so check-out, check-in, renewal and identify tests stand on the same world;
a test file that needs more (a bound transit card, a token key) overrides one fixture.
"""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.desk import DeskService
from tests import factories as F


@pytest.fixture
def world(session_factory: sessionmaker[Session]) -> F.World:
    with session_factory() as s:
        return F.small_world(s)


@pytest.fixture
def clock() -> F.FakeClock:
    return F.FakeClock()


@pytest.fixture
def desk(session_factory: sessionmaker[Session], world: F.World, clock: F.FakeClock) -> DeskService:
    return DeskService(session_factory, F.actor(world.main), clock=clock)
