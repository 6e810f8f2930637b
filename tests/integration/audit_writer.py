"""A second program appending to one desk file's audit trail: `python -m tests.integration.audit_writer`.

Run twice at once by test_audit_writers: each prints "ready", waits for a line on stdin
(so both start together, with no sleeps), then runs `rounds` rounds of real use cases that
append to the trail, and prints how many entries it appended.

    python -m tests.integration.audit_writer DB_URL {desk|staff} ROUNDS
"""

from __future__ import annotations

import sys

from sqlalchemy import select

from desk_app.core.desk import DeskService
from desk_app.core.devices import record_device_settings_change
from desk_app.core.staff import privacy
from desk_app.core.staff.accounts import SignInFailed, authenticate
from desk_app.core.staff.permissions import Actor
from desk_app.store.db import open_database
from desk_app.store.models import Branch, Item, LibraryCard, StaffRole


def main(url: str, role: str, rounds: int) -> int:
    engine, sessions = open_database(url, migrate=False)
    with sessions() as s:
        branch = int(s.scalars(select(Branch.id).order_by(Branch.id)).first() or 0)
        card = s.scalars(select(LibraryCard).order_by(LibraryCard.id)).first()
        assert card is not None
        number, patron_id = card.card_number, card.patron_id
        barcode = s.scalars(select(Item.barcode).order_by(Item.id.desc())).first()
    librarian = Actor(None, f"desk-{role}", StaffRole.LIBRARIAN, branch)
    supervisor = Actor(None, f"sup-{role}", StaffRole.SUPERVISOR, branch)
    technician = Actor(None, f"tech-{role}", StaffRole.TECHNICIAN, branch)
    desk = DeskService(sessions, librarian)
    print("ready", flush=True)
    sys.stdin.readline()
    appended = 0
    for n in range(rounds):
        if role == "desk":  # identify (a read that audits), reveal (privacy), a device-panel save
            desk.identify(number)
            privacy.reveal_national_id(sessions, supervisor, patron_id, reason="test")
            appended += 2
            if n % 25 == 0:
                record_device_settings_change(sessions, technician, {"scanner": "on"})
                appended += 1
        else:  # check out and back in (circulation), now and then a failed sign-in (staff)
            assert desk.check_out(patron_id, barcode).loan is not None
            desk.check_in(barcode)
            appended += 2
            if n % 25 == 0:
                try:
                    authenticate(sessions, "nobody", "wrong password")
                except SignInFailed:
                    appended += 1
    engine.dispose()
    print(f"appended {appended}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
