"""When the setup dialog shows at start, and what it is given to work with.

It shows on a desk whose settings were never set up, unless the desk is started in
training mode (`--training`: a demo machine needs no library, server or reader) or
by the start-up benchmark. It runs before sign-in and before the demo library is
added, so an enrolled desk's empty database is left for its first sync to fill.
"""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from desk_app import secret_store
from desk_app.settings import Settings
from desk_app.store.models import Branch
from desk_app.ui import startup_probe
from desk_app.ui.devices import settings as device_settings
from desk_app.ui.devices.bridge import DeviceBridge
from desk_app.ui.ops import OpRunner
from desk_app.ui.setup import values
from desk_app.ui.setup.dialog import SetupDialog
from desk_app.ui.setup.enrolment import Enrolled, enrol_desk


def needed(settings: Settings, training_flag: bool) -> bool:
    return not values.is_done(settings) and not training_flag and not startup_probe.enabled()


def wants_demo_data() -> bool:
    """The demo library fills an empty database unless the desk is enrolled: its first sync fills it then.

    A desk that has a server's address but could not enrol yet still gets the demo
    library, so staff can sign in; `libdesk sync enrol --replace-local-data` sets it
    aside when the desk is enrolled.
    """
    return not is_enrolled()


def known_branches(session_factory: sessionmaker[Session]) -> dict[str, str]:
    with session_factory() as session:
        return {b.code: b.name for b in session.scalars(select(Branch).order_by(Branch.code))}


def is_enrolled() -> bool:
    try:
        return secret_store.SERVER_TOKEN in secret_store.get_default_store()
    except Exception:  # noqa: BLE001 - an unreadable store: treat the desk as not enrolled
        return False


def run(settings: Settings, engine: Engine, session_factory: sessionmaker[Session], training: bool,
        runner: OpRunner | None = None) -> bool:
    """Show the setup dialog on its own reader bridge; True when the technician saved."""
    bridge = DeviceBridge(device_settings.load(settings), training=training)
    bridge.start()

    def enroller(server_url: str, code: str, desk_name: str) -> Enrolled:
        return enrol_desk(server_url, code, desk_name, engine)

    try:
        dialog = SetupDialog(settings, bridge, known_branches=known_branches(session_factory), enroller=enroller,
                             runner=runner, enrolled=is_enrolled())
        return dialog.exec() == SetupDialog.DialogCode.Accepted
    finally:
        bridge.stop()
