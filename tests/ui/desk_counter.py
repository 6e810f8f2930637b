"""The real desk window on a real SQLite file, driven by keys: fixtures for the desk-window tests.

Imported by the test modules (not a conftest, so other UI tests stay untouched)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.desk import DeskService
from desk_app.store.models import Item, Loan, StaffRole
from desk_app.ui.assembly import outbox_counter
from desk_app.ui.desk.main_window import DeskWindow
from desk_app.ui.desk.parts import DeskLabels, DeskParts
from desk_app.ui.ops import OpRunner
from desk_app.ui.desk.scan_field import ScanField
from tests import factories


@dataclass
class Counter:
    """A desk window and what a test needs to check the database behind it."""

    window: DeskWindow
    world: factories.World
    sessions: sessionmaker[Session]
    qtbot: QtBot

    def scan(self, field: ScanField, text: str) -> None:
        """Type `text` into `field` and press Enter, as a librarian or a scanner would."""
        field.setFocus()
        self.qtbot.keyClicks(field, text)
        self.qtbot.keyClick(field, Qt.Key.Key_Return)

    def settle(self) -> None:
        """Wait until every queued scan has been answered."""
        self.qtbot.waitUntil(self.window.runner.is_idle, timeout=10_000)

    def open_loans(self, patron_id: int) -> list[str]:
        """Barcodes of the patron's open loans in the database, in checkout order."""
        with self.sessions() as s:
            return list(s.scalars(select(Item.barcode).join(Loan, Loan.item_id == Item.id).where(
                Loan.patron_id == patron_id, Loan.returned_at.is_(None)).order_by(Loan.id)))

    def loans_of_item(self, barcode: str) -> list[Loan]:
        with self.sessions() as s:
            return list(s.scalars(select(Loan).join(Item, Item.id == Loan.item_id)
                                  .where(Item.barcode == barcode).order_by(Loan.id)))

    def table_barcodes(self) -> list[str]:
        return [loan.item_barcode for loan in self.window.loans_model.loans()]


LABELS = DeskLabels(staff_name="林雅婷", staff_role="librarian", branch_name="總館")


def make_counter(qtbot: QtBot, session_factory: sessionmaker[Session], world: factories.World, *,
                 role: StaffRole = StaffRole.LIBRARIAN, token_public_key: bytes | None = None,
                 **parts: Any) -> Iterator[Counter]:
    """A desk window for `world` (a librarian at MAIN unless told otherwise); closed afterwards.

    `parts` are DeskParts fields (lock=..., wedge=..., devices=...) on top of the labels and the sync count.
    """
    runner = OpRunner()
    service = DeskService(session_factory, factories.actor(world.main, role), clock=factories.FakeClock(),
                          token_public_key=token_public_key)
    window = DeskWindow(service, runner, DeskParts(labels=LABELS, outbox_count=outbox_counter(session_factory),
                                                   **parts))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield Counter(window, world, session_factory, qtbot)
    window.close()
    assert runner.shutdown(timeout=10)


@pytest.fixture
def world(session_factory: sessionmaker[Session]) -> factories.World:
    with session_factory() as s:
        world = factories.small_world(s, items=25)
        factories.rule(s, max_loans=1000, loan_days=21, max_renewals=2)
        s.commit()
        return world


@pytest.fixture
def counter(qtbot: QtBot, session_factory: sessionmaker[Session], world: factories.World) -> Iterator[Counter]:
    yield from make_counter(qtbot, session_factory, world)


@pytest.fixture
def desk_with(qtbot: QtBot, session_factory: sessionmaker[Session],
              world: factories.World) -> Iterator[Callable[..., Counter]]:
    """`desk_with(lock=..., role=...)`: the desk window made with the parts a test needs; closed afterwards."""
    opened: list[Iterator[Counter]] = []

    def make(*, role: StaffRole = StaffRole.LIBRARIAN, **parts: Any) -> Counter:
        made = make_counter(qtbot, session_factory, world, role=role, **parts)
        opened.append(made)
        return next(made)

    yield make
    for made in reversed(opened):
        next(made, None)  # closes the window and stops its runner
