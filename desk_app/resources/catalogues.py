"""Compiling translation catalogues (.ts -> .qm) with Qt's lrelease, without importing Qt.

Used in two places: the wheel's build step (setup.py), which puts every .qm into
the wheel, and the desk at start-up (desk_app.ui.i18n), which builds a missing or
outdated .qm in a source checkout. A .qm is "current" when the stamp file beside
it names the SHA-256 of the .ts it was built from: file times cannot tell, because
installers (pip, dpkg, PyInstaller) do not keep them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

STAMP_SUFFIX = ".source-sha256"


class CatalogueBuildError(RuntimeError):
    """lrelease is missing or refused the .ts file."""


def lrelease_path() -> Path:
    """Qt's lrelease as shipped in the PySide6-Essentials wheel (or pyside6-lrelease on PATH)."""
    exe = "lrelease" + (".exe" if sys.platform == "win32" else "")
    try:
        import importlib.util

        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin:
        candidate = Path(spec.origin).resolve().parent / exe
        if candidate.exists():
            return candidate
    found = shutil.which("pyside6-lrelease")
    if found:
        return Path(found)
    raise CatalogueBuildError("Qt's lrelease was not found: install PySide6-Essentials")


def stamp_path(qm: Path) -> Path:
    return qm.with_name(qm.name + STAMP_SUFFIX)


def source_digest(ts: Path) -> str:
    return hashlib.sha256(ts.read_bytes()).hexdigest()


def is_current(ts: Path, qm: Path) -> bool:
    """True when `qm` exists and was built from exactly this `ts`."""
    stamp = stamp_path(qm)
    if not qm.exists() or not stamp.exists():
        return False
    try:
        return stamp.read_text(encoding="ascii").strip() == source_digest(ts)
    except (OSError, UnicodeDecodeError):
        return False


def build_qm(ts: Path, qm: Path, lrelease: Path | None = None) -> None:
    """Compile `ts` into `qm` atomically (a desk starting meanwhile never reads half a file), then stamp it."""
    tool = lrelease or lrelease_path()
    qm.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=qm.parent, prefix=f".{qm.stem}-", suffix=".qm")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        result = subprocess.run([str(tool), "-silent", str(ts), "-qm", str(tmp)],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0 or tmp.stat().st_size == 0:
            raise CatalogueBuildError(
                f"lrelease failed on {ts.name}: {result.stderr.strip() or result.stdout.strip()}")
        os.chmod(tmp, 0o644)  # mkstemp makes it private; every desk user must read it
        os.replace(tmp, qm)
    finally:
        tmp.unlink(missing_ok=True)
    stamp_path(qm).write_text(source_digest(ts) + "\n", encoding="ascii")


def build_all(translations: Path, lrelease: Path | None = None) -> list[Path]:
    """Compile every .ts in `translations` next to itself; returns the .qm files."""
    built = []
    for ts in sorted(translations.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        build_qm(ts, qm, lrelease)
        built.append(qm)
    return built
