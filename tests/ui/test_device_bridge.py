"""The device bridge on a REAL pcscd with vpcd and virtual MIFARE cards.

What the desk sees when a card is tapped: the reader appears, the card is placed
with its type and UID, and the patron card is read (LC v1 record with key A, off
the GUI thread) into a card number, an identify-by-UID, or a problem in words.
Every signal is received on the GUI thread.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QCoreApplication, QThread

from desk_app import secret_store
from desk_app.ui.devices.card_read import CardProblem, PatronCardRead
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.devices.settings import DeviceSettings
from desk_app.ui.devices.texts import problem_text
from drivers.base import CardType
from tests import secrets_registry

WAIT_MS = 15_000
UID = "04A22B91"
CARD_NUMBER = "A12345678901"  # the spec's example: national ID A123456789, sequence 01


def on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return QThread.currentThread() is app.thread() and threading.current_thread() is threading.main_thread()


@pytest.fixture
def empty_secret_store():
    """No card key set up: training mode falls back to the transport key."""
    store = secret_store.SecretStore(secret_store.MemoryBackend())
    secret_store.set_default_store(store)
    yield store
    secret_store.set_default_store(None)


@pytest.fixture
def bridges(qtbot, empty_secret_store):
    made: list[DeviceBridge] = []

    def make(training: bool = True, **settings) -> tuple[DeviceBridge, dict[str, list]]:
        bridge = DeviceBridge(DeviceSettings(**settings), training=training)
        seen: dict[str, list] = {name: [] for name in
                                 ("readerAdded", "cardPlaced", "cardLifted", "studentCardRead", "deviceStatus")}
        bridge.readerAdded.connect(lambda r: seen["readerAdded"].append((r, on_gui_thread())))
        bridge.cardPlaced.connect(lambda r, t, u: seen["cardPlaced"].append((r, t, u, on_gui_thread())))
        bridge.cardLifted.connect(lambda r: seen["cardLifted"].append((r, on_gui_thread())))
        bridge.studentCardRead.connect(lambda u, n, p: seen["studentCardRead"].append((u, n, p, on_gui_thread())))
        bridge.deviceStatus.connect(lambda d, ok, m: seen["deviceStatus"].append((d, ok, m)))
        made.append(bridge)
        return bridge, seen

    yield make
    for bridge in made:
        bridge.stop()


def test_a_burned_student_card_gives_its_card_number(qtbot, pcsc_stack, bridges) -> None:
    pcsc_stack.start_card(UID, record=pcsc_stack.record(CARD_NUMBER))
    bridge, seen = bridges(training=True)
    bridge.start()
    qtbot.waitUntil(lambda: bool(seen["studentCardRead"]), timeout=WAIT_MS)

    assert (pcsc_stack.reader, True) in seen["readerAdded"]
    assert (pcsc_stack.second_reader, True) in seen["readerAdded"]
    assert seen["cardPlaced"][0] == (pcsc_stack.reader, "mifare_classic_1k", UID, True)
    assert seen["studentCardRead"] == [(UID, CARD_NUMBER, "", True)]
    assert bridge.readers()[pcsc_stack.reader] == UID


def test_a_card_without_a_library_record_is_identified_by_uid(qtbot, pcsc_stack, bridges) -> None:
    bridge, seen = bridges(training=True)
    bridge.start()
    qtbot.waitUntil(lambda: len(seen["readerAdded"]) == 2, timeout=WAIT_MS)
    card = pcsc_stack.start_card("04112233")  # an EasyCard-like MIFARE Classic with nothing in sector 1
    qtbot.waitUntil(lambda: bool(seen["studentCardRead"]), timeout=WAIT_MS)
    assert seen["studentCardRead"] == [("04112233", "", "", True)]

    card.lift()
    qtbot.waitUntil(lambda: bool(seen["cardLifted"]), timeout=WAIT_MS)
    assert seen["cardLifted"] == [(pcsc_stack.reader, True)]
    assert bridge.readers()[pcsc_stack.reader] == ""


def test_a_damaged_record_is_a_problem_never_a_card_number(qtbot, pcsc_stack, bridges) -> None:
    card = pcsc_stack.start_card(UID, record=pcsc_stack.record(CARD_NUMBER), wait=False)
    block = bytearray(card.block(4))
    block[15] ^= 0x01  # one bit of the card number flipped: the CRC no longer holds
    card.set_block(4, bytes(block))
    bridge, seen = bridges(training=True)
    bridge.start()
    qtbot.waitUntil(lambda: bool(seen["studentCardRead"]), timeout=WAIT_MS)
    uid, number, problem, gui = seen["studentCardRead"][0]
    assert (uid, number, gui) == (UID, "", True)
    assert problem == problem_text(PatronCardRead("", UID, CardType.MIFARE_CLASSIC_1K,
                                                  problem=CardProblem.DAMAGED_RECORD))
    assert problem  # a message in words, shown to the librarian


def test_a_card_whose_sector_our_key_does_not_open_is_identified_by_uid(qtbot, pcsc_stack, bridges,
                                                                       empty_secret_store) -> None:
    library_key = secrets_registry.register(bytes.fromhex("A0A1A2A3A4A5"), "card key A (test)")
    secret_store.set_card_key(empty_secret_store, "A", library_key)  # the library's key: not this card's
    pcsc_stack.start_card(UID, record=pcsc_stack.record(CARD_NUMBER))
    bridge, seen = bridges(training=True)
    bridge.start()
    qtbot.waitUntil(lambda: bool(seen["studentCardRead"]), timeout=WAIT_MS)
    assert seen["studentCardRead"] == [(UID, "", "", True)]


def test_a_card_on_another_reader_than_the_patron_reader_is_not_read(qtbot, pcsc_stack, bridges) -> None:
    bridge, seen = bridges(training=True, patron_reader=pcsc_stack.reader)
    bridge.start()
    qtbot.waitUntil(lambda: len(seen["readerAdded"]) == 2, timeout=WAIT_MS)
    pcsc_stack.start_card("04000001", slot=1)  # the burn station's reader
    pcsc_stack.start_card("04000002", slot=0)  # the patron reader
    qtbot.waitUntil(lambda: len(seen["cardPlaced"]) == 2 and bool(seen["studentCardRead"]), timeout=WAIT_MS)
    assert [s[0] for s in seen["studentCardRead"]] == ["04000002"]


def test_outside_training_mode_virtual_readers_are_ignored(qtbot, pcsc_stack, bridges) -> None:
    pcsc_stack.start_card(UID, record=pcsc_stack.record(CARD_NUMBER))
    public, public_seen = bridges(training=False)
    public.start()
    qtbot.waitUntil(lambda: any(d == "pcscd" and ok for d, ok, _m in public_seen["deviceStatus"]), timeout=WAIT_MS)
    # A training desk started after it sees the readers and the card; by then the public
    # desk's monitor has listed the readers too, and must have kept the virtual ones out.
    training, training_seen = bridges(training=True)
    training.start()
    qtbot.waitUntil(lambda: bool(training_seen["studentCardRead"]), timeout=WAIT_MS)
    assert public_seen["readerAdded"] == [] and public_seen["cardPlaced"] == []
    assert public_seen["studentCardRead"] == []
    assert public.readers() == {}


def test_turning_training_mode_on_and_off_restarts_the_monitor(qtbot, pcsc_stack, bridges) -> None:
    pcsc_stack.start_card(UID)
    bridge, seen = bridges(training=False)
    removed: list[str] = []
    bridge.readerRemoved.connect(removed.append)
    bridge.start()
    qtbot.waitUntil(lambda: any(d == "pcscd" and ok for d, ok, _m in seen["deviceStatus"]), timeout=WAIT_MS)

    bridge.apply_settings(bridge.settings, training=True)  # the technician ticks "training mode"
    qtbot.waitUntil(lambda: bridge.readers().get(pcsc_stack.reader) == UID, timeout=WAIT_MS)

    bridge.apply_settings(bridge.settings, training=False)  # and unticks it: virtual readers go away
    qtbot.waitUntil(lambda: bridge.readers() == {}, timeout=WAIT_MS)
    assert sorted(removed) == sorted(pcsc_stack.readers)
    assert seen["cardLifted"] == [(pcsc_stack.reader, True)]
