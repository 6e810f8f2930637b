"""The one way the desk runs work off the GUI thread (like Anki's CollectionOp).

A single worker thread takes jobs from a FIFO queue, so scans are handled strictly
in the order they arrived and none is dropped while an earlier one is still
running. Results and errors come back on the GUI thread through a queued Qt
signal, in the same order. An error with no `on_failure` of its own surfaces in
one place: the `failed` signal, which the main window turns into a red banner.

An op that changes something says what (`reports=`, a function of its result);
the runner then emits `changed` on the GUI thread, right after the op's own
answer, and whoever shows those rows refreshes them. Nothing polls the database.
The desk has one runner for core (scans, sign-in, unlock, reveal, search, training
catalog); a part that waits on slow virtual hardware (training devices) has a
runner of its own, so no scan ever queues behind a wait for pcscd.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QObject, Signal


log = logging.getLogger(__name__)

SuccessHandler = Callable[[Any], None]
FailureHandler = Callable[[BaseException], None]


@dataclass(frozen=True)
class Changes:
    """What one op changed at this desk: patrons by id, items by barcode, and whether sync has more to send.

    `op` is the ticket of the op that made the change (the runner fills it in), so a
    view read by a later op is known to be fresh already.
    """

    patrons: frozenset[int] = field(default_factory=frozenset)
    items: frozenset[str] = field(default_factory=frozenset)
    outbox: bool = False  # a change waits in the sync outbox
    op: int = 0

    def __bool__(self) -> bool:
        return bool(self.patrons or self.items or self.outbox)


NO_CHANGES = Changes()
Reporter = Callable[[Any], Changes]


@dataclass
class _Job:
    ticket: int
    label: str
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    on_success: SuccessHandler | None
    on_failure: FailureHandler | None
    reports: Reporter | None = None
    result: Any = None
    error: BaseException | None = None


class OpRunner(QObject):
    """One background worker with a FIFO queue; callbacks run on the thread that owns the runner."""

    # Internal: carries a finished job from the worker to the GUI thread (queued connection).
    _finished = Signal(object)
    #: (label, exception) for every job that failed without an on_failure handler of its own.
    failed = Signal(str, object)
    #: The queue is empty and nothing is running (tests and the status bar wait on it).
    idle = Signal()
    #: Changes, after an op's answer was delivered, when its `reports` said it changed something.
    changed = Signal(object)

    def __init__(self, parent: QObject | None = None, *, name: str = "libdesk-core") -> None:
        super().__init__(parent)
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._tickets = itertools.count(1)
        self._pending = 0  # touched on the owning (GUI) thread only
        self._delivering = 0  # the ticket whose callbacks run now (GUI thread only)
        self._stopped = False
        self._finished.connect(self._deliver)
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    # ---- GUI side -----------------------------------------------------------------

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_success: SuccessHandler | None = None,
        on_failure: FailureHandler | None = None,
        label: str = "",
        reports: Reporter | None = None,
        **kwargs: Any,
    ) -> int:
        """Queue `fn(*args, **kwargs)` behind every earlier job; returns its ticket number.

        `on_success(result)` or `on_failure(exc)` is then called on this object's thread;
        after a success, `reports(result)` says what the op changed (emitted as `changed`).
        """
        if self._stopped:
            raise RuntimeError("the op runner has been shut down")
        job = _Job(next(self._tickets), label or getattr(fn, "__name__", "op"), fn, args, kwargs,
                   on_success, on_failure, reports)
        self._pending += 1
        self._queue.put(job)
        return job.ticket

    def pending(self) -> int:
        """Jobs queued or running whose result has not yet been delivered."""
        return self._pending

    def is_idle(self) -> bool:
        return self._pending == 0

    @property
    def current_op(self) -> int:
        """The ticket of the op whose answer is being delivered now (0 outside a callback)."""
        return self._delivering

    def shutdown(self, timeout: float = 5.0, *, discard_queued: bool = False) -> bool:
        """Stop the worker once queued jobs are done (or dropped); True if it stopped within `timeout`.

        Results still in flight are not delivered after this (the window is closing).
        """
        if not self._stopped:
            self._stopped = True
            if discard_queued:
                while True:
                    try:
                        self._queue.get_nowait()
                    except queue.Empty:
                        break
            self._queue.put(None)
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _deliver(self, job: _Job) -> None:
        if self._stopped:
            return  # posted just before shutdown: the window is closing
        self._pending -= 1
        self._delivering = job.ticket
        try:
            if job.error is None:
                if job.on_success is not None:
                    job.on_success(job.result)
                if job.reports is not None:
                    changes = job.reports(job.result)
                    if changes:
                        self.changed.emit(replace(changes, op=job.ticket))
            elif job.on_failure is not None:
                job.on_failure(job.error)
            else:
                self.report(job.label, job.error)
        except Exception as exc:  # noqa: BLE001 - a broken callback must not stop later results
            self.report(job.label, exc)
        finally:
            self._delivering = 0
            if self._pending == 0:
                self.idle.emit()

    def report(self, label: str, error: BaseException) -> None:
        """The one place a failure reaches the librarian (via `failed`) and the log.

        Only the label, the error's type and where it was raised are logged, never its text:
        a database error's text carries the statement's parameters (a national ID, a token).
        """
        where = "".join(traceback.format_tb(error.__traceback__))
        log.error("desk operation %s failed: %s\n%s", label, type(error).__name__, where)
        self.failed.emit(label, error)

    # ---- worker side --------------------------------------------------------------

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            try:
                job.result = job.fn(*job.args, **job.kwargs)
            except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
                job.error = exc
            if self._stopped:
                continue  # closing: finish what was queued, but post nothing into a dying window
            self._finished.emit(job)
