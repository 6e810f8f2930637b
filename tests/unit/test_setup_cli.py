"""`libdesk setup`: the first-run settings from the command line, for rolling out many desks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def setup_cli(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LIBDESK_CONFIG_DIR=str(tmp_path / "config"), LIBDESK_DATA_DIR=str(tmp_path / "data"),
               PYTHONPATH=str(REPO), LIBDESK_SECRET_BACKEND="memory")
    return subprocess.run([sys.executable, str(REPO / "main.py"), "setup", "--db", f"sqlite:///{tmp_path / 'd.db'}",
                           *args], env=env, input=stdin, capture_output=True, text=True, timeout=120, check=False)


def saved(tmp_path: Path) -> dict:
    return json.loads((tmp_path / "config" / "settings.json").read_text(encoding="utf-8"))


def test_a_desk_is_set_up_from_the_command_line(tmp_path: Path) -> None:
    result = setup_cli(tmp_path, "--library", "tpml", "--branch", "MAIN", "--desk-name", "總館一樓櫃台 1",
                       "--reader", "ACS ACR1252 Dual Reader [ACR1252 Dual Reader PICC] 00 00",
                       "--key-a-slot", "2", "--scanner", "serial", "--scanner-port", "/dev/ttyACM0",
                       "--scanner-baud", "115200", "--scanner-suffix", "CRLF")
    assert result.returncode == 0, result.stderr
    settings = saved(tmp_path)
    assert (settings["desk"]["library_code"], settings["desk"]["desk_name"]) == ("TPML", "總館一樓櫃台 1")
    assert settings["devices"]["patron_reader"].startswith("ACS ACR1252") and settings["devices"]["key_a_slot"] == 2
    assert settings["devices"]["scanner"]["port"] == "/dev/ttyACM0" and settings["setup"]["done"] is True
    shown = setup_cli(tmp_path, "--show")
    assert "總館一樓櫃台 1" in shown.stdout and "/dev/ttyACM0" in shown.stdout


def test_bad_values_are_each_named_and_nothing_is_written(tmp_path: Path) -> None:
    result = setup_cli(tmp_path, "--library", "x", "--desk-name", "", "--server", "http://192.0.2.10",
                       "--key-b-slot", "40")
    assert result.returncode == 1
    for words in ("library code", "name staff will recognise", "https://", "one-time enrolment code", "0 to 31"):
        assert words in result.stderr
    assert "Nothing was changed" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "config" / "settings.json").exists()


def test_the_enrolment_code_comes_from_stdin_and_is_never_echoed_or_stored(tmp_path: Path) -> None:
    from desk_app.ui.setup.enrolment import sync_client_available

    code = "LD-7K2M-9QXD-4HT8"
    server = "https://127.0.0.1:9"  # loopback, where no central server listens
    result = setup_cli(tmp_path, "--library", "TPML", "--branch", "MAIN", "--desk-name", "櫃台 2",
                       "--server", server, "--enrol-code-stdin", stdin=code + "\n")
    assert code not in result.stdout + result.stderr and "Traceback" not in result.stderr
    settings_file = tmp_path / "config" / "settings.json"
    if sync_client_available():  # the server cannot be reached: nothing is saved
        assert result.returncode == 1 and not settings_file.exists()
    else:  # the seam: the address is kept, enrolment is left for later, in words
        assert result.returncode == 0 and "libdesk sync enrol" in result.stdout
        assert saved(tmp_path)["sync"]["server_url"] == server and code not in settings_file.read_text("utf-8")


def test_the_setup_dialog_shows_once_and_never_for_training_or_the_benchmark(tmp_path: Path, monkeypatch) -> None:
    from desk_app.settings import Settings
    from desk_app.ui.setup import first_run, values

    settings = Settings(tmp_path / "settings.json")
    monkeypatch.delenv("LIBDESK_STARTUP_PROBE", raising=False)
    assert first_run.needed(settings, training_flag=False)
    assert not first_run.needed(settings, training_flag=True)
    monkeypatch.setenv("LIBDESK_STARTUP_PROBE", "1")
    assert not first_run.needed(settings, training_flag=False)
    monkeypatch.delenv("LIBDESK_STARTUP_PROBE")
    values.save(settings, values.DeskSetup(library_code="TPML", branch_code="MAIN", desk_name="櫃台 1"))
    assert not first_run.needed(settings, training_flag=False)
    from desk_app import secret_store

    store = secret_store.SecretStore(secret_store.MemoryBackend())
    secret_store.set_default_store(store)
    try:
        assert first_run.wants_demo_data()  # a desk on its own (or not enrolled yet) gets the demo library
        store.set(secret_store.SERVER_TOKEN, "ldt1-test-token")
        assert not first_run.wants_demo_data()  # an enrolled desk is filled by its first sync
    finally:
        secret_store.set_default_store(None)


def test_enrolment_never_mixes_a_local_library_with_the_servers(store) -> None:
    """A desk file holding the demo library is refused before any network call; nothing is changed."""
    from desk_app.demo_data import ensure_demo_data
    from desk_app.ui.setup.enrolment import (
        EnrolmentUnavailable,
        LocalLibraryData,
        enrol_desk,
        sync_client_available,
    )

    engine, factory = store
    ensure_demo_data(factory)
    expected = LocalLibraryData if sync_client_available() else EnrolmentUnavailable
    try:
        enrol_desk("https://127.0.0.1:9", "LD-7K2M-9QXD-4HT8", "櫃台 1", engine)
    except expected as exc:
        assert "libdesk sync enrol" in str(exc)
    else:
        raise AssertionError("enrolment went ahead on a desk file holding a library")
