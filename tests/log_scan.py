"""The scanner behind the session-wide log check: full Taiwan IDs and registered secrets.

Kept apart from conftest so tests/unit/test_log_scan.py can prove it catches what it should.
Findings are reported masked: the report must not leak what it found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from desk_app.core.patrons.ids import checksum_ok, mask_id

_ID = re.compile(r"(?<![A-Za-z])([A-Za-z][A-Da-d1289]\d{8})")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    what: str  # "national ID" or the registered secret's label
    masked: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what} {self.masked}"


def _mask_secret(value: str) -> str:
    return (value[:2] + "…" + f"({len(value)} chars)") if len(value) > 4 else "…"


def scan_text(text: str, secrets: dict[str, str], path: str = "<text>") -> list[Finding]:
    """Every line holding a checksum-valid full ID or a registered secret."""
    found: list[Finding] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for m in _ID.finditer(line):
            value = m.group(1).upper()
            if checksum_ok(value):
                found.append(Finding(path, number, "national ID", mask_id(value)))
        for value, label in secrets.items():
            if value in line:
                found.append(Finding(path, number, label, _mask_secret(value)))
    return found


def scan_files(paths: Iterable[Path], secrets: dict[str, str]) -> list[Finding]:
    found: list[Finding] = []
    for path in paths:
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace")
            found.extend(scan_text(text, secrets, str(path)))
    return found


# ---- session-wide capture and check (wired in tests/conftest.py) --------------------------------

LOGGERS = ("desk_app", "drivers", "central_server", "benchmarks")  # LibDesk's own loggers, not SQLAlchemy's echo


class SessionCapture:
    """Sends all LibDesk logging at DEBUG to a file in a session temp dir, UNFILTERED.

    Unfiltered on purpose: the scrubbing filter is defence in depth, and this check
    is about what the code itself tries to log. LIBDESK_LOG_DIR points into the same
    dir, so log files the app writes during tests (setup_logging) are scanned too.
    """

    def __init__(self) -> None:
        import logging
        import os
        import tempfile

        self.root = Path(tempfile.mkdtemp(prefix="libdesk-logscan-"))
        self.app_log_dir = self.root / "app-logs"
        self.app_log_dir.mkdir()
        os.environ["LIBDESK_LOG_DIR"] = str(self.app_log_dir)
        self.path = self.root / "session.log"
        self.handler = logging.FileHandler(self.path, encoding="utf-8")
        self.handler.setLevel(logging.DEBUG)
        self.handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        for name in LOGGERS:
            logger = logging.getLogger(name)
            logger.setLevel(logging.DEBUG)
            logger.addHandler(self.handler)

    def files(self, basetemp: Path | None) -> list[Path]:
        """The session log, every file under LIBDESK_LOG_DIR, and any libdesk.log* under pytest's temp dir."""
        paths = [self.path, *sorted(p for p in self.app_log_dir.rglob("*") if p.is_file())]
        if basetemp is not None and basetemp.exists():
            paths += sorted(basetemp.rglob("libdesk.log*"))
        return paths

    def finish(self, basetemp: Path | None, secrets: dict[str, str]) -> list[Finding]:
        """Scan everything; the capture dir is removed when clean, kept for inspection when not."""
        import logging
        import shutil

        self.handler.flush()
        findings = scan_files(self.files(basetemp), secrets)
        for name in LOGGERS:
            logging.getLogger(name).removeHandler(self.handler)
        self.handler.close()
        if not findings:
            shutil.rmtree(self.root, ignore_errors=True)
        return findings
