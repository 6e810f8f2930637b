"""Where LibDesk's resources (translations, sounds, icons) live on this machine.

One place to ask, because the answer differs between a source checkout, an
installed package and a PyInstaller bundle; every UI module that needs a file
from `resources/` asks here instead of guessing paths of its own.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """The `resources/` folder: $LIBDESK_RESOURCES, a PyInstaller bundle, or the source tree."""
    override = os.environ.get("LIBDESK_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    """A path inside the resources folder (it may not exist; callers decide what that means)."""
    return resources_dir().joinpath(*parts)
