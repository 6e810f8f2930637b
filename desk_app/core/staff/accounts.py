"""Staff accounts and signing in: argon2id hashes, one vague failure message, persisted backoff.

A desk PC sits at a public counter, so the sign-in must not help a guesser: a
wrong username and a wrong password give the identical message, unknown
usernames slow down exactly like known ones, and the slow-down is stored in the
database (a restart does not reset it). A refused attempt never checks the
password, and no function here ever sleeps: it refuses and says how long to wait.
Every attempt is audited, never with the password.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from desk_app import events
from desk_app.core.global_names import branch_code, origin
from desk_app.core.staff import audit
from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError
from desk_app.core.staff.permissions import Action, Actor, require
from desk_app.store.models import Branch, SignInThrottle, Staff, StaffRole, utcnow

# argon2-cffi's defaults are RFC 9106's low-memory profile for argon2id (64 MiB, t=3, p=4).
_HASHER = PasswordHasher()
FREE_FAILURES = 3  # typos happen; the 4th failure in a row starts the wait
BASE_DELAY_SECONDS = 5
MAX_DELAY_SECONDS = 15 * 60
MIN_PASSWORD_LENGTH = 8
UNKNOWN_USER = "(unknown)"  # what the audit trail records for a username that does not exist
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_dummy_hash: str | None = None

Clock = Callable[[], dt.datetime]


class StaffError(DeskError):
    code = "staff_error"


class SignInFailed(DeskError):
    """Wrong username or wrong password: deliberately the same error for both."""

    code = "sign_in_failed"

    def __init__(self, text: str, retry_after: int = 0, **params: Any) -> None:
        super().__init__(text, **params)
        self.retry_after = retry_after


class SignInThrottled(SignInFailed):
    """Too many failures for this username: refused without checking the password."""

    code = "sign_in_throttled"


class AccountDisabled(DeskError):
    code = "account_disabled"


@dataclass(frozen=True)
class StaffView:
    staff_id: int
    username: str
    display_name: str
    role: StaffRole
    active: bool
    branch_id: int | None


def backoff_seconds(failures: int) -> int:
    """How long a username must wait after `failures` failures in a row (doubling, capped)."""
    if failures < FREE_FAILURES:
        return 0
    return min(BASE_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS)


def hash_password(password: str) -> str:
    """An argon2id PHC string; the only form in which a password is ever stored."""
    return _HASHER.hash(password)


def normalise_username(username: str) -> str:
    return username.strip().casefold()


def throttle_key(username: str) -> str:
    """What the backoff table stores: a hash, since people sometimes type their password as the username."""
    return hashlib.sha256(normalise_username(username).encode("utf-8")).hexdigest()


def _verify(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _burn_time(password: str) -> None:
    """Verify against a throwaway hash so an unknown username costs as long as a known one."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _HASHER.hash("libdesk-no-such-user")
    _verify(_dummy_hash, password)


def _find(session: Session, username: str) -> Staff | None:
    return session.execute(
        select(Staff).where(func.lower(Staff.username) == normalise_username(username))
    ).scalar_one_or_none()


def _desk_branch(session: Session, staff: Staff, branch_id: int | None) -> int:
    if branch_id is not None:
        return branch_id
    if staff.branch_id is not None:
        return staff.branch_id
    first = session.execute(select(func.min(Branch.id))).scalar()
    return int(first or 0)


def _view(staff: Staff) -> StaffView:
    return StaffView(staff.id, staff.username, staff.display_name, StaffRole(staff.role), staff.active,
                     staff.branch_id)


def _wait_message(seconds: int) -> SignInThrottled:
    return SignInThrottled(
        QT_TRANSLATE_NOOP("core", "Too many failed sign-ins. Please wait {seconds} seconds and try again."),
        retry_after=seconds, seconds=seconds,
    )


