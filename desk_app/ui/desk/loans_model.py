"""The patron's current loans as a Qt table model: title, barcode, call number, due date.

Overdue rows are red (and say so in words, for screen readers). The model holds
the immutable LoanViews core hands over, so a patron with hundreds of loans is
just a longer tuple: no row is loaded from the database here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desk_app.core.views import LoanView

OVERDUE_COLOUR = QColor("#c62828")

Index = QModelIndex | QPersistentModelIndex


class LoansModel(QAbstractTableModel):
    TITLE, BARCODE, CALL_NUMBER, DUE_DATE, STATUS = range(5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._loans: tuple[LoanView, ...] = ()
        self._bold = QFont()
        self._bold.setBold(True)

    # ---- data in ------------------------------------------------------------------

    def set_loans(self, loans: Sequence[LoanView]) -> None:
        """Replace the rows (one reset: cheap even for hundreds of loans)."""
        self.beginResetModel()
        self._loans = tuple(loans)
        self.endResetModel()

    def loans(self) -> tuple[LoanView, ...]:
        return self._loans

    def loan_at(self, row: int) -> LoanView:
        return self._loans[row]

    def row_of(self, barcode: str) -> int:
        """The row showing `barcode`, or -1."""
        for row, loan in enumerate(self._loans):
            if loan.item_barcode == barcode:
                return row
        return -1

    # ---- Qt model -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._loans)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        headers = (
            QCoreApplication.translate("LoansModel", "Title"),
            QCoreApplication.translate("LoansModel", "Barcode"),
            QCoreApplication.translate("LoansModel", "Call number"),
            QCoreApplication.translate("LoansModel", "Due date"),
            QCoreApplication.translate("LoansModel", "Status"),
        )
        return headers[section] if 0 <= section < len(headers) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._loans):
            return None
        loan = self._loans[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(loan, column)
        if role == Qt.ItemDataRole.ForegroundRole and loan.overdue:
            return QBrush(OVERDUE_COLOUR)
        if role == Qt.ItemDataRole.FontRole and loan.overdue and column in (self.DUE_DATE, self.STATUS):
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TITLE:
            return loan.title
        return None

    def _text(self, loan: LoanView, column: int) -> str:
        if column == self.TITLE:
            return loan.title
        if column == self.BARCODE:
            return loan.item_barcode
        if column == self.CALL_NUMBER:
            return loan.call_number
        if column == self.DUE_DATE:
            return loan.due_date.isoformat()
        if column == self.STATUS:
            if loan.overdue:
                return QCoreApplication.translate("LoansModel", "Overdue")
            if loan.renewals:
                return QCoreApplication.translate("LoansModel", "Renewed {count}×").format(count=loan.renewals)
            return ""
        return ""
