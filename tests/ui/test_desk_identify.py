"""Identify by what the patron brings, and bad input at the patron field: clear words, nothing changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.patrons.mobile_token import public_key_bytes, sign_token
from desk_app.core.views import Outcome
from desk_app.settings import Settings
from desk_app.store.models import StaffRole
from desk_app.ui.app import token_public_key
from tests import factories
from tests.ui.desk_counter import Counter, make_counter

PHONE_KEY = Ed25519PrivateKey.generate()


@pytest.fixture
def phone_desk(qtbot: QtBot, session_factory: sessionmaker[Session], world: factories.World) -> Iterator[Counter]:
    yield from make_counter(qtbot, session_factory, world, token_public_key=public_key_bytes(PHONE_KEY))


def test_a_mobile_card_shown_as_a_code_identifies_the_patron(phone_desk: Counter) -> None:
    w, world = phone_desk.window, phone_desk.world
    token = sign_token(PHONE_KEY, world.adult_card.card_number, issued_at=factories.NOW - dt.timedelta(minutes=1))
    phone_desk.scan(w.patron_scan, token)
    phone_desk.settle()
    assert w.banner.outcome() is Outcome.OK, w.banner.message()
    assert w.patron_panel.name.text() == "陳美玲"


def test_an_expired_mobile_card_is_refused_and_nobody_is_served(phone_desk: Counter) -> None:
    w, world = phone_desk.window, phone_desk.world
    token = sign_token(PHONE_KEY, world.adult_card.card_number, issued_at=factories.NOW - dt.timedelta(days=2),
                       lifetime=dt.timedelta(minutes=5))
    phone_desk.scan(w.patron_scan, token)
    phone_desk.settle()
    assert w.banner.outcome() is Outcome.REFUSED
    assert w.banner.message()
    phone_desk.scan(w.item_scan, world.items[0].barcode)
    phone_desk.settle()
    assert phone_desk.open_loans(world.adult.id) == []


def test_the_desk_reads_the_mobile_card_public_key_from_its_settings(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    assert token_public_key(settings) is None
    settings.update("desk", {"mobile_token_public_key": public_key_bytes(PHONE_KEY).hex()})
    assert token_public_key(settings) == public_key_bytes(PHONE_KEY)
    settings.update("desk", {"mobile_token_public_key": "not hex"})
    assert token_public_key(settings) is None


@pytest.mark.parametrize("typed", ["A123456788", "A1234567", "Z99999999901"])
def test_a_malformed_id_or_card_number_gets_words_and_changes_nothing(counter: Counter, typed: str) -> None:
    w = counter.window
    with counter.sessions() as s:
        before = factories.row_counts(s)
    counter.scan(w.patron_scan, typed)
    counter.settle()
    assert w.banner.outcome() is Outcome.ERROR
    assert len(w.banner.message()) > 10  # a sentence a librarian can act on
    assert typed not in w.banner.message()  # an ID is never echoed in full
    assert w.patron_panel.patron() is None
    with counter.sessions() as s:
        assert factories.row_counts(s) == before


def test_ctrl_r_renews_every_loan_of_the_patron(counter: Counter) -> None:
    w, world = counter.window, counter.world
    with counter.sessions() as s:
        for it in world.items[:3]:
            factories.loan(s, world.adult, s.merge(it), world.main, due=factories.TODAY + dt.timedelta(days=2))
        s.commit()
    counter.scan(w.patron_scan, world.adult_card.card_number)
    counter.settle()
    counter.qtbot.keyClick(w.item_scan, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    counter.settle()
    assert w.banner.outcome() is Outcome.OK, w.banner.message()
    assert all(loan.renewals == 1 for loan in w.loans_model.loans())


@pytest.fixture
def technician_desk(qtbot: QtBot, session_factory: sessionmaker[Session], world: factories.World
                    ) -> Iterator[Counter]:
    yield from make_counter(qtbot, session_factory, world, role=StaffRole.TECHNICIAN)


def test_a_role_that_may_not_lend_gets_the_reason_on_the_banner(technician_desk: Counter) -> None:
    w, world = technician_desk.window, technician_desk.world
    technician_desk.scan(w.patron_scan, world.adult_card.card_number)
    technician_desk.settle()
    assert w.banner.outcome() is Outcome.ERROR
    assert "technician" in w.banner.message()  # core's PermissionDenied, shown by the one error handler
    assert w.patron_panel.patron() is None
    assert w.patron_scan.hasFocus()
