"""The Windows installer script compiles with makensis (Debian's nsis), warnings counted as errors.

The real bundle is built on Windows (installer/README.md); here a stand-in folder with
the same layout is packed, which checks the script itself: syntax, pages, languages,
the Smart Card service check, the Start-menu entries and the uninstaller.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.packaging.tree import REPO

pytestmark = pytest.mark.packaging

SCRIPT = REPO / "installer" / "windows" / "libdesk.nsi"


def test_the_windows_installer_script_compiles(tmp_path: Path) -> None:
    makensis = shutil.which("makensis")
    if makensis is None:
        pytest.fail("makensis is missing: apt-get install nsis (scripts/install.sh --test does)", pytrace=False)
    bundle = tmp_path / "libdesk"
    (bundle / "_internal").mkdir(parents=True)
    for exe in ("libdesk.exe", "libdesk-console.exe"):
        (bundle / exe).write_bytes(b"MZ stand-in")
    (bundle / "_internal" / "base_library.zip").write_bytes(b"stand-in")
    setup = tmp_path / "LibDesk-Setup.exe"
    result = subprocess.run([makensis, "-V2", "-WX", f"-DBUNDLE={bundle}", f"-DOUTFILE={setup}", "-DVERSION=0.1.0",
                             str(SCRIPT)], capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert setup.read_bytes()[:2] == b"MZ"


def test_the_script_checks_the_smart_card_service_and_uninstalls() -> None:
    text = SCRIPT.read_text(encoding="utf-8-sig")
    assert "SCardSvr" in text and "Call CheckSmartCardService" in text
    assert 'Section "Uninstall"' in text and "WriteUninstaller" in text
    assert "$SMPROGRAMS\\LibDesk" in text and 'MUI_LANGUAGE "TradChinese"' in text
