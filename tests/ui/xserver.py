"""A real X server (Xvfb) for tests that must see what a person would see.

Xvfb picks a free display number itself and writes it to `-displayfd` once it
accepts connections, so there is no guessing of numbers and no sleeping: we
block on that pipe (with a timeout), then confirm with `xdpyinfo`.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT_S = 20.0


@dataclass
class XServer:
    display: str  # ":N"
    process: subprocess.Popen[bytes]
    log: Path

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """An environment for a client of this server (xcb platform, no offscreen override)."""
        env = dict(os.environ if base is None else base)
        env["DISPLAY"] = self.display
        env["QT_QPA_PLATFORM"] = "xcb"
        env.pop("WAYLAND_DISPLAY", None)
        return env

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_xvfb(width: int = 1400, height: int = 900, depth: int = 24) -> XServer:
    """Start Xvfb on a free display; raise (never skip) if it is missing or does not come up."""
    binary = shutil.which("Xvfb")
    if binary is None:
        raise RuntimeError("Xvfb is not installed (apt-get install xvfb xauth)")
    read_fd, write_fd = os.pipe()
    log = Path(tempfile.mkstemp(prefix="xvfb-", suffix=".log")[1])
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [binary, "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x{depth}",
             "-nolisten", "tcp", "-noreset"],
            pass_fds=(write_fd,), stdout=log_file, stderr=subprocess.STDOUT,
        )
    os.close(write_fd)
    try:
        number = _read_display_number(read_fd, process)
    except Exception:
        process.kill()
        process.wait(timeout=10)
        raise
    finally:
        os.close(read_fd)
    server = XServer(f":{number}", process, log)
    info = subprocess.run(["xdpyinfo", "-display", server.display], capture_output=True, text=True,
                          timeout=START_TIMEOUT_S, check=False)
    if info.returncode != 0 or f"{width}x{height}" not in info.stdout:
        server.stop()
        raise RuntimeError(f"Xvfb on {server.display} does not answer xdpyinfo: {info.stderr.strip()}")
    return server


def _read_display_number(fd: int, process: subprocess.Popen[bytes]) -> int:
    data = b""
    while not data.endswith(b"\n"):
        ready, _, _ = select.select([fd], [], [], START_TIMEOUT_S)
        if not ready:
            raise RuntimeError(f"Xvfb did not report a display within {START_TIMEOUT_S:.0f} s")
        chunk = os.read(fd, 16)
        if not chunk:
            raise RuntimeError(f"Xvfb exited with code {process.wait(timeout=10)} before it was ready")
        data += chunk
    return int(data.strip())
