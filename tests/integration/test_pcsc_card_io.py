"""MIFARE Classic I/O through a real pcscd, the vpcd reader and the virtual card."""

from __future__ import annotations

import pytest

from drivers.base import AuthenticationFailed, CardRemoved, CardType, ReadFailed, WriteRefused
from drivers.pcsc import access_bits
from drivers.pcsc.connection import MifareClassicConnection
from tests.integration.pcsc_stack import wait_for_card

KEY = b"\xff" * 6
WRONG_KEY = bytes.fromhex("A0A1A2A3A4A5")


def test_uid_and_card_type(pcsc_stack) -> None:
    pcsc_stack.start_card("04A22B91")
    with MifareClassicConnection(pcsc_stack.reader) as conn:
        assert conn.card_type is CardType.MIFARE_CLASSIC_1K
        assert conn.uid() == bytes.fromhex("04A22B91")


def test_seven_byte_uid_on_second_slot(pcsc_stack) -> None:
    pcsc_stack.start_card("04112233445566", slot=1)
    with MifareClassicConnection(pcsc_stack.second_reader) as conn:
        assert conn.uid() == bytes.fromhex("04112233445566")


def test_write_then_read_back(pcsc_stack) -> None:
    card = pcsc_stack.start_card("04A22B91")
    with MifareClassicConnection(pcsc_stack.reader) as conn:
        conn.load_key(KEY)
        conn.authenticate(4, "B")
        conn.write_block(5, b"library desk 123")
        conn.load_key(KEY)
        conn.authenticate(4, "A")
        assert conn.read_block(5) == b"library desk 123"
    assert card.block(5) == b"library desk 123"


def test_read_block_zero_holds_the_uid(pcsc_stack) -> None:
    pcsc_stack.start_card("04A22B91")
    with MifareClassicConnection(pcsc_stack.reader) as conn:
        conn.load_key(KEY)
        conn.authenticate(0, "A")
        assert conn.read_block(0)[:4] == bytes.fromhex("04A22B91")


def test_wrong_key_is_authentication_failed_and_nothing_is_read(pcsc_stack) -> None:
    pcsc_stack.start_card("04A22B91")
    with MifareClassicConnection(pcsc_stack.reader) as conn:
        conn.load_key(WRONG_KEY)
        with pytest.raises(AuthenticationFailed):
            conn.authenticate(4, "A")
        with pytest.raises(ReadFailed):
            conn.read_block(4)


def test_key_a_may_not_write_a_read_a_write_b_sector(pcsc_stack) -> None:
    card = pcsc_stack.start_card("04A22B91")  # sector 1 is 78 77 88
    with MifareClassicConnection(pcsc_stack.reader) as conn:
        conn.load_key(KEY)
        conn.authenticate(4, "A")
        with pytest.raises(WriteRefused):
            conn.write_block(4, b"x" * 16)
    assert card.block(4) == bytes(16)


def test_key_b_is_useless_on_a_factory_fresh_card(pcsc_stack) -> None:
    """Transport bits FF 07 80 make key B readable, so the card refuses access after a key B login."""
    pcsc_stack.start_card("04A22B91", sector_access={})
    with MifareClassicConnection(pcsc_stack.reader) as conn:
        conn.load_key(KEY)
        conn.authenticate(4, "B")
        with pytest.raises(WriteRefused):
            conn.write_block(4, b"x" * 16)


def test_block_zero_and_trailers_are_refused_before_reaching_the_card(pcsc_stack) -> None:
    card = pcsc_stack.start_card("04A22B91", sector_access={})
    lines: list[str] = []
    with MifareClassicConnection(pcsc_stack.reader, apdu_log=lines.append) as conn:
        conn.load_key(KEY)
        conn.authenticate(0, "A")
        before = len(lines)
        with pytest.raises(WriteRefused):
            conn.write_block(0, b"\x00" * 16)
        conn.authenticate(4, "A")
        with pytest.raises(WriteRefused):
            conn.write_block(7, b"\x00" * 16)
        with pytest.raises(WriteRefused):
            conn.write_block(63, b"\x00" * 16)
        assert len(lines) == before + 2  # only the authenticate went out
    assert card.block(0)[:4] == bytes.fromhex("04A22B91")
    assert card.block(7)[6:9] == access_bits.TRANSPORT


