"""The one error demo-data generation reports to a person (a translatable message, never a traceback)."""

from __future__ import annotations

from desk_app.core.messages import DeskError


class DemoDataError(DeskError):
    code = "demo_data"
