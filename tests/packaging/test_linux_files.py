"""The Linux package's own files: udev rules that udev can parse, a menu entry in Traditional Chinese."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.packaging.tree import REPO

pytestmark = pytest.mark.packaging

LINUX = REPO / "installer" / "linux"
# One udev rule element: KEY, KEY{attr}, then an operator and a quoted value.
ELEMENT = re.compile(r'^(?P<key>[A-Z_]+)(\{(?P<attr>[^}]+)\})?(?P<op>==|!=|\+=|-=|:=|=)"(?P<value>[^"]*)"$')
MATCH_KEYS = {"ACTION", "SUBSYSTEM", "ATTR", "ATTRS", "ENV", "TEST", "KERNEL", "DRIVERS", "TAG"}
ASSIGN_KEYS = {"ENV", "ATTR", "GROUP", "MODE", "TAG", "SYMLINK", "GOTO", "LABEL", "RUN"}


def test_every_udev_rule_is_well_formed_and_every_goto_has_its_label() -> None:
    labels, gotos = set(), set()
    for number, raw in enumerate((LINUX / "60-libdesk.rules").read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        for element in line.split(", "):
            match = ELEMENT.match(element.strip())
            assert match, f"line {number}: {element!r} is not KEY[{{attr}}]OP\"value\""
            key, op, value = match["key"], match["op"], match["value"]
            assert key in (MATCH_KEYS if op in ("==", "!=") else ASSIGN_KEYS), f"line {number}: {key}{op}"
            if key == "LABEL":
                labels.add(value)
            elif key == "GOTO":
                gotos.add(value)
    assert gotos <= labels


def test_scanners_get_the_seat_users_access_and_readers_stay_awake() -> None:
    rules = (LINUX / "60-libdesk.rules").read_text(encoding="utf-8")
    assert 'TAG+="uaccess"' in rules and 'GROUP="dialout"' in rules
    assert 'ATTR{power/control}="on"' in rules
    assert '"072f"' in rules and "2200" in rules and "223b" in rules  # ACR122U, ACR1252U


def test_the_menu_entry_validates_and_names_the_desk_in_traditional_chinese() -> None:
    validate = shutil.which("desktop-file-validate")
    if validate is None:
        pytest.fail("desktop-file-validate is missing: apt-get install desktop-file-utils", pytrace=False)
    desktop = LINUX / "libdesk.desktop"
    result = subprocess.run([validate, str(desktop)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Name[zh_TW]=圖書館流通櫃台" in desktop.read_text(encoding="utf-8")
