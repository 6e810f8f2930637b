"""The audit trail is tamper-evident: raw SQL edits, deletions and insertions on the real file are caught."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text as sqlalchemy_text

from desk_app.core.staff import audit
from desk_app.core.staff.audit import hash_of, verify_chain
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
        at = dt.datetime(2026, 11, 23, 10, 0)
        forged_gid = "01a20621-ad00-7000-8000-000000000001"
        row = {"hash_version": audit.HASH_VERSION, "id": 4, "global_id": forged_gid, "at": at, "staff_id": 3,
               "staff_username": "lin", "action": "reveal_national_id", "entity": "patron", "entity_id": "9",
               "detail": "{}", "prev_hash": prev}
        conn.execute(
            "INSERT INTO audit_entry (id, global_id, at, staff_id, staff_username, action, entity, entity_id, detail,"
            " prev_hash, hash, hash_version) VALUES (4, ?, ?, 3, 'lin', 'reveal_national_id', 'patron', '9', '{}', ?, ?,"
            " ?)",
            (forged_gid, at.isoformat(sep=" "), prev, hash_of(row), audit.HASH_VERSION),
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


# ---- issue 18: every column is covered, old trails still verify, entries take core's clock ----

def test_the_newest_hash_version_covers_every_column_but_the_hash() -> None:
    """A new column on audit_entry (a global id) must come with a new hash version that covers it."""
    from desk_app.store.models import AuditEntry

    columns = {c.key for c in AuditEntry.__table__.columns} - {"hash"}
    assert set(audit.HASHED_COLUMNS[audit.HASH_VERSION]) == columns


@pytest.mark.parametrize("sql", [
    "UPDATE audit_entry SET staff_id = 99 WHERE id = 3",
    "UPDATE audit_entry SET staff_id = NULL WHERE id = 3",
    "UPDATE audit_entry SET hash_version = 1 WHERE id = 3",
])
def test_a_changed_staff_id_or_version_is_detected(session_factory, trail, sql: str) -> None:
    raw(trail, sql)
    assert verify(session_factory).first_bad_id == 3


def test_renumbered_entries_are_detected(session_factory, trail) -> None:
    raw(trail, "UPDATE audit_entry SET id = id + 10 WHERE id >= 4")  # links intact, ids moved
    report = verify(session_factory)
    assert (report.ok, report.first_bad_id) == (False, 14)


def _legacy_rows(path: Path, count: int) -> None:
    """Entries exactly as desks wrote them before issue 18 (version 1, no id or staff id in the hash)."""
    prev = audit.GENESIS
    with sqlite3.connect(path) as conn:
        for n in range(1, count + 1):
            at = dt.datetime(2026, 1, n, 9, 30, 0, 123456)
            digest = audit.entry_hash(prev, at.isoformat(), "lin", "check_out", "loan", str(n), "{}")
            conn.execute("INSERT INTO audit_entry (id, at, staff_id, staff_username, action, entity, entity_id,"
                         " detail, prev_hash, hash) VALUES (?, ?, 3, 'lin', 'check_out', 'loan', ?, '{}', ?, ?)",
                         (n, at.isoformat(sep=" "), str(n), prev, digest))
            prev = digest


def test_a_trail_written_before_the_migration_still_verifies_and_grows(tmp_path: Path) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from desk_app.store.db import alembic_config, open_database

    path = tmp_path / "old.db"
    url = f"sqlite:///{path}"
    old = create_engine(url)
    with old.begin() as conn:
        cfg = alembic_config(url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")  # the schema of a desk installed before issue 18
    old.dispose()
    _legacy_rows(path, 3)
    engine, sessions = open_database(url)  # migrates: existing entries become version 1
    try:
        with sessions() as s, s.begin():
            audit.record(s, SUPERVISOR, "check_in", "loan", 3)
        with sessions() as s:
            versions = [v for (v,) in s.execute(sqlalchemy_text("SELECT hash_version FROM audit_entry ORDER BY id"))]
            assert versions == [1, 1, 1, audit.HASH_VERSION]
            assert verify_chain(s) == audit.ChainReport(True, 4)
        raw(path, "UPDATE audit_entry SET entity_id = '7' WHERE id = 2")  # v1 still covers its seven fields
        with sessions() as s:
            assert verify_chain(s).first_bad_id == 2
    finally:
        engine.dispose()


def test_a_version_1_entry_after_a_version_2_entry_is_a_downgrade(session_factory, trail) -> None:
    """Re-hashing an entry as version 1 (so its staff id escapes) is caught even with a valid v1 hash."""
    with sqlite3.connect(trail) as conn:
        rows = conn.execute("SELECT id, at, staff_username, action, entity, entity_id, detail, prev_hash"
                            " FROM audit_entry ORDER BY id").fetchall()
        prev = rows[-2][7]
        last = rows[-1]
        at = dt.datetime.fromisoformat(last[1]).isoformat()
        digest = audit.entry_hash(prev, at, *last[2:7])
        conn.execute("UPDATE audit_entry SET hash_version = 1, staff_id = 42, hash = ? WHERE id = ?", (digest, last[0]))
    report = verify(session_factory)
    assert (report.ok, report.first_bad_id) == (False, 5)
    assert "older hash version" in report.reason


def test_entries_take_their_time_from_the_use_cases_clock(session_factory) -> None:
    """A desk on a clock the test sets: the identify entry carries that moment (naive UTC), not the PC's."""
    from desk_app.core.desk import DeskService
    from desk_app.store.models import AuditEntry
    from tests import factories

    with session_factory() as s:
        world = factories.small_world(s)
        s.commit()
    clock = factories.FakeClock(dt.datetime(2031, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc))
    DeskService(session_factory, factories.actor(world.main), clock=clock).identify(world.adult_card.card_number)
    with session_factory() as s:
        entry = s.query(AuditEntry).order_by(AuditEntry.id.desc()).first()
        assert entry is not None and entry.action == "identify_patron"
        assert entry.at == dt.datetime(2031, 5, 6, 7, 8, 9)
