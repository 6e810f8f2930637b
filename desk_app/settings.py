"""The desk's settings file: plain JSON in the user's config directory.

Nothing secret lives here (card keys, the server token and signing keys go to
the secret store); a test checks that. Sections are owned by the features that
use them ("devices", "desk", "policy", ...), each a flat dict of JSON values.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir, user_data_dir

APP_NAME = "LibDesk"
APP_AUTHOR = "LibDesk"

DEFAULTS: dict[str, dict[str, Any]] = {
    "desk": {
        "branch_code": "",  # empty: the first branch in the database
        "language": "zh_TW",
        "idle_lock_minutes": 5,
        "training_mode": False,
    },
    "devices": {},
}


def default_data_dir() -> Path:
    return Path(os.environ.get("LIBDESK_DATA_DIR") or user_data_dir(APP_NAME, APP_AUTHOR))


def default_config_dir() -> Path:
    return Path(os.environ.get("LIBDESK_CONFIG_DIR") or user_config_dir(APP_NAME, APP_AUTHOR))


def default_db_url() -> str:
    return f"sqlite:///{default_data_dir() / 'libdesk.db'}"


class Settings:
    """A thread-safe JSON settings file, written atomically so a crash never leaves half a file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_config_dir() / "settings.json"
        self._lock = threading.Lock()
        self._data: dict[str, dict[str, Any]] = {k: dict(v) for k, v in DEFAULTS.items()}
        if self.path.exists():
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                loaded = {}
            for section, values in loaded.items() if isinstance(loaded, dict) else []:
                if isinstance(values, dict):
                    self._data.setdefault(section, {}).update(values)

    def section(self, name: str) -> dict[str, Any]:
        with self._lock:
            return dict(self._data.get(name, {}))

    def get(self, section: str, key: str, default: Any = None) -> Any:
        with self._lock:
            return self._data.get(section, {}).get(key, default)

    def update(self, section: str, values: dict[str, Any]) -> None:
        with self._lock:
            self._data.setdefault(section, {}).update(values)
            self._save()

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self._data, fh, ensure_ascii=False, indent=2, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
