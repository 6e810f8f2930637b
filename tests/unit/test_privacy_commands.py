"""`main.py patron export` and `main.py privacy anonymise`, and the core use cases under them.

The commands run as real subprocesses on a real SQLite file; a staff member signs in
on stdin, as on a terminal.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk_app.core.staff import privacy
from desk_app.core.devices import record_device_settings_change
from desk_app.core.patrons.ids import InvalidIdError, check_digit_for, mask_id
from desk_app.core.staff.permissions import PermissionDenied, system_actor
from desk_app.core.staff.accounts import create_staff
from desk_app.store.models import AuditEntry, Loan, OutboxEntry, StaffRole
from tests import secrets_registry
from tests.unit.test_privacy import (  # noqa: F401
    ADMIN,
    NATIONAL_ID,
    NOW,
    OTHER_ID,
    SUPERVISOR,
    actor,
    library,
)

ROOT = Path(__file__).resolve().parents[2]
SUP_PASSWORD = secrets_registry.register("Sup-Export-Pass-4711", "staff password")
ADMIN_PASSWORD = secrets_registry.register("Admin-Anon-Pass-1123", "staff password")
LIB_PASSWORD = secrets_registry.register("Lib-Export-Pass-5813", "staff password")


@pytest.fixture
def shell(session_factory, db_url, library, tmp_path: Path):  # noqa: F811 - the shared fixture
    for username, role, password in (("sup", StaffRole.SUPERVISOR, SUP_PASSWORD),
                                     ("admin", StaffRole.ADMINISTRATOR, ADMIN_PASSWORD),
                                     ("mei", StaffRole.LIBRARIAN, LIB_PASSWORD)):
        create_staff(session_factory, system_actor(0), username, username, role, password)
    env = dict(os.environ, LIBDESK_DATA_DIR=str(tmp_path / "data"), LIBDESK_CONFIG_DIR=str(tmp_path / "config"))

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(ROOT / "main.py"), *args, "--db", db_url], input=stdin,
                              capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)

    return run


def audit_actions(session_factory) -> list[str]:
    with session_factory() as s:
        return list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


# ---- core ----------------------------------------------------------------------------------------

def test_a_request_names_the_patron_by_card_or_id_after_the_permission_check(session_factory, library) -> None:
    reader = library["reader"]
    assert privacy.find_patron_for_request(session_factory, SUPERVISOR, NATIONAL_ID + "00") == reader
    assert privacy.find_patron_for_request(session_factory, SUPERVISOR, f" {NATIONAL_ID.lower()} ") == reader
    nobody = "C10000000" + check_digit_for("C10000000")
    with pytest.raises(privacy.PrivacyError) as unknown:
        privacy.find_patron_for_request(session_factory, SUPERVISOR, nobody)
    assert str(unknown.value) == f"No patron is registered with ID {mask_id(nobody)}."
    with pytest.raises(InvalidIdError):
        privacy.find_patron_for_request(session_factory, SUPERVISOR, "A123")
    with pytest.raises(PermissionDenied):  # before the lookup: no way to learn who is a patron
        privacy.find_patron_for_request(session_factory, actor(StaffRole.LIBRARIAN), NATIONAL_ID)


def test_a_dry_run_counts_what_anonymising_would_do_and_changes_nothing(session_factory, library) -> None:
    dry = privacy.anonymise_history(session_factory, ADMIN, retention=365, now=NOW, dry_run=True)
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Loan).where(Loan.patron_id.is_(None))) == 0
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 0
    real = privacy.anonymise_history(session_factory, ADMIN, retention=365, now=NOW)
    assert dry.dry_run and not real.dry_run
    assert (dry.loans, dry.point_entries, dry.suspensions) == (real.loans, real.point_entries, real.suspensions) \
        == (3, 3, 1)
    assert audit_actions(session_factory) == ["history_anonymise_counted", "history_anonymised"]
    with pytest.raises(PermissionDenied):
        privacy.anonymise_history(session_factory, SUPERVISOR, now=NOW, dry_run=True)


def test_device_settings_changes_are_audited_for_technicians_only(session_factory) -> None:
    tech = actor(StaffRole.TECHNICIAN)
    with pytest.raises(PermissionDenied):
        record_device_settings_change(session_factory, actor(StaffRole.LIBRARIAN), {"lc_sector": 2})
    with pytest.raises(ValueError):
        record_device_settings_change(session_factory, tech, {"card_key_a": "FFFFFFFFFFFF"})
    record_device_settings_change(session_factory, tech, {"lc_sector": 2, "key_a_slot": 1, "training_mode": True})
    with session_factory() as s:
        entry = s.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.staff_username) == ("device_settings_changed", "technician1")
    assert json.loads(entry.detail) == {"key_a_slot": 1, "lc_sector": 2, "training_mode": True}


# ---- patron export -------------------------------------------------------------------------------

def test_a_supervisor_exports_a_patron_to_a_new_private_file(shell, session_factory, library, tmp_path) -> None:
    out = tmp_path / "export.json"
    done = shell("patron", "export", NATIONAL_ID + "00", "--out", str(out), stdin=f"sup\n{SUP_PASSWORD}\n")
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["patron"]["national_id"] == NATIONAL_ID and data["exported_by"] == "sup"
    assert OTHER_ID not in out.read_text(encoding="utf-8")
    assert NATIONAL_ID not in done.stdout + done.stderr  # the full ID goes into the file, not the terminal
    assert audit_actions(session_factory)[-1] == "patron_data_exported"


def test_an_export_never_overwrites_a_file(shell, session_factory, tmp_path) -> None:
    out = tmp_path / "someone-else.json"
    out.write_text("another patron's export", encoding="utf-8")
    done = shell("patron", "export", NATIONAL_ID, "--out", str(out), stdin=f"sup\n{SUP_PASSWORD}\n")
    assert done.returncode == 1 and "already exists" in done.stderr
    assert out.read_text(encoding="utf-8") == "another patron's export"
    assert "patron_data_exported" not in audit_actions(session_factory)


@pytest.mark.parametrize(("given", "says"), [
    ("A123456788", "check digit"),  # malformed: a wrong check digit
    ("A12", "10 characters"),
    ("C10000000" + check_digit_for("C10000000"), "No patron is registered with ID C10*****"),  # nobody has it
    ("C10000000" + check_digit_for("C10000000") + "01", "No library card has number C10*****"),
])
def test_bad_input_says_why_and_writes_nothing(shell, session_factory, tmp_path, given: str, says: str) -> None:
    out = tmp_path / "export.json"
    done = shell("patron", "export", given, "--out", str(out), stdin=f"sup\n{SUP_PASSWORD}\n")
    assert done.returncode == 1 and "Error" in done.stderr
    assert says in done.stderr
    assert given not in done.stderr or len(given) < 10  # refused IDs are masked in the message
    assert not out.exists()
    assert "patron_data_exported" not in audit_actions(session_factory)


def test_a_librarian_may_not_export(shell, session_factory, tmp_path) -> None:
    out = tmp_path / "export.json"
    done = shell("patron", "export", NATIONAL_ID, "--out", str(out), stdin=f"mei\n{LIB_PASSWORD}\n")
    assert done.returncode == 1 and "may not do this" in done.stderr
    assert not out.exists()


# ---- privacy anonymise ---------------------------------------------------------------------------

def test_an_administrator_counts_then_anonymises_old_history(shell, session_factory) -> None:
    dry = shell("privacy", "anonymise", "--older-than", "365", "--dry-run", stdin=f"admin\n{ADMIN_PASSWORD}\n")
    assert dry.returncode == 0, dry.stderr
    assert "Dry run" in dry.stdout and [line.split()[-1] for line in dry.stdout.splitlines()[1:]] == ["3", "3", "1"]
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Loan).where(Loan.patron_id.is_(None))) == 0
    done = shell("privacy", "anonymise", "--older-than", "365", stdin=f"admin\n{ADMIN_PASSWORD}\n")
    assert done.returncode == 0 and "Anonymised" in done.stdout
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Loan).where(Loan.patron_id.is_(None))) == 3
    assert audit_actions(session_factory)[-3:] == ["history_anonymise_counted", "sign_in", "history_anonymised"]


def test_anonymise_refuses_a_supervisor_and_a_negative_period(shell, session_factory) -> None:
    done = shell("privacy", "anonymise", stdin=f"sup\n{SUP_PASSWORD}\n")
    assert done.returncode == 1 and "may not do this" in done.stderr
    negative = shell("privacy", "anonymise", "--older-than", "-5", stdin=f"admin\n{ADMIN_PASSWORD}\n")
    assert negative.returncode == 2 and "negative" in negative.stderr
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Loan).where(Loan.patron_id.is_(None))) == 0
    assert mask_id(NATIONAL_ID) not in done.stderr
