"""Where the desk keeps its secrets: card keys, the server token, signing keys.

Never in settings.json. The OS keyring is used when the machine has one
(Windows Credential Manager, macOS Keychain, Secret Service); otherwise an
encrypted file (Fernet: AES-128-CBC + HMAC-SHA256) whose key lives in a different
file in a different directory, both readable only by the user (0600). Tests use
the in-memory backend. Values come back wrapped in `Secret`, whose repr and str
are redacted, so a stray log line or traceback cannot print one.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Protocol

from cryptography.fernet import Fernet, InvalidToken

from desk_app.core.messages import QT_TRANSLATE_NOOP, DeskError
from desk_app.settings import default_config_dir, default_data_dir

SERVICE = "LibDesk"
CARD_KEY_A = "card_key_a"  # reads the LC v1 record
CARD_KEY_B = "card_key_b"  # writes it (burning)
SERVER_TOKEN = "server_token"  # the desk's token for the central server
MOBILE_TOKEN_SIGNING_KEY = "mobile_token_signing_key"
CARD_KEY_LENGTH = 6  # MIFARE Classic keys are 6 bytes
BACKEND_ENV = "LIBDESK_SECRET_BACKEND"  # "keyring" | "file" | "memory": force a backend


class SecretStoreError(DeskError):
    code = "secret_store_error"


class Secret:
    """A secret value that will not print itself. Call `reveal()` only where the bytes are used."""

    __slots__ = ("_value",)

    def __init__(self, value: bytes) -> None:
        self._value = bytes(value)

    def reveal(self) -> bytes:
        return self._value

    def reveal_text(self) -> str:
        return self._value.decode("utf-8")

    def __len__(self) -> int:
        return len(self._value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Secret):
            return hmac.compare_digest(self._value, other._value)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(Secret)  # equal secrets must hash equal; the value itself is not exposed

    def __repr__(self) -> str:
        return "Secret(<redacted>)"

    __str__ = __repr__

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("a Secret cannot be pickled")


class SecretBackend(Protocol):
    name: str

    def get_raw(self, key: str) -> bytes | None: ...

    def set_raw(self, key: str, value: bytes) -> None: ...

    def delete_raw(self, key: str) -> None: ...


class MemoryBackend:
    """For tests and training: nothing touches the disk."""

    name = "memory"

    def __init__(self) -> None:
        self._data: dict[str, bytes] = {}

    def get_raw(self, key: str) -> bytes | None:
        return self._data.get(key)

    def set_raw(self, key: str, value: bytes) -> None:
        self._data[key] = bytes(value)

    def delete_raw(self, key: str) -> None:
        self._data.pop(key, None)

    def __repr__(self) -> str:
        return f"MemoryBackend({len(self._data)} secrets)"


class KeyringBackend:
    """The OS keyring; values are stored base64-encoded under the service name LibDesk."""

    name = "keyring"

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    def get_raw(self, key: str) -> bytes | None:
        import keyring

        text = keyring.get_password(self.service, key)
        return None if text is None else base64.b64decode(text)

    def set_raw(self, key: str, value: bytes) -> None:
        import keyring

        keyring.set_password(self.service, key, base64.b64encode(value).decode("ascii"))

    def delete_raw(self, key: str) -> None:
        import keyring
        from keyring.errors import PasswordDeleteError

        try:
            keyring.delete_password(self.service, key)
        except PasswordDeleteError:
            pass

    def __repr__(self) -> str:
        return f"KeyringBackend(service={self.service!r})"


def _write_private(path: Path, data: bytes) -> None:
    """Write atomically with mode 0600 from the start (mkstemp), in a 0700 directory."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class EncryptedFileBackend:
    """All secrets in one Fernet-encrypted JSON file; the key in another file, in another directory."""

    name = "file"

    def __init__(self, data_path: Path, key_path: Path) -> None:
        if data_path.parent.resolve() == key_path.parent.resolve():
            raise ValueError("the key file must live in a different directory from the encrypted secrets")
        self.data_path = data_path
        self.key_path = key_path
        self._lock = threading.Lock()

    def _fernet(self, create: bool) -> Fernet | None:
        if not self.key_path.exists():
            if self.data_path.exists():
                raise SecretStoreError(QT_TRANSLATE_NOOP(
                    "core", "The key file of the secret store is missing; the stored secrets cannot be read."))
            if not create:
                return None
            _write_private(self.key_path, Fernet.generate_key())
        return Fernet(self.key_path.read_bytes().strip())

    def _load(self, create: bool = False) -> dict[str, bytes]:
        fernet = self._fernet(create)
        if fernet is None or not self.data_path.exists():
            return {}
        try:
            plain = fernet.decrypt(self.data_path.read_bytes())
        except InvalidToken:
            raise SecretStoreError(QT_TRANSLATE_NOOP(
                "core", "The secret store cannot be decrypted with its key file.")) from None
        return {k: base64.b64decode(v) for k, v in json.loads(plain).items()}

    def _save(self, data: dict[str, bytes]) -> None:
        fernet = self._fernet(create=True)
        assert fernet is not None
        plain = json.dumps({k: base64.b64encode(v).decode("ascii") for k, v in data.items()}).encode()
        _write_private(self.data_path, fernet.encrypt(plain))

    def get_raw(self, key: str) -> bytes | None:
        with self._lock:
            return self._load().get(key)

    def set_raw(self, key: str, value: bytes) -> None:
        with self._lock:
            data = self._load(create=True)
            data[key] = bytes(value)
            self._save(data)

    def delete_raw(self, key: str) -> None:
        with self._lock:
            data = self._load()
            if data.pop(key, None) is not None:
                self._save(data)

    def __repr__(self) -> str:
        return f"EncryptedFileBackend({self.data_path})"


