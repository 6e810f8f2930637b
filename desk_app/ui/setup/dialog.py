"""The first-run setup dialog: a technician sets up a counter PC without editing a file.

Library and branch, the desk's name, the central server and its one-time enrolment
code, the patron-card reader with a test tap, the barcode scanner with a test scan,
and the reader's key slots. Each field is checked with the words of `values.check`
(shared with `libdesk setup`); nothing is written until every check passes and, when
a server is given, enrolment has succeeded. The test tap listens to the device
bridge (readers and cards come from the PC/SC monitor thread, as signals); the test
scan runs the real serial driver on the chosen port through a bridge of its own; the
enrolment runs on the op runner: the GUI thread never waits on hardware or network.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from serial.tools import list_ports

from desk_app.core.messages import DeskError, Message
from desk_app.settings import Settings
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.devices.io import TestReadReport
from desk_app.ui.devices.settings import DeviceSettings
from desk_app.ui.devices.texts import card_type_name
from desk_app.ui.i18n import tr_core
from desk_app.ui.ops import OpRunner
from desk_app.ui.setup import values
from desk_app.ui.setup.enrolment import Enrolled, EnrolmentUnavailable
from desk_app.ui.setup.values import BAUD_RATES, DeskSetup, ScannerKind

# (server address, code, desk name) -> Enrolled; raises a DeskError in words. Runs on the op runner.
Enroller = Callable[[str, str, str], Enrolled]

ERROR_STYLE = "color: #c62828"
OK_STYLE = "color: #2e7d32; font-weight: bold"


class _NoReaders:
    """The scan-test bridge watches a scanner only; readers are the main bridge's."""

    def start(self, sink: Any) -> None:
        pass

    def stop(self) -> None:
        pass

    def readers(self) -> list[str]:
        return []


