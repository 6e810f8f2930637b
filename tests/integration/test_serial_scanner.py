"""The serial scanner over a real pseudo-terminal: framing, AIM, bad input, unplug/replug, stop."""

from __future__ import annotations

import json
import queue
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.base import BarcodeRead, DeviceEvent, DeviceStatus, Symbology
from drivers.serial_scanner import SerialScanner, SerialScannerSettings, Suffix
from drivers.virtual.pty_scanner import VirtualScanner

WAIT = 10.0  # seconds: a ceiling for a condition, not an expected duration


class Events:
    """An event sink the test can wait on."""

    def __init__(self) -> None:
        self._q: queue.Queue[DeviceEvent] = queue.Queue()
        self.seen: list[DeviceEvent] = []

    def __call__(self, event: DeviceEvent) -> None:
        self._q.put(event)

    def next(self, match: Callable[[DeviceEvent], bool], what: str) -> DeviceEvent:
        """The first event (from here on) that matches; the ones before it stay in `seen`."""
        while True:
            try:
                event = self._q.get(timeout=WAIT)
            except queue.Empty:
                raise AssertionError(f"no {what} within {WAIT} s; saw {self.seen}") from None
            self.seen.append(event)
            if match(event):
                return event

    def scan(self) -> BarcodeRead:
        event = self.next(lambda e: isinstance(e, BarcodeRead), "scan")
        assert isinstance(event, BarcodeRead)
        return event

    def status(self, level: str, kind: str | None = None) -> DeviceStatus:
        def match(e: DeviceEvent) -> bool:
            return (
                isinstance(e, DeviceStatus)
                and e.details.get("level") == level
                and (kind is None or e.details.get("kind") == kind)
            )

        event = self.next(match, f"{level} {kind or ''} status")
        assert isinstance(event, DeviceStatus)
        return event

    def connected(self) -> DeviceStatus:
        return self.next_status(lambda s: s.ok and s.message.startswith("Scanner connected"), "connected")

    def next_status(self, match: Callable[[DeviceStatus], bool], what: str) -> DeviceStatus:
        event = self.next(lambda e: isinstance(e, DeviceStatus) and match(e), what)
        assert isinstance(event, DeviceStatus)
        return event

    def reads_so_far(self) -> list[BarcodeRead]:
        return [e for e in self.seen if isinstance(e, BarcodeRead)]


@pytest.fixture
def link(tmp_path: Path) -> Path:
    return tmp_path / "usb-Newland_HR22_0001-if00"


Rig = Callable[..., tuple[VirtualScanner, SerialScanner, Events]]


@pytest.fixture
def rig(link: Path) -> Iterator[Rig]:
    """Start a virtual scanner and the desk's serial scanner on its stable link, connected."""
    started: list[tuple[VirtualScanner, SerialScanner]] = []

    def make(suffix: Suffix = Suffix.CR, **settings: object) -> tuple[VirtualScanner, SerialScanner, Events]:
        virtual = VirtualScanner(link, suffix)
        options: dict[str, object] = {"quiet_timeout_ms": 200, **settings}
        scanner = SerialScanner(SerialScannerSettings(port=str(link), suffix=suffix, **options))  # type: ignore[arg-type]
        events = Events()
        started.append((virtual, scanner))
        scanner.start(events)
        events.connected()  # pyserial flushes input on open: send only after this
        return virtual, scanner, events

    yield make
    for virtual, scanner in started:
        scanner.stop()
        virtual.close()


@pytest.mark.parametrize("suffix", list(Suffix))
def test_each_suffix_frames_scans(rig: Rig, link: Path, suffix: Suffix) -> None:
    virtual, _, events = rig(suffix)
    virtual.scan("LIB-000123")
    virtual.scan("9789863203380")
    first, second = events.scan(), events.scan()
    assert (first.text, second.text) == ("LIB-000123", "9789863203380")
    assert first.symbology is Symbology.UNKNOWN
    assert first.source == f"serial:{link}"


def test_a_scanner_sending_crlf_to_a_cr_desk_still_reads_cleanly(rig: Rig) -> None:
    virtual, _, events = rig(Suffix.CR)
    virtual.send(b"T0001\r\nT0002\r\n")
    assert [events.scan().text, events.scan().text] == ["T0001", "T0002"]
    assert not [e for e in events.seen if isinstance(e, DeviceStatus) and e.details.get("level") == "warning"]


@pytest.mark.parametrize(
    ("symbology", "text"),
    [
        (Symbology.CODE39, "T00012345"),
        (Symbology.CODE128, "LIB-000123"),
        (Symbology.EAN13, "9789863203380"),
        (Symbology.EAN8, "96385074"),
        (Symbology.CODABAR, "A123456B"),
        (Symbology.QR, "LD1.eyJwIjoxfQ.sig"),
        (Symbology.ITF, "12345678"),
    ],
)
def test_aim_prefixes_name_the_symbology_and_are_stripped(rig: Rig, symbology: Symbology, text: str) -> None:
    virtual, _, events = rig()
    virtual.scan(text, symbology)
    read = events.scan()
    assert (read.text, read.symbology) == (text, symbology)


