"""The house rules of DESIGN.md, checked by tools rather than by eye."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_dependency_contracts_hold() -> None:
    """ui -> core -> store; drivers know nothing of desk_app; core never imports Qt."""
    result = subprocess.run(["lint-imports", "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout


def test_core_drivers_and_ui_type_check() -> None:
    """The window's parts are typed (DeskParts); mypy holds the UI to it as well as core and drivers."""
    result = _run("mypy", "desk_app/core", "drivers", "desk_app/ui")
    assert result.returncode == 0, result.stdout + result.stderr
