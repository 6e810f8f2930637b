"""Helpers for the packaging tests: a clean copy of the source tree, and a desk run through the start-up probe.

Builds start from a copy, so build/ and *.egg-info never land in the worktree and a
.qm left in a checkout can never sneak into a package.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
IGNORED = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", ".pytest_cache",
                                 ".mypy_cache", ".hypothesis", ".benchmarks-cache", "artifacts", "*.qm",
                                 "*.source-sha256", "*.db", "*.db-wal", "*.db-shm", "*.deb")
HAN = re.compile(r"[\u4e00-\u9fff]")
TS = REPO / "desk_app" / "resources" / "translations" / "libdesk_zh_TW.ts"


def copy_tree(dest: Path) -> Path:
    """The project as a fresh checkout would have it (no build products)."""
    shutil.copytree(REPO, dest, ignore=IGNORED, symlinks=True)
    return dest


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment that cannot reach the source tree: no PYTHONPATH, private config/data/cache folders."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "LIBDESK_RESOURCES")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        LIBDESK_CONFIG_DIR=str(home / "config"),
        LIBDESK_DATA_DIR=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        LIBDESK_SECRET_BACKEND="memory",
        PYTHONDONTWRITEBYTECODE="1",
        LANG="C.UTF-8",
    )
    env.update(extra)
    return env


def zh_translation(context: str, source: str) -> str:
    """The committed zh_TW translation of one message (what an installed desk must show)."""
    for ctx in ET.parse(TS).getroot().iter("context"):
        if ctx.findtext("name") != context:
            continue
        for msg in ctx.iter("message"):
            if msg.findtext("source") == source:
                return msg.findtext("translation") or ""
    raise AssertionError(f"{context!r}/{source!r} is not in {TS.name}")


def demo_password(demo_output: str, username: str = "librarian") -> str:
    """The demo-data command prints each demo account's password once; pick one."""
    for line in demo_output.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == username:
            return parts[1]
    raise AssertionError(f"no password for {username} in the demo-data output:\n{demo_output[-2000:]}")


@dataclass
class ProbeRun:
    ready: str
    report: dict
    stderr: str


def probe_start(command: list[str], env: dict[str, str], cwd: Path, username: str, password: str,
                timeout: float = 120) -> ProbeRun:
    """Open the desk with the start-up probe on (it signs in from stdin, paints, reports, quits)."""
    result = subprocess.run(command, input=f"{username}\n{password}\n", env=dict(env, LIBDESK_STARTUP_PROBE="1"),
                            cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    ready = next((line for line in result.stdout.splitlines() if line.startswith("LIBDESK-READY")), "")
    report_line = next((line for line in result.stdout.splitlines() if line.startswith("LIBDESK-REPORT ")), "")
    assert result.returncode == 0 and ready.startswith("LIBDESK-READY 1") and report_line, (
        f"the desk did not open and close cleanly (exit {result.returncode}):\n"
        f"stdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-3000:]}")
    return ProbeRun(ready, json.loads(report_line.removeprefix("LIBDESK-REPORT ")), result.stderr)
