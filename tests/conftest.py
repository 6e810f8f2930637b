"""Shared fixtures: a real SQLite file per test, offscreen Qt, log capture for the privacy scan."""

from __future__ import annotations

import os

# Without a display, pytest-qt aborts the process unless Qt renders offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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
