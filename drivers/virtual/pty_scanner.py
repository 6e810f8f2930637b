"""A virtual serial barcode scanner on a real pseudo-terminal, for tests, demos and training.

The desk opens the pty's slave side exactly as it opens /dev/ttyUSB0, so everything
from pyserial down is real. Like a USB scanner under udev, it can be reached through
a stable symlink (think /dev/serial/by-id/...) that disappears when the scanner is
"unplugged" and points at a fresh pty when it is "plugged back in".

CLI: `python main.py virtual-scanner [--link PATH] [--suffix CR] [--aim code128]`
reads barcodes typed on stdin, one a line, and sends each one.
"""

from __future__ import annotations

import argparse
import os
import select
import sys
import threading
import time
import tty
from pathlib import Path
from typing import TextIO

from drivers import aim
from drivers.base import Symbology
from drivers.serial_settings import Suffix


class VirtualScanner:
    """A pty that behaves like a serial scanner. Use as a context manager, or call close()."""

    def __init__(self, link: str | Path | None = None, suffix: Suffix | str = Suffix.CR) -> None:
        self.link = Path(link) if link is not None else None
        if self.link is not None and self.link.exists() and not self.link.is_symlink():
            raise FileExistsError(f"{self.link} exists and is not a symlink; choose another --link")
        self.suffix = Suffix(str(suffix.value if isinstance(suffix, Suffix) else suffix).upper())
        self._master: int | None = None
        self._slave: int | None = None
        self.slave_path = ""
        self.plug()

    @property
    def port(self) -> str:
        """The path the desk should open: the stable link when there is one."""
        return str(self.link) if self.link is not None else self.slave_path

    @property
    def plugged(self) -> bool:
        return self._master is not None

    def plug(self) -> str:
        """Plug the scanner in: a new pty (and the link re-pointed at it). Returns the slave path."""
        if self.plugged:
            return self.slave_path
        master, slave = os.openpty()
        # Raw from the start, so the line discipline never turns CR into LF or echoes.
        tty.setraw(slave)
        self._master, self._slave = master, slave
        self.slave_path = os.ttyname(slave)
        if self.link is not None:
            tmp = self.link.with_name(self.link.name + ".new")
            tmp.unlink(missing_ok=True)
            tmp.symlink_to(self.slave_path)
            os.replace(tmp, self.link)  # atomic: the link is never half-made
        return self.slave_path

    def unplug(self) -> None:
        """Pull the cable: the link vanishes and the open port reports an error."""
        if self.link is not None and self.link.is_symlink():
            self.link.unlink()
        for fd in (self._master, self._slave):
            if fd is not None:
                os.close(fd)
        self._master = self._slave = None

    def close(self) -> None:
        self.unplug()

    def __enter__(self) -> VirtualScanner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- what the scanner sends ---------------------------------------------------

    def scan(self, text: str, symbology: Symbology | None = None) -> None:
        """Send one barcode, with the AIM identifier of `symbology` first when one is given."""
        prefix = aim.prefix_for(symbology) if symbology is not None else ""
        self.send(prefix.encode() + text.encode("utf-8") + self.suffix.bytes)

    def partial(self, text: str) -> None:
        """Send the start of a barcode and no terminator (a scanner cut off mid-line)."""
        self.send(text.encode("utf-8"))

    def garbage(self, data: bytes = b"\x00\xff\xfe\x1b[2J\x80", terminate: bool = True) -> None:
        """Send line noise (a wrong baud rate looks like this), normally ended by the suffix."""
        self.send(data + (self.suffix.bytes if terminate else b""))

    def drain(self, timeout: float = 5.0) -> bool:
        """Wait until the desk has read everything sent so far (True), or `timeout` passes (False).

        Pulling a cable loses bytes still in flight; a test that means "unplug after the
        desk has these bytes" waits here first.
        """
        deadline = time.monotonic() + timeout
        idle = threading.Event()  # never set: a short, interruptible pause between looks
        while self._unread():
            if time.monotonic() >= deadline:
                return False
            idle.wait(0.005)
        return True

    def _unread(self) -> bool:
        if self._slave is None:
            return False
        # poll(), unlike FIONREAD, first flushes bytes the kernel still holds between the
        # pty's two sides, so "nothing to read" really means the desk has read it all.
        poller = select.poll()
        poller.register(self._slave, select.POLLIN)
        return bool(poller.poll(0))

    def send(self, data: bytes) -> None:
        """Write raw bytes to the line."""
        if self._master is None:
            raise OSError("the virtual scanner is unplugged")
        view = memoryview(data)
        while view:
            written = os.write(self._master, view)
            view = view[written:]


def main(argv: list[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Type barcodes, one a line; each is sent to the desk as a scan. Ends at end of input or Ctrl+C."""
    parser = argparse.ArgumentParser(prog="main.py virtual-scanner", description=main.__doc__)
    parser.add_argument("--link", help="also reach the scanner through this symlink (e.g. /tmp/libdesk-scanner)")
    parser.add_argument("--suffix", default="CR", choices=[s.value for s in Suffix], type=str.upper)
    parser.add_argument(
        "--aim",
        choices=[s.value for s in Symbology if aim.prefix_for(s)],
        help="send this symbology's AIM identifier before every barcode",
    )
    args = parser.parse_args(argv)
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    symbology = Symbology(args.aim) if args.aim else None
    with VirtualScanner(args.link, args.suffix) as scanner:
        print(f"Virtual scanner on {scanner.slave_path}", file=stdout)
        if scanner.link is not None:
            print(f"Link: {scanner.link} -> {scanner.slave_path}", file=stdout)
        print(f"Set the desk's scanner port to {scanner.port} (suffix {args.suffix}), then type barcodes.", file=stdout)
        stdout.flush()
        try:
            for line in stdin:
                barcode = line.rstrip("\r\n")
                if barcode:
                    scanner.scan(barcode, symbology)
            scanner.drain(timeout=2.0)  # input piped in: let the desk read it before the pty goes away
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
