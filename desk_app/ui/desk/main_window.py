"""The circulation desk window: two scan fields, a result banner, the patron and their loans.

Keyboard first: a key for each mode (F2 check out, F3 check in, F4 renew, F5 new
patron, F6 search, F7 hand over holds, F8 devices), Ctrl+Z undoes the last
checkout, Ctrl+P prints a slip, Ctrl+L locks. The scan fields keep focus. The
window never waits on the database: every core call goes through the
DeskController onto the op runner's queue, and answers come back as signals.
Its parts (sounds, lock, readers, search ...) are given in one DeskParts at
construction and wired here; after each op the runner's `changed` signal says
what to refresh (the sync count, the patron on screen), nothing polls.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
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

from desk_app.core.desk import DeskService
from desk_app.core.messages import DeskError
from desk_app.core.staff.permissions import Action, Actor
from desk_app.core.views import Outcome, PatronView, ScanResult, SlipView
from desk_app.ui.desk import slip, sounds
from desk_app.ui.desk.desk_controller import Answer, DeskController, Mode
from desk_app.ui.desk.holds_expiry import HoldsExpiry, show_expired
from desk_app.ui.desk.loans_model import LoansModel
from desk_app.ui.desk.parts import DeskParts, DevicesPart, HoldsExpiryPart, LockPart, RevealPart
from desk_app.ui.desk.patron_panel import PatronPanel
from desk_app.ui.desk.result_banner import ResultBanner
from desk_app.ui.desk.scan_field import ScanField
from desk_app.ui.desk.search_dialog import SearchDialog
from desk_app.ui.desk.status_bar import DeskStatusBar
from desk_app.ui.devices.panel import open_device_panel
from desk_app.ui.devices.settings import DeviceSettings
from desk_app.ui.devices.status import DeviceStatusWidget
from desk_app.ui.devices.wedge_filter import WedgeFilter
from desk_app.ui.ops import Changes, OpRunner
from desk_app.ui.staff.lock_screen import LockScreen
from desk_app.ui.staff.reveal import RevealField
from drivers.keyboard_wedge import WedgeSettings

log = logging.getLogger(__name__)


class DeskWindow(QMainWindow):
    """The counter. `service` is core's DeskService; `runner` the one op runner of the desk."""

    def __init__(self, service: DeskService, runner: OpRunner, parts: DeskParts | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        parts = parts or DeskParts()
        self.setObjectName("deskWindow")
        self.setWindowTitle(self.tr("LibDesk — Circulation desk"))
        self.setAccessibleName(self.tr("Circulation desk"))
        self.runner = runner
        self.service = service
        self.parts = parts
        self.controller = DeskController(service, runner, self)
        self._last_slip: SlipView | None = None
        self._outbox_stale = parts.outbox_count is not None  # count once at start, then after changes
        self.offer_dialog: QMessageBox | None = None
        self.search_dialog: SearchDialog | None = None  # the open F6 dialog, if any

        self._build_widgets()
        self._build_actions()
        self.resize(1280, 800)
        self.status = DeskStatusBar(self)
        self.setStatusBar(self.status)
        self.status.set_staff(parts.labels.staff_name, parts.labels.staff_role)
        self.status.set_branch(parts.labels.branch_name)

        self.patron_scan.scanned.connect(self._patron_scanned)
        self.item_scan.scanned.connect(self.controller.scan_item)
        self.controller.answered.connect(self._show_answer)
        self.controller.patronChanged.connect(self._show_patron)
        self.controller.offerCheckIn.connect(self._offer_check_in)
        self.controller.modeChanged.connect(self._show_mode)
        self.runner.failed.connect(self._show_failure)
        self.runner.changed.connect(self._changed)
        self.runner.idle.connect(self._count_outbox_when_idle)

        self.wedge_filter = self._make_wedge(parts.wedge) if parts.wedge is not None else None
        if parts.sounds is not None:
            self._toolbar.addAction(sounds.mute_action(self, parts.sounds))
        self.lock_screen = self._make_lock(parts.lock) if parts.lock is not None else None
        self.reveal = self._make_reveal(parts.reveal) if parts.reveal is not None else None
        self.holds_expiry = self._make_holds_expiry(parts.holds_expiry) if parts.holds_expiry else None
        if parts.devices is not None:
            self._plug_devices(parts.devices)
        self._count_outbox_when_idle()
        self._show_mode(self.controller.mode())
        if self.holds_expiry is not None:
            self.holds_expiry.start()

    # ---- parts ------------------------------------------------------------------------

    def _make_wedge(self, thresholds: WedgeSettings) -> WedgeFilter:
        """Keyboard-wedge bursts anywhere in the desk go to the right scan field (filter installed app-wide)."""
        wedge = WedgeFilter(thresholds, parent=self)
        for field in (self.patron_scan, self.item_scan):
            WedgeFilter.prepare_scan_field(field)
        wedge.scanned.connect(self.route_scan)
        wedge.install()
        self.destroyed.connect(lambda *_: _uninstall(wedge))
        return wedge

    def _make_lock(self, part: LockPart) -> LockScreen:
        """Ctrl+L (the window's own action) and the idle timer lock; another staff member may sign in."""
        lock = LockScreen(self, part.verify, part.actor, protected=[self._central], idle_ms=part.idle_ms,
                          runner=self.runner, shortcut=False, staff_name=part.staff_name)
        lock.actorChanged.connect(self._actor_changed)
        return lock

    def _actor_changed(self, actor: Actor) -> None:
        # Queued like a scan: every scan before the switch is done as the previous staff member.
        self.runner.run(setattr, self.service, "actor", actor, label="switch staff")
        self.status.set_staff(actor.username, actor.role.value)
        if self.reveal is not None:
            self.reveal.set_allowed(actor.may(Action.REVEAL_NATIONAL_ID))

    def _make_reveal(self, part: RevealPart) -> RevealField:
        """"Show" beside the masked ID, on the op runner as whoever is signed in then (core checks and audits)."""
        field = RevealField(self.service.reveal_national_id, allowed=self.service.actor.may(Action.REVEAL_NATIONAL_ID),
                            runner=self.runner, hide_after_ms=part.hide_after_ms, parent=self.patron_panel)
        self.patron_panel.attach_reveal(field)
        if self.lock_screen is not None:
            self.lock_screen.lockedChanged.connect(lambda locked: field.conceal() if locked else None)
        return field

    def _make_holds_expiry(self, part: HoldsExpiryPart) -> HoldsExpiry:
        """Holds past their shelf date expire at start and after midnight; the date is checked again on unlock."""
        expiry = HoldsExpiry(self.runner, self.service.expire_holds, clock=part.clock, parent=self)
        expiry.expired.connect(lambda results: show_expired(self, results))
        if self.lock_screen is not None:
            self.lock_screen.lockedChanged.connect(lambda locked: None if locked else expiry.check_date())
        return expiry

    def _plug_devices(self, part: DevicesPart) -> None:
        """Cards tapped identify the patron; serial scans go where wedge scans go; F8 opens the panel."""
        bridge = part.bridge
        if bridge.parent() is None:
            bridge.setParent(self)  # the bridge goes with the window
        self.status.add_device_widget(DeviceStatusWidget(bridge, self.status))
        bridge.studentCardRead.connect(self.card_tapped)
        bridge.barcodeRead.connect(lambda text, _symbology, _source: self.route_scan(text))

    def current_actor(self) -> Actor:
        """Who is signed in now (the lock screen knows first; the service learns it in queue order)."""
        return self.lock_screen.actor() if self.lock_screen is not None else self.service.actor

    def card_tapped(self, uid_hex: str, card_number: str, problem: str) -> None:
        """A card on the patron reader: a student card by its record, else an EasyCard/iPass by its UID."""
        if self.is_locked():
            return
        if problem:
            self.banner.show_text(Outcome.ERROR, problem)
            self._play(Outcome.ERROR)
        elif card_number:
            self.controller.tap_student_card(uid_hex, card_number)
        elif uid_hex:
            self.controller.tap_transit_card(uid_hex)

    def _play(self, outcome: Outcome) -> None:
        """The outcome's sound; a sound problem never disturbs a scan."""
        if self.parts.sounds is None:
            return
        try:
            self.parts.sounds.play(outcome)
        except Exception:  # a missing sound device is not the librarian's problem
            log.warning("could not play the %s sound", outcome.value, exc_info=True)

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

        central = self._central = QWidget(self)
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
        self._toolbar = toolbar

        def action(name: str, text: str, key: str, slot: Callable[[], None]) -> None:
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

        for name, text, key, slot in (
            ("checkOut", self.tr("Check out"), "F2", lambda: self.set_mode(Mode.CHECK_OUT)),
            ("checkIn", self.tr("Check in"), "F3", lambda: self.set_mode(Mode.CHECK_IN)),
            ("renew", self.tr("Renew"), "F4", lambda: self.set_mode(Mode.RENEW)),
            ("patron", self.tr("New patron"), "F5", lambda: self.set_mode(Mode.PATRON)),
            ("search", self.tr("Search"), "F6", self.open_search),
            ("holds", self.tr("Hand over holds"), "F7", lambda: self.set_mode(Mode.HOLDS)),
            ("devices", self.tr("Devices"), "F8", self.open_devices),
            ("renewAll", self.tr("Renew all"), "Ctrl+R", self.controller.renew_all),
            ("undo", self.tr("Undo last checkout"), "Ctrl+Z", self.controller.undo_last_checkout),
            ("print", self.tr("Print slip"), "Ctrl+P", self.print_slip),
            ("lock", self.tr("Lock"), "Ctrl+L", self.lock),
        ):
            action(name, text, key, slot)

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
        self._play(result.outcome)
        self._last_slip = result.slip  # Ctrl+P prints this answer's slip, else the patron's receipt
        if answer.kind == "item" and result.outcome in (Outcome.OK, Outcome.NOTICE):
            self._select_loan(result.details.get("item_barcode", answer.text))
        self.focus_scan_field()

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
        self._play(Outcome.ERROR)
        self.focus_scan_field()

    def _offer_check_in(self, barcode: str, result: ScanResult) -> None:
        """Item still on loan to someone else: Enter = check it in, then out; Esc = leave it."""
        box = QMessageBox(self)
        box.setObjectName("offerCheckIn")
        box.setAccessibleName(self.tr("Check in first?"))
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Check in first?"))
        box.setText(self.parts.translate_message(result.message))
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

    # ---- after a change: the sync count, the patron on screen -----------------------------

    def _changed(self, changes: Changes) -> None:
        if changes.outbox and self.parts.outbox_count is not None:
            self._outbox_stale = True  # counted once the queue is empty: a burst of scans asks once
        self.controller.refresh_after(changes)

    def _count_outbox_when_idle(self) -> None:
        if self._outbox_stale and self.runner.is_idle():
            self.refresh_outbox()

    def refresh_outbox(self) -> None:
        count = self.parts.outbox_count
        if count is not None:
            self._outbox_stale = False
            self.runner.run(count, label="outbox count", on_success=self.status.set_outbox_count,
                            on_failure=lambda _exc: self.status.set_outbox_count(None))

    # ---- slips, search, devices, lock ---------------------------------------------------

    def last_slip(self) -> SlipView | None:
        return self._last_slip

    def print_slip(self) -> None:
        """Ctrl+P: the last hold/transit slip, else a receipt of the patron's loans; PDF without a printer."""
        part = self.parts.slips
        if part is None:
            return
        patron = self.controller.patron()
        if self._last_slip is not None:
            content = slip.SlipContent(slip=self._last_slip, branch=part.branch_name)
        elif patron is not None:
            content = slip.receipt(patron, branch=part.branch_name)
        else:
            self.banner.show_text(Outcome.NOTICE, self.tr("Nothing to print: identify a patron first."))
            return
        try:
            done = slip.print_or_save(content, part.pdf_dir)
        except Exception:  # a printer problem must not stop the desk
            log.exception("printing a slip failed")
            self.banner.show_text(Outcome.ERROR, self.tr("The slip could not be printed or saved."))
            return
        if done.printer:
            self.banner.show_text(Outcome.OK, self.tr("Slip sent to the printer {printer}.")
                                  .format(printer=done.printer))
        else:
            self.banner.show_text(Outcome.OK, self.tr("No printer: the slip was saved as {path}.")
                                  .format(path=str(done.pdf)))

    def open_search(self) -> None:
        """F6: catalog search on the desk's op runner; Enter on a hit places a hold for the patron."""
        search = self.parts.search
        if search is None:
            return
        patron = self.controller.patron() if self.controller.expects_items() else None
        dialog = SearchDialog(search, runner=self.runner, parent=self,
                              on_place_hold=lambda hit: self.controller.place_hold(hit.bib_id),
                              patron_name=patron.name if patron is not None else None)

        def closed(_code: int) -> None:
            dialog.deleteLater()
            self.search_dialog = None
            self.take_keyboard_back()

        dialog.finished.connect(closed)
        self.search_dialog = dialog
        dialog.open()

    def open_devices(self) -> None:
        """F8: the device panel (modal); a permitted save re-tunes the wedge filter and is audited in core."""
        part = self.parts.devices
        if part is None:
            return
        open_device_panel(part.bridge, part.settings, self.current_actor(), self, on_saved=self._devices_saved)
        self.take_keyboard_back()

    def _devices_saved(self, new: DeviceSettings, changes: dict[str, object]) -> None:
        if self.wedge_filter is not None:
            self.wedge_filter.set_settings(new.wedge_settings())
        self.runner.run(self.service.record_device_settings, changes, label="audit device settings")

    def lock(self) -> None:
        if self.lock_screen is not None:
            self.lock_screen.lock()



def _uninstall(wedge: WedgeFilter) -> None:
    try:
        wedge.uninstall()
    except RuntimeError:  # already gone with the application
        pass
