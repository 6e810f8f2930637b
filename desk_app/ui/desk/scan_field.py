"""A line edit for scans: it acts on its own Enter, clears itself, and keeps no input method.

An active Zhuyin input method swallows a wedge scanner's keys (STACK-NOTES), so
input methods are off. The text is handed on and the field cleared at once, so
the next scan can start while the previous one is still being handled.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

MAX_SCAN_LENGTH = 256
# A scan field empties itself after every scan, so its own undo/redo means nothing;
# these keys belong to the desk (Ctrl+Z = undo the last checkout).
_DESK_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)  # a scanner never sends more; a stuck key must not grow a field forever


class ScanField(QLineEdit):
    """Emits `scanned(text)` on Enter (text stripped, never empty) and clears itself."""

    scanned = Signal(str)

    def __init__(self, object_name: str, accessible_name: str, placeholder: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(accessible_name)
        self.setPlaceholderText(placeholder)
        self.setMaxLength(MAX_SCAN_LENGTH)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setInputMethodHints(Qt.InputMethodHint.ImhPreferLatin | Qt.InputMethodHint.ImhNoPredictiveText)
        self.setClearButtonEnabled(True)
        self.returnPressed.connect(self._on_return)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and any(event.matches(key) for key in _DESK_KEYS):
            event.ignore()  # let the window's shortcut have it
            return True
        return super().event(event)

    def submit(self, text: str) -> None:
        """Treat `text` as if it had been typed here and Enter pressed (wedge bursts, tests)."""
        self.setText(text)
        self._on_return()

    def _on_return(self) -> None:
        text = self.text().strip()
        self.clear()
        if text:
            self.scanned.emit(text)
