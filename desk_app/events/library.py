"""Library-wide events: settings that every desk shares, and the privacy duty on loan history.

Only library-wide settings (the `library_setting` rows: suspension rule, hold shelf days,
retention ...) sync. Device settings (readers, scanners, key slots, sounds) belong to one
PC and stay in its settings file: they are audited at the desk, never sent.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from desk_app.events.base import Event, UtcDateTime, register

SettingKey = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_.]{0,63}$")]


@register
class SettingChanged(Event, frozen=True, kw_only=True):
    """A library-wide setting set to `value` (None: removed, so its default applies again)."""

    TYPE = "setting.changed"
    VERSION = 1

    key: SettingKey
    value: str | None


@register
class LoanHistoryAnonymised(Event, frozen=True, kw_only=True):
    """Returned loans older than the retention period cut loose from their patrons (PDPA).

    The server does the same by the same rule: loans returned before `returned_before`.
    `loans` is how many the desk anonymised (a check, not a list: the list could be long).
    """

    TYPE = "loan_history.anonymised"
    VERSION = 1

    returned_before: UtcDateTime
    retention_days: Annotated[int, msgspec.Meta(ge=0)]
    loans: Annotated[int, msgspec.Meta(ge=0)]


