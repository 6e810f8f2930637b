"""The log scan can fail: it finds a planted ID or key; the scrubbing filter masks what slips through."""

from __future__ import annotations

import logging
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from desk_app import logging_setup
from desk_app.core.patrons.ids import check_digit_for
from tests import secrets_registry
from tests.log_scan import scan_files, scan_text

ROOT = Path(__file__).resolve().parents[2]
# Built at run time so this source file itself holds no full ID a grep would trip over.
PLANTED_ID = "F12345678" + check_digit_for("F12345678")
RESIDENT_ID = "A80000001" + check_digit_for("A80000001")
OLD_RESIDENT_ID = "AC0000000" + check_digit_for("AC0000000")
PLANTED_KEY = secrets_registry.register(bytes.fromhex("5E3C7A19B2D4"), "card key (log scan test)")


def test_scanner_finds_a_planted_id_and_key_in_a_log_file(tmp_path: Path) -> None:
    log = tmp_path / "planted.log"
    log.write_text(
        "2026-11-23 INFO desk_app.core identify ok\n"
        f"2026-11-23 DEBUG desk_app.x patron {PLANTED_ID} card {PLANTED_ID}01\n"
        "2026-11-23 DEBUG drivers.pcsc > FF 82 00 00 06 5E 3C 7A 19 B2 D4\n",
        encoding="utf-8",
    )
    findings = scan_files([log], secrets_registry.registered())
    by_line = {(f.line, f.what) for f in findings}
    assert (2, "national ID") in by_line and (3, "card key (log scan test)") in by_line
    assert sum(1 for f in findings if f.line == 2) == 2  # the bare ID and the card number both count
    report = "\n".join(str(f) for f in findings)
    assert PLANTED_ID not in report and "5E 3C 7A" not in report  # the report itself leaks nothing


@pytest.mark.parametrize("value", [RESIDENT_ID, OLD_RESIDENT_ID, PLANTED_ID.lower()])
def test_scanner_knows_every_id_format(value: str) -> None:
    assert [f.what for f in scan_text(f"x={value};", {})] == ["national ID"]


def test_scanner_ignores_masked_ids_bad_checksums_and_barcodes() -> None:
    bad_checksum = PLANTED_ID[:-1] + str((int(PLANTED_ID[-1]) + 1) % 10)
    text = f"masked A12*****89 and {bad_checksum} and item 31234567890128 uid 04A22B91"
    assert scan_text(text, {}) == []


def test_scrubbing_filter_masks_ids_and_redacts_keys(tmp_path: Path) -> None:
    root_level = logging.getLogger().level
    path = logging_setup.setup_logging(tmp_path / "logs", logging.DEBUG)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700  # only the desk's user reads its log
    logger = logging.getLogger("libdesk_scrub_test")  # not a LibDesk logger: the session capture skips it
    try:
        logger.warning("patron %s, card %s01", PLANTED_ID, PLANTED_ID)
        logger.warning("apdu > FF 82 00 00 06 %s", " ".join(f"{b:02X}" for b in PLANTED_KEY))
        logger.warning("settings key_a=%s", PLANTED_KEY.hex())
        try:
            raise ValueError(f"bad id {PLANTED_ID}")
        except ValueError:
            logger.exception("while checking")
    finally:
        root = logging.getLogger()
        root.setLevel(root_level)
        for handler in [h for h in root.handlers if getattr(h, "baseFilename", None) == str(path)]:
            root.removeHandler(handler)
            handler.close()
    text = path.read_text(encoding="utf-8")
    masked = PLANTED_ID[:3] + "*****" + PLANTED_ID[-2:]
    assert f"patron {masked}, card {masked}01" in text
    assert "FF 82 00 00 06 <redacted>" in text and "key_a=<redacted>" in text
    assert f"bad id {masked}" in text  # tracebacks are scrubbed too
    assert scan_files([path], secrets_registry.registered()) == []


def test_a_session_that_logs_a_full_id_fails(tmp_path: Path) -> None:
    """The conftest hook really turns a leak into a failed run, and prints it masked."""
    test_file = tmp_path / "test_leak.py"
    test_file.write_text(
        "import logging\n"
        "from desk_app.core.patrons.ids import check_digit_for\n"
        "def test_leaks():\n"
        "    value = 'F12345678' + check_digit_for('F12345678')\n"
        "    logging.getLogger('desk_app.leaky').debug('looked up %s', value)\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "tests.conftest", "-p", "no:cacheprovider",
         "--rootdir", str(tmp_path), str(test_file)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    output = done.stdout + done.stderr
    assert "1 passed" in output  # the test itself passed ...
    assert done.returncode != 0  # ... but the session failed on the scan
    assert "LOG SCAN FAILED" in output and "national ID F12*****" in output
    assert PLANTED_ID not in output