class SecretStore:
    """The one door to the desk's secrets, over whichever backend this machine has."""

    def __init__(self, backend: SecretBackend) -> None:
        self.backend = backend

    @property
    def backend_name(self) -> str:
        return self.backend.name

    def get(self, key: str) -> Secret | None:
        raw = self.backend.get_raw(key)
        return None if raw is None else Secret(raw)

    def require(self, key: str) -> Secret:
        secret = self.get(key)
        if secret is None:
            raise SecretStoreError(QT_TRANSLATE_NOOP(
                "core", "The secret \"{name}\" is not set up on this desk. Please ask a technician."), name=key)
        return secret

    def set(self, key: str, value: bytes | str | Secret) -> None:
        if isinstance(value, Secret):
            raw = value.reveal()
        elif isinstance(value, str):
            raw = value.encode("utf-8")
        else:
            raw = bytes(value)
        self.backend.set_raw(key, raw)

    def delete(self, key: str) -> None:
        self.backend.delete_raw(key)

    def __contains__(self, key: str) -> bool:
        return self.backend.get_raw(key) is not None

    def __repr__(self) -> str:
        return f"SecretStore(backend={self.backend.name})"


def parse_card_key(value: bytes | str) -> bytes:
    """A 6-byte MIFARE key from bytes or hex text ("FFFFFFFFFFFF", "FF FF FF ..." or "ff:ff:..")."""
    if isinstance(value, str):
        cleaned = value.replace(" ", "").replace(":", "").replace("-", "")
        try:
            value = binascii.unhexlify(cleaned)
        except (binascii.Error, ValueError):
            raise SecretStoreError(QT_TRANSLATE_NOOP(
                "core", "A card key is 12 hexadecimal digits (6 bytes).")) from None
    if len(value) != CARD_KEY_LENGTH:
        raise SecretStoreError(QT_TRANSLATE_NOOP("core", "A card key is 12 hexadecimal digits (6 bytes)."))
    return bytes(value)


def set_card_key(store: SecretStore, which: str, key: bytes | str) -> None:
    """Store key A ("A", reads) or key B ("B", writes) of the LC v1 sector."""
    store.set(_card_key_name(which), parse_card_key(key))


def get_card_key(store: SecretStore, which: str) -> Secret | None:
    return store.get(_card_key_name(which))


def _card_key_name(which: str) -> str:
    letter = which.strip().upper()
    if letter not in ("A", "B"):
        raise ValueError("card key is 'A' or 'B'")
    return CARD_KEY_A if letter == "A" else CARD_KEY_B


def keyring_available() -> bool:
    """Whether this machine has a real keyring backend (headless Linux usually does not)."""
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        return not isinstance(backend, fail.Keyring) and float(backend.priority) > 0
    except Exception:  # a broken keyring setup means: use the file
        return False


def file_backend(data_dir: Path | None = None, config_dir: Path | None = None) -> EncryptedFileBackend:
    """Encrypted secrets under the data folder, their key under the config folder."""
    data_dir = data_dir or default_data_dir()
    config_dir = config_dir or default_config_dir()
    return EncryptedFileBackend(data_dir / "secrets" / "secrets.enc", config_dir / "keys" / "secrets.key")


def open_secret_store(data_dir: Path | None = None, config_dir: Path | None = None) -> SecretStore:
    """The best store this machine offers: $LIBDESK_SECRET_BACKEND, else the keyring, else the file."""
    forced = os.environ.get(BACKEND_ENV, "").strip().lower()
    if forced == "memory":
        return SecretStore(MemoryBackend())
    if forced == "keyring" or (forced != "file" and keyring_available()):
        return SecretStore(KeyringBackend())
    return SecretStore(file_backend(data_dir, config_dir))


_default: SecretStore | None = None
_default_lock = threading.Lock()


def get_default_store() -> SecretStore:
    """The process-wide store (opened on first use); tests replace it with set_default_store."""
    global _default
    with _default_lock:
        if _default is None:
            _default = open_secret_store()
        return _default


def set_default_store(store: SecretStore | None) -> None:
    global _default
    with _default_lock:
        _default = store
