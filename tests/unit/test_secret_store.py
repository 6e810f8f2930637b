"""The secret store: an encrypted file with its key kept apart, the OS keyring when there is one."""

from __future__ import annotations

import json
import logging
import stat
from pathlib import Path

import keyring
import keyring.backend
import pytest

from desk_app import secret_store
from desk_app.secret_store import (
    EncryptedFileBackend,
    MemoryBackend,
    Secret,
    SecretStore,
    SecretStoreError,
    file_backend,
)
from desk_app.settings import Settings
from tests import secrets_registry

KEY_A = secrets_registry.register(bytes.fromhex("A1B2C3D4E5F6"), "card key A")
KEY_B = secrets_registry.register(bytes.fromhex("0F1E2D3C4B5A"), "card key B")
TOKEN = secrets_registry.register("srv-token-7f3a9c1e5b2d4f60", "server token")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "data", tmp_path / "config"


def test_file_fallback_encrypts_and_keeps_its_key_apart(dirs) -> None:
    data_dir, config_dir = dirs
    store = SecretStore(file_backend(data_dir, config_dir))
    secret_store.set_card_key(store, "A", "A1 B2 C3 D4 E5 F6")
    secret_store.set_card_key(store, "B", KEY_B)
    store.set(secret_store.SERVER_TOKEN, TOKEN)
    backend = store.backend
    assert isinstance(backend, EncryptedFileBackend)
    secrets_file, key_file = backend.data_path, backend.key_path
    assert secrets_file.exists() and key_file.exists()
    assert secrets_file.parent != key_file.parent and not key_file.is_relative_to(data_dir)
    assert mode(secrets_file) == mode(key_file) == 0o600
    assert mode(secrets_file.parent) == mode(key_file.parent) == 0o700
    blob = secrets_file.read_bytes()
    for value in (KEY_A, KEY_A.hex().encode(), KEY_B, TOKEN.encode(), b"server_token", b"card_key_a"):
        assert value not in blob
    # A fresh store on the same files reads the values back.
    again = SecretStore(file_backend(data_dir, config_dir))
    assert secret_store.get_card_key(again, "A") == Secret(KEY_A)
    assert again.require(secret_store.SERVER_TOKEN).reveal_text() == TOKEN
    again.delete(secret_store.SERVER_TOKEN)
    assert secret_store.SERVER_TOKEN not in SecretStore(file_backend(data_dir, config_dir))


def test_without_its_key_file_the_store_refuses_rather_than_starting_over(dirs) -> None:
    data_dir, config_dir = dirs
    store = SecretStore(file_backend(data_dir, config_dir))
    store.set(secret_store.SERVER_TOKEN, TOKEN)
    key_file = store.backend.key_path  # type: ignore[attr-defined]
    key_file.unlink()
    with pytest.raises(SecretStoreError, match="key file"):
        store.get(secret_store.SERVER_TOKEN)
    with pytest.raises(SecretStoreError):
        store.set(secret_store.SERVER_TOKEN, "another-token-value")
    # A wrong key cannot decrypt the file either.
    from cryptography.fernet import Fernet

    key_file.write_bytes(Fernet.generate_key())
    with pytest.raises(SecretStoreError, match="cannot be decrypted"):
        store.get(secret_store.SERVER_TOKEN)


def test_key_and_secrets_must_not_share_a_directory(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        EncryptedFileBackend(tmp_path / "s.enc", tmp_path / "s.key")


def test_nothing_secret_reaches_settings_json(dirs) -> None:
    data_dir, config_dir = dirs
    settings = Settings(config_dir / "settings.json")
    settings.update("desk", {"idle_lock_minutes": 3})
    settings.update("devices", {"key_slot_a": 0, "reader": "ACS ACR1252 1S CL Reader PICC 0"})
    store = SecretStore(file_backend(data_dir, config_dir))
    secret_store.set_card_key(store, "A", KEY_A)
    store.set(secret_store.SERVER_TOKEN, TOKEN)
    text = (config_dir / "settings.json").read_text(encoding="utf-8")
    for value in (KEY_A.hex(), KEY_A.hex().upper(), TOKEN):
        assert value not in text
    words = json.dumps(json.loads(text)).lower()
    assert not any(w in words for w in ("token", "password", "secret", "card_key"))


def test_secrets_never_print_themselves(caplog) -> None:
    store = SecretStore(MemoryBackend())
    secret_store.set_card_key(store, "A", KEY_A)
    secret = secret_store.get_card_key(store, "A")
    assert secret is not None and secret.reveal() == KEY_A
    for text in (repr(secret), str(secret), f"{secret}", repr(store), repr([secret])):
        assert KEY_A.hex() not in text.lower()
        assert "redacted" in text or text == "SecretStore(backend=memory)"
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("desk_app.test").info("loaded key %s from %r", secret, store)
    assert KEY_A.hex() not in caplog.text.lower()
    with pytest.raises(TypeError):
        import pickle

        pickle.dumps(secret)


def test_card_keys_are_six_bytes(dirs) -> None:
    store = SecretStore(MemoryBackend())
    for bad in ("FFFF", "zz" * 6, b"\x00" * 5):
        with pytest.raises(SecretStoreError, match="12 hexadecimal"):
            secret_store.set_card_key(store, "B", bad)
    assert secret_store.get_card_key(store, "B") is None


def _dict_keyring() -> keyring.backend.KeyringBackend:
    """A keyring backend living in a dict: stands in for the OS keyring this headless box lacks.

    Defined only when needed: keyring auto-discovers every backend class that exists when it first looks.
    """

    class _DictKeyring(keyring.backend.KeyringBackend):
        """Keeps entries in a dict."""

        priority = 5  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.items: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.items.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.items[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            from keyring.errors import PasswordDeleteError

            if self.items.pop((service, username), None) is None:
                raise PasswordDeleteError(username)

    return _DictKeyring()


def test_the_os_keyring_is_preferred_when_there_is_one(dirs, monkeypatch) -> None:
    data_dir, config_dir = dirs
    monkeypatch.delenv(secret_store.BACKEND_ENV, raising=False)
    previous = keyring.get_keyring()
    assert not secret_store.keyring_available()  # this machine, headless, has none
    assert secret_store.open_secret_store(data_dir, config_dir).backend_name == "file"
    ring = _dict_keyring()
    keyring.set_keyring(ring)
    try:
        store = secret_store.open_secret_store(data_dir, config_dir)
        assert store.backend_name == "keyring"
        secret_store.set_card_key(store, "A", KEY_A)
        assert secret_store.get_card_key(store, "A") == Secret(KEY_A)
        assert ("LibDesk", secret_store.CARD_KEY_A) in ring.items
        store.delete(secret_store.CARD_KEY_A)
        store.delete(secret_store.CARD_KEY_A)  # deleting twice is fine
        assert secret_store.get_card_key(store, "A") is None
    finally:
        keyring.set_keyring(previous)
    assert not data_dir.exists()  # nothing fell through to the file


def test_tests_use_the_memory_backend_by_default() -> None:
    secret_store.set_default_store(None)
    try:
        assert secret_store.get_default_store().backend_name == "memory"
    finally:
        secret_store.set_default_store(None)
