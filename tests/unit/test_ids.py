"""Taiwan ID and library card number validation, as a librarian types them."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.core.patrons.ids import (
    LETTER_CODES,
    InvalidIdError,
    card_number_for,
    check_digit_for,
    checksum_ok,
    mask_card_number,
    mask_id,
    parse_card_number,
    parse_id,
)
from desk_app.store.models import IdKind

# Worked examples checked by hand against the published algorithm.
VALID = {
    "A123456789": IdKind.NATIONAL,  # the textbook example
    "F131104093": IdKind.NATIONAL,
    "B234567894": IdKind.NATIONAL,
    "A800000014": IdKind.RESIDENT,  # 2021 format
    "AC12345679": IdKind.OLD_RESIDENT,  # old two-letter format
}


@pytest.mark.parametrize("value,kind", VALID.items())
def test_valid_ids_of_every_kind(value: str, kind: IdKind) -> None:
    parsed = parse_id(value)
    assert parsed.value == value
    assert parsed.kind is kind


def test_hand_computed_checksums() -> None:
    # A=10: 1*1 + 0*9 + 1*8 + 2*7 + 3*6 + 4*5 + 5*4 + 6*3 + 7*2 + 8*1 + 9*1 = 130
    assert checksum_ok("A123456789")
    assert not checksum_ok("A123456780")
    # Old resident: C counts as the last digit of 12, i.e. 2.
    assert checksum_ok("AC12345679")


@pytest.mark.parametrize("typed", ["a123456789", " A123456789 ", "Ａ１２３４５６７８９", "\tａ123456789\n"])
def test_lower_case_full_width_and_spaces_are_accepted(typed: str) -> None:
    assert parse_id(typed).value == "A123456789"


@pytest.mark.parametrize(
    "typed,says",
    [
        ("", "empty"),
        ("A12345678", "10 characters; this one has 9"),
        ("A1234567890", "10 characters; this one has 11"),
        ("1123456789", "starts with an English letter"),
        ("A123456788", "check digit is wrong"),
        ("A323456789", "1 or 2 (national ID) or 8 or 9"),
        ("AE12345678", "A, B, C or D as its second letter"),
        ("A12345678X", "only digits"),
        ("A800000015", "check digit is wrong"),
        ("AC12345678", "check digit is wrong"),
    ],
)
def test_invalid_ids_say_what_is_wrong(typed: str, says: str) -> None:
    with pytest.raises(InvalidIdError) as err:
        parse_id(typed)
    assert says in str(err.value)


def test_card_number_is_id_plus_sequence_and_reissue_takes_next() -> None:
    card = parse_card_number("a12345678900")
    assert card.value == "A12345678900"
    assert card.sequence == 0
    assert card.next().value == "A12345678901"
    assert card_number_for("A123456789", 7).value == "A12345678907"


@pytest.mark.parametrize(
    "typed,says",
    [
        ("A123456789", "12 characters"),
        ("A1234567890X", "2-digit sequence"),
        ("A12345678800", "check digit is wrong"),
    ],
)
def test_invalid_card_numbers(typed: str, says: str) -> None:
    with pytest.raises(InvalidIdError) as err:
        parse_card_number(typed)
    assert says in str(err.value)


def test_sequence_99_cannot_be_reissued() -> None:
    with pytest.raises(InvalidIdError):
        parse_card_number("A12345678999").next()


def test_masking_hides_the_middle() -> None:
    assert mask_id("A123456789") == "A12*****89"
    assert mask_card_number("A12345678901") == "A12*****8901"
    assert "3456" not in mask_card_number("A12345678901")


letters = st.sampled_from(sorted(LETTER_CODES))
eight_digits = st.text(alphabet=string.digits, min_size=8, max_size=8)


@given(letters, st.sampled_from("1289"), eight_digits)
def test_property_every_shape_has_exactly_one_check_digit(first: str, second: str, body: str) -> None:
    nine = first + second + body[:7]
    good = check_digit_for(nine)
    assert parse_id(nine + good).value == nine + good
    for wrong in set(string.digits) - {good}:
        assert not checksum_ok(nine + wrong)


@given(letters, st.sampled_from("ABCD"), st.text(alphabet=string.digits, min_size=7, max_size=7))
def test_property_old_resident_numbers(first: str, second: str, body: str) -> None:
    nine = first + second + body
    value = nine + check_digit_for(nine)
    assert parse_id(value).kind is IdKind.OLD_RESIDENT


@given(letters, st.sampled_from("12"), eight_digits, st.sampled_from([2, 6, 8, 9]), st.integers(1, 9))
def test_property_a_single_digit_typo_is_caught(first: str, second: str, body: str, i: int, delta: int) -> None:
    nine = first + second + body[:7]
    value = nine + check_digit_for(nine)
    # A typo at a position whose weight (7, 3, 1, 1) is coprime to 10 always breaks the checksum;
    # weights 8, 6, 5, 4, 2 miss some typos, which is the algorithm's known weakness.
    typo = value[:i] + str((int(value[i]) + delta) % 10) + value[i + 1 :]
    assert not checksum_ok(typo)


def test_ids_in_free_text_are_masked_and_barcodes_are_left_alone() -> None:
    from desk_app.core.patrons.ids import mask_ids_in, mask_name

    text = "patron a123456789 card A12345678901 item 30001000000010 ref XA1234567890Y"
    assert mask_ids_in(text) == "patron A12*****89 card A12*****8901 item 30001000000010 ref XA1234567890Y"
    assert mask_name("王小明") == "王○明"
    assert mask_name("林美") == "林○"
