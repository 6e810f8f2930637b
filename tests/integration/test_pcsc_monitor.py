"""The reader/card monitor on a real pcscd: cards placed and lifted, hot-plug, pcscd restarts."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from drivers.base import CardLifted, CardPlaced, CardType, DeviceStatus, ReaderAdded, ReaderRemoved
from drivers.pcsc.monitor import PcscMonitor
from tests.integration.pcsc_stack import EventLog, VpcdEntry, free_port_pair


@pytest.fixture
def events() -> EventLog:
    return EventLog()


@pytest.fixture
def monitor(pcsc_stack, events: EventLog) -> Iterator[PcscMonitor]:
    mon = PcscMonitor(allow_virtual=True)
    mon.start(events)
    events.wait_for(lambda e: e == ReaderAdded(pcsc_stack.reader))
    yield mon
    mon.stop()


def placed_on(reader: str):
    return lambda e: isinstance(e, CardPlaced) and e.reader == reader


def test_card_placed_and_lifted_events_carry_type_and_uid(pcsc_stack, monitor, events: EventLog) -> None:
    card = pcsc_stack.start_card("04A22B91")
    placed = events.wait_for(placed_on(pcsc_stack.reader))
    assert placed.card_type is CardType.MIFARE_CLASSIC_1K
    assert placed.uid_hex == "04A22B91"
    mark = events.mark()
    card.lift()
    events.wait_for(lambda e: e == CardLifted(pcsc_stack.reader), start=mark)
    mark = events.mark()
    card.insert()
    again = events.wait_for(placed_on(pcsc_stack.reader), start=mark)
    assert again.uid == bytes.fromhex("04A22B91")


def test_two_cards_on_two_readers(pcsc_stack, monitor, events: EventLog) -> None:
    pcsc_stack.start_card("04A22B91")
    pcsc_stack.start_card("04C0FFEE", slot=1)
    first = events.wait_for(placed_on(pcsc_stack.reader))
    second = events.wait_for(placed_on(pcsc_stack.second_reader))
    assert (first.uid_hex, second.uid_hex) == ("04A22B91", "04C0FFEE")
    assert monitor.readers() == sorted(pcsc_stack.readers)


def test_virtual_readers_are_ignored_outside_training_mode(pcsc_stack, events: EventLog) -> None:
    pcsc_stack.start_card("04A22B91")
    mon = PcscMonitor(allow_virtual=False)
    mon.start(events)
    try:
        events.wait_for(lambda e: isinstance(e, DeviceStatus) and e.ok)
        assert mon.wait_settled()
        assert mon.readers() == []
        assert not any(isinstance(e, (ReaderAdded, CardPlaced)) for e in events.events)
    finally:
        mon.stop()


def test_reader_hot_plug(pcsc_stack, monitor, events: EventLog) -> None:
    """vpcd readers cannot be hot-plugged into a running pcscd (it reads reader.conf only at start
    and SIGUSR1 only rescans USB), so the 'plug' is pcscd restarting with an extra reader entry."""
    daemon = pcsc_stack.daemon
    extra = VpcdEntry("Virtual PCD Extra", free_port_pair())
    mark = events.mark()
    daemon.restart([pcsc_stack.main_entry, extra])
    added = events.wait_for(lambda e: isinstance(e, ReaderAdded) and e.reader.startswith("Virtual PCD Extra"),
                            start=mark)
    assert added.reader in daemon.readers_of(extra)
    mark = events.mark()
    daemon.restart([pcsc_stack.main_entry])
    events.wait_for(lambda e: e == ReaderRemoved(added.reader), start=mark)
    events.wait_for(lambda e: e == ReaderAdded(pcsc_stack.reader), start=mark)
    assert added.reader not in monitor.readers()


def test_monitor_survives_pcscd_restart_and_sees_the_card_again(pcsc_stack, monitor, events: EventLog) -> None:
    pcsc_stack.start_card("04A22B91")
    events.wait_for(placed_on(pcsc_stack.reader))
    mark = events.mark()
    pcsc_stack.daemon.stop()
    down = events.wait_for(lambda e: isinstance(e, DeviceStatus) and not e.ok, start=mark)
    assert down.message == "pcscd is not running"
    events.wait_for(lambda e: e == CardLifted(pcsc_stack.reader), start=mark)
    events.wait_for(lambda e: e == ReaderRemoved(pcsc_stack.reader), start=mark)
    assert monitor.readers() == []
    mark = events.mark()
    pcsc_stack.daemon.start()
    events.wait_for(lambda e: isinstance(e, DeviceStatus) and e.ok, start=mark)
    again = events.wait_for(placed_on(pcsc_stack.reader), start=mark)
    assert again.uid_hex == "04A22B91"


def test_monitor_started_without_pcscd_reports_it_then_recovers(pcsc_stack, events: EventLog) -> None:
    pcsc_stack.daemon.stop()
    mon = PcscMonitor(allow_virtual=True, retry_seconds=0.1)
    mon.start(events)
    try:
        down = events.wait_for(lambda e: isinstance(e, DeviceStatus))
        assert not down.ok and down.message == "pcscd is not running"
        pcsc_stack.daemon.start()
        events.wait_for(lambda e: e == ReaderAdded(pcsc_stack.reader))
    finally:
        mon.stop()


def test_stop_is_prompt_while_waiting_for_changes(pcsc_stack, events: EventLog) -> None:
    mon = PcscMonitor(allow_virtual=True, wait_ms=60_000)
    mon.start(events)
    events.wait_for(lambda e: e == ReaderAdded(pcsc_stack.reader))
    stopper = threading.Thread(target=mon.stop)
    stopper.start()
    stopper.join(5.0)  # SCardCancel wakes the minute-long wait; 5 s is a hang detector, not a timing claim
    assert not stopper.is_alive()


def test_a_failing_sink_does_not_kill_the_monitor(pcsc_stack, events: EventLog) -> None:
    calls: list[object] = []

    def sink(event: object) -> None:
        calls.append(event)
        if isinstance(event, ReaderAdded):
            raise RuntimeError("UI bug")
        events(event)

    mon = PcscMonitor(allow_virtual=True)
    mon.start(sink)
    try:
        pcsc_stack.start_card("04A22B91")
        events.wait_for(placed_on(pcsc_stack.reader))
    finally:
        mon.stop()
