"""Opening the desk: a bad database gets a message box, a fresh one gets demo data and the sign-in dialog."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from sqlalchemy import func, select

from desk_app.store.db import open_database
from desk_app.store.models import Patron
from desk_app.ui.app import EXIT_DB_ERROR, run_desk


class ModalAnswerer:
    """Answers each modal window the desk opens (run_desk blocks in exec), recording what it said."""

    def __init__(self, answer: Callable[[QWidget], object]) -> None:
        self.seen: list[QWidget] = []
        self.texts: list[str] = []
        self._answer = answer
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def _poll(self) -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or modal in self.seen:
            return
        self.seen.append(modal)
        self.texts.append(modal.text() if isinstance(modal, QMessageBox) else modal.objectName())
        self._answer(modal)

    def stop(self) -> None:
        self._timer.stop()


def args_for(url: str) -> argparse.Namespace:
    return argparse.Namespace(db=url, lang="en", training=False, command=None)


@pytest.fixture
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The desk's settings and data go to a temp dir, not the tester's home."""
    monkeypatch.setenv("LIBDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("LIBDESK_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def test_a_file_that_is_not_a_database_gets_a_message_box_not_a_traceback(qtbot, user_dirs: Path) -> None:
    bad = user_dirs / "not-a-db.sqlite"
    bad.write_bytes(b"this is a spreadsheet, not a database" * 100)
    answerer = ModalAnswerer(lambda w: w.close())
    try:
        code = run_desk(args_for(f"sqlite:///{bad}"))
    finally:
        answerer.stop()
    assert code == EXIT_DB_ERROR
    assert len(answerer.texts) == 1
    assert "LibDesk" in answerer.texts[0] and str(bad) in answerer.texts[0]


def test_a_fresh_database_gets_demo_data_then_the_sign_in_dialog(qtbot, user_dirs: Path) -> None:
    url = f"sqlite:///{user_dirs / 'fresh.db'}"

    def answer(modal: QWidget) -> None:
        if isinstance(modal, QMessageBox):
            modal.accept()  # the one-time demo notice
        elif modal.objectName() == "setupDialog":
            modal.training.setChecked(True)  # a training desk: the demo library, nothing else to fill in
            modal.save_button.click()
        elif isinstance(modal, QDialog):
            modal.reject()  # the sign-in dialog: the librarian walks away

    answerer = ModalAnswerer(answer)
    try:
        code = run_desk(args_for(url))
    finally:
        answerer.stop()
    assert code == 0
    assert "signInDialog" in answerer.texts
    engine, sessions = open_database(url)
    try:
        with sessions() as s:
            assert (s.scalar(select(func.count()).select_from(Patron)) or 0) > 0
    finally:
        engine.dispose()


def test_a_technicians_first_start_sets_the_desk_up_then_signs_in(qtbot, user_dirs: Path) -> None:
    url = f"sqlite:///{user_dirs / 'fresh.db'}"

    def answer(modal: QWidget) -> None:
        if modal.objectName() == "setupDialog":
            modal.library_code.setText("TPML")
            modal.branch_code.setEditText("MAIN")
            modal.desk_name.setText("總館一樓櫃台 1")
            modal.save_button.click()
        elif isinstance(modal, QMessageBox):
            modal.accept()
        elif isinstance(modal, QDialog):
            modal.reject()

    answerer = ModalAnswerer(answer)
    try:
        assert run_desk(args_for(url)) == 0
        assert answerer.texts[0] == "setupDialog" and "signInDialog" in answerer.texts
        seen = len(answerer.texts)
        assert run_desk(args_for(url)) == 0  # the next start goes straight to sign-in
        assert answerer.texts[seen:] == ["signInDialog"]
    finally:
        answerer.stop()
    settings = json.loads((user_dirs / "config" / "settings.json").read_text(encoding="utf-8"))
    assert settings["setup"]["done"] is True and settings["desk"]["desk_name"] == "總館一樓櫃台 1"


def test_closing_the_setup_dialog_leaves_the_desk_unopened_and_unchanged(qtbot, user_dirs: Path) -> None:
    answerer = ModalAnswerer(lambda modal: modal.reject())
    try:
        assert run_desk(args_for(f"sqlite:///{user_dirs / 'fresh.db'}")) == 0
    finally:
        answerer.stop()
    assert answerer.texts == ["setupDialog"]
    assert not (user_dirs / "config" / "settings.json").exists()
