"""Catalog search at the desk (F6): type, Enter, arrow to a hit, Enter again to place a hold.

Keyboard only, because the librarian's other hand holds the book or the patron's
card. The query runs off the GUI thread through an `OpRunner`; a newer query makes
older answers stale, so a slow search can never overwrite the results of a later
one. The dialog does not know how a hold is placed: `on_place_hold(hit)` is the
desk's callback for the current patron.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.core.messages import DeskError
from desk_app.core.views import SearchHit
from desk_app.ui.i18n import tr_core
from desk_app.ui.ops import OpRunner

Index = QModelIndex | QPersistentModelIndex
NONE_AVAILABLE = QBrush(QColor("#757575"))
SearchFn = Callable[[str], Sequence[SearchHit]]
HoldCallback = Callable[[SearchHit], None]


def format_isbn(isbn13: str | None) -> str:
    """978-957-... as printed on the book, so the librarian can compare it with the cover."""
    if not isbn13:
        return ""
    try:
        from stdnum import isbn

        return str(isbn.format(isbn13))
    except Exception:  # noqa: BLE001 - an odd ISBN is still shown, just unhyphenated
        return isbn13


class SearchResultsModel(QAbstractTableModel):
    TITLE, AUTHOR, ISBN, CALL_NUMBERS, AVAILABLE = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: tuple[SearchHit, ...] = ()

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = tuple(hits)
        self.endResetModel()

    def hit_at(self, row: int) -> SearchHit:
        return self._hits[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            QCoreApplication.translate("SearchResultsModel", "Title"),
            QCoreApplication.translate("SearchResultsModel", "Author"),
            QCoreApplication.translate("SearchResultsModel", "ISBN"),
            QCoreApplication.translate("SearchResultsModel", "Call numbers"),
            QCoreApplication.translate("SearchResultsModel", "Available"),
        ][section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self._hits[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TITLE:
                return hit.title
            if column == self.AUTHOR:
                return hit.author
            if column == self.ISBN:
                return format_isbn(hit.isbn13)
            if column == self.CALL_NUMBERS:
                return "; ".join(hit.call_numbers)
            return f"{hit.available}/{hit.total}"
        if role == Qt.ItemDataRole.AccessibleTextRole and column == self.AVAILABLE:
            text = QCoreApplication.translate("SearchResultsModel", "{available} of {total} copies available")
            return text.format(available=hit.available, total=hit.total)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.AVAILABLE:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and hit.available == 0:
            return NONE_AVAILABLE  # every copy out: still holdable, but the librarian sees it at once
        return None


class SearchDialog(QDialog):
    """The F6 dialog. `search(query)` runs on the runner's worker thread and returns SearchHits."""

    #: A search finished and its results are shown (tests and the status bar wait on it).
    resultsShown = Signal(int)
    #: The librarian chose a hit for a hold (emitted before the callback runs).
    holdRequested = Signal(object)

    def __init__(self, search: SearchFn, *, on_place_hold: HoldCallback | None = None,
                 runner: OpRunner, patron_name: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._on_place_hold = on_place_hold
        self._runner = runner
        self._generation = 0  # the newest query; answers to older ones are dropped
        self.setObjectName("searchDialog")
        self.setWindowTitle(self.tr("Catalog search"))
        self.resize(900, 520)

        self.query = QLineEdit(self)
        self.query.setObjectName("searchQuery")
        self.query.setPlaceholderText(self.tr("Title, author, ISBN or call number — Enter to search"))
        self.query.setAccessibleName(self.tr("Search the catalog"))
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.run_search)
        self.query.installEventFilter(self)

        self.model = SearchResultsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("searchResults")
        self.table.setAccessibleName(self.tr("Search results"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SearchResultsModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (SearchResultsModel.AUTHOR, SearchResultsModel.ISBN, SearchResultsModel.CALL_NUMBERS,
                       SearchResultsModel.AVAILABLE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda index: self.place_hold(index.row()))

        self.status = QLabel(self)
        self.status.setObjectName("searchStatus")
        self.status.setAccessibleName(self.tr("Search status"))
        self.patron_hint = QLabel(self)
        self.patron_hint.setObjectName("searchPatronHint")
        self.set_patron(patron_name)

        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.patron_hint)
        self.query.setFocus()

    # ---- public ------------------------------------------------------------------

    def set_patron(self, name: str | None) -> None:
        """Say who a hold would be for; with no patron, Enter on a hit does nothing but explain."""
        self._patron_name = name
        if name:
            hint = self.tr("↓ to choose a title, Enter to place a hold for {name}")
            self.patron_hint.setText(hint.format(name=name))
        else:
            self.patron_hint.setText(self.tr("No patron identified: scan a card first to place holds."))

    def run_search(self) -> None:
        text = self.query.text().strip()
        if not text:
            self.status.setText(self.tr("Type a title, author, ISBN or call number."))
            return
        self._generation += 1
        generation = self._generation
        self.status.setText(self.tr("Searching…"))
        self._runner.run(self._search, text, label="catalog search",
                         on_success=lambda hits: self._show(generation, text, hits),
                         on_failure=lambda exc: self._failed(generation, exc))

    def place_hold(self, row: int) -> bool:
        """Hand the hit in `row` to the desk's hold callback; False if there is nothing to do."""
        if not 0 <= row < self.model.rowCount():
            return False
        if not self._patron_name or self._on_place_hold is None:
            self.status.setText(self.tr("No patron identified: scan a card first to place holds."))
            return False
        hit = self.model.hit_at(row)
        self.holdRequested.emit(hit)
        self._on_place_hold(hit)
        self.accept()
        return True

    # ---- results -----------------------------------------------------------------

    def _show(self, generation: int, text: str, hits: Sequence[SearchHit]) -> None:
        if generation != self._generation:
            return  # a newer query was typed meanwhile
        self.model.set_hits(hits)
        if hits:
            self.status.setText(self.tr("{count} titles found for “{query}”").format(count=len(hits), query=text))
            self.table.selectRow(0)
        else:
            self.status.setText(self.tr("Nothing found for “{query}”").format(query=text))
        self.resultsShown.emit(len(hits))

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        if isinstance(exc, DeskError):
            self.status.setText(tr_core(exc))
        else:
            self.status.setText(self.tr("The search failed; please try again."))
        self.model.set_hits(())
        self.resultsShown.emit(0)

    # ---- keys --------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.query and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)
            return True
        if watched is self.table:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.place_hold(self.table.currentIndex().row())
                return True
            if key == Qt.Key.Key_Up and self.table.currentIndex().row() <= 0:
                self.query.setFocus()
                self.query.selectAll()
                return True
            plain = not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
            if event.text() and event.text().isprintable() and plain:
                self.query.setFocus()  # typing in the results starts a new query
                self.query.setText(event.text())
                return True
        return super().eventFilter(watched, event)


def catalog_search(session_factory: Any, limit: int = 50) -> SearchFn:
    """Bind core's `search_catalog` to a session factory, for use on the runner's thread."""

    def search(query: str) -> Sequence[SearchHit]:
        from desk_app.core.catalog.search import search_catalog  # imported on the worker: keeps start-up light

        with session_factory() as session:
            return list(search_catalog(session, query, limit))

    return search
