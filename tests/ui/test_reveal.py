"""Revealing a masked ID in the UI: only for permitted roles, through core, audited, hidden again."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desk_app.core.patrons.ids import check_digit_for, mask_id
from desk_app.core.staff import privacy
from desk_app.core.staff.permissions import Action, Actor
from desk_app.store.models import AuditEntry, Branch, Patron, StaffRole
from desk_app.ui.ops import OpRunner
from desk_app.ui.staff.reveal import DEFAULT_HIDE_AFTER_MS, RevealField

NATIONAL_ID = "E12345678" + check_digit_for("E12345678")
MASKED = mask_id(NATIONAL_ID)


def actor(role: StaffRole) -> Actor:
    return Actor(staff_id=2, username=f"{role.value}-1", role=role, branch_id=1)


def reveal_field(session_factory, who: Actor, runner: OpRunner,
                 hide_after_ms: int = DEFAULT_HIDE_AFTER_MS) -> RevealField:
    """A RevealField wired to core for `who`, as the desk wires it (the button only for roles that may reveal)."""
    return RevealField(lambda patron_id: privacy.reveal_national_id(session_factory, who, patron_id),
                       allowed=who.may(Action.REVEAL_NATIONAL_ID), runner=runner, hide_after_ms=hide_after_ms)


@pytest.fixture
def patron_id(session_factory) -> int:
    with session_factory() as s, s.begin():
        s.add(Branch(code="TPML", name="總館"))
        patron = Patron(national_id=NATIONAL_ID, name="張小華")
        s.add(patron)
        s.flush()
        return patron.id


def audit_actions(session_factory) -> list[tuple[str, str, dict]]:
    with session_factory() as s:
        return [(e.action, e.staff_username, json.loads(e.detail))
                for e in s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()]


def test_supervisor_reveals_audited_and_it_hides_itself(qtbot, session_factory, patron_id, runner) -> None:
    field = reveal_field(session_factory, actor(StaffRole.SUPERVISOR), runner, hide_after_ms=300)
    qtbot.addWidget(field)
    field.set_patron(patron_id, MASKED)
    field.show()
    assert field.value.text() == MASKED and field.button.isVisible()
    with qtbot.waitSignal(field.revealed, timeout=10_000):
        qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)
    assert field.value.text() == NATIONAL_ID
    assert audit_actions(session_factory) == [("national_id_revealed", "supervisor-1", {"masked_id": MASKED,
                                                                                          "reason": ""})]
    qtbot.waitUntil(lambda: field.value.text() == MASKED, timeout=10_000)  # auto-hide
    assert not field.is_revealed()


def test_a_new_patron_or_the_lock_hides_it_at_once(qtbot, session_factory, patron_id, runner) -> None:
    field = reveal_field(session_factory, actor(StaffRole.CARD_STAFF), runner, hide_after_ms=60_000)
    qtbot.addWidget(field)
    field.set_patron(patron_id, MASKED)
    with qtbot.waitSignal(field.revealed, timeout=10_000):
        field.request()
    assert field.value.text() == NATIONAL_ID
    field.conceal()  # what the lock screen's lockedChanged(True) is connected to
    assert field.value.text() == MASKED
    with qtbot.waitSignal(field.revealed, timeout=10_000):
        field.request()
    field.set_patron(None, "")
    assert field.value.text() == "" and not field.button.isEnabled()


def test_a_librarian_sees_no_button_and_core_refuses_anyway(qtbot, session_factory, patron_id, runner) -> None:
    field = reveal_field(session_factory, actor(StaffRole.LIBRARIAN), runner)
    qtbot.addWidget(field)
    field.set_patron(patron_id, MASKED)
    field.show()
    assert not field.button.isVisible()
    field.request()  # as if the button were forced: core checks the permission itself
    qtbot.waitUntil(lambda: field.message.text() != "", timeout=10_000)
    assert "may not do this" in field.message.text()
    assert field.value.text() == MASKED
    assert audit_actions(session_factory) == []

