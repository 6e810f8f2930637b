"""The virtual card's rules, APDU in and response out: keys, access bits, authentication state."""

from __future__ import annotations

from drivers.pcsc import access_bits, apdu
from drivers.virtual.mifare_memory import MifareClassic1K

KEY = b"\xff" * 6
OK, FAIL = b"\x90\x00", b"\x63\x00"


def send(card: MifareClassic1K, command: list[int]) -> bytes:
    return card.answer(bytes(command))


def login(card: MifareClassic1K, block: int, kind: str, key: bytes = KEY) -> bytes:
    assert send(card, apdu.load_key(key, 0)) == OK
    return send(card, apdu.authenticate(block, kind, 0))


def test_uid_and_manufacturer_block() -> None:
    card = MifareClassic1K(bytes.fromhex("04A22B91"))
    assert send(card, apdu.get_uid()) == bytes.fromhex("04A22B91") + OK
    assert login(card, 0, "A") == OK
    block0 = send(card, apdu.read_binary(0))
    assert block0[:5] == bytes.fromhex("04A22B91") + bytes([0x04 ^ 0xA2 ^ 0x2B ^ 0x91])


def test_block_zero_is_read_only_even_with_the_right_key() -> None:
    card = MifareClassic1K(bytes.fromhex("04A22B91"))
    login(card, 0, "A")
    assert send(card, apdu.update_binary(0, bytes(16))) == FAIL


def test_power_cycle_forgets_the_login() -> None:
    card = MifareClassic1K(bytes.fromhex("04A22B91"))
    login(card, 4, "A")
    assert send(card, apdu.read_binary(4)) == bytes(16) + OK
    card.power_cycle()
    assert send(card, apdu.read_binary(4)) == FAIL


def test_login_covers_one_sector_only() -> None:
    card = MifareClassic1K(bytes.fromhex("04A22B91"))
    login(card, 4, "A")
    assert send(card, apdu.read_binary(8)) == FAIL


def test_trailer_read_hides_key_a_and_unreadable_key_b() -> None:
    card = MifareClassic1K(bytes.fromhex("04A22B91"), sector_access={1: access_bits.READ_AB_WRITE_B})
    login(card, 7, "A")
    assert send(card, apdu.read_binary(7)) == bytes(6) + access_bits.READ_AB_WRITE_B + b"\x69" + bytes(6) + OK


def test_malformed_access_bits_lose_the_sector_for_good() -> None:
    card = MifareClassic1K(bytes.fromhex("04A22B91"))
    login(card, 4, "A")
    assert send(card, apdu.update_binary(7, KEY + bytes.fromhex("FF0781") + b"\x69" + KEY)) == OK
    assert login(card, 4, "A") == FAIL
    assert login(card, 4, "B") == FAIL


def test_wrong_key_fails_and_unknown_commands_are_not_supported() -> None:
    card = MifareClassic1K(bytes.fromhex("04A22B91"))
    assert login(card, 4, "A", bytes(6)) == FAIL
    assert send(card, [0xFF, 0x00, 0x00, 0x00, 0x00]) == b"\x6a\x81"
    assert send(card, [0x00, 0xA4, 0x04, 0x00, 0x00]) == b"\x6a\x81"
