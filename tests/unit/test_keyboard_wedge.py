"""A scanner's burst becomes one scan; a person's typing comes back to the widget, every key, in order."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.keyboard_wedge import Current, WedgeDetector, WedgeSettings

SETTINGS = WedgeSettings(max_gap_ms=50, min_length=4, max_length=64, hold_timeout_ms=80)


class Widget:
    """Plays the Qt filter's part: applies each decision and records what the widget receives."""

    def __init__(self, settings: WedgeSettings = SETTINGS) -> None:
        self.detector: WedgeDetector[int] = WedgeDetector(settings)
        self.received: list[str] = []  # texts the widget got, "\n" for a terminator it got
        self.scans: list[str] = []
        self._texts: dict[int, str] = {}
        self._n = 0

    def type(self, text: str, ts: int) -> None:
        self._n += 1
        self._texts[self._n] = text
        self._apply(self.detector.key(text, ts, self._n), text)

    def enter(self, ts: int) -> None:
        self._apply(self.detector.terminator(ts), "\n")

    def arrow(self) -> None:
        self._apply(self.detector.interrupt(), "<arrow>")

    def pause(self) -> None:
        """The hold timer fired: no key came for a while."""
        self.received.extend(self._texts[i] for i in self.detector.flush())

    def _apply(self, decision, current_text: str) -> None:
        self.received.extend(self._texts[i] for i in decision.give_back)
        if decision.current is Current.PASS:
            self.received.append(current_text)
        elif decision.current is Current.CONSUME:
            assert decision.scan is not None
            self.scans.append(decision.scan)


def burst(w: Widget, text: str, start: int, gap: int | Sequence[int] = 30, end: str = "enter") -> int:
    """Type `text` from `start`, `gap` ms after each key (one gap for all, or one per key); returns the time after."""
    gaps = [gap] * len(text) if isinstance(gap, int) else gap
    ts = start
    for ch, after in zip(text, gaps):
        w.type(ch, ts)
        ts += after
    if end == "enter":
        w.enter(ts)
    return ts


def test_a_fast_burst_ending_in_enter_is_one_scan_and_types_nothing() -> None:
    w = Widget()
    burst(w, "T00012345", 1000)
    assert w.scans == ["T00012345"]
    assert w.received == []


def test_slow_typing_reaches_the_widget_intact() -> None:
    w = Widget()
    burst(w, "A123456789", 1000, gap=180)
    assert w.scans == []
    assert "".join(w.received) == "A123456789\n"


def test_a_short_fast_run_is_typing_not_a_scan() -> None:
    w = Widget()
    burst(w, "ok", 0)
    assert w.scans == []
    assert w.received == ["o", "k", "\n"]


def test_a_pause_gives_the_held_keys_back() -> None:
    w = Widget()
    w.type("a", 0)
    w.type("b", 20)
    assert w.received == []
    w.pause()
    assert w.received == ["a", "b"]
    assert not w.detector.holding


def test_a_slow_key_releases_the_run_and_may_start_a_scan() -> None:
    w = Widget()
    w.type("x", 0)
    burst(w, "LIB0001", 500)  # a person typed x, then scanned
    assert w.received == ["x"]
    assert w.scans == ["LIB0001"]


def test_enter_after_a_pause_is_not_a_scan() -> None:
    w = Widget()
    burst(w, "LIB0001", 0, end="none")
    w.enter(30 * 7 + 400)
    assert w.scans == []
    assert "".join(w.received) == "LIB0001\n"


def test_another_key_gives_back_held_keys_before_itself() -> None:
    w = Widget()
    w.type("a", 0)
    w.type("b", 10)
    w.arrow()
    assert w.received == ["a", "b", "<arrow>"]


def test_an_over_long_run_is_typing() -> None:
    w = Widget(WedgeSettings(max_gap_ms=50, min_length=4, max_length=8))
    burst(w, "0123456789ABCDEF", 0)
    assert w.scans == []
    assert "".join(w.received) == "0123456789ABCDEF\n"


def test_twenty_scans_in_a_row_come_out_in_order() -> None:
    w = Widget()
    codes = [f"C{n:08d}" for n in range(20)]
    ts = 0
    for code in codes:
        ts = burst(w, code, ts + 30)
    assert w.scans == codes
    assert w.received == []


def test_settings_round_trip_and_validation() -> None:
    s = WedgeSettings(max_gap_ms=35, min_length=6, max_length=200, hold_timeout_ms=60)
    assert WedgeSettings.from_dict(s.to_dict()) == s
    assert WedgeSettings.from_dict({"max_gap_ms": "40", "other": 1}).max_gap_ms == 40
    with pytest.raises(ValueError):
        WedgeSettings.from_dict({"min_length": 0})
    with pytest.raises(ValueError):
        WedgeSettings(max_gap_ms=0)


# ---- properties ------------------------------------------------------------------

_event = st.one_of(
    st.tuples(st.just("key"), st.sampled_from("AB12-"), st.integers(0, 150)),
    st.tuples(st.just("enter"), st.just(""), st.integers(0, 150)),
    st.tuples(st.just("arrow"), st.just(""), st.just(0)),
    st.tuples(st.just("pause"), st.just(""), st.just(0)),
)


@given(st.lists(_event, max_size=80), st.sampled_from([SETTINGS, WedgeSettings(min_length=2, max_length=5)]))
def test_no_key_is_ever_lost_or_reordered(events: list[tuple[str, str, int]], settings: WedgeSettings) -> None:
    """Every key comes out exactly once: typed into the widget, or inside a scan, in input order."""
    w = Widget(settings)
    ts = 0
    expected: list[str] = []
    for kind, text, gap in events:
        ts += gap
        if kind == "key":
            w.type(text, ts)
            expected.append(text)
        elif kind == "enter":
            before = len(w.scans)
            w.enter(ts)
            if len(w.scans) == before:
                expected.append("\n")
            else:
                # The scan's keys left the widget's stream; put them back where they were.
                scan = w.scans[-1]
                assert "".join(expected[-len(scan):]) == scan
                del expected[-len(scan):]
        elif kind == "arrow":
            w.arrow()
            expected.append("<arrow>")
        else:
            w.pause()
    w.pause()
    assert w.received == expected


@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-.", min_size=4, max_size=64),
       st.lists(st.integers(0, 50), min_size=64, max_size=64))
def test_any_fast_burst_is_exactly_its_scan(code: str, gaps: list[int]) -> None:
    w = Widget()
    burst(w, code, 10_000, gaps)
    assert w.scans == [code]
    assert w.received == []


@given(st.text(alphabet="abc123", min_size=1, max_size=30), st.lists(st.integers(51, 400), min_size=31, max_size=31))
def test_human_paced_typing_never_scans(text: str, gaps: list[int]) -> None:
    w = Widget()
    burst(w, text, 0, gaps)
    assert w.scans == []
    assert "".join(w.received) == text + "\n"
