"""The wedge filter on real widgets: scanner bursts become `scanned`, typing reaches the field intact."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desk_app.ui.devices.wedge_filter import WedgeFilter
from drivers.base import BarcodeRead, Symbology
from drivers.keyboard_wedge import WedgeSettings


def send_key(widget: QWidget, key: Qt.Key, text: str, ts: int, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A press and its release, stamped `ts` ms, delivered as the platform would deliver them."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, key, mods, text)
        event.setTimestamp(ts)
        QCoreApplication.sendEvent(widget, event)


def key_for(ch: str) -> Qt.Key:
    return Qt.Key(ord(ch.upper())) if ch.isascii() else Qt.Key.Key_unknown


def type_text(widget: QWidget, text: str, start: int, gap: int) -> int:
    ts = start
    for ch in text:
        send_key(widget, key_for(ch), ch, ts)
        ts += gap
    return ts


def enter(widget: QWidget, ts: int) -> None:
    send_key(widget, Qt.Key.Key_Return, "\r", ts)


class Desk(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.item = QLineEdit()
        self.item.setObjectName("itemScan")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.button = QPushButton("OK")
        layout = QVBoxLayout(self)
        for w in (self.item, self.password, self.button):
            layout.addWidget(w)
        self.returns: list[str] = []
        self.item.returnPressed.connect(lambda: self.returns.append(self.item.text()))


@pytest.fixture
def desk(qtbot: QtBot) -> Desk:
    window = Desk()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.item.setFocus()
    qtbot.waitUntil(window.item.hasFocus)
    return window


@pytest.fixture
def wedge(desk: Desk) -> Iterator[tuple[WedgeFilter, list[str]]]:
    f = WedgeFilter(WedgeSettings(max_gap_ms=50, min_length=4, hold_timeout_ms=80), parent=desk)
    WedgeFilter.prepare_scan_field(desk.item)
    scans: list[str] = []
    f.scanned.connect(scans.append)
    f.install()
    yield f, scans
    f.uninstall()


def test_a_burst_ending_in_enter_is_one_scan_and_types_nothing(desk: Desk, wedge, qtbot: QtBot) -> None:
    _, scans = wedge
    edits: list[str] = []
    desk.item.textEdited.connect(edits.append)
    ts = type_text(desk.item, "T00012345", 1000, 30)
    enter(desk.item, ts)
    assert scans == ["T00012345"]
    assert desk.item.text() == ""
    assert edits == [] and desk.returns == []


def test_tab_ends_a_scan_and_focus_stays(desk: Desk, wedge) -> None:
    _, scans = wedge
    ts = type_text(desk.item, "9789863203380", 0, 10)
    send_key(desk.item, Qt.Key.Key_Tab, "\t", ts)
    assert scans == ["9789863203380"]
    assert desk.item.hasFocus() and desk.item.text() == ""


def test_slow_typing_reaches_the_line_edit_intact(desk: Desk, wedge, qtbot: QtBot) -> None:
    _, scans = wedge
    ts = type_text(desk.item, "A123456789", 1000, 200)
    enter(desk.item, ts + 200)
    assert desk.item.text() == "A123456789"
    assert desk.returns == ["A123456789"]
    assert scans == []


def test_a_pause_gives_held_keys_back_to_the_field(desk: Desk, wedge, qtbot: QtBot) -> None:
    _, scans = wedge
    type_text(desk.item, "ab", 0, 20)  # fast, but nothing follows
    assert desk.item.text() == ""  # still held
    qtbot.waitUntil(lambda: desk.item.text() == "ab")
    assert scans == []


def test_twenty_scans_in_a_row_give_twenty_signals_in_order(desk: Desk, wedge) -> None:
    _, scans = wedge
    codes = [f"LIB{n:06d}" for n in range(20)]
    ts = 0
    for code in codes:
        ts = type_text(desk.item, code, ts + 30, 30)
        enter(desk.item, ts)
    assert scans == codes
    assert desk.item.text() == ""


def test_typing_then_a_scan_keeps_both(desk: Desk, wedge) -> None:
    _, scans = wedge
    send_key(desk.item, Qt.Key.Key_X, "x", 0)
    ts = type_text(desk.item, "LIB0001", 500, 25)
    enter(desk.item, ts)
    assert desk.item.text() == "x"
    assert scans == ["LIB0001"]


def test_other_keys_come_after_the_held_ones(desk: Desk, wedge) -> None:
    type_text(desk.item, "abc", 0, 10)
    send_key(desk.item, Qt.Key.Key_Backspace, "\b", 35)
    assert desk.item.text() == "ab"  # a, b, c replayed first, then the backspace removed c


def test_a_password_field_is_never_read_as_a_scan(desk: Desk, wedge) -> None:
    _, scans = wedge
    desk.password.setFocus()
    ts = type_text(desk.password, "s3cretPass", 0, 20)
    enter(desk.password, ts)
    assert scans == []
    assert desk.password.text() == "s3cretPass"


def test_a_held_space_on_a_button_clicks_it_once(desk: Desk, wedge, qtbot: QtBot) -> None:
    clicks: list[bool] = []
    desk.button.clicked.connect(lambda: clicks.append(True))
    desk.button.setFocus()
    send_key(desk.button, Qt.Key.Key_Space, " ", 0)  # press held, its release kept with it
    qtbot.waitUntil(lambda: len(clicks) == 1)
    assert not desk.button.isDown()


def test_scan_fields_have_no_input_method_even_after_qt_turns_it_back_on(desk: Desk, wedge, qtbot: QtBot) -> None:
    assert not desk.item.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    desk.button.setFocus()
    desk.item.setReadOnly(True)
    desk.item.setReadOnly(False)
    assert desk.item.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)  # QLineEdit turned it back on
    desk.item.setFocus()
    qtbot.waitUntil(desk.item.hasFocus)
    assert not desk.item.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)


def test_uninstall_gives_back_anything_held(desk: Desk, wedge) -> None:
    f, _ = wedge
    type_text(desk.item, "q", 0, 10)
    f.uninstall()
    assert desk.item.text() == "q"
    f.install()  # the fixture uninstalls again


def test_a_letter_shortcut_does_not_steal_a_scanner_key(desk: Desk, wedge, qtbot: QtBot) -> None:
    """With a button focused, a plain "L" shortcut would eat the first key of "LIB0001"."""
    _, scans = wedge
    fired: list[bool] = []
    QShortcut(QKeySequence("L"), desk).activated.connect(lambda: fired.append(True))
    desk.button.setFocus()
    QTest.keyClicks(desk.button, "LIB0001")  # QTest sends ShortcutOverride first, like a real keyboard
    QTest.keyClick(desk.button, Qt.Key.Key_Return)
    assert scans == ["LIB0001"]
    assert fired == []


def test_an_aim_identifier_is_taken_off_a_wedge_scan(desk: Desk, wedge) -> None:
    f, scans = wedge
    reads: list[BarcodeRead] = []
    f.barcodeRead.connect(reads.append)
    ts = type_text(desk.item, "]E09789863203380", 0, 8)
    enter(desk.item, ts)
    assert scans == ["9789863203380"]
    assert reads == [BarcodeRead("9789863203380", Symbology.EAN13, "wedge")]


def test_keys_through_the_window_are_handled_once(desk: Desk, wedge) -> None:
    """Platform keys reach the window, then the focus widget: one scan, not two, nothing typed."""
    _, scans = wedge
    window = desk.windowHandle()
    for key in (Qt.Key.Key_L, Qt.Key.Key_I, Qt.Key.Key_B, Qt.Key.Key_0, Qt.Key.Key_0, Qt.Key.Key_7):
        QTest.keyClick(window, key)
    QTest.keyClick(window, Qt.Key.Key_Return)
    assert scans == ["lib007"]
    assert desk.item.text() == ""


def test_capitals_typed_with_shift_stay_one_burst(desk: Desk, wedge) -> None:
    """A USB scanner presses Shift around each capital, like a person; that must not break the burst."""
    _, scans = wedge
    ts = 0
    for ch in "LIb07":
        ts += 4
        if ch.isupper():
            event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.ShiftModifier, "")
            event.setTimestamp(ts)
            QCoreApplication.sendEvent(desk.item, event)
            send_key(desk.item, key_for(ch), ch, ts + 2, Qt.KeyboardModifier.ShiftModifier)
            event = QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier, "")
            event.setTimestamp(ts + 3)
            QCoreApplication.sendEvent(desk.item, event)
        else:
            send_key(desk.item, key_for(ch), ch, ts)
    enter(desk.item, ts + 5)
    assert scans == ["LIb07"]
    assert desk.item.text() == ""


def test_held_shifted_typing_comes_back_in_order(desk: Desk, wedge, qtbot: QtBot) -> None:
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.ShiftModifier, "")
    event.setTimestamp(0)
    QCoreApplication.sendEvent(desk.item, event)  # nothing held yet: goes straight through
    send_key(desk.item, Qt.Key.Key_A, "A", 100, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: desk.item.text() == "A")