def test_garbage_is_a_warning_never_a_scan(rig: Rig) -> None:
    virtual, _, events = rig()
    virtual.garbage()  # control bytes and invalid UTF-8
    virtual.garbage(b"\xc3\x28\xa0\xa1")  # invalid UTF-8 only
    virtual.garbage(b"AB\x07CD")  # valid UTF-8, not printable
    virtual.scan("LIB-000123")
    warnings = [events.status("warning", "garbage") for _ in range(3)]
    assert all(w.ok and "{count}" in w.message and int(w.details["count"]) > 0 for w in warnings)
    assert events.scan().text == "LIB-000123"
    assert [r.text for r in events.reads_so_far()] == ["LIB-000123"]


def test_non_ascii_text_from_a_qr_code_is_a_scan(rig: Rig) -> None:
    virtual, _, events = rig()
    virtual.scan("館藏-紅樓夢", Symbology.QR)
    assert events.scan().text == "館藏-紅樓夢"


@pytest.mark.parametrize("length", [129, 5000])
def test_an_over_long_line_is_a_warning_and_the_next_scan_is_clean(rig: Rig, length: int) -> None:
    virtual, _, events = rig(max_length=128)
    virtual.scan("9" * length)
    virtual.scan("T0001")
    warning = events.status("warning", "too_long")
    assert warning.details["limit"] == "128"
    assert events.scan().text == "T0001"
    assert [r.text for r in events.reads_so_far()] == ["T0001"]


def test_a_barcode_at_the_length_limit_is_read(rig: Rig) -> None:
    virtual, _, events = rig(max_length=128)
    virtual.scan("7" * 128)
    assert events.scan().text == "7" * 128


def test_a_partial_line_times_out_as_a_warning_and_does_not_join_the_next(rig: Rig) -> None:
    virtual, _, events = rig()
    virtual.partial("97898632")
    warning = events.status("warning", "partial")
    assert warning.details["suffix"] == "CR"
    virtual.scan("T0001")
    assert events.scan().text == "T0001"
    assert [r.text for r in events.reads_so_far()] == ["T0001"]


def test_a_partial_line_cut_by_unplugging_is_a_warning(rig: Rig) -> None:
    virtual, _, events = rig(quiet_timeout_ms=60_000)  # only the port closing can end it
    virtual.send(b"T0001\r97898632")  # one write: once T0001 is read, the rest is in the tty
    assert events.scan().text == "T0001"
    assert virtual.drain(), "the desk never read the partial line"
    virtual.unplug()
    events.status("warning", "partial")
    unplugged = events.status("error")
    assert not unplugged.ok
    assert [r.text for r in events.reads_so_far()] == ["T0001"]


def test_a_prefix_is_required_and_stripped(rig: Rig) -> None:
    virtual, _, events = rig(prefix="\x02")
    virtual.send(b"\x02]E09789863203380\r")
    virtual.scan("T0001")  # no prefix: not from a scanner set up for this desk
    read = events.scan()
    assert (read.text, read.symbology) == ("9789863203380", Symbology.EAN13)
    events.status("warning", "no_prefix")
    assert len(events.reads_so_far()) == 1


def test_unplugged_and_plugged_back_is_found_again_through_the_link(rig: Rig, link: Path) -> None:
    virtual, scanner, events = rig(retry_min_ms=20, retry_max_ms=100)
    virtual.scan("BEFORE")
    assert events.scan().text == "BEFORE"
    old_pty = virtual.slave_path

    virtual.unplug()
    gone = events.status("error")
    assert not gone.ok and gone.details["port"] == str(link)
    missing = events.status("error")  # the link is gone too: "no scanner on ..."
    assert not missing.ok and missing.message.startswith("No scanner on")

    virtual.plug()
    assert link.resolve() == Path(virtual.slave_path)
    assert scanner.running
    events.connected()
    virtual.scan("AFTER")
    assert events.scan().text == "AFTER"
    assert [r.text for r in events.reads_so_far()] == ["BEFORE", "AFTER"]
    assert old_pty  # the desk never needed to know which pty it was


def test_the_missing_port_is_reported_once_not_at_every_retry(link: Path) -> None:
    scanner = SerialScanner(SerialScannerSettings(port=str(link), retry_min_ms=10, retry_max_ms=10))
    events = Events()
    scanner.start(events)
    try:
        events.status("error")
        with VirtualScanner(link) as virtual:  # plugged in after a few retries
            events.connected()
            virtual.scan("T0001")
            assert events.scan().text == "T0001"
    finally:
        scanner.stop()
    errors = [e for e in events.seen if isinstance(e, DeviceStatus) and e.details.get("level") == "error"]
    assert len(errors) == 1


