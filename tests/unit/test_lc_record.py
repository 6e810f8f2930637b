"""The LC v1 record, byte for byte as specs/student-card-record.md says."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.lc_record import LcRecord, RecordStatus, card_number_ok, decode, encode, record_blocks

UID = bytes.fromhex("04A22B91")
SPEC_BLOCKS = bytes.fromhex(
    "4C 43 01 01 41 31 32 33 34 35 36 37 38 39 30 31"
    "54 50 4D 4C 00 00 00 00 20 26 09 01 00 01 00 00"
    "00 00 00 00 00 00 00 00 00 00 00 00 02 B6 89 91".replace(" ", "")
)
SPEC_RECORD = LcRecord("A12345678901", "TPML", date(2026, 9, 1), 1)


def test_spec_example_encodes_to_the_spec_bytes() -> None:
    assert encode(SPEC_RECORD, UID) == SPEC_BLOCKS


def test_spec_example_decodes_to_its_card_number() -> None:
    result = decode(SPEC_BLOCKS, UID)
    assert result.status is RecordStatus.VALID
    assert result.record == SPEC_RECORD


def test_record_copied_to_another_card_is_damaged_not_a_number() -> None:
    result = decode(SPEC_BLOCKS, bytes.fromhex("04A22B92"))
    assert result.status is RecordStatus.DAMAGED
    assert result.record is None


@pytest.mark.parametrize("blank", [b"\x00" * 48, b"\xff" * 48])
def test_blank_sector_is_no_record(blank: bytes) -> None:
    assert decode(blank, UID).status is RecordStatus.NONE


def test_torn_write_first_block_only_is_damaged() -> None:
    torn = SPEC_BLOCKS[:16] + b"\x00" * 32
    assert decode(torn, UID).status is RecordStatus.DAMAGED


def test_any_single_bit_flip_is_never_a_valid_other_number() -> None:
    for i in range(48):
        for bit in range(8):
            data = bytearray(SPEC_BLOCKS)
            data[i] ^= 1 << bit
            result = decode(bytes(data), UID)
            assert result.status is not RecordStatus.VALID or result.record == SPEC_RECORD


def test_valid_crc_with_bad_id_checksum_is_damaged() -> None:
    """A writer bug (or forgery with the CRC recomputed) still never yields a number failing its check."""
    import zlib

    body = bytearray(SPEC_BLOCKS[:44])
    body[4:16] = b"A12345678801"  # check digit wrong
    body[28:30] = (1).to_bytes(2, "big")
    data = bytes(body) + (zlib.crc32(UID + bytes(body)) & 0xFFFFFFFF).to_bytes(4, "big")
    assert decode(data, UID).status is RecordStatus.DAMAGED


def test_inactive_flag_round_trips() -> None:
    record = LcRecord("A12345678901", "TPML", date(2026, 9, 1), 1, active=False)
    data = encode(record, UID)
    assert data[3] == 0x00
    assert decode(data, UID).record == record


@pytest.mark.parametrize(
    "record",
    [
        LcRecord("A12345678801", "TPML", date(2026, 9, 1), 1),  # bad check digit
        LcRecord("A12345678901", "TPML", date(2026, 9, 1), 2),  # generation != sequence
        LcRecord("A12345678901", "TOOLONGCODE", date(2026, 9, 1), 1),
        LcRecord("A12345678901", "", date(2026, 9, 1), 1),
    ],
)
def test_encode_refuses_records_that_could_not_be_valid(record: LcRecord) -> None:
    with pytest.raises(ValueError):
        encode(record, UID)


def test_record_repr_masks_the_id() -> None:
    assert "A123456789" not in repr(SPEC_RECORD)
    assert "A12*****8901" in repr(SPEC_RECORD)


def test_sector_zero_is_never_a_record_sector() -> None:
    with pytest.raises(ValueError):
        record_blocks(0)
    assert record_blocks(1) == [4, 5, 6]


def test_private_checksum_agrees_with_core_ids() -> None:
    from desk_app.core.patrons.ids import is_valid_id

    for value in ["A123456789", "A800000014", "AC01234567", "Z999999999", "F131104093", "A123456788"]:
        assert card_number_ok(value + "00") == is_valid_id(value), value


@given(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), st.sampled_from("1289ABCD"),
       st.text("0123456789", min_size=8, max_size=8))
def test_private_checksum_agrees_with_core_ids_everywhere(first: str, second: str, digits: str) -> None:
    from desk_app.core.patrons.ids import is_valid_id

    value = first + second + digits
    assert card_number_ok(value + "01") == is_valid_id(value)


@given(
    st.binary(min_size=4, max_size=4) | st.binary(min_size=7, max_size=7),
    st.sampled_from(["A123456789", "B287654326", "A800000014"]),
    st.integers(0, 99),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=8),
)
def test_round_trip(uid: bytes, holder: str, seq: int, issued: date, library: str) -> None:
    from desk_app.core.patrons.ids import is_valid_id

    if not is_valid_id(holder):
        return
    record = LcRecord(f"{holder}{seq:02d}", library, issued, seq)
    assert decode(encode(record, uid), uid).record == record
