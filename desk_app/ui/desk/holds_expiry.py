"""Holds left on the shelf past their date expire when the desk opens and when the date changes.

No polling: one precise single-shot timer to just after the next midnight in Taipei
(a coarse timer may fire minutes early on a long interval), re-armed each time. The
date is checked again when the desk is unlocked, because a timer does not count
while the PC sleeps. The work runs on the desk's op runner, in line with scans, as
the staff member signed in then; a role that may not check in (a technician at the
desk) simply leaves it for the next librarian. Anything that expired is told in a
quiet amber banner, with what to do with each copy; no alarm sound.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal

from desk_app.core.circulation.calendar import TAIPEI, local_today
from desk_app.core.staff.permissions import PermissionDenied
from desk_app.core.views import Outcome, ScanResult
from desk_app.ui.desk.desk_controller import answer_changes
from desk_app.ui.i18n import tr_core
from desk_app.ui.ops import OpRunner

log = logging.getLogger(__name__)

AFTER_MIDNIGHT_MS = 2_000  # fire a little after midnight, never just before it
Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def ms_until_next_day(now: dt.datetime) -> int:
    """Milliseconds from `now` (naive = UTC) to the next midnight at the desk, plus a small margin."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    local = now.astimezone(TAIPEI)
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0), tzinfo=TAIPEI)
    return max(0, int((midnight - local).total_seconds() * 1000)) + AFTER_MIDNIGHT_MS


class HoldsExpiry(QObject):
    """Runs `expire()` (core's DeskService.expire_holds) on start, after midnight and on a new date."""

    expired = Signal(object)  # list[ScanResult]: the holds that expired in one run (only when any did)

    def __init__(self, runner: OpRunner, expire: Callable[[], list[ScanResult]], *, clock: Clock | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._expire = expire
        self._clock = clock or _utc_now
        self._done_for: dt.date | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.check_date)

    def start(self) -> None:
        """The desk opened: expire what is due today, then wait for midnight."""
        self.check_date()

    def check_date(self) -> None:
        """Run once per calendar date (a new day, or a PC woken from sleep), then re-arm for midnight."""
        now = self._clock()
        today = local_today(now)
        if today != self._done_for:
            self._done_for = today
            self._runner.run(self._expire, label="expire holds", on_success=self._done, on_failure=self._failed,
                             reports=answer_changes)
        self._timer.start(ms_until_next_day(now))

    def next_run_ms(self) -> int:
        return self._timer.remainingTime() if self._timer.isActive() else -1

    def stop(self) -> None:
        self._timer.stop()

    def _done(self, results: list[ScanResult]) -> None:
        if results:
            self.expired.emit(results)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, PermissionDenied):
            log.info("holds were not expired: the signed-in role may not check in")
            self._done_for = None  # the next staff member's unlock tries again
            return
        self._runner.report("expire holds", error)


def show_expired(window: Any, results: list[ScanResult]) -> None:
    """A quiet amber notice: how many holds expired, then what to do with each copy (core's words)."""
    text = QCoreApplication.translate("HoldsExpiry", "Holds not collected in time have expired: {count}.").format(
        count=len(results))
    window.banner.show_text(Outcome.NOTICE, text, [tr_core(r.message) for r in results])
