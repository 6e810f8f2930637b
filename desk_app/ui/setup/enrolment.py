"""The seam between the setup dialog and the central server: enrol this desk with a one-time code.

Enrolment trades the technician's code for this desk's own token, which goes to the
secret store (never the settings file). The client that talks to the server is
desk_app.sync (built beside this): when this LibDesk has it, `enrol_desk` calls it;
when it does not, EnrolmentUnavailable says so and the setup keeps the server's
address so the desk can be enrolled later (`libdesk sync enrol`). Runs off the GUI
thread (it waits on the network).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from sqlalchemy import Engine

from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError


class EnrolmentUnavailable(DeskError):
    code = "enrolment_unavailable"

    def __init__(self) -> None:
        super().__init__(QT_TRANSLATE_NOOP(
            "core", "This version of LibDesk cannot enrol with a central server yet. The server's address "
                    "was saved; enrol the desk later with: libdesk sync enrol"))


class EnrolmentFailed(DeskError):
    code = "enrolment_failed"


class LocalLibraryData(DeskError):
    """The desk's file already holds a library (the demo one): it must not be mixed with the server's."""

    code = "local_library_data"

    def __init__(self) -> None:
        super().__init__(QT_TRANSLATE_NOOP(
            "core", "This desk's database already holds library data (for example the demo library), which must "
                    "not be mixed with the central server's library. Nothing was changed. Enrol with: "
                    "libdesk sync enrol --replace-local-data (the old file is kept as a backup)."))


@dataclass(frozen=True)
class Enrolled:
    """What the server said about this desk (the token went straight to the secret store)."""

    desk_id: str
    branch_code: str
    desk_name: str

    def __repr__(self) -> str:
        return f"Enrolled(desk_id={self.desk_id!r}, branch_code={self.branch_code!r})"


def sync_client_available() -> bool:
    """Whether this LibDesk carries the central server's client (desk_app.sync's enrolment)."""
    try:
        importlib.import_module("desk_app.sync.enrol")
        importlib.import_module("desk_app.sync.client")
    except ImportError:
        return False
    return True


def enrol_desk(server_url: str, code: str, desk_name: str, engine: Engine) -> Enrolled:
    """Enrol with the server; the token goes to the secret store. Raises a DeskError in words on failure."""
    if not sync_client_available():
        raise EnrolmentUnavailable()
    from desk_app.demo_data.generator import is_empty

    with engine.connect() as conn:
        if not is_empty(conn):
            raise LocalLibraryData()
    from desk_app import secret_store
    from desk_app.sync.client import SyncClient  # type: ignore[import-not-found]
    from desk_app.sync.enrol import enrol  # type: ignore[import-not-found]

    client = SyncClient(server_url, None)
    try:
        try:
            done = enrol(client, engine, code, desk_name)
        except DeskError:
            raise
        except Exception as exc:  # the sync package's own errors carry their words in .text/.params
            text = getattr(exc, "text", None)
            if text:
                raise EnrolmentFailed(text, **getattr(exc, "params", {})) from None
            raise
    finally:
        client.close()
    secret_store.get_default_store().set(secret_store.SERVER_TOKEN, done.token)
    return Enrolled(done.desk_id, done.branch_code, done.desk_name)
