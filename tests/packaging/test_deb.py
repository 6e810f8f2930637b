"""The Linux package: built from the tree (PyInstaller bundle -> .deb), installed with apt-get, started headless.

This is the CI gate for the .deb: a bundle that misses a module, a plugin or a data
file, a package apt refuses, or a desk that cannot open its window fails here.
The package is installed into this machine (CI runs as root on a throwaway machine)
and purged again at the end.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.packaging.tree import HAN, REPO, clean_env, copy_tree, demo_password, probe_start, zh_translation

pytestmark = pytest.mark.packaging

INSTALLED = Path("/opt/libdesk")
COMMAND = "/usr/bin/libdesk"  # not a `libdesk` on PATH: a developer's pip console script may come first
# One machine, one /usr/bin/libdesk: sessions sharing a machine take turns installing, running and purging.
MACHINE_LOCK = Path("/tmp/libdesk-deb-test.lock")
APT = ["apt-get", "-o", "DPkg::Lock::Timeout=300", "-y", "-q", "--no-install-recommends"]


def run(command: list[str], timeout: float = 600, **kwargs) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=timeout, **kwargs)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PyInstaller bundle, then the .deb, from a clean copy of the tree; the times are printed."""
    if os.geteuid() != 0:
        pytest.fail("the .deb test installs a package: run the suite as root (CI does)", pytrace=False)
    for tool in ("dpkg-deb", "apt-get"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: this test needs Debian's packaging tools", pytrace=False)
    root = tmp_path_factory.mktemp("deb")
    src = copy_tree(root / "src")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    started = time.perf_counter()
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(root / "dist"), "--workpath", str(root / "work"), str(src / "installer" / "libdesk.spec")],
        cwd=src, env=env)
    bundled = time.perf_counter()
    out = run([sys.executable, str(src / "installer" / "build_deb.py"), "--bundle", str(root / "dist" / "libdesk"),
               "--out", str(root / "out")], cwd=src, env=env)
    done = time.perf_counter()
    print(f"\nbundle {bundled - started:.1f} s, .deb {done - bundled:.1f} s")
    shutil.rmtree(root / "work", ignore_errors=True)
    return Path(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def installed(deb: Path) -> Iterator[Path]:
    """The package installed for this module's tests, purged after; the machine-wide lock is held meanwhile."""
    with MACHINE_LOCK.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, even if the test process dies
        started = time.perf_counter()
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run([*APT, "install", "--reinstall", f"./{deb.name}"], cwd=deb.parent, env=env)
        print(f"apt-get install {time.perf_counter() - started:.1f} s")
        try:
            yield deb
        finally:
            run([*APT, "purge", "libdesk"], env=env)
        assert not Path(COMMAND).exists() and not INSTALLED.exists()


def test_the_package_declares_pcscd_and_lays_out_its_files(deb: Path) -> None:
    fields = run(["dpkg-deb", "--field", str(deb), "Package", "Depends", "Architecture"]).stdout
    assert "Package: libdesk" in fields
    depends = [d.strip() for d in fields.split("Depends:", 1)[1].splitlines()[0].split(",")]
    assert "pcscd" in depends and "fonts-noto-cjk" in depends
    listing = run(["dpkg-deb", "--contents", str(deb)]).stdout
    for path in ("./opt/libdesk/libdesk", "./usr/bin/libdesk -> /opt/libdesk/libdesk",
                 "./usr/share/applications/libdesk.desktop", "./usr/lib/udev/rules.d/60-libdesk.rules",
                 "./etc/modprobe.d/libdesk-nfc-blacklist.conf",
                 "desk_app/resources/translations/libdesk_zh_TW.qm", "desk_app/resources/sounds/ok.wav",
                 "desk_app/store/migrations/versions/", "platforms/libqoffscreen.so", "platforms/libqxcb.so"):
        assert path in listing, f"{path} is not in the package"


def test_the_menu_entry_has_its_traditional_chinese_name(installed: Path) -> None:
    desktop = Path("/usr/share/applications/libdesk.desktop")
    text = desktop.read_text(encoding="utf-8")
    assert "Name[zh_TW]=圖書館流通櫃台" in text and "Exec=libdesk" in text
    run(["desktop-file-validate", str(desktop)])


def test_the_installed_desk_starts_headless_in_traditional_chinese(installed: Path, tmp_path: Path) -> None:
    env = clean_env(tmp_path)
    version = run([COMMAND, "--version"], env=env, cwd=tmp_path)
    assert version.stdout.strip().startswith("LibDesk ")
    db = f"sqlite:///{tmp_path / 'desk.db'}"
    demo = run([COMMAND, "demo-data", "--db", db, "--quiet"], env=env, cwd=tmp_path)
    # Roll-out path: the first-run settings from the command line, with the bundle's own checks.
    run([COMMAND, "setup", "--db", db, "--library", "TPML", "--branch", "MAIN", "--desk-name", "總館一樓櫃台 1",
         "--scanner", "keyboard"], env=env, cwd=tmp_path)
    assert "總館一樓櫃台 1" in run([COMMAND, "setup", "--show"], env=env, cwd=tmp_path).stdout
    started = probe_start([COMMAND, "--db", db], env, tmp_path, "librarian", demo_password(demo.stdout))
    report = started.report
    assert report["title"] == zh_translation("DeskWindow", "LibDesk — Circulation desk") and HAN.search(report["title"])
    assert sum(1 for text in report["labels"] if HAN.search(text)) >= 3
    own = [Path(p) for p in report["translations"] if Path(p).name == "libdesk_zh_TW.qm"]
    assert own and all(p.is_relative_to(INSTALLED) for p in own), report["translations"]
    assert any(Path(p).name == "qtbase_zh_TW.qm" and Path(p).is_relative_to(INSTALLED)
               for p in report["translations"])
    for outcome, sound in report["sounds"].items():
        assert Path(sound["path"]).is_relative_to(INSTALLED) and sound["frames"] > 0, (outcome, sound)
    assert not Path(report["sounds"]["ok"]["path"]).is_relative_to(REPO)


def test_the_installed_desk_without_a_display_says_so_in_words(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in clean_env(tmp_path).items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run([COMMAND], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL, check=False)
    assert result.returncode == 4
    assert "沒有可用的螢幕" in result.stderr and "platform plugin" not in result.stderr


def test_doctor_from_the_package_sees_the_readers_of_the_machines_pcscd(installed: Path, tmp_path: Path,
                                                                         pcsc_stack) -> None:
    """The bundle's pyscard talks to the system's pcscd through the system's libpcsclite (not a bundled copy)."""
    result = subprocess.run([COMMAND, "doctor"], env=clean_env(tmp_path), cwd=tmp_path, capture_output=True,
                            text=True, timeout=60, stdin=subprocess.DEVNULL, check=False)
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert pcsc_stack.reader in result.stdout, result.stdout
