"""The technician's device panel (F8): choose readers and the scanner, watch events, test a card.

Anyone may open it to look (a librarian can see why a scan does nothing); only a
role allowed CONFIGURE_DEVICES may save, and that is checked in core before the
settings file is touched. Card reads run on the bridge's worker, never here, and
the APDU log shows keys as ** (the driver redacts them before they reach us).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.core.messages import DeskError
from desk_app.core.staff.permissions import Action, Actor, require
from desk_app.settings import Settings
from desk_app.ui.devices import settings as device_settings
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.devices.forms import ReaderForm, ScannerForm, WedgeForm
from desk_app.ui.devices.io import TestReadReport
from desk_app.ui.devices.settings import DeviceSettings
from desk_app.ui.devices.texts import card_type_name

MAX_EVENTS = 1000
MAX_APDU_LINES = 2000


class DevicePanel(QDialog):
    """`DevicePanel(bridge, settings, actor, parent).exec()`; `saved` fires with the new DeviceSettings."""

    saved = Signal(object)  # DeviceSettings, after a permitted save (the desk re-tunes its wedge filter)

    def __init__(self, bridge: DeviceBridge, settings: Settings, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("devicePanel")
        self.setWindowTitle(self.tr("Devices"))
        self.setAccessibleName(self.tr("Devices"))
        self._bridge = bridge
        self._settings = settings
        self._actor = actor
        self.last_changes: dict[str, object] = {}  # what the last save changed (for the audit trail)
        current = device_settings.load(settings)
        training = device_settings.training_mode(settings, bridge.training)

        self.tabs = QTabWidget(self)
        self.readers = ReaderForm(current, sorted(bridge.readers()), training, self)
        self.scanner = ScannerForm(current, self)
        self.wedge = WedgeForm(current, self)
        self.tabs.addTab(self._readers_tab(), self.tr("Card readers"))
        self.tabs.addTab(self.scanner, self.tr("Barcode scanner"))
        self.tabs.addTab(self.wedge, self.tr("Keyboard scanner"))
        self.events = QListWidget(self)
        self.events.setObjectName("liveEvents")
        self.events.setAccessibleName(self.tr("Live device events"))
        self.tabs.addTab(self.events, self.tr("Live events"))
        self.apdu_log = QPlainTextEdit(self)
        self.apdu_log.setObjectName("apduLog")
        self.apdu_log.setAccessibleName(self.tr("APDU log (keys hidden)"))
        self.apdu_log.setReadOnly(True)
        self.apdu_log.setMaximumBlockCount(MAX_APDU_LINES)
        self.tabs.addTab(self.apdu_log, self.tr("APDU log"))

        self.error = QLabel(self)
        self.error.setObjectName("panelError")
        self.error.setStyleSheet("color: #c62828; font-weight: bold")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self)
        buttons.setObjectName("panelButtons")
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveDevices")
        buttons.accepted.connect(self._save_clicked)
        buttons.rejected.connect(self.reject)
        self.setup_button = buttons.addButton(self.tr("Library, desk and server..."),
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.setup_button.setObjectName("deskSetup")
        self.setup_button.clicked.connect(self.open_setup)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        # What the forms showed at opening: the audit names only what the technician changed here.
        self._baseline_training = self.readers.training.isChecked()
        try:
            self._baseline = self.collect()
        except ValueError:
            self._baseline = current
        bridge.eventLogged.connect(self.add_event)
        bridge.apduLogged.connect(self.apdu_log.appendPlainText)
        bridge.readerAdded.connect(self._reader_added)
        bridge.readerRemoved.connect(self._reader_removed)
        bridge.testReadFinished.connect(self._test_read_finished)
        self.resize(720, 520)

    def _readers_tab(self) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.readers)
        row = QHBoxLayout()
        self.test_reader = QComboBox(tab)
        self.test_reader.setObjectName("testReader")
        self.test_reader.setAccessibleName(self.tr("Reader to test"))
        for reader in sorted(self._bridge.readers()):
            self.test_reader.addItem(reader)
        self.test_button = QPushButton(self.tr("Test a card read"), tab)
        self.test_button.setObjectName("testRead")
        self.test_button.clicked.connect(self.start_test_read)
        row.addWidget(self.test_reader, 1)
        row.addWidget(self.test_button)
        layout.addLayout(row)
        self.test_result = QPlainTextEdit(tab)
        self.test_result.setObjectName("testReadResult")
        self.test_result.setAccessibleName(self.tr("Test read result"))
        self.test_result.setReadOnly(True)
        layout.addWidget(self.test_result)
        return tab

    # ---- live ------------------------------------------------------------------------

    def add_event(self, line: str) -> None:
        self.events.addItem(line)
        while self.events.count() > MAX_EVENTS:
            self.events.takeItem(0)
        self.events.scrollToBottom()

    def event_lines(self) -> list[str]:
        return [self.events.item(i).text() for i in range(self.events.count())]

    def _reader_added(self, reader: str) -> None:
        self.readers.add_reader(reader)
        if self.test_reader.findText(reader) < 0:
            self.test_reader.addItem(reader)

    def _reader_removed(self, reader: str) -> None:
        index = self.test_reader.findText(reader)
        if index >= 0:
            self.test_reader.removeItem(index)  # the patron-reader choice stays: it may come back

    # ---- test a card read ------------------------------------------------------------

    def start_test_read(self) -> None:
        reader = self.test_reader.currentText()
        if not reader:
            self.test_result.setPlainText(self.tr("No card reader is connected."))
            return
        self.test_button.setEnabled(False)
        self.test_result.setPlainText(self.tr("Reading the card on {reader}...").format(reader=reader))
        self._bridge.test_read(reader)

    def _test_read_finished(self, report: TestReadReport) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setPlainText(self.describe_report(report))

    def describe_report(self, r: TestReadReport) -> str:
        lines = [self.tr("Reader: {reader}").format(reader=r.reader)]
        if r.atr_hex:
            lines.append(self.tr("ATR: {atr}").format(atr=r.atr_hex))
            lines.append(self.tr("Card type: {type}").format(type=card_type_name(r.card_type)))
        if r.uid_hex:
            lines.append(self.tr("UID: {uid}").format(uid=r.uid_hex))
        if r.error:
            lines.append(self.tr("Error: {reason}").format(reason=r.error))
        elif r.uid_hex and not r.classic:
            lines.append(self.tr("Not a MIFARE Classic card: no library record; the patron is found by UID."))
        elif r.key_missing:
            lines.append(self.tr("No key A is set up on this desk, so the library record was not read."))
        elif r.key_refused:
            lines.append(self.tr("Key A does not open the library sector: not a card of this library "
                                 "(an EasyCard/iPass is found by UID)."))
        elif r.record is not None and r.record.card_number:
            from desk_app.core.patrons.ids import mask_card_number

            lines.append(self.tr("Library record: valid, card number {number}")
                         .format(number=mask_card_number(r.record.card_number)))
        elif r.record is not None and r.record.empty:
            lines.append(self.tr("No library record on this card."))
        elif r.record is not None:
            lines.append(self.tr("The library record is DAMAGED: burn the card again."))
        return "\n".join(lines)

    # ---- save ------------------------------------------------------------------------

    def collect(self) -> DeviceSettings:
        """The settings on screen; ValueError when the scanner or wedge values are not usable."""
        current = device_settings.load(self._settings)
        return self.wedge.apply_to(self.scanner.apply_to(self.readers.apply_to(current)))

    def save(self) -> bool:
        """Check permission in core, validate, persist, restart what changed. False (and a red reason) if refused."""
        try:
            require(self._actor, Action.CONFIGURE_DEVICES)
        except DeskError as exc:
            self._show_error(exc.format(QCoreApplication.translate))
            return False
        try:
            new = self.collect()
        except ValueError as exc:
            self._show_error(self.tr("These settings cannot be used: {reason}").format(reason=str(exc)))
            return False
        training = self.readers.training.isChecked()
        self.last_changes = device_settings.changes(self._baseline, new, self._baseline_training, training)
        device_settings.save(self._settings, new)
        self._settings.update("desk", {"training_mode": training})
        self._bridge.apply_settings(new, training)
        self.error.hide()
        self.saved.emit(new)
        return True

    def open_setup(self) -> bool:
        """The first-run setup again (library, branch, desk name, server, reader, scanner); True if saved.

        Saving it writes the settings, re-applies them to the running devices and closes
        this panel too, whose forms would otherwise hold the values from before.
        """
        from desk_app.ui.setup import values as setup_values
        from desk_app.ui.setup.dialog import SetupDialog

        try:
            require(self._actor, Action.CONFIGURE_DEVICES)
        except DeskError as exc:
            self._show_error(exc.format(QCoreApplication.translate))
            return False
        before = setup_values.load(self._settings)
        dialog = SetupDialog(self._settings, self._bridge, enrolled=True, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        after = setup_values.load(self._settings)
        new = device_settings.load(self._settings)
        self.last_changes = device_settings.changes(self._baseline, new, self._baseline_training, after.training)
        for field in ("library_code", "branch_code", "desk_name", "server_url"):
            if getattr(before, field) != getattr(after, field):
                self.last_changes[f"desk.{field}"] = getattr(after, field)
        self._bridge.apply_settings(new, after.training)
        self.saved.emit(new)
        self.accept()
        return True

    def _save_clicked(self) -> None:
        if self.save():
            self.accept()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def done(self, result: int) -> None:
        """Stop listening when closed: the bridge outlives the dialog."""
        for signal, slot in ((self._bridge.eventLogged, self.add_event),
                             (self._bridge.apduLogged, self.apdu_log.appendPlainText),
                             (self._bridge.readerAdded, self._reader_added),
                             (self._bridge.readerRemoved, self._reader_removed),
                             (self._bridge.testReadFinished, self._test_read_finished)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        super().done(result)


def open_device_panel(bridge: DeviceBridge, settings: Settings, actor: Actor, parent: QWidget | None = None,
                      on_saved: Callable[[DeviceSettings, dict[str, object]], None] | None = None) -> int:
    """F8 in the main window: show the panel modally; returns the dialog result.

    `on_saved(new settings, what changed)` runs after a permitted save (re-tune the wedge, audit).
    """
    panel = DevicePanel(bridge, settings, actor, parent)
    if on_saved is not None:
        panel.saved.connect(lambda new: on_saved(new, dict(panel.last_changes)))
    return panel.exec()
