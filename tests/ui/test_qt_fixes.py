"""PySide6 6.12.0 on CPython 3.11 drops a reference to True at every Python-side emit;
after a few thousand scans the desk would abort ("bool_dealloc"). qt_fixes puts it right."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from desk_app.ui import qt_fixes


class Emitter(QObject):
    status = Signal(str, bool, str)


def test_thousands_of_emits_and_disconnects_leave_true_intact(qtbot) -> None:
    qt_fixes.install()
    emitter = Emitter()
    received: list[bool] = []
    emitter.status.connect(lambda _d, ok, _m: received.append(ok))
    before = sys.getrefcount(True)
    for _ in range(5000):
        emitter.status.emit("scanner", True, "")

    def nothing(*_args: object) -> None:
        pass

    for _ in range(500):
        emitter.status.connect(nothing)
        emitter.status.disconnect(nothing)
    received.clear()
    assert sys.getrefcount(True) >= before
