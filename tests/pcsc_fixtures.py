"""Pytest plugin: a real pcscd with vpcd readers and virtual MIFARE cards, for any test.

Registered in tests/conftest.py (`pytest_plugins`). Use the `pcsc_stack` fixture:

    def test_something(pcsc_stack):
        card = pcsc_stack.start_card("04A22B91", record=pcsc_stack.record("A12345678901"))
        reader = pcsc_stack.reader          # "Virtual PCD 00 00", the card is on it
        ...

pcscd runs once per session; cards are stopped (and their readers seen empty) after
each test. A missing pcscd or vpcd fails the test with the fix in words; never a skip.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from tests.integration.pcsc_stack import (
    PcscDaemon,
    PcscStackError,
    VpcdEntry,
    free_port_pair,
    remove_socket_dir_for_session,
    socket_dir_for_session,
    wait_for_card,
)

MAIN_READER_NAME = "Virtual PCD"


def pytest_configure(config: pytest.Config) -> None:
    # libpcsclite reads PCSCLITE_CSOCK_NAME once, at the process's first context: set it
    # before any test (or import) talks to PC/SC, so no test reaches a system pcscd.
    socket_dir_for_session()


def pytest_unconfigure(config: pytest.Config) -> None:
    remove_socket_dir_for_session()


@dataclass
class PcscStack:
    """A running pcscd with one vpcd entry: `reader` (slot 0) and `second_reader` (slot 1)."""

    daemon: PcscDaemon
    main_entry: VpcdEntry
    cards: list = field(default_factory=list)
    readers: list[str] = field(default_factory=list)  # named while pcscd ran; kept when a test stops it

    def __post_init__(self) -> None:
        if not self.readers:
            self.readers = self.daemon.readers_of(self.main_entry)

    @property
    def reader(self) -> str:
        return self.readers[0]

    @property
    def second_reader(self) -> str:
        return self.readers[1]

    def port_of(self, slot: int) -> int:
        return self.main_entry.port + slot

    @staticmethod
    def record(card_number: str, library: str = "TPML", issued: date = date(2026, 9, 1)):
        from drivers.lc_record import LcRecord

        return LcRecord(card_number, library, issued, int(card_number[10:]))

    def start_card(self, uid: str | bytes, *, slot: int = 0, record=None, sector: int = 1,
                   sector_access: dict[int, bytes] | None = None, wait: bool = True):
        """Start a virtual card on `slot` and wait until pcscd sees it.

        By default the application sector is provisioned READ A|B, WRITE B (78 77 88),
        as a library's cards are before burning; pass sector_access={} for a card
        straight from the factory (transport bits everywhere, key B unusable).
        """
        from drivers.pcsc import access_bits
        from drivers.virtual.vpcd_card import VirtualMifareCard

        access = {sector: access_bits.READ_AB_WRITE_B} if sector_access is None else sector_access
        card = VirtualMifareCard(uid, port=self.port_of(slot), sector_access=access)
        if record is not None:
            card.preburn(record, sector)
        self.cards.append(card)
        card.start()
        if wait:
            wait_for_card(self.readers[slot], present=True)
        return card

    def stop_cards(self) -> None:
        for card in self.cards:
            card.stop()
        self.cards.clear()


@pytest.fixture(scope="session")
def pcsc_daemon() -> Iterator[PcscDaemon]:
    """pcscd for the whole session, on a private socket, config and port pair."""
    root = Path(tempfile.mkdtemp(prefix="libdesk-pcscd-"))
    daemon = PcscDaemon(root, socket_dir_for_session(), [VpcdEntry(MAIN_READER_NAME, free_port_pair())])
    try:
        daemon.start()
    except (PcscStackError, OSError) as exc:
        pytest.fail(f"Could not start the real PC/SC stack (pcscd + vpcd): {exc}", pytrace=False)
    yield daemon
    daemon.stop()
    if not os.environ.get("LIBDESK_KEEP_PCSCD_LOG"):
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pcsc_stack(pcsc_daemon: PcscDaemon) -> Iterator[PcscStack]:
    """The session's pcscd, restored to its one vpcd entry, with a card factory cleaned up after the test."""
    main_entry = pcsc_daemon.entries[0]
    if len(pcsc_daemon.entries) != 1 or pcsc_daemon.process is None or pcsc_daemon.process.poll() is not None:
        pcsc_daemon.restart([main_entry])
    stack = PcscStack(pcsc_daemon, main_entry)
    yield stack
    stack.stop_cards()
    if pcsc_daemon.process is not None and pcsc_daemon.process.poll() is None:
        for reader in stack.readers:
            wait_for_card(reader, present=False)
