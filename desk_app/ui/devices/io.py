"""The bridge's hands on the drivers: build a monitor or a scanner, read a card. Worker thread only.

Kept apart from the Qt bridge so the bridge reads as "events in, signals out" and
the driver calls (pyscard, pyserial) sit together, each opened and closed in one
function on the thread that uses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desk_app.ui.devices.card_read import ApduLog, RecordResult
from desk_app.ui.devices.settings import DeviceSettings


def make_monitor(allow_virtual: bool) -> Any:
    """The PC/SC reader and card monitor; virtual (vpcd) readers only when `allow_virtual`."""
    from drivers.pcsc.monitor import PcscMonitor

    return PcscMonitor(allow_virtual=allow_virtual)


def make_scanner(settings: dict[str, Any]) -> Any:
    """A serial scanner from the settings-file dict; ValueError for bad settings."""
    from drivers.serial_scanner import SerialScanner, SerialScannerSettings

    return SerialScanner(SerialScannerSettings.from_dict(settings))


def read_lc_record(reader: str, key_a: bytes, settings: DeviceSettings, apdu_log: ApduLog) -> RecordResult:
    """Read and validate the LC v1 record on `reader` with key A; typed DriverErrors propagate."""
    from drivers import lc_record
    from drivers.pcsc.connection import MifareClassicConnection

    with MifareClassicConnection(reader, key_slot=settings.key_a_slot, apdu_log=apdu_log) as conn:
        outcome = lc_record.read_record(conn, settings.lc_sector, key_a, settings.key_a_slot)
    return _record_result(outcome)


def _record_result(outcome: Any) -> RecordResult:
    """Reduce the driver's ReadResult to what identification needs (never a number unless VALID)."""
    from drivers.lc_record import RecordStatus

    if outcome.status is RecordStatus.VALID and outcome.record is not None:
        return RecordResult(card_number=outcome.record.card_number)
    if outcome.status is RecordStatus.NONE:
        return RecordResult(empty=True)
    return RecordResult(damaged=True)


@dataclass
class TestReadReport:
    """What one test read found; the panel puts it into words (translated)."""

    reader: str
    atr_hex: str = ""
    card_type: str = ""
    uid_hex: str = ""
    classic: bool = False
    key_missing: bool = False
    key_refused: bool = False
    record: RecordResult | None = None
    error: str = ""  # str() of a DriverError: safe to show (no keys)


def test_read(reader: str, key_a: bytes | None, settings: DeviceSettings, apdu_log: ApduLog) -> TestReadReport:
    """Everything the technician wants from one card: type, UID, and what the LC sector holds."""
    from drivers import lc_record
    from drivers.base import AuthenticationFailed, DriverError
    from drivers.pcsc.connection import CLASSIC, MifareClassicConnection

    report = TestReadReport(reader)
    try:
        with MifareClassicConnection(reader, key_slot=settings.key_a_slot, apdu_log=apdu_log,
                                     require_classic=False) as conn:
            report.atr_hex = conn.atr.hex(" ").upper()
            report.card_type = conn.card_type.value
            report.uid_hex = conn.uid().hex().upper()
            report.classic = conn.card_type in CLASSIC
            if not report.classic:
                return report
            if key_a is None:
                report.key_missing = True
                return report
            try:
                outcome = lc_record.read_record(conn, settings.lc_sector, key_a, settings.key_a_slot)
            except AuthenticationFailed:
                report.key_refused = True
                return report
            report.record = _record_result(outcome)
    except DriverError as exc:
        report.error = str(exc)
    return report
