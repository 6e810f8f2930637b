"""Show a masked national ID in full, briefly, for a role allowed to see it.

The full ID comes only from core (`DeskService.reveal_national_id`), which checks the
permission and writes the audit entry; the button is merely hidden for other
roles. The full ID hides itself again after a few seconds, when the patron
changes and when the desk locks, so it does not linger on a counter screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desk_app.ui.ops import OpRunner
from desk_app.ui.staff.sign_in import failure_text

DEFAULT_HIDE_AFTER_MS = 10_000

Reveal = Callable[[int], str]


class RevealField(QWidget):
    """A masked ID with a "Show" button (Ctrl+Shift+I); the full ID auto-hides after `hide_after_ms`."""

    revealed = Signal()
    concealed = Signal()

    def __init__(self, reveal: Reveal, *, allowed: bool, runner: OpRunner,
                 hide_after_ms: int = DEFAULT_HIDE_AFTER_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revealField")
        self._reveal = reveal
        self._runner = runner
        self._patron_id: int | None = None
        self._masked = ""
        # Children get their parent at once: a parentless button made visible would open as its own window.
        self.value = QLabel(self)
        self.value.setObjectName("nationalId")
        self.value.setAccessibleName(self.tr("National ID"))
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)  # no copying
        self.button = QPushButton(self.tr("Show"), self)
        self.button.setObjectName("revealButton")
        self.button.setAccessibleName(self.tr("Show the full national ID (audited)"))
        self.button.setShortcut("Ctrl+Shift+I")
        self.button.setVisible(allowed)
        self.button.clicked.connect(self.request)
        self.message = QLabel(self)
        self.message.setObjectName("revealMessage")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.value)
        layout.addWidget(self.button)
        layout.addWidget(self.message, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(hide_after_ms)
        self._timer.timeout.connect(self.conceal)

    def set_patron(self, patron_id: int | None, masked_id: str) -> None:
        """A new patron on screen: show their masked ID; any revealed ID disappears.

        The same patron again (their loans changed after a scan) keeps a revealed ID until its timer ends.
        """
        if patron_id is not None and patron_id == self._patron_id and masked_id == self._masked:
            return
        self._patron_id = patron_id
        self._masked = masked_id
        self.conceal()
        self.button.setEnabled(patron_id is not None)

    def set_allowed(self, allowed: bool) -> None:
        """Another staff member signed in: the button follows their role (core checks again anyway)."""
        if not allowed:
            self.conceal()
        self.button.setVisible(allowed)

    def is_revealed(self) -> bool:
        return self._timer.isActive()

    def request(self) -> None:
        """Ask core for the full ID (permission checked and audited there), off the GUI thread."""
        if self._patron_id is None:
            return
        patron_id = self._patron_id
        self.button.setEnabled(False)
        self._runner.run(self._reveal, patron_id, label="reveal_national_id",
                         on_success=lambda value: self._show(patron_id, value), on_failure=self._failed)

    def _show(self, patron_id: int, value: str) -> None:
        self.button.setEnabled(True)
        if patron_id != self._patron_id:
            return  # the patron changed while core was answering
        self.value.setText(value)
        self.message.clear()
        self._timer.start()
        self.revealed.emit()

    def _failed(self, error: BaseException) -> None:
        self.button.setEnabled(self._patron_id is not None)
        self.message.setText(failure_text(error))

    def conceal(self) -> None:
        self._timer.stop()
        self.value.setText(self._masked)
        if self._masked:
            self.concealed.emit()
