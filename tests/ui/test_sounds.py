"""Each outcome has its own audible sound; muting sticks; no sound server is not a crash."""

from __future__ import annotations

import wave
from pathlib import Path

from PySide6.QtWidgets import QToolBar

from desk_app.core.views import Outcome
from desk_app.settings import Settings
from desk_app.ui.desk import sounds


def test_ok_notice_and_refusal_sound_different(qapp) -> None:
    files = {o: sounds.sound_file(o) for o in Outcome}
    assert files[Outcome.REFUSED] == files[Outcome.ERROR]
    distinct = {files[Outcome.OK], files[Outcome.NOTICE], files[Outcome.REFUSED]}
    assert len({p.read_bytes() for p in distinct}) == 3
    for path in distinct:
        with wave.open(str(path)) as wav:
            seconds = wav.getnframes() / wav.getframerate()
            assert 0.1 <= seconds <= 1.0, f"{path.name} should be a short cue"
            assert wav.readframes(wav.getnframes()).strip(b"\x00"), f"{path.name} is silent"


def test_generator_reproduces_the_committed_files(tmp_path: Path) -> None:
    import importlib.util

    script = sounds.sound_file(Outcome.OK).parent / "make_sounds.py"
    spec = importlib.util.spec_from_file_location("make_sounds", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.HERE = tmp_path
    module.main()
    for outcome in Outcome:
        committed = sounds.sound_file(outcome)
        assert (tmp_path / committed.name).read_bytes() == committed.read_bytes()


def test_playing_without_a_sound_server_does_not_fail(qapp, tmp_path: Path) -> None:
    player = sounds.DeskSounds(Settings(tmp_path / "settings.json"))
    player.preload()
    assert all(player.play(o) for o in Outcome)


def test_mute_is_remembered_across_restarts(qapp, tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    player = sounds.DeskSounds(Settings(path))
    player.set_muted(True)
    assert player.play(Outcome.REFUSED) is False
    again = sounds.DeskSounds(Settings(path))
    assert again.muted and again.play(Outcome.OK) is False
    again.set_muted(False)
    assert sounds.DeskSounds(Settings(path)).play(Outcome.OK) is True


def test_mute_action_toggles_and_remembers(qapp, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    path = tmp_path / "settings.json"
    player = sounds.DeskSounds(Settings(path))
    parent = QWidget()
    action = sounds.mute_action(parent, player)
    assert action.isCheckable() and not action.isChecked()
    action.trigger()
    assert player.muted and player.play(Outcome.OK) is False
    assert sounds.DeskSounds(Settings(path)).muted
    action.trigger()
    assert not player.muted


def test_the_desk_toolbar_mutes_sounds_and_remembers_it(desk_with, tmp_path) -> None:
    """Ctrl+M on the desk: no sound for the next scans, and still muted after a restart."""
    from PySide6.QtGui import QAction

    settings = Settings(tmp_path / "settings.json")
    player = sounds.desk_sounds(settings)
    counter = desk_with(sounds=player)
    action = counter.window.findChild(QAction, "muteSounds")
    assert action in counter.window.findChild(QToolBar, "deskToolbar").actions()
    action.trigger()
    assert player.play(Outcome.OK) is False
    assert Settings(tmp_path / "settings.json").get("desk", "sounds_muted") is True
