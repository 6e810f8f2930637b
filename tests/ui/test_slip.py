"""Slips saved as PDF carry the Chinese title, embed a Traditional Chinese font and never a full ID."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from desk_app.core.patrons.ids import mask_card_number, mask_id
from desk_app.core.messages import Message
from desk_app.core.views import LoanView, PatronView, SlipView
from desk_app.ui import i18n
from desk_app.ui.desk import slip

FULL_ID = "A123456789"
CARD = FULL_ID + "01"


@pytest.fixture
def zh(qapp):
    i18n.install_translators(qapp, "zh_TW")
    yield qapp
    i18n.remove_translators(qapp)


def patron(loans: tuple[LoanView, ...] = ()) -> PatronView:
    return PatronView(patron_id=1, card_id=1, name="王小明", masked_id=mask_id(FULL_ID),
                      masked_card_number=mask_card_number(CARD), patron_kind="adult", card_kind="personal",
                      card_status="active", preliminary=False, loans=loans)


def loan(n: int, title: str) -> LoanView:
    return LoanView(loan_id=n, item_barcode=f"3000000000000{n}", title=title, call_number="857.7 8345",
                    checked_out_at=dt.datetime(2026, 11, 23, 10, 0), due_date=dt.date(2026, 12, 14),
                    renewals=0, overdue=False)


def pdf_text(path: Path) -> str:
    """The PDF's text as a reader would copy it.

    Qt's PDF writer maps some glyphs that Noto CJK shares between a Kangxi radical and
    its ideograph (小/⼩, 身/⾝) to the radical in its ToUnicode table; NFKC folds them back.
    """
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: apt-get install poppler-utils"
    raw = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return unicodedata.normalize("NFKC", raw)


def test_hold_slip_pdf_has_chinese_title_and_masked_id(zh, tmp_path: Path) -> None:
    hold = SlipView(kind="hold", title="紅樓夢", item_barcode="30000000000012",
                    lines=(Message("Held for {name} until {date}.", name="王○明", date="2026-11-30"),
                           Message("Card {card} in a free line", card=CARD)))
    path = slip.write_pdf(slip.SlipContent(slip=hold, patron=patron(), branch="總館"), tmp_path / "hold.pdf")
    text = pdf_text(path)
    assert "預約取書單" in text
    assert "紅樓夢" in text and "30000000000012" in text
    assert mask_id(FULL_ID) in text  # A12*****89
    assert FULL_ID not in text, "a full national ID must never be printed"
    assert "王○明" in text and "王小明" not in text, "hold shelves show half-hidden names"


def test_pdf_embeds_a_traditional_chinese_font(zh, tmp_path: Path) -> None:
    path = slip.write_pdf(slip.receipt(patron((loan(1, "小王子"),))), tmp_path / "r.pdf")
    fonts = subprocess.run([shutil.which("pdffonts") or "pdffonts", str(path)], capture_output=True,
                           text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "NotoSansCJK" in line.replace(" ", "")]
    assert cjk, fonts
    assert all(" yes " in line for line in cjk), "the CJK font must be embedded"


def test_checkout_receipt_lists_every_loan_with_its_due_date(zh, tmp_path: Path) -> None:
    loans = (loan(1, "小王子"), loan(2, "哈利波特：神秘的魔法石"), loan(3, "三國演義"))
    path = slip.write_pdf(slip.receipt(patron(loans)), tmp_path / "receipt.pdf")
    text = pdf_text(path)
    assert "借書收據" in text
    flat = "".join(text.split())  # long titles wrap on 80 mm paper
    for item in loans:
        assert unicodedata.normalize("NFKC", item.title) in flat
    assert flat.count("2026-12-14") == 3
    assert "共3冊" in flat


def test_without_a_printer_the_slip_is_saved_as_pdf(zh, tmp_path: Path) -> None:
    assert not slip.has_printer(), "this machine has no printer; the test checks the PDF fallback"
    transit = SlipView(kind="transit", title="西遊記", item_barcode="30000000000029", lines=())
    result = slip.print_or_save(slip.SlipContent(slip=transit, branch="北投分館"), tmp_path / "slips")
    assert result.printer is None and result.pdf is not None
    assert result.pdf.parent == tmp_path / "slips"
    assert "調撥單" in pdf_text(result.pdf)


def test_names_are_half_hidden_the_taiwanese_way() -> None:
    assert slip.mask_name("王小明") == "王○明"
    assert slip.mask_name("林美") == "林○"
    assert slip.mask_name("歐陽娜娜") == "歐○○娜"
    assert slip.scrub_ids(f"ID {FULL_ID}, card {CARD}") == "ID A12*****89, card A12*****8901"
