"""The start-up benchmark's hook: LIBDESK_STARTUP_PROBE=1 makes `python main.py` say when it is ready, then quit.

`python -m benchmarks` times the desk from process start until the window is
shown and its scan field has the keys. It cannot type into the sign-in dialog
of a child process, so in probe mode the staff username and password are read
from stdin (two lines; never from the command line or the environment, never
printed) and checked by core exactly as the dialog would; nothing is bypassed.
Once the window has painted its first frame, one line goes to stdout:

    LIBDESK-READY <1 if the scan field has focus, else 0> <peak RSS in kB>

then one line of JSON that says what the desk loaded, so a packaging test can
check an installed desk speaks Traditional Chinese with its own files:

    LIBDESK-REPORT {"title": ..., "labels": [...], "translations": [...], "sounds": {...}}

and the application quits.
"""

from __future__ import annotations

import json
import os
import sys
import wave

from PySide6.QtCore import QCoreApplication, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from sqlalchemy.orm import Session, sessionmaker

from desk_app.core.staff.permissions import Actor
from desk_app.settings import Settings
from desk_app.ui.desk.sounds import SOUND_FILES, DeskSounds

ENV = "LIBDESK_STARTUP_PROBE"
READY = "LIBDESK-READY"
REPORT = "LIBDESK-REPORT"


def enabled() -> bool:
    return os.environ.get(ENV) == "1"


def sign_in_from_stdin(session_factory: sessionmaker[Session], settings: Settings) -> Actor | None:
    """The sign-in dialog's check, with the two lines it would have been typed (None if refused)."""
    from desk_app.core.messages import DeskError
    from desk_app.ui.staff.sign_in import authenticator

    username = sys.stdin.readline().strip()
    password = sys.stdin.readline().rstrip("\r\n")
    check = authenticator(session_factory, settings.get("desk", "branch_code") or None)
    try:
        return check(username, password)
    except DeskError:
        print(f"{READY} 0 0 sign-in refused", flush=True)
        return None


def peak_rss_kb() -> int:
    """VmHWM of this process (Linux); 0 where /proc is not there."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _sound_report(player: DeskSounds | None) -> dict[str, dict[str, object]]:
    """Each preloaded sound of the desk's player: the file it was loaded from and whether that file holds audio."""
    out: dict[str, dict[str, object]] = {}
    for outcome in SOUND_FILES:
        effect = player._effect(outcome) if player is not None else None  # the player's own preloaded effect
        path = effect.source().toLocalFile() if effect is not None else ""
        frames = 0
        if path:
            try:
                with wave.open(path) as wav:
                    frames = wav.getnframes()
            except (OSError, wave.Error, EOFError):
                frames = 0
        out[outcome.value] = {"path": path, "frames": frames}
    return out


def loaded_report(window: QWidget, sounds: DeskSounds | None = None) -> dict[str, object]:
    """What the desk shows and loaded: its title and labels, translation files, sound files."""
    app = QCoreApplication.instance()
    translators = app.findChildren(QTranslator) if app is not None else []
    labels = [label.text() for label in window.findChildren(QLabel) if label.text().strip()]
    return {
        "title": window.windowTitle(),
        "labels": labels,
        "translations": sorted(t.filePath() for t in translators if t.filePath()),
        "sounds": _sound_report(sounds),
    }


def report_when_ready(window: QWidget, scan_field: QWidget, sounds: DeskSounds | None = None) -> None:
    """After the event loop's first turn: paint, print the ready line and the report (with `sounds`), quit."""

    def ready() -> None:
        window.repaint()  # the first frame, drawn now rather than whenever the platform asks
        # The window's focus widget gets the keys as soon as the window is active (a window
        # manager activates it; the offscreen platform has none).
        focused = window.isVisible() and window.focusWidget() is scan_field
        print(f"{READY} {int(focused)} {peak_rss_kb()}", flush=True)
        print(f"{REPORT} {json.dumps(loaded_report(window, sounds), ensure_ascii=False)}", flush=True)
        app = QApplication.instance()
        if app is not None:
            app.quit()

    QTimer.singleShot(0, ready)
