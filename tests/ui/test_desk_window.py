"""The desk window driven by keys and scans, checked on screen AND in the SQLite file behind it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLineEdit,
    QTableView,
    QWidget,
)
from sqlalchemy import select

from desk_app.core.patrons.ids import mask_card_number, mask_id
from desk_app.core.views import Outcome
from desk_app.store.models import CardStatus, Item, ItemStatus, OutboxEntry
from desk_app.ui.desk.result_banner import STYLE
from tests import factories
from tests.ui.desk_counter import Counter

RED = STYLE[Outcome.REFUSED][0]


def identify(c: Counter, text: str | None = None) -> None:
    c.scan(c.window.patron_scan, text or c.world.adult_card.card_number)
    c.settle()


def test_typing_a_card_number_shows_the_patron_masked(counter: Counter) -> None:
    w, adult = counter.window, counter.world.adult
    identify(counter)
    panel = w.patron_panel
    assert panel.name.text() == "陳美玲"
    assert panel.masked_id.text() == mask_id(adult.national_id)
    assert adult.national_id not in panel.masked_id.text() + panel.card.text()
    assert w.banner.outcome() is Outcome.OK
    assert w.item_scan.hasFocus()  # the books come next
    assert w.patron_scan.text() == ""  # the field cleared itself


def test_a_national_id_typed_in_the_patron_field_finds_the_same_patron(counter: Counter) -> None:
    identify(counter, counter.world.adult.national_id.lower())
    assert counter.window.patron_panel.name.text() == "陳美玲"


def test_a_lost_card_is_refused_in_red_naming_the_current_card_masked(counter: Counter) -> None:
    with counter.sessions() as s:
        p = factories.patron(s, name="林志明")
        lost = factories.card(s, p, status=CardStatus.LOST.value)
        current = factories.card(s, p)
        s.commit()
    identify(counter, lost.card_number)
    w = counter.window
    assert w.banner.outcome() is Outcome.REFUSED
    assert RED in w.banner.styleSheet()
    assert mask_card_number(current.card_number) in w.banner.message()
    assert current.card_number not in w.banner.message()
    assert mask_card_number(current.card_number) in w.patron_panel.blocks_text()
    assert w.patron_panel.blocks.isVisible()
    # The refused card lends nothing, and the next scan belongs in the patron field again.
    assert w.patron_scan.hasFocus()
    counter.scan(w.item_scan, counter.world.items[0].barcode)
    counter.settle()
    assert w.banner.outcome() is Outcome.REFUSED
    assert counter.open_loans(p.id) == []


def test_checkout_by_item_scans_fills_the_table_and_the_database(counter: Counter) -> None:
    w, world = counter.window, counter.world
    identify(counter)
    barcodes = [it.barcode for it in world.items[:3]]
    for code in barcodes:
        counter.scan(w.item_scan, code)
    counter.settle()
    assert w.banner.outcome() is Outcome.OK
    assert counter.open_loans(world.adult.id) == barcodes
    assert sorted(counter.table_barcodes()) == sorted(barcodes)
    with counter.sessions() as s:
        assert {s.scalar(select(Item.status).where(Item.barcode == b)) for b in barcodes} == {ItemStatus.ON_LOAN.value}
        waiting = s.scalar(select(OutboxEntry.id).order_by(OutboxEntry.id.desc()).limit(1))
    assert waiting is not None
    counter.qtbot.waitUntil(lambda: "3" in w.status.sync_label.text(), timeout=5000)


def test_check_in_works_without_a_patron_and_closes_the_loan(counter: Counter) -> None:
    w, world = counter.window, counter.world
    identify(counter)
    code = world.items[0].barcode
    counter.scan(w.item_scan, code)
    counter.settle()
    counter.qtbot.keyClick(w, Qt.Key.Key_F5)  # new patron: the desk forgets the last one
    counter.settle()
    assert w.patron_panel.patron() is None
    counter.qtbot.keyClick(w, Qt.Key.Key_F3)
    assert w.item_scan.hasFocus()
    counter.scan(w.item_scan, code)
    counter.settle()
    assert w.banner.outcome() is Outcome.OK
    assert counter.open_loans(world.adult.id) == []
    [loan] = counter.loans_of_item(code)
    assert loan.returned_at is not None


def test_a_return_of_a_book_on_screen_refreshes_the_patron_from_the_changed_signal(counter: Counter) -> None:
    """F3 with the borrower still on screen: their loans follow the database (no timer, no stale row)."""
    w, world = counter.window, counter.world
    identify(counter)
    codes = [it.barcode for it in world.items[:2]]
    for code in codes:
        counter.scan(w.item_scan, code)
    counter.settle()
    assert sorted(counter.table_barcodes()) == sorted(codes)
    counter.qtbot.keyClick(w, Qt.Key.Key_F3)
    changes: list[object] = []
    w.runner.changed.connect(changes.append)
    counter.scan(w.item_scan, codes[0])
    counter.settle()
    assert w.banner.outcome() is Outcome.OK
    assert [c.items for c in changes] == [{codes[0]}]  # type: ignore[attr-defined]
    assert counter.table_barcodes() == [codes[1]]  # the returned book left the table
    shown = w.patron_panel.patron()
    assert shown is not None and shown.patron_id == world.adult.id
    assert "1" in w.loans_count.text()


def test_renew_mode_extends_the_due_date(counter: Counter) -> None:
    w, world = counter.window, counter.world
    code = world.items[0].barcode
    with counter.sessions() as s:
        item = s.merge(world.items[0])
        factories.loan(s, world.adult, item, world.main, due=factories.TODAY + dt.timedelta(days=3))
        s.commit()
    identify(counter)
    [before] = counter.loans_of_item(code)
    counter.qtbot.keyClick(w, Qt.Key.Key_F4)
    counter.scan(w.item_scan, code)
    counter.settle()
    assert w.banner.outcome() is Outcome.OK, w.banner.message()
    [after] = counter.loans_of_item(code)
    assert after.renewals == 1 and after.due_date > before.due_date
    assert w.loans_model.loan_at(w.loans_model.row_of(code)).due_date == after.due_date


def test_ctrl_z_undoes_the_last_checkout(counter: Counter) -> None:
    w, world = counter.window, counter.world
    identify(counter)
    first, second = world.items[0].barcode, world.items[1].barcode
    counter.scan(w.item_scan, first)
    counter.scan(w.item_scan, second)
    counter.settle()
    counter.qtbot.keyClick(w.item_scan, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    counter.settle()
    assert w.banner.outcome() is Outcome.OK, w.banner.message()
    assert counter.open_loans(world.adult.id) == [first]
    assert counter.table_barcodes() == [first]
    [voided] = counter.loans_of_item(second)
    assert voided.voided_at is not None


def test_the_same_item_twice_is_one_loan_and_a_quiet_notice(counter: Counter) -> None:
    w, world = counter.window, counter.world
    identify(counter)
    code = world.items[0].barcode
    counter.scan(w.item_scan, code)
    counter.scan(w.item_scan, code)
    counter.settle()
    assert w.banner.outcome() is Outcome.NOTICE
    assert len(counter.loans_of_item(code)) == 1
    assert counter.table_barcodes() == [code]


def test_an_item_barcode_in_the_patron_field_is_refused_with_the_reason(counter: Counter) -> None:
    w, world = counter.window, counter.world
    with counter.sessions() as s:
        before = factories.row_counts(s)
    identify(counter, world.items[0].barcode)
    assert w.banner.outcome() is Outcome.ERROR
    assert w.banner.message()  # says what is wrong, in words
    assert w.patron_panel.patron() is None
    with counter.sessions() as s:
        assert factories.row_counts(s) == before


def test_a_patron_card_in_the_item_field_is_refused_and_the_patron_kept(counter: Counter) -> None:
    w, world = counter.window, counter.world
    identify(counter)
    counter.scan(w.item_scan, world.adult_card.card_number)
    counter.settle()
    assert w.banner.outcome() is Outcome.ERROR
    assert w.patron_panel.patron() is not None
    assert counter.open_loans(world.adult.id) == []


def answer_the_check_in_offer(c: Counter, key: Qt.Key) -> tuple[str, int]:
    """Item 0 is on loan to another patron; our patron scans it and the librarian answers the offer with `key`.

    Returns (the item's barcode, the other patron's id)."""
    w, world = c.window, c.world
    with c.sessions() as s:
        other = factories.patron(s, name="張家豪")
        factories.card(s, other)
        factories.loan(s, other, s.merge(world.items[0]), world.main, due=factories.TODAY + dt.timedelta(days=5))
        s.commit()
    identify(c)
    c.scan(w.item_scan, world.items[0].barcode)
    c.settle()
    c.qtbot.waitUntil(lambda: w.offer_dialog is not None and w.offer_dialog.isVisible())
    c.qtbot.keyClick(w.offer_dialog, key)
    c.qtbot.waitUntil(lambda: w.offer_dialog is None)
    c.settle()
    return world.items[0].barcode, other.id


def test_an_item_on_loan_to_someone_else_offers_check_in_first_and_enter_accepts(counter: Counter) -> None:
    code, other_id = answer_the_check_in_offer(counter, Qt.Key.Key_Return)
    assert counter.window.banner.outcome() is Outcome.OK, counter.window.banner.message()
    assert counter.open_loans(counter.world.adult.id) == [code]
    assert counter.open_loans(other_id) == []


def test_escape_on_the_offer_changes_nothing(counter: Counter) -> None:
    code, other_id = answer_the_check_in_offer(counter, Qt.Key.Key_Escape)
    assert counter.open_loans(other_id) == [code]
    assert counter.open_loans(counter.world.adult.id) == []
    counter.qtbot.waitUntil(counter.window.item_scan.hasFocus)  # the scan field has the keyboard back


def test_twenty_scans_typed_straight_into_the_field_all_become_loans_in_order(counter: Counter) -> None:
    w, world = counter.window, counter.world
    codes = [it.barcode for it in world.items[:20]]
    # The card and all twenty books are typed before the desk has answered any of them.
    counter.scan(w.patron_scan, world.adult_card.card_number)
    for code in codes:
        counter.scan(w.item_scan, code)
    assert w.runner.pending() > 0
    counter.settle()
    assert counter.open_loans(world.adult.id) == codes
    assert sorted(counter.table_barcodes()) == sorted(codes)


def test_a_patron_with_hundreds_of_loans_is_handled_like_any_other(counter: Counter) -> None:
    w, world = counter.window, counter.world
    with counter.sessions() as s:
        heavy = factories.patron(s, name="黃大書")
        heavy_card = factories.card(s, heavy)
        bib = factories.bib(s, "長篇小說")
        for n in range(300):
            it = factories.item(s, world.main, bib)
            due = factories.TODAY + dt.timedelta(days=-3 if n < 10 else 14)
            factories.loan(s, heavy, it, world.main, due=due)
        s.commit()
    identify(counter, heavy_card.card_number)
    assert w.loans_model.rowCount() == 300
    overdue_rows = [r for r in range(300) if w.loans_model.loan_at(r).overdue]
    assert len(overdue_rows) == 10
    red = w.loans_model.index(overdue_rows[0], 0).data(Qt.ItemDataRole.ForegroundRole)
    assert red is not None and red.color().name() == "#c62828"
    assert "300" in w.loans_count.text()
    # Overdue items may block borrowing by the library's rule; either way the desk answers in words.
    counter.scan(w.item_scan, world.items[0].barcode)
    counter.settle()
    assert w.banner.message()
    assert w.loans_model.rowCount() == len(counter.open_loans(heavy.id))


def test_every_control_has_an_accessible_name_and_the_automation_names_exist(counter: Counter) -> None:
    w = counter.window
    for name in ("patronScan", "itemScan", "resultBanner", "loansTable", "patronPanel"):
        assert w.findChild(QWidget, name) is not None, name
    for widget in w.findChildren(QLineEdit) + w.findChildren(QTableView) + w.findChildren(QAbstractButton):
        if widget.isVisibleTo(w):
            assert widget.accessibleName(), widget.objectName()


def test_mode_keys_switch_mode_and_keep_a_scan_field_focused(counter: Counter) -> None:
    w = counter.window
    identify(counter)
    for key in (Qt.Key.Key_F3, Qt.Key.Key_F4, Qt.Key.Key_F2, Qt.Key.Key_F7):
        counter.qtbot.keyClick(QApplication.focusWidget() or w, key)
        assert w.item_scan.hasFocus()
    counter.qtbot.keyClick(w.item_scan, Qt.Key.Key_F5)
    counter.settle()
    assert w.patron_scan.hasFocus()
    assert w.patron_panel.patron() is None
