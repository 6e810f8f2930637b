"""The first-run setup dialog: each field's checks, a test tap on a real pcscd + vpcd, a test scan on a real pty.

Real widgets offscreen, a real settings file (nothing is written until every check
passes), the real device bridge and drivers. Enrolment goes through the dialog's
enroller seam (desk_app.ui.setup.enrolment), given here as plain functions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desk_app.settings import Settings
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.devices.settings import DeviceSettings
from desk_app.ui.i18n import install_translators, remove_translators
from desk_app.ui.setup.dialog import SetupDialog
from desk_app.ui.setup.enrolment import Enrolled, EnrolmentFailed
from desk_app.ui.setup.values import ScannerKind
from drivers.base import Symbology
from drivers.virtual.pty_scanner import VirtualScanner

WAIT_MS = 15_000
GOOD_CODE = "LD-7K2M-9QXD-4HT8"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "config" / "settings.json")


@pytest.fixture
def make_bridge(qtbot):
    made: list[DeviceBridge] = []

    def make(training: bool = False) -> DeviceBridge:
        bridge = DeviceBridge(DeviceSettings(), training=training)
        made.append(bridge)
        bridge.start()
        return bridge

    yield make
    for bridge in made:
        bridge.stop()


@pytest.fixture
def open_dialog(qtbot, settings: Settings, make_bridge):
    def never_enrols(server: str, code: str, desk_name: str) -> Enrolled:
        raise AssertionError("this test expects no enrolment")

    opened: list[SetupDialog] = []

    def open_(training: bool = False, **kwargs) -> SetupDialog:
        kwargs.setdefault("enroller", never_enrols)  # the first run offers enrolment; F8 passes None
        dialog = SetupDialog(settings, make_bridge(training), **kwargs)
        qtbot.addWidget(dialog)
        opened.append(dialog)
        dialog.show()
        return dialog

    yield open_
    for dialog in opened:  # closed before the bridges stop: a test scan's driver ends with its dialog
        if dialog.isVisible():
            dialog.reject()


def fill_valid(dialog: SetupDialog) -> None:
    dialog.library_code.setText("tpml")
    dialog.branch_code.setEditText("MAIN")
    dialog.desk_name.setText("總館一樓櫃台 1")
    dialog.scanner_kind.setCurrentIndex(dialog.scanner_kind.findData(ScannerKind.KEYBOARD.value))


def error_of(dialog: SetupDialog, field: str) -> str:
    label = dialog.errors[field]
    return label.text() if label.isVisible() else ""


def shown_errors(dialog: SetupDialog) -> set[str]:
    return {name for name, label in dialog.errors.items() if label.isVisible()}


@pytest.mark.parametrize(("field", "set_value", "words"), [
    ("library_code", lambda d: d.library_code.setText("T"), "library code"),
    ("library_code", lambda d: d.library_code.setText("台北市圖"), "library code"),
    ("branch_code", lambda d: d.branch_code.setEditText("MAIN BRANCH!"), "branch code"),
    ("desk_name", lambda d: d.desk_name.setText("   "), "name"),
    ("desk_name", lambda d: d.desk_name.setText("櫃" * 41), "at most 40"),
    ("server_url", lambda d: (d.server_url.setText("libdesk.tpml.gov.tw"), d.enrol_code.setText(GOOD_CODE)),
     "web address"),
    ("server_url", lambda d: (d.server_url.setText("http://10.1.2.3:8080"), d.enrol_code.setText(GOOD_CODE)),
     "https://"),
    ("server_url", lambda d: (d.server_url.setText("https://admin:pw@libdesk.tpml.gov.tw"),
                              d.enrol_code.setText(GOOD_CODE)), "password"),
    ("server_url", lambda d: d.enrol_code.setText(GOOD_CODE), "needs the server"),
    ("enrol_code", lambda d: d.server_url.setText("https://libdesk.tpml.gov.tw"), "one-time enrolment code"),
    ("enrol_code", lambda d: (d.server_url.setText("https://libdesk.tpml.gov.tw"), d.enrol_code.setText("1234")),
     "LD-7K2M-9QXD-4HT8"),
    ("key_a_slot", lambda d: d.key_a_slot.setValue(40), "0 to 31"),
    ("key_b_slot", lambda d: d.key_b_slot.setValue(-1), "0 to 31"),
    ("scanner_port", lambda d: (d.scanner_kind.setCurrentIndex(d.scanner_kind.findData("serial")),
                                d.scanner_port.setEditText("")), "serial port"),
])
def test_each_field_refuses_a_bad_value_in_words_and_nothing_is_written(
        open_dialog, settings: Settings, field: str, set_value, words: str) -> None:
    dialog = open_dialog()
    fill_valid(dialog)
    set_value(dialog)
    dialog.save_button.click()
    assert shown_errors(dialog) == {field}
    assert words in error_of(dialog, field)
    assert dialog.isVisible() and not settings.path.exists()


def test_a_branch_this_desks_database_does_not_know_is_refused(open_dialog, settings: Settings) -> None:
    dialog = open_dialog(known_branches={"MAIN": "總館", "N01": "北投分館"})
    fill_valid(dialog)
    dialog.branch_code.setEditText("N99")
    dialog.save_button.click()
    assert "N99" in error_of(dialog, "branch_code") and "N01" in error_of(dialog, "branch_code")
    dialog.branch_code.setCurrentIndex(dialog.branch_code.findData("N01"))  # "N01 — 北投分館" from the list
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert json.loads(settings.path.read_text(encoding="utf-8"))["desk"]["branch_code"] == "N01"


def test_a_virtual_reader_is_only_for_a_training_desk(open_dialog, settings: Settings) -> None:
    dialog = open_dialog()
    fill_valid(dialog)
    dialog.reader.addItem("Virtual PCD 00 00", "Virtual PCD 00 00")
    dialog.reader.setCurrentIndex(dialog.reader.findData("Virtual PCD 00 00"))
    dialog.save_button.click()
    assert "training desk" in error_of(dialog, "patron_reader") and not settings.path.exists()
    dialog.training.setChecked(True)
    dialog.save_button.click()
    assert not dialog.isVisible()


def test_the_errors_read_in_traditional_chinese_at_a_taiwanese_desk(qapp, open_dialog) -> None:
    install_translators(qapp, "zh_TW")
    try:
        dialog = open_dialog()
        fill_valid(dialog)
        dialog.library_code.setText("x")
        dialog.save_button.click()
        assert "圖書館代碼" in error_of(dialog, "library_code")
    finally:
        remove_translators(qapp)


def test_a_valid_setup_is_saved_where_the_desk_reads_it(open_dialog, settings: Settings) -> None:
    dialog = open_dialog()
    fill_valid(dialog)
    dialog.key_a_slot.setValue(2)
    dialog.key_b_slot.setValue(3)
    dialog.scanner_kind.setCurrentIndex(dialog.scanner_kind.findData("serial"))
    dialog.scanner_port.setEditText("/dev/serial/by-id/usb-Honeywell_HF680-if00")
    dialog.scanner_baud.setCurrentIndex(dialog.scanner_baud.findData(115200))
    dialog.scanner_suffix.setCurrentIndex(dialog.scanner_suffix.findData("CRLF"))
    dialog.save_button.click()
    assert not dialog.isVisible()
    saved = json.loads(settings.path.read_text(encoding="utf-8"))
    assert (saved["desk"]["library_code"], saved["desk"]["branch_code"], saved["desk"]["desk_name"]) == (
        "TPML", "MAIN", "總館一樓櫃台 1")
    assert saved["setup"]["done"] is True
    assert (saved["devices"]["key_a_slot"], saved["devices"]["key_b_slot"]) == (2, 3)
    assert saved["devices"]["scanner_enabled"] is True
    scanner = saved["devices"]["scanner"]
    assert (scanner["port"], scanner["baudrate"], scanner["suffix"]) == (
        "/dev/serial/by-id/usb-Honeywell_HF680-if00", 115200, "CRLF")
    assert GOOD_CODE not in settings.path.read_text(encoding="utf-8")


def test_enrolment_trades_the_code_and_never_keeps_it(qtbot, open_dialog, settings: Settings) -> None:
    calls: list[tuple[str, str, str]] = []

    def enroller(server: str, code: str, desk_name: str) -> Enrolled:
        calls.append((server, code, desk_name))
        return Enrolled("01J9ZK3Q", "MAIN", desk_name)

    dialog = open_dialog(enroller=enroller)
    fill_valid(dialog)
    dialog.server_url.setText("https://libdesk.tpml.gov.tw/")
    dialog.enrol_code.setText(GOOD_CODE)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert calls == [("https://libdesk.tpml.gov.tw", GOOD_CODE, "總館一樓櫃台 1")]
    text = settings.path.read_text(encoding="utf-8")
    assert json.loads(text)["sync"]["server_url"] == "https://libdesk.tpml.gov.tw"
    assert "7K2M" not in text and dialog.enrolment is not None


def test_a_refused_enrolment_is_shown_under_the_code_and_saves_nothing(qtbot, open_dialog, settings: Settings) -> None:
    def enroller(server: str, code: str, desk_name: str) -> Enrolled:
        raise EnrolmentFailed("The central server refused the enrolment code: {reason}", reason="expired")

    dialog = open_dialog(enroller=enroller)
    fill_valid(dialog)
    dialog.server_url.setText("https://libdesk.tpml.gov.tw")
    dialog.enrol_code.setText(GOOD_CODE)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "expired" in error_of(dialog, "enrol_code"), timeout=WAIT_MS)
    assert dialog.isVisible() and dialog.save_button.isEnabled() and not settings.path.exists()


def test_the_enrolment_seam_says_in_words_when_this_version_cannot_enrol(qtbot, open_dialog, settings: Settings,
                                                                         store) -> None:
    from desk_app.ui.setup.enrolment import enrol_desk, sync_client_available

    engine = store[0]
    server = "https://127.0.0.1:9"  # loopback, where no central server listens
    dialog = open_dialog(enroller=lambda url, code, name: enrol_desk(url, code, name, engine))
    fill_valid(dialog)
    dialog.server_url.setText(server)
    dialog.enrol_code.setText(GOOD_CODE)
    dialog.save_button.click()
    if sync_client_available():  # the real client: the server cannot be reached, nothing is saved
        qtbot.waitUntil(lambda: bool(error_of(dialog, "enrol_code")), timeout=WAIT_MS)
        assert dialog.isVisible() and not settings.path.exists()
    else:  # the seam: the address is kept and the desk is enrolled later
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
        assert "libdesk sync enrol" in dialog.saved_note
        assert json.loads(settings.path.read_text(encoding="utf-8"))["sync"]["server_url"] == server


def test_from_the_device_panel_enrolment_is_left_to_the_command(open_dialog, settings: Settings) -> None:
    dialog = open_dialog(enroller=None)
    fill_valid(dialog)
    assert not dialog.enrol_code.isEnabled()
    dialog.server_url.setText("https://libdesk.tpml.gov.tw")
    dialog.save_button.click()
    assert not dialog.isVisible()


def test_a_test_tap_on_a_real_reader_reports_the_card(qtbot, open_dialog, pcsc_stack) -> None:
    dialog = open_dialog(training=True)
    dialog.training.setChecked(True)
    qtbot.waitUntil(lambda: dialog.reader.findData(pcsc_stack.reader) >= 0, timeout=WAIT_MS)
    dialog.reader.setCurrentIndex(dialog.reader.findData(pcsc_stack.reader))
    dialog.tap_button.click()
    assert "Tap a card" in dialog.tap_result.text()
    pcsc_stack.start_card("04A22B91", record=pcsc_stack.record("A12345678901"))
    qtbot.waitUntil(lambda: "Test tap OK" in dialog.tap_result.text(), timeout=WAIT_MS)
    assert "04A22B91" in dialog.tap_result.text() and "MIFARE Classic 1K" in dialog.tap_result.text()
    assert dialog.tap_seen is not None and dialog.tap_seen[0] == pcsc_stack.reader


def test_a_test_tap_with_no_reader_says_how_to_find_it(open_dialog) -> None:
    dialog = open_dialog(training=False)  # vpcd readers are not seen outside training; no other reader here
    dialog.tap_button.click()
    assert "No card reader" in dialog.tap_result.text() and "doctor" in dialog.tap_result.text()


def test_a_test_scan_on_a_real_serial_port_shows_the_barcode(qtbot, open_dialog, tmp_path: Path) -> None:
    dialog = open_dialog()
    with VirtualScanner(link=tmp_path / "scanner") as scanner:
        dialog.scanner_kind.setCurrentIndex(dialog.scanner_kind.findData("serial"))
        dialog.scanner_port.setEditText(scanner.port)
        dialog.scan_button.click()
        probe = dialog._scan_bridge
        assert probe is not None
        qtbot.waitUntil(lambda: probe.statuses().get(f"serial:{scanner.port}", (False, ""))[0], timeout=WAIT_MS)
        scanner.scan("31234000123456", Symbology.CODE128)
        qtbot.waitUntil(lambda: dialog.scanned == "31234000123456", timeout=WAIT_MS)
    assert "Test scan OK: 31234000123456" in dialog.scan_result.text()
    dialog.reject()
    assert dialog._scan_bridge is None  # the port is closed with the dialog


def test_a_test_scan_on_a_port_with_no_scanner_says_so(qtbot, open_dialog, tmp_path: Path) -> None:
    dialog = open_dialog()
    missing = tmp_path / "ttyUSB-nothing"
    dialog.scanner_kind.setCurrentIndex(dialog.scanner_kind.findData("serial"))
    dialog.scanner_port.setEditText(str(missing))
    dialog.scan_button.click()
    qtbot.waitUntil(lambda: str(missing) in dialog.scan_result.text(), timeout=WAIT_MS)
    assert dialog.scanned is None


def test_a_keyboard_scanner_is_tested_by_scanning_into_the_field(qtbot, open_dialog) -> None:
    dialog = open_dialog()
    dialog.scanner_kind.setCurrentIndex(dialog.scanner_kind.findData("keyboard"))
    dialog.scan_button.click()
    qtbot.keyClicks(dialog.scan_field, "9789573317241")
    qtbot.keyClick(dialog.scan_field, Qt.Key.Key_Return)
    assert dialog.scanned == "9789573317241" and "Test scan OK" in dialog.scan_result.text()


def test_the_device_panel_f8_changes_the_desk_setup_later(qtbot, settings: Settings, make_bridge) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desk_app.core.staff.permissions import Actor
    from desk_app.store.models import StaffRole
    from desk_app.ui.devices.panel import DevicePanel

    technician = Actor(staff_id=1, username="tech", role=StaffRole.TECHNICIAN, branch_id=1)
    panel = DevicePanel(make_bridge(), settings, technician)
    qtbot.addWidget(panel)
    panel.show()

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SetupDialog):
            QTimer.singleShot(20, answer)
            return
        assert not dialog.enrol_code.isEnabled()  # enrolment is `libdesk sync enrol` while the desk runs
        fill_valid(dialog)
        dialog.desk_name.setText("二樓櫃台")
        dialog.save_button.click()

    QTimer.singleShot(0, answer)
    with qtbot.waitSignal(panel.saved, timeout=WAIT_MS):
        assert panel.open_setup()
    assert not panel.isVisible()
    assert panel.last_changes["desk.desk_name"] == "二樓櫃台"
    assert json.loads(settings.path.read_text(encoding="utf-8"))["desk"]["desk_name"] == "二樓櫃台"


def test_only_a_role_allowed_to_configure_devices_reaches_the_desk_setup(qtbot, settings: Settings,
                                                                         make_bridge) -> None:
    from desk_app.core.staff.permissions import Actor
    from desk_app.store.models import StaffRole
    from desk_app.ui.devices.panel import DevicePanel

    librarian = Actor(staff_id=2, username="desk", role=StaffRole.LIBRARIAN, branch_id=1)
    panel = DevicePanel(make_bridge(), settings, librarian)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.open_setup() is False
    assert panel.error.isVisible() and not settings.path.exists()