def authenticate(session_factory: sessionmaker[Session], username: str, password: str, *,
                 branch_id: int | None = None, now: dt.datetime | None = None,
                 purpose: str = "sign_in") -> Actor:
    """Sign a staff member in and return their Actor, or raise SignInFailed / SignInThrottled.

    `purpose` names the audit action ("sign_in", or "unlock" from the lock screen).
    The attempt and its audit entry commit in one transaction, success or failure.
    """
    now = now or utcnow()
    name = normalise_username(username)[:64]
    key = throttle_key(name)
    with session_factory() as session, session.begin():
        throttle = session.get(SignInThrottle, key)
        staff = _find(session, name) if name else None
        who = Actor(staff_id=staff.id if staff else None, username=staff.username if staff else UNKNOWN_USER,
                    role=StaffRole(staff.role) if staff else StaffRole.LIBRARIAN, branch_id=branch_id or 0)
        if throttle and throttle.blocked_until and throttle.blocked_until > now:
            wait = max(1, math.ceil((throttle.blocked_until - now).total_seconds()))
            audit.record(session, who, f"{purpose}_refused", "staff", staff.id if staff else "", at=now,
                         reason="backoff", wait_seconds=wait)
            refusal: DeskError = _wait_message(wait)
        elif staff is not None and _verify(staff.password_hash, password):
            if throttle is not None:
                session.delete(throttle)
            staff.failed_attempts = 0
            if not staff.active:
                # The password proved who this is, so saying "disabled" reveals nothing to a guesser.
                audit.record(session, who, f"{purpose}_failed", "staff", staff.id, at=now,
                             reason="disabled")
                refusal = AccountDisabled(
                    QT_TRANSLATE_NOOP("core", "This staff account is disabled. Please ask an administrator.")
                )
            else:
                if _HASHER.check_needs_rehash(staff.password_hash):
                    staff.password_hash = hash_password(password)
                actor = Actor(staff.id, staff.username, StaffRole(staff.role),
                              _desk_branch(session, staff, branch_id))
                audit.record(session, actor, purpose, "staff", staff.id, at=now)
                return actor
        else:
            if staff is None:
                _burn_time(password)
            if throttle is None:
                throttle = SignInThrottle(username_hash=key, failures=0)
                session.add(throttle)
            throttle.failures += 1
            throttle.last_failed_at = now
            wait = backoff_seconds(throttle.failures)
            throttle.blocked_until = now + dt.timedelta(seconds=wait) if wait else None
            if staff is not None:
                staff.failed_attempts = throttle.failures
                staff.last_failed_at = now
            audit.record(session, who, f"{purpose}_failed", "staff", staff.id if staff else "", at=now,
                         reason="bad_credentials", failures=throttle.failures)
            if wait:
                refusal = SignInFailed(
                    QT_TRANSLATE_NOOP(
                        "core",
                        "The username or password is incorrect. Please wait {seconds} seconds before trying again.",
                    ),
                    retry_after=wait, seconds=wait,
                )
            else:
                refusal = SignInFailed(QT_TRANSLATE_NOOP("core", "The username or password is incorrect."))
    raise refusal


