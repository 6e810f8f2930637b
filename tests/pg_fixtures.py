"""A real PostgreSQL 15 per test session (Debian's, started here; never skipped).

`pg_cluster` is one private cluster on loopback for the whole session; `pg_url`
gives each test a fresh, empty database in it.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from central_server.local_cluster import LocalCluster


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[LocalCluster]:
    folder = Path(tempfile.mkdtemp(prefix="libdesk-pg-"))
    cluster = LocalCluster(folder)
    cluster.init()
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_cluster: LocalCluster) -> Iterator[str]:
    """A SQLAlchemy URL (postgresql+psycopg) of a new, empty database for this test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    url = pg_cluster.create_database(name)
    yield url
    pg_cluster.drop_database(name)
