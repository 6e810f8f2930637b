"""The op runner: one worker, strict FIFO, results and errors back on the GUI thread."""

from __future__ import annotations

import threading

import pytest

from desk_app.core.messages import DeskError
from desk_app.ui.ops import OpRunner


@pytest.fixture
def runner(qtbot):
    r = OpRunner()
    yield r
    assert r.shutdown(timeout=5)


def test_jobs_run_and_deliver_in_the_order_queued_even_while_one_is_blocked(qtbot, runner):
    gate = threading.Event()
    ran: list[int] = []
    delivered: list[int] = []

    def job(n: int) -> int:
        if n == 0:
            assert gate.wait(5), "the first job was never released"
        ran.append(n)
        return n

    for n in range(50):
        runner.run(job, n, on_success=delivered.append)
    assert runner.pending() == 50  # all 50 are waiting behind the blocked first job; none dropped
    gate.set()
    qtbot.waitUntil(runner.is_idle, timeout=5000)
    assert ran == list(range(50))
    assert delivered == list(range(50))


def test_work_runs_off_the_gui_thread_and_results_arrive_on_it(qtbot, runner):
    gui = threading.current_thread()
    seen: dict[str, threading.Thread] = {}

    def job() -> str:
        seen["worker"] = threading.current_thread()
        return "done"

    def done(result: str) -> None:
        seen["callback"] = threading.current_thread()
        assert result == "done"

    with qtbot.waitSignal(runner.idle, timeout=5000):
        runner.run(job, on_success=done)
    assert seen["worker"] is not gui
    assert seen["callback"] is gui


def test_an_error_surfaces_once_on_the_gui_thread_and_later_jobs_still_run(qtbot, runner):
    gui = threading.current_thread()
    errors: list[tuple[str, BaseException, threading.Thread]] = []
    runner.failed.connect(lambda label, exc: errors.append((label, exc, threading.current_thread())))
    results: list[str] = []

    def broken() -> None:
        raise DeskError("Unknown barcode {barcode}.", barcode="31234")

    runner.run(broken, label="check out")
    runner.run(lambda: "after", on_success=results.append)
    qtbot.waitUntil(runner.is_idle, timeout=5000)

    assert len(errors) == 1
    label, exc, thread = errors[0]
    assert label == "check out"
    assert isinstance(exc, DeskError) and "31234" in str(exc)
    assert thread is gui
    assert results == ["after"]


def test_a_job_with_its_own_failure_handler_does_not_reach_the_shared_one(qtbot, runner):
    shared: list[BaseException] = []
    own: list[BaseException] = []
    runner.failed.connect(lambda _label, exc: shared.append(exc))

    def broken() -> None:
        raise ValueError("bad input")

    runner.run(broken, on_failure=own.append)
    qtbot.waitUntil(runner.is_idle, timeout=5000)
    assert [str(e) for e in own] == ["bad input"]
    assert shared == []


def test_a_broken_callback_is_reported_and_does_not_stop_later_results(qtbot, runner):
    shared: list[BaseException] = []
    runner.failed.connect(lambda _label, exc: shared.append(exc))
    results: list[int] = []

    def bad_callback(_result: object) -> None:
        raise RuntimeError("callback bug")

    runner.run(lambda: 1, on_success=bad_callback)
    runner.run(lambda: 2, on_success=results.append)
    qtbot.waitUntil(runner.is_idle, timeout=5000)
    assert [str(e) for e in shared] == ["callback bug"]
    assert results == [2]


def test_shutdown_finishes_queued_work_and_refuses_new_jobs(qtbot):
    runner = OpRunner()
    ran: list[int] = []
    for n in range(5):
        runner.run(ran.append, n)
    assert runner.shutdown(timeout=5)
    assert ran == [0, 1, 2, 3, 4]
    with pytest.raises(RuntimeError):
        runner.run(ran.append, 99)


def test_a_failure_is_logged_without_its_text_which_may_carry_personal_data(qtbot, runner, caplog) -> None:
    national_id = "A" + "1" + "2345678" + "9"  # shaped like an ID; the log must not carry it

    def broken() -> None:
        raise RuntimeError(f"UNIQUE constraint failed [parameters: ('{national_id}',)]")

    with caplog.at_level("ERROR", logger="desk_app.ui.ops"):
        runner.run(broken, label="identify")
        qtbot.waitUntil(runner.is_idle, timeout=5000)
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "identify" in logged and "RuntimeError" in logged and "broken" in logged
    assert national_id not in logged


def test_an_op_that_reports_changes_emits_changed_after_its_answer(qtbot, runner):
    from desk_app.ui.ops import NO_CHANGES, Changes

    seen: list[object] = []
    runner.changed.connect(seen.append)
    runner.run(lambda: "lent", on_success=lambda r: seen.append(r),
               reports=lambda r: Changes(items=frozenset({"31234"}), outbox=True))
    runner.run(lambda: "looked", on_success=seen.append, reports=lambda _r: NO_CHANGES)  # a read: no signal
    runner.run(lambda: 1 / 0, on_failure=lambda _exc: seen.append("failed"),
               reports=lambda _r: Changes(outbox=True))  # a failed op changed nothing
    first = runner.run(lambda: None)
    qtbot.waitUntil(runner.is_idle, timeout=5000)
    assert seen[0] == "lent"
    change = seen[1]
    assert isinstance(change, Changes) and change.items == {"31234"} and change.outbox
    assert 0 < change.op < first  # the ticket of the op that made the change
    assert seen[2:] == ["looked", "failed"]
