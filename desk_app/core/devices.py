"""Device settings changes are audited like every other desk action.

The settings file itself belongs to the UI (it knows the readers and scanners);
core decides who may change devices and keeps the record of who did. The
summary names what changed and its new values: device settings hold no
secrets (card keys live in the secret store), and none may be passed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.staff import audit
from desk_app.core.staff.permissions import Action, Actor, require

_SECRET_WORDS = ("key", "password", "token", "secret")


def _checked(summary: Mapping[str, object]) -> dict[str, Any]:
    """The summary as audit detail; a field whose name suggests a secret is a programming error."""
    for name in summary:
        if any(word in name.lower() and not name.lower().endswith("_slot") for word in _SECRET_WORDS):
            raise ValueError(f"device settings summary must not carry secrets: {name}")
        if name == "at":
            raise ValueError("device settings summary must not use the name 'at' (the entry's own time)")
    return dict(summary)


def record_device_settings_change(session_factory: sessionmaker[Session], actor: Actor,
                                  summary: Mapping[str, object]) -> None:
    """Audit that `actor` saved the device settings (`summary`: what changed, no secrets)."""
    require(actor, Action.CONFIGURE_DEVICES)
    detail = _checked(summary)
    with session_factory() as session, session.begin():
        audit.record(session, actor, "device_settings_changed", "devices", "", **detail)
