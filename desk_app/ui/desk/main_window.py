"""The circulation desk window: two scan fields, a result banner, the patron and their loans.

Keyboard first: a key for each mode (F2 check out, F3 check in, F4 renew, F5 new
patron, F6 search, F7 hand over holds, F8 devices), Ctrl+Z undoes the last
checkout, Ctrl+P prints a slip, Ctrl+L locks. The scan fields keep focus. The
window never waits on the database: every core call goes through the
DeskController onto the op runner's queue, and answers come back as signals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desk_app.core.messages import DeskError
from desk_app.core.views import Outcome, PatronView, ScanResult, SlipView
from desk_app.ui import desk_hooks
from desk_app.ui.desk.desk_controller import Answer, DeskController, Mode
from desk_app.ui.desk.loans_model import LoansModel
from desk_app.ui.ops import OpRunner
from desk_app.ui.desk.patron_panel import PatronPanel
from desk_app.ui.desk.result_banner import ResultBanner
from desk_app.ui.desk.scan_field import ScanField
from desk_app.ui.desk.status_bar import DeskStatusBar

if TYPE_CHECKING:
    from desk_app.ui.desk.search_dialog import SearchDialog

log = logging.getLogger(__name__)

OUTBOX_REFRESH_MS = 15_000


class DeskWindow(QMainWindow):
    """The counter. `service` is core's DeskService; `runner` the one op runner of the desk."""

    def __init__(
        self,
        service: Any,
        runner: OpRunner,
        *,
        staff_name: str = "",
        staff_role: str = "",
        branch_name: str = "",
        outbox_count: Callable[[], int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deskWindow")
        self.setWindowTitle(self.tr("LibDesk — Circulation desk"))
        self.setAccessibleName(self.tr("Circulation desk"))
        self.runner = runner
        self.service = service
        self.controller = DeskController(service, runner, self)
        self._outbox_count = outbox_count
        self._last_slip: SlipView | None = None
        self.offer_dialog: QMessageBox | None = None
        self.search_dialog: SearchDialog | None = None  # the open F6 dialog, if any (desk_hooks)
        self.lock_screen: Any = None  # the lock screen, once installed (desk_hooks.install_lock)
        self.wedge_filter: Any = None  # the keyboard-wedge filter (desk_hooks.install_wedge)
        self.holds_expiry: Any = None  # expires shelf holds at start and midnight (desk_hooks.install_holds_expiry)

        self._build_widgets()
        self._build_actions()
        self.resize(1280, 800)
        self.status = DeskStatusBar(self)
        self.setStatusBar(self.status)
        self.status.set_staff(staff_name, staff_role)
        self.status.set_branch(branch_name)

        self.patron_scan.scanned.connect(self._patron_scanned)
        self.item_scan.scanned.connect(self.controller.scan_item)
        self.controller.answered.connect(self._show_answer)
        self.controller.patronChanged.connect(self._show_patron)
        self.controller.offerCheckIn.connect(self._offer_check_in)
        self.controller.modeChanged.connect(self._show_mode)
        self.runner.failed.connect(self._show_failure)

        self._outbox_timer = QTimer(self)
        self._outbox_timer.setInterval(OUTBOX_REFRESH_MS)
        self._outbox_timer.timeout.connect(self.refresh_outbox)
        self._outbox_timer.start()
        self._outbox_soon = QTimer(self)  # once, shortly after a change: a burst of scans asks once
        self._outbox_soon.setSingleShot(True)
        self._outbox_soon.setInterval(500)
        self._outbox_soon.timeout.connect(self.refresh_outbox)
        self.refresh_outbox()
        self._show_mode(self.controller.mode())

    # ---- layout ---------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.mode_label = QLabel(self)
        self.mode_label.setObjectName("modeLabel")
        self.mode_label.setAccessibleName(self.tr("Current mode"))
        font = self.mode_label.font()
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.4)
        font.setBold(True)
        self.mode_label.setFont(font)

        self.patron_scan = ScanField("patronScan", self.tr("Patron card or ID number"),
                                     self.tr("Scan a library card, or type a card number or ID number"), self)
        self.item_scan = ScanField("itemScan", self.tr("Item barcode"), self.tr("Scan an item barcode"), self)
        patron_caption = QLabel(self.tr("&Patron:"), self)
        patron_caption.setBuddy(self.patron_scan)
        item_caption = QLabel(self.tr("&Item:"), self)
        item_caption.setBuddy(self.item_scan)

        self.banner = ResultBanner(self)
        self.patron_panel = PatronPanel(self)
        self.loans_model = LoansModel(self)
        self.loans_table = QTableView(self)
        self.loans_table.setObjectName("loansTable")
        self.loans_table.setAccessibleName(self.tr("Loans"))
        self.loans_table.setModel(self.loans_model)
        self.loans_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.loans_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.loans_table.setAlternatingRowColors(True)
        # Fixed row heights and column widths from the font, never measured from the rows:
        # measuring 300 loans on every scan cost tens of milliseconds on the GUI thread.
        rows = self.loans_table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.loans_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(LoansModel.TITLE, QHeaderView.ResizeMode.Stretch)
        sample = {LoansModel.BARCODE: "30001000000000", LoansModel.CALL_NUMBER: "874.57 5521 v.2",
                  LoansModel.DUE_DATE: "2026-12-31", LoansModel.STATUS: "Renewed 2××"}
        for column, text in sample.items():
            header.resizeSection(column, self.fontMetrics().horizontalAdvance(text) + 24)
        self.loans_count = QLabel(self)
        self.loans_count.setObjectName("loansCount")
        self.loans_count.setAccessibleName(self.tr("Number of loans"))

        fields = QGridLayout()
        fields.addWidget(patron_caption, 0, 0)
        fields.addWidget(self.patron_scan, 0, 1)
        fields.addWidget(item_caption, 0, 2)
        fields.addWidget(self.item_scan, 0, 3)
        fields.setColumnStretch(1, 1)
        fields.setColumnStretch(3, 1)

        loans_box = QWidget(self)
        loans_layout = QVBoxLayout(loans_box)
        loans_layout.setContentsMargins(0, 0, 0, 0)
        loans_layout.addWidget(self.loans_count)
        loans_layout.addWidget(self.loans_table)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.patron_panel)
        splitter.addWidget(loans_box)
        self.patron_panel.setMinimumWidth(320)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.mode_label)
        layout.addLayout(fields)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self._show_patron(None)

    def _build_actions(self) -> None:
        toolbar = QToolBar(self.tr("Desk actions"), self)
        toolbar.setObjectName("deskToolbar")
        toolbar.setAccessibleName(self.tr("Desk actions"))
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(toolbar)

        def action(name: str, text: str, key: QKeySequence | str, slot: Callable[[], None]) -> QAction:
            act = QAction(text, self)
            act.setObjectName(name)
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            key_text = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
            act.setIconText(f"{text} {key_text}")  # the button shows its key: keyboard first
            act.setToolTip(f"{text} ({key_text})")
            act.triggered.connect(slot)
            self.addAction(act)
            toolbar.addAction(act)
            button = toolbar.widgetForAction(act)
            if button is not None:
                button.setAccessibleName(text)
                button.setObjectName(f"{name}Button")
            return act

        self.actions_by_name: dict[str, QAction] = {
            "checkOut": action("checkOut", self.tr("Check out"), "F2", lambda: self.set_mode(Mode.CHECK_OUT)),
            "checkIn": action("checkIn", self.tr("Check in"), "F3", lambda: self.set_mode(Mode.CHECK_IN)),
            "renew": action("renew", self.tr("Renew"), "F4", lambda: self.set_mode(Mode.RENEW)),
            "patron": action("patron", self.tr("New patron"), "F5", lambda: self.set_mode(Mode.PATRON)),
            "search": action("search", self.tr("Search"), "F6", self.open_search),
            "holds": action("holds", self.tr("Hand over holds"), "F7", lambda: self.set_mode(Mode.HOLDS)),
            "devices": action("devices", self.tr("Devices"), "F8", self.open_devices),
            "renewAll": action("renewAll", self.tr("Renew all"), "Ctrl+R", self.controller.renew_all),
            "undo": action("undo", self.tr("Undo last checkout"), "Ctrl+Z", self.controller.undo_last_checkout),
            "print": action("print", self.tr("Print slip"), "Ctrl+P", self.print_slip),
            "lock": action("lock", self.tr("Lock"), "Ctrl+L", self.lock),
        }
        # Hooks other parts of the desk plug in (search, devices, lock, slips); see desk_hooks.
        self.search_handler: Callable[[], None] | None = None
        self.devices_handler: Callable[[], None] | None = None
        self.lock_handler: Callable[[], None] | None = None
        self.slip_handler: Callable[[SlipView | None], None] | None = None

    # ---- modes and focus --------------------------------------------------------------

    def set_mode(self, mode: Mode) -> None:
        self.controller.set_mode(mode)  # the label follows through modeChanged
        self.focus_scan_field()

    def _show_mode(self, mode: Mode) -> None:
        names = {
            Mode.CHECK_OUT: self.tr("Check out (F2)"),
            Mode.CHECK_IN: self.tr("Check in (F3)"),
            Mode.RENEW: self.tr("Renew (F4)"),
            Mode.PATRON: self.tr("New patron (F5): scan a library card"),
            Mode.HOLDS: self.tr("Hand over holds (F7)"),
        }
        self.mode_label.setText(names[mode])
        self.focus_scan_field()

    def scan_target(self) -> ScanField:
        """The field a scan belongs in now: the item field once a patron is (being) identified."""
        if self.controller.mode() is Mode.PATRON:
            return self.patron_scan
        return self.item_scan if self.controller.expects_items() else self.patron_scan

    def focus_scan_field(self) -> None:
        if QApplication.activeModalWidget() is None:
            self.scan_target().setFocus(Qt.FocusReason.OtherFocusReason)

    def take_keyboard_back(self) -> None:
        """After one of the desk's own dialogs: the window and its scan field get the keys again."""
        self.activateWindow()
        self.focus_scan_field()

    def is_locked(self) -> bool:
        return bool(self.lock_screen is not None and self.lock_screen.is_locked())

    def route_scan(self, text: str) -> None:
        """A wedge burst or a serial scan: into the focused scan field, else the mode's field.

        While one of the desk's dialogs is open, a scan goes into its focused text field
        (an ISBN scanned into the search box) and never acts on the patron behind it.
        """
        if self.is_locked():
            return  # nobody is signed in at the desk: a scan does nothing and shows nothing
        focused = QApplication.focusWidget()
        if QApplication.activeModalWidget() is not None:
            if isinstance(focused, QLineEdit):
                focused.insert(text)
                focused.returnPressed.emit()  # the scanner's Enter
            return
        field = focused if isinstance(focused, ScanField) and focused in (self.patron_scan, self.item_scan) \
            else self.scan_target()
        self._field_for_scanned(text, field).submit(text)

    def _field_for_scanned(self, text: str, field: ScanField) -> ScanField:
        """A scanner reads whatever the patron hands over, whichever field has the focus.

        The next patron's library card scanned while books are expected starts that
        patron, so the librarian never presses F5 between patrons. What a person types
        by hand into the wrong field is still refused with the reason (core's classify
        is a pure format check, cheap enough for the GUI thread).
        """
        if field is self.item_scan and self.controller.classify(text) == "patron":
            return self.patron_scan
        return field

    def _patron_scanned(self, text: str) -> None:
        self.controller.scan_patron(text)
        self.focus_scan_field()  # optimistic: the books that follow go to the item field

    # ---- answers --------------------------------------------------------------------

    def _show_answer(self, answer: Answer) -> None:
        result = answer.result
        self.banner.show_result(result.outcome, result.message, result.notes)
        desk_hooks.play_sound(result.outcome)
        self._last_slip = result.slip  # Ctrl+P prints this answer's slip, else the patron's receipt
        if answer.kind == "item" and result.outcome in (Outcome.OK, Outcome.NOTICE):
            self._select_loan(result.details.get("item_barcode", answer.text))
        self.focus_scan_field()
        if answer.kind != "patron" and result.outcome is Outcome.OK:
            self._outbox_soon.start()

    def _show_patron(self, patron: PatronView | None) -> None:
        self.patron_panel.set_patron(patron)
        loans = patron.loans if patron is not None else ()
        self.loans_model.set_loans(loans)
        overdue = sum(1 for loan in loans if loan.overdue)
        text = self.tr("Loans: {count}").format(count=len(loans))
        if overdue:
            text += "  " + self.tr("({count} overdue)").format(count=overdue)
        self.loans_count.setText(text if patron is not None else "")

    def _select_loan(self, barcode: str) -> None:
        row = self.loans_model.row_of(barcode.strip())
        if row >= 0:
            self.loans_table.selectRow(row)
            self.loans_table.scrollTo(self.loans_model.index(row, 0))

    def _show_failure(self, _label: str, error: BaseException) -> None:
        """The one place a failed core call reaches the librarian."""
        if isinstance(error, DeskError):
            self.banner.show_result(Outcome.ERROR, error.message)
        else:
            self.banner.show_text(Outcome.ERROR, self.tr(
                "Something went wrong and this scan was not done. Please scan it again; "
                "if it keeps happening, call the technician."))
        desk_hooks.play_sound(Outcome.ERROR)
        self.focus_scan_field()

    def _offer_check_in(self, barcode: str, result: ScanResult) -> None:
        """Item still on loan to someone else: Enter = check it in, then out; Esc = leave it."""
        box = QMessageBox(self)
        box.setObjectName("offerCheckIn")
        box.setAccessibleName(self.tr("Check in first?"))
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Check in first?"))
        box.setText(desk_hooks.translate_message(result.message))
        box.setInformativeText(self.tr("Enter: check it in, then lend it to this patron.  Esc: cancel."))
        yes = box.addButton(self.tr("Check in, then check out"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(yes)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)

        def finished() -> None:
            if box.clickedButton() is yes:
                self.controller.check_in_then_check_out(barcode)
            self.offer_dialog = None
            box.deleteLater()
            QTimer.singleShot(0, self.take_keyboard_back)  # once the dialog has really gone

        box.finished.connect(finished)
        self.offer_dialog = box
        box.open()

    # ---- outbox, slips, hooks ---------------------------------------------------------

    def refresh_outbox(self) -> None:
        if self._outbox_count is not None:
            self.runner.run(self._outbox_count, label="outbox count", on_success=self.status.set_outbox_count,
                            on_failure=lambda _exc: self.status.set_outbox_count(None))

    def last_slip(self) -> SlipView | None:
        return self._last_slip

    def print_slip(self) -> None:
        if self.slip_handler is not None:
            self.slip_handler(self._last_slip)

    def open_search(self) -> None:
        if self.search_handler is not None:
            self.search_handler()

    def open_devices(self) -> None:
        if self.devices_handler is not None:
            self.devices_handler()

    def lock(self) -> None:
        if self.lock_handler is not None:
            self.lock_handler()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt's name
        self._outbox_timer.stop()
        self._outbox_soon.stop()
        super().closeEvent(event)
