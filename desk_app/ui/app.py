"""Opening the desk: Qt with a Traditional Chinese font, the database, demo data, sign-in, the window.

`run_desk(args)` is what `python main.py` runs with no subcommand. Anything that
goes wrong before the window opens (an unreadable or foreign database) is told
in a message box a librarian understands, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.desk import DeskService
from desk_app.core.patrons.mobile_card import library_public_keys
from desk_app.core.staff.permissions import Actor
from desk_app.demo_data import ensure_demo_data
from desk_app.settings import Settings, default_data_dir, default_db_url
from desk_app.store.db import DatabaseOpenError, open_database
from desk_app.store.models import Branch, Staff
from desk_app.store.outbox import pending_count
from desk_app.ui import desk_hooks
from desk_app.ui.devices import settings as device_settings
from desk_app.ui.training import devices as training_devices
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.i18n import install_translators
from desk_app.ui.desk.main_window import DeskWindow
from desk_app.ui.ops import OpRunner
from desk_app.ui.staff.sign_in import sign_in

log = logging.getLogger(__name__)

EXIT_DB_ERROR = 3


def make_application(lang: str) -> QApplication:
    """The QApplication in `lang` (zh_TW by default), with a Traditional Chinese font named first.

    Without a named family Qt's fallback draws Japanese glyph forms for Han text
    (STACK-NOTES); `install_translators` names "Noto Sans CJK TC", then
    "Microsoft JhengHei UI", ahead of the default.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("LibDesk")
    app.setOrganizationName("LibDesk")
    install_translators(app, lang)
    return app


def fill_demo_data(session_factory: sessionmaker[Session]) -> None:
    """An empty database gets the small demo library, so a fresh machine opens on something real.

    The demo staff passwords are shown once, on screen only (never logged).
    """
    report = ensure_demo_data(session_factory)
    if report is None or not report.staff_passwords:
        return
    accounts = "\n".join(f"{user}: {password}" for user, password in sorted(report.staff_passwords.items()))
    notice = QMessageBox(QMessageBox.Icon.Information, QCoreApplication.translate("DeskApp", "LibDesk demo library"),
                         QCoreApplication.translate(
                             "DeskApp", "This desk was filled with a fictitious demo library. "
                                        "Demo staff accounts (shown only this once):") + "\n\n" + accounts)
    notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # so a password can be copied
    notice.exec()


def desk_labels(session_factory: sessionmaker[Session], actor: Actor) -> tuple[str, str]:
    """(staff display name, branch name) for the status bar; read once, before the window opens."""
    with session_factory() as session:
        staff = session.get(Staff, actor.staff_id) if actor.staff_id is not None else None
        branch = session.get(Branch, actor.branch_id)
        if branch is None:
            branch = session.scalars(select(Branch).order_by(Branch.id).limit(1)).first()
        return (staff.display_name if staff else actor.username), (branch.name if branch else "")


def outbox_counter(session_factory: sessionmaker[Session]) -> Callable[[], int]:
    def count() -> int:
        with session_factory() as session:
            return pending_count(session)

    return count


def token_public_key(settings: Settings, session_factory: sessionmaker[Session] | None = None
                     ) -> bytes | dict[int, bytes] | None:
    """The Ed25519 public key(s) mobile library cards are verified with (not secret).

    Settings "desk"/"mobile_token_public_key" (hex) wins; otherwise the library's keys in
    the database (LibrarySetting mobile_token.public_keys, which the demo data writes).
    """
    value = settings.get("desk", "mobile_token_public_key", "")
    try:
        if value:
            return bytes.fromhex(value)
    except ValueError:
        log.warning("the mobile card public key in the settings is not hex; mobile cards are off")
        return None
    if session_factory is None:
        return None
    with session_factory() as session:
        return library_public_keys(session) or None


def build_window(service: DeskService, runner: OpRunner, session_factory: sessionmaker[Session], actor: Actor,
                 settings: Settings, training: bool) -> tuple[DeskWindow, DeviceBridge | None]:
    """The desk window with every part plugged in; returns (window, device bridge or None)."""
    staff_name, branch_name = desk_labels(session_factory, actor)
    window = DeskWindow(service, runner, staff_name=staff_name, staff_role=actor.role.value,
                        branch_name=branch_name, outbox_count=outbox_counter(session_factory))
    desk_hooks.install_wedge(window, settings)
    desk_hooks.install_slips(window, default_data_dir() / "slips", branch_name)
    desk_hooks.install_search(window, session_factory)
    desk_hooks.install_sounds(window, settings)
    desk_hooks.install_lock(window, session_factory, actor, settings, staff_name)
    desk_hooks.install_reveal(window)
    desk_hooks.install_holds_expiry(window)
    bridge: DeviceBridge | None = None
    try:
        bridge = DeviceBridge(device_settings.load(settings), training=training, parent=window)
        desk_hooks.install_devices(window, bridge, settings, actor)
        bridge.start()
    except Exception:  # a desk without readers still lends books by barcode
        log.exception("the device bridge could not start; continuing without card readers")
    if bridge is not None:
        try:  # no hardware found: a virtual scanner and virtual cards, labelled as training (F9)
            training_devices.install(window, bridge, settings, session_factory, actor)
        except Exception:  # training devices are a convenience, never a reason not to open the desk
            log.exception("the training devices could not start")
    return window, bridge


def run_desk(args: argparse.Namespace) -> int:
    """Open the desk window; returns the process exit code."""
    settings = Settings()
    lang = getattr(args, "lang", None) or settings.get("desk", "language", "zh_TW")
    training = device_settings.training_mode(settings, bool(getattr(args, "training", False)))
    app = make_application(lang)
    url = getattr(args, "db", None) or default_db_url()
    try:
        engine, session_factory = open_database(url)
    except DatabaseOpenError as exc:
        QMessageBox.critical(None, QCoreApplication.translate("DeskApp", "LibDesk cannot open its database"),
                             str(exc))
        return EXIT_DB_ERROR
    try:
        fill_demo_data(session_factory)
        from desk_app.ui import startup_probe  # python -m benchmarks times the start (LIBDESK_STARTUP_PROBE=1)

        probe = startup_probe.enabled()
        if probe:
            actor = startup_probe.sign_in_from_stdin(session_factory, settings)
        else:
            actor = sign_in(session_factory, settings)
        if actor is None:
            return 0
        runner = OpRunner()
        service = DeskService(session_factory, actor, token_public_key=token_public_key(settings, session_factory))
        window, bridge = build_window(service, runner, session_factory, actor, settings, training)
        window.show()
        if probe:
            startup_probe.report_when_ready(window, window.scan_target())
        code = app.exec()
        if bridge is not None:
            bridge.stop()
        runner.shutdown()
        return int(code)
    finally:
        engine.dispose()
