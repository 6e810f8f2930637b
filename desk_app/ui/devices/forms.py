"""The editable parts of the technician's device panel: readers, scanner, keyboard wedge.

Each form turns DeviceSettings into widgets and back. Validation of the scanner
settings is the driver's own (SerialScannerSettings), so the panel can never save
what the scanner thread would refuse.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import serial
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)
from serial.tools import list_ports

from desk_app.ui.devices.settings import DeviceSettings
from drivers.keyboard_wedge import WedgeSettings
from drivers.pcsc.readers import GENERIC, ReaderProfile, is_sam_slot, profile_for
from drivers.serial_settings import BYTESIZES, STOPBITS, SerialScannerSettings, Suffix

BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)


def _combo(parent: QWidget, name: str, items: list[tuple[str, Any]], current: Any) -> QComboBox:
    box = QComboBox(parent)
    box.setObjectName(name)
    for text, value in items:
        box.addItem(text, value)
    index = box.findData(current)
    box.setCurrentIndex(max(index, 0))
    return box


def _spin(parent: QWidget, name: str, low: int, high: int, value: int) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setValue(value)
    return spin


class ReaderForm(QWidget):
    """Which reader serves patron cards, where the LC record lives, which key slots to use.

    The chosen reader's family (drivers.pcsc.readers) is named under it with its key
    slots; choosing a reader of a known family moves key slots it does not have onto
    ones it has. An ACR1252U's SAM socket is never offered: no card is tapped there.
    """

    def __init__(self, current: DeviceSettings, readers: list[str], training: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.patron_reader = QComboBox(self)
        self.patron_reader.setObjectName("patronReader")
        self.patron_reader.setAccessibleName(self.tr("Reader for patron cards"))
        self.patron_reader.addItem(self.tr("Any reader"), "")
        for reader in readers:
            self.add_reader(reader)
        if current.patron_reader and self.patron_reader.findData(current.patron_reader) < 0:
            self.patron_reader.addItem(current.patron_reader, current.patron_reader)  # chosen earlier, unplugged now
        self.patron_reader.setCurrentIndex(max(self.patron_reader.findData(current.patron_reader), 0))
        form.addRow(self.tr("Reader for patron cards"), self.patron_reader)
        self.family = QLabel(self)
        self.family.setObjectName("readerFamily")
        self.family.setAccessibleName(self.tr("Reader family and its key slots"))
        self.family.setWordWrap(True)
        form.addRow(self.family)
        self.sector = _spin(self, "lcSector", 1, 39, current.lc_sector)
        self.sector.setAccessibleName(self.tr("Library record sector"))
        form.addRow(self.tr("Library record sector"), self.sector)
        self.key_a_slot = _spin(self, "keyASlot", 0, 31, current.key_a_slot)
        self.key_a_slot.setAccessibleName(self.tr("Key A slot in the reader"))
        form.addRow(self.tr("Key A slot in the reader"), self.key_a_slot)
        self.key_b_slot = _spin(self, "keyBSlot", 0, 31, current.key_b_slot)
        self.key_b_slot.setAccessibleName(self.tr("Key B slot in the reader"))
        form.addRow(self.tr("Key B slot in the reader"), self.key_b_slot)
        self.training = QCheckBox(self.tr("Training mode: accept virtual readers (never on a public desk)"), self)
        self.training.setObjectName("trainingMode")
        self.training.setChecked(training)
        form.addRow(self.training)
        self._show_family(self.profile())
        self.patron_reader.currentIndexChanged.connect(self._reader_chosen)

    def add_reader(self, reader: str) -> None:
        if not is_sam_slot(reader) and self.patron_reader.findData(reader) < 0:
            self.patron_reader.addItem(reader, reader)

    def profile(self) -> ReaderProfile | None:
        """The family of the chosen reader; None for "any reader"."""
        reader = str(self.patron_reader.currentData() or "")
        return profile_for(reader) if reader else None

    def _reader_chosen(self, _index: int) -> None:
        profile = self.profile()
        if profile is not None and profile is not GENERIC:  # a generic reader's slots are a guess: keep the values
            slots = profile.key_slots
            if self.key_a_slot.value() not in slots:
                self.key_a_slot.setValue(slots[0])
            if self.key_b_slot.value() not in slots:
                others = [s for s in slots if s != self.key_a_slot.value()]
                self.key_b_slot.setValue((others or list(slots))[0])
        self._show_family(profile)

    def _show_family(self, profile: ReaderProfile | None) -> None:
        if profile is None:
            text = self.tr("Any reader: the key slots below are used on each one.")
        elif profile is GENERIC:
            text = self.tr("Unknown reader family (generic PC/SC reader): take its key slots from its manual.")
        else:
            text = self.tr("{family}: key slots {slots}.").format(
                family=profile.family, slots=", ".join(str(slot) for slot in profile.key_slots))
            if not profile.reads_iso15693:
                text += " " + self.tr("It does not read ISO 15693 library item tags.")
        self.family.setText(text)

    def apply_to(self, settings: DeviceSettings) -> DeviceSettings:
        return dataclasses.replace(
            settings,
            patron_reader=str(self.patron_reader.currentData() or ""),
            lc_sector=self.sector.value(),
            key_a_slot=self.key_a_slot.value(),
            key_b_slot=self.key_b_slot.value(),
        )


class ScannerForm(QWidget):
    """The serial scanner's port and framing, as the scanner's manual states them."""

    def __init__(self, current: DeviceSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        s = current.scanner
        form = QFormLayout(self)
        self.enabled = QCheckBox(self.tr("Use a serial barcode scanner"), self)
        self.enabled.setObjectName("scannerEnabled")
        self.enabled.setChecked(current.scanner_enabled)
        form.addRow(self.enabled)
        row = QHBoxLayout()
        self.port = QComboBox(self)
        self.port.setObjectName("scannerPort")
        self.port.setEditable(True)  # a stable /dev/serial/by-id/... path may be typed in
        self.port.setAccessibleName(self.tr("Scanner port"))
        self.refresh_ports(str(s.get("port", "")))
        refresh = QPushButton(self.tr("Refresh"), self)
        refresh.setObjectName("refreshPorts")
        refresh.clicked.connect(lambda: self.refresh_ports(self.port.currentText()))
        row.addWidget(self.port, 1)
        row.addWidget(refresh)
        form.addRow(self.tr("Scanner port"), row)
        self.baud = _combo(self, "scannerBaud", [(str(b), b) for b in BAUD_RATES], s.get("baudrate", 9600))
        form.addRow(self.tr("Baud rate"), self.baud)
        self.bytesize = _combo(self, "scannerDataBits", [(str(b), b) for b in BYTESIZES], s.get("bytesize", 8))
        form.addRow(self.tr("Data bits"), self.bytesize)
        parities = [(self.tr("None"), serial.PARITY_NONE), (self.tr("Even"), serial.PARITY_EVEN),
                    (self.tr("Odd"), serial.PARITY_ODD), (self.tr("Mark"), serial.PARITY_MARK),
                    (self.tr("Space"), serial.PARITY_SPACE)]
        self.parity = _combo(self, "scannerParity", parities, s.get("parity", serial.PARITY_NONE))
        form.addRow(self.tr("Parity"), self.parity)
        self.stopbits = _combo(self, "scannerStopBits", [(str(b), b) for b in STOPBITS], s.get("stopbits", 1))
        form.addRow(self.tr("Stop bits"), self.stopbits)
        self.prefix = QLineEdit(str(s.get("prefix", "")), self)
        self.prefix.setObjectName("scannerPrefix")
        self.prefix.setAccessibleName(self.tr("Prefix the scanner sends first"))
        form.addRow(self.tr("Prefix"), self.prefix)
        suffixes = [(self.tr("CR (Enter)"), Suffix.CR.value), (self.tr("LF"), Suffix.LF.value),
                    (self.tr("CR LF"), Suffix.CRLF.value), (self.tr("Tab"), Suffix.TAB.value)]
        self.suffix = _combo(self, "scannerSuffix", suffixes, s.get("suffix", Suffix.CR.value))
        form.addRow(self.tr("Suffix"), self.suffix)

    def refresh_ports(self, keep: str) -> None:
        """List the machine's serial ports; keep what is typed even if it is not plugged in."""
        self.port.clear()
        for info in sorted(list_ports.comports(), key=lambda p: p.device):
            label = f"{info.device} ({info.description})" if info.description not in ("", "n/a") else info.device
            self.port.addItem(label, info.device)
        index = self.port.findData(keep)
        if index >= 0:
            self.port.setCurrentIndex(index)
        else:
            self.port.setEditText(keep)

    def port_path(self) -> str:
        text = self.port.currentText().strip()
        index = self.port.findText(text)
        data = self.port.itemData(index) if index >= 0 else None
        return str(data) if data else text

    def apply_to(self, settings: DeviceSettings) -> DeviceSettings:
        """Raises ValueError (from the driver's own check) for settings the scanner would refuse."""
        enabled = self.enabled.isChecked()
        port = self.port_path()
        values: dict[str, Any] = dict(settings.scanner)
        values.update(port=port, baudrate=self.baud.currentData(), bytesize=self.bytesize.currentData(),
                      parity=self.parity.currentData(), stopbits=self.stopbits.currentData(),
                      prefix=self.prefix.text(), suffix=self.suffix.currentData())
        if enabled or port:
            values = SerialScannerSettings.from_dict(values).to_dict()
        return dataclasses.replace(settings, scanner_enabled=enabled, scanner=values)


