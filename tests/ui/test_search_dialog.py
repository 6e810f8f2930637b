"""F6 catalog search: keyboard only, off the GUI thread, newest query wins, Enter on a hit places a hold."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import pytest
from PySide6.QtCore import Qt
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.views import SearchHit
from desk_app.store.models import BibRecord, Branch, Item, ItemStatus
from desk_app.ui import i18n
from desk_app.ui.desk.search_dialog import SearchDialog, catalog_search

BOOKS = [
    ("紅樓夢", "曹雪芹", "9789573317241", ["857.49 5510", "857.49 5510 v.2"],
     [ItemStatus.AVAILABLE, ItemStatus.ON_LOAN]),
    ("紅色的天空", "林小紅", "9789570837681", ["863.57 4492"], [ItemStatus.AVAILABLE]),
    ("小王子", "聖修伯里", "9789571234564", ["876.57 8745"], [ItemStatus.ON_LOAN]),
]


@pytest.fixture
def catalog(session_factory: sessionmaker[Session]) -> sessionmaker[Session]:
    with session_factory.begin() as s:
        branch = Branch(code="MAIN", name="總館")
        s.add(branch)
        s.flush()
        n = 0
        for title, author, isbn, calls, statuses in BOOKS:
            bib = BibRecord(title=title, author=author, isbn13=isbn)
            s.add(bib)
            s.flush()
            for call, status in zip(calls * 2, statuses):
                n += 1
                s.add(Item(barcode=f"3{n:013d}", bib_id=bib.id, call_number=call, home_branch_id=branch.id,
                           location_branch_id=branch.id, status=status.value))
    return session_factory


def searcher(factory: sessionmaker[Session], seen_threads: list[str] | None = None):
    """Core's real catalog search on the real SQLite file, noting which thread runs it."""
    search = catalog_search(factory)

    def traced(query: str) -> Sequence[SearchHit]:
        if seen_threads is not None:
            seen_threads.append(threading.current_thread().name)
        return search(query)
    return traced


@pytest.fixture
def zh(qapp):
    i18n.install_translators(qapp, "zh_TW")
    yield qapp
    i18n.remove_translators(qapp)


def show(qtbot, dialog: SearchDialog) -> SearchDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.query.setFocus()
    qtbot.waitUntil(dialog.query.hasFocus, timeout=2000)
    return dialog


def enter_text(dialog: SearchDialog, text: str) -> None:
    """Chinese arrives committed by the input method (Zhuyin), not as key presses QTest can make."""
    dialog.query.clear()
    dialog.query.insert(text)


def type_query(qtbot, dialog: SearchDialog, text: str) -> None:
    with qtbot.waitSignal(dialog.resultsShown, timeout=5000):
        enter_text(dialog, text)
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)


def cell(dialog: SearchDialog, row: int, column: int) -> str:
    return dialog.model.index(row, column).data()


def test_one_character_query_finds_titles_and_authors_off_the_gui_thread(qtbot, zh, catalog, runner) -> None:
    threads: list[str] = []
    dialog = show(qtbot, SearchDialog(searcher(catalog, threads), runner=runner, patron_name="王小明"))
    type_query(qtbot, dialog, "紅")
    assert dialog.model.rowCount() == 2
    rows = {cell(dialog, r, 0): [cell(dialog, r, c) for c in range(1, 5)] for r in range(2)}
    assert rows["紅樓夢"] == ["曹雪芹", "978-957-33-1724-1", "857.49 5510; 857.49 5510 v.2", "1/2"]
    assert rows["紅色的天空"] == ["林小紅", "978-957-08-3768-1", "863.57 4492", "1/1"]
    assert "2" in dialog.status.text() and "紅" in dialog.status.text()
    assert threads and threading.main_thread().name not in threads
    headers = [dialog.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["題名", "作者", "ISBN", "索書號", "可借/總數"]


def test_arrows_and_enter_place_a_hold_for_the_current_patron(qtbot, zh, catalog, runner) -> None:
    chosen: list[SearchHit] = []
    dialog = show(qtbot, SearchDialog(searcher(catalog), runner=runner, on_place_hold=chosen.append,
                                      patron_name="王小明"))
    type_query(qtbot, dialog, "紅")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    assert dialog.table.hasFocus() and dialog.table.currentIndex().row() == 0
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    assert dialog.table.currentIndex().row() == 1
    second = cell(dialog, 1, 0)
    with qtbot.waitSignal(dialog.finished, timeout=2000):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert [h.title for h in chosen] == [second]


def test_up_from_the_first_hit_goes_back_to_the_query(qtbot, zh, catalog, runner) -> None:
    dialog = show(qtbot, SearchDialog(searcher(catalog), runner=runner, patron_name="王小明"))
    type_query(qtbot, dialog, "紅")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Up)
    assert dialog.query.hasFocus()


def test_without_a_patron_enter_explains_instead_of_placing_a_hold(qtbot, zh, catalog, runner) -> None:
    chosen: list[SearchHit] = []
    dialog = show(qtbot, SearchDialog(searcher(catalog), runner=runner, on_place_hold=chosen.append,
                                      patron_name=None))
    type_query(qtbot, dialog, "小王子")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert chosen == [] and dialog.isVisible()
    assert "尚未辨識讀者" in dialog.status.text()


def test_isbn10_with_hyphens_and_nothing_found(qtbot, zh, catalog, runner) -> None:
    dialog = show(qtbot, SearchDialog(searcher(catalog), runner=runner, patron_name="王小明"))
    type_query(qtbot, dialog, "957-12-3456-7")
    assert [cell(dialog, r, 0) for r in range(dialog.model.rowCount())] == ["小王子"]
    assert cell(dialog, 0, 4) == "0/1"
    type_query(qtbot, dialog, "不存在的書")
    assert dialog.model.rowCount() == 0
    assert "找不到" in dialog.status.text()


def test_a_slow_older_query_never_overwrites_a_newer_one(qtbot, zh, catalog, runner) -> None:
    release = threading.Event()
    started = threading.Event()
    real = searcher(catalog)

    def search(query: str) -> Sequence[SearchHit]:
        if query == "紅":
            started.set()
            assert release.wait(10), "the test never released the slow query"
        return real(query)

    # Two workers' worth of ordering: the desk's runner is FIFO, so the newer query
    # waits behind the slow one, and the slow one's answer must then be dropped.
    dialog = show(qtbot, SearchDialog(search, runner=runner, patron_name="王小明"))
    enter_text(dialog, "紅")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert started.wait(5)
    enter_text(dialog, "小王子")
    with qtbot.waitSignal(dialog.resultsShown, timeout=5000):
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
        release.set()
    assert [cell(dialog, r, 0) for r in range(dialog.model.rowCount())] == ["小王子"]
