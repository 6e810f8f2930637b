"""The application-wide key filter that turns keyboard-wedge scanner bursts into scans.

A USB scanner in keyboard mode types into whatever has focus. This filter holds each
printable key back for a moment and asks `drivers.keyboard_wedge` whether the keys so
far are a scanner's burst: a burst ending in Enter/Tab becomes one `scanned(str)`
signal and nothing is typed; anything else is replayed, in order, to the widget it was
meant for. It never drops a key: every held event is either part of a scan or replayed.

Usage (the desk window):
    wedge = WedgeFilter(WedgeSettings(), parent=window)
    wedge.install()                      # on the QApplication
    wedge.scanned.connect(window.on_wedge_scan)
    WedgeFilter.prepare_scan_field(patron_edit)   # input methods off (Zhuyin eats scanner keys)

Password fields and widgets with the dynamic property `libdeskWedge` set to False are
left alone, so a fast typist's password never becomes a "scan".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from shiboken6 import isValid

from drivers import aim
from drivers.base import BarcodeRead
from drivers.keyboard_wedge import Current, Decision, WedgeDetector, WedgeSettings

SCAN_FIELD_PROPERTY = "libdeskScanField"
OPT_OUT_PROPERTY = "libdeskWedge"

_TERMINATORS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)
# A scanner "types" capitals with Shift like a person: these keys alone neither end nor break a burst.
_MODIFIER_KEYS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
    Qt.Key.Key_CapsLock,
    Qt.Key.Key_NumLock,
)
_KEY_TYPES = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride)


@dataclass
class _Held:
    """One held key press, the releases that arrived while it was held, and where they were going."""

    target: QWidget
    events: list[QKeyEvent] = field(default_factory=list)


def _copy(event: QKeyEvent) -> QKeyEvent:
    """A Python-owned copy: Qt deletes the original once delivery returns."""
    copy = QKeyEvent(
        event.type(),
        event.key(),
        event.modifiers(),
        event.nativeScanCode(),
        event.nativeVirtualKey(),
        event.nativeModifiers(),
        event.text(),
        event.isAutoRepeat(),
        event.count(),
    )
    copy.setTimestamp(event.timestamp())
    return copy


class WedgeFilter(QObject):
    """Install once on the application; `scanned(text)` fires for each scanner burst, in order.

    A leading AIM identifier (a scanner set to send "]C0...") is taken off the text;
    `barcodeRead` carries the same scan as a `drivers.base.BarcodeRead` with its
    symbology and source "wedge", like the serial scanner's events.
    """

    scanned = Signal(str)
    barcodeRead = Signal(object)  # drivers.base.BarcodeRead

    def __init__(self, settings: WedgeSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._detector: WedgeDetector[_Held] = WedgeDetector(settings)
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self._detector.settings.hold_timeout_ms)
        self._timer.timeout.connect(self._on_hold_timeout)

    @property
    def settings(self) -> WedgeSettings:
        return self._detector.settings

    def set_settings(self, settings: WedgeSettings) -> None:
        """New thresholds (the technician saved the device panel); keys held so far go back to their widget first."""
        self._timer.stop()
        self._give_back(self._detector.flush())
        self._detector = WedgeDetector(settings)
        self._timer.setInterval(settings.hold_timeout_ms)

    def install(self, app: QCoreApplication | None = None) -> None:
        """Filter every key of the application (the running one unless `app` is given)."""
        _app(app).installEventFilter(self)

    def uninstall(self, app: QCoreApplication | None = None) -> None:
        """Remove the filter, giving back anything still held first."""
        self._timer.stop()
        self._give_back(self._detector.flush())
        _app(app).removeEventFilter(self)

    @staticmethod
    def prepare_scan_field(widget: QWidget) -> None:
        """Make `widget` a scan field: no input method (an active Zhuyin IME swallows scanner keys)."""
        widget.setProperty(SCAN_FIELD_PROPERTY, True)
        widget.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        widget.setInputMethodHints(
            Qt.InputMethodHint.ImhLatinOnly
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhNoAutoUppercase
        )

    # ---- the filter ----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if self._replaying:
            return False
        kind = event.type()
        if kind == QEvent.Type.FocusIn and isinstance(watched, QWidget) and watched.property(SCAN_FIELD_PROPERTY):
            # QLineEdit turns input methods back on when its echo mode or read-only state changes.
            watched.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
            return False
        if kind == QEvent.Type.MouseButtonPress and self._detector.holding:
            self._give_back(self._detector.flush())  # before the click moves focus
            return False
        # Key events reach the window first, then the focus widget: handle them once, at the widget.
        if kind not in _KEY_TYPES or not isinstance(watched, QWidget) or not isinstance(event, QKeyEvent):
            return False
        if not self._applies_to(watched):
            if kind == QEvent.Type.KeyPress and self._detector.holding:
                self._give_back(self._detector.flush())
            return False
        if kind == QEvent.Type.ShortcutOverride:
            return self._shortcut_override(event)
        if kind == QEvent.Type.KeyRelease or event.key() in _MODIFIER_KEYS:
            return self._ride_along(event)
        return self._key_press(watched, event)

    def _applies_to(self, widget: QWidget) -> bool:
        if widget.property(OPT_OUT_PROPERTY) is False:
            return False
        return not (isinstance(widget, QLineEdit) and widget.echoMode() != QLineEdit.EchoMode.Normal)

    def _shortcut_override(self, event: QKeyEvent) -> bool:
        # A printable key bound as a shortcut would fire mid-scan and lose that key; and
        # Enter ending a held burst must reach us as a key press, not trigger a default action.
        if _is_scan_char(event) or (event.key() in _TERMINATORS and self._detector.holding):
            event.accept()
            return True
        return False

    def _ride_along(self, event: QKeyEvent) -> bool:
        """A release or a lone modifier key: while keys are held it waits with the newest, so a replay keeps order."""
        if not self._detector.holding:
            return False
        self._last_held().events.append(_copy(event))
        return True

    def _key_press(self, widget: QWidget, event: QKeyEvent) -> bool:
        decision: Decision[_Held]
        if event.key() in _TERMINATORS and not event.modifiers() & _COMMAND_MODIFIERS:
            decision = self._detector.terminator(event.timestamp())
        elif _is_scan_char(event):
            decision = self._detector.key(event.text(), event.timestamp(), _Held(widget, [_copy(event)]))
        else:
            decision = self._detector.interrupt()
        self._give_back(decision.give_back)
        if decision.current is Current.HOLD:
            self._timer.start()
            return True
        self._timer.stop()
        if decision.current is Current.CONSUME:
            if decision.scan is not None:
                read = aim.parse(decision.scan)
                self.scanned.emit(read.text)
                self.barcodeRead.emit(BarcodeRead(read.text, read.symbology, "wedge"))
            return True
        return False

    def _on_hold_timeout(self) -> None:
        self._give_back(self._detector.flush())

    def _last_held(self) -> _Held:
        # The detector owns the queue; its payloads are ours. The newest is the one to extend.
        held = self._detector.peek_last()
        assert held is not None
        return held

    def _give_back(self, held: tuple[_Held, ...]) -> None:
        """Replay held keys, in order, to the widget each was meant for (or the focus widget if it is gone)."""
        for item in held:
            target = item.target if isValid(item.target) else QApplication.focusWidget()
            if target is None:
                continue  # no widget left to type into
            for event in item.events:
                self._replaying = True
                try:
                    QCoreApplication.sendEvent(target, event)
                finally:
                    self._replaying = False


def _app(app: QCoreApplication | None) -> QCoreApplication:
    found = app or QCoreApplication.instance()
    if found is None:
        raise RuntimeError("create the QApplication before the wedge filter")
    return found


def _is_scan_char(event: QKeyEvent) -> bool:
    """A key a scanner could send as part of a barcode: printable text, no command modifier, not a repeat."""
    text = event.text()
    return (
        bool(text)
        and text.isprintable()
        and not event.isAutoRepeat()
        and not event.modifiers() & _COMMAND_MODIFIERS
    )
