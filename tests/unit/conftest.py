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


# ---- the reading passbook: the library's token key and a passbook door per role ----

TOKEN_SEED = bytes(range(32))  # the worked example's key in docs/tokens.md (test only!)


@pytest.fixture
def token_key() -> bytes:
    """The central server's signing key (private) as the tests hold it."""
    return TOKEN_SEED


@pytest.fixture
def public_keys(token_key: bytes) -> dict[int, bytes]:
    from desk_app.core.signing import public_key_bytes

    return {0: public_key_bytes(token_key)}


@pytest.fixture
def passbook_as(session_factory: sessionmaker[Session], world: F.World, clock: F.FakeClock,
                public_keys: dict[int, bytes]):
    """passbook_as(role, branch=world.main) -> a PassbookService for a staff member of that role there."""
    from desk_app.core.passbook.service import PassbookService
    from desk_app.store.models import Staff, StaffRole

    made: dict[tuple[str, int], int] = {}

    def make(role: StaffRole = StaffRole.LIBRARIAN, branch: object = None) -> PassbookService:
        at = branch or world.main
        key = (role.value, at.id)  # type: ignore[attr-defined]
        if key not in made:
            with session_factory() as s:
                staff = Staff(username=f"{role.value}-{at.id}", display_name=f"{role.value} {at.id}",  # type: ignore[attr-defined]
                              role=role.value, password_hash="x", branch_id=at.id)  # type: ignore[attr-defined]
                s.add(staff)
                s.commit()
                made[key] = staff.id
        from desk_app.core.staff.permissions import Actor

        actor = Actor(staff_id=made[key], username=f"{role.value}-{at.id}", role=role, branch_id=at.id)  # type: ignore[attr-defined]
        return PassbookService(session_factory, actor, clock=clock, token_public_key=public_keys)

    return make
