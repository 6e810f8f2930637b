"""The desk under a real X server (Xvfb): mid-checkout, in Traditional Chinese, saved as PNG.

A person looks at artifacts/screenshots/desk-screen.png; the test checks what it can:
the X server's own copy of the screen is not blank and matches what Qt drew, every
Chinese character on screen has a glyph in the font used, and the texts are zh_TW.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.ui.xserver import XServer, start_xvfb

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "artifacts" / "screenshots"

pytestmark = pytest.mark.xvfb


@pytest.fixture(scope="module")
def xserver() -> Iterator[XServer]:
    server = start_xvfb(1400, 900, 24)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def shot(xserver: XServer, tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("screenshot") / "demo.db"
    env = xserver.env()
    env["LIBDESK_DATA_DIR"] = str(db.parent / "data")
    env["LIBDESK_CONFIG_DIR"] = str(db.parent / "config")
    proc = subprocess.run([sys.executable, "-m", "tests.ui.screenshot_app", "--db", f"sqlite:///{db}",
                           "--out", str(OUT)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, f"screenshot app failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
    return json.loads((OUT / "report.json").read_text(encoding="utf-8"))


def test_runs_on_the_x_server_not_offscreen(shot: dict) -> None:
    assert shot["platform"] == "xcb"
    assert shot["screen_size"] == [1400, 900]


def test_desk_texts_are_traditional_chinese(shot: dict) -> None:
    assert "流通櫃台" in shot["window_title"]
    assert shot["loan_headers"][:4] == ["題名", "條碼", "索書號", "到期日"]
    assert {"借書", "還書", "續借", "查詢館藏"} <= set(shot["actions"])
    assert "身分證號" in shot["patron_panel_text"] and "*****" in shot["patron_panel_text"]
    assert shot["checked_out"] == 3
    assert shot["banner_outcome"] == "ok" and shot["banner"].startswith("借出")


def test_every_chinese_character_on_screen_has_a_glyph(shot: dict) -> None:
    glyphs = shot["glyphs"]
    assert glyphs["font_families"][0] == "Noto Sans CJK TC", "Han text needs a Traditional Chinese font first"
    assert glyphs["han_characters"] > 20
    assert glyphs["missing"] == ""


def test_x_server_screen_is_not_blank_and_shows_the_window(shot: dict) -> None:
    screen = QImage(shot["screen_png"])
    window = QImage(shot["window_png"])
    assert not screen.isNull() and not window.isNull()
    assert (screen.width(), screen.height()) == (1400, 900)
    colours = {screen.pixel(x, y) for x in range(0, 1400, 7) for y in range(0, 900, 7)}
    assert len(colours) > 20, "the grabbed screen is (nearly) one colour"
    x0, y0, w, h = shot["window_geometry"]
    same = total = 0
    for y in range(0, min(h, window.height(), 900 - y0), 5):
        for x in range(0, min(w, window.width(), 1400 - x0), 5):
            total += 1
            same += screen.pixel(x0 + x, y0 + y) == window.pixel(x, y)
    assert total and same / total > 0.9, f"the X server shows something else than Qt drew ({same}/{total})"