def _check_password_policy(username: str, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(QT_TRANSLATE_NOOP("core", "A password needs at least {count} characters."),
                         count=MIN_PASSWORD_LENGTH)
    if normalise_username(password) == normalise_username(username):
        raise StaffError(QT_TRANSLATE_NOOP("core", "A password must not be the username."))


def _get(session: Session, username: str) -> Staff:
    staff = _find(session, username)
    if staff is None:
        raise StaffError(QT_TRANSLATE_NOOP("core", "There is no staff account named {username}."),
                         username=normalise_username(username))
    return staff


def create_staff(session_factory: sessionmaker[Session], actor: Actor, username: str, display_name: str,
                 role: StaffRole | str, password: str, *, branch_id: int | None = None) -> StaffView:
    """Add a local staff account (an administrator's job); the password is stored only as argon2id."""
    require(actor, Action.MANAGE_STAFF)
    name = normalise_username(username)
    if not _USERNAME.match(name):
        raise StaffError(QT_TRANSLATE_NOOP(
            "core", "A username has 2-64 characters: letters, digits, dot, hyphen or underscore."))
    try:
        staff_role = StaffRole(role)
    except ValueError:
        raise StaffError(QT_TRANSLATE_NOOP("core", "Unknown role: {role}."), role=str(role)) from None
    if not display_name.strip():
        raise StaffError(QT_TRANSLATE_NOOP("core", "Please enter the staff member's name."))
    _check_password_policy(name, password)
    with session_factory() as session, session.begin():
        if _find(session, name) is not None:
            raise StaffError(QT_TRANSLATE_NOOP("core", "A staff account named {username} already exists."),
                             username=name)
        staff = Staff(username=name, display_name=display_name.strip(), role=staff_role.value,
                      password_hash=hash_password(password), active=True, branch_id=branch_id)
        session.add(staff)
        session.flush()
        audit.record(session, actor, "staff_created", "staff", staff.id, username=name, role=staff_role.value)
        events.record(session, events.StaffAdded(
            **origin(session, actor, utcnow()), staff=staff.global_id, username=name,
            display_name=staff.display_name, role=staff_role.value, home_branch=branch_code(session, branch_id),
            password_hash=staff.password_hash))
        return _view(staff)


def _count_active_admins(session: Session) -> int:
    return int(session.execute(
        select(func.count()).select_from(Staff).where(
            Staff.active.is_(True), Staff.role == StaffRole.ADMINISTRATOR.value)
    ).scalar_one())


def set_active(session_factory: sessionmaker[Session], actor: Actor, username: str, active: bool) -> StaffView:
    """Disable (or re-enable) an account; the last active administrator cannot be disabled."""
    require(actor, Action.MANAGE_STAFF)
    with session_factory() as session, session.begin():
        staff = _get(session, username)
        if (not active and staff.active and staff.role == StaffRole.ADMINISTRATOR.value
                and _count_active_admins(session) <= 1):
            raise StaffError(QT_TRANSLATE_NOOP("core", "The last active administrator cannot be disabled."))
        changed = staff.active != active
        staff.active = active
        audit.record(session, actor, "staff_enabled" if active else "staff_disabled", "staff", staff.id,
                     username=staff.username)
        if changed:
            kind = events.StaffEnabled if active else events.StaffDisabled
            events.record(session, kind(**origin(session, actor, utcnow()), staff=staff.global_id))
        return _view(staff)


def disable_staff(session_factory: sessionmaker[Session], actor: Actor, username: str) -> StaffView:
    return set_active(session_factory, actor, username, False)


def enable_staff(session_factory: sessionmaker[Session], actor: Actor, username: str) -> StaffView:
    return set_active(session_factory, actor, username, True)


def set_role(session_factory: sessionmaker[Session], actor: Actor, username: str, role: StaffRole | str) -> StaffView:
    require(actor, Action.MANAGE_STAFF)
    new_role = StaffRole(role)
    with session_factory() as session, session.begin():
        staff = _get(session, username)
        if (staff.role == StaffRole.ADMINISTRATOR.value and new_role != StaffRole.ADMINISTRATOR
                and staff.active and _count_active_admins(session) <= 1):
            raise StaffError(QT_TRANSLATE_NOOP("core", "The last active administrator cannot be disabled."))
        old = staff.role
        staff.role = new_role.value
        audit.record(session, actor, "staff_role_changed", "staff", staff.id, old=old, new=new_role.value)
        if old != new_role.value:
            events.record(session, events.StaffRoleChanged(
                **origin(session, actor, utcnow()), staff=staff.global_id, role=new_role.value))
        return _view(staff)


def change_password(session_factory: sessionmaker[Session], actor: Actor, username: str, new_password: str, *,
                    old_password: str | None = None) -> None:
    """Staff change their own password (old one required); an administrator may reset anyone's."""
    own = normalise_username(username) == normalise_username(actor.username)
    if not own:
        require(actor, Action.MANAGE_STAFF)
    _check_password_policy(username, new_password)
    with session_factory() as session, session.begin():
        staff = _get(session, username)
        if own and not (old_password is not None and _verify(staff.password_hash, old_password)):
            raise StaffError(QT_TRANSLATE_NOOP("core", "The current password is incorrect."))
        staff.password_hash = hash_password(new_password)
        audit.record(session, actor, "password_changed" if own else "password_reset", "staff", staff.id)
        events.record(session, events.StaffPasswordChanged(
            **origin(session, actor, utcnow()), staff=staff.global_id, password_hash=staff.password_hash,
            reset=not own))


def list_staff(session_factory: sessionmaker[Session], actor: Actor) -> list[StaffView]:
    require(actor, Action.MANAGE_STAFF)
    with session_factory() as session:
        return [_view(s) for s in session.execute(select(Staff).order_by(Staff.username)).scalars()]


def has_staff(session_factory: sessionmaker[Session]) -> bool:
    """Whether any account exists (a fresh desk asks for the first administrator via the CLI)."""
    with session_factory() as session:
        return session.execute(select(Staff.id).limit(1)).first() is not None


def branch_id_for_code(session_factory: sessionmaker[Session], code: str | None) -> int | None:
    """The id of the desk's branch (settings "desk"/"branch_code"); None means "the staff's own"."""
    if not code:
        return None
    with session_factory() as session:
        found = session.execute(select(Branch.id).where(Branch.code == code)).scalar()
        return None if found is None else int(found)
