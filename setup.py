"""Build step that pyproject.toml cannot declare: compile the translations into the wheel.

Everything else about the package is in pyproject.toml. `build_py` copies the
package data (the .ts sources, the sounds), then runs Qt's lrelease (from the
PySide6-Essentials wheel, a build requirement) on every .ts, so each wheel carries
current .qm catalogues and an installed desk never compiles anything at start.
Editable installs skip it: a checkout builds its .qm on first start instead.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def _catalogues():
    """desk_app/resources/catalogues.py, loaded alone (desk_app's dependencies need not be installed)."""
    spec = importlib.util.spec_from_file_location("_libdesk_catalogues", HERE / "desk_app/resources/catalogues.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildPyWithCatalogues(build_py):
    """build_py, then lrelease on every translation in the build tree (a missing lrelease fails the build)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        catalogues = _catalogues()
        target = Path(self.build_lib) / "desk_app" / "resources" / "translations"
        for qm in catalogues.build_all(target):
            self.announce(f"compiled {qm.name}", level=2)


setup(cmdclass={"build_py": BuildPyWithCatalogues})