def test_stop_is_prompt_even_while_reading_or_waiting_to_retry(link: Path) -> None:
    with VirtualScanner(link) as virtual:
        reading = SerialScanner(SerialScannerSettings(port=virtual.port, quiet_timeout_ms=60_000))
        events = Events()
        reading.start(events)
        events.connected()
        reading.stop(timeout=WAIT)
        assert not reading.running
        stopped = events.status("info")
        assert not stopped.ok

    # A one-minute backoff: only the stop Event can end the wait before the join gives up.
    waiting = SerialScanner(SerialScannerSettings(port=str(link), retry_min_ms=60_000, retry_max_ms=60_000))
    events = Events()
    waiting.start(events)
    events.status("error")
    waiting.stop(timeout=WAIT)
    assert not waiting.running


def test_a_failing_sink_does_not_kill_the_scanner(link: Path) -> None:
    events = Events()
    calls = {"n": 0}

    def flaky(event: DeviceEvent) -> None:
        calls["n"] += 1
        if isinstance(event, BarcodeRead) and event.text == "BOOM":
            raise RuntimeError("a bug downstream")
        events(event)

    with VirtualScanner(link) as virtual:
        scanner = SerialScanner(SerialScannerSettings(port=virtual.port))
        scanner.start(flaky)
        try:
            events.connected()
            virtual.scan("BOOM")
            virtual.scan("T0002")
            assert events.scan().text == "T0002"
        finally:
            scanner.stop()


def test_a_path_that_is_not_a_serial_port_is_reported(tmp_path: Path) -> None:
    not_a_port = tmp_path / "notes.txt"
    not_a_port.write_text("hello")
    scanner = SerialScanner(SerialScannerSettings(port=str(not_a_port)))
    events = Events()
    scanner.start(events)
    try:
        status = events.status("error")
        assert not status.ok and status.message.startswith("Cannot open")
    finally:
        scanner.stop()


def test_the_virtual_scanner_never_replaces_a_real_file(tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    with pytest.raises(FileExistsError):
        VirtualScanner(precious)
    assert precious.read_text() == "keep me"


def test_settings_round_trip_through_the_settings_file() -> None:
    s = SerialScannerSettings(
        port="/dev/serial/by-id/usb-scanner", baudrate=115200, bytesize=7, parity="E", stopbits=2,
        prefix="\x02", suffix=Suffix.CRLF, max_length=64, quiet_timeout_ms=300,
    )
    stored = json.loads(json.dumps(s.to_dict()))
    assert stored["suffix"] == "CRLF"
    assert SerialScannerSettings.from_dict(stored) == s
    loose = SerialScannerSettings.from_dict({"port": "COM3", "suffix": "tab", "parity": "e", "future_key": 1})
    assert (loose.suffix, loose.parity) == (Suffix.TAB, "E")


@pytest.mark.parametrize(
    "bad",
    [{}, {"port": ""}, {"port": "COM3", "parity": "X"}, {"port": "COM3", "bytesize": 9},
     {"port": "COM3", "stopbits": 3}, {"port": "COM3", "suffix": "ETX"}, {"port": "COM3", "baudrate": "fast"}],
)
def test_bad_settings_are_refused_with_value_error(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        SerialScannerSettings.from_dict(bad)


def test_the_trainer_cli_sends_typed_barcodes(link: Path) -> None:
    """`python main.py virtual-scanner --link ... --suffix CRLF --aim code128`, barcodes typed on stdin."""
    import io
    import os
    import threading

    from drivers.virtual.pty_scanner import main

    desk = SerialScanner(SerialScannerSettings(port=str(link), suffix=Suffix.CRLF, retry_min_ms=10, retry_max_ms=50))
    events = Events()
    desk.start(events)
    read_end, write_end = os.pipe()
    out = io.StringIO()
    result: list[int] = []
    with os.fdopen(read_end, "r") as stdin:
        cli = threading.Thread(
            target=lambda: result.append(main(["--link", str(link), "--suffix", "crlf", "--aim", "code128"], stdin, out))
        )
        cli.start()
        try:
            events.connected()
            with os.fdopen(write_end, "w") as typed:
                typed.write("LIB0001\n\nLIB0002\n")
            first, second = events.scan(), events.scan()
        finally:
            cli.join(WAIT)
            desk.stop()
    assert [(first.text, first.symbology), (second.text, second.symbology)] == [
        ("LIB0001", Symbology.CODE128),
        ("LIB0002", Symbology.CODE128),
    ]
    assert result == [0]
    assert "/dev/pts/" in out.getvalue() and str(link) in out.getvalue()
    assert not link.exists()  # the scanner is unplugged when the trainer quits
