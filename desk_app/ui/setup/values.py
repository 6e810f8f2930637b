"""What a technician sets on a desk, how each field is checked, and where it is kept.

No Qt here: the first-run dialog and `libdesk setup` (mass roll-out) share these
checks, so a value refused in one is refused in the other, with the same words.
Nothing secret is kept: the enrolment code is spent at enrolment and never stored;
the desk's token goes to the secret store; card keys are set with `libdesk secrets`.

Where each value lives in the settings file:
  desk.library_code, desk.branch_code, desk.desk_name, desk.training_mode
  sync.server_url                        (read by desk_app.sync)
  devices.*                              (reader, key slots, serial scanner: DeviceSettings)
  setup.done, setup.scanner_kind         (first run finished; which kind of scanner was chosen)
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

from desk_app.core.messages import QT_TRANSLATE_NOOP, Message
from desk_app.settings import Settings
from desk_app.ui.devices import settings as device_settings
from drivers.serial_settings import SerialScannerSettings, Suffix

SETUP_SECTION = "setup"
SYNC_SECTION = "sync"  # shared with desk_app.sync
BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
MAX_KEY_SLOT = 31
MAX_DESK_NAME = 40
LIBRARY_CODE = re.compile(r"[A-Z0-9]{2,16}")
BRANCH_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,15}")
# Enrolment codes are LD-XXXX-XXXX-XXXX: 12 Crockford base32 characters (the server's format).
CODE_ALPHABET = set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
CODE_LENGTH = 12
CODE_PREFIX = "LD"
VIRTUAL_READER = "Virtual PCD"


class ScannerKind(str, Enum):
    NONE = "none"  # barcodes typed by hand only
    KEYBOARD = "keyboard"  # a USB scanner that types like a keyboard (most desks)
    SERIAL = "serial"  # a scanner on a serial port (RS-232, or USB in COM-port mode)


@dataclass(frozen=True)
class DeskSetup:
    """Every value of the setup dialog (and of `libdesk setup`), before or after the checks."""

    library_code: str = ""
    branch_code: str = ""
    desk_name: str = ""
    server_url: str = ""  # "" = a desk on its own (no central server yet)
    patron_reader: str = ""  # "" = any reader
    key_a_slot: int = 0
    key_b_slot: int = 1
    scanner_kind: ScannerKind = ScannerKind.KEYBOARD
    scanner_port: str = ""
    scanner_baud: int = 9600
    scanner_suffix: str = Suffix.CR.value
    training: bool = False

    def normalised(self) -> DeskSetup:
        """Spaces trimmed, codes in capitals, the server address without a trailing slash."""
        return dataclasses.replace(
            self,
            library_code=self.library_code.strip().upper(),
            branch_code=self.branch_code.strip().upper(),
            desk_name=unicodedata.normalize("NFC", self.desk_name.strip()),
            server_url=self.server_url.strip().rstrip("/"),
            patron_reader=self.patron_reader.strip(),
            scanner_port=self.scanner_port.strip(),
            scanner_suffix=self.scanner_suffix.strip().upper(),
            scanner_kind=ScannerKind(self.scanner_kind),
        )

    def scanner_settings(self) -> dict[str, Any]:
        """The serial scanner's settings-file dict (ValueError when the driver would refuse them)."""
        return SerialScannerSettings.from_dict(
            {"port": self.scanner_port, "baudrate": self.scanner_baud, "suffix": self.scanner_suffix}).to_dict()


FieldErrors = dict[str, Message]


def normalise_code(code: str) -> str:
    """An enrolment code as typed, made comparable: case, dashes, spaces and the LD prefix ignored; O/I/L read as 0/1/1."""
    text = code.strip().upper().replace("-", "").replace(" ", "")
    if text.startswith(CODE_PREFIX) and len(text) == CODE_LENGTH + len(CODE_PREFIX):
        text = text[len(CODE_PREFIX):]
    return text.translate(str.maketrans("OIL", "011"))


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_server_url(url: str, allow_insecure_http: bool = False) -> Message | None:
    """None if the address can be used; a token and patron data never cross a network in clear."""
    bad_address = Message(QT_TRANSLATE_NOOP(
        "core", "The server's address is a web address such as https://libdesk.library.example.tw."))
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return bad_address
    if parts.scheme not in ("http", "https") or not host or " " in url:
        return bad_address
    if parts.username or parts.password or parts.query or parts.fragment:
        return Message(QT_TRANSLATE_NOOP(
            "core", "The server's address has no user name, password, ? or # in it."))
    if parts.scheme == "http" and not allow_insecure_http and not is_loopback(host):
        return Message(QT_TRANSLATE_NOOP(
            "core", "The server's address must start with https:// (plain http would send the desk's token "
                    "and patron data unencrypted)."))
    return None


def check_code(code: str) -> Message | None:
    normalised = normalise_code(code)
    if len(normalised) != CODE_LENGTH or not set(normalised) <= CODE_ALPHABET:
        return Message(QT_TRANSLATE_NOOP(
            "core", "An enrolment code looks like LD-7K2M-9QXD-4HT8: 12 letters and digits from the "
                    "central server's administrator."))
    return None


