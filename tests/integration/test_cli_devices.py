"""`python main.py doctor`, `virtual-card` and `virtual-scanner` as a technician runs them: real subprocesses.

The doctor talks to the session's real pcscd (through PCSCLITE_CSOCK_NAME, which the
pcsc fixtures set and the subprocess inherits) or, for the failure case, to a
socket path where no pcscd listens.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import serial

from drivers.virtual.pty_scanner import VirtualScanner
from tests.integration.pcsc_stack import wait_for_card

ROOT = Path(__file__).resolve().parents[2]
MAIN = str(ROOT / "main.py")
TIMEOUT = 60


def run_main(*args: str, env: dict[str, str] | None = None,
             stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, MAIN, *args], capture_output=True, text=True, timeout=TIMEOUT, check=False,
                          env=env or dict(os.environ), input=stdin, cwd=ROOT)


def test_doctor_lists_the_reader_and_the_card_and_exits_0(pcsc_stack, tmp_path: Path) -> None:
    pcsc_stack.start_card("04A22B91")
    with VirtualScanner() as scanner:  # a serial port the doctor may check (any real machine has its own)
        result = run_main("--lang", "en", "doctor", "--port", scanner.slave_path)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "PC/SC service (pcscd) is running." in out
    assert f"Reader: {pcsc_stack.reader}" in out
    assert "card: MIFARE Classic 1K, UID 04A22B91" in out
    assert f"Serial port: {scanner.slave_path}" in out
    assert "WARNING: A virtual reader (vsmartcard vpcd) is installed" in out  # a warning, not a failure
    assert "Everything looks fine." in out


def test_doctor_speaks_traditional_chinese_by_default(pcsc_stack) -> None:
    pcsc_stack.start_card("04A22B91")
    with VirtualScanner() as scanner:
        result = run_main("doctor", "--port", scanner.slave_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "智慧卡服務 (pcscd) 執行中。" in result.stdout
    assert "04A22B91" in result.stdout


def test_doctor_without_pcscd_says_so_and_exits_non_zero(tmp_path: Path) -> None:
    env = dict(os.environ)
    env["PCSCLITE_CSOCK_NAME"] = str(tmp_path / "no-pcscd-here" / "pcscd.comm")
    result = run_main("--lang", "en", "doctor", "--port", "/dev/null", env=env)
    assert result.returncode != 0
    assert "The PC/SC service (pcscd) is not running." in result.stdout
    assert "systemctl" in result.stdout  # the fix, in words
    assert "Traceback" not in result.stderr


def test_virtual_card_help_comes_from_the_driver_itself() -> None:
    result = run_main("virtual-card", "--help")
    assert result.returncode == 0, result.stderr
    assert "--uid" in result.stdout


def test_virtual_card_puts_a_card_on_the_vpcd_reader(pcsc_stack) -> None:
    port = pcsc_stack.port_of(1)  # the second vpcd reader, so the fixture's own cards stay on slot 0
    process = subprocess.Popen([sys.executable, MAIN, "virtual-card", "--uid", "04A22B91", "--port", str(port)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        atr = wait_for_card(pcsc_stack.second_reader, present=True, timeout=20)
        assert atr[:2] == b"\x3b\x8f"  # a PC/SC Part 3 storage card
        with VirtualScanner() as scanner:
            doctor = run_main("--lang", "en", "doctor", "--port", scanner.slave_path)
        assert f"Reader: {pcsc_stack.second_reader}" in doctor.stdout
        assert "card: MIFARE Classic 1K, UID 04A22B91" in doctor.stdout
    finally:
        process.terminate()
        process.wait(TIMEOUT)
    wait_for_card(pcsc_stack.second_reader, present=False, timeout=20)


def test_virtual_scanner_sends_what_the_trainer_types(tmp_path: Path) -> None:
    link = Path(tempfile.mkdtemp(dir=tmp_path)) / "scanner"
    process = subprocess.Popen([sys.executable, MAIN, "virtual-scanner", "--link", str(link), "--suffix", "CR"],
                               cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdin is not None
        first = process.stdout.readline()  # "Virtual scanner on /dev/pts/N": the pty is open
        assert "/dev/pts/" in first or "/dev/" in first
        for _ in range(2):
            process.stdout.readline()
        with serial.Serial(str(link), 9600, timeout=10) as port:
            process.stdin.write("31234000123456\n")
            process.stdin.flush()
            assert port.read_until(b"\r") == b"31234000123456\r"
        process.stdin.close()
        assert process.wait(TIMEOUT) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(TIMEOUT)
