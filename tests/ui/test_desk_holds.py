"""Holds at the desk by keyboard: place one from the F6 search, hand one over (F7), trap a return and print its slip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

import desk_app.store.search_index  # noqa: F401 - bib records added in a session are indexed for search
from desk_app.core.views import Outcome
from desk_app.store.models import Hold, HoldStatus, Item, ItemStatus
from desk_app.ui.desk.parts import SlipPart
from desk_app.ui.desk.search_dialog import catalog_search
from tests import factories
from tests.ui.desk_counter import Counter


def identify(c: Counter) -> None:
    c.scan(c.window.patron_scan, c.world.adult_card.card_number)
    c.settle()


def test_f6_search_then_enter_places_a_hold_for_the_patron(desk_with, session_factory) -> None:
    counter = desk_with(search=catalog_search(session_factory))
    w, world = counter.window, counter.world
    with counter.sessions() as s:
        novel = factories.bib(s, "紅樓夢", "曹雪芹")
        other = factories.patron(s, name="趙子龍")
        factories.card(s, other)
        copy = factories.item(s, world.main, novel)
        factories.loan(s, other, copy, world.main, due=factories.TODAY + dt.timedelta(days=9))
        s.commit()
    identify(counter)
    counter.qtbot.keyClick(w.item_scan, Qt.Key.Key_F6)
    dialog = w.search_dialog
    assert dialog is not None
    counter.qtbot.waitUntil(dialog.query.hasFocus)
    with counter.qtbot.waitSignal(dialog.resultsShown, timeout=10_000):
        dialog.query.insert("紅樓")  # typed through the input method (QTest cannot send Han keys)
        counter.qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    counter.qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    counter.qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    counter.qtbot.waitUntil(lambda: w.search_dialog is None)
    counter.settle()
    assert w.banner.outcome() is Outcome.OK, w.banner.message()
    with counter.sessions() as s:
        holds = s.scalars(select(Hold).where(Hold.patron_id == world.adult.id)).all()
    assert [(h.bib_id, h.status) for h in holds] == [(novel.id, HoldStatus.WAITING.value)]
    counter.qtbot.waitUntil(w.item_scan.hasFocus)


def test_f7_hands_over_a_hold_waiting_on_the_shelf(counter: Counter) -> None:
    w, world = counter.window, counter.world
    with counter.sessions() as s:
        novel = factories.bib(s, "西遊記")
        copy = factories.item(s, world.main, novel, status=ItemStatus.ON_HOLD_SHELF.value)
        hold = factories.hold(s, world.adult, novel, world.main, status=HoldStatus.READY.value, it=copy,
                              expires_on=factories.TODAY + dt.timedelta(days=5))
        s.commit()
    identify(counter)
    assert "西遊記" in w.patron_panel.holds.text()  # the panel says a hold is waiting, before any scan
    counter.qtbot.keyClick(w.item_scan, Qt.Key.Key_F7)
    counter.scan(w.item_scan, copy.barcode)
    counter.settle()
    assert w.banner.outcome() is Outcome.OK, w.banner.message()
    assert counter.open_loans(world.adult.id) == [copy.barcode]
    with counter.sessions() as s:
        assert s.get(Hold, hold.id).status == HoldStatus.FULFILLED.value  # type: ignore[union-attr]


def test_a_return_with_a_waiting_hold_is_trapped_and_ctrl_p_saves_its_slip(desk_with, tmp_path: Path) -> None:
    counter = desk_with(slips=SlipPart(tmp_path / "slips", "總館"))
    w, world = counter.window, counter.world
    with counter.sessions() as s:
        novel = factories.bib(s, "水滸傳")
        copy = factories.item(s, world.main, novel)
        factories.loan(s, world.adult, copy, world.main, due=factories.TODAY + dt.timedelta(days=3))
        waiting = factories.patron(s, name="周杰")
        factories.card(s, waiting)
        factories.hold(s, waiting, novel, world.main)
        s.commit()
    counter.qtbot.keyClick(w.item_scan, Qt.Key.Key_F3)
    counter.scan(w.item_scan, copy.barcode)
    counter.settle()
    assert w.banner.outcome() in (Outcome.OK, Outcome.NOTICE), w.banner.message()
    assert w.last_slip() is not None and w.last_slip().kind == "hold"  # type: ignore[union-attr]
    with counter.sessions() as s:
        assert s.scalar(select(Item.status).where(Item.id == copy.id)) == ItemStatus.ON_HOLD_SHELF.value
    counter.qtbot.keyClick(w.item_scan, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert w.banner.outcome() is Outcome.OK, w.banner.message()
    pdfs = list((tmp_path / "slips").glob("*.pdf"))
    assert pdfs or "printer" in w.banner.message().lower() or "印表機" in w.banner.message()
    if pdfs:
        assert pdfs[0].read_bytes().startswith(b"%PDF")
