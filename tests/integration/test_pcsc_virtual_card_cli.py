"""`python main.py virtual-card` as a trainer runs it: a pre-burned card until Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from drivers.lc_record import RecordStatus, read_record
from drivers.pcsc.connection import MifareClassicConnection
from tests.integration.pcsc_stack import wait_for_card

ROOT = Path(__file__).resolve().parents[2]


def test_virtual_card_cli_serves_a_preburned_record_until_ctrl_c(pcsc_stack) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "drivers.virtual.vpcd_card", "--uid", "04A22B91",
         "--port", str(pcsc_stack.port_of(0)), "--record", "A12345678901", "--issued", "2026-09-01"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_for_card(pcsc_stack.reader, present=True)
        with MifareClassicConnection(pcsc_stack.reader) as conn:
            result = read_record(conn, 1, b"\xff" * 6)
        assert result.status is RecordStatus.VALID and result.record is not None
        assert result.record.card_number == "A12345678901"
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert "04A22B91" in out
    wait_for_card(pcsc_stack.reader, present=False)


def test_virtual_card_cli_refuses_a_bad_card_number() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "drivers.virtual.vpcd_card", "--record", "A12345678801", "--port", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 2 and "valid ID" in result.stderr
