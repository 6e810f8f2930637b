"""Reports to files: CSV (UTF-8 with BOM, so Excel in zh-TW opens Chinese right) or XLSX (xlsxwriter).

Headers and titles arrive already translated by the caller; cells are written as
they are (numbers as numbers in XLSX).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

from desk_app.core.passbook.reports import Report

Translate = Callable[[str], str]


def _same(text: str) -> str:
    return text


def write_csv(report: Report, path: Path, translate: Translate = _same) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([translate(h) for h in report.headers])
        w.writerows(report.rows)
    return path


def write_xlsx(reports: Sequence[Report], path: Path, translate: Translate = _same) -> Path:
    """One sheet per report, a bold header row, columns sized to their text."""
    import xlsxwriter  # only exports need it

    book = xlsxwriter.Workbook(str(path))
    try:
        bold = book.add_format({"bold": True})
        used: set[str] = set()
        for report in reports:
            name = translate(report.title)[:31] or report.key[:31]
            for ch in "[]:*?/\\":
                name = name.replace(ch, " ")
            while name in used:
                name = name[:28] + f"~{len(used)}"
            used.add(name)
            sheet = book.add_worksheet(name)
            headers = [translate(h) for h in report.headers]
            sheet.write_row(0, 0, headers, bold)
            widths = [len(h) * 2 for h in headers]
            for r, row in enumerate(report.rows, start=1):
                sheet.write_row(r, 0, row)
                widths = [max(w, len(str(c)) * (2 if not str(c).isascii() else 1)) for w, c in zip(widths, row)]
            for c, w in enumerate(widths):
                sheet.set_column(c, c, min(max(w + 2, 8), 60))
            sheet.freeze_panes(1, 0)
    finally:
        book.close()
    return path
