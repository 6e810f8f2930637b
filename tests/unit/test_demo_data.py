"""The demo data set: what a trainer or a tester relies on finding in it, on a real SQLite file."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select
from stdnum import isbn as stdnum_isbn

from desk_app.cli import main as cli_main
from desk_app.core.circulation.barcodes import make_item_barcode, parse_item_barcode
from desk_app.core.desk import DeskService
from desk_app.core.patrons.ids import parse_card_number, parse_id
from desk_app.core.staff.permissions import system_actor
from desk_app.core.staff.accounts import authenticate
from desk_app.core.views import Outcome
from desk_app.demo_data import DemoDataError, DemoSize, demo_info, ensure_demo_data, generate
from desk_app.store.db import open_database
from desk_app.store.models import Patron, StaffRole

TODAY = dt.date(2026, 11, 23)
SIZE = DemoSize(patrons=300, items=2_000, loans_history=3_000, seed=7)


def _make(path: Path, size: DemoSize = SIZE, fast: bool = True) -> Path:
    engine, _factory = open_database(f"sqlite:///{path}")
    try:
        generate(engine, size, today=TODAY, fast=fast)
    finally:
        engine.dispose()
    return path


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make(tmp_path_factory.mktemp("demo") / "demo.db")


def _q(path: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


def _one(path: Path, sql: str, *params: object) -> object:
    return _q(path, sql, *params)[0][0]


def test_rows_per_table_match_the_request(demo_db: Path) -> None:
    assert _one(demo_db, "SELECT count(*) FROM patron") == SIZE.patrons
    assert _one(demo_db, "SELECT count(*) FROM item") == SIZE.items
    assert _one(demo_db, "SELECT count(*) FROM loan WHERE returned_at IS NOT NULL") == SIZE.history
    current = _one(demo_db, "SELECT count(*) FROM loan WHERE returned_at IS NULL")
    assert current >= 20
    # Every checkout, past or current, earned exactly one reading point.
    assert _one(demo_db, "SELECT count(*) FROM point_entry WHERE reason = 'checkout'") == SIZE.history + current
    assert _one(demo_db, "SELECT count(*) FROM loan l LEFT JOIN point_entry p ON p.loan_id = l.id "
                         "WHERE p.id IS NULL") == 0
    assert _one(demo_db, "SELECT count(*) FROM bib_record b WHERE NOT EXISTS "
                         "(SELECT 1 FROM item i WHERE i.bib_id = b.id)") == 0
    assert _one(demo_db, "SELECT count(*) FROM search_token") > 5 * _one(demo_db, "SELECT count(*) FROM bib_record")


def test_every_card_kind_and_status_is_present(demo_db: Path) -> None:
    kinds = {r[0] for r in _q(demo_db, "SELECT DISTINCT kind FROM library_card")}
    assert kinds == {"personal", "family", "digital", "student"}
    statuses = {r[0] for r in _q(demo_db, "SELECT DISTINCT status FROM library_card")}
    assert statuses == {"active", "lost", "void", "pending_activation"}
    # Expired: active, but past its expiry date.
    assert _one(demo_db, "SELECT count(*) FROM library_card WHERE status='active' AND expiry_date < ?",
                TODAY.isoformat()) >= 1
    # Pending activation: a date in the future.
    assert _one(demo_db, "SELECT min(activation_date) FROM library_card WHERE status='pending_activation'") \
        > TODAY.isoformat()
    # A lost card was reissued: the same patron has a newer, active card with the next sequence.
    reissued = _q(demo_db, "SELECT lost.card_number, cur.card_number FROM library_card lost "
                           "JOIN library_card cur ON cur.patron_id = lost.patron_id AND cur.sequence = lost.sequence + 1 "
                           "WHERE lost.status = 'lost' AND cur.status = 'active'")
    assert reissued and all(a[:10] == b[:10] and int(b[10:]) == int(a[10:]) + 1 for a, b in reissued)
    # Student cards carry the UID of the card the record was burned on.
    assert _one(demo_db, "SELECT count(*) FROM library_card WHERE kind='student' AND burned_uid IS NULL") == 0


def test_ids_and_card_numbers_are_valid_and_of_all_three_kinds(demo_db: Path) -> None:
    rows = _q(demo_db, "SELECT national_id, id_kind FROM patron")
    for value, kind in rows:
        assert parse_id(value).kind.value == kind
    assert {k for _v, k in rows} == {"national", "resident", "old_resident"}
    assert "A123456789" not in {v for v, _k in rows}
    assert len({v for v, _k in rows}) == len(rows)
    for number, national_id in _q(demo_db, "SELECT c.card_number, p.national_id FROM library_card c "
                                           "JOIN patron p ON p.id = c.patron_id"):
        assert parse_card_number(number).holder_id.value == national_id


def test_isbns_have_valid_check_digits_and_taiwanese_prefixes(demo_db: Path) -> None:
    isbns = [r[0] for r in _q(demo_db, "SELECT isbn13 FROM bib_record WHERE isbn13 IS NOT NULL")]
    assert len(isbns) > 500
    assert len(set(isbns)) == len(isbns)
    for value in isbns:
        assert stdnum_isbn.is_valid(value), value
        assert value[:6] in ("978957", "978986")


def test_item_barcodes_are_valid_and_call_numbers_look_like_ccl(demo_db: Path) -> None:
    for item_id, barcode, call_number in _q(demo_db, "SELECT id, barcode, call_number FROM item"):
        assert parse_item_barcode(barcode) == barcode == make_item_barcode(item_id)
        cls = call_number.split()[0]
        assert cls[:3].isdigit() and len(call_number.split()[1]) == 4
    assert _one(demo_db, "SELECT count(*) FROM item WHERE call_number LIKE '% v._'") > 0


def test_circulation_is_consistent(demo_db: Path) -> None:
    today = TODAY.isoformat()
    # Items on loan are exactly those with an open loan.
    assert _q(demo_db, "SELECT count(*) FROM item WHERE status='on_loan'") == \
        _q(demo_db, "SELECT count(*) FROM loan WHERE returned_at IS NULL")
    assert _one(demo_db, "SELECT count(*) FROM loan l JOIN item i ON i.id = l.item_id "
                         "WHERE l.returned_at IS NULL AND i.status != 'on_loan'") == 0
    assert _one(demo_db, "SELECT count(*) FROM loan WHERE returned_at IS NULL AND due_date < ?", today) >= 1
    # No item was ever lent twice at the same time.
    assert _one(demo_db, "SELECT count(*) FROM loan a JOIN loan b ON a.item_id = b.item_id AND a.id < b.id "
                         "AND a.checked_out_at < coalesce(b.returned_at, '9999') "
                         "AND b.checked_out_at < coalesce(a.returned_at, '9999')") == 0
    # Only cards that may borrow physical items have loans.
    assert _one(demo_db, "SELECT count(*) FROM loan l JOIN library_card c ON c.id = l.card_id "
                         "WHERE l.returned_at IS NULL AND (c.kind = 'digital' OR c.status != 'active')") == 0
    holds = dict(_q(demo_db, "SELECT status, count(*) FROM hold GROUP BY status"))
    assert holds.get("waiting", 0) >= 1 and holds.get("ready", 0) >= 1
    assert _one(demo_db, "SELECT count(*) FROM hold h JOIN item i ON i.id = h.item_id "
                         "WHERE h.status = 'ready' AND i.status != 'on_hold_shelf'") == 0
    assert _one(demo_db, "SELECT count(*) FROM suspension WHERE borrowing_resumes_on > ?", today) >= 1
    assert _one(demo_db, "SELECT count(*) FROM patron WHERE preliminary = 1 AND phone IS NULL") >= 1


def test_transit_bindings_and_branch_calendar(demo_db: Path) -> None:
    uids = _q(demo_db, "SELECT uid_hex, transit_kind FROM card_binding WHERE unbound_at IS NULL")
    assert {k for _u, k in uids} == {"easycard", "ipass"}
    for uid, _kind in uids:
        assert len(uid) in (8, 14) and uid == uid.upper() and int(uid, 16) >= 0
        assert not (len(uid) == 8 and uid.startswith("08"))  # random UIDs are never bound
    assert _one(demo_db, "SELECT count(DISTINCT closed_weekdays) FROM branch") >= 2
    assert _one(demo_db, "SELECT count(*) FROM closed_day WHERE day > ?", TODAY.isoformat()) > 0
    assert _one(demo_db, "SELECT count(*) FROM loan_rule") >= 4


def test_the_file_is_durable_again_and_intact(demo_db: Path) -> None:
    assert _one(demo_db, "PRAGMA journal_mode") == "wal"
    assert _q(demo_db, "PRAGMA foreign_key_check") == []
    assert _one(demo_db, "PRAGMA integrity_check") == "ok"


def _dump(path: Path) -> dict[str, list[tuple]]:
    tables = [r[0] for r in _q(path, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    out = {}
    for table in tables:
        rows = _q(path, f'SELECT * FROM "{table}" ORDER BY 1')
        if table == "staff":  # argon2 hashes are salted; passwords are fresh secrets on purpose
            rows = [r[:4] for r in rows]
        if table == "sync_state":  # every file names itself as a desk at first open: two files, two desks
            rows = [r for r in rows if r[0] != "desk_id"]
        out[table] = rows
    return out


def test_same_seed_same_data_other_seed_other_data(demo_db: Path, tmp_path: Path) -> None:
    again = _make(tmp_path / "again.db")
    assert _dump(again) == _dump(demo_db)
    other = _make(tmp_path / "other.db", DemoSize(patrons=300, items=2_000, loans_history=3_000, seed=8))
    assert _dump(other)["patron"] != _dump(demo_db)["patron"]


def test_refuses_a_database_that_already_holds_data(demo_db: Path) -> None:
    engine, _factory = open_database(f"sqlite:///{demo_db}")
    try:
        with pytest.raises(DemoDataError):
            generate(engine, SIZE, today=TODAY)
    finally:
        engine.dispose()
    assert _one(demo_db, "SELECT count(*) FROM patron") == SIZE.patrons


def test_fast_mode_refuses_a_file_another_program_has_open(db_url: str, tmp_path: Path) -> None:
    engine, _factory = open_database(db_url)
    desk = sqlite3.connect(tmp_path / "desk.db")
    desk.execute("SELECT count(*) FROM patron").fetchall()
    try:
        with pytest.raises(DemoDataError) as caught:
            generate(engine, SIZE, today=TODAY)
        assert "open" in str(caught.value)
    finally:
        desk.close()
        engine.dispose()
    assert _one(tmp_path / "desk.db", "PRAGMA journal_mode") == "wal"
    assert _one(tmp_path / "desk.db", "SELECT count(*) FROM patron") == 0


def test_ensure_demo_data_fills_only_an_empty_database(session_factory) -> None:
    report = ensure_demo_data(session_factory, today=TODAY)
    assert report is not None
    assert set(report.staff_passwords) == {"librarian", "card_staff", "technician", "supervisor", "administrator"}
    with session_factory() as s:
        assert s.execute(select(func.count()).select_from(Patron)).scalar() == 300
        info = demo_info(s)
    assert info is not None and info["showcase"]["lost_card"] >= 1
    assert ensure_demo_data(session_factory, today=TODAY) is None
    # The printed password signs the demo librarian in.
    signed_in = authenticate(session_factory, "librarian", report.staff_passwords["librarian"])
    assert signed_in is not None


def test_heavy_borrower_when_the_set_is_large_enough(tmp_path: Path) -> None:
    size = DemoSize(patrons=1_000, items=10_000, loans_history=10_000, seed=3)
    path = _make(tmp_path / "heavy.db", size)
    engine, factory = open_database(f"sqlite:///{path}")
    with factory() as s:
        heavy = demo_info(s)["heavy_borrower"]  # type: ignore[index]
    engine.dispose()
    assert _one(path, "SELECT count(*) FROM loan WHERE patron_id = ? AND returned_at IS NULL", heavy) == 200
    assert _one(path, "SELECT count(*) FROM loan WHERE patron_id = ? AND returned_at IS NOT NULL", heavy) == 5_000
    assert _one(path, "SELECT count(*) FROM loan WHERE returned_at IS NOT NULL") == 10_000
    # A group card, nothing overdue: the desk lends the heavy borrower one more book like anyone else.
    assert _one(path, "SELECT kind FROM patron WHERE id = ?", heavy) == "group"
    card = _one(path, "SELECT card_number FROM library_card WHERE patron_id = ? AND status = 'active'", heavy)
    book = _one(path, "SELECT barcode FROM item WHERE status = 'available' AND item_type = 'book' LIMIT 1")
    engine, factory = open_database(f"sqlite:///{path}")
    try:
        desk = DeskService(factory, system_actor(1, StaffRole.LIBRARIAN),
                           clock=lambda: dt.datetime.combine(TODAY, dt.time(3, 0)))
        shown = desk.identify(str(card))
        assert shown.patron is not None and shown.patron.may_borrow and len(shown.patron.loans) == 200
        assert desk.check_out(heavy, str(book)).outcome is Outcome.OK
    finally:
        engine.dispose()


def test_command_prints_progress_rows_per_second_and_passwords_once(tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'cmd.db'}"
    assert cli_main(["demo-data", "--db", url, "--patrons", "100", "--items", "500", "--seed", "5"]) == 0
    out, err = capsys.readouterr()
    assert "rows/s" in out and "item" in err
    for role in ("librarian", "card_staff", "technician", "supervisor", "administrator"):
        assert role in out
    assert cli_main(["demo-data", "--db", url, "--patrons", "100", "--items", "500"]) == 1
    assert "already holds" in capsys.readouterr().err
