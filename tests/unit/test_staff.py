"""Staff accounts and signing in, on a real SQLite file: argon2id, one vague message, persisted backoff."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from desk_app.core.staff import accounts as core_staff
from desk_app.core.staff.audit import verify_chain
from desk_app.core.staff.permissions import PermissionDenied, system_actor
from desk_app.core.staff.accounts import (
    AccountDisabled,
    SignInFailed,
    SignInThrottled,
    StaffError,
    authenticate,
    backoff_seconds,
    create_staff,
)
from desk_app.store.models import AuditEntry, SignInThrottle, Staff, StaffRole
from tests import secrets_registry

PASSWORD = secrets_registry.register("Lib-Desk-Test-Pass-71", "staff password")
OTHER_PASSWORD = secrets_registry.register("Other-Test-Pass-42", "staff password")
T0 = dt.datetime(2026, 11, 23, 9, 0, 0)
ADMIN = system_actor(0)


@pytest.fixture
def desk(session_factory):
    create_staff(session_factory, ADMIN, "mei", "林美", StaffRole.LIBRARIAN, PASSWORD)
    return session_factory


def audit_rows(factory) -> list[AuditEntry]:
    with factory() as s:
        return list(s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars())


def test_password_is_stored_only_as_an_argon2id_hash(desk) -> None:
    with desk() as s:
        row = s.execute(select(Staff).where(Staff.username == "mei")).scalar_one()
    assert row.password_hash.startswith("$argon2id$")
    assert PASSWORD not in row.password_hash
    assert all(PASSWORD not in e.detail for e in audit_rows(desk))


def test_right_password_signs_in_with_the_role(desk) -> None:
    actor = authenticate(desk, "Mei ", PASSWORD, branch_id=7, now=T0)
    assert (actor.username, actor.role, actor.branch_id) == ("mei", StaffRole.LIBRARIAN, 7)
    last = audit_rows(desk)[-1]
    assert (last.action, last.staff_username, last.entity_id) == ("sign_in", "mei", str(actor.staff_id))


def test_wrong_user_and_wrong_password_give_the_identical_message(desk) -> None:
    with pytest.raises(SignInFailed) as wrong_password:
        authenticate(desk, "mei", "not-the-password", now=T0)
    with pytest.raises(SignInFailed) as wrong_user:
        authenticate(desk, "nobody", PASSWORD, now=T0)
    assert type(wrong_password.value) is type(wrong_user.value)
    assert str(wrong_password.value) == str(wrong_user.value) == "The username or password is incorrect."
    # Both failures are audited, without the password; the unknown name is not recorded either.
    failed = [e for e in audit_rows(desk) if e.action == "sign_in_failed"]
    assert [e.staff_username for e in failed] == ["mei", core_staff.UNKNOWN_USER]
    assert all(PASSWORD not in e.detail and "not-the-password" not in e.detail for e in failed)
    assert all("nobody" not in e.detail for e in failed)


def test_backoff_grows_and_refuses_without_checking_the_password(desk) -> None:
    assert [backoff_seconds(n) for n in range(1, 8)] == [0, 0, 5, 10, 20, 40, 80]
    now = T0
    for _ in range(2):
        with pytest.raises(SignInFailed) as exc:
            authenticate(desk, "mei", "wrong-guess-1", now=now)
        assert exc.value.retry_after == 0
    with pytest.raises(SignInFailed) as third:
        authenticate(desk, "mei", "wrong-guess-1", now=now)
    assert third.value.retry_after == 5 and "5 seconds" in str(third.value)
    # During the wait even the right password is refused, and says how long to wait.
    with pytest.raises(SignInThrottled) as refused:
        authenticate(desk, "mei", PASSWORD, now=now + dt.timedelta(seconds=2))
    assert refused.value.retry_after == 3 and "wait 3 seconds" in str(refused.value)
    # After the wait, another failure doubles it.
    with pytest.raises(SignInFailed) as fourth:
        authenticate(desk, "mei", "wrong-guess-2", now=now + dt.timedelta(seconds=5))
    assert fourth.value.retry_after == 10
    with pytest.raises(SignInThrottled):
        authenticate(desk, "mei", PASSWORD, now=now + dt.timedelta(seconds=14))
    # When the wait has passed, the right password works and resets the count.
    actor = authenticate(desk, "mei", PASSWORD, now=now + dt.timedelta(seconds=15))
    assert actor.username == "mei"
    with pytest.raises(SignInFailed) as after_reset:
        authenticate(desk, "mei", "wrong-guess-3", now=now + dt.timedelta(seconds=16))
    assert after_reset.value.retry_after == 0
    refusals = [e for e in audit_rows(desk) if e.action == "sign_in_refused"]
    assert len(refusals) == 2 and json.loads(refusals[0].detail)["reason"] == "backoff"


def test_backoff_survives_a_restart_and_applies_to_unknown_names_alike(db_url, session_factory) -> None:
    create_staff(session_factory, ADMIN, "mei", "林美", StaffRole.LIBRARIAN, PASSWORD)
    for name in ("mei", "ghost"):
        for _ in range(3):
            with pytest.raises(SignInFailed):
                authenticate(session_factory, name, "wrong-guess-1", now=T0)
    from desk_app.store.db import open_database  # a fresh engine: as if the desk restarted

    engine, reopened = open_database(db_url)
    try:
        waits = []
        for name in ("mei", "ghost"):
            with pytest.raises(SignInThrottled) as refused:
                authenticate(reopened, name, PASSWORD, now=T0 + dt.timedelta(seconds=1))
            waits.append((str(refused.value), refused.value.retry_after))
        assert waits[0] == waits[1] == ("Too many failed sign-ins. Please wait 4 seconds and try again.", 4)
        # What was typed as a username (sometimes a password) is stored only hashed.
        with reopened() as s:
            keys = set(s.execute(select(SignInThrottle.username_hash)).scalars())
        assert keys == {core_staff.throttle_key("mei"), core_staff.throttle_key("ghost")}
    finally:
        engine.dispose()


def test_disabled_account_is_refused(desk) -> None:
    core_staff.disable_staff(desk, ADMIN, "mei")
    with pytest.raises(AccountDisabled):
        authenticate(desk, "mei", PASSWORD, now=T0)
    with pytest.raises(SignInFailed) as wrong:  # a guesser learns nothing about the account
        authenticate(desk, "mei", "wrong-guess-1", now=T0)
    assert str(wrong.value) == "The username or password is incorrect."
    core_staff.enable_staff(desk, ADMIN, "mei")
    assert authenticate(desk, "mei", PASSWORD, now=T0).username == "mei"


def test_only_administrators_manage_staff(desk) -> None:
    librarian = authenticate(desk, "mei", PASSWORD, now=T0)
    with pytest.raises(PermissionDenied):
        create_staff(desk, librarian, "chen", "陳", StaffRole.SUPERVISOR, OTHER_PASSWORD)
    with pytest.raises(PermissionDenied):
        core_staff.list_staff(desk, librarian)
    with pytest.raises(PermissionDenied):
        core_staff.change_password(desk, librarian, "someone-else", OTHER_PASSWORD)


def test_account_rules(desk) -> None:
    with pytest.raises(StaffError, match="already exists"):
        create_staff(desk, ADMIN, "MEI", "同名", StaffRole.LIBRARIAN, OTHER_PASSWORD)
    with pytest.raises(StaffError, match="at least 8"):
        create_staff(desk, ADMIN, "chen", "陳", StaffRole.LIBRARIAN, "short")
    with pytest.raises(StaffError, match="Unknown role"):
        create_staff(desk, ADMIN, "chen", "陳", "janitor", OTHER_PASSWORD)
    create_staff(desk, ADMIN, "root", "管理員", StaffRole.ADMINISTRATOR, OTHER_PASSWORD)
    with pytest.raises(StaffError, match="last active administrator"):
        core_staff.disable_staff(desk, ADMIN, "root")
    assert [v.username for v in core_staff.list_staff(desk, ADMIN)] == ["mei", "root"]


def test_changing_my_password_needs_the_old_one(desk) -> None:
    me = authenticate(desk, "mei", PASSWORD, now=T0)
    with pytest.raises(StaffError, match="current password"):
        core_staff.change_password(desk, me, "mei", OTHER_PASSWORD, old_password="wrong-guess-1")
    core_staff.change_password(desk, me, "mei", OTHER_PASSWORD, old_password=PASSWORD)
    with pytest.raises(SignInFailed):
        authenticate(desk, "mei", PASSWORD, now=T0)
    assert authenticate(desk, "mei", OTHER_PASSWORD, now=T0).username == "mei"
    with desk() as s:
        assert verify_chain(s).ok
