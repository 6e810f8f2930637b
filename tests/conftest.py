"""Shared fixtures: a real SQLite file per test, offscreen Qt, log capture for the privacy scan."""

from __future__ import annotations

pytest_plugins = ["tests.pcsc_fixtures", "tests.pg_fixtures"]  # a real pcscd + vpcd; a real PostgreSQL

import os
import sys

# Without a display, pytest-qt aborts the process unless Qt renders offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the real user's keyring or secret file (tests of the file backend pass their own dirs).
os.environ.setdefault("LIBDESK_SECRET_BACKEND", "memory")

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from desk_app.store.db import open_database


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'desk.db'}"


@pytest.fixture
def store(db_url: str):
    """(engine, sessionmaker) on a fresh, migrated SQLite file."""
    engine, factory = open_database(db_url)
    yield engine, factory
    engine.dispose()


@pytest.fixture
def session_factory(store) -> sessionmaker[Session]:
    return store[1]


# ---- the privacy log scan: no full national ID and no registered secret in any log of the session ----
_log_capture = None


def pytest_configure(config: pytest.Config) -> None:
    global _log_capture
    from tests.log_scan import SessionCapture

    _log_capture = SessionCapture()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from tests import secrets_registry

    if _log_capture is None:
        return
    factory = getattr(session.config, "_tmp_path_factory", None)
    basetemp = factory.getbasetemp() if factory is not None else None
    findings = _log_capture.finish(basetemp, secrets_registry.registered())
    if findings:
        print(f"\nLOG SCAN FAILED: personal data or secrets were written to a log (kept in {_log_capture.root}):",
              file=sys.stderr)
        for finding in findings:
            print(f"  {finding}", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