class WedgeForm(QWidget):
    """Thresholds that tell a USB keyboard-wedge scanner's burst from a person typing."""

    LIMITS: ClassVar[dict[str, tuple[int, int]]] = {
        "max_gap_ms": (1, 1000), "min_length": (1, 128), "max_length": (1, 4096), "hold_timeout_ms": (1, 2000),
    }

    def __init__(self, current: DeviceSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        try:
            wedge = WedgeSettings.from_dict(current.wedge)
        except ValueError:
            wedge = WedgeSettings()
        labels = {
            "max_gap_ms": self.tr("Longest gap between scanner keys (ms)"),
            "min_length": self.tr("Shortest barcode (characters)"),
            "max_length": self.tr("Longest barcode (characters)"),
            "hold_timeout_ms": self.tr("Give held keys back after (ms)"),
        }
        self.spins: dict[str, QSpinBox] = {}
        for f in dataclasses.fields(WedgeSettings):
            low, high = self.LIMITS.get(f.name, (0, 100000))
            spin = _spin(self, "wedge_" + f.name, low, high, int(getattr(wedge, f.name)))
            label = labels.get(f.name, f.name)
            spin.setAccessibleName(label)
            form.addRow(label, spin)
            self.spins[f.name] = spin

    def apply_to(self, settings: DeviceSettings) -> DeviceSettings:
        """Raises ValueError for thresholds the wedge logic refuses (e.g. min above max)."""
        wedge = WedgeSettings.from_dict({name: spin.value() for name, spin in self.spins.items()})
        return dataclasses.replace(settings, wedge=wedge.to_dict())