class SetupDialog(QDialog):
    """`SetupDialog(settings, bridge, ...).exec()`; `finished_setup` fires with the saved DeskSetup."""

    finished_setup = Signal(object)  # DeskSetup, once saved

    def __init__(self, settings: Settings, bridge: DeviceBridge, *, known_branches: dict[str, str] | None = None,
                 enroller: Enroller | None = None, runner: OpRunner | None = None,
                 enrolled: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupDialog")
        self.setWindowTitle(self.tr("Set up this desk"))
        self._settings = settings
        self._bridge = bridge
        self._known = dict(known_branches or {})
        self._enroller = enroller
        self._runner = runner or OpRunner(self, name="libdesk-setup")
        self._own_runner = runner is None
        self._enrolled = enrolled
        self._scan_bridge: DeviceBridge | None = None
        self._tap_waiting = False
        self.tap_seen: tuple[str, str, str] | None = None  # reader, card type, UID of the last test tap
        self.scanned: str | None = None  # the last test scan's text
        self.enrolment: Enrolled | None = None
        self.saved_note = ""  # said after saving (e.g. enrolment left for later)
        self._listening_to_desk_scanner = False
        self.errors: dict[str, QLabel] = {}
        current = values.load(settings)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        intro = QLabel(self.tr("Set up this counter PC once. Everything here can be changed later in the "
                               "device panel (F8)."), body)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self._desk_box(current))
        layout.addWidget(self._server_box(current))
        layout.addWidget(self._reader_box(current))
        layout.addWidget(self._scanner_box(current))
        self.training = QCheckBox(self.tr("Training desk: demo library, virtual readers allowed "
                                          "(never on a public desk)"), body)
        self.training.setObjectName("setupTraining")
        self.training.setChecked(current.training)
        self.training.toggled.connect(self._training_toggled)
        layout.addWidget(self.training)
        layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)

        self.status = QLabel(self)
        self.status.setObjectName("setupStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("setupSave")
        self.save_button.setText(self.tr("Save and open the desk"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.status)
        outer.addWidget(buttons)

        bridge.readerAdded.connect(self._reader_added)
        bridge.cardPlaced.connect(self._card_placed)
        bridge.testReadFinished.connect(self._test_read_finished)
        self.resize(640, 760)

    # ---- sections ----------------------------------------------------------------------

    def _field(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> None:
        """A row with its own red error line under it (hidden until a check fails)."""
        widget.setObjectName(f"setup_{name}")
        widget.setAccessibleName(label)
        error = QLabel(widget.parentWidget())
        error.setObjectName(f"setupError_{name}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        form.addRow(label, column)
        self.errors[name] = error

    def _desk_box(self, current: DeskSetup) -> QGroupBox:
        box = QGroupBox(self.tr("Library and desk"), self)
        form = QFormLayout(box)
        self.library_code = QLineEdit(current.library_code, box)
        self.library_code.setPlaceholderText("TPML")
        self._field(form, "library_code", self.tr("Library code"), self.library_code)
        self.branch_code = QComboBox(box)
        self.branch_code.setEditable(True)
        for code, name in sorted(self._known.items()):
            self.branch_code.addItem(f"{code} — {name}", code)
        self.branch_code.setEditText(current.branch_code or (self.branch_code.itemData(0) or ""))
        self._field(form, "branch_code", self.tr("Branch code"), self.branch_code)
        self.desk_name = QLineEdit(current.desk_name, box)
        self.desk_name.setPlaceholderText(self.tr("e.g. Main library, ground floor, desk 1"))
        self.desk_name.setMaxLength(values.MAX_DESK_NAME + 10)  # longer text gets the check's words
        self._field(form, "desk_name", self.tr("Desk name"), self.desk_name)
        return box

    def _server_box(self, current: DeskSetup) -> QGroupBox:
        box = QGroupBox(self.tr("Central server"), self)
        form = QFormLayout(box)
        self.server_url = QLineEdit(current.server_url, box)
        self.server_url.setPlaceholderText("https://libdesk.library.example.tw")
        self._field(form, "server_url", self.tr("Server address"), self.server_url)
        self.enrol_code = QLineEdit(box)
        self.enrol_code.setPlaceholderText("LD-XXXX-XXXX-XXXX")
        self.enrol_code.setEchoMode(QLineEdit.EchoMode.Password)  # a one-time credential: not for onlookers
        self._field(form, "enrol_code", self.tr("Enrolment code"), self.enrol_code)
        if self._enroller is None:  # F8: the desk is running; enrolment is `libdesk sync enrol`
            self.enrol_code.setEnabled(False)
            note = QLabel(self.tr("To enrol this desk with a server, close LibDesk and run: libdesk sync enrol"), box)
        else:
            note = QLabel(self.tr("Leave both empty for a desk on its own; it can be enrolled later."), box)
        note.setWordWrap(True)
        form.addRow(note)
        return box

    def _reader_box(self, current: DeskSetup) -> QGroupBox:
        box = QGroupBox(self.tr("Patron card reader"), self)
        form = QFormLayout(box)
        self.reader = QComboBox(box)
        self.reader.addItem(self.tr("Any reader"), "")
        for name in sorted(self._bridge.readers()):
            self._reader_added(name)
        if current.patron_reader and self.reader.findData(current.patron_reader) < 0:
            self.reader.addItem(current.patron_reader, current.patron_reader)
        self.reader.setCurrentIndex(max(self.reader.findData(current.patron_reader), 0))
        self._field(form, "patron_reader", self.tr("Reader"), self.reader)
        self.key_a_slot = QSpinBox(box)
        self.key_a_slot.setRange(-1, 99)  # wider than allowed: a typed 40 gets the check's words
        self.key_a_slot.setValue(current.key_a_slot)
        self._field(form, "key_a_slot", self.tr("Key A slot in the reader"), self.key_a_slot)
        self.key_b_slot = QSpinBox(box)
        self.key_b_slot.setRange(-1, 99)
        self.key_b_slot.setValue(current.key_b_slot)
        self._field(form, "key_b_slot", self.tr("Key B slot in the reader"), self.key_b_slot)
        self.tap_button = QPushButton(self.tr("Test tap"), box)
        self.tap_button.setObjectName("setupTestTap")
        self.tap_button.clicked.connect(self.start_test_tap)
        self.tap_result = QLabel(box)
        self.tap_result.setObjectName("setupTapResult")
        self.tap_result.setWordWrap(True)
        form.addRow(self.tap_button, self.tap_result)
        return box

    def _scanner_box(self, current: DeskSetup) -> QGroupBox:
        box = QGroupBox(self.tr("Barcode scanner"), self)
        form = QFormLayout(box)
        self.scanner_kind = QComboBox(box)
        for text, kind in ((self.tr("USB scanner that types like a keyboard"), ScannerKind.KEYBOARD),
                           (self.tr("Scanner on a serial port (COM port)"), ScannerKind.SERIAL),
                           (self.tr("No scanner (barcodes typed by hand)"), ScannerKind.NONE)):
            self.scanner_kind.addItem(text, kind.value)
        self.scanner_kind.setCurrentIndex(max(self.scanner_kind.findData(current.scanner_kind.value), 0))
        self._field(form, "scanner_kind", self.tr("Scanner"), self.scanner_kind)
        self.scanner_port = QComboBox(box)
        self.scanner_port.setEditable(True)  # a stable /dev/serial/by-id/... path may be typed in
        self._field(form, "scanner_port", self.tr("Serial port"), self.scanner_port)
        self.refresh_ports(current.scanner_port)
        self.scanner_baud = QComboBox(box)
        for baud in BAUD_RATES:
            self.scanner_baud.addItem(str(baud), baud)
        self.scanner_baud.setCurrentIndex(max(self.scanner_baud.findData(current.scanner_baud), 0))
        self._field(form, "scanner_baud", self.tr("Baud rate"), self.scanner_baud)
        self.scanner_suffix = QComboBox(box)
        for text, value in ((self.tr("CR (Enter)"), "CR"), (self.tr("LF"), "LF"), (self.tr("CR LF"), "CRLF"),
                            (self.tr("Tab"), "TAB")):
            self.scanner_suffix.addItem(text, value)
        self.scanner_suffix.setCurrentIndex(max(self.scanner_suffix.findData(current.scanner_suffix), 0))
        self._field(form, "scanner_suffix", self.tr("Suffix"), self.scanner_suffix)
        self.scan_button = QPushButton(self.tr("Test scan"), box)
        self.scan_button.setObjectName("setupTestScan")
        self.scan_button.clicked.connect(self.start_test_scan)
        self.scan_field = QLineEdit(box)  # a keyboard scanner types here, ending with Enter
        self.scan_field.setObjectName("setupScanField")
        self.scan_field.setPlaceholderText(self.tr("Click here, then scan a barcode"))
        self.scan_field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)  # Zhuyin would eat it
        self.scan_field.returnPressed.connect(self._keyboard_scanned)
        self.scan_result = QLabel(box)
        self.scan_result.setObjectName("setupScanResult")
        self.scan_result.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.scan_button)
        row.addWidget(self.scan_field, 1)
        form.addRow(row)
        form.addRow(self.scan_result)
        self.scanner_kind.currentIndexChanged.connect(self._scanner_kind_changed)
        self._scanner_kind_changed()
        return box

    # ---- reading the form ----------------------------------------------------------------

    def _branch_text(self) -> str:
        text = self.branch_code.currentText().strip()
        index = self.branch_code.findText(text)
        data = self.branch_code.itemData(index) if index >= 0 else None
        return str(data) if data else text.split(" ", 1)[0] if " — " in text else text

    def _port_text(self) -> str:
        text = self.scanner_port.currentText().strip()
        index = self.scanner_port.findText(text)
        data = self.scanner_port.itemData(index) if index >= 0 else None
        return str(data) if data else text

    def collect(self) -> DeskSetup:
        """What the form shows now, normalised (not yet checked)."""
        return DeskSetup(
            library_code=self.library_code.text(),
            branch_code=self._branch_text(),
            desk_name=self.desk_name.text(),
            server_url=self.server_url.text(),
            patron_reader=str(self.reader.currentData() or ""),
            key_a_slot=self.key_a_slot.value(),
            key_b_slot=self.key_b_slot.value(),
            scanner_kind=ScannerKind(self.scanner_kind.currentData()),
            scanner_port=self._port_text(),
            scanner_baud=int(self.scanner_baud.currentData()),
            scanner_suffix=str(self.scanner_suffix.currentData()),
            training=self.training.isChecked(),
        ).normalised()

    def refresh_ports(self, keep: str = "") -> None:
        self.scanner_port.clear()
        for info in sorted(list_ports.comports(), key=lambda p: p.device):
            label = f"{info.device} ({info.description})" if info.description not in ("", "n/a") else info.device
            self.scanner_port.addItem(label, info.device)
        index = self.scanner_port.findData(keep)
        if index >= 0:
            self.scanner_port.setCurrentIndex(index)
        else:
            self.scanner_port.setEditText(keep)

    # ---- checks and saving ---------------------------------------------------------------

    def check(self) -> dict[str, Message]:
        """Run every field's check and show each problem under its field; returns them."""
        setup = self.collect()
        allow_http = bool(self._settings.get(values.SYNC_SECTION, "allow_insecure_http", False))
        problems = values.check(setup, self.enrol_code.text(), set(self._known),
                                self._enrolled or self._enroller is None, allow_http)
        for name, label in self.errors.items():
            if name in problems:
                label.setText(tr_core(problems[name]))
                label.show()
            else:
                label.clear()
                label.hide()
        return problems

    def save(self) -> None:
        """Check; enrol when a code was given (off the GUI thread); then write the settings and close."""
        problems = self.check()
        if problems:
            self._say(self.tr("Please correct the fields marked in red."), ok=False)
            return
        setup = self.collect()
        code = self.enrol_code.text().strip()
        if setup.server_url and code:
            self._enrol(setup, code)
            return
        self._finish(setup)

    def _enrol(self, setup: DeskSetup, code: str) -> None:
        assert self._enroller is not None  # the code field is off without one
        self.save_button.setEnabled(False)
        self._say(self.tr("Enrolling with {server}...").format(server=setup.server_url), ok=True)
        self._runner.run(self._enroller, setup.server_url, code, setup.desk_name, label="enrol desk",
                         on_success=lambda done: self._enrolled_ok(setup, done),
                         on_failure=lambda exc: self._enrol_failed(setup, exc))

    def _enrolled_ok(self, setup: DeskSetup, done: Enrolled) -> None:
        self.enrolment = done
        self.enrol_code.clear()
        self._finish(setup)

    def _enrol_failed(self, setup: DeskSetup, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, EnrolmentUnavailable):
            # The seam: no enrolment client in this version. Keep the address; enrol later.
            self.enrol_code.clear()
            self._finish(setup, note=tr_core(exc))
            return
        text = tr_core(exc) if isinstance(exc, DeskError) else self.tr(
            "The enrolment failed unexpectedly ({kind}); nothing was saved.").format(kind=type(exc).__name__)
        self.errors["enrol_code"].setText(text)
        self.errors["enrol_code"].show()
        self._say(self.tr("The desk was not enrolled; nothing was saved."), ok=False)

    def _finish(self, setup: DeskSetup, note: str = "") -> None:
        values.save(self._settings, setup)
        self.saved_note = note
        self.finished_setup.emit(setup)
        self.accept()

    def _say(self, text: str, ok: bool) -> None:
        self.status.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.status.setText(text)

    # ---- test tap ---------------------------------------------------------------------------

    def _reader_added(self, reader: str) -> None:
        if self.reader.findData(reader) < 0:
            self.reader.addItem(reader, reader)

    def start_test_tap(self) -> None:
        """Wait for a card on the chosen reader (or any); a card already there counts at once."""
        chosen = str(self.reader.currentData() or "")
        readers = self._bridge.readers()
        if not readers:
            self.tap_result.setStyleSheet(ERROR_STYLE)
            self.tap_result.setText(self.tr("No card reader is connected. Plug it in; run `libdesk doctor` "
                                            "if it does not appear."))
            return
        self._tap_waiting = True
        self.tap_result.setStyleSheet("")
        self.tap_result.setText(self.tr("Tap a card on {reader}...").format(
            reader=chosen or self.tr("any reader")))
        for reader, uid in sorted(readers.items()):
            if uid and (not chosen or reader == chosen):
                self._card_placed(reader, "", uid)
                return

    def _card_placed(self, reader: str, card_type: str, uid: str) -> None:
        chosen = str(self.reader.currentData() or "")
        if not self._tap_waiting or (chosen and reader != chosen):
            return
        self._tap_waiting = False
        self.tap_seen = (reader, card_type, uid)
        self.tap_result.setStyleSheet(OK_STYLE)
        self.tap_result.setText(self.tr("Card seen on {reader}, UID {uid}. Reading it...").format(
            reader=reader, uid=uid or "?"))
        if self.reader.currentData() in (None, ""):
            self.reader.setCurrentIndex(max(self.reader.findData(reader), 0))
        self._bridge.test_read(reader)

    def _test_read_finished(self, report: TestReadReport) -> None:
        if self.tap_seen is None or report.reader != self.tap_seen[0]:
            return
        if report.error:
            self.tap_result.setStyleSheet(ERROR_STYLE)
            self.tap_result.setText(self.tr("The reader saw a card but could not read it: {reason}").format(
                reason=report.error))
            return
        lines = [self.tr("Test tap OK on {reader}: {type}, UID {uid}.").format(
            reader=report.reader, type=card_type_name(report.card_type), uid=report.uid_hex)]
        if report.record is not None and report.record.card_number:
            lines.append(self.tr("Library record read with key A."))
        elif report.key_missing:
            lines.append(self.tr("Key A is not set on this desk yet (libdesk secrets set card-key-a)."))
        elif report.key_refused:
            lines.append(self.tr("Key A does not open this card's library sector."))
        self.tap_result.setStyleSheet(OK_STYLE)
        self.tap_result.setText(" ".join(lines))

    # ---- test scan -------------------------------------------------------------------------

    def _scanner_kind_changed(self) -> None:
        kind = ScannerKind(self.scanner_kind.currentData())
        serial = kind is ScannerKind.SERIAL
        for widget in (self.scanner_port, self.scanner_baud, self.scanner_suffix):
            widget.setEnabled(serial)
        self.scan_button.setEnabled(kind is not ScannerKind.NONE)
        self.scan_field.setEnabled(kind is ScannerKind.KEYBOARD)

    def start_test_scan(self) -> None:
        """Serial: open the chosen port with the real driver and wait for a scan. Keyboard: scan into the field."""
        self.scanned = None
        kind = ScannerKind(self.scanner_kind.currentData())
        if kind is ScannerKind.KEYBOARD:
            self.scan_field.clear()
            self.scan_field.setFocus()
            self.scan_result.setStyleSheet("")
            self.scan_result.setText(self.tr("Scan a barcode now: it should appear in the field, then Enter."))
            return
        setup = self.collect()
        problems = {k: v for k, v in values.check(setup, enrolled=True).items() if k.startswith("scanner_")}
        if problems:
            self.scan_result.setStyleSheet(ERROR_STYLE)
            self.scan_result.setText(tr_core(next(iter(problems.values()))))
            return
        self.stop_test_scan()
        if self._bridge.settings.scanner_enabled and self._bridge.settings.scanner == setup.scanner_settings():
            # The desk's own scanner already listens on this port (F8): a second reader would split its bytes.
            self._bridge.barcodeRead.connect(self._serial_scanned)
            self._listening_to_desk_scanner = True
            self.scan_result.setStyleSheet("")
            self.scan_result.setText(self.tr("Scan a barcode now."))
            return
        settings = DeviceSettings(scanner_enabled=True, scanner=setup.scanner_settings())
        # No Qt parent: the scanner's thread may still be finishing when the dialog goes, and a
        # bridge deleted with its parent under a running driver would crash; done() stops it first.
        bridge = DeviceBridge(settings, monitor_factory=lambda allow_virtual: _NoReaders())
        bridge.barcodeRead.connect(self._serial_scanned)
        bridge.deviceStatus.connect(self._scanner_status)
        self._scan_bridge = bridge
        self.scan_result.setStyleSheet("")
        self.scan_result.setText(self.tr("Opening {port}... then scan a barcode.").format(port=setup.scanner_port))
        bridge.start()

    def _scanner_status(self, device: str, ok: bool, message: str) -> None:
        if self.scanned is not None:
            return
        self.scan_result.setStyleSheet("" if ok else ERROR_STYLE)
        self.scan_result.setText(message + ("" if not ok else " " + self.tr("Scan a barcode now.")))

    def _serial_scanned(self, text: str, symbology: str, source: str) -> None:
        self._scan_ok(text, symbology)

    def _keyboard_scanned(self) -> None:
        text = self.scan_field.text().strip()
        if text:
            self._scan_ok(text, "")

    def _scan_ok(self, text: str, symbology: str) -> None:
        self.scanned = text
        self.scan_result.setStyleSheet(OK_STYLE)
        kind = f" ({symbology})" if symbology and symbology != "unknown" else ""
        self.scan_result.setText(self.tr("Test scan OK: {barcode}{kind}").format(barcode=text, kind=kind))

    def stop_test_scan(self) -> None:
        if self._listening_to_desk_scanner:
            try:
                self._bridge.barcodeRead.disconnect(self._serial_scanned)
            except (RuntimeError, TypeError):
                pass
            self._listening_to_desk_scanner = False
        if self._scan_bridge is not None:
            self._scan_bridge.stop()
            self._scan_bridge.deleteLater()
            self._scan_bridge = None

    def _training_toggled(self, on: bool) -> None:
        """Virtual (vpcd) readers are seen only on a training desk: the monitor restarts with the choice."""
        self.errors["patron_reader"].hide()
        if self._bridge.training != on:
            self._bridge.apply_settings(self._bridge.settings, on)

    # ---- closing ---------------------------------------------------------------------------

    def done(self, result: int) -> None:
        """Stop the scan test and stop listening: the main bridge outlives the dialog."""
        self.stop_test_scan()
        for signal, slot in ((self._bridge.readerAdded, self._reader_added),
                             (self._bridge.cardPlaced, self._card_placed),
                             (self._bridge.testReadFinished, self._test_read_finished)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        if self._own_runner:
            self._runner.shutdown(timeout=1.0)
        super().done(result)

