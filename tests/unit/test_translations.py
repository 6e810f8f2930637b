"""The desk speaks Traditional Chinese: every string translated, placeholders kept, builds reproducible."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox

from desk_app.commands.translations import SOURCE_PACKAGES, source_root
from desk_app.core.messages import DeskError, Message
from desk_app.ui import i18n

TS = i18n.translations_dir() / "libdesk_zh_TW.ts"
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}")
HAN = re.compile(r"[\u4e00-\u9fff]")
# Product and standard names that stay in Latin letters in Taiwan too.
KEPT_AS_IS = {"MIFARE Classic 1K", "MIFARE Classic 4K", "MIFARE Ultralight", "MIFARE Ultralight C", "FeliCa"}


def live_messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, <translation>) of every message the code still has."""
    rows = []
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            translation = msg.find("translation")
            assert translation is not None
            if translation.get("type") in ("vanished", "obsolete"):
                continue
            rows.append((name, msg.findtext("source") or "", translation))
    return rows


def text_of(translation: ET.Element) -> str:
    forms = translation.findall("numerusform")
    return "".join(f.text or "" for f in forms) if forms else translation.text or ""


@pytest.fixture
def zh_app(qapp):
    i18n.install_translators(qapp, "zh_TW")
    yield qapp
    i18n.remove_translators(qapp)


def test_every_source_string_has_a_finished_zh_tw_translation() -> None:
    messages = live_messages(TS)
    assert messages, "the .ts file has no messages"
    missing = [(c, s) for c, s, t in messages if t.get("type") == "unfinished" or not text_of(t).strip()]
    assert missing == []


def test_translations_keep_every_placeholder_and_add_none() -> None:
    broken = []
    for context, source, translation in live_messages(TS):
        wanted = sorted(PLACEHOLDER.findall(source))
        got = sorted(PLACEHOLDER.findall(text_of(translation)))
        if wanted != got:
            broken.append((context, source, wanted, got))
    assert broken == []


def test_translations_are_chinese_not_copied_english() -> None:
    """A translation with no Han character at all is almost always an English copy left behind."""
    copied = [(c, s) for c, s, t in live_messages(TS)
              if s not in KEPT_AS_IS and HAN.search(s) is None and HAN.search(text_of(t)) is None
              and re.search(r"[a-z]{3,}", PLACEHOLDER.sub("", s))]
    assert copied == []


def test_ts_file_holds_every_string_in_the_code(tmp_path: Path) -> None:
    """lupdate over the code finds nothing the committed .ts lacks (run `main.py translations update`)."""
    scratch = tmp_path / "scan.ts"
    shutil.copy(TS, scratch)
    root = source_root()
    subprocess.run([str(i18n.qt_tool("lupdate")), "-silent", "-extensions", "py", "-locations", "none",
                    "-no-obsolete", *[str(root / p) for p in SOURCE_PACKAGES], "-ts", str(scratch)],
                   cwd=root, check=True)
    in_code = {(c, s) for c, s, _ in live_messages(scratch)}
    in_ts = {(c, s) for c, s, _ in live_messages(TS)}
    assert sorted(in_code - in_ts) == []


def test_every_context_is_one_qt_looks_up_at_run_time() -> None:
    """`self.tr` looks up the class name; `other.tr(...)` outside a class is filed by lupdate under
    the variable's name and is never found at run time, so such strings would stay English."""
    root = source_root()
    classes = set()
    for package in SOURCE_PACKAGES:
        for path in (root / package).rglob("*.py"):
            code = path.read_text(encoding="utf-8")
            classes.update(re.findall(r"^\s*class\s+(\w+)", code, re.MULTILINE))
            classes.update(re.findall(r"translate\(\s*[\"'](\w+)[\"']", code))  # explicit contexts
    contexts = {c for c, _, _ in live_messages(TS)}
    assert sorted(contexts - classes - {"core", "drivers"}) == []


def test_no_string_hides_from_lupdate_behind_a_wrapper() -> None:
    """lupdate extracts only tr(), translate() and QT_TRANSLATE_NOOP(); `_tr("text")` stays English forever."""
    root = source_root()
    hidden = []
    for package in SOURCE_PACKAGES:
        for path in (root / package).rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"\b_tr\(\s*[\"']|\b_translate\(\s*[\"'][^\"']*[\"']\s*,\s*[\"']", line):
                    hidden.append(f"{path.relative_to(root)}:{number}")
    assert hidden == []


