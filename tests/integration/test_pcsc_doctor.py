"""`main.py doctor` against a real pcscd, a virtual card and a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import pty

from drivers import doctor


def test_doctor_lists_the_reader_and_the_card(pcsc_stack, capsys) -> None:
    pcsc_stack.start_card("04A22B91")
    report = doctor.collect(serial_devices=[])
    on_reader = {r.name: r for r in report.readers}[pcsc_stack.reader]
    assert on_reader.card_type == "MIFARE Classic 1K" and on_reader.uid == bytes.fromhex("04A22B91")
    assert report.ok  # a virtual reader is a warning, not a failure
    assert any(p.key == "virtual_warning" and not p.error for p in report.problems)
    master, slave = pty.openpty()
    try:
        assert doctor.main(["--lang", "en", "--port", os.ttyname(slave)]) == 0
    finally:
        os.close(master)
        os.close(slave)
    out = capsys.readouterr().out
    assert "UID 04A22B91" in out and pcsc_stack.reader in out and "Everything looks fine." in out


def test_doctor_says_pcscd_is_not_running_and_fails(pcsc_stack, capsys) -> None:
    pcsc_stack.daemon.stop()
    assert doctor.main(["--lang", "zh_TW", "--port", "/dev/null"]) == 1
    out = capsys.readouterr().out
    assert "智慧卡服務 (pcscd) 未執行。" in out and "systemctl" in out


def test_doctor_names_a_port_it_may_not_open_with_the_dialout_fix() -> None:
    """The permission check runs in a child that dropped root (root may open anything)."""
    master, slave = pty.openpty()
    path = os.ttyname(slave)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: become nobody, check, report through the pipe, exit without cleanup
        try:
            os.setgid(65534)
            os.setuid(65534)
            report = doctor.DoctorReport(pcscd_running=True)
            doctor.check_ports(report, [(path, "USB scanner")])
            payload = {"usable": report.ports[0].usable, "ok": report.ok, "lines": report.lines("en")}
            os.write(write_end, json.dumps(payload).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        result = json.loads(pipe.read())
    os.waitpid(pid, 0)
    os.close(master)
    os.close(slave)
    assert result["usable"] is False and result["ok"] is False
    text = "\n".join(result["lines"])
    assert f"Permission denied on serial port {path}." in text and "dialout" in text
