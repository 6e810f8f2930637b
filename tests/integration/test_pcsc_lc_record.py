"""Burning and reading the LC v1 record on a virtual card through a real pcscd."""

from __future__ import annotations

import pytest

from drivers.base import AuthenticationFailed, CardRemoved, DriverError, UnsupportedCard
from drivers.lc_record import RecordStatus, burn_record, read_record
from drivers.pcsc.connection import MifareClassicConnection
from tests.integration.pcsc_stack import wait_for_card

KEY = b"\xff" * 6
SPEC_BLOCKS = [
    bytes.fromhex("4C430101413132333435363738393031"),
    bytes.fromhex("54504D4C000000002026090100010000"),
    bytes.fromhex("00000000000000000000000002B68991"),
]


def read(reader: str):
    with MifareClassicConnection(reader) as conn:
        return read_record(conn, 1, KEY)


def test_burn_writes_the_spec_bytes_and_reads_back_the_number(pcsc_stack) -> None:
    card = pcsc_stack.start_card("04A22B91")
    with MifareClassicConnection(pcsc_stack.reader) as conn:
        uid = burn_record(conn, 1, KEY, KEY, pcsc_stack.record("A12345678901"))
    assert uid == bytes.fromhex("04A22B91")
    assert [card.block(b) for b in (4, 5, 6)] == SPEC_BLOCKS
    result = read(pcsc_stack.reader)
    assert result.status is RecordStatus.VALID
    assert result.record is not None and result.record.card_number == "A12345678901"


def test_blank_card_has_no_record(pcsc_stack) -> None:
    pcsc_stack.start_card("04A22B91")
    assert read(pcsc_stack.reader).status is RecordStatus.NONE


def test_preburned_training_card_reads_valid(pcsc_stack) -> None:
    pcsc_stack.start_card("04A22B91", record=pcsc_stack.record("B287654326" + "03"))
    result = read(pcsc_stack.reader)
    assert result.status is RecordStatus.VALID and result.record is not None
    assert result.record.card_number == "B28765432603" and result.record.generation == 3


def test_record_copied_to_another_card_is_damaged(pcsc_stack) -> None:
    original = pcsc_stack.start_card("04A22B91", record=pcsc_stack.record("A12345678901"))
    copy = pcsc_stack.start_card("04C0FFEE", slot=1)
    for block in (4, 5, 6):
        copy.set_block(block, original.block(block))
    with MifareClassicConnection(pcsc_stack.second_reader) as conn:
        result = read_record(conn, 1, KEY)
    assert result.status is RecordStatus.DAMAGED
    assert result.record is None


def test_torn_write_leaves_a_damaged_record_and_reburn_succeeds(pcsc_stack) -> None:
    card = pcsc_stack.start_card("04A22B91", record=pcsc_stack.record("A12345678901"))
    card.tear_after_writes(1)  # block 4 lands, the card leaves when block 5 is written
    with MifareClassicConnection(pcsc_stack.reader) as conn:
        with pytest.raises(CardRemoved):
            burn_record(conn, 1, KEY, KEY, pcsc_stack.record("B28765432600"))
    wait_for_card(pcsc_stack.reader, present=False)
    card.insert()
    wait_for_card(pcsc_stack.reader, present=True)
    result = read(pcsc_stack.reader)
    assert result.status is RecordStatus.DAMAGED  # never the old number, never the new one
    assert result.record is None
    with MifareClassicConnection(pcsc_stack.reader) as conn:
        burn_record(conn, 1, KEY, KEY, pcsc_stack.record("B28765432600"))
    result = read(pcsc_stack.reader)
    assert result.status is RecordStatus.VALID and result.record is not None
    assert result.record.card_number == "B28765432600"


@pytest.mark.parametrize("torn_after", [0, 2])
def test_torn_write_at_any_block_never_yields_a_number(pcsc_stack, torn_after: int) -> None:
    card = pcsc_stack.start_card("04A22B91")
    card.tear_after_writes(torn_after)
    with MifareClassicConnection(pcsc_stack.reader) as conn, pytest.raises(CardRemoved):
        burn_record(conn, 1, KEY, KEY, pcsc_stack.record("A12345678901"))
    wait_for_card(pcsc_stack.reader, present=False)
    card.insert()
    wait_for_card(pcsc_stack.reader, present=True)
    assert read(pcsc_stack.reader).status in (RecordStatus.NONE, RecordStatus.DAMAGED)


def test_burn_with_wrong_key_b_changes_nothing(pcsc_stack) -> None:
    card = pcsc_stack.start_card("04A22B91")
    with MifareClassicConnection(pcsc_stack.reader) as conn, pytest.raises(AuthenticationFailed):
        burn_record(conn, 1, bytes.fromhex("A0A1A2A3A4A5"), KEY, pcsc_stack.record("A12345678901"))
    assert card.block(4) == bytes(16)


def test_burn_on_a_factory_fresh_card_is_refused_not_reported_done(pcsc_stack) -> None:
    card = pcsc_stack.start_card("04A22B91", sector_access={})
    with MifareClassicConnection(pcsc_stack.reader) as conn, pytest.raises(DriverError):
        burn_record(conn, 1, KEY, KEY, pcsc_stack.record("A12345678901"))
    assert card.block(4) == bytes(16)


def test_card_lifted_before_read_is_card_removed(pcsc_stack) -> None:
    card = pcsc_stack.start_card("04A22B91", record=pcsc_stack.record("A12345678901"))
    with MifareClassicConnection(pcsc_stack.reader) as conn:
        card.lift()
        wait_for_card(pcsc_stack.reader, present=False)
        with pytest.raises(CardRemoved):
            read_record(conn, 1, KEY)


def test_unsupported_card_type_is_refused(pcsc_stack) -> None:
    from drivers.pcsc.atr import storage_card_atr

    card = pcsc_stack.start_card("04A22B91", wait=False)
    card.card.atr = storage_card_atr(0x03, 0x0003)  # an Ultralight
    wait_for_card(pcsc_stack.reader, present=True)
    with pytest.raises(UnsupportedCard):
        MifareClassicConnection(pcsc_stack.reader)
