"""Roles and what each may do. Every use case checks here, not only the UI.

The table is plain data so a supervisor can read it in docs/ and a test can walk it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError
from desk_app.store.models import StaffRole


class Action(str, enum.Enum):
    IDENTIFY_PATRON = "identify_patron"
    CHECK_OUT = "check_out"
    CHECK_IN = "check_in"
    RENEW = "renew"
    PLACE_HOLD = "place_hold"
    CANCEL_HOLD = "cancel_hold"
    HAND_OVER_HOLD = "hand_over_hold"
    UNDO_CHECKOUT = "undo_checkout"
    SEARCH_CATALOG = "search_catalog"
    REGISTER_PATRON = "register_patron"
    EDIT_PATRON = "edit_patron"
    REPORT_LOST_CARD = "report_lost_card"
    REISSUE_CARD = "reissue_card"
    BIND_TRANSIT_CARD = "bind_transit_card"
    REDEEM_POINTS = "redeem_points"
    REVEAL_NATIONAL_ID = "reveal_national_id"
    IMPORT_ROSTER = "import_roster"
    BURN_CARD = "burn_card"
    CONFIGURE_DEVICES = "configure_devices"
    MANAGE_CARD_KEYS = "manage_card_keys"
    CONFIGURE_SERVER = "configure_server"
    CORRECT_POINTS = "correct_points"
    LIFT_SUSPENSION = "lift_suspension"
    EXPORT_PATRON_DATA = "export_patron_data"
    ANONYMISE_HISTORY = "anonymise_history"
    MANAGE_STAFF = "manage_staff"
    VIEW_AUDIT = "view_audit"
    # The reading passbook (issue 21)
    VIEW_PASSBOOK = "view_passbook"
    CANCEL_REDEMPTION = "cancel_redemption"
    AWARD_EVENT_POINTS = "award_event_points"
    CONFIRM_ATTENDANCE = "confirm_attendance"
    BOOK_EVENT_SEAT = "book_event_seat"
    MANAGE_PRIZES = "manage_prizes"
    MANAGE_EVENTS = "manage_events"
    RUN_DRAW = "run_draw"
    PASSBOOK_REPORTS = "passbook_reports"
    PASSBOOK_SETTINGS = "passbook_settings"


# Everyday counter work: every role that serves patrons may do all of it.
_DESK = {
    Action.IDENTIFY_PATRON, Action.CHECK_OUT, Action.CHECK_IN, Action.RENEW, Action.PLACE_HOLD,
    Action.CANCEL_HOLD, Action.HAND_OVER_HOLD, Action.UNDO_CHECKOUT, Action.SEARCH_CATALOG, Action.REGISTER_PATRON,
    Action.EDIT_PATRON, Action.REPORT_LOST_CARD, Action.REISSUE_CARD, Action.BIND_TRANSIT_CARD,
    Action.REDEEM_POINTS, Action.VIEW_PASSBOOK, Action.CANCEL_REDEMPTION, Action.AWARD_EVENT_POINTS,
    Action.CONFIRM_ATTENDANCE, Action.BOOK_EVENT_SEAT,
}
# What only a supervisor decides about the passbook: prizes and stock, events, draws, reports, rules.
_PASSBOOK_SUPERVISION = {
    Action.MANAGE_PRIZES, Action.MANAGE_EVENTS, Action.RUN_DRAW, Action.PASSBOOK_REPORTS, Action.PASSBOOK_SETTINGS,
}

# Only technicians touch devices, card keys and the server; only supervisors correct points or
# lift a suspension early; only card staff import rosters and burn cards. docs/roles.md mirrors this.
ROLE_ACTIONS: dict[StaffRole, frozenset[Action]] = {
    StaffRole.LIBRARIAN: frozenset(_DESK),
    StaffRole.CARD_STAFF: frozenset(
        _DESK | {Action.IMPORT_ROSTER, Action.BURN_CARD, Action.REVEAL_NATIONAL_ID}
    ),
    StaffRole.TECHNICIAN: frozenset(
        {Action.SEARCH_CATALOG, Action.CONFIGURE_DEVICES, Action.MANAGE_CARD_KEYS, Action.CONFIGURE_SERVER}
    ),
    StaffRole.SUPERVISOR: frozenset(
        _DESK
        | {
            Action.REVEAL_NATIONAL_ID, Action.CORRECT_POINTS, Action.LIFT_SUSPENSION,
            Action.EXPORT_PATRON_DATA, Action.VIEW_AUDIT,
        }
        | _PASSBOOK_SUPERVISION
    ),
    StaffRole.ADMINISTRATOR: frozenset(
        {
            Action.SEARCH_CATALOG, Action.MANAGE_STAFF, Action.VIEW_AUDIT, Action.ANONYMISE_HISTORY,
            Action.EXPORT_PATRON_DATA,
        }
    ),
}


class PermissionDenied(DeskError):
    code = "permission_denied"


@dataclass(frozen=True)
class Actor:
    """Who is doing something at the desk: a signed-in staff member at a branch."""

    staff_id: int | None
    username: str
    role: StaffRole
    branch_id: int

    def may(self, action: Action) -> bool:
        return action in ROLE_ACTIONS.get(self.role, frozenset())


def require(actor: Actor, action: Action) -> None:
    """Raise PermissionDenied unless `actor`'s role allows `action`."""
    if not actor.may(action):
        raise PermissionDenied(
            QT_TRANSLATE_NOOP("core", "Your role ({role}) may not do this ({action})."),
            role=getattr(actor.role, "value", str(actor.role)),
            action=action.value,
        )


def system_actor(branch_id: int, role: StaffRole = StaffRole.ADMINISTRATOR) -> Actor:
    """The actor for batch jobs run from the command line (demo data, migrations)."""
    return Actor(staff_id=None, username="system", role=role, branch_id=branch_id)
