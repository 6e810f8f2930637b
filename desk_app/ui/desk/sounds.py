"""A distinct sound per scan outcome, so a librarian knows the result without looking up.

OK chimes, a notice is one soft tone, a refusal or an error buzzes. The WAV files
come from `desk_app/resources/sounds/make_sounds.py`. QSoundEffect plays on its own thread
and fails quietly where there is no sound server (CI, a muted terminal server), so
nothing here can stall or crash a scan. Staff can mute the desk; the choice is kept
in the settings file ("desk" / "sounds_muted").
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtMultimedia import QSoundEffect

from desk_app.core.views import Outcome
from desk_app.settings import Settings
from desk_app.resources import resource

log = logging.getLogger(__name__)

SETTINGS_SECTION = "desk"
MUTED_KEY = "sounds_muted"

SOUND_FILES: dict[Outcome, str] = {
    Outcome.OK: "ok.wav",
    Outcome.NOTICE: "notice.wav",
    Outcome.REFUSED: "alarm.wav",
    Outcome.ERROR: "alarm.wav",  # bad input and a refusal both need the librarian's eyes
}


def sound_file(outcome: Outcome) -> Path:
    return resource("sounds", SOUND_FILES[outcome])


class DeskSounds(QObject):
    """Owns one preloaded QSoundEffect per sound file; lives on the GUI thread."""

    def __init__(self, settings: Settings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._muted = bool(settings.get(SETTINGS_SECTION, MUTED_KEY, False)) if settings else False
        self._effects: dict[str, QSoundEffect] = {}
        self.volume = 0.7

    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute, and remember it for the next start of the desk."""
        self._muted = muted
        if self._settings is not None:
            self._settings.update(SETTINGS_SECTION, {MUTED_KEY: muted})

    def _effect(self, outcome: Outcome) -> QSoundEffect | None:
        name = SOUND_FILES[outcome]
        effect = self._effects.get(name)
        if effect is None:
            path = sound_file(outcome)
            if not path.exists():
                log.warning("sound file missing: %s", path)
                return None
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            self._effects[name] = effect
        return effect

    def preload(self) -> None:
        """Load every sound now, so the first scan of the day is not the one that waits for a disk."""
        for outcome in SOUND_FILES:
            self._effect(outcome)

    def play(self, outcome: Outcome) -> bool:
        """Start the sound for `outcome`; False when muted or unplayable. Never blocks, never raises."""
        if self._muted:
            return False
        effect = self._effect(outcome)
        if effect is None:
            return False
        effect.setVolume(self.volume)
        effect.play()
        return True


def desk_sounds(settings: Settings | None = None) -> DeskSounds:
    """The desk's player, every sound loaded (call once the QApplication exists)."""
    player = DeskSounds(settings)
    player.preload()
    return player


def mute_action(parent: QObject, sounds: DeskSounds) -> QAction:
    """A checkable "Mute sounds" action (Ctrl+M) for the desk's toolbar; its state is remembered."""
    action = QAction(QCoreApplication.translate("DeskSounds", "Mute sounds"), parent)
    action.setObjectName("muteSounds")
    action.setCheckable(True)
    action.setChecked(sounds.muted)
    action.setShortcut(QKeySequence("Ctrl+M"))
    action.setToolTip(QCoreApplication.translate("DeskSounds", "Mute sounds (Ctrl+M)"))
    action.toggled.connect(sounds.set_muted)
    return action
