"""The training window (F9): tap demo patrons' cards and scan demo items with virtual devices.

Not modal: the desk keeps working behind it, and what a trainee does here reaches
the desk only the way real hardware would (a card on the vpcd reader, bytes on the
scanner's serial line), so the desk answers exactly as it would at the counter.
The window shows what the desk's reader monitor sees, never what it hopes.
Its own barcode field is left alone by the keyboard-wedge filter, so a fast typist
here is never taken for a scanner.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.core.patrons.training_cards import STUDENT, TrainingCard, TrainingItem
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.training.probe import VpcdState
from desk_app.ui.training.types import Mode, Problem, TrainingControls

OPT_OUT_OF_WEDGE = "libdeskWedge"  # = wedge_filter.OPT_OUT_PROPERTY (imported lazily there; kept in sync by a test)


class TrainingWindow(QDialog):
    """`TrainingWindow(devices, bridge, parent).show()`; one per desk."""

    def __init__(self, devices: TrainingControls, bridge: DeviceBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingWindow")
        self.setWindowTitle(self.tr("Training devices"))
        self.setAccessibleName(self.tr("Training devices"))
        self.setModal(False)
        self._devices = devices
        self._bridge = bridge
        self._cards: list[TrainingCard] = []
        self._items: list[TrainingItem] = []
        self._pending: TrainingCard | None = None  # tapped, not yet seen by the desk

        note = QLabel(self.tr("These are virtual devices for staff training. Cards tapped and barcodes scanned "
                              "here reach the desk like real ones, but no real card or scanner is involved."), self)
        note.setObjectName("trainingNote")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self._cards_box())
        layout.addWidget(self._scan_box(), 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(760, 720)

        devices.modeChanged.connect(self._refresh_enabled)
        devices.catalogLoaded.connect(self._fill)
        devices.itemsChanged.connect(self._item_statuses)
        devices.failed.connect(self._failed)
        bridge.cardPlaced.connect(self._card_placed)
        bridge.cardLifted.connect(self._card_lifted)
        self._refresh_enabled()
        self._show_reader_empty()
        devices.load_catalog()

    # ---- layout ----------------------------------------------------------------------------

    def _cards_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Library cards (virtual card reader)"), self)
        self.vpcd_label = QLabel(box)
        self.vpcd_label.setObjectName("vpcdState")
        self.vpcd_label.setWordWrap(True)
        self.recheck_button = QPushButton(self.tr("Check again"), box)
        self.recheck_button.setObjectName("recheckButton")
        self.recheck_button.clicked.connect(self._recheck)
        self.cards_table = self._table("trainingCards", self.tr("Demo patrons' cards"),
                                       [self.tr("Patron"), self.tr("Card"), self.tr("Kind"), self.tr("Status"),
                                        self.tr("UID")])
        self.cards_table.activated.connect(lambda _index: self.tap_selected())
        self.tap_button = QPushButton(self.tr("&Tap on the reader"), box)
        self.tap_button.setObjectName("tapButton")
        self.tap_button.clicked.connect(self.tap_selected)
        self.lift_button = QPushButton(self.tr("&Lift the card"), box)
        self.lift_button.setObjectName("liftButton")
        self.lift_button.clicked.connect(self.lift)
        self.scan_card_button = QPushButton(self.tr("Scan its &barcode"), box)
        self.scan_card_button.setObjectName("scanCardButton")
        self.scan_card_button.setToolTip(self.tr("Send the card number through the virtual scanner, "
                                                 "as if its printed barcode were scanned."))
        self.scan_card_button.clicked.connect(self.scan_selected_card)
        self.reader_label = QLabel(box)
        self.reader_label.setObjectName("readerState")
        self.reader_label.setWordWrap(True)

        state = QHBoxLayout()
        state.addWidget(self.vpcd_label, 1)
        state.addWidget(self.recheck_button)
        actions = QHBoxLayout()
        actions.addWidget(self.tap_button)
        actions.addWidget(self.lift_button)
        actions.addWidget(self.scan_card_button)
        actions.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addLayout(state)
        layout.addWidget(self.cards_table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.reader_label)
        return box

    def _scan_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Barcodes (virtual serial scanner)"), self)
        self.scan_field = QLineEdit(box)
        self.scan_field.setObjectName("trainingScanField")
        self.scan_field.setAccessibleName(self.tr("Barcode to scan"))
        self.scan_field.setPlaceholderText(self.tr("Type a barcode, then Enter to scan it"))
        self.scan_field.setProperty(OPT_OUT_OF_WEDGE, False)
        self.scan_field.returnPressed.connect(self.scan_typed)
        self.scan_button = QPushButton(self.tr("&Scan"), box)
        self.scan_button.setObjectName("scanButton")
        self.scan_button.clicked.connect(self.scan_typed)
        self.items_table = self._table("trainingItems", self.tr("Demo items"),
                                       [self.tr("Barcode"), self.tr("Title"), self.tr("Status")])
        self.items_table.activated.connect(lambda index: self.scan(self._items[index.row()].barcode))
        self.scan_state = QLabel(box)
        self.scan_state.setObjectName("scanState")
        self.scan_state.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.scan_field, 1)
        row.addWidget(self.scan_button)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("Or double-click an item (Enter) to scan its barcode:"), box))
        layout.addWidget(self.items_table, 1)
        layout.addWidget(self.scan_state)
        return box

    def _table(self, name: str, accessible: str, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setObjectName(name)
        table.setAccessibleName(accessible)
        table.setHorizontalHeaderLabels(headers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    # ---- filling and state -----------------------------------------------------------------

    def _fill(self, cards: list[TrainingCard], items: list[TrainingItem]) -> None:
        self._cards, self._items = list(cards), list(items)
        self.cards_table.setRowCount(len(self._cards))
        for row, card in enumerate(self._cards):
            for column, text in enumerate((card.patron_name, card.masked_number, self.kind_name(card.kind),
                                           self.status_name(card.status), card.uid_hex)):
                self.cards_table.setItem(row, column, QTableWidgetItem(text))
        self.items_table.setRowCount(len(self._items))
        for row, item in enumerate(self._items):
            for column, text in enumerate((item.barcode, item.title, self.status_name(item.status))):
                self.items_table.setItem(row, column, QTableWidgetItem(text))
        if self._cards:
            self.cards_table.selectRow(0)
        if not self._cards and not self._items:
            self.scan_state.setText(self.tr("This database holds no demo library, so no demo cards or items are "
                                            "listed. Barcodes typed above are still scanned."))
        self._refresh_enabled()

    def _item_statuses(self, statuses: dict[str, str]) -> None:
        """Items lent or returned at the desk: their status cells follow, the rows stay where they are."""
        for row, item in enumerate(self._items):
            status = statuses.get(item.barcode)
            if status is not None and status != item.status:
                self._items[row] = dataclasses.replace(item, status=status)
                self.items_table.setItem(row, 2, QTableWidgetItem(self.status_name(status)))

    def _refresh_enabled(self, *_args: object) -> None:
        devices = self._devices
        why = self.why_no_cards()
        self.vpcd_label.setText(why or self.tr("Virtual card reader ready: {reader}").format(
            reader=devices.probe.vpcd_reader if devices.probe else ""))
        self.vpcd_label.setStyleSheet("color: #c62828" if why else "color: #1b7f3b")
        for button in (self.tap_button, self.lift_button):
            button.setEnabled(not why and bool(self._cards))
            button.setToolTip(why)
        self.cards_table.setToolTip(why)
        no_scanner = "" if devices.scanner_port else self.why_no_scanner()
        for widget in (self.scan_field, self.scan_button, self.items_table):
            widget.setEnabled(not no_scanner)
            widget.setToolTip(no_scanner)
        self.scan_card_button.setEnabled(not no_scanner and bool(self._cards))
        if no_scanner:
            self.scan_state.setText(no_scanner)

    def why_no_cards(self) -> str:
        """Why the card buttons are off, and how to turn them on; "" when cards can be tapped."""
        probe = self._devices.probe
        if probe is None or self._devices.mode is Mode.UNDECIDED:
            return self.tr("Looking for a virtual card reader…")
        if self._devices.cards_ready:
            return ""
        fix = {
            VpcdState.PCSCD_DOWN: self.tr("The smart card service (pcscd) is not running. Start it "
                                          "(sudo systemctl start pcscd), then press Check again."),
            VpcdState.NO_READER: self.tr("No virtual card reader: install vsmartcard-vpcd "
                                         "(sudo apt-get install vsmartcard-vpcd), restart pcscd "
                                         "(sudo systemctl restart pcscd), then press Check again."),
            VpcdState.NOT_LISTENING: self.tr("A virtual card reader is listed, but nothing listens on port {port}. "
                                             "Set vpcd_port in the \"training\" settings to the reader's CHANNELID, "
                                             "then press Check again.").format(port=self._devices.settings.card_port),
        }
        return fix.get(probe.vpcd, self.tr("Virtual cards are only for desks without a real card reader."))

    def why_no_scanner(self) -> str:
        if self._devices.mode is Mode.UNDECIDED:
            return self.tr("Starting the virtual scanner…")
        return self.tr("A real scanner or card reader is connected: scan with it. The virtual scanner is only "
                       "started on desks without one.")

    def kind_name(self, kind: str) -> str:
        names = {STUDENT: self.tr("Student card"), "easycard": self.tr("EasyCard"), "ipass": self.tr("iPass")}
        return names.get(kind, kind)

    def status_name(self, status: str) -> str:
        names = {"active": self.tr("Active"), "lost": self.tr("Lost"), "void": self.tr("Void"),
                 "pending_activation": self.tr("Not yet active"), "available": self.tr("Available"),
                 "on_loan": self.tr("On loan")}
        return names.get(status, status)

    # ---- actions ---------------------------------------------------------------------------

    def selected_card(self) -> TrainingCard | None:
        row = self.cards_table.currentRow()
        return self._cards[row] if 0 <= row < len(self._cards) else None

    def select_card(self, card: TrainingCard) -> None:
        self.cards_table.selectRow(self._cards.index(card))

    def cards(self) -> list[TrainingCard]:
        return list(self._cards)

    def items(self) -> list[TrainingItem]:
        return list(self._items)

    def tap_selected(self) -> None:
        card = self.selected_card()
        if card is None or not self.tap_button.isEnabled():
            return
        self._pending = card
        self.reader_label.setText(self.tr("Tapping {name}'s card…").format(name=card.patron_name))
        self._devices.tap(card)

    def lift(self) -> None:
        self._pending = None
        self._devices.lift()

    def scan_selected_card(self) -> None:
        card = self.selected_card()
        if card is not None and card.card_number:
            self.scan(card.card_number)
        elif card is not None:
            self.scan_state.setText(self.tr("An EasyCard or iPass has no library barcode: tap it instead."))

    def scan_typed(self) -> None:
        text = self.scan_field.text().strip()
        if text:
            self.scan(text)
            self.scan_field.clear()

    def scan(self, text: str) -> None:
        """Send `text` down the virtual scanner's line (the desk gets it through its serial driver)."""
        if not self._devices.scanner_port:
            return
        self._devices.scan(text)
        self.scan_state.setText(self.tr("Scanned on {port}.").format(port=self._devices.scanner_port))

    def _recheck(self) -> None:
        self.vpcd_label.setText(self.tr("Looking for a virtual card reader…"))
        self._devices.recheck()

    # ---- what the desk's reader sees (the bridge's signals, in the monitor's order) -------------

    def _tapped(self, card: TrainingCard) -> None:
        self.reader_label.setText(self.tr("On the virtual reader: {name}'s {kind} ({card}).").format(
            name=card.patron_name, kind=self.kind_name(card.kind), card=card.masked_number or card.uid_hex))

    def _card_placed(self, reader: str, _card_type: str, uid_hex: str) -> None:
        probe = self._devices.probe
        if probe is None or reader != probe.vpcd_reader:
            return
        known = ([self._pending] if self._pending is not None else []) + self._cards
        card = next((c for c in known if c.uid_hex == uid_hex), None)
        if card is not None:
            self._tapped(card)
        else:
            self.reader_label.setText(self.tr("A card with UID {uid} is on the virtual reader.").format(uid=uid_hex))

    def _card_lifted(self, reader: str) -> None:
        probe = self._devices.probe
        if probe is not None and reader == probe.vpcd_reader:
            self._show_reader_empty()

    def _show_reader_empty(self) -> None:
        self.reader_label.setText(self.tr("No card on the virtual reader."))

    def _failed(self, problem: Problem) -> None:
        if problem is Problem.SCAN_FAILED:
            self.scan_state.setText(self.tr("The virtual scanner is not connected; the barcode was not sent."))
        elif problem is Problem.CARD_NOT_SEEN:
            self.reader_label.setText(self.tr("The card did not reach the virtual reader (nothing answered on port "
                                              "{port}).").format(port=self._devices.settings.card_port))
        else:
            self.reader_label.setText(self.why_no_cards())
