"""Fixtures shared by the UI tests: the real desk window on a real SQLite file (see desk_counter)."""

from collections.abc import Iterator

import pytest

from desk_app.ui.ops import OpRunner
from tests.ui.desk_counter import counter, desk_with, world  # noqa: F401 - pytest fixtures


@pytest.fixture
def runner(qtbot) -> Iterator[OpRunner]:
    """An op runner like the desk's, stopped after the test."""
    made = OpRunner(name="test-runner")
    yield made
    assert made.shutdown(timeout=10)
