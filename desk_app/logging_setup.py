"""Logging to a rotating file in the user's log folder, with personal data and keys scrubbed.

Code should never log a full national ID, a card key, a password or a token in
the first place; this filter is defence in depth for the line somebody forgets.
It masks anything shaped like a Taiwan ID (A123456789 -> A12*****89) or a library
card number (A12*****8901), and redacts key material: the key bytes of a PC/SC
"load key" APDU, values after key=/token=/password=, bearer tokens and long hex runs.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

from platformdirs import user_log_dir

from desk_app.core.patrons.ids import mask_ids_in

LOG_FILE_NAME = "libdesk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
REDACTED = "<redacted>"
QUIET_LIBRARIES = ("alembic",)  # announces every migration step at INFO on each start

# PC/SC Part 3 LOAD KEY: FF 82 00 <slot> 06 <6 key bytes>; hex with or without spaces.
_LOAD_KEY = re.compile(r"(?i)(FF\s?82\s?[0-9A-F]{2}\s?[0-9A-F]{2}\s?06\s?)((?:[0-9A-F]{2}\s?){5}[0-9A-F]{2})")
_ASSIGNED = re.compile(
    r"(?i)\b((?:card_?)?key(?:_?[ab])?|token|server_token|password|passwd|pwd|secret|api_key|signing_key)"
    r"(['\"]?\s*[:=]\s*['\"]?)(?!<redacted>)([^\s\"',;}]+)"
)
_BEARER = re.compile(r"(?i)\b(bearer|token)\s+([A-Za-z0-9._~+/=-]{16,})")
_LONG_HEX = re.compile(r"(?i)(?<![0-9A-F])(?:[0-9A-F]{2}[\s:]?){15,}[0-9A-F]{2}(?![0-9A-F])")


def scrub(text: str) -> str:
    """The text with IDs masked and key material redacted; safe to write to a log."""
    text = _LOAD_KEY.sub(lambda m: m.group(1) + REDACTED, text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    text = _ASSIGNED.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
    text = _LONG_HEX.sub(REDACTED, text)
    return mask_ids_in(text)


class RedactingFilter(logging.Filter):
    """Scrubs each record's message once formatted, so arguments are scrubbed too."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the raw template, scrubbed
            message = str(record.msg)
        record.msg = scrub(message)
        record.args = None
        return True


class RedactingFormatter(logging.Formatter):
    """Scrubs the whole formatted line, tracebacks and stack info included."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def protect(handler: logging.Handler) -> logging.Handler:
    """Give any handler the filter and the scrubbing formatter (tests use this for their own log files)."""
    handler.addFilter(RedactingFilter())
    handler.setFormatter(RedactingFormatter(FORMAT))
    return handler


def default_log_dir() -> Path:
    return Path(os.environ.get("LIBDESK_LOG_DIR") or user_log_dir("LibDesk", "LibDesk"))


def setup_logging(log_dir: Path | None = None, level: int = logging.INFO, *, console: bool = False) -> Path:
    """Send all logging (LibDesk, drivers, libraries) to a rotating file; returns the file's path.

    Idempotent: a second call does not add a second handler for the same file.
    """
    directory = log_dir or default_log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(directory, 0o700)  # even scrubbed, a desk's log says who borrowed when
    path = directory / LOG_FILE_NAME
    root = logging.getLogger()
    for existing in root.handlers:
        if isinstance(existing, logging.FileHandler) and Path(existing.baseFilename) == path:
            return path
    root.addHandler(protect(logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")))
    if console:
        root.addHandler(protect(logging.StreamHandler()))
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    for noisy in QUIET_LIBRARIES:
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    return path
