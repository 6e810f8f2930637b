"""Render the real desk mid-checkout on a real X server and save screenshots.

Run as a subprocess by tests/ui/test_screenshot.py (a Qt process cannot switch from
the offscreen platform to xcb), or by hand for the README picture:

    DISPLAY=:N QT_QPA_PLATFORM=xcb python -m tests.ui.screenshot_app --db sqlite:///x.db --out artifacts/screenshots

It fills the demo library, signs in as a demo librarian, identifies a patron by
typing the card number in the patron field, checks out items by typing their
barcodes, then saves the window as Qt drew it and the whole screen as the X server
holds it, plus a JSON report of the texts on screen for the test to check.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QAction, QFontMetrics, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

CHECKOUTS = 3


def wait_until(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Run the event loop until `condition` holds; fail loudly after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: loop.quit() if condition() or time.monotonic() > deadline else None)
    timer.start()
    if not condition():
        loop.exec()
    timer.stop()
    if not condition():
        raise SystemExit(f"timed out waiting for {what}")


def librarian(session_factory: sessionmaker[Session]) -> Any:
    from desk_app.core.staff.permissions import Actor
    from desk_app.store.models import Branch, Staff, StaffRole

    with session_factory() as session:
        staff = session.scalars(select(Staff).where(Staff.role == StaffRole.LIBRARIAN.value, Staff.active)
                                .order_by(Staff.id)).first()
        branch_id = staff.branch_id if staff and staff.branch_id else session.scalars(
            select(Branch.id).order_by(Branch.id)).first()
        if staff is None or branch_id is None:
            raise SystemExit("the demo data has no librarian or no branch")
        return Actor(staff_id=staff.id, username=staff.username, role=StaffRole(staff.role), branch_id=branch_id)


def pick_patron_and_items(service: Any, session_factory: sessionmaker[Session],
                          branch_id: int) -> tuple[str, list[str]]:
    """A patron the desk lets borrow (found through core itself) and items on this branch's shelves."""
    from desk_app.core.views import Outcome
    from desk_app.store.models import CardKind, CardStatus, Item, ItemStatus, LibraryCard

    with session_factory() as session:
        numbers = session.scalars(select(LibraryCard.card_number).where(
            LibraryCard.status == CardStatus.ACTIVE.value, LibraryCard.kind == CardKind.PERSONAL.value)
            .order_by(LibraryCard.id).limit(200)).all()
        rows = session.execute(select(Item.barcode, Item.bib_id).where(
            Item.status == ItemStatus.AVAILABLE.value, Item.location_branch_id == branch_id)
            .order_by(Item.id).limit(200)).all()
    barcodes = list({bib: code for code, bib in reversed(rows)}.values())[::-1]  # one copy per title
    fallback = None
    for number in numbers:
        result = service.identify(number)
        patron = result.patron
        if result.outcome is not Outcome.OK or patron is None or not patron.may_borrow:
            continue
        if 1 <= len(patron.loans) <= 4:  # a patron with a loan or two already looks like a real counter
            return number, barcodes
        fallback = fallback or number
    if fallback is None:
        raise SystemExit("no patron in the demo data may borrow")
    return fallback, barcodes


def scan(field: QWidget, text: str) -> None:
    """Type like a keyboard-wedge scanner: the characters, then Enter."""
    field.setFocus()
    QTest.keyClicks(field, text)
    QTest.keyClick(field, Qt.Key.Key_Return)


def han_coverage(widget: QWidget, texts: list[str]) -> dict[str, Any]:
    """Whether the font the window draws with has a glyph for every Chinese character shown."""
    metrics = QFontMetrics(widget.font())
    han = sorted({ch for text in texts for ch in text if "\u4e00" <= ch <= "\u9fff"})
    missing = [ch for ch in han if not metrics.inFontUcs4(ord(ch))]
    return {"font_families": widget.font().families(), "han_characters": len(han), "missing": "".join(missing)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--lang", default="zh_TW")
    parser.add_argument("--skip-demo-data", action="store_true", help="the database is already filled")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    from desk_app.core.desk import DeskService
    from desk_app.settings import Settings
    from desk_app.store.db import open_database
    from desk_app.ui import app as desk_app_ui
    from desk_app.ui.assembly import build_window
    from desk_app.ui.ops import OpRunner

    qt_app = desk_app_ui.make_application(args.lang)
    engine, session_factory = open_database(args.db)
    if not args.skip_demo_data:
        from desk_app.demo_data import ensure_demo_data

        ensure_demo_data(session_factory)
    actor = librarian(session_factory)
    service = DeskService(session_factory, actor)
    number, barcodes = pick_patron_and_items(service, session_factory, actor.branch_id)
    runner = OpRunner()
    settings = Settings(args.out / "settings.json")
    window, bridge = build_window(service, runner, session_factory, actor, settings, training=False)
    window.resize(1400, 900)
    window.move(0, 0)
    window.show()
    window.raise_()
    window.activateWindow()
    wait_until(window.isVisible, 10, "the window to show")
    QTest.qWaitForWindowExposed(window, 10_000)

    scan(window.patron_scan, number)
    wait_until(lambda: window.controller.patron() is not None and runner.is_idle(), 30, "the patron")
    before = window.loans_model.rowCount()
    done = 0
    for barcode in barcodes:
        if done == CHECKOUTS:
            break
        scan(window.item_scan, barcode)
        wait_until(runner.is_idle, 30, f"checking out {barcode}")
        if window.loans_model.row_of(barcode) >= 0:
            done += 1
    wait_until(lambda: window.loans_model.rowCount() >= before + CHECKOUTS, 30, "the loans table")
    # The next barcode half typed, as a librarian keying a damaged label: mid-checkout. The wedge
    # filter holds fast keys for a moment before giving them back to the field.
    QTest.keyClicks(window.item_scan, barcodes[-1][:6])
    try:
        wait_until(lambda: bool(window.item_scan.text()), 3, "the typed keys")
    except SystemExit:
        pass  # a screenshot without the half-typed barcode is still a true one
    qt_app.processEvents()
    window.repaint()
    qt_app.processEvents()

    window_png = args.out / "desk-window.png"
    screen_png = args.out / "desk-screen.png"
    window.grab().save(str(window_png))
    screen = QGuiApplication.primaryScreen()
    screen.grabWindow(0).save(str(screen_png))  # the root window, read back from the X server

    labels = [w.text() for w in window.findChildren(QLabel) if w.isVisible() and w.text()]
    headers = [window.loans_model.headerData(c, Qt.Orientation.Horizontal) for c in
               range(window.loans_model.columnCount())]
    actions = [a.text() for a in window.findChildren(QAction) if a.text()]
    texts = [window.windowTitle(), window.banner.message(), *labels, *headers]
    report = {
        "platform": QGuiApplication.platformName(),
        "window_title": window.windowTitle(),
        "banner": window.banner.message(),
        "banner_outcome": getattr(window.banner.outcome(), "value", None),
        "labels": labels,
        "loan_headers": headers,
        "actions": actions,
        "loans": window.loans_model.rowCount(),
        "checked_out": done,
        "patron_panel_text": " ".join(w.text() for w in window.patron_panel.findChildren(QLabel) if w.text()),
        "window_geometry": [window.x(), window.y(), window.width(), window.height()],
        "screen_size": [screen.size().width(), screen.size().height()],
        "glyphs": han_coverage(window, texts),
        "window_png": str(window_png),
        "screen_png": str(screen_png),
    }
    (args.out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False))
    if bridge is not None:
        bridge.stop()
    runner.shutdown()
    window.close()
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
