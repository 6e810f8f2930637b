"""Percentiles, the Markdown table and the JSON list: the one shape every figure is reported in.

A figure is a list of samples (milliseconds unless `unit` says otherwise), a
target in words with a check, and optionally a baseline timed in the same run on
the same file. `ratio` is the figure's median over the baseline's median.
Percentiles use the nearest-rank method (p99 of 1,000 samples is the 990th),
so no value is ever reported that was not measured.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

JSON_KEYS = ("figure", "median_ms", "p95_ms", "p99_ms", "target", "baseline_ms", "ratio", "met")
TABLE_COLUMNS = ("figure", "median", "p95", "p99", "target", "baseline", "ratio", "met")


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile, q in [0, 100]: the smallest sample with at least q% of samples at or below it."""
    if not values:
        raise ValueError("no samples")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        raise ValueError("no samples")
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


Check = Callable[["Result"], bool]


@dataclass
class Result:
    """One row of the table."""

    figure: str
    samples: list[float]
    target: str
    check: Check | None = None  # decides `met`; None: no target (a figure shown for comparison)
    baseline: list[float] | None = None  # the baseline's samples, same unit
    unit: str = "ms"
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return median(self.samples)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)

    @property
    def p99(self) -> float:
        return percentile(self.samples, 99)

    @property
    def baseline_median(self) -> float | None:
        return median(self.baseline) if self.baseline else None

    @property
    def ratio(self) -> float | None:
        base = self.baseline_median
        return self.median / base if base else None

    @property
    def met(self) -> bool | None:
        return None if self.check is None else bool(self.check(self))

    def as_json(self) -> dict[str, Any]:
        """The keys issue 13 names (values in the row's unit, ms unless `unit` says otherwise), plus unit/samples/note."""
        ratio = self.ratio
        base = self.baseline_median
        row: dict[str, Any] = {
            "figure": self.figure,
            "median_ms": _round(self.median),
            "p95_ms": _round(self.p95),
            "p99_ms": _round(self.p99),
            "target": self.target,
            "baseline_ms": None if base is None else _round(base),
            "ratio": None if ratio is None else round(ratio, 3),
            "met": self.met,
            "unit": self.unit,
            "samples": len(self.samples),
        }
        if self.note:
            row["note"] = self.note
        row.update(self.extra)
        return row


def failed(figure: str, target: str, why: str) -> Result:
    """A figure that could not be measured: shown as missed, with the reason in its note."""
    return Result(figure, [math.nan], target, check=lambda _r: False, note=f"not measured: {why}")


def _round(value: float) -> float:
    return round(value, 3) if math.isfinite(value) else value


def fmt(value: float | None, unit: str = "ms") -> str:
    """A number for the table: three significant figures or so, with its unit unless it is ms."""
    if value is None:
        return "—"
    if not math.isfinite(value):
        return "n/a"
    if abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif abs(value) >= 100:
        text = f"{value:.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return text if unit == "ms" else f"{text} {unit}"


def markdown_table(results: Iterable[Result]) -> str:
    """figure | median | p95 | p99 | target | baseline | ratio | met — plus each row's note underneath."""
    rows = list(results)
    lines = ["| " + " | ".join(TABLE_COLUMNS) + " |", "|" + "---|" * len(TABLE_COLUMNS)]
    notes = []
    for r in rows:
        met = {True: "met", False: "**missed**", None: "—"}[r.met]
        ratio = r.ratio
        lines.append("| " + " | ".join([
            r.figure, fmt(r.median, r.unit), fmt(r.p95, r.unit), fmt(r.p99, r.unit), r.target,
            fmt(r.baseline_median, r.unit), "—" if ratio is None else f"{ratio:.2f}x", met,
        ]) + " |")
        if r.note:
            notes.append(f"- {r.figure}: {r.note}")
    unit_note = "Times in ms unless a unit is shown; ratio = median / baseline median; percentiles nearest-rank."
    return "\n".join(lines + ["", unit_note] + (["", *notes] if notes else []))


def write_json(results: Iterable[Result], path: Path) -> None:
    path.write_text(json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")


# ---- targets -------------------------------------------------------------------------------------


def p99_at_most(ms: float, ratio_max: float | None = None) -> Check:
    def check(r: Result) -> bool:
        ratio = r.ratio
        return r.p99 <= ms and (ratio_max is None or (ratio is not None and ratio <= ratio_max))
    return check


def p95_at_most(ms: float) -> Check:
    return lambda r: r.p95 <= ms


def max_at_most(limit: float) -> Check:
    return lambda r: max(r.samples) <= limit
