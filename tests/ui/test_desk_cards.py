"""Cards tapped on a REAL pcscd + vpcd reader identify the patron at the desk: a burned student card
by its LC v1 record, an EasyCard by its bound UID. From the virtual card to the patron panel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk_app import secret_store
from desk_app.core.views import Outcome
from desk_app.settings import Settings
from desk_app.store.models import CardKind
from desk_app.ui.desk.parts import DevicesPart
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.devices.settings import DeviceSettings
from tests import factories
from tests.ui.desk_counter import Counter

pytestmark = pytest.mark.pcsc
WAIT_MS = 15_000


@pytest.fixture
def card_desk(desk_with, pcsc_stack, tmp_path: Path) -> Iterator[tuple[Counter, DeviceBridge]]:
    """The desk window with the device bridge on the real PC/SC stack (training mode: vpcd readers allowed)."""
    secret_store.set_default_store(secret_store.SecretStore(secret_store.MemoryBackend()))  # transport key
    bridge = DeviceBridge(DeviceSettings(), training=True)
    counter = desk_with(devices=DevicesPart(bridge, Settings(tmp_path / "settings.json")))
    bridge.start()
    yield counter, bridge
    bridge.stop()
    secret_store.set_default_store(None)


def test_a_student_card_tapped_on_the_reader_shows_its_patron(card_desk, pcsc_stack, qtbot: QtBot) -> None:
    counter, _bridge = card_desk
    with counter.sessions() as s:
        pupil = factories.patron(s, name="吳小學", kind="student")
        card = factories.card(s, pupil, kind=CardKind.STUDENT.value, sequence=1, burned_uid="04A22B91")
        s.commit()
    pcsc_stack.start_card("04A22B91", record=pcsc_stack.record(card.card_number))
    qtbot.waitUntil(lambda: counter.window.patron_panel.name.text() == "吳小學", timeout=WAIT_MS)
    counter.settle()
    assert counter.window.banner.outcome() in (Outcome.OK, Outcome.NOTICE)
    assert counter.window.item_scan.hasFocus()  # the books come next
    counter.scan(counter.window.item_scan, counter.world.items[0].barcode)
    counter.settle()
    assert counter.open_loans(pupil.id) == [counter.world.items[0].barcode]


def test_an_easycard_without_a_library_record_is_looked_up_by_its_uid(card_desk, pcsc_stack, qtbot: QtBot) -> None:
    counter, _bridge = card_desk
    with counter.sessions() as s:
        rider = factories.patron(s, name="李悠遊")
        factories.binding(s, factories.card(s, rider), "04112233")
        s.commit()
    pcsc_stack.start_card("04112233")
    qtbot.waitUntil(lambda: counter.window.patron_panel.name.text() == "李悠遊", timeout=WAIT_MS)
