"""Who may change which secret, and the audit entry that says they did (never the value).

The secret store itself lives outside core (it talks to the OS keyring); core
decides the permission and keeps the record, like every other desk action.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.staff import audit
from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError
from desk_app.core.staff.permissions import Action, Actor, require

# Secret name (as the secret store names it) -> the action that may change it.
SECRET_ACTIONS: dict[str, Action] = {
    "card_key_a": Action.MANAGE_CARD_KEYS,
    "card_key_b": Action.MANAGE_CARD_KEYS,
    "server_token": Action.CONFIGURE_SERVER,
    "mobile_token_signing_key": Action.CONFIGURE_SERVER,
}


class UnknownSecret(DeskError):
    code = "unknown_secret"


def require_secret_change(actor: Actor, name: str) -> None:
    """Raise PermissionDenied (or UnknownSecret) before anything is written."""
    action = SECRET_ACTIONS.get(name)
    if action is None:
        raise UnknownSecret(QT_TRANSLATE_NOOP("core", "Unknown secret: {name}."), name=name)
    require(actor, action)


def record_secret_change(session_factory: sessionmaker[Session], actor: Actor, name: str, operation: str) -> None:
    """Audit that `actor` set or deleted secret `name`; the value never reaches the trail."""
    require_secret_change(actor, name)
    with session_factory() as session, session.begin():
        audit.record(session, actor, f"secret_{operation}", "secret", name)
