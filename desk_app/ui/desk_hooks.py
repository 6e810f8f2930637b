"""Where the desk window meets the parts built beside it: sounds, slips, devices, wedge, search, lock.

The window itself knows only scans, answers and handler slots; this module plugs
the other parts into those slots, so each can change without the window
changing, and the window can be tested with only the parts a test needs.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar

from desk_app.core.messages import Message
from desk_app.core.views import Outcome, SlipView
from desk_app.settings import Settings
from desk_app.ui.i18n import tr_core

if TYPE_CHECKING:
    from desk_app.ui.desk.main_window import DeskWindow
    from desk_app.ui.devices.wedge_filter import WedgeFilter

log = logging.getLogger(__name__)


def install_sounds(window: DeskWindow, settings: Settings) -> QAction:
    """The desk's sounds with the user's settings, and a "Mute sounds" (Ctrl+M) action on its toolbar."""
    from desk_app.ui.desk import sounds

    player = sounds.install(settings)
    action = sounds.mute_action(window, player)
    toolbar = window.findChild(QToolBar, "deskToolbar")
    (toolbar or window).addAction(action)
    return action


def play_sound(outcome: Outcome) -> None:
    """The sound for `outcome`; never lets a sound problem disturb a scan."""
    try:
        from desk_app.ui.desk import sounds
    except ImportError:  # pragma: no cover - sounds are optional on a stripped install
        return
    try:
        sounds.play(outcome)
    except Exception:  # a missing sound device is not the librarian's problem
        log.warning("could not play the %s sound", outcome.value, exc_info=True)


def translate_message(message: Message) -> str:
    return tr_core(message)


def install_wedge(window: DeskWindow, settings: Any = None) -> WedgeFilter:
    """Keyboard-wedge bursts anywhere in the desk go to the right scan field (installed app-wide).

    The thresholds are the ones the technician saved in the device panel (defaults without settings).
    """
    from desk_app.ui.devices import settings as device_settings
    from desk_app.ui.devices.wedge_filter import WedgeFilter

    thresholds = device_settings.load(settings).wedge_settings() if settings is not None else None
    wedge = WedgeFilter(thresholds, parent=window)
    window.wedge_filter = wedge
    for field in (window.patron_scan, window.item_scan):
        WedgeFilter.prepare_scan_field(field)
    wedge.scanned.connect(window.route_scan)
    wedge.install()
    window.destroyed.connect(lambda *_: _uninstall(wedge))
    return wedge


def _uninstall(wedge: Any) -> None:
    try:
        wedge.uninstall()
    except RuntimeError:  # already gone with the application
        pass


def install_devices(window: DeskWindow, bridge: Any, settings: Any, actor: Any) -> None:
    """Cards tapped identify the patron; serial scans go where wedge scans go; F8 opens the panel."""
    from desk_app.ui.devices import status as device_status
    from desk_app.ui.devices.panel import open_device_panel

    widget = device_status.DeviceStatusWidget(bridge, window.status)
    window.status.add_device_widget(widget)
    bridge.studentCardRead.connect(lambda uid, number, problem: on_card_read(window, uid, number, problem))
    bridge.barcodeRead.connect(lambda text, _symbology, _source: window.route_scan(text))
    def open_panel() -> None:
        current = window.lock_screen.actor() if window.lock_screen is not None else actor
        open_device_panel(bridge, settings, current, window, on_saved=lambda new, changes: devices_saved(
            window, new, changes))
        window.take_keyboard_back()

    window.devices_handler = open_panel


def devices_saved(window: DeskWindow, new: Any, changes: dict[str, object]) -> None:
    """After a permitted save: the wedge filter takes the new thresholds, and core audits what changed."""
    if window.wedge_filter is not None:
        window.wedge_filter.set_settings(new.wedge_settings())
    window.runner.run(window.service.record_device_settings, changes, label="audit device settings")


def on_card_read(window: DeskWindow, uid_hex: str, card_number: str, problem: str) -> None:
    """A card on the patron reader: a student card by its record, else an EasyCard/iPass by its UID."""
    if window.is_locked():
        return
    if problem:
        window.banner.show_text(Outcome.ERROR, problem)
        play_sound(Outcome.ERROR)
    elif card_number:
        window.controller.tap_student_card(uid_hex, card_number)
    elif uid_hex:
        window.controller.tap_transit_card(uid_hex)


def install_slips(window: DeskWindow, pdf_dir: Path, branch_name: str = "") -> None:
    """Ctrl+P: the last hold/transit slip, else a receipt of the patron's loans; PDF without a printer."""
    from desk_app.ui.desk import slip

    def say(outcome: Outcome, text: str) -> None:
        window.banner.show_text(outcome, text)

    def print_slip(last: SlipView | None) -> None:
        # Context "DeskWindow": what window.tr() would look up, but visible to lupdate from this module.
        patron = window.controller.patron()
        if last is not None:
            content = slip.SlipContent(slip=last, branch=branch_name)
        elif patron is not None:
            content = slip.receipt(patron, branch=branch_name)
        else:
            say(Outcome.NOTICE, QCoreApplication.translate("DeskWindow", "Nothing to print: identify a patron first."))
            return
        try:
            done = slip.print_or_save(content, pdf_dir)
        except Exception:  # a printer problem must not stop the desk
            log.exception("printing a slip failed")
            say(Outcome.ERROR, QCoreApplication.translate("DeskWindow", "The slip could not be printed or saved."))
            return
        if done.printer:
            say(Outcome.OK, QCoreApplication.translate("DeskWindow", "Slip sent to the printer {printer}.")
                .format(printer=done.printer))
        else:
            say(Outcome.OK, QCoreApplication.translate("DeskWindow", "No printer: the slip was saved as {path}.")
                .format(path=str(done.pdf)))

    window.slip_handler = print_slip


