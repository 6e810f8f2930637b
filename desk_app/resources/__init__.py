"""LibDesk's package data: translations (.ts sources, compiled .qm) and sounds.

They live inside the `desk_app` package so that one lookup works everywhere the
desk runs: a source checkout, a wheel installed in a venv, and the PyInstaller
bundle (which keeps the package layout). Only the standard library is imported
here, so the wheel's build step can use this package without Qt.
"""

from __future__ import annotations

import os
from importlib import resources as _importlib_resources
from pathlib import Path

OVERRIDE_ENV = "LIBDESK_RESOURCES"  # tests point the desk at a scratch copy


def resources_dir() -> Path:
    """This package's folder on disk, or $LIBDESK_RESOURCES when set."""
    override = os.environ.get(OVERRIDE_ENV)
    if override:
        return Path(override)
    root = _importlib_resources.files(__name__)
    # Wheels are installed unpacked and PyInstaller's one-folder bundle keeps real files, so
    # this is always a real folder; a zipped import would need as_file() and is not supported.
    return Path(str(root))


def resource(*parts: str) -> Path:
    """A path inside the resources folder (it may not exist; callers decide what that means)."""
    return resources_dir().joinpath(*parts)
