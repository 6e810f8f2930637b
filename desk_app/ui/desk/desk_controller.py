"""What each scan means at the counter, in order: the desk's logic without its widgets.

Every scan becomes ONE job on the op runner's FIFO queue. Which patron an item
scan is for is decided on the worker, when the job runs, from the last patron
scan before it; so a librarian can scan a card and a pile of books faster than
the database answers, and each book still goes to the right patron, in order.
The mode (check out, check in, ...) is taken when the scan is made.

Each answer that changed something says so to the runner (`answer_changes`), and
the patron on screen is read again when a later op changed their rows (a book of
theirs checked in at F3, a hold of theirs expired), never on a timer.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from desk_app.core.messages import QT_TRANSLATE_NOOP, Message
from desk_app.core.views import Outcome, PatronView, ScanResult
from desk_app.ui.ops import NO_CHANGES, Changes, OpRunner

log = logging.getLogger(__name__)

NO_PATRON = QT_TRANSLATE_NOOP("core", "Identify the patron first: scan a library card or type an ID number.")
RENEWED_ALL = QT_TRANSLATE_NOOP("core", "Renewed all {count} loans.")
NOTHING_TO_RENEW = QT_TRANSLATE_NOOP("core", "Nothing to renew.")
NOTHING_TO_UNDO = QT_TRANSLATE_NOOP("core", "There is no checkout to undo.")


class Mode(str, enum.Enum):
    CHECK_OUT = "check_out"
    CHECK_IN = "check_in"
    RENEW = "renew"
    PATRON = "patron"  # a new patron: identify, then check out
    HOLDS = "holds"  # hand over holds waiting on the shelf


class Service(Protocol):
    """The part of core's DeskService the counter uses."""

    def identify(self, scanned: str) -> ScanResult: ...
    def identify_transit_card(self, uid_hex: str) -> ScanResult: ...
    def identify_student_card(self, uid_hex: str, card_number: str) -> ScanResult: ...
    def check_out(self, patron_id: int, barcode: str) -> ScanResult: ...
    def check_in(self, barcode: str) -> ScanResult: ...
    def renew(self, patron_id: int, barcode: str) -> ScanResult: ...
    def renew_all(self, patron_id: int) -> list[ScanResult]: ...
    def patron_view(self, patron_id: int) -> PatronView: ...
    def place_hold(self, patron_id: int, bib_id: int, pickup_branch_id: int | None = None) -> ScanResult: ...
    def hand_over_hold(self, patron_id: int, barcode: str) -> ScanResult: ...
    def undo_checkout(self, loan_id: int) -> ScanResult: ...
    def classify(self, text: str) -> str: ...


@dataclass
class _Counter:
    """Who is being served, as the worker sees it. Touched on the worker thread only."""

    patron_id: int | None = None
    refusal: Message | None = None  # the identified card may not borrow (lost, void, ...)
    last_loan_id: int | None = None


@dataclass(frozen=True)
class Answer:
    """One delivered result and what kind of scan produced it."""

    kind: str  # "patron" | "item" | "undo" | "hold"
    result: ScanResult
    text: str = ""  # what was scanned (an item barcode; never shown for patron credentials)


