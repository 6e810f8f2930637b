"""Who is at the desk: masked ID, name, card kind and status, blocks in red, holds, points.

It shows a PatronView exactly as core built it (IDs arrive masked); blocks are
visible the moment the patron is identified, before any item is scanned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desk_app.core.views import Block, PatronView
from desk_app.ui.i18n import tr_core

if TYPE_CHECKING:
    from desk_app.ui.staff.reveal import RevealField

RED = "#c62828"
AMBER = "#8a6100"


def _label(key: str) -> str:
    """Words for the enum values core stores (kinds and statuses)."""
    words = {
        "adult": QCoreApplication.translate("PatronPanel", "Adult"),
        "child": QCoreApplication.translate("PatronPanel", "Child"),
        "student": QCoreApplication.translate("PatronPanel", "Student"),
        "senior": QCoreApplication.translate("PatronPanel", "Senior"),
        "group": QCoreApplication.translate("PatronPanel", "Group card"),
        "personal": QCoreApplication.translate("PatronPanel", "Personal card"),
        "family": QCoreApplication.translate("PatronPanel", "Family card"),
        "digital": QCoreApplication.translate("PatronPanel", "Digital-only card"),
        "student_card": QCoreApplication.translate("PatronPanel", "Digital student card"),
        "active": QCoreApplication.translate("PatronPanel", "Active"),
        "lost": QCoreApplication.translate("PatronPanel", "Lost"),
        "void": QCoreApplication.translate("PatronPanel", "Void"),
        "pending_activation": QCoreApplication.translate("PatronPanel", "Not yet active"),
        "expired": QCoreApplication.translate("PatronPanel", "Expired"),
    }
    return words.get(key, key)


class PatronPanel(QFrame):
    """The identified patron, or an invitation to scan a card when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patronPanel")
        self.setAccessibleName(self.tr("Patron"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._patron: PatronView | None = None
        self.reveal: RevealField | None = None  # attach_reveal: the masked ID with a "Show" button

        self.name = self._value("patronName", self.tr("Patron name"))
        big = QFont(self.name.font())
        big.setPointSizeF(max(big.pointSizeF(), 10.0) * 1.5)
        big.setBold(True)
        self.name.setFont(big)
        self.masked_id = self._value("patronMaskedId", self.tr("ID number (masked)"))
        self.card = self._value("patronCard", self.tr("Library card"))
        self.card_status = self._value("patronCardStatus", self.tr("Card status"))
        self.kind = self._value("patronKind", self.tr("Patron kind"))
        self.points = self._value("patronPoints", self.tr("Reading points"))
        self.holds = self._value("patronHolds", self.tr("Holds ready for pickup"))
        self.blocks = self._value("patronBlocks", self.tr("Blocks"))
        self.blocks.setStyleSheet(f"color: {RED}; font-weight: bold;")
        self.notices = self._value("patronNotices", self.tr("Notes for staff"))
        self.notices.setStyleSheet(f"color: {AMBER}; font-weight: bold;")

        self._id_row = QHBoxLayout()
        self._id_row.setContentsMargins(0, 0, 0, 0)
        self._id_row.addWidget(self.masked_id)
        form = QFormLayout()
        form.addRow(self.tr("ID number"), self._id_row)
        form.addRow(self.tr("Card"), self.card)
        form.addRow(self.tr("Card status"), self.card_status)
        form.addRow(self.tr("Patron kind"), self.kind)
        form.addRow(self.tr("Reading points"), self.points)
        form.addRow(self.tr("Holds ready"), self.holds)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addLayout(form)
        layout.addWidget(self.blocks)
        layout.addWidget(self.notices)
        layout.addStretch(1)
        self.set_patron(None)

    def _value(self, object_name: str, accessible: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(object_name)
        label.setAccessibleName(accessible)
        label.setTextFormat(Qt.TextFormat.PlainText)  # names are data, never markup
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def attach_reveal(self, field: RevealField) -> None:
        """Show the ID through `field` (masked, with "Show" for roles allowed to reveal) in the ID row.

        The panel's own masked label stays (hidden) for automation; the field shows the same masked text.
        """
        self.reveal = field
        self.masked_id.hide()
        self._id_row.addWidget(field, 1)
        self._sync_reveal()

    def _sync_reveal(self) -> None:
        if self.reveal is not None:
            patron = self._patron
            self.reveal.set_patron(patron.patron_id if patron else None, patron.masked_id if patron else "")

    def patron(self) -> PatronView | None:
        return self._patron

    def blocks_text(self) -> str:
        return self.blocks.text()

    def set_patron(self, patron: PatronView | None) -> None:
        self._patron = patron
        self._sync_reveal()  # another patron: a revealed ID is hidden at once
        if patron is None:
            self.name.setText(self.tr("No patron — scan a library card or type an ID number"))
            for label in (self.masked_id, self.card, self.card_status, self.kind, self.points, self.holds,
                          self.blocks, self.notices):
                label.clear()
            self.blocks.hide()
            self.notices.hide()
            return
        self.name.setText(patron.name)
        self.masked_id.setText(patron.masked_id)
        kind = "student_card" if patron.card_kind == "student" else patron.card_kind
        self.card.setText(f"{patron.masked_card_number}  ({_label(kind)})")
        self.card_status.setText(_label(patron.card_status))
        self.card_status.setStyleSheet("" if patron.card_status == "active" else f"color: {RED}; font-weight: bold;")
        self.kind.setText(_label(patron.patron_kind))
        self.points.setText(str(patron.points))
        ready = [h for h in patron.holds if h.status == "ready"]
        self.holds.setText("、".join(h.title for h in ready) if ready else "—")
        # Core words every block (suspension days and resume dates, the preliminary flag ...).
        refusals = [self._block_line(b) for b in patron.blocks if b.refuses_borrowing]
        notes = [self._block_line(b) for b in patron.blocks if not b.refuses_borrowing]
        self.blocks.setText("\n".join(refusals))
        self.blocks.setVisible(bool(refusals))
        self.notices.setText("\n".join(notes))
        self.notices.setVisible(bool(notes))

    def _block_line(self, block: Block) -> str:
        return "✖ " + tr_core(block.message) if block.refuses_borrowing else "ⓘ " + tr_core(block.message)
