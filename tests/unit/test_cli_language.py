"""The terminal says a refusal in Traditional Chinese first, as the desk does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_refusal_on_the_command_line_is_in_traditional_chinese(tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    result = subprocess.run(
        [sys.executable, "main.py", "patron", "export", "A12", "--out", str(out), "--db", f"sqlite:///{tmp_path / 'd.db'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1
    assert "身分證號為 10 碼" in result.stderr  # the zh_TW translation of core's message
    assert "An ID has 10 characters" in result.stderr  # and the English source beside it
    assert "Traceback" not in result.stderr
    assert not out.exists()
