"""Can the desk window open here? Checked before Qt starts, so a missing display is told in words.

Without a display Qt prints "could not connect to display" and "no Qt platform
plugin could be initialized", then aborts: a technician on SSH, a service started
before the desktop, or a machine missing one X library sees only that. This check
(standard library only, Linux and other X11/Wayland systems; Windows and macOS
always have a screen) finds the usual causes first and says what to do instead.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import socket
import sys
from dataclasses import dataclass

EXIT_NO_DISPLAY = 4
# Platforms that need no screen at all; "offscreen" is how the tests and scripted checks run.
HEADLESS_PLATFORMS = {"offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay"}
# Qt 6.5+ loads the xcb platform only with libxcb-cursor (Ubuntu's most common start failure).
XCB_LIBRARIES = {"xcb-cursor": "libxcb-cursor0"}


@dataclass(frozen=True)
class DisplayProblem:
    """What is wrong, in Traditional Chinese and in English, with the ways out."""

    zh: str
    en: str

    def text(self) -> str:
        how = (
            "如何處理 / What to do:\n"
            "  • 在櫃台電腦的桌面上開啟 LibDesk（選單中的「圖書館流通櫃台」），不要透過 SSH。\n"
            "    Open LibDesk on the desk PC's own desktop (menu: LibDesk Circulation Desk), not over SSH.\n"
            "  • 透過 SSH 檢查讀卡機與掃描器 / Check readers and scanners over SSH:  libdesk doctor\n"
            "  • 透過 SSH 設定這台櫃台（不需要螢幕）/ Set this desk up over SSH (no screen needed):  libdesk setup --help\n"
            "  • 只想確認程式能啟動 / Only check that the desk starts:  QT_QPA_PLATFORM=offscreen libdesk"
        )
        return f"LibDesk：{self.zh}\nLibDesk: {self.en}\n\n{how}"


def _platform_name(env: dict[str, str]) -> str:
    return env.get("QT_QPA_PLATFORM", "").split(":", 1)[0].strip().lower()


def _x_display_reachable(display: str) -> bool:
    """Whether an X server answers at DISPLAY (":0", ":0.0", "host:10.0", "unix:0")."""
    host, _, rest = display.rpartition(":")
    number = rest.split(".", 1)[0]
    if not number.isdigit():
        return True  # a form we do not know: let Qt try
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(1.0)
            try:
                sock.connect(path)
                return True
            except OSError:
                pass
        abstract = "\0" + path  # Linux X servers also listen on the abstract socket
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(1.0)
            try:
                sock.connect(abstract)
                return True
            except OSError:
                return False
    try:
        with socket.create_connection((host, 6000 + int(number)), timeout=1.0):
            return True
    except OSError:
        return False


def _wayland_reachable(env: dict[str, str]) -> bool:
    name = env.get("WAYLAND_DISPLAY", "")
    path = name if os.path.isabs(name) else os.path.join(env.get("XDG_RUNTIME_DIR", ""), name)
    return os.path.exists(path)


def _missing_xcb_packages() -> list[str]:
    missing = []
    for lib, package in XCB_LIBRARIES.items():
        found = ctypes.util.find_library(lib)
        try:
            ctypes.CDLL(found or f"lib{lib}.so.0")
        except OSError:
            missing.append(package)
    return missing


def display_problem(env: dict[str, str] | None = None, platform: str | None = None) -> DisplayProblem | None:
    """None when the window can open; otherwise what is wrong (checked without starting Qt)."""
    env = dict(os.environ) if env is None else env
    if (platform or sys.platform) in ("win32", "darwin"):
        return None
    chosen = _platform_name(env)
    if chosen in HEADLESS_PLATFORMS:
        return None
    wayland = bool(env.get("WAYLAND_DISPLAY")) and chosen in ("", "wayland")
    if wayland and _wayland_reachable(env):
        return None
    display = env.get("DISPLAY", "")
    if not display:
        return DisplayProblem(
            "這裡沒有可用的螢幕（DISPLAY 與 WAYLAND_DISPLAY 都沒有設定），所以無法開啟櫃台視窗。"
            "通常是從 SSH 或系統服務啟動了 LibDesk。",
            "there is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set), so the desk window "
            "cannot open. This usually means LibDesk was started over SSH or as a system service.")
    if not _x_display_reachable(display):
        return DisplayProblem(
            f"無法連線到螢幕 {display}：該顯示伺服器沒有執行，或這個使用者沒有權限使用它。",
            f"cannot connect to the display {display}: no X server is running there, or this user "
            "may not use it (started from another account, or after the desktop session ended).")
    missing = _missing_xcb_packages()
    if missing:
        packages = " ".join(missing)
        return DisplayProblem(
            f"缺少顯示所需的系統程式庫。請安裝：sudo apt-get install {packages}",
            f"a system library the window needs is missing. Install it: sudo apt-get install {packages}")
    return None
