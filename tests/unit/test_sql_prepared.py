"""Prepared statements (core/sql.py): the hot path's shortcut must store, read and commit exactly as the ORM does."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError

from desk_app.core.sql import Prepared, table
from desk_app.store.models import PointEntry, Suspension
from tests import factories as F

AT = dt.datetime(2026, 11, 23, 2, 0, 0)  # a whole second: the ORM still writes ".000000"
STARTS = dt.date(2026, 11, 23)

_INSERT_POINT = Prepared(insert(table(PointEntry)), columns=(
    "patron_id", "points", "reason", "loan_id", "reference", "staff_id", "created_at"))
_INSERT_SUSPENSION = Prepared(insert(table(Suspension)), columns=(
    "patron_id", "reason", "days", "starts_on", "borrowing_resumes_on", "holds_resume_on", "loan_id", "created_at",
    "lifted_at", "lifted_by"))
_SUSPENSIONS = Prepared(select(Suspension.id, Suspension.starts_on, Suspension.created_at, Suspension.lifted_at)
                        .where(Suspension.patron_id == bindparam("patron_id")).order_by(Suspension.id))


def _point(patron_id: int, **extra: object) -> dict[str, object]:
    return {"patron_id": patron_id, "points": 1, "reason": "checkout", "loan_id": None, "reference": None,
            "staff_id": None, "created_at": AT, **extra}


def _suspension(patron_id: int) -> dict[str, object]:
    return {"patron_id": patron_id, "reason": "test", "days": 3, "starts_on": STARTS,
            "borrowing_resumes_on": STARTS + dt.timedelta(days=3), "holds_resume_on": STARTS + dt.timedelta(days=3),
            "loan_id": None, "created_at": AT, "lifted_at": None, "lifted_by": None}


def test_rows_are_stored_and_read_back_exactly_as_the_orm_does(session_factory, db_url):
    with session_factory() as s:
        patron = F.patron(s)
        s.add(Suspension(**_suspension(patron.id)))  # written by the ORM
        s.flush()
        _INSERT_SUSPENSION.insert(s.connection(), _suspension(patron.id))  # and the same by the shortcut
        read = _SUSPENSIONS.rows(s.connection(), {"patron_id": patron.id})
        s.commit()
    raw = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    stored = raw.execute("SELECT starts_on, created_at, lifted_at FROM suspension ORDER BY id").fetchall()
    raw.close()
    assert stored[0] == stored[1] == ("2026-11-23", "2026-11-23 02:00:00.000000", None)
    assert [r[1:] for r in read] == [(STARTS, AT, None)] * 2  # dates come back as dates, NULL as None


def test_writes_share_the_sessions_transaction(session_factory):
    with session_factory() as s:
        patron_id = F.patron(s).id
        s.commit()
    with session_factory() as s:
        _INSERT_POINT.insert(s.connection(), _point(patron_id))
        s.rollback()  # a scan refused or failed after writing: nothing of it stays
    with session_factory() as s:
        assert s.execute(select(PointEntry)).first() is None
        new_id = _INSERT_POINT.insert(s, _point(patron_id))
        s.commit()
    with session_factory() as s:
        assert s.execute(select(PointEntry.id, PointEntry.created_at)).all() == [(new_id, AT)]


def test_database_errors_are_sqlalchemys_and_change_nothing(session_factory):
    with session_factory() as s:
        with pytest.raises(IntegrityError):
            _INSERT_POINT.insert(s.connection(), _point(999_999))  # no such patron: foreign key refused
        s.rollback()
        assert s.execute(select(PointEntry)).first() is None


def test_statements_it_cannot_run_faithfully_are_refused_when_first_used(session_factory):
    with session_factory() as s:
        conn = s.connection()
        expanding = Prepared(select(PointEntry.id).where(PointEntry.reason.in_(["checkout", "event"])))
        with pytest.raises(ValueError, match="expanding IN"):
            expanding.rows(conn, {})
        needs_default = Prepared(insert(table(PointEntry)), columns=("patron_id", "points", "reason"))
        with pytest.raises(ValueError, match="created_at"):
            needs_default.insert(conn, {"patron_id": 1, "points": 1, "reason": "event"})


def test_a_missing_value_is_an_error_not_a_null(session_factory):
    with session_factory() as s:
        patron_id = F.patron(s).id
        values = _point(patron_id)
        del values["reason"]
        with pytest.raises(ValueError, match="reason"):
            _INSERT_POINT.insert(s.connection(), values)
