"""Started where there is no display, the desk says what is wrong in words, not Qt's plugin message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desk_app.display import EXIT_NO_DISPLAY, display_problem
from tests.ui.xserver import start_xvfb

REPO = Path(__file__).resolve().parents[2]


def desk_env(tmp_path: Path, **values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(LIBDESK_CONFIG_DIR=str(tmp_path / "config"), LIBDESK_DATA_DIR=str(tmp_path / "data"),
               PYTHONPATH=str(REPO))
    env.update(values)
    return env


def start_desk(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(REPO / "main.py")], env=env, capture_output=True, text=True,
                          timeout=60, check=False, stdin=subprocess.DEVNULL)


def test_no_display_at_all_is_told_in_chinese_and_english_with_what_to_do(tmp_path: Path) -> None:
    result = start_desk(desk_env(tmp_path))
    assert result.returncode == EXIT_NO_DISPLAY
    assert "沒有可用的螢幕" in result.stderr and "there is no display here" in result.stderr
    assert "libdesk doctor" in result.stderr and "QT_QPA_PLATFORM=offscreen" in result.stderr
    assert "platform plugin" not in result.stderr and "Traceback" not in result.stderr


def test_a_display_nobody_serves_is_named(tmp_path: Path) -> None:
    result = start_desk(desk_env(tmp_path, DISPLAY=":8931"))
    assert result.returncode == EXIT_NO_DISPLAY
    assert "無法連線到螢幕 :8931" in result.stderr and "cannot connect to the display :8931" in result.stderr
    assert "platform plugin" not in result.stderr


def test_a_live_x_server_an_offscreen_request_or_windows_pass() -> None:
    server = start_xvfb()
    try:
        assert display_problem({"DISPLAY": server.display}, platform="linux") is None
    finally:
        server.stop()
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, platform="linux") is None
    assert display_problem({}, platform="win32") is None
    assert display_problem({}, platform="linux") is not None


@pytest.mark.parametrize("display", ["unix:8931", "localhost:8931.0"])
def test_other_display_forms_are_checked_too(display: str) -> None:
    problem = display_problem({"DISPLAY": display}, platform="linux")
    assert problem is not None and display in problem.zh
