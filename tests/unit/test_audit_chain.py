"""The audit trail is tamper-evident: raw SQL edits, deletions and insertions on the real file are caught."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desk_app.core.staff import audit
from desk_app.core.staff.audit import entry_hash, verify_chain
from desk_app.core.staff.permissions import Actor, PermissionDenied
from desk_app.store.models import StaffRole

ROOT = Path(__file__).resolve().parents[2]
SUPERVISOR = Actor(staff_id=3, username="lin", role=StaffRole.SUPERVISOR, branch_id=1)


@pytest.fixture
def trail(session_factory, db_url) -> Path:
    """Five entries written through core, then the engine closed: the file is all that is left."""
    with session_factory() as s, s.begin():
        for n in range(1, 6):
            audit.record(s, SUPERVISOR, "check_out", "loan", n, item="31234567890128", masked_id="A12*****89")
    return Path(db_url.removeprefix("sqlite:///"))


def verify(session_factory) -> audit.ChainReport:
    with session_factory() as s:
        return verify_chain(s)


def raw(path: Path, sql: str, params: tuple = ()) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(sql, params)


def cli_verify(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "audit", "verify", "--db", f"sqlite:///{path}"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_untouched_trail_is_intact(session_factory, trail) -> None:
    report = verify(session_factory)
    assert (report.ok, report.entries, report.first_bad_id) == (True, 5, None)
    done = cli_verify(trail)
    assert done.returncode == 0, done.stderr
    assert "intact" in done.stdout and "5 entries" in done.stdout


def test_an_edited_entry_is_detected(session_factory, trail) -> None:
    raw(trail, "UPDATE audit_entry SET staff_username = 'someone' WHERE id = 3")
    report = verify(session_factory)
    assert (report.ok, report.first_bad_id) == (False, 3)
    assert "changed" in report.reason


def test_an_edited_timestamp_is_detected(session_factory, trail) -> None:
    raw(trail, "UPDATE audit_entry SET at = '2020-01-01 00:00:00.000000' WHERE id = 2")
    assert verify(session_factory).first_bad_id == 2


def test_a_deleted_entry_is_detected(session_factory, trail) -> None:
    raw(trail, "DELETE FROM audit_entry WHERE id = 2")
    report = verify(session_factory)
    assert (report.ok, report.first_bad_id) == (False, 3)
    assert "deleted or inserted" in report.reason


def test_an_inserted_entry_is_detected_even_with_a_well_formed_hash(session_factory, trail) -> None:
    # Make room after entry 3, then forge an entry whose own hash and link to entry 3 are right.
    with sqlite3.connect(trail) as conn:
        for n in (5, 4):
            conn.execute("UPDATE audit_entry SET id = id + 1 WHERE id = ?", (n,))
        prev = conn.execute("SELECT hash FROM audit_entry WHERE id = 3").fetchone()[0]
        at = "2026-11-23T10:00:00"
        forged = entry_hash(prev, at, "lin", "reveal_national_id", "patron", "9", "{}")
        conn.execute(
            "INSERT INTO audit_entry (id, at, staff_id, staff_username, action, entity, entity_id, detail,"
            " prev_hash, hash) VALUES (4, ?, 3, 'lin', 'reveal_national_id', 'patron', '9', '{}', ?, ?)",
            (at.replace("T", " "), prev, forged),
        )
    report = verify(session_factory)
    assert (report.ok, report.first_bad_id) == (False, 5)


def test_cli_exits_1_and_names_the_first_broken_entry(trail) -> None:
    raw(trail, "UPDATE audit_entry SET detail = '{}' WHERE id = 4")
    done = cli_verify(trail)
    assert done.returncode == 1
    assert "BROKEN at entry 4" in done.stdout


def test_cli_lists_the_newest_entries(trail) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "audit", "list", "--last", "2",
                           "--db", f"sqlite:///{trail}"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 2 and lines[0].split()[0] == "4" and lines[1].split()[0] == "5"
    assert "loan:5" in lines[1]


def test_reading_the_trail_needs_permission(session_factory, trail) -> None:
    librarian = Actor(staff_id=4, username="mei", role=StaffRole.LIBRARIAN, branch_id=1)
    with session_factory() as s:
        with pytest.raises(PermissionDenied):
            audit.recent_entries(s, librarian, 5)
        assert [e.entity_id for e in audit.recent_entries(s, SUPERVISOR, 2)] == ["4", "5"]


def test_a_full_national_id_is_refused_in_details(session_factory) -> None:
    with session_factory() as s, s.begin():
        with pytest.raises(ValueError):
            audit.record(s, SUPERVISOR, "edit_patron", "patron", 1, national_id="A123456789")
