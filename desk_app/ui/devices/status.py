"""The devices corner of the status bar: each reader and scanner, live, in colour.

A librarian glances here when a tap or a scan does nothing: a red "pcscd not
running" or "scanner disconnected" says whom to call. It only listens to the
device bridge (GUI-thread signals) and redraws from the bridge's live state, so
it can be created at any time and still show the truth.

One line to use it: `device_status.install(status_bar, bridge)`.
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import QHBoxLayout, QLabel, QStatusBar, QWidget

from desk_app.ui.devices.bridge import DeviceBridge

GREEN = "#1b7f3b"
BLUE = "#1f5fbf"
AMBER = "#a15c00"
RED = "#c62828"
GREY = "#666666"

PCSC_DEVICES = ("pcscd",)  # the reader monitor's device name for the card service


class DeviceStatusWidget(QWidget):
    """One coloured label per device: readers (card present or not), the scanner, the card service."""

    def __init__(self, bridge: DeviceBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deviceStatus")
        self.setAccessibleName(self.tr("Device status"))
        self._bridge = bridge
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(12)
        self._labels: list[QLabel] = []
        for signal in (bridge.readerAdded, bridge.readerRemoved, bridge.cardLifted):
            signal.connect(self.refresh)
        bridge.cardPlaced.connect(self.refresh)
        bridge.deviceStatus.connect(self.refresh)
        bridge.devicesForgotten.connect(self.refresh)
        self.refresh()

    def entries(self) -> list[tuple[str, str, str]]:
        """(text, colour, tooltip) per device, in display order; what the labels show."""
        statuses = self._bridge.statuses()
        readers = self._bridge.readers()
        out: list[tuple[str, str, str]] = []
        if self._bridge.training:
            out.append((self.tr("Training mode"), AMBER,
                        self.tr("Virtual readers are accepted: never use training mode at a public desk.")))
        service_down = [(d, m) for d, (ok, m) in statuses.items() if d in PCSC_DEVICES and not ok]
        for _device, message in service_down:
            out.append((self.tr("Card service not running"), RED,
                        message or self.tr("pcscd is not running: start it (systemctl start pcscd).")))
        for reader, uid in sorted(readers.items()):
            name = short_reader_name(reader)
            problem = statuses.get(reader)
            if problem is not None and not problem[0]:
                out.append((self.tr("{reader}: problem").format(reader=name), RED, problem[1] or reader))
            elif uid:
                tip = self.tr("{reader}\nCard present, UID {uid}").format(reader=reader, uid=uid)
                out.append((self.tr("{reader}: card").format(reader=name), BLUE, tip))
            else:
                tip = self.tr("{reader}\nReady, no card").format(reader=reader)
                out.append((self.tr("{reader}: ready").format(reader=name), GREEN, tip))
        if not readers and not service_down:
            out.append((self.tr("No card reader"), AMBER,
                        self.tr("No card reader is connected. Plug one in; it is found without a restart.")))
        for device, (ok, message) in sorted(statuses.items()):
            if not device.startswith("serial:"):
                continue
            port = device.split(":", 1)[1]
            if ok:
                out.append((self.tr("Scanner {port}: connected").format(port=port), GREEN, message or device))
            else:
                out.append((self.tr("Scanner {port}: disconnected").format(port=port), RED, message or device))
        return out

    def refresh(self, *_args: object) -> None:
        entries = self.entries()
        while len(self._labels) < len(entries):
            label = QLabel(self)
            self._layout.addWidget(label)
            self._labels.append(label)
        for i, label in enumerate(self._labels):
            if i >= len(entries):
                label.hide()
                continue
            text, colour, tip = entries[i]
            label.setText(f'<span style="color:{colour}">\u25cf</span> {html.escape(text)}')
            label.setToolTip(tip)
            label.setAccessibleName(text)
            label.setProperty("colour", colour)
            label.show()

    def texts(self) -> list[str]:
        """The visible device texts (for tests and screen readers)."""
        return [label.accessibleName() for label in self._labels if not label.isHidden()]


def short_reader_name(reader: str) -> str:
    """"ACS ACR1252 1S CL Reader [ACR1252 Dual Reader PICC] 00 00" -> "ACS ACR1252 1S CL Reader"."""
    name = reader.split(" [", 1)[0]
    return name if len(name) <= 32 else name[:31] + "\u2026"


def install(status_bar: QStatusBar, bridge: DeviceBridge) -> DeviceStatusWidget:
    """Put the device status into the desk's status bar (its device area when it has one)."""
    widget = DeviceStatusWidget(bridge, status_bar)
    add = getattr(status_bar, "add_device_widget", None)
    if callable(add):
        add(widget)
    else:
        status_bar.addPermanentWidget(widget)
    return widget
