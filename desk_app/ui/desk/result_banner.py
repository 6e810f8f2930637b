"""The big banner that answers every scan: a colour and a symbol per Outcome, large text.

Colour alone is not enough (colour-blind staff, screen readers), so each outcome
also has a symbol, and the text is mirrored into the accessible description.
Further lines (a suspension just added, a flag for staff) go under it, smaller.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desk_app.core.messages import Message
from desk_app.core.views import Outcome
from desk_app.ui.i18n import tr_core

# outcome -> (background, text colour, symbol)
STYLE: dict[Outcome | None, tuple[str, str, str]] = {
    None: ("#eceff1", "#37474f", ""),
    Outcome.OK: ("#1b7f3b", "#ffffff", "✔"),
    Outcome.NOTICE: ("#f2b705", "#1a1a1a", "ⓘ"),
    Outcome.REFUSED: ("#c62828", "#ffffff", "✖"),
    Outcome.ERROR: ("#c62828", "#ffffff", "⚠"),
}


class ResultBanner(QFrame):
    """Shows the latest result; `outcome()` tells tests and automation which colour it is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultBanner")
        self.setAccessibleName(self.tr("Result of the last scan"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(72)
        self.headline = self._label("resultHeadline", 1.8)
        self.notes = self._label("resultNotes", 1.1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.headline)
        layout.addWidget(self.notes)
        self._outcome: Outcome | None = None
        self._message = ""
        self._notes: tuple[str, ...] = ()
        self._apply()

    def _label(self, name: str, scale: float) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(label.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * scale)
        font.setBold(True)
        label.setFont(font)
        return label

    def outcome(self) -> Outcome | None:
        return self._outcome

    def message(self) -> str:
        """The translated headline without its symbol."""
        return self._message

    def note_texts(self) -> tuple[str, ...]:
        return self._notes

    def show_result(self, outcome: Outcome, message: Message, notes: Sequence[Message] = ()) -> None:
        """A core result: translated in context "core", then formatted with its parameters."""
        self.show_text(outcome, tr_core(message), [tr_core(note) for note in notes])

    def show_text(self, outcome: Outcome | None, text: str, notes: Sequence[str] = ()) -> None:
        """Text the UI has already translated."""
        self._outcome = outcome
        self._message = text
        self._notes = tuple(notes)
        self._apply()

    def _apply(self) -> None:
        background, foreground, symbol = STYLE[self._outcome]
        self.setStyleSheet(
            f"QFrame#resultBanner {{ background: {background}; border-radius: 6px; }}"
            f" QFrame#resultBanner QLabel {{ color: {foreground}; background: transparent; }}"
        )
        self.headline.setText(f"{symbol}  {self._message}" if symbol and self._message else self._message)
        self.notes.setText("\n".join(self._notes))
        self.notes.setVisible(bool(self._notes))
        self.setAccessibleDescription("\n".join((self._message, *self._notes)))
