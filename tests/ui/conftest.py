"""Fixtures shared by the UI tests: the real desk window on a real SQLite file (see desk_counter)."""

from tests.ui.desk_counter import counter, world  # noqa: F401 - pytest fixtures