def install_search(window: DeskWindow, session_factory: Any) -> None:
    """F6: catalog search on the desk's own op runner; Enter on a hit places a hold for the patron."""
    from desk_app.ui.desk.search_dialog import SearchDialog, catalog_search

    search = catalog_search(session_factory)

    def open_search() -> None:
        patron = window.controller.patron() if window.controller.expects_items() else None
        dialog = SearchDialog(search, runner=window.runner, parent=window,
                              on_place_hold=lambda hit: window.controller.place_hold(hit.bib_id),
                              patron_name=patron.name if patron is not None else None)
        def closed(_code: int) -> None:
            dialog.deleteLater()
            window.search_dialog = None
            window.take_keyboard_back()

        dialog.finished.connect(closed)
        window.search_dialog = dialog
        dialog.open()

    window.search_handler = open_search


def install_lock(window: DeskWindow, session_factory: Any, actor: Any, settings: Any, staff_name: str = "") -> None:
    """Ctrl+L and the idle timer lock the desk; another staff member may sign in at the lock screen."""
    from desk_app.ui.staff.lock_screen import install_lock as install_lock_screen

    def actor_changed(new_actor: Any) -> None:
        # Queued like a scan: every scan before the switch is done as the previous staff member.
        window.runner.run(setattr, window.service, "actor", new_actor, label="switch staff")
        window.status.set_staff(new_actor.username, new_actor.role.value)

    install_lock_screen(window, session_factory, actor, settings, runner=window.runner, staff_name=staff_name,
                        on_actor_changed=actor_changed)
    _link_lock(window)


def install_reveal(window: DeskWindow, hide_after_ms: int | None = None) -> Any:
    """The masked ID in the patron panel gets "Show" (Ctrl+Shift+I) for roles allowed to reveal.

    The reveal runs on the desk's op runner as the staff member signed in at that moment
    (core checks and audits it); the ID hides itself after a few seconds, on another
    patron, and when the desk locks.
    """
    from desk_app.core.staff.permissions import Action
    from desk_app.ui.staff.reveal import DEFAULT_HIDE_AFTER_MS, RevealField

    field = RevealField(lambda patron_id: window.service.reveal_national_id(patron_id),
                        allowed=window.service.actor.may(Action.REVEAL_NATIONAL_ID), runner=window.runner,
                        hide_after_ms=hide_after_ms or DEFAULT_HIDE_AFTER_MS, parent=window.patron_panel)
    window.patron_panel.attach_reveal(field)
    _link_lock(window)
    return field


def install_holds_expiry(window: DeskWindow, clock: Any = None) -> Any:
    """Expire holds past their shelf date now and after each midnight; a quiet notice if any did."""
    from desk_app.ui.desk.holds_expiry import HoldsExpiry, show_expired

    expiry = HoldsExpiry(window.runner, lambda: window.service.expire_holds(), clock=clock, parent=window)
    expiry.expired.connect(lambda results: show_expired(window, results))
    window.holds_expiry = expiry
    _link_lock(window)
    expiry.start()
    return expiry


def _link_lock(window: DeskWindow) -> None:
    """Whatever is installed first, connect the lock to the reveal field and the holds expiry exactly once."""
    from desk_app.core.staff.permissions import Action

    lock = window.lock_screen
    if lock is None:
        return
    linked: set[str] | None = getattr(lock, "_libdesk_links", None)
    if linked is None:
        linked = set()
        lock._libdesk_links = linked
    reveal = window.patron_panel.reveal
    if reveal is not None and "reveal" not in linked:
        linked.add("reveal")
        lock.lockedChanged.connect(lambda locked: reveal.conceal() if locked else None)
        lock.actorChanged.connect(lambda new_actor: reveal.set_allowed(new_actor.may(Action.REVEAL_NATIONAL_ID)))
    expiry = window.holds_expiry
    if expiry is not None and "expiry" not in linked:
        linked.add("expiry")
        lock.lockedChanged.connect(lambda locked: None if locked else expiry.check_date())