def test_qm_build_is_byte_identical_run_to_run(tmp_path: Path) -> None:
    first, second = tmp_path / "a.qm", tmp_path / "b.qm"
    i18n.build_qm(TS, first)
    i18n.build_qm(TS, second)
    assert first.stat().st_size > 0
    assert first.read_bytes() == second.read_bytes()


def test_missing_or_stale_qm_is_built_on_demand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "translations").mkdir()
    ts = tmp_path / "translations" / TS.name
    shutil.copy(TS, ts)
    monkeypatch.setenv("LIBDESK_RESOURCES", str(tmp_path))
    qm = i18n.ensure_qm("zh_TW")
    assert qm == tmp_path / "translations" / "libdesk_zh_TW.qm" and qm.exists()
    built = qm.read_bytes()
    assert not i18n.is_stale(ts, qm)
    past = qm.stat().st_mtime - 100
    os.utime(ts, (past, past))
    os.utime(qm, (past - 100, past - 100))  # installers reset file times: a time alone means nothing
    assert not i18n.is_stale(ts, qm)
    ts.write_text(ts.read_text(encoding="utf-8") + "<!-- after git pull -->\n", encoding="utf-8")
    assert i18n.is_stale(ts, qm)  # the .ts changed: the .qm was built from another one
    assert i18n.ensure_qm("zh_TW") == qm
    assert not i18n.is_stale(ts, qm) and qm.read_bytes() == built


def test_a_read_only_install_without_a_current_qm_builds_into_the_user_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = tmp_path / "pkg" / "translations"
    shipped.mkdir(parents=True)
    shutil.copy(TS, shipped / TS.name)
    monkeypatch.setenv("LIBDESK_RESOURCES", str(tmp_path / "pkg"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # An install folder the desk user cannot write (CI runs as root, for whom file modes do not hold).
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != shipped and real_access(path, mode))
    qm = i18n.ensure_qm("zh_TW")
    assert qm is not None and qm.is_relative_to(tmp_path / "cache") and qm.stat().st_size > 0
    assert not list(shipped.glob("*.qm"))


def test_translations_build_command_writes_the_qm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desk_app.cli import main

    (tmp_path / "translations").mkdir()
    shutil.copy(TS, tmp_path / "translations" / TS.name)
    monkeypatch.setenv("LIBDESK_RESOURCES", str(tmp_path))
    assert main(["translations", "build"]) == 0
    assert (tmp_path / "translations" / "libdesk_zh_TW.qm").stat().st_size > 0


def test_zh_tw_is_installed_for_libdesk_and_qt_own_strings(zh_app) -> None:
    source = "The ID is empty."
    assert QCoreApplication.translate("core", source) == "身分證號是空的。"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert sorted(b.text() for b in buttons.buttons()) == sorted(["確定", "取消"])
    assert "Noto Sans CJK TC" in zh_app.font().families()


def test_tr_core_translates_then_formats(zh_app) -> None:
    message = Message("An ID has 10 characters; this one has {count}.", count=9)
    assert i18n.tr_core(message) == "身分證號為 10 碼；此號碼有 9 碼。"
    assert i18n.tr_core(DeskError("An ID has 10 characters; this one has {count}.", count=11)).endswith("11 碼。")


def test_english_shows_the_source_texts(qapp) -> None:
    i18n.install_translators(qapp, "en")
    try:
        message = Message("An ID has 10 characters; this one has {count}.", count=9)
        assert i18n.tr_core(message) == "An ID has 10 characters; this one has 9."
    finally:
        i18n.remove_translators(qapp)


def test_unknown_message_falls_back_to_english(zh_app) -> None:
    assert i18n.tr_core(Message("No such text {x}.", x=1)) == "No such text 1."


def test_driver_messages_translate_in_their_own_context(zh_app) -> None:
    text = "Scanner connected on {port}."
    assert i18n.tr_text("drivers", text, port="/dev/ttyUSB0") == "掃描器已連接於 /dev/ttyUSB0。"
