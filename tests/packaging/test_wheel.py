"""The wheel is the whole desk: built from the tree, installed in a fresh venv, it opens in Traditional Chinese.

Nothing of the source tree is reachable from the installed desk (no PYTHONPATH, run
from another folder), so the translations and sounds it loads must come from the
wheel's package data; the .qm catalogues are compiled into the wheel at build time,
so the desk builds nothing into the user's cache either.
"""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.packaging.tree import HAN, REPO, clean_env, copy_tree, demo_password, probe_start, zh_translation

pytestmark = pytest.mark.packaging


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("wheel")
    src = copy_tree(root / "src")
    started = time.perf_counter()
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(root / "dist"), str(src)])
    print(f"wheel built in {time.perf_counter() - started:.1f} s")
    wheels = list((root / "dist").glob("libdesk-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv that sees the machine's packages (PySide6, pyscard...) but not the source tree.

    pip installs the wheel with --no-index: every dependency the wheel names must
    already be satisfied there, or the install fails.
    """
    path = tmp_path_factory.mktemp("venv") / "desk"
    run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(path)])
    run([sys.executable, "-m", "pip", "--python", str(path / "bin" / "python"), "install", "--no-index",
         "--quiet", str(wheel)], env=clean_env(path.parent))
    return path


def test_the_wheel_carries_the_sounds_and_current_compiled_translations(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for name in ("ok.wav", "notice.wav", "alarm.wav"):
        assert f"desk_app/resources/sounds/{name}" in names
    base = "desk_app/resources/translations/libdesk_zh_TW"
    assert {f"{base}.ts", f"{base}.qm", f"{base}.qm.source-sha256"} <= set(names)
    import hashlib

    with zipfile.ZipFile(wheel) as zf:
        stamp = zf.read(f"{base}.qm.source-sha256").decode("ascii").strip()
        assert stamp == hashlib.sha256(zf.read(f"{base}.ts")).hexdigest()
    assert not [n for n in names if n.startswith("tests/")]


def test_the_installed_desk_opens_in_traditional_chinese_with_its_sounds(venv: Path, tmp_path: Path) -> None:
    site = next((venv / "lib").glob("python3*/site-packages"))
    env = clean_env(tmp_path)
    libdesk = str(venv / "bin" / "libdesk")
    version = run([libdesk, "--version"], env=env, cwd=tmp_path)
    assert version.stdout.startswith("LibDesk ")
    where = run([str(venv / "bin" / "python"), "-c", "import desk_app; print(desk_app.__file__)"], env=env,
                cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(site), "the venv imports desk_app from elsewhere"

    db = f"sqlite:///{tmp_path / 'desk.db'}"
    demo = run([libdesk, "demo-data", "--db", db, "--quiet"], env=env, cwd=tmp_path, timeout=300)
    started = probe_start([libdesk, "--db", db], env, tmp_path, "librarian", demo_password(demo.stdout))

    report = started.report
    assert report["title"] == zh_translation("DeskWindow", "LibDesk — Circulation desk")
    assert HAN.search(report["title"])
    assert sum(1 for text in report["labels"] if HAN.search(text)) >= 3, report["labels"]
    own = [Path(p) for p in report["translations"] if Path(p).name == "libdesk_zh_TW.qm"]
    assert own and all(p.is_relative_to(site / "desk_app" / "resources") for p in own), report["translations"]
    assert any(Path(p).name == "qtbase_zh_TW.qm" for p in report["translations"])  # Qt's own buttons
    assert set(report["sounds"]) == {"ok", "notice", "refused", "error"}
    for outcome, sound in report["sounds"].items():
        path = Path(sound["path"])
        assert path.is_relative_to(site / "desk_app" / "resources" / "sounds"), (outcome, path)
        assert not path.is_relative_to(REPO)
        assert sound["frames"] > 0, f"the {outcome} sound holds no audio"
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").rglob("*.qm")), \
        "the installed desk compiled translations at start instead of using the wheel's"
