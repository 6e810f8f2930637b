"""The benchmark report's shape on tiny made-up numbers: columns, JSON keys, met or missed. Nothing is timed."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import stats
from benchmarks.dataset import parse_report
from benchmarks.stats import Result


def _sample_results() -> list[Result]:
    return [
        Result("checkout", [float(v) for v in range(1, 101)], "p99 ≤ 20 ms and ≤ 3x bare sqlite3",
               stats.p99_at_most(20.0, ratio_max=3.0), baseline=[20.0, 25.0, 30.0]),
        Result("search: ISBN-13", [40.0, 41.0, 42.0], "p95 ≤ 30 ms, correct", stats.p95_at_most(30.0)),
        Result("start: peak memory", [180.0, 190.0], "≤ 300 MB", stats.max_at_most(300.0), unit="MB",
               note="RSS high-water mark"),
        Result("demo-data: rows/s", [100_000.0], "—", None, baseline=[500_000.0], unit="rows/s"),
    ]


def test_percentiles_are_nearest_rank_of_measured_samples() -> None:
    samples = [float(v) for v in range(1, 101)]
    assert stats.percentile(samples, 50) == 50.0
    assert stats.percentile(samples, 95) == 95.0
    assert stats.percentile(samples, 99) == 99.0
    assert stats.percentile([7.0], 99) == 7.0
    assert stats.median([1.0, 2.0, 3.0, 4.0]) == 2.5


def test_markdown_table_has_the_issue_columns_and_says_met_or_missed() -> None:
    table = stats.markdown_table(_sample_results())
    lines = table.splitlines()
    assert lines[0] == "| figure | median | p95 | p99 | target | baseline | ratio | met |"
    rows = {line.split(" | ")[0].lstrip("| "): line for line in lines[2:6]}
    # checkout: p99 99 ms > 20 ms, and 50.5 / 25 = 2.02x: missed on the p99.
    assert rows["checkout"].endswith("| 2.02x | **missed** |")
    assert "| 25.0 |" in rows["checkout"]
    assert rows["search: ISBN-13"].endswith("| **missed** |")
    assert rows["start: peak memory"].endswith("| met |") and "185 MB" in rows["start: peak memory"]
    assert rows["demo-data: rows/s"].endswith("| 0.20x | — |")
    assert "- start: peak memory: RSS high-water mark" in table


def test_json_has_the_keys_runs_are_compared_by(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    stats.write_json(_sample_results(), out)
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert [r["figure"] for r in rows] == ["checkout", "search: ISBN-13", "start: peak memory", "demo-data: rows/s"]
    for row in rows:
        assert set(stats.JSON_KEYS) <= set(row)
    checkout = rows[0]
    assert checkout["median_ms"] == 50.5 and checkout["p95_ms"] == 95.0 and checkout["p99_ms"] == 99.0
    assert checkout["baseline_ms"] == 25.0 and checkout["ratio"] == 2.02 and checkout["met"] is False
    assert rows[2]["met"] is True and rows[2]["unit"] == "MB"
    assert rows[3]["met"] is None and rows[1]["baseline_ms"] is None and rows[1]["ratio"] is None


def test_a_figure_that_could_not_run_is_reported_missed_with_its_reason() -> None:
    broken = stats.failed("start", "≤ 2 s", "the desk did not report ready")
    assert broken.met is False
    assert "not measured: the desk did not report ready" in stats.markdown_table([broken])
    assert broken.as_json()["met"] is False


def test_demo_data_report_is_read_without_keeping_the_passwords() -> None:
    stdout = (
        "示範資料已建立 / Demo data written: 1,234 rows in 2.5 s (494 rows/s; 0.4 s of it in executemany)\n"
        "  item                  1,000\n"
        "  patron                  234\n"
        "  heavy borrower: patron id 1\n"
        "\n示範帳號（密碼只顯示這一次）/ Demo staff accounts (passwords are shown only this once):\n"
        "  librarian      demo-secret\n"
    )
    seconds, insert_seconds, rows = parse_report(stdout)
    assert (seconds, insert_seconds) == (2.5, 0.4)
    assert rows == {"item": 1000, "patron": 234}
    assert "librarian" not in rows
