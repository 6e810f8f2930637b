"""A desk runs all day: PySide6 6.12.0 on CPython 3.11 lost a reference to None in every Qt
method that returns nothing (about 30 per scan), and a small process aborted after a few hundred
scans. pyproject pins a PySide6 without that bug; this guards any future upgrade."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtWidgets import QApplication, QLabel
    from desk_app.ui.ops import OpRunner
    app = QApplication([])
    runner = OpRunner()  # what every desk window has
    label = QLabel()
    for n in range(60_000):  # a long day: 2,000 scans x 30 calls that return nothing
        label.setText(str(n))
        app.processEvents()
    runner.shutdown()
    print("still running")
""")


def test_a_long_day_of_qt_calls_does_not_abort_the_desk_process() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "still running" in done.stdout
