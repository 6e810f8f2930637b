"""Is there real hardware at this desk, and can virtual cards reach a vpcd reader? Worker thread only.

The desk falls back to virtual devices (a pty scanner, virtual cards on pcscd's vpcd
reader) only when no real device is found, and says so; this module is the looking.
It asks pcscd through drivers (a fresh context per question) and never touches the
GUI, so it can run on any worker while the window is already up.

vpcd is never probed by connecting to it: vpcd takes any connection for a card
being placed, so a probe would flash a phantom card at the desk. Instead the port
is checked for a listener by trying to bind it, which vpcd cannot notice.
"""

from __future__ import annotations

import enum
import errno
import socket
from dataclasses import dataclass
from typing import Any

from drivers.pcsc.monitor import is_virtual
from drivers.pcsc.presence import list_readers

DEFAULT_VPCD_PORT = 0x8C7B  # 35963: Debian's vsmartcard-vpcd reader.conf, slot 0 (slot 1 is 35964)
SECTION = "training"


class VirtualDevicesPolicy(str, enum.Enum):
    AUTO = "auto"  # virtual devices when no hardware is found (a fresh machine, a training room)
    OFF = "off"  # a desk with only a keyboard-wedge scanner must not claim to be in training


@dataclass(frozen=True)
class TrainingSettings:
    """The "training" section of the settings file: where vpcd listens, and whether to fall back at all."""

    virtual_devices: VirtualDevicesPolicy = VirtualDevicesPolicy.AUTO
    vpcd_host: str = "127.0.0.1"
    vpcd_port: int = DEFAULT_VPCD_PORT  # the reader.conf CHANNELID; slot n listens on port + n
    vpcd_slot: int = 0
    library_code: str = "DEMO"  # written into the LC v1 records of pre-burned training cards

    @classmethod
    def from_section(cls, values: dict[str, Any]) -> TrainingSettings:
        """Known keys of the right type; a bad hand-edited value keeps its default."""
        kwargs: dict[str, Any] = {}
        try:
            kwargs["virtual_devices"] = VirtualDevicesPolicy(str(values.get("virtual_devices", "auto")))
        except ValueError:
            pass
        if isinstance(values.get("vpcd_host"), str) and values["vpcd_host"]:
            kwargs["vpcd_host"] = values["vpcd_host"]
        for key, top in (("vpcd_port", 65535), ("vpcd_slot", 1)):
            value = values.get(key)
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= top:
                kwargs[key] = value
        code = values.get("library_code")
        if isinstance(code, str) and code.isascii() and 0 < len(code) <= 8:
            kwargs["library_code"] = code
        return cls(**kwargs)

    @property
    def card_port(self) -> int:
        """Where a virtual card connects: vpcd's port for the chosen slot."""
        return self.vpcd_port + self.vpcd_slot


class VpcdState(str, enum.Enum):
    READY = "ready"
    PCSCD_DOWN = "pcscd_down"  # no PC/SC service answering
    NO_READER = "no_reader"  # pcscd runs, but lists no "Virtual PCD" reader (vsmartcard-vpcd not installed)
    NOT_LISTENING = "not_listening"  # a virtual reader is listed, but nothing listens on the configured port


@dataclass(frozen=True)
class Probe:
    """What was found at desk start (or at "check again")."""

    pcscd_running: bool
    real_readers: tuple[str, ...]
    scanner_port: str  # the serial scanner port the desk is configured to use, else ""
    vpcd: VpcdState
    vpcd_reader: str = ""  # the virtual reader the training cards are tapped on

    @property
    def hardware_found(self) -> bool:
        return bool(self.real_readers or self.scanner_port)


def port_has_listener(port: int) -> bool:
    """True when something already holds TCP `port` on all interfaces (vpcd binds 0.0.0.0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("0.0.0.0", port))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


def configured_scanner_port(scanner: dict[str, Any], enabled: bool) -> str:
    """The serial scanner port the desk is set to use, plugged in or not.

    A configured scanner that is unplugged at start is real hardware with a fault: the
    driver keeps looking for it and the status bar says it is disconnected. Swapping in
    a virtual scanner would hide that from the librarian.
    """
    port = scanner.get("port") if enabled else None
    return port if isinstance(port, str) and port else ""


def slot_reader(readers: list[str], slot: int) -> str:
    """The virtual reader of `slot`: pcscd names them "Virtual PCD 00 00" (slot 0) and "... 00 01"."""
    suffix = f" {slot:02d}"
    for reader in sorted(readers):
        if is_virtual(reader) and reader.endswith(suffix):
            return reader
    return ""


def probe(training: TrainingSettings, scanner: dict[str, Any], scanner_enabled: bool) -> Probe:
    """Look at pcscd's readers, the scanner port and vpcd. Blocks briefly: call it off the GUI thread."""
    running, readers = list_readers()
    real = tuple(r for r in readers if not is_virtual(r))
    virtual = tuple(r for r in readers if is_virtual(r))
    reader = slot_reader(list(virtual), training.vpcd_slot)
    if not running:
        state = VpcdState.PCSCD_DOWN
    elif not reader:
        state = VpcdState.NO_READER
    elif not port_has_listener(training.card_port):
        state = VpcdState.NOT_LISTENING
    else:
        state = VpcdState.READY
    return Probe(running, real, configured_scanner_port(scanner, scanner_enabled), state,
                 reader if state is VpcdState.READY else "")