def test_provisioning_writes_a_safe_trailer_and_key_b_then_writes(pcsc_stack) -> None:
    card = pcsc_stack.start_card("04A22B91", sector_access={})
    new_b = bytes.fromhex("B0B1B2B3B4B5")
    with MifareClassicConnection(pcsc_stack.reader) as conn:
        conn.load_key(KEY)
        conn.authenticate(4, "A")
        conn.provision_trailer(1, KEY, access_bits.READ_AB_WRITE_B, new_b)
        conn.load_key(new_b)
        conn.authenticate(4, "B")
        conn.write_block(4, b"after provision!")
    assert card.block(7)[6:9] == access_bits.READ_AB_WRITE_B
    assert card.block(4) == b"after provision!"


@pytest.mark.parametrize(
    "bits",
    [
        bytes.fromhex("FF0781"),  # inverted copy wrong: a real card would be lost
        access_bits.encode((0, 0, 0), (1, 1, 0)),  # no key could change the bits again
        access_bits.encode((1, 1, 1), (0, 1, 1)),  # data locked for every key
    ],
)
def test_provisioning_refuses_locking_access_bits(pcsc_stack, bits: bytes) -> None:
    card = pcsc_stack.start_card("04A22B91", sector_access={})
    lines: list[str] = []
    with MifareClassicConnection(pcsc_stack.reader, apdu_log=lines.append) as conn:
        conn.load_key(KEY)
        conn.authenticate(4, "A")
        sent = len(lines)
        with pytest.raises(WriteRefused):
            conn.provision_trailer(1, KEY, bits, KEY)
        assert len(lines) == sent  # nothing reached the card
    assert card.block(7)[6:9] == access_bits.TRANSPORT


def test_apdu_log_redacts_keys_and_record_data(pcsc_stack) -> None:
    pcsc_stack.start_card("04A22B91")
    lines: list[str] = []
    with MifareClassicConnection(pcsc_stack.reader, apdu_log=lines.append) as conn:
        conn.load_key(WRONG_KEY)
        conn.load_key(KEY)
        conn.authenticate(4, "B")
        conn.write_block(4, b"A123456789" + bytes(6))
        conn.read_block(4)
    text = "\n".join(lines)
    assert "> FF 82 00 00 06 ** ** ** ** ** **" in text
    assert "A0 A1" not in text and "FF FF FF" not in text
    assert "41 31 32" not in text  # "A12": the card number never shows in the log
    assert "< 90 00" in text


def test_card_lifted_mid_session_is_card_removed(pcsc_stack) -> None:
    card = pcsc_stack.start_card("04A22B91")
    with MifareClassicConnection(pcsc_stack.reader) as conn:
        conn.load_key(KEY)
        conn.authenticate(4, "A")
        card.lift()
        wait_for_card(pcsc_stack.reader, present=False)
        with pytest.raises(CardRemoved):
            conn.read_block(4)


def test_card_forgets_the_login_when_lifted_and_put_back(pcsc_stack) -> None:
    card = pcsc_stack.start_card("04A22B91")
    with MifareClassicConnection(pcsc_stack.reader) as conn:
        conn.load_key(KEY)
        conn.authenticate(4, "A")
        conn.read_block(4)
    card.lift()
    wait_for_card(pcsc_stack.reader, present=False)
    card.insert()
    wait_for_card(pcsc_stack.reader, present=True)
    with MifareClassicConnection(pcsc_stack.reader) as conn:
        with pytest.raises(ReadFailed):
            conn.read_block(4)