def check(setup: DeskSetup, enrol_code: str = "", known_branches: set[str] | None = None,
          enrolled: bool = False, allow_insecure_http: bool = False) -> FieldErrors:
    """Each field's problem, by field name; empty when the setup can be saved. `setup` must be normalised."""
    errors: FieldErrors = {}
    # A training desk runs on the demo library: library, branch and name may stay empty.
    lenient = setup.training
    if lenient and not setup.library_code:
        pass
    elif not LIBRARY_CODE.fullmatch(setup.library_code):
        errors["library_code"] = Message(QT_TRANSLATE_NOOP(
            "core", "The library code is 2 to 16 letters or digits, for example TPML."))
    if lenient and not setup.branch_code:
        pass  # the first branch of the database
    elif not BRANCH_CODE.fullmatch(setup.branch_code):
        errors["branch_code"] = Message(QT_TRANSLATE_NOOP(
            "core", "The branch code is 1 to 16 letters, digits, - or _, for example MAIN."))
    elif known_branches and setup.branch_code not in known_branches:
        errors["branch_code"] = Message(QT_TRANSLATE_NOOP(
            "core", "This desk's database has no branch {code}; known branches: {known}."),
            code=setup.branch_code, known=", ".join(sorted(known_branches)))
    if not setup.desk_name:
        if not lenient:
            errors["desk_name"] = Message(QT_TRANSLATE_NOOP(
                "core", "Give this desk a name staff will recognise, for example 總館一樓櫃台 1."))
    elif len(setup.desk_name) > MAX_DESK_NAME:
        errors["desk_name"] = Message(QT_TRANSLATE_NOOP(
            "core", "A desk name is at most {limit} characters."), limit=MAX_DESK_NAME)
    elif any(unicodedata.category(ch).startswith("C") for ch in setup.desk_name):
        errors["desk_name"] = Message(QT_TRANSLATE_NOOP("core", "A desk name cannot hold control characters."))
    if setup.server_url:
        problem = check_server_url(setup.server_url, allow_insecure_http)
        if problem is not None:
            errors["server_url"] = problem
        if enrol_code.strip():
            problem = check_code(enrol_code)
            if problem is not None:
                errors["enrol_code"] = problem
        elif not enrolled:
            errors["enrol_code"] = Message(QT_TRANSLATE_NOOP(
                "core", "Enter the one-time enrolment code from the central server's administrator."))
    elif enrol_code.strip():
        errors["server_url"] = Message(QT_TRANSLATE_NOOP(
            "core", "An enrolment code needs the server's address."))
    if VIRTUAL_READER in setup.patron_reader and not setup.training:
        errors["patron_reader"] = Message(QT_TRANSLATE_NOOP(
            "core", "A virtual reader takes cards from the network: it is allowed only on a training desk."))
    for name, slot in (("key_a_slot", setup.key_a_slot), ("key_b_slot", setup.key_b_slot)):
        if not 0 <= slot <= MAX_KEY_SLOT:
            errors[name] = Message(QT_TRANSLATE_NOOP(
                "core", "A reader key slot is a number from 0 to {limit}."), limit=MAX_KEY_SLOT)
    if setup.scanner_kind is ScannerKind.SERIAL:
        if not setup.scanner_port:
            errors["scanner_port"] = Message(QT_TRANSLATE_NOOP(
                "core", "Choose the serial port the scanner is on (e.g. /dev/serial/by-id/... or COM3)."))
        elif setup.scanner_baud not in BAUD_RATES:
            errors["scanner_baud"] = Message(QT_TRANSLATE_NOOP(
                "core", "The baud rate is one of {rates}."), rates=", ".join(str(b) for b in BAUD_RATES))
        else:
            try:
                setup.scanner_settings()
            except ValueError as exc:
                errors["scanner_suffix"] = Message(QT_TRANSLATE_NOOP(
                    "core", "These scanner settings cannot be used: {reason}"), reason=str(exc))
    return errors


def load(settings: Settings) -> DeskSetup:
    """The setup as the settings file holds it now (defaults for what was never set)."""
    desk = settings.section("desk")
    devices = device_settings.load(settings)
    kind_text = settings.get(SETUP_SECTION, "scanner_kind", "")
    if kind_text in {k.value for k in ScannerKind}:
        kind = ScannerKind(kind_text)
    else:
        kind = ScannerKind.SERIAL if devices.scanner_enabled else ScannerKind.KEYBOARD
    scanner = devices.scanner
    baud = scanner.get("baudrate", 9600)
    return DeskSetup(
        library_code=str(desk.get("library_code", "")),
        branch_code=str(desk.get("branch_code", "")),
        desk_name=str(desk.get("desk_name", "")),
        server_url=str(settings.get(SYNC_SECTION, "server_url", "") or ""),
        patron_reader=devices.patron_reader,
        key_a_slot=devices.key_a_slot,
        key_b_slot=devices.key_b_slot,
        scanner_kind=kind,
        scanner_port=str(scanner.get("port", "")),
        scanner_baud=int(baud) if isinstance(baud, int) else 9600,
        scanner_suffix=str(scanner.get("suffix", Suffix.CR.value)),
        training=bool(desk.get("training_mode", False)),
    )


def save(settings: Settings, setup: DeskSetup) -> None:
    """Write a checked setup to the settings file and mark the first run done."""
    devices = device_settings.load(settings)
    serial = setup.scanner_kind is ScannerKind.SERIAL
    devices = dataclasses.replace(
        devices,
        patron_reader=setup.patron_reader,
        key_a_slot=setup.key_a_slot,
        key_b_slot=setup.key_b_slot,
        scanner_enabled=serial,
        scanner=setup.scanner_settings() if serial else devices.scanner,
    )
    settings.update("desk", {"library_code": setup.library_code, "branch_code": setup.branch_code,
                             "desk_name": setup.desk_name, "training_mode": setup.training})
    settings.update(SYNC_SECTION, {"server_url": setup.server_url})
    device_settings.save(settings, devices)
    settings.update(SETUP_SECTION, {"done": True, "scanner_kind": setup.scanner_kind.value})


def is_done(settings: Settings) -> bool:
    return bool(settings.get(SETUP_SECTION, "done", False))
