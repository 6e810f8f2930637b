"""Where the desk window meets the parts built beside it: sounds, slips, devices, wedge, search, lock.

The window itself knows only scans, answers and handler slots; this module plugs
the other parts into those slots, so each can change without the window
changing, and the window can be tested with only the parts a test needs.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk_app.core.messages import Message
from desk_app.core.views import Outcome, SlipView
from desk_app.ui.i18n import tr_core

if TYPE_CHECKING:
    from desk_app.ui.main_window import DeskWindow
    from desk_app.ui.wedge_filter import WedgeFilter

log = logging.getLogger(__name__)


def play_sound(outcome: Outcome) -> None:
    """The sound for `outcome`; never lets a sound problem disturb a scan."""
    try:
        from desk_app.ui import sounds
    except ImportError:  # pragma: no cover - sounds are optional on a stripped install
        return
    try:
        sounds.play(outcome)
    except Exception:  # a missing sound device is not the librarian's problem
        log.warning("could not play the %s sound", outcome.value, exc_info=True)


def translate_message(message: Message) -> str:
    return tr_core(message)


def install_wedge(window: DeskWindow) -> WedgeFilter:
    """Keyboard-wedge bursts anywhere in the desk go to the right scan field (installed app-wide)."""
    from desk_app.ui.wedge_filter import WedgeFilter

    wedge = WedgeFilter(parent=window)
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
    from desk_app.ui import device_status
    from desk_app.ui.device_panel import open_device_panel

    widget = device_status.DeviceStatusWidget(bridge, window.status)
    window.status.add_device_widget(widget)
    bridge.studentCardRead.connect(lambda uid, number, problem: on_card_read(window, uid, number, problem))
    bridge.barcodeRead.connect(lambda text, _symbology, _source: window.route_scan(text))
    def open_panel() -> None:
        open_device_panel(bridge, settings, actor, window)
        window.take_keyboard_back()

    window.devices_handler = open_panel


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
    from desk_app.ui import slip

    def print_slip(last: SlipView | None) -> None:
        patron = window.controller.patron()
        if last is not None:
            content = slip.SlipContent(slip=last, branch=branch_name)
        elif patron is not None:
            content = slip.receipt(patron, branch=branch_name)
        else:
            window.banner.show_text(Outcome.NOTICE, window.tr("Nothing to print: identify a patron first."))
            return
        try:
            done = slip.print_or_save(content, pdf_dir)
        except Exception:  # a printer problem must not stop the desk
            log.exception("printing a slip failed")
            window.banner.show_text(Outcome.ERROR, window.tr("The slip could not be printed or saved."))
            return
        if done.printer:
            window.banner.show_text(Outcome.OK, window.tr("Slip sent to the printer {printer}.")
                                    .format(printer=done.printer))
        else:
            window.banner.show_text(Outcome.OK, window.tr("No printer: the slip was saved as {path}.")
                                    .format(path=str(done.pdf)))

    window.slip_handler = print_slip


def install_search(window: DeskWindow, session_factory: Any) -> None:
    """F6: catalog search on the desk's own op runner; Enter on a hit places a hold for the patron."""
    from desk_app.ui.search_dialog import SearchDialog, catalog_search

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
    from desk_app.ui.lock_screen import install_lock as install_lock_screen

    def actor_changed(new_actor: Any) -> None:
        # Queued like a scan: every scan before the switch is done as the previous staff member.
        window.runner.run(setattr, window.service, "actor", new_actor, label="switch staff")
        window.status.set_staff(new_actor.username, new_actor.role.value)

    install_lock_screen(window, session_factory, actor, settings, runner=window.runner, staff_name=staff_name,
                        on_actor_changed=actor_changed)
