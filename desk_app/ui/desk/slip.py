"""Hold, transit and checkout slips: printed on the desk printer, or saved as PDF where there is none.

A slip is laid out as simple HTML in a QTextDocument on 80 mm receipt paper (what
Taiwanese desks use), with a Traditional Chinese font named explicitly so the PDF
embeds it and the glyph forms are Taiwanese. Slips lie on public hold shelves, so
national IDs and card numbers appear masked and the patron's name half hidden;
a last pass masks anything that still looks like a full ID.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import QFont, QFontDatabase, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from desk_app.core.patrons.ids import mask_ids_in, mask_name
from desk_app.core.views import LoanView, PatronView, SlipView
from desk_app.ui.i18n import CJK_FAMILIES, tr_core

PAPER_WIDTH_MM = 80.0
PAPER_HEIGHT_MM = 200.0

# A full national ID / resident number (10) or card number (12) that escaped masking.


def slip_title(kind: str) -> str:
    titles = {
        "hold": QCoreApplication.translate("Slip", "Hold pickup slip"),
        "transit": QCoreApplication.translate("Slip", "Transit slip"),
        "checkout": QCoreApplication.translate("Slip", "Checkout receipt"),
    }
    return titles.get(kind, QCoreApplication.translate("Slip", "Slip"))


def scrub_ids(text: str) -> str:
    """Mask any full ID or card number left in `text` (a safety net, not the primary masking)."""
    return mask_ids_in(text)


@dataclass(frozen=True)
class SlipContent:
    """Everything a slip shows; kept apart from the layout so tests can read it."""

    slip: SlipView
    patron: PatronView | None = None
    loans: tuple[LoanView, ...] = ()
    branch: str = ""
    printed_at: dt.datetime | None = None


def receipt(patron: PatronView, loans: Sequence[LoanView] | None = None, branch: str = "") -> SlipContent:
    """A checkout receipt listing `loans` (default: all the patron's current loans) with due dates."""
    chosen = tuple(patron.loans if loans is None else loans)
    slip = SlipView(kind="checkout", title="", item_barcode="", lines=())
    return SlipContent(slip=slip, patron=patron, loans=chosen, branch=branch)


def slip_html(content: SlipContent) -> str:
    """The slip as HTML for QTextDocument (translated, escaped, IDs masked)."""
    slip, patron = content.slip, content.patron
    esc = html.escape
    when = (content.printed_at or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    parts = [f"<h2 align='center'>{esc(slip_title(slip.kind))}</h2>"]
    if content.branch:
        parts.append(f"<p align='center'>{esc(content.branch)}</p>")
    rows: list[tuple[str, str]] = []
    if patron is not None:
        shown_name = mask_name(patron.name) if slip.kind != "checkout" else patron.name
        rows.append((QCoreApplication.translate("Slip", "Patron"), shown_name))
        rows.append((QCoreApplication.translate("Slip", "ID number"), patron.masked_id))
        rows.append((QCoreApplication.translate("Slip", "Card number"), patron.masked_card_number))
    if slip.title:
        rows.append((QCoreApplication.translate("Slip", "Title"), slip.title))
    if slip.item_barcode:
        rows.append((QCoreApplication.translate("Slip", "Item barcode"), slip.item_barcode))
    rows.append((QCoreApplication.translate("Slip", "Printed at"), when))
    parts.append("<table width='100%' cellspacing='0' cellpadding='2'>")
    parts.extend(f"<tr><td width='30%'><b>{esc(k)}</b></td><td>{esc(v)}</td></tr>" for k, v in rows)
    parts.append("</table>")
    if content.loans:
        heading = QCoreApplication.translate("Slip", "Items borrowed")
        title_label = QCoreApplication.translate("Slip", "Title")
        due_label = QCoreApplication.translate("Slip", "Due date")
        total = QCoreApplication.translate("Slip", "Total: {count} items").format(count=len(content.loans))
        parts.append(f"<h3>{esc(heading)}</h3><table width='100%' cellspacing='0' cellpadding='2'>")
        parts.append(f"<tr><th align='left'>{esc(title_label)}</th>"
                     f"<th align='left' width='36%'>{esc(due_label)}</th></tr>")
        for loan in content.loans:
            parts.append(f"<tr><td>{esc(loan.title)}<br/><small>{esc(loan.item_barcode)}</small></td>"
                         f"<td>{loan.due_date.isoformat()}</td></tr>")
        parts.append("</table>")
        parts.append(f"<p>{esc(total)}</p>")
    for line in slip.lines:
        parts.append(f"<p>{esc(tr_core(line))}</p>")
    return scrub_ids("\n".join(parts))


def slip_font() -> QFont:
    """A Traditional Chinese family first, so the PDF embeds it and glyphs are the Taiwanese forms."""
    available = set(QFontDatabase.families())
    font = QFont()
    font.setFamilies([f for f in CJK_FAMILIES if f in available] or ["Sans Serif"])
    font.setPointSizeF(9.5)
    return font


def _print(content: SlipContent, printer: QPrinter) -> None:
    """Lay the slip out on the printer's own page; without a page size Qt adds 2 cm margins and page numbers."""
    doc = QTextDocument()
    doc.setDefaultFont(slip_font())
    doc.setDocumentMargin(0)
    doc.setHtml(slip_html(content))
    doc.setPageSize(printer.pageRect(QPrinter.Unit.Point).size())
    doc.print_(printer)


def _setup(printer: QPrinter) -> None:
    printer.setPageSize(QPageSize(QSizeF(PAPER_WIDTH_MM, PAPER_HEIGHT_MM), QPageSize.Unit.Millimeter,
                                  "Receipt 80mm"))
    printer.setPageMargins(QMarginsF(4, 4, 4, 4), QPageLayout.Unit.Millimeter)


def write_pdf(content: SlipContent, path: Path) -> Path:
    """Save the slip as a PDF at `path` (the folder is created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setDocName(slip_title(content.slip.kind))
    printer.setCreator("LibDesk")
    _setup(printer)
    _print(content, printer)
    return path


def has_printer() -> bool:
    return not QPrinterInfo.defaultPrinter().isNull() or bool(QPrinterInfo.availablePrinterNames())


@dataclass(frozen=True)
class SlipResult:
    """Where the slip went: a printer's name, or the PDF file written instead."""

    printer: str | None = None
    pdf: Path | None = None


def print_or_save(content: SlipContent, pdf_dir: Path) -> SlipResult:
    """Print on the default printer at once (no dialog: the desk is keyboard-first), else save a PDF."""
    info = QPrinterInfo.defaultPrinter()
    if info.isNull() and QPrinterInfo.availablePrinterNames():
        info = QPrinterInfo.printerInfo(QPrinterInfo.availablePrinterNames()[0])
    if not info.isNull():
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        printer.setDocName(slip_title(content.slip.kind))
        _setup(printer)
        _print(content, printer)
        return SlipResult(printer=info.printerName())
    stamp = (content.printed_at or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    name = f"{content.slip.kind}-{content.slip.item_barcode or 'slip'}-{stamp}.pdf"
    return SlipResult(pdf=write_pdf(content, pdf_dir / name))
