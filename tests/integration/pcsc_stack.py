"""A real pcscd with vsmartcard's vpcd reader, private to one test session.

pcsc-lite 1.9.9's daemon always binds /run/pcscd/pcscd.comm (only the client library
reads PCSCLITE_CSOCK_NAME), so to run beside a system pcscd or another test session
the daemon runs in its own mount namespace with a private directory bound over
/run/pcscd; clients find its socket through PCSCLITE_CSOCK_NAME, which must be set
before the process's first SCardEstablishContext (libpcsclite caches it).
Each vpcd entry uses its own copy of the driver library: the driver keeps its
connections in globals, so two entries sharing one loaded library would clash.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from smartcard import scard

VPCD_LIBRARY = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
PCSCD = shutil.which("pcscd") or "/usr/sbin/pcscd"
START_TIMEOUT = 15.0


class PcscStackError(RuntimeError):
    """The real PC/SC stack could not be started: a test failure, never a skip."""


_created_socket_dir: Path | None = None  # made by this process (a child session only borrows it)


def socket_dir_for_session() -> Path:
    """A private directory whose pcscd.comm this process's clients will use."""
    global _created_socket_dir
    existing = os.environ.get("PCSCLITE_CSOCK_NAME")
    if existing and "libdesk-pcsc-" in existing:
        return Path(existing).parent
    path = Path(tempfile.mkdtemp(prefix="libdesk-pcsc-"))
    os.environ["PCSCLITE_CSOCK_NAME"] = str(path / "pcscd.comm")
    _created_socket_dir = path
    return path


def remove_socket_dir_for_session() -> None:
    """Remove the directory only if this process made it: a pytest run started by a test inherits
    the parent's PCSCLITE_CSOCK_NAME and must not delete the parent's pcscd mount point."""
    global _created_socket_dir
    if _created_socket_dir is not None:
        shutil.rmtree(_created_socket_dir, ignore_errors=True)
        _created_socket_dir = None


def free_port_pair() -> int:
    """A port p with p and p+1 free on all interfaces (vpcd binds 0.0.0.0)."""
    for _ in range(200):
        with socket.socket() as probe:
            probe.bind(("0.0.0.0", 0))
            base = probe.getsockname()[1]
        if base >= 65535:
            continue
        try:
            with socket.socket() as a, socket.socket() as b:
                a.bind(("0.0.0.0", base))
                b.bind(("0.0.0.0", base + 1))
            return base
        except OSError:
            continue
    raise PcscStackError("no free pair of TCP ports for vpcd")


@dataclass
class VpcdEntry:
    """One reader.conf entry: two readers, '<name> NN 00' (port) and '<name> NN 01' (port + 1).

    Give every entry its own name: pcscd numbers readers per name, and two entries
    with one name both come out as '... 00 00'."""

    name: str
    port: int


