"""Card type from the ATR (PC/SC Part 3), access bits and APDU building: pure byte logic."""

from __future__ import annotations

import pytest

from drivers.base import AuthenticationFailed, CardType, ReadFailed, UnsupportedCard, WriteRefused
from drivers.pcsc import access_bits, apdu
from drivers.pcsc.atr import card_type_from_atr, is_random_uid, parse_atr, storage_card_atr


def atr(hexstr: str) -> bytes:
    return bytes.fromhex(hexstr.replace(" ", ""))


@pytest.mark.parametrize(
    "value, expected",
    [
        ("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A", CardType.MIFARE_CLASSIC_1K),
        ("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 02 00 00 00 00 69", CardType.MIFARE_CLASSIC_4K),
        ("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 03 00 00 00 00 68", CardType.MIFARE_ULTRALIGHT),
        ("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 3A 00 00 00 00 51", CardType.MIFARE_ULTRALIGHT_C),
        ("3B 8F 80 01 80 4F 0C A0 00 00 03 06 0B 00 14 00 00 00 00 77", CardType.ISO15693),
        ("3B 8F 80 01 80 4F 0C A0 00 00 03 06 11 00 3B 00 00 00 00 42", CardType.FELICA),
        ("3B 81 80 01 80 80", CardType.ISO14443_4),  # DESFire EV1 on an ACR122U
        ("3B 8C 80 01 50 12 23 45 56 12 53 54 4E 33 81 C3 55", CardType.ISO14443_4),  # ISO 14443-B
        ("3B 02 14 50", CardType.UNKNOWN),  # a contact card
        ("", CardType.UNKNOWN),
        ("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 FF FF 00 00 00 00 6A", CardType.UNKNOWN),
    ],
)
def test_card_type_from_atr(value: str, expected: CardType) -> None:
    assert card_type_from_atr(atr(value)) is expected


def test_virtual_card_atr_is_the_acr122u_classic_1k_atr() -> None:
    assert storage_card_atr(0x03, 0x0001) == atr("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A")
    assert parse_atr(storage_card_atr(0x03, 0x0001)).storage_card


def test_random_uid_is_recognised() -> None:
    assert is_random_uid(bytes.fromhex("08123456"))
    assert not is_random_uid(bytes.fromhex("04A22B91"))


def test_load_key_is_redacted_in_logs() -> None:
    command = apdu.load_key(bytes.fromhex("A0A1A2A3A4A5"), 1)
    assert command[:5] == [0xFF, 0x82, 0x00, 0x01, 0x06]
    assert apdu.redact(command) == "FF 82 00 01 06 ** ** ** ** ** **"


def test_part3_commands_are_byte_exact() -> None:
    assert apdu.get_uid() == [0xFF, 0xCA, 0x00, 0x00, 0x00]
    assert apdu.authenticate(4, "B", 1) == [0xFF, 0x86, 0x00, 0x00, 0x05, 0x01, 0x00, 0x04, 0x61, 0x01]
    assert apdu.read_binary(5) == [0xFF, 0xB0, 0x00, 0x05, 0x10]
    assert apdu.update_binary(6, bytes(16))[:5] == [0xFF, 0xD6, 0x00, 0x06, 0x10]


@pytest.mark.parametrize(
    "op, sw, error",
    [
        (apdu.Op.AUTHENTICATE, (0x63, 0x00), AuthenticationFailed),
        (apdu.Op.LOAD_KEY, (0x63, 0x00), AuthenticationFailed),
        (apdu.Op.READ, (0x63, 0x00), ReadFailed),
        (apdu.Op.READ, (0x69, 0x82), ReadFailed),
        (apdu.Op.WRITE, (0x63, 0x00), WriteRefused),
        (apdu.Op.WRITE, (0x90, 0x01), WriteRefused),
        (apdu.Op.GET_UID, (0x6A, 0x81), UnsupportedCard),
    ],
)
def test_every_status_word_but_9000_is_a_typed_error(op: apdu.Op, sw: tuple[int, int], error: type) -> None:
    with pytest.raises(error):
        apdu.check(op, *sw, block=4)
    apdu.check(op, 0x90, 0x00)


def test_access_bits_round_trip_and_meaning() -> None:
    assert access_bits.encode((0, 0, 0), (0, 0, 1)) == access_bits.TRANSPORT
    assert access_bits.encode((1, 0, 0), (0, 1, 1)) == access_bits.READ_AB_WRITE_B
    transport = access_bits.decode(access_bits.TRANSPORT)
    assert transport.key_b_readable  # so key B cannot be used on a factory-fresh card
    library = access_bits.decode(access_bits.READ_AB_WRITE_B)
    assert library.may_read(0, "A") and library.may_write(0, "B") and not library.may_write(0, "A")


@pytest.mark.parametrize(
    "bits",
    [
        bytes.fromhex("FF0781"),  # inverted copy does not match
        access_bits.encode((0, 0, 0), (1, 1, 0)),  # access bits never writable again
        access_bits.encode((1, 1, 1), (0, 1, 1)),  # data never readable or writable
        access_bits.encode((0, 1, 0), (0, 1, 1)),  # data read-only for good
    ],
)
def test_lockout_reason_names_locking_bits(bits: bytes) -> None:
    assert access_bits.lockout_reason(bits) is not None


def test_safe_bits_have_no_lockout_reason() -> None:
    assert access_bits.lockout_reason(access_bits.TRANSPORT) is None
    assert access_bits.lockout_reason(access_bits.READ_AB_WRITE_B) is None


def test_reader_profiles_by_name() -> None:
    from drivers.pcsc.readers import GENERIC, is_sam_slot, profile_for

    assert profile_for("ACS ACR122U PICC Interface 00 00").family == "ACS ACR122U"
    assert profile_for("ACS ACR1252 1S CL Reader [ACR1252 1S CL Reader PICC] 00 00").key_slots == (0, 1)
    assert profile_for("Virtual PCD 00 00").virtual
    assert profile_for("Some Reader 00 00") is GENERIC
    assert is_sam_slot("ACS ACR1252 1S CL Reader [ACR1252 1S CL Reader SAM] 01 00")
    assert not is_sam_slot("ACS ACR1252 1S CL Reader [ACR1252 1S CL Reader PICC] 00 00")
