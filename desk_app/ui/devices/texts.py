"""Device events and card problems in the desk's language, for the banner, the lists and tooltips.

Drivers speak English (their status texts carry the context "drivers" and their
{placeholders} in `details`); these functions translate at the moment of display
and mask anything personal: a scanned national ID or card number never shows whole.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desk_app.core.patrons.ids import mask_card_number, mask_ids_in
from desk_app.core.messages import (
    QT_TRANSLATE_NOOP,  # a plain str function; lupdate knows the name
)
from desk_app.ui.devices.card_read import CardProblem, PatronCardRead
from drivers.base import (
    BarcodeRead,
    CardLifted,
    CardPlaced,
    CardType,
    DeviceEvent,
    DeviceStatus,
    ReaderAdded,
    ReaderRemoved,
)

CONTEXT = "DeviceBridge"

PROBLEMS: dict[CardProblem, str] = {
    CardProblem.DAMAGED_RECORD: QT_TRANSLATE_NOOP(
        "DeviceBridge", "This card's library record is damaged. Ask card staff to burn the card again."),
    CardProblem.LIFTED: QT_TRANSLATE_NOOP(
        "DeviceBridge", "The card was taken away before it could be read. Please tap it again and hold it still."),
    CardProblem.RANDOM_UID: QT_TRANSLATE_NOOP(
        "DeviceBridge", "This card shows a different number at every tap and cannot identify a patron."),
    CardProblem.NO_UID: QT_TRANSLATE_NOOP(
        "DeviceBridge", "The reader could not read this card's number. Please tap it again."),
    CardProblem.ITEM_TAG: QT_TRANSLATE_NOOP("DeviceBridge", "This is a library item tag, not a patron card."),
    CardProblem.NO_KEY: QT_TRANSLATE_NOOP(
        "DeviceBridge", "No card key is set up on this desk, so student cards cannot be read. Ask the technician."),
    CardProblem.SERVICE_DOWN: QT_TRANSLATE_NOOP("DeviceBridge", "The smart card service (pcscd) is not running."),
    CardProblem.READ_FAILED: QT_TRANSLATE_NOOP("DeviceBridge", "The card could not be read: {reason}"),
}

CARD_TYPES: dict[CardType, str] = {
    CardType.MIFARE_CLASSIC_1K: QT_TRANSLATE_NOOP("DeviceBridge", "MIFARE Classic 1K"),
    CardType.MIFARE_CLASSIC_4K: QT_TRANSLATE_NOOP("DeviceBridge", "MIFARE Classic 4K"),
    CardType.MIFARE_ULTRALIGHT: QT_TRANSLATE_NOOP("DeviceBridge", "MIFARE Ultralight"),
    CardType.MIFARE_ULTRALIGHT_C: QT_TRANSLATE_NOOP("DeviceBridge", "MIFARE Ultralight C"),
    CardType.ISO14443_4: QT_TRANSLATE_NOOP("DeviceBridge", "ISO 14443-4 (processor card)"),
    CardType.ISO15693: QT_TRANSLATE_NOOP("DeviceBridge", "ISO 15693 tag"),
    CardType.FELICA: QT_TRANSLATE_NOOP("DeviceBridge", "FeliCa"),
    CardType.UNKNOWN: QT_TRANSLATE_NOOP("DeviceBridge", "unknown card"),
}

def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def mask_personal(text: str) -> str:
    """A scanned national ID or library card number is masked in the technician's lists too."""
    return mask_ids_in(text)


def problem_text(result: PatronCardRead) -> str:
    """The problem in the desk's language; "" when there is none."""
    if result.problem is CardProblem.NONE:
        return ""
    return tr(PROBLEMS[result.problem]).format(reason=result.detail)


def card_type_name(card_type: CardType | str) -> str:
    try:
        return tr(CARD_TYPES[CardType(card_type)])
    except ValueError:
        return str(card_type)


def status_text(event: DeviceStatus) -> str:
    """A driver's status in the desk's language, its {placeholders} filled from `details`."""
    text = QCoreApplication.translate("drivers", event.message) if event.message else ""
    try:
        return text.format(**event.details)
    except (KeyError, IndexError, ValueError):
        return text


def is_warning(event: DeviceStatus) -> bool:
    """A warning (garbage on the line...) passes; the device's state stays what it was."""
    return event.details.get("level") == "warning"


def card_read_line(result: PatronCardRead) -> str:
    """The live-list line for a patron card read: the card number masked."""
    if result.card_number:
        return QCoreApplication.translate("DeviceBridge", "Student card on {reader}: card number {number}").format(
            reader=result.reader, number=mask_card_number(result.card_number))
    if result.problem is not CardProblem.NONE:
        return QCoreApplication.translate("DeviceBridge", "Card on {reader}: {problem}").format(
            reader=result.reader, problem=problem_text(result))
    text = QCoreApplication.translate("DeviceBridge", "Card on {reader}: no library record, identify by UID {uid}")
    return text.format(reader=result.reader, uid=result.uid_hex)


def describe(event: DeviceEvent) -> str:
    """One line for the live event list; masked where personal, never a key."""
    if isinstance(event, ReaderAdded):
        return QCoreApplication.translate("DeviceBridge", "Reader connected: {reader}").format(reader=event.reader)
    if isinstance(event, ReaderRemoved):
        return QCoreApplication.translate("DeviceBridge", "Reader disconnected: {reader}").format(reader=event.reader)
    if isinstance(event, CardPlaced):
        return QCoreApplication.translate("DeviceBridge", "Card placed on {reader}: {type}, UID {uid}").format(
            reader=event.reader, type=card_type_name(event.card_type), uid=event.uid_hex or "?")
    if isinstance(event, CardLifted):
        return QCoreApplication.translate("DeviceBridge", "Card lifted from {reader}").format(reader=event.reader)
    if isinstance(event, BarcodeRead):
        return QCoreApplication.translate("DeviceBridge", "Barcode {text} ({symbology}) from {source}").format(
            text=mask_personal(event.text), symbology=event.symbology.value, source=event.source)
    if isinstance(event, DeviceStatus):
        if event.ok and not is_warning(event):
            state = QCoreApplication.translate("DeviceBridge", "OK")
        else:
            state = QCoreApplication.translate("DeviceBridge", "problem")
        return f"{event.device}: {state} {status_text(event)}".strip()
    return repr(event)