@dataclass
class PcscDaemon:
    root: Path
    socket_dir: Path
    entries: list[VpcdEntry] = field(default_factory=list)
    process: subprocess.Popen[bytes] | None = None

    @property
    def config_dir(self) -> Path:
        return self.root / "reader.conf.d"

    def check_installed(self) -> None:
        missing = [str(p) for p in (Path(PCSCD), VPCD_LIBRARY) if not p.exists()]
        if missing:
            raise PcscStackError(
                "The PC/SC integration tests need pcscd and vsmartcard's vpcd: missing "
                + ", ".join(missing)
                + ". Install them: apt-get install -y --no-install-recommends pcscd vsmartcard-vpcd libpcsclite-dev"
            )

    def write_config(self) -> None:
        shutil.rmtree(self.config_dir, ignore_errors=True)
        self.config_dir.mkdir(parents=True)
        for i, entry in enumerate(self.entries):
            library = self.root / f"libifdvpcd-{i}.so"
            if not library.exists():
                shutil.copy2(VPCD_LIBRARY, library)
            (self.config_dir / f"vpcd-{i}").write_text(
                f'FRIENDLYNAME "{entry.name}"\n'
                f"DEVICENAME /dev/null:{entry.port}\n"
                f"LIBPATH {library}\n"
                f"CHANNELID {entry.port}\n"
            )

    def start(self) -> None:
        """Write the config, start pcscd in the foreground, wait until every reader is listed."""
        self.check_installed()
        self.write_config()
        for stale in ("pcscd.comm", "pcscd.pid"):
            (self.socket_dir / stale).unlink(missing_ok=True)
        Path("/run/pcscd").mkdir(parents=True, exist_ok=True)  # the mount point must exist
        script = f'mount --bind "{self.socket_dir}" /run/pcscd && exec "{PCSCD}" -f -c "{self.config_dir}"'
        log = open(self.root / "pcscd.log", "ab")
        try:
            self.process = subprocess.Popen(
                ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        finally:
            log.close()
        self.wait_for_readers()

    def readers_of(self, entry: VpcdEntry, listed: list[str] | None = None) -> list[str]:
        """The two reader names pcscd gave this entry (slot 0 first), as listed now."""
        pattern = re.compile(re.escape(entry.name) + r" [0-9A-F]{2} 0[01]$")
        return sorted(n for n in (list_readers() if listed is None else listed) if pattern.match(n))

    def wait_for_readers(self) -> None:
        """Poll pcscd's reader list (bounded) until every entry shows its two readers."""
        deadline = time.monotonic() + START_TIMEOUT
        seen: list[str] = []
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise PcscStackError(f"pcscd exited with {self.process.returncode}; see {self.root / 'pcscd.log'}")
            seen = list_readers()
            if all(len(self.readers_of(e, seen)) == 2 for e in self.entries):
                return
            time.sleep(0.05)
        self.stop()
        raise PcscStackError(
            f"pcscd did not list the vpcd readers within {START_TIMEOUT:.0f} s (saw {seen}); "
            f"is unshare/mount allowed here (needs root)? Log: {self.root / 'pcscd.log'}"
        )

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def restart(self, entries: list[VpcdEntry] | None = None) -> None:
        """Stop and start again, optionally with a different reader.conf (pcscd reads it only at start)."""
        self.stop()
        if entries is not None:
            self.entries = entries
        self.start()

    def log_text(self) -> str:
        path = self.root / "pcscd.log"
        return path.read_text(errors="replace") if path.exists() else ""


def list_readers() -> list[str]:
    """Readers pcscd lists now, on a fresh context ([] when pcscd is not answering)."""
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return []
    try:
        hresult, readers = scard.SCardListReaders(context, [])
        return list(readers) if hresult == scard.SCARD_S_SUCCESS else []
    finally:
        scard.SCardReleaseContext(context)


def wait_for_card(reader: str, present: bool, timeout: float = 10.0) -> bytes:
    """Block until pcscd reports the card on `reader` present (returns its ATR) or absent."""
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        raise PcscStackError(f"pcscd is not answering (0x{hresult & 0xFFFFFFFF:08X})")
    try:
        deadline = time.monotonic() + timeout
        state = scard.SCARD_STATE_UNAWARE
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"card on {reader!r} not {'present' if present else 'absent'} after {timeout} s")
            hresult, states = scard.SCardGetStatusChange(context, int(remaining * 1000), [(reader, state)])
            if hresult == scard.SCARD_E_TIMEOUT:
                continue
            if hresult != scard.SCARD_S_SUCCESS:
                raise PcscStackError(f"SCardGetStatusChange failed (0x{hresult & 0xFFFFFFFF:08X})")
            _name, event_state, atr = states[0]
            is_present = bool(event_state & scard.SCARD_STATE_PRESENT) and not (event_state & scard.SCARD_STATE_MUTE)
            if is_present == present:
                return bytes(atr)
            state = event_state & ~scard.SCARD_STATE_CHANGED
    finally:
        scard.SCardReleaseContext(context)


class EventLog:
    """A thread-safe EventSink that tests can wait on (no sleeps): `wait_for(predicate)`."""

    def __init__(self) -> None:
        import threading

        self.events: list[object] = []
        self._cond = threading.Condition()

    def __call__(self, event: object) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def wait_for(self, predicate, timeout: float = 10.0, start: int = 0):
        """The first event from index `start` on that satisfies `predicate`; TimeoutError otherwise."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for event in self.events[start:]:
                    if predicate(event):
                        return event
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"no matching event within {timeout} s; saw {self.events[start:]}")
                self._cond.wait(remaining)

    def mark(self) -> int:
        with self._cond:
            return len(self.events)
