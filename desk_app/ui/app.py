"""Opening the desk: Qt with a Traditional Chinese font, the database, demo data, sign-in, the window.

`run_desk(args)` is what `python main.py` runs with no subcommand. Anything that
goes wrong before the window opens (an unreadable or foreign database) is told
in a message box a librarian understands, never a traceback. The desk's one op
runner starts before sign-in (the password check runs on it) and stops last;
the window and its parts come from ui/assembly.py.
"""

from __future__ import annotations

import argparse
import logging
import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.desk import DeskService
from desk_app.core.patrons.mobile_card import library_public_keys
from desk_app.demo_data import ensure_demo_data
from desk_app.settings import Settings, default_db_url
from desk_app.store.db import DatabaseOpenError, open_database
from desk_app.ui.assembly import build_window
from desk_app.ui.devices import settings as device_settings
from desk_app.ui.i18n import install_translators
from desk_app.ui.ops import OpRunner
from desk_app.ui.setup import first_run
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
    runner = OpRunner()
    try:
        if first_run.needed(settings, training):  # a technician's first start: the setup dialog
            if not first_run.run(settings, engine, session_factory, training, runner):
                return 0
            training = device_settings.training_mode(settings, bool(getattr(args, "training", False)))
        if first_run.wants_demo_data():  # an enrolled desk is filled by its first sync instead
            fill_demo_data(session_factory)
        from desk_app.ui import startup_probe  # python -m benchmarks times the start (LIBDESK_STARTUP_PROBE=1)

        probe = startup_probe.enabled()
        if probe:
            actor = startup_probe.sign_in_from_stdin(session_factory, settings)
        else:
            actor = sign_in(session_factory, settings, runner)
        if actor is None:
            return 0
        service = DeskService(session_factory, actor, token_public_key=token_public_key(settings, session_factory))
        window, bridge = build_window(service, runner, session_factory, actor, settings, training)
        window.show()
        if probe:
            startup_probe.report_when_ready(window, window.scan_target(), window.parts.sounds)
        code = app.exec()
        if bridge is not None:
            bridge.stop()
        return int(code)
    finally:
        runner.shutdown()
        engine.dispose()
