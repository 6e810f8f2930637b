"""Translatable messages from the Qt-free core.

The core cannot call Qt, so it marks its English source texts with
QT_TRANSLATE_NOOP("core", ...) (which pyside6-lupdate extracts) and carries the
parameters separately; the UI and the CLI translate the text, then format it.
Never put a full national ID, a key or a token in the parameters.
"""

from __future__ import annotations

from typing import Any

CONTEXT = "core"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - name lupdate knows
    """Mark `text` for translation in `context`; returns it unchanged."""
    return text


class Message:
    """An English source text with named {placeholders} and their values."""

    __slots__ = ("text", "params")

    def __init__(self, text: str, **params: Any) -> None:
        self.text = text
        self.params = params

    def format(self, translate: Any = None) -> str:
        """The message in the user's language; `translate(context, text)` is Qt's translate."""
        source = translate(CONTEXT, self.text) if translate else self.text
        return source.format(**self.params)

    def __str__(self) -> str:
        return self.format()

    def __repr__(self) -> str:
        return f"Message({self.text!r})"


class DeskError(Exception):
    """A refusal or bad input with a message a librarian understands. Changes nothing."""

    code = "error"

    def __init__(self, text: str, **params: Any) -> None:
        self.message = Message(text, **params)
        super().__init__(str(self.message))

    def format(self, translate: Any = None) -> str:
        return self.message.format(translate)
