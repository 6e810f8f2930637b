"""What a tap means before any card I/O: item tags, random UIDs, processor cards, a desk without a key.

(Reading the LC record itself is tested on a real pcscd + vpcd in tests/ui/test_device_bridge.py.)
"""

from __future__ import annotations

from desk_app.ui.devices.card_read import (
    CardProblem,
    classify_without_reading,
    read_patron_card,
)
from desk_app.ui.devices.settings import DeviceSettings
from drivers.base import CardType
from drivers.keyboard_wedge import WedgeSettings

READER = "ACS ACR1252 1S CL Reader PICC 00 00"


def never_read(*_args: object) -> None:
    raise AssertionError("the card must not be read in this case")


def test_a_library_item_tag_on_the_patron_reader_is_not_a_patron() -> None:
    result = classify_without_reading(READER, CardType.ISO15693, bytes.fromhex("E004010012345678"))
    assert result is not None and result.problem is CardProblem.ITEM_TAG and not result.card_number


def test_a_random_uid_never_identifies_anybody() -> None:
    result = classify_without_reading(READER, CardType.ISO14443_4, bytes.fromhex("08A1B2C3"))
    assert result is not None and result.problem is CardProblem.RANDOM_UID


def test_a_processor_card_easycard_is_identified_by_its_uid_without_reading() -> None:
    result = read_patron_card(READER, CardType.ISO14443_4, bytes.fromhex("04A1B2C3D4E5F6"), b"\xff" * 6,
                              never_read, lambda _line: None)
    assert result.by_uid and result.uid_hex == "04A1B2C3D4E5F6" and result.problem is CardProblem.NONE


def test_a_card_without_uid_asks_for_another_tap() -> None:
    result = classify_without_reading(READER, CardType.MIFARE_CLASSIC_1K, None)
    assert result is not None and result.problem is CardProblem.NO_UID


def test_without_key_a_a_student_card_is_a_problem_not_a_guess() -> None:
    result = read_patron_card(READER, CardType.MIFARE_CLASSIC_1K, bytes.fromhex("04A22B91"), None,
                              never_read, lambda _line: None)
    assert result.problem is CardProblem.NO_KEY and not result.card_number and not result.by_uid


def test_a_card_number_never_appears_in_a_repr() -> None:
    from desk_app.ui.devices.card_read import PatronCardRead

    read = PatronCardRead(READER, "04A22B91", CardType.MIFARE_CLASSIC_1K, card_number="A12345678901")
    assert "A123456789" not in repr(read)


def test_hand_edited_device_settings_fall_back_to_defaults() -> None:
    settings = DeviceSettings.from_section({"lc_sector": "two", "key_a_slot": -1, "scanner_enabled": "yes",
                                            "patron_reader": "ACR", "wedge": {"min_length": 9, "max_length": 2}})
    assert (settings.lc_sector, settings.key_a_slot, settings.scanner_enabled) == (1, 0, False)
    assert settings.patron_reader == "ACR"
    assert settings.wedge_settings() == WedgeSettings()  # min above max: unusable, defaults instead