class DeskController(QObject):
    """Queues scans as core calls and reports each answer, in order, on the GUI thread."""

    answered = Signal(object)  # Answer
    patronChanged = Signal(object)  # PatronView | None
    offerCheckIn = Signal(str, object)  # barcode, the ScanResult that offered it
    modeChanged = Signal(object)  # Mode

    def __init__(self, service: Service, runner: OpRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._counter = _Counter()
        self._mode = Mode.CHECK_OUT
        self._patron: PatronView | None = None
        self._serving = False  # the shown patron was identified and may be served (not a refused card)
        self._patron_scans_queued = 0
        self._view_op = 0  # the op whose answer brought the patron on screen as shown
        self._refresh_op = 0  # the last re-read of the patron queued (refresh_after)

    # ---- state seen by the GUI ------------------------------------------------------

    def classify(self, text: str) -> str:
        """"patron", "item" or "unknown" by format alone (no database), for routing a scanner's read."""
        return self._service.classify(text)

    def mode(self) -> Mode:
        return self._mode

    def set_mode(self, mode: Mode) -> None:
        if mode is Mode.PATRON:
            self.clear_patron()
        if mode is not self._mode:
            self._mode = mode
            self.modeChanged.emit(mode)

    def patron(self) -> PatronView | None:
        return self._patron

    def expects_items(self) -> bool:
        """A patron is identified, or a patron scan is on its way: the next scan is an item."""
        return self._mode is Mode.CHECK_IN or self._serving or self._patron_scans_queued > 0

    # ---- scans in (GUI thread) ------------------------------------------------------

    def scan_patron(self, text: str) -> None:
        """Core's identify refuses an item barcode itself (details["field"] == "item"), via classify."""
        self._queue_patron(self._service.identify, text)

    def tap_transit_card(self, uid_hex: str) -> None:
        self._queue_patron(self._service.identify_transit_card, uid_hex)

    def tap_student_card(self, uid_hex: str, card_number: str) -> None:
        self._queue_patron(self._service.identify_student_card, uid_hex, card_number)

    def scan_item(self, text: str) -> None:
        """Core says so itself when the text is a patron card (details["field"] == "patron")."""
        self._runner.run(self._item, self._mode, text, label=f"item:{self._mode.value}",
                         on_success=lambda r: self._deliver(Answer("item", r, text)), reports=answer_changes)

    def check_in_then_check_out(self, barcode: str) -> None:
        """The librarian accepted the offer: return the item from its last borrower, then lend it."""
        self._runner.run(self._check_in_then_out, barcode, label="check in then out",
                         on_success=lambda r: self._deliver(Answer("item", r, barcode)), reports=answer_changes)

    def undo_last_checkout(self) -> None:
        self._runner.run(self._undo, label="undo checkout", on_success=lambda r: self._deliver(Answer("undo", r)),
                         reports=answer_changes)

    def renew_all(self) -> None:
        self._runner.run(self._renew_all, label="renew all", on_success=lambda r: self._deliver(Answer("item", r)),
                         reports=answer_changes)

    def place_hold(self, bib_id: int) -> None:
        self._runner.run(self._place_hold, bib_id, label="place hold",
                         on_success=lambda r: self._deliver(Answer("hold", r)), reports=answer_changes)

    def clear_patron(self) -> None:
        """The patron has gone: forget them here at once, and on the worker in queue order."""
        self._runner.run(self._forget, label="forget patron")
        self._set_patron(None)

    # ---- answers (GUI thread) -------------------------------------------------------

    def _queue_patron(self, fn: Any, *args: Any) -> None:
        self._patron_scans_queued += 1

        def done(result: ScanResult) -> None:
            self._patron_scans_queued -= 1
            self._deliver(Answer("patron", result))

        def failed(exc: BaseException) -> None:
            self._patron_scans_queued -= 1
            self._runner.report("identify", exc)

        self._runner.run(self._identify, fn, *args, label="identify", on_success=done, on_failure=failed)

    def _deliver(self, answer: Answer) -> None:
        result = answer.result
        if answer.kind == "patron":
            if not _wrong_field(result):
                self._set_patron(result.patron, serving=result.outcome in (Outcome.OK, Outcome.NOTICE))
            if result.outcome in (Outcome.OK, Outcome.NOTICE) and self._mode is Mode.PATRON:
                self._mode = Mode.CHECK_OUT
                self.modeChanged.emit(self._mode)
        elif result.patron is not None and self._patron is not None \
                and result.patron.patron_id == self._patron.patron_id:
            # The same patron, as they now stand (loans, points).
            self._set_patron(result.patron, serving=self._serving)
        self.answered.emit(answer)
        if result.offer_check_in and answer.text:
            self.offerCheckIn.emit(result.details.get("item_barcode", answer.text), result)

    def _set_patron(self, patron: PatronView | None, serving: bool = False) -> None:
        self._patron = patron
        self._serving = serving and patron is not None
        self._view_op = self._runner.current_op
        self.patronChanged.emit(patron)

    # ---- after a change (GUI thread) ------------------------------------------------

    def refresh_after(self, changes: Changes) -> None:
        """Read the patron on screen again if `changes` touched their rows after their view was read."""
        patron = self._patron
        if patron is None or changes.op <= self._view_op or changes.op < self._refresh_op:
            return  # nobody shown, the view is newer than the change, or a re-read is already queued after it
        shown = {loan.item_barcode for loan in patron.loans} | {h.item_barcode for h in patron.holds if h.item_barcode}
        if patron.patron_id not in changes.patrons and not shown & changes.items:
            return
        patron_id = patron.patron_id
        self._refresh_op = self._runner.run(self._service.patron_view, patron_id, label="refresh patron",
                                            on_success=lambda view: self._refreshed(patron_id, view),
                                            on_failure=_refresh_failed)

    def _refreshed(self, patron_id: int, view: PatronView) -> None:
        if self._patron is not None and self._patron.patron_id == patron_id:
            self._set_patron(view, serving=self._serving)

    # ---- the worker's side: these run on the op runner's thread, in queue order -------

    def _identify(self, fn: Any, *args: Any) -> ScanResult:
        result: ScanResult = fn(*args)
        if _wrong_field(result):
            return result  # a misplaced item scan changes nothing, not even who is being served
        counter = self._counter
        counter.last_loan_id = None
        identified = result.patron is not None and result.outcome in (Outcome.OK, Outcome.NOTICE)
        counter.patron_id = result.patron.patron_id if identified and result.patron else None
        counter.refusal = result.message if result.patron is not None and not identified else None
        return result

    def _item(self, mode: Mode, text: str) -> ScanResult:
        if mode is Mode.CHECK_IN:
            return self._service.check_in(text)
        patron_id = self._counter.patron_id
        if patron_id is None:
            return self._no_patron()
        if mode is Mode.RENEW:
            return self._service.renew(patron_id, text)
        if mode is Mode.HOLDS:
            return self._service.hand_over_hold(patron_id, text)
        return self._check_out(patron_id, text)

    def _check_out(self, patron_id: int, barcode: str) -> ScanResult:
        result = self._service.check_out(patron_id, barcode)
        if result.outcome is Outcome.OK and result.loan is not None:
            self._counter.last_loan_id = result.loan.loan_id
        return result

    def _check_in_then_out(self, barcode: str) -> ScanResult:
        patron_id = self._counter.patron_id
        if patron_id is None:
            return self._no_patron()
        returned = self._service.check_in(barcode)
        if returned.outcome not in (Outcome.OK, Outcome.NOTICE):
            return returned
        return self._check_out(patron_id, barcode)

    def _undo(self) -> ScanResult:
        loan_id = self._counter.last_loan_id
        if loan_id is None:
            return ScanResult(Outcome.NOTICE, Message(NOTHING_TO_UNDO))
        self._counter.last_loan_id = None
        return self._service.undo_checkout(loan_id)

    def _renew_all(self) -> ScanResult:
        patron_id = self._counter.patron_id
        if patron_id is None:
            return self._no_patron()
        results = self._service.renew_all(patron_id)
        if not results:
            return ScanResult(Outcome.NOTICE, Message(NOTHING_TO_RENEW))
        patron = self._service.patron_view(patron_id)  # every due date as it now stands
        worst = max(results, key=lambda r: _SEVERITY[r.outcome])
        if worst.outcome is not Outcome.OK:
            # The first reason a renewal was refused is what the librarian must read.
            return dataclasses.replace(worst, patron=patron)
        return ScanResult(Outcome.OK, Message(RENEWED_ALL, count=len(results)), patron=patron)

    def _place_hold(self, bib_id: int) -> ScanResult:
        patron_id = self._counter.patron_id
        if patron_id is None:
            return self._no_patron()
        return self._service.place_hold(patron_id, bib_id)

    def _forget(self) -> None:
        self._counter = _Counter()

    def _no_patron(self) -> ScanResult:
        if self._counter.refusal is not None:
            return ScanResult(Outcome.REFUSED, self._counter.refusal)
        return ScanResult(Outcome.ERROR, Message(NO_PATRON))


def answer_changes(result: ScanResult | Iterable[ScanResult]) -> Changes:
    """What a writing op's answer(s) changed: a refusal or an error changes nothing (core's rule)."""
    results = [result] if isinstance(result, ScanResult) else list(result)
    done = [r for r in results if r.outcome in (Outcome.OK, Outcome.NOTICE)]
    if not done:
        return NO_CHANGES
    return Changes(patrons=frozenset(r.patron.patron_id for r in done if r.patron is not None),
                   items=frozenset(r.details["item_barcode"] for r in done if r.details.get("item_barcode")),
                   outbox=True)


def _refresh_failed(error: BaseException) -> None:
    # A role that may not identify (a technician signed in at the lock) keeps the last view; no alarm.
    log.info("the patron on screen was not read again: %s", type(error).__name__)


def _wrong_field(result: ScanResult) -> bool:
    """An item barcode scanned in the patron field."""
    return result.details.get("field") == "item"


_SEVERITY = {Outcome.OK: 0, Outcome.NOTICE: 1, Outcome.REFUSED: 2, Outcome.ERROR: 3}
