"""Staff account events: the server keeps staff and roles and hands them to every desk.

A password travels only as its argon2id hash (what a desk needs to let its owner sign in
offline); the field is marked secret, so an event's repr never shows it.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from desk_app.events.base import BranchCode, Event, GlobalId, PasswordHash, StaffRoleValue, register

Username = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9._-]{1,63}$")]


@register
class StaffAdded(Event, frozen=True, kw_only=True):
    TYPE = "staff.added"
    VERSION = 1

    staff: GlobalId
    username: Username
    display_name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    role: StaffRoleValue
    home_branch: BranchCode | None
    password_hash: PasswordHash


@register
class StaffPasswordChanged(Event, frozen=True, kw_only=True):
    """A new password: changed by its owner, or reset by an administrator (`reset`)."""

    TYPE = "staff.password_changed"
    VERSION = 1

    staff: GlobalId
    password_hash: PasswordHash
    reset: bool


@register
class StaffDisabled(Event, frozen=True, kw_only=True):
    """The account may no longer sign in, at any desk."""

    TYPE = "staff.disabled"
    VERSION = 1

    staff: GlobalId


@register
class StaffEnabled(Event, frozen=True, kw_only=True):
    TYPE = "staff.enabled"
    VERSION = 1

    staff: GlobalId


@register
class StaffRoleChanged(Event, frozen=True, kw_only=True):
    TYPE = "staff.role_changed"
    VERSION = 1

    staff: GlobalId
    role: StaffRoleValue
