"""Build the Linux package: `python3 installer/build_deb.py [--bundle dist/libdesk] [--out dist]`.

Wraps the PyInstaller one-folder bundle (installer/libdesk.spec) in a .deb for
Debian 12 and Ubuntu 22.04 or newer:

    /opt/libdesk/                          the bundle (Python, Qt and its plugins, translations, sounds)
    /usr/bin/libdesk                       -> /opt/libdesk/libdesk
    /usr/share/applications/libdesk.desktop   the menu entry (zh_TW name first)
    /usr/share/icons/hicolor/scalable/apps/libdesk.svg
    /usr/lib/udev/rules.d/60-libdesk.rules    card readers and serial scanners
    /etc/modprobe.d/libdesk-nfc-blacklist.conf  keeps the kernel's NFC driver off the ACR122U

Depends on pcscd and the system libraries the bundle leaves to the system (the PC/SC
client library must match the machine's pcscd; GL, fonts and X libraries must match
its drivers). Standard library only; needs dpkg-deb (1.19 or newer for --root-owner-group).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LINUX = HERE / "linux"
INSTALL_DIR = "opt/libdesk"

# What the bundle needs from the system. "a | b": Ubuntu 24.04 renamed some libraries (t64).
DEPENDS = [
    "pcscd", "libpcsclite1", "libccid",
    "fonts-noto-cjk",
    "libglib2.0-0 | libglib2.0-0t64", "libgl1", "libegl1", "libfontconfig1", "libfreetype6",
    "libdbus-1-3", "libxkbcommon0", "libxkbcommon-x11-0", "libpulse0",
    "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1", "libxcb-render-util0",
    "libxcb-render0", "libxcb-shape0", "libxcb-util1", "libxcb-xkb1", "libxrandr2", "libx11-xcb1",
]

POSTINST = """#!/bin/sh
# libdesk: pick up the udev rules for readers and scanners now, not at the next boot.
set -e
if [ "$1" = "configure" ] && [ -d /run/udev ] && command -v udevadm >/dev/null 2>&1; then
    udevadm control --reload-rules || true
    udevadm trigger --action=change --subsystem-match=usb --subsystem-match=tty || true
fi
exit 0
"""
POSTRM = """#!/bin/sh
set -e
if [ "$1" = "remove" ] || [ "$1" = "purge" ]; then
    if [ -d /run/udev ] && command -v udevadm >/dev/null 2>&1; then
        udevadm control --reload-rules || true
    fi
fi
exit 0
"""


def version() -> str:
    text = (ROOT / "desk_app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    if not match:
        raise SystemExit("no __version__ in desk_app/__init__.py")
    return match.group(1)


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()


def installed_size_kib(root: Path) -> int:
    total = 0
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
    return (total + 1023) // 1024


def control(ver: str, arch: str, size_kib: int) -> str:
    return "\n".join([
        "Package: libdesk",
        f"Version: {ver}",
        f"Architecture: {arch}",
        "Maintainer: LibDesk <libdesk@example.invalid>",
        f"Installed-Size: {size_kib}",
        f"Depends: {', '.join(DEPENDS)}",
        "Section: misc",
        "Priority: optional",
        "Homepage: https://example.invalid/libdesk",
        "Description: circulation desk for Taiwanese public libraries (圖書館流通櫃台)",
        " LibDesk identifies a patron by library card, EasyCard/iPass, digital student",
        " card, mobile card or national ID, and checks out, checks in, renews and hands",
        " over holds, in Traditional Chinese first. This package holds the desk as one",
        " self-contained folder in /opt/libdesk, its menu entry, and udev rules for",
        " common PC/SC readers and serial barcode scanners.",
        "",
    ])


def stage(bundle: Path, root: Path, ver: str, arch: str) -> None:
    """Lay the package's files out under `root` as they will be on the desk PC."""
    if not (bundle / "libdesk").is_file():
        raise SystemExit(f"{bundle} is not a LibDesk bundle: build it first "
                         "(python3 -m PyInstaller --noconfirm installer/libdesk.spec)")
    shutil.copytree(bundle, root / INSTALL_DIR, symlinks=True)
    (root / "usr/bin").mkdir(parents=True)
    os.symlink(f"/{INSTALL_DIR}/libdesk", root / "usr/bin/libdesk")
    placed = {
        "libdesk.desktop": "usr/share/applications/libdesk.desktop",
        "libdesk.svg": "usr/share/icons/hicolor/scalable/apps/libdesk.svg",
        "60-libdesk.rules": "usr/lib/udev/rules.d/60-libdesk.rules",
        "libdesk-nfc-blacklist.conf": "etc/modprobe.d/libdesk-nfc-blacklist.conf",
    }
    for name, target in placed.items():
        dest = root / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(LINUX / name, dest)
        dest.chmod(0o644)
    doc = root / "usr/share/doc/libdesk"
    doc.mkdir(parents=True)
    for guide in ("technician.md", "readers.md"):
        if (ROOT / "docs" / guide).exists():
            shutil.copyfile(ROOT / "docs" / guide, doc / guide)
    debian = root / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(control(ver, arch, installed_size_kib(root)), encoding="utf-8")
    (debian / "conffiles").write_text("/etc/modprobe.d/libdesk-nfc-blacklist.conf\n", encoding="utf-8")
    for name, script in (("postinst", POSTINST), ("postrm", POSTRM)):
        (debian / name).write_text(script, encoding="utf-8")
        (debian / name).chmod(0o755)
    for path in [root, *root.rglob("*")]:  # dpkg-deb wants sane modes whatever the umask was
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)


def build(bundle: Path, out: Path, compression: str = "zstd", level: int = 9) -> Path:
    ver, arch = version(), architecture()
    out.mkdir(parents=True, exist_ok=True)
    deb = out / f"libdesk_{ver}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="libdesk-deb-") as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        stage(bundle, root, ver, arch)
        subprocess.run(["dpkg-deb", "--root-owner-group", f"-Z{compression}", f"-z{level}", "--build",
                        str(root), str(deb)], check=True, stdout=subprocess.DEVNULL)
    return deb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "libdesk", help="the PyInstaller one-folder bundle")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the .deb goes")
    parser.add_argument("--compression", choices=["zstd", "xz", "gzip"], default="zstd",
                        help="zstd (default: fast; Debian 12, Ubuntu 22.04+), xz (smallest, slow), gzip")
    parser.add_argument("--level", type=int, default=9, help="compression level (default 9)")
    args = parser.parse_args(argv)
    deb = build(args.bundle.resolve(), args.out.resolve(), args.compression, args.level)
    print(deb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
