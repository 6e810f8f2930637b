"""AIM identifiers are taken off the barcode and name its symbology."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers import aim
from drivers.base import Symbology


@pytest.mark.parametrize(
    ("wire", "text", "symbology"),
    [
        ("]A0T00012345", "T00012345", Symbology.CODE39),
        ("]C0LIB-000123", "LIB-000123", Symbology.CODE128),
        ("]C1010012345678901", "010012345678901", Symbology.CODE128),
        ("]E09789863203380", "9789863203380", Symbology.EAN13),
        ("]E496385074", "96385074", Symbology.EAN8),
        ("]F0A123456B", "A123456B", Symbology.CODABAR),
        ("]Q1LD1.eyJwIjoxfQ", "LD1.eyJwIjoxfQ", Symbology.QR),
        ("]I012345678", "12345678", Symbology.ITF),
        ("]d1data-matrix", "data-matrix", Symbology.UNKNOWN),  # a real identifier we do not map
    ],
)
def test_identifier_is_stripped_and_names_the_symbology(wire: str, text: str, symbology: Symbology) -> None:
    read = aim.parse(wire)
    assert read.text == text
    assert read.symbology is symbology
    assert read.identifier == wire[:3]


@pytest.mark.parametrize("wire", ["9789863203380", "T00012345", "]", "]A", "]]A0", "] A0x", ""])
def test_text_without_an_identifier_is_unchanged(wire: str) -> None:
    read = aim.parse(wire)
    assert read.text == wire
    assert read.symbology is Symbology.UNKNOWN
    assert read.identifier == ""


@pytest.mark.parametrize("symbology", [s for s in Symbology if aim.prefix_for(s)])
def test_the_prefix_a_scanner_sends_parses_back(symbology: Symbology) -> None:
    read = aim.parse(aim.prefix_for(symbology) + "12345")
    expected = Symbology.EAN13 if symbology is Symbology.UPCA else symbology  # UPC-A travels as EAN-13
    assert (read.symbology, read.text) == (expected, "12345")


def test_unknown_has_no_prefix() -> None:
    assert aim.prefix_for(Symbology.UNKNOWN) == ""


@given(st.text(max_size=40))
def test_parse_never_loses_text(text: str) -> None:
    read = aim.parse(text)
    assert read.identifier + read.text == text
